#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <tuple>
#include <utility>

#include "frontline/rules/decisions.hpp"
#include "support.hpp"
#include "two_sides.hpp"

namespace frontline {
namespace {

using testing::node_of;
using testing::SpecBuilder;

// Red stands at `stage`, 10 km from blue's `target` held by 100 fighters, and
// its leaders open a campaign on it on the first day with unit r.
SpecBuilder assault(double red_fighters, Relation relation = Relation::war) {
  auto b = testing::two_sides({.days = 4,
                               .places = {"stage", {"target", NodeKind::city, 50000}},
                               .roads = {{"stage", "target", 10}},
                               .red_holds = {"stage"},
                               .blue_holds = {"target"},
                               .red_home = {"stage"},
                               .blue_home = {"target"},
                               .relation = relation});
  b.unit("red", "r", "stage", red_fighters);
  b.unit("blue", "b", "target", 100, 0, Order::garrison);
  b.campaign("go", "2016-01-01", "red", "target", {"r"});
  return b;
}

// Red held `node` at the start and lost it to blue on the first day (the
// place went over): ground red's counter-attacks may retake without a
// campaign (Decisions.NewGroundIsTheLeadersDecision).
void lost_to_blue(SpecBuilder& b, const std::string& node) {
  b.control(node, "red");
  auto& lost = b.event(node + "-goes-over", "2016-01-01", EventKind::defection, "blue");
  lost.other = "red";
  lost.nodes = {node};
}

// Dupuy: an attack succeeds reliably at about 3:1, never at 1:1. Below the
// doctrine's ratio the main effort builds up next to the objective (and
// counts the days); at or above it, it attacks.
TEST(Decisions, BuildsUpUntilTheDoctrinesForceRatio) {
  testing::Stepper weak(assault(250).build());  // 2.5:1 < 3
  weak.step(3);
  const std::size_t r = weak.unit("r");
  EXPECT_EQ(weak.state().units.node[r], weak.node("stage"));
  EXPECT_EQ(weak.state().units.order[r], Order::hold);
  EXPECT_DOUBLE_EQ(weak.state().units.waited_days[r], 3.0);
  EXPECT_EQ(weak.state().units.committed[r], 1);
  testing::Stepper strong(assault(400).build());  // 4:1
  strong.step();
  EXPECT_EQ(strong.state().units.node[strong.unit("r")], strong.node("target"));
}

// Patience: after patience_days of build-up the attack goes in anyway.
TEST(Decisions, AttacksWhenPatienceRunsOut) {
  auto b = assault(250);
  b.raw().factions[0].doctrine.patience_days = 2.0;
  testing::Stepper run(b.build());
  run.step(2);  // waited 1, then 2 days
  EXPECT_EQ(run.state().units.node[run.unit("r")], run.node("stage"));
  run.step();  // 2 >= 2: attack (10 km at the opposed rate, 20 km a day)
  EXPECT_EQ(run.state().units.node[run.unit("r")], run.node("target"));
}

TEST(Decisions, NoCampaignAdvancesUnderACeasefire) {
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

// Combat power is strength times morale: against a shaken garrison (morale
// 0.4) the same 250 fighters make 250 x 0.8 / (100 x 0.4 x 1.3) = 3.85 >= 3
// and attack at once, where a fresh one (1.92:1) makes them build up.
TEST(Decisions, AShakenDefenceIsJudgedByItsMorale) {
  auto b = assault(250);
  b.raw().factions[1].units[0].morale = 0.4;
  testing::Stepper run(b.build());
  run.step();
  EXPECT_EQ(run.state().units.node[run.unit("r")], run.node("target"));
}

// Combat power as a commander judges it is what the fight will give: times
// the supply factor (supply.range_km 200, supply.min_power 0.5 at twice that).
// Blue's garrison drawing on a depot 400 km off fights at half power: red's
// 250 make 250 x 0.8 / (100 x 0.8 x 1.3 x 0.5) = 3.85 >= 3 and attack at
// once, where against it supplied at home (1.92:1) they build up. Red's 400
// at 4:1 attack from home (3.08:1), not when their own depot is 400 km off
// (their power at the objective halved: 1.54:1).
TEST(Decisions, ForcesFarFromTheirSupplyAreJudgedAtTheirReducedPower) {
  const auto attacks = [](double red_fighters, const char* red_home, const char* blue_home) {
    auto b = assault(red_fighters);
    // A depot of each side's, 400 km by road from the objective.
    for (const auto& [depot, side, next_to, km] :
         {std::tuple{"red_depot", "red", "stage", 390.0},
          std::tuple{"blue_depot", "blue", "target", 400.0}}) {
      b.node(depot);
      b.edge(depot, next_to, km);
      b.control(depot, side);
    }
    b.faction_ref("red").supply.home = {red_home};
    b.faction_ref("blue").supply.home = {blue_home};
    b.parameters().supply_range_km = 200.0;
    testing::Stepper run(b.build());
    run.step();
    return run.state().units.node[run.unit("r")] == run.node("target");
  };
  EXPECT_FALSE(attacks(250, "stage", "target"));
  EXPECT_TRUE(attacks(250, "stage", "blue_depot"));
  EXPECT_TRUE(attacks(400, "stage", "target"));
  EXPECT_FALSE(attacks(400, "red_depot", "target"));
}

// A shaken unit (morale below combat.rally_morale, 0.6) attacks nothing,
// even where the ratio allows it (400 x 0.5 / (100 x 0.2 x 1.3) = 7.7); at
// 0.7 it goes in.
TEST(Decisions, AShakenUnitRegroupsInsteadOfAttacking) {
  for (const double morale : {0.5, 0.7}) {
    auto b = assault(400);
    b.raw().factions[0].units[0].morale = morale;
    b.raw().factions[1].units[0].morale = 0.2;
    testing::Stepper run(b.build());
    run.step();
    const std::size_t r = run.unit("r");
    EXPECT_EQ(run.state().units.node[r], run.node(morale < 0.6 ? "stage" : "target")) << morale;
  }
}

// A campaign whose main effort has no supply left has culminated: the unit
// turns to defence and leaves the campaign.
TEST(Decisions, AnAdvanceWithoutSupplyCulminates) {
  auto b = assault(400);
  b.raw().factions[0].supply.home.clear();
  b.raw().map.nodes[0].stocks_days = 0.0;
  testing::Stepper run(b.build());
  run.step();
  const std::size_t r = run.unit("r");
  EXPECT_EQ(run.state().units.committed[r], 0);
  EXPECT_EQ(run.state().units.order[r], Order::hold);
  EXPECT_EQ(run.state().units.node[r], run.node("stage"));
  const auto& events = run.record().events;
  EXPECT_TRUE(std::any_of(events.begin(), events.end(), [](const EventRecord& e) {
    return e.text.find("culminates") != std::string::npos;
  }));
}

// A main effort that has broken (morale 0.25 below its doctrine's breakpoint,
// 0.3) has culminated too: it leaves the main effort but not the campaign,
// which waits for it to regroup (an operational pause); at morale 0.35 it is
// only shaken (below combat.rally_morale, 0.6) and stays in the main effort,
// regrouping where it stands.
TEST(Decisions, ABrokenMainEffortCulminates) {
  for (const double morale : {0.25, 0.35}) {
    auto b = assault(400);
    b.faction_ref("red").doctrine.breakpoint = 0.3;
    b.raw().factions[0].units[0].morale = morale;
    testing::Stepper run(b.build());
    run.step();
    const std::size_t r = run.unit("r");
    const bool broken = morale < 0.3;
    EXPECT_EQ(run.state().units.committed[r], broken ? 0 : 1) << morale;
    EXPECT_EQ(run.state().units.node[r], run.node("stage")) << morale;
    run.step();  // the campaign is reviewed at the start of each step
    EXPECT_TRUE(run.state().commanders[0].campaign.has_value()) << morale;
  }
}

// The operational pause ends when the broken main effort has rallied: with
// no fire on it (probing fire off) its morale climbs by 0.1 a day from 0.25,
// and the day it starts at combat.rally_morale (0.6) or above it is back in
// the main effort, never before.
TEST(Decisions, AMainEffortThatHasRalliedRejoinsItsCampaign) {
  auto b = assault(400);
  b.faction_ref("red").doctrine.breakpoint = 0.3;
  b.raw().factions[0].units[0].morale = 0.25;
  b.parameters().probing_intensity = 0.0;
  b.parameters().morale_recovery_per_day = 0.1;
  b.raw().calendar.end = b.raw().calendar.start + std::chrono::days(15);
  testing::Stepper run(b.build());
  const std::size_t r = run.unit("r");
  run.step();
  ASSERT_EQ(run.state().units.committed[r], 0);
  int rejoined_on = -1;
  for (int day = 1; day < 12 && rejoined_on < 0; ++day) {
    const double morale_before = run.state().units.morale[r];
    run.step();
    EXPECT_TRUE(run.state().commanders[0].campaign.has_value()) << day;
    if (run.state().units.committed[r]) {
      EXPECT_GE(morale_before, 0.6) << day;
      rejoined_on = day;
    }
  }
  EXPECT_GT(rejoined_on, 0);
}

// A main effort spent below its doctrine's culmination_strength (here 1: any
// loss) has nothing to regroup: its campaign ends. Blue's probing fire costs
// the broken unit fighters on the first day.
TEST(Decisions, ASpentMainEffortEndsItsCampaign) {
  for (const double culmination_strength : {1.0, 0.5}) {
    auto b = assault(400);
    b.faction_ref("red").doctrine.breakpoint = 0.3;
    b.faction_ref("red").doctrine.culmination_strength = culmination_strength;
    b.raw().factions[0].units[0].morale = 0.25;
    testing::Stepper run(b.build());
    run.step();
    ASSERT_LT(run.state().units.fighters[run.unit("r")], 400.0);
    run.step();
    EXPECT_EQ(run.state().commanders[0].campaign.has_value(), culmination_strength < 1.0)
        << culmination_strength;
  }
}

// Red holds x, next to blue at y (200 fighters, 10 km) and at w (300, 10 km);
// its campaign aims at y. The garrison x needs while y is attacked is
// hold_ratio x 300 / 1.3 = 115.4: the main effort alone stays; with a
// 200-strong garrison beside it, it attacks (800:200 = 4 >= 3).
SpecBuilder two_threats(bool garrison) {
  auto b = testing::two_sides({.days = 3,
                               .roads = {{"x", "y", 10}, {"x", "w", 10}},
                               .red_holds = {"x"},
                               .blue_holds = {"y", "w"},
                               .red_home = {"x"},
                               .blue_home = {"y", "w"}});
  b.unit("red", "main", "x", 600);
  if (garrison) b.unit("red", "guard", "x", 200);
  b.unit("blue", "by", "y", 200, 0, Order::garrison);
  b.unit("blue", "bw", "w", 300, 0, Order::garrison);
  b.parameters().probing_intensity = 0.0;
  b.campaign("go", "2016-01-01", "red", "y", {"main"});
  return b;
}

TEST(Decisions, AFrontNodeIsNeverStripped) {
  testing::Stepper alone(two_threats(false).build());
  alone.step();
  EXPECT_EQ(alone.state().units.node[alone.unit("main")], alone.node("x"));
  EXPECT_EQ(alone.state().units.order[alone.unit("main")], Order::hold);
  testing::Stepper guarded(two_threats(true).build());
  guarded.step();
  EXPECT_EQ(guarded.state().units.node[guarded.unit("main")], guarded.node("y"));
  EXPECT_EQ(guarded.state().units.node[guarded.unit("guard")], guarded.node("x"));
  EXPECT_EQ(guarded.state().units.order[guarded.unit("guard")], Order::hold);
}

// Red besieges blue's city from `post`; blue also holds `harbour`, next to
// both, with nobody in it: a gap in the ring.
SpecBuilder ring(int besiegers) {
  auto b = testing::two_sides(
      {.days = 3,
       .places = {"post", {"city", NodeKind::city, 50000}},
       .roads = {{"post", "city", 5}, {"post", "harbour", 5}, {"harbour", "city", 2}},
       .red_holds = {"post"},
       .blue_holds = {"city", "harbour"},
       .red_home = {"post"},
       .blue_home = {"city"}});
  b.unit("blue", "b", "city", 300, 0, Order::garrison);
  for (int i = 0; i < besiegers; ++i)
    b.unit("red", "r" + std::to_string(i), "post", 400, 0, Order::besiege, "city");
  return b;
}

TEST(Decisions, BesiegersCloseAGapInTheRingButNeverLeaveTheirPostEmpty) {
  testing::Stepper two(ring(2).build());
  two.step();
  const auto& u = two.state().units;
  const std::size_t moved =
      u.order[two.unit("r0")] == Order::advance ? two.unit("r0") : two.unit("r1");
  const std::size_t stayed = moved == two.unit("r0") ? two.unit("r1") : two.unit("r0");
  EXPECT_EQ(u.target[moved], two.node("harbour"));
  EXPECT_EQ(u.order[stayed], Order::besiege);
  EXPECT_EQ(u.node[stayed], two.node("post"));
  two.step(2);
  EXPECT_EQ(two.state().nodes.controller[two.node("harbour")], 0);  // red's now
  // One besieger alone keeps its post: the harbour stays blue.
  testing::Stepper one(ring(1).build());
  one.step(3);
  EXPECT_EQ(one.state().units.node[one.unit("r0")], one.node("post"));
  EXPECT_EQ(one.state().nodes.controller[one.node("harbour")], 1);
}

// Red besieges blue's town (urban 1, no fortification: posture = hasty
// defence 1.3) from `post` with two units of `each` fighters; blue holds it
// with 100. Red's doctrine attacks at 2:1, so the besiegers' combat power must
// reach 2 x 100 x 1.3 = 260 (all at morale 1, supplied at home).
SpecBuilder siege_of_town(double each) {
  auto b = testing::two_sides({.days = 3,
                               .places = {"post", {"town", NodeKind::town, 5000}},
                               .roads = {{"post", "town", 5}},
                               .red_holds = {"post"},
                               .blue_holds = {"town"},
                               .red_home = {"post"},
                               .blue_home = {"town"}});
  b.node_ref("town").urban = 1.0;
  b.node_ref("town").fortification = 1.0;
  b.faction_ref("red").doctrine.attack_ratio = 2.0;
  b.unit("blue", "b", "town", 100, 0, Order::garrison);
  b.unit("red", "r0", "post", each, 0, Order::besiege, "town");
  b.unit("red", "r1", "post", each, 0, Order::besiege, "town");
  return b;
}

// A siege is the leaders' decision to take the place: the besiegers storm it
// together once the odds allow, and keep the ring below them, when shaken, and
// while a campaign of their side leads the attack.
TEST(Decisions, BesiegersStormTheirTargetOnceTheOddsAllow) {
  const auto orders_after_a_step = [](SpecBuilder b) {
    testing::Stepper run(b.build());
    run.step();
    const auto& u = run.state().units;
    EXPECT_EQ(u.order[run.unit("r0")], u.order[run.unit("r1")]);  // together or not at all
    EXPECT_EQ(u.target[run.unit("r0")], run.node("town"));
    return u.order[run.unit("r0")];
  };
  EXPECT_EQ(orders_after_a_step(siege_of_town(130)), Order::advance);  // 260 / 130 = 2
  EXPECT_EQ(orders_after_a_step(siege_of_town(125)), Order::besiege);  // 250 / 130 < 2
  auto shaken = siege_of_town(250);
  for (auto& unit : shaken.raw().factions[0].units) unit.morale = 0.55;  // < rally 0.6
  EXPECT_EQ(orders_after_a_step(shaken), Order::besiege);                // though 275 / 130 >= 2
  auto steady = siege_of_town(200);
  for (auto& unit : steady.raw().factions[0].units) unit.morale = 0.7;  // 280 / 130 >= 2
  EXPECT_EQ(orders_after_a_step(steady), Order::advance);
  // Red's leaders open a campaign on the town with another unit: it leads the
  // attack, and the besiegers keep the ring.
  auto campaign = siege_of_town(130);
  campaign.unit("red", "field", "post", 10);
  campaign.campaign("go", "2016-01-01", "red", "town", {"field"});
  EXPECT_EQ(orders_after_a_step(campaign), Order::besiege);
}

// Main alone at x, which w also threatens: it leaves a garrison of what x
// needs against w in its slot and attacks y with the rest.
TEST(Decisions, ALoneUnitLeavesAGarrisonAndAttacksWithTheRest) {
  auto b = two_threats(false);
  b.faction_ref("red").doctrine.hold_ratio = 0.5;
  b.faction_ref("red").doctrine.attack_ratio = 1.0;  // ready at once
  testing::Stepper run(b.build());
  const double need = 0.5 * 300.0 / 1.3;  // hold ratio x threat from w / hasty defence
  run.step();
  const auto& u = run.state().units;
  const std::size_t main = run.unit("main");
  const std::size_t garrison = run.unit("main/garrison");
  EXPECT_EQ(u.order[main], Order::advance);
  EXPECT_EQ(u.active[garrison], 1);
  EXPECT_EQ(u.node[garrison], run.node("x"));
  EXPECT_EQ(u.order[garrison], Order::hold);
  EXPECT_NEAR(u.fighters[garrison], need, 1e-9);
  EXPECT_LE(u.fighters[main], 600.0 - need + 1e-9);  // the rest, less what the attack cost
  EXPECT_GT(u.fighters[main], 0.5 * 600.0);
  // While it only builds up (attack ratio 3 against 200 in a hasty
  // defence), nothing is detached.
  auto waiting = two_threats(false);
  waiting.faction_ref("red").doctrine.hold_ratio = 0.5;
  testing::Stepper build_up(waiting.build());
  build_up.step();
  EXPECT_EQ(build_up.state().units.active[build_up.unit("main/garrison")], 0);
  EXPECT_EQ(build_up.state().units.fighters[build_up.unit("main")], 600.0);
}

// A reserve in the rear redeploys to the front node that needs a garrison.
TEST(Decisions, ReservesRedeployToTheThreatenedNode) {
  auto b = testing::two_sides({.days = 3,
                               .roads = {{"rear", "x", 50}, {"x", "y", 60}},
                               .red_holds = {"rear", "x"},
                               .blue_holds = {"y"},
                               .red_home = {"rear"},
                               .blue_home = {"y"}});
  b.unit("red", "reserve", "rear", 500);
  b.unit("blue", "b", "y", 300, 0, Order::garrison);
  testing::Stepper run(b.build());
  run.step();
  EXPECT_EQ(run.state().units.order[run.unit("reserve")], Order::redeploy);
  EXPECT_EQ(run.state().units.target[run.unit("reserve")], run.node("x"));
  EXPECT_EQ(run.state().units.node[run.unit("reserve")], run.node("x"));  // 50 km < 120 a day
  run.step();
  EXPECT_EQ(run.state().units.order[run.unit("reserve")], Order::hold);
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

// The aim of the campaign red's commander opened of its own initiative (none:
// the test fails).
NodeIndex red_aim(const testing::Stepper& run) {
  const auto& campaign = run.state().commanders[0].campaign;
  EXPECT_TRUE(campaign.has_value());
  return campaign.has_value() ? campaign->aim : kNoNode;
}

// With aggression, a commander picks the valuable city over the empty
// junction at the same distance as its own campaign's aim, and takes it: 35
// km at road speed (0.29 days), the last 15 km at the opposed rate of 20 km a
// day (0.75 days): there on day 2, held uncontested for the day it needs.
TEST(Decisions, CommandersPickObjectivesByValueAgainstCost) {
  auto b = testing::two_sides(
      {.days = 6,
       .places = {"base", {"city", NodeKind::city, 300000}, {"junction", NodeKind::junction}},
       .roads = {{"base", "city", 50}, {"base", "junction", 50}},
       .red_holds = {"base"},
       .blue_holds = {"city", "junction"},
       .red_home = {"base"}});
  b.faction_ref("red").doctrine.aggression = 1.0;
  b.unit("red", "r", "base", 500);
  testing::Stepper run(b.build());
  run.step();
  EXPECT_EQ(red_aim(run), run.node("city"));
  EXPECT_EQ(run.state().units.target[run.unit("r")], run.node("city"));
  EXPECT_EQ(run.state().nodes.controller[static_cast<std::size_t>(run.node("city"))], 1);
  run.step();
  EXPECT_EQ(run.state().nodes.controller[static_cast<std::size_t>(run.node("city"))], 0);
}

// A commander of its own initiative measures the distance to an aim from
// where its free forces stand, not from any place it holds: the city (value
// 3 + 0.3) lies 30 km from red's empty outpost but 600 km from its only
// unit (score 3.3 - 0.5 x 6 = 0.3), the town (1 + 0.3) 50 km from it
// (1.3 - 0.25 = 1.05): the town is its aim.
TEST(Decisions, ACampaignOfItsOwnIsMeasuredFromItsFreeForces) {
  auto b = testing::two_sides(
      {.places =
           {"base", "outpost", {"city", NodeKind::city, 300000}, {"town", NodeKind::town, 100000}},
       .roads = {{"base", "outpost", 570}, {"outpost", "city", 30}, {"base", "town", 50}},
       .red_holds = {"base", "outpost"},
       .blue_holds = {"city", "town"},
       .red_home = {"base"}});
  b.faction_ref("red").doctrine.aggression = 1.0;
  b.unit("red", "r", "base", 500);
  testing::Stepper run(b.build());
  run.step();
  EXPECT_EQ(red_aim(run), run.node("town"));
}

// It commits the free units nearest the aim first: with aggression 0.2
// (260 of 1,300 fighters) the 300 next to the town go, the 1,000 far
// away stay free.
TEST(Decisions, ACampaignOfItsOwnCommitsTheNearestForcesFirst) {
  auto b = testing::two_sides({.places = {"near", "far", {"town", NodeKind::town, 100000}},
                               .roads = {{"near", "town", 20}, {"far", "near", 300}},
                               .red_holds = {"near", "far"},
                               .blue_holds = {"town"},
                               .red_home = {"near", "far"}});
  b.faction_ref("red").doctrine.aggression = 0.2;
  b.unit("red", "small", "near", 300);
  b.unit("red", "big", "far", 1000);
  testing::Stepper run(b.build());
  run.step();
  EXPECT_EQ(run.state().units.committed[run.unit("small")], 1);
  EXPECT_EQ(run.state().units.committed[run.unit("big")], 0);
}

// The aim is judged by the force the campaign will have. With aggression 0.2
// red commits 260 of its 1,300 fighters: the city 30 km off, held by 200
// (3 x 200 = 600 needed), is beyond them though all 1,300 could take it
// (and would score 0.2 x 3.3 - 0.5 x 0.3 - 200 / 1300 = 0.36); the empty town
// 20 km off is the aim (0.2 x 1.3 - 0.5 x 0.2 = 0.16 > 0).
TEST(Decisions, ACampaignOfItsOwnIsJudgedByTheForceItCommits) {
  auto b = testing::two_sides(
      {.places =
           {"near", "far", {"city", NodeKind::city, 300000}, {"town", NodeKind::town, 100000}},
       .roads = {{"near", "city", 30}, {"near", "town", 20}, {"far", "near", 300}},
       .red_holds = {"near", "far"},
       .blue_holds = {"city", "town"},
       .red_home = {"near", "far"},
       .blue_home = {"city"}});
  auto& red = b.faction_ref("red").doctrine;
  red.aggression = 0.2;
  red.reach_km = 20.0;  // the city threatens nobody
  b.unit("red", "small", "near", 300);
  b.unit("red", "big", "far", 1000);
  b.unit("blue", "b", "city", 200, 0, Order::garrison);
  testing::Stepper run(b.build());
  run.step();
  EXPECT_EQ(red_aim(run), run.node("town"));
}

// An aggressive commander's campaign takes its forces from the front too:
// red's only unit, 1,000 at the front node 20 km from blue's 100 in the town
// and blue's 100 at the junction, is committed to a campaign on the town
// (score 1 x 1.3 - 0.5 x 0.2 - 100 / 1000 = 1.1; the junction's 0.3 - 0.1 -
// 0.1 = 0.1) and leaves the node the garrison the junction's threat needs
// while the town's defenders are engaged (0.5 x 100 / 1.3 = 38). Before, only units standing
// where no threat reached were free for it: a faction whose forces all faced
// the enemy never went over to the offensive, whatever its aggression.
TEST(Decisions, ACampaignOfItsOwnTakesFrontForcesTheFrontDoesNotNeed) {
  auto b = testing::two_sides(
      {.days = 3,
       .places = {"front", {"town", NodeKind::town, 100000}, {"junction", NodeKind::junction}},
       .roads = {{"front", "town", 20}, {"front", "junction", 20}},
       .red_holds = {"front"},
       .blue_holds = {"town", "junction"},
       .red_home = {"front"},
       .blue_home = {"town", "junction"}});
  b.faction_ref("red").doctrine.aggression = 1.0;
  b.unit("red", "r", "front", 1000);
  b.unit("blue", "b", "town", 100, 0, Order::garrison);
  b.unit("blue", "j", "junction", 100, 0, Order::garrison);
  testing::Stepper run(b.build());
  run.step();
  EXPECT_EQ(red_aim(run), run.node("town"));
  EXPECT_EQ(run.state().units.committed[run.unit("r")], 1);
  EXPECT_EQ(run.state().units.target[run.unit("r")], run.node("town"));
  // The front node keeps a garrison of what it needs (the detachment).
  EXPECT_NEAR(run.state().units.fighters[run.unit("r/garrison")], 0.5 * 100 / 1.3, 1.0);
  EXPECT_EQ(run.state().units.node[run.unit("r/garrison")], run.node("front"));
}

// A unit its front node does not need counter-attacks the enemy next to it
// (in ground red lost on the first day) when its own combat power is at the doctrine's ratio: red's
// free 400 (x 0.8) against blue's 200 at y with morale 0.3 behind their posture 1.3: 320 / 78 = 4.1
// >= 3, it attacks; against a fresh blue (320 / 208 = 1.5) it does not, nor when it is shaken
// itself (morale 0.5). x keeps its garrison of 300 (it needs 0.5 x 200 / 1.3 = 77).
TEST(Decisions, AFreeUnitCounterAttacksAWeakenedEnemyNextToIt) {
  const auto counter_attacks = [](double blue_morale, double red_morale) {
    auto b = testing::two_sides(
        {.roads = {{"x", "y", 10}}, .red_holds = {"x"}, .red_home = {"x"}, .blue_home = {"y"}});
    lost_to_blue(b, "y");
    b.unit("red", "guard", "x", 300, 0, Order::garrison);
    b.unit("red", "free", "x", 400).morale = red_morale;
    b.unit("blue", "b", "y", 200, 0, Order::garrison).morale = blue_morale;
    testing::Stepper run(b.build());
    run.step();
    const std::size_t free = run.unit("free");
    EXPECT_EQ(run.state().units.node[run.unit("guard")], run.node("x"));
    return run.state().units.order[free] == Order::advance &&
           run.state().units.target[free] == run.node("y");
  };
  EXPECT_TRUE(counter_attacks(0.3, 0.8));
  EXPECT_FALSE(counter_attacks(0.8, 0.8));
  EXPECT_FALSE(counter_attacks(0.3, 0.5));
}

// New ground is the leaders' decision. Red's free 400 at x, next to blue's
// shaken 200 at y (4.1:1, above), with aggression 0: it does not attack y
// while red has no campaign and has never held y; it does when y was red's
// (it went over to blue on the first day: the line is restored), when red's
// leaders have a campaign under way (on z, far off, with another unit), and
// when red's doctrine has an appetite for new objectives of its own.
TEST(Decisions, NewGroundIsTheLeadersDecision) {
  enum class Case { fresh_ground, lost_ground, campaign, aggression };
  const auto counter_attacks = [](Case c) {
    auto b = testing::two_sides({.roads = {{"x", "y", 10}, {"x", "z", 400}},
                                 .red_holds = {"x"},
                                 .blue_holds = {"z"},
                                 .red_home = {"x"},
                                 .blue_home = {"y", "z"}});
    if (c == Case::lost_ground)
      lost_to_blue(b, "y");
    else
      b.control("y", "blue");
    b.unit("red", "guard", "x", 300, 0, Order::garrison);
    b.unit("red", "free", "x", 400);
    b.unit("blue", "b", "y", 200, 0, Order::garrison).morale = 0.3;
    if (c == Case::campaign) {
      b.unit("red", "column", "x", 50);
      b.campaign("far-off", "2016-01-01", "red", "z", {"column"});
    }
    if (c == Case::aggression) b.faction_ref("red").doctrine.aggression = 0.05;
    testing::Stepper run(b.build());
    run.step();
    const std::size_t free = run.unit("free");
    return run.state().units.order[free] == Order::advance &&
           run.state().units.target[free] == run.node("y");
  };
  EXPECT_FALSE(counter_attacks(Case::fresh_ground));
  EXPECT_TRUE(counter_attacks(Case::lost_ground));
  EXPECT_TRUE(counter_attacks(Case::campaign));
  EXPECT_TRUE(counter_attacks(Case::aggression));
}

// A lone unit at a front node counter-attacks the weakened outpost facing it
// (in ground red lost on the first day; 400 at morale 0.8 against 100 at 0.3 behind a hasty
// defence: 8.2 >= 3) and leaves behind, in its garrison slot, what its node needs meanwhile
// (hold_ratio 0.5 x the 100 still threatening it, posture 1.3: 38.5, at least
// parameters.min_presence). Once the outpost is gone and nothing threatens
// the node, the garrison rejoins its unit: one unit again, every fighter
// accounted for.
TEST(Decisions, ALoneUnitLeavesAGarrisonCounterAttacksAndIsRejoined) {
  auto b = testing::two_sides({.days = 12,
                               .roads = {{"x", "y", 10}, {"y", "blue_home", 300}},
                               .red_holds = {"x"},
                               .blue_holds = {"blue_home"},
                               .red_home = {"x"},
                               .blue_home = {"blue_home"}});
  lost_to_blue(b, "y");
  b.unit("red", "lone", "x", 400).morale = 0.8;
  b.unit("blue", "outpost", "y", 100, 0, Order::garrison).morale = 0.3;
  testing::Stepper run(b.build());
  const std::size_t lone = run.unit("lone");
  const std::size_t garrison = run.unit("lone/garrison");
  run.step();
  const auto& u = run.state().units;
  ASSERT_EQ(u.active[garrison], 1);
  EXPECT_EQ(u.node[garrison], run.node("x"));
  const Parameters p;
  // (less the odd fighter lost to probing fire across the 10 km road)
  EXPECT_NEAR(u.fighters[garrison], std::max(0.5 * 100.0 / 1.3, p.min_presence), 2.0);
  EXPECT_EQ(u.target[lone], run.node("y"));
  const double before = u.fighters[lone] + u.fighters[garrison];
  run.step(11);
  EXPECT_EQ(run.state().nodes.controller[static_cast<std::size_t>(run.node("y"))], 0);
  EXPECT_EQ(u.active[garrison], 0);
  EXPECT_EQ(u.node[lone], run.node("y"));
  EXPECT_LE(u.fighters[lone], before);
  EXPECT_GT(u.fighters[lone], 0.9 * before);
}

// Follow-up of a withdrawal: red's free units stand at x, next to blue's
// empty town y (10 km) and empty city z (20 km), and an empty blue outpost
// v beyond their reach (150 km). Nobody threatens x, so nobody needs them.
SpecBuilder empty_enemy_ground(double b_morale, Relation relation = Relation::war) {
  auto b = testing::two_sides(
      {.days = 6,
       .places = {"x", {"y", NodeKind::town, 5000}, {"z", NodeKind::city, 50000}},
       .roads = {{"x", "y", 10}, {"x", "z", 20}, {"x", "v", 150}, {"z", "blue_home", 400}},
       .red_holds = {"x"},
       .blue_holds = {"y", "z", "v", "blue_home"},
       .red_home = {"x"},
       .blue_home = {"blue_home"},
       .relation = relation});
  b.unit("red", "a", "x", 300);
  b.unit("red", "b", "x", 200).morale = b_morale;
  b.unit("blue", "home_guard", "blue_home", 100, 0, Order::garrison);
  return b;
}

// One unit to each place, the strongest to the most valuable (the city), the
// next to the town; the outpost beyond reach is left alone.
TEST(Decisions, FreeUnitsFollowUpIntoGroundTheEnemyHasLeft) {
  testing::Stepper run(empty_enemy_ground(0.9).build());
  run.step();
  const auto& u = run.state().units;
  EXPECT_EQ(u.order[run.unit("a")], Order::advance);
  EXPECT_EQ(u.target[run.unit("a")], run.node("z"));
  EXPECT_EQ(u.order[run.unit("b")], Order::advance);
  EXPECT_EQ(u.target[run.unit("b")], run.node("y"));
  run.step(5);
  const auto& control = run.state().nodes.controller;
  EXPECT_EQ(control[static_cast<std::size_t>(run.node("z"))], 0);
  EXPECT_EQ(control[static_cast<std::size_t>(run.node("y"))], 0);
  EXPECT_EQ(control[static_cast<std::size_t>(run.node("v"))], 1);
}

// Nor beyond the supply range: with supply.range_km at 15 km from red's home
// x, the town y (10 km) is within it and the city z (20 km) is not. The
// strongest unit a takes the town; b, with no place left for it, holds.
TEST(Decisions, NoFollowUpBeyondTheSupplyRange) {
  auto b = empty_enemy_ground(0.9);
  b.parameters().supply_range_km = 15.0;
  testing::Stepper run(b.build());
  run.step();
  const auto& u = run.state().units;
  EXPECT_EQ(u.order[run.unit("a")], Order::advance);
  EXPECT_EQ(u.target[run.unit("a")], run.node("y"));
  EXPECT_EQ(u.order[run.unit("b")], Order::hold);
  run.step(5);
  const auto& control = run.state().nodes.controller;
  EXPECT_EQ(control[static_cast<std::size_t>(run.node("y"))], 0);
  EXPECT_EQ(control[static_cast<std::size_t>(run.node("z"))], 1);
}

// Its own side's lost ground a unit retakes however long the road: the
// outpost v (150 km, beyond red's reach of 100) was red's until it went over
// to blue on the first day; red's third free unit c, with the city and the
// town taken care of, follows up into it. Blue's from the start, it is left
// alone (above).
TEST(Decisions, AFollowUpRetakesItsOwnLostGroundBeyondItsReach) {
  for (const bool reds_before : {true, false}) {
    auto b = empty_enemy_ground(0.9);
    b.unit("red", "c", "x", 100);
    if (reds_before) {
      b.control("v", "red");
      auto& lost = b.event("v-goes-over", "2016-01-01", EventKind::defection, "blue");
      lost.other = "red";
      lost.nodes = {"v"};
    }
    testing::Stepper run(b.build());
    run.step();
    ASSERT_EQ(run.state().nodes.controller[static_cast<std::size_t>(run.node("v"))], 1);
    const std::size_t c = run.unit("c");
    EXPECT_EQ(run.state().units.order[c], reds_before ? Order::advance : Order::hold);
    if (reds_before) {
      EXPECT_EQ(run.state().units.target[c], run.node("v"));
    }
  }
}

// A shaken unit (morale 0.3 < combat.rally_morale) does not follow up, and
// nobody follows up into the ground of a faction it is not at war with.
TEST(Decisions, NoFollowUpByAShakenUnitOrWithoutWar) {
  testing::Stepper shaken(empty_enemy_ground(0.3).build());
  shaken.step();
  EXPECT_EQ(shaken.state().units.order[shaken.unit("b")], Order::hold);
  EXPECT_EQ(shaken.state().units.target[shaken.unit("a")], shaken.node("z"));
  testing::Stepper at_peace(empty_enemy_ground(0.9, Relation::neutral).build());
  at_peace.step(3);
  for (const char* unit : {"a", "b"}) {
    EXPECT_EQ(at_peace.state().units.order[at_peace.unit(unit)], Order::hold) << unit;
    EXPECT_EQ(at_peace.state().units.node[at_peace.unit(unit)], at_peace.node("x")) << unit;
  }
}

// A place an enemy column is on the road from is no ground given up: blue's
// scout leaves the city z on day 1, down the 80 km track to red's x (60 km a
// day: still on it on day 2), or away to blue_home. On day 2 z is empty; red's
// free unit a (x held by its garrison; red never attacks the scout itself)
// follows up into it only if the scout is not on that road.
SpecBuilder scout_leaves_the_city(bool toward_red) {
  auto b = testing::two_sides({.days = 4,
                               .places = {"x", {"z", NodeKind::city, 50000}},
                               .roads = {{"x", "z", 80, EdgeKind::track}, {"z", "blue_home", 300}},
                               .red_holds = {"x"},
                               .blue_holds = {"z", "blue_home"},
                               .red_home = {"x"},
                               .blue_home = {"blue_home"}});
  b.faction_ref("red").doctrine.attack_ratio = 50.0;  // no counter-attack on the scout
  b.unit("red", "a", "x", 300);
  b.unit("red", "guard", "x", 300, 0, Order::garrison);
  b.unit("blue", "scout", "z", 30, 0, Order::advance, toward_red ? "x" : "blue_home");
  return b;
}

TEST(Decisions, NoFollowUpAlongARoadAnEnemyColumnIsOn) {
  testing::Stepper away(scout_leaves_the_city(false).build());
  away.step(2);
  EXPECT_EQ(away.state().units.order[away.unit("a")], Order::advance);
  EXPECT_EQ(away.state().units.target[away.unit("a")], away.node("z"));
  testing::Stepper coming(scout_leaves_the_city(true).build());
  coming.step(2);
  EXPECT_EQ(coming.state().units.order[coming.unit("a")], Order::hold);
  EXPECT_EQ(coming.state().units.node[coming.unit("a")], coming.node("x"));
}

// Decide, then apply: listing the units in another order changes nothing.
TEST(Decisions, UnitOrderNeverChangesTheResult) {
  auto b = testing::two_sides({.days = 20,
                               .roads = {{"w", "x", 60}, {"x", "y", 60}, {"y", "z", 60}},
                               .red_holds = {"w", "x"},
                               .blue_holds = {"y", "z"},
                               .red_home = {"w"},
                               .blue_home = {"z"}});
  for (auto& n : b.raw().map.nodes) n.population = 10000;
  for (const char* f : {"red", "blue"}) b.faction_ref(f).doctrine.aggression = 1.0;
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
