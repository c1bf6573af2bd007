// Reading single values from a YamlNode with diagnostics instead of exceptions.
#include "frontline/scenario/yaml_check.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

#include "scalars.hpp"

namespace frontline {

std::string format_number(double value) {
  if (std::isnan(value)) return ".nan";
  if (std::isinf(value)) return value > 0 ? ".inf" : "-.inf";
  char buffer[32];
  if (value == std::floor(value) && std::abs(value) < 1e6) {
    std::snprintf(buffer, sizeof buffer, "%.0f", value);
    return buffer;
  }
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof buffer, "%.*g", precision, value);
    if (std::strtod(buffer, nullptr) == value) break;
  }
  // "1e+09" -> "1e9", "1e-05" -> "1e-5"
  std::string text = buffer;
  const auto e = text.find('e');
  if (e == std::string::npos) return text;
  std::string mantissa = text.substr(0, e);
  std::string exponent = text.substr(e + 1);
  const bool negative = !exponent.empty() && exponent[0] == '-';
  if (!exponent.empty() && (exponent[0] == '+' || exponent[0] == '-')) exponent.erase(0, 1);
  exponent.erase(0, std::min(exponent.find_first_not_of('0'), exponent.size() - 1));
  return mantissa + "e" + (negative ? "-" : "") + exponent;
}

namespace {

std::string quote(const std::string& what) { return "'" + what + "'"; }

void wrong_type(const YamlNode& node, const std::string& what, const std::string& expected,
                DiagnosticList& diagnostics) {
  diagnostics.add(node.where, "wrong type for " + quote(what) + ": got " + describe(node),
                  expected);
}

std::string range_text(double min, double max) {
  const bool low = std::isfinite(min);
  const bool high = std::isfinite(max);
  if (low && high) return format_number(min) + " to " + format_number(max);
  if (low) return "at least " + format_number(min);
  if (high) return "at most " + format_number(max);
  return "any finite number";
}

std::string number_expected(double min, double max) { return "a number, " + range_text(min, max); }

std::string join(const std::vector<std::string>& words, std::size_t limit) {
  std::string out;
  for (std::size_t i = 0; i < words.size() && i < limit; ++i) {
    if (i > 0) out += ", ";
    out += words[i];
  }
  if (words.size() > limit) out += ", ... (" + std::to_string(words.size()) + " in all)";
  return out;
}

// The number in a scalar (any value, range unchecked), or a diagnostic.
std::optional<detail::PlainNumber> scalar_number(const YamlNode& node, const std::string& what,
                                                 const std::string& expected,
                                                 DiagnosticList& diagnostics) {
  if (!node.is_scalar()) {
    wrong_type(node, what, expected, diagnostics);
    return std::nullopt;
  }
  if (node.quoted) {
    diagnostics.add(node.where, "wrong type for " + quote(what) + ": got " + describe(node),
                    expected + "; write it without quotes");
    return std::nullopt;
  }
  auto number = detail::number_from_text(node.text);
  if (!number) {
    wrong_type(node, what, expected, diagnostics);
    return std::nullopt;
  }
  if (!number->representable) {
    diagnostics.add(node.where, what + " " + node.text + " is too large or too small to represent",
                    expected);
    return std::nullopt;
  }
  if (!std::isfinite(number->value)) {
    diagnostics.add(node.where, what + " " + node.text + " is not a finite number", expected);
    return std::nullopt;
  }
  return number;
}

}  // namespace

std::string suggestion(const std::string& word, const std::vector<std::string>& known,
                       const std::string& what_they_are) {
  if (known.empty()) return "no " + what_they_are + " is declared";
  const std::string best = closest_match(word, known);
  if (!best.empty()) return "a known " + what_they_are + "; did you mean '" + best + "'?";
  return "one of " + join(known, 12);
}

std::optional<std::string> read_string(const YamlNode& node, const std::string& what,
                                       DiagnosticList& diagnostics) {
  if (!node.is_scalar()) {
    wrong_type(node, what, "a string", diagnostics);
    return std::nullopt;
  }
  return node.text;
}

std::optional<double> read_number(const YamlNode& node, const std::string& what, double min,
                                  double max, DiagnosticList& diagnostics) {
  const std::string expected = number_expected(min, max);
  const auto number = scalar_number(node, what, expected, diagnostics);
  if (!number) return std::nullopt;
  if (number->value < min || number->value > max) {
    diagnostics.add(node.where, what + " " + node.text + " is out of range", range_text(min, max));
    return std::nullopt;
  }
  return number->value;
}

