#pragma once
// Parameter points drawn from the priors, as pure functions of (seed, wave,
// index) through Philox streams, so every process computes the same points.
#include <cstdint>
#include <vector>

#include "frontline/calibrate/calibration_file.hpp"

namespace frontline {

using ParameterPoint = std::vector<double>;  // one value per parameter, natural scale

// Rounds integer parameters.
ParameterPoint finish_point(const std::vector<CalibrationParameter>& parameters,
                            ParameterPoint point);

// `count` points of a Latin hypercube on the priors' quantiles: every
// parameter's probability scale cut into `count` strata, each used once.
std::vector<ParameterPoint> latin_hypercube(const std::vector<CalibrationParameter>& parameters,
                                            std::uint32_t count, std::uint64_t seed,
                                            std::uint32_t wave);

// Point `index` drawn independently from the priors (stream `wave`).
ParameterPoint prior_draw(const std::vector<CalibrationParameter>& parameters, std::uint64_t seed,
                          std::uint32_t wave, std::uint32_t index);

// The priors' probability scale of a point (each coordinate in [0, 1]).
std::vector<double> unit_coordinates(const std::vector<CalibrationParameter>& parameters,
                                     const ParameterPoint& point);

}  // namespace frontline
