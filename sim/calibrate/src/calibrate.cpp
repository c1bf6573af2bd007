#include "frontline/calibrate/calibrate.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace frontline {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Mean comparable value of each target over a point's replicates.
std::vector<double> mean_values(const CalibrationSettings& s,
                                const std::vector<std::vector<double>>& replicates) {
  std::vector<double> means(s.targets.size(), kNaN);
  for (std::size_t t = 0; t < s.targets.size(); ++t) {
    double sum = 0.0;
    int count = 0;
    for (const auto& values : replicates) {
      const double v = comparable_value(s.targets[t], values.at(t), s.horizon_days);
      if (std::isfinite(v)) {
        sum += v;
        ++count;
      }
    }
    if (count > 0) means[t] = sum / count;
  }
  return means;
}

struct Simulated {
  std::vector<Particle> particles;
  std::uint64_t failed = 0;
};

Simulated simulate(const CalibrationSettings& s, const WaveRunner& runner, std::uint32_t wave,
                   const std::vector<ParameterPoint>& points, CalibrationResult& result) {
  const std::uint64_t first = result.runs;
  const WaveOutcome outcome = runner(wave, points, first);
  if (outcome.values.size() != points.size())
    throw RuntimeError("calibration wave " + std::to_string(wave) + " returned " +
                       std::to_string(outcome.values.size()) + " points, expected " +
                       std::to_string(points.size()));
  Simulated simulated;
  simulated.failed = outcome.failed;
  for (std::size_t i = 0; i < points.size(); ++i) {
    Particle p;
    p.values = points[i];
    p.wave = wave;
    p.point = static_cast<std::uint32_t>(i);
    p.target_values = mean_values(s, outcome.values[i]);
    for (std::size_t t = 0; t < s.targets.size(); ++t)
      p.target_distances.push_back(
          target_distance(s.targets[t], p.target_values[t], s.horizon_days));
    p.distance = combined_distance(p.target_distances);
    result.points.push_back({wave, p.point, first + i * s.replicates, p.values, p.target_values});
    simulated.particles.push_back(std::move(p));
  }
  result.runs += points.size() * s.replicates;
  return simulated;
}

// A target that no run of the first wave could compute cannot be fitted.
void check_computable(const CalibrationSettings& s, const std::vector<Particle>& particles) {
  for (std::size_t t = 0; t < s.targets.size(); ++t) {
    const bool any = std::any_of(particles.begin(), particles.end(), [&](const Particle& p) {
      return std::isfinite(p.target_values[t]);
    });
    if (!any)
      throw InputError(s.targets[t].where,
                       "no run of the first wave could compute target '" + s.targets[t].id +
                           "' (its value is undefined in every run)",
                       "a target whose metric these runs define (see frontline check)");
  }
}

WaveDiagnostics diagnostics(std::uint32_t wave, std::size_t points, const Simulated& simulated,
                            const CalibrationSettings& s, const CalibrationResult& result) {
  WaveDiagnostics d;
  d.wave = wave;
  d.points = static_cast<std::uint32_t>(points);
  d.runs = points * s.replicates;
  d.runs_total = result.runs;
  d.failed = simulated.failed;
  return d;
}

void normalise(std::vector<Particle>& particles) {
  double total = 0.0;
  for (const auto& p : particles) total += p.weight;
  for (auto& p : particles) p.weight = total > 0 ? p.weight / total : 0.0;
}

CalibrationResult run_abc(const CalibrationSettings& s, const WaveRunner& runner) {
  CalibrationResult result;
  const std::uint32_t keep = kept_count(s.particles, s.alpha);
  Simulated first =
      simulate(s, runner, 0, latin_hypercube(s.parameters, s.particles, s.seed, 0), result);
  check_computable(s, first.particles);
  AbcSelection selection = abc_select({}, first.particles, keep);
  selection.acceptance = static_cast<double>(keep) / s.particles;
  auto d = diagnostics(0, s.particles, first, s, result);
  d.tolerance = selection.tolerance;
  d.acceptance = selection.acceptance;
  d.ess = selection.ess;
  result.waves.push_back(d);
  const std::uint32_t fresh_count = s.particles - keep;
  for (std::uint32_t wave = 1;; ++wave) {
    if (selection.tolerance <= 0.0) {
      result.stopped = "tolerance 0: every kept particle meets every target";
      break;
    }
    if (wave > 1 && selection.acceptance < s.min_acceptance) {
      result.stopped = "acceptance rate below min_acceptance";
      break;
    }
    if (wave >= s.waves) {
      result.stopped = "the last wave (waves)";
      break;
    }
    if (result.runs + static_cast<std::uint64_t>(fresh_count) * s.replicates > s.budget) {
      result.stopped = "budget spent";
      break;
    }
    const auto proposals = abc_proposals(selection.kept, s.parameters, fresh_count, s.seed, wave);
    Simulated fresh = simulate(s, runner, wave, proposals, result);
    weigh_new_particles(fresh.particles, selection.kept, s.parameters);
    selection = abc_select(selection.kept, fresh.particles, keep);
    d = diagnostics(wave, fresh_count, fresh, s, result);
    d.tolerance = selection.tolerance;
    d.acceptance = selection.acceptance;
    d.ess = selection.ess;
    result.waves.push_back(d);
  }
  result.samples = selection.kept;
  normalise(result.samples);
  return result;
}

