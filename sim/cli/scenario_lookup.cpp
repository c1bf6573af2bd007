#include "scenario_lookup.hpp"

#include <algorithm>

#include "frontline/core/error.hpp"

#ifndef FRONTLINE_SOURCE_SCENARIO_DIR
#define FRONTLINE_SOURCE_SCENARIO_DIR ""
#endif

namespace frontline::cli {

namespace fs = std::filesystem;

fs::path shipped_scenario_dir(const fs::path& executable) {
  std::vector<fs::path> candidates;
  if (!executable.empty()) {
    const fs::path bin = fs::weakly_canonical(executable).parent_path();
    candidates.push_back(bin.parent_path() / "share" / "frontline" / "scenarios");
  }
  candidates.emplace_back(FRONTLINE_SOURCE_SCENARIO_DIR);
  for (const auto& dir : candidates) {
    std::error_code ec;
    if (!dir.empty() && fs::is_directory(dir, ec)) return dir;
  }
  throw RuntimeError("cannot find the shipped scenarios folder (looked in " +
                     candidates.front().string() + " and " FRONTLINE_SOURCE_SCENARIO_DIR ")");
}

std::vector<std::string> shipped_scenario_names(const fs::path& executable) {
  std::vector<std::string> names;
  const fs::path root = shipped_scenario_dir(executable);
  for (const fs::path& dir : {root, root / "variants"}) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) continue;
    for (const auto& entry : fs::directory_iterator(dir))
      if (entry.is_regular_file() && entry.path().extension() == ".yaml")
        names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

fs::path resolve_scenario(const std::string& name_or_path, const fs::path& executable) {
  std::error_code ec;
  const fs::path given(name_or_path);
  if (fs::exists(given, ec)) return given;  // the loader reports directories and bad files
  const bool looks_like_path =
      name_or_path.find('/') != std::string::npos || given.extension() == ".yaml";
  if (!looks_like_path) {
    const fs::path root = shipped_scenario_dir(executable);
    for (const fs::path& candidate :
         {root / (name_or_path + ".yaml"), root / "variants" / (name_or_path + ".yaml")})
      if (fs::is_regular_file(candidate, ec)) return candidate;
  }
  std::string names;
  for (const auto& name : shipped_scenario_names(executable))
    names += (names.empty() ? "" : ", ") + name;
  throw InputError(Location{name_or_path}, "no such scenario file or shipped scenario",
                   "a path to a scenario .yaml file, or one of: " + names);
}

}  // namespace frontline::cli

#include "frontline/scenario/loader.hpp"

namespace frontline::cli {

void add_read_options(CLI::App& command, ScenarioReadOptions& options) {
  command
      .add_option("--allow-path", options.allowed_paths,
                  "Also let the scenario include files and read reports under DIR (by default "
                  "only its own folder and the shipped scenarios folder)")
      ->check(CLI::ExistingDirectory)
      ->allow_extra_args(false);
  command.add_option("--max-cells", options.max_cells,
                     "Largest nodes x time points (and units x time points) accepted (default " +
                         std::to_string(InputLimits::max_cells) +
                         "; memory grows about 60 bytes per cell)");
}

CLI::Validator seed_validator() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        const bool digits = !text.empty() && text.size() <= 20 &&
                            text.find_first_not_of("0123456789") == std::string::npos;
        if (digits && (text.size() < 20 || text <= "18446744073709551615")) return {};
        return "'" + text + "' is not a seed (expected a whole number 0 to 18446744073709551615)";
      },
      "SEED", "seed");
}

ScenarioSpec load_named_scenario(const std::string& name_or_path,
                                 const std::vector<std::string>& overrides,
                                 const fs::path& executable, bool require_citations,
                                 const ScenarioReadOptions& read) {
  LoadOptions options;
  options.overrides = overrides;
  options.scenario_root = shipped_scenario_dir(executable);
  options.require_citations = require_citations;
  options.allowed_paths.assign(read.allowed_paths.begin(), read.allowed_paths.end());
  options.max_cells = read.max_cells;
  return load_scenario(resolve_scenario(name_or_path, executable), options);
}

ScenarioSpec scenario_for_replicate(const ScenarioSpec& spec, const std::string& name_or_path,
                                    const std::vector<std::string>& overrides, std::uint64_t seed,
                                    std::uint32_t replicate, const fs::path& executable) {
  if (spec.calibrated.empty()) return spec;
  auto drawn = overrides;
  for (auto& o : calibrated_overrides(spec.calibrated, seed, replicate)) drawn.push_back(o);
  return load_named_scenario(name_or_path, drawn, executable);
}
}  // namespace frontline::cli
