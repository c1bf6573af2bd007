#include "frontline/sweep/session.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>

#include "frontline/sweep/journal.hpp"
#include "frontline/sweep/result_writer.hpp"
#include "session_internal.hpp"

namespace frontline {

namespace session_detail {

bool mpi_launched() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(name)) return true;
  return false;
}

namespace {
// The fingerprint of a finished sweep's output, or "" if it is not one.
std::string output_fingerprint(const std::filesystem::path& output) {
  return read_sweep_identity(output).fingerprint;
}
}  // namespace

Prepared prepare(const SweepDescription& d, const SessionOptions& options) {
  check_output_path(options.output, options.force, options.resume);
  Prepared prepared;
  const auto parts = journal_parts(options.output);
  std::error_code ec;
  const bool output_exists =
      std::filesystem::exists(std::filesystem::symlink_status(options.output, ec));

  if (!options.resume && !parts.empty()) {
    if (!options.force)
      throw InputError(Location{parts.front().string()},
                       "a journal of an interrupted sweep exists beside the output",
                       "--resume to continue that sweep, or --force to start over");
    discard_journal(options.output);  // refused if a running sweep holds it
  }
  if (options.resume && output_exists) {
    // A finished output of this very sweep: complete (a journal left beside it
    // means the sweep was killed after its rename). Anything else is a user's file.
    if (output_fingerprint(options.output) != d.fingerprint)
      throw InputError(Location{options.output.string()},
                       parts.empty() ? "the output exists and holds another sweep (nothing to "
                                       "resume)"
                                     : "the output exists and is not this sweep's result; "
                                       "continuing would replace it",
                       "the same sweep as before, or move the file away (--force replaces it)");
    if (!parts.empty()) discard_journal(options.output);
    prepared.already_complete = true;
    return prepared;
  }
  prepared.index = std::make_unique<JournalIndex>(options.output, d.layout, d.fingerprint,
                                                  d.plan.run_count(), options.shard);
  const JournalIndex& index = *prepared.index;
  prepared.runs = index.size();
  prepared.from_journal = index.done();
  prepared.failed_in_journal = index.failed();
  prepared.todo = index.missing_runs();
  return prepared;
}

