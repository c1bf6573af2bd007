// Events: dated changes applied by the engine at the start of a step. Each
// kind has its own fields; a field of another kind is an error.
#include <algorithm>
#include <cctype>
#include <limits>

#include "frontline/core/parameters.hpp"
#include "frontline/scenario/limits.hpp"
#include "loader_internal.hpp"
#include "names.hpp"

namespace frontline::detail {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

struct KindRule {
  std::vector<std::string> required;
  std::vector<std::string> optional;
};

const std::vector<std::string>& all_fields() {
  static const std::vector<std::string> fields = {"faction",
                                                  "other",
                                                  "node",
                                                  "nodes",
                                                  "units",
                                                  "target",
                                                  "bridge",
                                                  "unit",
                                                  "fighters",
                                                  "vehicles",
                                                  "sorties",
                                                  "radius_km",
                                                  "share",
                                                  "flights_per_day",
                                                  "tonnes_per_flight",
                                                  "relation",
                                                  "parameter",
                                                  "value",
                                                  "aim",
                                                  "order",
                                                  "doctrine"};
  return fields;
}

const KindRule& rule_for(EventKind kind) {
  static const std::map<EventKind, KindRule> rules = {
      // Removed (an error says what replaced it); its old fields are read
      // so that the one error is the only one.
      {EventKind::offensive, {{}, {"faction", "target", "units"}}},
      {EventKind::halt, {{"faction"}, {}}},
      {EventKind::reinforcement, {{"faction", "node", "fighters", "vehicles", "unit"}, {"order"}}},
      {EventKind::campaign, {{"faction", "aim"}, {"units", "share"}}},
      {EventKind::doctrine, {{"faction", "doctrine"}, {}}},
      {EventKind::redeploy, {{"faction", "units", "node"}, {}}},
      {EventKind::ceasefire, {{"faction", "other"}, {}}},
      {EventKind::relation, {{"faction", "other", "relation"}, {}}},
      {EventKind::blockade, {{"faction"}, {"nodes", "share"}}},
      {EventKind::lift_blockade, {{"faction"}, {"nodes"}}},
      {EventKind::naval_deployment, {{"faction", "node"}, {}}},
      {EventKind::naval_withdrawal, {{"faction", "node"}, {}}},
      {EventKind::air_campaign, {{"faction", "other", "sorties"}, {"node", "nodes", "radius_km"}}},
      {EventKind::airlift, {{"faction", "bridge", "flights_per_day", "tonnes_per_flight"}, {}}},
      {EventKind::parameter, {{"parameter", "value"}, {}}},
      {EventKind::call_to_return, {{}, {"node", "faction"}}},
      {EventKind::defection, {{"faction", "other"}, {"node", "nodes", "units"}}},
  };
  return rules.at(kind);
}

std::string field_list(const KindRule& rule) {
  std::string out;
  for (const auto& f : rule.required) out += (out.empty() ? "" : ", ") + f;
  for (const auto& f : rule.optional) out += (out.empty() ? "" : ", ") + f + " (optional)";
  return out.empty() ? "no fields" : out;
}

bool is_naval(EventKind kind) {
  return kind == EventKind::naval_deployment || kind == EventKind::naval_withdrawal;
}

void read_node_field(LoadContext& context, EventSpec& e, const YamlNode& v) {
  const auto id = read_string(v, "node", context.diagnostics);
  if (!id) return;
  e.node = *id;
  if (!context.known_node(v, *id) || !is_naval(e.kind) || !context.map_ok) return;
  const NodeKind kind = context.node_kinds.at(*id);
  if (kind != NodeKind::port && kind != NodeKind::oil_terminal)
    context.diagnostics.add(
        v.where, "node '" + *id + "' is a " + to_string(kind) + ", not a port",
        "a port or oil_terminal for " + std::string(to_string(e.kind)) + " events");
}

void read_bridge_field(LoadContext& context, EventSpec& e, const YamlNode& v) {
  const auto id = read_string(v, "bridge", context.diagnostics);
  if (!id) return;
  e.bridge = *id;
  if (!context.factions_ok || e.faction.empty()) return;
  if (!std::count(context.faction_ids.begin(), context.faction_ids.end(), e.faction)) return;
  const auto& bridges = context.bridge_ids[e.faction];
  if (!std::count(bridges.begin(), bridges.end(), *id))
    context.diagnostics.add(v.where,
                            "unknown air bridge '" + *id + "' of faction '" + e.faction + "'",
                            suggestion(*id, bridges, "air bridge"));
}

void read_parameter_field(LoadContext& context, EventSpec& e, const YamlNode& v) {
  const auto path = read_string(v, "parameter", context.diagnostics);
  if (!path) return;
  e.parameter = *path;
  if (!find_parameter(*path))
    context.diagnostics.add(v.where, "unknown parameter '" + *path + "'",
                            suggestion(*path, parameter_paths(), "parameter"));
}

void read_value_field(LoadContext& context, EventSpec& e, const YamlNode& v) {
  const ParameterInfo* info = find_parameter(e.parameter);
  const double min = info ? info->min : -kInf;
  const double max = info ? info->max : kInf;
  e.value = read_number(v, "value", min, max, context.diagnostics).value_or(0.0);
}

void read_other_field(LoadContext& context, EventSpec& e, const YamlNode& v) {
  const auto id = read_string(v, "other", context.diagnostics);
  if (!id) return;
  e.other = *id;
  if (context.known_faction(v, *id) && *id == e.faction && !e.faction.empty())
    context.diagnostics.add(v.where, "'other' is the event's own faction '" + *id + "'",
                            "another faction");
}

void read_nodes_field(LoadContext& context, EventSpec& e, const YamlNode& v) {
  const auto ids = read_string_list(v, "nodes", context.diagnostics);
  if (!ids) return;
  e.nodes = *ids;
  for (std::size_t i = 0; i < ids->size(); ++i) context.known_node(v.items[i], (*ids)[i]);
}

// A doctrine event's new values: any of the doctrine's fields.
void read_doctrine_field(LoadContext& context, EventSpec& e, const YamlNode& v) {
  MappingReader reader(v, context.diagnostics, "doctrine");
  for (std::size_t i = 0; i < kDoctrineFields.size(); ++i) {
    const DoctrineField& field = kDoctrineFields[i];
    if (const auto value = reader.optional_number(field.name, field.min, field.max))
      e.doctrine.emplace_back(i, *value);
  }
  reader.finish();
  if (e.doctrine.empty())
    context.diagnostics.add(v.where, "a doctrine event changes nothing",
                            "one or more doctrine fields, such as aggression: 0.8");
}

void read_field(LoadContext& context, EventSpec& e, const std::string& field, const YamlNode& v) {
  DiagnosticList& d = context.diagnostics;
  constexpr double kMaxCount = InputLimits::max_count;
  if (field == "faction") {
    e.faction = read_string(v, field, d).value_or("");
    if (!e.faction.empty()) context.known_faction(v, e.faction);
  } else if (field == "other") {
    read_other_field(context, e, v);
  } else if (field == "node") {
    read_node_field(context, e, v);
  } else if (field == "nodes") {
    read_nodes_field(context, e, v);
  } else if (field == "units") {
    e.units = read_string_list(v, field, d).value_or(std::vector<std::string>{});
  } else if (field == "target") {
    e.target = read_string(v, field, d).value_or("");
    if (!e.target.empty()) context.known_node(v, e.target);
  } else if (field == "bridge") {
    read_bridge_field(context, e, v);
  } else if (field == "unit") {
    e.unit = read_string(v, field, d).value_or("");
    const bool ok = std::all_of(e.unit.begin(), e.unit.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
    });
    if (!ok) d.add(v.where, "invalid unit id '" + e.unit + "'", "letters, digits, '_' and '-'");
  } else if (field == "fighters") {
    e.fighters = read_number(v, field, 0.0, kMaxCount, d).value_or(0.0);
  } else if (field == "vehicles") {
    e.vehicles = read_number(v, field, 0.0, kMaxCount, d).value_or(0.0);
  } else if (field == "sorties") {
    e.sorties = read_number(v, field, 0.0, 1e5, d).value_or(0.0);
  } else if (field == "share") {
    e.share = read_number(v, field, 0.0, 1.0, d);
  } else if (field == "radius_km") {
    e.radius_km = read_number(v, field, 0.0, 1e5, d).value_or(0.0);
  } else if (field == "flights_per_day") {
    e.flights_per_day = read_number(v, field, 0.0, 1000.0, d).value_or(0.0);
  } else if (field == "tonnes_per_flight") {
    e.tonnes_per_flight = read_number(v, field, 0.0, 1000.0, d).value_or(0.0);
  } else if (field == "relation") {
    if (const auto r = read_choice(v, field, names_of<Relation>(), d))
      e.relation = *value_named<Relation>(*r);
  } else if (field == "parameter") {
    read_parameter_field(context, e, v);
  } else if (field == "value") {
    read_value_field(context, e, v);
  } else if (field == "aim") {
    e.aim = read_string(v, field, d).value_or("");
    if (!e.aim.empty()) context.known_node(v, e.aim);
  } else if (field == "order") {
    e.order = read_choice(v, field, {"hold", "garrison", "campaign"}, d).value_or("hold");
  } else if (field == "doctrine") {
    read_doctrine_field(context, e, v);
  }
}

