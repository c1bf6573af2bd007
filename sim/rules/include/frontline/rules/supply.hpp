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
// sea open, an airbase with a bridge) is besieged only with the enemy at its gates (hostile forces
// at it or one road within combat.contact_range_km); it then keeps that supply (a pocket supplied
// by sea or air). Reached, unbesieged nodes and the units at them replenish; units elsewhere draw
// their own stock down. Forces far from their sources fight at reduced power (supply_power).
#include "frontline/rules/context.hpp"
#include "frontline/rules/presence.hpp"
#include "frontline/world/shortest_paths.hpp"

namespace frontline {

class Supply {
 public:
  void reset(const WorldGraph& world, const std::vector<FactionProfile>& factions);
  // Computes state.reached, state.supply_km, nodes.besieged and
  // nodes.air_supplied only, from who stands where (interdiction).
  void compute_reach(WorldState& state, const Presence& presence, const RuleContext& ctx);
  // compute_reach, then stock and unit supply updates for the step.
  void update(WorldState& state, const Presence& presence, const RuleContext& ctx);

 private:
  // A faction's supply network as last computed: which nodes pass supply on
  // and which are its sources (the key), and what follows from them alone:
  // road km from the land and the air sources, and the components of the open
  // network with the sources in each. Searched again only when the key
  // changes (a capture, interdiction, a warship, an air bridge, a relation).
  // Which nodes of a faction's network are open and which are sources while
  // no hostile force stands near (the key before interdiction), and its
  // sources in node order. It follows from who holds what, the relations,
  // the warships and which air bridges fly, and is built again only when one
  // of those changed since (it is then what a fresh build would give).
  struct Unopposed {
    std::vector<std::uint8_t> key;         // [N] kOpen | kLandSource | kAirSource
    std::vector<NodeIndex> land_sources;   // home region, crossings, ports
    std::vector<NodeIndex> air_sources;    // air-bridge airbases with flights
    std::vector<FactionIndex> controller;  // [N] what it was built from
    std::vector<std::uint16_t> warships;   // [N]
    std::vector<std::uint8_t> flying;      // [bridge]
    std::uint32_t blocked_by = 0;          // bit g: a node g holds blocks the faction
    std::uint32_t hostile = 0;             // bit g: at war with g
    bool built = false;
  };
  struct Network {
    Unopposed unopposed;
    std::vector<std::uint8_t> key;         // [N] kOpen | kLandSource | kAirSource
    PathSearch land;                       // road km from the land sources
    PathSearch air;                        // road km from the air sources
    std::vector<std::size_t> root;         // [N] component root (union-find parents)
    std::vector<std::int32_t> sources_in;  // [N] per component root: sources in it
    std::vector<NodeIndex> a_source_in;    // [N] per component root: one of them
    // What the last reach_of wrote from this network, and what else it read:
    // while the key, the controllers and which air bridges fly are the same,
    // the faction's rows of state.reached and state.supply_km (written by
    // Supply alone) still hold, and its air-supplied and encircled nodes are
    // set again from these lists (an encircled node is besieged while there is
    // something at it to besiege, which is read afresh).
    std::vector<FactionIndex> controller;  // [N] (empty: nothing written yet)
    std::vector<std::uint8_t> flying;      // [bridge] flights coming in
    std::vector<NodeIndex> encircled;      // its nodes it found cut off (besieged if occupied)
    std::vector<NodeIndex> air_supplied;   // its nodes supplied by air only
  };

  void reach_of(WorldState& state, const Presence& presence, const RuleContext& ctx,
                FactionIndex f);
  void key_of(const WorldState& state, const Presence& presence, const RuleContext& ctx,
              FactionIndex f);
  // Builds network.unopposed again if what it follows from changed (after note_flying).
  void update_unopposed(const WorldState& state, const RuleContext& ctx, FactionIndex f,
                        std::uint32_t blocked_by, std::uint32_t hostile, Unopposed& unopposed);
  void search_network(const RuleContext& ctx, Network& network);
  void join_components(const WorldGraph& world, Network& network);
  void mark_hostile_neighbourhoods(const Presence& presence, const WorldGraph& world);
  bool interdicted(const WorldState& state, const Presence& presence, const WorldGraph& world,
                   FactionIndex f, NodeIndex n) const;
  static bool joined_to_other_source(const WorldGraph& world, const Network& network, NodeIndex n);
  // Which of f's air bridges fly (the places it could draw on count them), into flying_.
  void note_flying(const WorldState& state, FactionIndex f);
  // Whether the reach follows from what the network's last reach_of wrote
  // (its key is the present one; after note_flying).
  bool reach_unchanged(const WorldState& state, const Network& network) const;
  void count_potential_sources(const WorldState& state, const RuleContext& ctx, FactionIndex f);
  bool could_be_supplied(NodeIndex n) const;
  static bool something_to_besiege(const WorldState& state, const Presence& presence,
                                   const WorldGraph& world, FactionIndex f, NodeIndex n);
  static bool besieged_now(const WorldState& state, const Presence& presence,
                           const WorldGraph& world, const Network& network, FactionIndex f,
                           NodeIndex n);

  // Fixed for a run: per faction and node, the places it could draw on with
  // no hostile force in the way (kPlace... bits), and the nodes on a sea lane.
  std::vector<std::uint8_t> places_;   // [F][N]
  std::vector<std::uint8_t> on_lane_;  // [N]
  std::vector<Network> networks_;      // [F]
  // Scratch, sized once per run; nothing in it is state.
  std::vector<std::uint8_t> key_;            // [N] the key being computed
  std::vector<std::uint32_t> present_near_;  // [N] factions with strength at n or a land neighbour
  std::vector<NodeIndex> near_nodes_;        // the nodes whose present_near_ is not zero
  bool any_air_supplied_ = false;            // some node's air_supplied set by compute_reach
  std::vector<std::size_t> rank_;            // union-find ranks
  std::vector<int> land_component_;          // [N] components of the whole land network
  std::vector<std::int32_t> potential_in_;   // [N] per land component: potential sources
  std::vector<NodeIndex> a_potential_in_;    // [N]
  std::vector<double> air_fighters_;         // [F]
  std::vector<double> air_tonnes_;           // [F]
  std::vector<double> air_rate_;             // [F]
  std::vector<std::uint8_t> flying_;         // [bridge] of the faction in reach_of
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
