#pragma once
// Phase 8: blockade and oil. Each oil field produces the open share of its
// capacity: 1 minus the share shut in by a declaration of the faction holding
// it, or of the faction holding its outlet (the terminal its pipeline leads
// to); 0 while a warship of a faction at war with the outlet's holder is off
// the outlet. An offshore field loads at sea: declarations on land never reach
// it. A terminal's output is the throughput of its fields; national
// production is the sum over oil fields. Output falls to the open share at
// once and ramps up toward it linearly over oil.ramp_days.
#include "frontline/rules/context.hpp"

namespace frontline {

// The share of field's capacity that may flow this step (0..1).
double field_open_share(const WorldState& state, const WorldGraph& world, NodeIndex field);

// Mean share of capacity over a step of dt days for a ramp that starts at
// `start` and climbs by 1 / ramp_days a day up to `target` (exact: piecewise
// linear).
double mean_ramp(double start, double dt, double ramp_days, double target = 1.0);

// Sets nodes.oil_output_bpd from the current ramps without advancing time
// (the initial state).
void refresh_oil_output(WorldState& state, const WorldGraph& world);

void update_oil(WorldState& state, const RuleContext& ctx);

}  // namespace frontline
