#include "frontline/output/summary.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <optional>

#include "frontline/core/calendar.hpp"

namespace frontline {

namespace {

constexpr std::size_t kLineWidth = 100;

std::string pad(const std::string& text, std::size_t width) {
  return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

std::string pad_left(const std::string& text, std::size_t width) {
  return text.size() >= width ? text : std::string(width - text.size(), ' ') + text;
}

std::string fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

// Dates of time indices (day precision; hours shown for sub-daily steps).
class Dates {
 public:
  explicit Dates(const RunRecord& record) : step_hours_(record.step_hours) {
    start_ = parse_date(record.start_date);
  }
  std::string at(int time_index) const {
    if (!start_) return "step " + std::to_string(time_index);
    const long long hours = static_cast<long long>(time_index) * step_hours_;
    std::string text = format_date(*start_ + std::chrono::days{hours / 24});
    if (step_hours_ % 24 != 0) {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, " %02lld:00", hours % 24);
      text += buffer;
    }
    return text;
  }
  double days_between(int from, int to) const {
    return static_cast<double>(to - from) * step_hours_ / 24.0;
  }

 private:
  std::optional<Days> start_;
  int step_hours_ = 24;
};

std::string faction_id(const RunRecord& record, int index) {
  if (index < 0 || static_cast<std::size_t>(index) >= record.factions.size()) return "none";
  return record.factions[static_cast<std::size_t>(index)].id;
}

std::string node_name(const RunRecord& record, int index) {
  if (index < 0 || static_cast<std::size_t>(index) >= record.nodes.size()) return "?";
  const auto& node = record.nodes[static_cast<std::size_t>(index)];
  return node.name.empty() ? node.id : node.name;
}

// Words wrapped to the line width, continuation lines indented.
std::string wrap(const std::vector<std::string>& words, std::size_t indent) {
  std::string text;
  std::size_t column = indent;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string word = words[i] + (i + 1 < words.size() ? "," : "");
    if (i > 0) {
      if (column + 1 + word.size() > kLineWidth) {
        text += "\n" + std::string(indent, ' ');
        column = indent;
      } else {
        text += ' ';
        ++column;
      }
    }
    text += word;
    column += word.size();
  }
  return text;
}

void header(std::string& out, const RunRecord& record, const RunMetadata& metadata,
            const Dates& dates) {
  const int last = std::max(record.time_points - 1, 0);
  out += "Scenario   " +
         (metadata.scenario_name.empty() ? record.scenario_name : metadata.scenario_name) + "\n";
  out += "Dates      " + dates.at(0) + " to " + dates.at(last) + " (" +
         fixed(dates.days_between(0, last), record.step_hours % 24 == 0 ? 0 : 2) + " days, step " +
         format_duration_hours(record.step_hours) + ")\n";
  out += "Seed       " + std::to_string(metadata.seed) + ", replicate " +
         std::to_string(metadata.replicate) + "\n";
  if (!metadata.frontline_version.empty())
    out += "Frontline  " + metadata.frontline_version +
           (metadata.git_commit.empty() ? "" : " (" + metadata.git_commit + ")") +
           (metadata.created.empty() ? "" : ", created " + metadata.created) + "\n";
}

void control_at_end(std::string& out, const RunRecord& record, const Dates& dates) {
  if (record.time_points == 0 || record.nodes.empty()) return;
  const int last = record.time_points - 1;
  out += "\nControl at the end (" + dates.at(last) + "; * taken during the run)\n";
  std::size_t id_width = 4;
  for (const auto& faction : record.factions) id_width = std::max(id_width, faction.id.size());
  for (int f = -1; f < static_cast<int>(record.factions.size()); ++f) {
    std::vector<std::string> held;
    for (std::size_t n = 0; n < record.nodes.size(); ++n) {
      if (record.control[record.tn(last, n)] != f) continue;
      const bool taken = record.control[record.tn(0, n)] != f;
      held.push_back(node_name(record, static_cast<int>(n)) + (taken ? "*" : ""));
    }
    if (held.empty() && f < 0) continue;
    const std::string lead = "  " + pad(faction_id(record, f), id_width) + "  " +
                             pad_left(std::to_string(held.size()), 3) + "  ";
    out += lead + (held.empty() ? "-" : wrap(held, lead.size())) + "\n";
  }
}

void captures(std::string& out, const RunRecord& record, const Dates& dates) {
  std::vector<const EventRecord*> events;
  for (const auto& event : record.events)
    if (event.kind == EventRecordKind::capture) events.push_back(&event);
  if (events.empty()) {
    out += "\nCaptures   none\n";
    return;
  }
  out += "\nCaptures\n";
  std::size_t name_width = 4;
  for (const auto* event : events)
    name_width = std::max(name_width, node_name(record, event->node).size());
  for (const auto* event : events) {
    out += "  " + dates.at(event->time_index) + "  " +
           pad(node_name(record, event->node), name_width) + "  " +
           faction_id(record, event->other) + " -> " + faction_id(record, event->actor) + "\n";
  }
}

struct Siege {
  int node = 0;
  int begin = 0;
  std::optional<int> end;  // first record no longer besieged
};

// Sieges are the runs of `besieged` per node, which the record always has; a
// run is split where the node changes hands (the new holder's siege is another).
std::vector<Siege> sieges_of(const RunRecord& record) {
  std::vector<Siege> sieges;
  for (std::size_t n = 0; n < record.nodes.size(); ++n) {
    std::optional<Siege> open;
    for (int t = 0; t < record.time_points; ++t) {
      const bool besieged = record.besieged[record.tn(t, n)] != 0;
      const bool changed_hands =
          open && record.control[record.tn(t, n)] != record.control[record.tn(open->begin, n)];
      if (open && (!besieged || changed_hands)) {
        open->end = t;
        sieges.push_back(*open);
        open.reset();
      }
      if (besieged && !open) open = Siege{static_cast<int>(n), t, std::nullopt};
    }
    if (open) sieges.push_back(*open);
  }
  std::stable_sort(sieges.begin(), sieges.end(),
                   [](const Siege& a, const Siege& b) { return a.begin < b.begin; });
  return sieges;
}

void sieges(std::string& out, const RunRecord& record, const Dates& dates) {
  const auto list = sieges_of(record);
  if (list.empty()) {
    out += "\nSieges     none\n";
    return;
  }
  out += "\nSieges\n";
  std::size_t name_width = 4;
  for (const auto& siege : list)
    name_width = std::max(name_width, node_name(record, siege.node).size());
  for (const auto& siege : list) {
    const int last = siege.end ? *siege.end : record.time_points - 1;
    // Days on which the place was besieged, its first and last besieged records included,
    // as the sweep metric and the targets' besieged_days count them.
    const int siege_end = siege.end ? *siege.end : record.time_points;
    const auto n = static_cast<std::size_t>(siege.node);
    const int holder = record.control[record.tn(siege.begin, n)];
    const int after = record.control[record.tn(last, n)];
    std::string outcome;
    if (holder == after)
      outcome = (siege.end ? "held by " : "holding: ") + faction_id(record, holder);
    else
      outcome = "fell: " + faction_id(record, holder) + " -> " + faction_id(record, after);
    out += "  " + pad(node_name(record, siege.node), name_width) + "  " + dates.at(siege.begin) +
           " to " + pad(siege.end ? dates.at(*siege.end) : std::string("ongoing"), 10) + "  " +
           pad_left(fixed(dates.days_between(siege.begin, siege_end), 0), 4) + " days  " + outcome +
           "\n";
  }
}

void casualties(std::string& out, const RunRecord& record) {
  if (record.time_points == 0 || record.factions.empty()) return;
  const int last = record.time_points - 1;
  std::size_t id_width = 7;
  for (const auto& faction : record.factions) id_width = std::max(id_width, faction.id.size());
  out += "\nCasualties\n  " + pad("faction", id_width) + "  " + pad_left("killed", 10) + "  " +
         pad_left("wounded", 10) + "\n";
  double killed = 0.0, wounded = 0.0;
  for (std::size_t f = 0; f < record.factions.size(); ++f) {
    const double k = record.killed[record.tf(last, f)];
    const double w = record.wounded[record.tf(last, f)];
    killed += k;
    wounded += w;
    out += "  " + pad(record.factions[f].id, id_width) + "  " + pad_left(format_thousands(k), 10) +
           "  " + pad_left(format_thousands(w), 10) + "\n";
  }
  out += "  " + pad("total", id_width) + "  " + pad_left(format_thousands(killed), 10) + "  " +
         pad_left(format_thousands(wounded), 10) + "\n";
}

double sum_over_nodes(const RunRecord& record, const std::vector<double>& values, int t,
                      const std::string& kind) {
  double total = 0.0;
  for (std::size_t n = 0; n < record.nodes.size(); ++n)
    if (kind.empty() || record.nodes[n].kind == kind) total += values[record.tn(t, n)];
  return total;
}

void oil(std::string& out, const RunRecord& record) {
  if (record.time_points == 0) return;
  const int last = record.time_points - 1;
  const double produced0 = sum_over_nodes(record, record.oil_output, 0, "oil_field");
  const double produced1 = sum_over_nodes(record, record.oil_output, last, "oil_field");
  const double exported0 = sum_over_nodes(record, record.oil_output, 0, "oil_terminal");
  const double exported1 = sum_over_nodes(record, record.oil_output, last, "oil_terminal");
  const double revenue = record.oil_revenue[static_cast<std::size_t>(last)];
  const double loss = record.oil_loss[static_cast<std::size_t>(last)];
  if (produced0 == 0 && produced1 == 0 && exported0 == 0 && exported1 == 0 && revenue == 0 &&
      loss == 0)
    return;
  out += "\nOil\n";
  if (produced0 != 0 || produced1 != 0)
    out += "  production  " + pad_left(format_thousands(produced0), 10) + " -> " +
           pad_left(format_thousands(produced1), 10) + " barrels/day (oil fields, start -> end)\n";
  if (exported0 != 0 || exported1 != 0)
    out += "  exports     " + pad_left(format_thousands(exported0), 10) + " -> " +
           pad_left(format_thousands(exported1), 10) + " barrels/day (terminals, start -> end)\n";
  out += "  revenue     " + format_usd(revenue) + "; lost " + format_usd(loss) + "\n";
}

void displaced(std::string& out, const RunRecord& record, const Dates& dates) {
  if (record.time_points == 0) return;
  double peak = -1.0;
  int peak_at = 0;
  for (int t = 0; t < record.time_points; ++t) {
    const double total = sum_over_nodes(record, record.displaced, t, "");
    if (total > peak) {
      peak = total;
      peak_at = t;
    }
  }
  const double final_total = sum_over_nodes(record, record.displaced, record.time_points - 1, "");
  out += "\nDisplaced  peak " + format_thousands(peak) + " (" + dates.at(peak_at) + "), final " +
         format_thousands(final_total) + "\n";
}

std::string bound(double value) {
  if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
  return fixed(value, std::abs(value) >= 100 || value == std::floor(value) ? 0 : 2);
}

void target_lines(std::string& out, const std::vector<TargetResult>& targets) {
  if (targets.empty()) return;
  const auto met =
      std::count_if(targets.begin(), targets.end(), [](const TargetResult& t) { return t.met; });
  out += "\nTargets    " + std::to_string(met) + " of " + std::to_string(targets.size()) + " met\n";
  std::size_t id_width = 2;
  for (const auto& target : targets) id_width = std::max(id_width, target.id.size());
  for (const auto& target : targets) {
    out += std::string("  ") + (target.met ? "met     " : "MISSED  ") + pad(target.id, id_width) +
           "  " + bound(target.value) + " in [" + bound(target.min) + ", " + bound(target.max) +
           "]" + (target.text.empty() ? "" : "  " + target.text) + "\n";
  }
}

}  // namespace

