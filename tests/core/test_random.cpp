#include <gtest/gtest.h>

#include <cmath>

#include "frontline/core/random.hpp"

namespace frontline {
namespace {

TEST(RandomStreams, SameKeySameBitsDifferentKeyDifferentBits) {
  const RandomStreams a(42, 0), b(42, 0), c(42, 1), d(43, 0);
  EXPECT_EQ(a.bits(3, 7, Purpose::combat_losses), b.bits(3, 7, Purpose::combat_losses));
  EXPECT_NE(a.bits(3, 7, Purpose::combat_losses), c.bits(3, 7, Purpose::combat_losses));
  EXPECT_NE(a.bits(3, 7, Purpose::combat_losses), d.bits(3, 7, Purpose::combat_losses));
  EXPECT_NE(a.bits(3, 7, Purpose::combat_losses), a.bits(3, 7, Purpose::civilians));
  EXPECT_NE(a.bits(3, 7, Purpose::combat_losses), a.bits(4, 7, Purpose::combat_losses));
}

TEST(RandomStreams, UniformAndPoissonHaveTheRightMoments) {
  const RandomStreams rng(7, 0);
  double sum = 0, poisson_sum = 0, large_sum = 0;
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    const double u = rng.uniform(0, static_cast<std::uint32_t>(i), Purpose::property_test);
    ASSERT_GT(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
    poisson_sum += static_cast<double>(
        rng.poisson(2.5, 1, static_cast<std::uint32_t>(i), Purpose::property_test));
    large_sum += static_cast<double>(
        rng.poisson(100.0, 2, static_cast<std::uint32_t>(i), Purpose::property_test));
  }
  EXPECT_NEAR(sum / n, 0.5, 0.01);
  EXPECT_NEAR(poisson_sum / n, 2.5, 0.05);
  EXPECT_NEAR(large_sum / n, 100.0, 0.5);
}

TEST(RandomStreams, BinomialStaysWithinTrials) {
  const RandomStreams rng(1, 0);
  double sum = 0;
  for (std::uint32_t i = 0; i < 5000; ++i) {
    const double k = rng.binomial(1000.0, 0.2, 0, i, Purpose::property_test);
    ASSERT_GE(k, 0.0);
    ASSERT_LE(k, 1000.0);
    sum += k;
  }
  EXPECT_NEAR(sum / 5000, 200.0, 1.0);
  EXPECT_EQ(rng.binomial(10.0, 0.0, 0, 0, Purpose::property_test), 0.0);
  EXPECT_EQ(rng.binomial(10.0, 1.0, 0, 0, Purpose::property_test), 10.0);
}

}  // namespace
}  // namespace frontline
