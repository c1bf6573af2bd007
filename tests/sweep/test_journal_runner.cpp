#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <numeric>

#include "fake_sweep.hpp"
#include "frontline/sweep/journal.hpp"

namespace frontline {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;
using testing::fresh_dir;

TEST(Crc32, KnownValue) { EXPECT_EQ(crc32("123456789", 9), 0xCBF43926u); }

TEST(Journal, RoundTripsResults) {
  const auto d = testing::fake_description();
  const auto output = fresh_dir("roundtrip") / "out.h5";
  const auto work = testing::fake_work();
  {
    JournalWriter journal(journal_part_path(output, 0), {d.fingerprint, "2024-01-01T00:00:00Z", {}},
                          d.layout);
    journal.append(execute_run(d.plan, 3, work));
    journal.append(RunResult{5, false, "boom", {}});
  }
  const auto contents = read_journal(journal_part_path(output, 0), d.layout);
  EXPECT_EQ(contents.header.created, "2024-01-01T00:00:00Z");
  EXPECT_FALSE(contents.torn);
  ASSERT_EQ(contents.results.size(), 2u);
  // The float32 column (the last 8 values) is stored as float.
  auto expected = execute_run(d.plan, 3, work).values;
  for (std::size_t i = 6; i < expected.size(); ++i) expected[i] = static_cast<float>(expected[i]);
  EXPECT_EQ(contents.results[0].values, expected);
  EXPECT_EQ(contents.results[1].error, "boom");
  EXPECT_FALSE(contents.results[1].ok);
}

TEST(Journal, DropsATornLastRecordAndAppendsAfterTheIntactPrefix) {
  const auto d = testing::fake_description();
  const auto output = fresh_dir("torn") / "out.h5";
  const auto path = journal_part_path(output, 0);
  const auto work = testing::fake_work();
  {
    JournalWriter journal(path, {d.fingerprint, "t", {}}, d.layout);
    journal.append(execute_run(d.plan, 0, work));
    journal.append(execute_run(d.plan, 1, work));
  }
  const auto full = fs::file_size(path);
  fs::resize_file(path, full - 5);  // a kill in the middle of the second record
  auto contents = read_journal(path, d.layout);
  EXPECT_TRUE(contents.torn);
  ASSERT_EQ(contents.results.size(), 1u);
  {
    JournalWriter journal(path, {d.fingerprint, "later", {}}, d.layout);
    EXPECT_EQ(journal.header().created, "t");  // the first start is kept
    journal.append(execute_run(d.plan, 2, work));
  }
  contents = read_journal(path, d.layout);
  EXPECT_FALSE(contents.torn);
  ASSERT_EQ(contents.results.size(), 2u);
  EXPECT_EQ(contents.results[1].run, 2u);
}

// A damaged record that is not a torn tail is refused with its offset, never half-read
// (issue 14 item 7: one flipped byte used to keep the prefix and drop the rest).
TEST(Journal, RefusesAFlippedByteInsteadOfHalfReadingIt) {
  const auto d = testing::fake_description();
  const auto output = fresh_dir("crc") / "out.h5";
  const auto path = journal_part_path(output, 0);
  const auto work = testing::fake_work();
  {
    JournalWriter journal(path, {d.fingerprint, "t", {}}, d.layout);
    for (std::uint64_t run = 0; run < 3; ++run) journal.append(execute_run(d.plan, run, work));
  }
  const auto size = fs::file_size(path);
  for (const std::streamoff from_end : {std::streamoff(3), std::streamoff(size / 2)}) {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(-from_end, std::ios::end);
    const char original = static_cast<char>(f.get());
    f.seekp(-from_end, std::ios::end);
    f.put(static_cast<char>(original ^ 0x10));
    f.close();
    try {
      read_journal(path, d.layout);
      FAIL() << "a flipped byte " << from_end << " from the end was accepted";
    } catch (const InputError& e) {
      EXPECT_THAT(e.what(), HasSubstr("out.h5.journal: the journal is damaged at byte "));
    }
    EXPECT_THROW(JournalIndex(output, d.layout, d.fingerprint, d.plan.run_count(), Shard{}),
                 InputError);
    EXPECT_THROW(JournalWriter(path, {d.fingerprint, "t", {}}, d.layout), InputError);
    std::fstream g(path, std::ios::in | std::ios::out | std::ios::binary);
    g.seekp(-from_end, std::ios::end);
    g.put(original);
  }
  EXPECT_EQ(read_journal(path, d.layout).results.size(), 3u);
}

TEST(Journal, AZeroFilledTailIsTornNotDamaged) {
  const auto d = testing::fake_description();
  const auto output = fresh_dir("zeros") / "out.h5";
  const auto path = journal_part_path(output, 0);
  {
    JournalWriter journal(path, {d.fingerprint, "t", {}}, d.layout);
    journal.append(execute_run(d.plan, 0, testing::fake_work()));
  }
  fs::resize_file(path, fs::file_size(path) + 4096);  // extended by a crash, never written
  const auto contents = read_journal(path, d.layout);
  EXPECT_TRUE(contents.torn);
  EXPECT_EQ(contents.results.size(), 1u);
}

// Issue 14 item 16: a FIFO used to block forever, a symlink to /dev/zero to read
// until memory ran out.
TEST(Journal, RefusesAFifoAndASymbolicLinkAtOnce) {
  const auto d = testing::fake_description();
  const auto dir = fresh_dir("special");
  const auto output = dir / "out.h5";
  const auto path = journal_part_path(output, 0);
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  try {
    read_journal(path, d.layout);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("out.h5.journal: is not a regular file"));
  }
  EXPECT_THROW(JournalIndex(output, d.layout, d.fingerprint, d.plan.run_count(), Shard{}),
               InputError);
  EXPECT_THROW(JournalWriter(path, {d.fingerprint, "t", {}}, d.layout), InputError);
  fs::remove(path);
  fs::create_symlink("/dev/zero", path);
  try {
    JournalIndex(output, d.layout, d.fingerprint, d.plan.run_count(), Shard{});
    FAIL();
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("out.h5.journal: is a symbolic link"));
  }
  EXPECT_THROW(JournalWriter(path, {d.fingerprint, "t", {}}, d.layout), InputError);
  EXPECT_EQ(fs::read_symlink(path), "/dev/zero");
}

