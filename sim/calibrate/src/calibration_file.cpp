#include "frontline/calibrate/calibration_file.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <iterator>
#include <limits>
#include <set>

#include "frontline/scenario/loader.hpp"
#include "frontline/scenario/yaml_check.hpp"
#include "frontline/scenario/yaml_tree.hpp"

namespace frontline {

namespace {

constexpr double kLowest = std::numeric_limits<double>::lowest();
constexpr double kHighest = std::numeric_limits<double>::max();

// Keys of a target entry that say how to fit it; the others describe a new
// scenario target (metric, faction, node, ...).
const std::vector<std::string>& fit_keys() {
  static const std::vector<std::string> keys = {"value", "tolerance", "min",  "max",
                                                "scale", "date",      "never"};
  return keys;
}

bool valid_name(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

std::string default_name(const std::string& path) {
  std::string name;
  for (const char c : path)
    name += (std::isalnum(static_cast<unsigned char>(c)) || c == '_') ? c : '_';
  return name;
}

std::string quoted(const std::string& text) {
  std::string q = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') q += '\\';
    q += c;
  }
  return q + '"';
}

void read_prior(MappingReader& reader, CalibrationParameter& p, DiagnosticList& d) {
  const auto kind =
      reader.required_choice("prior", {"uniform", "log-uniform", "normal", "truncated-normal"});
  const auto min = reader.optional_number("min", kLowest, kHighest);
  const auto max = reader.optional_number("max", kLowest, kHighest);
  const auto mean = reader.optional_number("mean", kLowest, kHighest);
  const auto sd = reader.optional_number("sd", kLowest, kHighest);
  if (!kind) return;
  const std::string what = "the prior of '" + p.path + "'";
  const auto need = [&](const char* key, const std::optional<double>& v) {
    if (!v) reader.missing(key, "the keys of a " + *kind + " prior");
    return v.has_value();
  };
  const auto refuse = [&](const char* key, bool present) {
    if (present)
      reader.reject(key, std::string("'") + key + "' does not apply to a " + *kind + " prior",
                    *kind == "normal" ? "mean and sd (min/max make it truncated-normal)"
                                      : "the keys of a " + *kind + " prior");
  };
  if (*kind == "uniform" || *kind == "log-uniform") {
    refuse("mean", mean.has_value());
    refuse("sd", sd.has_value());
    if (!need("min", min) | !need("max", max)) return;
    if (*min >= *max) {
      d.add(reader.where("max"),
            "empty prior: " + what + " has min " + format_number(*min) + " >= max " +
                format_number(*max),
            "min < max");
      return;
    }
    if (*kind == "log-uniform" && *min <= 0.0) {
      d.add(reader.where("min"),
            "a log-uniform prior needs min > 0, got " + format_number(*min) + " in " + what,
            "a positive min");
      return;
    }
    p.prior = *kind == "uniform" ? Prior::uniform(*min, *max) : Prior::log_uniform(*min, *max);
    return;
  }
  if (!need("mean", mean) | !need("sd", sd)) return;
  if (*sd <= 0.0) {
    d.add(reader.where("sd"), "sd " + format_number(*sd) + " of " + what + " is not positive",
          "sd > 0");
    return;
  }
  if (*kind == "normal" && !min && !max) {
    p.prior = Prior::normal(*mean, *sd);
    return;
  }
  const double lo = min.value_or(-std::numeric_limits<double>::infinity());
  const double hi = max.value_or(std::numeric_limits<double>::infinity());
  if (lo >= hi) {
    d.add(reader.where("max"),
          "empty prior: " + what + " has min " + format_number(lo) + " >= max " + format_number(hi),
          "min < max");
    return;
  }
  p.prior = Prior::truncated_normal(*mean, *sd, lo, hi);
  if (!(p.prior.truncated_mass() > 1e-12))
    d.add(reader.where("min"),
          "empty prior: " + what + " puts no probability in [" + format_number(lo) + ", " +
              format_number(hi) + "]",
          "min and max within a few sd of the mean");
}

CalibrationParameter read_parameter(const YamlEntry& entry, DiagnosticList& d) {
  CalibrationParameter p;
  p.path = entry.key;
  p.where = entry.key_where;
  p.name = default_name(p.path);
  if (p.path.empty() || p.path.front() == '.' || p.path.back() == '.' ||
      p.path.find("..") != std::string::npos || p.path.find('=') != std::string::npos)
    d.add(entry.key_where, "'" + p.path + "' is not a --set path",
          "dotted keys, e.g. factions.ISIS.fighters");
  MappingReader reader(entry.value, d, "parameter '" + p.path + "'");
  if (!reader.valid()) return p;
  read_prior(reader, p, d);
  if (const auto name = reader.optional_string("name")) {
    p.name = *name;
    if (!valid_name(p.name))
      d.add(reader.where("name"), "name '" + p.name + "' is not usable as a variable name",
            "letters, digits and underscores");
  }
  p.integer = reader.optional_bool("integer").value_or(false);
  reader.finish();
  return p;
}

TargetRequest read_target(const YamlEntry& entry, DiagnosticList& d) {
  TargetRequest t;
  t.id = entry.key;
  t.where = entry.key_where;
  if (entry.value.is_null()) return t;  // `id:` alone: the scenario target as it is
  MappingReader reader(entry.value, d, "target '" + t.id + "'");
  if (!reader.valid()) return t;
  t.value = reader.optional_number("value", kLowest, kHighest);
  t.tolerance = reader.optional_number("tolerance", kLowest, kHighest);
  t.min = reader.optional_number("min", kLowest, kHighest);
  t.max = reader.optional_number("max", kLowest, kHighest);
  t.scale = reader.optional_number("scale", kLowest, kHighest);
  t.date = reader.optional_date("date");
  t.never = reader.optional_bool("never").value_or(false);
  if (t.tolerance && *t.tolerance <= 0.0)
    reader.reject("tolerance", "tolerance must be positive", "a number > 0");
  if (t.scale && *t.scale <= 0.0) reader.reject("scale", "scale must be positive", "a number > 0");
  const int forms = (t.value ? 1 : 0) + ((t.min || t.max) ? 1 : 0) + (t.date ? 1 : 0) + t.never;
  if (forms > 1)
    d.add(entry.value.where,
          "target '" + t.id + "' states more than one form (value, min/max, date, never)",
          "one of: value + tolerance, min and/or max, date + tolerance, never: true");
  if (t.value && !t.tolerance)
    reader.missing("tolerance", "value and tolerance (the distance unit)");
  if (t.min && t.max && *t.min > *t.max)
    reader.reject("max", "max " + format_number(*t.max) + " is below min " + format_number(*t.min),
                  "min <= max");
  if (t.scale && (t.value || t.date || t.never))
    reader.reject("scale", "scale applies to intervals (min/max) only",
                  "tolerance for value and date targets");
  if (reader.has("metric")) {
    std::string fields;
    for (const auto& e : entry.value.entries) {
      if (std::find(fit_keys().begin(), fit_keys().end(), e.key) != fit_keys().end()) continue;
      if (!e.value.is_scalar()) {
        d.add(e.value.where,
              "field '" + e.key + "' of target '" + t.id + "' is " + describe(e.value),
              "a scalar, as in a scenario target");
        continue;
      }
      const bool plain =
          !e.value.quoted && std::all_of(e.value.text.begin(), e.value.text.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
          });
      fields += (fields.empty() ? "" : ", ") + e.key + ": " +
                (plain ? e.value.text : quoted(e.value.text));
      reader.get(e.key);
    }
    if (!reader.has("text")) fields += ", text: " + quoted("calibration target " + t.id);
    t.added_yaml = fields;
    if (forms == 0)
      d.add(entry.value.where, "new target '" + t.id + "' states no form to fit",
            "value + tolerance, min and/or max, date + tolerance, or never: true");
  } else {
    if (t.date || t.never)
      d.add(entry.value.where,
            "target '" + t.id + "': date and never apply to new capture_day targets",
            "metric: capture_day with faction and node, then date or never");
    reader.finish();
  }
  return t;
}

void read_targets(const YamlNode& targets, CalibrationSpec& spec, DiagnosticList& d) {
  if (!targets.is_mapping()) {
    d.add(targets.where, "targets must be a mapping of target ids, got " + describe(targets),
          "targets: {ID: {...}, ...}");
    return;
  }
  if (targets.entries.empty())
    d.add(targets.where, "targets is empty", "at least one target, or no targets key (all)");
  for (const auto& entry : targets.entries) spec.targets.push_back(read_target(entry, d));
}

CalibrationSpec parse(const YamlNode& root, CalibrationSpec spec) {
  DiagnosticList d;
  spec.where = root.where;
  if (!root.is_mapping()) {
    d.add(root.where, "a calibration file must be a mapping, got " + describe(root),
          "keys: scenario, parameters, targets, method, budget, ...");
    d.throw_if_any();
  }
  MappingReader top(root, d, "the calibration");
  if (const auto scenario = top.required_string("scenario")) spec.scenario = *scenario;
  spec.scenario_where = top.where("scenario");
  top.optional_string("description");
  spec.overrides = read_set_list(top);
  if (const YamlNode* parameters = top.get("parameters")) {
    if (!parameters->is_mapping() || parameters->entries.empty())
      d.add(parameters->where, "parameters must be a non-empty mapping of --set paths",
            "parameters: {PATH: {prior: uniform, min: ..., max: ...}, ...}");
    else if (parameters->entries.size() > CalibrationLimits::max_parameters)
      d.add(parameters->where,
            "too many parameters (" + std::to_string(parameters->entries.size()) + ")",
            "at most " + std::to_string(CalibrationLimits::max_parameters));
    else
      for (const auto& entry : parameters->entries)
        spec.parameters.push_back(read_parameter(entry, d));
    std::set<std::string> names;
    for (const auto& p : spec.parameters)
      if (!names.insert(p.name).second)
        d.add(p.where, "two parameters are named '" + p.name + "'", "distinct names");
  } else {
    top.missing("parameters", "the free parameters with their priors");
  }
  if (const YamlNode* targets = top.get("targets")) read_targets(*targets, spec, d);
  if (const auto method = top.optional_choice("method", {"abc-smc", "history-matching"}))
    spec.method =
        *method == "abc-smc" ? CalibrationMethod::abc_smc : CalibrationMethod::history_matching;
  spec.budget_where = top.where("budget");
  if (const auto budget = top.required_integer(
          "budget", 0, static_cast<long long>(CalibrationLimits::max_budget))) {
    spec.budget = static_cast<std::uint64_t>(*budget);
    if (spec.budget == 0)
      d.add(spec.budget_where, "budget is 0: no simulation could run",
            "the number of simulations to spend, at least particles x replicates");
  }
  if (const auto particles = top.optional_integer("particles", 2, CalibrationLimits::max_particles))
    spec.particles = static_cast<std::uint32_t>(*particles);
  if (const auto replicates = top.optional_integer("replicates", 1, 1000))
    spec.replicates = static_cast<std::uint32_t>(*replicates);
  spec.seed = top.optional_unsigned("seed");
  spec.alpha = top.number_or("alpha", spec.alpha, 0.05, 0.95);
  spec.min_acceptance = top.number_or("min_acceptance", spec.min_acceptance, 0.0, 1.0);
  if (const auto waves = top.optional_integer("waves", 1, CalibrationLimits::max_waves))
    spec.waves = static_cast<std::uint32_t>(*waves);
  spec.cutoff = top.number_or("cutoff", spec.cutoff, 0.5, 100.0);
  if (const auto output = top.optional_string("output")) spec.output = *output;
  top.finish();
  if (spec.budget > 0 && spec.budget < static_cast<std::uint64_t>(spec.particles) * spec.replicates)
    d.add(spec.budget_where,
          "budget " + std::to_string(spec.budget) + " is less than one wave (" +
              std::to_string(spec.particles) + " particles x " + std::to_string(spec.replicates) +
              " replicates)",
          "a budget of at least " +
              std::to_string(static_cast<std::uint64_t>(spec.particles) * spec.replicates));
  d.throw_if_any();
  return spec;
}

}  // namespace

