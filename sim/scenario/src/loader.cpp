// load_scenario: the tree stage, then every section's reader, then one
// InputError with every problem, or the ScenarioSpec.
#include "frontline/scenario/loader.hpp"

#include <algorithm>
#include <cctype>

#include "frontline/scenario/yaml_check.hpp"
#include "frontline/scenario/yaml_tree.hpp"
#include "loader_internal.hpp"

namespace frontline {

namespace detail {

bool LoadContext::known_node(const YamlNode& at, const std::string& id) {
  if (!map_ok || node_kinds.count(id)) return true;
  diagnostics.add(at.where, "unknown node '" + id + "'", suggestion(id, node_ids, "node"));
  return false;
}

bool LoadContext::known_faction(const YamlNode& at, const std::string& id) {
  if (!factions_ok || std::count(faction_ids.begin(), faction_ids.end(), id)) return true;
  diagnostics.add(at.where, "unknown faction '" + id + "'", suggestion(id, faction_ids, "faction"));
  return false;
}

bool LoadContext::invented(const YamlEntry& entry, const std::string& what, const YamlNode& map) {
  if (!entry.value.implicit) return false;
  std::vector<std::string> ids;
  for (const auto& other : map.entries)
    if (!other.value.implicit) ids.push_back(other.key);
  diagnostics.add(entry.key_where, "unknown " + what + " '" + entry.key + "'",
                  suggestion(entry.key, ids, what));
  return true;
}

bool LoadContext::valid_id(const YamlEntry& entry, const std::string& what, bool allow_dash) {
  const bool ok = std::all_of(entry.key.begin(), entry.key.end(), [&](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || (allow_dash && c == '-');
  });
  if (!ok)
    diagnostics.add(entry.key_where, "invalid " + what + " id '" + entry.key + "'",
                    allow_dash ? "letters, digits, '_' and '-'" : "letters, digits and '_'");
  return ok;
}

bool LoadContext::in_calendar(Days date) const {
  return !calendar_ok || (date >= spec.calendar.start && date < spec.calendar.end);
}

std::string LoadContext::calendar_text() const {
  return format_date(spec.calendar.start) + " to " + format_date(spec.calendar.end);
}

namespace {

// Dates that the CF time units of the output and xarray decode: years 1900 to 2200.
bool date_in_range(LoadContext& context, MappingReader& reader, const std::string& key, Days date) {
  const auto year = static_cast<int>(std::chrono::year_month_day{date}.year());
  if (year >= InputLimits::min_year && year <= InputLimits::max_year) return true;
  context.diagnostics.add(reader.where(key),
                          "calendar " + key + " " + format_date(date) + " is out of range",
                          "a date from " + std::to_string(InputLimits::min_year) + "-01-01 to " +
                              std::to_string(InputLimits::max_year) + "-12-31");
  return false;
}

}  // namespace

void read_calendar(LoadContext& context, const YamlNode* calendar) {
  if (calendar == nullptr) return;
  MappingReader reader(*calendar, context.diagnostics, "calendar");
  const auto start = reader.required_date("start");
  const auto end = reader.required_date("end");
  const auto step = reader.optional_duration("step");
  reader.finish();
  if (!start || !end || (reader.has("step") && !step)) return;
  bool sane = date_in_range(context, reader, "start", *start);
  sane = date_in_range(context, reader, "end", *end) && sane;
  if (step && *step > InputLimits::max_step_hours) {
    context.diagnostics.add(
        reader.where("step"),
        "calendar step " + format_duration_hours(*step) + " is longer than a year",
        "at most " + format_duration_hours(InputLimits::max_step_hours));
    sane = false;
  }
  if (!sane) return;
  CalendarSpec& spec = context.spec.calendar;
  spec.start = *start;
  spec.end = *end;
  spec.step_hours = step.value_or(24);
  if (*end <= *start) {
    context.diagnostics.add(
        reader.where("end"),
        "calendar end " + format_date(*end) + " is not after start " + format_date(*start),
        "an end date later than the start date");
    return;
  }
  const long long hours = (*end - *start).count() * 24LL;
  const long long steps = (hours + spec.step_hours - 1) / spec.step_hours;
  if (steps > InputLimits::max_steps) {
    context.diagnostics.add(reader.has("step") ? reader.where("step") : reader.where("end"),
                            "the calendar has " + std::to_string(steps) + " steps",
                            "at most " + std::to_string(InputLimits::max_steps) +
                                " steps: a longer step or a shorter period");
    return;
  }
  context.calendar_ok = true;
}

namespace {

bool valid_scenario_name(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

void read_scenario(LoadContext& context, const YamlNode& root) {
  MappingReader reader(root, context.diagnostics, "the scenario");
  ScenarioSpec& spec = context.spec;
  if (const auto name = reader.required_string("name")) {
    spec.name = *name;
    if (!valid_scenario_name(*name))
      context.diagnostics.add(reader.where("name"), "invalid scenario name '" + *name + "'",
                              "lower-case letters, digits and '-', such as sirte-2016");
  }
  spec.description = reader.required_string("description").value_or("");
  read_sources(context, reader.optional_mapping("sources"));
  read_calendar(context, reader.required_mapping("calendar"));
  spec.seed = reader.required_unsigned("seed").value_or(0);
  const YamlNode* map = reader.required_mapping("map");
  if (context.map_loaded) read_map(context, map);
  read_factions(context, reader.required_mapping("factions"));
  read_relations(context, reader.get("relations"), root.where);
  read_control(context, reader.required_mapping("control"));
  read_events(context, reader.optional_mapping("events"));
  read_parameters(context, reader.optional_mapping("parameters"));
  read_targets(context, reader.optional_mapping("targets"));
  read_calibrated(context, reader.optional_mapping("calibrated"));
  check_size(context, reader.where("calendar"));
  reader.finish();
}

ScenarioSpec load_tree(YamlNode root, FileResolver& files, IncludeChain chain,
                       const LoadOptions& options) {
  if (!root.is_mapping())
    throw InputError(root.where,
                     root.is_null() ? "no YAML content" : "the scenario is " + describe(root),
                     "a mapping with name, description, calendar, seed, map, factions, ...");
  root = resolve_includes(std::move(root), files, std::move(chain));
  DiagnosticList diagnostics;
  LoadContext context(diagnostics, options, files);
  // The map is whole before --set applies, so that map.nodes.X=null deletes the
  // node itself (and its edges), not only this file's changes to it.
  context.map_loaded = assemble_map(root, files, diagnostics);
  apply_overrides(root, options.overrides, diagnostics);
  if (context.map_loaded) context.map_loaded = assemble_map(root, files, diagnostics);
  read_scenario(context, root);
  diagnostics.throw_if_any();
  context.spec.overrides = options.overrides;
  context.spec.resolved_yaml = emit_yaml(root);
  context.spec.input_files = files.read_files();
  return std::move(context.spec);
}

}  // namespace
}  // namespace detail

ScenarioSpec load_scenario_text(const std::string& text, const std::string& name,
                                const std::filesystem::path& base_dir, const LoadOptions& options) {
  detail::FileResolver files(base_dir, options.scenario_root, options.allowed_paths);
  files.remember(name, base_dir);
  YamlNode root = parse_yaml_text(text, name);
  ScenarioSpec spec = detail::load_tree(std::move(root), files, {{""}, {name}}, options);
  spec.path = name;
  return spec;
}

ScenarioSpec load_scenario(const std::filesystem::path& file, const LoadOptions& options) {
  namespace fs = std::filesystem;
  fs::path dir = file.parent_path();
  if (dir.empty()) dir = ".";
  detail::FileResolver files(dir, options.scenario_root, options.allowed_paths);
  files.remember(file.string(), dir);
  YamlNode root = parse_yaml_file(file);
  std::error_code ec;
  const fs::path canonical = fs::weakly_canonical(file, ec);
  ScenarioSpec spec =
      detail::load_tree(std::move(root), files,
                        {{ec ? file.string() : canonical.string()}, {file.string()}}, options);
  spec.path = file.string();
  return spec;
}

}  // namespace frontline
