// scenario_notes: factions at war facing each other across a road longer than
// a side's reach.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <utility>

#include "frontline/scenario/notes.hpp"
#include "helpers.hpp"

namespace frontline {
namespace {

EdgeSpec edge(const char* from, const char* to, double km, EdgeKind kind = EdgeKind::road) {
  EdgeSpec e;
  e.id = std::string(from) + "-" + to;
  e.from = from;
  e.to = to;
  e.kind = kind;
  e.km = km;
  return e;
}

// West (held by A, reach 100 km) - 80 km - Middle (B) - 130 km - East (A), and a
// 300 km sea lane West - East; B's reach is 150 km.
ScenarioSpec two_sides(Relation relation) {
  ScenarioSpec spec;
  for (const char* id : {"west", "middle", "east"}) {
    NodeSpec node;
    node.id = id;
    spec.map.nodes.push_back(node);
  }
  spec.map.edges.push_back(edge("west", "middle", 80.0));
  spec.map.edges.push_back(edge("middle", "east", 130.0));
  spec.map.edges.push_back(edge("west", "east", 300.0, EdgeKind::sea));
  for (const char* id : {"A", "B"}) {
    FactionSpec faction;
    faction.id = id;
    spec.factions.push_back(faction);
  }
  spec.factions[0].doctrine.reach_km = 100.0;
  spec.factions[1].doctrine.reach_km = 150.0;
  spec.relations.push_back({"A", "B", relation});
  spec.control = {{"west", "A"}, {"middle", "B"}, {"east", "A"}};
  return spec;
}

TEST(ScenarioNotes, NamesTheSideWhoseReachIsShorterThanTheRoadBetweenThem) {
  const auto notes = scenario_notes(two_sides(Relation::war));
  ASSERT_EQ(notes.size(), 1u);  // not the 80 km road, not the sea lane
  EXPECT_NE(notes[0].find("B at middle and A at east"), std::string::npos) << notes[0];
  EXPECT_NE(notes[0].find("a road of 130 km"), std::string::npos) << notes[0];
  EXPECT_NE(notes[0].find("reach_km of A (100 km): "), std::string::npos) << notes[0];
  EXPECT_NE(notes[0].find("A does not count"), std::string::npos) << notes[0];
}

TEST(ScenarioNotes, NamesBothSidesWhenNeitherReachesAcross) {
  auto spec = two_sides(Relation::war);
  spec.factions[1].doctrine.reach_km = 129.0;
  const auto notes = scenario_notes(spec);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].find("reach_km of B (129 km) and A (100 km): "), std::string::npos)
      << notes[0];
  EXPECT_NE(notes[0].find("neither counts"), std::string::npos) << notes[0];
}

TEST(ScenarioNotes, NothingBetweenSidesNotAtWarOrWithinReach) {
  EXPECT_TRUE(scenario_notes(two_sides(Relation::ceasefire)).empty());
  auto spec = two_sides(Relation::war);
  spec.factions[0].doctrine.reach_km = 130.0;  // a road as long as the reach is within it
  EXPECT_TRUE(scenario_notes(spec).empty());
  spec = two_sides(Relation::war);
  spec.control["middle"] = "";  // nobody's
  EXPECT_TRUE(scenario_notes(spec).empty());
}

// El Agheila lies between Brega and Ras Lanuf (43 and 73 km), so the eastern
// front of 2011 faces across no road longer than the sides' reach; only the
// desert road from Misrata to Bani Walid (151 km) is.
TEST(ScenarioNotes, TheShippedEasternFrontOf2011IsInViewAlongTheCoastRoad) {
  const ScenarioSpec spec = load_scenario(test::shipped() / "libya-2011-east.yaml");
  const auto notes = scenario_notes(spec);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].find("REB at misrata and LOY at bani_walid"), std::string::npos) << notes[0];
  EXPECT_NE(notes[0].find("a road of 151 km"), std::string::npos) << notes[0];
}

EventSpec campaign_or_halt(const char* id, EventKind kind, const char* faction, int day_of_may,
                           const char* aim = "") {
  EventSpec e;
  e.id = id;
  e.kind = kind;
  e.faction = faction;
  e.date = std::chrono::sys_days{std::chrono::year{2016} / 5 / day_of_may};
  e.aim = aim;
  return e;
}

std::size_t count_containing(const std::vector<std::string>& notes, const std::string& text) {
  return static_cast<std::size_t>(std::count_if(notes.begin(), notes.end(), [&](const auto& n) {
    return n.find(text) != std::string::npos;
  }));
}

TEST(ScenarioNotes, ACampaignThatMayReplaceAnEarlierOneOfItsFactionIsNamed) {
  auto spec = two_sides(Relation::ceasefire);  // no road notes
  // Listed out of date order: the note follows the dates.
  spec.events.push_back(campaign_or_halt("second", EventKind::campaign, "A", 20, "east"));
  spec.events.push_back(campaign_or_halt("first", EventKind::campaign, "A", 10, "middle"));
  spec.events.push_back(campaign_or_halt("theirs", EventKind::campaign, "B", 15, "west"));
  const auto notes = scenario_notes(spec);
  ASSERT_EQ(notes.size(), 1u);  // not B's: another faction's campaign replaces nothing of A's
  EXPECT_NE(notes[0].find("campaign events first and second are both A's"), std::string::npos)
      << notes[0];
  EXPECT_NE(notes[0].find("if first (aim middle) is still under way when second comes, second "
                          "(aim east) replaces it"),
            std::string::npos)
      << notes[0];
}

