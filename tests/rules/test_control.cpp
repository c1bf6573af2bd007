#include <gtest/gtest.h>

#include "support.hpp"
#include "two_sides.hpp"

namespace frontline {
namespace {

using testing::node_of;
using testing::SpecBuilder;

SpecBuilder town_held_by_blue(double red, double blue) {
  auto b = testing::two_sides({.days = 6,
                               .places = {"town"},
                               .roads = {{"red_home", "town", 40}},
                               .red_holds = {"red_home"},
                               .blue_holds = {"town"},
                               .red_home = {"red_home"},
                               .blue_home = {"town"}});
  b.unit("red", "r", "town", red);
  if (blue > 0) b.unit("blue", "b", "town", blue);
  b.parameters().capture_hold_days = 3;
  b.parameters().collapse_ratio = 0.1;
  b.parameters().min_presence = 20;
  return b;
}

TEST(Control, ChangesAfterTheHoldTime) {
  const RunRecord r = run_scenario(town_held_by_blue(100, 0).build(), 1, 0);
  const auto town = node_of(r, "town");
  EXPECT_EQ(r.control[r.tn(2, town)], 1);
  EXPECT_EQ(r.control[r.tn(3, town)], 0);
  EXPECT_EQ(testing::count_events(r, EventRecordKind::capture), 1);
  EXPECT_EQ(r.events[0].kind, EventRecordKind::capture);
  EXPECT_EQ(r.events[0].actor, 0);
  EXPECT_EQ(r.events[0].other, 1);
  EXPECT_EQ(r.events[0].time_index, 2);
}

TEST(Control, ChangesAtOnceWhenTheDefenceCollapses) {
  // 150 defenders, still present after a day's losses, are under a tenth of 3000.
  auto b = town_held_by_blue(3000, 150);
  b.parameters().aimed_kill_rate = 0.01;
  const RunRecord r = run_scenario(b.build(), 1, 0);
  const auto town = node_of(r, "town");
  EXPECT_EQ(r.control[r.tn(1, town)], 0);
}

TEST(Control, AFortifiedCityDoesNotCollapseWhereOpenGroundWould) {
  // The same 150 in a fortified city count with their posture: 150 x 1.5
  // (urban) x 1.6 (fortification) x 1.3 (hasty defence) = 468 is not under a
  // tenth of 3000, so they fight on; in the open (posture 1.3) 195 would be.
  auto b = town_held_by_blue(3000, 150);
  b.parameters().aimed_kill_rate = 0.01;
  b.raw().map.nodes[0].urban = 1.5;
  b.raw().map.nodes[0].fortification = 1.6;
  const RunRecord r = run_scenario(b.build(), 1, 0);
  const auto town = node_of(r, "town");
  EXPECT_EQ(r.control[r.tn(1, town)], 1);
  EXPECT_EQ(r.contested[r.tn(1, town)], 1);
}

TEST(Control, IsContestedWhileBothSidesStandThere) {
  const RunRecord r = run_scenario(town_held_by_blue(1000, 500).build(), 1, 0);
  const auto town = node_of(r, "town");
  EXPECT_EQ(r.control[r.tn(1, town)], 1);
  EXPECT_EQ(r.contested[r.tn(1, town)], 1);
}

TEST(Control, TooFewFightersDoNotCount) {
  const RunRecord r = run_scenario(town_held_by_blue(10, 0).build(), 1, 0);
  const auto town = node_of(r, "town");
  EXPECT_EQ(r.control[r.tn(r.time_points - 1, town)], 1);
}

TEST(Control, ANodeNobodyStandsAtKeepsItsController) {
  auto b = town_held_by_blue(100, 0);
  b.raw().factions[0].units[0].at = "red_home";
  b.raw().factions[0].units[0].order = Order::garrison;  // it stays home
  const RunRecord r = run_scenario(b.build(), 1, 0);
  const auto town = node_of(r, "town");
  for (int t = 0; t < r.time_points; ++t) EXPECT_EQ(r.control[r.tn(t, town)], 1);
}

}  // namespace
}  // namespace frontline
