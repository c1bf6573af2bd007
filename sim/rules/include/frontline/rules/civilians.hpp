#pragma once
// Phase 10: civilians. People flee a contested node (flee_rate_fighting) or a
// besieged one (flee_rate_siege x humanitarian index) to the nearest safe
// settlement by road; displaced people return home once it has been quiet for
// quiet_days and, if return_requires_call, a call to return covers it. People
// are only ever moved between groups, so the total is conserved.
#include "frontline/rules/context.hpp"

namespace frontline {

// A node where people can take refuge: a settlement (city, town, port) that
// is neither contested nor besieged.
bool is_refuge(const WorldState& state, const WorldGraph& world, NodeIndex n);

// Recomputes nodes.population and nodes.displaced from the groups.
void count_civilians(WorldState& state);

void move_civilians(WorldState& state, const RuleContext& ctx);

}  // namespace frontline
