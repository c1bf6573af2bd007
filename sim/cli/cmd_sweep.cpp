// frontline sweep [SWEEP.yaml] [--scenario S --replicates N] [--set PATH=VALUE]...
//   -o OUT.h5 [-j N] [--resume | --force] [--on-failure record|stop] [--shard I/N]
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <thread>

#include "commands.hpp"
#include "frontline/core/error.hpp"
#include "frontline/scenario/loader.hpp"
#include "frontline/scenario/yaml_tree.hpp"
#include "frontline/sweep/memory_plan.hpp"
#include "frontline/sweep/plan.hpp"
#include "frontline/sweep/scenario_work.hpp"
#include "frontline/sweep/session.hpp"
#include "frontline/sweep/sweep_file.hpp"
#include "provenance.hpp"
#include "scenario_lookup.hpp"

namespace frontline::cli {

namespace {

struct SweepOptions {
  std::string sweep_file;
  std::string scenario;
  std::uint32_t replicates = 0;
  std::optional<std::uint64_t> seed;
  std::vector<std::string> overrides;
  std::string output;
  int jobs = 0;
  bool resume = false;
  bool force = false;
  std::string on_failure = "record";
  std::string shard;
  bool timeseries = false;
  bool quiet = false;
  bool dry_run = false;
  std::uint32_t missing = 0;  // --missing N: list the shards of N still to run
};

// A sweep file's scenario is a path relative to the sweep file, or a shipped name.
std::filesystem::path scenario_path(const SweepSpec& sweep,
                                    const std::filesystem::path& executable) {
  std::error_code ec;
  const auto beside = sweep.base_dir / sweep.scenario;
  if (!sweep.base_dir.empty() && std::filesystem::is_regular_file(beside, ec)) return beside;
  try {
    return resolve_scenario(sweep.scenario, executable);
  } catch (const InputError& e) {
    std::vector<Diagnostic> problems{
        {sweep.scenario_where,
         "scenario '" + sweep.scenario +
             "' is neither a file beside the sweep file nor a shipped scenario",
         ""}};
    for (const auto& d : e.diagnostics()) problems.push_back(d);
    throw InputError(problems);
  }
}

SweepSpec sweep_spec(const SweepOptions& options) {
  if (!options.sweep_file.empty()) {
    if (!options.scenario.empty())
      throw InputError(Location{"--scenario"}, "a sweep file names its scenario already",
                       "either SWEEP.yaml or --scenario, not both");
    SweepSpec spec = load_sweep_file(options.sweep_file);
    if (options.replicates > 0) spec.replicates = options.replicates;
    return spec;
  }
  if (options.scenario.empty())
    throw InputError(Location{"frontline sweep"}, "no sweep file and no --scenario",
                     "frontline sweep SWEEP.yaml, or frontline sweep --scenario S --replicates N");
  const std::uint32_t replicates = options.replicates > 0 ? options.replicates : 1;
  // The shortcut is a sweep file too, so the result file always carries one.
  SweepSpec spec = load_sweep_text(
      shortcut_sweep_yaml(options.scenario, replicates, {}, options.seed), "command line", {});
  return spec;
}

std::filesystem::path output_path(const SweepOptions& options, const SweepSpec& spec) {
  if (!options.output.empty()) return options.output;
  if (!spec.output.empty()) return spec.output;
  throw InputError(Location{spec.source_name}, "no output file",
                   "-o OUT.h5, or output: in the sweep file");
}

// The memory a process needs to write this output's result file from the
// journal (docs/sweeps.md "The result file").
double assembly_bytes(const ScenarioSweep& sweep, const Shard& shard) {
  const auto& d = sweep.description;
  const double runs = std::ceil(static_cast<double>(d.plan.run_count()) / shard.count);
  const double variables =
      static_cast<double>(d.layout.columns.size() + 6 + d.plan.parameters.size());
  return kProcessBaseBytes + variables * kWriterBytesPerVariable + runs * kWriterBytesPerRun;
}

// The `sbatch --mem` that fits the estimate with a quarter to spare, in MiB.
std::uint64_t suggested_mem_mib(double bytes) {
  return static_cast<std::uint64_t>(std::ceil(bytes * 1.25 / (1 << 20)));
}

void print_plan(const ScenarioSweep& sweep, const Shard& shard,
                const std::vector<std::uint64_t>& runs) {
  const SweepPlan& plan = sweep.description.plan;
  std::cout << "Scenario " << sweep.base.name << ": " << to_string(plan.design.kind) << " design, "
            << plan.points.size() << " design points x " << plan.replicates
            << " replicates = " << plan.run_count() << " runs (" << runs.size()
            << " in this output), seed " << plan.seed << "\n";
  std::cout << "Variables:";
  for (const auto& c : sweep.description.layout.columns) std::cout << ' ' << c.name;
  std::cout << "\nFingerprint: " << sweep.description.fingerprint << "\n";
  const double bytes = assembly_bytes(sweep, shard);
  std::cout << "Memory: about " << static_cast<std::uint64_t>(std::ceil(bytes / (1 << 20)))
            << " MiB per process (sbatch --mem=" << suggested_mem_mib(bytes) << ")\n";
  for (std::size_t i = 0; i < runs.size() && i < 10; ++i) {
    const RunPlan run = plan.run(runs[i]);
    std::cout << "  run " << run.index << " (point " << run.design_point << ", replicate "
              << run.replicate << "):";
    for (const auto& o : run.overrides) std::cout << " --set " << o;
    std::cout << "\n";
  }
  if (runs.size() > 10) std::cout << "  ...\n";
}

// Refuse what would not fit in this job's memory (the least of RAM, the cgroup
// limit and Slurm's --mem), before any run: a job killed at the end loses nothing
// (the journal stays) but wastes its allocation.
void check_memory(const ScenarioSweep& sweep, const Shard& shard, const std::string& source) {
  const MemoryLimit limit = job_memory_limit([](const char* name) { return std::getenv(name); });
  if (limit.bytes == 0) return;
  const double bytes = assembly_bytes(sweep, shard);
  // Half of a whole machine (others use it too); most of a job's own limit.
  const double usable =
      static_cast<double>(limit.bytes) * (limit.source == "this machine's RAM" ? 0.5 : 0.9);
  if (bytes > usable) {
    char text[320];
    std::snprintf(text, sizeof text,
                  "writing the result file would take about %.0f MiB of memory (%zu variables), "
                  "more than this job can use: %.0f MiB of %.0f MiB, %s",
                  bytes / (1 << 20), sweep.description.layout.columns.size(), usable / (1 << 20),
                  static_cast<double>(limit.bytes) / (1 << 20), limit.source.c_str());
    throw InputError(Location{source}, text,
                     "more memory (sbatch --mem=" + std::to_string(suggested_mem_mib(bytes)) +
                         "), fewer runs, no time series, --shard I/N to split the sweep, or "
                         "--force");
  }
}

int sweep(const SweepOptions& options, const CommandContext& context) {
  const auto started = std::chrono::steady_clock::now();
  const int rank = sweep_process_rank();
  const SweepSpec spec = sweep_spec(options);
  const auto output = options.dry_run && options.output.empty() && spec.output.empty()
                          ? std::filesystem::path("(dry run)")
                          : output_path(options, spec);
  if (!options.dry_run && options.missing == 0)
    check_output_path(output, options.force, options.resume);
  const auto scenario = spec.source_name == "command line"
                            ? resolve_scenario(options.scenario, context.executable)
                            : scenario_path(spec, context.executable);

  ScenarioSweepInputs inputs;
  inputs.sweep = spec;
  inputs.extra_overrides = options.overrides;
  inputs.seed = options.seed;
  inputs.timeseries = options.timeseries;
  inputs.max_runs = options.force ? UINT64_MAX : SweepLimits::max_runs_without_force;
  const auto root = shipped_scenario_dir(context.executable);
  // The scenario is read once: every run, the stored scenario and the
  // fingerprint use this text, even if the file is edited while the sweep runs.
  auto text = std::make_shared<const std::string>(read_yaml_file(scenario));
  const auto base_dir =
      scenario.has_parent_path() ? scenario.parent_path() : std::filesystem::path(".");
  inputs.load = [text, scenario, base_dir, root](const std::vector<std::string>& overrides) {
    LoadOptions load;
    load.overrides = overrides;
    load.scenario_root = root;
    return load_scenario_text(*text, scenario.string(), base_dir, load);
  };
  const ScenarioSweep sweep = make_scenario_sweep(inputs);

  SessionOptions session;
  session.output = output;
  session.force = options.force;
  session.resume = options.resume;
  session.threads = options.jobs > 0
                        ? options.jobs
                        : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  session.on_failure = options.on_failure == "stop" ? FailurePolicy::stop : FailurePolicy::record;
  if (!options.shard.empty()) session.shard = parse_shard(options.shard);
  session.progress = options.quiet || rank != 0 ? nullptr : stderr;
  session.created = utc_now_iso8601();
  if (options.missing > 0) {
    // The array tasks to submit again: `sbatch --array=$(frontline sweep ... --missing N)`.
    const auto missing = missing_shards(sweep.description, output, options.missing);
    if (rank == 0) {
      std::cout << array_ranges(missing) << "\n";
      std::cerr << missing.size() << " of " << options.missing << " shards still to run"
                << (missing.empty() ? "" : " (sbatch --array=" + array_ranges(missing) + ")")
                << "\n";
    }
    return 0;
  }
  if (!options.force) check_memory(sweep, session.shard, spec.source_name);
  if (options.dry_run) {
    if (rank == 0)
      print_plan(sweep, session.shard,
                 shard_runs(sweep.description.plan.run_count(), session.shard));
    return 0;
  }

  const SessionReport report = run_sweep_session(sweep.description, sweep.work, session);
  if (!report.writer) return 0;
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const auto absolute = std::filesystem::absolute(output).lexically_normal().string();
  if (report.already_complete) {
    std::cout << "Sweep already complete: " << absolute << "\n";
    return 0;
  }
  std::printf("Sweep: %llu runs (%llu failed)", static_cast<unsigned long long>(report.runs),
              static_cast<unsigned long long>(report.failed));
  if (report.from_journal > 0)
    std::printf(", %llu from the journal", static_cast<unsigned long long>(report.from_journal));
  std::printf(", %llu run now in %.1f s (%.1f runs/s, %d %s)\n",
              static_cast<unsigned long long>(report.ran), seconds,
              seconds > 0 ? static_cast<double>(report.ran) / seconds : 0.0,
              report.ranks > 1 ? report.ranks : session.threads,
              report.ranks > 1 ? "MPI ranks" : (session.threads == 1 ? "thread" : "threads"));
  std::printf("Result file written in %.2f s\n", report.write_seconds);
  if (report.failed > 0 && !report.first_failure.empty())
    std::cout << "First failure: " << report.first_failure << "\n";
  std::cout << "Output: " << absolute << "\n";
  std::cout.flush();
  return 0;
}

}  // namespace

void add_sweep_command(CLI::App& app, CommandContext& context) {
  auto options = std::make_shared<SweepOptions>();
  auto* command =
      app.add_subcommand("sweep",
                         "Run a scenario many times over a design of parameter values and "
                         "replicates, into one HDF5 file.\n"
                         "Threads with -j; under mpirun or srun every rank works on the same "
                         "sweep; --shard I/N runs one\n"
                         "slice (a Slurm array task) for `frontline merge`. See docs/sweeps.md.");
  command->add_option("sweep", options->sweep_file,
                      "Sweep file (YAML): scenario, parameters, design, ...");
  command->add_option("--scenario", options->scenario,
                      "Without a sweep file: the scenario (file or shipped name) to replicate");
  command
      ->add_option("--replicates", options->replicates,
                   "Replicates per design point (overrides the file)")
      ->check(CLI::Range(1u, SweepLimits::max_replicates));
  command->add_option("--seed", options->seed,
                      "Base seed (default: the file's, else the scenario's)");
  command
      ->add_option("--set", options->overrides,
                   "Fixed override for every run, e.g. calendar.end=2016-09-01")
      ->allow_extra_args(false);
  command->add_option("-o,--output", options->output, "Output file (wins over the file's output:)");
  command->add_option("-j,--jobs", options->jobs, "Worker threads (default: all cores)")
      ->check(CLI::Range(1, 1024));
  auto* resume =
      command->add_flag("--resume", options->resume,
                        "Continue an interrupted sweep from the journal beside the output");
  auto* force =
      command->add_flag("--force", options->force,
                        "Replace an existing output and journal; allow more than 100,000 runs");
  resume->excludes(force);
  force->excludes(resume);
  command
      ->add_option("--on-failure", options->on_failure,
                   "record: keep going after a failed run (default); stop: stop at the first")
      ->check(CLI::IsMember({"record", "stop"}));
  command->add_option("--shard", options->shard, "Run only slice I of N (0-based), e.g. 3/8")
      ->check([](const std::string& text) -> std::string {
        try {
          parse_shard(text);
          return {};
        } catch (const InputError&) {
          return "'" + text + "' is not a shard: expected I/N with 0 <= I < N";
        }
      });
  command
      ->add_option("--missing", options->missing,
                   "List the shards of N (files OUT.shard-I-of-N.h5 beside -o OUT.h5) that are "
                   "not complete yet, as sbatch --array takes them; run nothing")
      ->check(CLI::Range(1u, 1'000'000u));
  command->add_flag("--timeseries", options->timeseries, "Record every time series too (large)");
  command->add_flag("-q,--quiet", options->quiet, "No progress output");
  command->add_flag("--dry-run", options->dry_run,
                    "Print the plan and the first runs; run nothing");
  command->callback([options, &context] {
    context.action = [options, &context] {
      try {
        return sweep(*options, context);
      } catch (const Error& e) {
        if (sweep_process_rank() != 0) return static_cast<int>(e.exit_code());  // rank 0 reports
        throw;
      }
    };
  });
}

}  // namespace frontline::cli
