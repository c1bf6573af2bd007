// The checking toolkit: one message per kind of problem, with its location.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>

#include "frontline/scenario/yaml_check.hpp"
#include "helpers.hpp"

namespace frontline {
namespace {

using ::testing::HasSubstr;

YamlNode yaml(const std::string& text) { return parse_yaml_text(text, "test.yaml"); }

// Reads `fighters` (0..1e9) from "fighters: <value>" and returns the messages.
std::string fighters(const std::string& value) {
  const YamlNode root = yaml("fighters: " + value + "\n");
  DiagnosticList diagnostics;
  MappingReader reader(root, diagnostics, "faction 'RED'");
  const auto number = reader.required_number("fighters", 0.0, 1e9);
  reader.finish();
  EXPECT_EQ(number.has_value(), diagnostics.empty());
  return test::report(diagnostics.items());
}

TEST(MappingReader, UnknownKeyGetsASuggestion) {
  const YamlNode root = yaml("name: x\nfigthers: 10\nzzz: 1\n");
  DiagnosticList diagnostics;
  MappingReader reader(root, diagnostics, "faction 'RED'");
  EXPECT_EQ(reader.required_string("name"), "x");
  EXPECT_FALSE(reader.optional_number("fighters", 0, 1e9));
  EXPECT_FALSE(reader.optional_number("vehicles", 0, 1e9));
  reader.finish();
  EXPECT_EQ(test::report(diagnostics.items()),
            "test.yaml:2:1: unknown key 'figthers' in faction 'RED' (expected a known key; did "
            "you mean 'fighters'?)\n"
            "test.yaml:3:1: unknown key 'zzz' in faction 'RED' (expected one of name, fighters, "
            "vehicles)\n");
}

TEST(MappingReader, MissingRequiredKey) {
  const YamlNode root = yaml("name: x\n");
  DiagnosticList diagnostics;
  MappingReader reader(root, diagnostics, "calendar");
  EXPECT_FALSE(reader.required_date("start"));
  EXPECT_EQ(test::report(diagnostics.items()),
            "test.yaml:1:1: missing required key 'start' in calendar (expected a date, "
            "YYYY-MM-DD)\n");
}

TEST(MappingReader, WrongTypes) {
  EXPECT_EQ(fighters("{a: 1}"),
            "test.yaml:1:11: wrong type for 'fighters': got a mapping (expected a number, 0 to "
            "1e9)\n");
  EXPECT_EQ(
      fighters("[1]"),
      "test.yaml:1:11: wrong type for 'fighters': got a list (expected a number, 0 to 1e9)\n");
  EXPECT_EQ(fighters("many"),
            "test.yaml:1:11: wrong type for 'fighters': got the string 'many' (expected a number, "
            "0 to 1e9)\n");
  EXPECT_EQ(fighters("\"3000\""),
            "test.yaml:1:11: wrong type for 'fighters': got the quoted string \"3000\" (expected a "
            "number, 0 to 1e9; write it without quotes)\n");
  const YamlNode root = yaml("- a\n");
  DiagnosticList diagnostics;
  MappingReader reader(root, diagnostics, "the scenario");
  EXPECT_FALSE(reader.valid());
  EXPECT_FALSE(reader.required_string("name"));  // no cascade
  reader.finish();
  EXPECT_EQ(test::report(diagnostics.items()),
            "test.yaml:1:1: wrong type for the scenario: got a list (expected a mapping of keys to "
            "values)\n");
}

TEST(MappingReader, OutOfRangeNumbers) {
  EXPECT_EQ(fighters("-5"), "test.yaml:1:11: fighters -5 is out of range (expected 0 to 1e9)\n");
  EXPECT_EQ(fighters("2000000000"),
            "test.yaml:1:11: fighters 2000000000 is out of range (expected 0 to 1e9)\n");
  EXPECT_EQ(fighters("1e308"),
            "test.yaml:1:11: fighters 1e308 is out of range (expected 0 to 1e9)\n");
  EXPECT_EQ(fighters("1e400"),
            "test.yaml:1:11: fighters 1e400 is too large or too small to represent (expected a "
            "number, 0 to 1e9)\n");
  EXPECT_EQ(fighters(".nan"),
            "test.yaml:1:11: fighters .nan is not a finite number (expected a number, 0 to 1e9)\n");
  EXPECT_EQ(
      fighters("-.inf"),
      "test.yaml:1:11: fighters -.inf is not a finite number (expected a number, 0 to 1e9)\n");
  EXPECT_EQ(fighters("1e9"), "");
  EXPECT_EQ(fighters("0"), "");
  EXPECT_EQ(fighters("2.5e3"), "");
}

TEST(ReadValues, Integers) {
  DiagnosticList d;
  EXPECT_EQ(read_unsigned(yaml("18446744073709551615"), "seed", d), 18446744073709551615ull);
  EXPECT_FALSE(read_unsigned(yaml("18446744073709551616"), "seed", d));
  EXPECT_FALSE(read_unsigned(yaml("-1"), "seed", d));
  EXPECT_FALSE(read_unsigned(yaml("1.5"), "seed", d));
  EXPECT_EQ(read_integer(yaml("7"), "n", 0, 10, d), 7);
  EXPECT_FALSE(read_integer(yaml("11"), "n", 0, 10, d));
  EXPECT_EQ(test::report(d.items()),
            "test.yaml:1:1: seed 18446744073709551616 is out of range (expected 0 to "
            "18446744073709551615)\n"
            "test.yaml:1:1: seed -1 is out of range (expected 0 to 18446744073709551615)\n"
            "test.yaml:1:1: seed 1.5 is not a whole number (expected a whole number, 0 to "
            "18446744073709551615)\n"
            "test.yaml:1:1: n 11 is out of range (expected 0 to 10)\n");
}

TEST(ReadValues, DatesDurationsBooleansChoicesAndLists) {
  DiagnosticList d;
  EXPECT_EQ(read_date(yaml("2016-05-05"), "start", d), parse_date("2016-05-05"));
  EXPECT_FALSE(read_date(yaml("2016-02-30"), "start", d));
  EXPECT_EQ(read_duration(yaml("6h"), "step", d), 6);
  EXPECT_EQ(read_duration(yaml("2d"), "step", d), 48);
  EXPECT_FALSE(read_duration(yaml("1w"), "step", d));
  EXPECT_EQ(read_bool(yaml("true"), "sea", d), true);
  EXPECT_FALSE(read_bool(yaml("yes"), "sea", d));
  EXPECT_EQ(read_choice(yaml("road"), "kind", {"road", "track"}, d), "road");
  EXPECT_FALSE(read_choice(yaml("raod"), "kind", {"road", "track"}, d));
  EXPECT_EQ(read_string_list(yaml("[a, b]"), "home", d), (std::vector<std::string>{"a", "b"}));
  EXPECT_FALSE(read_string_list(yaml("[a, {b: 1}]"), "home", d));
  EXPECT_EQ(test::report(d.items()),
            "test.yaml:1:1: start '2016-02-30' is not a valid date (expected a date, YYYY-MM-DD, "
            "such as 2016-05-05)\n"
            "test.yaml:1:1: step '1w' is not a valid duration (expected a positive whole number "
            "of days or hours, such as 1d or 6h)\n"
            "test.yaml:1:1: wrong type for 'sea': got the string 'yes' (expected true or false)\n"
            "test.yaml:1:1: unknown kind 'raod' (expected one of road, track; did you mean "
            "'road'?)\n"
            "test.yaml:1:5: wrong type for 'home item 2': got a mapping (expected a string)\n");
}

TEST(FormatNumber, ShortestText) {
  EXPECT_EQ(format_number(1e9), "1e9");
  EXPECT_EQ(format_number(0.04), "0.04");
  EXPECT_EQ(format_number(3000), "3000");
  EXPECT_EQ(format_number(-5), "-5");
  EXPECT_EQ(format_number(1e-5), "1e-5");
  EXPECT_EQ(format_number(1.1), "1.1");
  EXPECT_EQ(format_number(std::numeric_limits<double>::infinity()), ".inf");
}

TEST(Suggestion, ClosestOrList) {
  EXPECT_EQ(suggestion("ISSI", {"GNA", "ISIS"}, "faction"),
            "a known faction; did you mean 'ISIS'?");
  EXPECT_EQ(suggestion("XYZQW", {"GNA", "ISIS"}, "faction"), "one of GNA, ISIS");
  EXPECT_EQ(suggestion("x", {}, "source"), "no source is declared");
}

}  // namespace
}  // namespace frontline
