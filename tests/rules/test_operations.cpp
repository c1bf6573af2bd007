// Operations::plan keeps, per faction, the committed unit that last showed
// the main effort has strength, and asks it first: whatever the commitments
// become, plan answers as an Operations that never planned before.
#include <gtest/gtest.h>

#include "frontline/rules/operations.hpp"
#include "frontline/rules/presence.hpp"
#include "support.hpp"
#include "two_sides.hpp"

namespace frontline {
namespace {

// Red's campaign on blue's c: which of red's units are committed (and with
// what strength) changes from call to call. Fails if the unit that answered
// before is trusted without being asked again (a unit no longer committed,
// gone, or without strength).
TEST(Operations, PlanAnswersAsAFreshOperationsWhateverTheCommitments) {
  auto b = testing::two_sides({.roads = {{"a", "b", 30}, {"b", "c", 30}},
                               .red_holds = {"a", "b"},
                               .blue_holds = {"c"},
                               .red_home = {"a"}});
  b.unit("red", "first", "a", 100);
  b.unit("red", "second", "a", 100);
  b.unit("red", "third", "b", 100);
  b.unit("blue", "holder", "c", 50);
  const auto model = build_model(b.build());
  WorldState state = model->initial;
  const std::size_t F = state.faction_count;
  const std::size_t N = state.nodes.size();
  const auto red = static_cast<FactionIndex>(0);
  state.commanders[0].campaign = Campaign{model->world.index_of("c"), false, -1};
  Presence presence;
  presence.reset(F, N, model->world.edge_count());
  presence.count(state);
  const RandomStreams random(1, 0);
  std::vector<EventRecord> events;
  const RuleContext ctx{model->world, model->factions, random, 0, 1.0, events};
  Operations kept;
  kept.reset(F, N);
  auto& u = state.units;
  struct Commitments {
    std::vector<std::size_t> committed;
    std::size_t without_strength;  // a unit left with no fighters nor vehicles (3: none)
    bool expected;
  };
  const std::vector<Commitments> calls{{{0}, 3, true}, {{1}, 3, true},    {{}, 3, false},
                                       {{0}, 3, true}, {{0, 2}, 0, true}, {{0}, 0, false},
                                       {{2}, 3, true}, {{2}, 3, true},    {{1, 2}, 3, true}};
  const std::vector<double> fighters(u.fighters.begin(), u.fighters.end());
  for (std::size_t call = 0; call < calls.size(); ++call) {
    for (std::size_t i = 0; i < 3; ++i) {
      u.committed[i] = 0;
      u.fighters[i] = i == calls[call].without_strength ? 0.0 : fighters[i];
      u.vehicles[i] = 0.0;
    }
    for (const std::size_t i : calls[call].committed) u.committed[i] = 1;
    Operations fresh;
    fresh.reset(F, N);
    const bool expected = fresh.plan(state, presence, ctx, red);
    EXPECT_EQ(expected, calls[call].expected) << "call " << call;
    EXPECT_EQ(kept.plan(state, presence, ctx, red), expected) << "call " << call;
  }
}

}  // namespace
}  // namespace frontline
