#include <gtest/gtest.h>

#include <set>

#include "frontline/core/error.hpp"
#include "frontline/core/parameters.hpp"

namespace frontline {
namespace {

TEST(Parameters, EveryEntryIsDocumentedUniqueAndItsDefaultIsInRange) {
  std::set<std::string> seen;
  const Parameters defaults;
  for (const auto& info : parameter_table()) {
    EXPECT_TRUE(seen.insert(info.path).second) << info.path;
    EXPECT_FALSE(info.unit.empty()) << info.path;
    EXPECT_FALSE(info.source.empty()) << info.path;
    EXPECT_FALSE(info.description.empty()) << info.path;
    EXPECT_GE(info.default_value, info.min) << info.path;
    EXPECT_LE(info.default_value, info.max) << info.path;
    EXPECT_EQ(defaults.*(info.member), info.default_value) << info.path;
  }
}

TEST(Parameters, SetAndGetByPath) {
  Parameters p;
  EXPECT_TRUE(p.set("combat.wounded_per_killed", 3.5));
  EXPECT_DOUBLE_EQ(p.wounded_per_killed, 3.5);
  EXPECT_EQ(p.get("combat.wounded_per_killed"), 3.5);
  EXPECT_FALSE(p.set("combat.wounded_per_kiled", 1.0));
  EXPECT_FALSE(p.get("nope"));
}

TEST(Errors, DiagnosticsFormatAsFileLineColumn) {
  const InputError error({{{"a.yaml", 3, 7}, "unknown key 'figters'", "did you mean 'fighters'?"},
                          {{"a.yaml", 9, 1}, "bad date", "an ISO date like 2016-05-05"}});
  EXPECT_STREQ(error.what(),
               "a.yaml:3:7: unknown key 'figters' (expected did you mean 'fighters'?)\n"
               "a.yaml:9:1: bad date (expected an ISO date like 2016-05-05)");
  EXPECT_EQ(error.exit_code(), ExitCode::bad_input);
  EXPECT_EQ(error.diagnostics().size(), 2u);
}

TEST(Errors, ClosestMatchSuggestsNearMissesOnly) {
  EXPECT_EQ(closest_match("figters", {"fighters", "vehicles", "morale"}), "fighters");
  EXPECT_EQ(closest_match("xyz", {"fighters", "vehicles"}), "");
}

}  // namespace
}  // namespace frontline
