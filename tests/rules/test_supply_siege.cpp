#include <gtest/gtest.h>

#include <cmath>

#include "frontline/rules/siege.hpp"
#include "frontline/rules/supply.hpp"
#include "support.hpp"
#include "two_sides.hpp"

namespace frontline {
namespace {

using testing::node_of;
using testing::SpecBuilder;

// home - middle - town, all red; blue stands in the middle from the start,
// town_km from the town (beyond combat.contact_range_km 15: a distant cordon).
// The town has people (a place with nothing to besiege is never besieged).
SpecBuilder cut_road(double hold_days, double town_km = 50) {
  auto b = testing::two_sides(
      {.days = 12,
       .places = {"home", "middle", {"town", NodeKind::town, 5000}},
       .roads = {{"home", "middle", 50}, {"middle", "town", town_km}, {"blue_home", "middle", 50}},
       .red_holds = {"home", "middle", "town"},
       .blue_holds = {"blue_home"},
       .red_home = {"home"},
       .blue_home = {"blue_home"}});
  b.node_ref("town").stocks_days = 30;
  b.unit("blue", "b", "middle", 100).order = Order::garrison;  // it stays in the middle
  b.parameters().capture_hold_days = hold_days;
  b.parameters().smuggling_leakage = 0.3;
  b.parameters().cordon_leakage = 0.9;
  return b;
}

TEST(Supply, ANodeIsBesiegedInTheVeryStepItsLastRoadIsCut) {
  // Blue's 100 stand in the middle, which only red holds: the road is
  // interdicted (100 hostile against none), so the town is cut off at once.
  const RunRecord r = run_scenario(cut_road(3).build(), 1, 0);
  const auto middle = node_of(r, "middle");
  const auto town = node_of(r, "town");
  EXPECT_EQ(r.control[r.tn(2, middle)], 0);
  for (int t = 0; t < r.time_points; ++t) EXPECT_EQ(r.besieged[r.tn(t, town)], 1) << t;
  EXPECT_EQ(r.control[r.tn(3, middle)], 1);  // then blue takes it
  // Cut off by a cordon 50 km away, stocks burn at 1 - cordon leakage = 0.1 days a day.
  for (int t = 1; t < r.time_points; ++t)
    EXPECT_NEAR(r.supply[r.tn(t - 1, town)] - r.supply[r.tn(t, town)], 0.1, 1e-5) << t;
  // One siege_begun, naming the holder and the besieger.
  ASSERT_EQ(testing::count_events(r, EventRecordKind::siege_begun), 1);
  for (const auto& e : r.events)
    if (e.kind == EventRecordKind::siege_begun) {
      EXPECT_EQ(e.node, static_cast<std::int32_t>(town));
      EXPECT_EQ(e.actor, 0);
      EXPECT_EQ(e.other, 1);
      EXPECT_EQ(e.time_index, 0);
    }
}

// home - middle - town, all red; blue's 100 hold a hill one road (30 km,
// beyond contact range) off the middle, not on the road itself.
SpecBuilder fire_from_next_door(double red_in_middle, double blue_reach_km = 100) {
  auto b = testing::two_sides({.days = 4,
                               .places = {"home", "middle", {"town", NodeKind::town, 5000}},
                               .roads = {{"home", "middle", 50},
                                         {"middle", "town", 50},
                                         {"middle", "hill", 30},
                                         {"blue_home", "hill", 50}},
                               .red_holds = {"home", "middle", "town"},
                               .blue_holds = {"hill", "blue_home"},
                               .red_home = {"home"},
                               .blue_home = {"blue_home"}});
  b.node_ref("town").stocks_days = 30;
  b.unit("blue", "b", "hill", 100).order = Order::garrison;
  if (red_in_middle > 0.0) b.unit("red", "picket", "middle", red_in_middle, 0, Order::garrison);
  b.faction_ref("blue").doctrine.reach_km = blue_reach_km;
  return b;
}

TEST(Supply, ForcesNextDoorInterdictARoadTheyDoNotStandOn) {
  // Nobody stands in the middle, but blue's 100 one road away count there
  // (100 hostile against no red): the road is interdicted and the town cut
  // off. 150 red in the middle outgun them (interdiction ratio 1): open.
  const RunRecord cut = run_scenario(fire_from_next_door(0).build(), 1, 0);
  const RunRecord held = run_scenario(fire_from_next_door(150).build(), 1, 0);
  const auto town = node_of(cut, "town");
  for (int t = 0; t < cut.time_points; ++t) {
    EXPECT_EQ(cut.besieged[cut.tn(t, town)], 1) << t;
    EXPECT_EQ(held.besieged[held.tn(t, town)], 0) << t;
  }
}

TEST(Supply, ForcesFartherThanTheirReachDoNotInterdict) {
  // The same hill 30 km off the middle: within blue's reach_km of 30 its 100
  // cut the road; with a reach of 29 km they do not reach the convoys through
  // the middle, and the town stays supplied (sirte-jufra-2020: the GNA at Abu
  // Grein, 320 km of desert road from Waddan, had cut Hun and Sabha off
  // from the LNA's supply for the whole war).
  const RunRecord within = run_scenario(fire_from_next_door(0, 30).build(), 1, 0);
  const RunRecord beyond = run_scenario(fire_from_next_door(0, 29).build(), 1, 0);
  const auto town = node_of(within, "town");
  for (int t = 0; t < within.time_points; ++t) {
    EXPECT_EQ(within.besieged[within.tn(t, town)], 1) << t;
    EXPECT_EQ(beyond.besieged[beyond.tn(t, town)], 0) << t;
  }
}

TEST(Siege, ACloseInvestmentLetsLessThroughThanADistantCordon) {
  // The same cut with blue 10 km from the town (within contact range): the
  // town is closely invested and burns 1 - smuggling leakage = 0.7 days a day;
  // at 50 km, 1 - cordon leakage = 0.1.
  const RunRecord close = run_scenario(cut_road(3, 10).build(), 1, 0);
  const RunRecord far = run_scenario(cut_road(3, 50).build(), 1, 0);
  const auto town = node_of(close, "town");
  EXPECT_NEAR(close.supply[close.tn(0, town)] - close.supply[close.tn(1, town)], 0.7, 1e-5);
  EXPECT_NEAR(far.supply[far.tn(0, town)] - far.supply[far.tn(1, town)], 0.1, 1e-5);
  EXPECT_EQ(close.besieged[close.tn(1, town)], 1);
  EXPECT_EQ(far.besieged[far.tn(1, town)], 1);
}

TEST(Supply, RedForcesOnTheRoadKeepItOpenUntilItIsTaken) {
  // 150 red fighters in the middle outgun blue's 100: the road stays open
  // (interdiction ratio 1) while the middle is red; blue never takes it here.
  auto b = cut_road(3);
  b.unit("red", "picket", "middle", 150);
  b.relation("red", "blue", Relation::neutral);  // no fight: only presence counts
  b.event("war", "2016-01-04", EventKind::relation, "red").other = "blue";
  const RunRecord r = run_scenario(b.build(), 1, 0);
  const auto town = node_of(r, "town");
  EXPECT_EQ(r.besieged[r.tn(1, town)], 0);           // neutral: no enemy, no siege
  EXPECT_NEAR(r.supply[r.tn(1, town)], 34.0, 1e-5);  // resupply 5 - consumption 1
  EXPECT_EQ(r.besieged[r.tn(4, town)], 0);           // at war, but 150 red against 100 blue
}

TEST(Supply, AnEmptyPlaceIsNeverBesieged) {
  // The same cut, but nobody lives in the town and red has no one there: an
  // empty place under the enemy's guns is not a siege. With a red garrison of
  // 50 it is.
  auto empty = cut_road(3);
  empty.raw().map.nodes[2].population = 0.0;
  const RunRecord r = run_scenario(empty.build(), 1, 0);
  const auto town = node_of(r, "town");
  for (int t = 0; t < r.time_points; ++t) EXPECT_EQ(r.besieged[r.tn(t, town)], 0) << t;
  auto held = cut_road(3);
  held.raw().map.nodes[2].population = 0.0;
  held.unit("red", "garrison", "town", 50, 0, Order::garrison);
  const RunRecord g = run_scenario(held.build(), 1, 0);
  EXPECT_EQ(g.besieged[g.tn(1, town)], 1);
}

TEST(Supply, NoEnemyNoSiege) {
  // The same cut road with blue neutral: blue's 100 in the middle cut nothing.
  auto b = cut_road(3);
  b.relation("red", "blue", Relation::neutral);
  const RunRecord r = run_scenario(b.build(), 1, 0);
  const auto town = node_of(r, "town");
  for (int t = 0; t < r.time_points; ++t) EXPECT_EQ(r.besieged[r.tn(t, town)], 0) << t;
  EXPECT_EQ(testing::count_events(r, EventRecordKind::siege_begun), 0);
}

TEST(Supply, AHomeRegionNodeCanItselfBeBesieged) {
  // Red's home region is home and town; blue's 300 next to the town outgun
  // its 100 and hold the road between, 10 km from each (within contact range:
  // the enemy at their gates): the town, a source of its own, is cut off from
  // every other source, and so is home, where people live.
  auto b = testing::two_sides({.days = 4,
                               .places = {{"home", NodeKind::town, 5000}},
                               .roads = {{"home", "middle", 10}, {"middle", "town", 10}},
                               .red_holds = {"home", "town"},
                               .blue_holds = {"middle"},
                               .red_home = {"home", "town"},
                               .blue_home = {"middle"}});
  b.node_ref("town").stocks_days = 30;
  b.unit("red", "garrison", "town", 100, 0, Order::garrison);
  b.unit("blue", "ring", "middle", 300, 0, Order::garrison);
  const RunRecord r = run_scenario(b.build(), 1, 0);
  EXPECT_EQ(r.besieged[r.tn(1, node_of(r, "town"))], 1);
  EXPECT_EQ(r.besieged[r.tn(1, node_of(r, "home"))], 1);  // cut off from the town too
}

TEST(Supply, BorderCrossingsAreSourcesToWhoeverNoEnemyKeepsFromThem) {
  // A faction with no home region draws on a crossing through neutral ground;
  // at war with the holder of that ground, it is besieged.
  SpecBuilder b("2016-01-01", 6);
  b.node("city").stocks_days = 30;
  b.node("road");
  b.node("crossing", NodeKind::border_crossing);
  b.edge("city", "road", 50);
  b.edge("road", "crossing", 50);
  b.faction("council");
  b.faction("army").supply.home = {"road"};
  b.control("city", "council");
  b.control("road", "army");
  b.unit("council", "c", "city", 100, 0, Order::garrison);
  b.relation("council", "army", Relation::neutral);
  b.event("war", "2016-01-04", EventKind::relation, "army").other = "council";
  const RunRecord r = run_scenario(b.build(), 1, 0);
  const auto city = node_of(r, "city");
  EXPECT_EQ(r.besieged[r.tn(3, city)], 0);
  EXPECT_NEAR(r.supply[r.tn(3, city)], 42.0, 1e-5);
  EXPECT_EQ(r.besieged[r.tn(4, city)], 1);
}

TEST(Supply, PowerFallsWithDistanceFromSupply) {
  Parameters p;  // range 500 km, min power 0.5
  EXPECT_DOUBLE_EQ(supply_distance_factor(0, p), 1.0);
  EXPECT_DOUBLE_EQ(supply_distance_factor(500, p), 1.0);
  EXPECT_DOUBLE_EQ(supply_distance_factor(750, p), 0.75);
  EXPECT_DOUBLE_EQ(supply_distance_factor(1000, p), 0.5);
  EXPECT_DOUBLE_EQ(supply_distance_factor(5000, p), 0.5);
  EXPECT_DOUBLE_EQ(supply_distance_factor(PathSearch::kUnreached, p), 0.5);
}

TEST(Supply, UnitsReplenishWhereSuppliedAndDrawDownElsewhere) {
  auto b = cut_road(3);
  b.unit("red", "r", "town", 50);
  testing::Stepper run(b.build());
  const std::size_t r = run.unit("r");
  // Cut off from the first step (blue interdicts the middle) at a town its
  // side holds: it lives on the town's stocks, which burn instead.
  const double town_stocks = run.state().nodes.stocks_days[run.node("town")];
  run.step();
  EXPECT_NEAR(run.state().units.supply_days[r], 30.0, 1e-9);
  run.step(3);
  EXPECT_NEAR(run.state().units.supply_days[r], 30.0, 1e-9);
  EXPECT_LT(run.state().nodes.stocks_days[run.node("town")], town_stocks);
  // With red's 150 holding the middle the road stays open: 30 + 5 - 1 a day.
  auto open = cut_road(3);
  open.unit("red", "r", "town", 50);
  open.unit("red", "picket", "middle", 150);
  testing::Stepper supplied(open.build());
  supplied.step();
  EXPECT_NEAR(supplied.state().units.supply_days[supplied.unit("r")], 34.0, 1e-9);
}

// A red airbase behind blue's ring, 10 km out (a blue picket stands there
// unless `ring_held` is false: within contact range, the enemy at its gates),
// its home 200 km beyond.
SpecBuilder airlifted(double flights, bool ring_held = true) {
  auto b = testing::two_sides({.days = 20,
                               .places = {{"base", NodeKind::airbase}},
                               .roads = {{"base", "ring", 10}, {"ring", "home", 200}},
                               .red_holds = {"base", "home"},
                               .blue_holds = {"ring"},
                               .red_home = {"home"}});
  b.node_ref("base").stocks_days = 10;
  b.faction_ref("red").supply.air_bridges.push_back({"bridge", "base", flights, 10.0, {}});
  b.unit("red", "garrison", "base", 100, 0, Order::garrison);
  if (ring_held) b.unit("blue", "picket", "ring", 50, 0, Order::garrison);
  b.parameters().smuggling_leakage = 0.3;  // the picket is in contact: a close investment
  b.parameters().probing_intensity = 0.0;  // (no fire across the road: stocks alone)
  return b;
}

TEST(Supply, AnAirliftKeepsACutOffNodesStocksUp) {
  // 2 flights x 10 t = 20 t/day for 100 fighters at 0.015 t/day: 13 days of
  // stock a day, capped at the resupply rate of 5; the base is still besieged
  // (blue holds the ring between it and home) and burns 1 - 0.3 a day: stocks
  // gain 4.3 a day.
  const RunRecord with = run_scenario(airlifted(2).build(), 1, 0);
  const RunRecord without = run_scenario(airlifted(0).build(), 1, 0);
  const auto base = node_of(with, "base");
  EXPECT_EQ(with.besieged[with.tn(5, base)], 1);
  EXPECT_NEAR(with.supply[with.tn(5, base)], 10.0 + 5 * 4.3, 1e-5);
  EXPECT_EQ(without.besieged[without.tn(5, base)], 1);
  EXPECT_NEAR(without.supply[without.tn(5, base)], 10.0 - 5 * 0.7, 1e-5);
}

// A pocket supplied by its own air bridge with nobody of the other side at
// its gates is an enclave, not a siege: supplied by air, its stocks gain the
// resupply rate less a day's use, 5 - 1 a day, up from 10 to 30 in 5 days.
TEST(Supply, AnAirSuppliedPocketWithNoEnemyAtItsGatesIsNoSiege) {
  const RunRecord r = run_scenario(airlifted(2, false).build(), 1, 0);
  const auto base = node_of(r, "base");
  EXPECT_EQ(r.besieged[r.tn(5, base)], 0);
  EXPECT_NEAR(r.supply[r.tn(5, base)], 10.0 + 5 * 4.0, 1e-5);
  // Without the bridge flying it is not a source: besieged, ring or not.
  const RunRecord cut = run_scenario(airlifted(0, false).build(), 1, 0);
  EXPECT_EQ(cut.besieged[cut.tn(5, base)], 1);
}

TEST(Supply, AThinAirliftSlowsTheDeclineOnly) {
  // 0.5 t/day for 100 fighters: a third of a day's stock per day.
  EXPECT_NEAR(air_days_per_day(0.5, 100, Parameters{}), 1.0 / 3.0, 1e-12);
  const RunRecord r = run_scenario(airlifted(0.05).build(), 1, 0);
  const auto base = node_of(r, "base");
  EXPECT_EQ(r.besieged[r.tn(3, base)], 1);
  EXPECT_NEAR(r.supply[r.tn(3, base)], 10.0 - 3 * (0.7 - 1.0 / 3.0), 1e-5);
}

SpecBuilder two_ports(bool sea) {
  auto b = testing::two_sides(
      {.days = 6,
       .places = {{"home_port", NodeKind::port}, {"far_port", NodeKind::port, 5000}},
       .roads = {{"home_port", "far_port", 300, EdgeKind::sea}, {"blue_home", "far_port", 10}},
       .red_holds = {"home_port", "far_port"},
       .blue_holds = {"blue_home"},
       .red_home = {"home_port"},
       .blue_home = {"blue_home"}});
  b.faction_ref("red").supply.sea = sea;
  b.parameters().smuggling_leakage = 0.3;  // blue's home 10 km off: a close investment
  b.parameters().cordon_leakage = 0.3;     // (and without blue forces there, a cordon)
  return b;
}

TEST(Supply, APortCutOffByLandIsBesiegedAndFedBySeaUntilAHostileWarshipIsOffIt) {
  // Blue's home stands on the only road between red's two ports, with blue
  // forces in it 10 km from the far port (within contact range: the enemy at
  // its gates): the far port is besieged by land from the start (a sea lane
  // lifts no siege), and the sea meets half its needs: 1 - 0.3 - 0.5 = 0.2 a
  // day; once a blue warship is off it, 1 - 0.3 = 0.7. With nobody at blue's
  // home the port, supplied by sea, is an enclave and no siege. Without the
  // road to red's home port it could never be reached by land, so nothing
  // besieges it.
  const auto with_road = [](bool ring) {
    auto b = two_ports(true);
    b.edge("home_port", "blue_home", 80);
    b.faction_ref("blue").doctrine.aggression = 0.0;
    if (ring) b.unit("blue", "ring", "blue_home", 100, 0, Order::garrison);
    b.event("ship", "2016-01-03", EventKind::naval_deployment, "blue").node = "far_port";
    return b.build();
  };
  const RunRecord enclave = run_scenario(with_road(false), 1, 0);
  EXPECT_EQ(enclave.besieged[enclave.tn(0, node_of(enclave, "far_port"))], 0);
  const RunRecord r = run_scenario(with_road(true), 1, 0);
  const auto far = node_of(r, "far_port");
  EXPECT_EQ(r.besieged[r.tn(0, far)], 1);
  EXPECT_NEAR(r.supply[r.tn(1, far)] - r.supply[r.tn(2, far)], 0.2, 1e-5);
  EXPECT_EQ(r.besieged[r.tn(3, far)], 1);
  EXPECT_NEAR(r.supply[r.tn(3, far)] - r.supply[r.tn(4, far)], 0.7, 1e-5);
  const RunRecord island = run_scenario(two_ports(true).build(), 1, 0);
  for (int t = 0; t < island.time_points; ++t) EXPECT_EQ(island.besieged[island.tn(t, far)], 0);
}

TEST(Supply, APortThatCannotUseTheSeaIsBesiegedByLandAndLeaksBySea) {
  // Red's home port is across the sea, which red does not use: the far port
  // is not besieged (no land route to any source could exist) and burns its
  // stocks at 1 - 0.3 a day; with the home port on its land, blue holding the
  // road besieges it, and the sea leaks in: 1 - 0.3 - 0.5 = 0.2 a day.
  const RunRecord island = run_scenario(two_ports(false).build(), 1, 0);
  const auto far = node_of(island, "far_port");
  EXPECT_EQ(island.besieged[island.tn(1, far)], 0);
  EXPECT_NEAR(island.supply[island.tn(1, far)] - island.supply[island.tn(2, far)], 0.7, 1e-5);
  auto b = two_ports(false);
  b.edge("home_port", "blue_home", 80);
  const RunRecord cut = run_scenario(b.build(), 1, 0);
  EXPECT_EQ(cut.besieged[cut.tn(0, far)], 1);
  EXPECT_NEAR(cut.supply[cut.tn(1, far)] - cut.supply[cut.tn(2, far)], 0.2, 1e-5);
}

TEST(Siege, HumanitarianIndexFollowsShortageAndFightingWithItsRelaxationTime) {
  Parameters p;
  EXPECT_DOUBLE_EQ(humanitarian_target(30, true, false, p), 0.0);
  EXPECT_DOUBLE_EQ(humanitarian_target(15, true, false, p), 0.35);
  EXPECT_DOUBLE_EQ(humanitarian_target(0, true, true, p), 1.0);
  EXPECT_DOUBLE_EQ(humanitarian_target(0, false, true, p), 0.3);

  auto b = airlifted(0);
  b.raw().map.nodes[0].stocks_days = 3;
  b.parameters().smuggling_leakage = 0.0;
  const RunRecord r = run_scenario(b.build(), 1, 0);
  const auto base = node_of(r, "base");
  // Stocks 3, 2, 1, 0, 0...; the index relaxes toward 0.7 (1 - stocks/30).
  const double keep = std::exp(-1.0 / 10.0);
  double h = 0.0;
  for (int t = 1; t < r.time_points; ++t) {
    const double stocks = std::max(0.0, 3.0 - t);
    h = h * keep + (1 - keep) * 0.7 * (1.0 - stocks / 30.0);
    EXPECT_NEAR(r.humanitarian[r.tn(t, base)], h, 1e-6) << t;
  }
}

TEST(Siege, AGarrisonWithoutStocksDecays) {
  auto b = airlifted(0);
  b.raw().map.nodes[0].stocks_days = 2;
  b.parameters().smuggling_leakage = 0.0;
  b.raw().factions[0].doctrine.cohesion = 0.5;
  const RunRecord r = run_scenario(b.build(), 1, 0);
  const auto base = node_of(r, "base");
  // Stocks run out during step 1; from then on 2% x (1 - 0.5) a day.
  EXPECT_FLOAT_EQ(r.strength[r.tfn(1, 0, base)], 100.0f);
  EXPECT_NEAR(r.strength[r.tfn(2, 0, base)], 99.0, 1e-4);
  EXPECT_NEAR(r.strength[r.tfn(10, 0, base)], 100.0 * std::pow(0.99, 9), 1e-3);
}

}  // namespace
}  // namespace frontline
