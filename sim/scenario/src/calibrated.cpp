#include "frontline/scenario/calibrated.hpp"

#include <algorithm>

#include "frontline/core/random.hpp"
#include "frontline/scenario/yaml_check.hpp"

namespace frontline {

std::size_t drawn_sample(const CalibratedParameters& calibrated, std::uint64_t seed,
                         std::uint32_t replicate) {
  double total = 0.0;
  for (const double w : calibrated.weights) total += w;
  const double u = RandomStreams(seed, replicate).uniform(0, 0, Purpose::parameter_draw) * total;
  double cumulative = 0.0;
  for (std::size_t i = 0; i < calibrated.weights.size(); ++i) {
    cumulative += calibrated.weights[i];
    if (u < cumulative) return i;
  }
  return calibrated.weights.empty() ? 0 : calibrated.weights.size() - 1;
}

std::vector<std::string> calibrated_overrides(const CalibratedParameters& calibrated,
                                              std::uint64_t seed, std::uint32_t replicate) {
  if (calibrated.empty() || calibrated.samples.empty()) return {};
  const auto& sample = calibrated.samples[drawn_sample(calibrated, seed, replicate)];
  std::vector<std::string> overrides;
  for (std::size_t j = 0; j < calibrated.paths.size(); ++j)
    overrides.push_back(calibrated.paths[j] + "=" + format_number(sample[j]));
  return overrides;
}

}  // namespace frontline
