#include "frontline/sweep/session.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include "frontline/sweep/journal.hpp"
#include "session_internal.hpp"

namespace frontline {

namespace session_detail {

namespace {

std::vector<std::uint64_t> minus(const std::vector<std::uint64_t>& runs,
                                 const std::vector<RunResult>& done) {
  std::vector<std::uint64_t> finished;
  for (const auto& r : done) finished.push_back(r.run);  // sorted by read_journals
  std::vector<std::uint64_t> todo;
  std::set_difference(runs.begin(), runs.end(), finished.begin(), finished.end(),
                      std::back_inserter(todo));
  return todo;
}

std::vector<RunResult> only(const std::vector<RunResult>& results,
                            const std::vector<std::uint64_t>& runs) {
  std::vector<RunResult> kept;
  for (const auto& r : results)
    if (std::binary_search(runs.begin(), runs.end(), r.run)) kept.push_back(r);
  return kept;
}

}  // namespace

bool mpi_launched() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(name)) return true;
  return false;
}

Prepared prepare(const SweepDescription& d, const SessionOptions& options) {
  check_output_path(options.output, options.force, options.resume);
  Prepared prepared;
  prepared.runs = shard_runs(d.plan.run_count(), options.shard);
  const auto parts = journal_parts(options.output);
  std::error_code ec;
  const bool output_exists = std::filesystem::exists(options.output, ec);

  if (!options.resume && !parts.empty()) {
    if (!options.force)
      throw InputError(Location{parts.front().string()},
                       "a journal of an interrupted sweep exists beside the output",
                       "--resume to continue that sweep, or --force to start over");
    for (const auto& part : parts) std::filesystem::remove(part, ec);
  }
  if (options.resume && parts.empty() && output_exists) {
    const SweepTable existing = read_sweep_table(options.output);
    if (attribute_text(existing, "sweep_fingerprint") != d.fingerprint)
      throw InputError(Location{options.output.string()},
                       "the output exists and holds another sweep (nothing to resume)",
                       "the same sweep as before, or --force to replace it");
    prepared.already_complete = true;
    return prepared;
  }
  std::vector<RunResult> done;
  if (options.resume)
    done = only(read_journals(options.output, d.layout, d.fingerprint), prepared.runs);
  prepared.from_journal = done.size();
  prepared.failed_in_journal = static_cast<std::uint64_t>(
      std::count_if(done.begin(), done.end(), [](const auto& r) { return !r.ok; }));
  prepared.todo = minus(prepared.runs, done);
  return prepared;
}

std::uint64_t finish(const SweepDescription& d, const SessionOptions& options,
                     const std::vector<std::uint64_t>& runs) {
  const std::vector<RunResult> results =
      only(read_journals(options.output, d.layout, d.fingerprint), runs);
  if (results.size() != runs.size())
    throw RuntimeError("the journal of " + options.output.string() + " holds " +
                       std::to_string(results.size()) + " of the " + std::to_string(runs.size()) +
                       " runs after the sweep ended; run again with --resume");
  write_sweep_table(options.output, assemble_table(d, results, options.shard));
  std::error_code ec;
  for (const auto& part : journal_parts(options.output)) std::filesystem::remove(part, ec);
  return static_cast<std::uint64_t>(
      std::count_if(results.begin(), results.end(), [](const auto& r) { return !r.ok; }));
}

void throw_stopped(const SessionOptions& options, const std::string& first_failure,
                   std::uint64_t done, std::uint64_t total) {
  throw RuntimeError("sweep stopped at a failed run (--on-failure stop): " + first_failure + "; " +
                     std::to_string(done) + " of " + std::to_string(total) +
                     " runs are in the journal " + journal_part_path(options.output, 0).string() +
                     "; continue with --resume");
}

}  // namespace session_detail

int sweep_process_rank() {
  for (const char* name : {"OMPI_COMM_WORLD_RANK", "PMIX_RANK", "PMI_RANK"})
    if (const char* value = std::getenv(name)) return std::atoi(value);
  return 0;
}

void check_output_path(const std::filesystem::path& output, bool force, bool resume) {
  std::error_code ec;
  if (output.empty()) throw InputError(Location{"-o"}, "no output file given", "-o OUT.h5");
  if (std::filesystem::is_directory(output, ec))
    throw InputError(Location{output.string()}, "the output is a folder",
                     "a file path, e.g. sweep.h5");
  const auto dir = output.has_parent_path() ? output.parent_path() : std::filesystem::path(".");
  if (!std::filesystem::is_directory(dir, ec))
    throw InputError(Location{output.string()},
                     "output folder '" + dir.string() + "' does not exist", "an existing folder");
  if (!force && !resume && std::filesystem::exists(output, ec))
    throw InputError(Location{output.string()}, "output file already exists",
                     "a new path, --force to replace it, or --resume to continue its sweep");
}

SessionReport run_sweep_session(const SweepDescription& d, const RunWork& work,
                                const SessionOptions& options) {
  using namespace session_detail;
#ifdef FRONTLINE_HAVE_MPI
  if (mpi_launched()) return run_mpi_session(d, work, options);
#endif
  const Prepared prepared = prepare(d, options);
  SessionReport report;
  report.runs = prepared.runs.size();
  report.from_journal = prepared.from_journal;
  if (prepared.already_complete) {
    report.already_complete = true;
    return report;
  }
  RunnerSummary summary;
  {
    JournalWriter journal(journal_part_path(options.output, 0), {d.fingerprint, options.created},
                          d.layout);
    ProgressMeter meter(prepared.runs.size(), prepared.from_journal, options.progress,
                        options.progress && ::isatty(::fileno(options.progress)));
    RunnerOptions runner;
    runner.threads = options.threads;
    runner.on_failure = options.on_failure;
    runner.progress = options.progress ? &meter : nullptr;
    runner.already_done = prepared.from_journal;
    runner.already_failed = prepared.failed_in_journal;
    summary = run_local(
        d.plan, prepared.todo, work, [&journal](const RunResult& r) { journal.append(r); }, runner);
  }
  report.ran = summary.completed;
  report.first_failure = summary.first_failure;
  if (summary.stopped)
    throw_stopped(options, summary.first_failure, prepared.from_journal + summary.completed,
                  prepared.runs.size());
  report.failed = finish(d, options, prepared.runs);
  return report;
}

}  // namespace frontline
