// --set PATH=VALUE: parsing, applying, and errors located in the argument.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "frontline/scenario/yaml_check.hpp"
#include "helpers.hpp"

namespace frontline {
namespace {

using test::errors_of;
using test::tiny;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

ScenarioSpec with(std::vector<std::string> overrides) {
  LoadOptions options;
  options.overrides = std::move(overrides);
  return test::load_text(tiny(), options);
}

std::string errors_with(std::vector<std::string> overrides) {
  LoadOptions options;
  options.overrides = std::move(overrides);
  return errors_of(tiny(), options);
}

std::string override_error(const std::string& argument) {
  try {
    parse_override(argument, 1);
  } catch (const InputError& error) {
    return error.what();
  }
  ADD_FAILURE() << "accepted " << argument;
  return "";
}

TEST(ParseOverride, SplitsPathAndValue) {
  const Override o = parse_override("factions.ISIS.fighters=3000");
  EXPECT_THAT(o.path, ElementsAre("factions", "ISIS", "fighters"));
  EXPECT_THAT(o.columns, ElementsAre(1, 10, 15));
  EXPECT_EQ(o.value_yaml, "3000");
  EXPECT_EQ(o.value_column, 24);
  EXPECT_EQ(parse_override("a={x: 1, y: [2, 3]}").value_yaml, "{x: 1, y: [2, 3]}");
  EXPECT_EQ(parse_override("a=b=c").value_yaml, "b=c");
}

TEST(ParseOverride, MalformedArguments) {
  EXPECT_EQ(override_error("=3"),
            "--set[1]:1:1: no path before '=' (expected PATH=VALUE, such as "
            "factions.ISIS.fighters=3000)");
  EXPECT_EQ(override_error("a..b=1"),
            "--set[1]:1:3: empty key in path 'a..b' (expected keys separated by single dots, such "
            "as factions.ISIS.fighters)");
  EXPECT_EQ(override_error("a.=1"),
            "--set[1]:1:3: empty key in path 'a.' (expected keys separated by single dots, such "
            "as factions.ISIS.fighters)");
  EXPECT_EQ(override_error("fighters"),
            "--set[1]:1:1: 'fighters' has no '=' (expected PATH=VALUE, such as "
            "factions.ISIS.fighters=3000)");
  EXPECT_EQ(override_error("a.b="),
            "--set[1]:1:5: no value after '=' (expected a YAML value after '=' (null deletes))");
  EXPECT_EQ(override_error("a b=1"),
            "--set[1]:1:2: character ' ' in path key 'a b' (expected keys of letters, digits, '_' "
            "and '-')");
  try {
    parse_override("nothing");
    FAIL();
  } catch (const InputError& error) {
    EXPECT_EQ(error.diagnostics()[0].where.file, "--set");
  }
}

TEST(Overrides, SetANumber) {
  const ScenarioSpec s = with({"factions.BLUE.fighters=900"});
  EXPECT_DOUBLE_EQ(s.factions[1].fighters, 900);
  EXPECT_DOUBLE_EQ(s.factions[1].units[0].fighters, 450);
  EXPECT_THAT(s.overrides, ElementsAre("factions.BLUE.fighters=900"));
  EXPECT_THAT(s.resolved_yaml, HasSubstr("fighters: 900"));
}

TEST(Overrides, SetADateAndDeleteAnEvent) {
  const ScenarioSpec s = with({"calendar.end=2020-03-01", "events.strikes=null"});
  EXPECT_EQ(s.calendar.end, *parse_date("2020-03-01"));
  EXPECT_EQ(s.events.size(), 4u);
  for (const auto& e : s.events) EXPECT_NE(e.id, "strikes");
}

TEST(Overrides, FlowValuesMergeAndNewPathsAreCreated) {
  const ScenarioSpec s = with(
      {"factions.RED.doctrine={aggression: 0.1}", "factions.RED.supply.home_region=[alpha, beta]",
       "parameters.civilians.return_rate=0.2", "map.nodes.beta.fortification=2"});
  EXPECT_DOUBLE_EQ(s.factions[0].doctrine.aggression, 0.1);
  EXPECT_DOUBLE_EQ(s.factions[0].doctrine.attack_ratio, 2.5);  // merged, not replaced
  EXPECT_THAT(s.factions[0].supply.home, ElementsAre("alpha", "beta"));
  EXPECT_DOUBLE_EQ(s.parameters.return_rate, 0.2);
  EXPECT_DOUBLE_EQ(s.parameters.aimed_kill_rate, 0.04);
  for (const auto& node : s.map.nodes)
    if (node.id == "beta") {
      EXPECT_DOUBLE_EQ(node.fortification, 2.0);
    }
}

TEST(Overrides, AddAWholeEvent) {
  const ScenarioSpec s = with({"events.halt={date: 2020-01-20, kind: halt, faction: BLUE}"});
  ASSERT_EQ(s.events.size(), 6u);
  EXPECT_EQ(s.events[4].id, "halt");
  EXPECT_EQ(s.events[4].kind, EventKind::halt);
  EXPECT_EQ(
      errors_with({"events.halt.date=2020-01-20"}),
      "--set[1]:1:8: unknown event 'halt' (expected one of push, fresh, strikes, faster, truce)\n");
}

TEST(Overrides, AppliedInOrder) {
  const ScenarioSpec s = with({"seed=1", "seed=2"});
  EXPECT_EQ(s.seed, 2u);
}

TEST(Overrides, UnknownFactionIsLocatedInTheArgument) {
  EXPECT_EQ(errors_with({"seed=7", "factions.BLEU.fighters=3000"}),
            "--set[2]:1:10: unknown faction 'BLEU' (expected a known faction; did you mean "
            "'BLUE'?)\n");
}

TEST(Overrides, UnknownKeysNodesAndBadValues) {
  EXPECT_EQ(errors_with({"factions.RED.figthers=1"}),
            "--set[1]:1:14: unknown key 'figthers' in faction 'RED' (expected a known key; did "
            "you mean 'fighters'?)\n");
  EXPECT_EQ(errors_with({"factions.RED.fighters=-5"}),
            "--set[1]:1:23: fighters -5 is out of range (expected 0 to 1e9)\n");
  EXPECT_EQ(errors_with({"map.nodes.bta.fortification=2"}),
            "--set[1]:1:11: unknown node 'bta' (expected a known node; did you mean 'beta'?)\n");
  EXPECT_EQ(errors_with({"parameters.combat.aimed_kil_rate=0.1"}),
            "--set[1]:1:19: unknown parameter 'combat.aimed_kil_rate' (expected a known "
            "parameter; did you mean 'aimed_kill_rate'?)\n");
}

TEST(Overrides, PathThroughAScalarOrToNothing) {
  EXPECT_EQ(errors_with({"name.x=1"}),
            "--set[1]:1:1: cannot set 'name.x': 'name' is the string 'tiny-war', not a mapping "
            "(expected a path through mappings only)\n");
  EXPECT_EQ(errors_with({"events.strkes=null"}),
            "--set[1]:1:8: cannot delete 'events.strkes': there is no such key (expected a known "
            "key; did you mean 'strikes'?)\n");
}

TEST(Overrides, MalformedValuesAndArguments) {
  EXPECT_EQ(errors_with({"factions.RED.fighters=[1, 2"}),
            "--set[1]:1:23: invalid YAML: end of sequence flow not found (expected a ']' closing "
            "the list that starts at --set[1]:1:23)\n");
  EXPECT_EQ(errors_with({"seed=1", "a..b=1", "=2"}),
            "--set[2]:1:3: empty key in path 'a..b' (expected keys separated by single dots, such "
            "as factions.ISIS.fighters)\n"
            "--set[3]:1:1: no path before '=' (expected PATH=VALUE, such as "
            "factions.ISIS.fighters=3000)\n");
}

// The `set:` list of sweep and calibration files: entries kept in order, each bad
// one located at its own line and column.
TEST(ReadSetList, KeepsOverridesAndLocatesBadEntries) {
  const YamlNode root = parse_yaml_text(
      "set:\n  - factions.ISIS.fighters=3000\n  - fighters\n  - \"=3\"\n  - a=b=c\n", "s.yaml");
  DiagnosticList diagnostics;
  MappingReader reader(root, diagnostics, "the sweep");
  EXPECT_THAT(read_set_list(reader), ElementsAre("factions.ISIS.fighters=3000", "a=b=c"));
  reader.finish();
  EXPECT_EQ(test::report(diagnostics.items()),
            "s.yaml:3:5: 'fighters' is not a path=value override (expected e.g. "
            "factions.ISIS.fighters=3000)\n"
            "s.yaml:4:5: '=3' is not a path=value override (expected e.g. "
            "factions.ISIS.fighters=3000)\n");
}

TEST(ReadSetList, NoSetKeyNoOverrides) {
  const YamlNode root = parse_yaml_text("scenario: s\n", "s.yaml");
  DiagnosticList diagnostics;
  MappingReader reader(root, diagnostics, "the sweep");
  EXPECT_TRUE(read_set_list(reader).empty());
  EXPECT_TRUE(diagnostics.empty());
}

}  // namespace
}  // namespace frontline
