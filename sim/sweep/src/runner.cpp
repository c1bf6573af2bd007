#include "frontline/sweep/runner.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>

#include "frontline/sweep/journal.hpp"
#include "frontline/sweep/result_writer.hpp"

namespace frontline {

RunResult execute_run(const SweepPlan& plan, std::uint64_t run, const RunWork& work) {
  RunResult result;
  result.run = run;
  try {
    result.values = work(plan.run(run));
  } catch (const std::exception& e) {
    result.ok = false;
    result.error = e.what();
  } catch (...) {
    result.ok = false;
    result.error = "unknown exception";
  }
  if (!result.ok) {
    result.values.clear();
    if (result.error.empty()) result.error = "failed without a message";
    result.error = cut_error(result.error);  // as journaled: the same text on every path
  }
  return result;
}

std::vector<std::uint64_t> guided_chunks(std::uint64_t count, int workers) {
  const std::uint64_t divisor = 2 * static_cast<std::uint64_t>(std::max(workers, 1));
  std::vector<std::uint64_t> boundaries{0};
  for (std::uint64_t done = 0; done < count;) {
    const std::uint64_t remaining = count - done;
    done += std::clamp<std::uint64_t>((remaining + divisor - 1) / divisor, 1, kMaxChunkRuns);
    boundaries.push_back(done);
  }
  return boundaries;
}

std::vector<WorkItem> work_items(const std::vector<std::uint64_t>& todo, const Shard& shard,
                                 std::uint64_t rows, std::uint64_t split_tail) {
  std::vector<WorkItem> items;
  for (const std::uint64_t run : todo) {
    const std::uint64_t block = (run - shard.index) / shard.count / kPieceRuns;
    if (items.empty() || items.back().block != block) items.push_back(WorkItem{block, {}, false});
    items.back().runs.push_back(run);
  }
  for (WorkItem& item : items) item.whole = item.runs.size() == block_rows(item.block, rows);
  const std::size_t kept = items.size() - std::min<std::size_t>(split_tail, items.size());
  std::vector<WorkItem> split(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(kept));
  for (std::size_t i = kept; i < items.size(); ++i)
    for (const std::uint64_t run : items[i].runs)
      split.push_back(WorkItem{items[i].block, {run}, items[i].runs.size() == 1 && items[i].whole});
  return split;
}

RunnerSummary run_local(const SweepPlan& plan, const std::vector<std::uint64_t>& todo,
                        const RunWork& work, const ResultSink& sink, const RunnerOptions& options) {
  std::vector<WorkItem> items;
  items.reserve(todo.size());
  for (const std::uint64_t run : todo) items.push_back(WorkItem{0, {run}, false});
  return run_local_items(plan, items, work, sink, {}, options);
}

RunnerSummary run_local_items(const SweepPlan& plan, const std::vector<WorkItem>& items,
                              const RunWork& work, const ResultSink& sink,
                              const ItemSink& item_sink, const RunnerOptions& options) {
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  std::atomic<std::uint64_t> completed{0};
  std::atomic<std::uint64_t> failed{0};
  std::mutex failure_mutex;
  std::string first_failure;
  std::exception_ptr sink_error;

  // One item's runs; false if the sweep stops (a sink failure, the stop policy).
  const auto run_item = [&](const WorkItem& item) {
    std::vector<RunResult> results;
    results.reserve(item.runs.size());
    for (const std::uint64_t run : item.runs) {
      if (stop.load()) return false;
      results.push_back(execute_run(plan, run, work));
      const RunResult& result = results.back();
      sink(result);
      ++completed;
      if (!result.ok) {
        ++failed;
        const std::lock_guard lock(failure_mutex);
        if (first_failure.empty())
          first_failure = "run " + std::to_string(result.run) + ": " + result.error;
        if (options.on_failure == FailurePolicy::stop) stop = true;
      }
      if (options.progress)
        options.progress->update(options.already_done + completed.load(),
                                 options.already_failed + failed.load());
    }
    if (item_sink && !stop.load()) item_sink(item, results);
    return true;
  };
  const auto worker = [&] {
    while (!stop.load()) {
      const std::size_t slot = next.fetch_add(1);
      if (slot >= items.size()) return;
      try {
        if (!run_item(items[slot])) return;
      } catch (...) {
        const std::lock_guard lock(failure_mutex);
        if (!sink_error) sink_error = std::current_exception();
        stop = true;
        return;
      }
    }
  };

  const int threads =
      std::clamp<int>(options.threads, 1, static_cast<int>(std::max<std::size_t>(items.size(), 1)));
  if (threads == 1) {
    worker();
  } else {
    std::vector<std::jthread> pool;
    pool.reserve(static_cast<std::size_t>(threads));
    for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
  }
  if (sink_error) std::rethrow_exception(sink_error);

  RunnerSummary summary;
  summary.completed = completed.load();
  summary.failed = failed.load();
  summary.first_failure = first_failure;
  summary.stopped = options.on_failure == FailurePolicy::stop && summary.failed > 0;
  if (options.progress)
    options.progress->finish(options.already_done + summary.completed,
                             options.already_failed + summary.failed);
  return summary;
}

}  // namespace frontline
