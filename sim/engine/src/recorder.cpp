#include "frontline/engine/recorder.hpp"

#include <algorithm>
#include <span>
#include <type_traits>
#include <variant>

#include "frontline/core/error.hpp"
#include "frontline/engine/model.hpp"
#include "frontline/record/output_variables.hpp"

namespace frontline {

void TimeSeriesRecorder::on_start(const Model& model, const WorldState& state) {
  RunRecord& r = record_;
  r = RunRecord{};
  r.scenario_name = model.name;
  r.start_date = format_date(model.calendar.start());
  r.step_hours = model.calendar.step_hours();
  const WorldGraph& world = model.world;
  for (std::size_t n = 0; n < world.node_count(); ++n) {
    const NodeProperties& node = world.node(static_cast<NodeIndex>(n));
    r.nodes.push_back(
        {node.id, node.name, to_string(node.kind), node.lat, node.lon, node.oil_capacity_bpd});
  }
  for (std::size_t e = 0; e < world.edge_count(); ++e) {
    const auto edge = static_cast<EdgeIndex>(e);
    const EdgeEnds ends = world.ends(edge);
    r.edges.push_back({ends.a, ends.b, to_string(world.edge(edge).kind), world.edge(edge).km});
  }
  for (const FactionProfile& f : model.factions) r.factions.push_back({f.id, f.name, f.colour});
  r.allocate(model.calendar.time_points());
  r.has_agents = record_agents_;
  if (record_agents_) {
    AgentTrajectories& a = r.agents;
    a.unit_id = model.unit_ids;
    a.unit_faction = state.units.faction;
    const std::size_t size = static_cast<std::size_t>(r.time_points) * state.units.size();
    a.node.assign(size, -1);
    a.next_node.assign(size, -1);
    a.progress.assign(size, 0.0f);
    a.fighters.assign(size, 0.0f);
    a.morale.assign(size, 0.0f);
  }
  // Which time series to sample and how long a record of each is: the same
  // every step of the run, so taken once.
  series_.clear();
  for (const OutputVariable* variable : state_variables())
    series_.push_back(
        {variable, series_length(*variable, r) / static_cast<std::size_t>(r.time_points)});
  snapshot(model, state, 0);
}

void TimeSeriesRecorder::on_step(const Model& model, const WorldState& state, int time_index) {
  snapshot(model, state, time_index);
}

void TimeSeriesRecorder::on_event(const EventRecord& event) { record_.events.push_back(event); }

void TimeSeriesRecorder::on_finish(const Model&, const WorldState&) {}

namespace {

template <class Values>
const Values& values_in(const WorldState& state, Values NodeStates::*member) {
  return state.nodes.*member;
}
template <class Values>
const Values& values_in(const WorldState& state, Values WorldState::*member) {
  return state.*member;
}

// Copies one record of `variable` from where the registry says the state holds
// it into `slice`, converting to the record's type.
template <class Element>
void sample(const OutputVariable& variable, const WorldState& state, std::span<Element> slice,
            std::vector<double>& sampled) {
  const auto wrong_length = [&](std::size_t found) {
    return RuntimeError("output variable '" + variable.name + "': the state holds " +
                        std::to_string(found) + " values a record, the record " +
                        std::to_string(slice.size()));
  };
  std::visit(
      [&](auto source) {
        using Source = decltype(source);
        if constexpr (std::is_same_v<Source, std::monostate>) {
          throw RuntimeError("output variable '" + variable.name +
                             "' has no state source in the registry");
        } else if constexpr (std::is_same_v<Source, StateSampler>) {
          sampled.assign(slice.size(), 0.0);
          source(state, sampled);
          std::transform(sampled.begin(), sampled.end(), slice.begin(),
                         [](double v) { return static_cast<Element>(v); });
        } else if constexpr (std::is_same_v<Source, double WorldState::*>) {
          if (slice.size() != 1) throw wrong_length(1);
          slice[0] = static_cast<Element>(state.*source);
        } else {
          const auto& values = values_in(state, source);
          if (values.size() != slice.size()) throw wrong_length(values.size());
          std::transform(values.begin(), values.end(), slice.begin(),
                         [](auto v) { return static_cast<Element>(v); });
        }
      },
      variable.source);
}

}  // namespace

void TimeSeriesRecorder::snapshot(const Model& model, const WorldState& state, int t) {
  RunRecord& r = record_;
  if (t < 0 || t >= r.time_points) return;
  r.time_days[static_cast<std::size_t>(t)] = model.calendar.days_at(t);
  // Every time series of the registry, from where it says the state holds it.
  for (const auto& [variable, per_record] : series_) {
    std::visit(
        [&](auto series) {
          if constexpr (!std::is_same_v<decltype(series), std::monostate>) {
            auto& values = r.*series;
            sample(*variable, state,
                   std::span(values).subspan(static_cast<std::size_t>(t) * per_record, per_record),
                   sampled_);
          }
        },
        variable->series);
  }
  const UnitTable& u = state.units;
  if (record_agents_) {
    AgentTrajectories& a = r.agents;
    const std::size_t U = u.size();
    for (std::size_t i = 0; i < U; ++i) {
      const std::size_t at = static_cast<std::size_t>(t) * U + i;
      a.node[at] = u.active[i] ? u.node[i] : -1;
      a.next_node[at] = u.active[i] ? u.next_node[i] : -1;
      const bool moving = u.active[i] && u.edge[i] != kNoEdge;
      a.progress[at] =
          moving ? static_cast<float>(u.progress_km[i] / model.world.edge(u.edge[i]).km) : 0.0f;
      a.fighters[at] = u.active[i] ? static_cast<float>(u.fighters[i]) : 0.0f;
      a.morale[at] = u.active[i] ? static_cast<float>(u.morale[i]) : 0.0f;
    }
  }
}

}  // namespace frontline
