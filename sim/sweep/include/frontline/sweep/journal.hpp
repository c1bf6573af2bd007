#pragma once
// The resume journal: an append-only file beside the output holding every
// completed run's result. Each record is length-prefixed and CRC-32 checked,
// so a record torn by a kill is detected and dropped (with anything after it).
// An MPI rank k > 0 writes its own part, OUTPUT.journal.k; part 0 is
// OUTPUT.journal.
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include "frontline/sweep/result.hpp"

namespace frontline {

struct JournalHeader {
  std::string fingerprint;  // of the sweep: a journal of another sweep is refused
  std::string created;      // ISO 8601 UTC, when the sweep first started
};

std::filesystem::path journal_part_path(const std::filesystem::path& output, int part);
// Existing parts, part 0 first.
std::vector<std::filesystem::path> journal_parts(const std::filesystem::path& output);

struct JournalContents {
  JournalHeader header;
  std::vector<RunResult> results;  // in file order; may repeat a run after a resume
  std::uint64_t valid_bytes = 0;   // length of the intact prefix
  bool torn = false;               // bytes after the intact prefix were dropped
};

// Reads one part. Throws InputError if the file is not a journal or its
// header is unreadable; a damaged record only ends the intact prefix.
JournalContents read_journal(const std::filesystem::path& path, const ResultLayout& layout);

// Every part's results, one per run (the first record of a run wins), sorted by
// run. Throws InputError if a part belongs to another sweep (fingerprint).
std::vector<RunResult> read_journals(const std::filesystem::path& output,
                                     const ResultLayout& layout, const std::string& fingerprint);

class JournalWriter {
 public:
  // Creates the part with `header`, or, if it exists, checks its fingerprint,
  // cuts a torn tail and appends. Throws RuntimeError on I/O failure.
  JournalWriter(const std::filesystem::path& path, const JournalHeader& header,
                const ResultLayout& layout);
  ~JournalWriter();
  JournalWriter(const JournalWriter&) = delete;
  JournalWriter& operator=(const JournalWriter&) = delete;

  // Thread-safe; one write() per record, so a kill tears at most the last one.
  void append(const RunResult& result);
  const JournalHeader& header() const { return header_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  JournalHeader header_;
  const ResultLayout& layout_;
  int fd_ = -1;
  std::mutex mutex_;
};

std::uint32_t crc32(const void* data, std::size_t size);

}  // namespace frontline
