#include "frontline/rules/decisions.hpp"

#include <algorithm>
#include <limits>

#include "frontline/rules/reach.hpp"

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

bool friendly(const WorldState& state, FactionIndex f, FactionIndex other) {
  return other != kNoFaction && (other == f || state.relation(f, other) == Relation::allied);
}

namespace {

double hostile_strength_at(const WorldState& state, const Presence& presence, FactionIndex f,
                           NodeIndex n) {
  double total = 0.0;
  for (std::size_t g = 0; g < state.faction_count; ++g)
    if (state.at_war(f, static_cast<FactionIndex>(g)))
      total += presence.strength(static_cast<FactionIndex>(g), n);
  return total;
}

}  // namespace

void Decisions::reset(std::size_t factions, std::size_t nodes, std::size_t units) {
  nodes_ = nodes;
  assault_.assign(factions * nodes, 0);
  nearest_objective_.assign(factions * nodes, kNoNode);
  general_target_.assign(factions, kNoNode);
  free_strength_.assign(factions, 0.0);
  scripted_target_.assign(units, kNoNode);
  new_order_.assign(units, Order::hold);
  new_target_.assign(units, kNoNode);
  best_days_.assign(nodes, 0.0);
  sources_.clear();
  sources_.reserve(nodes);
  candidates_.clear();
  candidates_.reserve(64);
  search_.resize(nodes);
}

bool Decisions::assault_allowed(const WorldState& state, const Presence& presence,
                                const RuleContext& ctx, FactionIndex f, NodeIndex n) {
  std::uint8_t& memo = assault_[presence.at(f, n)];
  if (memo != 0) return memo == 2;
  bool allowed = attackable(state, f, n);
  if (allowed) {
    const double defenders = hostile_strength_at(state, presence, f, n);
    double attackers = presence.strength(f, n);
    for (const auto& arc : ctx.world.adjacency().of(n))
      if (arc.kind == EdgeKind::road || arc.kind == EdgeKind::track)
        attackers += presence.strength(f, arc.to);
    const double ratio = ctx.factions[static_cast<std::size_t>(f)].doctrine.attack_ratio;
    allowed = defenders <= 0.0 ? attackers > 0.0 : attackers >= ratio * defenders;
  }
  memo = allowed ? 2 : 1;
  return allowed;
}

// Objectives a commander picks for itself: nodes it may attack, reached from
// the nodes it holds without passing enemy ground, scored aggression x value -
// distance cost - resistance cost, where it has the strength to attack at all.
void Decisions::choose_own_objectives(FactionIndex f, std::size_t wanted, double free_strength,
                                      const WorldState& state, const Presence& presence,
                                      const RuleContext& ctx, Commander& commander) {
  const Doctrine& doctrine = ctx.factions[static_cast<std::size_t>(f)].doctrine;
  const Parameters& p = state.parameters;
  if (!(free_strength > 0.0)) return;

  sources_.clear();
  for (std::size_t n = 0; n < state.nodes.size(); ++n)
    if (state.nodes.controller[n] == f) sources_.push_back(static_cast<NodeIndex>(n));
  if (sources_.empty()) return;
  const auto& controller = state.nodes.controller;
  search_land_km(search_, ctx.world, sources_, [&](NodeIndex n) {
    return !state.blocks(f, controller[static_cast<std::size_t>(n)]);
  });

  auto& best = candidates_;  // (score, node), best first
  best.clear();
  for (std::size_t ni = 0; ni < state.nodes.size(); ++ni) {
    const auto n = static_cast<NodeIndex>(ni);
    if (!search_.reached(n) || !attackable(state, f, n)) continue;
    if (std::find(commander.objectives.begin(), commander.objectives.end(), n) !=
        commander.objectives.end())
      continue;
    const double defenders = hostile_strength_at(state, presence, f, n);
    if (free_strength < doctrine.attack_ratio * defenders) continue;
    const double score = doctrine.aggression * objective_value(ctx.world.node(n), p) -
                         p.objective_cost_per_100km * search_.cost[ni] / 100.0 -
                         p.objective_cost_per_force_ratio * defenders / free_strength;
    if (!(score > 0.0)) continue;
    // Keep the best `wanted`, ties to the lower node index.
    const auto at =
        std::find_if(best.begin(), best.end(),
                     [&](const std::pair<double, NodeIndex>& c) { return score > c.first; });
    best.insert(at, {score, n});
    if (best.size() > wanted) best.pop_back();
  }
  for (const auto& c : best) commander.objectives.push_back(c.second);
}

void Decisions::choose_objectives(WorldState& state, const Presence& presence,
                                  const RuleContext& ctx) {
  const auto max_objectives = static_cast<std::size_t>(state.parameters.max_objectives);
  // Free strength (units holding or advancing) per faction, in one pass.
  std::vector<double>& free_strength = free_strength_;
  std::fill(free_strength.begin(), free_strength.end(), 0.0);
  const auto& u = state.units;
  const double firepower = state.parameters.vehicle_firepower;
  for (std::size_t i = 0; i < u.size(); ++i)
    if (u.active[i] && (u.order[i] == Order::hold || u.order[i] == Order::advance))
      free_strength[static_cast<std::size_t>(u.faction[i])] +=
          u.fighters[i] + u.vehicles[i] * firepower;
  for (std::size_t fi = 0; fi < state.faction_count; ++fi) {
    const auto f = static_cast<FactionIndex>(fi);
    Commander& commander = state.commanders[fi];
    // An offensive ends when its target is in friendly hands.
    std::erase_if(commander.offensives, [&](const Offensive& o) {
      return friendly(state, f, state.nodes.controller[static_cast<std::size_t>(o.target)]);
    });
    commander.objectives.clear();
    // Scripted offensives first; none starts against a faction f is not at
    // war with (a ceasefire stops new offensives).
    for (const Offensive& o : commander.offensives)
      if (attackable(state, f, o.target)) commander.objectives.push_back(o.target);
    const double aggression = ctx.factions[fi].doctrine.aggression;
    if (!commander.halted && aggression > 0.0 && commander.objectives.size() < max_objectives)
      choose_own_objectives(f, max_objectives - commander.objectives.size(), free_strength[fi],
                            state, presence, ctx, commander);
  }
}

