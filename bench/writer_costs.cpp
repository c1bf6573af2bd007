// The sweep result writer's costs per chunk, measured on a real result file
// (docs/sweeps.md, "Writer figures" and "1,000 ranks"):
//   frontline_writer_costs SWEEP.h5 SCRATCH.h5
// For every variable along `run`, chunk by chunk as the file holds them:
// - numeric: encoding the chunk's pieces of kPieceRuns rows (shuffle + deflate,
//   h5::encode_piece: the part the rank that ran a piece's runs can do), joining
//   them into the chunk (h5::join_pieces) and placing it (h5::write_encoded_chunk):
//   what the one writer must do, with the bytes before and after;
// - strings: writing the chunk's rows (variable-length strings go through
//   HDF5's global heap, so only the writer can write them).
// Then the built MPI design's costs per run (print_block_costs).
// SCRATCH.h5 receives the copies (it is replaced). Prints one line per variable
// and the totals per run, in CPU time (so a busy machine does not inflate them).
#include <cstdio>
#include <ctime>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <numeric>
#include <string>
#include <vector>

#include "frontline/output/hdf5.hpp"
#include "frontline/sweep/result_writer.hpp"
#include "frontline/sweep/table.hpp"

namespace {

using namespace frontline;
// The process's CPU time, not the wall clock: on a machine shared with other
// work the wall clock counts the time others' processes held the core.
struct Clock {
  using time_point = double;
  static double now() {
    timespec cpu{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
    return static_cast<double>(cpu.tv_sec) + 1e-9 * static_cast<double>(cpu.tv_nsec);
  }
};

double seconds_since(Clock::time_point start) { return Clock::now() - start; }

struct Costs {
  std::size_t chunks = 0;
  double raw_bytes = 0;
  double stored_bytes = 0;
  double encode_seconds = 0;
  double join_seconds = 0;
  double write_seconds = 0;  // placing encoded chunks, or writing string rows

