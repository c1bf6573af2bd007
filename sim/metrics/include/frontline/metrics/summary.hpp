#pragma once
// Summary metrics of one run for sweeps: a catalogue of named quantities, each
// over fixed axes (faction, node, target, time), computed from a RunRecord.
// `frontline sweep` records the default ones as metric_<name>(run, ...) and,
// with `timeseries: true`, the time series as <name>(run, time, ...).
#include <string>
#include <string_view>
#include <vector>

#include "frontline/record/run_record.hpp"
#include "frontline/scenario/spec.hpp"

namespace frontline {

enum class SummaryAxis { faction, node, target, time };
enum class SummaryType { float64, float32, int8 };

struct SummaryMetric {
  std::string name;
  std::vector<SummaryAxis> axes;  // after `run`
  SummaryType type = SummaryType::float64;
  std::string units;
  std::string description;
  bool by_default = false;   // recorded when a sweep names no metrics
  bool time_series = false;  // recorded with `timeseries: true`
};

const char* to_string(SummaryAxis axis);

// Every summary metric and time series, in the order a sweep file records them.
const std::vector<SummaryMetric>& summary_metrics();
const SummaryMetric* find_summary_metric(std::string_view name);
std::vector<std::string> summary_metric_names();  // not the time series

// Values of `metric` for one run, row-major over its axes (faction: the
// record's factions, node: its nodes, target: `targets`, time: its records).
// NaN where undefined (e.g. a capture that never happened).
std::vector<double> summary_values(const SummaryMetric& metric, const RunRecord& record,
                                   const std::vector<TargetSpec>& targets);

}  // namespace frontline
