#pragma once
// The real per-run work of a sweep: load the scenario with the run's --set
// overrides (once per design point), run it with the run's seed and replicate,
// and measure the summary metrics (sim/metrics/summary.hpp). Also builds the
// sweep's description: result layout, coordinates and global attributes.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "frontline/scenario/spec.hpp"
#include "frontline/sweep/assemble.hpp"
#include "frontline/sweep/runner.hpp"
#include "frontline/sweep/sweep_file.hpp"

namespace frontline {

// Loads the sweep's scenario with these overrides; throws InputError.
using ScenarioLoader = std::function<ScenarioSpec(const std::vector<std::string>& overrides)>;

struct ScenarioSweepInputs {
  SweepSpec sweep;
  std::vector<std::string> extra_overrides;  // command-line --set, applied after the file's `set:`
  std::optional<std::uint64_t> seed;         // command-line --seed, wins over the file's
  bool timeseries = false;                   // command-line --timeseries, or the file's
  ScenarioLoader load;
  std::uint64_t max_runs = SweepLimits::max_runs_without_force;
};

struct ScenarioSweep {
  SweepDescription description;
  RunWork work;
  ScenarioSpec base;  // the scenario with the sweep's fixed overrides only
};

// Loads the base scenario, checks every parameter's values against it (so a
// misspelt --set path fails before any run), plans the runs and the layout.
// Throws InputError for bad input.
ScenarioSweep make_scenario_sweep(const ScenarioSweepInputs& inputs);

}  // namespace frontline
