#include "frontline/rules/context.hpp"

#include <algorithm>

namespace frontline {

void Workspace::reset(std::size_t factions, std::size_t nodes, std::size_t edges,
                      std::size_t units) {
  faction_count = factions;
  node_count = nodes;
  const std::size_t fn_size = factions * nodes;
  fighters_at.assign(fn_size, 0.0);
  strength_at.assign(fn_size, 0.0);
  assault.assign(fn_size, 0);
  new_order.assign(units, Order::hold);
  new_target.assign(units, kNoNode);
  scripted_target.assign(units, kNoNode);
  nearest_objective.assign(fn_size, kNoNode);
  general_target.assign(factions, kNoNode);
  free_strength.assign(factions, 0.0);
  edge_days.assign(edges, 0.0);
  edge_km.assign(edges, 0.0);
  entry_factor.assign(fn_size, 1.0);
  loss_fraction.assign(fn_size, 0.0);
  morale_loss.assign(fn_size, 0.0);
  in_combat.assign(nodes, 0);
  retreat_to.assign(fn_size, kNoNode);
  retreat_toward.assign(fn_size, kNoNode);
  retreat_via.assign(fn_size, -1);
  retreat_ready.assign(factions, 0);
  scratch_days.assign(nodes, 0.0);
  sources.reserve(nodes);
  flee.assign(nodes, 0.0);
  refuge.assign(nodes, kNoNode);
  color.assign(nodes, boost::white_color);
  land_color.assign(nodes, boost::white_color);
  queue.clear();
  queue.reserve(nodes);
  starts.clear();
  starts.reserve(nodes);
  air_fighters.assign(factions, 0.0);
  air_tonnes.assign(factions, 0.0);
  air_rate.assign(factions, 0.0);
  displaced_before.assign(nodes, 0.0);
  candidates.clear();
  candidates.reserve(64);
  paths.reset(factions, nodes);
  tally_current = false;
  search.resize(nodes);
}

void Workspace::tally(const WorldState& state) {
  tally_current = true;
  std::fill(fighters_at.begin(), fighters_at.end(), 0.0);
  std::fill(strength_at.begin(), strength_at.end(), 0.0);
  const auto& u = state.units;
  const double firepower = state.parameters.vehicle_firepower;
  for (std::size_t i = 0; i < u.size(); ++i) {
    if (!u.active[i] || u.edge[i] != kNoEdge) continue;
    const std::size_t k = fn(u.faction[i], u.node[i]);
    fighters_at[k] += u.fighters[i];
    strength_at[k] += u.fighters[i] + u.vehicles[i] * firepower;
  }
}

void RuleContext::record(EventRecordKind kind, NodeIndex node, FactionIndex actor,
                         FactionIndex other, double magnitude, std::string text) const {
  EventRecord event;
  event.time_index = static_cast<std::int32_t>(step);
  event.kind = kind;
  event.node = node;
  event.actor = actor;
  event.other = other;
  event.magnitude = magnitude;
  event.text = std::move(text);
  events.push_back(std::move(event));
}

double take_losses(WorldState& state, FactionIndex f, NodeIndex n, double casualties) {
  auto& u = state.units;
  double present = 0.0;
  for (std::size_t i = 0; i < u.size(); ++i)
    if (u.active[i] && u.faction[i] == f && u.node[i] == n && u.edge[i] == kNoEdge)
      present += u.fighters[i];
  if (!(present > 0.0) || !(casualties > 0.0)) return 0.0;
  const double taken = std::min(casualties, present);
  const double keep = 1.0 - taken / present;
  for (std::size_t i = 0; i < u.size(); ++i) {
    if (!u.active[i] || u.faction[i] != f || u.node[i] != n || u.edge[i] != kNoEdge) continue;
    u.fighters[i] *= keep;
    u.vehicles[i] *= keep;
  }
  return taken;
}

double count_casualties(WorldState& state, const RuleContext& ctx, FactionIndex f,
                        double casualties, std::uint32_t agent) {
  if (!(casualties > 0.0)) return 0.0;
  const double w = state.parameters.wounded_per_killed;
  const double killed =
      ctx.random.binomial(casualties, 1.0 / (1.0 + w), ctx.step, agent, Purpose::casualty_split);
  // The binomial works on whole people; a fractional remainder is wounded.
  const double k = std::min(killed, casualties);
  state.killed[static_cast<std::size_t>(f)] += k;
  state.wounded[static_cast<std::size_t>(f)] += casualties - k;
  return k;
}

}  // namespace frontline
