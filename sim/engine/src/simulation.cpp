#include "frontline/engine/simulation.hpp"

#include "frontline/engine/model.hpp"
#include "frontline/rules/air_campaign.hpp"
#include "frontline/rules/blockade.hpp"
#include "frontline/rules/ceasefire.hpp"
#include "frontline/rules/civilians.hpp"
#include "frontline/rules/combat.hpp"
#include "frontline/rules/control.hpp"
#include "frontline/rules/decisions.hpp"
#include "frontline/rules/events.hpp"
#include "frontline/rules/front.hpp"
#include "frontline/rules/movement.hpp"
#include "frontline/rules/presence.hpp"
#include "frontline/rules/siege.hpp"
#include "frontline/rules/supply.hpp"

namespace frontline {

struct Simulation::Impl {
  Impl(std::shared_ptr<const Model> m, std::uint64_t seed, std::uint32_t replicate)
      : model(std::move(m)), state(model->initial), random(seed, replicate) {
    const std::size_t F = state.faction_count;
    const std::size_t N = state.nodes.size();
    presence.reset(F, N, model->world.edge_count());
    paths.reset(F, N);
    supply.reset(model->world, model->factions);
    front.reset(F, N);
    air_campaigns.reset(F, N);
    decisions.reset(F, N, state.units.size());
    movement.reset(F, N, model->world.edge_count());
    combat.reset(F, N, model->world.edge_count());
    sieges.reset(N);
    civilians.reset(N);
    events.reserve(64);
  }
  std::shared_ptr<const Model> model;
  WorldState state;
  RandomStreams random;
  // What several rules read, passed to them explicitly.
  Presence presence;  // who stands where, counted when the units moved or changed
  PathCache paths;    // movement's shortest paths, kept across steps
  // The rules that keep scratch arrays between steps.
  Supply supply;
  Front front;
  AirCampaigns air_campaigns;
  Decisions decisions;
  Movement movement;
  Combat combat;
  Sieges sieges;
  Civilians civilians;
  std::vector<EventRecord> events;
  bool started = false;
};

Simulation::Simulation(std::shared_ptr<const Model> model, std::uint64_t seed,
                       std::uint32_t replicate)
    : impl_(std::make_unique<Impl>(std::move(model), seed, replicate)) {}
Simulation::~Simulation() = default;
Simulation::Simulation(Simulation&&) noexcept = default;
Simulation& Simulation::operator=(Simulation&&) noexcept = default;

const Model& Simulation::model() const { return *impl_->model; }
const WorldState& Simulation::state() const { return impl_->state; }
int Simulation::time_index() const { return impl_->state.step; }
bool Simulation::finished() const { return impl_->state.step >= impl_->model->calendar.steps(); }

const char* phase_title(Phase phase) {
  switch (phase) {
    case Phase::events:
      return "Events";
    case Phase::supply:
      return "Supply";
    case Phase::front:
      return "Front";
    case Phase::decisions:
      return "Decisions";
    case Phase::movement:
      return "Movement";
    case Phase::air:
      return "Air campaigns";
    case Phase::combat:
      return "Combat";
    case Phase::control:
      return "Control";
    case Phase::siege:
      return "Siege";
    case Phase::oil:
      return "Blockade and oil";
    case Phase::ceasefire:
      return "Ceasefire violations";
    case Phase::civilians:
      return "Civilians";
  }
  return "unknown";
}

void Simulation::run_phase(Phase phase, const RuleContext& ctx) {
  Impl& s = *impl_;
  WorldState& state = s.state;
  switch (phase) {
    case Phase::events:
      if (apply_events(s.model->events_of_step(state.step), state, ctx)) s.paths.invalidate();
      break;
    case Phase::supply:
      s.presence.count(state);  // who stands where, for supply, the front and the decisions
      s.supply.update(state, s.presence, ctx);
      break;
    case Phase::front:
      s.front.assess(state, s.presence, s.model->world);
      break;
    case Phase::decisions:
      s.decisions.decide(state, s.presence, s.front, s.paths, ctx);
      break;
    case Phase::movement:
      s.movement.move(state, s.presence, s.paths, ctx);
      break;
    case Phase::air:
      s.presence.count(state);  // after movement; air and combat keep it in step with losses
      s.air_campaigns.fly(state, s.presence, ctx);
      break;
    case Phase::combat:
      s.combat.resolve(state, s.presence, ctx);
      break;
    case Phase::control:
      // A capture can cut a road: sieges start in the very step the last road is cut.
      if (update_control(state, s.presence, s.paths, ctx))
        s.supply.compute_reach(state, s.presence, ctx);
      break;
    case Phase::siege:
      s.sieges.update(state, s.presence, ctx);
      break;
    case Phase::oil:
      update_oil(state, ctx);
      break;
    case Phase::ceasefire:
      ceasefire_violations(state, s.presence, ctx);
      break;
    case Phase::civilians:
      s.civilians.move(state, ctx);
      break;
  }
}

void Simulation::step(Recorder& recorder) {
  Impl& s = *impl_;
  if (!s.started) {
    recorder.on_start(*s.model, s.state);
    s.started = true;
  }
  if (finished()) return;
  WorldState& state = s.state;
  s.events.clear();
  const RuleContext ctx{s.model->world,
                        s.model->factions,
                        s.random,
                        static_cast<std::uint32_t>(state.step),
                        s.model->calendar.step_days(),
                        s.events};
  for (const Phase phase : kPhaseOrder) run_phase(phase, ctx);
  ++state.step;
  for (const EventRecord& event : s.events) recorder.on_event(event);
  recorder.on_step(*s.model, state, state.step);
}

void Simulation::run(Recorder& recorder) {
  if (!impl_->started) {
    recorder.on_start(*impl_->model, impl_->state);
    impl_->started = true;
  }
  while (!finished()) step(recorder);
  recorder.on_finish(*impl_->model, impl_->state);
}

RunRecord run_scenario(const ScenarioSpec& spec, std::uint64_t seed, std::uint32_t replicate,
                       bool record_agents) {
  Simulation simulation(build_model(spec), seed, replicate);
  TimeSeriesRecorder recorder(record_agents);
  simulation.run(recorder);
  return recorder.take();
}

}  // namespace frontline
