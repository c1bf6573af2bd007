#pragma once
// What a sweep varies and how: parameters (by --set path) and the design that
// turns them into design points (grid, Latin hypercube, Sobol/Saltelli).
// Plain values; the sweep file loader fills them, build_design() samples.
#include <cstdint>
#include <string>
#include <vector>

#include "frontline/core/error.hpp"

namespace frontline {

struct SweepParameter {
  std::string name;  // column suffix: param_<name>
  std::string path;  // --set path, e.g. "factions.ISIS.fighters"
  // Either a list of values (numbers, or strings when any is not a number) ...
  bool is_range = false;
  std::vector<double> numbers;
  std::vector<std::string> strings;  // non-empty: a string parameter
  // ... or a range, sampled by the design (a grid needs steps).
  double min = 0.0;
  double max = 0.0;
  int steps = 0;
  bool log = false;      // sample uniformly in log(value)
  bool integer = false;  // round sampled values to whole numbers
  Location where;        // for messages

  bool is_string() const { return !strings.empty(); }
  std::size_t level_count() const { return is_string() ? strings.size() : numbers.size(); }
};

enum class DesignKind { grid, lhs, sobol };
const char* to_string(DesignKind kind);

struct DesignSpec {
  DesignKind kind = DesignKind::grid;
  std::uint64_t samples = 0;  // lhs: points; sobol: base samples N
  std::uint64_t seed = 0;     // for the Latin hypercube permutations
};

// The value of one parameter at one design point.
struct ParameterValue {
  double number = 0.0;
  std::string text;  // string parameters only
};
using DesignPoint = std::vector<ParameterValue>;  // one value per parameter, in order

// Points the design will produce, without producing them (saturates at
// UINT64_MAX instead of overflowing), so huge sweeps are refused cheaply.
std::uint64_t design_point_count(const std::vector<SweepParameter>& parameters,
                                 const DesignSpec& design);

// Grid: full factorial, the first parameter varying slowest. LHS: `samples`
// points, one per stratum of every range. Sobol: Saltelli's scheme from a
// Sobol sequence of 2D dimensions (its first, all-zero point skipped): for each
// base sample j, A_j, then AB_j^(1..D) (A_j with parameter i from B_j), then
// B_j, N*(D+2) points in all. Throws InputError when a design cannot apply.
std::vector<DesignPoint> build_design(const std::vector<SweepParameter>& parameters,
                                      const DesignSpec& design);

// The value for unit-interval coordinate u (0 <= u < 1) of a parameter: a
// range maps linearly (or logarithmically) onto [min, max], a list picks the
// floor(u * count)-th value.
ParameterValue value_at(const SweepParameter& parameter, double u);

// The right-hand side of a --set argument for this value: numbers in the
// shortest form that reads back exactly, strings as double-quoted YAML.
std::string override_value(const SweepParameter& parameter, const ParameterValue& value);
std::string number_text(double value);

}  // namespace frontline
