#include <gtest/gtest.h>

#include <array>
#include <bit>
#include <cmath>
#include <string>
#include <tuple>

#include "frontline/engine/model.hpp"
#include "frontline/rules/combat.hpp"
#include "random_specs.hpp"
#include "support.hpp"
#include "two_sides.hpp"

namespace frontline {
namespace {

using testing::SpecBuilder;

std::array<double, 2> duel(double x, double y, const Parameters& p, double dt, double area = 0.0,
                           double defence_y = 1.0) {
  const std::array<CombatSide, 2> sides{{{x, area, 1.0}, {y, area, defence_y}}};
  const std::array<std::uint8_t, 4> hostile{0, 1, 1, 0};
  std::array<double, 2> losses{};
  lanchester_losses(sides, hostile, p, dt, losses);
  return losses;
}

// dx/dt = -a y, dy/dt = -a x: x(t) = x0 cosh(at) - y0 sinh(at).
TEST(Lanchester, AimedFireFollowsTheSquareLawExactly) {
  Parameters p;
  p.aimed_kill_rate = 0.05;
  const auto losses = duel(1000, 500, p, 1.0);
  EXPECT_NEAR(losses[0], 1000 - (1000 * std::cosh(0.05) - 500 * std::sinh(0.05)), 1e-9);
  EXPECT_NEAR(losses[1], 500 - (500 * std::cosh(0.05) - 1000 * std::sinh(0.05)), 1e-9);
  EXPECT_NEAR(losses[0], 23.760, 1e-3);
  EXPECT_NEAR(losses[1], 49.396, 1e-3);
}

// The weaker side is wiped out within the step; the winner keeps
// sqrt(x0^2 - y0^2) and loses nothing after that.
TEST(Lanchester, AWipedOutSideStopsFiring) {
  Parameters p;
  p.aimed_kill_rate = 1.0;
  const auto losses = duel(1000, 500, p, 5.0);
  EXPECT_NEAR(losses[1], 500.0, 1e-9);
  EXPECT_NEAR(1000.0 - losses[0], std::sqrt(1000.0 * 1000.0 - 500.0 * 500.0), 1e-6);
}

// Area fire: dx/dt = -b/1000 x y for both, so both lose the same number.
TEST(Lanchester, AreaFireFollowsTheLinearLaw) {
  Parameters p;
  p.area_kill_rate = 0.02;
  const auto losses = duel(1000, 500, p, 0.01, 1.0);
  EXPECT_NEAR(losses[0], 0.02 * 1e-3 * 1000 * 500 * 0.01, 1e-4);
  EXPECT_NEAR(losses[0] / losses[1], 1.0, 1e-3);
}

TEST(Lanchester, TheDefencePostureMultipliesTheDefendersFire) {
  Parameters p;
  p.aimed_kill_rate = 0.05;
  const auto plain = duel(1000, 1000, p, 1e-4);
  const auto dug_in = duel(1000, 1000, p, 1e-4, 0.0, 2.0);
  EXPECT_NEAR(dug_in[0] / plain[0], 2.0, 1e-3);
  EXPECT_NEAR(dug_in[1] / plain[1], 1.0, 1e-3);
}

// A (1000) fights B (300) and C (700), who are not at war with each other:
// A's fire is split 3:7, and B and C together fire at A.
TEST(Lanchester, FireIsSplitOverSeveralEnemiesByTheirStrength) {
  Parameters p;
  p.aimed_kill_rate = 0.05;
  const std::array<CombatSide, 3> sides{{{1000, 0, 1}, {300, 0, 1}, {700, 0, 1}}};
  const std::array<std::uint8_t, 9> hostile{0, 1, 1, 1, 0, 0, 1, 0, 0};
  std::array<double, 3> losses{};
  const double dt = 1e-4;
  lanchester_losses(sides, hostile, p, dt, losses);
  EXPECT_NEAR(losses[0] / dt, 0.05 * 1000, 1e-2);
  EXPECT_NEAR(losses[1] / dt, 0.05 * 1000 * 0.3, 1e-2);
  EXPECT_NEAR(losses[2] / dt, 0.05 * 1000 * 0.7, 1e-2);
}

// Two sides are solved with fixed-size matrices; the general k-sided solver
// must give the same bits over every regime: strengths from a handful to tens
// of thousands, any fire mix, cover, intensity and frontage, kill rates that
// take each Pade order and the scaling and squaring, wipe-outs (the
// bisection), sides that do not fire back, and a step of any length.
TEST(Lanchester, TwoSidesGiveTheGeneralSolversBits) {
  testing::Dice dice(31);
  const auto magnitude = [&](double lowest, double decades) {
    return lowest * std::pow(10.0, decades * dice.uniform());
  };
  int wiped_out = 0;
  for (int trial = 0; trial < 20000; ++trial) {
    Parameters p;
    p.aimed_kill_rate = magnitude(1e-4, 4);
    p.area_kill_rate = magnitude(1e-4, 4);
    std::array<CombatSide, 2> sides{};
    for (auto& side : sides)
      side = {dice.chance(0.05) ? 0.0 : magnitude(1.0, 4.5),
              dice.chance(0.3) ? 0.0 : dice.uniform(),
              dice.chance(0.5) ? 1.0 : 0.3 + 0.7 * dice.uniform(),
              dice.chance(0.5) ? 1.0 : 1.0 + 5.0 * dice.uniform(),
              dice.chance(0.5) ? 1.0 : dice.uniform(),
              dice.chance(0.7) ? 1.0 : dice.uniform()};
    const std::array<std::uint8_t, 4> hostile{0, 1, static_cast<std::uint8_t>(dice.chance(0.9)), 0};
    const double dt = dice.chance(0.5) ? 1.0 : magnitude(0.01, 2);
    std::array<double, 2> fixed{};
    std::array<double, 2> general{};
    lanchester_losses(sides, hostile, p, dt, fixed);
    lanchester_losses_general(sides, hostile, p, dt, general);
    ASSERT_EQ(std::bit_cast<std::uint64_t>(fixed[0]), std::bit_cast<std::uint64_t>(general[0]))
        << "trial " << trial;
    ASSERT_EQ(std::bit_cast<std::uint64_t>(fixed[1]), std::bit_cast<std::uint64_t>(general[1]))
        << "trial " << trial;
    wiped_out += fixed[0] == sides[0].strength || fixed[1] == sides[1].strength;
  }
  EXPECT_GT(wiped_out, 1000);  // the bisection was exercised
}

// Combat lists the short roads where probing fire can cross once per value of
// combat.contact_range_km, and clears only the losses it recorded: a Combat
// kept from step to step, with the range changing between steps, must leave
// the same state, bit for bit, as a fresh one.
TEST(Combat, AKeptCombatEqualsAFreshOneWhenTheContactRangeChanges) {
  std::size_t fights = 0;
  for (std::uint32_t spec_index = 0; spec_index < 40; ++spec_index) {
    const auto model = build_model(testing::random_spec(spec_index));
    WorldState state = model->initial;
    testing::Dice dice(500 + spec_index);
    const RandomStreams random(5, 0);
    std::vector<EventRecord> events;
    Presence presence;
    presence.reset(state.faction_count, state.nodes.size(), model->world.edge_count());
    Combat kept;
    kept.reset(state.faction_count, state.nodes.size(), model->world.edge_count());
    for (std::uint32_t step = 0; step < 12; ++step) {
      if (dice.chance(0.5)) state.parameters.contact_range_km = 320.0 * dice.uniform();
      const RuleContext ctx{model->world, model->factions, random, step, 1.0, events};
      presence.count(state);
      WorldState fresh_state = state;
      Presence fresh_presence = presence;
      Combat fresh;
      fresh.reset(state.faction_count, state.nodes.size(), model->world.edge_count());
      kept.resolve(state, presence, ctx);
      fresh.resolve(fresh_state, fresh_presence, ctx);
      const std::string where =
          "spec " + std::to_string(spec_index) + " step " + std::to_string(step);
      ASSERT_EQ(state.units.fighters, fresh_state.units.fighters) << where;
      ASSERT_EQ(state.units.morale, fresh_state.units.morale) << where;
      ASSERT_EQ(state.units.order, fresh_state.units.order) << where;
      ASSERT_EQ(state.units.target, fresh_state.units.target) << where;
      ASSERT_EQ(state.nodes.fought, fresh_state.nodes.fought) << where;
      ASSERT_EQ(state.killed, fresh_state.killed) << where;
      ASSERT_EQ(state.wounded, fresh_state.wounded) << where;
      for (const auto fought : state.nodes.fought) fights += fought;
    }
  }
  EXPECT_GT(fights, 100u);  // the comparisons covered fighting, not only quiet steps
}

SpecBuilder open_field(double red, double blue) {
  auto b = testing::two_sides({.days = 40,
                               .places = {"field"},
                               .roads = {{"red_home", "field", 50}, {"blue_home", "field", 50}},
                               .red_holds = {"red_home"},
                               .blue_holds = {"blue_home"},
                               .red_home = {"red_home"},
                               .blue_home = {"blue_home"}});
  for (const char* f : {"red", "blue"}) {
    auto& doctrine = b.faction_ref(f).doctrine;
    doctrine.area_fire_share = 0.0;
    doctrine.breakpoint = 0.0;  // fight to the end
    doctrine.casualty_tolerance = 1.0;
  }
  // Both stand and fight where they are (the winner does not then follow
  // up into the loser's empty home).
  b.unit("red", "r", "field", red).order = Order::garrison;
  b.unit("blue", "b", "field", blue).order = Order::garrison;
  b.parameters().aimed_kill_rate = 0.05;
  return b;
}

// Square law over many daily steps with stochastic casualties: the winner
// keeps about sqrt(1000^2 - 500^2) = 866.
TEST(Combat, ASquareLawFightEndsWithTheExpectedWinnerAndSurvivors) {
  const RunRecord r = run_scenario(open_field(1000, 500).build(), 3, 0);
  const std::size_t field = testing::node_of(r, "field");
  const int T = r.time_points - 1;
  EXPECT_LT(r.strength[r.tfn(T, 1, field)], 5.0f);
  EXPECT_NEAR(r.strength[r.tfn(T, 0, field)], 866.0, 0.03 * 866.0);
  // Every fighter lost is counted killed or wounded, about 1:4.
  const double red_lost = 1000.0 - r.strength[r.tfn(T, 0, field)];
  EXPECT_NEAR(r.killed[r.tf(T, 0)] + r.wounded[r.tf(T, 0)], red_lost, 1.0);
  EXPECT_NEAR(r.wounded[r.tf(T, 1)] / r.killed[r.tf(T, 1)], 4.0, 1.0);
  EXPECT_EQ(r.control[r.tn(T, field)], 0);  // red took the field afterwards
}

TEST(Combat, CasualtiesScatterAroundTheExpectedLoss) {
  // One day of fighting: expected red loss 23.76, blue 49.40 (see above).
  double red = 0.0;
  double blue = 0.0;
  constexpr int kReplicates = 200;
  for (int rep = 0; rep < kReplicates; ++rep) {
    auto spec = open_field(1000, 500);
    spec.raw().calendar.end = spec.raw().calendar.start + std::chrono::days(1);
    const RunRecord r = run_scenario(spec.build(), 11, static_cast<std::uint32_t>(rep));
    red += r.killed[r.tf(1, 0)] + r.wounded[r.tf(1, 0)];
    blue += r.killed[r.tf(1, 1)] + r.wounded[r.tf(1, 1)];
  }
  // Binomial standard errors of the means: about 0.34 and 0.48.
  EXPECT_NEAR(red / kReplicates, 23.76, 1.5);
  EXPECT_NEAR(blue / kReplicates, 49.40, 2.0);
}

// Red's column, shaken (morale 0.32, breakpoint 0.3), stands in blue's town
// t against blue's 2,000; the only road home runs through b2. Held by red,
// b2 is a way back and the broken column falls back; held by blue, the column
// is cut off in enemy ground and surrenders: it leaves the run, its fighters
// counted neither killed nor wounded.
TEST(Combat, ABrokenUnitCutOffInEnemyGroundSurrenders) {
  const auto run_with = [](const char* b2_holder) {
    auto b = testing::two_sides({.roads = {{"red_home", "b2", 50}, {"b2", "t", 50}},
                                 .red_holds = {"red_home"},
                                 .blue_holds = {"t"},
                                 .red_home = {"red_home"},
                                 .blue_home = {"t"}});
    b.control("b2", b2_holder);
    b.unit("red", "column", "t", 300, 0, Order::garrison).morale = 0.32;
    b.unit("blue", "defenders", "t", 2000, 0, Order::garrison);
    return testing::stepped(b);
  };
  auto cut_off = run_with("blue");
  const std::size_t column = cut_off.unit("column");
  EXPECT_EQ(cut_off.state().units.active[column], 0);
  EXPECT_EQ(testing::count_events(cut_off.record(), EventRecordKind::surrender), 1);
  // Its losses in the fight are casualties; the surrender is not.
  const auto& rec = cut_off.record();
  EXPECT_LT(rec.killed[rec.tf(1, 0)] + rec.wounded[rec.tf(1, 0)], 100.0);
  auto open = run_with("red");
  EXPECT_EQ(open.state().units.active[open.unit("column")], 1);
  EXPECT_EQ(open.state().units.order[open.unit("column")], Order::retreat);
  EXPECT_EQ(testing::count_events(open.record(), EventRecordKind::surrender), 0);
}

// In its own side's ground a broken unit with no way out surrenders only when
// overrun in the open: red's column (morale 0.32, breakpoint 0.3) holds red's
// t, the only road home runs through blue's b2, and blue's attackers stand at
// t. 2,000 of them against 300 (over combat.overrun_ratio, 3, to one) in open
// ground: it surrenders. In a fortified place (fortification 1.5) it fights
// on from its positions; against 800 (under 3:1) it fights on in the open.
TEST(Combat, ABrokenUnitWithNoWayOutIsOverrunOnlyInTheOpen) {
  const auto run_with = [](double attackers, double fortification) {
    auto b = testing::two_sides({.roads = {{"red_home", "b2", 50}, {"b2", "t", 50}},
                                 .red_holds = {"red_home", "t"},
                                 .blue_holds = {"b2"},
                                 .red_home = {"red_home"},
                                 .blue_home = {"b2"}});
    b.node_ref("t").fortification = fortification;
    b.unit("red", "column", "t", 300, 0, Order::garrison).morale = 0.32;
    b.unit("blue", "attackers", "t", attackers, 0, Order::garrison);
    return testing::stepped(b);
  };
  auto overrun = run_with(2000, 1.0);
  EXPECT_EQ(overrun.state().units.active[overrun.unit("column")], 0);
  EXPECT_EQ(testing::count_events(overrun.record(), EventRecordKind::surrender), 1);
  for (const auto& [attackers, fortification] : {std::pair{2000.0, 1.5}, std::pair{800.0, 1.0}}) {
    auto holds = run_with(attackers, fortification);
    const std::size_t column = holds.unit("column");
    EXPECT_EQ(holds.state().units.active[column], 1) << attackers << " " << fortification;
    EXPECT_LT(holds.state().units.morale[column], 0.3);  // broken all the same
    EXPECT_EQ(testing::count_events(holds.record(), EventRecordKind::surrender), 0);
  }
}

// A holder gives ground before it is overrun: red's 300 (order hold, full
// morale, never broken, no appetite for attacks of its own) hold red's t, open ground with
// the road home through red's b2, and blue's attackers stand at t. The odds
// are judged in combat power: red's 300 x morale 1 x supply 1 x posture 1.3
// (hasty defence) = 390, so at combat.overrun_ratio (3) red withdraws from
// 1,170 on. Against 1,500 red withdraws toward b2 on the first day
// and is there the next; it stands against 1,000, against 1,500 at morale 0.5
// (750), in a fortified place (fortification 1.5: 3 x 585 = 1,755) or
// ordered to garrison t.
TEST(Combat, AHolderWithdrawsBeforeItIsOverrun) {
  const auto run_with = [](double attackers, double morale, double fortification, Order order) {
    auto b = testing::two_sides(
        {.days = 3,
         .roads = {{"red_home", "b2", 50}, {"b2", "t", 50}, {"blue_home", "t", 50}},
         .red_holds = {"red_home", "b2", "t"},
         .blue_holds = {"blue_home"},
         .red_home = {"red_home"},
         .blue_home = {"blue_home"}});
    b.faction_ref("red").doctrine.aggression = 0.0;
    b.faction_ref("red").doctrine.breakpoint = 0.0;  // never broken: any retreat is a withdrawal
    // Light fire (about 1 of red's 300 a day): the odds stay as computed.
    b.parameters().aimed_kill_rate = 0.001;
    for (const char* f : {"red", "blue"}) b.faction_ref(f).doctrine.area_fire_share = 0.0;
    b.node_ref("t").fortification = fortification;
    b.unit("red", "line", "t", 300, 0, order).morale = 1.0;
    b.unit("blue", "attackers", "t", attackers, 0, Order::garrison).morale = morale;
    return testing::stepped(b);
  };
  auto outnumbered = run_with(1500, 1.0, 1.0, Order::hold);
  const std::size_t line = outnumbered.unit("line");
  ASSERT_EQ(outnumbered.state().units.order[line], Order::retreat);
  EXPECT_EQ(outnumbered.state().units.target[line], outnumbered.node("b2"));
  EXPECT_EQ(testing::count_events(outnumbered.record(), EventRecordKind::retreat), 1);
  outnumbered.step();
  EXPECT_EQ(outnumbered.state().units.node[line], outnumbered.node("b2"));
  for (const auto& [attackers, morale, fortification, order] :
       {std::tuple{1000.0, 1.0, 1.0, Order::hold}, std::tuple{1500.0, 0.5, 1.0, Order::hold},
        std::tuple{1500.0, 1.0, 1.5, Order::hold}, std::tuple{1500.0, 1.0, 1.0, Order::garrison}}) {
    auto stands = run_with(attackers, morale, fortification, order);
    EXPECT_EQ(stands.state().units.order[stands.unit("line")], order)
        << attackers << " " << morale << " " << fortification;
    EXPECT_EQ(testing::count_events(stands.record(), EventRecordKind::retreat), 0);
  }
}

TEST(Combat, AUnitBelowItsBreakpointRetreatsAndLeavesTheNode) {
  auto b = testing::two_sides({.days = 5,
                               .roads = {{"x", "y", 30}, {"r_home", "x", 30}},
                               .red_holds = {"r_home"},
                               .blue_holds = {"x", "y"},
                               .red_home = {"r_home"},
                               .blue_home = {"y"}});
  b.faction_ref("blue").doctrine.breakpoint = 0.5;
  b.unit("red", "r", "x", 2000);
  b.unit("blue", "b", "x", 200).morale = 0.55;
  testing::Stepper run(b.build());
  run.step();
  const std::size_t unit = run.unit("b");
  EXPECT_EQ(run.state().units.order[unit], Order::retreat);
  EXPECT_EQ(run.state().units.target[unit], run.node("y"));
  EXPECT_EQ(testing::count_events(run.record(), EventRecordKind::retreat), 1);
  run.step();
  EXPECT_EQ(run.state().units.node[unit], run.node("y"));
  EXPECT_EQ(run.state().units.edge[unit], kNoEdge);
}

// A broken unit falls back toward its rear, not to whatever quiet place is
// nearest. Red's 300 (morale 0.5, breakpoint 0.45) hold front against blue's
// 2,000. Red's supply comes up home - m - front (60 + 60 km); its outpost s
// is 20 km from front but supplied by its own 200 km road from home, so s
// lies off the route back. The unit breaks on day 1 and goes to m (the first
// safe node on that route), not to s, and stops there on day 2; with m in
// blue's hands it has no route back and goes to s, the nearest safe node.
TEST(Combat, ABrokenUnitFallsBackTowardItsRear) {
  const auto run_with = [](const char* m_holder) {
    auto b = testing::two_sides({.days = 3,
                                 .roads = {{"home", "m", 60},
                                           {"m", "front", 60},
                                           {"front", "s", 20},
                                           {"home", "s", 200},
                                           {"blue_home", "front", 100}},
                                 .red_holds = {"home", "front", "s"},
                                 .blue_holds = {"blue_home"},
                                 .red_home = {"home"},
                                 .blue_home = {"blue_home"}});
    b.faction_ref("red").doctrine.breakpoint = 0.45;
    b.control("m", m_holder);
    b.unit("red", "line", "front", 300, 0, Order::garrison).morale = 0.5;
    b.unit("blue", "host", "front", 2000, 0, Order::garrison);
    return testing::stepped(b);
  };
  auto rear = run_with("red");
  const std::size_t line = rear.unit("line");
  ASSERT_EQ(rear.state().units.order[line], Order::retreat);
  EXPECT_EQ(rear.state().units.target[line], rear.node("m"));
  rear.step();
  EXPECT_EQ(rear.state().units.node[line], rear.node("m"));
  EXPECT_EQ(rear.state().units.edge[line], kNoEdge);
  auto no_route_back = run_with("blue");
  ASSERT_EQ(no_route_back.state().units.order[line], Order::retreat);
  EXPECT_EQ(no_route_back.state().units.target[line], no_route_back.node("s"));
}

// The attackers' morale sets how hard the assault is pressed: 0.1 + 0.9 x m.
TEST(Combat, AssaultIntensityFollowsTheAttackersMorale) {
  Parameters p;
  p.probing_intensity = 0.1;
  EXPECT_DOUBLE_EQ(assault_intensity(1.0, p), 1.0);
  EXPECT_DOUBLE_EQ(assault_intensity(0.5, p), 0.55);
  EXPECT_DOUBLE_EQ(assault_intensity(0.0, p), 0.1);
}

// Red's and blue's losses in the first step of an open_field as b sets it up.
std::array<double, 2> losses_in_one_step(SpecBuilder& b) {
  testing::Stepper run(b.build());
  const auto fighters = [&] {
    return std::array<double, 2>{run.state().units.fighters[run.unit("r")],
                                 run.state().units.fighters[run.unit("b")]};
  };
  const auto before = fighters();
  run.step();
  const auto after = fighters();
  return {before[0] - after[0], before[1] - after[1]};
}

// One day of assault on a held field (posture 1.3, hasty defence): attackers at morale 0.5 inflict
// (and take) about 0.55 of what fresh ones do, and both sides still fight.
TEST(Combat, ADemoralisedAssaultIsPressedLessHard) {
  const auto one_day = [](double morale) {
    auto b = open_field(30000, 10000);
    b.control("field", "blue");
    b.faction_ref("red").units.front().morale = morale;
    b.faction_ref("blue").units.front().order = Order::garrison;
    b.parameters().aimed_kill_rate = 0.01;
    b.parameters().probing_intensity = 0.1;
    return losses_in_one_step(b);
  };
  const auto fresh = one_day(1.0);
  const auto tired = one_day(0.5);
  // Expected about 0.01 x 30000 / 1.3 = 231 blue and 0.01 x 10000 = 100 red
  // losses at full intensity; binomial noise is about 15 and 10.
  EXPECT_NEAR(fresh[1], 231.0, 50.0);
  EXPECT_NEAR(tired[1] / fresh[1], 0.55, 0.1);
  EXPECT_NEAR(tired[0] / fresh[0], 0.55, 0.15);
  EXPECT_GT(tired[0], 0.0);
}

// Prepared works narrow the frontage. Blue's 10,000 hold a field with works
// (fortification 2: posture 2 x 1.3) against 100,000 red, far more than the
// frontage lets engage. With the works not narrowing it (exponent 0) red
// engages 3 x 10,000 and blue loses about 0.01 x 30,000 / 2.6 = 115 in a day;
// narrowed (exponent 1) red engages 30,000 / 2 and blue loses about 58. Red's
// losses come from blue's fire alone, about 0.01 x 10,000 = 100 either way.
TEST(Combat, PreparedWorksNarrowTheFrontage) {
  const auto one_day = [](double narrowing) {
    auto b = open_field(100000, 10000);
    b.control("field", "blue");
    b.node_ref("field").fortification = 2.0;
    b.parameters().aimed_kill_rate = 0.01;
    b.parameters().frontage_narrowing = narrowing;
    return losses_in_one_step(b);
  };
  const auto wide = one_day(0.0);
  const auto narrow = one_day(1.0);
  // Binomial noise is about 11 on 115 and 8 on 58.
  EXPECT_NEAR(wide[1], 115.0, 35.0);
  EXPECT_NEAR(narrow[1], 58.0, 25.0);
  EXPECT_LT(narrow[1], wide[1]);
  EXPECT_NEAR(wide[0], 100.0, 35.0);
  EXPECT_NEAR(narrow[0], 100.0, 35.0);
}

}  // namespace
}  // namespace frontline
