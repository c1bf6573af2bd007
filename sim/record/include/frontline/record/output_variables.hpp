#pragma once
// The registry of output variables: every variable of the run file, named once
// with its dimensions, file dtype, units, CF attributes, the rule that computes
// it and where the state holds it. The recorder, the run file writer and reader,
// RunRecord::allocate, the sweep's
// time series (metrics/summary.cpp), `frontline info --variables --json` (and
// through it analysis/output_variables.json, which analysis/io.py reads) and the
// contract tests all read this table; docs/output-format.md ("Adding an output
// variable") says how to add one.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "frontline/agents/state.hpp"
#include "frontline/record/run_record.hpp"

namespace frontline {

// Element type in the file (what xarray and h5py see).
enum class OutputType { int8, int32, float32, float64, str };
const char* to_string(OutputType type);

// Which part of the file a variable belongs to: `state` variables are the time
// series a run records (the RunRecord field of `field`); the others are written
// by their own table writer in sim/output/src/run_file.cpp.
enum class OutputGroup { time, node, faction, edge, state, event, target, unit };
const char* to_string(OutputGroup group);

// CF flags: none; 0/1 with `flag_meanings`; a faction index (-1 none, 0..F-1,
// meanings "none" and the faction ids, known only per file).
enum class OutputFlags { none, binary, faction_index };

// A time series of RunRecord, by member. contested/besieged are kept as uint8 in
// the record and written as int8 (the netCDF "byte" users' scripts see).
using RecordSeries =
    std::variant<std::monostate, std::vector<std::int8_t> RunRecord::*,
                 std::vector<std::uint8_t> RunRecord::*, std::vector<float> RunRecord::*,
                 std::vector<double> RunRecord::*>;

// Where the recorder finds a time series in the world state at each record: the
// values of one record (the variable's dimensions after `time`), converted to the
// series' type. A per-node vector of NodeStates (time, node), a per-faction
// vector of WorldState (time, faction), a number of WorldState (time), or a
// function that computes the values from the state (row-major).
using StateSampler = void (*)(const WorldState& state, std::span<double> values);
using StateSource =
    std::variant<std::monostate, std::vector<FactionIndex> NodeStates::*,
                 std::vector<std::uint8_t> NodeStates::*, std::vector<double> NodeStates::*,
                 std::vector<double> WorldState::*, double WorldState::*, StateSampler>;

struct OutputVariable {
  std::string name;
  std::vector<std::string> dims;  // named dimensions, slowest first
  OutputType type = OutputType::float64;
  std::string units;        // CF units, "" for none
  bool time_units = false;  // units are the time coordinate's, per file ("days since ...")
  std::string long_name;
  std::string description;  // "" when long_name says it all
  std::string standard_name;
  OutputFlags flags = OutputFlags::none;
  std::string flag_meanings;  // for OutputFlags::binary: "not_x x"
  OutputGroup group = OutputGroup::state;
  bool optional = false;  // only in some files (targets, agents)
  std::string rule;       // where it is computed (sim/rules/src/<rule>.cpp or the writer)
  RecordSeries series;    // for group == state: where the record keeps it
  StateSource source;     // for group == state: where the recorder reads it
};

// Every variable, in the order the run file holds them.
std::span<const OutputVariable> output_variables();
// The variable named `name`; throws RuntimeError for a name not in the registry,
// so nothing is written that the registry does not describe.
const OutputVariable& output_variable(std::string_view name);
// The time series (group == state), in file order.
std::vector<const OutputVariable*> state_variables();

// Values per dimension length of one record (time -> T, node -> N, faction -> F);
// RuntimeError for a dimension a state variable cannot have.
std::size_t series_length(const OutputVariable& variable, const RunRecord& record);

// The registry as JSON (`frontline info --variables --json`; the checked-in
// analysis/output_variables.json is this text).
std::string output_variables_json();

}  // namespace frontline
