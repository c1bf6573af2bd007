#pragma once
// Who can reach what: the one test of a hostile warship off a port (sea
// supply, siege leakage and oil exports all ask it) and the one search of road
// and track distances (objectives, retreats and the flight of civilians).
#include <span>

#include "frontline/agents/state.hpp"
#include "frontline/world/shortest_paths.hpp"
#include "frontline/world/world_graph.hpp"

namespace frontline {

// Whether a warship is off `port` that stops the sea traffic of faction f:
// one of a faction at war with f. A port nobody holds (f = kNoFaction) has
// nobody to protect it: any warship stops its traffic.
bool hostile_warship_off(const WorldState& state, FactionIndex f, NodeIndex port);

// Length in km of an arc a column can drive (road or track), else unreached.
inline double land_km(const WorldGraph& world, const CompactAdjacency::Arc& arc) {
  return drivable(arc.kind) ? world.edge(arc.edge).km : PathSearch::kUnreached;
}

// Road and track distance (km) from the nearest of `sources` to every node,
// going on only through nodes where may_pass(n) holds (a node that may not be
// passed is still reached, as an end point). Results in `search`.
template <class MayPass>
void search_land_km(PathSearch& search, const WorldGraph& world, std::span<const NodeIndex> sources,
                    MayPass&& may_pass) {
  search.run(
      world.adjacency(), sources,
      [&](NodeIndex, const CompactAdjacency::Arc& arc) { return land_km(world, arc); },
      std::forward<MayPass>(may_pass));
}

}  // namespace frontline
