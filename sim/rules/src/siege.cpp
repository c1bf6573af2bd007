#include "frontline/rules/siege.hpp"

#include <algorithm>
#include <cmath>

#include "frontline/rules/front.hpp"
#include "frontline/rules/reach.hpp"

namespace frontline {

double humanitarian_target(double stocks_days, bool shortage_applies, bool contested,
                           const Parameters& p) {
  // At or above the onset the clamped shortage is exactly 0 (stocks / onset >= 1
  // for a positive onset): the division is skipped.
  const double shortage =
      shortage_applies && stocks_days < p.humanitarian_shortage_onset_days
          ? std::clamp(1.0 - stocks_days / p.humanitarian_shortage_onset_days, 0.0, 1.0)
          : 0.0;
  return std::clamp(p.humanitarian_shortage_weight * shortage +
                        p.humanitarian_fighting_weight * (contested ? 1.0 : 0.0),
                    0.0, 1.0);
}

namespace {

// The faction at war with the holder with most fighters at or next to the node.
FactionIndex besieger_of(const WorldState& state, const Presence& presence, const RuleContext& ctx,
                         NodeIndex n) {
  const FactionIndex holder = state.nodes.controller[static_cast<std::size_t>(n)];
  FactionIndex best = kNoFaction;
  double best_fighters = 0.0;
  for (std::size_t f = 0; f < state.faction_count; ++f) {
    const auto g = static_cast<FactionIndex>(f);
    if (!state.at_war(holder, g)) continue;
    double fighters = presence.fighters(g, n);
    for (const auto& arc : ctx.world.adjacency().of(n)) fighters += presence.fighters(g, arc.to);
    if (fighters > best_fighters) {
      best_fighters = fighters;
      best = g;
    }
  }
  return best;
}

}  // namespace

bool closely_invested(const WorldState& state, const Presence& presence, const WorldGraph& world,
                      NodeIndex n) {
  const FactionIndex holder = state.nodes.controller[static_cast<std::size_t>(n)];
  return hostile_strength_in_contact(state, presence, world, holder, n) >=
         state.parameters.min_presence;
}

double siege_leakage(const WorldState& state, const Presence& presence, const WorldGraph& world,
                     NodeIndex n) {
  const Parameters& p = state.parameters;
  double leakage =
      closely_invested(state, presence, world, n) ? p.smuggling_leakage : p.cordon_leakage;
  const FactionIndex holder = state.nodes.controller[static_cast<std::size_t>(n)];
  if (is_port(world.node(n).kind) && !hostile_warship_off(state, holder, n))
    leakage += p.sea_leakage;
  return std::min(leakage, 1.0);
}

void Sieges::update(WorldState& state, const Presence& presence, const RuleContext& ctx) {
  const Parameters& p = state.parameters;
  auto& nodes = state.nodes;
  auto& u = state.units;
  const std::size_t N = nodes.size();
  const double relax = 1.0 - std::exp(-ctx.dt / p.humanitarian_relaxation_days);
  std::fill(decay_.begin(), decay_.end(), 0.0);
  bool any_decay = false;

  for (std::size_t ni = 0; ni < N; ++ni) {
    const auto n = static_cast<NodeIndex>(ni);
    const FactionIndex holder = nodes.controller[ni];
    if (nodes.besieged[ni]) {
      const double leakage = siege_leakage(state, presence, ctx.world, n);
      nodes.stocks_days[ni] = std::max(0.0, nodes.stocks_days[ni] - (1.0 - leakage) * ctx.dt);
      if (nodes.stocks_days[ni] <= 0.0) {
        const double cohesion = state.doctrines[static_cast<std::size_t>(holder)].cohesion;
        decay_[ni] = std::clamp(p.desertion_per_day * (1.0 - cohesion) * ctx.dt, 0.0, 1.0);
        any_decay |= decay_[ni] > 0.0;
      }
    }
    if (nodes.besieged[ni] && !nodes.siege_open[ni]) {
      nodes.siege_open[ni] = 1;
      nodes.siege_holder[ni] = holder;
      ctx.record(EventRecordKind::siege_begun, n, holder, besieger_of(state, presence, ctx, n),
                 nodes.stocks_days[ni], ctx.node_id(n) + " besieged");
    } else if (!nodes.besieged[ni] && nodes.siege_open[ni]) {
      nodes.siege_open[ni] = 0;
      ctx.record(EventRecordKind::siege_ended, n, nodes.siege_holder[ni], holder,
                 nodes.stocks_days[ni], "siege of " + ctx.node_id(n) + " ended");
    }
    const bool shortage_applies = holder != kNoFaction;
    const double target =
        humanitarian_target(nodes.stocks_days[ni], shortage_applies, nodes.contested[ni], p);
    nodes.humanitarian[ni] += (target - nodes.humanitarian[ni]) * relax;
    nodes.humanitarian[ni] = std::clamp(nodes.humanitarian[ni], 0.0, 1.0);
  }

  // Garrisons of besieged nodes without stocks lose fighters (desertion, surrender).
  for (std::size_t i = 0; any_decay && i < u.size(); ++i) {
    if (!u.active[i] || u.edge[i] != kNoEdge) continue;
    const auto n = static_cast<std::size_t>(u.node[i]);
    if (decay_[n] <= 0.0 || u.faction[i] != nodes.controller[n]) continue;
    const double before = u.fighters[i];
    u.fighters[i] *= 1.0 - decay_[n];
    u.vehicles[i] *= 1.0 - decay_[n];
    if (before >= p.min_presence && u.fighters[i] < p.min_presence)
      ctx.record(EventRecordKind::surrender, u.node[i], u.faction[i], kNoFaction, u.fighters[i],
                 "garrison of " + ctx.node_id(u.node[i]) + " gives up");
  }
}

}  // namespace frontline
