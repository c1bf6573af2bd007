#include "frontline/output/run_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <map>
#include <new>
#include <optional>
#include <set>
#include <type_traits>
#include <variant>

#include "frontline/core/calendar.hpp"
#include "frontline/core/error.hpp"
#include "frontline/core/version.hpp"
#include "frontline/output/atomic_file.hpp"
#include "frontline/output/hdf5.hpp"
#include "frontline/output/output_path.hpp"
#include "frontline/record/output_variables.hpp"

namespace frontline {

namespace {

namespace fs = std::filesystem;

constexpr const char* kExpectedRunFile = "a Frontline run file written by `frontline run`";

template <class T>
std::span<const T> view(const std::vector<T>& values) {
  return {values.data(), values.size()};
}

// ---------------------------------------------------------------- time

struct TimeAxis {
  std::string units;     // CF: "days since 2016-05-05 00:00:00" or "hours since ..."
  double per_day = 1.0;  // coordinate values per day
};

TimeAxis time_axis(const RunRecord& record) {
  const auto start = parse_date(record.start_date);
  if (!start)
    throw RuntimeError("run record has start_date '" + record.start_date +
                       "' (expected an ISO date such as 2016-05-05)");
  if (record.step_hours <= 0)
    throw RuntimeError("run record has step_hours " + std::to_string(record.step_hours) +
                       " (expected a positive number of hours)");
  const Calendar calendar(*start, *start + std::chrono::days{1}, record.step_hours);
  return {calendar.cf_units(), record.step_hours % 24 == 0 ? 1.0 : 24.0};
}

double time_per_day_from_units(const std::string& units) {
  if (units.rfind("days since ", 0) == 0) return 1.0;
  if (units.rfind("hours since ", 0) == 0) return 24.0;
  throw RuntimeError("the time coordinate has units '" + units +
                     "' (expected 'days since ...' or 'hours since ...')");
}

// ---------------------------------------------------------------- ids

std::string faction_id_or_empty(const RunRecord& record, int index, std::string_view what) {
  if (index < 0) return "";
  if (static_cast<std::size_t>(index) >= record.factions.size())
    throw RuntimeError(std::string(what) + " names faction index " + std::to_string(index) +
                       " but the record has " + std::to_string(record.factions.size()) +
                       " factions");
  return record.factions[static_cast<std::size_t>(index)].id;
}

std::string node_id_or_empty(const RunRecord& record, int index, std::string_view what) {
  if (index < 0) return "";
  if (static_cast<std::size_t>(index) >= record.nodes.size())
    throw RuntimeError(std::string(what) + " names node index " + std::to_string(index) +
                       " but the record has " + std::to_string(record.nodes.size()) + " nodes");
  return record.nodes[static_cast<std::size_t>(index)].id;
}

// Edge ids are "from-to"; a second edge between the same pair (a road and a
// track) gets its kind appended so the coordinate stays unique.
std::vector<std::string> edge_ids(const RunRecord& record) {
  std::vector<std::string> ids;
  std::set<std::string> used;
  for (std::size_t e = 0; e < record.edges.size(); ++e) {
    const auto& edge = record.edges[e];
    const std::string what = "edge " + std::to_string(e);
    std::string id =
        node_id_or_empty(record, edge.from, what) + "-" + node_id_or_empty(record, edge.to, what);
    if (!used.insert(id).second) {
      id += "/" + edge.kind;
      while (!used.insert(id).second) id += "'";
    }
    ids.push_back(id);
  }
  return ids;
}

template <class Index>
Index index_of(const std::map<std::string, Index>& indices, const std::string& id,
               std::string_view what) {
  if (id.empty()) return Index{-1};
  const auto found = indices.find(id);
  if (found == indices.end())
    throw RuntimeError(std::string(what) + " '" + id + "' is not in the file's list of them");
  return found->second;
}

template <class Index, class Item>
std::map<std::string, Index> index_by_id(const std::vector<Item>& items) {
  std::map<std::string, Index> indices;
  for (std::size_t i = 0; i < items.size(); ++i) indices[items[i].id] = static_cast<Index>(i);
  return indices;
}

// ---------------------------------------------------------------- writing

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string text;
  for (const auto& item : items) {
    if (!text.empty()) text += separator;
    text += item;
  }
  return text;
}

// What every variable's attributes need beyond the registry: the file's time
// units and its factions (the control flags name them).
struct Context {
  const h5::Group& root;
  const RunRecord& record;
  TimeAxis axis;
};

template <class V>
constexpr OutputType output_type_of() {
  if constexpr (std::is_same_v<V, std::int8_t>) return OutputType::int8;
  if constexpr (std::is_same_v<V, std::int32_t>) return OutputType::int32;
  if constexpr (std::is_same_v<V, float>) return OutputType::float32;
  if constexpr (std::is_same_v<V, double>) return OutputType::float64;
  if constexpr (std::is_same_v<V, std::string>) return OutputType::str;
}

// The registry's attributes of `spec`, in CF form.
void describe(const Context& context, const h5::Object& variable, const OutputVariable& spec) {
  h5::write_attribute(variable, "long_name", spec.long_name);
  const std::string& units = spec.time_units ? context.axis.units : spec.units;
  if (!units.empty()) h5::write_attribute(variable, "units", units);
  if (spec.time_units) h5::write_attribute(variable, "calendar", "proleptic_gregorian");
  if (!spec.description.empty()) h5::write_attribute(variable, "description", spec.description);
  if (!spec.standard_name.empty())
    h5::write_attribute(variable, "standard_name", spec.standard_name);
  std::vector<std::int8_t> flag_values;
  std::vector<std::string> meanings;
  switch (spec.flags) {
    case OutputFlags::none:
      return;
    case OutputFlags::binary:
      flag_values = {0, 1};
      meanings = {spec.flag_meanings};
      break;
    case OutputFlags::faction_index:
      flag_values = {-1};
      meanings = {"none"};
      for (std::size_t f = 0; f < context.record.factions.size(); ++f) {
        flag_values.push_back(static_cast<std::int8_t>(f));
        meanings.push_back(context.record.factions[f].id);
      }
      break;
  }
  h5::write_array_attribute(variable, "flag_values", view(flag_values));
  h5::write_attribute(variable, "flag_meanings", join(meanings, " "));
}

// Writes the registry's variable `name` with its dimensions and attributes (a
// coordinate when it is its own dimension). Fails for a variable the registry
// does not list or lists with another element type.
template <class V>
h5::Dataset write(const Context& context, std::string_view name, std::span<const V> values) {
  const OutputVariable& spec = output_variable(name);
  if (spec.type != output_type_of<V>())
    throw RuntimeError("variable '" + spec.name + "' is written as " +
                       to_string(output_type_of<V>()) + " but the registry says " +
                       to_string(spec.type));
  const bool coordinate = spec.dims.size() == 1 && spec.dims[0] == spec.name;
  h5::Dataset dataset = [&] {
    if constexpr (std::is_same_v<V, std::string>)
      return coordinate ? h5::write_dimension(context.root, name, values)
                        : h5::write_string_variable(context.root, name, values, spec.dims);
    else
      return coordinate ? h5::write_dimension(context.root, name, values)
                        : h5::write_variable(context.root, name, values, spec.dims);
  }();
  describe(context, dataset, spec);
  return dataset;
}

template <class V>
h5::Dataset write(const Context& context, std::string_view name, const std::vector<V>& values) {
  return write(context, name, view(values));
}

void write_global_attributes(const h5::Group& root, const RunRecord& record,
                             const RunMetadata& metadata) {
  h5::write_attribute(root, "Conventions", "CF-1.8");
  h5::write_attribute(root, "title",
                      "Frontline run of scenario " + metadata.scenario_name + " (seed " +
                          std::to_string(metadata.seed) + ", replicate " +
                          std::to_string(metadata.replicate) + ")");
  h5::write_attribute(root, "source", "Frontline " + metadata.frontline_version);
  h5::write_attribute(root, "frontline_version", metadata.frontline_version);
  h5::write_attribute(root, "git_commit", metadata.git_commit);
  h5::write_attribute(root, "scenario", metadata.scenario_name);
  h5::write_attribute(root, "scenario_yaml", metadata.scenario_yaml);
  h5::write_attribute(root, "overrides", join(metadata.overrides, "\n"));
  h5::write_attribute(root, "seed", metadata.seed);
  h5::write_attribute(root, "replicate", static_cast<std::int32_t>(metadata.replicate));
  h5::write_attribute(root, "command_line", metadata.command_line);
  h5::write_attribute(root, "created", metadata.created);
  h5::write_attribute(root, "schema_version", static_cast<std::int32_t>(kSchemaVersion));
  h5::write_attribute(root, "history",
                      metadata.created + " " +
                          (metadata.command_line.empty() ? "Frontline " + metadata.frontline_version
                                                         : metadata.command_line));
  h5::write_attribute(root, "start_date", record.start_date);
  h5::write_attribute(root, "step_hours", static_cast<std::int32_t>(record.step_hours));
}

void write_time(const Context& context) {
  const RunRecord& record = context.record;
  std::vector<double> values(record.time_days.size());
  for (std::size_t i = 0; i < values.size(); ++i)
    values[i] = record.time_days[i] * context.axis.per_day;
  h5::write_attribute(write(context, "time", values), "axis", "T");

  std::vector<std::int32_t> steps(values.size());
  for (std::size_t i = 0; i < steps.size(); ++i) steps[i] = static_cast<std::int32_t>(i);
  write(context, "step", steps);
}

template <class Item, class Field>
std::vector<std::string> strings_of(const std::vector<Item>& items, Field field) {
  std::vector<std::string> values;
  values.reserve(items.size());
  for (const auto& item : items) values.push_back(item.*field);
  return values;
}

template <class Item, class Field>
std::vector<double> numbers_of(const std::vector<Item>& items, Field field) {
  std::vector<double> values;
  values.reserve(items.size());
  for (const auto& item : items) values.push_back(item.*field);
  return values;
}

void write_nodes(const Context& context) {
  const auto& nodes = context.record.nodes;
  write(context, "node", strings_of(nodes, &NodeInfo::id));
  write(context, "node_name", strings_of(nodes, &NodeInfo::name));
  write(context, "lat", numbers_of(nodes, &NodeInfo::lat));
  write(context, "lon", numbers_of(nodes, &NodeInfo::lon));
  write(context, "kind", strings_of(nodes, &NodeInfo::kind));
  write(context, "oil_capacity", numbers_of(nodes, &NodeInfo::oil_capacity_bpd));
}

void write_factions(const Context& context) {
  const auto& factions = context.record.factions;
  write(context, "faction", strings_of(factions, &FactionInfo::id));
  write(context, "faction_name", strings_of(factions, &FactionInfo::name));
  write(context, "faction_colour", strings_of(factions, &FactionInfo::colour));
}

void write_edges(const Context& context) {
  const RunRecord& record = context.record;
  write(context, "edge", edge_ids(record));
  std::vector<std::string> from, to, kind;
  std::vector<double> km;
  for (std::size_t e = 0; e < record.edges.size(); ++e) {
    const auto& edge = record.edges[e];
    const std::string what = "edge " + std::to_string(e);
    from.push_back(node_id_or_empty(record, edge.from, what));
    to.push_back(node_id_or_empty(record, edge.to, what));
    kind.push_back(edge.kind);
    km.push_back(edge.km);
  }
  write(context, "edge_from", from);
  write(context, "edge_to", to);
  write(context, "edge_kind", kind);
  write(context, "edge_km", km);
}

// Every time series of the registry, from its RunRecord member.
void write_state(const Context& context) {
  for (const OutputVariable* variable : state_variables()) {
    std::visit(
        [&](auto member) {
          using Member = decltype(member);
          if constexpr (std::is_same_v<Member, std::monostate>) {
            throw RuntimeError("state variable '" + variable->name + "' has no record member");
          } else if constexpr (std::is_same_v<Member, std::vector<std::uint8_t> RunRecord::*>) {
            // 0/1 flags kept as uint8, written as the netCDF byte (int8).
            const auto& values = context.record.*member;
            write(context, variable->name, std::vector<std::int8_t>(values.begin(), values.end()));
          } else {
            write(context, variable->name, context.record.*member);
          }
        },
        variable->series);
  }
}

void write_events(const Context& context) {
  const RunRecord& record = context.record;
  const std::size_t count = record.events.size();
  std::vector<std::int32_t> index(count), time_index(count);
  std::vector<double> time(count), magnitude(count);
  std::vector<std::string> kind(count), node(count), actor(count), other(count), text(count);
  for (std::size_t k = 0; k < count; ++k) {
    const EventRecord& event = record.events[k];
    const std::string what = "event " + std::to_string(k) + " (" + to_string(event.kind) + ")";
    index[k] = static_cast<std::int32_t>(k);
    time_index[k] = event.time_index;
    // The instant of the record where the effect first shows (the time convention).
    time[k] = event.time_index * (record.step_hours / 24.0) * context.axis.per_day;
    kind[k] = to_string(event.kind);
    node[k] = node_id_or_empty(record, event.node, what);
    actor[k] = faction_id_or_empty(record, event.actor, what);
    other[k] = faction_id_or_empty(record, event.other, what);
    magnitude[k] = event.magnitude;
    text[k] = event.text;
  }
  write(context, "event", index);
  write(context, "event_time", time);
  write(context, "event_time_index", time_index);
  write(context, "event_kind", kind);
  write(context, "event_node", node);
  write(context, "event_actor", actor);
  write(context, "event_other", other);
  write(context, "event_magnitude", magnitude);
  write(context, "event_text", text);
}

void write_targets(const Context& context, const std::vector<TargetResult>& targets) {
  if (targets.empty()) return;
  write(context, "target", strings_of(targets, &TargetResult::id));
  write(context, "target_text", strings_of(targets, &TargetResult::text));
  write(context, "target_value", numbers_of(targets, &TargetResult::value));
  write(context, "target_min", numbers_of(targets, &TargetResult::min));
  write(context, "target_max", numbers_of(targets, &TargetResult::max));
  std::vector<std::int8_t> met;
  for (const auto& target : targets) met.push_back(target.met ? 1 : 0);
  write(context, "target_met", met);
}

// Positions interpolated along the edge between the node coordinates.
void unit_positions(const RunRecord& record, std::vector<float>& lat, std::vector<float>& lon) {
  const auto& agents = record.agents;
  const std::size_t count = agents.node.size();
  if (agents.next_node.size() != count || agents.progress.size() != count)
    throw RuntimeError("agent trajectories have " + std::to_string(count) + " nodes, " +
                       std::to_string(agents.next_node.size()) + " next nodes and " +
                       std::to_string(agents.progress.size()) + " progress values");
  const float nan = std::numeric_limits<float>::quiet_NaN();
  lat.assign(count, nan);
  lon.assign(count, nan);
  for (std::size_t i = 0; i < count; ++i) {
    const int from = agents.node[i];
    const int to = agents.next_node[i];
    if (from < 0) continue;
    node_id_or_empty(record, from, "unit position");
    node_id_or_empty(record, to, "unit position");
    const NodeInfo& a = record.nodes[static_cast<std::size_t>(from)];
    const NodeInfo& b = to < 0 ? a : record.nodes[static_cast<std::size_t>(to)];
    const double t = to < 0 ? 0.0 : agents.progress[i];
    lat[i] = static_cast<float>(a.lat + (b.lat - a.lat) * t);
    lon[i] = static_cast<float>(a.lon + (b.lon - a.lon) * t);
  }
}

void write_agents(const Context& context) {
  const RunRecord& record = context.record;
  if (!record.has_agents) return;
  const auto& agents = record.agents;
  write(context, "unit", agents.unit_id);
  std::vector<std::string> faction;
  for (std::size_t u = 0; u < agents.unit_faction.size(); ++u)
    faction.push_back(
        faction_id_or_empty(record, agents.unit_faction[u], "unit " + agents.unit_id.at(u)));
  write(context, "unit_faction", faction);
  write(context, "unit_node", agents.node);
  write(context, "unit_next_node", agents.next_node);
  write(context, "unit_progress", agents.progress);
  std::vector<float> lat, lon;
  unit_positions(record, lat, lon);
  write(context, "unit_lat", lat);
  write(context, "unit_lon", lon);
  write(context, "unit_fighters", agents.fighters);
  write(context, "unit_morale", agents.morale);
}

void write_contents(const h5::File& file, const RunRecord& record, const RunMetadata& metadata,
                    const std::vector<TargetResult>& targets) {
  if (record.time_days.size() != static_cast<std::size_t>(record.time_points))
    throw RuntimeError("run record has time_points " + std::to_string(record.time_points) +
                       " but " + std::to_string(record.time_days.size()) + " times");
  const h5::Group root = file.root();
  const Context context{root, record, time_axis(record)};
  write_global_attributes(root, record, metadata);
  write_time(context);
  write_nodes(context);
  write_factions(context);
  write_edges(context);
  write_state(context);
  write_events(context);
  write_targets(context, targets);
  write_agents(context);
}

// ---------------------------------------------------------------- reading

struct FileShape {
  std::size_t times = 0, nodes = 0, factions = 0;
};

// Shapes are checked before anything is read or allocated: a 10 KB file can
// declare a dataset of 2^33 values.
constexpr hsize_t kMaxCoordinate = hsize_t{1} << 24;
constexpr std::size_t kMaxValues = std::size_t{1} << 30;

void check_shape(const h5::Group& root, std::string_view name, const h5::Shape& expected) {
  const h5::Shape shape = root.open_dataset(name).shape();
  if (shape != expected)
    throw RuntimeError("variable '" + std::string(name) + "' has shape " + h5::to_string(shape) +
                       " (expected " + h5::to_string(expected) + ")");
  if (h5::element_count(shape) > kMaxValues)
    throw RuntimeError("variable '" + std::string(name) + "' has " +
                       std::to_string(h5::element_count(shape)) + " values (expected at most " +
                       std::to_string(kMaxValues) + ")");
}

// The length of a coordinate (node, faction, time, ...), bounded.
std::size_t coordinate_length(const h5::Group& root, std::string_view name) {
  const h5::Shape shape = root.open_dataset(name).shape();
  if (shape.size() != 1 || shape[0] > kMaxCoordinate)
    throw RuntimeError("variable '" + std::string(name) + "' has shape " + h5::to_string(shape) +
                       " (expected one axis of at most " + std::to_string(kMaxCoordinate) +
                       " values)");
  return static_cast<std::size_t>(shape[0]);
}

template <h5::Numeric T>
std::vector<T> read_exact(const h5::Group& root, std::string_view name, const h5::Shape& expected) {
  check_shape(root, name, expected);
  h5::Array<T> array = h5::read_variable<T>(root, name);
  if (array.shape != expected)
    throw RuntimeError("variable '" + std::string(name) + "' has shape " +
                       h5::to_string(array.shape) + " (expected " + h5::to_string(expected) + ")");
  return std::move(array.values);
}

std::vector<std::string> read_strings_exact(const h5::Group& root, std::string_view name,
                                            std::size_t expected) {
  check_shape(root, name, {expected});
  h5::StringArray array = h5::read_string_variable(root, name);
  if (array.shape != h5::Shape{expected})
    throw RuntimeError("variable '" + std::string(name) + "' has shape " +
                       h5::to_string(array.shape) + " (expected (" + std::to_string(expected) +
                       "))");
  return std::move(array.values);
}

RunMetadata read_metadata(const h5::Group& root) {
  RunMetadata metadata;
  metadata.frontline_version = h5::read_string_attribute(root, "frontline_version");
  metadata.git_commit = h5::read_string_attribute(root, "git_commit");
  metadata.scenario_name = h5::read_string_attribute(root, "scenario");
  metadata.scenario_yaml = h5::read_string_attribute(root, "scenario_yaml");
  const std::string overrides = h5::read_string_attribute(root, "overrides");
  for (std::size_t begin = 0; !overrides.empty() && begin <= overrides.size();) {
    const std::size_t end = std::min(overrides.find('\n', begin), overrides.size());
    metadata.overrides.push_back(overrides.substr(begin, end - begin));
    begin = end + 1;
  }
  metadata.seed = h5::read_attribute<std::uint64_t>(root, "seed");
  metadata.replicate =
      static_cast<std::uint32_t>(h5::read_attribute<std::int32_t>(root, "replicate"));
  metadata.command_line = h5::read_string_attribute(root, "command_line");
  metadata.created = h5::read_string_attribute(root, "created");
  return metadata;
}

void read_static(const h5::Group& root, RunRecord& record) {
  record.scenario_name = h5::read_string_attribute(root, "scenario");

  const auto node_ids = read_strings_exact(root, "node", coordinate_length(root, "node"));
  const std::size_t N = node_ids.size();
  const auto names = read_strings_exact(root, "node_name", N);
  const auto kinds = read_strings_exact(root, "kind", N);
  const auto lat = read_exact<double>(root, "lat", {N});
  const auto lon = read_exact<double>(root, "lon", {N});
  const auto oil = read_exact<double>(root, "oil_capacity", {N});
  for (std::size_t n = 0; n < N; ++n)
    record.nodes.push_back({node_ids[n], names[n], kinds[n], lat[n], lon[n], oil[n]});

  const auto faction_ids = read_strings_exact(root, "faction", coordinate_length(root, "faction"));
  const std::size_t F = faction_ids.size();
  const auto faction_names = read_strings_exact(root, "faction_name", F);
  const auto colours = read_strings_exact(root, "faction_colour", F);
  for (std::size_t f = 0; f < F; ++f)
    record.factions.push_back({faction_ids[f], faction_names[f], colours[f]});

  const std::size_t E = coordinate_length(root, "edge");
  const auto from = read_strings_exact(root, "edge_from", E);
  const auto to = read_strings_exact(root, "edge_to", E);
  const auto edge_kinds = read_strings_exact(root, "edge_kind", E);
  const auto km = read_exact<double>(root, "edge_km", {E});
  const auto nodes = index_by_id<std::int32_t>(record.nodes);
  for (std::size_t e = 0; e < E; ++e)
    record.edges.push_back({index_of(nodes, from[e], "edge_from node"),
                            index_of(nodes, to[e], "edge_to node"), edge_kinds[e], km[e]});
}

// Every time series of the registry into its RunRecord member, shapes checked.
void read_series(const h5::Group& root, RunRecord& record) {
  const std::map<std::string, std::size_t> lengths = {
      {"time", static_cast<std::size_t>(record.time_points)},
      {"node", record.node_count()},
      {"faction", record.faction_count()}};
  for (const OutputVariable* variable : state_variables()) {
    h5::Shape shape;
    for (const auto& dim : variable->dims) shape.push_back(lengths.at(dim));
    std::visit(
        [&](auto member) {
          if constexpr (!std::is_same_v<decltype(member), std::monostate>) {
            auto& values = record.*member;
            using Value = typename std::decay_t<decltype(values)>::value_type;
            values = read_exact<Value>(root, variable->name, shape);
          }
        },
        variable->series);
  }
}

// Reads the time series; returns the time coordinate's values per day.
double read_state(const h5::Group& root, RunRecord& record) {
  const std::vector<double> time =
      read_exact<double>(root, "time", {coordinate_length(root, "time")});
  const std::string units = h5::read_string_attribute(root.open_dataset("time"), "units");
  const double per_day = time_per_day_from_units(units);
  const std::size_t T = time.size();
  // start_date and step_hours are also in the time coordinate: files from other
  // writers that follow the CF layout need not repeat them as attributes.
  record.start_date = h5::has_attribute(root, "start_date")
                          ? h5::read_string_attribute(root, "start_date")
                          : units.substr(units.find(" since ") + 7, 10);
  if (h5::has_attribute(root, "step_hours"))
    record.step_hours = h5::read_attribute<std::int32_t>(root, "step_hours");
  else if (T >= 2)
    record.step_hours = static_cast<int>(std::lround((time[1] - time[0]) * 24.0 / per_day));
  record.time_points = static_cast<int>(T);
  for (double value : time) record.time_days.push_back(value / per_day);

  read_series(root, record);
  return per_day;
}

EventRecordKind event_kind_from(const std::string& text) {
  for (int k = 0; k < kEventRecordKinds; ++k) {
    const auto kind = static_cast<EventRecordKind>(k);
    if (text == to_string(kind)) return kind;
  }
  throw RuntimeError("unknown event kind '" + text + "'");
}

// Event time indices: stored, or (files from other writers) from event_time.
std::vector<std::int32_t> read_event_time_index(const h5::Group& root, std::size_t count,
                                                double per_day, int step_hours) {
  if (root.has("event_time_index"))
    return read_exact<std::int32_t>(root, "event_time_index", {count});
  std::vector<std::int32_t> indices;
  for (double time : read_exact<double>(root, "event_time", {count}))
    indices.push_back(static_cast<std::int32_t>(std::lround(time / per_day * 24.0 / step_hours)));
  return indices;
}

void read_events(const h5::Group& root, double per_day, RunRecord& record) {
  const std::size_t K = coordinate_length(root, "event_kind");
  const auto time_index = read_event_time_index(root, K, per_day, record.step_hours);
  const auto kinds = read_strings_exact(root, "event_kind", K);
  const auto nodes = read_strings_exact(root, "event_node", K);
  const auto actors = read_strings_exact(root, "event_actor", K);
  const auto others = read_strings_exact(root, "event_other", K);
  const auto magnitude = read_exact<double>(root, "event_magnitude", {K});
  const auto texts = read_strings_exact(root, "event_text", K);
  const auto node_index = index_by_id<std::int32_t>(record.nodes);
  const auto faction_index = index_by_id<std::int8_t>(record.factions);
  for (std::size_t k = 0; k < K; ++k) {
    EventRecord event;
    event.time_index = time_index[k];
    event.kind = event_kind_from(kinds[k]);
    event.node = index_of(node_index, nodes[k], "event_node");
    event.actor = index_of(faction_index, actors[k], "event_actor");
    event.other = index_of(faction_index, others[k], "event_other");
    event.magnitude = magnitude[k];
    event.text = texts[k];
    record.events.push_back(std::move(event));
  }
}

std::vector<TargetResult> read_targets(const h5::Group& root) {
  std::vector<TargetResult> targets;
  if (!root.has("target")) return targets;
  const auto ids = read_strings_exact(root, "target", coordinate_length(root, "target"));
  const std::size_t count = ids.size();
  const auto texts = read_strings_exact(root, "target_text", count);
  const auto values = read_exact<double>(root, "target_value", {count});
  const auto mins = read_exact<double>(root, "target_min", {count});
  const auto maxs = read_exact<double>(root, "target_max", {count});
  const auto met = read_exact<std::int8_t>(root, "target_met", {count});
  for (std::size_t i = 0; i < count; ++i)
    targets.push_back({ids[i], texts[i], values[i], mins[i], maxs[i], met[i] != 0});
  return targets;
}

void read_agents(const h5::Group& root, RunRecord& record) {
  record.has_agents = root.has("unit");
  if (!record.has_agents) return;
  auto& agents = record.agents;
  agents.unit_id = read_strings_exact(root, "unit", coordinate_length(root, "unit"));
  const std::size_t U = agents.unit_id.size();
  const std::size_t T = static_cast<std::size_t>(record.time_points);
  const auto factions = index_by_id<std::int8_t>(record.factions);
  for (const auto& id : read_strings_exact(root, "unit_faction", U))
    agents.unit_faction.push_back(index_of(factions, id, "unit_faction"));
  agents.node = read_exact<std::int32_t>(root, "unit_node", {T, U});
  agents.next_node = read_exact<std::int32_t>(root, "unit_next_node", {T, U});
  agents.progress = read_exact<float>(root, "unit_progress", {T, U});
  agents.fighters = read_exact<float>(root, "unit_fighters", {T, U});
  agents.morale = read_exact<float>(root, "unit_morale", {T, U});
}

}  // namespace

