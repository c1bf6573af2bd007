#pragma once
// The calibration file (docs/calibration.md): a scenario, the free parameters
// with their priors (any --set path), the targets to fit, the method and its
// budget. Every problem in the file is reported at once as
// `file:line:column: what is wrong (expected ...)`.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "frontline/calibrate/prior.hpp"
#include "frontline/core/calendar.hpp"
#include "frontline/core/error.hpp"

namespace frontline {

enum class CalibrationMethod { abc_smc, history_matching };
const char* to_string(CalibrationMethod method);  // "abc-smc", "history-matching"

struct CalibrationParameter {
  std::string name;  // letters, digits, '_'
  std::string path;  // --set path
  Prior prior;
  bool integer = false;  // round drawn values to whole numbers
  Location where;
};

// A target as the file states it; resolved against the scenario later.
struct TargetRequest {
  std::string id;
  Location where;
  std::string added_yaml;  // a new scenario target's fields as flow YAML ({metric: ...}); "" if own
  std::optional<double> value, tolerance, min, max, scale;
  std::optional<Days> date;  // capture date, new capture_day targets only
  bool never = false;        // never captured within the horizon
};

struct CalibrationSpec {
  std::string source_name;         // the file, for messages
  std::filesystem::path base_dir;  // relative scenario paths start here
  std::string text;                // the YAML as given (stored in the output)
  std::string scenario;
  Location scenario_where;
  std::vector<std::string> overrides;  // `set:`
  std::vector<CalibrationParameter> parameters;
  std::vector<TargetRequest> targets;  // empty: every scenario target as its interval
  CalibrationMethod method = CalibrationMethod::abc_smc;
  std::uint64_t budget = 0;       // simulations in all
  std::uint32_t particles = 100;  // parameter points per wave
  std::uint32_t replicates = 1;   // simulations per point
  std::optional<std::uint64_t> seed;
  double alpha = 0.5;            // ABC: fraction kept per wave
  double min_acceptance = 0.05;  // ABC: stop when a wave accepts fewer of its proposals
  std::uint32_t waves = 0;       // most waves; 0: 5 for history matching, 50 for ABC
  double cutoff = 3.0;           // history matching: implausibility cut-off
  std::string output;
  Location where;  // the file itself
  Location budget_where;
};

struct CalibrationLimits {
  static constexpr std::size_t max_file_bytes = 1u << 20;
  static constexpr std::size_t max_parameters = 32;
  static constexpr std::uint64_t max_budget = 10'000'000;
  static constexpr std::uint32_t max_particles = 100'000;
  static constexpr std::uint32_t max_waves = 50;
};

CalibrationSpec load_calibration_file(const std::filesystem::path& path);
CalibrationSpec load_calibration_text(const std::string& text, const std::string& name,
                                      const std::filesystem::path& base_dir);

}  // namespace frontline
