#pragma once
// Dates and the step calendar. Time index i is the instant start + i * step,
// i = 0..steps(); the record at index i is the state at that instant, and the
// step that runs from index i to i + 1 is step i.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace frontline {

using Days = std::chrono::sys_days;

// "2016-05-05" -> date; nullopt if malformed or not a real calendar date.
std::optional<Days> parse_date(std::string_view text);
std::string format_date(Days date);  // ISO 8601, "2016-05-05"

// "1d", "6h", "12h", "2d" -> hours; nullopt if malformed or not positive.
std::optional<int> parse_duration_hours(std::string_view text);
std::string format_duration_hours(int hours);  // "1d", "6h"

class Calendar {
 public:
  Calendar() = default;
  // Requires start < end and step_hours > 0; end - start need not be a whole
  // number of steps (the last step is the one that reaches or passes end).
  Calendar(Days start, Days end, int step_hours);

  Days start() const { return start_; }
  Days end() const { return end_; }
  int step_hours() const { return step_hours_; }
  double step_days() const { return step_hours_ / 24.0; }
  int steps() const { return steps_; }            // steps in the run
  int time_points() const { return steps_ + 1; }  // records, including the initial state

  // Hours from start to the instant at time index i.
  long long hours_at(int time_index) const {
    return static_cast<long long>(time_index) * step_hours_;
  }
  double days_at(int time_index) const { return hours_at(time_index) / 24.0; }
  // The date (day precision) of time index i.
  Days date_at(int time_index) const;
  // The first time index at or after the start of `date` (may be > steps()).
  int time_index_of(Days date) const;
  bool contains(Days date) const { return date >= start_ && date < end_; }
  // CF units for the time coordinate: "days since 2016-05-05" or "hours since ...".
  std::string cf_units() const;

 private:
  Days start_{};
  Days end_{};
  int step_hours_ = 24;
  int steps_ = 0;
};

}  // namespace frontline