void write_run_file(const fs::path& path, const RunRecord& record, const RunMetadata& metadata,
                    const std::vector<TargetResult>& targets, const WriteOptions& options) {
  check_output_directory(path);  // named as it is, not as a write failure
  try {
    write_atomically(path, options.force, [&](const fs::path& temporary) {
      h5::File file = h5::File::create(temporary);
      write_contents(file, record, metadata, targets);
      file.close();
    });
  } catch (const RuntimeError& failure) {
    throw RuntimeError("writing run file " + path.string() + ": " + failure.what());
  }
}

RunFile read_run_file(const fs::path& path) {
  const std::string name = path.string();
  check_regular_input(path, kExpectedRunFile);
  if (!h5::is_hdf5_file(path))
    throw InputError(Location{name}, "is not an HDF5 file", kExpectedRunFile);

  std::optional<h5::File> file;
  try {
    file.emplace(h5::File::open(path));
  } catch (const RuntimeError& failure) {
    throw InputError(
        Location{name},
        std::string("cannot be opened; it is truncated or corrupt (") + failure.what() + ")",
        kExpectedRunFile);
  }
  RunFile run;
  try {
    const h5::Group root = file->root();
    if (!h5::has_attribute(root, "schema_version") || !h5::has_attribute(root, "frontline_version"))
      throw InputError(Location{name},
                       "is not a Frontline run file (it has no schema_version and "
                       "frontline_version attributes)",
                       kExpectedRunFile);
    run.schema_version = h5::read_attribute<std::int32_t>(root, "schema_version");
    if (run.schema_version != kSchemaVersion)
      throw InputError(Location{name},
                       "has schema_version " + std::to_string(run.schema_version) +
                           ", which Frontline " + std::string(version()) + " cannot read",
                       "schema_version " + std::to_string(kSchemaVersion));
    run.metadata = read_metadata(root);
    read_static(root, run.record);
    const double per_day = read_state(root, run.record);
    read_events(root, per_day, run.record);
    run.targets = read_targets(root);
    read_agents(root, run.record);
  } catch (const RuntimeError& failure) {
    throw InputError(Location{name},
                     std::string("is incomplete or corrupt (") + failure.what() + ")",
                     kExpectedRunFile);
  } catch (const std::bad_alloc&) {
    throw InputError(Location{name}, "declares more data than fits in memory", kExpectedRunFile);
  }
  return run;
}

}  // namespace frontline
