#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "frontline/output/summary.hpp"
#include "sample_run.hpp"

namespace frontline {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(Summary, ThousandsSeparators) {
  EXPECT_EQ(format_thousands(0), "0");
  EXPECT_EQ(format_thousands(999), "999");
  EXPECT_EQ(format_thousands(1000), "1,000");
  EXPECT_EQ(format_thousands(1234567.4), "1,234,567");
  EXPECT_EQ(format_thousands(-1500), "-1,500");
  EXPECT_EQ(format_thousands(-0.2), "0");
}

TEST(Summary, Dollars) {
  EXPECT_EQ(format_usd(8.2e9), "$8.2 billion");
  EXPECT_EQ(format_usd(3.5e8), "$350 million");
  EXPECT_EQ(format_usd(1.25e7), "$12.5 million");
  EXPECT_EQ(format_usd(12345), "$12,345");
  EXPECT_EQ(format_usd(-2e9), "-$2.0 billion");
}

// The sample run: Sirte besieged at records 1-2 and taken by the GNA at record 3
// (2016-05-08); killed 12.5 * 4 * (f + 1); displaced 1,000 * t at Sirte.
TEST(Summary, SampleRunReadsAtAGlance) {
  const auto run = testing::make_sample_run();
  const std::string text = format_run_summary(run.record, run.metadata, run.targets);
  EXPECT_THAT(text, HasSubstr("Scenario   sample\n"));
  EXPECT_THAT(text, HasSubstr("Dates      2016-05-05 to 2016-05-09 (4 days, step 1d)\n"));
  EXPECT_THAT(text, HasSubstr("Seed       18446744073709551557, replicate 3\n"));
  EXPECT_THAT(text, HasSubstr("Control at the end (2016-05-09; * taken during the run)\n"
                              "  none    1  Es Sider\n"
                              "  GNA     2  Tripoli, Sirte*\n"
                              "  ISIS    0  -\n"));
  EXPECT_THAT(text, HasSubstr("Captures\n  2016-05-08  Sirte  ISIS -> GNA\n"));
  EXPECT_THAT(
      text, HasSubstr("Sieges\n  Sirte  2016-05-06 to 2016-05-08     2 days  fell: ISIS -> GNA\n"));
  EXPECT_THAT(text, HasSubstr("  faction      killed     wounded\n"
                              "  GNA              50         200\n"
                              "  ISIS            100         400\n"
                              "  total           150         600\n"));
  EXPECT_THAT(text, HasSubstr("  exports        300,000 ->    100,000 barrels/day"));
  EXPECT_THAT(text, Not(HasSubstr("production")));  // no oil fields in the sample
  EXPECT_THAT(text, HasSubstr("  revenue     $48.0 million; lost $32.0 million\n"));
  EXPECT_THAT(text, HasSubstr("Displaced  peak 4,000 (2016-05-09), final 4,000\n"));
  EXPECT_THAT(text, HasSubstr("Targets    1 of 2 met\n"
                              "  met     sirte_falls  3 in [-inf, 4]  Sirte falls to the GNA by "
                              "2016-05-09\n"
                              "  MISSED  killed_low   50 in [100, 200]  GNA killed between 100 and "
                              "200\n"));
}

TEST(Summary, OngoingSiegeThatHolds) {
  auto run = testing::make_sample_run({.events = false});
  // Besiege Tripoli from record 3 to the end (records 3 and 4, two days): it still holds.
  run.record.besieged[run.record.tn(3, 0)] = 1;
  run.record.besieged[run.record.tn(4, 0)] = 1;
  const std::string text = format_run_summary(run.record, run.metadata, {});
  EXPECT_THAT(text, HasSubstr("  Tripoli  2016-05-08 to ongoing        2 days  holding: GNA\n"));
  EXPECT_THAT(text, HasSubstr("Captures   none\n"));
  EXPECT_THAT(text, Not(HasSubstr("Targets")));
}

TEST(Summary, ASiegeThatGoesOnAfterACaptureIsTheNewHoldersOwn) {
  auto run = testing::make_sample_run({.events = false});
  // Sirte (node 1), besieged at records 1-2 and taken at record 3, is besieged
  // again by the other side at records 3-4: two sieges, not one that "fell".
  run.record.besieged[run.record.tn(3, 1)] = 1;
  run.record.besieged[run.record.tn(4, 1)] = 1;
  const std::string text = format_run_summary(run.record, run.metadata, {});
  EXPECT_THAT(text,
              HasSubstr("Sieges\n  Sirte  2016-05-06 to 2016-05-08     2 days  fell: ISIS -> GNA\n"
                        "  Sirte  2016-05-08 to ongoing        2 days  holding: GNA\n"));
}

TEST(Summary, SubDailyStepsShowHours) {
  const auto run = testing::make_sample_run({.step_hours = 6});
  const std::string text = format_run_summary(run.record, run.metadata, run.targets);
  EXPECT_THAT(text,
              HasSubstr("Dates      2016-05-05 00:00 to 2016-05-06 00:00 (1.00 days, step 6h)\n"));
  EXPECT_THAT(text, HasSubstr("  2016-05-05 18:00  Sirte  ISIS -> GNA\n"));
}

}  // namespace
}  // namespace frontline
