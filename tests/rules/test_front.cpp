#include <gtest/gtest.h>

#include "frontline/rules/front.hpp"
#include "support.hpp"

namespace frontline {
namespace {

using testing::SpecBuilder;

// Red holds x and, 50 km behind it, rear. Blue stands at y, one 10 km road
// from x (200 fighters, 10 vehicles), and at w, 150 km away (beyond the
// doctrine's reach of 100 km). Blue at y can reach rear too (60 km), unless
// red forces at x stand in the way.
struct FrontCase {
  explicit FrontCase(bool garrison_at_x) {
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
    if (garrison_at_x) b.unit("red", "guard", "x", 100);
    b.unit("blue", "near", "y", 200, 10);
    b.unit("blue", "far", "w", 300);
    model = build_model(b.build());
    presence.reset(model->initial.faction_count, model->initial.nodes.size());
    presence.count(model->initial);
    front.reset(model->initial.faction_count, model->initial.nodes.size());
    front.assess(model->initial, presence, model->world);
  }
  NodeIndex node(const char* id) const { return model->world.index_of(id); }
  std::shared_ptr<const Model> model;
  Presence presence;
  Front front;
};

TEST(Front, ThreatIsTheHostileStrengthWithinReachAndTheNeedFollowsPosture) {
  const FrontCase c(true);
  const NodeIndex x = c.node("x");
  // threat = 200 + 10 x 4 (vehicle firepower); need = 0.5 x 240 / (1.4 x 1 x 1.3).
  EXPECT_DOUBLE_EQ(c.front.threat(0, x), 240.0);
  EXPECT_NEAR(c.front.need(0, x), 0.5 * 240.0 / (1.4 * 1.3), 1e-12);
  // The guard at x screens rear.
  EXPECT_DOUBLE_EQ(c.front.threat(0, c.node("rear")), 0.0);
  EXPECT_DOUBLE_EQ(c.front.need(0, c.node("rear")), 0.0);
  // Attacking y from x engages its defenders: nothing else threatens x.
  EXPECT_DOUBLE_EQ(
      c.front.need_while_attacking(c.model->initial, c.presence, c.model->world, 0, x, c.node("y")),
      0.0);
}

// With nobody at x, the force at y is 60 km from rear by road, within
// reach: rear is on the front too (a node two roads from the enemy is not
// safe because no enemy stands next to it), and w stays out of reach.
TEST(Front, AnUnscreenedNodeWithinReachByRoadIsThreatened) {
  const FrontCase c(false);
  EXPECT_DOUBLE_EQ(c.front.threat(0, c.node("x")), 240.0);
  EXPECT_DOUBLE_EQ(c.front.threat(0, c.node("rear")), 240.0);
  EXPECT_NEAR(c.front.need(0, c.node("rear")), 0.5 * 240.0 / 1.3, 1e-12);
}

}  // namespace
}  // namespace frontline
