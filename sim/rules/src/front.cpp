#include "frontline/rules/front.hpp"

#include <algorithm>
#include <array>
#include <bit>

namespace frontline {

bool within_reach(const CompactAdjacency::Arc& arc, const WorldGraph& world, double reach_km) {
  return (arc.kind == EdgeKind::road || arc.kind == EdgeKind::track) &&
         world.edge(arc.edge).km <= reach_km;
}

double defence_posture(const NodeProperties& node, const Parameters& p) {
  return node.urban * node.fortification * p.hasty_defence;
}

double hostile_strength(const Presence& presence, std::uint32_t enemies, NodeIndex n) {
  double total = 0.0;
  // Factions with no unit at n add exactly zero: skipped.
  for (enemies &= presence.standing(n); enemies != 0; enemies &= enemies - 1)
    total += presence.strength(static_cast<FactionIndex>(std::countr_zero(enemies)), n);
  return total;
}

double hostile_strength(const WorldState& state, const Presence& presence, FactionIndex f,
                        NodeIndex n) {
  return hostile_strength(presence, state.war_mask(f), n);
}

void Front::reset(std::size_t factions, std::size_t nodes) {
  nodes_ = nodes;
  threat_.assign(factions * nodes, 0.0);
  need_.assign(factions * nodes, 0.0);
}

void Front::assess(const WorldState& state, const Presence& presence, const WorldGraph& world) {
  std::fill(threat_.begin(), threat_.end(), 0.0);
  std::fill(need_.begin(), need_.end(), 0.0);
  const Parameters& p = state.parameters;
  std::array<std::uint32_t, kMaxFactions> enemies{};
  for (std::size_t f = 0; f < state.faction_count; ++f)
    enemies[f] = state.war_mask(static_cast<FactionIndex>(f));
  for (std::size_t ni = 0; ni < nodes_; ++ni) {
    const FactionIndex f = state.nodes.controller[ni];
    if (f == kNoFaction) continue;
    const auto n = static_cast<NodeIndex>(ni);
    const Doctrine& doctrine = state.doctrines[static_cast<std::size_t>(f)];
    const std::uint32_t hostile = enemies[static_cast<std::size_t>(f)];
    // Factions standing at n or one arc away: where none is hostile, the
    // threat is exactly zero and the entries keep the zeros filled above.
    std::uint32_t near = presence.standing(n);
    for (const auto& arc : world.adjacency().of(n)) near |= presence.standing(arc.to);
    if (!(near & hostile)) continue;
    double total = hostile_strength(presence, hostile, n);
    for (const auto& arc : world.adjacency().of(n))
      if (within_reach(arc, world, doctrine.reach_km))
        total += hostile_strength(presence, hostile, arc.to);
    // No threat needs no garrison: the entries stay the zeros (hold_ratio x 0
    // / posture is 0 for the doctrine's and the map's ranges).
    if (total == 0.0) continue;
    threat_[at(f, n)] = total;
    need_[at(f, n)] = doctrine.hold_ratio * total / defence_posture(world.node(n), p);
  }
}

double Front::need_while_attacking(const WorldState& state, const Presence& presence,
                                   const WorldGraph& world, FactionIndex f, NodeIndex n,
                                   NodeIndex objective) const {
  const double base = need(f, n);
  if (!(base > 0.0)) return 0.0;
  const Doctrine& doctrine = state.doctrines[static_cast<std::size_t>(f)];
  double engaged = 0.0;
  if (objective == n) {
    engaged = hostile_strength(state, presence, f, n);
  } else {
    for (const auto& arc : world.adjacency().of(n))
      if (arc.to == objective && within_reach(arc, world, doctrine.reach_km)) {
        engaged = hostile_strength(state, presence, f, objective);
        break;
      }
  }
  const double remaining = std::max(0.0, threat(f, n) - engaged);
  return doctrine.hold_ratio * remaining / defence_posture(world.node(n), state.parameters);
}

}  // namespace frontline
