#include <stdexcept>
#include <string>

#include "frontline/sweep/plan.hpp"
#include "frontline/sweep/sweep_file.hpp"
#include "targets.hpp"

namespace frontline::fuzz {

void sweep_input(std::string_view data) {
  const SweepSpec spec =
      load_sweep_text(std::string(data), "fuzz-sweep.yaml", scenario_folder() / "sweeps");
  DesignSpec design = spec.design;
  design.seed = spec.seed.value_or(0);
  const SweepPlan plan = make_plan(spec.parameters, design, spec.replicates, design.seed,
                                   spec.overrides, kMaxFuzzRuns);
  if (plan.run_count() > kMaxFuzzRuns)
    throw std::logic_error("make_plan accepted more runs than its limit");
  for (std::uint64_t index = 0; index < plan.run_count(); index += 1 + plan.run_count() / 8) {
    const RunPlan run = plan.run(index);
    if (run.overrides.size() != spec.overrides.size() + spec.parameters.size())
      throw std::logic_error("a run's overrides do not match its sweep");
  }
}

}  // namespace frontline::fuzz
