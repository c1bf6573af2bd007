#include "frontline/rules/movement.hpp"

#include <algorithm>
#include <limits>

namespace frontline {

double contact_factor(const WorldState& state, const WorldGraph& world, FactionIndex f,
                      NodeIndex to) {
  const auto n = static_cast<std::size_t>(to);
  if (!state.nodes.contested[n] && !state.at_war(f, state.nodes.controller[n])) return 1.0;
  const double obstacles = world.node(to).obstacles;
  return 1.0 - obstacles * (1.0 - state.parameters.contact_speed_factor);
}

namespace {

bool moves(Order order) {
  return order == Order::advance || order == Order::retreat || order == Order::besiege ||
         order == Order::blockade;
}

// Whether unit i (of faction f) may step from its node onto the edge toward `hop`.
bool may_enter(const WorldState& state, const Presence& presence, Decisions& decisions,
               const RuleContext& ctx, std::size_t i, NodeIndex hop) {
  const auto& u = state.units;
  const FactionIndex f = u.faction[i];
  const FactionIndex holder = state.nodes.controller[static_cast<std::size_t>(hop)];
  if (!state.blocks(f, holder)) {
    // A besieging unit stops short of the node it besieges.
    return !(u.order[i] == Order::besiege && hop == u.target[i]);
  }
  // Held by a faction under ceasefire: never; at war: only to attack it.
  if (!state.at_war(f, holder)) return false;
  if (u.order[i] != Order::advance) return false;
  return decisions.assault_allowed(state, presence, ctx, f, hop);
}

}  // namespace

void Movement::reset(std::size_t factions, std::size_t nodes, std::size_t edges) {
  nodes_ = nodes;
  edge_days_.assign(edges, 0.0);
  edge_km_.assign(edges, 0.0);
  entry_factor_.assign(factions * nodes, 1.0);
  retreat_.reset(factions, nodes);
}

void Movement::move_unit(WorldState& state, const Presence& presence, Decisions& decisions,
                         PathCache& paths, const RuleContext& ctx, std::size_t i) {
  auto& u = state.units;
  const FactionIndex f = u.faction[i];
  double days_left = ctx.dt;
  // Each pass either finishes an edge or uses up the step; a unit can cross
  // at most every node once in a step.
  for (std::size_t hops = 0; hops <= state.nodes.size() && days_left > 0.0; ++hops) {
    if (u.edge[i] == kNoEdge) {
      NodeIndex hop = kNoNode;
      EdgeIndex via = kNoEdge;
      const auto here = static_cast<std::size_t>(u.node[i]);
      if (u.order[i] == Order::retreat) {
        // Retreats follow the faction's retreat field to the nearest safe node
        // (computed once per step, from state movement does not change).
        hop = retreat_.toward(state, ctx, f, u.node[i]);
        via = retreat_.via(state, ctx, f, u.node[i]);
      } else {
        const NodeIndex target = u.target[i];
        if (target == kNoNode || u.node[i] == target || !moves(u.order[i])) return;
        const PathField& field = paths.field(f, target, ctx.world, state);
        hop = field.toward[here];
        via = field.via[here];
      }
      if (hop == kNoNode || !may_enter(state, presence, decisions, ctx, i, hop)) return;
      u.edge[i] = via;
      u.next_node[i] = hop;
      u.progress_km[i] = 0.0;
    }
    const auto e = static_cast<std::size_t>(u.edge[i]);
    const double km = edge_km_[e];
    const double speed_km_per_day = km / edge_days_[e] *
                                    entry_factor_[static_cast<std::size_t>(f) * nodes_ +
                                                  static_cast<std::size_t>(u.next_node[i])];
    if (!(speed_km_per_day > 0.0)) return;
    const double km_left = km - u.progress_km[i];
    const double days_needed = km_left / speed_km_per_day;
    if (days_needed > days_left) {
      u.progress_km[i] += speed_km_per_day * days_left;
      return;
    }
    days_left -= days_needed;
    u.node[i] = u.next_node[i];
    u.next_node[i] = kNoNode;
    u.edge[i] = kNoEdge;
    u.progress_km[i] = 0.0;
  }
}

void Movement::move(WorldState& state, const Presence& presence, Decisions& decisions,
                    PathCache& paths, const RuleContext& ctx) {
  auto& u = state.units;
  retreat_.invalidate();
  // Per-step tables, so the loop over units reads small arrays only.
  for (std::size_t e = 0; e < ctx.world.edge_count(); ++e) {
    const EdgeProperties& edge = ctx.world.edge(static_cast<EdgeIndex>(e));
    edge_days_[e] = edge_travel_days(edge, state.parameters);
    edge_km_[e] = edge.km;
  }
  for (std::size_t f = 0; f < state.faction_count; ++f)
    for (std::size_t n = 0; n < state.nodes.size(); ++n)
      entry_factor_[f * state.nodes.size() + n] =
          contact_factor(state, ctx.world, static_cast<FactionIndex>(f), static_cast<NodeIndex>(n));
  for (std::size_t i = 0; i < u.size(); ++i) {
    if (u.edge[i] == kNoEdge) {
      const Order order = u.order[i];
      if (order == Order::hold || order == Order::garrison) continue;
      if (order != Order::retreat && (u.target[i] == u.node[i] || u.target[i] == kNoNode)) continue;
    }
    if (!u.active[i] || !(u.fighters[i] > 0.0)) continue;
    move_unit(state, presence, decisions, paths, ctx, i);
  }
}

}  // namespace frontline
