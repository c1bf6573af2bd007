// frontline_bench: the engine's throughput. Targets (docs/performance.md):
// >= 50 million agent-steps per second per core on the synthetic world, the
// Sirte-2016 scenario in under 20 ms on one core without output, and cost
// linear in agents and steps.
#include <benchmark/benchmark.h>

#include <map>
#include <memory>

#include "frontline/engine/model.hpp"
#include "frontline/engine/simulation.hpp"
#ifdef FRONTLINE_BENCH_HAVE_LOADER
#include "frontline/scenario/loader.hpp"
#endif
#include "sirte_like.hpp"
#include "synthetic_world.hpp"

namespace frontline {
namespace {

// Models are built once per size and reused by every iteration.
std::shared_ptr<const Model> synthetic_model(long units, int days) {
  static std::map<std::pair<long, int>, std::shared_ptr<const Model>> cache;
  auto& model = cache[{units, days}];
  if (!model) model = build_model(bench::synthetic_spec({100, 4, units, days}));
  return model;
}

// Agent-steps per second: units x steps over the CPU time of the steps alone
// (building the model and copying the initial state are not timed). CPU time,
// because the machines this runs on are often shared.
void BM_AgentSteps(benchmark::State& state) {
  const long units = state.range(0);
  const int days = static_cast<int>(state.range(1));
  const auto model = synthetic_model(units, days);
  NullRecorder recorder;
  for (auto _ : state) {
    state.PauseTiming();
    Simulation simulation(model, 1, 0);
    simulation.step(recorder);  // the first step warms the rules' scratch arrays up
    state.ResumeTiming();
    while (!simulation.finished()) simulation.step(recorder);
    benchmark::DoNotOptimize(simulation.state().killed.data());
  }
  state.counters["agent_steps_per_s"] = benchmark::Counter(
      static_cast<double>(units) * (days - 1), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["units"] = static_cast<double>(units);
  state.counters["steps"] = days - 1;
}
BENCHMARK(BM_AgentSteps)
    ->Args({100'000, 6})
    ->Args({100'000, 11})
    ->Args({1'000'000, 6})
    ->Args({1'000'000, 11})
    ->Unit(benchmark::kMillisecond);

const ScenarioSpec& sirte_spec() {
  static const ScenarioSpec spec = testing::sirte_like_spec(FRONTLINE_SCENARIO_DIR);
  return spec;
}

// The whole Sirte-2016-like scenario (37 daily steps), no output.
void BM_SirteScenario(benchmark::State& state) {
  const auto model = build_model(sirte_spec());
  NullRecorder recorder;
  for (auto _ : state) {
    Simulation simulation(model, 1, 0);
    simulation.run(recorder);
    benchmark::DoNotOptimize(simulation.state().killed.data());
  }
}
BENCHMARK(BM_SirteScenario)->Unit(benchmark::kMillisecond);

// Same, including freezing the spec into a model and recording every series.
void BM_SirteScenarioWithBuildAndRecord(benchmark::State& state) {
  for (auto _ : state) {
    RunRecord record = run_scenario(sirte_spec(), 1, 0);
    benchmark::DoNotOptimize(record.killed.data());
  }
}
BENCHMARK(BM_SirteScenarioWithBuildAndRecord)->Unit(benchmark::kMillisecond);

#ifdef FRONTLINE_BENCH_HAVE_LOADER
// The shipped scenarios/sirte-2016.yaml, every day (2016-05-05 to 2016-12-06), no
// output; loading the YAML is not timed.
void BM_Sirte2016Yaml(benchmark::State& state) {
  const std::string dir = FRONTLINE_SCENARIO_DIR;
  LoadOptions options;
  options.scenario_root = dir;
  const auto model = build_model(load_scenario(dir + "/sirte-2016.yaml", options));
  NullRecorder recorder;
  for (auto _ : state) {
    Simulation simulation(model, 1, 0);
    simulation.run(recorder);
    benchmark::DoNotOptimize(simulation.state().killed.data());
  }
  state.counters["steps"] = model->calendar.steps();
}
BENCHMARK(BM_Sirte2016Yaml)->Unit(benchmark::kMillisecond);
#endif

}  // namespace
}  // namespace frontline

BENCHMARK_MAIN();
