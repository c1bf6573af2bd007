#pragma once
// YAML -> ScenarioSpec. The whole file (with includes and --set overrides) is
// checked, and every problem is reported at once as an InputError whose
// diagnostics read `file:line:column: what is wrong (what was expected)`.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "frontline/scenario/limits.hpp"
#include "frontline/scenario/spec.hpp"

namespace frontline {

struct LoadOptions {
  std::vector<std::string> overrides;  // "factions.ISIS.fighters=3000", applied in order
  // Folder that holds maps/ and reports/ for relative includes that are not
  // found beside the including file (the shipped scenarios folder).
  std::filesystem::path scenario_root;
  // Included files, the map file and reports must lie under the scenario's own
  // folder or scenario_root; these folders are allowed too (--allow-path).
  std::vector<std::filesystem::path> allowed_paths;
  // Every faction, unit, air bridge, event and target must carry a `cite` or an
  // `assumption` (`frontline validate --strict`, the shipped-scenario tests).
  bool require_citations = false;
  // Nodes x time points and units x time points may not exceed this (the run's
  // memory and time grow with them); --max-cells raises it.
  std::uint64_t max_cells = InputLimits::max_cells;
};

// Throws InputError (every problem) for bad input, never anything else for it.
ScenarioSpec load_scenario(const std::filesystem::path& file, const LoadOptions& options = {});

// Same, from text already in memory (used by tests and fuzzers); `name` is
// used in messages and includes resolve relative to `base_dir`.
ScenarioSpec load_scenario_text(const std::string& text, const std::string& name,
                                const std::filesystem::path& base_dir,
                                const LoadOptions& options = {});

// The include policy: true if `file`, with symlinks resolved, lies under one of
// `folders` (a sweep file's `scenario:` is checked with it too).
bool lies_under(const std::filesystem::path& file,
                const std::vector<std::filesystem::path>& folders);

// One --set argument, split and checked: "a.b.c=value". Throws InputError.
struct Override {
  std::vector<std::string> path;
  std::string value_yaml;    // the right-hand side, parsed as YAML when applied
  std::vector<int> columns;  // 1-based column of each path component in the argument
  int value_column = 0;      // 1-based column where the value starts
};
// `index` is the argument's 1-based position among the overrides: messages
// then name the pseudo-file `--set[index]`; 0 names it `--set`.
Override parse_override(const std::string& argument, int index = 0);

class MappingReader;
// The `set:` list of a sweep or calibration file: --set arguments applied to its
// scenario before anything else. An entry that is not "path=value" is recorded
// in the reader's diagnostics at the entry's own line and column, and left out.
std::vector<std::string> read_set_list(MappingReader& file);

}  // namespace frontline
