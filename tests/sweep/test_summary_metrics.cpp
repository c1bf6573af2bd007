#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "frontline/metrics/summary.hpp"

namespace frontline {
namespace {

using ::testing::ElementsAre;

// Two factions, three nodes, four daily records; values set by hand.
RunRecord small_record() {
  RunRecord r;
  r.start_date = "2016-05-05";
  r.step_hours = 24;
  r.nodes = {{"a", "A", "town"}, {"b", "B", "oil_field"}, {"c", "C", "port"}};
  r.factions = {{"GNA", "GNA", "#ff0000"}, {"ISIS", "ISIS", "#000000"}};
  r.allocate(4);
  for (int t = 0; t < 4; ++t) r.time_days[t] = t;
  const std::int8_t control[4][3] = {{0, 1, 1}, {0, 1, 1}, {0, 0, 1}, {0, 0, -1}};
  for (int t = 0; t < 4; ++t)
    for (int n = 0; n < 3; ++n) r.control[r.tn(t, n)] = control[t][n];
  r.besieged[r.tn(1, 2)] = r.besieged[r.tn(2, 2)] = 1;
  r.killed[r.tf(3, 0)] = 12;
  r.killed[r.tf(3, 1)] = 30;
  r.wounded[r.tf(3, 0)] = 48;
  r.displaced[r.tn(1, 0)] = 100;
  r.displaced[r.tn(2, 0)] = 150;
  r.displaced[r.tn(2, 2)] = 75;
  r.displaced[r.tn(3, 0)] = 20;
  r.oil_output[r.tn(0, 1)] = 1000;
  r.oil_output[r.tn(3, 1)] = 250;
  r.oil_loss = {0, 10, 20, 35};
  r.strength[r.tfn(3, 0, 0)] = 300;
  r.strength[r.tfn(3, 0, 1)] = 200;
  return r;
}

std::vector<double> values(const std::string& name, const RunRecord& r) {
  const SummaryMetric* metric = find_summary_metric(name);
  EXPECT_NE(metric, nullptr) << name;
  return metric ? summary_values(*metric, r, {}) : std::vector<double>{};
}

TEST(SummaryMetrics, HandComputedValues) {
  const RunRecord r = small_record();
  const auto capture = values("capture_day", r);  // [faction][node]
  ASSERT_EQ(capture.size(), 6u);
  EXPECT_EQ(capture[0], 0);             // GNA holds a from the start
  EXPECT_EQ(capture[1], 2);             // GNA takes b on day 2
  EXPECT_TRUE(std::isnan(capture[2]));  // never c
  EXPECT_TRUE(std::isnan(capture[3]));  // ISIS never holds a
  EXPECT_EQ(capture[4], 0);
  EXPECT_THAT(values("final_control", r), ElementsAre(0, 0, -1));
  EXPECT_THAT(values("killed", r), ElementsAre(12, 30));
  EXPECT_THAT(values("wounded", r), ElementsAre(48, 0));
  EXPECT_THAT(values("oil_loss", r), ElementsAre(35));
  EXPECT_THAT(values("peak_displaced", r), ElementsAre(225));
  EXPECT_THAT(values("final_displaced", r), ElementsAre(20));
  EXPECT_THAT(values("besieged_days", r), ElementsAre(0, 0, 2));
  EXPECT_THAT(values("min_oil_output", r), ElementsAre(0));
  EXPECT_THAT(values("final_strength", r), ElementsAre(500, 0));
}

TEST(SummaryMetrics, TargetsAreEvaluatedLikeCheck) {
  const RunRecord r = small_record();
  TargetSpec holds;
  holds.id = "b-by-day-3";
  holds.metric = TargetMetric::controls;
  holds.faction = "GNA";
  holds.node = "b";
  holds.min = 1;
  TargetSpec killed;
  killed.id = "isis-killed";
  killed.metric = TargetMetric::killed;
  killed.faction = "ISIS";
  killed.max = 20;
  const std::vector<TargetSpec> targets = {holds, killed};
  EXPECT_THAT(summary_values(*find_summary_metric("target_value"), r, targets), ElementsAre(1, 30));
  EXPECT_THAT(summary_values(*find_summary_metric("target_met"), r, targets), ElementsAre(1, 0));
}

TEST(SummaryMetrics, CatalogueNamesAndTimeSeries) {
  EXPECT_EQ(find_summary_metric("nonsense"), nullptr);
  EXPECT_EQ(find_summary_metric("control"), nullptr);  // a time series, not a summary
  const RunRecord r = small_record();
  for (const auto& m : summary_metrics()) {
    std::size_t expected = 1;
    for (const auto axis : m.axes)
      expected *= axis == SummaryAxis::faction ? 2
                  : axis == SummaryAxis::node  ? 3
                  : axis == SummaryAxis::time  ? 4
                                               : 0;
    EXPECT_EQ(summary_values(m, r, {}).size(), expected) << m.name;
  }
}

}  // namespace
}  // namespace frontline
