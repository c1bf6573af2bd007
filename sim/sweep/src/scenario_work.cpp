#include "frontline/sweep/scenario_work.hpp"

#include <cmath>
#include <deque>
#include <future>
#include <map>
#include <memory>
#include <mutex>

#include "frontline/core/version.hpp"
#include "frontline/engine/simulation.hpp"
#include "frontline/metrics/summary.hpp"

namespace frontline {

namespace {

DType dtype_of(SummaryType type) {
  switch (type) {
    case SummaryType::float64:
      return DType::f64;
    case SummaryType::float32:
      return DType::f32;
    case SummaryType::int8:
      return DType::i8;
  }
  return DType::f64;
}

struct Shape {
  std::size_t factions = 0;
  std::size_t nodes = 0;
  std::size_t targets = 0;
  std::size_t times = 0;
  std::size_t length(SummaryAxis axis) const {
    switch (axis) {
      case SummaryAxis::faction:
        return factions;
      case SummaryAxis::node:
        return nodes;
      case SummaryAxis::target:
        return targets;
      case SummaryAxis::time:
        return times;
    }
    return 0;
  }
};

std::vector<const SummaryMetric*> chosen_metrics(const SweepSpec& sweep, bool has_targets) {
  std::vector<const SummaryMetric*> chosen;
  DiagnosticList problems;
  if (sweep.metrics.empty()) {
    for (const auto& m : summary_metrics())
      if (m.by_default && !m.time_series &&
          (has_targets || (m.name != "target_value" && m.name != "target_met")))
        chosen.push_back(&m);
    return chosen;
  }
  for (std::size_t i = 0; i < sweep.metrics.size(); ++i) {
    const auto& name = sweep.metrics[i];
    const Location where =
        i < sweep.metric_where.size() ? sweep.metric_where[i] : Location{sweep.source_name};
    const SummaryMetric* metric = find_summary_metric(name);
    if (!metric) {
      const auto names = summary_metric_names();
      const auto close = closest_match(name, names);
      std::string known;
      for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
      problems.add(where,
                   "unknown metric '" + name + "'" +
                       (close.empty() ? "" : " (did you mean '" + close + "'?)"),
                   "one of: " + known);
    } else if (!has_targets && (name == "target_value" || name == "target_met")) {
      problems.add(where, "metric '" + name + "' needs targets, and the scenario has none",
                   "another metric");
    } else if (std::find(chosen.begin(), chosen.end(), metric) != chosen.end()) {
      problems.add(where, "metric '" + name + "' is listed twice", "each metric once");
    } else {
      chosen.push_back(metric);
    }
  }
  problems.throw_if_any();
  return chosen;
}

Variable string_axis(const std::string& name, std::vector<std::string> values,
                     const std::string& long_name) {
  Variable v{name, {name}, DType::str, {}, {}, std::move(values), {}};
  v.attributes.push_back({"long_name", long_name});
  return v;
}

Variable string_table(const std::string& name, const std::string& dim,
                      std::vector<std::string> values, const std::string& long_name) {
  Variable v{name, {dim}, DType::str, {}, {}, std::move(values), {}};
  v.attributes.push_back({"long_name", long_name});
  return v;
}

// The run-file convention for the time coordinate (docs/output-format.md).
Variable time_axis(const ScenarioSpec& base) {
  const Calendar calendar = base.calendar.calendar();
  Variable v{"time", {"time"}, DType::f64, {}, {}, {}, {}};
  const bool daily = calendar.step_hours() % 24 == 0;
  for (int t = 0; t < calendar.time_points(); ++t)
    v.reals.push_back(daily ? calendar.days_at(t) : static_cast<double>(calendar.hours_at(t)));
  v.attributes = {{"long_name", std::string("time of the record")},
                  {"standard_name", std::string("time")},
                  {"axis", std::string("T")},
                  {"units", calendar.cf_units()},
                  {"calendar", std::string("proleptic_gregorian")}};
  return v;
}

std::string joined(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : "\n") + item;
  return text;
}

// Each parameter value on its own against the base scenario: a bad path or an
// out-of-range value names the parameter before anything runs.
void check_parameter_values(const ScenarioSweepInputs& inputs, const SweepPlan& plan) {
  constexpr std::size_t max_checks_per_parameter = 16;
  for (const auto& p : plan.parameters) {
    std::vector<ParameterValue> samples;
    if (p.is_range) {
      samples = {value_at(p, 0.0), value_at(p, std::nextafter(1.0, 0.0))};
      samples.back().number = p.max;
    } else {
      for (std::size_t i = 0; i < p.level_count() && i < max_checks_per_parameter; ++i)
        samples.push_back(
            value_at(p, (static_cast<double>(i) + 0.5) / static_cast<double>(p.level_count())));
    }
    for (const auto& value : samples) {
      auto overrides = plan.base_overrides;
      overrides.push_back(p.path + "=" + override_value(p, value));
      try {
        inputs.load(overrides);
      } catch (const InputError& e) {
        std::vector<Diagnostic> problems{{p.where,
                                          "parameter '" + p.path +
                                              "' = " + override_value(p, value) +
                                              " does not give a valid scenario:",
                                          ""}};
        for (const auto& d : e.diagnostics()) problems.push_back(d);
        throw InputError(problems);
      }
    }
  }
}

// Loads and freezes each design point's scenario once, for all its replicates.
class ScenarioWork {
 public:
  ScenarioWork(ScenarioLoader load, const ScenarioSpec& base,
               std::vector<const SummaryMetric*> metrics, bool timeseries)
      : load_(std::move(load)), metrics_(std::move(metrics)), timeseries_(timeseries) {
    for (const auto& n : base.map.nodes) nodes_.push_back(n.id);
    for (const auto& f : base.factions) factions_.push_back(f.id);
    time_points_ = base.calendar.calendar().time_points();
    targets_ = base.targets.size();
    calibrated_ = base.calibrated;
  }

