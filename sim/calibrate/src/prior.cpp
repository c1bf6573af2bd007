#include "frontline/calibrate/prior.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <limits>

#include "frontline/scenario/yaml_check.hpp"

namespace frontline {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

const boost::math::normal& standard_normal() {
  static const boost::math::normal distribution(0.0, 1.0);
  return distribution;
}

double phi(double z) {
  if (z == kInfinity) return 1.0;
  if (z == -kInfinity) return 0.0;
  return boost::math::cdf(standard_normal(), z);
}

double phi_inverse(double p) { return boost::math::quantile(standard_normal(), p); }

double normal_pdf(double z) { return boost::math::pdf(standard_normal(), z); }

}  // namespace

const char* to_string(PriorKind kind) {
  switch (kind) {
    case PriorKind::uniform:
      return "uniform";
    case PriorKind::log_uniform:
      return "log-uniform";
    case PriorKind::normal:
      return "normal";
    case PriorKind::truncated_normal:
      return "truncated-normal";
  }
  return "?";
}

Prior Prior::uniform(double min, double max) { return {PriorKind::uniform, min, max, 0.0, 1.0}; }

Prior Prior::log_uniform(double min, double max) {
  return {PriorKind::log_uniform, min, max, 0.0, 1.0};
}

Prior Prior::normal(double mean, double sd) {
  return {PriorKind::normal, -kInfinity, kInfinity, mean, sd};
}

Prior Prior::truncated_normal(double mean, double sd, double min, double max) {
  return {PriorKind::truncated_normal, min, max, mean, sd};
}

bool Prior::in_support(double x) const { return std::isfinite(x) && x >= min && x <= max; }

double Prior::truncated_mass() const {
  if (kind != PriorKind::truncated_normal) return 1.0;
  return phi((max - mean) / sd) - phi((min - mean) / sd);
}

double Prior::quantile(double u) const {
  switch (kind) {
    case PriorKind::uniform:
      return min + u * (max - min);
    case PriorKind::log_uniform:
      return std::exp(std::log(min) + u * (std::log(max) - std::log(min)));
    case PriorKind::normal:
      return mean + sd * phi_inverse(u);
    case PriorKind::truncated_normal: {
      const double lo = phi((min - mean) / sd);
      const double hi = phi((max - mean) / sd);
      const double p = lo + u * (hi - lo);
      if (p <= 0.0) return min;
      if (p >= 1.0) return max;
      return std::clamp(mean + sd * phi_inverse(p), min, max);
    }
  }
  return min;
}

double Prior::cdf(double x) const {
  if (x <= min) return 0.0;
  if (x >= max) return 1.0;
  switch (kind) {
    case PriorKind::uniform:
      return (x - min) / (max - min);
    case PriorKind::log_uniform:
      return (std::log(x) - std::log(min)) / (std::log(max) - std::log(min));
    case PriorKind::normal:
      return phi((x - mean) / sd);
    case PriorKind::truncated_normal: {
      const double lo = phi((min - mean) / sd);
      const double hi = phi((max - mean) / sd);
      return (phi((x - mean) / sd) - lo) / (hi - lo);
    }
  }
  return 0.0;
}

double Prior::to_working(double x) const {
  return kind == PriorKind::log_uniform ? std::log(x) : x;
}

double Prior::from_working(double z) const {
  return kind == PriorKind::log_uniform ? std::exp(z) : z;
}

double Prior::working_density(double z) const {
  const double x = from_working(z);
  if (!in_support(x)) return 0.0;
  switch (kind) {
    case PriorKind::uniform:
      return 1.0 / (max - min);
    case PriorKind::log_uniform:
      return 1.0 / (std::log(max) - std::log(min));
    case PriorKind::normal:
      return normal_pdf((x - mean) / sd) / sd;
    case PriorKind::truncated_normal: {
      const double mass = phi((max - mean) / sd) - phi((min - mean) / sd);
      return normal_pdf((x - mean) / sd) / sd / mass;
    }
  }
  return 0.0;
}

std::string Prior::describe() const {
  const std::string name = to_string(kind);
  switch (kind) {
    case PriorKind::uniform:
    case PriorKind::log_uniform:
      return name + "(" + format_number(min) + ", " + format_number(max) + ")";
    case PriorKind::normal:
      return name + "(" + format_number(mean) + ", " + format_number(sd) + ")";
    case PriorKind::truncated_normal:
      return name + "(" + format_number(mean) + ", " + format_number(sd) + ", " +
             format_number(min) + ", " + format_number(max) + ")";
  }
  return name;
}

}  // namespace frontline
