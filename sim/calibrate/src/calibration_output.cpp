#include "frontline/calibrate/calibration_output.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <numeric>

#include "frontline/core/error.hpp"
#include "frontline/core/version.hpp"
#include "frontline/output/hdf5.hpp"
#include "frontline/scenario/yaml_check.hpp"

namespace frontline {

namespace {

using Reals = std::vector<double>;
using Integers = std::vector<std::int64_t>;

void real(const h5::Group& g, const char* name, const Reals& values,
          const std::vector<std::string>& dims, const char* long_name, const char* units = "") {
  const auto dataset = h5::write_variable<double>(g, name, values, dims);
  h5::write_attribute(dataset, "long_name", long_name);
  if (*units) h5::write_attribute(dataset, "units", units);
}

void integer(const h5::Group& g, const char* name, const Integers& values,
             const std::vector<std::string>& dims, const char* long_name) {
  const auto dataset = h5::write_variable<std::int64_t>(g, name, values, dims);
  h5::write_attribute(dataset, "long_name", long_name);
}

void text(const h5::Group& g, const char* name, const std::vector<std::string>& values,
          const std::vector<std::string>& dims, const char* long_name) {
  const auto dataset = h5::write_string_variable(g, name, values, dims);
  h5::write_attribute(dataset, "long_name", long_name);
}

Integers counting(std::size_t n) {
  Integers values(n);
  std::iota(values.begin(), values.end(), std::int64_t{0});
  return values;
}

void write_contents(const h5::File& file, const CalibrationProblem& problem,
                    const CalibrationResult& result) {
  const auto& s = problem.settings;
  const h5::Group root = file.root();
  std::vector<std::string> names, paths, priors, kinds;
  Reals prior_min, prior_max, prior_mean, prior_sd;
  for (const auto& p : s.parameters) {
    names.push_back(p.name);
    paths.push_back(p.path);
    priors.push_back(p.prior.describe());
    kinds.push_back(to_string(p.prior.kind));
    prior_min.push_back(p.prior.min);
    prior_max.push_back(p.prior.max);
    prior_mean.push_back(p.prior.mean);
    prior_sd.push_back(p.prior.sd);
  }
  std::vector<std::string> target_ids, target_texts, forms;
  Reals lower, upper, scale;
  for (const auto& t : s.targets) {
    target_ids.push_back(t.id);
    target_texts.push_back(t.text);
    forms.push_back(to_string(t.form));
    lower.push_back(t.lower);
    upper.push_back(t.upper);
    scale.push_back(t.scale);
  }
  const std::size_t n_samples = result.samples.size();
  const std::size_t n_points = result.points.size();
  const std::size_t n_waves = result.waves.size();

  h5::write_dimension(root, "parameter", std::span<const std::string>(names));
  h5::write_dimension(root, "target", std::span<const std::string>(target_ids));
  h5::write_dimension<std::int64_t>(root, "wave", counting(n_waves));
  h5::write_dimension<std::int64_t>(root, "sample", counting(n_samples));
  h5::write_dimension<std::int64_t>(root, "point", counting(n_points));

  text(root, "parameter_path", paths, {"parameter"}, "the parameter's --set path");
  text(root, "prior", priors, {"parameter"}, "the prior distribution");
  text(root, "prior_kind", kinds, {"parameter"},
       "uniform, log-uniform, normal or truncated-normal");
  real(root, "prior_min", prior_min, {"parameter"}, "lower end of the prior's support");
  real(root, "prior_max", prior_max, {"parameter"}, "upper end of the prior's support");
  real(root, "prior_mean", prior_mean, {"parameter"}, "mean of the (untruncated) normal prior");
  real(root, "prior_sd", prior_sd, {"parameter"}, "sd of the (untruncated) normal prior");

  text(root, "target_text", target_texts, {"target"}, "the target in words");
  text(root, "target_form", forms, {"target"}, "interval, value, capture-date or never");
  real(root, "target_lower", lower, {"target"}, "lower end of the target's region");
  real(root, "target_upper", upper, {"target"}, "upper end of the target's region");
  real(root, "target_scale", scale, {"target"}, "distance unit (tolerance)");

  const std::size_t d = s.parameters.size();
  const std::size_t t_count = s.targets.size();
  Reals sample_values, weights, distances, target_distances, target_values;
  Integers sample_wave;
  for (const auto& p : result.samples) {
    sample_values.insert(sample_values.end(), p.values.begin(), p.values.end());
    weights.push_back(p.weight);
    distances.push_back(p.distance);
    target_distances.insert(target_distances.end(), p.target_distances.begin(),
                            p.target_distances.end());
    target_values.insert(target_values.end(), p.target_values.begin(), p.target_values.end());
    sample_wave.push_back(p.wave);
  }
  const bool abc = s.method == CalibrationMethod::abc_smc;
  real(root, "sample_value", sample_values, {"sample", "parameter"},
       "accepted parameter values (the posterior sample)");
  real(root, "sample_weight", weights, {"sample"}, "importance weight (sum 1)", "1");
  real(root, "sample_distance", distances, {"sample"},
       abc ? "distance: root mean square of the target distances"
           : "largest implausibility over the targets (last wave's emulators)");
  real(root, "sample_target_distance", target_distances, {"sample", "target"},
       abc ? "distance per target, in target scales" : "implausibility per target");
  real(root, "sample_target_value", target_values, {"sample", "target"},
       abc ? "simulated target value (mean over the replicates)"
           : "emulator mean of the target value (last wave)");
  integer(root, "sample_wave", sample_wave, {"sample"},
          abc ? "wave in which the sample was simulated" : "wave whose emulators drew it");

  Reals point_values, point_targets, point_distances;
  Integers point_wave, point_stream;
  for (const auto& p : result.points) {
    point_values.insert(point_values.end(), p.values.begin(), p.values.end());
    point_targets.insert(point_targets.end(), p.target_values.begin(), p.target_values.end());
    for (std::size_t t = 0; t < t_count; ++t)
      point_distances.push_back(target_distance(s.targets[t], p.target_values[t], s.horizon_days));
    point_wave.push_back(p.wave);
    point_stream.push_back(static_cast<std::int64_t>(p.first_stream));
  }
  (void)d;
  real(root, "point_value", point_values, {"point", "parameter"},
       "parameter values of every simulated point");
  real(root, "point_target_value", point_targets, {"point", "target"},
       "simulated target value (mean over the replicates)");
  real(root, "point_target_distance", point_distances, {"point", "target"},
       "distance per target, in target scales");
  integer(root, "point_wave", point_wave, {"point"}, "wave of the point");
  integer(root, "point_first_stream", point_stream, {"point"},
          "random-stream replicate key of the point's first replicate");

  Reals tolerance, acceptance, ess;
  Integers runs, runs_total, failed, points;
  for (const auto& w : result.waves) {
    tolerance.push_back(w.tolerance);
    acceptance.push_back(w.acceptance);
    ess.push_back(w.ess);
    runs.push_back(static_cast<std::int64_t>(w.runs));
    runs_total.push_back(static_cast<std::int64_t>(w.runs_total));
    failed.push_back(static_cast<std::int64_t>(w.failed));
    points.push_back(w.points);
  }
  real(root, "wave_tolerance", tolerance, {"wave"},
       abc ? "ABC tolerance after the wave (largest kept distance)" : "implausibility cut-off");
  real(root, "wave_acceptance_rate", acceptance, {"wave"},
       abc ? "share of the wave's proposals kept"
           : "share of prior draws not ruled out after the wave");
  real(root, "wave_ess", ess, {"wave"},
       abc ? "effective sample size of the kept particles" : "points drawn for the next wave");
  integer(root, "wave_runs", runs, {"wave"}, "simulations of the wave");
  integer(root, "wave_runs_total", runs_total, {"wave"}, "simulations up to the wave");
  integer(root, "wave_failed", failed, {"wave"}, "failed simulations of the wave");
  integer(root, "wave_points", points, {"wave"}, "parameter points of the wave");

  const auto& base = problem.sweep.base;
  h5::write_attribute(root, "Conventions", "CF-1.8");
  h5::write_attribute(
      root, "title",
      "Frontline calibration of scenario " + base.name + " (" + to_string(s.method) + ")");
  h5::write_attribute(root, "source", "Frontline " + std::string(version()));
  h5::write_attribute(root, "frontline_version", std::string(version()));
  h5::write_attribute(root, "git_commit", std::string(git_commit()));
  h5::write_attribute(root, "scenario", base.name);
  h5::write_attribute(root, "method", to_string(s.method));
  h5::write_attribute<std::uint64_t>(root, "seed", s.seed);
  h5::write_attribute<std::int64_t>(root, "budget", static_cast<std::int64_t>(s.budget));
  h5::write_attribute<std::int64_t>(root, "particles", s.particles);
  h5::write_attribute<std::int64_t>(root, "replicates", s.replicates);
  h5::write_attribute<std::int64_t>(root, "runs", static_cast<std::int64_t>(result.runs));
  h5::write_attribute(root, "alpha", s.alpha);
  h5::write_attribute(root, "min_acceptance", s.min_acceptance);
  h5::write_attribute(root, "cutoff", s.cutoff);
  h5::write_attribute(root, "horizon_days", s.horizon_days);
  h5::write_attribute(root, "start_date", format_date(base.calendar.start));
  h5::write_attribute(root, "stopped", result.stopped);
  h5::write_attribute(root, "calibration_fingerprint", problem.fingerprint);
  h5::write_attribute(root, "calibration_yaml", problem.spec.text);
  h5::write_attribute(root, "scenario_yaml", base.resolved_yaml);
}

}  // namespace

void write_calibration_file(const std::filesystem::path& path, const CalibrationProblem& problem,
                            const CalibrationResult& result) {
  h5::silence_error_printing();
  auto temporary = path;
  temporary += ".tmp-" + std::to_string(::getpid());
  try {
    h5::File file = h5::File::create(temporary);
    write_contents(file, problem, result);
    file.close();
    std::filesystem::rename(temporary, path);
  } catch (const std::filesystem::filesystem_error& e) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw RuntimeError("cannot move the calibration output into place at " + path.string() + ": " +
                       e.code().message());
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw;
  }
}

