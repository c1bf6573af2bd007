#include "scalars.hpp"

#include <cctype>
#include <charconv>
#include <limits>

namespace frontline::detail {

bool is_null_text(std::string_view text) {
  return text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL";
}

std::optional<bool> bool_from_text(std::string_view text) {
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  return std::nullopt;
}

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::optional<PlainNumber> special_number(std::string_view text) {
  std::string_view body = text;
  double sign = 1.0;
  if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
    sign = body[0] == '-' ? -1.0 : 1.0;
    body.remove_prefix(1);
  }
  if (body == ".inf" || body == ".Inf" || body == ".INF")
    return PlainNumber{sign * std::numeric_limits<double>::infinity(), true, false};
  if (text == ".nan" || text == ".NaN" || text == ".NAN")
    return PlainNumber{std::numeric_limits<double>::quiet_NaN(), true, false};
  return std::nullopt;
}

// [-+]? (digits [. digits?] | . digits) ([eE] [-+]? digits)?
bool decimal_syntax(std::string_view text, bool& integral) {
  std::size_t i = 0;
  const std::size_t n = text.size();
  if (i < n && (text[i] == '+' || text[i] == '-')) ++i;
  std::size_t digits = 0;
  while (i < n && is_digit(text[i])) ++i, ++digits;
  integral = true;
  if (i < n && text[i] == '.') {
    integral = false;
    ++i;
    while (i < n && is_digit(text[i])) ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    integral = false;
    ++i;
    if (i < n && (text[i] == '+' || text[i] == '-')) ++i;
    std::size_t exponent_digits = 0;
    while (i < n && is_digit(text[i])) ++i, ++exponent_digits;
    if (exponent_digits == 0) return false;
  }
  return i == n;
}

}  // namespace

std::optional<PlainNumber> number_from_text(std::string_view text) {
  if (auto special = special_number(text)) return special;
  bool integral = false;
  if (!decimal_syntax(text, integral)) return std::nullopt;
  std::string_view body = text;
  if (!body.empty() && body[0] == '+') body.remove_prefix(1);
  PlainNumber number;
  number.integral = integral;
  const auto [ptr, ec] = std::from_chars(body.data(), body.data() + body.size(), number.value);
  if (ec == std::errc::result_out_of_range) {
    number.representable = false;
    const double inf = std::numeric_limits<double>::infinity();
    number.value = !body.empty() && body[0] == '-' ? -inf : inf;
  } else if (ec != std::errc{} || ptr != body.data() + body.size()) {
    return std::nullopt;
  }
  return number;
}

}  // namespace frontline::detail
