#pragma once
// Steps of a sweep session shared by the local and the MPI paths.
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "frontline/sweep/journal.hpp"
#include "frontline/sweep/result_writer.hpp"
#include "frontline/sweep/session.hpp"

namespace frontline::session_detail {

struct Prepared {
  std::uint64_t runs = 0;           // this output's runs
  std::vector<std::uint64_t> todo;  // not yet in the journal
  std::uint64_t from_journal = 0;
  std::uint64_t failed_in_journal = 0;
  bool already_complete = false;
  std::unique_ptr<JournalIndex> index;  // the journal as it was found
};

// Output and journal checks, the journal's completed runs, what remains.
Prepared prepare(const SweepDescription& description, const SessionOptions& options);

// Reads every journal part, writes the result file, deletes the journal.
// Sets the report's failed runs and write time.
void finish(const SweepDescription& description, const SessionOptions& options,
            SessionReport& report);

// The encoded block (encode_block) of a whole work item's results.
std::string encode_item(const SweepDescription& description, const ResultSchema& schema,
                        const BlockEncoder& encoder, const WorkItem& item,
                        const std::vector<RunResult>& results);

[[noreturn]] void throw_stopped(const SessionOptions& options, const std::string& first_failure,
                                std::uint64_t done, std::uint64_t total);

// Runs the sweep in this process, with threads.
SessionReport run_local_session(const SweepDescription& description, const RunWork& work,
                                const SessionOptions& options);

bool mpi_launched();
#ifdef FRONTLINE_HAVE_MPI
SessionReport run_mpi_session(const SweepDescription& description, const RunWork& work,
                              const SessionOptions& options);
#endif

}  // namespace frontline::session_detail
