#include <gtest/gtest.h>

#include <algorithm>

#include "frontline/rules/decisions.hpp"
#include "support.hpp"

namespace frontline {
namespace {

using testing::node_of;
using testing::SpecBuilder;

// Red stands at `stage`, next to blue's `target` held by 100 fighters, and
// opens an offensive on it on the first day.
SpecBuilder assault(double red_fighters, Relation relation = Relation::war) {
  SpecBuilder b("2016-01-01", 4);
  b.node("stage");
  b.node("target", NodeKind::city, 50000);
  b.edge("stage", "target", 10);
  b.faction("red").supply.home = {"stage"};
  b.faction("blue").supply.home = {"target"};
  b.relation("red", "blue", relation);
  b.control("stage", "red");
  b.control("target", "blue");
  b.unit("red", "r", "stage", red_fighters);
  b.unit("blue", "b", "target", 100, 0, Order::garrison);
  b.event("go", "2016-01-01", EventKind::offensive, "red").target = "target";
  return b;
}

// Dupuy: an attack succeeds reliably at about 3:1, never at 1:1.
TEST(Decisions, AttacksOnlyAboveTheDoctrinesForceRatio) {
  testing::Stepper weak(assault(250).build());  // 2.5:1 < 3
  weak.step(3);
  EXPECT_EQ(weak.state().units.node[weak.unit("r")], weak.node("stage"));
  EXPECT_EQ(weak.state().units.order[weak.unit("r")], Order::advance);
  testing::Stepper strong(assault(400).build());  // 4:1
  strong.step();
  EXPECT_EQ(strong.state().units.node[strong.unit("r")], strong.node("target"));
}

TEST(Decisions, NoOffensiveStartsUnderACeasefire) {
  auto b = assault(1000, Relation::ceasefire);
  b.raw().factions[0].doctrine.aggression = 1.0;  // and none of its own choosing
  for (auto& f : b.raw().factions) f.doctrine.ceasefire_discipline = 1.0;  // no shelling either
  const RunRecord r = run_scenario(b.build(), 1, 0);
  const auto stage = node_of(r, "stage");
  const auto target = node_of(r, "target");
  for (int t = 0; t < r.time_points; ++t) {
    EXPECT_FLOAT_EQ(r.strength[r.tfn(t, 0, stage)], 1000.0f) << t;
    EXPECT_EQ(r.control[r.tn(t, target)], 1);
  }
  EXPECT_EQ(r.killed[r.tf(r.time_points - 1, 0)], 0.0);
}

TEST(Decisions, ObjectiveValueCountsPeoplePortsOilAndRoads) {
  Parameters p;
  NodeProperties node;
  node.population = 200000;
  node.kind = NodeKind::port;
  node.oil_capacity_bpd = 100000;
  node.road_degree = 3;
  EXPECT_DOUBLE_EQ(objective_value(node, p), 2.0 + 0.5 + 1.0 + 0.9);
}

// With aggression, a commander picks the valuable city over the empty
// junction at the same distance, and takes it.
TEST(Decisions, CommandersPickObjectivesByValueAgainstCost) {
  SpecBuilder b("2016-01-01", 6);
  b.node("base");
  b.node("city", NodeKind::city, 300000);
  b.node("junction", NodeKind::junction);
  b.edge("base", "city", 50);
  b.edge("base", "junction", 50);
  auto& red = b.faction("red");
  red.supply.home = {"base"};
  red.doctrine.aggression = 1.0;
  b.faction("blue");
  b.control("base", "red");
  b.control("city", "blue");
  b.control("junction", "blue");
  b.unit("red", "r", "base", 500);
  b.parameters().max_objectives = 1;
  testing::Stepper run(b.build());
  run.step();
  EXPECT_EQ(run.state().commanders[0].objectives, std::vector<NodeIndex>{run.node("city")});
  EXPECT_EQ(run.state().units.target[run.unit("r")], run.node("city"));
  run.step(2);
  EXPECT_EQ(run.state().nodes.controller[static_cast<std::size_t>(run.node("city"))], 0);
}

// Decide, then apply: listing the units in another order changes nothing.
TEST(Decisions, UnitOrderNeverChangesTheResult) {
  SpecBuilder b("2016-01-01", 20);
  for (const char* n : {"w", "x", "y", "z"}) b.node(n, NodeKind::town, 10000);
  b.edge("w", "x", 60);
  b.edge("x", "y", 60);
  b.edge("y", "z", 60);
  auto& red = b.faction("red");
  red.supply.home = {"w"};
  red.doctrine.aggression = 1.0;
  auto& blue = b.faction("blue");
  blue.supply.home = {"z"};
  blue.doctrine.aggression = 1.0;
  b.control("w", "red");
  b.control("x", "red");
  b.control("y", "blue");
  b.control("z", "blue");
  b.unit("red", "r1", "w", 300, 10);
  b.unit("red", "r2", "x", 500, 20);
  b.unit("red", "r3", "x", 200, 5, Order::advance, "y");
  b.unit("blue", "b1", "y", 150, 5);
  b.unit("blue", "b2", "z", 250, 10);
  b.parameters().min_presence = 5;
  const ScenarioSpec forward = b.build();
  ScenarioSpec backward = forward;
  for (auto& f : backward.factions) std::reverse(f.units.begin(), f.units.end());
  std::swap(backward.factions[0].units[0], backward.factions[0].units[1]);
  const RunRecord a = run_scenario(forward, 5, 0);
  const RunRecord c = run_scenario(backward, 5, 0);
  EXPECT_EQ(a.control, c.control);
  ASSERT_EQ(a.strength.size(), c.strength.size());
  for (std::size_t i = 0; i < a.strength.size(); ++i)
    EXPECT_NEAR(a.strength[i], c.strength[i], 1e-3 * (1.0 + a.strength[i])) << i;
  for (std::size_t i = 0; i < a.killed.size(); ++i) EXPECT_NEAR(a.killed[i], c.killed[i], 1e-6);
  EXPECT_GT(a.killed.back() + a.killed[a.killed.size() - 2], 0.0);  // they did fight
}

}  // namespace
}  // namespace frontline
