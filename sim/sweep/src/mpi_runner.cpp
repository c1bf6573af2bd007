// The MPI path of a sweep session. Rank 0 coordinates and writes; ranks 1..N-1
// run. Work is handed out in blocks of kPieceRuns rows aligned on run index
// (work_items), in chunks of blocks through a shared counter on rank 0 (MPI
// one-sided fetch-and-add): guided self-scheduling, large chunks first and
// single blocks at the end. A rank journals every run to its own journal part;
// when it has run a whole block it encodes it (BlockEncoder: its numeric
// variables' pieces, exactly as the writer would encode them), journals the
// encoded block and sends it to rank 0; the runs of a block it did not run
// whole (a resumed sweep) it sends as journal records. Rank 0 writes the one
// result file while the others run, block after block in row order, joining
// the pieces (ResultWriter::append_block) and encoding only what came as runs,
// so `mpirun -np N` gives the same file as `-j N`. With one rank, the sweep runs
// as the threaded path does.
#include <mpi.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <thread>

#include "frontline/sweep/journal.hpp"
#include "frontline/sweep/mpi_environment.hpp"
#include "session_internal.hpp"

namespace frontline::session_detail {

namespace {

enum Slot : int { next_chunk = 0, slot_count = 1 };
// Messages from a running rank to rank 0: [u64 runs][u64 failed] then the body.
enum Tag : int { block_tag = 1, runs_tag = 2, done_tag = 3 };

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

// Little-endian, as the journal's records.
std::string u64_bytes(std::uint64_t value) {
  std::string bytes(8, '\0');
  for (std::size_t i = 0; i < 8; ++i) bytes[i] = static_cast<char>(value >> (8 * i));
  return bytes;
}

void send(Tag tag, std::uint64_t runs, std::uint64_t failed, const std::string& body) {
  const std::string message = u64_bytes(runs) + u64_bytes(failed) + body;
  MPI_Send(message.data(), static_cast<int>(message.size()), MPI_CHAR, 0, tag, MPI_COMM_WORLD);
}

std::uint64_t u64_at(const std::string& bytes, std::size_t at) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < 8 && at + i < bytes.size(); ++i)
    value |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes[at + i])) << (8 * i);
  return value;
}

// The sweep cannot be completed (a rank stopped at a failure or failed): the
// result file is abandoned, each rank's reason agreed afterwards.
struct SweepCut {};

// Rank 0 while the others run: receives their messages and writes the result
// file in row order as blocks become complete.
class Coordinator {
 public:
  Coordinator(const SweepDescription& d, const SessionOptions& options, Prepared& prepared,
              const std::vector<WorkItem>& items, int workers, ProgressMeter& meter)
      : d_(d),
        index_(*prepared.index),
        progress_(options.progress != nullptr),
        workers_(workers),
        meter_(meter),
        done_(prepared.from_journal),
        failed_(prepared.failed_in_journal),
        schema_(result_schema(d, options.shard, prepared.runs)) {
    for (const WorkItem& item : items) from_ranks_.emplace(item.block, item.whole);
  }

  const ResultSchema& schema() const { return schema_; }

  // Every block in row order into `writer`; throws SweepCut if every rank
  // finished and a block is still missing.
  void write(ResultWriter& writer) {
    std::vector<Variable> row = empty_row(schema_);
    for (std::uint64_t block = 0; block < block_count(schema_.rows); ++block) {
      const auto from_rank = from_ranks_.find(block);
      if (from_rank == from_ranks_.end()) {  // done before: the journal as it was found
        if (index_.has_block(block)) {
          writer.append_block(decode_block(index_.read_block(block)));
        } else {
          for (std::uint64_t position : positions(block)) append_row(writer, row, position, {});
        }
        continue;
      }
      auto& waiting = from_rank->second ? blocks_ : runs_;
      while (!waiting.count(block)) receive();
      if (from_rank->second) {
        writer.append_block(decode_block(blocks_[block]));
        blocks_.erase(block);
      } else {
        std::map<std::uint64_t, RunResult> arrived;
        for (RunResult& result : read_run_records(runs_[block], d_.layout))
          arrived.emplace(result.run, std::move(result));
        runs_.erase(block);
        for (std::uint64_t position : positions(block)) append_row(writer, row, position, arrived);
      }
    }
  }

