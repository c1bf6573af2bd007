#pragma once
// A Gaussian-process emulator of one simulated quantity over the parameters'
// probability scale ([0, 1]^D): a linear regression mean plus a squared-
// exponential process on its residuals, with a nugget for the model's own
// randomness. Hyperparameters (a length scale per parameter, the nugget) are
// chosen on a fixed grid by the marginal likelihood, so fits are
// deterministic.
#include <Eigen/Dense>
#include <vector>

namespace frontline {

struct EmulatorPrediction {
  double mean = 0.0;
  double variance = 0.0;  // of the emulator's mean (code uncertainty)
};

class Emulator {
 public:
  // Rows of `inputs` are points (unit coordinates); `outputs` their simulated
  // values (the mean over `replicates` runs). Needs at least 2 points.
  Emulator(const Eigen::MatrixXd& inputs, const Eigen::VectorXd& outputs, int replicates);

  EmulatorPrediction predict(const Eigen::VectorXd& x) const;
  // The mean alone (cheaper: no variance).
  double predict_mean(const Eigen::VectorXd& x) const;
  // The largest variance any prediction can have (the process variance).
  double process_variance() const { return process_variance_; }
  // The variance of one run about the emulator's mean (the nugget, per run).
  double run_variance() const { return run_variance_; }
  const Eigen::VectorXd& length_scales() const { return lengths_; }

 private:
  Eigen::VectorXd correlations(const Eigen::VectorXd& x) const;
  double fit(const Eigen::VectorXd& lengths, double nugget);  // log marginal likelihood

  Eigen::MatrixXd inputs_;
  Eigen::VectorXd outputs_;
  Eigen::MatrixXd basis_;      // regression basis at the inputs
  Eigen::VectorXd beta_;       // regression coefficients
  Eigen::VectorXd residuals_;  // outputs - basis * beta
  Eigen::VectorXd lengths_;
  Eigen::MatrixXd scaled_;  // inputs divided by the length scales, one column per point
  double nugget_ = 0.0;     // relative to the process variance
  double process_variance_ = 0.0;
  double run_variance_ = 0.0;
  int replicates_ = 1;
  Eigen::LLT<Eigen::MatrixXd> llt_;
  Eigen::VectorXd alpha_;  // K^-1 residuals
};

}  // namespace frontline
