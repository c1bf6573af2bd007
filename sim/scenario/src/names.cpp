#include "names.hpp"

namespace frontline {

namespace detail {

template <>
const std::vector<NodeKind>& all_values<NodeKind>() {
  static const std::vector<NodeKind> values = {
      NodeKind::city,      NodeKind::town,    NodeKind::port,     NodeKind::oil_terminal,
      NodeKind::oil_field, NodeKind::airbase, NodeKind::junction, NodeKind::border_crossing};
  return values;
}

template <>
const std::vector<EdgeKind>& all_values<EdgeKind>() {
  static const std::vector<EdgeKind> values = {EdgeKind::road, EdgeKind::track, EdgeKind::sea,
                                               EdgeKind::pipeline};
  return values;
}

template <>
const std::vector<Order>& all_values<Order>() {
  static const std::vector<Order> values = {Order::hold,     Order::advance, Order::besiege,
                                            Order::blockade, Order::retreat, Order::garrison,
                                            Order::redeploy};
  return values;
}

template <>
const std::vector<Relation>& all_values<Relation>() {
  static const std::vector<Relation> values = {Relation::war, Relation::ceasefire,
                                               Relation::neutral, Relation::allied};
  return values;
}

template <>
const std::vector<EventKind>& all_values<EventKind>() {
  static const std::vector<EventKind> values = {
      EventKind::offensive,        EventKind::halt,
      EventKind::reinforcement,    EventKind::campaign,
      EventKind::doctrine,         EventKind::redeploy,
      EventKind::ceasefire,        EventKind::relation,
      EventKind::blockade,         EventKind::lift_blockade,
      EventKind::naval_deployment, EventKind::naval_withdrawal,
      EventKind::air_campaign,     EventKind::airlift,
      EventKind::parameter,        EventKind::call_to_return,
      EventKind::defection};
  return values;
}

template <>
const std::vector<TargetMetric>& all_values<TargetMetric>() {
  static const std::vector<TargetMetric> values = {
      TargetMetric::controls,   TargetMetric::capture_day,        TargetMetric::killed,
      TargetMetric::wounded,    TargetMetric::wounded_per_killed, TargetMetric::oil_output_fraction,
      TargetMetric::oil_loss,   TargetMetric::event_count,        TargetMetric::besieged_days,
      TargetMetric::displaced,  TargetMetric::strength,           TargetMetric::humanitarian,
      TargetMetric::population, TargetMetric::held_days};
  return values;
}

const std::vector<std::string>& record_event_names() {
  static const std::vector<std::string> names = {
      "capture",          "siege_begun",  "siege_ended",      "blockade_declared",
      "blockade_lifted",  "violation",    "airstrike",        "retreat",
      "offensive",        "ceasefire",    "relation_change",  "reinforcement",
      "naval_deployment", "airlift",      "parameter_change", "call_to_return",
      "surrender",        "displacement", "return_home",      "defection"};
  return names;
}

}  // namespace detail
}  // namespace frontline
