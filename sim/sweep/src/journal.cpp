#include "frontline/sweep/journal.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <functional>
#include <list>

#include "byte_codec.hpp"
#include "frontline/core/error.hpp"
#include "frontline/sweep/result_writer.hpp"
#include "frontline/sweep/table.hpp"

namespace frontline {

namespace {

using bytes::Decoder;
using bytes::Encoder;

constexpr char kMagic[8] = {'F', 'L', 'S', 'W', 'J', 'N', 'L', '3'};
// Formats 1 and 2 (no block records) differ in the last byte only.
constexpr std::size_t kVersionByte = 7;
// A record's first byte: a run's result, or an encoded block of runs.
constexpr std::uint8_t kRunRecord = 0;
constexpr std::uint8_t kBlockRecord = 1;
constexpr std::uint32_t kMaxHeaderBytes = 1024;
constexpr std::size_t kFrameBytes = 8;
constexpr std::size_t kMaxOpenParts = 64;

std::array<std::uint32_t, 256> make_crc_table() {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1u) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  return table;
}

std::string encode_header(const JournalHeader& header) {
  Encoder e;
  e.str(header.fingerprint);
  e.str(header.created);
  e.u32(header.shard.index);
  e.u32(header.shard.count);
  return std::string(kMagic, sizeof kMagic) + e.framed();
}

std::size_t value_bytes(const ResultLayout& layout) {
  std::size_t bytes = 0;
  for (const auto& column : layout.columns) {
    switch (column.type) {
      case DType::i8:
      case DType::u8:
        bytes += column.size;
        break;
      case DType::f32:
      case DType::i32:
        bytes += 4 * column.size;
        break;
      default:
        bytes += 8 * column.size;
    }
  }
  return bytes;
}

std::size_t max_record_bytes(const ResultLayout& layout) {
  return 1 + 8 + 1 + 4 + kMaxJournalErrorBytes + value_bytes(layout);
}

// A block record holds kPieceRuns runs' values deflated (at worst a little
// larger than raw), their strings and the pieces' framing; a block larger
// than this is not journaled (its runs' records are).
std::size_t max_block_record_bytes(const ResultLayout& layout) {
  return 2 * kPieceRuns * max_record_bytes(layout) + (std::size_t{1} << 20) +
         kPieceRuns * 8 * 64 * (layout.columns.size() + 8);
}

std::string encode_result(const RunResult& result, const ResultLayout& layout) {
  Encoder e;
  e.u8(kRunRecord);
  e.u64(result.run);
  e.u8(result.ok ? 1 : 0);
  e.str(cut_error(result.error));
  if (result.ok) {
    if (result.values.size() != layout.total_values())
      throw RuntimeError("run " + std::to_string(result.run) + " produced " +
                         std::to_string(result.values.size()) + " values, the layout has " +
                         std::to_string(layout.total_values()));
    std::size_t offset = 0;
    for (const auto& column : layout.columns)
      for (std::size_t i = 0; i < column.size; ++i) e.value(column.type, result.values[offset++]);
  }
  return e.framed();
}

// A run record into `result`; its values only if `values` (else only their
// length is checked).
bool decode_result(const std::string& payload, const ResultLayout& layout, RunResult& result,
                   bool values) {
  Decoder d(payload.data(), payload.size());
  if (d.u8() != kRunRecord) return false;
  result.run = d.u64();
  result.ok = d.u8() != 0;
  result.error = d.str();
  result.values.clear();
  if (result.error.size() > kMaxJournalErrorBytes) return false;
  if (result.ok && !values) return d.ok() && d.remaining() == value_bytes(layout);
  if (result.ok) {
    result.values.reserve(layout.total_values());
    for (const auto& column : layout.columns)
      for (std::size_t i = 0; i < column.size; ++i) result.values.push_back(d.value(column.type));
  }
  return d.ok() && d.at_end();
}

void write_fully(int fd, const std::string& bytes, const std::filesystem::path& path) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      throw RuntimeError("cannot write the sweep journal " + path.string() + ": " +
                         std::strerror(errno));
    done += static_cast<std::size_t>(n);
  }
}

const char* const kJournalExpected =
    "the journal a sweep wrote beside its output; delete it, or --force to start over";

InputError damaged(const std::filesystem::path& path, std::uint64_t offset,
                   const std::string& what) {
  return InputError(Location{path.string()},
                    "the journal is damaged at byte " + std::to_string(offset) + ": " + what,
                    kJournalExpected);
}

