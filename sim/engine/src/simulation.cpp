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
    presence.reset(F, N);
    paths.reset(F, N);
    supply.reset(model->world, F);
    air_campaigns.reset(N);
    decisions.reset(F, N, state.units.size());
    movement.reset(F, N, model->world.edge_count());
    combat.reset(F, N);
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
  // The fixed phase order of docs/model.md.
  if (apply_events(s.model->events_of_step(state.step), state, ctx)) s.paths.invalidate();
  s.presence.count(state);
  s.supply.update(state, s.presence, ctx);
  s.decisions.decide(state, s.presence, s.paths, ctx);
  s.movement.move(state, s.presence, s.decisions, s.paths, ctx);
  s.presence.count(state);
  s.air_campaigns.fly(state, s.presence, ctx);
  s.combat.resolve(state, s.presence, ctx);
  // A capture can cut a road: sieges start in the very step the last road is cut.
  if (update_control(state, s.presence, s.paths, ctx))
    s.supply.compute_reach(state, s.presence, ctx);
  s.sieges.update(state, s.presence, ctx);
  update_oil(state, ctx);
  ceasefire_violations(state, s.presence, ctx);
  s.civilians.move(state, ctx);
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
