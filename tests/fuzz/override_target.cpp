#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "frontline/core/error.hpp"
#include "frontline/scenario/loader.hpp"
#include "targets.hpp"

namespace frontline::fuzz {

namespace {

// Small but complete: an inline map, two factions, a unit each, an event,
// a parameter and a target, so override paths have something to land on.
constexpr const char* kSmallScenario = R"(name: fuzz-small
description: Two factions on a three-node map, for the --set fuzzer.
calendar: {start: 2020-01-01, end: 2020-01-11, step: 12h}
seed: 7
map:
  name: three
  description: Three places on one road.
  nodes:
    alpha: {name: Alpha, kind: city, lat: 32.0, lon: 13.0, population: 10000}
    beta: {name: Beta, kind: town, lat: 32.1, lon: 13.5, population: 2000}
    gamma: {name: Gamma, kind: port, lat: 32.2, lon: 14.0, population: 500}
  edges:
    alpha-beta: {from: alpha, to: beta, kind: road, km: 50}
    beta-gamma: {from: beta, to: gamma, kind: road, km: 60}
factions:
  RED:
    name: Red
    colour: "#ff0000"
    fighters: 1000
    vehicles: 50
    units:
      main: {at: alpha, order: advance, target: beta}
  BLUE:
    name: Blue
    colour: "#0000ff"
    fighters: 600
    units:
      town: {at: beta}
relations:
  default: war
control:
  default: none
  alpha: RED
  beta: BLUE
events:
  strike: {date: 2020-01-03, until: 2020-01-05, kind: air_campaign, faction: RED, node: beta, other: BLUE, sorties: 2}
parameters:
  combat:
    aimed_kill_rate: 0.04
targets:
  beta-taken: {text: Red holds Beta, metric: controls, faction: RED, node: beta, on: 2020-01-10, min: 1}
)";

std::vector<std::string> lines_of(std::string_view data) {
  std::vector<std::string> lines;
  while (!data.empty() && static_cast<int>(lines.size()) < kMaxOverrideLines) {
    const auto end = data.find('\n');
    lines.emplace_back(data.substr(0, end));
    data = end == std::string_view::npos ? std::string_view{} : data.substr(end + 1);
  }
  return lines;
}

void check_parsed(const Override& parsed, const std::string& argument) {
  const bool sound =
      !parsed.path.empty() && parsed.columns.size() == parsed.path.size() &&
      parsed.value_column >= 2 &&
      static_cast<std::size_t>(parsed.value_column) <= argument.size() + 1 &&
      argument.substr(static_cast<std::size_t>(parsed.value_column) - 1) == parsed.value_yaml;
  if (!sound) throw std::logic_error("parse_override returned an inconsistent Override");
}

}  // namespace

void override_input(std::string_view data) {
  const std::vector<std::string> arguments = lines_of(data);
  std::optional<InputError> first_refusal;
  for (std::size_t i = 0; i < arguments.size(); ++i) {
    try {
      check_parsed(parse_override(arguments[i], static_cast<int>(i) + 1), arguments[i]);
    } catch (const InputError& refusal) {
      if (!first_refusal) first_refusal = refusal;
    }
  }
  LoadOptions options;
  options.overrides = arguments;
  options.scenario_root = scenario_folder();
  load_scenario_text(kSmallScenario, "small.yaml", scenario_folder(), options);
  if (first_refusal)
    throw std::logic_error("the loader accepted a --set that parse_override refused");
}

}  // namespace frontline::fuzz
