#pragma once
// Phase 3, second part: operations. A campaign (a leader's decision: aim and
// forces, or the commander's own choice when its doctrine's aggression > 0)
// has a main effort, its committed units. Each committed unit
//  - chooses its objective among the campaign's: the aim and every node the
//    faction may attack within operations.campaign_area_km of it, by
//        score = value + operations.aim_value x [aim]
//              - decisions.cost_per_100km x distance / 100
//              - decisions.cost_per_force_ratio x defence / the unit's strength
//    (defence: the hostile effective strength there times its posture);
//  - builds up next to enemy ground until the local force ratio (its
//    faction's strength at the objective's node and its land neighbours over
//    the hostile strength at the node) reaches the doctrine's attack_ratio,
//    or it has waited the doctrine's patience_days; then attacks;
//  - exploits: after a capture it takes the next objective, while
//  - it has not culminated: below culmination_strength of the fighters it was
//    committed with, out of its own supply, or broken (morale below the
//    doctrine's breakpoint), it turns to defence (holds where it stands and
//    leaves the campaign).
#include <span>
#include <utility>
#include <vector>

#include "frontline/rules/context.hpp"
#include "frontline/rules/paths.hpp"
#include "frontline/rules/presence.hpp"
#include "frontline/world/shortest_paths.hpp"

namespace frontline {

// Objective value of a node (population, port, oil capacity, road junction).
double objective_value(const NodeProperties& node, const Parameters& p);

// f may attack n: n is unheld or held by a faction at war with f.
bool attackable(const WorldState& state, FactionIndex f, NodeIndex n);
// f's forces may fight at n: it is attackable or held by f's side (hostile
// forces in it are thrown out); never a place of a side f is not at war with.
bool may_fight_at(const WorldState& state, FactionIndex f, NodeIndex n);

// Combat power of g's forces of `strength` (effective) and `morale` in a fight
// at `fight_at`, as a commander judges it (Dupuy): strength times morale times
// the supply factor combat applies to g there (supply_power). A shaken force
// breaks at the first blow, and one that has outrun its supply fights at
// reduced power: both are judged so, and an advance that has outrun its
// supply invites the counter-attack.
double combat_power(const WorldState& state, FactionIndex g, NodeIndex fight_at, double strength,
                    double morale);

// The combat power at n of the factions at war with f, as f's commander
// judges it: combat_power of each, the holder's times its defence posture.
double defending_power(const WorldState& state, const Presence& presence, const WorldGraph& world,
                       FactionIndex f, NodeIndex n);

// Local force ratio of f against n, in combat power: f's forces at n and its
// road and track neighbours (fighting at n) over defending_power (infinite
// against none).
double local_force_ratio(const WorldState& state, const Presence& presence, const WorldGraph& world,
                         FactionIndex f, NodeIndex n);

// Unit i is below the strength its doctrine accepts for an attack: fewer
// fighters than culmination_strength of those it was committed with.
// (Inline, as the three below: each is asked once per unit of a campaign.)
inline bool spent(const WorldState& state, std::size_t i) {
  const auto& u = state.units;
  const Doctrine& doctrine = state.doctrines[static_cast<std::size_t>(u.faction[i])];
  return u.fighters[i] < doctrine.culmination_strength * u.committed_fighters[i];
}

// Whether committed unit i has culminated (strength, supply or morale gone).
inline bool culminated(const WorldState& state, std::size_t i) {
  const auto& u = state.units;
  const Doctrine& doctrine = state.doctrines[static_cast<std::size_t>(u.faction[i])];
  return spent(state, i) || !(u.supply_days[i] > 0.0) || u.morale[i] < doctrine.breakpoint;
}

// A unit of the campaign that has culminated and left the main effort, and
// may still come back to it: not spent (its fighters at or above the
// doctrine's culmination_strength of those it was committed with).
inline bool regrouping(const WorldState& state, std::size_t i) {
  const auto& u = state.units;
  return u.active[i] && !u.committed[i] && u.committed_fighters[i] > 0.0 && !spent(state, i);
}

// Whether regrouping unit i is fit to rejoin the main effort: rallied
// (morale at combat.rally_morale or above), supplied, and not spent.
inline bool rallied(const WorldState& state, std::size_t i) {
  const auto& u = state.units;
  return !spent(state, i) && u.supply_days[i] > 0.0 && u.morale[i] >= state.parameters.rally_morale;
}

// Unit i leaves its faction's campaign for good (the campaign is over).
void leave_campaign(UnitTable& u, std::size_t i);

class Operations {
 public:
  void reset(std::size_t factions, std::size_t nodes);
  // The campaign's objectives for faction f this step (the aim and the
  // attackable nodes near it), with the committed strength; none without a
  // campaign. Returns whether there is any.
  bool plan(const WorldState& state, const Presence& presence, const RuleContext& ctx,
            FactionIndex f);
  // The best objective for a committed unit of f standing at `here`, of
  // effective strength own_strength.
  NodeIndex objective_for(const WorldState& state, PathCache& paths, const RuleContext& ctx,
                          FactionIndex f, NodeIndex here, double own_strength) const;
  // Whether n is one of f's campaign objectives this step (after plan).
  bool is_objective(FactionIndex f, NodeIndex n) const;
  // The aim a commander with aggression > 0 chooses for itself: the best
  // attackable node its free forces (standing at `free_at`) reach without
  // passing the ground of a faction that blocks f, scored as above with
  // aggression x value and the road km from the nearest of them, and feasible
  // at its doctrine's attack_ratio with `free_strength`, the effective strength
  // the campaign will commit; kNoNode if none scores above zero.
  NodeIndex choose_aim(const WorldState& state, const Presence& presence, const RuleContext& ctx,
                       FactionIndex f, std::span<const NodeIndex> free_at, double free_strength);
  // After choose_aim found an aim: road km from it to n on the same ground
  // (PathSearch::kUnreached where the free forces there cannot come).
  double km_from_chosen_aim(NodeIndex n) const;

 private:
  struct Candidate {
    NodeIndex node;
    double value;    // objective value, plus aim_value at the aim
    double defence;  // hostile strength there times its posture
  };
  std::vector<std::vector<Candidate>> candidates_;  // [F]
  std::vector<std::vector<std::size_t>> by_value_;  // [F] candidates_ by value, highest first
  std::vector<PathSearch> around_aim_;              // [F] road km from the campaign's aim
  std::vector<NodeIndex> searched_aim_;             // [F] the aim around_aim_ was searched from
  // Whether a committed unit of f has strength (plan asks it every step).
  bool any_committed_strength(const WorldState& state, FactionIndex f);
  std::vector<std::size_t> strength_witness_;  // [F] the unit that last answered it
  std::vector<NodeIndex> sources_;
  PathSearch search_;
};

}  // namespace frontline
