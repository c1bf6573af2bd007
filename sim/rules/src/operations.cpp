#include "frontline/rules/operations.hpp"

#include <algorithm>
#include <limits>

#include "frontline/rules/front.hpp"
#include "frontline/rules/reach.hpp"
#include "frontline/rules/supply.hpp"

namespace frontline {

double objective_value(const NodeProperties& node, const Parameters& p) {
  constexpr double kPer100k = 1e-5;  // values are per 100,000 people or barrels a day
  return p.objective_value_population * node.population * kPer100k +
         (node.kind == NodeKind::port ? p.objective_value_port : 0.0) +
         p.objective_value_oil * node.oil_capacity_bpd * kPer100k +
         p.objective_value_junction * node.road_degree;
}

bool attackable(const WorldState& state, FactionIndex f, NodeIndex n) {
  const FactionIndex holder = state.nodes.controller[static_cast<std::size_t>(n)];
  return holder == kNoFaction || state.at_war(f, holder);
}

bool may_fight_at(const WorldState& state, FactionIndex f, NodeIndex n) {
  return attackable(state, f, n) ||
         friendly(state, f, state.nodes.controller[static_cast<std::size_t>(n)]);
}

double combat_power(const WorldState& state, FactionIndex g, NodeIndex fight_at, double strength,
                    double morale) {
  return strength * morale * supply_power(state, g, fight_at);
}

double defending_power(const WorldState& state, const Presence& presence, const WorldGraph& world,
                       FactionIndex f, NodeIndex n) {
  const FactionIndex holder = state.nodes.controller[static_cast<std::size_t>(n)];
  double defenders = 0.0;
  for (std::size_t g = 0; g < state.faction_count; ++g) {
    const auto enemy = static_cast<FactionIndex>(g);
    if (!state.at_war(f, enemy)) continue;
    defenders +=
        combat_power(state, enemy, n, presence.strength(enemy, n), presence.morale(enemy, n)) *
        (enemy == holder ? defence_posture(world.node(n), state.parameters) : 1.0);
  }
  return defenders;
}

double local_force_ratio(const WorldState& state, const Presence& presence, const WorldGraph& world,
                         FactionIndex f, NodeIndex n) {
  const double defenders = defending_power(state, presence, world, f, n);
  // Every attacker fights at n, where its supply factor is f's there: the
  // factor is taken once for their strength x morale summed.
  double attacking_strength = presence.strength(f, n) * presence.morale(f, n);
  for (const auto& arc : world.adjacency().of(n))
    if (drivable(arc.kind))
      attacking_strength += presence.strength(f, arc.to) * presence.morale(f, arc.to);
  const double attackers =
      combat_power(state, f, n, attacking_strength, /*morale, already in the sum=*/1.0);
  if (!(defenders > 0.0)) return std::numeric_limits<double>::infinity();
  return attackers / defenders;
}

void leave_campaign(UnitTable& u, std::size_t i) {
  u.committed[i] = 0;
  u.committed_fighters[i] = 0.0;
}

// Whether f's committed units have any effective strength: their sum is
// positive exactly when one of them is (fighters, vehicles and
// combat.vehicle_firepower are never negative), so the first such unit
// answers without a pass over every unit. The unit that answered last time
// is asked first: a committed unit stays so for steps on end, and where the
// units are listed by faction, the search for the last faction's first would
// pass every other faction's units each time.
bool Operations::any_committed_strength(const WorldState& state, FactionIndex f) {
  const auto& u = state.units;
  const auto answers = [&](std::size_t i) {
    return u.active[i] && u.committed[i] && u.faction[i] == f &&
           effective_strength(u.fighters[i], u.vehicles[i], state.parameters) > 0.0;
  };
  std::size_t& witness = strength_witness_[static_cast<std::size_t>(f)];
  if (witness < u.size() && answers(witness)) return true;
  for (std::size_t i = 0; i < u.size(); ++i)
    if (answers(i)) {
      witness = i;
      return true;
    }
  return false;
}

void Operations::reset(std::size_t factions, std::size_t nodes) {
  candidates_.assign(factions, {});
  by_value_.assign(factions, {});
  around_aim_.assign(factions, PathSearch(nodes));
  searched_aim_.assign(factions, kNoNode);
  strength_witness_.assign(factions, 0);
  sources_.clear();
  sources_.reserve(nodes);
  search_.resize(nodes);
}

bool Operations::plan(const WorldState& state, const Presence& presence, const RuleContext& ctx,
                      FactionIndex f) {
  auto& candidates = candidates_[static_cast<std::size_t>(f)];
  candidates.clear();
  by_value_[static_cast<std::size_t>(f)].clear();
  const auto& campaign = state.commanders[static_cast<std::size_t>(f)].campaign;
  if (!campaign) return false;
  const Parameters& p = state.parameters;
  if (!any_committed_strength(state, f)) return false;
  const NodeIndex aim = campaign->aim;
  // Road km from the aim over the whole network: fixed while the aim is.
  PathSearch& around_aim = around_aim_[static_cast<std::size_t>(f)];
  if (searched_aim_[static_cast<std::size_t>(f)] != aim) {
    sources_.assign(1, aim);
    search_land_km(around_aim, ctx.world, sources_, [](NodeIndex) { return true; });
    searched_aim_[static_cast<std::size_t>(f)] = aim;
  }
  for (std::size_t ni = 0; ni < state.nodes.size(); ++ni) {
    const auto n = static_cast<NodeIndex>(ni);
    if (!(around_aim.cost[ni] <= p.campaign_area_km) || !attackable(state, f, n)) continue;
    const NodeProperties& node = ctx.world.node(n);
    const double defence = hostile_strength(state, presence, f, n) * defence_posture(node, p);
    candidates.push_back({n, objective_value(node, p) + (n == aim ? p.aim_value : 0.0), defence});
  }
  auto& by_value = by_value_[static_cast<std::size_t>(f)];
  by_value.resize(candidates.size());
  for (std::size_t k = 0; k < by_value.size(); ++k) by_value[k] = k;
  std::stable_sort(by_value.begin(), by_value.end(), [&](std::size_t a, std::size_t b) {
    return candidates[a].value > candidates[b].value;
  });
  return !candidates.empty();
}

bool Operations::is_objective(FactionIndex f, NodeIndex n) const {
  const auto& candidates = candidates_[static_cast<std::size_t>(f)];
  return std::any_of(candidates.begin(), candidates.end(),
                     [&](const Candidate& c) { return c.node == n; });
}

NodeIndex Operations::objective_for(const WorldState& state, PathCache& paths,
                                    const RuleContext& ctx, FactionIndex f, NodeIndex here,
                                    double own_strength) const {
  const Parameters& p = state.parameters;
  const auto fi = static_cast<std::size_t>(f);
  const auto& candidates = candidates_[fi];
  // The best score, ties the first candidate listed. Costs are never negative,
  // so no score is above its candidate's value: taken by value, the highest
  // first, the candidates below the best score so far cannot win, and their
  // path fields are neither searched nor kept up to date.
  const bool value_bounds_score = p.objective_cost_per_100km >= 0.0 &&
                                  p.objective_cost_per_force_ratio >= 0.0 && own_strength >= 0.0;
  NodeIndex best = kNoNode;
  std::size_t best_listed = 0;
  double best_score = -std::numeric_limits<double>::infinity();
  for (const std::size_t k : by_value_[fi]) {
    const Candidate& c = candidates[k];
    if (value_bounds_score && c.value < best_score) break;
    const double days =
        paths.field(f, c.node, ctx.world, state).days[static_cast<std::size_t>(here)];
    if (!(days < PathSearch::kUnreached)) continue;
    // Travel time as road kilometres, the unit of the distance cost.
    const double km = days * p.road_speed_km_per_day;
    const double score = c.value - p.objective_cost_per_100km * km / 100.0 -
                         p.objective_cost_per_force_ratio * c.defence / own_strength;
    if (score > best_score || (best != kNoNode && score == best_score && k < best_listed)) {
      best_score = score;
      best = c.node;
      best_listed = k;
    }
  }
  return best;
}

NodeIndex Operations::choose_aim(const WorldState& state, const Presence& presence,
                                 const RuleContext& ctx, FactionIndex f,
                                 std::span<const NodeIndex> free_at, double free_strength) {
  const Doctrine& doctrine = state.doctrines[static_cast<std::size_t>(f)];
  const Parameters& p = state.parameters;
  if (!(free_strength > 0.0) || free_at.empty()) return kNoNode;
  const auto& controller = state.nodes.controller;
  const auto may_pass = [&](NodeIndex n) {
    return !state.blocks(f, controller[static_cast<std::size_t>(n)]);
  };
  // Distances from where the free forces stand, not from any held node: an
  // aim next to a distant corner of the faction's ground is far for them.
  search_land_km(search_, ctx.world, free_at, may_pass);
  NodeIndex best = kNoNode;
  double best_score = 0.0;
  for (std::size_t ni = 0; ni < state.nodes.size(); ++ni) {
    const auto n = static_cast<NodeIndex>(ni);
    if (!search_.reached(n) || !attackable(state, f, n)) continue;
    const double defenders = hostile_strength(state, presence, f, n);
    if (free_strength < doctrine.attack_ratio * defenders) continue;
    const double score = doctrine.aggression * objective_value(ctx.world.node(n), p) -
                         p.objective_cost_per_100km * search_.cost[ni] / 100.0 -
                         p.objective_cost_per_force_ratio * defenders / free_strength;
    if (score > best_score) {
      best_score = score;
      best = n;
    }
  }
  if (best != kNoNode) {
    sources_.assign(1, best);
    search_land_km(search_, ctx.world, sources_, may_pass);
  }
  return best;
}

double Operations::km_from_chosen_aim(NodeIndex n) const {
  return search_.cost[static_cast<std::size_t>(n)];
}

}  // namespace frontline
