#include "frontline/calibrate/target.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace frontline {

const char* to_string(TargetForm form) {
  switch (form) {
    case TargetForm::interval:
      return "interval";
    case TargetForm::value:
      return "value";
    case TargetForm::capture_date:
      return "capture-date";
    case TargetForm::never:
      return "never";
  }
  return "?";
}

double default_interval_scale(double lower, double upper) {
  if (std::isfinite(lower) && std::isfinite(upper) && upper > lower) return (upper - lower) / 2.0;
  const double end = std::isfinite(lower) ? lower : (std::isfinite(upper) ? upper : 0.0);
  return end == 0.0 ? 1.0 : std::abs(end) / 10.0;
}

double comparable_value(const CalibrationTarget& target, double simulated, double horizon_days) {
  const bool capture = target.form == TargetForm::capture_date || target.form == TargetForm::never;
  if (capture && !std::isnan(simulated) && (!std::isfinite(simulated) || simulated > horizon_days))
    return horizon_days + 1.0;
  return simulated;
}

double target_distance(const CalibrationTarget& target, double simulated, double horizon_days) {
  const double x = comparable_value(target, simulated, horizon_days);
  if (std::isnan(x)) return std::numeric_limits<double>::infinity();
  const double outside = std::max({target.lower - x, x - target.upper, 0.0});
  return outside / target.scale;
}

}  // namespace frontline
