#pragma once
// Phase 5: combat at every node where factions at war stand. Heterogeneous
// Lanchester attrition among all factions present at once: aimed fire (square
// law) and area fire (linear law) form one linear system dx/dt = -M x over the
// step, solved exactly with the matrix exponential (Eigen). Casualties are
// drawn around the expected losses, split into killed and wounded, spread over
// the units in proportion to their fighters; morale falls with losses and a
// unit below its breakpoint retreats toward the nearest friendly supplied node.
#include <span>

#include "frontline/rules/context.hpp"

namespace frontline {

struct CombatSide {
  double strength = 0.0;    // effective strength (fighters + vehicles x firepower)
  double area_share = 0.0;  // doctrine: share of its fire that is area fire
  double defence = 1.0;     // fire multiplier (the holder's posture), else 1
};

// Expected effective-strength losses over dt days among k sides, hostile being
// a k x k row-major matrix (1 where i and j fight). Pure: the deterministic
// core of the combat rule. Aimed fire (square law) of i at enemy j:
// aimed_kill_rate x (1 - area_i) x defence_i x x_i x x_j / (sum of i's enemies);
// area fire (linear law) of i on each enemy j: area_kill_rate x area_i x
// defence_i x (x_i / 1000) x x_j. With the fire allocation and the area-fire
// intensity frozen, dx/dt = -M x is linear and x(dt) = exp(-M dt) x(0)
// exactly; if a side is wiped out within the step, the time it reaches zero
// is found by bisection, it drops out, and the rest of the step is solved
// again with the others' fire re-allocated.
void lanchester_losses(std::span<const CombatSide> sides, std::span<const std::uint8_t> hostile,
                       const Parameters& p, double dt, std::span<double> losses);

// Where f's retreating units go: the nearest node (by road km) held by f or
// an ally, reached by f's supply, neither contested nor fought over in the
// last combat phase; fills the workspace's retreat_to / retreat_toward /
// retreat_via for f. Paths do not pass nodes of factions that block f.
void compute_retreat_field(const WorldState& state, const RuleContext& ctx, FactionIndex f);

void resolve_combat(WorldState& state, const RuleContext& ctx);

}  // namespace frontline
