#pragma once
// One invocation of a sweep, from the output checks to the final file:
// refuse an existing output (unless --force or --resume), take completed runs
// from the journal, run the rest (threads, or MPI ranks when launched under
// mpirun/srun), journal every result, then write the result file from the
// complete set (temporary file, rename) and delete the journal.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "frontline/sweep/assemble.hpp"
#include "frontline/sweep/runner.hpp"

namespace frontline {

struct SessionOptions {
  std::filesystem::path output;
  bool force = false;   // replace an existing output and discard a journal
  bool resume = false;  // continue from the journal
  int threads = 1;      // per process
  FailurePolicy on_failure = FailurePolicy::record;
  Shard shard;
  std::FILE* progress = stderr;  // null: no progress output
  std::string created;           // ISO time for a new journal's header
};

struct SessionReport {
  std::uint64_t runs = 0;          // runs in this output (the shard's, or all)
  std::uint64_t from_journal = 0;  // taken from a previous, interrupted invocation
  std::uint64_t ran = 0;           // run now (by every rank)
  std::uint64_t failed = 0;        // failed runs in the output
  bool already_complete = false;   // --resume found the finished output
  std::string first_failure;
  int ranks = 1;
  bool writer = true;          // this process wrote the output (rank 0)
  double write_seconds = 0.0;  // reading the journal and writing the result file
};

// Throws InputError for refused outputs or a foreign journal, RuntimeError if
// the stop policy cut the sweep short (the journal is kept) or on I/O failure.
SessionReport run_sweep_session(const SweepDescription& description, const RunWork& work,
                                const SessionOptions& options);

// The file of array task `shard` of a sweep whose merged output is `output`
// (scripts/slurm): results/sobol.h5 -> results/sobol.shard-3-of-8.h5.
std::filesystem::path shard_output_path(const std::filesystem::path& output, Shard shard);
// The shards of `count` whose file is not yet a complete shard of this sweep
// (`frontline sweep --missing N`), ascending.
std::vector<std::uint32_t> missing_shards(const SweepDescription& description,
                                          const std::filesystem::path& output, std::uint32_t count);
// "0,2-4,7": indices as `sbatch --array` takes them.
std::string array_ranges(const std::vector<std::uint32_t>& indices);

// Input checks of the output path only (used before loading anything heavy).
void check_output_path(const std::filesystem::path& output, bool force, bool resume);

}  // namespace frontline

namespace frontline {
// This process's MPI rank when launched by mpirun or srun, else 0. Only rank 0
// reports; other ranks leave with the same exit code, quietly.
int sweep_process_rank();
}  // namespace frontline
