#include "frontline/core/calendar.hpp"

#include <charconv>
#include <cstdio>

namespace frontline {

namespace {
bool parse_int(std::string_view text, int& value) {
  if (text.empty()) return false;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  return ec == std::errc{} && ptr == end;
}
}  // namespace

std::optional<Days> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int y = 0, m = 0, d = 0;
  if (!parse_int(text.substr(0, 4), y) || !parse_int(text.substr(5, 2), m) ||
      !parse_int(text.substr(8, 2), d))
    return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{y},
                                        std::chrono::month{static_cast<unsigned>(m)},
                                        std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return Days{ymd};
}

std::string format_date(Days date) {
  const std::chrono::year_month_day ymd{date};
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buffer;
}

std::optional<int> parse_duration_hours(std::string_view text) {
  if (text.size() < 2) return std::nullopt;
  const char unit = text.back();
  int count = 0;
  if (!parse_int(text.substr(0, text.size() - 1), count) || count <= 0) return std::nullopt;
  if (unit == 'h') return count;
  if (unit == 'd' && count <= 1'000'000) return count * 24;
  return std::nullopt;
}

std::string format_duration_hours(int hours) {
  return hours % 24 == 0 ? std::to_string(hours / 24) + "d" : std::to_string(hours) + "h";
}

Calendar::Calendar(Days start, Days end, int step_hours)
    : start_(start), end_(end), step_hours_(step_hours) {
  const long long total_hours = (end_ - start_).count() * 24LL;
  steps_ = static_cast<int>((total_hours + step_hours_ - 1) / step_hours_);
}

Days Calendar::date_at(int time_index) const {
  return start_ + std::chrono::days{hours_at(time_index) / 24};
}

int Calendar::time_index_of(Days date) const {
  const long long hours = (date - start_).count() * 24LL;
  return static_cast<int>((hours + step_hours_ - 1) / step_hours_);
}

std::string Calendar::cf_units() const {
  return std::string(step_hours_ % 24 == 0 ? "days" : "hours") + " since " + format_date(start_) +
         " 00:00:00";
}

}  // namespace frontline
