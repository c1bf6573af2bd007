#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <random>

#include "fake_sweep.hpp"
#include "frontline/output/hdf5.hpp"
#include "frontline/sweep/assemble.hpp"
#include "frontline/sweep/journal.hpp"
#include "frontline/sweep/session.hpp"

namespace frontline {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;
using testing::fresh_dir;

std::string bytes_of(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

SessionOptions options_for(const fs::path& output, int threads = 1) {
  SessionOptions options;
  options.output = output;
  options.threads = threads;
  options.progress = nullptr;
  options.created = "2024-01-01T00:00:00Z";
  return options;
}

// The reference: one uncut sweep with one thread.
const std::string& reference_bytes() {
  static const std::string bytes = [] {
    const auto output = fresh_dir("reference") / "ref.h5";
    run_sweep_session(testing::fake_description(), testing::fake_work({5}), options_for(output));
    return bytes_of(output);
  }();
  return bytes;
}

TEST(Table, RoundTripsThroughHdf5) {
  const auto d = testing::fake_description();
  std::vector<RunResult> results;
  for (std::uint64_t i = 0; i < d.plan.run_count(); ++i)
    results.push_back(execute_run(d.plan, i, testing::fake_work({1})));
  const SweepTable table = assemble_table(d, results, Shard{});
  const auto path = fresh_dir("table") / "t.h5";
  write_sweep_table(path, table);
  const SweepTable back = read_sweep_table(path);
  ASSERT_EQ(back.coordinates.size(), table.coordinates.size());
  ASSERT_EQ(back.variables.size(), table.variables.size());
  for (std::size_t i = 0; i < table.coordinates.size(); ++i)
    EXPECT_EQ(back.coordinates[i], table.coordinates[i]);
  for (std::size_t i = 0; i < table.variables.size(); ++i) {
    const auto& a = table.variables[i];
    const auto& b = back.variables[i];
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.dims, b.dims);
    EXPECT_EQ(a.type, b.type);
    EXPECT_EQ(a.integers, b.integers) << a.name;
    EXPECT_EQ(a.strings, b.strings) << a.name;
    EXPECT_EQ(a.attributes, b.attributes) << a.name;
    ASSERT_EQ(a.reals.size(), b.reals.size());
    for (std::size_t k = 0; k < a.reals.size(); ++k) {
      const double expected = a.type == DType::f32 ? static_cast<float>(a.reals[k]) : a.reals[k];
      if (std::isnan(expected))
        EXPECT_TRUE(std::isnan(b.reals[k]));
      else
        EXPECT_EQ(expected, b.reals[k]) << a.name;
    }
  }
  EXPECT_EQ(back.attributes, table.attributes);
  EXPECT_EQ(attribute_text(back, "sweep_fingerprint"), d.fingerprint);
  // A failed run: status, error, NaN and integer fill values.
  const auto* status = back.variable("status");
  EXPECT_EQ(status->strings[3], "failed");
  EXPECT_EQ(back.variable("error")->strings[3], "fake failure at design point 1");
  EXPECT_TRUE(std::isnan(back.variable("metric_total")->reals[3]));
  EXPECT_EQ(back.variable("metric_final_control")->integers[3 * 3], -127);
  // Writing is deterministic.
  const auto again = path.parent_path() / "t2.h5";
  write_sweep_table(again, table);
  EXPECT_EQ(bytes_of(path), bytes_of(again));
}

// Chunks along `run` hold whole pieces of kPieceRuns runs (a multiple of it, a
// power of two below it, or every run), so that a piece never straddles two
// chunks whoever encodes it; the values read back whatever the chunking.
TEST(Table, ChunksHoldWholePiecesOfRuns) {
  struct Case {
    std::uint64_t rows;
    std::size_t width;
    hsize_t chunk_rows;  // 1 MiB / (8 * width), aligned as above
  };
  for (const Case c : {Case{1000, 305, 384},  // 429 rows fit: 6 pieces
                       Case{10, 20000, 4},    // 6 rows fit: a power of two
                       Case{100, 1, 100}}) {  // every run in one chunk
    const SweepTable table = testing::table_of_width(c.rows, c.width);
    const auto path = fresh_dir("pieces") / "t.h5";
    write_sweep_table(path, table);
    {
      const h5::File file = h5::File::open(path);
      EXPECT_EQ(file.root().open_dataset("v").chunk_shape(), (h5::Shape{c.chunk_rows, c.width}))
          << c.rows << " runs of " << c.width;
    }
    EXPECT_EQ(read_sweep_table(path).variable("v")->reals, table.variables.front().reals);
  }
}

TEST(Table, OpensWithXarray) {
  if (!fs::exists("/usr/bin/python3")) GTEST_SKIP() << "no /usr/bin/python3";
  const auto d = testing::fake_description();
  const auto output = fresh_dir("xarray") / "x.h5";
  run_sweep_session(d, testing::fake_work({2}), options_for(output));
  const std::string script =
      "import xarray as xr, numpy as np\n"
      "ds = xr.open_dataset('" +
      output.string() +
      "', engine='h5netcdf')\n"
      "assert ds.sizes['run'] == 72 and ds.sizes['faction'] == 2 and ds.sizes['node'] == 3, "
      "ds.sizes\n"
      "assert list(ds['faction'].values) == ['GNA', 'ISIS']\n"
      "assert ds['metric_killed'].dims == ('run', 'faction')\n"
      "assert ds['strength'].dims == ('run', 'time', 'faction')\n"
      "assert ds['param_fighters'].attrs['path'] == 'factions.ISIS.fighters'\n"
      "assert (ds['status'] == 'failed').sum() == 3\n"
      "assert ds.attrs['design'] == 'grid' and ds.attrs['total_runs'] == 72\n"
      "assert list(ds.attrs['parameters'])[2] == 'relations.GNA.ISIS'\n"
      "assert np.isnan(ds['metric_final_control'].values[6, 0])\n";
  const auto script_path = output.parent_path() / "check.py";
  std::ofstream(script_path) << script;
  EXPECT_EQ(std::system(("/usr/bin/python3 " + script_path.string()).c_str()), 0);
}

TEST(Session, RefusesAnExistingOutputWithoutForceOrResume) {
  const auto output = fresh_dir("exists") / "out.h5";
  std::ofstream(output) << "x";
  try {
    run_sweep_session(testing::fake_description(), testing::fake_work(), options_for(output));
    FAIL();
  } catch (const InputError& e) {
    EXPECT_THAT(
        e.what(),
        HasSubstr("out.h5: output file already exists (expected a new path, --force to replace it, "
                  "or --resume to continue its sweep)"));
  }
  EXPECT_EQ(bytes_of(output), "x");
  auto options = options_for(output);
  options.force = true;
  run_sweep_session(testing::fake_description(), testing::fake_work({5}), options);
  EXPECT_EQ(bytes_of(output), reference_bytes());
}

TEST(Session, ThreadCountGivesIdenticalFiles) {
  const auto output = fresh_dir("threads") / "out.h5";
  const auto report = run_sweep_session(testing::fake_description(), testing::fake_work({5}),
                                        options_for(output, 3));
  EXPECT_EQ(report.ran, 72u);
  EXPECT_EQ(report.failed, 3u);
  EXPECT_EQ(bytes_of(output), reference_bytes());
  EXPECT_TRUE(journal_parts(output).empty());
}

TEST(Session, StopPolicyKeepsTheJournalAndResumeFinishes) {
  const auto output = fresh_dir("stop") / "out.h5";
  auto options = options_for(output);
  options.on_failure = FailurePolicy::stop;
  try {
    run_sweep_session(testing::fake_description(), testing::fake_work({5}), options);
    FAIL();
  } catch (const RuntimeError& e) {
    EXPECT_THAT(
        e.what(),
        HasSubstr("sweep stopped at a failed run (--on-failure stop): run 15: fake failure at "
                  "design point 5; 16 of 72 runs are in the journal"));
    EXPECT_THAT(e.what(), HasSubstr("continue with --resume"));
  }
  EXPECT_FALSE(fs::exists(output));
  EXPECT_EQ(journal_parts(output).size(), 1u);
  // Without --resume or --force the journal is not thrown away.
  EXPECT_THROW(
      run_sweep_session(testing::fake_description(), testing::fake_work({5}), options_for(output)),
      InputError);
  options.resume = true;
  options.on_failure = FailurePolicy::record;
  const auto report =
      run_sweep_session(testing::fake_description(), testing::fake_work({5}), options);
  EXPECT_EQ(report.from_journal, 16u);
  EXPECT_EQ(report.ran, 56u);
  EXPECT_EQ(bytes_of(output), reference_bytes());
  // Resuming a finished sweep does nothing.
  EXPECT_TRUE(run_sweep_session(testing::fake_description(), testing::fake_work({5}), options)
                  .already_complete);
}

TEST(Session, ResumeRefusesAnotherSweepsJournal) {
  const auto output = fresh_dir("foreign") / "out.h5";
  auto d = testing::fake_description();
  d.plan.seed = 43;  // another sweep
  d.fingerprint = sweep_fingerprint(d);
  auto options = options_for(output);
  options.on_failure = FailurePolicy::stop;
  EXPECT_THROW(run_sweep_session(d, testing::fake_work({1}), options), RuntimeError);
  options.resume = true;
  try {
    run_sweep_session(testing::fake_description(), testing::fake_work(), options);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("the journal belongs to another sweep"));
  }
}