// For every node, the nearest of f's own (not scripted) objectives, by
// travel time: one lookup per unit instead of one per unit and objective.
void Decisions::nearest_own_objectives(const WorldState& state, PathCache& paths,
                                       const RuleContext& ctx, FactionIndex f) {
  const std::size_t N = state.nodes.size();
  NodeIndex* nearest = nearest_objective_.data() + static_cast<std::size_t>(f) * N;
  std::fill(nearest, nearest + N, kNoNode);
  std::vector<double>& best = best_days_;
  std::fill(best.begin(), best.end(), std::numeric_limits<double>::infinity());
  const Commander& commander = state.commanders[static_cast<std::size_t>(f)];
  for (const NodeIndex o : commander.objectives) {
    bool scripted = false;
    for (const Offensive& off : commander.offensives) scripted |= off.target == o;
    if (scripted) continue;
    const PathField& field = paths.field(f, o, ctx.world, state);
    for (std::size_t n = 0; n < N; ++n)
      if (field.days[n] < best[n]) {
        best[n] = field.days[n];
        nearest[n] = o;
      }
  }
}

namespace {

bool is_objective(const Commander& commander, NodeIndex n) {
  return std::find(commander.objectives.begin(), commander.objectives.end(), n) !=
         commander.objectives.end();
}

}  // namespace

void Decisions::decide(WorldState& state, const Presence& presence, PathCache& paths,
                       const RuleContext& ctx) {
  std::fill(assault_.begin(), assault_.end(), 0);
  choose_objectives(state, presence, ctx);

  // Units named by a scripted offensive; the latest offensive wins.
  auto& u = state.units;
  std::fill(scripted_target_.begin(), scripted_target_.end(), kNoNode);
  std::vector<NodeIndex>& general_target = general_target_;
  std::fill(general_target.begin(), general_target.end(), kNoNode);
  for (std::size_t fi = 0; fi < state.faction_count; ++fi) {
    nearest_own_objectives(state, paths, ctx, static_cast<FactionIndex>(fi));
    for (const Offensive& o : state.commanders[fi].offensives) {
      if (!is_objective(state.commanders[fi], o.target)) continue;
      if (o.units.empty()) general_target[fi] = o.target;
      for (const UnitIndex i : o.units) scripted_target_[static_cast<std::size_t>(i)] = o.target;
    }
  }

  const Parameters& p = state.parameters;
  // Decide every unit on the same snapshot...
  for (std::size_t i = 0; i < u.size(); ++i) {
    Order order = u.order[i];
    NodeIndex target = u.target[i];
    new_order_[i] = order;
    new_target_[i] = target;
    if (!u.active[i] || u.edge[i] != kNoEdge) continue;
    const FactionIndex f = u.faction[i];
    const auto fi = static_cast<std::size_t>(f);
    const NodeIndex here = u.node[i];
    // A unit named by an offensive goes, whatever it was doing (unless routed).
    if (scripted_target_[i] != kNoNode && order != Order::retreat) {
      new_order_[i] = Order::advance;
      new_target_[i] = scripted_target_[i];
      continue;
    }
    switch (order) {
      case Order::garrison:
      case Order::blockade:
        continue;
      case Order::besiege:
        if (target == kNoNode ||
            friendly(state, f, state.nodes.controller[static_cast<std::size_t>(target)]))
          order = Order::hold;
        break;
      case Order::retreat:
        if (u.morale[i] >= p.rally_morale && !state.nodes.contested[static_cast<std::size_t>(here)])
          order = Order::hold;
        break;
      case Order::advance:
        // Done on arrival at a friendly node; dropped against a faction f is
        // not at war with.
        if (target == kNoNode) {
          order = Order::hold;
        } else if (friendly(state, f, state.nodes.controller[static_cast<std::size_t>(target)])) {
          if (here == target) order = Order::hold;
        } else if (!attackable(state, f, target)) {
          order = Order::hold;
        }
        break;
      case Order::hold:
        break;
    }
    if (order == Order::besiege || order == Order::retreat) {
      new_order_[i] = order;
      continue;
    }
    // Free units (holding or advancing) take the objectives.
    NodeIndex objective = kNoNode;
    if (scripted_target_[i] != kNoNode) {
      objective = scripted_target_[i];
    } else if (order == Order::advance) {
      objective = target;
    } else if (general_target[fi] != kNoNode) {
      objective = general_target[fi];
    } else {
      // The nearest of the commander's own objectives (not scripted ones,
      // which take only the units they name or, if none, every free unit).
      objective = nearest_objective_[fi * state.nodes.size() + static_cast<std::size_t>(here)];
    }
    new_order_[i] = objective == kNoNode ? Order::hold : Order::advance;
    new_target_[i] = objective;
  }
  // ...then apply all orders at once.
  for (std::size_t i = 0; i < u.size(); ++i) {
    u.order[i] = new_order_[i];
    u.target[i] = new_target_[i];
  }
}

}  // namespace frontline
