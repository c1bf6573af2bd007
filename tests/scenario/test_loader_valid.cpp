// Scenarios that load: the fixture with every feature, a variant, the shipped
// map and the shipped scenarios.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "frontline/scenario/yaml_tree.hpp"
#include "helpers.hpp"

namespace frontline {
namespace {

using test::fixtures;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

template <class T>
const T& by_id(const std::vector<T>& items, const std::string& id) {
  const auto it = std::find_if(items.begin(), items.end(), [&](const T& x) { return x.id == id; });
  if (it == items.end()) throw std::runtime_error("no " + id);
  return *it;
}

TEST(LoadScenario, TinyFixtureResolvesEverything) {
  const ScenarioSpec s = load_scenario(fixtures() / "tiny.yaml");
  EXPECT_EQ(s.name, "tiny-war");
  EXPECT_EQ(s.description, "Red against Blue on a six-node map.\n");
  EXPECT_EQ(s.path, (fixtures() / "tiny.yaml").string());
  ASSERT_EQ(s.sources.size(), 1u);
  EXPECT_EQ(s.sources[0].file, "reports/tiny-report.txt");
  EXPECT_EQ(s.calendar.start, *parse_date("2020-01-01"));
  EXPECT_EQ(s.calendar.end, *parse_date("2020-01-31"));
  EXPECT_EQ(s.calendar.step_hours, 12);
  EXPECT_EQ(s.seed, 42u);

  // The map file with the scenario's patch: beta fortified, hotel added, the sea lane gone.
  EXPECT_EQ(s.map.name, "tiny");
  ASSERT_EQ(s.map.nodes.size(), 7u);
  const NodeSpec& beta = by_id(s.map.nodes, "beta");
  EXPECT_EQ(beta.kind, NodeKind::town);
  EXPECT_DOUBLE_EQ(beta.fortification, 1.5);
  EXPECT_DOUBLE_EQ(beta.obstacles, 0.4);
  EXPECT_DOUBLE_EQ(beta.population, 20000);
  EXPECT_EQ(beta.note, "placed");
  EXPECT_DOUBLE_EQ(by_id(s.map.nodes, "alpha").urban, 1.4);
  EXPECT_DOUBLE_EQ(by_id(s.map.nodes, "alpha").stocks_days, 30.0);
  EXPECT_DOUBLE_EQ(by_id(s.map.nodes, "delta_field").oil_capacity_bpd, 100000);
  EXPECT_EQ(by_id(s.map.nodes, "hotel").kind, NodeKind::junction);
  ASSERT_EQ(s.map.edges.size(), 6u);
  EXPECT_EQ(by_id(s.map.edges, "alpha-echo_air").kind, EdgeKind::track);
  EXPECT_DOUBLE_EQ(by_id(s.map.edges, "alpha-echo_air").speed, 0.8);
  EXPECT_EQ(by_id(s.map.edges, "alpha-beta").source, "measured");
  EXPECT_EQ(by_id(s.map.edges, "beta-hotel").to, "hotel");

  ASSERT_EQ(s.factions.size(), 2u);
  const FactionSpec& red = s.factions[0];
  EXPECT_EQ(red.id, "RED");
  EXPECT_EQ(red.coalition, "RED");  // defaults to the id
  EXPECT_EQ(red.colour, "#ff0000");
  EXPECT_DOUBLE_EQ(red.doctrine.aggression, 0.9);
  EXPECT_DOUBLE_EQ(red.doctrine.attack_ratio, 2.5);
  EXPECT_DOUBLE_EQ(red.doctrine.cohesion, Doctrine{}.cohesion);
  EXPECT_THAT(red.supply.home, ElementsAre("alpha"));
  EXPECT_TRUE(red.supply.sea);
  ASSERT_EQ(red.supply.air_bridges.size(), 1u);
  EXPECT_EQ(red.supply.air_bridges[0].node, "echo_air");
  EXPECT_DOUBLE_EQ(red.supply.air_bridges[0].flights_per_day, 2);
  EXPECT_EQ(red.supply.air_bridges[0].cite.source, "rep");
  ASSERT_EQ(red.units.size(), 2u);
  EXPECT_DOUBLE_EQ(red.units[0].fighters, 750);
  EXPECT_DOUBLE_EQ(red.units[0].vehicles, 75);
  EXPECT_EQ(red.units[0].order, Order::advance);
  EXPECT_EQ(red.units[0].target, "beta");
  EXPECT_DOUBLE_EQ(red.units[0].morale, 0.9);
  EXPECT_DOUBLE_EQ(red.units[1].fighters, 250);
  EXPECT_EQ(red.cite.quote, "About 1,000 Red fighters advanced from Alpha");
  const FactionSpec& blue = s.factions[1];
  ASSERT_EQ(blue.units.size(), 2u);
  EXPECT_DOUBLE_EQ(blue.units[0].fighters, 300);  // no shares: an equal split
  EXPECT_DOUBLE_EQ(blue.units[1].fighters, 300);
  EXPECT_DOUBLE_EQ(blue.units[0].morale, 0.8);
  EXPECT_EQ(blue.cite.assumption, "Blue holds what Red does not");

  ASSERT_EQ(s.relations.size(), 1u);
  EXPECT_EQ(s.relations[0].a, "RED");
  EXPECT_EQ(s.relations[0].b, "BLUE");
  EXPECT_EQ(s.relations[0].state, Relation::war);
  EXPECT_EQ(s.control.size(), 7u);
  EXPECT_EQ(s.control.at("alpha"), "RED");
  EXPECT_EQ(s.control.at("beta"), "BLUE");
  EXPECT_EQ(s.control.at("hotel"), "");

  // Sorted by date, then id.
  std::vector<std::string> ids;
  for (const auto& e : s.events) ids.push_back(e.id);
  EXPECT_THAT(ids, ElementsAre("fresh", "push", "strikes", "faster", "truce"));
  const EventSpec& strikes = s.events[2];
  EXPECT_EQ(strikes.kind, EventKind::airstrike);
  EXPECT_EQ(strikes.every_hours, 48);
  EXPECT_EQ(strikes.until, parse_date("2020-01-20"));
  EXPECT_DOUBLE_EQ(strikes.sorties, 3);
  EXPECT_EQ(strikes.other, "BLUE");
  EXPECT_EQ(s.events[0].unit, "fresh-brigade");
  EXPECT_THAT(s.events[1].units, ElementsAre("main"));
  EXPECT_EQ(s.events[3].parameter, "combat.aimed_kill_rate");
  EXPECT_DOUBLE_EQ(s.events[3].value, 0.06);

  EXPECT_DOUBLE_EQ(s.parameters.aimed_kill_rate, 0.04);
  EXPECT_DOUBLE_EQ(s.parameters.wounded_per_killed, 3.5);
  EXPECT_DOUBLE_EQ(s.parameters.area_kill_rate, Parameters{}.area_kill_rate);

  ASSERT_EQ(s.targets.size(), 2u);
  EXPECT_EQ(s.targets[0].metric, TargetMetric::controls);
  EXPECT_EQ(s.targets[0].on, parse_date("2020-01-31"));
  EXPECT_EQ(s.targets[0].min, 1.0);
  EXPECT_FALSE(s.targets[0].max);
  EXPECT_EQ(s.targets[1].max, 200.0);
  EXPECT_TRUE(s.overrides.empty());
}

TEST(LoadScenario, ResolvedYamlHoldsTheMapAndReloadsToTheSameSpec) {
  const ScenarioSpec s = load_scenario(fixtures() / "tiny.yaml");
  EXPECT_THAT(s.resolved_yaml, HasSubstr("map:\n  name: tiny\n"));
  EXPECT_EQ(s.resolved_yaml.find("include"), std::string::npos);
  const ScenarioSpec again = load_scenario_text(s.resolved_yaml, "resolved.yaml", fixtures());
  EXPECT_EQ(again.resolved_yaml, s.resolved_yaml);
  EXPECT_EQ(again.map.nodes.size(), s.map.nodes.size());
  EXPECT_EQ(again.events.size(), s.events.size());
}

TEST(LoadScenario, VariantIsAMergePatchOverItsBase) {
  const ScenarioSpec s = load_scenario(fixtures() / "tiny-variant.yaml");
  EXPECT_EQ(s.name, "tiny-war-strong-blue");
  EXPECT_DOUBLE_EQ(s.factions[1].fighters, 1200);
  EXPECT_DOUBLE_EQ(s.factions[1].units[0].fighters, 600);
  EXPECT_DOUBLE_EQ(s.factions[0].fighters, 1000);  // from the base
  EXPECT_EQ(s.events.size(), 4u);
  EXPECT_EQ(s.map.nodes.size(), 7u);
}

TEST(LoadScenario, ProblemsInAnIncludedFileNameThatFile) {
  const std::string variant =
      "name: v\ndescription: d\ninclude: tiny.yaml\nmap: {nodes: {beta: null}}\n";
  const std::string errors = test::errors_of(variant);
  // The unit 'town' (written in tiny.yaml) now stands at a node that is gone; the
  // edges that touched beta went with it.
  const std::string base = (fixtures() / "tiny.yaml").lexically_normal().string();
  const std::string text = test::read_text(fixtures() / "tiny.yaml");
  EXPECT_THAT(errors, HasSubstr(test::at(text, "beta}", 0, base) + ": unknown node 'beta'"));
  EXPECT_THAT(errors, Not(HasSubstr("edge")));
}

TEST(LoadScenario, QuotesMatchAcrossLineBreaksAndSpaces) {
  // "taken the port of Gamma after a week" spans a line break and three spaces in the report.
  const ScenarioSpec s = load_scenario(fixtures() / "tiny.yaml");
  EXPECT_EQ(s.events[1].cite.quote, "they had taken the port of Gamma after a week of fighting");
}

TEST(LoadScenario, StrictModeAcceptsFullyCitedScenarios) {
  LoadOptions options;
  options.require_citations = true;
  std::string text = test::tiny();
  for (const char* unit : {"order: advance, target: beta, morale: 0.9", "order: garrison",
                           "town: {at: beta", "port: {at: gamma_port, order: hold"})
    text = test::edit(text, unit, std::string(unit) + ", assumption: \"test\"");
  for (const char* event : {"    vehicles: 10\n", "    sorties: 3\n", "    value: 0.06\n",
                            "    other: BLUE\nparameters"})
    text = test::edit(text, event,
                      std::string(event).substr(0, std::string(event).find('\n') + 1) +
                          "    assumption: test\n" +
                          std::string(event).substr(std::string(event).find('\n') + 1));
  text = test::edit(text, "    max: 200\n", "    max: 200\n    assumption: test\n");
  EXPECT_NO_THROW(test::load_text(text, options)) << test::errors_of(text, options);
}

// nodes.csv: id,name,lat,lon,kind,population,oil_capacity_bpd,note
std::vector<std::vector<std::string>> csv(const std::string& file, std::size_t columns) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(test::read_text(test::shipped() / "data" / file));
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::size_t start = 0;
    for (std::size_t i = 0; i + 1 < columns; ++i) {
      const auto comma = line.find(',', start);
      cells.push_back(line.substr(start, comma - start));
      start = comma + 1;
    }
    cells.push_back(line.substr(start));
    rows.push_back(cells);
  }
  return rows;
}

