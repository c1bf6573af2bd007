#include <gtest/gtest.h>

#include "frontline/core/calendar.hpp"

namespace frontline {
namespace {

TEST(Calendar, ParsesIsoDatesAndRejectsImpossibleOnes) {
  ASSERT_TRUE(parse_date("2016-05-05"));
  EXPECT_EQ(format_date(*parse_date("2016-05-05")), "2016-05-05");
  EXPECT_FALSE(parse_date("2016-02-30"));
  EXPECT_FALSE(parse_date("2016-5-5"));
  EXPECT_FALSE(parse_date("yesterday"));
  EXPECT_TRUE(parse_date("2016-02-29"));  // leap year
}

TEST(Calendar, ParsesStepLengths) {
  EXPECT_EQ(parse_duration_hours("1d"), 24);
  EXPECT_EQ(parse_duration_hours("6h"), 6);
  EXPECT_FALSE(parse_duration_hours("0d"));
  EXPECT_FALSE(parse_duration_hours("-1d"));
  EXPECT_FALSE(parse_duration_hours("1w"));
  EXPECT_EQ(format_duration_hours(48), "2d");
  EXPECT_EQ(format_duration_hours(6), "6h");
}

TEST(Calendar, CountsStepsAndMapsDatesToTimeIndices) {
  const Calendar daily(*parse_date("2016-05-05"), *parse_date("2016-06-11"), 24);
  EXPECT_EQ(daily.steps(), 37);
  EXPECT_EQ(daily.time_points(), 38);
  EXPECT_EQ(format_date(daily.date_at(37)), "2016-06-11");
  EXPECT_EQ(daily.time_index_of(*parse_date("2016-05-06")), 1);
  EXPECT_EQ(daily.cf_units(), "days since 2016-05-05 00:00:00");

  const Calendar six_hourly(*parse_date("2020-08-21"), *parse_date("2020-08-23"), 6);
  EXPECT_EQ(six_hourly.steps(), 8);
  EXPECT_DOUBLE_EQ(six_hourly.days_at(2), 0.5);
  EXPECT_EQ(six_hourly.cf_units(), "hours since 2020-08-21 00:00:00");
}

}  // namespace
}  // namespace frontline
