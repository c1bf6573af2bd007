#pragma once
// Phase 3: decisions. Each commander turns scripted offensives and its
// doctrine into unit orders: objectives by value against cost, limited by
// aggression; an attack goes in only at a local force ratio of at least the
// doctrine's attack_ratio. Every order is decided on the same snapshot and
// applied afterwards, so the order of units never changes a result.
#include "frontline/rules/context.hpp"
#include "frontline/rules/paths.hpp"
#include "frontline/rules/presence.hpp"

namespace frontline {

// Objective value of a node (population, port, oil capacity, road junction).
double objective_value(const NodeProperties& node, const Parameters& p);

// f may attack n: n is unheld or held by a faction at war with f.
bool attackable(const WorldState& state, FactionIndex f, NodeIndex n);
// f's side: f itself or an ally.
bool friendly(const WorldState& state, FactionIndex f, FactionIndex other);

class Decisions {
 public:
  void reset(std::size_t factions, std::size_t nodes, std::size_t units);
  // Reads who stands where at the start of the phase and the path cache.
  void decide(WorldState& state, const Presence& presence, PathCache& paths,
              const RuleContext& ctx);
  // Whether f's attack on n may go in this step: n is attackable and f's
  // effective strength at n and its land neighbours is at least the
  // doctrine's attack_ratio times the strength at n of the factions at war
  // with f (any strength against none). `presence` is the count the
  // decisions of this step read; memoised until the next decide.
  bool assault_allowed(const WorldState& state, const Presence& presence, const RuleContext& ctx,
                       FactionIndex f, NodeIndex n);

 private:
  void choose_objectives(WorldState& state, const Presence& presence, const RuleContext& ctx);
  void choose_own_objectives(FactionIndex f, std::size_t wanted, double free_strength,
                             const WorldState& state, const Presence& presence,
                             const RuleContext& ctx, Commander& commander);
  void nearest_own_objectives(const WorldState& state, PathCache& paths, const RuleContext& ctx,
                              FactionIndex f);

  std::size_t nodes_ = 0;
  std::vector<std::uint8_t> assault_;  // [F][N] 0 not yet known, 1 no, 2 the attack may go in
  std::vector<NodeIndex> nearest_objective_;  // [F][N] nearest own objective
  std::vector<NodeIndex> general_target_;     // [F] offensive for every free unit
  std::vector<double> free_strength_;         // [F]
  std::vector<NodeIndex> scripted_target_;    // [U] target of an offensive naming the unit
  std::vector<Order> new_order_;              // [U] applied after all decided
  std::vector<NodeIndex> new_target_;         // [U]
  std::vector<double> best_days_;             // [N]
  std::vector<NodeIndex> sources_;
  std::vector<std::pair<double, NodeIndex>> candidates_;  // best objectives
  PathSearch search_;
};

}  // namespace frontline
