#pragma once
// YAML -> ScenarioSpec. The whole file (with includes and --set overrides) is
// checked, and every problem is reported at once as an InputError whose
// diagnostics read `file:line:column: what is wrong (what was expected)`.
#include <filesystem>
#include <string>
#include <vector>

#include "frontline/scenario/spec.hpp"

namespace frontline {

struct LoadOptions {
  std::vector<std::string> overrides;  // "factions.ISIS.fighters=3000", applied in order
  // Folder that holds maps/ and reports/ for relative includes that are not
  // found beside the including file (the shipped scenarios folder).
  std::filesystem::path scenario_root;
};

// Throws InputError (every problem) for bad input, never anything else for it.
ScenarioSpec load_scenario(const std::filesystem::path& file, const LoadOptions& options = {});

// Same, from text already in memory (used by tests and fuzzers); `name` is
// used in messages and includes resolve relative to `base_dir`.
ScenarioSpec load_scenario_text(const std::string& text, const std::string& name,
                                const std::filesystem::path& base_dir,
                                const LoadOptions& options = {});

// One --set argument, split and checked: "a.b.c=value". Throws InputError.
struct Override {
  std::vector<std::string> path;
  std::string value_yaml;  // the right-hand side, parsed as YAML when applied
};
Override parse_override(const std::string& argument);

// Limits on hostile input (docs/reliability.md).
struct InputLimits {
  static constexpr std::size_t max_file_bytes = 8u << 20;     // 8 MiB
  static constexpr std::size_t max_nodes_in_tree = 1u << 20;  // after alias expansion
  static constexpr int max_depth = 64;
  static constexpr std::size_t max_string_bytes = 64u << 10;
  static constexpr int max_include_depth = 8;
  static constexpr long long max_steps = 200'000;
  static constexpr double max_count = 1e9;  // fighters, population, ...
};

}  // namespace frontline
