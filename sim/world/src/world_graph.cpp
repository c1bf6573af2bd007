#include "frontline/world/world_graph.hpp"

#include <boost/graph/connected_components.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <cmath>
#include <limits>

#include "frontline/core/error.hpp"
#include "frontline/scenario/spec.hpp"

namespace frontline {

double great_circle_km(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kEarthRadiusKm = 6371.0;
  constexpr double kRadians = 3.14159265358979323846 / 180.0;
  const double dlat = (lat2 - lat1) * kRadians;
  const double dlon = (lon2 - lon1) * kRadians;
  const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1 * kRadians) * std::cos(lat2 * kRadians) * std::sin(dlon / 2) *
                       std::sin(dlon / 2);
  return 2.0 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(a)));
}

namespace {

// Keeps the edges whose kind is in the mask.
struct EdgeKindFilter {
  const WorldGraphType* graph = nullptr;
  EdgeKindMask kinds = 0;
  bool operator()(const WorldGraphType::edge_descriptor& e) const {
    return (edge_bit((*graph)[e].kind) & kinds) != 0;
  }
};

std::string edge_name(const EdgeSpec& edge, std::size_t i) {
  return edge.id.empty() ? "edge " + std::to_string(i + 1) + " (" + edge.from + "-" + edge.to + ")"
                         : "edge '" + edge.id + "'";
}

}  // namespace

WorldGraph::WorldGraph(const MapSpec& map) : graph_(map.nodes.size()) {
  DiagnosticList problems;
  const Location where{map.name, 0, 0};
  for (std::size_t i = 0; i < map.nodes.size(); ++i) {
    const NodeSpec& spec = map.nodes[i];
    const auto [it, fresh] = index_by_id_.emplace(spec.id, static_cast<NodeIndex>(i));
    if (!fresh) problems.add(where, "duplicate node id '" + spec.id + "'", "unique node ids");
    NodeProperties& node = graph_[i];
    node.id = spec.id;
    node.name = spec.name.empty() ? spec.id : spec.name;
    node.kind = spec.kind;
    node.lat = spec.lat;
    node.lon = spec.lon;
    node.population = spec.population;
    node.oil_capacity_bpd = spec.oil_capacity_bpd;
    node.urban = spec.urban;
    node.fortification = spec.fortification;
    node.obstacles = spec.obstacles;
    node.stocks_days = spec.stocks_days;
    node.offshore = spec.offshore;
  }
  for (std::size_t i = 0; i < map.edges.size(); ++i) {
    const EdgeSpec& spec = map.edges[i];
    const NodeIndex a = find(spec.from);
    const NodeIndex b = find(spec.to);
    if (a == kNoNode)
      problems.add(where, edge_name(spec, i) + " starts at unknown node '" + spec.from + "'",
                   "a node id");
    if (b == kNoNode)
      problems.add(where, edge_name(spec, i) + " ends at unknown node '" + spec.to + "'",
                   "a node id");
    if (a != kNoNode && a == b)
      problems.add(where, edge_name(spec, i) + " joins '" + spec.from + "' to itself",
                   "two different nodes");
    if (!(spec.km > 0.0) || !std::isfinite(spec.km))
      problems.add(where, edge_name(spec, i) + " has length " + std::to_string(spec.km) + " km",
                   "a positive length");
    if (!(spec.speed > 0.0))
      problems.add(where, edge_name(spec, i) + " has speed factor " + std::to_string(spec.speed),
                   "a positive speed factor");
  }
  problems.throw_if_any();

  edges_.reserve(map.edges.size());
  ends_.reserve(map.edges.size());
  for (std::size_t i = 0; i < map.edges.size(); ++i) {
    const EdgeSpec& spec = map.edges[i];
    const EdgeProperties props{static_cast<EdgeIndex>(i), spec.kind, spec.km, spec.speed};
    const NodeIndex a = find(spec.from);
    const NodeIndex b = find(spec.to);
    boost::add_edge(static_cast<std::size_t>(a), static_cast<std::size_t>(b), props, graph_);
    edges_.push_back(props);
    ends_.push_back({a, b});
    if ((edge_bit(spec.kind) & kLandEdges) != 0) {
      ++graph_[static_cast<std::size_t>(a)].road_degree;
      ++graph_[static_cast<std::size_t>(b)].road_degree;
    }
  }

  const std::size_t n = node_count();
  adjacency_.offset.assign(n + 1, 0);
  for (const auto& e : ends_) {
    ++adjacency_.offset[static_cast<std::size_t>(e.a) + 1];
    ++adjacency_.offset[static_cast<std::size_t>(e.b) + 1];
  }
  for (std::size_t i = 0; i < n; ++i) adjacency_.offset[i + 1] += adjacency_.offset[i];
  adjacency_.arcs.resize(2 * ends_.size());
  std::vector<std::int32_t> fill(adjacency_.offset.begin(), adjacency_.offset.end() - 1);
  for (std::size_t i = 0; i < ends_.size(); ++i) {
    const auto& e = ends_[i];
    const auto index = static_cast<EdgeIndex>(i);
    adjacency_.arcs[static_cast<std::size_t>(fill[static_cast<std::size_t>(e.a)]++)] = {
        e.b, index, edges_[i].kind};
    adjacency_.arcs[static_cast<std::size_t>(fill[static_cast<std::size_t>(e.b)]++)] = {
        e.a, index, edges_[i].kind};
  }
  find_outlets();
}

