#include <gtest/gtest.h>

#include "frontline/core/error.hpp"
#include "frontline/engine/model.hpp"
#include "frontline/engine/simulation.hpp"
#include "spec_builder.hpp"
#include "two_sides.hpp"

namespace frontline {
namespace {

using testing::SpecBuilder;

SpecBuilder two_towns() {
  auto b = testing::two_sides({.start = "2016-05-05",
                               .days = 10,
                               .places = {{"a", NodeKind::town, 1000}, {"b", NodeKind::town, 500}},
                               .roads = {{"a", "b", 100}},
                               .red_holds = {"a"},
                               .blue_holds = {"b"},
                               .red_home = {"a"},
                               .blue_home = {"b"}});
  b.unit("red", "r1", "a", 100);
  b.unit("blue", "b1", "b", 100);
  return b;
}

TEST(BuildModel, ResolvesIdsToIndices) {
  auto b = two_towns();
  b.relation("red", "blue", Relation::ceasefire);
  const auto model = build_model(b.build());
  EXPECT_EQ(model->world.node_count(), 2u);
  EXPECT_EQ(model->factions.size(), 2u);
  EXPECT_EQ(model->factions[0].home, std::vector<NodeIndex>{0});
  // Two units, each with a garrison slot (free to attack: order hold).
  EXPECT_EQ(model->initial.units.size(), 4u);
  EXPECT_EQ(model->initial.units.node[1], 1);
  EXPECT_EQ(model->initial.units.detachment[0], 2);
  EXPECT_EQ(model->initial.units.active[2], 0);
  EXPECT_EQ(model->initial.nodes.controller[0], 0);
  EXPECT_EQ(model->initial.nodes.controller[1], 1);
  EXPECT_EQ(model->initial.relation(0, 1), Relation::ceasefire);
  EXPECT_EQ(model->initial.relation(0, 0), Relation::allied);
  EXPECT_DOUBLE_EQ(model->initial.nodes.population[0], 1000.0);
}

TEST(BuildModel, ExpandsRepeatingEventsIntoTheirSteps) {
  auto b = two_towns();
  auto& strike = b.event("strikes", "2016-05-06", EventKind::parameter, "");
  strike.every_hours = 24;
  strike.until = testing::date("2016-05-09");
  strike.parameter = "combat.aimed_kill_rate";
  strike.value = 0.05;
  b.event("late", "2016-05-20", EventKind::halt, "red");  // after the end: never applies
  const auto model = build_model(b.build());
  ASSERT_EQ(model->events.size(), 4u);  // 6, 7, 8 and 9 May
  EXPECT_EQ(model->events[0].step, 1);
  EXPECT_EQ(model->events[3].step, 4);
  EXPECT_EQ(model->events_of_step(0).size(), 0u);
  EXPECT_EQ(model->events_of_step(2).size(), 1u);
  EXPECT_EQ(model->events_of_step(9).size(), 0u);
}

TEST(BuildModel, SubDailyRepeatsFallInTheirSteps) {
  auto b = two_towns();
  b.raw().calendar.step_hours = 12;
  auto& strike = b.event("strikes", "2016-05-06", EventKind::parameter, "");
  strike.every_hours = 6;
  strike.until = testing::date("2016-05-06");
  strike.parameter = "combat.aimed_kill_rate";
  strike.value = 0.05;
  const auto model = build_model(b.build());
  ASSERT_EQ(model->events.size(), 4u);  // 00, 06, 12, 18 h
  EXPECT_EQ(model->events_of_step(2).size(), 2u);
  EXPECT_EQ(model->events_of_step(3).size(), 2u);
}

TEST(BuildModel, ReinforcementsGetAUnitSlotThatStartsInactive) {
  auto b = two_towns();
  auto& e = b.event("fresh", "2016-05-07", EventKind::reinforcement, "red");
  e.node = "a";
  e.fighters = 50;
  e.unit = "r2";
  const auto model = build_model(b.build());
  ASSERT_EQ(model->initial.units.size(), 6u);  // three units, three garrison slots
  EXPECT_EQ(model->unit_ids[2], "r2");
  EXPECT_EQ(model->unit_ids[5], "r2/garrison");
  EXPECT_EQ(model->initial.units.active[2], 0);
  EXPECT_EQ(model->events[0].unit, 2);
}

TEST(BuildModel, ReportsEveryUnknownIdAtOnce) {
  auto b = two_towns();
  b.unit("red", "lost", "nowhere", 10);
  b.event("bad", "2016-05-06", EventKind::campaign, "green").aim = "c";
  try {
    build_model(b.build());
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    const std::string text = error.what();
    EXPECT_NE(text.find("unit 'lost': unknown node 'nowhere'"), std::string::npos) << text;
    EXPECT_NE(text.find("event 'bad': unknown faction 'green'"), std::string::npos) << text;
    EXPECT_NE(text.find("event 'bad': unknown node 'c'"), std::string::npos) << text;
  }
}

}  // namespace
}  // namespace frontline
