#pragma once
// The corridor as a Boost.Graph adjacency_list with bundled properties, built
// from a MapSpec, plus a compact (CSR) adjacency for the hot loops. Node and
// edge indices are dense and equal the order of the MapSpec's lists.
#include <boost/graph/adjacency_list.hpp>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "frontline/core/ids.hpp"
#include "frontline/core/vocabulary.hpp"

namespace frontline {

struct MapSpec;  // frontline/scenario/spec.hpp: the map as loaded

// A set of edge kinds, one bit per EdgeKind.
using EdgeKindMask = std::uint8_t;
constexpr EdgeKindMask edge_bit(EdgeKind kind) {
  return static_cast<EdgeKindMask>(1u << static_cast<unsigned>(kind));
}
inline constexpr EdgeKindMask kLandEdges = edge_bit(EdgeKind::road) | edge_bit(EdgeKind::track);
inline constexpr EdgeKindMask kAllEdges =
    kLandEdges | edge_bit(EdgeKind::sea) | edge_bit(EdgeKind::pipeline);

struct NodeProperties {
  std::string id;
  std::string name;
  NodeKind kind = NodeKind::town;
  double lat = 0.0;
  double lon = 0.0;
  double population = 0.0;
  double oil_capacity_bpd = 0.0;
  double urban = 1.0;
  double fortification = 1.0;
  double obstacles = 0.0;
  double stocks_days = 0.0;
  bool offshore = false;  // an oil field at sea (NodeSpec::offshore)
  int road_degree = 0;    // road and track edges meeting here: the junction value
};

struct EdgeProperties {
  EdgeIndex index = 0;
  EdgeKind kind = EdgeKind::road;
  double km = 0.0;
  double speed = 1.0;  // multiplier on the kind's speed
};

using WorldGraphType = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS,
                                             NodeProperties, EdgeProperties>;

struct EdgeEnds {
  NodeIndex a = kNoNode;
  NodeIndex b = kNoNode;
  NodeIndex other(NodeIndex n) const { return n == a ? b : a; }
};

// Every edge seen from both ends, in CSR form: the neighbours of n are
// [offset[n], offset[n+1]).
struct CompactAdjacency {
  struct Arc {
    NodeIndex to;
    EdgeIndex edge;
    EdgeKind kind;
  };
  std::vector<std::int32_t> offset;
  std::vector<Arc> arcs;
  std::span<const Arc> of(NodeIndex n) const {
    return {arcs.data() + offset[static_cast<std::size_t>(n)],
            arcs.data() + offset[static_cast<std::size_t>(n) + 1]};
  }
};

// Great-circle distance in km between two points (degrees), on a sphere of
// the Earth's mean radius (6,371 km).
double great_circle_km(double lat1, double lon1, double lat2, double lon2);

class WorldGraph {
 public:
  // Throws InputError (every problem at once) for duplicate node ids, edges
  // naming unknown nodes, self-loops and non-positive lengths.
  explicit WorldGraph(const MapSpec& map);

  std::size_t node_count() const { return boost::num_vertices(graph_); }
  std::size_t edge_count() const { return edges_.size(); }
  const WorldGraphType& graph() const { return graph_; }
  const NodeProperties& node(NodeIndex n) const { return graph_[static_cast<std::size_t>(n)]; }
  const EdgeProperties& edge(EdgeIndex e) const { return edges_[static_cast<std::size_t>(e)]; }
  EdgeEnds ends(EdgeIndex e) const { return ends_[static_cast<std::size_t>(e)]; }
  const CompactAdjacency& adjacency() const { return adjacency_; }

  // kNoNode if no node has that id.
  NodeIndex find(std::string_view id) const;
  // Throws InputError naming the id (and a close match) if unknown.
  NodeIndex index_of(std::string_view id) const;

  // Shortest distance in km over edges of the given kinds (Dijkstra); nullopt
  // when `to` cannot be reached.
  std::optional<double> shortest_km(NodeIndex from, NodeIndex to,
                                    EdgeKindMask kinds = kLandEdges) const;
  // Where an oil field's crude reaches the coast: the first node that is not a
  // field along its pipelines (a terminal, port or refinery town); the field
  // itself if it has no pipeline. kNoNode for nodes that are not oil fields.
  NodeIndex outlet(NodeIndex field) const { return outlet_[static_cast<std::size_t>(field)]; }
  // The oil fields, in node order (the oil rules visit them alone).
  std::span<const NodeIndex> oil_fields() const { return oil_fields_; }

  // Component number of every node over edges of the given kinds
  // (connected_components); a node without such edges is a component alone.
  std::vector<int> components(EdgeKindMask kinds, int* count = nullptr) const;

 private:
  void find_outlets();
  WorldGraphType graph_;
  std::vector<EdgeProperties> edges_;
  std::vector<EdgeEnds> ends_;
  std::unordered_map<std::string, NodeIndex> index_by_id_;
  CompactAdjacency adjacency_;
  std::vector<NodeIndex> outlet_;
  std::vector<NodeIndex> oil_fields_;
};

}  // namespace frontline