void WorldGraph::find_outlets() {
  const std::size_t n = node_count();
  outlet_.assign(n, kNoNode);
  oil_fields_.clear();
  std::vector<NodeIndex> frontier;
  std::vector<std::uint8_t> seen(n, 0);
  for (std::size_t field = 0; field < n; ++field) {
    if (graph_[field].kind != NodeKind::oil_field) continue;
    oil_fields_.push_back(static_cast<NodeIndex>(field));
    // Breadth-first along pipelines, through other fields, to the first outlet.
    std::fill(seen.begin(), seen.end(), 0);
    frontier.assign(1, static_cast<NodeIndex>(field));
    seen[field] = 1;
    NodeIndex found = static_cast<NodeIndex>(field);
    for (std::size_t head = 0; head < frontier.size() && found == static_cast<NodeIndex>(field);
         ++head) {
      for (const auto& arc : adjacency_.of(frontier[head])) {
        if (arc.kind != EdgeKind::pipeline || seen[static_cast<std::size_t>(arc.to)]) continue;
        seen[static_cast<std::size_t>(arc.to)] = 1;
        if (graph_[static_cast<std::size_t>(arc.to)].kind != NodeKind::oil_field) {
          found = arc.to;
          break;
        }
        frontier.push_back(arc.to);
      }
    }
    outlet_[field] = found;
  }
}

NodeIndex WorldGraph::find(std::string_view id) const {
  const auto it = index_by_id_.find(std::string(id));
  return it == index_by_id_.end() ? kNoNode : it->second;
}

NodeIndex WorldGraph::index_of(std::string_view id) const {
  const NodeIndex n = find(id);
  if (n != kNoNode) return n;
  std::vector<std::string> ids;
  ids.reserve(index_by_id_.size());
  for (const auto& [key, value] : index_by_id_) ids.push_back(key);
  const std::string near = closest_match(std::string(id), ids);
  throw InputError(Location{"map", 0, 0}, "unknown node '" + std::string(id) + "'",
                   near.empty() ? "a node id of the map" : "did you mean '" + near + "'?");
}

std::optional<double> WorldGraph::shortest_km(NodeIndex from, NodeIndex to,
                                              EdgeKindMask kinds) const {
  const boost::filtered_graph<WorldGraphType, EdgeKindFilter> view(graph_,
                                                                   EdgeKindFilter{&graph_, kinds});
  std::vector<double> distance(node_count(), std::numeric_limits<double>::infinity());
  boost::dijkstra_shortest_paths(view, static_cast<std::size_t>(from),
                                 boost::weight_map(boost::get(&EdgeProperties::km, graph_))
                                     .distance_map(boost::make_iterator_property_map(
                                         distance.begin(), boost::get(boost::vertex_index, graph_)))
                                     .distance_inf(std::numeric_limits<double>::infinity()));
  const double km = distance[static_cast<std::size_t>(to)];
  if (!std::isfinite(km)) return std::nullopt;
  return km;
}

std::vector<int> WorldGraph::components(EdgeKindMask kinds, int* count) const {
  const boost::filtered_graph<WorldGraphType, EdgeKindFilter> view(graph_,
                                                                   EdgeKindFilter{&graph_, kinds});
  std::vector<int> component(node_count(), 0);
  const int total = boost::connected_components(
      view, boost::make_iterator_property_map(component.begin(),
                                              boost::get(boost::vertex_index, graph_)));
  if (count != nullptr) *count = total;
  return component;
}

}  // namespace frontline
