#pragma once
// The state of a run: factions, units (structure of arrays), civilian groups,
// commanders and per-node conditions. A WorldState is a plain value: copying
// it copies the run. What never changes during a run (names, doctrine, supply
// sources) lives in FactionProfile and the world graph instead.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "frontline/core/ids.hpp"
#include "frontline/core/parameters.hpp"
#include "frontline/core/vocabulary.hpp"

namespace frontline {

inline constexpr EdgeIndex kNoEdge = -1;

struct AirBridge {
  std::string id;
  NodeIndex airbase = kNoNode;
};

// What a faction is; fixed for the run.
struct FactionProfile {
  std::string id;
  std::string name;
  std::string colour;
  std::string coalition;
  Doctrine doctrine;
  std::vector<NodeIndex> home;  // its home region: supply sources while no enemy holds them
  bool sea = false;             // its ports on a sea lane are supply sources
  std::vector<AirBridge> air_bridges;
};

// Units: one entry per brigade or column, including those a reinforcement
// event brings later (inactive until then). Hot loops read these columns.
struct UnitTable {
  std::vector<FactionIndex> faction;
  std::vector<std::uint8_t> active;
  std::vector<double> fighters;
  std::vector<double> vehicles;
  std::vector<double> morale;        // 0..1
  std::vector<double> supply_days;   // the unit's own stock
  std::vector<NodeIndex> node;       // where it is, or the edge's origin while moving
  std::vector<NodeIndex> next_node;  // the edge's destination, kNoNode at a node
  std::vector<EdgeIndex> edge;       // kNoEdge at a node
  std::vector<double> progress_km;   // along the edge from `node`
  std::vector<Order> order;
  std::vector<NodeIndex> target;  // objective, retreat destination or besieged node
  // Operations: the unit belongs to its faction's campaign (main effort), its
  // fighters when it was committed (culmination is measured against them) and
  // how long it has been building up before its next attack.
  std::vector<std::uint8_t> committed;
  std::vector<double> committed_fighters;
  std::vector<double> waited_days;
  // The slot of the garrison a unit of a scripted campaign may leave behind
  // when it attacks from a front node it alone holds (kNoUnit: none).
  std::vector<UnitIndex> detachment;

  std::size_t size() const { return faction.size(); }
  void resize(std::size_t n);
  bool on_edge(std::size_t u) const { return edge[u] != kNoEdge; }
};

enum class CivilianStatus : std::uint8_t { home, displaced, returning };

// Civilian groups: the people of one origin who are at one node. Group n
// (n < node count) is node n's residents at home; displaced groups are added
// the first time people of an origin reach a node, and reused after that.
struct CivilianGroups {
  std::vector<NodeIndex> origin;
  std::vector<NodeIndex> current;
  std::vector<double> size;
  std::vector<CivilianStatus> status;

  std::size_t count() const { return origin.size(); }
  // The group of `from`'s people at `at`, created empty if new. At their own
  // origin, this is the group that never left (status home).
  std::size_t group(NodeIndex from, NodeIndex at);
  // The group of `from`'s people who came back after being displaced.
  std::size_t returned(NodeIndex from);

 private:
  std::unordered_map<std::uint64_t, std::uint32_t> index_;
};

// A campaign: what a leader decided (an aim and the forces committed), or an
// objective the commander chose itself (aggression > 0). The committed units
// (UnitTable::committed) are its main effort; the model chooses the
// objectives on the way to the aim.
struct Campaign {
  NodeIndex aim = kNoNode;
  bool scripted = false;    // given by a campaign event (else the commander's own)
  std::int32_t event = -1;  // index of the scheduled event that opened it
};

struct Commander {
  bool halted = false;  // after a halt event: no campaign of its own until the next campaign
  std::optional<Campaign> campaign;
};

// An air campaign under way: `faction` flies sorties a day against `other`'s
// forces in the area until its last step (air_campaign.hpp).
struct AirCampaign {
  FactionIndex faction = kNoFaction;
  FactionIndex other = kNoFaction;
  std::vector<std::uint8_t> in_area;  // [N]
  double sorties_per_day = 0.0;
  std::int32_t last_step = 0;
  std::int32_t event = 0;  // the scheduled event that began it (keys its draws)
};

struct AirBridgeRate {
  double flights_per_day = 0.0;
  double tonnes_per_flight = 0.0;
};

// Per-node conditions; every vector has one entry per node.
struct NodeStates {
  std::vector<FactionIndex> controller;
  std::vector<std::uint8_t> contested;     // factions at war both present
  std::vector<std::uint8_t> besieged;      // held but not reached by the holder's supply
  std::vector<std::uint8_t> siege_open;    // a siege_begun was recorded and not yet ended
  std::vector<FactionIndex> siege_holder;  // who held it when the siege began
  std::vector<FactionIndex> holder;        // faction accumulating uncontested presence
  std::vector<double> hold_days;
  std::vector<double> stocks_days;
  std::vector<double> humanitarian;  // 0 normal .. 1 catastrophic
  std::vector<double> quiet_days;    // days since last contested or besieged
  std::vector<std::uint8_t> return_called;
  std::vector<std::uint16_t> blockaded_by;  // bit f: faction f declared a blockade here
  std::vector<double> shut_share;           // share of capacity the latest declaration shuts in
  std::vector<std::uint16_t> warships;      // bit f: a warship of faction f is off this port
  std::vector<double> oil_ramp;             // 0..1 of capacity
  std::vector<double> oil_output_bpd;       // fields: production; terminals: throughput
  std::vector<double> population;           // people present
  std::vector<double> displaced;            // people from here who are elsewhere
  std::vector<std::uint8_t> air_supplied;   // reached only through an air bridge
  std::vector<std::uint8_t> fought;         // factions at war fought here in the last combat phase
  std::vector<std::uint8_t> struck;         // hit from the air in the last air campaign phase
  std::vector<std::uint16_t> held_by;       // bit f: faction f has held it in this run

