#include "frontline/core/random.hpp"

#include <Random123/philox.h>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace frontline {

std::array<std::uint32_t, 4> RandomStreams::bits(std::uint32_t step, std::uint32_t agent,
                                                 Purpose purpose, std::uint32_t n) const {
  using Philox = r123::Philox4x32;
  const Philox::key_type key = {
      {static_cast<std::uint32_t>(seed_), static_cast<std::uint32_t>(seed_ >> 32)}};
  const Philox::ctr_type counter = {
      {replicate_, step, agent, (static_cast<std::uint32_t>(purpose) << 20) ^ n}};
  const Philox::ctr_type out = Philox{}(counter, key);
  return {out[0], out[1], out[2], out[3]};
}

namespace {
// (0, 1) from 64 bits: never 0, never 1.
double to_open_unit(std::uint32_t hi, std::uint32_t lo) {
  const std::uint64_t word = (static_cast<std::uint64_t>(hi) << 32 | lo) >> 11;
  return (static_cast<double>(word) + 0.5) * 0x1.0p-53;
}
}  // namespace

double RandomStreams::uniform(std::uint32_t step, std::uint32_t agent, Purpose purpose,
                              std::uint32_t n) const {
  const auto b = bits(step, agent, purpose, n);
  return to_open_unit(b[0], b[1]);
}

double RandomStreams::normal(std::uint32_t step, std::uint32_t agent, Purpose purpose,
                             std::uint32_t n) const {
  const auto b = bits(step, agent, purpose, n);
  const double u1 = to_open_unit(b[0], b[1]);
  const double u2 = to_open_unit(b[2], b[3]);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

std::uint64_t RandomStreams::poisson(double mean, std::uint32_t step, std::uint32_t agent,
                                     Purpose purpose) const {
  if (!(mean > 0.0)) return 0;
  if (mean >= 30.0) {
    const double x = mean + std::sqrt(mean) * normal(step, agent, purpose, 0);
    return static_cast<std::uint64_t>(std::max(0.0, std::round(x)));
  }
  // Inversion: walk the CDF with one uniform.
  const double u = uniform(step, agent, purpose, 0);
  double p = std::exp(-mean);
  double cdf = p;
  std::uint64_t k = 0;
  while (u > cdf && k < 200) {
    ++k;
    p *= mean / static_cast<double>(k);
    cdf += p;
  }
  return k;
}

double RandomStreams::binomial(double trials, double p, std::uint32_t step, std::uint32_t agent,
                               Purpose purpose) const {
  if (!(trials > 0.0) || !(p > 0.0)) return 0.0;
  if (p >= 1.0) return trials;
  const double mean = trials * p;
  const double variance = mean * (1.0 - p);
  if (trials > 64.0) {
    const double x = mean + std::sqrt(variance) * normal(step, agent, purpose, 0);
    return std::clamp(std::round(x), 0.0, std::floor(trials));
  }
  double successes = 0.0;
  const auto whole = static_cast<std::uint32_t>(std::floor(trials));
  for (std::uint32_t i = 0; i < whole; ++i)
    if (uniform(step, agent, purpose, i) < p) successes += 1.0;
  return successes;
}

}  // namespace frontline
