#include "frontline/sweep/journal.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>

#include "frontline/core/error.hpp"

namespace frontline {

namespace {

constexpr char kMagic[8] = {'F', 'L', 'S', 'W', 'J', 'N', 'L', '1'};
constexpr std::uint32_t kMaxRecordBytes = 1u << 30;

std::array<std::uint32_t, 256> make_crc_table() {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1u) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  return table;
}

// Little-endian encoding, independent of the host.
class Encoder {
 public:
  void u8(std::uint8_t v) { bytes_.push_back(static_cast<char>(v)); }
  void u32(std::uint32_t v) {
    for (int i = 0; i < 4; ++i) u8(static_cast<std::uint8_t>(v >> (8 * i)));
  }
  void u64(std::uint64_t v) {
    for (int i = 0; i < 8; ++i) u8(static_cast<std::uint8_t>(v >> (8 * i)));
  }
  void str(const std::string& s) {
    u32(static_cast<std::uint32_t>(s.size()));
    bytes_ += s;
  }
  void value(DType type, double v) {
    switch (type) {
      case DType::f64: {
        std::uint64_t bits;
        std::memcpy(&bits, &v, 8);
        u64(bits);
        break;
      }
      case DType::f32: {
        const float f = static_cast<float>(v);
        std::uint32_t bits;
        std::memcpy(&bits, &f, 4);
        u32(bits);
        break;
      }
      case DType::i8:
      case DType::u8:
        u8(static_cast<std::uint8_t>(static_cast<std::int64_t>(v)));
        break;
      case DType::i32:
        u32(static_cast<std::uint32_t>(static_cast<std::int64_t>(v)));
        break;
      case DType::i64:
      case DType::u64:
      case DType::str:
        u64(static_cast<std::uint64_t>(static_cast<std::int64_t>(v)));
        break;
    }
  }
  // The framed record: length, CRC-32 of the payload, payload.
  std::string framed() const {
    Encoder frame;
    frame.u32(static_cast<std::uint32_t>(bytes_.size()));
    frame.u32(crc32(bytes_.data(), bytes_.size()));
    return frame.bytes_ + bytes_;
  }

 private:
  std::string bytes_;
};

class Decoder {
 public:
  Decoder(const char* data, std::size_t size) : data_(data), size_(size) {}
  bool ok() const { return ok_; }
  bool at_end() const { return pos_ == size_; }
  std::uint8_t u8() { return need(1) ? static_cast<std::uint8_t>(data_[pos_++]) : 0; }
  std::uint32_t u32() {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= static_cast<std::uint32_t>(u8()) << (8 * i);
    return v;
  }
  std::uint64_t u64() {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= static_cast<std::uint64_t>(u8()) << (8 * i);
    return v;
  }
  std::string str() {
    const std::uint32_t n = u32();
    if (!need(n)) return {};
    std::string s(data_ + pos_, n);
    pos_ += n;
    return s;
  }
  double value(DType type) {
    switch (type) {
      case DType::f64: {
        const std::uint64_t bits = u64();
        double v;
        std::memcpy(&v, &bits, 8);
        return v;
      }
      case DType::f32: {
        const std::uint32_t bits = u32();
        float f;
        std::memcpy(&f, &bits, 4);
        return f;
      }
      case DType::i8:
        return static_cast<std::int8_t>(u8());
      case DType::u8:
        return u8();
      case DType::i32:
        return static_cast<std::int32_t>(u32());
      case DType::i64:
      case DType::u64:
      case DType::str:
        return static_cast<double>(static_cast<std::int64_t>(u64()));
    }
    return 0.0;
  }

