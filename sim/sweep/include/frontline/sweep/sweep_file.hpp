#pragma once
// The sweep description (docs/sweeps.md): YAML naming a scenario, the
// parameters to vary by --set path, the design, replicates, seed, metrics and
// output. Every problem is reported at once as `file:line:column: what
// (expected ...)`, with did-you-mean for misspelt keys.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "frontline/core/error.hpp"
#include "frontline/sweep/design.hpp"

namespace frontline {

struct SweepSpec {
  std::string source_name;         // the file, for messages
  std::filesystem::path base_dir;  // relative scenario paths start here
  std::string text;                // the YAML as given (stored in the result file)
  std::string scenario;            // a path relative to base_dir, or a shipped name
  Location scenario_where;
  std::vector<std::string> overrides;  // `set:` entries, "path=value", applied before parameters
  std::vector<SweepParameter> parameters;
  DesignSpec design;  // design.seed is filled by the caller
  std::uint32_t replicates = 1;
  std::optional<std::uint64_t> seed;
  std::vector<std::string> metrics;  // empty: the defaults
  std::vector<Location> metric_where;
  bool timeseries = false;
  std::string output;
};

struct SweepLimits {
  static constexpr std::size_t max_file_bytes = 1u << 20;
  static constexpr std::size_t max_parameters = 64;
  static constexpr std::size_t max_values = 100'000;  // per parameter
  static constexpr std::uint64_t max_samples = 100'000'000;
  static constexpr std::uint32_t max_replicates = 100'000'000;
  static constexpr std::uint64_t max_runs_without_force = 100'000;
};

SweepSpec load_sweep_file(const std::filesystem::path& path);
SweepSpec load_sweep_text(const std::string& text, const std::string& name,
                          const std::filesystem::path& base_dir);

// The YAML of a sweep given on the command line (--scenario, --replicates,
// --set), so every result file carries a sweep description.
std::string shortcut_sweep_yaml(const std::string& scenario, std::uint32_t replicates,
                                const std::vector<std::string>& overrides,
                                const std::optional<std::uint64_t>& seed);

}  // namespace frontline
