#pragma once
// What a calibration fits: each target is a scenario target's metric (the
// scenario's own, or one the calibration file adds) with an acceptable region
// and a scale. The distance of a simulated value is how far it lies outside
// the region, in scales (0 inside). Forms:
//   interval      [lower, upper] (either may be infinite), e.g. the scenario's min/max
//   value         value +- tolerance: lower = upper = value, scale = tolerance
//   capture date  capture_day = day +- tolerance days (never captured counts as the
//                 day after the horizon)
//   never         capture_day beyond the horizon (not captured while the run lasts)
#include <string>

#include "frontline/core/error.hpp"

namespace frontline {

enum class TargetForm { interval, value, capture_date, never };
const char* to_string(TargetForm form);

struct CalibrationTarget {
  std::string id;  // the scenario target's id
  std::string text;
  TargetForm form = TargetForm::interval;
  double lower = 0.0;
  double upper = 0.0;
  double scale = 1.0;
  Location where;
  // A target the calibration file adds to the scenario: the --set argument
  // ("targets.ID={...}") that adds it; empty for the scenario's own.
  std::string added_override;
};

// The default scale of an interval: half its width if both ends are finite,
// else a tenth of the finite end (1 if that is 0).
double default_interval_scale(double lower, double upper);

// A simulated value as the target reads it: for capture forms, "never"
// (infinite, or beyond the horizon) becomes horizon_days + 1.
double comparable_value(const CalibrationTarget& target, double simulated, double horizon_days);

// Distance in scales outside [lower, upper]; +inf for a NaN value.
double target_distance(const CalibrationTarget& target, double simulated, double horizon_days);

}  // namespace frontline