void finish(const SweepDescription& d, const SessionOptions& options, SessionReport& report) {
  const auto started = std::chrono::steady_clock::now();
  JournalIndex index(options.output, d.layout, d.fingerprint, d.plan.run_count(), options.shard);
  if (index.done() != index.size())
    throw RuntimeError("the journal of " + options.output.string() + " holds " +
                       std::to_string(index.done()) + " of the " + std::to_string(index.size()) +
                       " runs after the sweep ended; run again with --resume");
  // In row order, a block at a time: encoded where a worker journaled it,
  // else a run record at a time from the journal parts.
  const ResultSchema schema = result_schema(d, options.shard, index.size());
  write_result_file(options.output, options.force, schema, [&](ResultWriter& writer) {
    std::vector<Variable> row = empty_row(schema);
    for (std::uint64_t block = 0; block < block_count(index.size()); ++block) {
      if (index.has_block(block)) {
        writer.append_block(decode_block(index.read_block(block)));
        continue;
      }
      const std::uint64_t first = block * kPieceRuns;
      for (std::uint64_t position = first; position < first + block_rows(block, index.size());
           ++position) {
        const RunResult result = index.read(position);
        fill_row(d, result, row);
        writer.append(static_cast<std::int64_t>(result.run), row);
      }
    }
  });
  discard_journal(options.output);
  report.failed = index.failed();
  report.write_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

std::string encode_item(const SweepDescription& d, const ResultSchema& schema,
                        const BlockEncoder& encoder, const WorkItem& item,
                        const std::vector<RunResult>& results) {
  std::vector<std::int64_t> runs;
  std::vector<std::vector<Variable>> rows(results.size(), empty_row(schema));
  for (std::size_t i = 0; i < results.size(); ++i) {
    runs.push_back(static_cast<std::int64_t>(results[i].run));
    fill_row(d, results[i], rows[i]);
  }
  return encode_block(encoder.encode(item.block, runs, rows));
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

std::filesystem::path shard_output_path(const std::filesystem::path& output, Shard shard) {
  auto name = output.stem().string() + ".shard-" + std::to_string(shard.index) + "-of-" +
              std::to_string(shard.count) + output.extension().string();
  return output.parent_path() / name;
}

std::vector<std::uint32_t> missing_shards(const SweepDescription& d,
                                          const std::filesystem::path& output,
                                          std::uint32_t count) {
  std::vector<std::uint32_t> missing;
  for (std::uint32_t index = 0; index < count; ++index) {
    const SweepFileIdentity identity =
        read_sweep_identity(shard_output_path(output, Shard{index, count}));
    const bool complete = identity.fingerprint == d.fingerprint && identity.shard_index == index &&
                          identity.shard_count == count;
    if (!complete) missing.push_back(index);
  }
  return missing;
}

std::string array_ranges(const std::vector<std::uint32_t>& indices) {
  std::string text;
  for (std::size_t i = 0; i < indices.size();) {
    std::size_t j = i;
    while (j + 1 < indices.size() && indices[j + 1] == indices[j] + 1) ++j;
    text += (text.empty() ? "" : ",") + std::to_string(indices[i]);
    if (j > i) text += "-" + std::to_string(indices[j]);
    i = j + 1;
  }
  return text;
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
  // symlink_status: a dangling symbolic link is something at the path too.
  if (!force && !resume && std::filesystem::exists(std::filesystem::symlink_status(output, ec)))
    throw InputError(Location{output.string()}, "output file already exists",
                     "a new path, --force to replace it, or --resume to continue its sweep");
}

SessionReport run_sweep_session(const SweepDescription& d, const RunWork& work,
                                const SessionOptions& options) {
  using namespace session_detail;
#ifdef FRONTLINE_HAVE_MPI
  if (mpi_launched()) return run_mpi_session(d, work, options);
#endif
  return run_local_session(d, work, options);
}

namespace session_detail {

SessionReport run_local_session(const SweepDescription& d, const RunWork& work,
                                const SessionOptions& options) {
  Prepared prepared = prepare(d, options);
  prepared.index.reset();  // finish reads the journal again, with this session's runs
  SessionReport report;
  report.runs = prepared.runs;
  report.from_journal = prepared.from_journal;
  if (prepared.already_complete) {
    report.already_complete = true;
    return report;
  }
  RunnerSummary summary;
  {
    JournalWriter journal(journal_part_path(options.output, 0),
                          {d.fingerprint, options.created, options.shard}, d.layout);
    ProgressMeter meter(prepared.runs, prepared.from_journal, options.progress,
                        options.progress && ::isatty(::fileno(options.progress)));
    RunnerOptions runner;
    runner.threads = options.threads;
    runner.on_failure = options.on_failure;
    runner.progress = options.progress ? &meter : nullptr;
    runner.already_done = prepared.from_journal;
    runner.already_failed = prepared.failed_in_journal;
    // Each thread encodes the blocks it ran whole and journals them, so the
    // result file is written from them (finish) without re-encoding their runs.
    const ResultSchema schema = result_schema(d, options.shard, prepared.runs);
    const BlockEncoder encoder(schema);
    const std::uint64_t split_tail =
        options.threads > 1 ? static_cast<std::uint64_t>(options.threads) : 0;
    summary = run_local_items(
        d.plan, work_items(prepared.todo, options.shard, prepared.runs, split_tail), work,
        [&journal](const RunResult& r) { journal.append(r); },
        [&](const WorkItem& item, const std::vector<RunResult>& results) {
          if (item.whole)
            journal.append_block(item.block, encode_item(d, schema, encoder, item, results));
        },
        runner);
  }
  report.ran = summary.completed;
  report.first_failure = summary.first_failure;
  if (summary.stopped)
    throw_stopped(options, summary.first_failure, prepared.from_journal + summary.completed,
                  prepared.runs);
  finish(d, options, report);
  return report;
}

}  // namespace session_detail

}  // namespace frontline
