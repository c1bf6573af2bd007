#pragma once
// All randomness: Random123 Philox4x32-10, a counter-based generator. A draw is
// a pure function of (seed, replicate, step, agent, purpose, n), so results do
// not depend on thread count, rank count, or the order in which runs execute.
#include <array>
#include <cstdint>

namespace frontline {

// Why a number is drawn. Distinct purposes give independent streams.
enum class Purpose : std::uint32_t {
  combat_losses = 1,
  casualty_split = 2,
  ceasefire_violation = 3,
  violation_target = 4,
  airstrike = 5,
  civilians = 6,
  decisions = 7,
  desertion = 8,
  air_sorties = 9,
  airstrike_moving = 10,
  defection = 11,
  truce = 12,
  calibration_design = 13,    // a calibration's first wave (Latin hypercube)
  calibration_proposal = 14,  // ABC-SMC perturbations, history-matching candidates
  parameter_draw = 15,        // a calibrated variant's parameters, per replicate
  property_test = 250,
  benchmark = 251,
};

class RandomStreams {
 public:
  RandomStreams(std::uint64_t seed, std::uint32_t replicate) : seed_(seed), replicate_(replicate) {}

  // Four independent 32-bit words for the key.
  std::array<std::uint32_t, 4> bits(std::uint32_t step, std::uint32_t agent, Purpose purpose,
                                    std::uint32_t n = 0) const;
  // Uniform in the open interval (0, 1).
  double uniform(std::uint32_t step, std::uint32_t agent, Purpose purpose,
                 std::uint32_t n = 0) const;
  // Standard normal (Box-Muller on two words of one draw).
  double normal(std::uint32_t step, std::uint32_t agent, Purpose purpose,
                std::uint32_t n = 0) const;
  // Poisson with the given mean: inversion below 30, rounded normal above.
  // Uses draws n, n+1, ... of the key; never more than 64 of them.
  std::uint64_t poisson(double mean, std::uint32_t step, std::uint32_t agent,
                        Purpose purpose) const;
  // Binomial(trials, p), by normal approximation for large trials and by
  // summing Bernoulli draws otherwise.
  double binomial(double trials, double p, std::uint32_t step, std::uint32_t agent,
                  Purpose purpose) const;

  std::uint64_t seed() const { return seed_; }
  std::uint32_t replicate() const { return replicate_; }

 private:
  std::uint64_t seed_;
  std::uint32_t replicate_;
};

}  // namespace frontline
