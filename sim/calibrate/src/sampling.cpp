#include "frontline/calibrate/sampling.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "frontline/core/random.hpp"

namespace frontline {

ParameterPoint finish_point(const std::vector<CalibrationParameter>& parameters,
                            ParameterPoint point) {
  for (std::size_t j = 0; j < parameters.size(); ++j)
    if (parameters[j].integer) point[j] = std::round(point[j]);
  return point;
}

std::vector<ParameterPoint> latin_hypercube(const std::vector<CalibrationParameter>& parameters,
                                            std::uint32_t count, std::uint64_t seed,
                                            std::uint32_t wave) {
  const RandomStreams streams(seed, wave);
  std::vector<ParameterPoint> points(count, ParameterPoint(parameters.size()));
  for (std::size_t j = 0; j < parameters.size(); ++j) {
    const auto agent = static_cast<std::uint32_t>(j);
    // A permutation of the strata: sort by independent uniforms.
    std::vector<double> keys(count);
    for (std::uint32_t i = 0; i < count; ++i)
      keys[i] = streams.uniform(i, agent, Purpose::calibration_design, 0);
    std::vector<std::uint32_t> stratum(count);
    std::iota(stratum.begin(), stratum.end(), 0u);
    std::stable_sort(stratum.begin(), stratum.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return keys[a] < keys[b]; });
    for (std::uint32_t i = 0; i < count; ++i) {
      const double u = (stratum[i] + streams.uniform(i, agent, Purpose::calibration_design, 1)) /
                       static_cast<double>(count);
      points[i][j] = parameters[j].prior.quantile(std::clamp(u, 1e-12, 1.0 - 1e-12));
    }
  }
  for (auto& p : points) p = finish_point(parameters, std::move(p));
  return points;
}

ParameterPoint prior_draw(const std::vector<CalibrationParameter>& parameters, std::uint64_t seed,
                          std::uint32_t wave, std::uint32_t index) {
  const RandomStreams streams(seed, wave);
  ParameterPoint point(parameters.size());
  for (std::size_t j = 0; j < parameters.size(); ++j)
    point[j] = parameters[j].prior.quantile(
        streams.uniform(index, static_cast<std::uint32_t>(j), Purpose::calibration_proposal, 0));
  return finish_point(parameters, std::move(point));
}

std::vector<double> unit_coordinates(const std::vector<CalibrationParameter>& parameters,
                                     const ParameterPoint& point) {
  std::vector<double> u(parameters.size());
  for (std::size_t j = 0; j < parameters.size(); ++j) u[j] = parameters[j].prior.cdf(point[j]);
  return u;
}

}  // namespace frontline
