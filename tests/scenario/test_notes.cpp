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

TEST(ScenarioNotes, TheShippedEasternFrontOf2011FacesAcrossBregaRasLanuf) {
  const ScenarioSpec spec = load_scenario(test::shipped() / "libya-2011-east.yaml");
  const auto notes = scenario_notes(spec);
  const auto across = std::find_if(notes.begin(), notes.end(), [](const std::string& note) {
    return note.find("LOY at ras_lanuf and REB at brega") != std::string::npos;
  });
  ASSERT_NE(across, notes.end());
  EXPECT_NE(across->find("a road of 116 km"), std::string::npos) << *across;
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

}  // namespace
}  // namespace frontline
