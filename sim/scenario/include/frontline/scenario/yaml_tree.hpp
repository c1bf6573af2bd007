#pragma once
// A small YAML document tree with locations, built from yaml-cpp's event API.
//
// Unlike YAML::Load it keeps the file, line and column (1-based) of every key
// and value, refuses duplicate keys, and bounds memory and time on hostile
// input (InputLimits: file size, nesting depth, string length, nodes after
// alias expansion). Every failure is an InputError naming file:line:column;
// no yaml-cpp exception escapes.
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "frontline/core/error.hpp"

namespace frontline {

struct YamlEntry;

struct YamlNode {
  enum class Kind { null, scalar, sequence, mapping };

  Kind kind = Kind::null;
  // Scalar text. `quoted` is true for quoted and block scalars and for explicit
  // tags: such a scalar is always a string ("3000" is a string, 3000 a number).
  // An unquoted `null`, `Null`, `NULL`, `~` or an empty value is Kind::null.
  std::string text;
  bool quoted = false;
  // A mapping that a --set path created on its way to the value (so a
  // reader can tell `factions.ISSI.fighters=1` from a faction written out).
  bool implicit = false;
  Location where;
  std::vector<YamlEntry> entries;  // mapping entries, in the order written
  std::vector<YamlNode> items;     // sequence items
  // Internal to the parser: an alias not yet expanded (0 = none).
  unsigned long alias_ = 0;

  bool is_null() const { return kind == Kind::null; }
  bool is_scalar() const { return kind == Kind::scalar; }
  bool is_sequence() const { return kind == Kind::sequence; }
  bool is_mapping() const { return kind == Kind::mapping; }

  // Mapping access (nullptr if absent or not a mapping).
  const YamlNode* find(std::string_view key) const;
  YamlNode* find(std::string_view key);
  const YamlEntry* find_entry(std::string_view key) const;
  YamlEntry* find_entry(std::string_view key);
  // Replaces the value of `key` or appends a new entry; returns the value.
  YamlNode& set(const std::string& key, YamlNode value, Location key_where = {});
  bool erase(std::string_view key);
  std::vector<std::string> keys() const;

  // Nodes in this tree, counting itself.
  std::size_t count() const;

  static YamlNode null_at(Location where);
  static YamlNode scalar(std::string text, bool quoted, Location where);
  static YamlNode mapping(Location where);
  static YamlNode sequence(Location where);
};

struct YamlEntry {
  std::string key;
  Location key_where;
  YamlNode value;
};

// Same kinds, texts, quoting and structure (locations are not compared).
bool same_yaml(const YamlNode& a, const YamlNode& b);

// Parses one YAML document. An empty or comment-only text gives a null node at
// line 1. Throws InputError for malformed YAML, invalid UTF-8 or control
// characters, a second document, duplicate keys (all of them), and input over
// InputLimits; `file_name` names the input in every location. `first_column`
// is the column at which the text starts on its first line (a --set value
// starts after "path="), so locations on that line point into the original.
YamlNode parse_yaml_text(const std::string& text, const std::string& file_name,
                         int first_column = 1);

// Reads a YAML file's text; a missing file, a directory, an unreadable or an
// oversized file is an InputError naming the file.
std::string read_yaml_file(const std::filesystem::path& path);
// Reads and parses a file (read_yaml_file, then parse_yaml_text). Locations name
// the path as given.
YamlNode parse_yaml_file(const std::filesystem::path& path);

// Block-style YAML that parses back to the same tree (same_yaml).
std::string emit_yaml(const YamlNode& node);

// RFC 7386 JSON merge patch on YAML trees: a mapping patch merges into a
// mapping target key by key (recursively), a null value deletes the key, and
// any other patch replaces the target. New keys keep the patch's order after
// the target's.
YamlNode merge_patch(YamlNode target, const YamlNode& patch);

// "a mapping", "a list", "a number", "a boolean", "a string", "an empty value".
std::string describe(const YamlNode& node);

}  // namespace frontline
