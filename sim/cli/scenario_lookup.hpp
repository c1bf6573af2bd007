#pragma once
// Finding shipped scenarios from any working directory.
#include <filesystem>
#include <string>
#include <vector>

namespace frontline::cli {

inline constexpr const char* kDefaultScenario = "sirte-2016";

// The shipped scenarios folder: <exe>/../share/frontline/scenarios (installed),
// the source tree's scenarios/ (build tree), in that order. Throws RuntimeError
// if none exists.
std::filesystem::path shipped_scenario_dir(const std::filesystem::path& executable);

// A path to an existing file is used as is; otherwise a shipped scenario's name
// ("sirte-2016", "sirte-2016-no-airstrikes") is looked up in the shipped folder
// and its variants/. Throws InputError listing the shipped names if neither.
std::filesystem::path resolve_scenario(const std::string& name_or_path,
                                       const std::filesystem::path& executable);

// Shipped scenario and variant names, sorted.
std::vector<std::string> shipped_scenario_names(const std::filesystem::path& executable);

}  // namespace frontline::cli

#include <CLI/CLI.hpp>
#include <cstdint>

#include "frontline/scenario/limits.hpp"
#include "frontline/scenario/spec.hpp"

namespace frontline::cli {

// What a command may let a scenario read and how large a run it accepts.
struct ScenarioReadOptions {
  std::vector<std::string> allowed_paths;            // --allow-path DIR (repeatable)
  std::uint64_t max_cells = InputLimits::max_cells;  // --max-cells N
};

// Registers --allow-path and --max-cells on `command`.
void add_read_options(CLI::App& command, ScenarioReadOptions& options);

// --seed: a whole number 0 to 2^64 - 1 written in digits ("-5" would wrap).
CLI::Validator seed_validator();

// resolve_scenario + load_scenario with the shipped folder as include root.
ScenarioSpec load_named_scenario(const std::string& name_or_path,
                                 const std::vector<std::string>& overrides,
                                 const std::filesystem::path& executable,
                                 bool require_citations = false,
                                 const ScenarioReadOptions& read = {});

// The scenario replicate `replicate` runs: for a calibrated variant (docs/
// calibration.md), the scenario loaded again with the parameters that replicate
// draws from the posterior; otherwise `spec` itself.
ScenarioSpec scenario_for_replicate(const ScenarioSpec& spec, const std::string& name_or_path,
                                    const std::vector<std::string>& overrides, std::uint64_t seed,
                                    std::uint32_t replicate,
                                    const std::filesystem::path& executable);
}  // namespace frontline::cli
