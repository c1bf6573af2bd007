#pragma once
// Phase 9: ceasefire violations. Between factions under ceasefire no offensive
// starts (decisions), yet each side violates at Poisson rate
// violation_base_rate_per_day x (1 - its ceasefire_discipline) for every pair
// of adjacent nodes (road or track) the two hold facing each other. Each
// violation inflicts a few casualties on the other side's units at its node.
#include "frontline/rules/context.hpp"

namespace frontline {

void ceasefire_violations(WorldState& state, const RuleContext& ctx);

}  // namespace frontline