// Runs `sweep` in a child process and kills it (SIGKILL) as soon as `ready`
// (polled every millisecond, for at most a minute).
void sweep_killed_when(const std::function<bool()>& ready, const std::function<void()>& sweep) {
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    try {
      sweep();
    } catch (...) {
      ::_exit(3);
    }
    ::_exit(0);
  }
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::minutes(1);
  while (!ready() && std::chrono::steady_clock::now() < give_up)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
}

TEST(Session, KilledAtARandomMomentAndResumedEqualsAnUncutSweep) {
  const std::string& expected = reference_bytes();
  std::mt19937 random(12345);
  for (int attempt = 0; attempt < 6; ++attempt) {
    const auto output = fresh_dir("kill" + std::to_string(attempt)) / "out.h5";
    const auto delay =
        std::chrono::microseconds(std::uniform_int_distribution<int>(5'000, 120'000)(random));
    const auto started = std::chrono::steady_clock::now();
    const auto waited = [&] { return std::chrono::steady_clock::now() - started >= delay; };
    sweep_killed_when(waited, [&] {
      run_sweep_session(testing::fake_description(),
                        testing::fake_work({5}, std::chrono::microseconds(2000)),
                        options_for(output, 2));
    });
    auto options = options_for(output, 2);
    options.resume = true;
    const auto report =
        run_sweep_session(testing::fake_description(), testing::fake_work({5}), options);
    EXPECT_EQ(report.from_journal + report.ran, report.already_complete ? 0u : 72u);
    EXPECT_EQ(bytes_of(output), expected)
        << "attempt " << attempt << ", killed after " << delay.count() << " us";
    EXPECT_TRUE(journal_parts(output).empty());
    for (const auto& entry : fs::directory_iterator(output.parent_path()))
      EXPECT_EQ(entry.path().filename(), "out.h5") << "left behind: " << entry.path();
  }
}

