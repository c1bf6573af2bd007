// frontline calibrate CALIBRATION.yaml -o OUT.h5 [--set PATH=VALUE]... [--seed K] [-j N]
//   [--resume | --force] [--variant VARIANT.yaml] [-q] [--dry-run]
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <thread>

#include "commands.hpp"
#include "frontline/calibrate/calibration_file.hpp"
#include "frontline/calibrate/calibration_output.hpp"
#include "frontline/calibrate/problem.hpp"
#include "frontline/core/error.hpp"
#include "frontline/scenario/loader.hpp"
#include "frontline/scenario/yaml_check.hpp"
#include "frontline/sweep/mpi_environment.hpp"
#include "frontline/sweep/session.hpp"
#include "provenance.hpp"
#include "scenario_lookup.hpp"

namespace frontline::cli {

namespace {

struct CalibrateOptions {
  std::string file;
  std::vector<std::string> overrides;
  std::optional<std::uint64_t> seed;
  std::string output;
  int jobs = 0;
  bool resume = false;
  bool force = false;
  bool quiet = false;
  bool dry_run = false;
  std::string variant;
};

// The calibrated variant's path: a new file (or --force) in an existing folder.
void check_variant_path(const std::filesystem::path& variant, bool force) {
  std::error_code ec;
  const auto dir = variant.has_parent_path() ? variant.parent_path() : std::filesystem::path(".");
  if (!std::filesystem::is_directory(dir, ec))
    throw InputError(Location{"--variant"}, "folder '" + dir.string() + "' does not exist",
                     "a scenario file path in an existing folder");
  if (!force && std::filesystem::exists(variant, ec))
    throw InputError(Location{"--variant"}, "'" + variant.string() + "' already exists",
                     "a new path, or --force to replace it");
}

// The calibration's scenario: a path relative to the file, or a shipped name.
std::filesystem::path scenario_of(const CalibrationSpec& spec,
                                  const std::filesystem::path& executable) {
  std::error_code ec;
  const auto beside = spec.base_dir / spec.scenario;
  if (std::filesystem::is_regular_file(beside, ec)) return beside;
  try {
    return resolve_scenario(spec.scenario, executable);
  } catch (const InputError& e) {
    std::vector<Diagnostic> problems{{spec.scenario_where,
                                      "scenario '" + spec.scenario +
                                          "' is neither a file beside the calibration file "
                                          "nor a shipped scenario",
                                      ""}};
    for (const auto& d : e.diagnostics()) problems.push_back(d);
    throw InputError(problems);
  }
}

// Refuses a work folder left by an interrupted calibration unless resuming
// (or --force, which discards it). True if --resume finds the finished output.
bool check_work_folder(const std::filesystem::path& output, const CalibrateOptions& options,
                       const MpiEnvironment& processes) {
  std::error_code ec;
  const auto folder = work_folder(output);
  const bool exists = std::filesystem::exists(folder, ec);
  if (exists && !options.resume) {
    if (!options.force)
      throw InputError(Location{folder.string()},
                       "the work folder of an interrupted calibration exists beside the output",
                       "--resume to continue that calibration, or --force to start over");
    if (processes.writer()) std::filesystem::remove_all(folder, ec);
  }
  return options.resume && !exists && std::filesystem::exists(output, ec);
}

void print_summary(const CalibrationProblem& problem, const CalibrationResult& result,
                   double seconds, const std::filesystem::path& output) {
  const auto& s = problem.settings;
  std::printf("Calibration of %s (%s): %zu waves, %llu runs in %.1f s; stopped: %s\n",
              problem.sweep.base.name.c_str(), to_string(s.method), result.waves.size(),
              static_cast<unsigned long long>(result.runs), seconds, result.stopped.c_str());
  std::printf("%-28s %-34s %s\n", "parameter", "prior", "posterior median [5% - 95%]");
  for (std::size_t j = 0; j < s.parameters.size(); ++j) {
    std::vector<double> values, weights;
    for (const auto& p : result.samples) {
      values.push_back(p.values[j]);
      weights.push_back(p.weight);
    }
    const auto q = [&](double level) {
      char text[32];
      std::snprintf(text, sizeof text, "%.4g", weighted_quantile(values, weights, level));
      return std::string(text);
    };
    std::printf("%-28s %-34s %s [%s - %s]\n", s.parameters[j].name.c_str(),
                s.parameters[j].prior.describe().c_str(), q(0.5).c_str(), q(0.05).c_str(),
                q(0.95).c_str());
  }
  std::cout << "Output: " << std::filesystem::absolute(output).lexically_normal().string() << "\n";
  std::cout.flush();
}

int calibrate_command(const CalibrateOptions& options, const CommandContext& context) {
  const auto started = std::chrono::steady_clock::now();
  // Under mpirun every rank computes every wave's points (they are deterministic)
  // and works on each wave's sweep; MPI stays up across the waves, and rank 0
  // alone writes the result.
  const MpiEnvironment processes;
  CalibrationSpec spec = load_calibration_file(options.file);
  spec.overrides.insert(spec.overrides.end(), options.overrides.begin(), options.overrides.end());
  const std::filesystem::path output =
      std::filesystem::path(!options.output.empty() ? options.output : spec.output);
  if (output.empty() && !options.dry_run)
    throw InputError(Location{spec.source_name}, "no output file",
                     "-o OUT.h5, or output: in the calibration file");
  const auto scenario = scenario_of(spec, context.executable);
  const auto root = shipped_scenario_dir(context.executable);
  const ScenarioLoader load = [scenario, root](const std::vector<std::string>& overrides) {
    LoadOptions load_options;
    load_options.overrides = overrides;
    load_options.scenario_root = root;
    return load_scenario(scenario, load_options);
  };
  if (!options.dry_run) check_output_path(output, options.force, options.resume);
  if (!options.variant.empty()) check_variant_path(options.variant, options.force);
  const CalibrationProblem problem = prepare_calibration(spec, load, options.seed);
  if (options.dry_run) {
    if (processes.writer()) {
      std::printf(
          "Calibration of %s (%s): %zu parameters, %zu targets, %u particles x %u "
          "replicates per wave, budget %llu runs, seed %llu\n",
          problem.sweep.base.name.c_str(), to_string(problem.settings.method),
          problem.settings.parameters.size(), problem.settings.targets.size(),
          problem.settings.particles, problem.settings.replicates,
          static_cast<unsigned long long>(problem.settings.budget),
          static_cast<unsigned long long>(problem.settings.seed));
      for (const auto& p : problem.settings.parameters)
        std::printf("  parameter %s = %s ~ %s\n", p.name.c_str(), p.path.c_str(),
                    p.prior.describe().c_str());
      for (const auto& t : problem.settings.targets)
        std::printf("  target %s (%s): [%s, %s], scale %s\n", t.id.c_str(), to_string(t.form),
                    format_number(t.lower).c_str(), format_number(t.upper).c_str(),
                    format_number(t.scale).c_str());
    }
    return 0;
  }
  if (check_work_folder(output, options, processes)) {
    if (calibration_file_fingerprint(output) != problem.fingerprint)
      throw InputError(Location{output.string()},
                       "the output exists and holds another calibration (nothing to resume)",
                       "the same calibration as before, or --force to replace it");
    if (processes.writer())
      std::cout << "Calibration already complete: "
                << std::filesystem::absolute(output).lexically_normal().string() << "\n";
    return 0;
  }
  processes.barrier();
  const auto folder = work_folder(output);
  std::filesystem::create_directories(folder);
  WaveSweepOptions waves;
  waves.folder = folder;
  waves.threads = options.jobs > 0
                      ? options.jobs
                      : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  waves.progress = options.quiet || !processes.writer() ? nullptr : stderr;
  waves.created = utc_now_iso8601();
  CalibrationResult result;
  try {
    result = calibrate(problem.settings, sweep_wave_runner(problem, waves));
  } catch (const InputError&) {
    // Bad input found by the runs (a target no run computes): leave nothing behind.
    processes.barrier();
    std::error_code ec;
    if (processes.writer()) std::filesystem::remove_all(folder, ec);
    throw;
  }
  processes.barrier();  // every rank has read the last wave
  if (!processes.writer()) return 0;
  write_calibration_file(output, problem, result);
  if (!options.variant.empty())
    write_calibrated_variant(options.variant, problem, result, scenario, output);
  std::error_code ec;
  std::filesystem::remove_all(folder, ec);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  print_summary(problem, result, seconds, output);
  return 0;
}

}  // namespace

void add_calibrate_command(CLI::App& app, CommandContext& context) {
  auto options = std::make_shared<CalibrateOptions>();
  auto* command = app.add_subcommand(
      "calibrate",
      "Fit a scenario's free parameters to its targets (ABC-SMC or history matching), each wave\n"
      "run as a sweep (threads, MPI ranks, resumable). See docs/calibration.md.");
  command->add_option("file", options->file, "Calibration file (YAML)")->required();
  command
      ->add_option("--set", options->overrides,
                   "Fixed override for every run, e.g. calendar.end=2016-09-01")
      ->allow_extra_args(false);
  command->add_option("--seed", options->seed,
                      "Base seed (default: the file's, else the scenario's)");
  command->add_option("-o,--output", options->output, "Output file (wins over the file's output:)");
  command->add_option("-j,--jobs", options->jobs, "Worker threads (default: all cores)")
      ->check(CLI::Range(1, 1024));
  auto* resume = command->add_flag("--resume", options->resume,
                                   "Continue an interrupted calibration from its work folder");
  auto* force = command->add_flag("--force", options->force,
                                  "Replace an existing output and discard a work folder");
  resume->excludes(force);
  force->excludes(resume);
  command->add_option("--variant", options->variant,
                      "Also write a calibrated variant: a scenario file whose replicates draw "
                      "their parameters from the posterior");
  command->add_flag("-q,--quiet", options->quiet, "No progress output");
  command->add_flag("--dry-run", options->dry_run,
                    "Check the file and print the parameters and targets; run nothing");
  command->callback([options, &context] {
    context.action = [options, &context] {
      try {
        return calibrate_command(*options, context);
      } catch (const Error& e) {
        if (sweep_process_rank() != 0) return static_cast<int>(e.exit_code());
        throw;
      }
    };
  });
}

}  // namespace frontline::cli
