// Targets: report facts as a metric with bounds, checked against runs.
#include <algorithm>

#include "loader_internal.hpp"
#include "names.hpp"

namespace frontline::detail {

namespace {

struct MetricRule {
  std::vector<std::string> required;
  std::vector<std::string> optional;
};

const std::vector<std::string>& metric_fields() {
  static const std::vector<std::string> fields = {"faction", "node", "event",   "on",
                                                  "from",    "to",   "baseline"};
  return fields;
}

const MetricRule& rule_for(TargetMetric metric) {
  static const std::map<TargetMetric, MetricRule> rules = {
      {TargetMetric::controls, {{"faction", "node", "on"}, {}}},
      {TargetMetric::capture_day, {{"faction", "node"}, {}}},
      {TargetMetric::killed, {{"faction", "on"}, {}}},
      {TargetMetric::wounded, {{"faction", "on"}, {}}},
      {TargetMetric::wounded_per_killed, {{"faction", "on"}, {}}},
      {TargetMetric::oil_output_fraction, {{"from", "to", "baseline"}, {}}},
      {TargetMetric::oil_loss, {{"on"}, {}}},
      {TargetMetric::event_count, {{"event", "from", "to"}, {"faction", "node"}}},
      {TargetMetric::besieged_days, {{"node", "from", "to"}, {}}},
      {TargetMetric::held_days, {{"faction", "node", "from", "to"}, {}}},
      {TargetMetric::displaced, {{"on"}, {"node"}}},
      {TargetMetric::strength, {{"faction", "on"}, {"node"}}},
      {TargetMetric::humanitarian, {{"node", "on"}, {}}},
      {TargetMetric::population, {{"on"}, {"node"}}},
  };
  return rules.at(metric);
}

std::string field_list(const MetricRule& rule) {
  std::string out;
  for (const auto& f : rule.required) out += (out.empty() ? "" : ", ") + f;
  for (const auto& f : rule.optional) out += (out.empty() ? "" : ", ") + f + " (optional)";
  return out;
}

// Target dates may fall on the end date itself: [start, end].
std::optional<Days> read_target_date(LoadContext& context, const std::string& field,
                                     const YamlNode& node) {
  const auto date = read_date(node, field, context.diagnostics);
  if (!date || !context.calendar_ok) return date;
  const auto& calendar = context.spec.calendar;
  if (*date < calendar.start || *date > calendar.end)
    context.diagnostics.add(
        node.where,
        field + " " + format_date(*date) + " is outside the calendar " + context.calendar_text(),
        "a date from " + format_date(calendar.start) + " to " + format_date(calendar.end));
  return date;
}

void read_field(LoadContext& context, TargetSpec& t, const std::string& field, const YamlNode& v) {
  if (field == "faction") {
    t.faction = read_string(v, field, context.diagnostics).value_or("");
    if (!t.faction.empty()) context.known_faction(v, t.faction);
  } else if (field == "node") {
    t.node = read_string(v, field, context.diagnostics).value_or("");
    if (!t.node.empty()) context.known_node(v, t.node);
  } else if (field == "event") {
    t.event = read_choice(v, field, record_event_names(), context.diagnostics).value_or("");
  } else if (field == "on") {
    t.on = read_target_date(context, field, v);
  } else if (field == "from") {
    t.from = read_target_date(context, field, v);
  } else if (field == "to") {
    t.to = read_target_date(context, field, v);
  } else if (field == "baseline") {
    t.baseline = read_target_date(context, field, v);
  }
}

void read_metric_fields(LoadContext& context, MappingReader& reader, TargetSpec& t) {
  const MetricRule& rule = rule_for(t.metric);
  const auto in = [](const std::vector<std::string>& list, const std::string& f) {
    return std::find(list.begin(), list.end(), f) != list.end();
  };
  const std::string metric = to_string(t.metric);
  for (const auto& field : metric_fields()) {
    const bool required = in(rule.required, field);
    if (!required && !in(rule.optional, field)) {
      if (reader.has(field))
        reader.reject(field, "'" + field + "' is not used by the metric " + metric,
                      "the fields of " + metric + ": " + field_list(rule));
      continue;
    }
    if (const YamlNode* value = reader.get(field))
      read_field(context, t, field, *value);
    else if (required)
      reader.missing(field, "the fields of " + metric + ": " + field_list(rule));
  }
  if (t.from && t.to && *t.to < *t.from)
    context.diagnostics.add(reader.where("to"),
                            "to " + format_date(*t.to) + " is before from " + format_date(*t.from),
                            "a period whose end is not before its start");
}

void read_bounds(LoadContext& context, MappingReader& reader, TargetSpec& t) {
  constexpr double kHuge = 1e300;
  t.min = reader.optional_number("min", -kHuge, kHuge);
  t.max = reader.optional_number("max", -kHuge, kHuge);
  if (!reader.has("min") && !reader.has("max")) reader.missing("min", "a 'min', a 'max' or both");
  if (t.min && t.max && *t.min > *t.max)
    context.diagnostics.add(
        reader.where("max"),
        "max " + format_number(*t.max) + " is below min " + format_number(*t.min), "min <= max");
}

TargetSpec read_target(LoadContext& context, const YamlEntry& entry) {
  MappingReader reader(entry.value, context.diagnostics, "target '" + entry.key + "'");
  TargetSpec t;
  t.id = entry.key;
  t.text = reader.required_string("text").value_or("");
  const auto metric = reader.required_choice("metric", names_of<TargetMetric>());
  read_bounds(context, reader, t);
  t.cite = read_citation(context, reader, "target '" + entry.key + "'", true);
  if (metric) {
    t.metric = *value_named<TargetMetric>(*metric);
    read_metric_fields(context, reader, t);
  } else {
    for (const auto& field : metric_fields()) reader.get(field);
  }
  reader.finish();
  return t;
}

}  // namespace

void read_targets(LoadContext& context, const YamlNode* targets) {
  if (targets == nullptr) return;
  for (const auto& entry : targets->entries) {
    if (context.invented(entry, "target", *targets) || !context.valid_id(entry, "target", true))
      continue;
    context.spec.targets.push_back(read_target(context, entry));
  }
}

}  // namespace frontline::detail