  std::vector<double> operator()(const RunPlan& given) {
    const RunPlan plan = with_drawn_parameters(given);
    const std::shared_ptr<const Prepared> prepared = prepare(plan);
    Simulation simulation(prepared->model, plan.seed, plan.replicate);
    TimeSeriesRecorder recorder;
    simulation.run(recorder);
    const RunRecord& record = recorder.record();
    check_shape(record, prepared->targets.size());
    std::vector<double> values;
    for (const SummaryMetric* metric : metrics_) {
      const auto part = summary_values(*metric, record, prepared->targets);
      values.insert(values.end(), part.begin(), part.end());
    }
    return values;
  }

 private:
  struct Prepared {
    std::shared_ptr<const Model> model;
    std::vector<TargetSpec> targets;
  };

  // A calibrated variant: each replicate draws its parameters from the
  // posterior; runs that drew the same sample share a prepared model.
  RunPlan with_drawn_parameters(const RunPlan& given) const {
    if (calibrated_.empty()) return given;
    RunPlan plan = given;
    const auto sample = drawn_sample(calibrated_, plan.seed, plan.replicate);
    plan.design_point = given.design_point * calibrated_.samples.size() + sample;
    for (auto& o : calibrated_overrides(calibrated_, plan.seed, plan.replicate))
      plan.overrides.push_back(std::move(o));
    return plan;
  }

  std::shared_ptr<const Prepared> prepare(const RunPlan& plan) {
    std::shared_future<std::shared_ptr<const Prepared>> future;
    std::promise<std::shared_ptr<const Prepared>> promise;
    bool mine = false;
    {
      const std::lock_guard lock(mutex_);
      const auto found = cache_.find(plan.design_point);
      if (found != cache_.end()) {
        future = found->second;
      } else {
        future = promise.get_future().share();
        cache_.emplace(plan.design_point, future);
        order_.push_back(plan.design_point);
        if (order_.size() > kCacheSize) {
          cache_.erase(order_.front());
          order_.pop_front();
        }
        mine = true;
      }
    }
    if (mine) {
      try {
        const ScenarioSpec spec = load_(plan.overrides);
        promise.set_value(
            std::make_shared<const Prepared>(Prepared{build_model(spec), spec.targets}));
      } catch (...) {
        promise.set_exception(std::current_exception());
      }
    }
    return future.get();  // rethrows a failed load for every replicate
  }

  void check_shape(const RunRecord& record, std::size_t targets) const {
    const auto differs = [](const std::string& what) {
      return RuntimeError(
          "the run's scenario has other " + what +
          " than the sweep's base scenario: a sweep may change values, not the map, "
          "the factions, the targets or (with time series) the calendar");
    };
    bool same_nodes = record.node_count() == nodes_.size();
    for (std::size_t n = 0; same_nodes && n < nodes_.size(); ++n)
      same_nodes = record.nodes[n].id == nodes_[n];
    if (!same_nodes) throw differs("nodes");
    bool same_factions = record.faction_count() == factions_.size();
    for (std::size_t f = 0; same_factions && f < factions_.size(); ++f)
      same_factions = record.factions[f].id == factions_[f];
    if (!same_factions) throw differs("factions");
    if (targets != targets_) throw differs("targets");
    // Summary metrics do not depend on the run's length; time series do.
    if (timeseries_ && record.time_points != time_points_) throw differs("records (calendar)");
  }

  static constexpr std::size_t kCacheSize = 64;
  ScenarioLoader load_;
  std::vector<const SummaryMetric*> metrics_;
  bool timeseries_;
  std::vector<std::string> nodes_;
  std::vector<std::string> factions_;
  int time_points_ = 0;
  std::size_t targets_ = 0;
  CalibratedParameters calibrated_;
  std::mutex mutex_;
  std::map<std::uint64_t, std::shared_future<std::shared_ptr<const Prepared>>> cache_;
  std::deque<std::uint64_t> order_;
};

}  // namespace

