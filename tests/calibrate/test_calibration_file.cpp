// The calibration file: what it accepts, and located errors for what it refuses.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "frontline/calibrate/calibration_file.hpp"

namespace frontline {
namespace {

std::string errors_of(const std::string& text) {
  try {
    load_calibration_text(text, "c.yaml", ".");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

const char* kGood = R"(scenario: sirte-2016
method: history-matching
budget: 400
particles: 40
replicates: 2
parameters:
  parameters.combat.aimed_kill_rate: {prior: log-uniform, min: 0.01, max: 0.3, name: aimed}
  factions.ISIS.fighters: {prior: normal, mean: 2500, sd: 500, min: 500, integer: true}
  x.y: {prior: normal, mean: 0, sd: 1}
targets:
  gna_port_0611:
  gna_killed_0611: {value: 150, tolerance: 30}
  centre_falls:
    metric: capture_day
    faction: GNA
    node: sirte
    date: 2016-12-06
    tolerance: 14
  no_raid:
    metric: capture_day
    faction: ISIS
    node: es_sider
    never: true
)";

TEST(CalibrationFile, ReadsEveryForm) {
  const CalibrationSpec spec = load_calibration_text(kGood, "c.yaml", ".");
  EXPECT_EQ(spec.method, CalibrationMethod::history_matching);
  EXPECT_EQ(spec.budget, 400u);
  EXPECT_EQ(spec.replicates, 2u);
  ASSERT_EQ(spec.parameters.size(), 3u);
  EXPECT_EQ(spec.parameters[0].name, "aimed");
  EXPECT_EQ(spec.parameters[0].prior.kind, PriorKind::log_uniform);
  EXPECT_EQ(spec.parameters[1].prior.kind, PriorKind::truncated_normal);
  EXPECT_EQ(spec.parameters[1].prior.min, 500);
  EXPECT_TRUE(std::isinf(spec.parameters[1].prior.max));
  EXPECT_TRUE(spec.parameters[1].integer);
  EXPECT_EQ(spec.parameters[2].prior.kind, PriorKind::normal);
  EXPECT_EQ(spec.parameters[2].name, "x_y");
  ASSERT_EQ(spec.targets.size(), 4u);
  EXPECT_TRUE(spec.targets[0].added_yaml.empty());
  EXPECT_EQ(*spec.targets[1].value, 150);
  EXPECT_EQ(spec.targets[2].added_yaml,
            "metric: capture_day, faction: GNA, node: sirte, text: \"calibration target "
            "centre_falls\"");
  EXPECT_TRUE(spec.targets[2].date.has_value());
  EXPECT_TRUE(spec.targets[3].never);
}

TEST(CalibrationFile, EmptyPriorIsLocated) {
  const auto e = errors_of(
      "scenario: s\nbudget: 10\nparticles: 5\nparameters:\n  a.b: {prior: uniform, min: 2, max: "
      "2}\n");
  EXPECT_NE(e.find("c.yaml:5:"), std::string::npos) << e;
  EXPECT_NE(e.find("empty prior"), std::string::npos) << e;
}

TEST(CalibrationFile, EmptyTruncatedNormalIsRefused) {
  const auto e = errors_of(
      "scenario: s\nbudget: 10\nparticles: 5\nparameters:\n  a.b: {prior: normal, mean: 0, sd: "
      "1, min: 100, max: 101}\n");
  EXPECT_NE(e.find("empty prior"), std::string::npos) << e;
}

TEST(CalibrationFile, ZeroBudgetIsLocated) {
  const auto e =
      errors_of("scenario: s\nbudget: 0\nparameters:\n  a.b: {prior: uniform, min: 0, max: 1}\n");
  EXPECT_NE(e.find("c.yaml:2:9: budget is 0"), std::string::npos) << e;
}

TEST(CalibrationFile, BudgetBelowOneWaveIsRefused) {
  const auto e = errors_of(
      "scenario: s\nbudget: 10\nparticles: 20\nparameters:\n  a.b: {prior: uniform, min: 0, max: "
      "1}\n");
  EXPECT_NE(e.find("less than one wave"), std::string::npos) << e;
}

TEST(CalibrationFile, MisspeltKeysAndMissingPieces) {
  const auto e = errors_of(
      "scenario: s\nbudgte: 10\nparameters:\n  a.b: {prior: uniform, min: 0}\ntargets:\n  t: "
      "{value: 3}\n  u: {metric: capture_day, faction: A, node: b}\n");
  EXPECT_NE(e.find("budgte"), std::string::npos) << e;
  EXPECT_NE(e.find("missing required key 'budget'"), std::string::npos) << e;
  EXPECT_NE(e.find("'max'"), std::string::npos) << e;
  EXPECT_NE(e.find("tolerance"), std::string::npos) << e;
  EXPECT_NE(e.find("states no form"), std::string::npos) << e;
}

TEST(CalibrationFile, SetOverridesAreKeptAndBadOnesLocated) {
  const std::string head = "scenario: s\nbudget: 10\nparticles: 5\n";
  const std::string parameters = "parameters:\n  a.b: {prior: uniform, min: 0, max: 1}\n";
  const auto spec = load_calibration_text(
      head + "set: [factions.ISIS.fighters=3000, a=b=c]\n" + parameters, "c.yaml", ".");
  ASSERT_EQ(spec.overrides.size(), 2u);
  EXPECT_EQ(spec.overrides[1], "a=b=c");
  const auto e = errors_of(head + "set:\n  - a.b=1\n  - fighters\n" + parameters);
  EXPECT_NE(e.find("c.yaml:6:5: 'fighters' is not a path=value override"), std::string::npos) << e;
}

}  // namespace
}  // namespace frontline