// Opens a journal part for reading: a regular file, never through a symbolic
// link, never blocking (a FIFO).
int open_part(const std::filesystem::path& path, std::uint64_t& size) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ELOOP)
      throw InputError(Location{path.string()}, "is a symbolic link, not a sweep journal",
                       kJournalExpected);
    throw InputError(Location{path.string()},
                     std::string("cannot read the sweep journal: ") + std::strerror(errno),
                     kJournalExpected);
  }
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    ::close(fd);
    throw InputError(Location{path.string()},
                     "is not a regular file (a FIFO, a device or a folder), not a sweep journal",
                     kJournalExpected);
  }
  size = static_cast<std::uint64_t>(info.st_size);
  return fd;
}

}  // namespace

std::string cut_error(const std::string& error) {
  if (error.size() <= kMaxJournalErrorBytes) return error;
  std::size_t end = kMaxJournalErrorBytes - 3;
  while (end > 0 && (static_cast<unsigned char>(error[end]) & 0xC0u) == 0x80u) --end;
  return error.substr(0, end) + "...";
}

std::uint32_t crc32(const void* data, std::size_t size) {
  static const auto table = make_crc_table();
  std::uint32_t c = 0xFFFFFFFFu;
  const auto* p = static_cast<const unsigned char*>(data);
  for (std::size_t i = 0; i < size; ++i) c = table[(c ^ p[i]) & 0xFFu] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

std::filesystem::path journal_part_path(const std::filesystem::path& output, int part) {
  auto name = output.filename().string() + ".journal";
  if (part > 0) name += "." + std::to_string(part);
  return output.parent_path() / name;
}

std::vector<std::filesystem::path> journal_parts(const std::filesystem::path& output) {
  std::vector<std::pair<long, std::filesystem::path>> found;
  const auto stem = output.filename().string() + ".journal";
  const auto dir = output.has_parent_path() ? output.parent_path() : std::filesystem::path(".");
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const auto name = entry.path().filename().string();
    if (name == stem) {
      found.emplace_back(0, output.parent_path() / name);
    } else if (name.size() > stem.size() + 1 && name.compare(0, stem.size() + 1, stem + ".") == 0) {
      const auto suffix = name.substr(stem.size() + 1);
      if (suffix.size() <= 9 &&
          std::all_of(suffix.begin(), suffix.end(), [](char c) { return c >= '0' && c <= '9'; }))
        found.emplace_back(std::stol(suffix), output.parent_path() / name);
    }
  }
  std::sort(found.begin(), found.end());
  std::vector<std::filesystem::path> parts;
  for (auto& [part, path] : found) parts.push_back(std::move(path));
  return parts;
}

// ---------------------------------------------------------------- reading

JournalReader::JournalReader(const std::filesystem::path& path, const ResultLayout& layout)
    : path_(path), layout_(layout) {
  fd_ = open_part(path, size_);
  try {
    char magic[sizeof kMagic] = {};
    const std::size_t have =
        static_cast<std::size_t>(std::min<std::uint64_t>(size_, sizeof kMagic));
    if (!read_exact(0, magic, have)) throw damaged(path_, 0, "unreadable");
    if (have == sizeof kMagic && std::memcmp(magic, kMagic, kVersionByte) == 0 &&
        magic[kVersionByte] >= '1' && magic[kVersionByte] < kMagic[kVersionByte])
      throw InputError(Location{path.string()},
                       std::string("is a journal of an older Frontline version (format ") +
                           magic[kVersionByte] + "), which this version cannot continue",
                       "--force to start the sweep over");
    if (std::memcmp(magic, kMagic, have) != 0)
      throw InputError(Location{path.string()}, "not a Frontline sweep journal", kJournalExpected);
    position_ = sizeof kMagic;
    if (have < sizeof kMagic) {  // killed while the header was written
      torn_ = size_ > 0;
      position_ = size_;
      return;
    }
    RunResult unused;
    // The header is the first frame; next() decodes it.
    has_header_ = next(unused, nullptr);
  } catch (...) {
    ::close(fd_);
    fd_ = -1;
    throw;
  }
}

JournalReader::~JournalReader() {
  if (fd_ >= 0) ::close(fd_);
}