std::string format_thousands(double value) {
  if (!std::isfinite(value)) return std::isnan(value) ? "nan" : (value < 0 ? "-inf" : "inf");
  const bool negative = value < 0;
  const std::string digits = fixed(std::abs(std::round(value)), 0);
  std::string text;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) text += ',';
    text += digits[i];
  }
  return (negative && text != "0" ? "-" : "") + text;
}

std::string format_usd(double value) {
  const double magnitude = std::abs(value);
  const std::string sign = value < 0 ? "-" : "";
  // Three significant figures at most: "$8.2 billion", "$350 million".
  auto scaled = [&](double unit, const char* word) {
    const double x = magnitude / unit;
    return sign + "$" + fixed(x, x >= 100 ? 0 : 1) + " " + word;
  };
  if (magnitude >= 1e9) return scaled(1e9, "billion");
  if (magnitude >= 1e6) return scaled(1e6, "million");
  return sign + "$" + format_thousands(magnitude);
}

std::string format_run_summary(const RunRecord& record, const RunMetadata& metadata,
                               const std::vector<TargetResult>& targets) {
  const Dates dates(record);
  std::string out;
  header(out, record, metadata, dates);
  control_at_end(out, record, dates);
  captures(out, record, dates);
  sieges(out, record, dates);
  casualties(out, record);
  oil(out, record);
  displaced(out, record, dates);
  target_lines(out, targets);
  return out;
}

}  // namespace frontline
