#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "frontline/sweep/sweep_file.hpp"

namespace frontline {
namespace {

using ::testing::HasSubstr;

SweepSpec load(const std::string& text) { return load_sweep_text(text, "s.yaml", "/base"); }

std::string error_of(const std::string& text) {
  try {
    load(text);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(SweepFile, ReadsEveryKey) {
  const SweepSpec spec = load(R"(
scenario: sirte-2016
set: ["calendar.end=2016-09-01"]
parameters:
  factions.ISIS.fighters: {values: [2000, 4000]}
  parameters.combat.aimed_kill_rate:
    range: {min: 0.01, max: 0.1, log: true}
    name: kill_rate
  relations.GNA.ISIS: [war, ceasefire]
design: lhs
samples: 16
replicates: 5
seed: 7
metrics: [capture_day, killed]
timeseries: true
output: out.h5
)");
  EXPECT_EQ(spec.scenario, "sirte-2016");
  EXPECT_EQ(spec.scenario_where.str(), "s.yaml:2:11");
  EXPECT_THAT(spec.overrides, ::testing::ElementsAre("calendar.end=2016-09-01"));
  ASSERT_EQ(spec.parameters.size(), 3u);
  EXPECT_EQ(spec.parameters[0].name, "factions_ISIS_fighters");
  EXPECT_THAT(spec.parameters[0].numbers, ::testing::ElementsAre(2000, 4000));
  EXPECT_TRUE(spec.parameters[1].is_range);
  EXPECT_TRUE(spec.parameters[1].log);
  EXPECT_EQ(spec.parameters[1].name, "kill_rate");
  EXPECT_EQ(spec.parameters[1].min, 0.01);
  EXPECT_THAT(spec.parameters[2].strings, ::testing::ElementsAre("war", "ceasefire"));
  EXPECT_EQ(spec.design.kind, DesignKind::lhs);
  EXPECT_EQ(spec.design.samples, 16u);
  EXPECT_EQ(spec.replicates, 5u);
  EXPECT_EQ(*spec.seed, 7u);
  EXPECT_THAT(spec.metrics, ::testing::ElementsAre("capture_day", "killed"));
  EXPECT_TRUE(spec.timeseries);
  EXPECT_EQ(spec.output, "out.h5");
  EXPECT_EQ(spec.base_dir, "/base");
}

TEST(SweepFile, ReportsEveryProblemWithItsPlace) {
  const std::string message = error_of(R"(scenario: sirte-2016
replicate: 5
design: sobolx
parameters:
  factions.ISIS.fighters: {range: {min: 10, max: 1}}
  parameters.combat.aimed_kill_rate: {valeus: [1]}
)");
  EXPECT_THAT(message, HasSubstr("s.yaml:2:1: unknown key 'replicate' in the sweep (expected a "
                                 "known key; did you mean 'replicates'?)"));
  EXPECT_THAT(message, HasSubstr("s.yaml:3:9: unknown design 'sobolx' (expected one of grid, lhs, "
                                 "sobol; did you mean 'sobol'?)"));
  EXPECT_THAT(message, HasSubstr("s.yaml:5:35: the range of 'factions.ISIS.fighters' has min 10 "
                                 "above max 1 (expected min <= max)"));
  EXPECT_THAT(message, HasSubstr("s.yaml:6:39: unknown key 'valeus' in parameter "
                                 "'parameters.combat.aimed_kill_rate' (expected a known key; did "
                                 "you mean 'values'?)"));
}

TEST(SweepFile, DesignsNeedTheirSettings) {
  EXPECT_THAT(
      error_of("scenario: s\ndesign: lhs\nparameters: {a.b: {range: {min: 0, max: 1}}}\n"),
      HasSubstr("s.yaml:2:9: a lhs design needs samples (expected samples: a whole number >= 1)"));
  EXPECT_THAT(error_of("scenario: s\nparameters: {a.b: {range: {min: 0, max: 1}}}\n"),
              HasSubstr("range of 'a.b' has no steps (expected steps: N for a grid design)"));
  EXPECT_THAT(error_of("scenario: s\nsamples: 3\n"),
              HasSubstr("samples applies to lhs and sobol designs, not grid"));
  EXPECT_THAT(
      error_of("scenario: s\nparameters: {a.b: {range: {min: -1, max: 1, log: true, steps: 2}}}\n"),
      HasSubstr("a log range of 'a.b' needs min > 0, got -1"));
}

TEST(SweepFile, RefusesBadValues) {
  EXPECT_THAT(error_of("parameters: {}\n"),
              HasSubstr("s.yaml:1:1: missing required key 'scenario' in the sweep"));
  EXPECT_THAT(error_of("scenario: s\nreplicates: 0\n"),
              HasSubstr("s.yaml:2:13: replicates 0 is out of range (expected 1 to 100000000)"));
  EXPECT_THAT(error_of("scenario: s\nreplicates: 2.5\n"),
              HasSubstr("replicates 2.5 is not a whole number"));
  EXPECT_THAT(error_of("scenario: s\nseed: -4\n"),
              HasSubstr("s.yaml:2:7: seed -4 is out of range"));
  EXPECT_THAT(error_of("scenario: s\nparameters: {a.b: [1, 1]}\n"),
              HasSubstr("lists the value '1' twice"));
  EXPECT_THAT(error_of("scenario: s\nparameters: {a.b: {values: []}}\n"),
              HasSubstr("must be a non-empty list"));
  EXPECT_THAT(error_of("scenario: s\nparameters: {a..b: [1]}\n"),
              HasSubstr("'a..b' is not a --set path"));
  EXPECT_THAT(error_of("scenario: [\n"),
              HasSubstr("s.yaml:2:1: invalid YAML: end of sequence flow not found"));
  EXPECT_THAT(error_of("- a\n- b\n"), HasSubstr("a sweep file must be a mapping, got a list"));
  EXPECT_THAT(error_of("scenario: s\nscenario: t\n"), HasSubstr("duplicate key 'scenario'"));
  EXPECT_THAT(error_of("scenario: s\nset: [\"=3\"]\n"),
              HasSubstr("'=3' is not a path=value override"));
  // Quoted numbers are strings: a string parameter.
  EXPECT_EQ(load("scenario: s\nparameters: {a.b: [\"1\", 2]}\n").parameters[0].strings.size(), 2u);
}

TEST(SweepFile, RefusesHugeFiles) {
  const std::string huge(SweepLimits::max_file_bytes + 1, ' ');
  EXPECT_THAT(error_of(huge),
              HasSubstr("the sweep file is 1048577 bytes (expected at most 1048576 bytes)"));
}

TEST(SweepFile, ShortcutIsASweepFile) {
  const std::string yaml = shortcut_sweep_yaml("sirte-2016", 8, {"factions.ISIS.fighters=3000"}, 5);
  const SweepSpec spec = load(yaml);
  EXPECT_EQ(spec.scenario, "sirte-2016");
  EXPECT_EQ(spec.replicates, 8u);
  EXPECT_EQ(*spec.seed, 5u);
  EXPECT_THAT(spec.overrides, ::testing::ElementsAre("factions.ISIS.fighters=3000"));
}

}  // namespace
}  // namespace frontline