// 216 runs (blocks of 64, 64, 64 and 24 rows): threads journal the blocks they
// ran whole, encoded; a kill leaves blocks journaled whole, blocks cut in the
// middle and blocks not begun, and the resumed sweep (which encodes the cut ones
// from their runs' records) writes the uncut sweep's file.
TEST(Session, KilledInTheMiddleOfBlocksAndResumedEqualsAnUncutSweep) {
  const auto d = testing::fake_description(9);
  const auto expected_output = fresh_dir("blocks-uncut") / "out.h5";
  run_sweep_session(d, testing::fake_work({5}), options_for(expected_output));
  const std::string expected = bytes_of(expected_output);
  std::mt19937 random(777);
  int with_block_records = 0;
  for (int attempt = 0; attempt < 6; ++attempt) {
    const auto output = fresh_dir("blocks-kill" + std::to_string(attempt)) / "out.h5";
    const int threads = 1 + attempt % 2;
    // Killed once the journal holds about `records` runs' records (81 bytes each),
    // whatever the machine's load: some blocks whole, one cut, the rest not begun.
    const auto records = std::uniform_int_distribution<std::uintmax_t>(20, 200)(random);
    const auto journaled = [&] {
      std::error_code ec;
      const auto size = fs::file_size(journal_part_path(output, 0), ec);
      return !ec && size >= 100 + 81 * records;
    };
    sweep_killed_when(journaled, [&] {
      run_sweep_session(d, testing::fake_work({5}, std::chrono::microseconds(2000)),
                        options_for(output, threads));
    });
    if (!journal_parts(output).empty()) {
      JournalIndex index(output, d.layout, d.fingerprint, d.plan.run_count(), Shard{});
      for (std::uint64_t block = 0; block < 4; ++block) {
        if (!index.has_block(block)) continue;
        ++with_block_records;
        for (std::uint64_t run = block * 64; run < std::min<std::uint64_t>(216, block * 64 + 64);
             ++run)
          EXPECT_TRUE(index.has(run)) << "block " << block << " journaled before run " << run;
      }
    }
    auto options = options_for(output, 3 - threads);
    options.resume = true;
    const auto report = run_sweep_session(d, testing::fake_work({5}), options);
    EXPECT_EQ(report.from_journal + report.ran, report.already_complete ? 0u : 216u);
    EXPECT_EQ(bytes_of(output), expected)
        << "attempt " << attempt << ", killed after about " << records << " runs";
    EXPECT_TRUE(journal_parts(output).empty());
  }
  EXPECT_GT(with_block_records, 0) << "no kill left a block journaled whole";
}

