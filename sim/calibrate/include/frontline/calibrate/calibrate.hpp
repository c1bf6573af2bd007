#pragma once
// The calibration loop, independent of how runs are executed: waves of
// parameter points go to a WaveRunner (the sweep machinery, or a fake in
// tests), their target values come back, and ABC-SMC or history matching
// decides the next wave, until the method stops or the budget is spent.
// Deterministic: the same settings and runner results give the same result.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "frontline/calibrate/abc_smc.hpp"
#include "frontline/calibrate/calibration_file.hpp"
#include "frontline/calibrate/history_matching.hpp"
#include "frontline/calibrate/target.hpp"

namespace frontline {

struct CalibrationSettings {
  CalibrationMethod method = CalibrationMethod::abc_smc;
  std::vector<CalibrationParameter> parameters;
  std::vector<CalibrationTarget> targets;
  double horizon_days = 0.0;  // the scenario's length, for "never captured"
  std::uint64_t budget = 0;
  std::uint32_t particles = 100;
  std::uint32_t replicates = 1;
  std::uint64_t seed = 0;
  double alpha = 0.5;
  double min_acceptance = 0.05;
  std::uint32_t waves = 5;
  double cutoff = 3.0;
  std::uint32_t posterior_samples = 1000;  // history matching: points drawn from the final space
};

// Settings from a file and the resolved targets.
CalibrationSettings settings_from(const CalibrationSpec& spec,
                                  std::vector<CalibrationTarget> targets, double horizon_days,
                                  std::uint64_t seed);

// What a wave's runs gave: values[point][replicate][target], the raw target
// values (NaN for a failed run).
struct WaveOutcome {
  std::vector<std::vector<std::vector<double>>> values;
  std::uint64_t failed = 0;
};
// Runs `points` x replicates as wave `wave`; run (point i, replicate r) uses
// random-stream replicate key first_stream + i * replicates + r.
using WaveRunner = std::function<WaveOutcome(
    std::uint32_t wave, const std::vector<ParameterPoint>& points, std::uint64_t first_stream)>;

struct WaveDiagnostics {
  std::uint32_t wave = 0;
  double tolerance = 0.0;   // ABC: the wave's tolerance; history matching: the cut-off
  double acceptance = 0.0;  // ABC: share of proposals kept; HM: share of the prior not ruled out
  double ess = 0.0;         // effective sample size of the population after the wave
  std::uint64_t runs = 0;   // simulations of this wave
  std::uint64_t runs_total = 0;
  std::uint64_t failed = 0;
  std::uint32_t points = 0;
};

struct SimulatedPoint {
  std::uint32_t wave = 0;
  std::uint32_t point = 0;
  std::uint64_t first_stream = 0;
  ParameterPoint values;
  std::vector<double> target_values;  // mean comparable value over the replicates
};

struct CalibrationResult {
  std::vector<Particle> samples;  // weights sum to 1; HM: distances are implausibilities
  std::vector<WaveDiagnostics> waves;
  std::vector<SimulatedPoint> points;  // every simulated point, in wave order
  std::string stopped;                 // why the method stopped
  std::uint64_t runs = 0;
};

CalibrationResult calibrate(const CalibrationSettings& settings, const WaveRunner& runner);

// The q-quantile (0..1) of weighted values (weights need not sum to 1).
double weighted_quantile(std::vector<double> values, std::vector<double> weights, double q);

}  // namespace frontline