TEST(Journal, RefusesAnotherSweepsJournal) {
  const auto d = testing::fake_description();
  const auto output = fresh_dir("foreign") / "out.h5";
  { JournalWriter journal(journal_part_path(output, 0), {"other", "t", {}}, d.layout); }
  try {
    JournalIndex(output, d.layout, d.fingerprint, d.plan.run_count(), Shard{});
    FAIL();
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("out.h5.journal: the journal belongs to another sweep"));
  }
  EXPECT_THROW(JournalWriter(journal_part_path(output, 0), {d.fingerprint, "t", {}}, d.layout),
               InputError);
}

// Issue 14 item 11: `--resume --shard 0/2` on an unsharded journal used to
// drop the other half's runs.
TEST(Journal, RefusesTheJournalOfAnotherShard) {
  const auto d = testing::fake_description();
  const auto output = fresh_dir("shard") / "out.h5";
  const auto work = testing::fake_work();
  {
    JournalWriter journal(journal_part_path(output, 0), {d.fingerprint, "t", {}}, d.layout);
    journal.append(execute_run(d.plan, 1, work));
  }
  try {
    JournalIndex(output, d.layout, d.fingerprint, d.plan.run_count(), Shard{0, 2});
    FAIL();
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("the journal holds the whole sweep, not shard 0/2"));
  }
  EXPECT_THROW(
      JournalWriter(journal_part_path(output, 0), {d.fingerprint, "t", Shard{0, 2}}, d.layout),
      InputError);
  EXPECT_EQ(read_journal(journal_part_path(output, 0), d.layout).results.size(), 1u);
}

TEST(Journal, RefusesASecondWriter) {
  const auto d = testing::fake_description();
  const auto output = fresh_dir("lock") / "out.h5";
  JournalWriter first(journal_part_path(output, 0), {d.fingerprint, "t", {}}, d.layout);
  try {
    JournalWriter second(journal_part_path(output, 0), {d.fingerprint, "t", {}}, d.layout);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("another sweep is writing this output's journal"));
  }
}

