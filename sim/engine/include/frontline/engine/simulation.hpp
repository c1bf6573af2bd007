#pragma once
// Describe, freeze, run: a validated ScenarioSpec becomes an immutable Model;
// a Simulation advances a WorldState through the model's calendar, one step
// at a time, in the fixed phase order of docs/model.md.
#include <array>
#include <cstdint>
#include <memory>

#include "frontline/engine/recorder.hpp"
#include "frontline/scenario/spec.hpp"

namespace frontline {

// The phases of a step, in the order the step runs them (docs/model.md,
// "One step"; tests/engine/test_docs.cpp checks the doc against this list).
enum class Phase {
  events,
  supply,
  front,
  decisions,
  movement,
  air,
  combat,
  control,
  siege,
  oil,
  ceasefire,
  civilians,
};
inline constexpr std::array<Phase, 12> kPhaseOrder = {
    Phase::events,   Phase::supply, Phase::front,     Phase::decisions,
    Phase::movement, Phase::air,    Phase::combat,    Phase::control,
    Phase::siege,    Phase::oil,    Phase::ceasefire, Phase::civilians};
// The phase's heading in docs/model.md.
const char* phase_title(Phase phase);

struct RuleContext;
class Model;  // frozen: world graph, factions, event queue, parameters, calendar

// Builds the frozen model. Throws InputError for a spec the engine cannot run
// (the loader should have caught it; this is a second line of defence).
std::shared_ptr<const Model> build_model(const ScenarioSpec& spec);

class Simulation {
 public:
  Simulation(std::shared_ptr<const Model> model, std::uint64_t seed, std::uint32_t replicate);
  ~Simulation();
  Simulation(Simulation&&) noexcept;
  Simulation& operator=(Simulation&&) noexcept;

  // Runs every step of the calendar, calling the recorder throughout.
  void run(Recorder& recorder);
  // One step (for tests and tools that drive the loop themselves).
  void step(Recorder& recorder);
  bool finished() const;
  int time_index() const;

  const Model& model() const;
  const WorldState& state() const;

 private:
  struct Impl;
  void run_phase(Phase phase, const RuleContext& ctx);
  std::unique_ptr<Impl> impl_;
};

// Convenience: build, run with a TimeSeriesRecorder, return the record.
RunRecord run_scenario(const ScenarioSpec& spec, std::uint64_t seed, std::uint32_t replicate,
                       bool record_agents = false);

}  // namespace frontline
