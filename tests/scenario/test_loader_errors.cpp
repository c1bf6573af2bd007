// One test per class of error in a scenario, each checking the message and
// its file:line:column. Texts are the fixture tiny.yaml with one edit.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>

#include "helpers.hpp"

namespace frontline {
namespace {

using test::at;
using test::edit;
using test::errors_of;
using test::fixtures;
using test::tiny;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(ScenarioErrors, UnknownKeyWithSuggestion) {
  const std::string text = edit(tiny(), "    vehicles: 100\n", "    vehicels: 100\n");
  EXPECT_EQ(errors_of(text), at(text, "vehicels") +
                                 ": unknown key 'vehicels' in faction 'RED' (expected a known "
                                 "key; did you mean 'vehicles'?)\n");
}

TEST(ScenarioErrors, UnknownTopLevelKey) {
  const std::string text = tiny() + "evnets: {}\n";
  EXPECT_EQ(errors_of(text), at(text, "evnets") +
                                 ": unknown key 'evnets' in the scenario (expected a known key; "
                                 "did you mean 'events'?)\n");
}

TEST(ScenarioErrors, WrongType) {
  const std::string text = edit(tiny(), "fighters: 600", "fighters: {n: 600}");
  EXPECT_EQ(errors_of(text), at(text, "{n: 600}") +
                                 ": wrong type for 'fighters': got a mapping (expected a number, "
                                 "0 to 1e9)\n");
}

TEST(ScenarioErrors, OutOfRange) {
  const std::string text = edit(tiny(), "fighters: 600", "fighters: -5");
  EXPECT_EQ(errors_of(text),
            at(text, "-5") + ": fighters -5 is out of range (expected 0 to 1e9)\n");
}

TEST(ScenarioErrors, ProbabilityLatitudeAndLengthOutOfRange) {
  std::string text = edit(tiny(), "aggression: 0.9", "aggression: 1.5");
  text = edit(text, "lat: 31.9", "lat: 95");
  text = edit(text, "km: 20}", "km: 0}");
  EXPECT_EQ(errors_of(text), at(text, "95") + ": lat 95 is out of range (expected -90 to 90)\n" +
                                 at(text, "km: 0}", 4) +
                                 ": edge 'beta-hotel' has km 0 (expected a length in km "
                                 "greater than 0)\n" +
                                 at(text, "aggression: 1.5", 12) +
                                 ": aggression 1.5 is out of range (expected 0 to 1)\n");
}

TEST(ScenarioErrors, HugeNumbers) {
  std::string text = edit(tiny(), "fighters: 1000", "fighters: 1e308");
  text = edit(text, "fighters: 600", "fighters: 1e999");
  EXPECT_EQ(errors_of(text), at(text, "1e308") +
                                 ": fighters 1e308 is out of range (expected 0 to 1e9)\n" +
                                 at(text, "1e999") +
                                 ": fighters 1e999 is too large or too small to represent "
                                 "(expected a number, 0 to 1e9)\n");
}

TEST(ScenarioErrors, MissingReferences) {
  std::string text = edit(tiny(), "aim: gamma_port", "aim: gama_port");
  text = edit(text, "other: BLUE", "other: BLEU");
  text = edit(text, "units: [main]", "units: [mian]");
  text = edit(text, "source: rep, quote: \"about", "source: rpe, quote: \"about");
  EXPECT_EQ(errors_of(text), at(text, "rpe") +
                                 ": unknown source 'rpe' (expected a known source; did you mean "
                                 "'rep'?)\n" +
                                 at(text, "gama_port") +
                                 ": unknown node 'gama_port' (expected a known node; did "
                                 "you mean 'gamma_port'?)\n" +
                                 at(text, "BLEU") +
                                 ": unknown faction 'BLEU' (expected a known faction; did you "
                                 "mean 'BLUE'?)\n" +
                                 at(text, "mian") +
                                 ": unknown unit 'mian' of faction 'RED' (expected a known "
                                 "unit; did you mean 'main'?)\n");
}

TEST(ScenarioErrors, UnknownAirBridgeAndParameter) {
  const std::string text = edit(tiny(), "parameters:\n",
                                "  lift-more:\n    date: 2020-01-04\n    kind: airlift\n"
                                "    faction: RED\n    bridge: lfit\n    flights_per_day: 3\n"
                                "    tonnes_per_flight: 20\nparameters:\n");
  const std::string edited =
      edit(text, "parameter: combat.aimed_kill_rate", "parameter: combat.aimed_kil_rate");
  EXPECT_EQ(errors_of(edited),
            at(edited, "combat.aimed_kil_rate") +
                ": unknown parameter 'combat.aimed_kil_rate' (expected a known parameter; did you "
                "mean 'combat.aimed_kill_rate'?)\n" +
                at(edited, "lfit") +
                ": unknown air bridge 'lfit' of faction 'RED' (expected a "
                "known air bridge; did you mean 'lift'?)\n");
}

TEST(ScenarioErrors, EventOutsideCalendar) {
  std::string text = edit(tiny(), "date: 2020-01-25", "date: 2020-01-31");  // the end is excluded
  text = edit(text, "date: 2020-01-03", "date: 2019-12-31");
  EXPECT_EQ(errors_of(text),
            at(text, "2019-12-31") +
                ": event date 2019-12-31 is outside the calendar 2020-01-01 to 2020-01-31 "
                "(expected a date from 2020-01-01 up to but not including 2020-01-31)\n" +
                at(text, "2020-01-31\n    kind: ceasefire") +
                ": event date 2020-01-31 is outside the calendar 2020-01-01 to 2020-01-31 "
                "(expected a date from 2020-01-01 up to but not including 2020-01-31)\n");
}

TEST(ScenarioErrors, TargetOutsideCalendarAndUntilBeforeDate) {
  std::string text = edit(tiny(), "on: 2020-01-31", "on: 2020-02-01");
  text = edit(text, "until: 2020-01-20", "until: 2020-01-09");
  EXPECT_EQ(errors_of(text), at(text, "2020-01-09") +
                                 ": until 2020-01-09 is before date 2020-01-10 (expected an "
                                 "until date on or after the event's date)\n" +
                                 at(text, "2020-02-01") +
                                 ": on 2020-02-01 is outside the calendar 2020-01-01 to "
                                 "2020-01-31 (expected a date from 2020-01-01 to "
                                 "2020-01-31)\n");
}

TEST(ScenarioErrors, FieldOfAnotherEventKind) {
  const std::string text = edit(tiny(), "    sorties: 3\n", "    sorties: 3\n    target: beta\n");
  EXPECT_EQ(errors_of(text), at(text, "target: beta\n") +
                                 ": 'target' is not used by air_campaign events (expected the "
                                 "fields of air_campaign events: faction, other, sorties, node "
                                 "(optional), nodes (optional), radius_km (optional))\n");
}

TEST(ScenarioErrors, MissingEventField) {
  const std::string text = edit(tiny(), "    sorties: 3\n", "");
  EXPECT_EQ(errors_of(text),
            at(text, "date: 2020-01-10") +
                ": missing required key 'sorties' in event 'strikes' (expected "
                "the fields of air_campaign events: faction, other, sorties, node (optional), "
                "nodes (optional), radius_km (optional))\n");
}

TEST(ScenarioErrors, DuplicateKey) {
  const std::string text =
      edit(tiny(), "    fighters: 600\n", "    fighters: 600\n    fighters: 700\n");
  EXPECT_EQ(errors_of(text), at(text, "fighters: 700") +
                                 ": duplicate key 'fighters' (expected each key once per mapping; "
                                 "first given at " +
                                 at(text, "fighters: 600") + ")\n");
}

// A reinforcement that names one of its faction's units joins it (issue 11:
// an existing unit can be reinforced), instead of a duplicate-id error.
TEST(ScenarioErrors, AReinforcementMayJoinAnExistingUnit) {
  const std::string joins = edit(tiny(), "unit: fresh-brigade", "unit: main");
  const ScenarioSpec spec = test::load_text(joins);
  const auto& event = *std::find_if(spec.events.begin(), spec.events.end(), [](const EventSpec& e) {
    return e.kind == EventKind::reinforcement;
  });
  EXPECT_EQ(event.unit, "main");
}

TEST(ScenarioErrors, DuplicateEdge) {
  const std::string text =
      edit(tiny(), "    beta-hotel:",
           "    hotel-beta: {from: hotel, to: beta, kind: road, km: 21}\n    beta-hotel:");
  EXPECT_EQ(errors_of(text), at(text, "beta-hotel:") +
                                 ": edge 'beta-hotel' duplicates edge 'hotel-beta' (expected one "
                                 "edge per pair of nodes and kind)\n");
}

TEST(ScenarioErrors, ContradictoryAndMissingRelations) {
  const std::string contradictory =
      edit(tiny(), "  default: war\n", "  RED: {BLUE: war}\n  BLUE: {RED: allied}\n");
  EXPECT_EQ(errors_of(contradictory),
            at(contradictory, "allied") +
                ": contradictory relations: BLUE-RED is allied here but war at " +
                at(contradictory, "war}") +
                " (expected one relation per pair of factions (relations are symmetric))\n");
  const std::string missing = edit(tiny(), "  default: war\n", "  RED: {}\n");
  EXPECT_EQ(errors_of(missing), at(missing, "RED: {}") +
                                    ": no relation given between 'RED' and 'BLUE' (expected a "
                                    "relation for every pair of factions, or a 'default')\n");
}

TEST(ScenarioErrors, SharesThatDoNotSumToOne) {
  const std::string text = edit(tiny(), "share: 0.25", "share: 0.35");
  EXPECT_EQ(errors_of(text), at(text, "main: {") +
                                 ": the shares of the units of faction 'RED' sum to 1.1 (expected "
                                 "shares that sum to 1, or no shares (an equal split))\n");
  // The sum is shown as a person would add it, not with the float's last bits.
  const std::string noisy = edit(tiny(), "share: 0.75", "share: 0.33");
  EXPECT_EQ(errors_of(noisy),
            at(noisy, "main: {") +
                ": the shares of the units of faction 'RED' sum to 0.58 (expected "
                "shares that sum to 1, or no shares (an equal split))\n");
  const std::string partial = edit(tiny(), "town: {at: beta}", "town: {at: beta, share: 0.5}");
  EXPECT_EQ(errors_of(partial), at(partial, "port: {") +
                                    ": unit 'port' of faction 'BLUE' has no share but other units "
                                    "do (expected a share for every unit of the faction, or for "
                                    "none (equal split))\n");
}

TEST(ScenarioErrors, EdgesToMissingNodesAndSelfLoops) {
  std::string text = edit(tiny(), "{from: beta, to: hotel", "{from: beta, to: hotal");
  text =
      edit(text, "  edges:\n", "  edges:\n    loop: {from: alpha, to: alpha, kind: road, km: 1}\n");
  EXPECT_EQ(errors_of(text),
            at(text, "alpha, kind: road, km: 1") +
                ": edge 'loop' joins node 'alpha' to itself (expected an edge between two "
                "different nodes)\n" +
                at(text, "hotal") +
                ": unknown node 'hotal' (expected a known node; did you mean "
                "'hotel'?)\n");
}

TEST(ScenarioErrors, OffshoreOnlyOnOilFieldsAndBoolean) {
  std::string text =
      edit(tiny(), "kind: junction, lat: 31.9", "kind: junction, offshore: true, lat: 31.9");
  EXPECT_EQ(errors_of(text), at(text, "true") +
                                 ": node 'hotel' is offshore but a junction (expected offshore: "
                                 "true only on an oil_field)\n");
  text = edit(tiny(), "  nodes:\n", "  nodes:\n    delta_field: {offshore: 1}\n");
  EXPECT_THAT(errors_of(text), HasSubstr(at(text, "1}") + ": wrong type for 'offshore'"));
}

TEST(ScenarioErrors, UnknownNodeKindListsBorderCrossing) {
  const std::string text = edit(tiny(), "kind: junction, lat: 31.9", "kind: border, lat: 31.9");
  EXPECT_THAT(errors_of(text), HasSubstr(at(text, "border,") + ": unknown kind 'border'"));
  EXPECT_THAT(errors_of(text), HasSubstr("border_crossing"));
}

TEST(ScenarioErrors, RoadNetworkNotConnected) {
  const std::string text =
      edit(tiny(), "    beta-hotel: {from: beta, to: hotel, kind: road, km: 20}\n", "");
  EXPECT_EQ(errors_of(text), at(text, "hotel: {") +
                                 ": the road network is not connected: 'hotel' cannot be reached "
                                 "from 'alpha' by road or track (expected one connected network "
                                 "of roads and tracks (oil fields may hang on pipelines alone))\n");
}

TEST(ScenarioErrors, SeaLaneBetweenNonPorts) {
  const std::string text = edit(
      tiny(), "  edges:\n", "  edges:\n    ab-sea: {from: alpha, to: beta, kind: sea, km: 9}\n");
  EXPECT_THAT(errors_of(text), HasSubstr(at(text, "alpha, to: beta, kind: sea") +
                                         ": sea edge 'ab-sea' ends at 'alpha', a city"));
}

TEST(ScenarioErrors, ControlNotGivenForEveryNode) {
  const std::string text = edit(tiny(), "  default: none\n", "");
  EXPECT_EQ(errors_of(text), at(text, "alpha: RED") +
                                 ": control of 3 node(s) not given: delta_field, foxtrot, hotel "
                                 "(expected a faction or none for every node, or a 'default')\n");
}

TEST(ScenarioErrors, AbsurdCalendar) {
  const std::string text = edit(tiny(), "end: 2020-01-31, step: 12h", "end: 2100-01-01, step: 1h");
  EXPECT_EQ(errors_of(text), at(text, "1h") +
                                 ": the calendar has 701280 steps (expected at most 200000 steps: "
                                 "a longer step or a shorter period)\n");
  const std::string backwards = edit(tiny(), "end: 2020-01-31", "end: 2019-01-31");
  EXPECT_EQ(errors_of(backwards), at(backwards, "2019-01-31") +
                                      ": calendar end 2019-01-31 is not after start 2020-01-01 "
                                      "(expected an end date later than the start date)\n");
}

TEST(ScenarioErrors, IncludeCycle) {
  const auto a = (fixtures() / "cycle-a.yaml").string();
  const auto b = (fixtures() / "cycle-b.yaml").lexically_normal().string();
  try {
    load_scenario(a);
    FAIL() << "cycle accepted";
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()),
              b + ":3:10: include cycle: " + a + " -> " + b + " -> " +
                  fixtures().lexically_normal().string() +
                  "/cycle-a.yaml (expected includes that end in a scenario without 'include')");
  }
}

