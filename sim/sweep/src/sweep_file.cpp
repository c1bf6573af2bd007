#include "frontline/sweep/sweep_file.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <limits>
#include <set>

namespace frontline {

namespace {

const std::vector<std::string> kTopKeys = {"scenario",   "set",        "parameters", "design",
                                           "samples",    "replicates", "seed",       "metrics",
                                           "timeseries", "output",     "description"};
const std::vector<std::string> kParameterKeys = {"values", "range", "name", "integer"};
const std::vector<std::string> kRangeKeys = {"min", "max", "steps", "log"};

class Checker {
 public:
  explicit Checker(std::string file) : file_(std::move(file)) {}

  Location at(const YAML::Node& node) const {
    const YAML::Mark mark = node.Mark();
    return Location{file_, mark.line >= 0 ? mark.line + 1 : 0,
                    mark.column >= 0 ? mark.column + 1 : 0};
  }
  void fail(const YAML::Node& node, std::string message, std::string expected = {}) {
    problems_.add(at(node), std::move(message), std::move(expected));
  }
  void fail(Location where, std::string message, std::string expected = {}) {
    problems_.add(std::move(where), std::move(message), std::move(expected));
  }
  DiagnosticList& problems() { return problems_; }

  // Reports keys not in `known`, with the closest known key.
  void known_keys(const YAML::Node& map, const std::vector<std::string>& known,
                  const std::string& context) {
    for (const auto& entry : map) {
      const auto key = entry.first.Scalar();
      if (std::find(known.begin(), known.end(), key) != known.end()) continue;
      const auto suggestion = closest_match(key, known);
      std::string expected = "one of:";
      for (const auto& k : known) expected += " " + k;
      fail(entry.first,
           "unknown key '" + key + "' in " + context +
               (suggestion.empty() ? "" : " (did you mean '" + suggestion + "'?)"),
           expected);
    }
  }

  std::optional<double> number(const YAML::Node& node, const std::string& what) {
    if (node.IsScalar()) {
      const std::string& text = node.Scalar();
      std::size_t used = 0;
      try {
        const double value = std::stod(text, &used);
        if (used == text.size() && std::isfinite(value) && node.Tag() != "!") return value;
      } catch (const std::exception&) {
      }
    }
    fail(node, what + " is not a number", "a finite number");
    return std::nullopt;
  }

  std::optional<std::uint64_t> whole(const YAML::Node& node, const std::string& what,
                                     std::uint64_t min, std::uint64_t max) {
    if (node.IsScalar()) {
      const std::string& text = node.Scalar();
      std::uint64_t value = 0;
      bool digits = !text.empty() && text.size() <= 20;
      for (const char c : text) digits = digits && c >= '0' && c <= '9';
      if (digits) {
        try {
          value = std::stoull(text);
        } catch (const std::exception&) {
          digits = false;
        }
      }
      if (digits && value >= min && value <= max) return value;
    }
    fail(node,
         what + " '" + (node.IsScalar() ? node.Scalar() : std::string("...")) +
             "' is out of range or not a whole number",
         "a whole number from " + std::to_string(min) + " to " + std::to_string(max));
    return std::nullopt;
  }

  std::optional<bool> boolean(const YAML::Node& node, const std::string& what) {
    if (node.IsScalar()) {
      const auto& s = node.Scalar();
      if (s == "true" || s == "yes" || s == "on") return true;
      if (s == "false" || s == "no" || s == "off") return false;
    }
    fail(node, what + " is not true or false", "true or false");
    return std::nullopt;
  }

  std::optional<std::string> text(const YAML::Node& node, const std::string& what) {
    if (node.IsScalar() && !node.Scalar().empty()) return node.Scalar();
    fail(node, what + " must be a non-empty string", "text");
    return std::nullopt;
  }

