#pragma once
// Prior distributions of calibrated parameters: uniform, log-uniform, normal
// and normal truncated to [min, max]. Each maps the unit interval onto its
// values (quantile), gives its density, and has a "working space" (log(x) for
// log-uniform, x otherwise) in which ABC perturbs particles and emulators
// measure distances.
#include <string>

namespace frontline {

enum class PriorKind { uniform, log_uniform, normal, truncated_normal };
const char* to_string(PriorKind kind);  // "uniform", "log-uniform", "normal", "truncated-normal"

struct Prior {
  PriorKind kind = PriorKind::uniform;
  double min = 0.0;  // support (uniform, log-uniform, truncated-normal); -inf/+inf for normal
  double max = 1.0;
  double mean = 0.0;  // normal and truncated-normal
  double sd = 1.0;

  static Prior uniform(double min, double max);
  static Prior log_uniform(double min, double max);
  static Prior normal(double mean, double sd);
  static Prior truncated_normal(double mean, double sd, double min, double max);

  bool in_support(double x) const;
  // Probability of [min, max] under the untruncated normal (1 for other kinds).
  double truncated_mass() const;
  // The value at probability u (0 < u < 1), and back.
  double quantile(double u) const;
  double cdf(double x) const;
  // Working space: log(x) for log-uniform, x otherwise.
  double to_working(double x) const;
  double from_working(double z) const;
  // The density of the working-space value z (0 outside the support).
  double working_density(double z) const;
  // "uniform(0.02, 0.2)", "normal(2500, 500)", ...
  std::string describe() const;
};

}  // namespace frontline
