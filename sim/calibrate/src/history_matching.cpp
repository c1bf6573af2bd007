#include "frontline/calibrate/history_matching.hpp"

#include <algorithm>
#include <cmath>

#include "frontline/core/random.hpp"

namespace frontline {

namespace {

Eigen::VectorXd as_vector(const std::vector<double>& values) {
  return Eigen::Map<const Eigen::VectorXd>(values.data(), static_cast<Eigen::Index>(values.size()));
}

double outside(const CalibrationTarget& target, double value) {
  return std::max({target.lower - value, value - target.upper, 0.0});
}

}  // namespace

WaveEmulators fit_wave_emulators(const std::vector<CalibrationParameter>& parameters,
                                 const std::vector<ParameterPoint>& points,
                                 const std::vector<std::vector<double>>& values, int replicates) {
  WaveEmulators wave;
  const std::size_t targets = values.empty() ? 0 : values.front().size();
  const std::size_t minimum = parameters.size() + 2;
  for (std::size_t t = 0; t < targets; ++t) {
    std::vector<std::size_t> usable;
    for (std::size_t i = 0; i < points.size(); ++i)
      if (std::isfinite(values[i][t])) usable.push_back(i);
    if (usable.size() < minimum) {
      wave.by_target.emplace_back();
      continue;
    }
    Eigen::MatrixXd x(static_cast<Eigen::Index>(usable.size()),
                      static_cast<Eigen::Index>(parameters.size()));
    Eigen::VectorXd y(static_cast<Eigen::Index>(usable.size()));
    for (std::size_t r = 0; r < usable.size(); ++r) {
      x.row(static_cast<Eigen::Index>(r)) =
          as_vector(unit_coordinates(parameters, points[usable[r]])).transpose();
      y(static_cast<Eigen::Index>(r)) = values[usable[r]][t];
    }
    wave.by_target.emplace_back(Emulator(x, y, replicates));
  }
  return wave;
}

double implausibility(const CalibrationTarget& target, const std::optional<Emulator>& emulator,
                      const Eigen::VectorXd& u) {
  if (!emulator) return 0.0;
  const EmulatorPrediction p = emulator->predict(u);
  const double observation = target.scale / 3.0;
  return outside(target, p.mean) /
         std::sqrt(p.variance + emulator->run_variance() + observation * observation);
}

namespace {

// implausibility() > cutoff, computing the emulator's variance only when the
// mean alone cannot decide (inside the region: 0; far outside: above the cut-off
// even with the largest variance).
bool implausible(const CalibrationTarget& target, const std::optional<Emulator>& emulator,
                 const Eigen::VectorXd& u, double cutoff) {
  if (!emulator) return false;
  const double distance = outside(target, emulator->predict_mean(u));
  if (distance == 0.0) return false;
  const double observation = target.scale / 3.0;
  const double fixed = emulator->run_variance() + observation * observation;
  if (distance / std::sqrt(emulator->process_variance() + fixed) > cutoff) return true;
  return implausibility(target, emulator, u) > cutoff;
}

}  // namespace

bool not_ruled_out(const std::vector<WaveEmulators>& waves,
                   const std::vector<CalibrationTarget>& targets, const Eigen::VectorXd& u,
                   double cutoff) {
  for (const auto& wave : waves)
    for (std::size_t t = 0; t < targets.size(); ++t)
      if (implausible(targets[t], wave.by_target[t], u, cutoff)) return false;
  return true;
}

NroySample sample_not_ruled_out(const std::vector<WaveEmulators>& waves,
                                const std::vector<CalibrationTarget>& targets,
                                const std::vector<CalibrationParameter>& parameters,
                                std::uint32_t count, double cutoff, std::uint64_t seed,
                                std::uint32_t wave, std::uint64_t max_candidates) {
  NroySample sample;
  const auto survives = [&](const ParameterPoint& point) {
    return not_ruled_out(waves, targets, as_vector(unit_coordinates(parameters, point)), cutoff);
  };
  for (std::uint64_t c = 0; c < max_candidates && sample.points.size() < count; ++c) {
    ParameterPoint point = prior_draw(parameters, seed, wave, static_cast<std::uint32_t>(c));
    ++sample.candidates;
    if (survives(point)) sample.points.push_back(std::move(point));
  }
  sample.from_prior = sample.points.size();
  sample.fraction = sample.candidates > 0 ? static_cast<double>(sample.from_prior) /
                                                static_cast<double>(sample.candidates)
                                          : 0.0;
  if (sample.points.empty() || sample.points.size() >= count) return sample;
  // Too few from the prior: move survivors (on the priors' probability scale) by
  // half the survivors' spread in each parameter.
  const RandomStreams streams(seed, wave);
  const std::size_t survivors = sample.points.size();
  std::vector<double> spread(parameters.size(), 0.05);
  if (survivors > 1)
    for (std::size_t j = 0; j < parameters.size(); ++j) {
      double sum = 0.0, squares = 0.0;
      for (const auto& point : sample.points) {
        const double u = parameters[j].prior.cdf(point[j]);
        sum += u;
        squares += u * u;
      }
      const double mean = sum / static_cast<double>(survivors);
      const double variance = squares / static_cast<double>(survivors) - mean * mean;
      spread[j] = std::clamp(0.5 * std::sqrt(std::max(variance, 0.0)), 1e-4, 0.1);
    }
  constexpr std::uint32_t kAttempts = 20;
  for (std::uint32_t i = 0; sample.points.size() < count && i < count * kAttempts; ++i) {
    const ParameterPoint& parent = sample.points[i % survivors];
    std::vector<double> u = unit_coordinates(parameters, parent);
    ParameterPoint moved(parameters.size());
    for (std::size_t j = 0; j < parameters.size(); ++j) {
      const double shifted = u[j] + spread[j] * streams.normal(i, static_cast<std::uint32_t>(j),
                                                               Purpose::calibration_proposal, 1);
      moved[j] = parameters[j].prior.quantile(std::clamp(shifted, 1e-9, 1.0 - 1e-9));
    }
    moved = finish_point(parameters, std::move(moved));
    if (survives(moved)) sample.points.push_back(std::move(moved));
  }
  return sample;
}

}  // namespace frontline
