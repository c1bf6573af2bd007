#include "frontline/engine/recorder.hpp"

#include "frontline/engine/model.hpp"

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
  snapshot(model, state, 0);
}

void TimeSeriesRecorder::on_step(const Model& model, const WorldState& state, int time_index) {
  snapshot(model, state, time_index);
}

void TimeSeriesRecorder::on_event(const EventRecord& event) { record_.events.push_back(event); }

void TimeSeriesRecorder::on_finish(const Model&, const WorldState&) {}

void TimeSeriesRecorder::snapshot(const Model& model, const WorldState& state, int t) {
  RunRecord& r = record_;
  if (t < 0 || t >= r.time_points) return;
  const std::size_t N = r.nodes.size();
  const std::size_t F = r.factions.size();
  r.time_days[static_cast<std::size_t>(t)] = model.calendar.days_at(t);
  const NodeStates& nodes = state.nodes;
  for (std::size_t n = 0; n < N; ++n) {
    const std::size_t at = r.tn(t, n);
    r.control[at] = nodes.controller[n];
    r.contested[at] = nodes.contested[n];
    r.besieged[at] = nodes.besieged[n];
    r.supply[at] = static_cast<float>(nodes.stocks_days[n]);
    r.humanitarian[at] = static_cast<float>(nodes.humanitarian[n]);
    r.population[at] = nodes.population[n];
    r.displaced[at] = nodes.displaced[n];
    r.oil_output[at] = nodes.oil_output_bpd[n];
  }
  // Strength: fighters at each node; a unit on an edge counts at its origin.
  const UnitTable& u = state.units;
  std::vector<double> strength(F * N, 0.0);
  for (std::size_t i = 0; i < u.size(); ++i)
    if (u.active[i])
      strength[static_cast<std::size_t>(u.faction[i]) * N + static_cast<std::size_t>(u.node[i])] +=
          u.fighters[i];
  for (std::size_t f = 0; f < F; ++f) {
    for (std::size_t n = 0; n < N; ++n)
      r.strength[r.tfn(t, f, n)] = static_cast<float>(strength[f * N + n]);
    r.killed[r.tf(t, f)] = state.killed[f];
    r.wounded[r.tf(t, f)] = state.wounded[f];
  }
  r.oil_revenue[static_cast<std::size_t>(t)] = state.oil_revenue_usd;
  r.oil_loss[static_cast<std::size_t>(t)] = state.oil_loss_usd;
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