bool JournalReader::read_exact(std::uint64_t offset, char* data, std::size_t size) {
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::pread(fd_, data + done, size - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

namespace {
// True if every byte from `offset` to the end is zero: a tail that a crash
// extended but never wrote (some file systems), treated like a torn record.
bool zero_tail(std::uint64_t offset, std::uint64_t size,
               const std::function<bool(std::uint64_t, char*, std::size_t)>& read) {
  std::vector<char> block(1 << 16);
  for (std::uint64_t at = offset; at < size;) {
    const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(block.size(), size - at));
    if (!read(at, block.data(), n)) return false;
    if (std::any_of(block.begin(), block.begin() + static_cast<std::ptrdiff_t>(n),
                    [](char c) { return c != 0; }))
      return false;
    at += n;
  }
  return true;
}
}  // namespace

bool JournalReader::next(RunResult& result, std::uint64_t* offset, std::uint64_t* block,
                         bool values) {
  for (;;) {
    std::uint64_t at = 0;
    if (!next_frame(at)) return false;
    if (!has_header_) return true;  // the header, decoded by next_frame
    if (payload_.front() == static_cast<char>(kBlockRecord)) {
      Decoder d(payload_.data(), payload_.size());
      d.u8();
      const std::uint64_t index = d.u64();
      if (!d.ok()) throw damaged(path_, at, "the block record does not decode");
      if (!block) continue;
      *block = index;
    } else {
      if (!decode_result(payload_, layout_, result, values)) {
        position_ = at;
        valid_bytes_ = at;
        if (zero_tail(at, size_, [this](std::uint64_t where, char* data, std::size_t n) {
              return read_exact(where, data, n);
            })) {
          torn_ = true;
          return false;
        }
        throw damaged(path_, at,
                      "the record does not decode as a run result of this sweep's layout");
      }
      if (block) *block = kNoBlock;
    }
    if (offset) *offset = at;
    return true;
  }
}

std::string JournalReader::read_block_at(std::uint64_t offset) {
  const std::uint64_t saved = position_;
  position_ = offset;
  std::uint64_t at = 0;
  const bool found = next_frame(at);
  position_ = saved;
  if (!found || payload_.empty() || payload_.front() != static_cast<char>(kBlockRecord) ||
      payload_.size() < 9)
    throw damaged(path_, offset, "the block record is missing");
  return payload_.substr(9);
}

// The next frame into payload_ (its offset into `at`), its checksum checked;
// the header decoded. False at the end or at a torn tail.
bool JournalReader::next_frame(std::uint64_t& at) {
  at = position_;
  const auto read = [this](std::uint64_t where, char* data, std::size_t n) {
    return read_exact(where, data, n);
  };
  const auto torn_here = [&] {
    torn_ = true;
    return false;
  };
  if (at >= size_) return false;
  const bool header = !has_header_;
  const std::size_t limit = header ? kMaxHeaderBytes : max_block_record_bytes(layout_);
  if (size_ - at < kFrameBytes) return torn_here();
  char frame_bytes[kFrameBytes];
  if (!read_exact(at, frame_bytes, kFrameBytes)) throw damaged(path_, at, "unreadable");
  Decoder frame(frame_bytes, kFrameBytes);
  const std::uint32_t length = frame.u32();
  const std::uint32_t checksum = frame.u32();
  if (length > limit) {
    if (zero_tail(at, size_, read)) return torn_here();
    throw damaged(path_, at,
                  "a record of " + std::to_string(length) +
                      " bytes, more than a record of this "
                      "sweep can hold (" +
                      std::to_string(limit) + ")");
  }
  if (size_ - at - kFrameBytes < length) return torn_here();  // cut by a kill
  payload_.resize(length);
  if (length > 0 && !read_exact(at + kFrameBytes, payload_.data(), length))
    throw damaged(path_, at, "unreadable");
  bool intact = crc32(payload_.data(), length) == checksum;
  std::string problem = "the checksum does not match";
  if (intact) {
    if (header) {
      Decoder d(payload_.data(), payload_.size());
      header_.fingerprint = d.str();
      header_.created = d.str();
      header_.shard.index = d.u32();
      header_.shard.count = d.u32();
      intact = d.ok() && d.at_end() && header_.shard.count > 0 &&
               header_.shard.index < header_.shard.count;
      problem = "the header does not decode";
    } else if (payload_.empty()) {
      intact = false;
      problem = "an empty record";
    }
  }
  if (!intact) {
    if (zero_tail(at, size_, read)) return torn_here();
    throw damaged(path_, at, problem);
  }
  position_ = at + kFrameBytes + length;
  valid_bytes_ = position_;
  return true;
}

RunResult JournalReader::read_at(std::uint64_t offset) {
  const std::uint64_t saved = position_;
  position_ = offset;
  RunResult result;
  const bool found = next(result, nullptr);
  position_ = saved;
  if (!found) throw damaged(path_, offset, "the record is missing");
  return result;
}

JournalContents read_journal(const std::filesystem::path& path, const ResultLayout& layout) {
  JournalReader reader(path, layout);
  JournalContents contents;
  contents.header = reader.header();
  RunResult result;
  if (reader.has_header())
    while (reader.next(result)) contents.results.push_back(result);
  contents.valid_bytes = reader.valid_bytes();
  contents.torn = reader.torn();
  return contents;
}

namespace {
std::string shard_text(const Shard& shard) {
  return shard.whole() ? std::string("the whole sweep")
                       : "shard " + std::to_string(shard.index) + "/" + std::to_string(shard.count);
}

void check_header(const std::filesystem::path& path, const JournalHeader& found,
                  const std::string& fingerprint, const Shard& shard) {
  if (found.fingerprint != fingerprint)
    throw InputError(Location{path.string()}, "the journal belongs to another sweep",
                     "the same sweep file, scenario and options as the interrupted sweep, or "
                     "--force to start over");
  if (found.shard.index != shard.index || found.shard.count != shard.count)
    throw InputError(Location{path.string()},
                     "the journal holds " + shard_text(found.shard) + ", not " + shard_text(shard),
                     "--shard as in the interrupted sweep, or --force to start over");
}
}  // namespace

JournalIndex::JournalIndex(const std::filesystem::path& output, const ResultLayout& layout,
                           const std::string& fingerprint, std::uint64_t run_count, Shard shard)
    : layout_(layout), shard_(shard) {
  const std::uint64_t runs =
      run_count > shard.index ? (run_count - shard.index + shard.count - 1) / shard.count : 0;
  slots_.assign(runs, 0);
  block_slots_.assign(block_count(runs), 0);
  paths_ = journal_parts(output);
  if (paths_.size() >= (1u << 15))
    throw InputError(Location{output.string()},
                     "the journal has " + std::to_string(paths_.size()) + " parts",
                     "fewer than 32768 MPI ranks");
  std::uint64_t lowest_failure = UINT64_MAX;
  for (std::size_t p = 0; p < paths_.size(); ++p) {
    JournalReader reader(paths_[p], layout);
    if (!reader.has_header()) continue;  // cut before its header was complete
    check_header(paths_[p], reader.header(), fingerprint, shard);
    RunResult result;
    std::uint64_t offset = 0;
    std::uint64_t block = kNoBlock;
    while (reader.next(result, &offset, &block, false)) {
      if (block != kNoBlock) {
        if (block >= block_slots_.size())
          throw damaged(paths_[p], offset,
                        "it records block " + std::to_string(block) + ", and " + shard_text(shard) +
                            " has " + std::to_string(block_slots_.size()));
        if (block_slots_[block] == 0)
          block_slots_[block] = (static_cast<std::uint64_t>(p + 1) << 48) | offset;
        continue;
      }
      if (result.run >= run_count || result.run < shard.index ||
          (result.run - shard.index) % shard.count != 0)
        throw damaged(paths_[p], offset,
                      "it records run " + std::to_string(result.run) + ", which is not one of " +
                          shard_text(shard) + "'s runs of a sweep of " + std::to_string(run_count) +
                          " runs");
      auto& slot = slots_[(result.run - shard.index) / shard.count];
      if (slot != 0) continue;
      slot = (static_cast<std::uint64_t>(p + 1) << 48) | offset;
      ++done_;
      if (!result.ok) {
        ++failed_;
        if (result.run < lowest_failure) {
          lowest_failure = result.run;
          first_failure_ = "run " + std::to_string(result.run) + ": " + result.error;
        }
      }
    }
  }
}

JournalReader& JournalIndex::reader_of(std::uint64_t slot) {
  const std::size_t part = static_cast<std::size_t>(slot >> 48) - 1;
  // A few parts open at a time (an MPI sweep has one per rank): least recently used closes.
  auto found = std::find_if(open_.begin(), open_.end(),
                            [&](const auto& entry) { return entry.first == part; });
  if (found == open_.end()) {
    if (open_.size() >= kMaxOpenParts) open_.pop_back();
    open_.emplace_front(part, std::make_unique<JournalReader>(paths_[part], layout_));
  } else {
    open_.splice(open_.begin(), open_, found);
  }
  return *open_.front().second;
}

namespace {
std::uint64_t offset_of(std::uint64_t slot) { return slot & ((std::uint64_t{1} << 48) - 1); }
}  // namespace

RunResult JournalIndex::read(std::uint64_t position) {
  const std::uint64_t slot = slots_.at(position);
  if (slot == 0)
    throw RuntimeError("the journal has no record of run " + std::to_string(run_at(position)));
  return reader_of(slot).read_at(offset_of(slot));
}

std::string JournalIndex::read_block(std::uint64_t block) {
  const std::uint64_t slot = block_slots_.at(block);
  if (slot == 0) throw RuntimeError("the journal has no record of block " + std::to_string(block));
  return reader_of(slot).read_block_at(offset_of(slot));
}

std::vector<std::uint64_t> JournalIndex::missing_runs() const {
  std::vector<std::uint64_t> missing;
  for (std::uint64_t position = 0; position < slots_.size(); ++position)
    if (slots_[position] == 0) missing.push_back(run_at(position));
  return missing;
}

// ---------------------------------------------------------------- writing

JournalWriter::JournalWriter(const std::filesystem::path& path, const JournalHeader& header,
                             const ResultLayout& layout)
    : path_(path), header_(header), layout_(layout) {
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    if (errno == ELOOP)
      throw InputError(Location{path.string()}, "is a symbolic link, not a sweep journal",
                       kJournalExpected);
    throw RuntimeError("cannot open the sweep journal " + path.string() + ": " +
                       std::strerror(errno));
  }
  try {
    struct stat info {};
    if (::fstat(fd_, &info) != 0 || !S_ISREG(info.st_mode))
      throw InputError(Location{path.string()},
                       "is not a regular file (a FIFO, a device or a folder), not a sweep journal",
                       kJournalExpected);
    // Two sweeps appending to one journal would interleave; the second is refused.
    lock_ = std::make_unique<FileLock>(fd_, path);
    const JournalContents contents = [&] {
      JournalReader reader(path, layout);
      JournalContents scanned;
      scanned.header = reader.header();
      RunResult result;
      if (reader.has_header())
        while (reader.next(result)) {
        }
      scanned.valid_bytes = reader.has_header() ? reader.valid_bytes() : 0;
      return scanned;
    }();
    const bool has_header = contents.valid_bytes > 0;
    if (has_header) {
      check_header(path, contents.header, header.fingerprint, header.shard);
      header_ = contents.header;
    }
    // Cut a torn tail so new records follow the intact prefix.
    const auto keep = static_cast<off_t>(contents.valid_bytes);
    if (::ftruncate(fd_, keep) != 0 || ::lseek(fd_, keep, SEEK_SET) < 0)
      throw RuntimeError("cannot prepare the sweep journal " + path.string() + ": " +
                         std::strerror(errno));
    if (!has_header) write_fully(fd_, encode_header(header_), path_);
  } catch (...) {
    lock_.reset();
    ::close(fd_);
    fd_ = -1;
    throw;
  }
}

