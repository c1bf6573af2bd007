#pragma once
// Phase 8: blockade and oil. Each oil field produces its capacity unless the
// faction holding it, or holding its outlet (the terminal its pipeline leads
// to), blockades it, or a warship of a faction at war with the outlet's holder
// is off the outlet. A terminal's output is the throughput of its fields;
// national production is the sum over oil fields. Once open again, output
// ramps up linearly over oil.ramp_days.
#include "frontline/rules/context.hpp"

namespace frontline {

// Whether field's crude can flow this step.
bool field_open(const WorldState& state, const WorldGraph& world, NodeIndex field);

// Mean share of capacity over a step of dt days for a ramp that starts at
// `start` and climbs by 1 / ramp_days a day up to 1 (exact: piecewise linear).
double mean_ramp(double start, double dt, double ramp_days);

// Sets nodes.oil_output_bpd from the current ramps without advancing time
// (the initial state).
void refresh_oil_output(WorldState& state, const WorldGraph& world);

void update_oil(WorldState& state, const RuleContext& ctx);

}  // namespace frontline
