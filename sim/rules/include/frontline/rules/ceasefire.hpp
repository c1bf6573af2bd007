#pragma once
// Phase 9: ceasefire violations, a truce that erodes. Between factions under
// ceasefire no offensive starts (decisions), yet each side violates at Poisson
// rate violation_base_rate_per_day x (1 - its ceasefire_discipline) x (1 +
// ceasefire.erosion_per_day x days since the ceasefire began) for every road
// or track edge between nodes the two hold facing each other, from an end
// where it has forces (at least control.min_presence fighters): discipline and
// the forces in contact set the rate. Each violation inflicts a few
// casualties on the other side's units at its node.
#include "frontline/rules/context.hpp"
#include "frontline/rules/presence.hpp"

namespace frontline {

// Reads who stands where (the forces in contact) from `presence`.
void ceasefire_violations(WorldState& state, const Presence& presence, const RuleContext& ctx);

}  // namespace frontline
