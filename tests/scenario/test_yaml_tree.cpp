// The YAML tree: locations, quoting, duplicate keys, hostile input, merge
// patches and emitting.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>

#include "frontline/scenario/limits.hpp"
#include "frontline/scenario/yaml_tree.hpp"
#include "helpers.hpp"

namespace frontline {
namespace {

using test::fixtures;
using test::parse_error;
using ::testing::HasSubstr;

std::string file_error(const std::filesystem::path& path) {
  try {
    parse_yaml_file(path);
  } catch (const InputError& error) {
    return error.what();
  }
  ADD_FAILURE() << "parsed without error";
  return "";
}

TEST(YamlTree, KeepsLocationsAndQuoting) {
  const YamlNode root =
      parse_yaml_text("a: 1\nb: \"3000\"\nc:\nd: ~\ne: |\n  x\n  y\nf: [p, null]\n", "t.yaml");
  ASSERT_TRUE(root.is_mapping());
  EXPECT_EQ(root.keys(), (std::vector<std::string>{"a", "b", "c", "d", "e", "f"}));
  const YamlNode& a = *root.find("a");
  EXPECT_TRUE(a.is_scalar());
  EXPECT_FALSE(a.quoted);
  EXPECT_EQ(a.where.str(), "t.yaml:1:4");
  EXPECT_TRUE(root.find("b")->quoted);
  EXPECT_EQ(root.find("b")->text, "3000");
  EXPECT_EQ(root.find_entry("b")->key_where.str(), "t.yaml:2:1");
  EXPECT_TRUE(root.find("c")->is_null());
  EXPECT_EQ(root.find("c")->where.str(), "t.yaml:3:1");  // an empty value sits at its key
  EXPECT_TRUE(root.find("d")->is_null());
  EXPECT_EQ(root.find("e")->text, "x\ny\n");
  EXPECT_TRUE(root.find("e")->quoted);
  const YamlNode& f = *root.find("f");
  ASSERT_TRUE(f.is_sequence());
  ASSERT_EQ(f.items.size(), 2u);
  EXPECT_EQ(f.items[0].text, "p");
  EXPECT_TRUE(f.items[1].is_null());
  EXPECT_EQ(f.items[1].where.str(), "t.yaml:8:8");
  EXPECT_EQ(root.count(), 9u);
}

TEST(YamlTree, EmptyAndCommentOnlyTextsAreNull) {
  EXPECT_TRUE(parse_yaml_text("", "t.yaml").is_null());
  const YamlNode comments = parse_yaml_text("# nothing\n   # here\n", "t.yaml");
  EXPECT_TRUE(comments.is_null());
  EXPECT_EQ(comments.where.str(), "t.yaml");
}

TEST(YamlTree, DuplicateKeysAreAllReported) {
  try {
    parse_yaml_text("a: 1\nb:\n  c: 2\n  c: 3\na: 4\n", "test.yaml");
    FAIL() << "duplicates accepted";
  } catch (const InputError& error) {
    ASSERT_EQ(error.diagnostics().size(), 2u);
    EXPECT_EQ(error.diagnostics()[0].str(),
              "test.yaml:4:3: duplicate key 'c' (expected each key once per mapping; first "
              "given at test.yaml:3:3)");
    EXPECT_EQ(error.diagnostics()[1].str(),
              "test.yaml:5:1: duplicate key 'a' (expected each key once per mapping; first "
              "given at test.yaml:1:1)");
  }
}

TEST(YamlTree, MalformedYamlIsLocated) {
  EXPECT_EQ(parse_error("a: 1\nb: : :\n"),
            "test.yaml:2:4: invalid YAML: illegal map value (expected 'key: value' with a space "
            "after the colon)");
  // yaml-cpp reads an unindented line after a list as the start of a second document.
  EXPECT_EQ(parse_error("- a\nb: 1\n"),
            "test.yaml:2:1: a second YAML document starts here (expected one document per file "
            "(is this line indented like the ones before?))");
}

TEST(YamlTree, TruncatedYamlIsLocated) {
  EXPECT_EQ(parse_error("a: [1, 2\n"),
            "test.yaml:2:1: invalid YAML: end of sequence flow not found (expected a ']' closing "
            "the list that starts at test.yaml:1:4)");
  EXPECT_EQ(parse_error("a: {b: 1\n"),
            "test.yaml:2:1: invalid YAML: end of map flow not found (expected a '}' closing the "
            "mapping that starts at test.yaml:1:4)");
  EXPECT_EQ(parse_error("a:\n  b: 1\n c: 2\n"),
            "test.yaml:3:2: invalid YAML: end of map not found (expected the keys of one mapping "
            "at the same indentation)");
  EXPECT_EQ(parse_error("a: é\nb: \"unclosed\nc: 1\n"),
            "test.yaml:2:4: quoted string not closed before the end of the input (expected a "
            "closing quote)");
  EXPECT_EQ(parse_error("a: 'unclosed\n"),
            "test.yaml:1:4: quoted string not closed before the end of the input (expected a "
            "closing quote)");
  EXPECT_EQ(parse_yaml_text("a: \"x \\\" y\"\nb: 'it''s'\n", "t.yaml").find("b")->text, "it's");
}

TEST(YamlTree, BinaryNoiseAndInvalidUtf8AreRefused) {
  EXPECT_EQ(parse_error(std::string("\x7f"
                                    "ELF\x02\x01\x01\0\0",
                                    9)),
            "test.yaml:1:1: control character 0x7f in the text (expected a YAML text file in "
            "UTF-8; this looks like binary data)");
  EXPECT_EQ(parse_error("name: caf\xe9\n"),
            "test.yaml:1:10: invalid UTF-8 byte 0xe9 (expected a YAML text file in UTF-8)");
  EXPECT_EQ(parse_error("a: 1\n\xff\xfe"),
            "test.yaml:2:1: invalid UTF-8 byte 0xff (expected a YAML text file in UTF-8)");
  EXPECT_EQ(parse_yaml_text("name: café ✓\n", "t.yaml").find("name")->text, "café ✓");
}

TEST(YamlTree, MissingFileAndDirectoryAreInputErrors) {
  const auto missing = fixtures() / "no-such-file.yaml";
  EXPECT_EQ(file_error(missing),
            missing.string() + ": file not found (expected an existing YAML file)");
  const auto folder = fixtures() / "maps";
  EXPECT_EQ(file_error(folder), folder.string() + ": is a directory (expected a YAML file)");
}

std::string billion_laughs() {
  std::string text = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (char c = 'b'; c <= 'j'; ++c) {
    const char prev = static_cast<char>(c - 1);
    text += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i) text += std::string(i ? ", *" : "*") + prev;
    text += "]\n";
  }
  return text;
}

TEST(YamlTree, AliasBombIsRefusedQuickly) {
  const auto start = std::chrono::steady_clock::now();
  const std::string message = parse_error(billion_laughs());
  const auto elapsed = std::chrono::steady_clock::now() - start;
  // Before f: 123,759 nodes; each *e adds 111,111, so the 9th *e of f's list passes 2^20.
  EXPECT_EQ(message,
            "test.yaml:6:40: alias '*e' expands the document beyond 1048576 nodes (expected at "
            "most 1048576 nodes after aliases are expanded (is this an alias bomb?))");
  EXPECT_LT(std::chrono::duration<double>(elapsed).count(), 0.25);
}

TEST(YamlTree, AliasesWithinLimitsAreExpanded) {
  const YamlNode root = parse_yaml_text("base: &b {k: 1, l: [x]}\ncopy: *b\n", "t.yaml");
  ASSERT_TRUE(root.find("copy")->is_mapping());
  EXPECT_TRUE(same_yaml(*root.find("base"), *root.find("copy")));
  EXPECT_EQ(root.find("copy")->where.str(), "t.yaml:2:7");
  EXPECT_EQ(root.find("copy")->find("k")->where.str(), "t.yaml:1:14");  // where it was written
}

TEST(YamlTree, DeepNestingIsRefused) {
  const std::string text = std::string(10000, '[') + std::string(10000, ']');
  EXPECT_EQ(parse_error(text),
            "test.yaml:1:65: nesting deeper than 64 levels (expected at most 64 nested mappings "
            "and lists)");
  std::string ok = std::string(63, '[') + std::string(63, ']');
  EXPECT_NO_THROW(parse_yaml_text("a: " + ok, "t.yaml"));
}

TEST(YamlTree, AliasesCannotNestDeeperThanTheLimit) {
  const std::string deep = std::string(40, '[') + std::string(40, ']');
  const std::string text =
      "a: &x " + deep + "\nb: " + std::string(40, '[') + "*x" + std::string(40, ']') + "\n";
  EXPECT_THAT(parse_error(text), HasSubstr("alias '*x' nests the document deeper than 64 levels"));
}

TEST(YamlTree, VeryLongStringIsRefused) {
  EXPECT_EQ(parse_error("a: " + std::string(70000, 'x') + "\n"),
            "test.yaml:1:4: string of 70000 bytes is too long (expected at most 65536 bytes)");
}

TEST(YamlTree, OversizedInputAndSecondDocumentAreRefused) {
  EXPECT_EQ(parse_error(std::string(InputLimits::max_file_bytes + 1, ' ')),
            "test.yaml: input of 8388609 bytes is too large (expected at most 8388608 bytes)");
  EXPECT_EQ(parse_error("a: 1\n---\nb: 2\n"),
            "test.yaml:2:1: a second YAML document starts here (expected one document per file)");
}

TEST(YamlTree, NonScalarKeysAreRefused) {
  EXPECT_EQ(parse_error("? [a, b]\n: 1\n"),
            "test.yaml:1:3: a mapping key must be a plain name, not a list (expected a scalar key "
            "such as 'name')");
}

YamlNode yaml(const std::string& text) { return parse_yaml_text(text, "t.yaml"); }

TEST(MergePatch, FollowsRfc7386) {
  // The example of RFC 7386, section 3.
  const YamlNode target = yaml(
      "title: Goodbye!\nauthor: {givenName: John, familyName: Doe}\ntags: [example, sample]\n"
      "content: This will be unchanged\n");
  const YamlNode patch = yaml(
      "title: Hello!\nphoneNumber: \"+01-123-456-7890\"\nauthor: {familyName: null}\n"
      "tags: [example]\n");
  const YamlNode expected = yaml(
      "title: Hello!\nauthor: {givenName: John}\ntags: [example]\n"
      "content: This will be unchanged\nphoneNumber: \"+01-123-456-7890\"\n");
  EXPECT_TRUE(same_yaml(merge_patch(target, patch), expected))
      << emit_yaml(merge_patch(target, patch));
}

TEST(MergePatch, ReplacesNonMappingsAndDropsNullsInNewKeys) {
  EXPECT_TRUE(same_yaml(merge_patch(yaml("a: 1"), yaml("[x]")), yaml("[x]")));
  EXPECT_TRUE(same_yaml(merge_patch(yaml("[x]"), yaml("a: 1")), yaml("a: 1")));
  EXPECT_TRUE(same_yaml(merge_patch(yaml("a: {b: 1}"), yaml("a: 7")), yaml("a: 7")));
  EXPECT_TRUE(
      same_yaml(merge_patch(yaml("a: 1"), yaml("n: {x: null, y: 2}")), yaml("a: 1\nn: {y: 2}")));
  EXPECT_TRUE(same_yaml(merge_patch(yaml("a: 1"), yaml("missing: null")), yaml("a: 1")));
  const YamlNode merged = merge_patch(yaml("a: 1\nb: 2"), parse_yaml_text("b: 3", "p.yaml"));
  EXPECT_EQ(merged.find("b")->where.file, "p.yaml");  // a replaced value keeps its own place
  EXPECT_EQ(merged.find_entry("b")->key_where.file, "t.yaml");
}

TEST(EmitYaml, RoundTrips) {
  const std::string text =
      "name: \"3000\"\nplain: 3000\nyes: true\nquoted_bool: \"true\"\nnothing: ~\n"
      "block: |\n  line one\n  line two\nfolded: \"no newline\\nat end\"\nspaces: \"  lead\"\n"
      "empty_map: {}\nempty_list: []\nlist: [a, b, \"c, d\"]\nnested: {x: {y: [1, {z: 2}]}}\n"
      "\"key with: colon\": v\nunicode: \"café ✓\"\nsym: \"#1f77b4\"\nhash: a#b\n"
      "long: " +
      std::string(120, 'x') + "\ncolon: \"a: b\"\n";
  const YamlNode tree = yaml(text);
  const std::string emitted = emit_yaml(tree);
  EXPECT_TRUE(same_yaml(tree, parse_yaml_text(emitted, "again.yaml"))) << emitted;
  EXPECT_THAT(emitted, HasSubstr("block: |\n  line one\n  line two\n"));
}

TEST(EmitYaml, ShippedFilesRoundTrip) {
  for (const auto& entry : std::filesystem::recursive_directory_iterator(test::shipped())) {
    if (entry.path().extension() != ".yaml") continue;
    const YamlNode tree = parse_yaml_file(entry.path());
    EXPECT_TRUE(same_yaml(tree, parse_yaml_text(emit_yaml(tree), "again.yaml"))) << entry.path();
  }
}

}  // namespace
}  // namespace frontline