std::vector<std::vector<double>> target_values_of(const std::vector<Particle>& particles) {
  std::vector<std::vector<double>> values;
  for (const auto& p : particles) values.push_back(p.target_values);
  return values;
}

std::vector<ParameterPoint> points_of(const std::vector<Particle>& particles) {
  std::vector<ParameterPoint> points;
  for (const auto& p : particles) points.push_back(p.values);
  return points;
}

CalibrationResult run_history_matching(const CalibrationSettings& s, const WaveRunner& runner) {
  CalibrationResult result;
  constexpr std::uint64_t kCandidates = 100'000;
  std::vector<WaveEmulators> emulators;
  std::vector<ParameterPoint> design = latin_hypercube(s.parameters, s.particles, s.seed, 0);
  for (std::uint32_t wave = 0;; ++wave) {
    Simulated simulated = simulate(s, runner, wave, design, result);
    if (wave == 0) check_computable(s, simulated.particles);
    emulators.push_back(fit_wave_emulators(s.parameters, points_of(simulated.particles),
                                           target_values_of(simulated.particles),
                                           static_cast<int>(s.replicates)));
    auto d = diagnostics(wave, design.size(), simulated, s, result);
    d.tolerance = s.cutoff;
    const bool last =
        wave + 1 >= s.waves ||
        result.runs + static_cast<std::uint64_t>(s.particles) * s.replicates > s.budget;
    const std::uint32_t wanted = last ? std::max(s.posterior_samples, s.particles) : s.particles;
    NroySample next = sample_not_ruled_out(emulators, s.targets, s.parameters, wanted, s.cutoff,
                                           s.seed, wave + 1, kCandidates);
    d.acceptance = next.fraction;
    d.ess = static_cast<double>(next.points.size());
    result.waves.push_back(d);
    if (next.points.empty()) {
      result.stopped = "every point ruled out: no parameters fit every target";
      break;
    }
    if (last) {
      result.stopped = wave + 1 >= s.waves ? "the last wave (waves)" : "budget spent";
      for (const auto& point : next.points) {
        Particle p;
        p.values = point;
        p.wave = wave;
        p.point = static_cast<std::uint32_t>(result.samples.size());
        const auto u = unit_coordinates(s.parameters, point);
        const Eigen::VectorXd x =
            Eigen::Map<const Eigen::VectorXd>(u.data(), static_cast<Eigen::Index>(u.size()));
        double largest = 0.0;
        for (std::size_t t = 0; t < s.targets.size(); ++t) {
          const auto& emulator = emulators.back().by_target[t];
          const double value = emulator ? emulator->predict(x).mean : kNaN;
          p.target_values.push_back(value);
          p.target_distances.push_back(implausibility(s.targets[t], emulator, x));
          largest = std::max(largest, p.target_distances.back());
        }
        p.distance = largest;
        result.samples.push_back(std::move(p));
      }
      normalise(result.samples);
      break;
    }
    if (next.points.size() > s.particles) next.points.resize(s.particles);
    design = std::move(next.points);
  }
  return result;
}

}  // namespace

CalibrationSettings settings_from(const CalibrationSpec& spec,
                                  std::vector<CalibrationTarget> targets, double horizon_days,
                                  std::uint64_t seed) {
  CalibrationSettings s;
  s.method = spec.method;
  s.parameters = spec.parameters;
  s.targets = std::move(targets);
  s.horizon_days = horizon_days;
  s.budget = spec.budget;
  s.particles = spec.particles;
  s.replicates = spec.replicates;
  s.seed = seed;
  s.alpha = spec.alpha;
  s.min_acceptance = spec.min_acceptance;
  s.waves = spec.waves > 0                              ? spec.waves
            : spec.method == CalibrationMethod::abc_smc ? CalibrationLimits::max_waves
                                                        : 5;
  s.cutoff = spec.cutoff;
  return s;
}

double weighted_quantile(std::vector<double> values, std::vector<double> weights, double q) {
  std::vector<std::size_t> order(values.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  double total = 0.0;
  for (const double w : weights) total += w;
  if (order.empty() || !(total > 0)) return kNaN;
  double cumulative = 0.0;
  for (const std::size_t i : order) {
    cumulative += weights[i];
    if (cumulative >= q * total) return values[i];
  }
  return values[order.back()];
}

CalibrationResult calibrate(const CalibrationSettings& settings, const WaveRunner& runner) {
  return settings.method == CalibrationMethod::abc_smc ? run_abc(settings, runner)
                                                       : run_history_matching(settings, runner);
}

}  // namespace frontline
