// Issue 14's hostile inputs to the scenario module, each refused with a located
// message or applied as written: a last line without a colon, deletions that
// delete nothing, nodes deleted by a variant or --set, escapes in strings,
// aliases of long strings, calendars out of range, runs too large, and files
// outside the folders a scenario may read (docs/reliability.md).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "frontline/scenario/limits.hpp"
#include "frontline/scenario/yaml_tree.hpp"
#include "helpers.hpp"

namespace frontline {
namespace {

using test::at;
using test::edit;
using test::errors_of;
using test::fixtures;
using test::load_text;
using test::parse_error;
using test::read_text;
using test::tiny;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

bool has_node(const ScenarioSpec& spec, const std::string& id) {
  return std::any_of(spec.map.nodes.begin(), spec.map.nodes.end(),
                     [&](const NodeSpec& n) { return n.id == id; });
}

bool has_edge(const ScenarioSpec& spec, const std::string& id) {
  return std::any_of(spec.map.edges.begin(), spec.map.edges.end(),
                     [&](const EdgeSpec& e) { return e.id == id; });
}

const NodeSpec& node(const ScenarioSpec& spec, const std::string& id) {
  return *std::find_if(spec.map.nodes.begin(), spec.map.nodes.end(),
                       [&](const NodeSpec& n) { return n.id == id; });
}

// ---- item 1: a last line without a colon

TEST(HostileInput, LastLineWithoutAColonIsRefused) {
  EXPECT_EQ(parse_error("factions:\n  RED:\n    fighters: 3000\n    fighters 5000\n"),
            "test.yaml:4:5: 'fighters 5000' has no ':' after it (expected 'key: value'; a line "
            "of a mapping needs a colon)");
  EXPECT_EQ(parse_error("a: 1\nb 2"),
            "test.yaml:2:1: 'b 2' has no ':' after it (expected 'key: value'; a line of a "
            "mapping needs a colon)");
  // A key with an empty value is still a key with no value.
  EXPECT_TRUE(parse_yaml_text("a:\n  b:\n", "t.yaml").find("a")->find("b")->is_null());
  EXPECT_TRUE(parse_yaml_text("a:\n  b:", "t.yaml").find("a")->find("b")->is_null());
  const std::string text = tiny() + "    fighters 5000\n";
  EXPECT_THAT(errors_of(text), HasSubstr("'fighters 5000' has no ':' after it"));
}

// ---- item 2: a variant's null that deletes nothing

TEST(HostileInput, AVariantDeletingAKeyThatIsNotThereIsRefused) {
  const std::string variant =
      "name: v\ndescription: d\ninclude: tiny.yaml\nevents:\n  strikse: null\n";
  EXPECT_EQ(errors_of(variant),
            "test.yaml:5:3: cannot delete 'events.strikse': there is no such key (expected a "
            "known key; did you mean 'strikes'?)\n");
  const std::string nested =
      "name: v\ndescription: d\ninclude: tiny.yaml\nfactions:\n  RED:\n    vehicls: null\n";
  EXPECT_THAT(errors_of(nested), HasSubstr("test.yaml:6:5: cannot delete 'factions.RED.vehicls': "
                                           "there is no such key (expected a known key; did you "
                                           "mean 'vehicles'?)"));
  // The same deletion of a key that is there works.
  const ScenarioSpec ok = load_text(
      "name: v\ndescription: d\ninclude: tiny.yaml\nevents:\n"
      "  strikes: null\n");
  EXPECT_EQ(ok.events.size(), 4u);
}

// ---- item 3: deleting a node of the map file

TEST(HostileInput, AVariantDeletesAMapNodeAndItsEdges) {
  const ScenarioSpec base = load_text(tiny());
  ASSERT_TRUE(has_node(base, "delta_field"));
  ASSERT_TRUE(has_edge(base, "delta_field-foxtrot"));
  const ScenarioSpec spec = load_text(
      "name: v\ndescription: d\ninclude: tiny.yaml\nmap:\n  nodes:\n    delta_field: null\n");
  EXPECT_FALSE(has_node(spec, "delta_field"));
  EXPECT_FALSE(has_edge(spec, "delta_field-foxtrot"));
  EXPECT_EQ(spec.map.nodes.size(), base.map.nodes.size() - 1);
  EXPECT_EQ(spec.map.edges.size(), base.map.edges.size() - 1);
  // The scenario's own changes to the other nodes are kept.
  EXPECT_DOUBLE_EQ(node(spec, "beta").fortification, 1.5);
  EXPECT_TRUE(has_node(spec, "hotel"));
}

TEST(HostileInput, SetDeletesAMapNodeAndItsEdges) {
  LoadOptions options;
  options.overrides = {"map.nodes.delta_field=null"};
  const ScenarioSpec spec = load_text(tiny(), options);
  EXPECT_FALSE(has_node(spec, "delta_field"));
  EXPECT_FALSE(has_edge(spec, "delta_field-foxtrot"));
  // A node the scenario itself added, and the edge the scenario added to it.
  options.overrides = {"map.nodes.hotel=null"};
  const ScenarioSpec without_hotel = load_text(tiny(), options);
  EXPECT_FALSE(has_node(without_hotel, "hotel"));
  EXPECT_FALSE(has_edge(without_hotel, "beta-hotel"));
}

TEST(HostileInput, AVariantChangingANodeKeepsTheScenariosChangesToIt) {
  const ScenarioSpec spec = load_text(
      "name: v\ndescription: d\ninclude: tiny.yaml\nmap:\n  nodes:\n    beta: {population: 7}\n");
  EXPECT_DOUBLE_EQ(node(spec, "beta").population, 7);
  EXPECT_DOUBLE_EQ(node(spec, "beta").fortification, 1.5);  // the scenario's change
  EXPECT_DOUBLE_EQ(node(spec, "beta").obstacles, 0.4);
}

TEST(HostileInput, DeletingANodeStillNamedElsewhereIsLocated) {
  const std::string variant =
      "name: v\ndescription: d\ninclude: tiny.yaml\nmap:\n  nodes:\n    beta: null\n";
  const std::string errors = errors_of(variant);
  // Control and units still name it: each reference is reported where it is.
  EXPECT_THAT(errors, HasSubstr("unknown node 'beta'"));
  EXPECT_THAT(errors, HasSubstr("tiny.yaml:"));
}

// ---- item 6: escapes in strings

TEST(HostileInput, ControlCharactersInStringsAreRefused) {
  EXPECT_EQ(parse_error("name: \"\\e]0;owned\\a\"\n"),
            "test.yaml:1:7: string holds the control character 0x1b (expected printable text; "
            "control characters and terminal escapes are not allowed in strings)");
  EXPECT_THAT(parse_error("name: \"ab\\u0000cd\"\n"),
              StartsWith("test.yaml:1:7: string holds the control character 0x00"));
  EXPECT_THAT(parse_error("name: \"\\x9b31m\"\n"),
              StartsWith("test.yaml:1:7: string holds the control character U+009b"));
  EXPECT_THAT(parse_error("\"\\r\": 1\n"),
              StartsWith("test.yaml:1:1: string holds the control character 0x0d"));
  // Tabs and line breaks stay allowed, in quotes and in blocks.
  EXPECT_EQ(parse_yaml_text("a: \"x\\ty\\nz\"\nb: |\n  one\n  two\n", "t.yaml").find("a")->text,
            "x\ty\nz");
}

// ---- item 14: aliases of long strings

TEST(HostileInput, AliasesOfALongStringAreBoundedByBytes) {
  // 113 KB of text that would expand to 2 GB: 64 KiB aliased 30,000 times.
  std::string text = "s: &s \"" + std::string(60000, 'x') + "\"\nl: [";
  for (int i = 0; i < 30000; ++i) text += i ? ", *s" : "*s";
  text += "]\n";
  EXPECT_THAT(parse_error(text),
              HasSubstr("alias '*s' expands the document beyond 33554432 bytes of text"));
  // Within the limit, aliases still expand.
  EXPECT_EQ(parse_yaml_text("s: &s abc\nt: *s\n", "t.yaml").find("t")->text, "abc");
}

// ---- item 13: many unknown keys

TEST(HostileInput, ManyUnknownKeysAreReportedInPartAndCounted) {
  std::string text = tiny() + "parameter_typos:\n";
  std::string many;
  for (int i = 0; i < 5000; ++i) many += "  k" + std::to_string(i) + ": 1\n";
  text = edit(text, "parameters:\n", "parameters:\n" + many);
  const auto problems = test::problems(text);
  ASSERT_EQ(problems.size(), DiagnosticList::max_kept + 1);
  EXPECT_THAT(problems.back().message, HasSubstr("more problems not shown"));
}

// ---- items 17 and 18: size of a run, calendar range

TEST(HostileInput, CalendarDatesAndStepsOutOfRangeAreRefused) {
  const std::string early = edit(tiny(), "start: 2020-01-01", "start: 0001-01-01");
  EXPECT_THAT(errors_of(early),
              HasSubstr(at(early, "0001-01-01") +
                        ": calendar start 0001-01-01 is out of range (expected a date from "
                        "1900-01-01 to 2200-12-31)"));
  const std::string late = edit(tiny(), "end: 2020-01-31, step: 12h", "end: 9999-12-31, step: 12h");
  EXPECT_THAT(errors_of(late), HasSubstr("calendar end 9999-12-31 is out of range"));
  const std::string step = edit(tiny(), "step: 12h", "step: 2147483647h");
  EXPECT_THAT(errors_of(step),
              HasSubstr(at(step, "2147483647h") +
                        ": calendar step 2147483647h is longer than a year (expected at most "
                        "366d)"));
}

TEST(HostileInput, RunsLargerThanTheCellLimitAreRefusedWithTheWayToRaiseIt) {
  LoadOptions options;
  options.max_cells = 100;  // tiny: 7 nodes x 61 time points = 427
  const std::string errors = errors_of(tiny(), options);
  EXPECT_THAT(errors, HasSubstr(at(tiny(), "{start: 2020-01-01") +
                                ": the run has 7 nodes x 61 time points = 427 cells, more than "
                                "the limit of 100 (expected fewer nodes, a longer step or a "
                                "shorter calendar; --max-cells N raises the limit"));
  options.max_cells = 427;
  EXPECT_NO_THROW(load_text(tiny(), options));
}

// ---- item 19: the include policy

class IncludePolicy : public ::testing::Test {
 protected:
  void SetUp() override {
    // One folder per process and test: ctest runs these tests in parallel
    // processes, which may start in the same millisecond (gtest's random
    // seed, once used here, is the clock's and collided).
    root_ = std::filesystem::temp_directory_path() /
            ("frontline-include-policy-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(root_);
    std::filesystem::create_directories(root_ / "mine");
    std::filesystem::create_directories(root_ / "elsewhere");
    for (const char* name : {"tiny.yaml", "maps/tiny-map.yaml", "reports/tiny-report.txt"}) {
      std::filesystem::create_directories((root_ / "elsewhere" / name).parent_path());
      std::filesystem::copy_file(fixtures() / name, root_ / "elsewhere" / name);
    }
  }
  void TearDown() override { std::filesystem::remove_all(root_); }

  std::filesystem::path write(const std::string& name, const std::string& text) {
    const auto path = root_ / "mine" / name;
    std::ofstream(path) << text;
    return path;
  }

  std::string error_of(const std::filesystem::path& file, LoadOptions options = {}) {
    try {
      load_scenario(file, options);
    } catch (const InputError& error) {
      return error.what();
    }
    ADD_FAILURE() << "loaded";
    return "";
  }

  std::filesystem::path root_;
};

TEST_F(IncludePolicy, IncludesOutsideTheScenariosFolderAreRefused) {
  const auto file = write("v.yaml", "name: v\ndescription: d\ninclude: ../elsewhere/tiny.yaml\n");
  const std::string message = error_of(file);
  EXPECT_THAT(message, HasSubstr("v.yaml:3:10: included file '../elsewhere/tiny.yaml' is outside "
                                 "the folders a scenario may read"));
  EXPECT_THAT(message, HasSubstr("--allow-path DIR"));
  LoadOptions allowed;
  allowed.allowed_paths = {root_ / "elsewhere"};
  EXPECT_EQ(load_scenario(file, allowed).name, "v");
}

TEST_F(IncludePolicy, AbsolutePathsAndSymlinksOutsideAreRefused) {
  const auto absolute = write("a.yaml", "name: v\ndescription: d\ninclude: " +
                                            (root_ / "elsewhere" / "tiny.yaml").string() + "\n");
  EXPECT_THAT(error_of(absolute), HasSubstr("is outside the folders a scenario may read"));
  std::filesystem::create_symlink(root_ / "elsewhere" / "tiny.yaml", root_ / "mine" / "link.yaml");
  const auto linked = write("l.yaml", "name: v\ndescription: d\ninclude: link.yaml\n");
  EXPECT_THAT(error_of(linked), HasSubstr("is outside the folders a scenario may read"));
}

TEST_F(IncludePolicy, OnlyYamlFilesAreIncluded) {
  write("secrets.txt", "root:x:0:0:root:/root:/bin/bash\n");
  const auto file = write("s.yaml", "name: v\ndescription: d\ninclude: secrets.txt\n");
  const std::string message = error_of(file);
  EXPECT_EQ(message, file.string() +
                         ":3:10: 'include' names 'secrets.txt', not a .yaml file (expected a YAML "
                         "file whose name ends in .yaml or .yml)");
  EXPECT_THAT(message, Not(HasSubstr("root:x")));
  const auto map = write("m.yaml", "name: v\nmap: {include: secrets.txt}\n");
  EXPECT_THAT(error_of(map), HasSubstr("'map.include' names 'secrets.txt', not a .yaml file"));
}

TEST_F(IncludePolicy, ReportsOutsideTheFoldersAreNotReadSoNoQuoteCanProbeThem) {
  write("environ.txt", "PATH=/usr/bin\n");
  std::string text = read_text(fixtures() / "tiny.yaml");
  text = edit(text, "reports/tiny-report.txt",
              (root_ / "elsewhere" / "reports/tiny-report.txt").string());
  text = edit(text, "include: maps/tiny-map.yaml", "include: ../elsewhere/maps/tiny-map.yaml");
  const auto file = write("t.yaml", text);
  LoadOptions map_only;
  map_only.allowed_paths = {root_ / "elsewhere" / "maps"};
  const std::string message = error_of(file, map_only);
  EXPECT_THAT(message,
              HasSubstr("report '" + (root_ / "elsewhere" / "reports/tiny-report.txt").string() +
                        "' is outside the folders a scenario may read"));
  EXPECT_THAT(message, Not(HasSubstr("quote not found")));
}

}  // namespace
}  // namespace frontline
