#pragma once
// What each fuzz harness does with one input, shared by the libFuzzer entry
// points (fuzz_*.cpp, built with clang) and the regression tests of the normal
// suite (tests/reliability, g++), so a regression input replays exactly the
// calls that found it.
//
// The contract under test: bad input ends in an InputError that says what is
// wrong. Each target throws it for a refused input and returns for an accepted
// one; any other exception, a crash, a hang or a sanitizer report is a finding.
// A broken invariant of an accepted input throws std::logic_error.
#include <filesystem>
#include <string_view>

#include "frontline/core/error.hpp"

namespace frontline::fuzz {

// The fixed folder includes resolve against: the shipped scenarios folder
// (maps/, reports/, the scenarios themselves), set at build time.
std::filesystem::path scenario_folder();

// A refusal must say what is wrong: at least one diagnostic, each with a
// message. Throws std::logic_error otherwise.
void require_clean(const InputError& refusal);

// The input is a scenario file "fuzz.yaml" in scenarios/variants/, so both
// `include: ../sirte-2016.yaml` and `map: {include: maps/libya-coast.yaml}`
// resolve as they do for the shipped files.
void scenario_input(std::string_view data);

// Each line (the first kMaxOverrideLines) is one --set argument: every line
// goes through parse_override, then all are applied to a small valid scenario.
inline constexpr int kMaxOverrideLines = 8;
void override_input(std::string_view data);

// The input is a sweep file; an accepted one is planned with at most
// kMaxFuzzRuns runs (the planner must refuse larger designs cheaply).
inline constexpr unsigned long long kMaxFuzzRuns = 4096;
void sweep_input(std::string_view data);

}  // namespace frontline::fuzz