TEST(ScenarioErrors, IncludeTooDeepAndMissing) {
  const auto dir = std::filesystem::temp_directory_path() / "frontline-include-depth";
  std::filesystem::create_directories(dir);
  for (int i = 0; i <= 10; ++i) {
    std::ofstream out(dir / ("s" + std::to_string(i) + ".yaml"));
    out << "name: s" << i << "\ndescription: d\ninclude: s" << i + 1 << ".yaml\n";
  }
  try {
    load_scenario(dir / "s0.yaml");
    FAIL() << "deep chain accepted";
  } catch (const InputError& error) {
    EXPECT_THAT(std::string(error.what()),
                HasSubstr((dir / "s8.yaml").string() + ":3:10: include chain deeper than 8 files"));
  }
  std::filesystem::remove_all(dir);
  const std::string missing = "name: x\ndescription: y\ninclude: nowhere.yaml\n";
  EXPECT_EQ(errors_of(missing),
            "test.yaml:3:10: included file 'nowhere.yaml' not found (expected an existing file; "
            "looked for " +
                (fixtures() / "nowhere.yaml").lexically_normal().string() + ")\n");
}

TEST(ScenarioErrors, MissingMapFile) {
  const std::string text = edit(tiny(), "maps/tiny-map.yaml", "maps/tiny-mop.yaml");
  EXPECT_EQ(errors_of(text), at(text, "maps/tiny-mop.yaml") +
                                 ": map file 'maps/tiny-mop.yaml' not found (expected "
                                 "an existing file; looked for " +
                                 (fixtures() / "maps/tiny-mop.yaml").lexically_normal().string() +
                                 ")\n");
}