std::optional<long long> read_integer(const YamlNode& node, const std::string& what, long long min,
                                      long long max, DiagnosticList& diagnostics) {
  const std::string range = std::to_string(min) + " to " + std::to_string(max);
  const auto number = scalar_number(node, what, "a whole number, " + range, diagnostics);
  if (!number) return std::nullopt;
  if (number->value != std::floor(number->value)) {
    diagnostics.add(node.where, what + " " + node.text + " is not a whole number",
                    "a whole number, " + range);
    return std::nullopt;
  }
  if (number->value < static_cast<double>(min) || number->value > static_cast<double>(max)) {
    diagnostics.add(node.where, what + " " + node.text + " is out of range", range);
    return std::nullopt;
  }
  return static_cast<long long>(number->value);
}

std::optional<std::uint64_t> read_unsigned(const YamlNode& node, const std::string& what,
                                           DiagnosticList& diagnostics) {
  const std::string range = "0 to " + std::to_string(std::numeric_limits<std::uint64_t>::max());
  const auto number = scalar_number(node, what, "a whole number, " + range, diagnostics);
  if (!number) return std::nullopt;
  const std::string& text = node.text;
  const bool digits_only =
      !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
  if (!digits_only) {
    const bool whole = number->value == std::floor(number->value);
    diagnostics.add(node.where,
                    what + " " + text + (whole ? " is out of range" : " is not a whole number"),
                    whole ? range : "a whole number, " + range);
    return std::nullopt;
  }
  std::uint64_t value = 0;
  for (const char c : text) {
    const std::uint64_t digit = static_cast<std::uint64_t>(c - '0');
    if (value > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) {
      diagnostics.add(node.where, what + " " + text + " is out of range", range);
      return std::nullopt;
    }
    value = value * 10 + digit;
  }
  return value;
}

std::optional<bool> read_bool(const YamlNode& node, const std::string& what,
                              DiagnosticList& diagnostics) {
  const auto value =
      node.is_scalar() && !node.quoted ? detail::bool_from_text(node.text) : std::nullopt;
  if (!value) wrong_type(node, what, "true or false", diagnostics);
  return value;
}

std::optional<Days> read_date(const YamlNode& node, const std::string& what,
                              DiagnosticList& diagnostics) {
  if (!node.is_scalar()) {
    wrong_type(node, what, "a date, YYYY-MM-DD", diagnostics);
    return std::nullopt;
  }
  const auto date = parse_date(node.text);
  if (!date)
    diagnostics.add(node.where, what + " '" + node.text + "' is not a valid date",
                    "a date, YYYY-MM-DD, such as 2016-05-05");
  return date;
}

std::optional<int> read_duration(const YamlNode& node, const std::string& what,
                                 DiagnosticList& diagnostics) {
  if (!node.is_scalar()) {
    wrong_type(node, what, "a duration such as 1d or 6h", diagnostics);
    return std::nullopt;
  }
  const auto hours = parse_duration_hours(node.text);
  if (!hours)
    diagnostics.add(node.where, what + " '" + node.text + "' is not a valid duration",
                    "a positive whole number of days or hours, such as 1d or 6h");
  return hours;
}

std::optional<std::vector<std::string>> read_string_list(const YamlNode& node,
                                                         const std::string& what,
                                                         DiagnosticList& diagnostics) {
  if (!node.is_sequence()) {
    wrong_type(node, what, "a list of strings, such as [a, b]", diagnostics);
    return std::nullopt;
  }
  std::vector<std::string> out;
  bool ok = true;
  for (std::size_t i = 0; i < node.items.size(); ++i) {
    const auto value =
        read_string(node.items[i], what + " item " + std::to_string(i + 1), diagnostics);
    if (value) out.push_back(*value);
    ok = ok && value.has_value();
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<std::string> read_choice(const YamlNode& node, const std::string& what,
                                       const std::vector<std::string>& choices,
                                       DiagnosticList& diagnostics) {
  const std::string all = "one of " + join(choices, choices.size());
  if (!node.is_scalar()) {
    wrong_type(node, what, all, diagnostics);
    return std::nullopt;
  }
  for (const auto& choice : choices)
    if (choice == node.text) return node.text;
  const std::string best = closest_match(node.text, choices);
  diagnostics.add(node.where, "unknown " + what + " '" + node.text + "'",
                  all + (best.empty() ? "" : "; did you mean '" + best + "'?"));
  return std::nullopt;
}

}  // namespace frontline
