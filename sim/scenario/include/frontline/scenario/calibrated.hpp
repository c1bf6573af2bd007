#pragma once
// A calibrated variant's parameters: the posterior of `frontline calibrate`
// as weighted samples (scenario key `calibrated:`, docs/calibration.md). Each
// replicate draws one sample by weight from a Philox stream keyed by (seed,
// replicate, parameter_draw) and runs with its values as --set overrides, so a
// what-if comparison carries parameter uncertainty as well as chance.
#include <cstdint>
#include <string>
#include <vector>

namespace frontline {

struct CalibratedParameters {
  std::vector<std::string> paths;            // --set paths
  std::vector<double> weights;               // one per sample, >= 0, sum > 0
  std::vector<std::vector<double>> samples;  // one value per path
  bool empty() const { return paths.empty(); }
};

// The sample replicate `replicate` of a run with `seed` draws.
std::size_t drawn_sample(const CalibratedParameters& calibrated, std::uint64_t seed,
                         std::uint32_t replicate);

// Its values as --set overrides ("path=value"); empty if nothing is calibrated.
std::vector<std::string> calibrated_overrides(const CalibratedParameters& calibrated,
                                              std::uint64_t seed, std::uint32_t replicate);

}  // namespace frontline
