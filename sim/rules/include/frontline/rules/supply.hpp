#pragma once
// Phase 2: supply by encirclement. A faction's supply sources are places in
// the world: the nodes of its home region, border crossings, ports (for a
// faction that uses the sea) with no hostile warship off them, and the
// airbases of its air bridges while flights come in; a place counts while no
// faction that blocks it (war or ceasefire) holds it. Supply flows from them
// by road and track through nodes that no blocking faction holds and hostile
// forces do not interdict: hostile
// effective strength at a node and its land neighbours above
// supply.interdiction_ratio times the friendly strength at the node. An
// interdicted node is still reached, but supply goes no further.
//
// A node held by f is besieged when no such route by land joins it to a
// source other than itself while one would exist if no hostile force stood in
// the way (sea lanes feed ports, which are sources, but lift no siege): an encirclement needs an
// encircler (no enemy, no siege), and a node that is a source itself (a home town, a port with the
// sea open, an airbase with a bridge) can still be besieged; it then keeps that supply (a pocket
// supplied by sea or air). Reached, unbesieged nodes and the units at them replenish; units
// elsewhere draw their own stock down. Forces far from their sources fight at reduced power
// (supply_power).
#include "frontline/rules/context.hpp"
#include "frontline/rules/presence.hpp"
#include "frontline/world/shortest_paths.hpp"

namespace frontline {

class Supply {
 public:
  void reset(const WorldGraph& world, std::size_t factions);
  // Computes state.reached, state.supply_km, nodes.besieged and
  // nodes.air_supplied only, from who stands where (interdiction).
  void compute_reach(WorldState& state, const Presence& presence, const RuleContext& ctx);
  // compute_reach, then stock and unit supply updates for the step.
  void update(WorldState& state, const Presence& presence, const RuleContext& ctx);

 private:
  void reach_of(WorldState& state, const Presence& presence, const RuleContext& ctx,
                FactionIndex f);
  void join_components(const WorldGraph& world);
  bool joined_to_other_source(const WorldGraph& world, NodeIndex n) const;
  void count_potential_sources(const WorldState& state, const RuleContext& ctx, FactionIndex f);
  bool could_be_supplied(NodeIndex n) const;

  // Scratch, sized once per run; nothing in it is state.
  std::vector<std::uint8_t> open_;          // [N] supply may pass on through n
  std::vector<std::uint8_t> source_;        // [N] a source of the faction this step
  std::vector<NodeIndex> land_sources_;     // home region, crossings, ports
  std::vector<NodeIndex> air_sources_;      // air-bridge airbases
  PathSearch land_;                         // road km from the land sources
  PathSearch air_;                          // road km from the air sources
  std::vector<std::size_t> rank_, parent_;  // union-find over open nodes
  std::vector<std::int32_t> sources_in_;    // [N] per component root: sources in it
  std::vector<NodeIndex> a_source_in_;      // [N] per component root: one of them
  std::vector<int> land_component_;         // [N] components of the whole land network
  std::vector<std::int32_t> potential_in_;  // [N] per land component: potential sources
  std::vector<NodeIndex> a_potential_in_;   // [N]
  std::vector<double> air_fighters_;        // [F]
  std::vector<double> air_tonnes_;          // [F]
  std::vector<double> air_rate_;            // [F]
};

// Days of stock an air bridge adds per day to the nodes it alone supplies:
// tonnes per day / (tonnes per fighter-day x fighters supplied).
double air_days_per_day(double tonnes_per_day, double fighters, const Parameters& p);

// Combat power factor of forces `km` by road from their nearest source: 1 up
// to supply.range_km, falling linearly to supply.min_power at twice that and
// beyond (van Creveld's motor-transport limit; docs/model.md).
double supply_distance_factor(double km, const Parameters& p);

// The factor for faction f's forces at n this step: by distance where f's
// supply reaches n; where it does not, 1 for the garrison of a besieged node
// of f while its stocks last, else supply.min_power.
double supply_power(const WorldState& state, FactionIndex f, NodeIndex n);

}  // namespace frontline