// Issue 14 item 10: --force used to delete a running sweep's journal.
TEST(Journal, DiscardRefusesAJournalThatASweepIsWriting) {
  const auto d = testing::fake_description();
  const auto output = fresh_dir("discard") / "out.h5";
  {
    JournalWriter running(journal_part_path(output, 2), {d.fingerprint, "t", {}}, d.layout);
    JournalWriter(journal_part_path(output, 0), {d.fingerprint, "t", {}}, d.layout);
    EXPECT_THROW(discard_journal(output), InputError);
    EXPECT_EQ(journal_parts(output).size(), 2u);
  }
  discard_journal(output);
  EXPECT_TRUE(journal_parts(output).empty());
}

TEST(Journal, PartsOfSeveralRanksAreIndexedByRun) {
  const auto d = testing::fake_description();
  const auto output = fresh_dir("parts") / "out.h5";
  const auto work = testing::fake_work();
  {
    JournalWriter zero(journal_part_path(output, 0), {d.fingerprint, "t", {}}, d.layout);
    JournalWriter two(journal_part_path(output, 2), {d.fingerprint, "t", {}}, d.layout);
    zero.append(execute_run(d.plan, 4, work));
    two.append(execute_run(d.plan, 1, work));
    two.append(execute_run(d.plan, 4, work));  // a repeat after a resume
    two.append(RunResult{7, false, std::string(10000, 'x'), {}});
  }
  EXPECT_THAT(journal_parts(output),
              ::testing::ElementsAre(journal_part_path(output, 0), journal_part_path(output, 2)));
  JournalIndex index(output, d.layout, d.fingerprint, d.plan.run_count(), Shard{});
  EXPECT_EQ(index.done(), 3u);
  EXPECT_EQ(index.failed(), 1u);
  EXPECT_TRUE(index.has(1) && index.has(4) && index.has(7) && !index.has(0));
  EXPECT_EQ(index.read(4).run, 4u);
  EXPECT_EQ(index.read(4).values,
            read_journal(journal_part_path(output, 0), d.layout).results[0].values);
  // Error texts are cut to a bounded size, so every record is bounded.
  EXPECT_EQ(index.read(7).error.size(), kMaxJournalErrorBytes);
  EXPECT_EQ(index.missing_runs().size(), d.plan.run_count() - 3);
}

// Block records (a block's encoded bytes) are indexed by block, the first one
// wins, and readers of run records skip them.
TEST(Journal, BlockRecordsAreIndexedByBlockAndSkippedByRunReaders) {
  const auto d = testing::fake_description();
  const auto output = fresh_dir("block-records") / "out.h5";
  const auto work = testing::fake_work();
  {
    JournalWriter zero(journal_part_path(output, 0), {d.fingerprint, "t", {}}, d.layout);
    JournalWriter one(journal_part_path(output, 1), {d.fingerprint, "t", {}}, d.layout);
    zero.append(execute_run(d.plan, 64, work));
    EXPECT_TRUE(zero.append_block(1, "first"));
    zero.append(execute_run(d.plan, 65, work));
    EXPECT_TRUE(one.append_block(1, "second"));
    EXPECT_FALSE(one.append_block(0, std::string(std::size_t{64} << 20, 'x')));  // too large
  }
  const auto contents = read_journal(journal_part_path(output, 0), d.layout);
  ASSERT_EQ(contents.results.size(), 2u);
  EXPECT_EQ(contents.results[1].run, 65u);
  JournalIndex index(output, d.layout, d.fingerprint, d.plan.run_count(), Shard{});
  EXPECT_EQ(index.done(), 2u);
  EXPECT_FALSE(index.has_block(0));
  EXPECT_TRUE(index.has_block(1));
  EXPECT_EQ(index.read_block(1), "first");
  EXPECT_EQ(index.read(65).run, 65u);
  // A block beyond the sweep's blocks is damage.
  {
    JournalWriter one(journal_part_path(output, 1), {d.fingerprint, "t", {}}, d.layout);
    one.append_block(2, "beyond");
  }
  EXPECT_THAT([&] { JournalIndex(output, d.layout, d.fingerprint, 72, Shard{}); },
              ::testing::ThrowsMessage<InputError>(HasSubstr("it records block 2")));
}

