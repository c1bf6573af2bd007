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

double mean_ramp(double start, double dt, double ramp_days) {
  if (!(ramp_days > 0.0) || start >= 1.0) return 1.0;
  const double to_full = (1.0 - start) * ramp_days;  // days until capacity
  if (to_full >= dt) return start + 0.5 * dt / ramp_days;
  return (to_full * 0.5 * (start + 1.0) + (dt - to_full)) / dt;
}

bool field_open(const WorldState& state, const WorldGraph& world, NodeIndex field) {
  if (declared_by_holder(state, field)) return false;
  const NodeIndex outlet = world.outlet(field);
  if (outlet == kNoNode || outlet == field) return true;
  return !declared_by_holder(state, outlet) &&
         !hostile_warship_off(state, state.nodes.controller[static_cast<std::size_t>(outlet)],
                              outlet);
}

void refresh_oil_output(WorldState& state, const WorldGraph& world) {
  auto& nodes = state.nodes;
  std::fill(nodes.oil_output_bpd.begin(), nodes.oil_output_bpd.end(), 0.0);
  for (std::size_t ni = 0; ni < nodes.size(); ++ni) {
    const auto n = static_cast<NodeIndex>(ni);
    if (world.node(n).kind != NodeKind::oil_field) continue;
    nodes.oil_output_bpd[ni] = world.node(n).oil_capacity_bpd * nodes.oil_ramp[ni];
    const NodeIndex outlet = world.outlet(n);
    if (outlet != kNoNode && outlet != n)
      nodes.oil_output_bpd[static_cast<std::size_t>(outlet)] += nodes.oil_output_bpd[ni];
  }
}

void update_oil(WorldState& state, const RuleContext& ctx) {
  const Parameters& p = state.parameters;
  auto& nodes = state.nodes;
  const std::size_t N = nodes.size();
  const double ramp_step = p.oil_ramp_days > 0.0 ? ctx.dt / p.oil_ramp_days : 1.0;
  for (std::size_t ni = 0; ni < N; ++ni)
    if (ctx.world.node(static_cast<NodeIndex>(ni)).kind != NodeKind::oil_field)
      nodes.oil_output_bpd[ni] = 0.0;
  double revenue = 0.0;
  double loss = 0.0;
  for (std::size_t ni = 0; ni < N; ++ni) {
    const auto n = static_cast<NodeIndex>(ni);
    const NodeProperties& node = ctx.world.node(n);
    if (node.kind != NodeKind::oil_field) continue;
    const double before = nodes.oil_ramp[ni];
    const double after = field_open(state, ctx.world, n) ? std::min(1.0, before + ramp_step) : 0.0;
    nodes.oil_ramp[ni] = after;
    nodes.oil_output_bpd[ni] = node.oil_capacity_bpd * after;
    // A shut-in is taken to happen at the start of the step.
    const double mean = after > 0.0 ? mean_ramp(before, ctx.dt, p.oil_ramp_days) : 0.0;
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
