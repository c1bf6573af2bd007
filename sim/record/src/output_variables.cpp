#include "frontline/record/output_variables.hpp"

#include <cstdio>

#include "frontline/core/error.hpp"

namespace frontline {

namespace {

using G = OutputGroup;
using T = OutputType;
using Flags = OutputFlags;

const std::vector<std::string> kTime = {"time"};
const std::vector<std::string> kNode = {"node"};
const std::vector<std::string> kFaction = {"faction"};
const std::vector<std::string> kEdge = {"edge"};
const std::vector<std::string> kEvent = {"event"};
const std::vector<std::string> kTarget = {"target"};
const std::vector<std::string> kUnit = {"unit"};
const std::vector<std::string> kTimeNode = {"time", "node"};
const std::vector<std::string> kTimeFaction = {"time", "faction"};
const std::vector<std::string> kTimeFactionNode = {"time", "faction", "node"};
const std::vector<std::string> kTimeUnit = {"time", "unit"};

// Each row names only the fields it sets; the others keep their defaults.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

// One row per variable, in file order. Texts are the file's attributes.
std::vector<OutputVariable> registry() {
  return {
      // ---- time
      {.name = "time",
       .dims = kTime,
       .type = T::float64,
       .time_units = true,
       .long_name = "time",
       .standard_name = "time",
       .group = G::time,
       .rule = "calendar"},
      {.name = "step",
       .dims = kTime,
       .type = T::int32,
       .units = "1",
       .long_name = "time index",
       .description = "record i is the state at start + i * step; record 0 is the initial state",
       .group = G::time,
       .rule = "calendar"},
      // ---- nodes
      {.name = "node",
       .dims = kNode,
       .type = T::str,
       .long_name = "node id",
       .group = G::node,
       .rule = "map"},
      {.name = "node_name",
       .dims = kNode,
       .type = T::str,
       .long_name = "node name",
       .group = G::node,
       .rule = "map"},
      {.name = "lat",
       .dims = kNode,
       .units = "degrees_north",
       .long_name = "latitude",
       .standard_name = "latitude",
       .group = G::node,
       .rule = "map"},
      {.name = "lon",
       .dims = kNode,
       .units = "degrees_east",
       .long_name = "longitude",
       .standard_name = "longitude",
       .group = G::node,
       .rule = "map"},
      {.name = "kind",
       .dims = kNode,
       .type = T::str,
       .long_name = "node kind",
       .description =
           "city, town, port, oil_terminal, oil_field, airbase, junction or border_crossing",
       .group = G::node,
       .rule = "map"},
      {.name = "oil_capacity",
       .dims = kNode,
       .units = "barrel/day",
       .long_name = "oil capacity",
       .description = "production capacity at oil fields; export capacity at terminals",
       .group = G::node,
       .rule = "map"},
      // ---- factions
      {.name = "faction",
       .dims = kFaction,
       .type = T::str,
       .long_name = "faction id",
       .group = G::faction,
       .rule = "scenario"},
      {.name = "faction_name",
       .dims = kFaction,
       .type = T::str,
       .long_name = "faction name",
       .group = G::faction,
       .rule = "scenario"},
      {.name = "faction_colour",
       .dims = kFaction,
       .type = T::str,
       .long_name = "faction colour for plots",
       .description = "#rrggbb",
       .group = G::faction,
       .rule = "scenario"},
      // ---- edges
      {.name = "edge",
       .dims = kEdge,
       .type = T::str,
       .long_name = "edge id",
       .description = "from-to node ids",
       .group = G::edge,
       .rule = "map"},
      {.name = "edge_from",
       .dims = kEdge,
       .type = T::str,
       .long_name = "edge origin node",
       .group = G::edge,
       .rule = "map"},
      {.name = "edge_to",
       .dims = kEdge,
       .type = T::str,
       .long_name = "edge destination node",
       .group = G::edge,
       .rule = "map"},
      {.name = "edge_kind",
       .dims = kEdge,
       .type = T::str,
       .long_name = "edge kind",
       .description = "road, track, sea or pipeline",
       .group = G::edge,
       .rule = "map"},
      {.name = "edge_km",
       .dims = kEdge,
       .units = "km",
       .long_name = "edge length",
       .group = G::edge,
       .rule = "map"},
      // ---- state over time (the recorder copies them from the world state)
      {.name = "control",
       .dims = kTimeNode,
       .type = T::int8,
       .units = "1",
       .long_name = "controlling faction",
       .description =
           "index along the faction dimension of the faction holding the node; -1 for none",
       .flags = Flags::faction_index,
       .rule = "control",
       .series = &RunRecord::control,
       .source = &NodeStates::controller},
      {.name = "contested",
       .dims = kTimeNode,
       .type = T::int8,
       .units = "1",
       .long_name = "node contested",
       .description = "1 while more than one hostile faction has fighters at the node",
       .flags = Flags::binary,
       .flag_meanings = "not_contested contested",
       .rule = "control",
       .series = &RunRecord::contested,
       .source = &NodeStates::contested},
      {.name = "besieged",
       .dims = kTimeNode,
       .type = T::int8,
       .units = "1",
       .long_name = "node besieged",
       .description = "1 while the node's holder is cut off from resupply by hostile forces",
       .flags = Flags::binary,
       .flag_meanings = "not_besieged besieged",
       .rule = "siege",
       .series = &RunRecord::besieged,
       .source = &NodeStates::besieged},
      {.name = "strength",
       .dims = kTimeFactionNode,
       .type = T::float32,
       .units = "fighters",
       .long_name = "fighters present",
       .description =
           "fighters of each faction at each node; a unit on a road counts at its origin",
       .rule = "movement, combat",
       .series = &RunRecord::strength,
       .source = &fighters_at_nodes},
      {.name = "killed",
       .dims = kTimeFaction,
       .units = "people",
       .long_name = "killed, cumulative",
       .description = "fighters of the faction killed since the start",
       .rule = "combat",
       .series = &RunRecord::killed,
       .source = &WorldState::killed},
      {.name = "wounded",
       .dims = kTimeFaction,
       .units = "people",
       .long_name = "wounded, cumulative",
       .description = "fighters of the faction wounded since the start",
       .rule = "combat",
       .series = &RunRecord::wounded,
       .source = &WorldState::wounded},
      // "day", not "days": xarray would decode a variable in "days" as a timedelta.
      {.name = "supply",
       .dims = kTimeNode,
       .type = T::float32,
       .units = "day",
       .long_name = "supply stocks",
       .description = "stocks at the node, in days of consumption",
       .rule = "supply",
       .series = &RunRecord::supply,
       .source = &NodeStates::stocks_days},
      {.name = "humanitarian",
       .dims = kTimeNode,
       .type = T::float32,
       .units = "1",
       .long_name = "humanitarian distress index",
       .description = "humanitarian distress index: 0 normal; 1 catastrophic (stocks exhausted "
                      "under siege with fighting)",
       .rule = "siege",
       .series = &RunRecord::humanitarian,
       .source = &NodeStates::humanitarian},
      {.name = "population",
       .dims = kTimeNode,
       .units = "people",
       .long_name = "population present",
       .rule = "civilians",
       .series = &RunRecord::population,
       .source = &NodeStates::population},
      {.name = "displaced",
       .dims = kTimeNode,
       .units = "people",
       .long_name = "displaced people",
       .description = "people from this node who are currently away from it",
       .rule = "civilians",
       .series = &RunRecord::displaced,
       .source = &NodeStates::displaced},
      {.name = "oil_output",
       .dims = kTimeNode,
       .units = "barrel/day",
       .long_name = "oil output",
       .description = "production at oil fields; export throughput at terminals",
       .rule = "blockade",
       .series = &RunRecord::oil_output,
       .source = &NodeStates::oil_output_bpd},
      {.name = "oil_revenue",
       .dims = kTime,
       .units = "USD",
       .long_name = "oil revenue, cumulative",
       .rule = "blockade",
       .series = &RunRecord::oil_revenue,
       .source = &WorldState::oil_revenue_usd},
      {.name = "oil_loss",
       .dims = kTime,
       .units = "USD",
       .long_name = "oil revenue lost, cumulative",
       .description = "revenue lost to blockades and fighting against the pre-war capacity",
       .rule = "blockade",
       .series = &RunRecord::oil_loss,
       .source = &WorldState::oil_loss_usd},
      // ---- events
      {.name = "event",
       .dims = kEvent,
       .type = T::int32,
       .units = "1",
       .long_name = "event number",
       .group = G::event,
       .rule = "events"},
      {.name = "event_time",
       .dims = kEvent,
       .time_units = true,
       .long_name = "event time",
       .description = "the instant of the first record that shows the event's effect",
       .group = G::event,
       .rule = "events"},
      {.name = "event_time_index",
       .dims = kEvent,
       .type = T::int32,
       .units = "1",
       .long_name = "event time index",
       .description = "index along time of the first record that shows the effect",
       .group = G::event,
       .rule = "events"},
      {.name = "event_kind",
       .dims = kEvent,
       .type = T::str,
       .long_name = "event kind",
       .description = "capture, siege_begun, siege_ended, blockade_declared, blockade_lifted, "
                      "violation, airstrike, retreat, offensive, ceasefire, relation_change, "
                      "reinforcement, naval_deployment, airlift, parameter_change, "
                      "call_to_return, surrender, displacement, return_home, defection",
       .group = G::event,
       .rule = "events"},
      {.name = "event_node",
       .dims = kEvent,
       .type = T::str,
       .long_name = "event node",
       .description = "node id, or empty",
       .group = G::event,
       .rule = "events"},
      {.name = "event_actor",
       .dims = kEvent,
       .type = T::str,
       .long_name = "acting faction",
       .description = "faction id, or empty",
       .group = G::event,
       .rule = "events"},
      {.name = "event_other",
       .dims = kEvent,
       .type = T::str,
       .long_name = "other faction",
       .description = "faction id, or empty",
       .group = G::event,
       .rule = "events"},
      {.name = "event_magnitude",
       .dims = kEvent,
       .long_name = "event magnitude",
       .description = "depends on event_kind: fighters, sorties, people or barrels/day",
       .group = G::event,
       .rule = "events"},
      {.name = "event_text",
       .dims = kEvent,
       .type = T::str,
       .long_name = "event text",
       .group = G::event,
       .rule = "events"},
      // ---- targets (only when the scenario has targets)
      {.name = "target",
       .dims = kTarget,
       .type = T::str,
       .long_name = "target id",
       .group = G::target,
       .optional = true,
       .rule = "metrics"},
      {.name = "target_text",
       .dims = kTarget,
       .type = T::str,
       .long_name = "target",
       .group = G::target,
       .optional = true,
       .rule = "metrics"},
      {.name = "target_value",
       .dims = kTarget,
       .long_name = "value of the target's metric in this run",
       .group = G::target,
       .optional = true,
       .rule = "metrics"},
      {.name = "target_min",
       .dims = kTarget,
       .long_name = "lowest value that meets the target",
       .description = "-inf when unbounded below",
       .group = G::target,
       .optional = true,
       .rule = "metrics"},
      {.name = "target_max",
       .dims = kTarget,
       .long_name = "highest value that meets the target",
       .description = "inf when unbounded above",
       .group = G::target,
       .optional = true,
       .rule = "metrics"},
      {.name = "target_met",
       .dims = kTarget,
       .type = T::int8,
       .units = "1",
       .long_name = "target met",
       .flags = Flags::binary,
       .flag_meanings = "missed met",
       .group = G::target,
       .optional = true,
       .rule = "metrics"},
      // ---- agents (only with --record agents)
      {.name = "unit",
       .dims = kUnit,
       .type = T::str,
       .long_name = "unit id",
       .group = G::unit,
       .optional = true,
       .rule = "scenario"},
      {.name = "unit_faction",
       .dims = kUnit,
       .type = T::str,
       .long_name = "unit faction",
       .group = G::unit,
       .optional = true,
       .rule = "scenario"},
      {.name = "unit_node",
       .dims = kTimeUnit,
       .type = T::int32,
       .units = "1",
       .long_name = "unit node",
       .description =
           "index along node of the unit's node, or of the edge's origin while moving; -1 none",
       .group = G::unit,
       .optional = true,
       .rule = "movement"},
      {.name = "unit_next_node",
       .dims = kTimeUnit,
       .type = T::int32,
       .units = "1",
       .long_name = "unit destination node",
       .description = "index along node of the edge's destination while moving; -1 at a node",
       .group = G::unit,
       .optional = true,
       .rule = "movement"},
      {.name = "unit_progress",
       .dims = kTimeUnit,
       .type = T::float32,
       .units = "1",
       .long_name = "progress along the edge",
       .description = "0 at unit_node, 1 at unit_next_node",
       .group = G::unit,
       .optional = true,
       .rule = "movement"},
      {.name = "unit_lat",
       .dims = kTimeUnit,
       .type = T::float32,
       .units = "degrees_north",
       .long_name = "unit latitude",
       .description = "interpolated along the edge between node coordinates",
       .standard_name = "latitude",
       .group = G::unit,
       .optional = true,
       .rule = "movement"},
      {.name = "unit_lon",
       .dims = kTimeUnit,
       .type = T::float32,
       .units = "degrees_east",
       .long_name = "unit longitude",
       .description = "interpolated along the edge between node coordinates",
       .standard_name = "longitude",
       .group = G::unit,
       .optional = true,
       .rule = "movement"},
      {.name = "unit_fighters",
       .dims = kTimeUnit,
       .type = T::float32,
       .units = "fighters",
       .long_name = "unit fighters",
       .group = G::unit,
       .optional = true,
       .rule = "combat"},
      {.name = "unit_morale",
       .dims = kTimeUnit,
       .type = T::float32,
       .units = "1",
       .long_name = "unit morale",
       .description = "0 broken .. 1 full",
       .group = G::unit,
       .optional = true,
       .rule = "combat"},
  };
}

#pragma GCC diagnostic pop

const std::vector<OutputVariable>& table() {
  static const std::vector<OutputVariable> variables = registry();
  return variables;
}

std::string json_string(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned>(c));
      out += buffer;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

const char* to_string(OutputFlags flags) {
  switch (flags) {
    case OutputFlags::none:
      return "none";
    case OutputFlags::binary:
      return "binary";
    case OutputFlags::faction_index:
      return "faction_index";
  }
  return "?";
}

}  // namespace

const char* to_string(OutputType type) {
  switch (type) {
    case OutputType::int8:
      return "int8";
    case OutputType::int32:
      return "int32";
    case OutputType::float32:
      return "float32";
    case OutputType::float64:
      return "float64";
    case OutputType::str:
      return "str";
  }
  return "?";
}

const char* to_string(OutputGroup group) {
  switch (group) {
    case OutputGroup::time:
      return "time";
    case OutputGroup::node:
      return "node";
    case OutputGroup::faction:
      return "faction";
    case OutputGroup::edge:
      return "edge";
    case OutputGroup::state:
      return "state";
    case OutputGroup::event:
      return "event";
    case OutputGroup::target:
      return "target";
    case OutputGroup::unit:
      return "unit";
  }
  return "?";
}

std::span<const OutputVariable> output_variables() { return table(); }

const OutputVariable& output_variable(std::string_view name) {
  for (const auto& variable : table())
    if (variable.name == name) return variable;
  throw RuntimeError("output variable '" + std::string(name) +
                     "' is not in the registry (sim/record/src/output_variables.cpp)");
}

std::vector<const OutputVariable*> state_variables() {
  std::vector<const OutputVariable*> variables;
  for (const auto& variable : table())
    if (variable.group == OutputGroup::state) variables.push_back(&variable);
  return variables;
}

std::size_t series_length(const OutputVariable& variable, const RunRecord& record) {
  std::size_t length = 1;
  for (const auto& dim : variable.dims) {
    if (dim == "time")
      length *= static_cast<std::size_t>(record.time_points);
    else if (dim == "node")
      length *= record.node_count();
    else if (dim == "faction")
      length *= record.faction_count();
    else
      throw RuntimeError("output variable '" + variable.name + "' has dimension '" + dim +
                         "', which a run record's time series cannot have");
  }
  return length;
}

std::string output_variables_json() {
  std::string out = "[\n";
  const auto& variables = table();
  for (std::size_t i = 0; i < variables.size(); ++i) {
    const OutputVariable& v = variables[i];
    std::string dims;
    for (const auto& dim : v.dims) dims += (dims.empty() ? "" : ", ") + json_string(dim);
    out +=
        "  {\"name\": " + json_string(v.name) + ", \"dims\": [" + dims +
        "], \"dtype\": " + json_string(to_string(v.type)) + ", \"units\": " + json_string(v.units) +
        ", \"time_units\": " + (v.time_units ? "true" : "false") +
        ", \"long_name\": " + json_string(v.long_name) +
        ", \"description\": " + json_string(v.description) +
        ", \"standard_name\": " + json_string(v.standard_name) +
        ", \"flags\": " + json_string(to_string(v.flags)) +
        ", \"flag_meanings\": " + json_string(v.flag_meanings) +
        ", \"group\": " + json_string(to_string(v.group)) +
        ", \"optional\": " + (v.optional ? "true" : "false") +
        ", \"rule\": " + json_string(v.rule) + "}" + (i + 1 < variables.size() ? "," : "") + "\n";
  }
  return out + "]\n";
}

}  // namespace frontline
