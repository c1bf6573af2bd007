#pragma once
// Checking values in a YamlNode tree without throwing: each reader records a
// Diagnostic (`file:line:column: what is wrong (expected ...)`) in a
// DiagnosticList and returns nullopt, so a whole file is checked before it is
// rejected. Knows nothing about scenarios; the sweep-file loader uses it too.
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "frontline/core/calendar.hpp"
#include "frontline/core/error.hpp"
#include "frontline/scenario/yaml_tree.hpp"

namespace frontline {

// Shortest text that reads back as the same double: 0.04, 3000, 1e9, 1e308.
std::string format_number(double value);

// Reading one node. `what` names the value in messages (usually its key).
// A quoted scalar is never a number, boolean or date ("3000" is a string).
std::optional<std::string> read_string(const YamlNode& node, const std::string& what,
                                       DiagnosticList& diagnostics);
// A finite number in [min, max].
std::optional<double> read_number(const YamlNode& node, const std::string& what, double min,
                                  double max, DiagnosticList& diagnostics);
// A whole number in [min, max].
std::optional<long long> read_integer(const YamlNode& node, const std::string& what, long long min,
                                      long long max, DiagnosticList& diagnostics);
// A whole number in [0, 2^64 - 1] (seeds).
std::optional<std::uint64_t> read_unsigned(const YamlNode& node, const std::string& what,
                                           DiagnosticList& diagnostics);
std::optional<bool> read_bool(const YamlNode& node, const std::string& what,
                              DiagnosticList& diagnostics);
// An ISO date, "2016-05-05".
std::optional<Days> read_date(const YamlNode& node, const std::string& what,
                              DiagnosticList& diagnostics);
// "Nd" or "Nh", as hours.
std::optional<int> read_duration(const YamlNode& node, const std::string& what,
                                 DiagnosticList& diagnostics);
// A list of strings ([a, b]).
std::optional<std::vector<std::string>> read_string_list(const YamlNode& node,
                                                         const std::string& what,
                                                         DiagnosticList& diagnostics);
// One of `choices` (an enumeration); the message lists them and suggests one.
std::optional<std::string> read_choice(const YamlNode& node, const std::string& what,
                                       const std::vector<std::string>& choices,
                                       DiagnosticList& diagnostics);

// "expected" text for a name that is not one of `known`: "a known <what>; did
// you mean 'x'?" when one is close, else the list (shortened when long).
std::string suggestion(const std::string& word, const std::vector<std::string>& known,
                       const std::string& what_they_are);

// Reads the keys of one mapping. Every key asked for (present or not) is
// "known"; finish() reports each key present but never asked for, with a
// suggestion among the known ones. If the node is not a mapping, the
// constructor records that and every read returns nullopt quietly.
class MappingReader {
 public:
  // `what` names the mapping in messages ("faction 'GNA'", "calendar").
  MappingReader(const YamlNode& node, DiagnosticList& diagnostics, std::string what);

  bool valid() const { return valid_; }
  const YamlNode& node() const { return node_; }
  const std::string& what() const { return what_; }
  DiagnosticList& diagnostics() { return diagnostics_; }

  // The value of `key` (marking it known and used), or nullptr if absent or
  // null. Null values count as absent: a merge patch deletes with null.
  const YamlNode* get(const std::string& key);
  bool has(const std::string& key);
  // Declares keys that another piece of code reads from node() directly.
  void allow(std::initializer_list<const char*> keys);
  // Location of a key's value (the mapping's location if absent).
  Location where(const std::string& key) const;
  Location key_where(const std::string& key) const;

  // Records "missing required key 'k' in <what> (expected <expected>)".
  void missing(const std::string& key, const std::string& expected);
  // Records a problem with a present key (marks it used).
  void reject(const std::string& key, const std::string& message, const std::string& expected);

  std::optional<std::string> required_string(const std::string& key);
  std::optional<std::string> optional_string(const std::string& key);
  std::optional<double> required_number(const std::string& key, double min, double max);
  std::optional<double> optional_number(const std::string& key, double min, double max);
  // The value if present and valid, else `fallback` (a diagnostic if invalid).
  double number_or(const std::string& key, double fallback, double min, double max);
  std::optional<long long> required_integer(const std::string& key, long long min, long long max);
  std::optional<long long> optional_integer(const std::string& key, long long min, long long max);
  std::optional<std::uint64_t> required_unsigned(const std::string& key);
  std::optional<std::uint64_t> optional_unsigned(const std::string& key);
  std::optional<bool> required_bool(const std::string& key);
  std::optional<bool> optional_bool(const std::string& key);
  std::optional<Days> required_date(const std::string& key);
  std::optional<Days> optional_date(const std::string& key);
  std::optional<int> required_duration(const std::string& key);
  std::optional<int> optional_duration(const std::string& key);
  std::optional<std::string> required_choice(const std::string& key,
                                             const std::vector<std::string>& choices);
  std::optional<std::string> optional_choice(const std::string& key,
                                             const std::vector<std::string>& choices);
  std::optional<std::vector<std::string>> required_string_list(const std::string& key);
  std::optional<std::vector<std::string>> optional_string_list(const std::string& key);
  // A child mapping (a diagnostic and nullptr if it is something else).
  const YamlNode* required_mapping(const std::string& key);
  const YamlNode* optional_mapping(const std::string& key);

  // Keys present but never asked for or allowed: "unknown key 'x' in <what>".
  void finish();
  // Keys present in the mapping that nothing asked for yet.
  std::vector<std::string> unused_keys() const;

 private:
  const YamlNode* present(const std::string& key);
  const YamlNode& node_;
  DiagnosticList& diagnostics_;
  std::string what_;
  bool valid_ = false;
  std::set<std::string> known_;
  std::vector<std::string> known_order_;
};

}  // namespace frontline
