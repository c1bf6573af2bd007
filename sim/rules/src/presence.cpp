#include "frontline/rules/presence.hpp"

#include <algorithm>
#include <cassert>

#include "frontline/rules/context.hpp"

namespace frontline {

void Presence::reset(std::size_t factions, std::size_t nodes, std::size_t edges) {
  nodes_ = nodes;
  fighters_.assign(factions * nodes, 0.0);
  strength_.assign(factions * nodes, 0.0);
  morale_strength_.assign(factions * nodes, 0.0);
  standing_.assign(nodes, 0);
  on_road_.assign(edges, 0);
}

void Presence::count(const WorldState& state) {
  std::fill(fighters_.begin(), fighters_.end(), 0.0);
  std::fill(strength_.begin(), strength_.end(), 0.0);
  std::fill(standing_.begin(), standing_.end(), 0);
  std::fill(morale_strength_.begin(), morale_strength_.end(), 0.0);
  std::fill(on_road_.begin(), on_road_.end(), 0);
  // The columns and tables through plain pointers held for the whole pass:
  // through the vectors, every store to a table of doubles would make the
  // compiler load the columns' addresses again (they might alias). The sums
  // are add's, in the same order.
  const auto& u = state.units;
  const std::uint8_t* active = u.active.data();
  const EdgeIndex* edge = u.edge.data();
  const NodeIndex* node = u.node.data();
  const FactionIndex* faction = u.faction.data();
  const double* fighters = u.fighters.data();
  const double* vehicles = u.vehicles.data();
  const double* morale = u.morale.data();
  double* fighters_at = fighters_.data();
  double* strength_at = strength_.data();
  double* morale_strength_at = morale_strength_.data();
  std::uint16_t* standing = standing_.data();
  std::uint16_t* on_road = on_road_.data();
  const Parameters& p = state.parameters;
  const std::size_t units = u.size();
  for (std::size_t i = 0; i < units; ++i) {
    if (!active[i]) continue;
    const auto bit = static_cast<std::uint16_t>(1u << faction[i]);
    if (edge[i] != kNoEdge) {
      if (fighters[i] > 0.0) on_road[static_cast<std::size_t>(edge[i])] |= bit;
      continue;
    }
    const std::size_t k = at(faction[i], node[i]);
    const double f = fighters[i];
    const double strength = effective_strength(f, vehicles[i], p);
    const double m = morale[i];
    fighters_at[k] += f;
    strength_at[k] += strength;
    morale_strength_at[k] += strength * m;
    standing[static_cast<std::size_t>(node[i])] |= bit;
  }
}

void Presence::add(const WorldState& state, std::size_t i, std::size_t k) {
  const auto& u = state.units;
  fighters_[k] += u.fighters[i];
  const double strength = unit_strength(state, i);
  strength_[k] += strength;
  morale_strength_[k] += strength * u.morale[i];
}

void Presence::recount_morale(const WorldState& state, FactionIndex f, NodeIndex n) {
  const auto& u = state.units;
  double morale_strength = 0.0;
  for (std::size_t i = 0; i < u.size(); ++i)
    if (u.active[i] && u.faction[i] == f && u.node[i] == n && u.edge[i] == kNoEdge)
      morale_strength += unit_strength(state, i) * u.morale[i];
  morale_strength_[at(f, n)] = morale_strength;
}

void UnitsByNode::group(const WorldState& state) {
  const auto& u = state.units;
  offset_.assign(state.nodes.size() + 1, 0);
  for (std::size_t i = 0; i < u.size(); ++i)
    if (u.node[i] != kNoNode) ++offset_[static_cast<std::size_t>(u.node[i]) + 1];
  for (std::size_t n = 1; n < offset_.size(); ++n) offset_[n] += offset_[n - 1];
  units_.resize(offset_.back());
  next_.assign(offset_.begin(), offset_.end() - 1);
  for (std::size_t i = 0; i < u.size(); ++i)
    if (u.node[i] != kNoNode) units_[next_[static_cast<std::size_t>(u.node[i])]++] = i;
}

void Presence::recount(const WorldState& state, FactionIndex f, NodeIndex n,
                       std::span<const std::size_t> units) {
  const auto& u = state.units;
  const std::size_t k = at(f, n);
  fighters_[k] = strength_[k] = morale_strength_[k] = 0.0;
  for (const std::size_t i : units) {
    assert(u.node[i] == n);  // `units` is n's group
    if (u.active[i] && u.faction[i] == f && u.edge[i] == kNoEdge) add(state, i, k);
  }
  const auto bit = static_cast<std::uint16_t>(1u << f);
  auto& standing = standing_[static_cast<std::size_t>(n)];
  standing = fighters_[k] > 0.0 ? static_cast<std::uint16_t>(standing | bit)
                                : static_cast<std::uint16_t>(standing & ~bit);
}

}  // namespace frontline
