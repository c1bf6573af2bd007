#include <gtest/gtest.h>

#include "support.hpp"

namespace frontline {
namespace {

using testing::node_of;
using testing::SpecBuilder;

SpecBuilder quiet_front() {
  SpecBuilder b("2016-01-01", 10);
  b.node("red_town");
  b.node("blue_town");
  b.edge("red_town", "blue_town", 100);
  b.faction("red").supply.home = {"red_town"};
  b.faction("blue").supply.home = {"blue_town"};
  b.control("red_town", "red");
  b.control("blue_town", "blue");
  b.unit("blue", "b", "blue_town", 1000, 0, Order::garrison);
  return b;
}

// Sorties x kills per sortie, drawn as a Poisson number.
TEST(Events, AirstrikesKillAboutSortiesTimesKillsPerSortie) {
  auto b = quiet_front();
  auto& strike = b.event("strikes", "2016-01-01", EventKind::airstrike, "red");
  strike.node = "blue_town";
  strike.other = "blue";
  strike.sorties = 5;
  strike.every_hours = 24;
  strike.until = testing::date("2016-01-10");
  b.parameters().airstrike_kills_per_sortie = 2;
  const RunRecord r = run_scenario(b.build(), 4, 0);
  EXPECT_EQ(testing::count_events(r, EventRecordKind::airstrike), 10);
  const int T = r.time_points - 1;
  const double lost = r.killed[r.tf(T, 1)] + r.wounded[r.tf(T, 1)];
  EXPECT_NEAR(lost, 100.0, 4 * 10.0);  // Poisson(100)
  EXPECT_NEAR(r.strength[r.tfn(T, 1, node_of(r, "blue_town"))], 1000.0 - lost, 1e-3);
}

TEST(Events, ReinforcementsArriveOnTheirDay) {
  auto b = quiet_front();
  auto& e = b.event("fresh", "2016-01-04", EventKind::reinforcement, "red");
  e.node = "red_town";
  e.fighters = 300;
  e.vehicles = 10;
  e.unit = "fresh-brigade";
  const RunRecord r = run_scenario(b.build(), 1, 0, true);
  const auto town = node_of(r, "red_town");
  EXPECT_FLOAT_EQ(r.strength[r.tfn(3, 0, town)], 0.0f);
  EXPECT_FLOAT_EQ(r.strength[r.tfn(4, 0, town)], 300.0f);
  EXPECT_EQ(r.agents.unit_id.back(), "fresh-brigade");
  EXPECT_EQ(testing::count_events(r, EventRecordKind::reinforcement), 1);
}

TEST(Events, ParameterChangesAndRelationsTakeEffect) {
  auto b = quiet_front();
  auto& p = b.event("price", "2016-01-03", EventKind::parameter);
  p.parameter = "movement.road_speed_km_per_day";
  p.value = 10;
  auto& rel = b.event("allies", "2016-01-03", EventKind::relation, "red");
  rel.other = "blue";
  rel.relation = Relation::allied;
  testing::Stepper run(b.build());
  run.step(3);
  EXPECT_DOUBLE_EQ(run.state().parameters.road_speed_km_per_day, 10.0);
  EXPECT_EQ(run.state().relation(0, 1), Relation::allied);
  EXPECT_EQ(testing::count_events(run.record(), EventRecordKind::parameter_change), 1);
  EXPECT_EQ(testing::count_events(run.record(), EventRecordKind::relation_change), 1);
}

// A unit on the road when the halt comes finishes its edge, then holds.
TEST(Events, AHaltStopsAdvancingUnits) {
  auto b = quiet_front();
  b.node("middle");
  b.node("beyond");
  b.edge("red_town", "middle", 300);
  b.edge("middle", "beyond", 300);
  b.control("middle", "red");
  b.control("beyond", "red");
  b.unit("red", "r", "red_town", 100, 0, Order::advance, "beyond");
  b.event("stop", "2016-01-03", EventKind::halt, "red");
  testing::Stepper run(b.build());
  run.step(2);
  const std::size_t u = run.unit("r");
  EXPECT_NEAR(run.state().units.progress_km[u], 240.0, 1e-9);
  run.step();
  EXPECT_EQ(run.state().units.order[u], Order::hold);
  EXPECT_EQ(run.state().units.node[u], run.node("middle"));
  EXPECT_EQ(run.state().units.edge[u], kNoEdge);
  run.step(3);
  EXPECT_EQ(run.state().units.node[u], run.node("middle"));
}

}  // namespace
}  // namespace frontline
