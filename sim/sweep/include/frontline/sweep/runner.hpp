#pragma once
// Runs a sweep's runs with a dynamic work queue: each run is independent and
// single-threaded, handed to whichever worker is free. The work is a function
// object (the real one loads, runs and measures a scenario; tests inject fakes).
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "frontline/sweep/plan.hpp"
#include "frontline/sweep/progress.hpp"
#include "frontline/sweep/result.hpp"

namespace frontline {

// The values of one run in layout order; throws (anything) if the run fails.
using RunWork = std::function<std::vector<double>(const RunPlan&)>;
// Receives every result as soon as it exists (e.g. a JournalWriter); thread-safe.
using ResultSink = std::function<void(const RunResult&)>;

enum class FailurePolicy { record, stop };  // --on-failure record|stop

struct RunnerOptions {
  int threads = 1;
  FailurePolicy on_failure = FailurePolicy::record;
  ProgressMeter* progress = nullptr;
  std::uint64_t already_done = 0;  // runs finished before (a resumed journal)
  std::uint64_t already_failed = 0;
};

struct RunnerSummary {
  std::uint64_t completed = 0;  // runs finished now, failed ones included
  std::uint64_t failed = 0;
  bool stopped = false;       // the stop policy cut the sweep short
  std::string first_failure;  // "run 12: what went wrong"
};

// Runs one plan, turning any exception into a failed result.
RunResult execute_run(const SweepPlan& plan, std::uint64_t run, const RunWork& work);

// Guided self-scheduling of `count` runs among `workers`: the boundaries
// 0 = b0 < b1 < ... < bk = count of chunks of ceil(remaining / (2 * workers))
// runs, at least 1 and at most kMaxChunkRuns, so a shared counter is touched
// about 2 * workers * ln(count / workers) times instead of once per run, and the
// last chunks are single runs that even out the finish.
inline constexpr std::uint64_t kMaxChunkRuns = 256;
std::vector<std::uint64_t> guided_chunks(std::uint64_t count, int workers);

// Threads pull run indices from `todo` in order. A sink failure (e.g. a full
// disk) stops every thread and is rethrown.
RunnerSummary run_local(const SweepPlan& plan, const std::vector<std::uint64_t>& todo,
                        const RunWork& work, const ResultSink& sink, const RunnerOptions& options);

// A unit of work: runs of one block of kPieceRuns rows of an output (block
// `block`, rows aligned on kPieceRuns: run indices for a whole sweep, positions
// within a shard), to be run by one worker. `whole`: they are every row of the
// block, so the worker can encode the block (BlockEncoder).
struct WorkItem {
  std::uint64_t block = 0;
  std::vector<std::uint64_t> runs;
  bool whole = false;
};
// `todo` (a shard's runs not yet done, ascending) cut into blocks; the last
// `split_tail` blocks are cut further into one item per run, which evens out
// the finish of a few workers (the writer encodes those blocks from rows).
std::vector<WorkItem> work_items(const std::vector<std::uint64_t>& todo, const Shard& shard,
                                 std::uint64_t rows, std::uint64_t split_tail);

// Receives a work item's results (in the item's order) once all its runs ran;
// thread-safe. Not called for an item cut short by the stop policy.
using ItemSink = std::function<void(const WorkItem&, const std::vector<RunResult>&)>;

// Threads pull whole items in order; each result goes to `sink` as soon as it
// exists, each finished item to `item_sink`. Failures of either sink stop
// every thread and are rethrown.
RunnerSummary run_local_items(const SweepPlan& plan, const std::vector<WorkItem>& items,
                              const RunWork& work, const ResultSink& sink,
                              const ItemSink& item_sink, const RunnerOptions& options);

}  // namespace frontline