  std::size_t size() const { return controller.size(); }
  void resize(std::size_t n);
  // n passes to f (kNoFaction: nobody), which has then held it.
  void set_controller(std::size_t n, FactionIndex f) {
    controller[n] = f;
    if (f != kNoFaction) held_by[n] |= static_cast<std::uint16_t>(1u << static_cast<unsigned>(f));
  }
  // Whether f has held n at some time in this run (from the start on).
  bool held_before(std::size_t n, FactionIndex f) const {
    return f != kNoFaction && (held_by[n] >> static_cast<unsigned>(f) & 1u) != 0;
  }
};

// Values of WorldState::reached.
inline constexpr std::uint8_t kReachedByLand =
    1;  // by road from a home-region node, crossing or port
inline constexpr std::uint8_t kReachedByAir = 2;  // only through an air bridge

struct WorldState {
  int step = 0;  // the next step to run = the current time index
  Parameters parameters;
  std::size_t faction_count = 0;
  std::vector<Relation> relations;              // [F][F], symmetric, allied on the diagonal
  std::vector<std::int32_t> ceasefire_since;    // [F][F] step a ceasefire began, -1 if none
  std::vector<Doctrine> doctrines;              // [F] doctrine events change them
  std::vector<double> killed;                   // [F] cumulative
  std::vector<double> wounded;                  // [F] cumulative
  std::vector<Commander> commanders;            // [F]
  std::vector<std::vector<AirBridgeRate>> air;  // [F][bridge]
  std::vector<AirCampaign> air_campaigns;       // under way, in the order begun
  std::vector<std::uint8_t> reached;            // [F][N] 0, kReachedByLand or kReachedByAir
  std::vector<double> supply_km;  // [F][N] road km from the nearest source (inf: none)
  UnitTable units;
  CivilianGroups civilians;
  NodeStates nodes;
  double oil_revenue_usd = 0.0;  // cumulative
  double oil_loss_usd = 0.0;     // cumulative foregone revenue against capacity

  Relation relation(FactionIndex a, FactionIndex b) const {
    return relations[static_cast<std::size_t>(a) * faction_count + static_cast<std::size_t>(b)];
  }
  // A new ceasefire starts its clock at `at_step` (its discipline erodes).
  void set_relation(FactionIndex a, FactionIndex b, Relation r, std::int32_t at_step = 0);
  bool at_war(FactionIndex a, FactionIndex b) const {
    return a != kNoFaction && b != kNoFaction && relation(a, b) == Relation::war;
  }
  // Bit g set: a is at war with g (kMaxFactions fits), for passes over many nodes.
  std::uint32_t war_mask(FactionIndex a) const {
    std::uint32_t mask = 0;
    for (std::size_t g = 0; g < faction_count; ++g)
      if (at_war(a, static_cast<FactionIndex>(g))) mask |= 1u << g;
    return mask;
  }
  // A node held by b blocks a's supply and movement: at war, or under a
  // ceasefire (the lines are frozen; crossing needs the other side's consent).
  bool blocks(FactionIndex a, FactionIndex b) const {
    if (a == kNoFaction || b == kNoFaction || a == b) return false;
    const Relation r = relation(a, b);
    return r == Relation::war || r == Relation::ceasefire;
  }
  std::uint8_t& reach(FactionIndex f, NodeIndex n) {
    return reached[static_cast<std::size_t>(f) * nodes.size() + static_cast<std::size_t>(n)];
  }
  std::uint8_t reach(FactionIndex f, NodeIndex n) const {
    return reached[static_cast<std::size_t>(f) * nodes.size() + static_cast<std::size_t>(n)];
  }
};

// Fighters of each faction at each node ([F][N], row-major, into `values`), the
// recorded `strength`: a unit on an edge counts at its origin.
void fighters_at_nodes(const WorldState& state, std::span<double> values);

}  // namespace frontline
