#pragma once
// The resume journal: an append-only file beside the output holding every
// completed run's result, and for each block of kPieceRuns rows that one
// process ran whole, the block encoded (encode_block), so that the result file
// is written from it without reading or re-encoding the block's runs. Each
// record is length-prefixed and CRC-32 checked.
// A kill tears at most the last record (one write() per record): such a torn
// tail is dropped, and the next writer cuts it before appending. Any other
// damage (a checksum that does not match a complete record, an impossible
// length, a record that does not decode) is refused with the file and the byte
// offset, never half-read. An MPI rank k > 0 writes its own part,
// OUTPUT.journal.k; part 0 is OUTPUT.journal.
//
// Journals are read as a stream, one record in memory at a time; only regular
// files are read (a FIFO, a device or a symbolic link is refused).
#include <cstdint>
#include <filesystem>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "frontline/sweep/lock.hpp"
#include "frontline/sweep/plan.hpp"
#include "frontline/sweep/result.hpp"

namespace frontline {

struct JournalHeader {
  std::string fingerprint;  // of the sweep: a journal of another sweep is refused
  std::string created;      // ISO 8601 UTC, when the sweep first started
  Shard shard;              // the slice it holds: a journal of another slice is refused
};

// Longest error text kept per failed run (longer messages are cut, the same way
// on every layout), so that every record has a bounded size.
inline constexpr std::size_t kMaxJournalErrorBytes = 4096;
// `error` cut to kMaxJournalErrorBytes at a UTF-8 character boundary ("..." ends it).
std::string cut_error(const std::string& error);

// JournalReader::next's block index of a run record.
inline constexpr std::uint64_t kNoBlock = UINT64_MAX;

std::filesystem::path journal_part_path(const std::filesystem::path& output, int part);
// Existing parts, part 0 first.
std::vector<std::filesystem::path> journal_parts(const std::filesystem::path& output);

// One part, record by record.
class JournalReader {
 public:
  // Opens the part (a regular file only) and reads its header. Throws
  // InputError naming the file if it is not a journal.
  JournalReader(const std::filesystem::path& path, const ResultLayout& layout);
  ~JournalReader();
  JournalReader(const JournalReader&) = delete;
  JournalReader& operator=(const JournalReader&) = delete;

  // False if the part was cut before its header was complete (no results).
  bool has_header() const { return has_header_; }
  const JournalHeader& header() const { return header_; }
  // The next record into `result` (its offset in the file into `offset`); false
  // at the end or at a torn tail. Throws InputError naming the file and offset
  // for a damaged record. Without `block`, block records are skipped; with it,
  // they are returned too, their block index into `block` (kNoBlock for a run),
  // and `result` is left as it was. Without `values`, a run's values are checked
  // for their length but not decoded (an index needs only run, status and error).
  bool next(RunResult& result, std::uint64_t* offset = nullptr, std::uint64_t* block = nullptr,
            bool values = true);
  // The run record at `offset` (from next()); throws InputError if it is damaged.
  RunResult read_at(std::uint64_t offset);
  // The encoded block of the block record at `offset` (decode_block).
  std::string read_block_at(std::uint64_t offset);
  std::uint64_t valid_bytes() const { return valid_bytes_; }  // the intact prefix so far
  bool torn() const { return torn_; }                         // after next() returned false
  const std::filesystem::path& path() const { return path_; }

 private:
  bool read_exact(std::uint64_t offset, char* data, std::size_t size);
  bool next_frame(std::uint64_t& at);
  std::filesystem::path path_;
  const ResultLayout& layout_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
  std::uint64_t position_ = 0;
  std::uint64_t valid_bytes_ = 0;
  bool has_header_ = false;
  bool torn_ = false;
  JournalHeader header_;
  std::string payload_;
};

struct JournalContents {
  JournalHeader header;
  std::vector<RunResult> results;  // in file order; may repeat a run after a resume
  std::uint64_t valid_bytes = 0;   // length of the intact prefix
  bool torn = false;               // a torn last record was dropped
};

// Reads a whole part into memory (tests, small parts).
JournalContents read_journal(const std::filesystem::path& path, const ResultLayout& layout);

// Where each run of one output (a shard's runs, or all) is in the journal
// parts: 8 bytes per run, the results themselves stay on disk. The first
// record of a run wins (a run is recorded again only after a resume raced).
class JournalIndex {
 public:
  // Reads every part of `output`'s journal. Throws InputError if a part is
  // damaged, belongs to another sweep (fingerprint) or another shard, or
  // holds a run that is not one of the shard's.
  JournalIndex(const std::filesystem::path& output, const ResultLayout& layout,
               const std::string& fingerprint, std::uint64_t run_count, Shard shard);

  std::uint64_t size() const { return slots_.size(); }  // the output's runs
  std::uint64_t done() const { return done_; }
  std::uint64_t failed() const { return failed_; }
  const std::string& first_failure() const { return first_failure_; }  // lowest failed run
  std::uint64_t run_at(std::uint64_t position) const {
    return shard_.index + position * shard_.count;
  }
  bool has(std::uint64_t position) const { return slots_[position] != 0; }
  // The result of the run at `position` (it must be present).
  RunResult read(std::uint64_t position);
  // Blocks of kPieceRuns rows that a process journaled encoded (after their runs).
  bool has_block(std::uint64_t block) const { return block_slots_.at(block) != 0; }
  std::string read_block(std::uint64_t block);  // decode_block's bytes
  std::vector<std::uint64_t> missing_runs() const;

 private:
  const ResultLayout& layout_;
  Shard shard_;
  std::vector<std::filesystem::path> paths_;
  std::list<std::pair<std::size_t, std::unique_ptr<JournalReader>>> open_;  // most recent first
  JournalReader& reader_of(std::uint64_t slot);
  std::vector<std::uint64_t> slots_;        // (part + 1) << 48 | offset; 0 = no record
  std::vector<std::uint64_t> block_slots_;  // the same, per block
  std::uint64_t done_ = 0;
  std::uint64_t failed_ = 0;
  std::string first_failure_;
};

class JournalWriter {
 public:
  // Creates the part with `header`, or, if it exists, checks its fingerprint
  // and shard, cuts a torn tail and appends. Throws InputError for a locked,
  // damaged or foreign part, RuntimeError on I/O failure.
  JournalWriter(const std::filesystem::path& path, const JournalHeader& header,
                const ResultLayout& layout);
  ~JournalWriter();
  JournalWriter(const JournalWriter&) = delete;
  JournalWriter& operator=(const JournalWriter&) = delete;

  // Thread-safe; one write() per record, so a kill tears at most the last one.
  void append(const RunResult& result);
  // Block `index` encoded (encode_block), after all its runs' records; false
  // (nothing written) if it is larger than a journal record may be.
  bool append_block(std::uint64_t index, const std::string& encoded);
  const JournalHeader& header() const { return header_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  JournalHeader header_;
  const ResultLayout& layout_;
  int fd_ = -1;
  std::unique_ptr<FileLock> lock_;
  std::mutex mutex_;
};

// Run results as journal records, one after another (what an MPI rank sends
// the writer for runs of a block it did not run whole), and back: read_records
// throws RuntimeError if `records` are not such records, whole and intact.
std::string run_records(const std::vector<RunResult>& results, const ResultLayout& layout);
std::vector<RunResult> read_run_records(const std::string& records, const ResultLayout& layout);

// Deletes every journal part of `output` (--force), first making sure no sweep
// is writing one (its lock). Throws InputError naming the busy part.
void discard_journal(const std::filesystem::path& output);

std::uint32_t crc32(const void* data, std::size_t size);

}  // namespace frontline
