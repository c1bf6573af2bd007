#pragma once
// Helpers for the rule tests: run tiny hand-made scenarios and read results.
#include <gtest/gtest.h>

#include <string>

#include "frontline/engine/model.hpp"
#include "frontline/engine/simulation.hpp"
#include "spec_builder.hpp"

namespace frontline::testing {

inline std::size_t node_of(const RunRecord& r, const std::string& id) {
  for (std::size_t n = 0; n < r.nodes.size(); ++n)
    if (r.nodes[n].id == id) return n;
  ADD_FAILURE() << "no node " << id;
  return 0;
}

inline std::size_t faction_of(const RunRecord& r, const std::string& id) {
  for (std::size_t f = 0; f < r.factions.size(); ++f)
    if (r.factions[f].id == id) return f;
  ADD_FAILURE() << "no faction " << id;
  return 0;
}

inline long count_events(const RunRecord& r, EventRecordKind kind) {
  long n = 0;
  for (const auto& e : r.events) n += e.kind == kind;
  return n;
}

// A simulation driven step by step, with its record.
class Stepper {
 public:
  explicit Stepper(const ScenarioSpec& spec, std::uint64_t seed = 1, std::uint32_t replicate = 0)
      : simulation_(build_model(spec), seed, replicate), recorder_(true) {}
  void step(int n = 1) {
    for (int i = 0; i < n; ++i) simulation_.step(recorder_);
  }
  const WorldState& state() const { return simulation_.state(); }
  const Model& model() const { return simulation_.model(); }
  const RunRecord& record() const { return recorder_.record(); }
  NodeIndex node(const std::string& id) const { return model().world.index_of(id); }
  std::size_t unit(const std::string& id) const {
    for (std::size_t i = 0; i < model().unit_ids.size(); ++i)
      if (model().unit_ids[i] == id) return i;
    ADD_FAILURE() << "no unit " << id;
    return 0;
  }

 private:
  Simulation simulation_;
  TimeSeriesRecorder recorder_;
};

// The simulation of b's scenario after `steps` steps.
inline Stepper stepped(const SpecBuilder& b, int steps = 1) {
  Stepper run(b.build());
  run.step(steps);
  return run;
}

}  // namespace frontline::testing