  void add(const Costs& other) {
    chunks += other.chunks;
    raw_bytes += other.raw_bytes;
    stored_bytes += other.stored_bytes;
    encode_seconds += other.encode_seconds;
    join_seconds += other.join_seconds;
    write_seconds += other.write_seconds;
  }
};

// A copy of `source`'s layout in `scratch`: (run, cells of one row), same chunk rows.
h5::Shape scratch_layout(const h5::Dataset& source, hsize_t& width) {
  const h5::Shape shape = source.shape();
  const h5::Shape chunk = source.chunk_shape();
  width = 1;
  for (std::size_t axis = 1; axis < shape.size(); ++axis) width *= shape[axis];
  return {chunk.empty() ? shape[0] : chunk[0], std::max<hsize_t>(width, 1)};
}

template <h5::Numeric T>
Costs copy_numeric(const h5::Dataset& source, const h5::Group& scratch, const std::string& name) {
  hsize_t width = 0;
  const h5::Shape chunk = scratch_layout(source, width);
  const hsize_t rows = source.shape()[0];
  const std::vector<int> cells(std::max<hsize_t>(width, 1));
  h5::write_dimension(scratch, "cells_" + name, std::span<const int>(cells));
  const h5::Dataset copy = h5::create_variable<T>(scratch, name, {"run", "cells_" + name}, chunk);
  Costs costs;
  for (hsize_t first = 0; first < rows; first += chunk[0]) {
    std::vector<T> values = h5::read_rows<T>(source, first, std::min(chunk[0], rows - first));
    values.resize(chunk[0] * width, T{});
    const std::span<const T> all(values);
    const std::size_t piece_values = kPieceRuns * width;
    std::vector<h5::EncodedPiece> pieces;
    const auto encoding = Clock::now();
    for (std::size_t at = 0; at < values.size(); at += piece_values)
      pieces.push_back(h5::encode_piece(all.subspan(at, std::min(piece_values, all.size() - at))));
    costs.encode_seconds += seconds_since(encoding);
    const auto joining = Clock::now();
    const std::vector<unsigned char> encoded = h5::join_pieces(pieces);
    costs.join_seconds += seconds_since(joining);
    const auto writing = Clock::now();
    h5::write_encoded_chunk(copy, first, encoded);
    costs.write_seconds += seconds_since(writing);
    ++costs.chunks;
    costs.raw_bytes += static_cast<double>(values.size() * sizeof(T));
    costs.stored_bytes += static_cast<double>(encoded.size());
  }
  return costs;
}

Costs copy_strings(const h5::Dataset& source, const h5::Group& scratch, const std::string& name) {
  hsize_t width = 0;
  const h5::Shape chunk = scratch_layout(source, width);
  const hsize_t rows = source.shape()[0];
  const h5::Dataset copy = h5::create_string_variable(scratch, name, {"run"}, {chunk[0]});
  Costs costs;
  for (hsize_t first = 0; first < rows; first += chunk[0]) {
    const hsize_t count = std::min(chunk[0], rows - first);
    const std::vector<std::string> values = h5::read_string_rows(source, first, count);
    const auto writing = Clock::now();
    h5::write_string_rows(copy, first, count, values);
    costs.write_seconds += seconds_since(writing);
    ++costs.chunks;
    for (const auto& value : values) costs.raw_bytes += static_cast<double>(value.size());
  }
  return costs;
}

Costs copy_variable(const h5::Dataset& source, const h5::Group& scratch, const std::string& name) {
  if (source.is_string()) return copy_strings(source, scratch, name);
  switch (*source.element_type()) {
    case h5::NumericType::int8:
      return copy_numeric<std::int8_t>(source, scratch, name);
    case h5::NumericType::int32:
      return copy_numeric<std::int32_t>(source, scratch, name);
    case h5::NumericType::int64:
      return copy_numeric<std::int64_t>(source, scratch, name);
    case h5::NumericType::uint64:
      return copy_numeric<std::uint64_t>(source, scratch, name);
    case h5::NumericType::float32:
      return copy_numeric<float>(source, scratch, name);
    default:
      return copy_numeric<double>(source, scratch, name);
  }
}

void print(const char* what, const std::string& name, const Costs& c, double runs) {
  const auto per_chunk = [&](double seconds) {
    return c.chunks ? 1e3 * seconds / static_cast<double>(c.chunks) : 0.0;
  };
  std::printf(
      "%-8s %-22s %6zu chunks %9.2f MiB -> %8.3f MiB  encode %8.3f  join %6.3f  write %7.3f "
      "ms/chunk  (%.3f + %.3f + %.3f us/run)\n",
      what, name.c_str(), c.chunks, c.raw_bytes / (1 << 20), c.stored_bytes / (1 << 20),
      per_chunk(c.encode_seconds), per_chunk(c.join_seconds), per_chunk(c.write_seconds),
      1e6 * c.encode_seconds / runs, 1e6 * c.join_seconds / runs, 1e6 * c.write_seconds / runs);
}

std::string bytes_of(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// The built MPI design's costs per run (docs/sweeps.md, "1,000 ranks"): the
// file's rows a block of kPieceRuns rows at a time, as a running rank holds them
// after running the block; a running rank's part: encoding the block
// (BlockEncoder: every numeric variable's pieces) and its bytes for the journal
// and the MPI message (encode_block); rank 0's part: decoding the message and
// writing the block (ResultWriter::append_block: joining, placing, strings, the
// run coordinate) and closing the file. The copy must equal the sweep's file.
bool print_block_costs(const std::filesystem::path& sweep, const std::filesystem::path& scratch) {
  SweepFileRows source(sweep, std::size_t{64} << 20);
  const ResultSchema schema = schema_of(source.header());
  const Variable& run = *source.header().coordinate("run");
  const BlockEncoder encoder(schema);
  std::filesystem::remove(scratch);
  double encode = 0, write = 0, message_bytes = 0;
  const double writer_start = Clock::now();
  {
    ResultWriter writer(scratch, schema);
    write += Clock::now() - writer_start;
    std::vector<std::vector<Variable>> rows;
    std::vector<std::int64_t> runs;
    for (std::uint64_t block = 0; block < block_count(schema.rows); ++block) {
      const std::uint64_t count = block_rows(block, schema.rows);
      rows.assign(count, empty_row(schema));
      runs.clear();
      for (std::uint64_t r = 0; r < count; ++r) {
        source.read_row(block * kPieceRuns + r, rows[r]);
        runs.push_back(run.integers.at(block * kPieceRuns + r));
      }
      const double encoding = Clock::now();
      const std::string message = encode_block(encoder.encode(block, runs, rows));
      encode += Clock::now() - encoding;
      message_bytes += static_cast<double>(message.size());
      const double writing = Clock::now();
      writer.append_block(decode_block(message));
      write += Clock::now() - writing;
    }
    const double closing = Clock::now();
    writer.finish();
    write += Clock::now() - closing;
  }
  const double runs = static_cast<double>(std::max<std::uint64_t>(schema.rows, 1));
  const bool same = bytes_of(sweep) == bytes_of(scratch);
  std::printf(
      "%.0f runs in %llu blocks: a running rank encodes %.2f us per run (messages of %.0f "
      "bytes per run); rank 0 decodes and writes %.2f us per run; copy %s\n",
      runs, static_cast<unsigned long long>(block_count(schema.rows)), 1e6 * encode / runs,
      message_bytes / runs, 1e6 * write / runs,
      same ? "identical to the sweep's file" : "DIFFERS from the sweep's file");
  return same;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s SWEEP.h5 SCRATCH.h5\n", argv[0]);
    return 2;
  }
  try {
    const h5::File source = h5::File::open(argv[1]);
    const h5::Group root = source.root();
    const h5::Dataset run = root.open_dataset("run");
    const hsize_t rows = run.shape().at(0);
    const double runs = static_cast<double>(std::max<hsize_t>(rows, 1));
    std::filesystem::remove(argv[2]);
    h5::File scratch = h5::File::create(argv[2]);
    const h5::Group target = scratch.root();
    h5::create_dimension<std::int64_t>(target, "run", rows, run.chunk_shape().at(0));
    Costs numeric, strings;
    for (const std::string& name : root.members()) {
      if (name == "run") continue;
      const h5::Dataset dataset = root.open_dataset(name);
      const std::vector<std::string> dims = dataset.dimensions();
      if (dims.empty() || dims.front() != "run") continue;
      const Costs costs = copy_variable(dataset, target, name);
      print(dataset.is_string() ? "string" : "numeric", name, costs, runs);
      (dataset.is_string() ? strings : numeric).add(costs);
    }
    print("numeric", "(all)", numeric, runs);
    print("string", "(all)", strings, runs);
    const auto closing = Clock::now();
    scratch.close();
    std::printf("%.0f runs; closing the copy: %.3f s\n", runs, seconds_since(closing));
    if (!print_block_costs(argv[1], argv[2])) return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "frontline_writer_costs: %s\n", e.what());
    return 1;
  }
  return 0;
}