ScenarioSpec shipped_map() {
  const std::string text =
      "name: map-only\ndescription: the shipped map\ncalendar: {start: 2016-01-01, end: "
      "2016-02-01}\nseed: 1\nmap: {include: maps/libya-coast.yaml}\nfactions:\n  A:\n    name: "
      "A\n    colour: \"#000000\"\n    fighters: 1\n    units: {u: {at: tripoli}}\ncontrol: "
      "{default: none}\n";
  LoadOptions options;
  options.scenario_root = test::shipped();
  return load_scenario_text(text, "map-only.yaml", fixtures(), options);
}

TEST(ShippedMap, HasEveryNodeOfTheCsv) {
  const ScenarioSpec s = shipped_map();
  const auto rows = csv("nodes.csv", 8);
  ASSERT_EQ(s.map.nodes.size(), rows.size());
  for (const auto& row : rows) {
    const NodeSpec& node = by_id(s.map.nodes, row[0]);
    EXPECT_EQ(node.name, row[1]);
    EXPECT_DOUBLE_EQ(node.lat, std::stod(row[2]));
    EXPECT_DOUBLE_EQ(node.lon, std::stod(row[3]));
    EXPECT_STREQ(to_string(node.kind), row[4].c_str());
    EXPECT_DOUBLE_EQ(node.population, row[5].empty() ? 0.0 : std::stod(row[5]));
    EXPECT_DOUBLE_EQ(node.oil_capacity_bpd, row[6].empty() ? 0.0 : std::stod(row[6]));
    EXPECT_EQ(node.note, row[7]);
    EXPECT_DOUBLE_EQ(node.urban, node.population >= 50000   ? 1.4
                                 : node.population >= 10000 ? 1.2
                                                            : 1.0)
        << node.id;
  }
  EXPECT_DOUBLE_EQ(by_id(s.map.nodes, "es_sider").oil_capacity_bpd, 340000);
  EXPECT_EQ(by_id(s.map.nodes, "sirte_port").kind, NodeKind::port);
}

