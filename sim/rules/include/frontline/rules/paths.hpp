#pragma once
// Shortest travel-time paths for movement: one field per (faction, target),
// computed on demand by Dijkstra from the target and cached until control or
// the movement parameters change. A unit looks up its next hop; no unit ever
// searches a path itself.
#include <cstdint>
#include <vector>

#include "frontline/agents/state.hpp"
#include "frontline/world/shortest_paths.hpp"

namespace frontline {

struct PathField {
  std::vector<NodeIndex> toward;  // next hop toward the target, kNoNode at it or if unreachable
  std::vector<EdgeIndex> via;     // the edge to that hop
  std::vector<double> days;       // travel time to the target
};

// Travel time in days over an edge for an unopposed unit; infinite for sea
// lanes and pipelines, which units never use.
double edge_travel_days(const EdgeProperties& edge, const Parameters& p);

class PathCache {
 public:
  void reset(std::size_t factions, std::size_t nodes);
  void invalidate();  // control or speeds changed
  // The field toward `target` for faction f. Paths never pass nodes held by a
  // faction under ceasefire with f, and pass nodes of a faction at war with f
  // (which must be taken on the way) only when no way round is shorter than
  // movement.hostile_detour_days.
  const PathField& field(FactionIndex f, NodeIndex target, const WorldGraph& world,
                         const WorldState& state);
  std::size_t computed() const { return computed_; }  // searches run so far

 private:
  // Arc costs and passability as faction f sees the map this epoch.
  void prepare(FactionIndex f, const WorldGraph& world, const WorldState& state);

  std::size_t nodes_ = 0;
  std::vector<std::uint8_t> prepared_;  // [F] this epoch
  std::vector<double> arc_cost_;        // [F][arcs]
  std::vector<std::uint8_t> may_pass_;  // [F][N]
  std::vector<std::int32_t> slot_;      // [F][N] -> slot, -1 if not computed this epoch
  std::vector<std::size_t> used_keys_;
  std::vector<PathField> slots_;
  std::size_t used_ = 0;
  std::size_t computed_ = 0;
  PathSearch search_;
};

}  // namespace frontline
