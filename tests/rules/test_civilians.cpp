#include <gtest/gtest.h>

#include <numeric>

#include "frontline/engine/model.hpp"
#include "frontline/rules/civilians.hpp"
#include "random_specs.hpp"
#include "support.hpp"
#include "two_sides.hpp"

namespace frontline {
namespace {

using testing::node_of;
using testing::SpecBuilder;

// Home (10,000 people) is fought over until the war ends on day 5; the
// nearest refuge is the near town, then the far one.
SpecBuilder fighting_at_home(double requires_call) {
  auto b = testing::two_sides(
      {.days = 40,
       .places = {{"home", NodeKind::city, 10000},
                  {"near", NodeKind::town, 2000},
                  {"far", NodeKind::town, 1000},
                  {"junction", NodeKind::junction}},
       .roads = {{"home", "junction", 10}, {"junction", "near", 20}, {"near", "far", 50}},
       .red_holds = {"home", "near", "junction"},
       .blue_holds = {"far"},
       .red_home = {"home"},
       .blue_home = {"far"}});
  b.unit("red", "r", "home", 500, 0, Order::garrison);
  b.unit("blue", "b", "home", 500, 0, Order::garrison);
  // Red's picket at the junction keeps the road out of town open (blue's 500
  // next door would otherwise interdict it and besiege the near town).
  b.unit("red", "picket", "junction", 600, 0, Order::garrison);
  b.event("peace", "2016-01-06", EventKind::relation, "red").other = "blue";
  b.raw().events.back().relation = Relation::neutral;
  auto& p = b.parameters();
  p.aimed_kill_rate = 0.0;  // a stand-off: nobody dies, the town stays contested
  p.area_kill_rate = 0.0;
  p.flee_rate_fighting = 0.2;
  p.quiet_days = 5;
  p.return_rate = 0.05;
  p.return_requires_call = requires_call;
  return b;
}

double total(const RunRecord& r, int t) {
  double sum = 0.0;
  for (std::size_t n = 0; n < r.nodes.size(); ++n) sum += r.population[r.tn(t, n)];
  return sum;
}

// A binomial share with mean n p is within four standard deviations.
double four_sigma(double n, double p) { return 4.0 * std::sqrt(n * p * (1.0 - p)); }

TEST(Civilians, PeopleFleeFightingToTheNearestRefuge) {
  const RunRecord r = run_scenario(fighting_at_home(1).build(), 1, 0);
  const auto home = node_of(r, "home");
  const auto near = node_of(r, "near");
  EXPECT_EQ(r.contested[r.tn(1, home)], 1);
  // Binomial(10,000, 1 - exp(-0.2)) leave on the first day of fighting
  // (whose control phase finds the town contested), all to the near town.
  const double leave = 1.0 - std::exp(-0.2);
  const double left = 10000.0 - r.population[r.tn(1, home)];
  EXPECT_NEAR(left, 10000 * leave, four_sigma(10000, leave));
  EXPECT_EQ(left, std::round(left));  // whole people
  EXPECT_NEAR(r.displaced[r.tn(1, home)], left, 1e-6);
  EXPECT_NEAR(r.population[r.tn(1, near)], 2000 + left, 1e-6);
  EXPECT_DOUBLE_EQ(r.population[r.tn(2, node_of(r, "far"))], 1000.0);
  EXPECT_GT(testing::count_events(r, EventRecordKind::displacement), 0);
}

TEST(Civilians, FlightIsARandomProcessThatDiffersBetweenReplicates) {
  const RunRecord a = run_scenario(fighting_at_home(1).build(), 1, 0);
  const RunRecord b = run_scenario(fighting_at_home(1).build(), 1, 1);
  const RunRecord again = run_scenario(fighting_at_home(1).build(), 1, 0);
  const auto home = node_of(a, "home");
  EXPECT_NE(a.displaced[a.tn(3, home)], b.displaced[b.tn(3, home)]);
  EXPECT_EQ(a.displaced, again.displaced);
}

TEST(Civilians, ReturnOnlyAfterTheQuietPeriodAndTheCall) {
  auto b = fighting_at_home(1);
  b.event("come-back", "2016-01-25", EventKind::call_to_return).node = "home";
  const RunRecord r = run_scenario(b.build(), 1, 0);
  const auto home = node_of(r, "home");
  const double displaced_at_peace = r.displaced[r.tn(6, home)];
  EXPECT_GT(displaced_at_peace, 5000.0);
  // Quiet from step 5, long enough from step 10; but no call until step 24.
  for (int t = 6; t <= 24; ++t)
    EXPECT_DOUBLE_EQ(r.displaced[r.tn(t, home)], displaced_at_peace) << t;
  const double back = 1.0 - std::exp(-0.05);
  EXPECT_NEAR(r.displaced[r.tn(25, home)], displaced_at_peace * (1 - back),
              four_sigma(displaced_at_peace, back) + 1.0);
  EXPECT_LT(r.displaced[r.tn(40, home)], displaced_at_peace * 0.6);
}

TEST(Civilians, WithoutACallTheyReturnAfterALongerQuiet) {
  auto b = fighting_at_home(0);
  b.parameters().quiet_days_without_call = 8;
  const RunRecord r = run_scenario(b.build(), 1, 0);
  const auto home = node_of(r, "home");
  // The town is last contested at the end of step 4 (record 5); quiet days
  // reach 8 in step 12, when the first people go home.
  const double away = r.displaced[r.tn(6, home)];
  EXPECT_DOUBLE_EQ(r.displaced[r.tn(12, home)], away);
  const double back = 1.0 - std::exp(-0.05);
  EXPECT_NEAR(r.displaced[r.tn(13, home)], away * (1 - back), four_sigma(away, back) + 1.0);
  // With a call covering home from the start, they go home after 5 quiet days.
  auto called = fighting_at_home(0);
  called.parameters().quiet_days_without_call = 8;
  called.event("come-back", "2016-01-01", EventKind::call_to_return).node = "home";
  const RunRecord sooner = run_scenario(called.build(), 1, 0);
  EXPECT_LT(sooner.displaced[sooner.tn(10, home)], sooner.displaced[sooner.tn(9, home)]);
}

TEST(Civilians, ASiegeTrapsPeople) {
  // The same fight, with the town besieged (blue holds the only road to red's
  // home region): a tenth of the flight gets out.
  auto b = fighting_at_home(1);
  b.node("capital", NodeKind::town);
  b.edge("capital", "junction", 30);
  b.faction_ref("red").supply.home = {"capital"};
  b.faction_ref("red").units.pop_back();  // no picket
  b.control("capital", "red");
  b.control("junction", "blue");
  // Red's home region is the capital, behind the junction blue holds.
  const RunRecord r = run_scenario(b.build(), 1, 0);
  const auto home = node_of(r, "home");
  ASSERT_EQ(r.besieged[r.tn(1, home)], 1);
  const double leave = 1.0 - std::exp(-0.2 * 0.1);
  EXPECT_NEAR(10000.0 - r.population[r.tn(1, home)], 10000 * leave, four_sigma(10000, leave));
}

TEST(Civilians, PopulationIsConserved) {
  const RunRecord r = run_scenario(fighting_at_home(0).build(), 1, 0);
  for (int t = 0; t < r.time_points; ++t) EXPECT_NEAR(total(r, t), 13000.0, 13000.0 * 1e-9) << t;
}

// Civilians keep the refuge search of the last step while no node's contested
// or besieged flag changed. Over random worlds and random changes of those
// flags, a kept Civilians moves every group exactly as a fresh one (which
// searches every step) does on the same state.
TEST(Civilians, KeptRefugesEqualFreshSearchesAfterRandomChanges) {
  std::size_t compared = 0;
  std::size_t moved = 0;
  for (std::uint32_t spec_index = 0; spec_index < 30; ++spec_index) {
    testing::Dice dice(11000 + spec_index);
    SpecBuilder b("2016-01-01", 5);
    const int node_count = 8 + dice.below(20);
    const auto id = [](int n) { return "n" + std::to_string(n); };
    const std::vector<NodeKind> kinds{NodeKind::town, NodeKind::city, NodeKind::port,
                                      NodeKind::junction, NodeKind::airbase};
    for (int n = 0; n < node_count; ++n)
      b.node(id(n), dice.pick(kinds), dice.chance(0.8) ? 100 + 20000 * dice.uniform() : 0);
    testing::random_road_network(b, dice, node_count);
    b.faction("red").supply.home = {id(0)};
    for (int n = 0; n < node_count; ++n) b.control(id(n), "red");
    auto& p = b.parameters();
    p.flee_rate_fighting = 0.3;
    p.flee_rate_siege = 0.2;
    const auto model = build_model(b.build());
    WorldState state = model->initial;
    const RandomStreams random(3, 0);
    std::vector<EventRecord> events;
    Civilians kept;
    kept.reset(state.nodes.size());
    for (std::uint32_t round = 0; round < 30; ++round) {
      // Some rounds change nothing (the kept search is then used as it is).
      for (int c = dice.below(3); c > 0; --c) {
        const auto n = static_cast<std::size_t>(dice.below(node_count));
        (dice.chance(0.5) ? state.nodes.contested : state.nodes.besieged)[n] ^= 1;
      }
      const RuleContext ctx{model->world, model->factions, random, round, 1.0, events};
      WorldState fresh_state = state;
      Civilians fresh;
      fresh.reset(fresh_state.nodes.size());
      fresh.move(fresh_state, ctx);
      kept.move(state, ctx);
      const std::string what =
          "spec " + std::to_string(spec_index) + " round " + std::to_string(round);
      ASSERT_EQ(state.civilians.origin, fresh_state.civilians.origin) << what;
      ASSERT_EQ(state.civilians.current, fresh_state.civilians.current) << what;
      ASSERT_EQ(state.civilians.size, fresh_state.civilians.size) << what;
      ASSERT_EQ(state.nodes.displaced, fresh_state.nodes.displaced) << what;
      ++compared;
      moved += state.civilians.count() > state.nodes.size();
    }
  }
  EXPECT_EQ(compared, 30u * 30u);
  EXPECT_GT(moved, 0u);  // people did flee: the refuges were used
}

}  // namespace
}  // namespace frontline
