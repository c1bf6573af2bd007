#pragma once
// Phase 1: scripted events dated in this step. The engine resolves the
// scenario's events (ids to indices) and expands repeats into this list once,
// when it freezes the model; here they take effect.
#include <span>
#include <string>
#include <vector>

#include "frontline/rules/context.hpp"

namespace frontline {

struct ScheduledEvent {
  int step = 0;            // the step in which it applies
  std::int32_t index = 0;  // position in the expanded queue (keys its random draws)
  EventKind kind = EventKind::campaign;
  std::string id;
  FactionIndex faction = kNoFaction;
  FactionIndex other = kNoFaction;
  NodeIndex node = kNoNode;
  NodeIndex target = kNoNode;    // campaign: its aim
  std::vector<NodeIndex> nodes;  // air_campaign: its area (empty: everywhere)
  std::vector<UnitIndex> units;
  UnitIndex unit = -1;        // reinforcement: the unit that receives the fighters
  Order order = Order::hold;  // reinforcement: the order it arrives with
  bool join = false;          // reinforcement: joins the faction's campaign
  double share = 0.0;  // campaign: share of fighters committed; blockade: of capacity shut in
  std::vector<std::pair<std::size_t, double>> doctrine;  // doctrine: (kDoctrineFields index, value)
  std::int32_t bridge = -1;  // airlift: index into the faction's air bridges
  double fighters = 0.0;
  double vehicles = 0.0;
  double sorties = 0.0;        // air_campaign: sorties a day
  std::int32_t last_step = 0;  // air_campaign: the last step it flies in
  double flights_per_day = 0.0;
  double tonnes_per_flight = 0.0;
  Relation relation = Relation::war;
  std::string parameter;
  double value = 0.0;
  std::string text;
};

// Applies each event and records an EventRecord for it. Returns true if an
// event changed something that cached paths depend on (control, relations,
// movement parameters).
bool apply_events(std::span<const ScheduledEvent> due, WorldState& state, const RuleContext& ctx);

}  // namespace frontline
