// parameters: {group: {name: number | {value, cite | assumption}}}, paths as
// in parameter_table() ("combat.aimed_kill_rate"), bounds from the table.
#include <algorithm>
#include <set>

#include "frontline/core/parameters.hpp"
#include "loader_internal.hpp"

namespace frontline::detail {

namespace {

std::vector<std::string> groups() {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const auto& path : parameter_paths()) {
    const std::string group = path.substr(0, path.find('.'));
    if (seen.insert(group).second) out.push_back(group);
  }
  return out;
}

std::vector<std::string> names_in(const std::string& group) {
  std::vector<std::string> out;
  for (const auto& path : parameter_paths())
    if (path.compare(0, group.size() + 1, group + ".") == 0)
      out.push_back(path.substr(group.size() + 1));
  return out;
}

void read_leaf(LoadContext& context, const ParameterInfo& info, const YamlNode& node) {
  const YamlNode* value_node = &node;
  std::optional<MappingReader> reader;
  if (node.is_mapping()) {
    reader.emplace(node, context.diagnostics, "parameter '" + info.path + "'");
    value_node = reader->get("value");
    if (value_node == nullptr) reader->missing("value", "a number");
    read_citation(context, *reader, "parameter '" + info.path + "'", false);
    reader->finish();
    if (value_node == nullptr) return;
  }
  if (const auto value =
          read_number(*value_node, info.path, info.min, info.max, context.diagnostics))
    context.spec.parameters.set(info.path, *value);
}

void read_group(LoadContext& context, const YamlEntry& group) {
  if (!group.value.is_mapping()) {
    context.diagnostics.add(
        group.value.where,
        "wrong type for parameter group '" + group.key + "': got " + describe(group.value),
        "a mapping of parameter names to values");
    return;
  }
  const std::vector<std::string> names = names_in(group.key);
  for (const auto& entry : group.value.entries) {
    const std::string path = group.key + "." + entry.key;
    const ParameterInfo* info = find_parameter(path);
    if (info == nullptr) {
      context.diagnostics.add(entry.key_where, "unknown parameter '" + path + "'",
                              suggestion(entry.key, names, "parameter"));
      continue;
    }
    read_leaf(context, *info, entry.value);
  }
}

}  // namespace

void read_parameters(LoadContext& context, const YamlNode* parameters) {
  if (parameters == nullptr) return;
  const std::vector<std::string> known = groups();
  for (const auto& group : parameters->entries) {
    if (std::find(known.begin(), known.end(), group.key) == known.end()) {
      context.diagnostics.add(group.key_where, "unknown parameter group '" + group.key + "'",
                              suggestion(group.key, known, "parameter group"));
      continue;
    }
    read_group(context, group);
  }
}

}  // namespace frontline::detail