 private:
  bool need(std::size_t n) {
    if (size_ - pos_ < n) ok_ = false;
    return ok_;
  }
  const char* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

std::string encode_header(const JournalHeader& header) {
  Encoder e;
  e.str(header.fingerprint);
  e.str(header.created);
  return std::string(kMagic, sizeof kMagic) + e.framed();
}

std::string encode_result(const RunResult& result, const ResultLayout& layout) {
  Encoder e;
  e.u64(result.run);
  e.u8(result.ok ? 1 : 0);
  e.str(result.error);
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

// A framed record at `pos`, or false if it is torn or damaged.
bool next_record(const std::string& bytes, std::size_t& pos, std::string& payload) {
  if (bytes.size() - pos < 8) return false;
  Decoder frame(bytes.data() + pos, 8);
  const std::uint32_t length = frame.u32();
  const std::uint32_t checksum = frame.u32();
  if (length > kMaxRecordBytes || bytes.size() - pos - 8 < length) return false;
  if (crc32(bytes.data() + pos + 8, length) != checksum) return false;
  payload.assign(bytes, pos + 8, length);
  pos += 8 + length;
  return true;
}

bool decode_result(const std::string& payload, const ResultLayout& layout, RunResult& result) {
  Decoder d(payload.data(), payload.size());
  result.run = d.u64();
  result.ok = d.u8() != 0;
  result.error = d.str();
  result.values.clear();
  if (result.ok) {
    result.values.reserve(layout.total_values());
    for (const auto& column : layout.columns)
      for (std::size_t i = 0; i < column.size; ++i) result.values.push_back(d.value(column.type));
  }
  return d.ok() && d.at_end();
}

std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(Location{path.string()}, "cannot read the sweep journal");
  return std::string(std::istreambuf_iterator<char>(in), {});
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

}  // namespace

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

JournalContents read_journal(const std::filesystem::path& path, const ResultLayout& layout) {
  const std::string bytes = read_all(path);
  JournalContents contents;
  std::string payload;
  std::size_t pos = sizeof kMagic;
  if (std::memcmp(bytes.data(), kMagic, std::min(bytes.size(), sizeof kMagic)) != 0)
    throw InputError(Location{path.string()}, "not a Frontline sweep journal",
                     "the journal written beside a sweep's output; delete it or use --force to "
                     "start over");
  if (bytes.size() < sizeof kMagic || !next_record(bytes, pos, payload)) {
    // Killed while the header was written: the part holds no results.
    contents.torn = !bytes.empty();
    return contents;
  }
  Decoder header(payload.data(), payload.size());
  contents.header.fingerprint = header.str();
  contents.header.created = header.str();
  contents.valid_bytes = pos;
  RunResult result;
  while (next_record(bytes, pos, payload) && decode_result(payload, layout, result)) {
    contents.results.push_back(result);
    contents.valid_bytes = pos;
  }
  contents.torn = contents.valid_bytes < bytes.size();
  return contents;
}

std::vector<RunResult> read_journals(const std::filesystem::path& output,
                                     const ResultLayout& layout, const std::string& fingerprint) {
  std::map<std::uint64_t, RunResult> by_run;
  for (const auto& part : journal_parts(output)) {
    JournalContents contents = read_journal(part, layout);
    if (contents.valid_bytes == 0) continue;  // header never completed
    if (contents.header.fingerprint != fingerprint)
      throw InputError(Location{part.string()}, "the journal belongs to another sweep",
                       "the same sweep file, scenario and options as the interrupted sweep, or "
                       "--force to start over");
    for (auto& result : contents.results) by_run.try_emplace(result.run, std::move(result));
  }
  std::vector<RunResult> results;
  results.reserve(by_run.size());
  for (auto& [run, result] : by_run) results.push_back(std::move(result));
  return results;
}

JournalWriter::JournalWriter(const std::filesystem::path& path, const JournalHeader& header,
                             const ResultLayout& layout)
    : path_(path), header_(header), layout_(layout) {
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0)
    throw RuntimeError("cannot open the sweep journal " + path.string() + ": " +
                       std::strerror(errno));
  const auto fail = [this](auto error) {
    ::close(fd_);
    fd_ = -1;
    throw error;
  };
  // Two sweeps appending to one journal would interleave; the second is refused.
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0)
    fail(InputError(Location{path.string()}, "another sweep is writing this output's journal",
                    "wait for it to finish, or choose another output"));
  JournalContents contents;
  try {
    contents = read_journal(path, layout);
  } catch (const Error&) {
    ::close(fd_);
    fd_ = -1;
    throw;
  }
  const bool has_header = contents.valid_bytes > 0;
  if (has_header) {
    if (contents.header.fingerprint != header.fingerprint)
      fail(InputError(Location{path.string()}, "the journal belongs to another sweep",
                      "the same sweep as the interrupted one, or --force to start over"));
    header_ = contents.header;
  }
  // Cut a torn tail so new records follow the intact prefix.
  const auto keep = static_cast<off_t>(contents.valid_bytes);
  if (::ftruncate(fd_, keep) != 0 || ::lseek(fd_, keep, SEEK_SET) < 0)
    fail(RuntimeError("cannot prepare the sweep journal " + path.string() + ": " +
                      std::strerror(errno)));
  if (!has_header) write_fully(fd_, encode_header(header_), path_);
}

JournalWriter::~JournalWriter() {
  if (fd_ >= 0) {
    ::fsync(fd_);
    ::close(fd_);
  }
}

void JournalWriter::append(const RunResult& result) {
  const std::string record = encode_result(result, layout_);
  const std::lock_guard lock(mutex_);
  write_fully(fd_, record, path_);
}

}  // namespace frontline