  // Receives until every running rank has said it is done.
  void drain() {
    while (finished_ < workers_) receive();
  }

  std::uint64_t done() const { return done_; }
  std::uint64_t failed() const { return failed_; }
  // When the last block or runs arrived.
  std::chrono::steady_clock::time_point last_arrival() const { return last_arrival_; }

 private:
  std::vector<std::uint64_t> positions(std::uint64_t block) const {
    std::vector<std::uint64_t> list;
    for (std::uint64_t p = block * kPieceRuns;
         p < block * kPieceRuns + block_rows(block, schema_.rows); ++p)
      list.push_back(p);
    return list;
  }

  void append_row(ResultWriter& writer, std::vector<Variable>& row, std::uint64_t position,
                  const std::map<std::uint64_t, RunResult>& arrived) {
    const auto found = arrived.find(index_.run_at(position));
    const RunResult result = found != arrived.end() ? found->second : index_.read(position);
    fill_row(d_, result, row);
    writer.append(static_cast<std::int64_t>(result.run), row);
  }

  // One message (waiting for it without spinning a core: ranks may share it).
  void receive() {
    if (finished_ >= workers_) throw SweepCut{};
    MPI_Status status;
    for (auto pause = std::chrono::microseconds(50);;
         pause = std::min(2 * pause, std::chrono::microseconds(2000))) {
      int arrived = 0;
      MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &arrived, &status);
      if (arrived) break;
      std::this_thread::sleep_for(pause);
    }
    int size = 0;
    MPI_Get_count(&status, MPI_CHAR, &size);
    std::string message(static_cast<std::size_t>(size), '\0');
    MPI_Recv(message.data(), size, MPI_CHAR, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD,
             MPI_STATUS_IGNORE);
    if (message.size() < 16)
      throw RuntimeError("a message of " + std::to_string(message.size()) + " bytes from rank " +
                         std::to_string(status.MPI_SOURCE));
    std::string body = message.substr(16);
    if (status.MPI_TAG == done_tag) {
      ++finished_;
      return;
    }
    done_ += u64_at(message, 0);
    failed_ += u64_at(message, 8);
    if (progress_) meter_.update(done_, failed_);
    last_arrival_ = std::chrono::steady_clock::now();
    // Both bodies start with the block index (of an encoded block, its first field).
    const std::uint64_t block = u64_at(body, 0);
    if (status.MPI_TAG == block_tag)
      blocks_[block] = std::move(body);
    else
      runs_[block] = body.substr(8);
  }

  const SweepDescription& d_;
  JournalIndex& index_;
  bool progress_;
  int workers_;
  ProgressMeter& meter_;
  std::uint64_t done_;
  std::uint64_t failed_;
  ResultSchema schema_;
  std::map<std::uint64_t, bool> from_ranks_;  // block -> handed out whole
  std::map<std::uint64_t, std::string> blocks_;
  std::map<std::uint64_t, std::string> runs_;
  int finished_ = 0;
  std::chrono::steady_clock::time_point last_arrival_ = std::chrono::steady_clock::now();
};

}  // namespace

