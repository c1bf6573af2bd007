#pragma once
// The names of the spec's own enumerations as written in files and outputs (the
// shared vocabulary's names are in frontline/core/vocabulary.hpp). Inline so that
// modules which use the specs without the YAML loader share one definition.
#include "frontline/scenario/spec.hpp"

namespace frontline {

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