const char* to_string(CalibrationMethod method) {
  return method == CalibrationMethod::abc_smc ? "abc-smc" : "history-matching";
}

CalibrationSpec load_calibration_text(const std::string& text, const std::string& name,
                                      const std::filesystem::path& base_dir) {
  if (text.size() > CalibrationLimits::max_file_bytes)
    throw InputError(Location{name},
                     "the calibration file is " + std::to_string(text.size()) + " bytes",
                     "at most " + std::to_string(CalibrationLimits::max_file_bytes) + " bytes");
  CalibrationSpec spec;
  spec.source_name = name;
  spec.base_dir = base_dir;
  spec.text = text;
  return parse(parse_yaml_text(text, name), std::move(spec));
}

CalibrationSpec load_calibration_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw InputError(Location{path.string()}, "no such calibration file", "an existing YAML file");
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec && size > CalibrationLimits::max_file_bytes)
    throw InputError(Location{path.string()},
                     "the calibration file is " + std::to_string(size) + " bytes",
                     "at most " + std::to_string(CalibrationLimits::max_file_bytes) + " bytes");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(Location{path.string()}, "cannot read the calibration file");
  const std::string text(std::istreambuf_iterator<char>(in), {});
  const auto dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  return load_calibration_text(text, path.string(), dir);
}

}  // namespace frontline