TEST(Merge, ShardsMergeIntoTheSameFileAsOneSweep) {
  const auto dir = fresh_dir("merge");
  std::vector<SweepTable> shards;
  std::vector<fs::path> files;
  for (std::uint32_t i = 0; i < 5; ++i) {  // 72 runs do not divide by 5
    auto options = options_for(dir / ("shard" + std::to_string(i) + ".h5"));
    options.shard = Shard{i, 5};
    run_sweep_session(testing::fake_description(), testing::fake_work({5}), options);
    files.push_back(options.output);
  }
  std::reverse(files.begin(), files.end());  // any order
  for (const auto& f : files) shards.push_back(read_sweep_table(f));
  EXPECT_EQ(attribute_integer(shards[0], "shard_count", 0), 5);
  write_sweep_table(dir / "merged.h5", merge_tables(shards, files));
  EXPECT_EQ(bytes_of(dir / "merged.h5"), reference_bytes());
  // Streamed: each shard read a block at a time; one byte of buffer means one
  // row per block, so every row reloads its shard's block.
  for (const std::size_t buffer : {std::size_t{1}, std::size_t{4096}, kMergeBufferBytes}) {
    const fs::path streamed = dir / ("streamed-" + std::to_string(buffer) + ".h5");
    const MergeSummary summary = merge_shard_files(files, streamed, false, buffer);
    EXPECT_EQ(summary.runs, 72u);
    EXPECT_EQ(bytes_of(streamed), reference_bytes()) << "buffer " << buffer;
  }
}

