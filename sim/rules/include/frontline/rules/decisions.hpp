#pragma once
// Phase 3: decisions. Each commander turns scripted offensives and its
// doctrine into unit orders: objectives by value against cost, limited by
// aggression; an attack goes in only at a local force ratio of at least the
// doctrine's attack_ratio. Every order is decided on the same snapshot and
// applied afterwards, so the order of units never changes a result.
#include "frontline/rules/context.hpp"

namespace frontline {

// Objective value of a node (population, port, oil capacity, road junction).
double objective_value(const NodeProperties& node, const Parameters& p);

// f may attack n: n is unheld or held by a faction at war with f.
bool attackable(const WorldState& state, FactionIndex f, NodeIndex n);
// f's side: f itself or an ally.
bool friendly(const WorldState& state, FactionIndex f, FactionIndex other);

// Whether f's attack on n may go in this step: n is attackable and f's
// effective strength at n and its land neighbours is at least the doctrine's
// attack_ratio times the strength at n of the factions at war with f (any
// strength against none). Reads the presence tallied at the start of the
// decisions phase; memoised in the workspace for the step.
bool assault_allowed(const WorldState& state, const RuleContext& ctx, FactionIndex f, NodeIndex n);

void decide(WorldState& state, const RuleContext& ctx);

}  // namespace frontline
