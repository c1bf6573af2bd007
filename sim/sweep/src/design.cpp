#include "frontline/sweep/design.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <numeric>

#include "frontline/sweep/sobol.hpp"

namespace frontline {

namespace {

constexpr std::uint64_t kSaturated = std::numeric_limits<std::uint64_t>::max();

std::uint64_t saturating_multiply(std::uint64_t a, std::uint64_t b) {
  if (a != 0 && b > kSaturated / a) return kSaturated;
  return a * b;
}

// SplitMix64: a small, fully specified generator, so a Latin hypercube is the
// same on every platform and standard library.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
  std::uint64_t below(std::uint64_t bound) {  // unbiased, in [0, bound)
    const std::uint64_t limit = kSaturated - kSaturated % bound;
    std::uint64_t x = next();
    while (x >= limit) x = next();
    return x % bound;
  }

 private:
  std::uint64_t state_;
};

std::uint64_t grid_levels(const SweepParameter& p) {
  return p.is_range ? static_cast<std::uint64_t>(std::max(p.steps, 0)) : p.level_count();
}

ParameterValue grid_value(const SweepParameter& p, std::uint64_t level) {
  ParameterValue value;
  if (!p.is_range) {
    if (p.is_string())
      value.text = p.strings[level];
    else
      value.number = p.numbers[level];
    return value;
  }
  if (p.steps == 1) return value_at(p, 0.0);
  // Grid levels include both ends of the range.
  const double u = static_cast<double>(level) / (p.steps - 1);
  if (level + 1 == static_cast<std::uint64_t>(p.steps)) {
    value.number = p.max;  // exactly, not min + 1.0 * (max - min)
    if (p.integer) value.number = std::round(value.number);
    return value;
  }
  return value_at(p, u);
}

std::vector<DesignPoint> grid(const std::vector<SweepParameter>& parameters) {
  for (const auto& p : parameters)
    if (p.is_range && p.steps < 1)
      throw InputError(p.where, "parameter '" + p.path + "' has a range without steps",
                       "range: {min, max, steps} for a grid design");
  std::vector<DesignPoint> points(1);
  for (const auto& p : parameters) {
    std::vector<DesignPoint> next;
    next.reserve(points.size() * grid_levels(p));
    for (const auto& point : points)
      for (std::uint64_t level = 0; level < grid_levels(p); ++level) {
        next.push_back(point);
        next.back().push_back(grid_value(p, level));
      }
    points = std::move(next);
  }
  return points;
}

std::vector<DesignPoint> latin_hypercube(const std::vector<SweepParameter>& parameters,
                                         const DesignSpec& design) {
  const std::uint64_t n = design.samples;
  SplitMix64 random(design.seed ^ 0x4C48535357454550ull);  // "LHSSWEEP"
  std::vector<DesignPoint> points(n, DesignPoint(parameters.size()));
  std::vector<std::uint64_t> strata(n);
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    std::iota(strata.begin(), strata.end(), 0);
    for (std::uint64_t k = n; k > 1; --k) std::swap(strata[k - 1], strata[random.below(k)]);
    for (std::uint64_t j = 0; j < n; ++j) {
      const double u = (static_cast<double>(strata[j]) + random.uniform()) / static_cast<double>(n);
      points[j][i] = value_at(parameters[i], std::min(u, std::nextafter(1.0, 0.0)));
    }
  }
  return points;
}

std::vector<DesignPoint> saltelli(const std::vector<SweepParameter>& parameters,
                                  const DesignSpec& design) {
  const std::size_t d = parameters.size();
  if (d == 0)
    throw InputError(Location{}, "a Sobol design needs at least one parameter",
                     "one or more entries under 'parameters'");
  if (2 * d > static_cast<std::size_t>(SobolSequence::kMaxDimensions))
    throw InputError(parameters.front().where,
                     "a Sobol design supports at most " +
                         std::to_string(SobolSequence::kMaxDimensions / 2) + " parameters, got " +
                         std::to_string(d),
                     "fewer parameters, or design: lhs");
  SobolSequence sequence(static_cast<int>(2 * d));
  sequence.skip(1);
  std::vector<DesignPoint> points;
  points.reserve(design.samples * (d + 2));
  for (std::uint64_t j = 0; j < design.samples; ++j) {
    const std::vector<double> u = sequence.next();
    DesignPoint a(d), b(d);
    for (std::size_t i = 0; i < d; ++i) {
      a[i] = value_at(parameters[i], u[i]);
      b[i] = value_at(parameters[i], u[d + i]);
    }
    points.push_back(a);
    for (std::size_t i = 0; i < d; ++i) {
      points.push_back(a);
      points.back()[i] = b[i];
    }
    points.push_back(b);
  }
  return points;
}

}  // namespace

const char* to_string(DesignKind kind) {
  switch (kind) {
    case DesignKind::grid:
      return "grid";
    case DesignKind::lhs:
      return "lhs";
    case DesignKind::sobol:
      return "sobol";
  }
  return "?";
}

std::uint64_t design_point_count(const std::vector<SweepParameter>& parameters,
                                 const DesignSpec& design) {
  switch (design.kind) {
    case DesignKind::grid: {
      std::uint64_t count = 1;
      for (const auto& p : parameters) count = saturating_multiply(count, grid_levels(p));
      return count;
    }
    case DesignKind::lhs:
      return design.samples;
    case DesignKind::sobol:
      return saturating_multiply(design.samples, parameters.size() + 2);
  }
  return 0;
}

std::vector<DesignPoint> build_design(const std::vector<SweepParameter>& parameters,
                                      const DesignSpec& design) {
  if (design.kind != DesignKind::grid && design.samples == 0)
    throw InputError(Location{},
                     std::string("a ") + to_string(design.kind) + " design needs 'samples'",
                     "samples: a whole number >= 1");
  switch (design.kind) {
    case DesignKind::grid:
      return grid(parameters);
    case DesignKind::lhs:
      return latin_hypercube(parameters, design);
    case DesignKind::sobol:
      return saltelli(parameters, design);
  }
  return {};
}

ParameterValue value_at(const SweepParameter& p, double u) {
  ParameterValue value;
  if (!p.is_range) {
    const auto count = p.level_count();
    const auto index = std::min<std::size_t>(static_cast<std::size_t>(u * count), count - 1);
    if (p.is_string())
      value.text = p.strings[index];
    else
      value.number = p.numbers[index];
    return value;
  }
  value.number = p.log ? std::exp(std::log(p.min) + u * (std::log(p.max) - std::log(p.min)))
                       : p.min + u * (p.max - p.min);
  if (p.integer) value.number = std::round(value.number);
  value.number = std::clamp(value.number, p.min, p.max);
  return value;
}

std::string number_text(double value) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

std::string override_value(const SweepParameter& parameter, const ParameterValue& value) {
  if (!parameter.is_string()) return number_text(value.number);
  std::string quoted = "\"";
  for (const char c : value.text) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + '"';
}

}  // namespace frontline
