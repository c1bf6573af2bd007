#pragma once
// Phase 6: control. A node changes hands when one faction (with its allies)
// has held it uncontested (at least min_presence fighters, no faction at war
// with it present) for capture_hold_days, or at once when the defence
// collapses (defenders' effective strength below collapse_ratio x the
// strongest attacker's). With factions at war both present it is contested.
// A node nobody stands at keeps its controller.
#include "frontline/rules/context.hpp"
#include "frontline/rules/paths.hpp"
#include "frontline/rules/presence.hpp"

namespace frontline {

// Reads who stands where after combat; tells the path cache which nodes
// changed hands. Returns true if any node changed hands.
bool update_control(WorldState& state, const Presence& presence, PathCache& paths,
                    const RuleContext& ctx);

}  // namespace frontline
