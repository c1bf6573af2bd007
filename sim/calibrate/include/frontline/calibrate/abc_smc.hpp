#pragma once
// Approximate Bayesian computation by sequential Monte Carlo with adaptive
// tolerances (Lenormand, Jabot & Deffuant 2013, "adaptive population Monte
// Carlo ABC"; Beaumont et al. 2009 for the kernel and weights):
//   wave 0   N points from the priors (Latin hypercube); keep the alpha*N
//            nearest; the tolerance is the largest kept distance.
//   wave t   N - alpha*N proposals: a kept particle drawn by weight, moved by
//            a Gaussian kernel with twice the kept particles' weighted
//            covariance (in working space), redrawn if outside the prior;
//            importance weight prior / sum_j w_j K(theta | theta_j). The kept
//            and the new particles together: keep the alpha*N nearest again.
//            The acceptance rate is the share of proposals kept.
//   stop     when the acceptance rate falls below min_acceptance, the
//            tolerance reaches 0 (every kept particle meets every target),
//            or the next wave would exceed the budget.
// Pure functions of their inputs and Philox streams keyed by (seed, wave).
#include <cstdint>
#include <vector>

#include "frontline/calibrate/sampling.hpp"

namespace frontline {

struct Particle {
  ParameterPoint values;
  double weight = 1.0;
  double distance = 0.0;                 // root mean square of the target distances
  std::vector<double> target_distances;  // per target
  std::vector<double> target_values;     // per target, mean over the replicates
  std::uint32_t wave = 0;                // where it was simulated
  std::uint32_t point = 0;               // its point within that wave
};

struct AbcSelection {
  std::vector<Particle> kept;  // ordered by distance, then age
  double tolerance = 0.0;
  double acceptance = 1.0;  // share of this wave's new particles kept
  double ess = 0.0;         // effective sample size of the kept weights
};

// Combined distance of per-target distances: root mean square.
double combined_distance(const std::vector<double>& target_distances);

// Number kept per wave: ceil(alpha * particles), at least 1.
std::uint32_t kept_count(std::uint32_t particles, double alpha);

// Proposals for wave `wave` (>= 1) from the kept particles of the one before.
std::vector<ParameterPoint> abc_proposals(const std::vector<Particle>& kept,
                                          const std::vector<CalibrationParameter>& parameters,
                                          std::uint32_t count, std::uint64_t seed,
                                          std::uint32_t wave);

// Importance weights of new particles given the previous kept population.
void weigh_new_particles(std::vector<Particle>& fresh, const std::vector<Particle>& previous,
                         const std::vector<CalibrationParameter>& parameters);

// Keeps the `keep` nearest of previous + fresh (fresh weighed already).
AbcSelection abc_select(const std::vector<Particle>& previous, std::vector<Particle> fresh,
                        std::uint32_t keep);

double effective_sample_size(const std::vector<Particle>& particles);

}  // namespace frontline
