#pragma once
// The names of the spec's enumerations as written in files and outputs. Inline so
// that modules which use the specs without the YAML loader (world, rules, engine)
// share one definition.
#include "frontline/scenario/spec.hpp"

namespace frontline {

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

inline const char* to_string(TargetMetric metric) {
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
    case TargetMetric::held_days:
      return "held_days";
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

}  // namespace frontline
