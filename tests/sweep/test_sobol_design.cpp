#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "frontline/sweep/design.hpp"
#include "frontline/sweep/plan.hpp"
#include "frontline/sweep/sobol.hpp"

namespace frontline {
namespace {

using ::testing::HasSubstr;

TEST(Sobol, FirstPointsMatchJoeKuo) {
  // Joe and Kuo's reference program (and scipy.stats.qmc.Sobol, unscrambled).
  const double expected[8][4] = {{0, 0, 0, 0},
                                 {0.5, 0.5, 0.5, 0.5},
                                 {0.75, 0.25, 0.25, 0.25},
                                 {0.25, 0.75, 0.75, 0.75},
                                 {0.375, 0.375, 0.625, 0.875},
                                 {0.875, 0.875, 0.125, 0.375},
                                 {0.625, 0.125, 0.875, 0.625},
                                 {0.125, 0.625, 0.375, 0.125}};
  SobolSequence sequence(4);
  for (const auto& row : expected) {
    const auto point = sequence.next();
    for (int d = 0; d < 4; ++d) EXPECT_DOUBLE_EQ(point[d], row[d]);
  }
}

TEST(Sobol, EveryDimensionIsStratifiedOverPowersOfTwo) {
  // The first 2^k points put exactly one point in each interval [i/2^k, (i+1)/2^k)
  // in every one-dimensional projection.
  SobolSequence sequence(SobolSequence::kMaxDimensions);
  std::vector<std::set<int>> cells(SobolSequence::kMaxDimensions);
  for (int i = 0; i < 256; ++i) {
    const auto point = sequence.next();
    for (int d = 0; d < SobolSequence::kMaxDimensions; ++d)
      cells[d].insert(static_cast<int>(point[d] * 256));
  }
  for (const auto& c : cells) EXPECT_EQ(c.size(), 256u);
}

TEST(Sobol, RefusesUnsupportedDimensions) {
  try {
    SobolSequence sequence(41);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("a Sobol sequence of 41 dimensions is not supported"));
    EXPECT_THAT(e.what(), HasSubstr("1 to 40 dimensions"));
  }
}

SweepParameter values(std::string path, std::vector<double> numbers) {
  SweepParameter p;
  p.path = path;
  p.name = path;
  p.numbers = std::move(numbers);
  return p;
}

SweepParameter range(std::string path, double min, double max, int steps = 0, bool log = false) {
  SweepParameter p;
  p.path = path;
  p.name = path;
  p.is_range = true;
  p.min = min;
  p.max = max;
  p.steps = steps;
  p.log = log;
  return p;
}

TEST(Design, GridIsFullFactorialFirstParameterSlowest) {
  const auto points = build_design({values("a", {1, 2}), range("b", 0, 1, 3)}, DesignSpec{});
  ASSERT_EQ(points.size(), 6u);
  const double expected[6][2] = {{1, 0}, {1, 0.5}, {1, 1}, {2, 0}, {2, 0.5}, {2, 1}};
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(points[i][0].number, expected[i][0]);
    EXPECT_EQ(points[i][1].number, expected[i][1]);
  }
}

TEST(Design, LogGridIsGeometric) {
  const auto points = build_design({range("a", 1, 100, 3, true)}, DesignSpec{});
  ASSERT_EQ(points.size(), 3u);
  EXPECT_DOUBLE_EQ(points[0][0].number, 1);
  EXPECT_NEAR(points[1][0].number, 10, 1e-12);
  EXPECT_EQ(points[2][0].number, 100);
}

TEST(Design, GridWithoutStepsIsRefused) {
  try {
    build_design({range("a", 0, 1)}, DesignSpec{});
    FAIL();
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("parameter 'a' has a range without steps"));
  }
}

TEST(Design, LatinHypercubeHitsEveryStratumOnceAndIsReproducible) {
  DesignSpec design{DesignKind::lhs, 10, 7};
  const std::vector<SweepParameter> parameters = {range("a", 0, 10), range("b", -1, 1)};
  const auto points = build_design(parameters, design);
  ASSERT_EQ(points.size(), 10u);
  std::set<int> a, b;
  for (const auto& p : points) {
    a.insert(static_cast<int>(p[0].number));            // strata of width 1
    b.insert(static_cast<int>((p[1].number + 1) * 5));  // strata of width 0.2
  }
  EXPECT_EQ(a.size(), 10u);
  EXPECT_EQ(b.size(), 10u);
  const auto again = build_design(parameters, design);
  for (std::size_t i = 0; i < points.size(); ++i)
    EXPECT_EQ(again[i][0].number, points[i][0].number);
  design.seed = 8;
  EXPECT_NE(build_design(parameters, design)[0][0].number, points[0][0].number);
}

