#pragma once
// What the engine tells the outside world. The engine calls a Recorder with
// const views of its state; a recorder never changes the simulation.
#include "frontline/record/run_record.hpp"

namespace frontline {

class Model;
struct OutputVariable;
struct WorldState;

class Recorder {
 public:
  virtual ~Recorder() = default;
  // Called once with the initial state (time index 0).
  virtual void on_start(const Model& model, const WorldState& state) = 0;
  // Called after each step with the state at time index `time_index`.
  virtual void on_step(const Model& model, const WorldState& state, int time_index) = 0;
  // Called for each event as it happens.
  virtual void on_event(const EventRecord& event) = 0;
  virtual void on_finish(const Model& model, const WorldState& state) = 0;
};

// Records nothing: for benchmarks and for runs whose result is only the final state.
class NullRecorder final : public Recorder {
 public:
  void on_start(const Model&, const WorldState&) override {}
  void on_step(const Model&, const WorldState&, int) override {}
  void on_event(const EventRecord&) override {}
  void on_finish(const Model&, const WorldState&) override {}
};

// Fills a RunRecord with every time series of the output contract.
class TimeSeriesRecorder final : public Recorder {
 public:
  explicit TimeSeriesRecorder(bool record_agents = false) : record_agents_(record_agents) {}
  void on_start(const Model& model, const WorldState& state) override;
  void on_step(const Model& model, const WorldState& state, int time_index) override;
  void on_event(const EventRecord& event) override;
  void on_finish(const Model& model, const WorldState& state) override;
  const RunRecord& record() const { return record_; }
  RunRecord take() { return std::move(record_); }

 private:
  void snapshot(const Model& model, const WorldState& state, int time_index);
  struct Series {
    const OutputVariable* variable;
    std::size_t per_record;  // values a record
  };
  bool record_agents_;
  RunRecord record_;
  std::vector<Series> series_;   // the registry's time series, taken at on_start
  std::vector<double> sampled_;  // scratch of the sampled series
};

}  // namespace frontline