TEST(ScenarioNotes, AHaltBetweenTwoCampaignsEndsTheFirstSoNothingIsReplaced) {
  auto spec = two_sides(Relation::ceasefire);
  spec.events.push_back(campaign_or_halt("first", EventKind::campaign, "A", 10, "middle"));
  spec.events.push_back(campaign_or_halt("stop", EventKind::halt, "A", 12));
  spec.events.push_back(campaign_or_halt("second", EventKind::campaign, "A", 20, "east"));
  EXPECT_TRUE(scenario_notes(spec).empty());
  spec.events[1].faction = "B";  // B's halt ends nothing of A's
  EXPECT_EQ(count_containing(scenario_notes(spec), "first and second"), 1u);
}

TEST(ScenarioNotes, EachCampaignIsComparedWithItsFactionsLatestBeforeIt) {
  auto spec = two_sides(Relation::ceasefire);
  for (const auto& [id, day] : {std::pair{"c1", 1}, {"c2", 2}, {"c3", 3}})
    spec.events.push_back(campaign_or_halt(id, EventKind::campaign, "A", day, "east"));
  const auto notes = scenario_notes(spec);
  EXPECT_EQ(notes.size(), 2u);
  EXPECT_EQ(count_containing(notes, "c1 and c2"), 1u);
  EXPECT_EQ(count_containing(notes, "c2 and c3"), 1u);
}

// Two sides at war, each reaching across both roads: no road note.
ScenarioSpec two_sides_within_reach() {
  auto spec = two_sides(Relation::war);
  spec.factions[0].doctrine.reach_km = 200.0;
  spec.factions[1].doctrine.reach_km = 200.0;
  return spec;
}

EventSpec reinforcement(const char* id, const char* faction, const char* node, const char* unit,
                        int day_of_may) {
  EventSpec e = campaign_or_halt(id, EventKind::reinforcement, faction, day_of_may);
  e.node = node;
  e.unit = unit;
  e.fighters = 100;
  return e;
}

UnitSpec unit_at(const char* id, const char* node) {
  UnitSpec u;
  u.id = id;
  u.at = node;
  return u;
}

// A's new units bound for middle (B's at the start, at war) are named, with
// the date; one bound for A's own west, and more fighters for a unit A has
// (from the start or from an earlier reinforcement), are not.
TEST(ScenarioNotes, ANewUnitBoundForEnemyGroundIsNamed) {
  auto spec = two_sides_within_reach();
  spec.factions[0].units.push_back(unit_at("west-guard", "west"));
  spec.events.push_back(reinforcement("to-middle", "A", "middle", "fresh", 3));
  spec.events.push_back(reinforcement("to-west", "A", "west", "fresher", 3));
  spec.events.push_back(reinforcement("guard-more", "A", "middle", "west-guard", 4));
  spec.events.push_back(reinforcement("fresh-more", "A", "middle", "fresh", 5));
  const auto notes = scenario_notes(spec);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].find("reinforcement to-middle brings A's new unit fresh to middle, which B "
                          "holds at the start"),
            std::string::npos)
      << notes[0];
  EXPECT_NE(notes[0].find("on 2016-05-03, the unit arrives at the nearest node A's side holds"),
            std::string::npos)
      << notes[0];
  spec.relations[0].state = Relation::ceasefire;
  EXPECT_TRUE(scenario_notes(spec).empty());
}

TEST(ScenarioNotes, AUnitIdOfTwoFactionsIsNamedOnce) {
  auto spec = two_sides_within_reach();
  spec.factions[0].units.push_back(unit_at("guard", "west"));
  spec.factions[1].units.push_back(unit_at("guard", "middle"));
  spec.factions[1].units.push_back(unit_at("b-only", "middle"));
  spec.events.push_back(reinforcement("b-fresh", "B", "middle", "west-guard", 3));
  spec.factions[0].units.push_back(unit_at("west-guard", "west"));
  const auto notes = scenario_notes(spec);
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_EQ(count_containing(notes, "unit id guard names a unit of each of A and B"), 1u);
  EXPECT_EQ(count_containing(notes, "unit id west-guard names a unit of each of A and B"), 1u);
  EXPECT_EQ(count_containing(notes, "holds guard 2 times"), 1u);
}

// A's home region lists its own west and B's middle: middle is named (A gets
// no supply from it while B holds it), west is not. A ceasefire blocks supply
// as war does (the lines are frozen), so middle is named then too; between
// neutrals it is not.
TEST(ScenarioNotes, AHomeRegionNodeTheEnemyHoldsIsNamed) {
  auto spec = two_sides_within_reach();
  spec.factions[0].supply.home = {"west", "middle"};
  const auto expect_one_note = [&](const std::string& text) {
    const auto notes = scenario_notes(spec);
    ASSERT_EQ(notes.size(), 1u);
    EXPECT_NE(notes[0].find(text), std::string::npos) << notes[0];
  };
  expect_one_note(
      "A's home region lists middle, which B holds at the start, at war with A: no supply comes "
      "from middle");
  spec.relations[0].state = Relation::ceasefire;
  expect_one_note(
      "which B holds at the start, under a ceasefire with A: no supply comes from middle");
  spec.relations[0].state = Relation::neutral;
  EXPECT_TRUE(scenario_notes(spec).empty());
}

}  // namespace
}  // namespace frontline
