#include "frontline/calibrate/emulator.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace frontline {

namespace {

Eigen::RowVectorXd basis_row(const Eigen::VectorXd& x, bool linear) {
  Eigen::RowVectorXd row(linear ? x.size() + 1 : 1);
  row(0) = 1.0;
  if (linear) row.tail(x.size()) = x.transpose();
  return row;
}

}  // namespace

Emulator::Emulator(const Eigen::MatrixXd& inputs, const Eigen::VectorXd& outputs, int replicates)
    : inputs_(inputs), outputs_(outputs), replicates_(replicates) {
  const Eigen::Index n = inputs.rows();
  const Eigen::Index d = inputs.cols();
  const bool linear = n > 2 * (d + 1);
  basis_.resize(n, linear ? d + 1 : 1);
  for (Eigen::Index i = 0; i < n; ++i) basis_.row(i) = basis_row(inputs.row(i).transpose(), linear);
  beta_ = basis_.colPivHouseholderQr().solve(outputs);
  residuals_ = outputs - basis_ * beta_;
  process_variance_ = residuals_.squaredNorm() / static_cast<double>(n);
  if (!(process_variance_ > 1e-300)) process_variance_ = 1e-300;

  // Grid search: a common length scale, then each parameter's in turn.
  const double nuggets[] = {1e-6, 1e-2, 0.1, 0.3, 1.0};
  const double common[] = {0.1, 0.25, 0.5, 1.0, 2.0};
  const double factors[] = {0.25, 0.5, 2.0, 4.0, 16.0};
  double best = -std::numeric_limits<double>::infinity();
  Eigen::VectorXd best_lengths = Eigen::VectorXd::Constant(d, 0.35);
  double best_nugget = 0.01;
  for (const double l : common)
    for (const double g : nuggets) {
      const Eigen::VectorXd lengths = Eigen::VectorXd::Constant(d, l);
      const double score = fit(lengths, g);
      if (score > best) {
        best = score;
        best_lengths = lengths;
        best_nugget = g;
      }
    }
  for (Eigen::Index j = 0; j < d; ++j) {
    const double base = best_lengths(j);
    for (const double f : factors) {
      Eigen::VectorXd lengths = best_lengths;
      lengths(j) = std::clamp(base * f, 0.02, 50.0);
      const double score = fit(lengths, best_nugget);
      if (score > best + 1e-9) {
        best = score;
        best_lengths = lengths;
      }
    }
  }
  fit(best_lengths, best_nugget);
}

double Emulator::fit(const Eigen::VectorXd& lengths, double nugget) {
  lengths_ = lengths;
  nugget_ = nugget;
  scaled_ = inputs_.transpose().array().colwise() / lengths_.array();
  const Eigen::Index n = inputs_.rows();
  Eigen::MatrixXd c(n, n);
  for (Eigen::Index i = 0; i < n; ++i) {
    c.col(i) = (-0.5 * (scaled_.colwise() - scaled_.col(i)).colwise().squaredNorm().array())
                   .exp()
                   .transpose();
    c(i, i) = 1.0 + nugget;
  }
  llt_.compute(c);
  if (llt_.info() != Eigen::Success) return -std::numeric_limits<double>::infinity();
  alpha_ = llt_.solve(residuals_);
  // Profile the process variance: sigma^2 = r' C^-1 r / n.
  const double quadratic = residuals_.dot(alpha_);
  process_variance_ = std::max(quadratic / static_cast<double>(n), 1e-300);
  double log_det = 0.0;
  const Eigen::MatrixXd lower = llt_.matrixL();
  for (Eigen::Index i = 0; i < n; ++i) log_det += 2.0 * std::log(lower(i, i));
  run_variance_ = process_variance_ * nugget * replicates_;
  return -0.5 * static_cast<double>(n) * std::log(process_variance_) - 0.5 * log_det;
}

Eigen::VectorXd Emulator::correlations(const Eigen::VectorXd& x) const {
  const Eigen::VectorXd xs = x.cwiseQuotient(lengths_);
  return (-0.5 * (scaled_.colwise() - xs).colwise().squaredNorm().array()).exp().transpose();
}

double Emulator::predict_mean(const Eigen::VectorXd& x) const {
  return (basis_row(x, beta_.size() > 1) * beta_)(0) + correlations(x).dot(alpha_);
}

EmulatorPrediction Emulator::predict(const Eigen::VectorXd& x) const {
  const Eigen::VectorXd k = correlations(x);
  EmulatorPrediction p;
  p.mean = (basis_row(x, beta_.size() > 1) * beta_)(0) + k.dot(alpha_);
  // 1 - k' C^-1 k = 1 - |L^-1 k|^2
  const Eigen::VectorXd v = llt_.matrixL().solve(k);
  p.variance = std::max(process_variance_ * (1.0 - v.squaredNorm()), 0.0);
  return p;
}

}  // namespace frontline
