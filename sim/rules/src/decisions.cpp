#include "frontline/rules/decisions.hpp"

#include <algorithm>
#include <limits>

#include "frontline/rules/reach.hpp"

namespace frontline {

namespace {

std::size_t at(std::size_t nodes, FactionIndex f, NodeIndex n) {
  return static_cast<std::size_t>(f) * nodes + static_cast<std::size_t>(n);
}

// The road or track neighbour of n (within f's reach) where the strongest
// forces at war with f stand; kNoNode if none.
NodeIndex strongest_neighbour(const WorldState& state, const Presence& presence,
                              const WorldGraph& world, FactionIndex f, NodeIndex n) {
  const double reach = state.doctrines[static_cast<std::size_t>(f)].reach_km;
  NodeIndex best = kNoNode;
  double best_strength = 0.0;
  for (const auto& arc : world.adjacency().of(n)) {
    if (!within_reach(arc, world, reach)) continue;
    const double s = hostile_strength(state, presence, f, arc.to);
    if (s > best_strength || (s == best_strength && s > 0.0 && arc.to < best)) {
      best_strength = s;
      best = arc.to;
    }
  }
  return best;
}

// A place of a faction at war with f that nobody defends, one road or track
// (within f's reach) from both `here` and the node f besieges: a gap in the
// ring, which a besieger closes by occupying it. kNoNode if there is none.
NodeIndex gap_in_the_ring(const WorldState& state, const Presence& presence,
                          const WorldGraph& world, FactionIndex f, NodeIndex here,
                          NodeIndex besieged) {
  const double reach = state.doctrines[static_cast<std::size_t>(f)].reach_km;
  for (const auto& arc : world.adjacency().of(here)) {
    const NodeIndex gap = arc.to;
    const FactionIndex holder = state.nodes.controller[static_cast<std::size_t>(gap)];
    if (gap == besieged || !within_reach(arc, world, reach) || holder == kNoFaction ||
        !state.at_war(f, holder) || hostile_strength(state, presence, f, gap) > 0.0)
      continue;
    if (next_within_reach(world, gap, besieged, reach)) return gap;
  }
  return kNoNode;
}

}  // namespace

NodeIndex Decisions::weakest_objective_next_to(const WorldState& state, const Presence& presence,
                                               const WorldGraph& world, FactionIndex f,
                                               NodeIndex here) const {
  const Doctrine& doctrine = state.doctrines[static_cast<std::size_t>(f)];
  NodeIndex best = kNoNode;
  double best_ratio = 0.0;
  for (const auto& arc : world.adjacency().of(here)) {
    if (!within_reach(arc, world, doctrine.reach_km) || !operations_.is_objective(f, arc.to) ||
        !attackable(state, f, arc.to))
      continue;
    const double ratio = local_force_ratio(state, presence, world, f, arc.to);
    if (ratio >= doctrine.attack_ratio &&
        (best == kNoNode || ratio > best_ratio || (ratio == best_ratio && arc.to < best))) {
      best = arc.to;
      best_ratio = ratio;
    }
  }
  return best;
}

void Decisions::reset(std::size_t factions, std::size_t nodes, std::size_t units) {
  nodes_ = nodes;
  operations_.reset(factions, nodes);
  main_effort_left_.assign(factions, 0);
  holding_.assign(factions * nodes, 0.0);
  main_effort_holding_.assign(factions * nodes, 0.0);
  closing_ring_.assign(factions * nodes, 0.0);
  followed_up_.assign(factions * nodes, 0);
  parent_of_.assign(units, kNoUnit);
  // new_order_, new_target_, new_waited_ and new_committed_ are filled from
  // the unit columns at the start of every decision pass (decide).
  holds_for_the_front_.assign(units, 0);
  reserves_.clear();
  reserves_.reserve(units);
  free_at_.clear();
  free_at_.reserve(units);
  ordered_.clear();
  ordered_.reserve(units);
  reserves_of_.reset(nodes);
}

namespace {

// The share of unit i to leave behind as a garrison of `shortfall` strength
// in its free detachment slot, so that the rest can attack; 0 if it has no
// free slot or the garrison would be the larger part (the unit then stays
// whole). The detachment is made when the step's orders are applied.
double garrison_share(const WorldState& state, std::size_t i, double shortfall) {
  const auto& u = state.units;
  const UnitIndex slot = u.detachment[i];
  const double strength = unit_strength(state, i);
  if (slot == kNoUnit || u.active[static_cast<std::size_t>(slot)] || !(strength > 0.0)) return 0.0;
  const double share =
      std::max(shortfall / strength, state.parameters.min_presence / std::max(u.fighters[i], 1.0));
  return share < 0.5 ? share : 0.0;
}

}  // namespace

// A detachment and its unit standing at the same node, neither on the move
// nor committed apart, are one unit again (fighters, vehicles and stocks
// added, morale and supply weighted by fighters), so the unit can leave a
// garrison again where it next attacks.
void Decisions::rejoin_detachments(WorldState& state) {
  auto& u = state.units;
  std::fill(parent_of_.begin(), parent_of_.end(), kNoUnit);
  for (std::size_t i = 0; i < u.size(); ++i) {
    const UnitIndex slot = u.detachment[i];
    if (slot == kNoUnit) continue;
    parent_of_[static_cast<std::size_t>(slot)] = static_cast<UnitIndex>(i);
    if (!u.active[i]) continue;
    const auto d = static_cast<std::size_t>(slot);
    if (!u.active[d] || u.node[d] != u.node[i] || u.edge[d] != kNoEdge || u.edge[i] != kNoEdge ||
        u.committed[d] || !free_order(u.order[d]))
      continue;
    const double total = u.fighters[i] + u.fighters[d];
    if (total > 0.0) {
      u.morale[i] = (u.morale[i] * u.fighters[i] + u.morale[d] * u.fighters[d]) / total;
      u.supply_days[i] =
          (u.supply_days[i] * u.fighters[i] + u.supply_days[d] * u.fighters[d]) / total;
      if (u.fighters[i] > 0.0) u.committed_fighters[i] *= total / u.fighters[i];
    }
    u.fighters[i] = total;
    u.vehicles[i] += u.vehicles[d];
    u.active[d] = 0;
    u.fighters[d] = 0.0;
    u.vehicles[d] = 0.0;
    u.order[d] = Order::hold;
    u.target[d] = kNoNode;
  }
}

// Where a detachment nobody needs goes: back to its unit, if that stands at a
// node of its side (kNoNode if not, or if it is already there).
NodeIndex Decisions::parent_post(const WorldState& state, std::size_t d) const {
  const auto& u = state.units;
  const UnitIndex parent = parent_of_[d];
  if (parent == kNoUnit) return kNoNode;
  const auto p = static_cast<std::size_t>(parent);
  if (!u.active[p] || u.edge[p] != kNoEdge || u.node[p] == u.node[d] ||
      !friendly(state, u.faction[d], state.nodes.controller[static_cast<std::size_t>(u.node[p])]))
    return kNoNode;
  return u.node[p];
}

Decisions::Guard Decisions::guard_for(const WorldState& state, std::size_t i, std::size_t k,
                                      double need) const {
  Guard guard;
  guard.share = holding_[k] < need ? garrison_share(state, i, need - holding_[k]) : 0.0;
  guard.covered = guard.share > 0.0 ? need : holding_[k];
  return guard;
}

void Decisions::leave_guard(std::size_t i, std::size_t k, const Guard& guard) {
  if (!(guard.share > 0.0)) return;
  detachments_.push_back({i, guard.share});
  holding_[k] = guard.covered;
}

void Decisions::make_detachments(WorldState& state) {
  auto& u = state.units;
  for (const auto& [i, share] : detachments_) {
    const auto slot = static_cast<std::size_t>(u.detachment[i]);
    u.active[slot] = 1;
    u.fighters[slot] = u.fighters[i] * share;
    u.vehicles[slot] = u.vehicles[i] * share;
    u.fighters[i] -= u.fighters[slot];
    u.vehicles[i] -= u.vehicles[slot];
    // Not a loss: the attacking part culminates against what it took along.
    u.committed_fighters[i] *= 1.0 - share;
    u.morale[slot] = u.morale[i];
    u.supply_days[slot] = u.supply_days[i];
    u.node[slot] = u.node[i];
    u.next_node[slot] = kNoNode;
    u.edge[slot] = kNoEdge;
    u.progress_km[slot] = 0.0;
    u.order[slot] = Order::hold;
    u.target[slot] = kNoNode;
    u.committed[slot] = 0;
    u.committed_fighters[slot] = 0.0;
    u.waited_days[slot] = 0.0;
  }
  detachments_.clear();
}

// A besieger next to a gap in the ring around its target occupies it, as long
// as others of its side stay at its post (the post is never left empty).
void Decisions::close_the_ring(const WorldState& state, const Presence& presence,
                               const WorldGraph& world, std::size_t i) {
  const auto& u = state.units;
  const FactionIndex f = u.faction[i];
  const NodeIndex here = u.node[i];
  const NodeIndex gap = gap_in_the_ring(state, presence, world, f, here, u.target[i]);
  if (gap == kNoNode) return;
  double& leaving = closing_ring_[at(nodes_, f, here)];
  if (presence.fighters(f, here) - leaving - u.fighters[i] < state.parameters.min_presence) return;
  leaving += u.fighters[i];
  new_order_[i] = Order::advance;
  new_target_[i] = gap;
}

// A siege is the leaders' decision to take the place: it starves and wears
// down the garrison until the besiegers' local force ratio against it (their
// combat power at the target over the defenders', posture and the garrison's
// supply factor included) reaches the doctrine's attack_ratio, and then they
// storm it. A besieger not shaken, one road or track (within its doctrine's
// reach) from its target, goes in; every besieger there judges the same ratio
// on the same snapshot, so they go in together. While its faction has a
// campaign under way the campaign leads the attack (its main effort takes the
// objectives in their order of value) and the besiegers keep the ring.
bool Decisions::storm(const WorldState& state, const Presence& presence, const WorldGraph& world,
                      std::size_t i) {
  const auto& u = state.units;
  const FactionIndex f = u.faction[i];
  if (u.morale[i] < state.parameters.rally_morale ||
      state.commanders[static_cast<std::size_t>(f)].campaign.has_value())
    return false;
  const NodeIndex target = u.target[i];
  const Doctrine& doctrine = state.doctrines[static_cast<std::size_t>(f)];
  if (!next_within_reach(world, u.node[i], target, doctrine.reach_km) ||
      !may_fight_at(state, f, target) ||
      local_force_ratio(state, presence, world, f, target) < doctrine.attack_ratio)
    return false;
  new_order_[i] = Order::advance;
  return true;
}

void Decisions::hold(const WorldState& state, std::size_t i) {
  const auto& u = state.units;
  new_order_[i] = Order::hold;
  new_target_[i] = kNoNode;
  const std::size_t k = at(nodes_, u.faction[i], u.node[i]);
  holding_[k] += unit_strength(state, i);
  // The main effort holding a node is not its garrison: reserves still come
  // to free it.
  if (u.committed[i]) main_effort_holding_[k] += unit_strength(state, i);
}

void Decisions::upkeep_campaign(WorldState& state, const Presence& presence, const RuleContext& ctx,
                                FactionIndex f) {
  const auto fi = static_cast<std::size_t>(f);
  Commander& commander = state.commanders[fi];
  auto& u = state.units;
  if (commander.campaign) {
    const NodeIndex aim = commander.campaign->aim;
    const bool any = main_effort_left_[fi] != 0;  // rejoin_main_efforts
    // Done when its main effort is gone (no unit left that could come back
    // to it), or its aim is taken and nothing is left to take around it.
    const bool taken = friendly(state, f, state.nodes.controller[static_cast<std::size_t>(aim)]) &&
                       !operations_.plan(state, presence, ctx, f);
    if (taken || !any) {
      ctx.record(EventRecordKind::offensive, aim, f, kNoFaction, 0.0,
                 ctx.faction_id(f) + (taken ? " campaign takes its aim " : " campaign on ") +
                     ctx.node_id(aim) + (taken ? "" : " has culminated"));
      commander.campaign.reset();
      for (std::size_t i = 0; i < u.size(); ++i)
        if (u.faction[i] == f) leave_campaign(u, i);
    }
  }
  const Doctrine& doctrine = state.doctrines[fi];
  if (commander.campaign || commander.halted || !(doctrine.aggression > 0.0)) return;
  // A campaign of its own, with its free units wherever they stand: one at a
  // front node leaves the node the garrison it needs when it attacks
  // (decide_main_effort), so the front is held and still feeds the offensive.
  double total = 0.0;
  double free_fighters = 0.0;
  double free_strength = 0.0;
  ordered_.clear();
  free_at_.clear();
  for (std::size_t i = 0; i < u.size(); ++i) {
    if (!u.active[i] || u.faction[i] != f) continue;
    total += u.fighters[i];
    if (!u.committed[i] && free_order(u.order[i]) && u.edge[i] == kNoEdge) {
      free_fighters += u.fighters[i];
      free_strength += unit_strength(state, i);
      ordered_.push_back(i);
      free_at_.push_back(u.node[i]);
    }
  }
  // The aim is judged by the force the campaign will have: the commander
  // commits up to aggression x its fighters (below), not every free unit, so
  // a small share of a large faction does not set out for a capital its whole
  // free strength could not take.
  const double committed_share =
      free_fighters > 0.0 ? std::min(1.0, doctrine.aggression * total / free_fighters) : 0.0;
  const NodeIndex aim =
      operations_.choose_aim(state, presence, ctx, f, free_at_, free_strength * committed_share);
  if (aim == kNoNode) return;
  commander.campaign = Campaign{aim, false, -1};
  // The free units nearest the aim first (ties: the larger, then the lower
  // index), up to aggression x its fighters; none that cannot come to it.
  std::erase_if(ordered_, [&](std::size_t i) {
    return !(operations_.km_from_chosen_aim(u.node[i]) < PathSearch::kUnreached);
  });
  km_from_aim_.resize(nodes_);
  for (std::size_t n = 0; n < nodes_; ++n)
    km_from_aim_[n] = operations_.km_from_chosen_aim(static_cast<NodeIndex>(n));
  unit_order_.nearest_first(state, ordered_, km_from_aim_);
  double committed = 0.0;
  for (const std::size_t i : ordered_) {
    if (committed >= doctrine.aggression * total) break;
    u.committed[i] = 1;
    u.committed_fighters[i] = u.fighters[i];
    u.waited_days[i] = 0.0;
    committed += u.fighters[i];
  }
}

// An operational pause ends unit by unit: one that culminated and has
// rallied, been resupplied and is not spent rejoins the main effort. One pass
// for every faction's campaign: each faction's units are read and changed
// alone, so this is what each faction's upkeep would do at its turn.
void Decisions::rejoin_main_efforts(WorldState& state) {
  auto& u = state.units;
  std::uint32_t campaigns = 0;  // bit f: f has a campaign
  for (std::size_t fi = 0; fi < state.faction_count; ++fi)
    if (state.commanders[fi].campaign) campaigns |= 1u << fi;
  std::fill(main_effort_left_.begin(), main_effort_left_.end(), 0);
  if (campaigns == 0) return;
  for (std::size_t i = 0; i < u.size(); ++i) {
    if (!u.active[i] || !(campaigns >> u.faction[i] & 1u)) continue;
    if (regrouping(state, i) && rallied(state, i) && u.edge[i] == kNoEdge &&
        free_order(u.order[i])) {
      u.committed[i] = 1;
      u.waited_days[i] = 0.0;
    }
    if (u.committed[i] || regrouping(state, i))
      main_effort_left_[static_cast<std::size_t>(u.faction[i])] = 1;
  }
}

void Decisions::decide_main_effort(const WorldState& state, const Presence& presence,
                                   const Front& front, PathCache& paths, const RuleContext& ctx,
                                   std::size_t i) {
  const auto& u = state.units;
  const FactionIndex f = u.faction[i];
  const NodeIndex here = u.node[i];
  const Doctrine& doctrine = state.doctrines[static_cast<std::size_t>(f)];
  if (culminated(state, i)) {
    new_committed_[i] = 0;
    ctx.record(EventRecordKind::offensive, here, f, kNoFaction, 0.0,
               ctx.faction_id(f) + " unit culminates at " + ctx.node_id(here));
    hold(state, i);
    return;
  }
  // Hostile forces here: the fight for this node comes first. A shaken unit
  // (below combat.rally_morale) attacks nothing: it regroups where it is.
  if (hostile_strength(state, presence, f, here) > 0.0 ||
      u.morale[i] < state.parameters.rally_morale) {
    hold(state, i);
    return;
  }
  const NodeIndex objective =
      operations_.objective_for(state, paths, ctx, f, here, unit_strength(state, i));
  if (objective == kNoNode || objective == here) {
    hold(state, i);
    return;
  }
  NodeIndex hop =
      paths.field(f, objective, ctx.world, state).toward[static_cast<std::size_t>(here)];
  if (hop == kNoNode) {
    hold(state, i);
    return;
  }
  NodeIndex target = objective;
  bool enemy_ground = !friendly(state, f, state.nodes.controller[static_cast<std::size_t>(hop)]) ||
                      hostile_strength(state, presence, f, hop) > 0.0;
  // Never strip a front node below what it needs while the attack goes in:
  // leave a garrison of what it lacks if the unit has a slot for one and
  // stays the stronger part, else hold or fight what faces it.
  const std::size_t k = at(nodes_, f, here);
  const double need = front.need_while_attacking(state, presence, ctx.world, f, here,
                                                 enemy_ground ? hop : objective);
  const Guard guard = guard_for(state, i, k, need);
  const double covered = guard.covered;
  // The attack goes in: the garrison, if any, is left and holds the node.
  const auto attack = [&](NodeIndex attacked, double waited) {
    new_order_[i] = Order::advance;
    new_target_[i] = attacked;
    new_waited_[i] = waited;
    leave_guard(i, k, guard);
  };
  if (covered < need) {
    // Held here by the enemy in front: attack that enemy instead, if that
    // leaves nothing else threatening the node.
    // (Not with the last unit there: the campaign aims elsewhere, and the
    // node would be left empty.)
    const NodeIndex facing = strongest_neighbour(state, presence, ctx.world, f, here);
    if (facing == kNoNode || !(covered > 0.0) ||
        covered < front.need_while_attacking(state, presence, ctx.world, f, here, facing)) {
      hold(state, i);
      return;
    }
    target = hop = facing;
    enemy_ground = true;
  }
  if (enemy_ground) {
    const bool may_attack = may_fight_at(state, f, hop);
    const bool ready =
        local_force_ratio(state, presence, ctx.world, f, hop) >= doctrine.attack_ratio ||
        u.waited_days[i] >= doctrine.patience_days;
    if (may_attack && !ready) {
      // While the build-up for the main objective goes on, an objective next
      // to the unit that its doctrine's force ratio already allows is taken
      // (exploitation of a weakly held or abandoned position).
      const NodeIndex weak = weakest_objective_next_to(state, presence, ctx.world, f, here);
      if (weak != kNoNode &&
          covered >= front.need_while_attacking(state, presence, ctx.world, f, here, weak)) {
        attack(weak, u.waited_days[i] + ctx.dt);
        return;
      }
    }
    if (!may_attack || !ready) {
      // Build-up next to enemy ground.
      hold(state, i);
      if (may_attack) new_waited_[i] = u.waited_days[i] + ctx.dt;
      return;
    }
  }
  attack(target, 0.0);
}

// A local counter-attack: a unit not shaken, at a front node that keeps the
// garrison it needs while the attack goes in, attacks the neighbour (one road
// or track within its doctrine's reach) where hostile forces stand and its
// own combat power over theirs is highest and at least the doctrine's
// attack_ratio. A unit the node needs whole stays; one that is more than the
// node lacks leaves a garrison of that in its free detachment slot (if it
// stays the larger part) and attacks with the rest. Defence is not passive: a
// culminated or broken attacker in front of a holding force is thrown back.
bool Decisions::counter_attack(const WorldState& state, const Presence& presence,
                               const Front& front, const WorldGraph& world, std::size_t i) {
  const auto& u = state.units;
  if (u.morale[i] < state.parameters.rally_morale) return false;
  const FactionIndex f = u.faction[i];
  const NodeIndex here = u.node[i];
  const std::size_t k = at(nodes_, f, here);
  const Guard guard = guard_for(state, i, k, front.need(f, here));
  if (guard.covered < front.need(f, here)) return false;  // needed whole, no guard to leave
  const Doctrine& doctrine = state.doctrines[static_cast<std::size_t>(f)];
  const double strength = unit_strength(state, i) * (1.0 - guard.share);
  // Without a campaign under way, a faction with no appetite for new
  // objectives (aggression 0) counter-attacks only to restore its line: into
  // ground it has held in this run, or, from a besieged node, against the
  // ring. New ground is its leaders' decision: once they have opened a
  // campaign, local commanders attack wherever the odds allow.
  const bool new_ground = doctrine.aggression > 0.0 ||
                          state.commanders[static_cast<std::size_t>(f)].campaign.has_value() ||
                          state.nodes.besieged[static_cast<std::size_t>(here)];
  NodeIndex best = kNoNode;
  double best_ratio = 0.0;
  for (const auto& arc : world.adjacency().of(here)) {
    const NodeIndex n = arc.to;
    if (!within_reach(arc, world, doctrine.reach_km) ||
        !(hostile_strength(state, presence, f, n) > 0.0) || !may_fight_at(state, f, n) ||
        !(new_ground || state.nodes.held_before(static_cast<std::size_t>(n), f)))
      continue;
    const double ratio = combat_power(state, f, n, strength, u.morale[i]) /
                         defending_power(state, presence, world, f, n);
    if (ratio >= doctrine.attack_ratio &&
        (best == kNoNode || ratio > best_ratio || (ratio == best_ratio && n < best))) {
      best = n;
      best_ratio = ratio;
    }
  }
  if (best == kNoNode ||
      guard.covered < front.need_while_attacking(state, presence, world, f, here, best))
    return false;
  leave_guard(i, k, guard);
  new_order_[i] = Order::advance;
  new_target_[i] = best;
  return true;
}

// Where several main-effort units stand at a front node short of its need,
// the smallest one that covers the shortfall stays as its garrison, so the
// stronger ones are free to attack (economy of force). ordered_ is sorted by
// faction, node, strongest first.
void Decisions::garrison_main_effort(const WorldState& state, const Front& front) {
  const auto& u = state.units;
  std::fill(holds_for_the_front_.begin(), holds_for_the_front_.end(), 0);
  for (std::size_t begin = 0; begin < ordered_.size();) {
    const FactionIndex f = u.faction[ordered_[begin]];
    const NodeIndex n = u.node[ordered_[begin]];
    std::size_t end = begin + 1;
    while (end < ordered_.size() && u.faction[ordered_[end]] == f && u.node[ordered_[end]] == n)
      ++end;
    const double shortfall = front.need(f, n) - holding_[at(nodes_, f, n)];
    if (end - begin > 1 && shortfall > 0.0) {
      // The weakest first: the first that covers the shortfall alone.
      for (std::size_t r = end; r-- > begin;) {
        const std::size_t i = ordered_[r];
        if (unit_strength(state, i) >= shortfall && !culminated(state, i)) {
          hold(state, i);
          holds_for_the_front_[i] = 1;
          break;
        }
      }
    }
    begin = end;
  }
}

void Decisions::send_reserves(const WorldState& state, const Presence& presence, const Front& front,
                              const RuleContext& ctx) {
  const auto& u = state.units;
  sent_.clear();
  // The reserves in decision order, which groups them by faction: each
  // faction's group is then in the order dispatch puts it in, and those held
  // back for the follow-up below stay in it (each sort then a pass).
  unit_order_.by_place_strongest_first(state, reserves_);
  for (std::size_t begin = 0; begin < reserves_.size();) {
    const FactionIndex f = u.faction[reserves_[begin]];
    std::size_t end = begin + 1;
    while (end < reserves_.size() && u.faction[reserves_[end]] == f) ++end;
    const std::size_t from = static_cast<std::size_t>(f) * nodes_;
    reserves_of_.dispatch(state, front, ctx.world, f,
                          std::span<const std::size_t>(reserves_).subspan(begin, end - begin),
                          std::span<double>(holding_).subspan(from, nodes_),
                          std::span<const double>(main_effort_holding_).subspan(from, nodes_),
                          sent_);
    begin = end;
  }
  // Reserves nobody needs follow up a withdrawal or hold where they are; the
  // others redeploy.
  for (const std::size_t i : reserves_) {
    new_order_[i] = Order::hold;
    new_target_[i] = kNoNode;
  }
  for (const auto& [i, node] : sent_) {
    new_order_[i] = Order::redeploy;
    new_target_[i] = node;
  }
  ordered_.clear();
  for (const std::size_t i : reserves_)
    if (new_order_[i] == Order::hold) ordered_.push_back(i);
  unit_order_.by_place_strongest_first(state, ordered_);
  nothing_to_follow_up_ = {kNoFaction, kNoNode};
  for (const std::size_t i : ordered_) follow_up(state, presence, front, ctx.world, i);
}

// Follow-up of a withdrawal: a reserve nobody needs, not shaken and still
// supplied, occupies a place of a faction at war with it one road or track
// away (within its doctrine's reach, or however far if its faction has held
// the place before in this run: its own lost ground; and never beyond
// supply.range_km from its side's supply, counted along the road from the
// reserve's node) where no hostile force
// stands nor is on the road to it: ground the enemy has given up is taken,
// not left to its last owner, but a place an enemy column is coming from or going to is no
// ground given up (nobody slips past it on its road). One unit goes
// to a place each step, the most valuable place first (objective value;
// ties: the nearer, then the lower index), and only while its own node keeps
// the garrison it needs.
bool Decisions::follow_up(const WorldState& state, const Presence& presence, const Front& front,
                          const WorldGraph& world, std::size_t i) {
  const auto& u = state.units;
  if (u.morale[i] < state.parameters.rally_morale || !(u.supply_days[i] > 0.0)) return false;
  const FactionIndex f = u.faction[i];
  const NodeIndex here = u.node[i];
  // Past the unit's own fitness, nothing below depends on the unit but its
  // faction and node, and a place taken care of stays so: where one unit of f
  // found nothing to follow up into, the next ones at its node find nothing.
  if (nothing_to_follow_up_ == std::pair{f, here}) return false;
  nothing_to_follow_up_ = {f, here};
  const double reach = state.doctrines[static_cast<std::size_t>(f)].reach_km;
  // Nor beyond the supply range: occupying ground nobody defends is no
  // operation, and a reserve that would fight there at reduced power (an
  // advance that has outrun its supply) stays where it is.
  const double supply_km_here =
      state.supply_km[static_cast<std::size_t>(f) * nodes_ + static_cast<std::size_t>(here)];
  NodeIndex best = kNoNode;
  double best_value = 0.0;
  double best_km = 0.0;
  for (const auto& arc : world.adjacency().of(here)) {
    const NodeIndex n = arc.to;
    const FactionIndex holder = state.nodes.controller[static_cast<std::size_t>(n)];
    // Its own side's lost ground it retakes however long the road; other
    // ground within its reach; either within its supply range.
    const bool in_range =
        (within_reach(arc, world, reach) ||
         (drivable(arc.kind) && state.nodes.held_before(static_cast<std::size_t>(n), f))) &&
        supply_km_here + world.edge(arc.edge).km <= state.parameters.supply_range_km;
    if (!in_range || holder == kNoFaction || !state.at_war(f, holder) ||
        followed_up_[at(nodes_, f, n)] || hostile_strength(state, presence, f, n) > 0.0 ||
        hostile_on_road(presence, state.war_mask(f), arc.edge))
      continue;
    const double value = objective_value(world.node(n), state.parameters);
    const double km = world.edge(arc.edge).km;
    if (best == kNoNode || value > best_value ||
        (value == best_value && (km < best_km || (km == best_km && n < best)))) {
      best = n;
      best_value = value;
      best_km = km;
    }
  }
  if (best == kNoNode || holding_[at(nodes_, f, here)] <
                             front.need_while_attacking(state, presence, world, f, here, best))
    return false;
  nothing_to_follow_up_ = {kNoFaction, kNoNode};  // the next unit there may go elsewhere
  followed_up_[at(nodes_, f, best)] = 1;
  new_order_[i] = Order::advance;
  new_target_[i] = best;
  return true;
}

void Decisions::decide(WorldState& state, const Presence& presence, const Front& front,
                       PathCache& paths, const RuleContext& ctx) {
  rejoin_main_efforts(state);
  for (std::size_t fi = 0; fi < state.faction_count; ++fi) {
    upkeep_campaign(state, presence, ctx, static_cast<FactionIndex>(fi));
    operations_.plan(state, presence, ctx, static_cast<FactionIndex>(fi));
  }
  std::fill(holding_.begin(), holding_.end(), 0.0);
  std::fill(main_effort_holding_.begin(), main_effort_holding_.end(), 0.0);
  std::fill(closing_ring_.begin(), closing_ring_.end(), 0.0);
  std::fill(followed_up_.begin(), followed_up_.end(), 0);
  reserves_.clear();
  auto& u = state.units;
  const Parameters& p = state.parameters;
  rejoin_detachments(state);
  // A shaken unit (below combat.rally_morale) is nobody's reserve: it
  // regroups where it stands.
  const auto reserve_or_regroup = [&](std::size_t i) {
    if (u.morale[i] < p.rally_morale)
      hold(state, i);
    else
      reserves_.push_back(i);
  };
  // One pass over every unit: the standing orders (and the garrisons that
  // hold whatever happens), and the units that decide below, listed for the
  // front (ordered_) and the main effort (main_effort_). What the front's
  // units do to the holding strengths and the reserves waits (front_free_)
  // until every garrison is counted: the holding sums then add in the order
  // of separate passes, to the bit.
  ordered_.clear();
  main_effort_.clear();
  front_free_.clear();
  // Every unit keeps its orders unless decided otherwise below: whole columns
  // copied at once (into the storage swapped out last pass, so nothing is
  // allocated), not element by element inside the pass.
  new_order_.assign(u.order.begin(), u.order.end());
  new_target_.assign(u.target.begin(), u.target.end());
  new_waited_.assign(u.waited_days.begin(), u.waited_days.end());
  new_committed_.assign(u.committed.begin(), u.committed.end());
  for (std::size_t i = 0; i < u.size(); ++i) {
    if (!u.active[i] || u.edge[i] != kNoEdge) continue;
    const FactionIndex f = u.faction[i];
    const NodeIndex here = u.node[i];
    const auto hi = static_cast<std::size_t>(here);
    switch (u.order[i]) {
      case Order::garrison:
      case Order::blockade:
        holding_[at(nodes_, f, here)] += unit_strength(state, i);
        break;
      case Order::besiege:
        if (u.target[i] == kNoNode ||
            friendly(state, f, state.nodes.controller[static_cast<std::size_t>(u.target[i])]))
          new_order_[i] = Order::hold;
        else if (!storm(state, presence, ctx.world, i))
          close_the_ring(state, presence, ctx.world, i);
        break;
      case Order::retreat:
        // A retreat ends where the unit has rallied, or where it is out of
        // the fight (its morale then recovers while it holds).
        if (!state.nodes.contested[hi] && (u.morale[i] >= p.rally_morale || !under_fire(state, hi)))
          new_order_[i] = Order::hold;
        break;
      default:
        break;
    }
    if (!free_order(u.order[i])) continue;
    if (u.committed[i]) {
      main_effort_.push_back(i);
      continue;
    }
    // 1. The front: free units not committed hold their node up to its need,
    // the strongest first (so the order of the unit table never matters).
    if (u.order[i] == Order::redeploy && u.target[i] != here && u.target[i] != kNoNode &&
        friendly(state, f, state.nodes.controller[static_cast<std::size_t>(u.target[i])]))
      continue;  // still on its way
    if (u.order[i] == Order::advance && u.target[i] != here && u.target[i] != kNoNode)
      continue;  // a standing order to advance (the scenario's), until it arrives
    if (hostile_strength(state, presence, f, here) > 0.0) {
      front_free_.push_back({i, true});  // in contact where it stands: it fights for the node
    } else if (front.need(f, here) > 0.0) {
      ordered_.push_back(i);
    } else if (const NodeIndex post = parent_post(state, i); post != kNoNode) {
      new_order_[i] = Order::redeploy;  // a detachment nobody needs rejoins its unit
      new_target_[i] = post;
    } else {
      front_free_.push_back({i, false});
    }
  }
  for (const auto& [i, in_contact] : front_free_) {
    if (in_contact)
      hold(state, i);
    else
      reserve_or_regroup(i);
  }
  unit_order_.by_place_strongest_first(state, ordered_);
  for (const std::size_t i : ordered_) {
    const bool needed =
        holding_[at(nodes_, u.faction[i], u.node[i])] < front.need(u.faction[i], u.node[i]);
    if (counter_attack(state, presence, front, ctx.world, i)) continue;
    if (needed)
      hold(state, i);
    else
      reserve_or_regroup(i);
  }
  // 2. The main effort, in the same order.
  ordered_.swap(main_effort_);
  unit_order_.by_place_strongest_first(state, ordered_);
  garrison_main_effort(state, front);
  for (const std::size_t i : ordered_)
    if (!holds_for_the_front_[i]) decide_main_effort(state, presence, front, paths, ctx, i);
  // 3. Reserves to the front nodes still short of their need.
  send_reserves(state, presence, front, ctx);
  // The new orders take the old ones' place (the old are copied over again
  // at the start of the next decision pass).
  u.order.swap(new_order_);
  u.target.swap(new_target_);
  u.waited_days.swap(new_waited_);
  u.committed.swap(new_committed_);
  make_detachments(state);
}

}  // namespace frontline
