// Priors (quantiles, densities, supports) and target distances, against
// hand-computed values.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "frontline/calibrate/prior.hpp"
#include "frontline/calibrate/target.hpp"

namespace frontline {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(Prior, UniformQuantileCdfAndDensity) {
  const Prior p = Prior::uniform(2.0, 6.0);
  EXPECT_DOUBLE_EQ(p.quantile(0.25), 3.0);
  EXPECT_DOUBLE_EQ(p.cdf(5.0), 0.75);
  EXPECT_DOUBLE_EQ(p.working_density(4.0), 0.25);
  EXPECT_DOUBLE_EQ(p.working_density(7.0), 0.0);
  EXPECT_EQ(p.describe(), "uniform(2, 6)");
}

TEST(Prior, LogUniformWorksInLogSpace) {
  const Prior p = Prior::log_uniform(1.0, 100.0);
  EXPECT_NEAR(p.quantile(0.5), 10.0, 1e-12);
  EXPECT_NEAR(p.cdf(10.0), 0.5, 1e-12);
  EXPECT_NEAR(p.to_working(10.0), std::log(10.0), 1e-15);
  EXPECT_NEAR(p.working_density(std::log(10.0)), 1.0 / std::log(100.0), 1e-12);
}

TEST(Prior, NormalQuantilesAreTheTextbookOnes) {
  const Prior p = Prior::normal(10.0, 2.0);
  EXPECT_NEAR(p.quantile(0.975), 10.0 + 2.0 * 1.959963985, 1e-6);
  EXPECT_NEAR(p.cdf(10.0), 0.5, 1e-12);
  EXPECT_NEAR(p.working_density(10.0), 1.0 / (2.0 * std::sqrt(2.0 * M_PI)), 1e-12);
  EXPECT_TRUE(p.in_support(-1e9));
}

TEST(Prior, TruncatedNormalStaysInsideAndRenormalises) {
  // Half a standard normal: [0, inf).
  const Prior p = Prior::truncated_normal(0.0, 1.0, 0.0, kInf);
  EXPECT_NEAR(p.truncated_mass(), 0.5, 1e-12);
  EXPECT_NEAR(p.quantile(0.5), 0.6744897502, 1e-8);  // median of the half-normal
  EXPECT_NEAR(p.working_density(0.0), 2.0 / std::sqrt(2.0 * M_PI), 1e-12);
  for (double u = 0.001; u < 1.0; u += 0.05) EXPECT_GE(p.quantile(u), 0.0);
  EXPECT_FALSE(p.in_support(-0.1));
}

CalibrationTarget target(TargetForm form, double lower, double upper, double scale) {
  CalibrationTarget t;
  t.form = form;
  t.lower = lower;
  t.upper = upper;
  t.scale = scale;
  return t;
}

TEST(Target, IntervalDistanceIsZeroInsideAndScaledOutside) {
  const auto t = target(TargetForm::interval, 100, 300, 100);
  EXPECT_DOUBLE_EQ(target_distance(t, 150, 200), 0.0);
  EXPECT_DOUBLE_EQ(target_distance(t, 50, 200), 0.5);
  EXPECT_DOUBLE_EQ(target_distance(t, 500, 200), 2.0);
  EXPECT_EQ(target_distance(t, std::nan(""), 200), kInf);
}

TEST(Target, DefaultScales) {
  EXPECT_DOUBLE_EQ(default_interval_scale(100, 300), 100.0);
  EXPECT_DOUBLE_EQ(default_interval_scale(925, kInf), 92.5);
  EXPECT_DOUBLE_EQ(default_interval_scale(-kInf, 0.3), 0.03);
  EXPECT_DOUBLE_EQ(default_interval_scale(0, kInf), 1.0);
}

TEST(Target, CaptureDatesTreatNeverAsTheDayAfterTheHorizon) {
  const auto date = target(TargetForm::capture_date, 40, 40, 7);
  EXPECT_DOUBLE_EQ(target_distance(date, 47, 100), 1.0);
  EXPECT_DOUBLE_EQ(target_distance(date, kInf, 100), 61.0 / 7.0);  // never: day 101
  const auto never = target(TargetForm::never, 101, kInf, 7);
  EXPECT_DOUBLE_EQ(target_distance(never, kInf, 100), 0.0);
  EXPECT_DOUBLE_EQ(target_distance(never, 87, 100), 2.0);
  // A plain interval does not map infinity.
  const auto plain = target(TargetForm::interval, 0, 10, 1);
  EXPECT_EQ(target_distance(plain, kInf, 100), kInf);
}

}  // namespace
}  // namespace frontline