SessionReport run_mpi_session(const SweepDescription& d, const RunWork& work,
                              const SessionOptions& options) {
  const MpiEnvironment mpi;
  if (mpi.size() == 1) return run_local_session(d, work, options);
  const int rank = mpi.rank();
  const int workers = mpi.size() - 1;
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
  prepared.runs = counts[2];
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

  // The shared counter lives on rank 0.
  std::int64_t* counters = nullptr;
  MPI_Win window;
  const MPI_Aint bytes = rank == 0 ? slot_count * static_cast<MPI_Aint>(sizeof(std::int64_t)) : 0;
  MPI_Win_allocate(bytes, sizeof(std::int64_t), MPI_INFO_NULL, MPI_COMM_WORLD, &counters, &window);
  if (rank == 0) std::fill(counters, counters + slot_count, 0);
  MPI_Barrier(MPI_COMM_WORLD);
  MPI_Win_lock_all(MPI_MODE_NOCHECK, window);

  const std::vector<WorkItem> items = work_items(prepared.todo, options.shard, counts[2], 0);
  const std::vector<std::uint64_t> chunks = guided_chunks(items.size(), workers);
  const auto chunk_count = static_cast<std::int64_t>(chunks.size()) - 1;
  std::uint64_t ran = 0, failed = 0;
  int stopped = 0;
  std::optional<Failure> local_failure;
  if (rank == 0) {
    ProgressMeter meter(counts[2], counts[0], options.progress,
                        options.progress && ::isatty(::fileno(options.progress)));
    Coordinator coordinator(d, options, prepared, items, workers, meter);
    try {
      write_result_file(options.output, options.force, coordinator.schema(),
                        [&](ResultWriter& writer) { coordinator.write(writer); });
      // The assembly after the runs: from the last block's arrival to a complete file.
      report.write_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                                           coordinator.last_arrival())
                                 .count();
    } catch (const SweepCut&) {
    } catch (...) {
      local_failure = failure_of(std::current_exception());
      store(window, next_chunk, chunk_count);  // nobody takes more work
    }
    // The others may still be sending: listen until each has said it is done.
    const std::optional<Failure> drained = attempt([&] { coordinator.drain(); });
    if (!local_failure) local_failure = drained;
    if (options.progress) meter.finish(coordinator.done(), coordinator.failed());
    report.failed = coordinator.failed();
  } else {
    const ResultSchema schema = result_schema(d, options.shard, counts[2]);
    const BlockEncoder encoder(schema);
    while (!stopped && !local_failure) {
      const std::int64_t chunk = fetch_add(window, next_chunk, 1);
      if (chunk >= chunk_count) break;
      for (std::uint64_t i = chunks[static_cast<std::size_t>(chunk)];
           i < chunks[static_cast<std::size_t>(chunk) + 1] && !stopped && !local_failure; ++i) {
        const WorkItem& item = items[i];
        std::vector<RunResult> results;
        std::uint64_t item_failed = 0;
        for (const std::uint64_t run : item.runs) {
          results.push_back(execute_run(d.plan, run, work));
          local_failure = attempt([&] { journal->append(results.back()); });
          if (local_failure) break;
          ++ran;
          if (!results.back().ok) {
            ++failed;
            ++item_failed;
            if (options.on_failure == FailurePolicy::stop) {
              stopped = 1;
              break;
            }
          }
        }
        if (stopped || local_failure) {
          store(window, next_chunk, chunk_count);  // nobody takes more work
          break;
        }
        local_failure = attempt([&] {
          if (item.whole) {
            const std::string encoded = encode_item(d, schema, encoder, item, results);
            journal->append_block(item.block, encoded);
            send(block_tag, results.size(), item_failed, encoded);
          } else {
            send(runs_tag, results.size(), item_failed,
                 u64_bytes(item.block) + run_records(results, d.layout));
          }
        });
        if (local_failure) store(window, next_chunk, chunk_count);
      }
    }
    send(done_tag, 0, 0, {});
  }
  MPI_Win_unlock_all(window);
  MPI_Win_free(&window);
  journal.reset();  // flushed and closed before rank 0 reads or deletes the parts

  std::uint64_t totals[2] = {ran, failed};
  MPI_Allreduce(MPI_IN_PLACE, totals, 2, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
  MPI_Allreduce(MPI_IN_PLACE, &stopped, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  agree(local_failure, rank, -1);
  report.ran = totals[0];
  if (stopped) {
    agree(attempt([&] {
            if (rank == 0)
              throw_stopped(options, first_failure_in_journal(d, options), counts[0] + totals[0],
                            counts[2]);
          }),
          rank, 0);
  }
  agree(attempt([&] {
          if (rank != 0) return;
          prepared.index.reset();
          discard_journal(options.output);
        }),
        rank, 0);
  MPI_Bcast(&report.failed, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
  return report;
}

}  // namespace frontline::session_detail
