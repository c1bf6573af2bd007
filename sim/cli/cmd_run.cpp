// frontline run [SCENARIO] [-o OUT.h5] [--seed N] [--set PATH=VALUE]... [--force]
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

#include "commands.hpp"
#include "frontline/core/error.hpp"
#include "frontline/core/text.hpp"
#include "frontline/engine/simulation.hpp"
#include "frontline/metrics/metrics.hpp"
#include "frontline/output/output_path.hpp"
#include "frontline/output/run_file.hpp"
#include "frontline/output/summary.hpp"
#include "provenance.hpp"
#include "scenario_lookup.hpp"

namespace frontline::cli {

namespace {

struct RunOptions {
  std::string scenario = kDefaultScenario;
  std::string output;
  std::optional<std::uint64_t> seed;
  std::uint32_t replicate = 0;
  std::vector<std::string> overrides;
  std::string record;
  bool force = false;
  bool quiet = false;
  ScenarioReadOptions read;
};

std::filesystem::path output_path(const RunOptions& options, const ScenarioSpec& spec) {
  return options.output.empty() ? std::filesystem::path(spec.name + ".h5")
                                : std::filesystem::path(options.output);
}

// Refuse before spending time on the run; the writer checks again atomically.
// --force never replaces the scenario or a file it read, nor a device or FIFO.
void check_output_is_free(const std::filesystem::path& path, bool force, const ScenarioSpec& spec) {
  std::vector<std::filesystem::path> inputs(spec.input_files.begin(), spec.input_files.end());
  inputs.emplace_back(spec.path);
  check_output_target(path, force, inputs);
}

int run(const RunOptions& options, const CommandContext& context) {
  const ScenarioSpec loaded = load_named_scenario(options.scenario, options.overrides,
                                                  context.executable, false, options.read);
  const auto path = output_path(options, loaded);
  check_output_is_free(path, options.force, loaded);

  const std::uint64_t seed = options.seed.value_or(loaded.seed);
  const ScenarioSpec spec =
      scenario_for_replicate(loaded, options.scenario, options.overrides, seed, options.replicate,
                             context.executable, options.read);
  const RunRecord record = run_scenario(spec, seed, options.replicate, options.record == "agents");
  const auto targets = evaluate_targets(spec.targets, record);
  const RunMetadata metadata = make_metadata(spec, seed, options.replicate, context.command_line);
  write_run_file(path, record, metadata, targets, WriteOptions{options.force});

  if (!options.quiet) std::cout << printable(format_run_summary(record, metadata, targets)) << '\n';
  std::cout << "Output: " << printable(std::filesystem::absolute(path).lexically_normal().string())
            << '\n';
  return 0;
}

}  // namespace

void add_run_command(CLI::App& app, CommandContext& context) {
  auto options = std::make_shared<RunOptions>();
  auto* command = app.add_subcommand("run", "Run a scenario and write its HDF5 output");
  command->add_option("scenario", options->scenario,
                      "Scenario file, or the name of a shipped scenario (default: sirte-2016)");
  command->add_option("-o,--output", options->output,
                      "Output file (default: SCENARIO-NAME.h5 in the current folder)");
  command->add_option("--seed", options->seed, "Random seed (default: the scenario's seed)")
      ->check(seed_validator());
  command->add_option("--replicate", options->replicate, "Replicate index (default 0)");
  command
      ->add_option("--set", options->overrides,
                   "Override a scenario value by path, e.g. factions.ISIS.fighters=3000")
      ->allow_extra_args(false);
  command
      ->add_option("--record", options->record, "Record more: 'agents' for per-unit trajectories")
      ->check(CLI::IsMember({"agents"}));
  command->add_flag("--force", options->force, "Replace an existing output file");
  command->add_flag("-q,--quiet", options->quiet, "Print only the output path");
  add_read_options(*command, options->read);
  command->callback([options, &context] {
    context.action = [options, &context] { return run(*options, context); };
  });
}

}  // namespace frontline::cli
