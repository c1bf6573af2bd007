#include <gmock/gmock.h>
#include <gtest/gtest.h>

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

fs::path fresh_dir(const std::string& name) {
  const auto dir =
      fs::temp_directory_path() / ("frontline-sweep-test-" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(Crc32, KnownValue) { EXPECT_EQ(crc32("123456789", 9), 0xCBF43926u); }

TEST(Journal, RoundTripsResults) {
  const auto d = testing::fake_description();
  const auto output = fresh_dir("roundtrip") / "out.h5";
  const auto work = testing::fake_work();
  {
    JournalWriter journal(journal_part_path(output, 0), {d.fingerprint, "2024-01-01T00:00:00Z"},
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
    JournalWriter journal(path, {d.fingerprint, "t"}, d.layout);
    journal.append(execute_run(d.plan, 0, work));
    journal.append(execute_run(d.plan, 1, work));
  }
  const auto full = fs::file_size(path);
  fs::resize_file(path, full - 5);  // a kill in the middle of the second record
  auto contents = read_journal(path, d.layout);
  EXPECT_TRUE(contents.torn);
  ASSERT_EQ(contents.results.size(), 1u);
  {
    JournalWriter journal(path, {d.fingerprint, "later"}, d.layout);
    EXPECT_EQ(journal.header().created, "t");  // the first start is kept
    journal.append(execute_run(d.plan, 2, work));
  }
  contents = read_journal(path, d.layout);
  EXPECT_FALSE(contents.torn);
  ASSERT_EQ(contents.results.size(), 2u);
  EXPECT_EQ(contents.results[1].run, 2u);
}

TEST(Journal, DetectsCorruptionByChecksum) {
  const auto d = testing::fake_description();
  const auto output = fresh_dir("crc") / "out.h5";
  const auto path = journal_part_path(output, 0);
  {
    JournalWriter journal(path, {d.fingerprint, "t"}, d.layout);
    journal.append(execute_run(d.plan, 0, testing::fake_work()));
  }
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(-3, std::ios::end);
    f.put('\x7f');
  }
  const auto contents = read_journal(path, d.layout);
  EXPECT_TRUE(contents.results.empty());
  EXPECT_TRUE(contents.torn);
}

TEST(Journal, RefusesAnotherSweepsJournal) {
  const auto d = testing::fake_description();
  const auto output = fresh_dir("foreign") / "out.h5";
  { JournalWriter journal(journal_part_path(output, 0), {"other", "t"}, d.layout); }
  try {
    read_journals(output, d.layout, d.fingerprint);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("out.h5.journal: the journal belongs to another sweep"));
  }
  EXPECT_THROW(JournalWriter(journal_part_path(output, 0), {d.fingerprint, "t"}, d.layout),
               InputError);
}

TEST(Journal, RefusesASecondWriter) {
  const auto d = testing::fake_description();
  const auto output = fresh_dir("lock") / "out.h5";
  JournalWriter first(journal_part_path(output, 0), {d.fingerprint, "t"}, d.layout);
  try {
    JournalWriter second(journal_part_path(output, 0), {d.fingerprint, "t"}, d.layout);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("another sweep is writing this output's journal"));
  }
}

TEST(Journal, PartsOfSeveralRanksAreMerged) {
  const auto d = testing::fake_description();
  const auto output = fresh_dir("parts") / "out.h5";
  const auto work = testing::fake_work();
  {
    JournalWriter zero(journal_part_path(output, 0), {d.fingerprint, "t"}, d.layout);
    JournalWriter two(journal_part_path(output, 2), {d.fingerprint, "t"}, d.layout);
    zero.append(execute_run(d.plan, 4, work));
    two.append(execute_run(d.plan, 1, work));
    two.append(execute_run(d.plan, 4, work));  // a repeat after a resume
  }
  EXPECT_THAT(journal_parts(output),
              ::testing::ElementsAre(journal_part_path(output, 0), journal_part_path(output, 2)));
  const auto results = read_journals(output, d.layout, d.fingerprint);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].run, 1u);
  EXPECT_EQ(results[1].run, 4u);
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
