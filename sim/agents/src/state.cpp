#include "frontline/agents/state.hpp"

#include <algorithm>

namespace frontline {

void UnitTable::resize(std::size_t n) {
  faction.resize(n, kNoFaction);
  active.resize(n, 0);
  fighters.resize(n, 0.0);
  vehicles.resize(n, 0.0);
  morale.resize(n, 0.0);
  supply_days.resize(n, 0.0);
  node.resize(n, kNoNode);
  next_node.resize(n, kNoNode);
  edge.resize(n, kNoEdge);
  progress_km.resize(n, 0.0);
  order.resize(n, Order::hold);
  target.resize(n, kNoNode);
  committed.resize(n, 0);
  committed_fighters.resize(n, 0.0);
  waited_days.resize(n, 0.0);
  detachment.resize(n, kNoUnit);
}

namespace {
// Keys: (origin, node) for a group at a node; (origin, marker) for the returned.
constexpr std::uint32_t kReturnedMarker = 0xFFFFFFFFu;
std::uint64_t group_key(NodeIndex from, std::uint32_t at) {
  return static_cast<std::uint64_t>(static_cast<std::uint32_t>(from)) << 32 | at;
}
}  // namespace

std::size_t CivilianGroups::group(NodeIndex from, NodeIndex at) {
  const auto [it, fresh] = index_.emplace(group_key(from, static_cast<std::uint32_t>(at)),
                                          static_cast<std::uint32_t>(origin.size()));
  if (fresh) {
    origin.push_back(from);
    current.push_back(at);
    size.push_back(0.0);
    status.push_back(from == at ? CivilianStatus::home : CivilianStatus::displaced);
  }
  return it->second;
}

std::size_t CivilianGroups::returned(NodeIndex from) {
  const auto [it, fresh] =
      index_.emplace(group_key(from, kReturnedMarker), static_cast<std::uint32_t>(origin.size()));
  if (fresh) {
    origin.push_back(from);
    current.push_back(from);
    size.push_back(0.0);
    status.push_back(CivilianStatus::returning);
  }
  return it->second;
}

void NodeStates::resize(std::size_t n) {
  controller.resize(n, kNoFaction);
  contested.resize(n, 0);
  besieged.resize(n, 0);
  siege_open.resize(n, 0);
  siege_holder.resize(n, kNoFaction);
  holder.resize(n, kNoFaction);
  hold_days.resize(n, 0.0);
  stocks_days.resize(n, 0.0);
  humanitarian.resize(n, 0.0);
  quiet_days.resize(n, 0.0);
  return_called.resize(n, 0);
  blockaded_by.resize(n, 0);
  shut_share.resize(n, 1.0);
  warships.resize(n, 0);
  oil_ramp.resize(n, 1.0);
  oil_output_bpd.resize(n, 0.0);
  population.resize(n, 0.0);
  displaced.resize(n, 0.0);
  air_supplied.resize(n, 0);
  fought.resize(n, 0);
  struck.resize(n, 0);
  held_by.resize(n, 0);
}

void WorldState::set_relation(FactionIndex a, FactionIndex b, Relation r, std::int32_t at_step) {
  if (ceasefire_since.size() != relations.size()) ceasefire_since.assign(relations.size(), -1);
  const auto ab = static_cast<std::size_t>(a) * faction_count + static_cast<std::size_t>(b);
  const auto ba = static_cast<std::size_t>(b) * faction_count + static_cast<std::size_t>(a);
  if (r == Relation::ceasefire && relations[ab] != Relation::ceasefire)
    ceasefire_since[ab] = ceasefire_since[ba] = at_step;
  if (r != Relation::ceasefire) ceasefire_since[ab] = ceasefire_since[ba] = -1;
  relations[static_cast<std::size_t>(a) * faction_count + static_cast<std::size_t>(b)] = r;
  relations[static_cast<std::size_t>(b) * faction_count + static_cast<std::size_t>(a)] = r;
}

void fighters_at_nodes(const WorldState& state, std::span<double> values) {
  const std::size_t nodes = state.nodes.size();
  std::fill(values.begin(), values.end(), 0.0);
  const UnitTable& units = state.units;
  for (std::size_t i = 0; i < units.size(); ++i)
    if (units.active[i])
      values[static_cast<std::size_t>(units.faction[i]) * nodes +
             static_cast<std::size_t>(units.node[i])] += units.fighters[i];
}

}  // namespace frontline
