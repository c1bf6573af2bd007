#pragma once
// Shared by the scenario tests: fixtures, text edits and error capture.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "frontline/core/error.hpp"
#include "frontline/scenario/loader.hpp"
#include "frontline/scenario/yaml_tree.hpp"

namespace frontline::test {

namespace fs = std::filesystem;

inline fs::path fixtures() { return fs::path(FRONTLINE_TEST_DIR) / "fixtures"; }
inline fs::path shipped() { return fs::path(FRONTLINE_SCENARIO_DIR); }

inline std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The message of parsing `text` as test.yaml (the test fails if it parses).
inline std::string parse_error(const std::string& text) {
  try {
    parse_yaml_text(text, "test.yaml");
  } catch (const InputError& error) {
    return error.what();
  }
  ADD_FAILURE() << "parsed without error";
  return "";
}

inline std::string tiny() { return read_text(fixtures() / "tiny.yaml"); }

// `text` with the first occurrence of `from` replaced (the test fails if absent).
inline std::string edit(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  if (at == std::string::npos) {
    ADD_FAILURE() << "fixture text has no '" << from << "'";
    return text;
  }
  return text.replace(at, from.size(), to);
}

// "file:line:column" of the first occurrence of `needle` in `text` (plus `skip`
// characters into it).
inline std::string at(const std::string& text, const std::string& needle, std::size_t skip = 0,
                      const std::string& file = "test.yaml") {
  const auto pos = text.find(needle);
  if (pos == std::string::npos) {
    ADD_FAILURE() << "no '" << needle << "' in the text";
    return "?";
  }
  const std::size_t target = pos + skip;
  int line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < target; ++i)
    if (text[i] == '\n') ++line, line_start = i + 1;
  return file + ":" + std::to_string(line) + ":" + std::to_string(target - line_start + 1);
}

inline ScenarioSpec load_text(const std::string& text, LoadOptions options = {}) {
  return load_scenario_text(text, "test.yaml", fixtures(), options);
}

// The diagnostics of loading `text` as test.yaml beside the fixtures.
inline std::vector<Diagnostic> problems(const std::string& text, LoadOptions options = {}) {
  try {
    load_text(text, options);
  } catch (const InputError& error) {
    return error.diagnostics();
  }
  ADD_FAILURE() << "the scenario loaded without errors";
  return {};
}

// Every diagnostic as text, one a line.
inline std::string report(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const auto& d : diagnostics) out += d.str() + "\n";
  return out;
}

inline std::string errors_of(const std::string& text, LoadOptions options = {}) {
  return report(problems(text, std::move(options)));
}

}  // namespace frontline::test
