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

// A target's window: the whole calendar days `from` to `to`, both inclusive,
// as hours since the start, [begin, end); open ends take the whole run. Time
// point t stands for its step, hours [t, t + 1) x step_hours, so a window
// counts the same days whatever the step: with 12-hour steps one day is the
// records at 00:00 and 12:00, with 2-day steps the record whose step holds it.
struct Window {
  long long begin = 0;
  long long end = 0;
  int first = 0;  // the time points whose steps overlap it
  int last = -1;
};

Window window_of(const RunRecord& record, const std::optional<Days>& from,
                 const std::optional<Days>& to) {
  const long long step = std::max(1, record.step_hours);
  const auto hours_at = [&](Days date) { return (date - start_of(record)).count() * 24LL; };
  Window w;
  w.begin = from ? hours_at(*from) : 0;
  w.end = to ? hours_at(*to) + 24 : (last_index(record) + 1LL) * step;
  const auto clamp = [&](long long t) {
    return static_cast<int>(std::clamp<long long>(t, 0, last_index(record)));
  };
  const long long first = w.begin >= 0 ? w.begin / step : -((-w.begin + step - 1) / step);
  const long long last = (w.end + step - 1) / step - 1;
  if (last < first || last < 0 || first > last_index(record)) return w;  // no time point
  w.first = clamp(first);
  w.last = clamp(last);
  return w;
}

// Days of time point t's step within the window. The last record, the state
// the run ends in, stands for the rest of the window (its end date's day).
double days_within(const RunRecord& record, const Window& w, int t) {
  const long long step = std::max(1, record.step_hours);
  const long long from = std::max<long long>(t * step, w.begin);
  const long long to =
      t == last_index(record) ? w.end : std::min<long long>((t + 1LL) * step, w.end);
  return to > from ? static_cast<double>(to - from) / 24.0 : 0.0;
}

// The whole steps of time points first to last (clamped to the run).
Window steps_of(const RunRecord& record, int first, int last) {
  const long long step = std::max(1, record.step_hours);
  Window w;
  w.first = std::max(first, 0);
  w.last = std::min(last, last_index(record));
  w.begin = w.first * step;
  w.end = (w.last + 1LL) * step;
  return w;
}

// Days within the window on which `holds(t)` (a record per time point).
template <class Holds>
double days_where(const RunRecord& record, const Window& w, Holds holds) {
  double days = 0.0;
  for (int t = w.first; t <= w.last; ++t)
    if (holds(t)) days += days_within(record, w, t);
  return days;
}

double besieged_within(const RunRecord& record, int node, const Window& w) {
  const auto n = static_cast<std::size_t>(node);
  return days_where(record, w, [&](int t) { return record.besieged[record.tn(t, n)] != 0; });
}

double held_within(const RunRecord& record, int faction, int node, const Window& w) {
  const auto n = static_cast<std::size_t>(node);
  return days_where(record, w, [&](int t) { return record.control[record.tn(t, n)] == faction; });
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
  return besieged_within(record, node, steps_of(record, first, last));
}

double held_days(const RunRecord& record, int faction, int node, int first, int last) {
  return held_within(record, faction, node, steps_of(record, first, last));
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
  const Window window = window_of(record, target.from, target.to);
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
      for (int t = window.first; t <= window.last; ++t)
        worst = std::max(worst, national_oil_output(record, t));
      return worst / baseline;
    }
    case TargetMetric::oil_loss:
      return record.oil_loss[static_cast<std::size_t>(on)];
    case TargetMetric::event_count:
      if ((!target.faction.empty() && f < 0) || (!target.node.empty() && n < 0)) return kNaN;
      return event_count(record, target.event, f, n, window.first, window.last);
    case TargetMetric::besieged_days:
      return n < 0 ? kNaN : besieged_within(record, n, window);
    case TargetMetric::held_days:
      return n < 0 || f < 0 ? kNaN : held_within(record, f, n, window);
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