void write_calibrated_variant(const std::filesystem::path& path, const CalibrationProblem& problem,
                              const CalibrationResult& result,
                              const std::filesystem::path& scenario_file,
                              const std::filesystem::path& result_file) {
  const auto& s = problem.settings;
  const auto folder = std::filesystem::absolute(path).parent_path();
  const auto include =
      std::filesystem::absolute(scenario_file).lexically_normal().lexically_relative(folder);
  const std::string name = problem.sweep.base.name + "-calibrated";
  std::string yaml = "# Written by frontline calibrate (" + std::string(to_string(s.method)) +
                     ", " + std::to_string(result.runs) + " runs, seed " + std::to_string(s.seed) +
                     ").\n";
  if (!problem.spec.overrides.empty()) {
    yaml += "# The calibration ran with these fixed overrides, not carried into this file:\n";
    for (const auto& o : problem.spec.overrides) yaml += "#   --set " + o + "\n";
  }
  yaml += "name: " + name + "\n";
  yaml += "description: |\n  " + problem.sweep.base.name +
          " with its calibrated parameters drawn, per replicate, from the posterior\n"
          "  (weighted samples) of frontline calibrate.\n";
  yaml += "include: \"" + include.generic_string() + "\"\n";
  yaml += "calibrated:\n  from: \"" + result_file.filename().string() + "\"\n  parameters:\n";
  for (const auto& p : s.parameters) yaml += "    - " + p.path + "\n";
  yaml += "  weights: [";
  for (std::size_t i = 0; i < result.samples.size(); ++i)
    yaml += (i ? ", " : "") + format_number(result.samples[i].weight);
  yaml += "]\n  samples:\n";
  for (const auto& sample : result.samples) {
    yaml += "    - [";
    for (std::size_t j = 0; j < sample.values.size(); ++j)
      yaml += (j ? ", " : "") + format_number(sample.values[j]);
    yaml += "]\n";
  }
  auto temporary = path;
  temporary += ".tmp-" + std::to_string(::getpid());
  {
    std::ofstream out(temporary, std::ios::binary);
    out << yaml;
    out.close();
    if (!out) {
      std::error_code ignored;
      std::filesystem::remove(temporary, ignored);
      throw RuntimeError("cannot write the calibrated variant " + path.string());
    }
  }
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  if (ec) {
    std::filesystem::remove(temporary, ec);
    throw RuntimeError("cannot move the calibrated variant into place at " + path.string());
  }
}

std::string calibration_file_fingerprint(const std::filesystem::path& path) {
  h5::silence_error_printing();
  const h5::File file = h5::File::open(path);
  const h5::Group root = file.root();
  if (!h5::has_attribute(root, "calibration_fingerprint")) return "";
  return h5::read_string_attribute(root, "calibration_fingerprint");
}

}  // namespace frontline