TEST(Journal, RefusesAJournalOfAnOlderFormat) {
  const auto d = testing::fake_description();
  const auto output = fresh_dir("old-format") / "out.h5";
  { JournalWriter journal(journal_part_path(output, 0), {d.fingerprint, "t", {}}, d.layout); }
  std::fstream file(journal_part_path(output, 0), std::ios::in | std::ios::out | std::ios::binary);
  file.seekp(7);
  file.put('2');
  file.close();
  EXPECT_THAT(
      [&] { read_journal(journal_part_path(output, 0), d.layout); },
      ::testing::ThrowsMessage<InputError>(HasSubstr("older Frontline version (format 2)")));
}

TEST(Journal, GuidedChunksCoverEveryRunOnceAndShrink) {
  for (const std::uint64_t count : {0ull, 1ull, 7ull, 1000ull, 1000000ull}) {
    for (const int workers : {1, 2, 16, 1000}) {
      const auto chunks = guided_chunks(count, workers);
      ASSERT_EQ(chunks.front(), 0u);
      ASSERT_EQ(chunks.back(), count);
      for (std::size_t i = 1; i < chunks.size(); ++i) {
        ASSERT_GT(chunks[i], chunks[i - 1]);
        ASSERT_LE(chunks[i] - chunks[i - 1], kMaxChunkRuns);
        if (i > 1) {
          ASSERT_LE(chunks[i] - chunks[i - 1], chunks[i - 1] - chunks[i - 2]);
        }
      }
    }
  }
  // 10^6 runs on 1,000 ranks: about 14 counter operations per rank, not 1,000.
  EXPECT_LT(guided_chunks(1'000'000, 1000).size(), 20'000u);
}

// Blocks are aligned on rows (run indices, or positions within a shard), hold
// every run of `todo` once and in order, and only the last `split_tail` blocks
// are cut into single runs.
TEST(Runner, WorkItemsAreAlignedBlocksWithTheTailCutIntoRuns) {
  std::vector<std::uint64_t> todo;
  for (std::uint64_t run = 0; run < 300; ++run)
    if (run != 70 && run != 71) todo.push_back(run);  // a resume: 70 and 71 done
  const auto items = work_items(todo, Shard{}, 300, 1);
  ASSERT_EQ(items.size(), 4u + 44u);  // blocks 0-3, then block 4's 44 runs one by one
  EXPECT_TRUE(items[0].whole);
  EXPECT_EQ(items[0].runs.size(), 64u);
  EXPECT_FALSE(items[1].whole);  // 70 and 71 are in the journal
  EXPECT_EQ(items[1].runs.size(), 62u);
  EXPECT_EQ(items[3].block, 3u);
  EXPECT_TRUE(items[3].whole);
  EXPECT_EQ(items[4].block, 4u);
  EXPECT_EQ(items[4].runs, std::vector<std::uint64_t>{256});
  std::vector<std::uint64_t> covered;
  for (const auto& item : items) covered.insert(covered.end(), item.runs.begin(), item.runs.end());
  EXPECT_EQ(covered, todo);
  // Shard 1/3 of 300 runs: 100 rows, run 1 + 3 p at row p.
  std::vector<std::uint64_t> shard_todo;
  for (std::uint64_t p = 0; p < 100; ++p) shard_todo.push_back(1 + 3 * p);
  const auto shard_items = work_items(shard_todo, Shard{1, 3}, 100, 0);
  ASSERT_EQ(shard_items.size(), 2u);
  EXPECT_EQ(shard_items[1].runs.front(), 1u + 3u * 64u);
  EXPECT_TRUE(shard_items[1].whole);
  EXPECT_EQ(shard_items[1].runs.size(), 36u);
}

std::vector<RunResult> collect(const SweepDescription& d, int threads, FailurePolicy policy,
                               std::vector<std::uint64_t> failing,
                               RunnerSummary* summary = nullptr) {
  std::vector<std::uint64_t> todo;
  for (std::uint64_t i = 0; i < d.plan.run_count(); ++i) todo.push_back(i);
  std::mutex mutex;
  std::vector<RunResult> results;
  RunnerOptions options;
  options.threads = threads;
  options.on_failure = policy;
  const auto s = run_local(
      d.plan, todo, testing::fake_work(failing, std::chrono::microseconds(200)),
      [&](const RunResult& r) {
        const std::lock_guard lock(mutex);
        results.push_back(r);
      },
      options);
  if (summary) *summary = s;
  std::sort(results.begin(), results.end(),
            [](const auto& a, const auto& b) { return a.run < b.run; });
  return results;
}

TEST(Runner, ThreadCountDoesNotChangeResults) {
  const auto d = testing::fake_description();
  const auto one = collect(d, 1, FailurePolicy::record, {});
  const auto four = collect(d, 4, FailurePolicy::record, {});
  ASSERT_EQ(one.size(), d.plan.run_count());
  ASSERT_EQ(four.size(), one.size());
  for (std::size_t i = 0; i < one.size(); ++i) {
    EXPECT_EQ(one[i].run, i);
    EXPECT_EQ(one[i].values, four[i].values);
  }
}

TEST(Runner, AFailedRunIsRecordedAndTheSweepGoesOn) {
  const auto d = testing::fake_description(2);
  RunnerSummary summary;
  const auto results = collect(d, 2, FailurePolicy::record, {3}, &summary);
  ASSERT_EQ(results.size(), d.plan.run_count());
  EXPECT_EQ(summary.failed, 2u);  // both replicates of design point 3
  EXPECT_FALSE(summary.stopped);
  EXPECT_FALSE(results[6].ok);
  EXPECT_EQ(results[6].error, "fake failure at design point 3");
  EXPECT_TRUE(results[8].ok);
  EXPECT_THAT(summary.first_failure, HasSubstr(": fake failure at design point 3"));
}

TEST(Runner, StopPolicyStopsAtTheFirstFailure) {
  const auto d = testing::fake_description(1);
  RunnerSummary summary;
  const auto results = collect(d, 1, FailurePolicy::stop, {2}, &summary);
  EXPECT_TRUE(summary.stopped);
  ASSERT_EQ(results.size(), 3u);  // runs 0, 1 and the failed run 2
  EXPECT_FALSE(results[2].ok);
  EXPECT_EQ(summary.first_failure, "run 2: fake failure at design point 2");
}

TEST(Runner, ASinkFailureStopsEveryThreadAndIsRethrown) {
  const auto d = testing::fake_description();
  std::vector<std::uint64_t> todo(d.plan.run_count());
  std::iota(todo.begin(), todo.end(), 0);
  RunnerOptions options;
  options.threads = 3;
  std::atomic<int> calls{0};
  try {
    run_local(
        d.plan, todo, testing::fake_work({}, std::chrono::microseconds(2000)),
        [&](const RunResult&) {
          if (++calls == 5) throw RuntimeError("disk full");
        },
        options);
    FAIL();
  } catch (const RuntimeError& e) {
    EXPECT_STREQ(e.what(), "disk full");
  }
  EXPECT_LT(calls.load(), 20);  // the other threads finish their current run at most
}

TEST(Progress, LineShowsDoneFailedRateAndEta) {
  EXPECT_EQ(ProgressMeter::line(10, 40, 1, 5.0, false),
            "10/40 runs, 1 failed, 5.0 runs/s, ETA 6 s");
  EXPECT_EQ(ProgressMeter::line(20, 40, 0, 2.0, true),
            "[###############...............] 20/40 runs, 0 failed, 2.0 runs/s, ETA 10 s");
  EXPECT_EQ(ProgressMeter::format_seconds(245), "4 min 05 s");
  EXPECT_EQ(ProgressMeter::format_seconds(7800), "2 h 10 min");
  EXPECT_EQ(ProgressMeter::line(0, 4, 0, 0.0, false), "0/4 runs, 0 failed, 0.0 runs/s, ETA ?");
}

}  // namespace
}  // namespace frontline
