// Locking on a file system without flock (e.g. Lustre mounted noflock), with
// ENOSYS injected: this test program defines flock() itself, which the sweep
// library linked into it calls instead of the C library's.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <string>

#include "fake_sweep.hpp"
#include "frontline/sweep/journal.hpp"

extern "C" int flock(int /*fd*/, int /*operation*/) {
  errno = ENOSYS;
  return -1;
}

namespace frontline {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;
using testing::fresh_dir;

std::string host() {
  char name[256] = {};
  ::gethostname(name, sizeof name - 1);
  return name;
}

TEST(NoFlock, FallsBackToALockFileNamingItsHolderWithAWarning) {
  const auto d = testing::fake_description();
  const auto output = fresh_dir("fallback") / "out.h5";
  const auto part = journal_part_path(output, 0);
  ::testing::internal::CaptureStderr();
  {
    JournalWriter first(part, {d.fingerprint, "t", {}}, d.layout);
    EXPECT_THAT(::testing::internal::GetCapturedStderr(),
                HasSubstr("warning: " + part.string() +
                          ": this file system has no file locks (flock); using the lock file " +
                          lock_file_path(part).string()));
    std::ifstream lock(lock_file_path(part));
    std::string holder;
    std::getline(lock, holder);
    EXPECT_EQ(holder, host() + " " + std::to_string(::getpid()));
    try {
      JournalWriter second(part, {d.fingerprint, "t", {}}, d.layout);
      FAIL() << "a second writer was let in";
    } catch (const InputError& e) {
      EXPECT_THAT(e.what(), HasSubstr("another sweep is writing this output's journal (lock file " +
                                      lock_file_path(part).string() + " held by pid " + holder));
    }
    // --force must not delete it either.
    EXPECT_THROW(discard_journal(output), InputError);
    EXPECT_TRUE(fs::exists(part));
  }
  EXPECT_FALSE(fs::exists(lock_file_path(part)));  // released
  JournalWriter again(part, {d.fingerprint, "t", {}}, d.layout);
}

TEST(NoFlock, TakesOverTheLockFileOfAProcessThatIsGone) {
  const auto d = testing::fake_description();
  const auto output = fresh_dir("stale") / "out.h5";
  const auto part = journal_part_path(output, 0);
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ASSERT_GT(child, 0);
  ::waitpid(child, nullptr, 0);
  std::ofstream(lock_file_path(part)) << host() << " " << child << "\n";
  JournalWriter writer(part, {d.fingerprint, "t", {}},
                       d.layout);  // the killed sweep's lock is stale
  std::ifstream lock(lock_file_path(part));
  std::string holder;
  std::getline(lock, holder);
  EXPECT_EQ(holder, host() + " " + std::to_string(::getpid()));
}

TEST(NoFlock, RefusesALockFileHeldOnAnotherHost) {
  const auto d = testing::fake_description();
  const auto output = fresh_dir("remote") / "out.h5";
  const auto part = journal_part_path(output, 0);
  std::ofstream(lock_file_path(part)) << "node-17.cluster 4242\n";
  try {
    JournalWriter writer(part, {d.fingerprint, "t", {}}, d.layout);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("held by pid node-17.cluster 4242; if no sweep runs, delete "
                                    "that file"));
  }
}

}  // namespace
}  // namespace frontline