JournalWriter::~JournalWriter() {
  if (fd_ >= 0) {
    ::fsync(fd_);
    lock_.reset();
    ::close(fd_);
  }
}

void JournalWriter::append(const RunResult& result) {
  const std::string record = encode_result(result, layout_);
  const std::lock_guard lock(mutex_);
  write_fully(fd_, record, path_);
}

bool JournalWriter::append_block(std::uint64_t index, const std::string& encoded) {
  Encoder e;
  e.u8(kBlockRecord);
  e.u64(index);
  const std::string record = e.bytes() + encoded;
  if (record.size() > max_block_record_bytes(layout_)) return false;
  const std::string framed = bytes::frame(record);
  const std::lock_guard lock(mutex_);
  write_fully(fd_, framed, path_);
  return true;
}

std::string run_records(const std::vector<RunResult>& results, const ResultLayout& layout) {
  std::string records;
  for (const RunResult& result : results) records += encode_result(result, layout);
  return records;
}

std::vector<RunResult> read_run_records(const std::string& records, const ResultLayout& layout) {
  std::vector<RunResult> results;
  for (std::size_t at = 0; at < records.size();) {
    Decoder frame(records.data() + at, records.size() - at);
    const std::uint32_t length = frame.u32();
    const std::uint32_t checksum = frame.u32();
    RunResult& result = results.emplace_back();
    const std::string payload =
        frame.ok() && frame.remaining() >= length ? records.substr(at + kFrameBytes, length) : "";
    if (payload.size() != length || crc32(payload.data(), payload.size()) != checksum ||
        !decode_result(payload, layout, result, true))
      throw RuntimeError("run records of " + std::to_string(records.size()) +
                         " bytes are damaged at byte " + std::to_string(at));
    at += kFrameBytes + length;
  }
  return results;
}

void discard_journal(const std::filesystem::path& output) {
  const auto parts = journal_parts(output);
  std::vector<std::unique_ptr<ExistingFileLock>> locks;
  for (const auto& part : parts) locks.push_back(std::make_unique<ExistingFileLock>(part));
  for (const auto& part : parts) {
    std::error_code ignored;
    std::filesystem::remove(part, ignored);
  }
}

}  // namespace frontline
