#include <gtest/gtest.h>

#include <cmath>

#include "frontline/engine/simulation.hpp"
#include "random_specs.hpp"

namespace frontline {
namespace {

constexpr std::uint32_t kSpecs = 200;

double total_population(const RunRecord& r, int t) {
  double sum = 0.0;
  for (std::size_t n = 0; n < r.nodes.size(); ++n) sum += r.population[r.tn(t, n)];
  return sum;
}

TEST(Properties, HoldOverManyRandomScenarios) {
  int replicates_differ = 0;
  int with_casualties = 0;
  for (std::uint32_t s = 0; s < kSpecs; ++s) {
    SCOPED_TRACE("random spec " + std::to_string(s));
    const ScenarioSpec spec = testing::random_spec(s);
    const RunRecord r = run_scenario(spec, 17, 0, true);
    const auto F = static_cast<int>(r.factions.size());
    const double people = total_population(r, 0);
    for (int t = 0; t < r.time_points; ++t) {
      ASSERT_NEAR(total_population(r, t), people, 1e-6 * std::max(1.0, people)) << "t=" << t;
      for (std::size_t n = 0; n < r.nodes.size(); ++n) {
        const auto at = r.tn(t, n);
        ASSERT_GE(r.control[at], -1);
        ASSERT_LT(r.control[at], F);
        ASSERT_GE(r.humanitarian[at], 0.0f);
        ASSERT_LE(r.humanitarian[at], 1.0f);
        ASSERT_GE(r.supply[at], 0.0f);
        ASSERT_GE(r.displaced[at], -1e-6);
        ASSERT_LE(r.oil_output[at], 1e7);
        for (int f = 0; f < F; ++f)
          ASSERT_GE(r.strength[r.tfn(t, static_cast<std::size_t>(f), n)], 0.0f);
      }
      for (int f = 0; f < F; ++f) {
        const auto at = r.tf(t, static_cast<std::size_t>(f));
        ASSERT_GE(r.killed[at], 0.0);
        ASSERT_GE(r.wounded[at], 0.0);
        if (t > 0) {
          ASSERT_GE(r.killed[at], r.killed[r.tf(t - 1, static_cast<std::size_t>(f))]);
          ASSERT_GE(r.wounded[at], r.wounded[r.tf(t - 1, static_cast<std::size_t>(f))]);
        }
      }
      if (t > 0) {
        ASSERT_GE(r.oil_revenue[static_cast<std::size_t>(t)],
                  r.oil_revenue[static_cast<std::size_t>(t - 1)]);
        ASSERT_GE(r.oil_loss[static_cast<std::size_t>(t)],
                  r.oil_loss[static_cast<std::size_t>(t - 1)]);
      }
    }
    for (const auto& e : r.events) {
      ASSERT_GE(e.time_index, 0);
      ASSERT_LT(e.time_index, r.time_points - 1);
    }

    // Same seed, same bits.
    const RunRecord again = run_scenario(spec, 17, 0, true);
    ASSERT_EQ(r.control, again.control);
    ASSERT_EQ(r.strength, again.strength);
    ASSERT_EQ(r.killed, again.killed);
    ASSERT_EQ(r.wounded, again.wounded);
    ASSERT_EQ(r.population, again.population);
    ASSERT_EQ(r.humanitarian, again.humanitarian);
    ASSERT_EQ(r.oil_revenue, again.oil_revenue);
    ASSERT_EQ(r.agents.fighters, again.agents.fighters);
    ASSERT_EQ(r.events.size(), again.events.size());

    // Another replicate draws other casualties.
    double casualties = 0.0;
    for (int f = 0; f < F; ++f) {
      const auto at = r.tf(r.time_points - 1, static_cast<std::size_t>(f));
      casualties += r.killed[at] + r.wounded[at];
    }
    if (casualties >= 50.0) {
      ++with_casualties;
      const RunRecord other = run_scenario(spec, 17, 1);
      replicates_differ += other.killed != r.killed;
    }
  }
  ASSERT_GT(with_casualties, 30);
  EXPECT_EQ(replicates_differ, with_casualties);
}

}  // namespace
}  // namespace frontline
