#include "frontline/calibrate/problem.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "frontline/core/version.hpp"
#include "frontline/scenario/yaml_check.hpp"
#include "frontline/sweep/session.hpp"
#include "frontline/sweep/sweep_file.hpp"
#include "frontline/sweep/table.hpp"

namespace frontline {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr double kDefaultDateTolerance = 7.0;  // days

double days_between(Days from, Days to) { return static_cast<double>((to - from).count()); }

double horizon_of(const ScenarioSpec& spec) {
  return days_between(spec.calendar.start, spec.calendar.end);
}

// The scenario-side bounds of a new target (what `check` and target_met use).
std::pair<double, double> added_bounds(const TargetRequest& r, const ScenarioSpec& base) {
  const double horizon = horizon_of(base);
  if (r.value) return {*r.value - *r.tolerance, *r.value + *r.tolerance};
  if (r.date) {
    const double day = days_between(base.calendar.start, *r.date);
    const double tolerance = r.tolerance.value_or(kDefaultDateTolerance);
    return {day - tolerance, day + tolerance};
  }
  if (r.never) return {horizon + 0.5, kInfinity};
  return {r.min.value_or(-kInfinity), r.max.value_or(kInfinity)};
}

std::string added_override(const TargetRequest& r, const ScenarioSpec& base) {
  const auto [lo, hi] = added_bounds(r, base);
  std::string fields = r.added_yaml;
  if (std::isfinite(lo)) fields += ", min: " + format_number(lo);
  if (std::isfinite(hi)) fields += ", max: " + format_number(hi);
  return "targets." + r.id + "={" + fields + "}";
}

InputError located(const Location& where, const std::string& message, const InputError& cause) {
  std::vector<Diagnostic> problems{{where, message, ""}};
  for (const auto& d : cause.diagnostics()) problems.push_back(d);
  return InputError(problems);
}

CalibrationTarget resolve(const TargetRequest& r, const TargetSpec& scenario_target,
                          const ScenarioSpec& base, DiagnosticList& d) {
  CalibrationTarget t;
  t.id = r.id;
  t.text = scenario_target.text;
  t.where = r.where;
  const bool capture = scenario_target.metric == TargetMetric::capture_day;
  if ((r.date || r.never) && !capture)
    d.add(r.where, "target '" + r.id + "': date and never apply to the metric capture_day",
          "metric: capture_day");
  if (r.value) {
    t.form = TargetForm::value;
    t.lower = t.upper = *r.value;
    t.scale = *r.tolerance;
  } else if (r.date) {
    t.form = TargetForm::capture_date;
    t.lower = t.upper = days_between(base.calendar.start, *r.date);
    t.scale = r.tolerance.value_or(kDefaultDateTolerance);
  } else if (r.never) {
    t.form = TargetForm::never;
    t.lower = horizon_of(base) + 1.0;
    t.upper = kInfinity;
    t.scale = r.tolerance.value_or(kDefaultDateTolerance);
  } else {
    t.form = TargetForm::interval;
    t.lower = r.min ? *r.min : scenario_target.min.value_or(-kInfinity);
    t.upper = r.max ? *r.max : scenario_target.max.value_or(kInfinity);
    t.scale = r.scale ? *r.scale : default_interval_scale(t.lower, t.upper);
  }
  return t;
}

std::vector<SweepParameter> sweep_parameters(const std::vector<CalibrationParameter>& parameters) {
  std::vector<SweepParameter> out;
  for (const auto& p : parameters) {
    SweepParameter s;
    s.name = p.name;
    s.path = p.path;
    s.is_range = true;
    s.min = std::isfinite(p.prior.min) ? p.prior.min : p.prior.quantile(1e-3);
    s.max = std::isfinite(p.prior.max) ? p.prior.max : p.prior.quantile(1.0 - 1e-3);
    s.integer = p.integer;
    s.where = p.where;
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

std::filesystem::path wave_file(const std::filesystem::path& folder, std::uint32_t wave) {
  char name[32];
  std::snprintf(name, sizeof name, "wave-%03u.h5", wave);
  return folder / name;
}

std::filesystem::path work_folder(const std::filesystem::path& output) {
  return std::filesystem::path(output.string() + ".waves");
}

CalibrationProblem prepare_calibration(const CalibrationSpec& spec, const ScenarioLoader& load,
                                       std::optional<std::uint64_t> seed) {
  CalibrationProblem problem;
  problem.spec = spec;
  const ScenarioSpec plain = load(spec.overrides);

  // New targets join the scenario through --set, each checked on its own.
  std::vector<std::string> overrides = spec.overrides;
  DiagnosticList d;
  for (const auto& r : spec.targets) {
    if (r.added_yaml.empty()) continue;
    const bool exists = std::any_of(plain.targets.begin(), plain.targets.end(),
                                    [&](const TargetSpec& t) { return t.id == r.id; });
    if (exists) {
      d.add(r.where, "target '" + r.id + "' is already a target of the scenario",
            "another id for a new target, or no metric to fit the scenario's own");
      continue;
    }
    auto with = spec.overrides;
    with.push_back(added_override(r, plain));
    try {
      load(with);
      overrides.push_back(with.back());
    } catch (const InputError& e) {
      throw located(r.where, "target '" + r.id + "' is not a valid scenario target:", e);
    }
  }
  d.throw_if_any();

  SweepSpec sweep;
  sweep.source_name = spec.source_name;
  sweep.base_dir = spec.base_dir;
  sweep.text = spec.text;
  sweep.scenario = spec.scenario;
  sweep.scenario_where = spec.scenario_where;
  sweep.overrides = overrides;
  sweep.parameters = sweep_parameters(spec.parameters);
  sweep.design.kind = DesignKind::lhs;
  sweep.design.samples = spec.particles;
  sweep.replicates = spec.replicates;
  sweep.metrics = {"target_value"};
  sweep.metric_where = {spec.where};
  const std::uint64_t chosen_seed = seed ? *seed : spec.seed.value_or(plain.seed);
  ScenarioSweepInputs inputs;
  inputs.sweep = sweep;
  inputs.seed = chosen_seed;
  inputs.load = load;
  inputs.max_runs = std::numeric_limits<std::uint64_t>::max();
  problem.sweep = make_scenario_sweep(inputs);
  const ScenarioSpec& base = problem.sweep.base;

  std::vector<CalibrationTarget> targets;
  std::vector<std::string> ids;
  for (const auto& t : base.targets) ids.push_back(t.id);
  if (spec.targets.empty()) {
    for (std::size_t i = 0; i < base.targets.size(); ++i) {
      TargetRequest own;
      own.id = base.targets[i].id;
      own.where = spec.where;
      targets.push_back(resolve(own, base.targets[i], base, d));
      problem.target_columns.push_back(i);
    }
    if (targets.empty())
      d.add(spec.where, "nothing to fit: the scenario has no targets and the file names none",
            "targets: {ID: {...}} in the calibration file");
  }
  for (const auto& r : spec.targets) {
    const auto found = std::find(ids.begin(), ids.end(), r.id);
    if (found == ids.end()) {
      d.add(r.where, "unknown target '" + r.id + "'",
            suggestion(r.id, ids, "target of the scenario") +
                ", or a new target with metric: and its fields");
      continue;
    }
    const auto column = static_cast<std::size_t>(found - ids.begin());
    targets.push_back(resolve(r, base.targets[column], base, d));
    problem.target_columns.push_back(column);
  }
  d.throw_if_any();

  problem.settings = settings_from(spec, std::move(targets), horizon_of(base), chosen_seed);
  std::string text = "frontline-calibration\n" + spec.text +
                     "\nseed=" + std::to_string(chosen_seed) +
                     "\nversion=" + std::string(version()) + ":" + std::string(git_commit()) + "\n";
  for (const auto& o : overrides) text += "set=" + o + "\n";
  text += "scenario=" + base.resolved_yaml;
  problem.fingerprint = fingerprint_of(text);
  return problem;
}

WaveRunner sweep_wave_runner(const CalibrationProblem& problem, const WaveSweepOptions& options) {
  return [&problem, options](std::uint32_t wave, const std::vector<ParameterPoint>& points,
                             std::uint64_t first_stream) {
    SweepDescription d = problem.sweep.description;
    d.plan.points.clear();
    for (const auto& point : points) {
      DesignPoint design_point;
      for (const double v : point) design_point.push_back({v, ""});
      d.plan.points.push_back(std::move(design_point));
    }
    d.attributes.push_back({"calibration_fingerprint", problem.fingerprint});
    d.attributes.push_back({"calibration_wave", static_cast<std::int64_t>(wave)});
    d.attributes.push_back({"calibration_first_stream", static_cast<std::int64_t>(first_stream)});
    d.fingerprint = sweep_fingerprint(d);
    // Every simulation of a calibration has its own random streams, and every
    // point its own design-point key (the per-run work caches models by it, and
    // is shared by all waves).
    const RunWork work = [inner = problem.sweep.work, first_stream,
                          replicates = d.plan.replicates](const RunPlan& plan) {
      RunPlan own = plan;
      own.replicate = static_cast<std::uint32_t>(first_stream + plan.index);
      own.design_point = first_stream / replicates + plan.design_point;
      return inner(own);
    };
    SessionOptions session;
    session.output = wave_file(options.folder, wave);
    session.resume = true;
    session.threads = options.threads;
    session.progress = options.progress;
    session.created = options.created;
    if (options.progress)
      std::fprintf(options.progress, "calibrate: wave %u, %zu points x %u replicates\n", wave,
                   points.size(), d.plan.replicates);
    run_sweep_session(d, work, session);

    const SweepTable table = read_sweep_table(session.output);
    const Variable* values = table.variable("metric_target_value");
    const Variable* status = table.variable("status");
    if (!values || !status)
      throw RuntimeError(session.output.string() + " holds no metric_target_value");
    const std::size_t all_targets = table.dimension_size("target");
    const std::size_t replicates = d.plan.replicates;
    WaveOutcome outcome;
    outcome.values.assign(points.size(), std::vector<std::vector<double>>(replicates));
    for (std::size_t run = 0; run < points.size() * replicates; ++run) {
      if (status->strings.at(run) != "ok") ++outcome.failed;
      auto& row = outcome.values[run / replicates][run % replicates];
      for (const std::size_t column : problem.target_columns)
        row.push_back(values->reals.at(run * all_targets + column));
    }
    return outcome;
  };
}

}  // namespace frontline
