#include "frontline/rules/front.hpp"

#include <algorithm>

namespace frontline {

bool within_reach(const CompactAdjacency::Arc& arc, const WorldGraph& world, double reach_km) {
  return drivable(arc.kind) && within_reach(world.edge(arc.edge), reach_km);
}

bool next_within_reach(const WorldGraph& world, NodeIndex from, NodeIndex to, double reach_km) {
  const auto& arcs = world.adjacency().of(from);
  return std::any_of(arcs.begin(), arcs.end(), [&](const CompactAdjacency::Arc& arc) {
    return arc.to == to && within_reach(arc, world, reach_km);
  });
}

double defence_posture(const NodeProperties& node, const Parameters& p) {
  return node.urban * node.fortification * p.hasty_defence;
}

double hostile_strength_in_contact(const WorldState& state, const Presence& presence,
                                   const WorldGraph& world, FactionIndex f, NodeIndex n) {
  const std::uint32_t enemies = state.war_mask(f);
  double most = hostile_strength(presence, enemies, n);
  for (const auto& arc : world.adjacency().of(n))
    if (within_reach(arc, world, state.parameters.contact_range_km))
      most = std::max(most, hostile_strength(presence, enemies, arc.to));
  return most;
}

void Front::reset(std::size_t factions, std::size_t nodes) {
  nodes_ = nodes;
  threat_.assign(factions * nodes, 0.0);
  need_.assign(factions * nodes, 0.0);
  spreads_.assign(factions * nodes, Spread{});
  km_.assign(nodes, 0.0);
  seen_.assign(nodes, 0);
  stamp_ = 0;
  heap_.clear();
}

// Adds `strength`, standing at `from`, to the threat of every node f holds
// that it can reach by road or track within reach_km: a bounded search that
// goes on through any ground except a node where f's own forces stand (they
// screen what lies behind them; the force at `from` itself is not screened).
// The nodes found are kept and searched again only when the search could
// differ; each reached node gets one addition per source, the sources in node
// order, so a kept search adds the same doubles in the same order.
void Front::spread_threat(const WorldState& state, const Presence& presence,
                          const WorldGraph& world, FactionIndex f, NodeIndex from, double strength,
                          double reach_km) {
  Spread& spread = spreads_[at(f, from)];
  if (!still_holds(spread, presence, f, reach_km))
    search(presence, world, f, from, reach_km, spread);
  for (const Reached& r : spread.reached)
    if (state.nodes.controller[static_cast<std::size_t>(r.node)] == f)
      threat_[at(f, r.node)] += strength;
}

// Whether a search from spread's source would find what it found last time:
// it reads f's presence only at the nodes it reaches (the source's own is never
// read), so it runs the same way while each of them is screened as before.
bool Front::still_holds(const Spread& spread, const Presence& presence, FactionIndex f,
                        double reach_km) {
  if (spread.reach_km != reach_km || spread.reached.empty()) return false;
  for (auto r = spread.reached.begin() + 1; r != spread.reached.end(); ++r)
    if ((presence.fighters(f, r->node) > 0.0) != r->screened) return false;
  return true;
}

void Front::search(const Presence& presence, const WorldGraph& world, FactionIndex f,
                   NodeIndex from, double reach_km, Spread& spread) {
  if (++stamp_ == 0) {
    std::fill(seen_.begin(), seen_.end(), 0);
    stamp_ = 1;
  }
  const auto later = [](const std::pair<double, NodeIndex>& a,
                        const std::pair<double, NodeIndex>& b) {
    return a.first != b.first ? a.first > b.first : a.second > b.second;
  };
  spread.reach_km = reach_km;
  spread.reached.clear();
  heap_.clear();
  heap_.emplace_back(0.0, from);
  km_[static_cast<std::size_t>(from)] = 0.0;
  seen_[static_cast<std::size_t>(from)] = stamp_;
  while (!heap_.empty()) {
    std::pop_heap(heap_.begin(), heap_.end(), later);
    const auto [km, x] = heap_.back();
    heap_.pop_back();
    const auto xi = static_cast<std::size_t>(x);
    if (km > km_[xi]) continue;
    const bool screened = x != from && presence.fighters(f, x) > 0.0;
    spread.reached.push_back({x, screened});
    if (screened) continue;
    for (const auto& arc : world.adjacency().of(x)) {
      if (arc.kind != EdgeKind::road && arc.kind != EdgeKind::track) continue;
      const double next = km + world.edge(arc.edge).km;
      const auto yi = static_cast<std::size_t>(arc.to);
      if (next > reach_km || (seen_[yi] == stamp_ && !(next < km_[yi]))) continue;
      seen_[yi] = stamp_;
      km_[yi] = next;
      heap_.emplace_back(next, arc.to);
      std::push_heap(heap_.begin(), heap_.end(), later);
    }
  }
}

void Front::assess(const WorldState& state, const Presence& presence, const WorldGraph& world) {
  std::fill(threat_.begin(), threat_.end(), 0.0);
  std::fill(need_.begin(), need_.end(), 0.0);
  const Parameters& p = state.parameters;
  // Threats spread only from nodes where some unit stands, taken in node order.
  occupied_.clear();
  for (std::size_t ni = 0; ni < nodes_; ++ni)
    if (presence.standing(static_cast<NodeIndex>(ni)) != 0)
      occupied_.push_back(static_cast<NodeIndex>(ni));
  for (std::size_t fi = 0; fi < state.faction_count; ++fi) {
    const auto f = static_cast<FactionIndex>(fi);
    const std::uint32_t hostile = state.war_mask(f);
    if (hostile == 0) continue;
    const double reach = state.doctrines[fi].reach_km;
    for (const NodeIndex n : occupied_) {
      const double strength = hostile_strength(presence, hostile, n);
      if (strength > 0.0) spread_threat(state, presence, world, f, n, strength, reach);
    }
  }
  for (std::size_t ni = 0; ni < nodes_; ++ni) {
    const FactionIndex f = state.nodes.controller[ni];
    if (f == kNoFaction) continue;
    const auto n = static_cast<NodeIndex>(ni);
    // No threat needs no garrison: the entry stays the zero filled above.
    if (!(threat_[at(f, n)] > 0.0)) continue;
    need_[at(f, n)] = state.doctrines[static_cast<std::size_t>(f)].hold_ratio * threat_[at(f, n)] /
                      defence_posture(world.node(n), p);
  }
}

double Front::need_while_attacking(const WorldState& state, const Presence& presence,
                                   const WorldGraph& world, FactionIndex f, NodeIndex n,
                                   NodeIndex objective) const {
  const double base = need(f, n);
  if (!(base > 0.0)) return 0.0;
  const Doctrine& doctrine = state.doctrines[static_cast<std::size_t>(f)];
  double engaged = 0.0;
  if (objective == n || next_within_reach(world, n, objective, doctrine.reach_km))
    engaged = hostile_strength(state, presence, f, objective);
  const double remaining = std::max(0.0, threat(f, n) - engaged);
  return doctrine.hold_ratio * remaining / defence_posture(world.node(n), state.parameters);
}

}  // namespace frontline
