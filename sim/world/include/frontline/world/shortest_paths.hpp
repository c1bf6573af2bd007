#pragma once
// Multi-source Dijkstra on the compact adjacency, for the hot loops (movement,
// retreat, flight of civilians). The workspace is sized once and reused, so a
// search allocates nothing. The graph is undirected, so the search runs from
// the destinations outward and `toward[n]` is the next hop from n on a
// shortest path to the nearest destination.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "frontline/world/world_graph.hpp"

namespace frontline {

class PathSearch {
 public:
  static constexpr double kUnreached = std::numeric_limits<double>::infinity();

  PathSearch() = default;
  explicit PathSearch(std::size_t node_count) { resize(node_count); }
  void resize(std::size_t node_count) {
    cost.assign(node_count, kUnreached);
    toward.assign(node_count, kNoNode);
    via.assign(node_count, -1);
    nearest.assign(node_count, kNoNode);
    heap_.reserve(node_count * 2);
  }

  // arc_cost(from, arc) -> cost of travelling arc (between from and arc.to), or
  // kUnreached when the arc cannot be used. may_pass(n) -> whether a path may go
  // on through n (a blocked node is still reached, as an end point, so a unit
  // standing there can leave it).
  template <class ArcCost, class MayPass>
  void run(const CompactAdjacency& adjacency, std::span<const NodeIndex> sources,
           ArcCost&& arc_cost, MayPass&& may_pass) {
    std::fill(cost.begin(), cost.end(), kUnreached);
    std::fill(toward.begin(), toward.end(), kNoNode);
    std::fill(via.begin(), via.end(), -1);
    std::fill(nearest.begin(), nearest.end(), kNoNode);
    heap_.clear();
    for (const NodeIndex s : sources) {
      const auto i = static_cast<std::size_t>(s);
      if (cost[i] == 0.0) continue;
      cost[i] = 0.0;
      nearest[i] = s;
      push({0.0, s});
    }
    while (!heap_.empty()) {
      std::pop_heap(heap_.begin(), heap_.end(), Later{});
      const Entry top = heap_.back();
      heap_.pop_back();
      const auto u = static_cast<std::size_t>(top.node);
      if (top.cost > cost[u]) continue;
      if (cost[u] > 0.0 && !may_pass(top.node)) continue;
      for (const auto& arc : adjacency.of(top.node)) {
        const double step = arc_cost(top.node, arc);
        if (!(step < kUnreached)) continue;
        const double candidate = top.cost + step;
        const auto v = static_cast<std::size_t>(arc.to);
        // Ties go to the lower node index so results never depend on arc order.
        if (candidate < cost[v] || (candidate == cost[v] && top.node < toward[v])) {
          cost[v] = candidate;
          toward[v] = top.node;
          via[v] = arc.edge;
          nearest[v] = nearest[u];
          push({candidate, arc.to});
        }
      }
    }
  }

  // The same search with precomputed costs: arc_cost[k] for the k-th arc of
  // the adjacency (infinite = unusable) and may_pass[n] != 0 where paths may
  // go on through n. The hot loop of movement.
  void run(const CompactAdjacency& adjacency, std::span<const NodeIndex> sources,
           std::span<const double> arc_cost, std::span<const std::uint8_t> may_pass) {
    const auto* arcs = adjacency.arcs.data();
    run(
        adjacency, sources,
        [&](NodeIndex, const CompactAdjacency::Arc& arc) {
          return arc_cost[static_cast<std::size_t>(&arc - arcs)];
        },
        [&](NodeIndex n) { return may_pass[static_cast<std::size_t>(n)] != 0; });
  }

  bool reached(NodeIndex n) const { return cost[static_cast<std::size_t>(n)] < kUnreached; }

  std::vector<double> cost;        // to the nearest source
  std::vector<NodeIndex> toward;   // next hop toward it (kNoNode at a source or unreached)
  std::vector<EdgeIndex> via;      // the edge to that hop (-1 where toward is kNoNode)
  std::vector<NodeIndex> nearest;  // which source

 private:
  struct Entry {
    double cost;
    NodeIndex node;
  };
  struct Later {
    bool operator()(const Entry& a, const Entry& b) const {
      return a.cost > b.cost || (a.cost == b.cost && a.node > b.node);
    }
  };
  void push(Entry e) {
    heap_.push_back(e);
    std::push_heap(heap_.begin(), heap_.end(), Later{});
  }
  std::vector<Entry> heap_;
};

}  // namespace frontline