ScenarioSweep make_scenario_sweep(const ScenarioSweepInputs& inputs) {
  const SweepSpec& sweep = inputs.sweep;
  std::vector<std::string> base_overrides = sweep.overrides;
  base_overrides.insert(base_overrides.end(), inputs.extra_overrides.begin(),
                        inputs.extra_overrides.end());
  ScenarioSweep result;
  result.base = inputs.load(base_overrides);
  const ScenarioSpec& base = result.base;
  const bool timeseries = inputs.timeseries || sweep.timeseries;
  if (timeseries)
    for (const auto& p : sweep.parameters)
      if (p.path.rfind("calendar.", 0) == 0)
        throw InputError(p.where, "a sweep with time series cannot vary '" + p.path + "'",
                         "timeseries: false, or a fixed calendar");

  const std::uint64_t seed = inputs.seed ? *inputs.seed : sweep.seed.value_or(base.seed);
  DesignSpec design = sweep.design;
  design.seed = seed;
  SweepDescription& d = result.description;
  d.plan = make_plan(sweep.parameters, design, sweep.replicates, seed, base_overrides,
                     inputs.max_runs, Location{sweep.source_name});
  check_parameter_values(inputs, d.plan);

  // Coordinates.
  std::vector<std::string> faction_ids, faction_names, node_ids, node_names, target_ids,
      target_texts;
  for (const auto& f : base.factions) {
    faction_ids.push_back(f.id);
    faction_names.push_back(f.name);
  }
  for (const auto& n : base.map.nodes) {
    node_ids.push_back(n.id);
    node_names.push_back(n.name);
  }
  for (const auto& t : base.targets) {
    target_ids.push_back(t.id);
    target_texts.push_back(t.text);
  }
  d.axes.push_back(string_axis("faction", faction_ids, "faction id"));
  d.axes.push_back(string_axis("node", node_ids, "node id"));
  if (!base.targets.empty())
    d.axes.push_back(string_axis("target", target_ids, "scenario target id"));
  if (timeseries) d.axes.push_back(time_axis(base));

  // Layout.
  Shape shape{faction_ids.size(), node_ids.size(), target_ids.size(),
              static_cast<std::size_t>(base.calendar.calendar().time_points())};
  std::vector<const SummaryMetric*> metrics = chosen_metrics(sweep, !base.targets.empty());
  if (timeseries)
    for (const auto& m : summary_metrics())
      if (m.time_series) metrics.push_back(&m);
  for (const SummaryMetric* m : metrics) {
    ResultColumn column;
    column.name = m->time_series ? m->name : "metric_" + m->name;
    column.type = dtype_of(m->type);
    column.units = m->units;
    column.description = m->description;
    for (const auto axis : m->axes) {
      column.dims.push_back(to_string(axis));
      column.size *= shape.length(axis);
    }
    d.layout.columns.push_back(std::move(column));
  }

  // Global attributes.
  std::vector<std::string> paths, names;
  for (const auto& p : d.plan.parameters) {
    paths.push_back(p.path);
    names.push_back("param_" + p.name);
  }
  const std::string design_name = to_string(design.kind);
  d.attributes = {
      {"Conventions", std::string("CF-1.8")},
      {"title", "Frontline sweep of scenario " + base.name + " (" + design_name + ", " +
                    std::to_string(d.plan.run_count()) + " runs)"},
      {"source", "Frontline " + std::string(version())},
      {"frontline_version", std::string(version())},
      {"git_commit", std::string(git_commit())},
      {"schema_version", std::int64_t{kSchemaVersion}},
      {"scenario", base.name},
      {"design", design_name},
      {"parameters", paths},
      {"parameter_variables", names},
      {"design_points", static_cast<std::int64_t>(d.plan.points.size())},
      {"replicates", static_cast<std::int64_t>(d.plan.replicates)},
      {"overrides", joined(base_overrides)},
      {"start_date", format_date(base.calendar.start)},
      {"step_hours", std::int64_t{base.calendar.step_hours}},
      {"timeseries", std::int64_t{timeseries ? 1 : 0}},
  };
  if (design.kind == DesignKind::lhs)
    d.attributes.push_back({"lhs_samples", static_cast<std::int64_t>(design.samples)});
  if (design.kind == DesignKind::sobol) {
    d.attributes.push_back({"sobol_base_samples", static_cast<std::int64_t>(design.samples)});
    d.attributes.push_back({"sobol_parameters", names});
    d.attributes.push_back(
        {"sobol_layout", std::string("per base sample j: A_j, AB_j^1 .. AB_j^D, B_j "
                                     "(Saltelli; SALib order); design_point = j*(D+2) + k")});
  }
  d.attributes.push_back({"sweep_yaml", sweep.text});
  d.attributes.push_back({"scenario_yaml", base.resolved_yaml});

  // Names and texts along the coordinates, as in the run file.
  d.tables.push_back(string_table("faction_name", "faction", faction_names, "faction name"));
  d.tables.push_back(string_table("node_name", "node", node_names, "node name"));
  if (!base.targets.empty())
    d.tables.push_back(string_table("target_text", "target", target_texts, "the target in words"));
  d.fingerprint = sweep_fingerprint(d);
  result.work = [work = std::make_shared<ScenarioWork>(inputs.load, base, metrics, timeseries)](
                    const RunPlan& plan) { return (*work)(plan); };
  return result;
}

}  // namespace frontline
