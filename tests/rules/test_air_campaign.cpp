// Air campaigns: sorties hit the enemy forces that are in the area, in contact
// first, then on the move, then at rest; a sortie with no target is not flown.
#include <gtest/gtest.h>

#include <cmath>

#include "frontline/rules/air_campaign.hpp"
#include "support.hpp"
#include "two_sides.hpp"

namespace frontline {
namespace {

using testing::node_of;
using testing::SpecBuilder;

// red_town - front - blue_town - rear, 100 km apart on a line (0.9 degrees of
// longitude each, about 100 km at this latitude).
SpecBuilder line() {
  auto b = testing::two_sides({.days = 10,
                               .roads = {{"red_town", "front", 100},
                                         {"front", "blue_town", 100},
                                         {"blue_town", "rear", 100}},
                               .red_holds = {"red_town"},
                               .blue_holds = {"front", "blue_town", "rear"},
                               .red_home = {"red_town"},
                               .blue_home = {"rear"}});
  auto& nodes = b.raw().map.nodes;  // in the roads' order, west to east
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    nodes[i].lat = 31.0;
    nodes[i].lon = 15.0 + 1.05 * static_cast<double>(i);
  }
  b.parameters().airstrike_kills_per_sortie = 2;
  return b;
}

EventSpec& campaign(SpecBuilder& b, double sorties, const char* until = "2016-01-10") {
  auto& e = b.event("strikes", "2016-01-01", EventKind::air_campaign, "red");
  e.other = "blue";
  e.sorties = sorties;
  e.until = testing::date(until);
  return e;
}

double blue_losses(const RunRecord& r) {
  const int T = r.time_points - 1;
  return r.killed[r.tf(T, 1)] + r.wounded[r.tf(T, 1)];
}

// 5 sorties a day for 10 days at 2 casualties a sortie on the only target,
// a garrison in its own town (urban 1, fortification 1: cover 1.3, the hasty
// defence): Poisson(10 / 1.3) a day, one record a day, and the strength falls
// by what was hit.
TEST(AirCampaign, HitsTheEnemyInItsAreaAboutSortiesTimesKills) {
  auto b = line();
  b.unit("blue", "garrison", "blue_town", 1000, 0, Order::garrison);
  auto& e = campaign(b, 5);
  e.node = "blue_town";
  e.radius_km = 10;  // blue_town alone
  const RunRecord r = run_scenario(b.build(), 4, 0);
  EXPECT_EQ(testing::count_events(r, EventRecordKind::airstrike), 10);
  const double lost = blue_losses(r);
  EXPECT_NEAR(lost, 100.0 / 1.3, 4 * 8.8);  // Poisson(76.9): four standard deviations
  const int T = r.time_points - 1;
  EXPECT_NEAR(r.strength[r.tfn(T, 1, node_of(r, "blue_town"))], 1000.0 - lost, 1e-3);
}

// The holder's cover shields it from the air as from ground fire: in a city
// (urban 1.4) with works (fortification 2) its posture is 1.4 x 2 x 1.3 =
// 3.64, so 50 sorties at 2 a sortie cost it Poisson(27.5), not Poisson(100),
// over 30 seeds: a mean within 4 standard deviations (5.2 / sqrt 30) of 27.5.
TEST(AirCampaign, TheHoldersCoverShieldsItFromTheAir) {
  double total = 0.0;
  constexpr int kSeeds = 30;
  for (int seed = 1; seed <= kSeeds; ++seed) {
    auto b = line();
    auto& town = b.raw().map.nodes[2];  // blue_town
    town.urban = 1.4;
    town.fortification = 2.0;
    b.faction_ref("blue").doctrine.breakpoint = 0.0;  // it never leaves
    b.unit("blue", "garrison", "blue_town", 1000, 0, Order::garrison);
    auto& e = campaign(b, 5);
    e.node = "blue_town";
    e.radius_km = 10;
    total += blue_losses(run_scenario(b.build(), static_cast<std::uint64_t>(seed), 0));
  }
  EXPECT_NEAR(total / kSeeds, 100.0 / 3.64, 4 * std::sqrt(100.0 / 3.64 / kSeeds));
}

// Losses from the air cost morale as losses in combat do, times
// airstrike.morale_shock: 3 (sensitivity) x share lost x 2 / tolerance 1, and
// the day's recovery (0.02) of a supplied unit.
TEST(AirCampaign, LossesFromTheAirCostMorale) {
  auto b = line();
  b.faction_ref("blue").doctrine.casualty_tolerance = 1.0;
  b.unit("blue", "garrison", "blue_town", 1000, 0, Order::garrison).morale = 0.5;
  auto& e = campaign(b, 20);
  e.node = "blue_town";
  e.radius_km = 10;
  b.parameters().airstrike_morale_shock = 2.0;
  testing::Stepper run(b.build());
  run.step();
  const std::size_t unit = run.unit("garrison");
  const double lost = 1.0 - run.state().units.fighters[unit] / 1000.0;
  EXPECT_GT(lost, 0.0);
  EXPECT_NEAR(run.state().units.morale[unit], 0.5 - 3.0 * lost * 2.0 + 0.02, 1e-9);
}

// A unit the strikes break falls back: the garrison at blue_town (morale
// 0.35, breakpoint 0.3) loses 40 sorties x 2 = about 80 of 200 fighters, a
// morale cost of 3 x 0.4 / 0.5 = 2.4: it retreats toward its rear, to rear
// (its supply source; front is as near but toward the enemy), never to the
// struck town itself. At morale 0.9 with a tenth of the strikes it holds.
TEST(AirCampaign, UnitsTheStrikesBreakFallBack) {
  for (const bool broken : {true, false}) {
    auto b = line();
    b.faction_ref("blue").doctrine.breakpoint = 0.3;
    b.unit("blue", "garrison", "blue_town", 200).morale = broken ? 0.35 : 0.9;
    auto& e = campaign(b, broken ? 40 : 4);
    e.node = "blue_town";
    e.radius_km = 10;
    testing::Stepper run(b.build());
    run.step();
    const std::size_t unit = run.unit("garrison");
    EXPECT_EQ(run.state().units.order[unit], broken ? Order::retreat : Order::hold) << broken;
    if (broken) {
      EXPECT_EQ(run.state().units.target[unit], run.node("rear"));
    }
  }
}

// Nobody of the other side in the area: no sortie is flown or recorded.
TEST(AirCampaign, AStrikeWithNoTargetIsNotFlownOrRecorded) {
  auto b = line();
  b.unit("blue", "garrison", "rear", 1000, 0, Order::garrison);
  auto& e = campaign(b, 50);
  e.node = "red_town";
  e.radius_km = 150;  // red_town and front, where blue has nobody
  const RunRecord r = run_scenario(b.build(), 4, 0);
  EXPECT_EQ(testing::count_events(r, EventRecordKind::airstrike), 0);
  EXPECT_EQ(blue_losses(r), 0.0);
}

// Red at red_town; blue's forward post of 300 at the front, red_town - front
// km of road from it, and its reserve of 3,000 at the rear; ten sorties a day
// against blue everywhere for three days.
SpecBuilder forward_post_and_reserve(double red_town_to_front_km) {
  auto b = line();
  b.raw().map.edges.front().km = red_town_to_front_km;
  b.unit("red", "r", "red_town", 500, 0, Order::garrison);
  b.unit("blue", "forward", "front", 300, 0, Order::garrison);
  b.unit("blue", "reserve", "rear", 3000, 0, Order::garrison);
  b.faction_ref("blue").doctrine.breakpoint = 0.0;  // they never break and leave
  campaign(b, 10, "2016-01-03");
  return b;
}

// Blue at the front faces red next door, 10 km of road away (within
// combat.contact_range_km, 15 km); blue at the rear does not: every sortie goes
// to the forces in contact.
TEST(AirCampaign, ForcesInContactComeFirst) {
  auto b = forward_post_and_reserve(10);
  const RunRecord r = run_scenario(b.build(), 4, 0, true);
  const auto rear = node_of(r, "rear");
  EXPECT_EQ(r.strength[r.tfn(r.time_points - 1, 1, rear)], 3000.0f);
  for (const auto& event : r.events) {
    if (event.kind == EventRecordKind::airstrike) {
      EXPECT_EQ(event.node, static_cast<std::int32_t>(node_of(r, "front")));
    }
  }
  EXPECT_GT(blue_losses(r), 0.0);
}

// Red 100 km of road from blue's forward post is not in contact with it (the
// ground's contact range, 15 km): blue's forward post and reserve are both
// forces at rest, and the sorties fall on either in proportion to their
// fighters, so the reserve of 3,000 is hit too. With the contact range at
// 100 km the same forward post is in contact and draws every sortie.
TEST(AirCampaign, AnEnemyBeyondContactRangeIsNoContact) {
  const auto rear_after_strikes = [](double contact_range_km) {
    auto b = forward_post_and_reserve(100);
    b.parameters().contact_range_km = contact_range_km;
    const RunRecord r = run_scenario(b.build(), 4, 0);
    return r.strength[r.tfn(r.time_points - 1, 1, node_of(r, "rear"))];
  };
  EXPECT_LT(rear_after_strikes(15.0), 3000.0f);
  EXPECT_EQ(rear_after_strikes(100.0), 3000.0f);
}

// Nobody in contact: a column on the road is hit before a garrison at rest.
TEST(AirCampaign, ThenForcesOnTheMove) {
  auto b = line();
  b.raw().calendar.end = b.raw().calendar.start + std::chrono::days(1);
  b.raw().map.edges.back().km = 300;  // blue_town - rear: more than a day's drive
  b.unit("blue", "column", "blue_town", 400, 0, Order::advance, "rear");
  b.unit("blue", "garrison", "blue_town", 2000, 0, Order::garrison);
  campaign(b, 20, "2016-01-01");
  testing::Stepper run(b.build(), 4, 0);
  run.step();
  const std::size_t column = run.unit("column");
  EXPECT_NE(run.state().units.edge[column], kNoEdge);  // it left during the step
  EXPECT_LT(run.state().units.fighters[column], 400.0);
  EXPECT_EQ(run.state().units.fighters[run.unit("garrison")], 2000.0);
}

// A campaign flies only from its date to its last day.
TEST(AirCampaign, EndsAfterItsLastDay) {
  auto b = line();
  b.unit("blue", "garrison", "blue_town", 1000, 0, Order::garrison);
  auto& e = campaign(b, 5, "2016-01-04");
  e.date = testing::date("2016-01-03");
  const RunRecord r = run_scenario(b.build(), 4, 0);
  for (const auto& event : r.events) {
    if (event.kind == EventRecordKind::airstrike) {
      EXPECT_GE(event.time_index, 2);
      EXPECT_LE(event.time_index, 3);
    }
  }
  EXPECT_EQ(testing::count_events(r, EventRecordKind::airstrike), 2);
}

}  // namespace
}  // namespace frontline
