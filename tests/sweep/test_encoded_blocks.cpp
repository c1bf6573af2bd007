// Blocks of kPieceRuns rows encoded where their runs ran (BlockEncoder) and
// handed to the writer whole (ResultWriter::append_block) give the same file,
// byte for byte, as the same rows appended one at a time, whichever blocks come
// encoded and whatever the chunking (chunks of many blocks, of part of a block,
// the file's last chunk padded, one chunk of every row).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "fake_sweep.hpp"
#include "frontline/core/error.hpp"
#include "frontline/sweep/assemble.hpp"
#include "frontline/sweep/result_writer.hpp"

namespace frontline {
namespace {

namespace fs = std::filesystem;
using testing::fresh_dir;

std::string bytes_of(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Row `r` of the variables along run of `table` (as ResultWriter::append takes it).
std::vector<Variable> row_of(const SweepTable& table, std::uint64_t r) {
  std::vector<Variable> row;
  const std::size_t rows = table.dimension_size("run");
  for (const auto& v : table.variables) {
    if (v.dims.empty() || v.dims.front() != "run") continue;
    Variable cell;
    cell.name = v.name;
    cell.type = v.type;
    const std::size_t width = v.element_count() / rows;
    const auto begin = static_cast<std::ptrdiff_t>(r * width);
    const auto end = begin + static_cast<std::ptrdiff_t>(width);
    if (!v.reals.empty()) cell.reals.assign(v.reals.begin() + begin, v.reals.begin() + end);
    if (!v.integers.empty())
      cell.integers.assign(v.integers.begin() + begin, v.integers.begin() + end);
    if (!v.strings.empty()) cell.strings.assign(v.strings.begin() + begin, v.strings.begin() + end);
    row.push_back(std::move(cell));
  }
  return row;
}

EncodedBlock encoded(const SweepTable& table, const BlockEncoder& encoder, std::uint64_t block) {
  const ResultSchema schema = schema_of(table);
  std::vector<std::int64_t> runs;
  std::vector<std::vector<Variable>> rows;
  for (std::uint64_t r = block * kPieceRuns;
       r < block * kPieceRuns + block_rows(block, schema.rows); ++r) {
    runs.push_back(table.coordinate("run")->integers[r]);
    rows.push_back(row_of(table, r));
  }
  return encoder.encode(block, runs, rows);
}

// `table` written with the blocks in `given` appended encoded (through their
// bytes, as a journal or an MPI message carries them), the others row by row.
std::string written(const SweepTable& table, const std::set<std::uint64_t>& given,
                    const std::string& name) {
  const auto path = fresh_dir("blocks-" + name) / "t.h5";
  const ResultSchema schema = schema_of(table);
  const BlockEncoder encoder(schema);
  write_result_file(path, false, schema, [&](ResultWriter& writer) {
    for (std::uint64_t block = 0; block < block_count(schema.rows); ++block) {
      if (given.count(block)) {
        writer.append_block(decode_block(encode_block(encoded(table, encoder, block))));
        continue;
      }
      for (std::uint64_t r = block * kPieceRuns;
           r < block * kPieceRuns + block_rows(block, schema.rows); ++r)
        writer.append(table.coordinate("run")->integers[r], row_of(table, r));
    }
  });
  return bytes_of(path);
}

TEST(Blocks, CountAndRows) {
  EXPECT_EQ(block_count(0), 0u);
  EXPECT_EQ(block_count(64), 1u);
  EXPECT_EQ(block_count(65), 2u);
  EXPECT_EQ(block_rows(0, 216), 64u);
  EXPECT_EQ(block_rows(3, 216), 24u);  // 192..215
  EXPECT_EQ(block_rows(4, 216), 0u);
}

// The fake sweep (strings, integers of four widths, reals; failed runs) in one
// chunk of 216 rows, not a multiple of 64: its last piece holds 24 rows.
TEST(Blocks, EncodedBlocksGiveTheBytesOfRowsWhicheverBlocksComeEncoded) {
  const auto d = testing::fake_description(9);
  const auto work = testing::fake_work({5});
  std::vector<RunResult> results;
  for (std::uint64_t run = 0; run < d.plan.run_count(); ++run)
    results.push_back(execute_run(d.plan, run, work));
  const SweepTable table = assemble_table(d, results, Shard{});
  ASSERT_EQ(table.dimension_size("run"), 216u);
  const std::string rows = written(table, {}, "none");
  EXPECT_EQ(written(table, {0, 1, 2, 3}, "all"), rows);
  EXPECT_EQ(written(table, {1, 3}, "odd"), rows);
  EXPECT_EQ(written(table, {0, 2}, "even"), rows);
}

// Chunks of 384 rows (6 blocks; the last chunk padded past row 1000), and
// chunks of 16 rows (a block is 4 chunks; 200 rows end inside a block).
TEST(Blocks, EncodedBlocksKeepTheBytesWhateverTheChunking) {
  for (const auto& [rows, width] :
       {std::pair<std::uint64_t, std::size_t>{1000, 305}, {200, 5000}}) {
    const SweepTable table = testing::table_of_width(rows, width);
    const std::string name = std::to_string(rows) + "x" + std::to_string(width);
    const std::string by_rows = written(table, {}, name + "-rows");
    std::set<std::uint64_t> all, some;
    for (std::uint64_t b = 0; b < block_count(rows); ++b) {
      all.insert(b);
      if (b % 3 != 1) some.insert(b);
    }
    EXPECT_EQ(written(table, all, name + "-all"), by_rows) << name;
    EXPECT_EQ(written(table, some, name + "-some"), by_rows) << name;
  }
}

TEST(Blocks, ABlockOutOfOrderOrOfAnotherShapeIsRefused) {
  const SweepTable table = testing::table_of_width(200, 3);
  const ResultSchema schema = schema_of(table);
  const BlockEncoder encoder(schema);
  const auto path = fresh_dir("blocks-refused") / "t.h5";
  EXPECT_THROW(write_result_file(
                   path, false, schema,
                   [&](ResultWriter& writer) { writer.append_block(encoded(table, encoder, 1)); }),
               RuntimeError);
  EncodedBlock short_block = encoded(table, encoder, 0);
  short_block.runs.pop_back();
  EXPECT_THROW(write_result_file(path, false, schema,
                                 [&](ResultWriter& writer) { writer.append_block(short_block); }),
               RuntimeError);
  EXPECT_FALSE(fs::exists(path));
}

TEST(Blocks, BytesThatAreNotABlockAreRefused) {
  const SweepTable table = testing::table_of_width(100, 3);
  const BlockEncoder encoder(schema_of(table));
  const std::string bytes = encode_block(encoded(table, encoder, 1));
  EXPECT_EQ(encode_block(decode_block(bytes)), bytes);
  EXPECT_THROW(decode_block(bytes.substr(0, bytes.size() - 1)), RuntimeError);
  EXPECT_THROW(decode_block(bytes + "x"), RuntimeError);
  std::string huge = bytes;
  huge[8] = '\xff';  // a row count far beyond the bytes
  huge[9] = '\xff';
  EXPECT_THROW(decode_block(huge), RuntimeError);
}

}  // namespace
}  // namespace frontline
