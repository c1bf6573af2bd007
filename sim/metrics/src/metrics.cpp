#include "frontline/metrics/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace frontline {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

int last_index(const RunRecord& record) { return std::max(0, record.time_points - 1); }

int index_or(const RunRecord& record, const std::optional<Days>& date, int fallback) {
  return date ? time_index_on(record, *date) : fallback;
}

Days start_of(const RunRecord& record) {
  const auto start = parse_date(record.start_date);
  return start ? *start : Days{};
}
}  // namespace

int faction_index(const RunRecord& record, const std::string& id) {
  for (std::size_t f = 0; f < record.factions.size(); ++f)
    if (record.factions[f].id == id) return static_cast<int>(f);
  return -1;
}

int node_index(const RunRecord& record, const std::string& id) {
  for (std::size_t n = 0; n < record.nodes.size(); ++n)
    if (record.nodes[n].id == id) return static_cast<int>(n);
  return -1;
}

int time_index_on(const RunRecord& record, Days date) {
  const long long hours = (date - start_of(record)).count() * 24LL;
  const long long index = (hours + record.step_hours - 1) / record.step_hours;
  return static_cast<int>(std::clamp<long long>(index, 0, last_index(record)));
}

Days date_of(const RunRecord& record, int time_index) {
  const long long hours = static_cast<long long>(time_index) * record.step_hours;
  return start_of(record) + std::chrono::days{hours / 24};
}

double national_oil_output(const RunRecord& record, int t) {
  double total = 0.0;
  for (std::size_t n = 0; n < record.nodes.size(); ++n)
    if (record.nodes[n].kind == "oil_field") total += record.oil_output[record.tn(t, n)];
  return total;
}

double total_displaced(const RunRecord& record, int t) {
  double total = 0.0;
  for (std::size_t n = 0; n < record.nodes.size(); ++n) total += record.displaced[record.tn(t, n)];
  return total;
}

std::optional<double> capture_day(const RunRecord& record, int faction, int node) {
  for (int t = 0; t < record.time_points; ++t)
    if (record.control[record.tn(t, static_cast<std::size_t>(node))] == faction)
      return record.time_days[static_cast<std::size_t>(t)];
  return std::nullopt;
}

double besieged_days(const RunRecord& record, int node, int first, int last) {
  const double step_days = record.step_hours / 24.0;
  double days = 0.0;
  for (int t = std::max(first, 0); t <= std::min(last, last_index(record)); ++t)
    if (record.besieged[record.tn(t, static_cast<std::size_t>(node))]) days += step_days;
  return days;
}

double held_days(const RunRecord& record, int faction, int node, int first, int last) {
  const double step_days = record.step_hours / 24.0;
  double days = 0.0;
  for (int t = std::max(first, 0); t <= std::min(last, last_index(record)); ++t)
    if (record.control[record.tn(t, static_cast<std::size_t>(node))] == faction) days += step_days;
  return days;
}

int event_count(const RunRecord& record, const std::string& kind, int faction, int node, int first,
                int last) {
  return static_cast<int>(
      std::count_if(record.events.begin(), record.events.end(), [&](const auto& e) {
        return to_string(e.kind) == kind && (faction < 0 || e.actor == faction) &&
               (node < 0 || e.node == node) && e.time_index >= first && e.time_index <= last;
      }));
}

double target_value(const TargetSpec& target, const RunRecord& record) {
  const int f = faction_index(record, target.faction);
  const int n = node_index(record, target.node);
  const int on = index_or(record, target.on, last_index(record));
  const int from = index_or(record, target.from, 0);
  const int to = index_or(record, target.to, last_index(record));
  const auto fi = static_cast<std::size_t>(std::max(f, 0));
  switch (target.metric) {
    case TargetMetric::controls:
      return n >= 0 && record.control[record.tn(on, static_cast<std::size_t>(n))] == f ? 1.0 : 0.0;
    case TargetMetric::capture_day: {
      if (n < 0) return kNaN;
      const auto day = capture_day(record, f, n);
      return day ? *day : std::numeric_limits<double>::infinity();
    }
    case TargetMetric::killed:
      return f < 0 ? kNaN : record.killed[record.tf(on, fi)];
    case TargetMetric::wounded:
      return f < 0 ? kNaN : record.wounded[record.tf(on, fi)];
    case TargetMetric::wounded_per_killed: {
      if (f < 0) return kNaN;
      const double killed = record.killed[record.tf(on, fi)];
      return killed > 0.0 ? record.wounded[record.tf(on, fi)] / killed : kNaN;
    }
    case TargetMetric::oil_output_fraction: {
      const double baseline = national_oil_output(record, index_or(record, target.baseline, 0));
      if (!(baseline > 0.0)) return kNaN;
      double worst = 0.0;
      for (int t = from; t <= to; ++t) worst = std::max(worst, national_oil_output(record, t));
      return worst / baseline;
    }
    case TargetMetric::oil_loss:
      return record.oil_loss[static_cast<std::size_t>(on)];
    case TargetMetric::event_count:
      if ((!target.faction.empty() && f < 0) || (!target.node.empty() && n < 0)) return kNaN;
      return event_count(record, target.event, f, n, from, to);
    case TargetMetric::besieged_days:
      return n < 0 ? kNaN : besieged_days(record, n, from, to);
    case TargetMetric::held_days:
      return n < 0 || f < 0 ? kNaN : held_days(record, f, n, from, to);
    case TargetMetric::displaced:
      return total_displaced(record, on);
    case TargetMetric::strength: {
      if (f < 0) return kNaN;
      double total = 0.0;
      for (std::size_t node = 0; node < record.nodes.size(); ++node)
        if (n < 0 || static_cast<int>(node) == n)
          total += record.strength[record.tfn(on, fi, node)];
      return total;
    }
    case TargetMetric::humanitarian:
      return n < 0 ? kNaN : record.humanitarian[record.tn(on, static_cast<std::size_t>(n))];
    case TargetMetric::population: {
      double total = 0.0;
      for (std::size_t node = 0; node < record.nodes.size(); ++node)
        if (n < 0 || static_cast<int>(node) == n) total += record.population[record.tn(on, node)];
      return total;
    }
  }
  return kNaN;
}

TargetResult evaluate_target(const TargetSpec& target, const RunRecord& record) {
  TargetResult result;
  result.id = target.id;
  result.text = target.text;
  result.value = target_value(target, record);
  if (target.min) result.min = *target.min;
  if (target.max) result.max = *target.max;
  result.met =
      !std::isnan(result.value) && result.value >= result.min && result.value <= result.max;
  return result;
}

std::vector<TargetResult> evaluate_targets(const std::vector<TargetSpec>& targets,
                                           const RunRecord& record) {
  std::vector<TargetResult> results;
  results.reserve(targets.size());
  for (const auto& target : targets) results.push_back(evaluate_target(target, record));
  return results;
}

}  // namespace frontline
