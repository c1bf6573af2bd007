#pragma once
// The words every layer shares: kinds of places and roads, orders, relations
// between factions, event kinds and doctrine. Scenario files spell them, the
// rules act on them, outputs print them; they live here so that the rules
// need not see the scenario's specs. to_string() gives the names as written
// in files and outputs.
#include <array>
#include <cstdint>

namespace frontline {

// A border_crossing is a supply source (goods and fighters from the
// neighbouring country) to any faction no enemy keeps from it.
enum class NodeKind {
  city,
  town,
  port,
  oil_terminal,
  oil_field,
  airbase,
  junction,
  border_crossing
};
enum class EdgeKind { road, track, sea, pipeline };

// A road or a track: an edge columns drive on (not a sea lane or a pipeline).
constexpr bool drivable(EdgeKind kind) { return kind == EdgeKind::road || kind == EdgeKind::track; }
// A port or an oil terminal: a place ships come in to.
constexpr bool is_port(NodeKind kind) {
  return kind == NodeKind::port || kind == NodeKind::oil_terminal;
}

// hold: stay (and defend); advance: attack toward the target; redeploy: move
// to a friendly node and hold there; garrison: stay whatever happens.
enum class Order { hold, advance, besiege, blockade, retreat, garrison, redeploy };

// An order that leaves the unit to its commander (hold, advance, redeploy): it
// may be committed to a campaign, hold the front or go as a reserve. The others
// are standing orders (garrison, besiege, blockade, retreat).
constexpr bool free_order(Order order) {
  return order == Order::hold || order == Order::advance || order == Order::redeploy;
}

enum class Relation { war, ceasefire, neutral, allied };

enum class EventKind {
  offensive,         // removed: a file that uses it gets an error naming `campaign`
  halt,              // faction: ends its campaign (its units hold where they are)
  reinforcement,     // faction, node, fighters, vehicles, unit (new or existing), order
  campaign,          // faction, aim, units and/or share: a campaign and its forces
  doctrine,          // faction, doctrine values: the faction's doctrine from then on
  redeploy,          // faction, units, node: the units move to a friendly node and hold
  ceasefire,         // faction, other: relation becomes ceasefire
  relation,          // faction, other, relation
  blockade,          // faction, nodes (empty = every oil node it holds): declared
  lift_blockade,     // faction, nodes (empty = all)
  naval_deployment,  // faction, node (a port): a warship arrives
  naval_withdrawal,  // faction, node
  air_campaign,      // faction flies sorties (a day) against other, over an area, until
  airlift,           // faction, bridge, flights_per_day, tonnes_per_flight
  parameter,         // parameter path, value
  call_to_return,    // node (empty = all nodes), faction issuing it
  defection,         // units, node or nodes of `other` change sides to `faction`
};

// A faction's way of fighting, set per faction in the scenario.
struct Doctrine {
  double aggression = 0.5;            // 0..1: appetite for new objectives
  double cohesion = 0.5;              // 0..1: resistance to desertion and rout
  double casualty_tolerance = 0.5;    // > 0: divides morale loss
  double ceasefire_discipline = 0.9;  // 0..1: 1 never violates a ceasefire
  double attack_ratio = 3.0;          // local force ratio needed to attack
  double breakpoint = 0.3;            // morale below which a unit retreats
  double area_fire_share = 0.3;       // share of fire that is area fire (linear law)
  // Operations (docs/model.md, "Front" and "Operations").
  double hold_ratio = 0.5;      // garrison kept per unit of threat, before posture
  double reach_km = 100.0;      // hostile forces this close by road threaten a node (unscreened)
  double patience_days = 14.0;  // longest build-up before attacking below attack_ratio
  double culmination_strength = 0.5;  // share of the committed fighters below which it culminates
};

// Doctrine's fields by name, with the bounds a file may give: one table for the
// faction's doctrine and for doctrine events.
struct DoctrineField {
  const char* name;
  double Doctrine::*member;
  double min;
  double max;
};
inline constexpr std::array<DoctrineField, 11> kDoctrineFields = {{
    {"aggression", &Doctrine::aggression, 0.0, 1.0},
    {"cohesion", &Doctrine::cohesion, 0.0, 1.0},
    {"casualty_tolerance", &Doctrine::casualty_tolerance, 0.01, 10.0},
    {"ceasefire_discipline", &Doctrine::ceasefire_discipline, 0.0, 1.0},
    {"attack_ratio", &Doctrine::attack_ratio, 0.1, 20.0},
    {"breakpoint", &Doctrine::breakpoint, 0.0, 1.0},
    {"area_fire_share", &Doctrine::area_fire_share, 0.0, 1.0},
    {"hold_ratio", &Doctrine::hold_ratio, 0.0, 10.0},
    {"reach_km", &Doctrine::reach_km, 0.0, 2000.0},
    {"patience_days", &Doctrine::patience_days, 0.0, 3650.0},
    {"culmination_strength", &Doctrine::culmination_strength, 0.0, 1.0},
}};

// Morale of a unit when it first enters the scenario (a fresh unit).
inline constexpr double kFreshUnitMorale = 0.8;

inline const char* to_string(NodeKind kind) {
  switch (kind) {
    case NodeKind::city:
      return "city";
    case NodeKind::town:
      return "town";
    case NodeKind::port:
      return "port";
    case NodeKind::oil_terminal:
      return "oil_terminal";
    case NodeKind::oil_field:
      return "oil_field";
    case NodeKind::airbase:
      return "airbase";
    case NodeKind::junction:
      return "junction";
    case NodeKind::border_crossing:
      return "border_crossing";
  }
  return "unknown";
}

inline const char* to_string(EdgeKind kind) {
  switch (kind) {
    case EdgeKind::road:
      return "road";
    case EdgeKind::track:
      return "track";
    case EdgeKind::sea:
      return "sea";
    case EdgeKind::pipeline:
      return "pipeline";
  }
  return "unknown";
}

inline const char* to_string(Order order) {
  switch (order) {
    case Order::hold:
      return "hold";
    case Order::advance:
      return "advance";
    case Order::besiege:
      return "besiege";
    case Order::blockade:
      return "blockade";
    case Order::retreat:
      return "retreat";
    case Order::garrison:
      return "garrison";
    case Order::redeploy:
      return "redeploy";
  }
  return "unknown";
}

inline const char* to_string(Relation relation) {
  switch (relation) {
    case Relation::war:
      return "war";
    case Relation::ceasefire:
      return "ceasefire";
    case Relation::neutral:
      return "neutral";
    case Relation::allied:
      return "allied";
  }
  return "unknown";
}

inline const char* to_string(EventKind kind) {
  switch (kind) {
    case EventKind::offensive:
      return "offensive";
    case EventKind::halt:
      return "halt";
    case EventKind::reinforcement:
      return "reinforcement";
    case EventKind::campaign:
      return "campaign";
    case EventKind::doctrine:
      return "doctrine";
    case EventKind::redeploy:
      return "redeploy";
    case EventKind::ceasefire:
      return "ceasefire";
    case EventKind::relation:
      return "relation";
    case EventKind::blockade:
      return "blockade";
    case EventKind::lift_blockade:
      return "lift_blockade";
    case EventKind::naval_deployment:
      return "naval_deployment";
    case EventKind::naval_withdrawal:
      return "naval_withdrawal";
    case EventKind::air_campaign:
      return "air_campaign";
    case EventKind::airlift:
      return "airlift";
    case EventKind::parameter:
      return "parameter";
    case EventKind::call_to_return:
      return "call_to_return";
    case EventKind::defection:
      return "defection";
  }
  return "unknown";
}

}  // namespace frontline
