#include "frontline/sweep/sweep_file.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
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

std::optional<double> plain_number(const YamlNode& node) {
  if (!node.is_scalar() || node.quoted) return std::nullopt;
  double value = 0;
  const char* begin = node.text.data();
  const char* end = begin + node.text.size();
  const auto result = std::from_chars(begin, end, value);
  if (result.ec != std::errc{} || result.ptr != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::string default_name(const std::string& path) {
  std::string name;
  for (const char c : path)
    name += (std::isalnum(static_cast<unsigned char>(c)) || c == '_') ? c : '_';
  return name;
}

bool valid_name(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

void read_values(const YamlNode& list, SweepParameter& p, DiagnosticList& d) {
  if (!list.is_sequence() || list.items.empty()) {
    d.add(list.where, "values of '" + p.path + "' must be a non-empty list", "[a, b, ...]");
    return;
  }
  if (list.items.size() > SweepLimits::max_values) {
    d.add(list.where, "'" + p.path + "' has " + std::to_string(list.items.size()) + " values",
          "at most " + std::to_string(SweepLimits::max_values));
    return;
  }
  bool all_numbers = true;
  std::vector<std::string> texts;
  for (const auto& item : list.items) {
    if (!item.is_scalar()) {
      d.add(item.where, "a value of '" + p.path + "' is " + describe(item), "a number or a string");
      return;
    }
    texts.push_back(item.text);
    if (const auto number = plain_number(item))
      p.numbers.push_back(*number);
    else
      all_numbers = false;
  }
  if (!all_numbers) {
    p.numbers.clear();
    p.strings = texts;
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < texts.size(); ++i)
    if (!seen.insert(p.is_string() ? texts[i] : number_text(p.numbers[i])).second)
      d.add(list.items[i].where, "'" + p.path + "' lists the value '" + texts[i] + "' twice",
            "distinct values");
}

void read_range(const YamlNode& node, SweepParameter& p, DiagnosticList& d) {
  MappingReader range(node, d, "the range of '" + p.path + "'");
  if (!range.valid()) return;
  p.is_range = true;
  const auto min = range.required_number("min", kLowest, kHighest);
  const auto max = range.required_number("max", kLowest, kHighest);
  if (const auto steps =
          range.optional_integer("steps", 1, static_cast<long long>(SweepLimits::max_values)))
    p.steps = static_cast<int>(*steps);
  p.log = range.optional_bool("log").value_or(false);
  range.finish();
  if (!min || !max) return;
  p.min = *min;
  p.max = *max;
  if (p.min > p.max)
    d.add(node.where,
          "the range of '" + p.path + "' has min " + number_text(p.min) + " above max " +
              number_text(p.max),
          "min <= max");
  if (p.log && p.min <= 0.0)
    d.add(range.where("min"),
          "a log range of '" + p.path + "' needs min > 0, got " + number_text(p.min),
          "a positive min, or log: false");
}

SweepParameter read_parameter(const YamlEntry& entry, DiagnosticList& d) {
  SweepParameter p;
  p.path = entry.key;
  p.where = entry.key_where;
  p.name = default_name(p.path);
  if (p.path.empty() || p.path.front() == '.' || p.path.back() == '.' ||
      p.path.find("..") != std::string::npos || p.path.find('=') != std::string::npos)
    d.add(entry.key_where, "'" + p.path + "' is not a --set path",
          "dotted keys, e.g. factions.ISIS.fighters");
  const YamlNode& body = entry.value;
  if (body.is_sequence()) {
    read_values(body, p, d);
    return p;
  }
  if (!body.is_mapping()) {
    d.add(body.where, "parameter '" + p.path + "' needs values or a range, got " + describe(body),
          "values: [...] or range: {min, max, steps}");
    return p;
  }
  MappingReader reader(body, d, "parameter '" + p.path + "'");
  const YamlNode* values = reader.get("values");
  const YamlNode* range = reader.get("range");
  if (values && range)
    d.add(body.where, "parameter '" + p.path + "' has both values and range", "one of them");
  else if (values)
    read_values(*values, p, d);
  else if (range)
    read_range(*range, p, d);
  else
    d.add(body.where, "parameter '" + p.path + "' has neither values nor range",
          "values: [...] or range: {min, max, steps}");
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

void check_design(SweepSpec& spec, MappingReader& top, DiagnosticList& d) {
  const auto kind = to_string(spec.design.kind);
  if (spec.design.kind == DesignKind::grid) {
    if (top.has("samples"))
      d.add(top.where("samples"), "samples applies to lhs and sobol designs, not grid",
            "design: lhs or sobol");
    for (const auto& p : spec.parameters)
      if (p.is_range && p.steps == 0)
        d.add(p.where, "range of '" + p.path + "' has no steps", "steps: N for a grid design");
    return;
  }
  if (spec.design.samples == 0 && !top.has("samples"))
    d.add(top.where("design"), std::string("a ") + kind + " design needs samples",
          "samples: a whole number >= 1");
  for (const auto& p : spec.parameters)
    if (p.is_range && p.steps > 0)
      d.add(p.where, "steps of '" + p.path + "' apply to grid designs only",
            std::string("no steps: the ") + kind + " design samples the range");
}

SweepSpec parse(const YamlNode& root, SweepSpec spec) {
  DiagnosticList d;
  if (!root.is_mapping()) {
    d.add(root.where, "a sweep file must be a mapping, got " + describe(root),
          "keys: scenario, parameters, design, ...");
    d.throw_if_any();
  }
  MappingReader top(root, d, "the sweep");
  if (const auto scenario = top.required_string("scenario")) spec.scenario = *scenario;
  spec.scenario_where = top.where("scenario");
  top.optional_string("description");
  spec.overrides = read_set_list(top);
  if (const YamlNode* parameters = top.optional_mapping("parameters")) {
    if (parameters->entries.size() > SweepLimits::max_parameters)
      d.add(parameters->where,
            "too many parameters (" + std::to_string(parameters->entries.size()) + ")",
            "at most " + std::to_string(SweepLimits::max_parameters));
    else
      for (const auto& entry : parameters->entries)
        spec.parameters.push_back(read_parameter(entry, d));
    std::set<std::string> names;
    for (const auto& p : spec.parameters)
      if (!names.insert(p.name).second)
        d.add(p.where, "two parameters are named '" + p.name + "'", "distinct names");
  }
  if (const auto design = top.optional_choice("design", {"grid", "lhs", "sobol"}))
    spec.design.kind = *design == "lhs"     ? DesignKind::lhs
                       : *design == "sobol" ? DesignKind::sobol
                                            : DesignKind::grid;
  if (const auto samples = top.optional_integer("samples", 1, SweepLimits::max_samples))
    spec.design.samples = static_cast<std::uint64_t>(*samples);
  if (const auto replicates = top.optional_integer("replicates", 1, SweepLimits::max_replicates))
    spec.replicates = static_cast<std::uint32_t>(*replicates);
  spec.seed = top.optional_unsigned("seed");
  if (const auto metrics = top.optional_string_list("metrics")) {
    const YamlNode* node = top.get("metrics");
    if (metrics->empty()) d.add(node->where, "metrics must not be empty", "[capture_day, ...]");
    for (std::size_t i = 0; i < metrics->size(); ++i) {
      spec.metrics.push_back((*metrics)[i]);
      spec.metric_where.push_back(node->items[i].where);
    }
  }
  spec.timeseries = top.optional_bool("timeseries").value_or(false);
  if (const auto output = top.optional_string("output")) spec.output = *output;
  top.finish();
  check_design(spec, top, d);
  d.throw_if_any();
  return spec;
}

}  // namespace

SweepSpec load_sweep_text(const std::string& text, const std::string& name,
                          const std::filesystem::path& base_dir) {
  if (text.size() > SweepLimits::max_file_bytes)
    throw InputError(Location{name}, "the sweep file is " + std::to_string(text.size()) + " bytes",
                     "at most " + std::to_string(SweepLimits::max_file_bytes) + " bytes");
  SweepSpec spec;
  spec.source_name = name;
  spec.base_dir = base_dir;
  spec.text = text;
  return parse(parse_yaml_text(text, name), std::move(spec));
}

SweepSpec load_sweep_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw InputError(Location{path.string()}, "no such sweep file", "an existing YAML file");
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec && size > SweepLimits::max_file_bytes)
    throw InputError(Location{path.string()},
                     "the sweep file is " + std::to_string(size) + " bytes",
                     "at most " + std::to_string(SweepLimits::max_file_bytes) + " bytes");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(Location{path.string()}, "cannot read the sweep file");
  const std::string text(std::istreambuf_iterator<char>(in), {});
  const auto dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  return load_sweep_text(text, path.string(), dir);
}

std::string shortcut_sweep_yaml(const std::string& scenario, std::uint32_t replicates,
                                const std::vector<std::string>& overrides,
                                const std::optional<std::uint64_t>& seed) {
  const auto quoted = [](const std::string& s) {
    std::string q = "\"";
    for (const char c : s) {
      if (c == '"' || c == '\\') q += '\\';
      q += c;
    }
    return q + '"';
  };
  std::string yaml =
      "# frontline sweep --scenario ... (no sweep file)\nscenario: " + quoted(scenario) + "\n";
  if (!overrides.empty()) {
    yaml += "set:\n";
    for (const auto& o : overrides) yaml += "  - " + quoted(o) + "\n";
  }
  yaml += "replicates: " + std::to_string(replicates) + "\n";
  if (seed) yaml += "seed: " + std::to_string(*seed) + "\n";
  return yaml;
}

}  // namespace frontline