// The kind's fields, in the order of all_fields() (faction before bridge and
// other, parameter before value); other kinds' fields are rejected.
void read_kind_fields(LoadContext& context, MappingReader& reader, EventSpec& e) {
  const KindRule& rule = rule_for(e.kind);
  const auto in = [](const std::vector<std::string>& list, const std::string& f) {
    return std::find(list.begin(), list.end(), f) != list.end();
  };
  for (const auto& field : all_fields()) {
    const bool required = in(rule.required, field);
    if (!required && !in(rule.optional, field)) {
      if (reader.has(field))
        reader.reject(
            field, "'" + field + "' is not used by " + to_string(e.kind) + " events",
            "the fields of " + std::string(to_string(e.kind)) + " events: " + field_list(rule));
      continue;
    }
    if (const YamlNode* value = reader.get(field))
      read_field(context, e, field, *value);
    else if (required)
      reader.missing(field, "the fields of " + std::string(to_string(e.kind)) +
                                " events: " + field_list(rule));
  }
}

// An air campaign flies every day from its date to `until`; other events
// repeat only with both `every` and `until`.
void read_timing(LoadContext& context, MappingReader& reader, EventSpec& e, bool campaign) {
  const auto date = reader.required_date("date");
  if (date) {
    e.date = *date;
    if (!context.in_calendar(*date))
      context.diagnostics.add(reader.where("date"),
                              "event date " + format_date(*date) + " is outside the calendar " +
                                  context.calendar_text(),
                              "a date from " + format_date(context.spec.calendar.start) +
                                  " up to but not including " +
                                  format_date(context.spec.calendar.end));
  }
  e.every_hours = reader.optional_duration("every");
  e.until = reader.optional_date("until");
  const bool every = reader.has("every");
  const bool until = reader.has("until");
  if (campaign) {
    if (every)
      reader.reject("every", "'every' is not used by air_campaign events",
                    "date and until: the campaign flies its sorties every day in between");
    if (!until) reader.missing("until", "the last day the air campaign flies (until: <date>)");
  } else if (every && !until) {
    reader.reject("every", "'every' without 'until'", "an 'until' date that ends the repeats");
  } else if (until && !every) {
    reader.reject("until", "'until' without 'every'", "an 'every' interval, such as 7d");
  }
  if (date && e.until && *e.until < *date)
    context.diagnostics.add(
        reader.where("until"),
        "until " + format_date(*e.until) + " is before date " + format_date(*date),
        "an until date on or after the event's date");
}