TEST(ScenarioErrors, MalformedTruncatedEmptyAndBinaryFiles) {
  EXPECT_EQ(errors_of("name: x\nfactions: {RED: {fighters: 10}\n"),
            "test.yaml:3:1: invalid YAML: end of map flow not found (expected a '}' closing the "
            "mapping that starts at test.yaml:2:11)\n");
  EXPECT_EQ(errors_of(tiny().substr(0, tiny().find("units:") + 40)).substr(0, 10), "test.yaml:");
  EXPECT_EQ(errors_of(""),
            "test.yaml: no YAML content (expected a mapping with name, description, calendar, "
            "seed, map, factions, ...)\n");
  EXPECT_EQ(errors_of("# only a comment\n"),
            "test.yaml: no YAML content (expected a mapping with name, description, calendar, "
            "seed, map, factions, ...)\n");
  EXPECT_EQ(errors_of(std::string("\x89PNG\r\n\x1a\n", 8)),
            "test.yaml:1:1: invalid UTF-8 byte 0x89 (expected a YAML text file in UTF-8)\n");
  EXPECT_EQ(errors_of("just a sentence\n"),
            "test.yaml:1:1: the scenario is the string 'just a sentence' (expected a mapping with "
            "name, description, calendar, seed, map, factions, ...)\n");
}

