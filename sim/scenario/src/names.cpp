#include "names.hpp"

namespace frontline {

const char* to_string(NodeKind kind) {
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
  }
  return "unknown";
}

const char* to_string(EdgeKind kind) {
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

const char* to_string(Order order) {
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
  }
  return "unknown";
}

const char* to_string(Relation relation) {
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

const char* to_string(EventKind kind) {
  switch (kind) {
    case EventKind::offensive:
      return "offensive";
    case EventKind::halt:
      return "halt";
    case EventKind::reinforcement:
      return "reinforcement";
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
    case EventKind::airstrike:
      return "airstrike";
    case EventKind::airlift:
      return "airlift";
    case EventKind::parameter:
      return "parameter";
    case EventKind::call_to_return:
      return "call_to_return";
  }
  return "unknown";
}

const char* to_string(TargetMetric metric) {
  switch (metric) {
    case TargetMetric::controls:
      return "controls";
    case TargetMetric::capture_day:
      return "capture_day";
    case TargetMetric::killed:
      return "killed";
    case TargetMetric::wounded:
      return "wounded";
    case TargetMetric::wounded_per_killed:
      return "wounded_per_killed";
    case TargetMetric::oil_output_fraction:
      return "oil_output_fraction";
    case TargetMetric::oil_loss:
      return "oil_loss";
    case TargetMetric::event_count:
      return "event_count";
    case TargetMetric::besieged_days:
      return "besieged_days";
    case TargetMetric::displaced:
      return "displaced";
    case TargetMetric::strength:
      return "strength";
    case TargetMetric::humanitarian:
      return "humanitarian";
    case TargetMetric::population:
      return "population";
  }
  return "unknown";
}

namespace detail {

template <>
const std::vector<NodeKind>& all_values<NodeKind>() {
  static const std::vector<NodeKind> values = {
      NodeKind::city,      NodeKind::town,    NodeKind::port,    NodeKind::oil_terminal,
      NodeKind::oil_field, NodeKind::airbase, NodeKind::junction};
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
                                            Order::blockade, Order::retreat, Order::garrison};
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
      EventKind::reinforcement,    EventKind::ceasefire,
      EventKind::relation,         EventKind::blockade,
      EventKind::lift_blockade,    EventKind::naval_deployment,
      EventKind::naval_withdrawal, EventKind::airstrike,
      EventKind::airlift,          EventKind::parameter,
      EventKind::call_to_return};
  return values;
}

template <>
const std::vector<TargetMetric>& all_values<TargetMetric>() {
  static const std::vector<TargetMetric> values = {
      TargetMetric::controls,  TargetMetric::capture_day,        TargetMetric::killed,
      TargetMetric::wounded,   TargetMetric::wounded_per_killed, TargetMetric::oil_output_fraction,
      TargetMetric::oil_loss,  TargetMetric::event_count,        TargetMetric::besieged_days,
      TargetMetric::displaced, TargetMetric::strength,           TargetMetric::humanitarian,
      TargetMetric::population};
  return values;
}

const std::vector<std::string>& record_event_names() {
  static const std::vector<std::string> names = {
      "capture",          "siege_begun",  "siege_ended",      "blockade_declared",
      "blockade_lifted",  "violation",    "airstrike",        "retreat",
      "offensive",        "ceasefire",    "relation_change",  "reinforcement",
      "naval_deployment", "airlift",      "parameter_change", "call_to_return",
      "surrender",        "displacement", "return_home"};
  return names;
}

}  // namespace detail
}  // namespace frontline
