#include "frontline/metrics/summary.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>
#include <variant>

#include "frontline/core/error.hpp"
#include "frontline/metrics/metrics.hpp"
#include "frontline/record/output_variables.hpp"

namespace frontline {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
using A = SummaryAxis;
using T = SummaryType;

std::vector<SummaryMetric> summaries() {
  return {
      {"capture_day",
       {A::faction, A::node},
       T::float64,
       "day",
       "days from the start until the faction first holds the node (0 if it starts there, NaN if "
       "never)",
       true,
       false},
      {"final_control",
       {A::node},
       T::int8,
       "1",
       "index along faction of the node's holder at the end, -1 for none",
       true,
       false},
      {"killed", {A::faction}, T::float64, "people", "killed by the end (cumulative)", true, false},
      {"wounded",
       {A::faction},
       T::float64,
       "people",
       "wounded by the end (cumulative)",
       true,
       false},
      {"oil_loss",
       {},
       T::float64,
       "USD",
       "revenue lost against capacity by the end (cumulative)",
       true,
       false},
      {"peak_displaced",
       {},
       T::float64,
       "people",
       "largest number of displaced people at any record",
       true,
       false},
      {"besieged_days", {A::node}, T::float64, "day", "days the node was besieged", true, false},
      {"target_value",
       {A::target},
       T::float64,
       "",
       "the value of each scenario target's metric",
       true,
       false},
      {"target_met",
       {A::target},
       T::int8,
       "1",
       "1 if the target's value lies within its bounds, else 0",
       true,
       false},
      {"final_strength",
       {A::faction},
       T::float64,
       "fighters",
       "fighters at the end, all nodes",
       false,
       false},
      {"oil_revenue", {}, T::float64, "USD", "oil revenue by the end (cumulative)", false, false},
      {"min_oil_output",
       {},
       T::float64,
       "barrel/day",
       "lowest national oil production at any record",
       false,
       false},
      {"final_displaced", {}, T::float64, "people", "displaced people at the end", false, false},
      {"peak_humanitarian",
       {A::node},
       T::float64,
       "1",
       "highest humanitarian distress index at any record",
       false,
       false},
  };
}

SummaryAxis axis_of(const std::string& dim) {
  if (dim == "time") return SummaryAxis::time;
  if (dim == "node") return SummaryAxis::node;
  if (dim == "faction") return SummaryAxis::faction;
  throw RuntimeError("time series '" + dim + "' has no summary axis");
}

SummaryType type_of(OutputType type) {
  switch (type) {
    case OutputType::int8:
      return SummaryType::int8;
    case OutputType::float32:
      return SummaryType::float32;
    case OutputType::float64:
      return SummaryType::float64;
    case OutputType::int32:
    case OutputType::str:
      break;
  }
  throw RuntimeError(std::string("a time series of type ") + to_string(type) +
                     " cannot be a sweep column");
}

// The summaries, then every time series of the run file (the registry's state
// variables), with the run file's names, types, units and long names.
std::vector<SummaryMetric> catalogue() {
  std::vector<SummaryMetric> metrics = summaries();
  for (const OutputVariable* variable : state_variables()) {
    SummaryMetric metric{
        variable->name, {},  type_of(variable->type), variable->units, variable->long_name,
        false,          true};
    for (const auto& dim : variable->dims) metric.axes.push_back(axis_of(dim));
    metrics.push_back(std::move(metric));
  }
  return metrics;
}

std::vector<double> time_series(const std::string& name, const RunRecord& r) {
  return std::visit(
      [&](auto member) -> std::vector<double> {
        if constexpr (std::is_same_v<decltype(member), std::monostate>) {
          throw RuntimeError("time series '" + name + "' has no record member");
        } else {
          const auto& values = r.*member;
          return std::vector<double>(values.begin(), values.end());
        }
      },
      output_variable(name).series);
}

}  // namespace

const char* to_string(SummaryAxis axis) {
  switch (axis) {
    case SummaryAxis::faction:
      return "faction";
    case SummaryAxis::node:
      return "node";
    case SummaryAxis::target:
      return "target";
    case SummaryAxis::time:
      return "time";
  }
  return "?";
}

const std::vector<SummaryMetric>& summary_metrics() {
  static const std::vector<SummaryMetric> metrics = catalogue();
  return metrics;
}

const SummaryMetric* find_summary_metric(std::string_view name) {
  for (const auto& m : summary_metrics())
    if (!m.time_series && m.name == name) return &m;
  return nullptr;
}

std::vector<std::string> summary_metric_names() {
  std::vector<std::string> names;
  for (const auto& m : summary_metrics())
    if (!m.time_series) names.push_back(m.name);
  return names;
}

std::vector<double> summary_values(const SummaryMetric& metric, const RunRecord& r,
                                   const std::vector<TargetSpec>& targets) {
  if (metric.time_series) return time_series(metric.name, r);
  const std::size_t factions = r.faction_count();
  const std::size_t nodes = r.node_count();
  const int last = std::max(0, r.time_points - 1);
  const auto& name = metric.name;
  std::vector<double> values;
  if (name == "capture_day") {
    for (std::size_t f = 0; f < factions; ++f)
      for (std::size_t n = 0; n < nodes; ++n)
        values.push_back(capture_day(r, static_cast<int>(f), static_cast<int>(n)).value_or(kNaN));
  } else if (name == "final_control") {
    for (std::size_t n = 0; n < nodes; ++n) values.push_back(r.control[r.tn(last, n)]);
  } else if (name == "killed" || name == "wounded") {
    const auto& series = name == "killed" ? r.killed : r.wounded;
    for (std::size_t f = 0; f < factions; ++f) values.push_back(series[r.tf(last, f)]);
  } else if (name == "oil_loss") {
    values.push_back(r.oil_loss.empty() ? 0.0 : r.oil_loss[static_cast<std::size_t>(last)]);
  } else if (name == "oil_revenue") {
    values.push_back(r.oil_revenue.empty() ? 0.0 : r.oil_revenue[static_cast<std::size_t>(last)]);
  } else if (name == "peak_displaced" || name == "final_displaced") {
    double peak = 0.0;
    for (int t = 0; t < r.time_points; ++t) peak = std::max(peak, total_displaced(r, t));
    values.push_back(name == "peak_displaced" ? peak : total_displaced(r, last));
  } else if (name == "min_oil_output") {
    double lowest = std::numeric_limits<double>::infinity();
    for (int t = 0; t < r.time_points; ++t) lowest = std::min(lowest, national_oil_output(r, t));
    values.push_back(r.time_points > 0 ? lowest : kNaN);
  } else if (name == "besieged_days") {
    for (std::size_t n = 0; n < nodes; ++n)
      values.push_back(besieged_days(r, static_cast<int>(n), 0, last));
  } else if (name == "peak_humanitarian") {
    for (std::size_t n = 0; n < nodes; ++n) {
      double peak = 0.0;
      for (int t = 0; t < r.time_points; ++t)
        peak = std::max<double>(peak, r.humanitarian[r.tn(t, n)]);
      values.push_back(peak);
    }
  } else if (name == "target_value" || name == "target_met") {
    for (const auto& result : evaluate_targets(targets, r))
      values.push_back(name == "target_value" ? result.value : (result.met ? 1.0 : 0.0));
  } else if (name == "final_strength") {
    for (std::size_t f = 0; f < factions; ++f) {
      double total = 0.0;
      for (std::size_t n = 0; n < nodes; ++n) total += r.strength[r.tfn(last, f, n)];
      values.push_back(total);
    }
  }
  return values;
}

}  // namespace frontline