 private:
  std::string file_;
  DiagnosticList problems_;
};

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

void read_values(Checker& check, const YAML::Node& list, SweepParameter& p) {
  if (!list.IsSequence() || list.size() == 0) {
    check.fail(list, "values of '" + p.path + "' must be a non-empty list", "[a, b, ...]");
    return;
  }
  if (list.size() > SweepLimits::max_values) {
    check.fail(list, "'" + p.path + "' has " + std::to_string(list.size()) + " values",
               "at most " + std::to_string(SweepLimits::max_values));
    return;
  }
  std::vector<std::string> texts;
  bool all_numbers = true;
  for (const auto& item : list) {
    if (!item.IsScalar()) {
      check.fail(item, "a value of '" + p.path + "' is not a number or a string", "a scalar");
      return;
    }
    texts.push_back(item.Scalar());
    const auto& s = item.Scalar();
    std::size_t used = 0;
    try {
      const double v = std::stod(s, &used);
      if (used != s.size() || !std::isfinite(v) || item.Tag() == "!")
        all_numbers = false;
      else
        p.numbers.push_back(v);
    } catch (const std::exception&) {
      all_numbers = false;
    }
  }
  if (!all_numbers) {
    p.numbers.clear();
    p.strings = texts;
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < texts.size(); ++i)
    if (!seen.insert(p.is_string() ? texts[i] : number_text(p.numbers[i])).second)
      check.fail(list[i], "'" + p.path + "' lists the value '" + texts[i] + "' twice",
                 "distinct values");
}

void read_range(Checker& check, const YAML::Node& range, SweepParameter& p) {
  if (!range.IsMap()) {
    check.fail(range, "range of '" + p.path + "' must be a map",
               "{min: ..., max: ..., steps: ...}");
    return;
  }
  check.known_keys(range, kRangeKeys, "the range of '" + p.path + "'");
  p.is_range = true;
  const auto min = range["min"] ? check.number(range["min"], "min") : std::nullopt;
  const auto max = range["max"] ? check.number(range["max"], "max") : std::nullopt;
  if (!range["min"]) check.fail(range, "the range of '" + p.path + "' has no min", "min: a number");
  if (!range["max"]) check.fail(range, "the range of '" + p.path + "' has no max", "max: a number");
  if (range["steps"])
    if (const auto steps = check.whole(range["steps"], "steps", 1, SweepLimits::max_values))
      p.steps = static_cast<int>(*steps);
  if (range["log"])
    if (const auto log = check.boolean(range["log"], "log")) p.log = *log;
  if (!min || !max) return;
  p.min = *min;
  p.max = *max;
  if (p.min > p.max)
    check.fail(range,
               "the range of '" + p.path + "' has min " + number_text(p.min) + " above max " +
                   number_text(p.max),
               "min <= max");
  if (p.log && p.min <= 0.0)
    check.fail(range["min"],
               "a log range of '" + p.path + "' needs min > 0, got " + number_text(p.min),
               "a positive min, or log: false");
}

void read_parameters(Checker& check, const YAML::Node& node, SweepSpec& spec) {
  if (!node.IsMap()) {
    check.fail(node, "parameters must be a map from --set path to values or range",
               "parameters: {factions.ISIS.fighters: {values: [2000, 4000]}}");
    return;
  }
  if (node.size() > SweepLimits::max_parameters) {
    check.fail(node, "too many parameters (" + std::to_string(node.size()) + ")",
               "at most " + std::to_string(SweepLimits::max_parameters));
    return;
  }
  std::set<std::string> names;
  for (const auto& entry : node) {
    SweepParameter p;
    p.path = entry.first.Scalar();
    p.where = check.at(entry.first);
    if (p.path.empty() || p.path.front() == '.' || p.path.back() == '.' ||
        p.path.find("..") != std::string::npos || p.path.find('=') != std::string::npos)
      check.fail(entry.first, "'" + p.path + "' is not a --set path",
                 "dotted keys, e.g. factions.ISIS.fighters");
    p.name = default_name(p.path);
    const YAML::Node& body = entry.second;
    if (body.IsSequence()) {
      read_values(check, body, p);
    } else if (body.IsMap()) {
      check.known_keys(body, kParameterKeys, "parameter '" + p.path + "'");
      if (body["values"] && body["range"])
        check.fail(body, "parameter '" + p.path + "' has both values and range", "one of them");
      else if (body["values"])
        read_values(check, body["values"], p);
      else if (body["range"])
        read_range(check, body["range"], p);
      else
        check.fail(body, "parameter '" + p.path + "' has neither values nor range",
                   "values: [...] or range: {min, max, steps}");
      if (body["name"])
        if (const auto name = check.text(body["name"], "name")) {
          p.name = *name;
          if (!valid_name(p.name))
            check.fail(body["name"], "name '" + p.name + "' is not usable as a variable name",
                       "letters, digits and underscores");
        }
      if (body["integer"])
        if (const auto integer = check.boolean(body["integer"], "integer")) p.integer = *integer;
    } else {
      check.fail(body, "parameter '" + p.path + "' needs values or a range",
                 "values: [...] or range: {min, max, steps}");
    }
    if (!names.insert(p.name).second)
      check.fail(entry.first, "two parameters are named '" + p.name + "'", "distinct names");
    spec.parameters.push_back(std::move(p));
  }
}

SweepSpec parse(const YAML::Node& root, Checker& check, SweepSpec spec) {
  if (!root.IsMap()) {
    check.fail(root, "a sweep file must be a map", "keys: scenario, parameters, design, ...");
    check.problems().throw_if_any();
  }
  check.known_keys(root, kTopKeys, "the sweep");
  if (root["scenario"]) {
    if (const auto scenario = check.text(root["scenario"], "scenario")) spec.scenario = *scenario;
    spec.scenario_where = check.at(root["scenario"]);
  } else {
    check.fail(root, "the sweep names no scenario",
               "scenario: a file or a shipped scenario's name");
  }
  if (const auto set = root["set"]) {
    if (!set.IsSequence())
      check.fail(set, "set must be a list", "[\"path=value\", ...]");
    else
      for (const auto& item : set) {
        const auto text = item.IsScalar() ? item.Scalar() : std::string();
        if (text.find('=') == std::string::npos || text.front() == '=')
          check.fail(item, "'" + text + "' is not a path=value override",
                     "e.g. factions.ISIS.fighters=3000");
        else
          spec.overrides.push_back(text);
      }
  }
  if (root["parameters"]) read_parameters(check, root["parameters"], spec);
  if (const auto design = root["design"]) {
    const auto kind = design.IsScalar() ? design.Scalar() : std::string();
    if (kind == "grid")
      spec.design.kind = DesignKind::grid;
    else if (kind == "lhs")
      spec.design.kind = DesignKind::lhs;
    else if (kind == "sobol")
      spec.design.kind = DesignKind::sobol;
    else {
      const auto suggestion = closest_match(kind, {"grid", "lhs", "sobol"});
      check.fail(design,
                 "unknown design '" + kind + "'" +
                     (suggestion.empty() ? "" : " (did you mean '" + suggestion + "'?)"),
                 "grid, lhs or sobol");
    }
  }
  if (const auto samples = root["samples"]) {
    if (const auto n = check.whole(samples, "samples", 1, SweepLimits::max_samples))
      spec.design.samples = *n;
    if (spec.design.kind == DesignKind::grid)
      check.fail(samples, "samples applies to lhs and sobol designs, not grid",
                 "design: lhs or sobol");
  } else if (spec.design.kind != DesignKind::grid) {
    check.fail(root["design"],
               std::string("a ") + to_string(spec.design.kind) + " design needs samples",
               "samples: a whole number >= 1");
  }
  if (spec.design.kind != DesignKind::grid)
    for (const auto& p : spec.parameters)
      if (p.is_range && p.steps > 0)
        check.fail(p.where, "steps of '" + p.path + "' apply to grid designs only",
                   "no steps: the " + std::string(to_string(spec.design.kind)) +
                       " design samples the range");
  if (spec.design.kind == DesignKind::grid)
    for (const auto& p : spec.parameters)
      if (p.is_range && p.steps == 0)
        check.fail(p.where, "range of '" + p.path + "' has no steps", "steps: N for a grid design");
  if (const auto replicates = root["replicates"])
    if (const auto n = check.whole(replicates, "replicates", 1, SweepLimits::max_replicates))
      spec.replicates = static_cast<std::uint32_t>(*n);
  if (const auto seed = root["seed"])
    if (const auto n = check.whole(seed, "seed", 0, std::numeric_limits<std::uint64_t>::max()))
      spec.seed = *n;
  if (const auto metrics = root["metrics"]) {
    if (!metrics.IsSequence() || metrics.size() == 0)
      check.fail(metrics, "metrics must be a non-empty list", "[capture_day, killed, ...]");
    else
      for (const auto& item : metrics)
        if (const auto name = check.text(item, "a metric")) {
          spec.metrics.push_back(*name);
          spec.metric_where.push_back(check.at(item));
        }
  }
  if (const auto timeseries = root["timeseries"])
    if (const auto on = check.boolean(timeseries, "timeseries")) spec.timeseries = *on;
  if (const auto output = root["output"])
    if (const auto path = check.text(output, "output")) spec.output = *path;
  if (const auto description = root["description"])
    if (!description.IsScalar()) check.fail(description, "description must be text", "a string");
  check.problems().throw_if_any();
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
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw InputError(Location{name, e.mark.line + 1, e.mark.column + 1},
                     "YAML syntax error: " + e.msg, "a valid YAML map");
  }
  Checker check(name);
  try {
    return parse(root, check, std::move(spec));
  } catch (const YAML::Exception& e) {
    check.fail(Location{name, e.mark.line + 1, e.mark.column + 1},
               "unexpected YAML structure: " + e.msg);
    check.problems().throw_if_any();
    throw;
  }
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
