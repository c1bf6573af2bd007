#pragma once
// Phase 4: movement along shortest travel-time paths (cached per faction and
// target). Units on edges carry progress in km. A node held by a faction that
// blocks the mover can be entered only as the objective of an attack that may
// go in. Edges into hostile or contested nodes are slowed by the node's
// obstacles (mines, snipers); tracks are slower than roads; no unit moves by
// sea or pipeline.
#include "frontline/rules/context.hpp"

namespace frontline {

// Speed multiplier on an edge into `to` for faction f: 1 - obstacles x (1 -
// contact_speed_factor) if `to` is held by a faction at war with f or is
// contested, else 1.
double contact_factor(const WorldState& state, const WorldGraph& world, FactionIndex f,
                      NodeIndex to);

void move_units(WorldState& state, const RuleContext& ctx);

}  // namespace frontline
