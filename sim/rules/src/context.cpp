#include "frontline/rules/context.hpp"

#include <algorithm>

namespace frontline {

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

void lose_morale(WorldState& state, std::size_t i, double lost, double weight) {
  auto& u = state.units;
  u.morale[i] = std::clamp(u.morale[i] - weight * morale_cost(state, u.faction[i], lost), 0.0, 1.0);
}

double take_losses(WorldState& state, FactionIndex f, NodeIndex n, double casualties,
                   double morale_weight) {
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
    if (morale_weight > 0.0) lose_morale(state, i, 1.0 - keep, morale_weight);
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