TEST(ShippedMap, HasEveryLinkOfTheCsv) {
  const ScenarioSpec s = shipped_map();
  const auto rows = csv("roads.csv", 5);
  ASSERT_EQ(s.map.edges.size(), rows.size());
  for (const auto& row : rows) {
    const EdgeSpec& edge = by_id(s.map.edges, row[0] + "-" + row[1]);
    EXPECT_EQ(edge.from, row[0]);
    EXPECT_EQ(edge.to, row[1]);
    EXPECT_STREQ(to_string(edge.kind), row[2].c_str());
    EXPECT_DOUBLE_EQ(edge.km, std::stod(row[3]));
    EXPECT_EQ(edge.source, row[4]);
  }
  EXPECT_DOUBLE_EQ(by_id(s.map.edges, "sirte-sirte_port").km, 5);
}

TEST(ShippedScenarios, LoadWithCitationsRequired) {
  LoadOptions options;
  options.scenario_root = test::shipped();
  options.require_citations = true;
  int loaded = 0;
  for (const auto& folder : {test::shipped(), test::shipped() / "variants"}) {
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
      if (entry.path().extension() != ".yaml") continue;
      try {
        const ScenarioSpec s = load_scenario(entry.path(), options);
        EXPECT_EQ(s.name, entry.path().stem().string());
        ++loaded;
      } catch (const InputError& error) {
        ADD_FAILURE() << error.what();
      }
    }
  }
  EXPECT_GE(loaded, 1);
}

}  // namespace
}  // namespace frontline
