#include "frontline/rules/ceasefire.hpp"

#include "frontline/rules/front.hpp"

namespace frontline {

namespace {

// Random-stream agent numbers: one per (edge, violating side).
std::uint32_t violation_agent(EdgeIndex edge, FactionIndex violator) {
  return static_cast<std::uint32_t>(edge) * kMaxFactions + static_cast<std::uint32_t>(violator);
}

void violations_across(WorldState& state, const RuleContext& ctx, EdgeIndex edge,
                       FactionIndex violator, NodeIndex from, FactionIndex victim, NodeIndex at) {
  const Parameters& p = state.parameters;
  const double discipline =
      state.doctrines[static_cast<std::size_t>(violator)].ceasefire_discipline;
  // The truce erodes: indiscipline grows with the days since it began.
  const std::int32_t since =
      state.ceasefire_since.empty()
          ? -1
          : state.ceasefire_since[static_cast<std::size_t>(violator) * state.faction_count +
                                  static_cast<std::size_t>(victim)];
  const double days = since < 0 ? 0.0 : (static_cast<double>(ctx.step) - since) * ctx.dt;
  const double rate =
      p.violation_base_rate_per_day * (1.0 - discipline) * (1.0 + p.truce_erosion_per_day * days);
  const std::uint32_t agent = violation_agent(edge, violator);
  const auto count =
      ctx.random.poisson(rate * ctx.dt, ctx.step, agent, Purpose::ceasefire_violation);
  for (std::uint64_t v = 0; v < count; ++v) {
    // Each violation: Poisson killed around violation_killed, and wounded in
    // the scenario's killed:wounded proportion.
    const std::uint32_t key = agent * 64u + static_cast<std::uint32_t>(v % 64u);
    const double killed = static_cast<double>(
        ctx.random.poisson(p.violation_killed, ctx.step, key, Purpose::violation_target));
    const double wounded = static_cast<double>(ctx.random.poisson(
        p.violation_killed * p.wounded_per_killed, ctx.step, key, Purpose::casualty_split));
    const double taken = take_losses(state, victim, at, killed + wounded);
    const double killed_taken = killed + wounded > 0.0 ? taken * killed / (killed + wounded) : 0.0;
    state.killed[static_cast<std::size_t>(victim)] += killed_taken;
    state.wounded[static_cast<std::size_t>(victim)] += taken - killed_taken;
    ctx.record(EventRecordKind::violation, at, violator, victim, killed_taken,
               ctx.faction_id(violator) + " violates the ceasefire from " + ctx.node_id(from) +
                   " on " + ctx.node_id(at));
  }
}

}  // namespace

void ceasefire_violations(WorldState& state, const Presence& presence, const RuleContext& ctx) {
  bool any = false;
  for (const Relation r : state.relations) any |= r == Relation::ceasefire;
  if (!any) return;
  const auto& controller = state.nodes.controller;
  for (std::size_t e = 0; e < ctx.world.edge_count(); ++e) {
    const auto edge = static_cast<EdgeIndex>(e);
    const EdgeProperties& props = ctx.world.edge(edge);
    if (!drivable(props.kind)) continue;
    const EdgeEnds ends = ctx.world.ends(edge);
    const FactionIndex a = controller[static_cast<std::size_t>(ends.a)];
    const FactionIndex b = controller[static_cast<std::size_t>(ends.b)];
    if (a == kNoFaction || b == kNoFaction || a == b) continue;
    if (state.relation(a, b) != Relation::ceasefire) continue;
    // Forces in contact: a side violates only from a node where it stands,
    // across a road or track within its doctrine's reach_km (shelling and
    // raids do not cross a desert road's length).
    const auto present = [&](FactionIndex f, NodeIndex n) {
      return presence.fighters(f, n) >= state.parameters.min_presence &&
             within_reach(props, state.doctrines[static_cast<std::size_t>(f)].reach_km);
    };
    if (present(a, ends.a)) violations_across(state, ctx, edge, a, ends.a, b, ends.b);
    if (present(b, ends.b)) violations_across(state, ctx, edge, b, ends.b, a, ends.a);
  }
}

}  // namespace frontline
