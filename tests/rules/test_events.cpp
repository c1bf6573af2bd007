#include <gtest/gtest.h>

#include <algorithm>

#include "support.hpp"
#include "two_sides.hpp"

namespace frontline {
namespace {

using testing::node_of;
using testing::SpecBuilder;

SpecBuilder quiet_front() {
  auto b = testing::two_sides({.days = 10,
                               .roads = {{"red_town", "blue_town", 100}},
                               .red_holds = {"red_town"},
                               .blue_holds = {"blue_town"},
                               .red_home = {"red_town"},
                               .blue_home = {"blue_town"}});
  b.unit("blue", "b", "blue_town", 1000, 0, Order::garrison);
  return b;
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
  const auto& ids = r.agents.unit_id;
  EXPECT_NE(std::find(ids.begin(), ids.end(), "fresh-brigade"), ids.end());
  // It arrives free to attack, so it has a garrison slot of its own.
  EXPECT_EQ(ids.back(), "fresh-brigade/garrison");
  EXPECT_EQ(testing::count_events(r, EventRecordKind::reinforcement), 1);
}

// A reinforcement bound for a node the enemy has taken arrives at the nearest
// node its side holds (by road km: 50 against 300), and says so; with no
// road to any node of its side it does not arrive at all.
TEST(Events, ReinforcementsForALostNodeArriveAtTheNearestOwnNode) {
  auto b =
      testing::two_sides({.days = 6,
                          .roads = {{"red_far", "blue_town", 300}, {"red_near", "blue_town", 50}},
                          .red_holds = {"red_far", "red_near"},
                          .blue_holds = {"blue_town", "islet"},
                          .red_home = {"red_far"},
                          .blue_home = {"blue_town"}});
  b.unit("blue", "b", "blue_town", 1000, 0, Order::garrison);
  auto& lost = b.event("lost", "2016-01-04", EventKind::reinforcement, "red");
  lost.node = "blue_town";
  lost.fighters = 300;
  lost.unit = "fresh-brigade";
  auto& cut_off = b.event("cut-off", "2016-01-04", EventKind::reinforcement, "red");
  cut_off.node = "islet";
  cut_off.fighters = 200;
  cut_off.unit = "island-brigade";
  const RunRecord r = run_scenario(b.build(), 1, 0, true);
  const auto near = node_of(r, "red_near");
  EXPECT_FLOAT_EQ(r.strength[r.tfn(4, 0, near)], 300.0f);
  EXPECT_FLOAT_EQ(r.strength[r.tfn(4, 0, node_of(r, "red_far"))], 0.0f);
  EXPECT_FLOAT_EQ(r.strength[r.tfn(4, 0, node_of(r, "blue_town"))], 0.0f);
  EXPECT_FLOAT_EQ(r.strength[r.tfn(4, 0, node_of(r, "islet"))], 0.0f);
  std::vector<const EventRecord*> arrivals;
  for (const auto& e : r.events)
    if (e.kind == EventRecordKind::reinforcement) arrivals.push_back(&e);
  ASSERT_EQ(arrivals.size(), 2U);
  EXPECT_EQ(arrivals[0]->node, static_cast<std::int32_t>(near));
  EXPECT_NE(arrivals[0]->text.find("at red_near: blue_town is held by blue"), std::string::npos)
      << arrivals[0]->text;
  EXPECT_DOUBLE_EQ(arrivals[1]->magnitude, 0.0);
  EXPECT_NE(arrivals[1]->text.find("not arrived"), std::string::npos) << arrivals[1]->text;
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

// A unit on the road when the halt comes finishes its edge, then holds; its
// advance is over.
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
  // The advance is over: it never goes on to where it was heading (the
  // commander may still send it back to the front as a reserve).
  for (int day = 0; day < 3; ++day) {
    run.step();
    EXPECT_NE(run.state().units.node[u], run.node("beyond"));
    EXPECT_NE(run.state().units.next_node[u], run.node("beyond"));
  }
}

// A unit named goes over with its fighters; a town named goes over with the
// units of the side it leaves that stand there.
TEST(Events, DefectionsChangeSides) {
  auto b = quiet_front();
  b.node("town");
  b.edge("blue_town", "town", 50);
  b.control("town", "blue");
  b.unit("blue", "b2", "town", 200, 5, Order::hold);
  b.unit("blue", "column", "blue_town", 300, 0, Order::hold);
  auto& unit = b.event("turn", "2016-01-03", EventKind::defection, "red");
  unit.other = "blue";
  unit.units = {"column"};
  auto& town = b.event("town-turns", "2016-01-05", EventKind::defection, "red");
  town.other = "blue";
  town.node = "town";
  b.relation("red", "blue", Relation::neutral);  // no fighting: only the defections
  testing::Stepper run(b.build());
  run.step(3);
  const auto& u = run.state().units;
  EXPECT_EQ(u.faction[run.unit("column")], 0);  // red
  EXPECT_EQ(u.fighters[run.unit("column")], 300.0);
  EXPECT_EQ(u.faction[run.unit("b2")], 1);
  EXPECT_EQ(run.state().nodes.controller[static_cast<std::size_t>(run.node("town"))], 1);
  run.step(2);
  EXPECT_EQ(u.faction[run.unit("b2")], 0);
  EXPECT_EQ(run.state().nodes.controller[static_cast<std::size_t>(run.node("town"))], 0);
  EXPECT_EQ(u.faction[run.unit("b")], 1);  // the garrison of blue_town stays
  const RunRecord& r = run.record();
  EXPECT_EQ(testing::count_events(r, EventRecordKind::defection), 2);
  EXPECT_EQ(testing::count_events(r, EventRecordKind::capture), 1);
  for (const auto& e : r.events)
    if (e.kind == EventRecordKind::defection && e.time_index == 4) {
      EXPECT_EQ(e.magnitude, 200.0);
    }
}

}  // namespace
}  // namespace frontline
