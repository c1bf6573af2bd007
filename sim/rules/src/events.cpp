#include "frontline/rules/events.hpp"

#include <algorithm>
#include <cmath>

#include "frontline/rules/operations.hpp"
#include "frontline/rules/reach.hpp"

namespace frontline {

namespace {

std::uint16_t faction_bit(FactionIndex f) { return static_cast<std::uint16_t>(1u << f); }

bool is_oil_node(const NodeProperties& node) {
  return node.kind == NodeKind::oil_field || node.kind == NodeKind::oil_terminal;
}

std::string describe(const ScheduledEvent& e, const std::string& fallback) {
  return e.text.empty() ? fallback : e.text;
}

// Nodes an event names, or (when it names none) every oil node the faction holds.
std::vector<NodeIndex> blockade_nodes(const ScheduledEvent& e, const WorldState& state,
                                      const WorldGraph& world, bool declared_only) {
  if (!e.nodes.empty()) return e.nodes;
  if (e.node != kNoNode) return {e.node};
  std::vector<NodeIndex> out;
  for (std::size_t n = 0; n < state.nodes.size(); ++n) {
    const auto node = static_cast<NodeIndex>(n);
    if (declared_only) {
      if (state.nodes.blockaded_by[n] & faction_bit(e.faction)) out.push_back(node);
    } else if (is_oil_node(world.node(node)) && state.nodes.controller[n] == e.faction) {
      out.push_back(node);
    }
  }
  return out;
}

// Commits unit i to its faction's campaign.
void commit(UnitTable& u, std::size_t i) {
  u.committed[i] = 1;
  u.committed_fighters[i] = u.fighters[i];
  u.waited_days[i] = 0.0;
}

void release_campaign(WorldState& state, FactionIndex f) {
  state.commanders[static_cast<std::size_t>(f)].campaign.reset();
  auto& u = state.units;
  for (std::size_t i = 0; i < u.size(); ++i) {
    if (u.faction[i] != f) continue;
    const bool was_committed = u.committed[i];
    leave_campaign(u, i);
    if (was_committed && u.order[i] == Order::advance) {
      u.order[i] = Order::hold;
      u.target[i] = kNoNode;
    }
  }
}

// A campaign: its aim, the units it names, and then the largest free units
// (holding, advancing or redeploying) until the committed fighters reach the
// share of the faction's fighters.
void apply_campaign(const ScheduledEvent& e, WorldState& state, const RuleContext& ctx) {
  release_campaign(state, e.faction);
  Commander& commander = state.commanders[static_cast<std::size_t>(e.faction)];
  commander.halted = false;
  commander.campaign = Campaign{e.target, true, e.index};
  auto& u = state.units;
  double total = 0.0;
  double committed = 0.0;
  for (std::size_t i = 0; i < u.size(); ++i)
    if (u.active[i] && u.faction[i] == e.faction) total += u.fighters[i];
  for (const UnitIndex i : e.units) {
    const auto ui = static_cast<std::size_t>(i);
    if (!u.active[ui]) continue;
    // A unit the leaders name leaves its standing post for the campaign.
    if (u.order[ui] == Order::garrison || u.order[ui] == Order::besiege) {
      u.order[ui] = Order::hold;
      u.target[ui] = kNoNode;
    }
    commit(u, ui);
    committed += u.fighters[ui];
  }
  std::vector<std::size_t> candidates;
  for (std::size_t i = 0; i < u.size(); ++i) {
    if (u.active[i] && u.faction[i] == e.faction && !u.committed[i] && free_order(u.order[i]))
      candidates.push_back(i);
  }
  std::sort(candidates.begin(), candidates.end(), [&](std::size_t a, std::size_t b) {
    return u.fighters[a] != u.fighters[b] ? u.fighters[a] > u.fighters[b] : a < b;
  });
  for (const std::size_t i : candidates) {
    if (committed >= e.share * total) break;
    commit(u, i);
    committed += u.fighters[i];
  }
  ctx.record(EventRecordKind::offensive, e.target, e.faction,
             state.nodes.controller[static_cast<std::size_t>(e.target)], committed,
             describe(e, ctx.faction_id(e.faction) + " campaign on " + ctx.node_id(e.target)));
}

void apply_halt(const ScheduledEvent& e, WorldState& state, const RuleContext& ctx) {
  release_campaign(state, e.faction);
  state.commanders[static_cast<std::size_t>(e.faction)].halted = true;
  // Standing orders to advance end too; a unit on a road finishes its edge.
  auto& u = state.units;
  for (std::size_t i = 0; i < u.size(); ++i)
    if (u.faction[i] == e.faction && u.order[i] == Order::advance) {
      u.order[i] = Order::hold;
      if (u.edge[i] == kNoEdge) u.target[i] = kNoNode;
    }
  ctx.record(EventRecordKind::offensive, kNoNode, e.faction, kNoFaction, 0.0,
             describe(e, ctx.faction_id(e.faction) + " halts its campaign"));
}

// The units leave the campaign and go to the node, where they hold.
void apply_redeploy(const ScheduledEvent& e, WorldState& state, const RuleContext& ctx) {
  auto& u = state.units;
  for (const UnitIndex i : e.units) {
    const auto ui = static_cast<std::size_t>(i);
    u.committed[ui] = 0;
    u.order[ui] = Order::redeploy;
    u.target[ui] = e.node;
  }
  ctx.record(EventRecordKind::offensive, e.node, e.faction, kNoFaction,
             static_cast<double>(e.units.size()),
             describe(e, ctx.faction_id(e.faction) + " redeploys to " + ctx.node_id(e.node)));
}

void apply_doctrine(const ScheduledEvent& e, WorldState& state, const RuleContext& ctx) {
  Doctrine& doctrine = state.doctrines[static_cast<std::size_t>(e.faction)];
  for (const auto& [field, value] : e.doctrine) doctrine.*kDoctrineFields[field].member = value;
  ctx.record(EventRecordKind::parameter_change, kNoNode, e.faction, kNoFaction,
             static_cast<double>(e.doctrine.size()),
             describe(e, ctx.faction_id(e.faction) + " changes its doctrine"));
}

// Where a new unit of a reinforcement arrives: the event's node, or, if a
// faction at war with it has taken that node since the scenario was written
// (a what-if whose front ran differently), the nearest node by road and track
// km that its own side holds (ties to the lower index); kNoNode if its side
// holds no node the roads reach. Fresh forces report to their side's lines,
// never into enemy-held ground.
NodeIndex arrival_node(const ScheduledEvent& e, const WorldState& state, const WorldGraph& world) {
  if (!state.at_war(e.faction, state.nodes.controller[static_cast<std::size_t>(e.node)]))
    return e.node;
  std::vector<NodeIndex> own;
  for (std::size_t n = 0; n < state.nodes.size(); ++n)
    if (friendly(state, e.faction, state.nodes.controller[n]))
      own.push_back(static_cast<NodeIndex>(n));
  PathSearch search(state.nodes.size());
  search_land_km(search, world, own, [](NodeIndex) { return true; });
  return search.nearest[static_cast<std::size_t>(e.node)];
}

void apply_reinforcement(const ScheduledEvent& e, WorldState& state, const RuleContext& ctx) {
  auto& u = state.units;
  const auto i = static_cast<std::size_t>(e.unit);
  std::string text = describe(e, ctx.faction_id(e.faction) + " reinforces " + ctx.node_id(e.node));
  // Why a new unit is not where the event sends it.
  const auto held_by = [&] {
    return ctx.node_id(e.node) + " is held by " +
           ctx.faction_id(state.nodes.controller[static_cast<std::size_t>(e.node)]);
  };
  NodeIndex at = e.node;
  if (!u.active[i]) {
    at = arrival_node(e, state, ctx.world);
    if (at == kNoNode) {
      ctx.record(EventRecordKind::reinforcement, e.node, e.faction, kNoFaction, 0.0,
                 text + " (not arrived: " + held_by() + " and no road reaches a node of " +
                     ctx.faction_id(e.faction) + "'s side)");
      return;
    }
    u.active[i] = 1;
    u.node[i] = at;
    u.edge[i] = kNoEdge;
    u.next_node[i] = kNoNode;
    u.progress_km[i] = 0.0;
    u.order[i] = e.order;
    u.target[i] = kNoNode;
    u.committed[i] = 0;
    // A fresh unit: the scenario format's default morale, and the stocks of
    // the node it arrives at.
    u.morale[i] = kFreshUnitMorale;
    u.supply_days[i] = state.nodes.stocks_days[static_cast<std::size_t>(at)];
  }
  u.fighters[i] += e.fighters;
  u.vehicles[i] += e.vehicles;
  if (e.join && state.commanders[static_cast<std::size_t>(e.faction)].campaign) {
    if (!u.committed[i])
      commit(u, i);
    else
      u.committed_fighters[i] += e.fighters;
  }
  if (at != e.node) text += " (at " + ctx.node_id(at) + ": " + held_by() + ")";
  ctx.record(EventRecordKind::reinforcement, at, e.faction, kNoFaction, e.fighters,
             std::move(text));
}

void begin_air_campaign(const ScheduledEvent& e, WorldState& state, const RuleContext& ctx) {
  AirCampaign campaign;
  campaign.faction = e.faction;
  campaign.other = e.other;
  campaign.in_area.assign(state.nodes.size(), e.nodes.empty() ? 1 : 0);
  for (const NodeIndex n : e.nodes) campaign.in_area[static_cast<std::size_t>(n)] = 1;
  campaign.sorties_per_day = e.sorties;
  campaign.last_step = e.last_step;
  campaign.event = e.index;
  state.air_campaigns.push_back(std::move(campaign));
  ctx.record(
      EventRecordKind::offensive, e.node, e.faction, e.other, e.sorties,
      describe(e, ctx.faction_id(e.faction) + " air campaign against " + ctx.faction_id(e.other)));
}

// Units of `other` named, and the nodes named (a town or garrison with the
// units of `other` standing there), change sides to `faction`.
bool apply_defection(const ScheduledEvent& e, WorldState& state, const RuleContext& ctx) {
  auto& u = state.units;
  const auto change_sides = [&](std::size_t i) {
    if (u.faction[i] != e.other) return;
    u.faction[i] = e.faction;
    u.order[i] = Order::hold;
    u.target[i] = kNoNode;
  };
  double fighters = 0.0;
  for (const UnitIndex i : e.units) {
    const auto ui = static_cast<std::size_t>(i);
    if (u.active[ui] && u.faction[ui] == e.other) fighters += u.fighters[ui];
    change_sides(ui);
  }
  std::vector<NodeIndex> nodes = e.nodes;
  if (e.node != kNoNode) nodes.push_back(e.node);
  bool control_changed = false;
  for (const NodeIndex n : nodes) {
    const auto ni = static_cast<std::size_t>(n);
    for (std::size_t i = 0; i < u.size(); ++i)
      if (u.active[i] && u.faction[i] == e.other && u.node[i] == n && u.edge[i] == kNoEdge) {
        fighters += u.fighters[i];
        change_sides(i);
      }
    if (state.nodes.controller[ni] != e.other) continue;
    state.nodes.set_controller(ni, e.faction);
    state.nodes.holder[ni] = kNoFaction;
    state.nodes.hold_days[ni] = 0.0;
    control_changed = true;
    ctx.record(EventRecordKind::capture, n, e.faction, e.other, fighters,
               ctx.node_id(n) + " goes over from " + ctx.faction_id(e.other) + " to " +
                   ctx.faction_id(e.faction));
  }
  ctx.record(
      EventRecordKind::defection, e.node, e.faction, e.other, fighters,
      describe(e, ctx.faction_id(e.other) + " forces defect to " + ctx.faction_id(e.faction)));
  return control_changed;
}

}  // namespace

bool apply_events(std::span<const ScheduledEvent> due, WorldState& state, const RuleContext& ctx) {
  bool paths_changed = false;
  for (const ScheduledEvent& e : due) {
    switch (e.kind) {
      case EventKind::offensive:  // refused by the loader
        break;
      case EventKind::campaign:
        apply_campaign(e, state, ctx);
        break;
      case EventKind::doctrine:
        apply_doctrine(e, state, ctx);
        break;
      case EventKind::redeploy:
        apply_redeploy(e, state, ctx);
        break;
      case EventKind::halt:
        apply_halt(e, state, ctx);
        break;
      case EventKind::reinforcement:
        apply_reinforcement(e, state, ctx);
        break;
      case EventKind::ceasefire:
        state.set_relation(e.faction, e.other, Relation::ceasefire, state.step);
        paths_changed = true;
        ctx.record(EventRecordKind::ceasefire, kNoNode, e.faction, e.other, 0.0,
                   describe(e, "ceasefire between " + ctx.faction_id(e.faction) + " and " +
                                   ctx.faction_id(e.other)));
        break;
      case EventKind::relation:
        state.set_relation(e.faction, e.other, e.relation, state.step);
        paths_changed = true;
        ctx.record(EventRecordKind::relation_change, kNoNode, e.faction, e.other,
                   static_cast<double>(e.relation),
                   describe(e, ctx.faction_id(e.faction) + " and " + ctx.faction_id(e.other) +
                                   " now " + to_string(e.relation)));
        break;
      case EventKind::blockade:
        for (const NodeIndex n : blockade_nodes(e, state, ctx.world, false)) {
          state.nodes.blockaded_by[static_cast<std::size_t>(n)] |= faction_bit(e.faction);
          state.nodes.shut_share[static_cast<std::size_t>(n)] = e.share;
          ctx.record(EventRecordKind::blockade_declared, n, e.faction, kNoFaction,
                     ctx.world.node(n).oil_capacity_bpd,
                     describe(e, ctx.faction_id(e.faction) + " blockades " + ctx.node_id(n)));
        }
        break;
      case EventKind::lift_blockade:
        for (const NodeIndex n : blockade_nodes(e, state, ctx.world, true)) {
          state.nodes.blockaded_by[static_cast<std::size_t>(n)] &=
              static_cast<std::uint16_t>(~faction_bit(e.faction));
          ctx.record(
              EventRecordKind::blockade_lifted, n, e.faction, kNoFaction,
              ctx.world.node(n).oil_capacity_bpd,
              describe(e, ctx.faction_id(e.faction) + " lifts its blockade of " + ctx.node_id(n)));
        }
        break;
      case EventKind::naval_deployment:
        state.nodes.warships[static_cast<std::size_t>(e.node)] |= faction_bit(e.faction);
        ctx.record(EventRecordKind::naval_deployment, e.node, e.faction, kNoFaction, 1.0,
                   describe(e, ctx.faction_id(e.faction) + " warship off " + ctx.node_id(e.node)));
        break;
      case EventKind::naval_withdrawal:
        state.nodes.warships[static_cast<std::size_t>(e.node)] &=
            static_cast<std::uint16_t>(~faction_bit(e.faction));
        ctx.record(
            EventRecordKind::naval_deployment, e.node, e.faction, kNoFaction, 0.0,
            describe(e, ctx.faction_id(e.faction) + " warship leaves " + ctx.node_id(e.node)));
        break;
      case EventKind::air_campaign:
        begin_air_campaign(e, state, ctx);
        break;
      case EventKind::defection:
        paths_changed |= apply_defection(e, state, ctx);
        break;
      case EventKind::airlift: {
        auto& rate =
            state.air[static_cast<std::size_t>(e.faction)][static_cast<std::size_t>(e.bridge)];
        rate.flights_per_day = e.flights_per_day;
        rate.tonnes_per_flight = e.tonnes_per_flight;
        const NodeIndex base = ctx.factions[static_cast<std::size_t>(e.faction)]
                                   .air_bridges[static_cast<std::size_t>(e.bridge)]
                                   .airbase;
        ctx.record(EventRecordKind::airlift, base, e.faction, kNoFaction,
                   e.flights_per_day * e.tonnes_per_flight,
                   describe(e, ctx.faction_id(e.faction) + " airlift: " +
                                   std::to_string(e.flights_per_day) + " flights a day"));
        break;
      }
      case EventKind::parameter:
        state.parameters.set(e.parameter, e.value);
        paths_changed = true;
        ctx.record(EventRecordKind::parameter_change, kNoNode, kNoFaction, kNoFaction, e.value,
                   describe(e, e.parameter + " = " + std::to_string(e.value)));
        break;
      case EventKind::call_to_return:
        if (e.node == kNoNode) {
          std::fill(state.nodes.return_called.begin(), state.nodes.return_called.end(), 1);
        } else {
          state.nodes.return_called[static_cast<std::size_t>(e.node)] = 1;
        }
        ctx.record(EventRecordKind::call_to_return, e.node, e.faction, kNoFaction, 0.0,
                   describe(e, "call to return"));
        break;
    }
  }
  return paths_changed;
}

}  // namespace frontline