TEST(ScenarioErrors, MissingFileAndDirectory) {
  try {
    load_scenario(fixtures() / "missing.yaml");
    FAIL();
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()), (fixtures() / "missing.yaml").string() +
                                             ": file not found (expected an existing YAML file)");
  }
  try {
    load_scenario(fixtures());
    FAIL();
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()),
              fixtures().string() + ": is a directory (expected a YAML file)");
  }
}

TEST(ScenarioErrors, AliasBombInAScenarioIsRefusedQuickly) {
  std::string text = "name: bomb\nl0: &l0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i <= 9; ++i) {
    text += "l" + std::to_string(i) + ": &l" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k) text += (k ? ", *l" : "*l") + std::to_string(i - 1);
    text += "]\n";
  }
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THAT(errors_of(text), HasSubstr("alias '*l4' expands the document beyond 1048576 nodes"));
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 0.25);
}

TEST(ScenarioErrors, QuoteNotInTheReport) {
  const std::string text =
      edit(tiny(), "quote: \"taken the port of Gamma\"", "quote: \"Red took Gamma\"");
  EXPECT_EQ(errors_of(text), at(text, "\"Red took Gamma\"") +
                                 ": quote not found in reports/tiny-report.txt: 'Red took Gamma' "
                                 "(expected a passage copied verbatim from the report (line "
                                 "breaks and runs of spaces may differ))\n");
}