TEST(Design, SaltelliHasABlocksInSALibOrder) {
  DesignSpec design{DesignKind::sobol, 4, 0};
  const auto points = build_design({range("a", 0, 1), range("b", 0, 1), range("c", 0, 1)}, design);
  ASSERT_EQ(points.size(), 4u * (3 + 2));
  // Base sample 0 is the Sobol point after the all-zero one: all 0.5.
  for (int i = 0; i < 5; ++i)
    for (int d = 0; d < 3; ++d) EXPECT_EQ(points[i][d].number, 0.5);
  for (int j = 0; j < 4; ++j) {
    const auto& a = points[j * 5];
    const auto& b = points[j * 5 + 4];
    for (int i = 0; i < 3; ++i) {
      const auto& ab = points[j * 5 + 1 + i];
      for (int d = 0; d < 3; ++d) EXPECT_EQ(ab[d].number, d == i ? b[d].number : a[d].number);
    }
  }
  // Base sample 1: A from dimensions 1-3, B from 4-6 of the second non-zero point.
  EXPECT_EQ(points[5][0].number, 0.75);
  EXPECT_EQ(points[9][0].number, 0.25);  // dimension 4
}

TEST(Design, ValueListsMapOntoLevels) {
  SweepParameter p;
  p.path = "relations.GNA.ISIS";
  p.strings = {"war", "ceasefire"};
  EXPECT_EQ(value_at(p, 0.2).text, "war");
  EXPECT_EQ(value_at(p, 0.7).text, "ceasefire");
  EXPECT_EQ(override_value(p, value_at(p, 0.7)), "\"ceasefire\"");
  EXPECT_EQ(override_value(values("x", {0.1}), ParameterValue{0.1, ""}), "0.1");
}

TEST(Plan, RunsAreReplicatesOfDesignPoints) {
  const SweepPlan plan = make_plan({values("factions.ISIS.fighters", {1000, 3000})}, DesignSpec{},
                                   3, 99, {"calendar.end=2016-08-01"}, 1000);
  ASSERT_EQ(plan.run_count(), 6u);
  const RunPlan run = plan.run(4);
  EXPECT_EQ(run.design_point, 1u);
  EXPECT_EQ(run.replicate, 1u);
  EXPECT_EQ(run.seed, 99u);
  EXPECT_THAT(run.overrides,
              ::testing::ElementsAre("calendar.end=2016-08-01", "factions.ISIS.fighters=3000"));
}

TEST(Plan, HugeSweepsAreRefusedBeforeSampling) {
  try {
    make_plan({range("a", 0, 1, 1000), range("b", 0, 1, 1000)}, DesignSpec{}, 10, 0, {}, 100'000);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(),
                HasSubstr("the sweep has 10000000 runs (1000000 design points x 10 replicates), "
                          "more than the limit of 100000"));
    EXPECT_THAT(e.what(), HasSubstr("--force"));
  }
  EXPECT_THROW(make_plan({}, DesignSpec{DesignKind::lhs, ~0ull, 0}, 4000000000u, 0, {}, 100'000),
               InputError);
}

TEST(Plan, ShardsSliceRunsRoundRobin) {
  EXPECT_THAT(shard_runs(10, parse_shard("1/4")), ::testing::ElementsAre(1, 5, 9));
  EXPECT_THAT(shard_runs(2, parse_shard("3/4")), ::testing::IsEmpty());
  for (const char* bad : {"4/4", "1", "a/2", "1/0", "-1/3", "1/2x"}) {
    try {
      parse_shard(bad);
      ADD_FAILURE() << bad;
    } catch (const InputError& e) {
      EXPECT_THAT(e.what(), HasSubstr(std::string("'") + bad + "' is not a shard"));
    }
  }
}

TEST(Plan, FingerprintDiffersWithContent) {
  EXPECT_EQ(fingerprint_of("abc"), fingerprint_of("abc"));
  EXPECT_NE(fingerprint_of("abc"), fingerprint_of("abd"));
  EXPECT_EQ(fingerprint_of("abc").size(), 32u);
}

}  // namespace
}  // namespace frontline
