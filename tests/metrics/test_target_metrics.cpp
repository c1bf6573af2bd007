// Target metrics on a small hand-made run: where a front stood (held_days) and how
// often a place changed hands (event_count of captures at a node).
#include <gtest/gtest.h>

#include <cmath>

#include "frontline/metrics/metrics.hpp"

namespace frontline {
namespace {

// Two factions, two nodes, six daily records. Node "front" changes hands three
// times: REB takes it on day 1, LOY on day 3, REB on day 4; "rear" stays LOY's.
RunRecord front_record() {
  RunRecord r;
  r.start_date = "2011-03-01";
  r.step_hours = 24;
  r.nodes = {{"front", "Front", "town"}, {"rear", "Rear", "town"}};
  r.factions = {{"LOY", "LOY", "#00ff00"}, {"REB", "REB", "#ff0000"}};
  r.allocate(6);
  for (int t = 0; t < 6; ++t) r.time_days[static_cast<std::size_t>(t)] = t;
  const std::int8_t front[6] = {0, 1, 1, 0, 1, 1};
  for (int t = 0; t < 6; ++t) {
    r.control[r.tn(t, 0)] = front[t];
    r.control[r.tn(t, 1)] = 0;
  }
  // Captures are dated at the step before the new owner shows.
  r.events = {{0, EventRecordKind::capture, 0, 1, 0, 0, "REB takes Front"},
              {2, EventRecordKind::capture, 0, 0, 1, 0, "LOY takes Front"},
              {3, EventRecordKind::capture, 0, 1, 0, 0, "REB takes Front"},
              {4, EventRecordKind::airstrike, 1, 1, 0, 4, "strike on Rear"}};
  return r;
}

TargetSpec target(TargetMetric metric, const std::string& faction, const std::string& node) {
  TargetSpec t;
  t.id = "t";
  t.metric = metric;
  t.faction = faction;
  t.node = node;
  t.event = "capture";
  return t;
}

Days day(int d) { return *parse_date("2011-03-01") + std::chrono::days{d}; }

TEST(TargetMetrics, HeldDaysCountsTheDaysAFactionHoldsANode) {
  const RunRecord r = front_record();
  EXPECT_DOUBLE_EQ(held_days(r, 1, 0, 0, 5), 4.0);  // days 1, 2, 4, 5
  EXPECT_DOUBLE_EQ(held_days(r, 0, 0, 0, 5), 2.0);  // days 0, 3
  EXPECT_DOUBLE_EQ(held_days(r, 0, 1, 2, 4), 3.0);
  EXPECT_DOUBLE_EQ(held_days(r, 1, 1, 0, 5), 0.0);
  TargetSpec t = target(TargetMetric::held_days, "REB", "front");
  t.from = day(2);
  t.to = day(4);
  t.min = 2;
  EXPECT_DOUBLE_EQ(target_value(t, r), 2.0);  // days 2 and 4
  EXPECT_TRUE(evaluate_target(t, r).met);
}

TEST(TargetMetrics, HeldDaysScalesWithTheStep) {
  RunRecord r = front_record();
  r.step_hours = 12;
  EXPECT_DOUBLE_EQ(held_days(r, 1, 0, 0, 5), 2.0);
}

// A window is whole calendar days, whatever the step: with 12-hour records the
// days 1-2 of the front record are its records 2-5 (1 March 12:00 is record 1,
// before the window), REB holding 3 of them (2, 4, 5: 1.5 days) and LOY 1 (0.5
// day), and the captures dated in them are the two of records 2 and 3; with
// 2-day records day 3 alone lies in record 1's step (days 2-3), REB's: 1 day.
// Before, `to` took the first record of its day only (with 12-hour steps
// sirte-2016's "besieged on 11 June" counted half a day and missed its 1).
TEST(TargetMetrics, AWindowCountsTheSameDaysWhateverTheStep) {
  RunRecord half_days = front_record();
  half_days.step_hours = 12;
  TargetSpec held = target(TargetMetric::held_days, "REB", "front");
  held.from = day(1);
  held.to = day(2);
  EXPECT_DOUBLE_EQ(target_value(held, half_days), 1.5);
  held.faction = "LOY";
  EXPECT_DOUBLE_EQ(target_value(held, half_days), 0.5);
  TargetSpec captures = target(TargetMetric::event_count, "", "front");
  captures.from = day(1);
  captures.to = day(2);
  EXPECT_DOUBLE_EQ(target_value(captures, half_days), 2.0);

  RunRecord two_days = front_record();
  two_days.step_hours = 48;
  held.faction = "REB";
  held.from = day(3);
  held.to = day(3);
  EXPECT_DOUBLE_EQ(target_value(held, two_days), 1.0);

  // Daily records: each day its own record, as before.
  held.from = day(1);
  held.to = day(2);
  EXPECT_DOUBLE_EQ(target_value(held, front_record()), 2.0);

  // The state the run ends in stands for its last day: five 12-hour records
  // end on day 2 at 00:00, and "held on every day 0-2" is 3 days, as with
  // daily records (libya-2011-east's "the rebels hold Misrata on every day").
  RunRecord ends_at_midnight;
  ends_at_midnight.start_date = "2011-03-01";
  ends_at_midnight.step_hours = 12;
  ends_at_midnight.nodes = {{"front", "Front", "town"}};
  ends_at_midnight.factions = {{"LOY", "LOY", "#00ff00"}, {"REB", "REB", "#ff0000"}};
  ends_at_midnight.allocate(5);
  for (int t = 0; t < 5; ++t) ends_at_midnight.control[ends_at_midnight.tn(t, 0)] = 1;
  held.from = day(0);
  held.to = day(2);
  EXPECT_DOUBLE_EQ(target_value(held, ends_at_midnight), 3.0);
}

TEST(TargetMetrics, EventCountAtANodeCountsTheTimesItChangedHands) {
  const RunRecord r = front_record();
  EXPECT_EQ(event_count(r, "capture", -1, 0, 0, 5), 3);
  EXPECT_EQ(event_count(r, "capture", 1, 0, 0, 5), 2);
  EXPECT_EQ(event_count(r, "capture", 0, 0, 0, 5), 1);
  EXPECT_EQ(event_count(r, "capture", -1, 1, 0, 5), 0);
  EXPECT_EQ(event_count(r, "capture", 1, 0, 1, 5), 1);  // the window leaves out day 0
  EXPECT_EQ(event_count(r, "airstrike", -1, -1, 0, 5), 1);
  TargetSpec t = target(TargetMetric::event_count, "REB", "front");
  t.from = day(0);
  t.to = day(5);
  t.min = 2;
  EXPECT_DOUBLE_EQ(target_value(t, r), 2.0);
  t.node = "rear";
  EXPECT_DOUBLE_EQ(target_value(t, r), 0.0);
  t.node.clear();
  t.faction.clear();
  EXPECT_DOUBLE_EQ(target_value(t, r), 3.0);  // no node, no faction: every capture
}

TEST(TargetMetrics, UnknownIdsGiveNoValue) {
  const RunRecord r = front_record();
  EXPECT_TRUE(std::isnan(target_value(target(TargetMetric::held_days, "NATO", "front"), r)));
  EXPECT_TRUE(std::isnan(target_value(target(TargetMetric::held_days, "REB", "sirte"), r)));
  EXPECT_TRUE(std::isnan(target_value(target(TargetMetric::event_count, "REB", "sirte"), r)));
}

}  // namespace
}  // namespace frontline