// An air campaign's area is a node and a radius, a list of nodes, or (with
// neither) everywhere; a defection names what changes sides.
void check_area_and_sides(LoadContext& context, MappingReader& reader, const EventSpec& e) {
  if (e.kind == EventKind::air_campaign) {
    if (reader.has("radius_km") && !reader.has("node"))
      reader.reject("radius_km", "'radius_km' without 'node'",
                    "node: <the centre of the area> with radius_km");
    if (reader.has("nodes") && reader.has("node"))
      reader.reject("nodes", "both 'node' and 'nodes'",
                    "one area: node (with radius_km) or a list of nodes");
  }
  if (e.kind == EventKind::defection && !reader.has("units") && !reader.has("node") &&
      !reader.has("nodes"))
    context.diagnostics.add(reader.node().where,
                            "defection event '" + e.id + "' names nothing that changes sides",
                            "units: [units of 'other'], node: <a town or garrison>, or nodes");
}

struct EventRead {
  EventSpec spec;
  const YamlNode* units = nullptr;
  const YamlNode* unit = nullptr;
};

EventRead read_event(LoadContext& context, const YamlEntry& entry) {
  MappingReader reader(entry.value, context.diagnostics, "event '" + entry.key + "'");
  EventRead out;
  EventSpec& e = out.spec;
  e.id = entry.key;
  const YamlNode* kind_node = reader.get("kind");
  if (kind_node != nullptr && kind_node->is_scalar() && kind_node->text == "airstrike") {
    // The old form struck a node fixed in advance, whoever stood there.
    reader.reject("kind",
                  "event kind 'airstrike' was replaced by 'air_campaign': sorties a day over an "
                  "area that hit the enemy forces present there, flown from date until 'until'",
                  "kind: air_campaign with faction, other, sorties (a day), until, and an area "
                  "(node with radius_km, or nodes)");
    read_timing(context, reader, e, false);
    for (const auto& field : all_fields()) reader.get(field);
    reader.get("text");
    reader.get("cite");
    reader.get("assumption");
    reader.finish();
    return out;
  }
  const auto kind = reader.required_choice("kind", names_of<EventKind>());
  read_timing(context, reader, e, kind && *kind == "air_campaign");
  e.text = reader.optional_string("text").value_or("");
  e.cite = read_citation(context, reader, "event '" + entry.key + "'", true);
  if (kind) {
    e.kind = *value_named<EventKind>(*kind);
    if (e.kind == EventKind::offensive)
      context.diagnostics.add(
          reader.where("kind"),
          "event kind 'offensive' was removed: a scenario states a campaign's aim and the "
          "forces committed, and the model chooses the objectives on the way",
          "kind: campaign, with aim: <node> and units: [...] and/or share: <0..1> (see "
          "docs/scenario-format.md)");
    read_kind_fields(context, reader, e);
    out.units = reader.get("units");
    out.unit = reader.get("unit");
    check_area_and_sides(context, reader, e);
  } else {
    for (const auto& field : all_fields()) reader.get(field);  // no kind: no field is unknown
  }
  reader.finish();
  return out;
}

