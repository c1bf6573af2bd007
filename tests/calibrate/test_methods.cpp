// ABC-SMC and history matching on a fake model with known parameters: the
// posterior's 90% interval covers the truth and is narrower than the prior's;
// the same settings give the same result.
#include <gtest/gtest.h>

#include <cmath>

#include "frontline/calibrate/calibrate.hpp"
#include "frontline/core/random.hpp"

namespace frontline {
namespace {

constexpr double kTruth[] = {5.0, 2.0};

// y1 = a + b, y2 = a - b, y3 = a * b, plus a little noise keyed by the run's stream.
WaveOutcome fake_model(const std::vector<ParameterPoint>& points, std::uint64_t first_stream,
                       std::uint32_t replicates, int* calls) {
  ++*calls;
  WaveOutcome outcome;
  for (std::size_t i = 0; i < points.size(); ++i) {
    std::vector<std::vector<double>> runs;
    for (std::uint32_t r = 0; r < replicates; ++r) {
      const RandomStreams streams(7, static_cast<std::uint32_t>(first_stream + i * replicates + r));
      const double a = points[i][0], b = points[i][1];
      const double noise = 0.05 * streams.normal(0, 0, Purpose::property_test);
      runs.push_back({a + b + noise, a - b + noise, a * b});
    }
    outcome.values.push_back(runs);
  }
  return outcome;
}

CalibrationSettings settings(CalibrationMethod method) {
  CalibrationSettings s;
  s.method = method;
  CalibrationParameter a, b;
  a.name = "a";
  a.prior = Prior::uniform(0.0, 10.0);
  b.name = "b";
  b.prior = Prior::log_uniform(0.1, 10.0);
  s.parameters = {a, b};
  const double truth[] = {kTruth[0] + kTruth[1], kTruth[0] - kTruth[1], kTruth[0] * kTruth[1]};
  for (int t = 0; t < 3; ++t) {
    CalibrationTarget target;
    target.id = "y" + std::to_string(t);
    target.form = TargetForm::value;
    target.lower = target.upper = truth[t];
    target.scale = 0.3;
    s.targets.push_back(target);
  }
  s.horizon_days = 100;
  s.budget = 3000;
  s.particles = 200;
  s.replicates = 1;
  s.seed = 42;
  s.waves = method == CalibrationMethod::abc_smc ? 50 : 4;
  return s;
}

void expect_recovered(const CalibrationSettings& s, const CalibrationResult& result) {
  ASSERT_FALSE(result.samples.empty());
  for (std::size_t j = 0; j < s.parameters.size(); ++j) {
    std::vector<double> values, weights;
    for (const auto& p : result.samples) {
      values.push_back(p.values[j]);
      weights.push_back(p.weight);
    }
    const double lo = weighted_quantile(values, weights, 0.05);
    const double hi = weighted_quantile(values, weights, 0.95);
    const Prior& prior = s.parameters[j].prior;
    EXPECT_LE(lo, kTruth[j]) << s.parameters[j].name;
    EXPECT_GE(hi, kTruth[j]) << s.parameters[j].name;
    EXPECT_LT(hi - lo, 0.5 * (prior.quantile(0.95) - prior.quantile(0.05))) << s.parameters[j].name;
  }
  EXPECT_LE(result.runs, s.budget);
  EXPECT_EQ(result.waves.back().runs_total, result.runs);
}

TEST(AbcSmc, RecoversKnownParametersWithinBudget) {
  const auto s = settings(CalibrationMethod::abc_smc);
  int calls = 0;
  const auto result = calibrate(s, [&](std::uint32_t, const auto& points, std::uint64_t first) {
    return fake_model(points, first, s.replicates, &calls);
  });
  expect_recovered(s, result);
  EXPECT_GE(result.waves.size(), 3u);
  // Tolerances shrink wave by wave; weights sum to 1.
  for (std::size_t w = 1; w < result.waves.size(); ++w)
    EXPECT_LE(result.waves[w].tolerance, result.waves[w - 1].tolerance);
  double total = 0;
  for (const auto& p : result.samples) total += p.weight;
  EXPECT_NEAR(total, 1.0, 1e-12);
  EXPECT_EQ(result.samples.size(), kept_count(s.particles, s.alpha));
}

TEST(HistoryMatching, RecoversKnownParametersAndShrinksTheSpace) {
  auto s = settings(CalibrationMethod::history_matching);
  s.particles = 100;
  s.budget = 400;
  int calls = 0;
  const auto result = calibrate(s, [&](std::uint32_t, const auto& points, std::uint64_t first) {
    return fake_model(points, first, s.replicates, &calls);
  });
  expect_recovered(s, result);
  ASSERT_GE(result.waves.size(), 2u);
  EXPECT_LT(result.waves.back().acceptance, 0.2);  // most of the prior is ruled out
  for (const auto& p : result.samples) EXPECT_LE(p.distance, s.cutoff);
}

TEST(Calibration, SameSettingsGiveTheSameResult) {
  for (const auto method : {CalibrationMethod::abc_smc, CalibrationMethod::history_matching}) {
    auto s = settings(method);
    s.particles = 100;
    s.budget = 300;
    int calls = 0;
    const auto run = [&] {
      return calibrate(s, [&](std::uint32_t, const auto& points, std::uint64_t first) {
        return fake_model(points, first, s.replicates, &calls);
      });
    };
    const auto a = run();
    const auto b = run();
    ASSERT_EQ(a.samples.size(), b.samples.size());
    for (std::size_t i = 0; i < a.samples.size(); ++i) {
      EXPECT_EQ(a.samples[i].values, b.samples[i].values);
      EXPECT_EQ(a.samples[i].weight, b.samples[i].weight);
    }
  }
}

TEST(Calibration, ATargetNoRunComputesIsAnInputError) {
  auto s = settings(CalibrationMethod::abc_smc);
  s.targets[1].where = Location{"c.yaml", 9, 3};
  const auto runner = [&](std::uint32_t, const std::vector<ParameterPoint>& points, std::uint64_t) {
    WaveOutcome outcome;
    for (std::size_t i = 0; i < points.size(); ++i)
      outcome.values.push_back({{1.0, std::nan(""), 2.0}});
    return outcome;
  };
  try {
    calibrate(s, runner);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("c.yaml:9:3: no run of the first wave could compute"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace frontline
