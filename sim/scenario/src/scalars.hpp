#pragma once
// How plain (unquoted) scalar text reads: null, boolean, number. Shared by the
// tree (describe) and the checking toolkit. Internal to frontline_scenario.
#include <optional>
#include <string>
#include <string_view>

namespace frontline::detail {

// `null`, `Null`, `NULL`, `~` or empty.
bool is_null_text(std::string_view text);
// true/True/TRUE or false/False/FALSE.
std::optional<bool> bool_from_text(std::string_view text);

struct PlainNumber {
  double value = 0.0;
  bool representable = true;  // false: overflows (or underflows) a double
  bool integral = false;      // written without '.', exponent, inf or nan
};
// Decimal numbers (3000, -5, 0.04, 1e9, .5) and YAML's .inf, -.inf, .nan.
std::optional<PlainNumber> number_from_text(std::string_view text);

}  // namespace frontline::detail