// Reinforcements bring new units (later events may name them) or reinforce
// existing ones.
void check_units(LoadContext& context, const std::vector<EventRead>& events) {
  std::map<std::string, std::map<std::string, Days>> added;  // faction -> unit -> date
  for (const auto& read : events) {
    const EventSpec& e = read.spec;
    if (e.kind != EventKind::reinforcement || read.unit == nullptr || e.unit.empty()) continue;
    // A unit of the faction (or one an earlier reinforcement brought) is
    // reinforced; a new id brings a new unit from this date.
    const auto& units = context.unit_ids[e.faction];
    if (std::count(units.begin(), units.end(), e.unit) || added[e.faction].count(e.unit)) continue;
    added[e.faction][e.unit] = e.date;
  }
  for (const auto& read : events) {
    const EventSpec& e = read.spec;
    if (read.units == nullptr || !context.factions_ok) continue;
    // A defection names units of the side they leave.
    const std::string& owner = e.kind == EventKind::defection ? e.other : e.faction;
    if (!std::count(context.faction_ids.begin(), context.faction_ids.end(), owner)) continue;
    const auto& units = context.unit_ids[owner];
    for (std::size_t i = 0; i < e.units.size() && i < read.units->items.size(); ++i) {
      const std::string& id = e.units[i];
      const auto later = added[owner].find(id);
      if (std::count(units.begin(), units.end(), id) ||
          (later != added[owner].end() && later->second <= e.date))
        continue;
      context.diagnostics.add(read.units->items[i].where,
                              "unknown unit '" + id + "' of faction '" + owner + "'",
                              suggestion(id, units, "unit"));
    }
  }
}

}  // namespace

void read_events(LoadContext& context, const YamlNode* events) {
  if (events == nullptr) return;
  std::vector<EventRead> reads;
  for (const auto& entry : events->entries) {
    if (context.invented(entry, "event", *events) || !context.valid_id(entry, "event", true))
      continue;
    reads.push_back(read_event(context, entry));
  }
  check_units(context, reads);
  for (auto& read : reads) context.spec.events.push_back(std::move(read.spec));
  std::stable_sort(context.spec.events.begin(), context.spec.events.end(),
                   [](const EventSpec& a, const EventSpec& b) {
                     return a.date != b.date ? a.date < b.date : a.id < b.id;
                   });
}

}  // namespace frontline::detail