TEST(Merge, SweepFileRowsReadsRowsInAnyOrder) {
  const auto dir = fresh_dir("rows");
  auto options = options_for(dir / "whole.h5");
  run_sweep_session(testing::fake_description(), testing::fake_work({5}), options);
  const SweepTable table = read_sweep_table(options.output);
  SweepFileRows rows(options.output, 1);
  const SweepTable& header = rows.header();
  ASSERT_EQ(header.variables.size(), table.variables.size());
  std::vector<Variable> cells = empty_row(schema_of(header));
  const std::size_t runs = table.dimension_size("run");
  ASSERT_GT(runs, 3u);
  for (const std::uint64_t row : {std::uint64_t{3}, std::uint64_t{0}, runs - 1}) {
    rows.read_row(row, cells);
    std::size_t cell = 0;
    for (const auto& v : table.variables) {
      if (v.dims.empty() || v.dims.front() != "run") continue;
      const std::size_t width = v.element_count() / runs;
      const auto begin = static_cast<std::ptrdiff_t>(row * width);
      const auto end = begin + static_cast<std::ptrdiff_t>(width);
      const Variable& got = cells[cell++];
      SCOPED_TRACE(v.name + " row " + std::to_string(row));
      if (!v.reals.empty()) {
        ASSERT_EQ(got.reals.size(), width);
        for (std::size_t i = 0; i < width; ++i) {
          const double want = v.reals[static_cast<std::size_t>(begin) + i];
          if (std::isnan(want)) {
            EXPECT_TRUE(std::isnan(got.reals[i]));
          } else {
            EXPECT_EQ(got.reals[i], want);
          }
        }
      }
      if (!v.integers.empty()) {
        EXPECT_EQ(got.integers,
                  std::vector<std::int64_t>(v.integers.begin() + begin, v.integers.begin() + end));
      }
      if (!v.strings.empty()) {
        EXPECT_EQ(got.strings,
                  std::vector<std::string>(v.strings.begin() + begin, v.strings.begin() + end));
      }
    }
  }
  EXPECT_THROW(rows.read_row(runs, cells), RuntimeError);
}

TEST(Merge, RefusesIncompleteForeignAndRepeatedShards) {
  const auto dir = fresh_dir("merge-bad");
  std::vector<fs::path> files;
  for (std::uint32_t i = 0; i < 3; ++i) {
    auto options = options_for(dir / ("s" + std::to_string(i) + ".h5"));
    options.shard = Shard{i, 3};
    run_sweep_session(testing::fake_description(), testing::fake_work(), options);
    files.push_back(options.output);
  }
  const auto read = [](const std::vector<fs::path>& paths) {
    std::vector<SweepTable> tables;
    for (const auto& p : paths) tables.push_back(read_sweep_table(p));
    return tables;
  };
  try {
    merge_tables(read({files[0], files[2]}), {files[0], files[2]});
    FAIL();
  } catch (const InputError& e) {
    EXPECT_THAT(
        e.what(),
        HasSubstr("the shards are incomplete: 24 of 72 runs missing (shards 1/3 are missing): "
                  "runs 1, 4, 7, 10, 13, 16, 19, 22, 25, 28, ... (24 in all)"));
  }
  try {  // the streaming merge checks before it writes anything
    merge_shard_files({files[0], files[2]}, dir / "partial.h5", false);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("the shards are incomplete: 24 of 72 runs missing"));
  }
  EXPECT_FALSE(fs::exists(dir / "partial.h5"));
  try {
    merge_tables(read({files[0], files[1], files[1]}), {files[0], files[1], files[1]});
    FAIL();
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("s1.h5: repeats run 1, also in"));
  }
  auto other = testing::fake_description(2);
  auto options = options_for(dir / "other.h5");
  options.shard = Shard{1, 3};
  run_sweep_session(other, testing::fake_work(), options);
  try {
    merge_tables(read({files[0], dir / "other.h5", files[2]}),
                 {files[0], dir / "other.h5", files[2]});
    FAIL();
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("other.h5: comes from another sweep than"));
  }
  try {
    read_sweep_table(dir / "missing.h5");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("missing.h5: no such file"));
  }
}

}  // namespace
}  // namespace frontline