TEST(ScenarioErrors, StrictModeRequiresCitations) {
  LoadOptions options;
  options.require_citations = true;
  const auto diagnostics = test::problems(tiny(), options);
  EXPECT_EQ(diagnostics.size(), 9u);  // 4 units, 4 events, 1 target
  const std::string text = tiny();
  EXPECT_THAT(test::report(diagnostics),
              HasSubstr(at(text, "{at: alpha, share: 0.75") +
                        ": unit 'main' has neither 'cite' nor 'assumption' (expected cite: "
                        "{source, quote} from a report, or assumption: \"reason\"; citations "
                        "are required here)\n"));
  EXPECT_NO_THROW(test::load_text(tiny()));
}

TEST(ScenarioErrors, NamesAndIds) {
  std::string text = edit(tiny(), "name: tiny-war", "name: Tiny War");
  text = edit(text, "  BLUE:\n", "  none:\n");
  const std::string errors = errors_of(text);
  EXPECT_THAT(errors, HasSubstr(at(text, "Tiny War") + ": invalid scenario name 'Tiny War' "
                                                       "(expected lower-case letters, digits and "
                                                       "'-', such as sirte-2016)\n"));
  EXPECT_THAT(errors, HasSubstr(at(text, "none:") + ": 'none' cannot be a faction id"));
}

TEST(ScenarioErrors, NavalEventsNeedAPort) {
  const std::string text = edit(tiny(), "parameters:\n",
                                "  ships:\n    date: 2020-01-04\n    kind: naval_deployment\n"
                                "    faction: RED\n    node: beta\nparameters:\n");
  EXPECT_EQ(errors_of(text), at(text, "beta\nparameters") +
                                 ": node 'beta' is a town, not a port (expected a port or "
                                 "oil_terminal for naval_deployment events)\n");
}

TEST(ScenarioErrors, TargetBoundsAndParameterRange) {
  std::string text = edit(tiny(), "    min: 10\n", "    min: 300\n");
  text = edit(text, "aimed_kill_rate: 0.04", "aimed_kill_rate: 40");
  EXPECT_EQ(errors_of(text),
            at(text, "40\n") + ": combat.aimed_kill_rate 40 is out of range (expected 0 to 10)\n" +
                at(text, "max: 200", 5) + ": max 200 is below min 300 (expected min <= max)\n");
}

TEST(ScenarioErrors, ManyProblemsAreReportedAtOnce) {
  std::string text = edit(tiny(), "seed: 42", "seed: -1");
  text = edit(text, "fighters: 600", "fighters: lots");
  text = edit(text, "aim: gamma_port", "aim: gama_port");
  text = edit(text, "date: 2020-01-25", "date: 2021-01-25");
  text = edit(text, "    vehicles: 100\n", "    vehicels: 100\n");
  text = edit(text, "colour: \"#0000ff\"", "colour: blue");
  text = edit(text, "metric: killed", "metric: kiled");
  const auto diagnostics = test::problems(text);
  EXPECT_EQ(diagnostics.size(), 7u) << test::report(diagnostics);
}

}  // namespace
}  // namespace frontline
