#pragma once
// History matching with emulators (Vernon, Goldstein & Bower 2010; Andrianakis
// et al. 2015): each wave runs its design points, fits an emulator per target
// on them, and rules out the parameter space whose implausibility
//   I = distance of the emulator's mean outside the target's region
//       / sqrt(emulator variance + one run's variance + (scale / 3)^2)
// exceeds the cut-off (3) for any target under any wave's emulators. A value
// one scale outside the region is implausibility 3 when the emulator is sure.
// The next wave's points are drawn from what is left (not ruled out yet).
#include <cstdint>
#include <optional>
#include <vector>

#include "frontline/calibrate/emulator.hpp"
#include "frontline/calibrate/sampling.hpp"
#include "frontline/calibrate/target.hpp"

namespace frontline {

// One wave's emulators, one per target (none where too few runs gave a value).
struct WaveEmulators {
  std::vector<std::optional<Emulator>> by_target;
};

// `values[i][t]`: point i's mean comparable value of target t over the
// replicates (NaN if no replicate gave one).
WaveEmulators fit_wave_emulators(const std::vector<CalibrationParameter>& parameters,
                                 const std::vector<ParameterPoint>& points,
                                 const std::vector<std::vector<double>>& values, int replicates);

// Implausibility of target t at unit coordinates `u` (0 without an emulator).
double implausibility(const CalibrationTarget& target, const std::optional<Emulator>& emulator,
                      const Eigen::VectorXd& u);

// Whether the point survives every wave's emulators (every target <= cutoff).
bool not_ruled_out(const std::vector<WaveEmulators>& waves,
                   const std::vector<CalibrationTarget>& targets, const Eigen::VectorXd& u,
                   double cutoff);

struct NroySample {
  std::vector<ParameterPoint> points;
  std::uint64_t candidates = 0;  // prior draws tested
  std::uint64_t from_prior = 0;  // of which not ruled out
  double fraction = 0.0;         // from_prior / candidates: the space left, of the prior's
};

// `count` points not ruled out: prior draws (stream `wave`), then, if too few
// survive among `max_candidates`, Gaussian moves of the survivors.
NroySample sample_not_ruled_out(const std::vector<WaveEmulators>& waves,
                                const std::vector<CalibrationTarget>& targets,
                                const std::vector<CalibrationParameter>& parameters,
                                std::uint32_t count, double cutoff, std::uint64_t seed,
                                std::uint32_t wave, std::uint64_t max_candidates);

}  // namespace frontline
