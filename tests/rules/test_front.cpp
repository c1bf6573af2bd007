#include <gtest/gtest.h>

#include <string>

#include "frontline/rules/front.hpp"
#include "random_specs.hpp"
#include "support.hpp"
#include "two_sides.hpp"

namespace frontline {
namespace {

using testing::Dice;
using testing::SpecBuilder;

// Red holds x and, 50 km behind it, rear. Blue stands at y, one 10 km road
// from x (200 fighters, 10 vehicles), and at w, 150 km away (beyond the
// doctrine's reach of 100 km). Blue at y can reach rear too (60 km), unless
// red forces at x stand in the way.
struct FrontCase {
  explicit FrontCase(bool garrison_at_x) {
    auto b = testing::two_sides({.roads = {{"x", "y", 10}, {"x", "w", 150}, {"rear", "x", 50}},
                                 .red_holds = {"x", "rear"},
                                 .blue_holds = {"y", "w"}});
    b.node_ref("x").urban = 1.4;
    if (garrison_at_x) b.unit("red", "guard", "x", 100);
    b.unit("blue", "near", "y", 200, 10);
    b.unit("blue", "far", "w", 300);
    model = build_model(b.build());
    presence.reset(model->initial.faction_count, model->initial.nodes.size(),
                   model->world.edge_count());
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

// Three factions on three roads: red (0) at war with blue (1) and under a
// ceasefire with green (2); blue and green at war. Blue's column (40
// fighters) is on road 1, green's (25) on road 2 with red's own 10; a green
// unit that has lost its fighters is on road 0, and a blue one out of the run
// on road 2. Hostile to red: blue on road 1 alone. Hostile to blue: green on
// road 2 alone. Hostile to green: blue on road 1 alone.
TEST(Front, HostileForcesOnARoadAreFightersOfAFactionAtWar) {
  WorldState state;
  state.faction_count = 3;
  state.relations.assign(9, Relation::allied);
  state.set_relation(0, 1, Relation::war);
  state.set_relation(0, 2, Relation::ceasefire);
  state.set_relation(1, 2, Relation::war);
  state.nodes.resize(2);
  auto& u = state.units;
  const struct {
    FactionIndex faction;
    EdgeIndex edge;
    double fighters;
    bool active;
  } units[] = {
      {1, 1, 40, true}, {2, 2, 25, true}, {0, 2, 10, true}, {2, 0, 0, true}, {1, 2, 30, false}};
  u.resize(std::size(units));
  for (std::size_t i = 0; i < u.size(); ++i) {
    u.faction[i] = units[i].faction;
    u.node[i] = 0;
    u.next_node[i] = 1;
    u.edge[i] = units[i].edge;
    u.fighters[i] = units[i].fighters;
    u.active[i] = units[i].active;
  }
  Presence presence;
  presence.reset(3, 2, 3);
  presence.count(state);
  const bool expected[3][3] = {{false, true, false}, {false, false, true}, {false, true, false}};
  for (FactionIndex f = 0; f < 3; ++f)
    for (EdgeIndex e = 0; e < 3; ++e)
      EXPECT_EQ(hostile_on_road(presence, state.war_mask(f), e), expected[f][e])
          << "faction " << f << " road " << e;
}

// A road and track network of 15-40 nodes with cycles and ties in length,
// three or four factions in random relations, random control and units.
ScenarioSpec random_front_world(std::uint32_t index) {
  Dice dice(11000 + index);
  SpecBuilder b("2016-01-01", 5);
  const int node_count = testing::random_road_world(b, dice, 15, 26);
  const auto id = [](int n) { return "n" + std::to_string(n); };
  const int faction_count = 3 + dice.below(2);
  const auto faction = [](int f) { return "f" + std::to_string(f); };
  for (int f = 0; f < faction_count; ++f)
    b.faction(faction(f)).doctrine.reach_km = 50 + 250 * dice.uniform();
  testing::random_relations(b, dice, faction_count,
                            {Relation::war, Relation::war, Relation::ceasefire, Relation::allied});
  testing::random_control(b, dice, node_count, faction_count);
  for (int u = 0; u < 4 * faction_count; ++u)
    b.unit(faction(u % faction_count), "u" + std::to_string(u), id(dice.below(node_count)),
           50 + 500 * dice.uniform(), 10 * dice.uniform());
  return b.build();
}

// One random change of what the front depends on; or none.
void change_something(WorldState& state, Dice& dice) {
  const auto F = static_cast<int>(state.faction_count);
  switch (dice.below(6)) {
    case 0:  // a capture (or a node falling to nobody)
      testing::capture_at_random(state, dice);
      break;
    case 1: {  // relations change
      const auto f = static_cast<FactionIndex>(dice.below(F));
      const auto g = static_cast<FactionIndex>(dice.below(F));
      if (f != g) state.set_relation(f, g, dice.chance(0.6) ? Relation::war : Relation::ceasefire);
      break;
    }
    case 2:  // a doctrine's reach changes
      state.doctrines[static_cast<std::size_t>(dice.below(F))].reach_km = 50 + 250 * dice.uniform();
      break;
    case 3:
    case 4: {  // a unit moves, or loses all its fighters (it screens nothing then)
      const auto i = static_cast<std::size_t>(dice.below(static_cast<int>(state.units.size())));
      if (dice.chance(0.7))
        state.units.node[i] =
            static_cast<NodeIndex>(dice.below(static_cast<int>(state.nodes.size())));
      state.units.fighters[i] = dice.chance(0.2) ? 0.0 : 50 + 500 * dice.uniform();
      break;
    }
    default:  // nothing: every search of the last step still holds
      break;
  }
}

// The threat a Front that kept its searches from earlier steps assesses must
// equal, bit for bit, that of a Front that searches everything afresh.
TEST(Front, KeptSearchesEqualFreshOnesAfterRandomChanges) {
  std::size_t compared = 0;
  std::size_t threatened = 0;
  for (std::uint32_t spec_index = 0; spec_index < 40; ++spec_index) {
    const auto model = build_model(random_front_world(spec_index));
    WorldState state = model->initial;
    const std::size_t F = state.faction_count;
    const std::size_t N = state.nodes.size();
    Presence presence;
    presence.reset(F, N, model->world.edge_count());
    Front kept;
    kept.reset(F, N);
    Dice dice(12000 + spec_index);
    for (int round = 0; round < 40; ++round) {
      for (int c = dice.below(3); c > 0; --c) change_something(state, dice);
      presence.count(state);
      kept.assess(state, presence, model->world);
      Front fresh;
      fresh.reset(F, N);
      fresh.assess(state, presence, model->world);
      for (std::size_t f = 0; f < F; ++f)
        for (std::size_t n = 0; n < N; ++n) {
          const auto fi = static_cast<FactionIndex>(f);
          const auto ni = static_cast<NodeIndex>(n);
          const std::string what = "spec " + std::to_string(spec_index) + " round " +
                                   std::to_string(round) + " faction " + std::to_string(f) +
                                   " node " + std::to_string(n);
          ASSERT_EQ(kept.threat(fi, ni), fresh.threat(fi, ni)) << what;
          ASSERT_EQ(kept.need(fi, ni), fresh.need(fi, ni)) << what;
          threatened += fresh.threat(fi, ni) > 0.0;
        }
      ++compared;
    }
  }
  EXPECT_EQ(compared, 40u * 40u);
  // The comparisons covered threatened nodes, not only quiet ground.
  EXPECT_GT(threatened, 1000u);
}

}  // namespace
}  // namespace frontline
