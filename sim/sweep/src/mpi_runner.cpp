// The MPI path of a sweep session. Work is handed out in chunks through a
// shared counter on rank 0 (MPI one-sided fetch-and-add): guided
// self-scheduling, large chunks first and single runs at the end, so the
// counter sees a few operations per rank rather than one per run, and slow runs
// never idle the others; rank 0 runs work too. Each rank appends its results to its own journal
// part; rank 0 then writes the one result file from all parts, with the same writer as the threaded
// path, so `mpirun -np N` gives the same file as `-j N`.
#include <mpi.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <optional>

#include "frontline/sweep/journal.hpp"
#include "frontline/sweep/mpi_environment.hpp"
#include "session_internal.hpp"

namespace frontline::session_detail {

namespace {

enum Slot : int { next_run = 0, runs_done = 1, runs_failed = 2, slot_count = 3 };

// An error on one rank, made known to all so that every rank leaves together.
struct Failure {
  int kind = 0;  // 0 none, 1 input, 2 runtime
  std::string message;
  std::exception_ptr original;  // on the rank where it happened
};

Failure failure_of(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const InputError& e) {
    return {1, e.what(), error};
  } catch (const std::exception& e) {
    return {2, e.what(), error};
  } catch (...) {
    return {2, "unknown error", error};
  }
}

[[noreturn]] void raise(const Failure& failure) {
  if (failure.original) std::rethrow_exception(failure.original);  // as it was, with its exit code
  if (failure.kind == 1) throw InputError(Location{}, failure.message);
  throw RuntimeError(failure.message);
}

void broadcast(std::string& text, int root) {
  std::uint64_t size = text.size();
  MPI_Bcast(&size, 1, MPI_UINT64_T, root, MPI_COMM_WORLD);
  text.resize(size);
  if (size > 0) MPI_Bcast(text.data(), static_cast<int>(size), MPI_CHAR, root, MPI_COMM_WORLD);
}

void broadcast(std::vector<std::uint64_t>& values, int root) {
  std::uint64_t size = values.size();
  MPI_Bcast(&size, 1, MPI_UINT64_T, root, MPI_COMM_WORLD);
  values.resize(size);
  // Chunks below INT_MAX elements.
  for (std::uint64_t begin = 0; begin < size; begin += 1u << 28) {
    const auto count = static_cast<int>(std::min<std::uint64_t>(size - begin, 1u << 28));
    MPI_Bcast(values.data() + begin, count, MPI_UINT64_T, root, MPI_COMM_WORLD);
  }
}

// Rank `root`'s failure (if any) is rethrown on every rank; a failure on any
// rank when `root` is negative: the lowest failing rank's.
void agree(const std::optional<Failure>& local, int rank, int root) {
  int failed_rank = local ? rank : 1 << 30;
  if (root >= 0) {
    failed_rank = rank == root && local ? root : 1 << 30;
    MPI_Bcast(&failed_rank, 1, MPI_INT, root, MPI_COMM_WORLD);
  } else {
    MPI_Allreduce(MPI_IN_PLACE, &failed_rank, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  }
  if (failed_rank == 1 << 30) return;
  Failure failure = local.value_or(Failure{});
  if (failed_rank != rank) failure.original = nullptr;  // the chosen rank's error, for all
  MPI_Bcast(&failure.kind, 1, MPI_INT, failed_rank, MPI_COMM_WORLD);
  broadcast(failure.message, failed_rank);
  raise(failure);
}

template <class F>
std::optional<Failure> attempt(F&& step) {
  try {
    step();
  } catch (...) {
    return failure_of(std::current_exception());
  }
  return std::nullopt;
}

std::int64_t fetch_add(MPI_Win window, Slot slot, std::int64_t value) {
  std::int64_t previous = 0;
  MPI_Fetch_and_op(&value, &previous, MPI_INT64_T, 0, slot, value == 0 ? MPI_NO_OP : MPI_SUM,
                   window);
  MPI_Win_flush(0, window);
  return previous;
}

void store(MPI_Win window, Slot slot, std::int64_t value) {
  std::int64_t previous = 0;
  MPI_Fetch_and_op(&value, &previous, MPI_INT64_T, 0, slot, MPI_REPLACE, window);
  MPI_Win_flush(0, window);
}

std::string first_failure_in_journal(const SweepDescription& d, const SessionOptions& options) {
  const JournalIndex index(options.output, d.layout, d.fingerprint, d.plan.run_count(),
                           options.shard);
  return index.first_failure().empty() ? std::string("?") : index.first_failure();
}

}  // namespace

SessionReport run_mpi_session(const SweepDescription& d, const RunWork& work,
                              const SessionOptions& options) {
  const MpiEnvironment mpi;
  const int rank = mpi.rank();
  SessionReport report;
  report.ranks = mpi.size();
  report.writer = rank == 0;

  // Rank 0 checks the output and reads the journal; everyone learns the outcome.
  Prepared prepared;
  agree(attempt([&] {
          if (rank == 0) prepared = prepare(d, options);
        }),
        rank, 0);
  int complete = prepared.already_complete ? 1 : 0;
  MPI_Bcast(&complete, 1, MPI_INT, 0, MPI_COMM_WORLD);
  std::uint64_t counts[3] = {prepared.from_journal, prepared.failed_in_journal, prepared.runs};
  MPI_Bcast(counts, 3, MPI_UINT64_T, 0, MPI_COMM_WORLD);
  report.runs = counts[2];
  report.from_journal = counts[0];
  if (complete) {
    report.already_complete = true;
    return report;
  }
  broadcast(prepared.todo, 0);
  if (rank == 0 && options.threads > 1 && options.progress)
    std::fprintf(options.progress,
                 "sweep: %d MPI ranks, one run at a time each (-j applies without MPI)\n",
                 mpi.size());

  // Every rank appends to its own journal part; all parts share part 0's header.
  std::optional<JournalWriter> journal;
  std::string created = options.created;
  agree(attempt([&] {
          if (rank == 0) {
            journal.emplace(journal_part_path(options.output, 0),
                            JournalHeader{d.fingerprint, created, options.shard}, d.layout);
            created = journal->header().created;
          }
        }),
        rank, 0);
  broadcast(created, 0);
  agree(attempt([&] {
          if (rank != 0)
            journal.emplace(journal_part_path(options.output, rank),
                            JournalHeader{d.fingerprint, created, options.shard}, d.layout);
        }),
        rank, -1);

  // The shared counters live on rank 0.
  std::int64_t* counters = nullptr;
  MPI_Win window;
  const MPI_Aint bytes = rank == 0 ? slot_count * static_cast<MPI_Aint>(sizeof(std::int64_t)) : 0;
  MPI_Win_allocate(bytes, sizeof(std::int64_t), MPI_INFO_NULL, MPI_COMM_WORLD, &counters, &window);
  if (rank == 0) std::fill(counters, counters + slot_count, 0);
  MPI_Barrier(MPI_COMM_WORLD);
  MPI_Win_lock_all(MPI_MODE_NOCHECK, window);

  ProgressMeter meter(counts[2], counts[0], rank == 0 ? options.progress : nullptr,
                      options.progress && ::isatty(::fileno(options.progress)));
  const std::vector<std::uint64_t> chunks = guided_chunks(prepared.todo.size(), mpi.size());
  const auto chunk_count = static_cast<std::int64_t>(chunks.size()) - 1;
  std::uint64_t ran = 0, failed = 0;
  int stopped = 0;
  std::optional<Failure> sink_failure;
  while (!stopped && !sink_failure) {
    const std::int64_t chunk = fetch_add(window, next_run, 1);
    if (chunk >= chunk_count) break;
    std::uint64_t chunk_ran = 0, chunk_failed = 0;
    for (std::uint64_t slot = chunks[static_cast<std::size_t>(chunk)];
         slot < chunks[static_cast<std::size_t>(chunk) + 1]; ++slot) {
      const RunResult result = execute_run(d.plan, prepared.todo[slot], work);
      sink_failure = attempt([&] { journal->append(result); });
      if (sink_failure) {
        store(window, next_run, chunk_count);  // nobody takes more work
        break;
      }
      ++chunk_ran;
      if (!result.ok) {
        ++chunk_failed;
        if (options.on_failure == FailurePolicy::stop) {
          store(window, next_run, chunk_count);
          stopped = 1;
          break;
        }
      }
    }
    ran += chunk_ran;
    failed += chunk_failed;
    fetch_add(window, runs_done, static_cast<std::int64_t>(chunk_ran));
    if (chunk_failed > 0) fetch_add(window, runs_failed, static_cast<std::int64_t>(chunk_failed));
    if (rank == 0 && options.progress)
      meter.update(counts[0] + static_cast<std::uint64_t>(fetch_add(window, runs_done, 0)),
                   counts[1] + static_cast<std::uint64_t>(fetch_add(window, runs_failed, 0)));
  }
  MPI_Win_unlock_all(window);
  MPI_Win_free(&window);
  journal.reset();  // flushed and closed before rank 0 reads the parts

  std::uint64_t totals[2] = {ran, failed};
  MPI_Allreduce(MPI_IN_PLACE, totals, 2, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
  MPI_Allreduce(MPI_IN_PLACE, &stopped, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  if (rank == 0 && options.progress) meter.finish(counts[0] + totals[0], counts[1] + totals[1]);
  agree(sink_failure, rank, -1);
  report.ran = totals[0];
  if (stopped) {
    std::string message;
    agree(attempt([&] {
            if (rank == 0)
              throw_stopped(options, first_failure_in_journal(d, options), counts[0] + totals[0],
                            counts[2]);
          }),
          rank, 0);
  }
  agree(attempt([&] {
          if (rank == 0) finish(d, options, report);
        }),
        rank, 0);
  MPI_Bcast(&report.failed, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
  return report;
}

}  // namespace frontline::session_detail
