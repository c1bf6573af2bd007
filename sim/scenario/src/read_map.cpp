// The map: nodes, edges and the checks on the network as a whole.
#include <algorithm>
#include <set>

#include "frontline/scenario/limits.hpp"
#include "loader_internal.hpp"
#include "names.hpp"

namespace frontline::detail {

namespace {

constexpr double kMaxCount = InputLimits::max_count;

void read_node(LoadContext& context, const YamlEntry& entry) {
  MappingReader reader(entry.value, context.diagnostics, "node '" + entry.key + "'");
  NodeSpec node;
  node.id = entry.key;
  node.name = reader.required_string("name").value_or("");
  const auto kind = reader.required_choice("kind", names_of<NodeKind>());
  node.lat = reader.required_number("lat", -90.0, 90.0).value_or(0.0);
  node.lon = reader.required_number("lon", -180.0, 180.0).value_or(0.0);
  node.population = reader.number_or("population", 0.0, 0.0, kMaxCount);
  node.oil_capacity_bpd = reader.number_or("oil_capacity_bpd", 0.0, 0.0, kMaxCount);
  node.urban = reader.number_or("urban", 1.0, 1.0, 10.0);
  node.fortification = reader.number_or("fortification", 1.0, 1.0, 10.0);
  node.obstacles = reader.number_or("obstacles", 0.0, 0.0, 1.0);
  node.stocks_days = reader.number_or("stocks_days", 30.0, 0.0, 3650.0);
  node.offshore = reader.optional_bool("offshore").value_or(false);
  node.note = reader.optional_string("note").value_or("");
  read_citation(context, reader, "node '" + entry.key + "'", false);
  reader.finish();
  if (kind) node.kind = *value_named<NodeKind>(*kind);
  if (node.offshore && kind && node.kind != NodeKind::oil_field)
    context.diagnostics.add(reader.where("offshore"),
                            "node '" + entry.key + "' is offshore but a " + to_string(node.kind),
                            "offshore: true only on an oil_field");
  context.node_kinds[node.id] = node.kind;
  context.spec.map.nodes.push_back(std::move(node));
}

bool read_nodes(LoadContext& context, const YamlNode& nodes) {
  if (nodes.entries.empty()) {
    context.diagnostics.add(nodes.where, "the map has no nodes", "at least one node");
    return false;
  }
  for (const auto& entry : nodes.entries) {
    if (context.invented(entry, "node", nodes) || !context.valid_id(entry, "node", false)) continue;
    context.node_ids.push_back(entry.key);
    read_node(context, entry);
  }
  return true;
}

struct EdgeEnds {
  const YamlNode* from = nullptr;
  const YamlNode* to = nullptr;
};

// Self-loops and sea lanes that do not join ports.
void check_edge_ends(LoadContext& context, const EdgeSpec& edge, const EdgeEnds& ends) {
  if (edge.from == edge.to)
    context.diagnostics.add(ends.to->where,
                            "edge '" + edge.id + "' joins node '" + edge.from + "' to itself",
                            "an edge between two different nodes");
  if (edge.kind != EdgeKind::sea) return;
  for (const YamlNode* end : {ends.from, ends.to}) {
    const NodeKind kind = context.node_kinds.at(end->text);
    if (kind != NodeKind::port && kind != NodeKind::oil_terminal)
      context.diagnostics.add(
          end->where,
          "sea edge '" + edge.id + "' ends at '" + end->text + "', " + "a " + to_string(kind),
          "sea lanes between ports or oil terminals");
  }
}

bool read_edge(LoadContext& context, const YamlEntry& entry, EdgeSpec& edge) {
  MappingReader reader(entry.value, context.diagnostics, "edge '" + entry.key + "'");
  edge.id = entry.key;
  const auto from = reader.required_string("from");
  const auto to = reader.required_string("to");
  const auto kind = reader.required_choice("kind", names_of<EdgeKind>());
  const auto km = reader.required_number("km", 0.0, 20000.0);
  edge.speed = reader.number_or("speed", 1.0, 0.0, 10.0);
  edge.source = reader.optional_string("source").value_or("");
  reader.allow({"note"});
  read_citation(context, reader, "edge '" + entry.key + "'", false);
  reader.finish();
  if (km && *km <= 0.0)
    context.diagnostics.add(reader.where("km"),
                            "edge '" + entry.key + "' has km " + format_number(*km),
                            "a length in km greater than 0");
  if (reader.has("speed") && edge.speed <= 0.0)
    context.diagnostics.add(reader.where("speed"), "edge '" + entry.key + "' has speed 0",
                            "a speed multiplier greater than 0");
  if (!from || !to || !kind || !km) return false;
  edge.from = *from;
  edge.to = *to;
  edge.kind = *value_named<EdgeKind>(*kind);
  edge.km = *km;
  const EdgeEnds ends{reader.node().find("from"), reader.node().find("to")};
  const bool from_ok = context.known_node(*ends.from, edge.from);
  const bool to_ok = context.known_node(*ends.to, edge.to);
  if (!from_ok || !to_ok) return false;
  check_edge_ends(context, edge, ends);
  return true;
}

void check_duplicate_edges(LoadContext& context, const YamlNode& edges) {
  std::map<std::tuple<std::string, std::string, EdgeKind>, std::string> seen;
  for (const auto& edge : context.spec.map.edges) {
    const auto key =
        std::make_tuple(std::min(edge.from, edge.to), std::max(edge.from, edge.to), edge.kind);
    const auto [it, inserted] = seen.emplace(key, edge.id);
    if (!inserted)
      context.diagnostics.add(edges.find_entry(edge.id)->key_where,
                              "edge '" + edge.id + "' duplicates edge '" + it->second + "'",
                              "one edge per pair of nodes and kind");
  }
}

// Every node but an oil field reached only by pipeline is on one road network.
void check_connected(LoadContext& context, const YamlNode& nodes) {
  const auto& map = context.spec.map;
  std::map<std::string, std::vector<std::string>> roads;
  for (const auto& edge : map.edges) {
    if (edge.kind != EdgeKind::road && edge.kind != EdgeKind::track) continue;
    roads[edge.from].push_back(edge.to);
    roads[edge.to].push_back(edge.from);
  }
  std::vector<std::string> members;
  for (const auto& node : map.nodes)
    if (node.kind != NodeKind::oil_field || roads.count(node.id)) members.push_back(node.id);
  if (members.empty()) return;
  std::set<std::string> reached{members.front()};
  std::vector<std::string> frontier{members.front()};
  while (!frontier.empty()) {
    const std::string id = frontier.back();
    frontier.pop_back();
    for (const auto& next : roads[id])
      if (reached.insert(next).second) frontier.push_back(next);
  }
  std::vector<std::string> cut_off;
  for (const auto& id : members)
    if (!reached.count(id)) cut_off.push_back(id);
  if (cut_off.empty()) return;
  std::string list;
  for (std::size_t i = 0; i < cut_off.size() && i < 10; ++i)
    list += (i ? ", '" : "'") + cut_off[i] + "'";
  if (cut_off.size() > 10) list += ", ... (" + std::to_string(cut_off.size()) + " in all)";
  context.diagnostics.add(nodes.find_entry(cut_off.front())->key_where,
                          "the road network is not connected: " + list +
                              " cannot be reached from '" + members.front() + "' by road or track",
                          "one connected network of roads and tracks (oil fields may hang on "
                          "pipelines alone)");
}

bool read_edges(LoadContext& context, const YamlNode& edges) {
  bool ok = true;
  for (const auto& entry : edges.entries) {
    if (context.invented(entry, "edge", edges) || !context.valid_id(entry, "edge", true)) {
      ok = false;
      continue;
    }
    EdgeSpec edge;
    if (read_edge(context, entry, edge))
      context.spec.map.edges.push_back(std::move(edge));
    else
      ok = false;
  }
  return ok;
}

}  // namespace

void read_map(LoadContext& context, const YamlNode* map) {
  if (map == nullptr) return;
  MappingReader reader(*map, context.diagnostics, "map");
  context.spec.map.name = reader.required_string("name").value_or("");
  reader.required_string("description");
  const YamlNode* nodes = reader.required_mapping("nodes");
  const YamlNode* edges = reader.optional_mapping("edges");
  reader.finish();
  if (nodes == nullptr) return;
  const std::size_t before = context.diagnostics.size();
  if (!read_nodes(context, *nodes)) return;
  context.map_ok = true;
  const bool edges_ok = edges == nullptr || read_edges(context, *edges);
  if (edges != nullptr) check_duplicate_edges(context, *edges);
  if (edges_ok && context.diagnostics.size() == before) check_connected(context, *nodes);
}

}  // namespace frontline::detail
