#pragma once
// Phase 2: supply. Per faction, the nodes reachable from its supply sources
// (home nodes it holds; air bridge airbases it holds while flights > 0) by a
// breadth-first search (Boost.Graph) over roads and tracks through nodes not
// held by a faction that blocks it (war or ceasefire), plus sea lanes between
// ports when the faction uses the sea and no hostile warship is off either end.
// A node its holder cannot reach is besieged. Reached nodes and the units at
// them replenish; units elsewhere draw their own stock down.
#include "frontline/rules/context.hpp"

namespace frontline {

// Computes state.reached, nodes.besieged and nodes.air_supplied only.
void compute_reach(WorldState& state, const RuleContext& ctx);

// compute_reach, then stock and unit supply updates for the step.
void update_supply(WorldState& state, const RuleContext& ctx);

// Days of stock an air bridge adds per day to the nodes it alone supplies:
// tonnes per day / (tonnes per fighter-day x fighters supplied).
double air_days_per_day(double tonnes_per_day, double fighters, const Parameters& p);

}  // namespace frontline
