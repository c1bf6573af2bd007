#include "frontline/rules/blockade.hpp"

#include <algorithm>

#include "frontline/rules/reach.hpp"

namespace frontline {

namespace {

bool declared_by_holder(const WorldState& state, NodeIndex n) {
  const FactionIndex holder = state.nodes.controller[static_cast<std::size_t>(n)];
  return holder != kNoFaction &&
         ((state.nodes.blockaded_by[static_cast<std::size_t>(n)] >> holder) & 1u);
}

}  // namespace

double mean_ramp(double start, double dt, double ramp_days, double target) {
  if (start >= target) return target;
  if (!(ramp_days > 0.0)) return target;
  const double to_target = (target - start) * ramp_days;  // days until the target
  if (to_target >= dt) return start + 0.5 * dt / ramp_days;
  return (to_target * 0.5 * (start + target) + (dt - to_target) * target) / dt;
}

namespace {

// The share of capacity shut in at n: by a declaration of its holder, or by
// fighting there this step (crews leave an installation the fighting reaches).
double shut_at(const WorldState& state, NodeIndex n) {
  const double declared =
      declared_by_holder(state, n) ? state.nodes.shut_share[static_cast<std::size_t>(n)] : 0.0;
  const double fighting = under_fire(state, static_cast<std::size_t>(n))
                              ? state.parameters.oil_shut_in_under_fire
                              : 0.0;
  return std::max(declared, fighting);
}

}  // namespace

double field_open_share(const WorldState& state, const WorldGraph& world, NodeIndex field) {
  const NodeIndex outlet = world.outlet(field);
  const bool own_outlet = outlet == kNoNode || outlet == field;
  const FactionIndex outlet_holder =
      own_outlet ? kNoFaction : state.nodes.controller[static_cast<std::size_t>(outlet)];
  if (!own_outlet && hostile_warship_off(state, outlet_holder, outlet)) return 0.0;
  // An offshore field loads at sea: no land force reaches it.
  if (world.node(field).offshore) return 1.0;
  double shut = shut_at(state, field);
  if (!own_outlet) shut = std::max(shut, shut_at(state, outlet));
  return std::clamp(1.0 - shut, 0.0, 1.0);
}

void refresh_oil_output(WorldState& state, const WorldGraph& world) {
  auto& nodes = state.nodes;
  std::fill(nodes.oil_output_bpd.begin(), nodes.oil_output_bpd.end(), 0.0);
  for (const NodeIndex n : world.oil_fields()) {
    const auto ni = static_cast<std::size_t>(n);
    nodes.oil_output_bpd[ni] = world.node(n).oil_capacity_bpd * nodes.oil_ramp[ni];
    const NodeIndex outlet = world.outlet(n);
    if (outlet != kNoNode && outlet != n)
      nodes.oil_output_bpd[static_cast<std::size_t>(outlet)] += nodes.oil_output_bpd[ni];
  }
}

void update_oil(WorldState& state, const RuleContext& ctx) {
  const Parameters& p = state.parameters;
  auto& nodes = state.nodes;
  const double ramp_step = p.oil_ramp_days > 0.0 ? ctx.dt / p.oil_ramp_days : 1.0;
  // Every field's output is written below before anything reads it, so all
  // nodes start from zero: outlets add their fields' output.
  std::fill(nodes.oil_output_bpd.begin(), nodes.oil_output_bpd.end(), 0.0);
  double revenue = 0.0;
  double loss = 0.0;
  for (const NodeIndex n : ctx.world.oil_fields()) {
    const auto ni = static_cast<std::size_t>(n);
    const NodeProperties& node = ctx.world.node(n);
    const double before = nodes.oil_ramp[ni];
    const double open = field_open_share(state, ctx.world, n);
    // A shut-in (whole or partial) is taken to happen at the start of the
    // step; reopening ramps up toward the open share.
    const double after = before >= open ? open : std::min(open, before + ramp_step);
    nodes.oil_ramp[ni] = after;
    nodes.oil_output_bpd[ni] = node.oil_capacity_bpd * after;
    const double mean = mean_ramp(std::min(before, open), ctx.dt, p.oil_ramp_days, open);
    const double barrels = node.oil_capacity_bpd * mean * ctx.dt;
    revenue += barrels * p.oil_price_usd_per_barrel;
    loss += (node.oil_capacity_bpd * ctx.dt - barrels) * p.oil_price_usd_per_barrel;
    const NodeIndex outlet = ctx.world.outlet(n);
    if (outlet != kNoNode && outlet != n)
      nodes.oil_output_bpd[static_cast<std::size_t>(outlet)] += nodes.oil_output_bpd[ni];
  }
  state.oil_revenue_usd += revenue;
  state.oil_loss_usd += loss;
}

}  // namespace frontline
