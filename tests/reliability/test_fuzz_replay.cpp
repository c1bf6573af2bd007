// Every input the fuzzers ever crashed or hung on (tests/fuzz/regressions/
// <harness>/) and every seed of their corpus, replayed through the same
// calls in the normal build: a regression input must be refused with a clean
// InputError (or, if its name starts with "ok-", accepted); a seed may be
// accepted or refused, but nothing else may escape.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "targets.hpp"

namespace frontline::fuzz {
namespace {

namespace fs = std::filesystem;
using Target = void (*)(std::string_view);

const fs::path kFuzzDir = FRONTLINE_FUZZ_DIR;
const fs::path kScenarioDir = FRONTLINE_SCENARIO_DIR;

std::string contents(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

std::vector<fs::path> files_in(const fs::path& folder, const std::string& extension = {}) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder, ec))
    if (entry.is_regular_file() && entry.path().filename().string()[0] != '.' &&
        (extension.empty() || entry.path().extension() == extension))
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

enum class Outcome { accepted, refused };

// Runs the target; fails the test (naming the file) for anything but an
// acceptance or a clean InputError.
Outcome replay(Target target, const fs::path& file, std::string* message = nullptr) {
  const std::string data = contents(file);
  try {
    target(data);
    return Outcome::accepted;
  } catch (const InputError& refusal) {
    require_clean(refusal);
    if (message) *message = refusal.what();
    return Outcome::refused;
  }
}

void replay_regressions(const std::string& harness, Target target) {
  for (const auto& file : files_in(kFuzzDir / "regressions" / harness)) {
    SCOPED_TRACE(file.string());
    const bool should_load = file.filename().string().rfind("ok-", 0) == 0;
    std::string message;
    Outcome outcome = Outcome::accepted;
    ASSERT_NO_THROW(outcome = replay(target, file, &message));
    EXPECT_EQ(outcome, should_load ? Outcome::accepted : Outcome::refused) << message;
  }
}

void replay_seeds(const std::vector<fs::path>& seeds, Target target, bool all_valid) {
  ASSERT_FALSE(seeds.empty());
  for (const auto& file : seeds) {
    SCOPED_TRACE(file.string());
    std::string message;
    Outcome outcome = Outcome::accepted;
    ASSERT_NO_THROW(outcome = replay(target, file, &message));
    if (all_valid) {
      EXPECT_EQ(outcome, Outcome::accepted) << message;
    }
  }
}

TEST(FuzzRegressions, ScenarioInputsAreRefusedCleanly) {
  replay_regressions("scenario", scenario_input);
}

TEST(FuzzRegressions, OverrideInputsAreRefusedCleanly) {
  replay_regressions("override", override_input);
}

TEST(FuzzRegressions, SweepInputsAreRefusedCleanly) { replay_regressions("sweep", sweep_input); }

TEST(FuzzSeeds, ShippedScenariosLoadThroughTheHarness) {
  auto seeds = files_in(kScenarioDir, ".yaml");
  const auto variants = files_in(kScenarioDir / "variants", ".yaml");
  seeds.insert(seeds.end(), variants.begin(), variants.end());
  EXPECT_GE(seeds.size(), 9u);
  replay_seeds(seeds, scenario_input, true);
}

TEST(FuzzSeeds, HandMadeSeedsEndInAcceptanceOrInputError) {
  replay_seeds(files_in(kFuzzDir / "corpus" / "scenario"), scenario_input, false);
  replay_seeds(files_in(kFuzzDir / "corpus" / "override"), override_input, false);
  replay_seeds(files_in(kFuzzDir / "corpus" / "sweep"), sweep_input, false);
}

TEST(FuzzSeeds, OverrideHarnessAppliesValidArguments) {
  EXPECT_NO_THROW(override_input("factions.RED.fighters=2000\ncalendar.step=6h"));
  try {
    override_input("factions.RED.fightrs=2000");
    ADD_FAILURE() << "a misspelt key was accepted";
  } catch (const InputError& refusal) {
    EXPECT_THAT(refusal.what(), ::testing::HasSubstr("fightrs"));
  }
}

}  // namespace
}  // namespace frontline::fuzz
