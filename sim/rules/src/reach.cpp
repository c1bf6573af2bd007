#include "frontline/rules/reach.hpp"

namespace frontline {

bool hostile_warship_off(const WorldState& state, FactionIndex f, NodeIndex port) {
  const std::uint16_t ships = state.nodes.warships[static_cast<std::size_t>(port)];
  if (ships == 0) return false;
  if (f == kNoFaction) return true;
  for (std::size_t g = 0; g < state.faction_count; ++g)
    if (((ships >> g) & 1u) && state.at_war(f, static_cast<FactionIndex>(g))) return true;
  return false;
}

}  // namespace frontline
