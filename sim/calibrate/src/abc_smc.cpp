#include "frontline/calibrate/abc_smc.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "frontline/core/random.hpp"

namespace frontline {

namespace {

// The perturbation kernel: N(0, 2 * weighted covariance) in working space.
struct Kernel {
  Eigen::MatrixXd lower;  // Cholesky factor of the covariance
  double log_normaliser = 0.0;
};

Eigen::VectorXd working(const std::vector<CalibrationParameter>& parameters,
                        const ParameterPoint& point) {
  Eigen::VectorXd z(static_cast<Eigen::Index>(parameters.size()));
  for (std::size_t j = 0; j < parameters.size(); ++j)
    z(static_cast<Eigen::Index>(j)) = parameters[j].prior.to_working(point[j]);
  return z;
}

// A scale per parameter for the covariance floor: the prior's central 90%.
double prior_spread(const Prior& prior) {
  return std::abs(prior.to_working(prior.quantile(0.95)) - prior.to_working(prior.quantile(0.05)));
}

Kernel make_kernel(const std::vector<Particle>& population,
                   const std::vector<CalibrationParameter>& parameters) {
  const auto d = static_cast<Eigen::Index>(parameters.size());
  double total = 0.0;
  Eigen::VectorXd mean = Eigen::VectorXd::Zero(d);
  for (const auto& p : population) {
    mean += p.weight * working(parameters, p.values);
    total += p.weight;
  }
  mean /= total;
  Eigen::MatrixXd covariance = Eigen::MatrixXd::Zero(d, d);
  for (const auto& p : population) {
    const Eigen::VectorXd x = working(parameters, p.values) - mean;
    covariance += p.weight * x * x.transpose();
  }
  covariance *= 2.0 / total;
  for (Eigen::Index j = 0; j < d; ++j) {
    const double floor = 1e-6 * prior_spread(parameters[static_cast<std::size_t>(j)].prior);
    covariance(j, j) += floor * floor + 1e-300;
  }
  Kernel kernel;
  const Eigen::LLT<Eigen::MatrixXd> llt(covariance);
  kernel.lower = llt.matrixL();
  double log_det = 0.0;
  for (Eigen::Index j = 0; j < d; ++j) log_det += 2.0 * std::log(kernel.lower(j, j));
  kernel.log_normaliser =
      -0.5 * (static_cast<double>(d) * std::log(2.0 * std::numbers::pi) + log_det);
  return kernel;
}

double log_kernel(const Kernel& kernel, const Eigen::VectorXd& difference) {
  const Eigen::VectorXd y = kernel.lower.triangularView<Eigen::Lower>().solve(difference);
  return kernel.log_normaliser - 0.5 * y.squaredNorm();
}

}  // namespace

double combined_distance(const std::vector<double>& target_distances) {
  if (target_distances.empty()) return 0.0;
  double sum = 0.0;
  for (const double d : target_distances) sum += d * d;
  return std::sqrt(sum / static_cast<double>(target_distances.size()));
}

std::uint32_t kept_count(std::uint32_t particles, double alpha) {
  const auto keep = static_cast<std::uint32_t>(std::ceil(alpha * particles - 1e-9));
  return std::clamp<std::uint32_t>(keep, 1, particles - 1);
}

std::vector<ParameterPoint> abc_proposals(const std::vector<Particle>& kept,
                                          const std::vector<CalibrationParameter>& parameters,
                                          std::uint32_t count, std::uint64_t seed,
                                          std::uint32_t wave) {
  const Kernel kernel = make_kernel(kept, parameters);
  std::vector<double> cumulative;
  double total = 0.0;
  for (const auto& p : kept) cumulative.push_back(total += p.weight);
  const RandomStreams streams(seed, wave);
  const auto d = parameters.size();
  constexpr std::uint32_t kAttempts = 1000;
  std::vector<ParameterPoint> proposals;
  for (std::uint32_t i = 0; i < count; ++i) {
    ParameterPoint chosen;
    for (std::uint32_t attempt = 0; attempt < kAttempts && chosen.empty(); ++attempt) {
      // Draw n = attempt * (d + 1): the parent; n + 1 + j: the kernel's normals.
      const std::uint32_t n = attempt * static_cast<std::uint32_t>(d + 1);
      const double u = streams.uniform(i, 0, Purpose::calibration_proposal, n) * total;
      const auto parent = static_cast<std::size_t>(std::min<std::ptrdiff_t>(
          std::upper_bound(cumulative.begin(), cumulative.end(), u) - cumulative.begin(),
          static_cast<std::ptrdiff_t>(kept.size()) - 1));
      Eigen::VectorXd xi(static_cast<Eigen::Index>(d));
      for (std::size_t j = 0; j < d; ++j)
        xi(static_cast<Eigen::Index>(j)) =
            streams.normal(i, static_cast<std::uint32_t>(j) + 1, Purpose::calibration_proposal, n);
      const Eigen::VectorXd z = working(parameters, kept[parent].values) + kernel.lower * xi;
      ParameterPoint point(d);
      bool inside = true;
      for (std::size_t j = 0; j < d; ++j) {
        point[j] = parameters[j].prior.from_working(z(static_cast<Eigen::Index>(j)));
        inside = inside && parameters[j].prior.in_support(point[j]);
      }
      if (inside) chosen = finish_point(parameters, std::move(point));
      if (!inside && attempt + 1 == kAttempts) chosen = kept[parent].values;
    }
    proposals.push_back(std::move(chosen));
  }
  return proposals;
}

void weigh_new_particles(std::vector<Particle>& fresh, const std::vector<Particle>& previous,
                         const std::vector<CalibrationParameter>& parameters) {
  const Kernel kernel = make_kernel(previous, parameters);
  double total = 0.0;
  for (const auto& p : previous) total += p.weight;
  for (auto& particle : fresh) {
    const Eigen::VectorXd z = working(parameters, particle.values);
    double log_prior = 0.0;
    for (std::size_t j = 0; j < parameters.size(); ++j)
      log_prior += std::log(parameters[j].prior.working_density(z(static_cast<Eigen::Index>(j))));
    // log sum_j (w_j / W) K(z - z_j), stably.
    std::vector<double> terms;
    double largest = -std::numeric_limits<double>::infinity();
    for (const auto& p : previous) {
      terms.push_back(std::log(p.weight / total) +
                      log_kernel(kernel, z - working(parameters, p.values)));
      largest = std::max(largest, terms.back());
    }
    double sum = 0.0;
    for (const double t : terms) sum += std::exp(t - largest);
    const double log_weight = log_prior - (largest + std::log(sum));
    particle.weight = std::isfinite(log_weight) ? std::exp(log_weight) : 0.0;
  }
}

AbcSelection abc_select(const std::vector<Particle>& previous, std::vector<Particle> fresh,
                        std::uint32_t keep) {
  std::vector<Particle> all = previous;
  const std::size_t fresh_start = all.size();
  for (auto& p : fresh) all.push_back(std::move(p));
  std::vector<std::size_t> order(all.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  // Older particles first among equal distances, so a selection is stable.
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return all[a].distance < all[b].distance; });
  AbcSelection selection;
  const std::size_t kept = std::min<std::size_t>(keep, all.size());
  std::size_t fresh_kept = 0;
  for (std::size_t i = 0; i < kept; ++i) {
    if (order[i] >= fresh_start) ++fresh_kept;
    selection.kept.push_back(all[order[i]]);
  }
  selection.tolerance = kept > 0 ? selection.kept.back().distance : 0.0;
  const std::size_t fresh_count = all.size() - fresh_start;
  selection.acceptance =
      fresh_count > 0 ? static_cast<double>(fresh_kept) / static_cast<double>(fresh_count) : 0.0;
  // Weights stay unnormalised: each is prior / proposal density, so kept and
  // new particles' weights are on the same scale.
  selection.ess = effective_sample_size(selection.kept);
  return selection;
}

double effective_sample_size(const std::vector<Particle>& particles) {
  double sum = 0.0, squares = 0.0;
  for (const auto& p : particles) {
    sum += p.weight;
    squares += p.weight * p.weight;
  }
  return squares > 0 ? sum * sum / squares : 0.0;
}

}  // namespace frontline
