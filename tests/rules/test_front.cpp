#include <gtest/gtest.h>

#include "frontline/rules/front.hpp"
#include "support.hpp"

namespace frontline {
namespace {

using testing::SpecBuilder;

// Red holds x. Blue stands at y, one 10 km road away (200 fighters, 10
// vehicles), and at w, 150 km away (beyond the doctrine's reach of 100 km).
TEST(Front, ThreatIsTheHostileStrengthWithinReachAndTheNeedFollowsPosture) {
  SpecBuilder b("2016-01-01", 2);
  b.node("x").urban = 1.4;
  b.node("y");
  b.node("w");
  b.node("rear");
  b.edge("x", "y", 10);
  b.edge("x", "w", 150);
  b.edge("rear", "x", 50);
  b.faction("red");
  b.faction("blue");
  b.control("x", "red");
  b.control("rear", "red");
  b.control("y", "blue");
  b.control("w", "blue");
  b.unit("blue", "near", "y", 200, 10);
  b.unit("blue", "far", "w", 300);
  const auto model = build_model(b.build());
  const WorldState& state = model->initial;
  Presence presence;
  presence.reset(state.faction_count, state.nodes.size());
  presence.count(state);
  Front front;
  front.reset(state.faction_count, state.nodes.size());
  front.assess(state, presence, model->world);
  const NodeIndex x = model->world.index_of("x");
  const NodeIndex rear = model->world.index_of("rear");
  // threat = 200 + 10 x 4 (vehicle firepower); need = 0.5 x 240 / (1.4 x 1 x 1.3).
  EXPECT_DOUBLE_EQ(front.threat(0, x), 240.0);
  EXPECT_NEAR(front.need(0, x), 0.5 * 240.0 / (1.4 * 1.3), 1e-12);
  EXPECT_DOUBLE_EQ(front.threat(0, rear), 0.0);
  EXPECT_DOUBLE_EQ(front.need(0, rear), 0.0);
  // Attacking y from x engages its defenders: nothing else threatens x.
  EXPECT_DOUBLE_EQ(
      front.need_while_attacking(state, presence, model->world, 0, x, model->world.index_of("y")),
      0.0);
}

}  // namespace
}  // namespace frontline
