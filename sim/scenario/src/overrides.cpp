// --set PATH=VALUE: parsing the argument and applying it as a merge patch at PATH.
#include "frontline/scenario/limits.hpp"
#include "loader_internal.hpp"

namespace frontline {

namespace {

const char* const kForm = "PATH=VALUE, such as factions.ISIS.fighters=3000";

std::string set_name(int index) {
  return index > 0 ? "--set[" + std::to_string(index) + "]" : std::string("--set");
}

bool key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

}  // namespace

Override parse_override(const std::string& argument, int index) {
  const std::string file = set_name(index);
  const auto equals = argument.find('=');
  if (equals == std::string::npos)
    throw InputError({file, 1, 1}, "'" + argument + "' has no '='", kForm);
  if (equals == 0) throw InputError({file, 1, 1}, "no path before '='", kForm);
  Override out;
  std::size_t start = 0;
  while (start <= equals) {
    std::size_t end = argument.find('.', start);
    if (end == std::string::npos || end > equals) end = equals;
    const std::string key = argument.substr(start, end - start);
    const int column = static_cast<int>(start) + 1;
    if (key.empty())
      throw InputError({file, 1, column}, "empty key in path '" + argument.substr(0, equals) + "'",
                       "keys separated by single dots, such as factions.ISIS.fighters");
    for (std::size_t i = 0; i < key.size(); ++i)
      if (!key_char(key[i]))
        throw InputError({file, 1, column + static_cast<int>(i)},
                         "character '" + std::string(1, key[i]) + "' in path key '" + key + "'",
                         "keys of letters, digits, '_' and '-'");
    out.path.push_back(key);
    out.columns.push_back(column);
    start = end + 1;
  }
  if (static_cast<int>(out.path.size()) > InputLimits::max_depth)
    throw InputError({file, 1, 1}, "path of " + std::to_string(out.path.size()) + " keys",
                     "at most " + std::to_string(InputLimits::max_depth) + " keys");
  out.value_yaml = argument.substr(equals + 1);
  out.value_column = static_cast<int>(equals) + 2;
  if (out.value_yaml.find_first_not_of(" \t") == std::string::npos)
    throw InputError({file, 1, out.value_column}, "no value after '='",
                     "a YAML value after '=' (null deletes)");
  return out;
}

std::vector<std::string> read_set_list(MappingReader& file) {
  std::vector<std::string> overrides;
  const auto set = file.optional_string_list("set");
  if (!set) return overrides;
  const YamlNode* node = file.get("set");
  for (std::size_t i = 0; i < set->size(); ++i) {
    const std::string& text = (*set)[i];
    if (text.find('=') == std::string::npos || text.front() == '=')
      file.diagnostics().add(node->items[i].where, "'" + text + "' is not a path=value override",
                             "e.g. factions.ISIS.fighters=3000");
    else
      overrides.push_back(text);
  }
  return overrides;
}

namespace detail {

namespace {

void add_all(DiagnosticList& diagnostics, const InputError& error) {
  for (const auto& d : error.diagnostics()) diagnostics.add(d.where, d.message, d.expected);
}

std::string dotted(const std::vector<std::string>& path, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) out += (i ? "." : "") + path[i];
  return out;
}

// Walks to the mapping that holds the last key, creating implicit mappings.
YamlNode* parent_of_last(YamlNode& root, const Override& o, const std::string& file, bool deleting,
                         DiagnosticList& diagnostics) {
  YamlNode* current = &root;
  for (std::size_t i = 0; i + 1 < o.path.size(); ++i) {
    const Location where{file, 1, o.columns[i]};
    YamlEntry* entry = current->find_entry(o.path[i]);
    if (entry == nullptr || entry->value.is_null()) {
      if (deleting) {
        diagnostics.add(where,
                        "cannot delete '" + dotted(o.path, o.path.size()) + "': there is no '" +
                            dotted(o.path, i + 1) + "'",
                        suggestion(o.path[i], current->keys(), "key"));
        return nullptr;
      }
      YamlNode created = YamlNode::mapping(where);
      created.implicit = true;
      current = &current->set(o.path[i], std::move(created), where);
      continue;
    }
    if (!entry->value.is_mapping()) {
      diagnostics.add(where,
                      "cannot set '" + dotted(o.path, o.path.size()) + "': '" +
                          dotted(o.path, i + 1) + "' is " + describe(entry->value) +
                          ", not a mapping",
                      "a path through mappings only");
      return nullptr;
    }
    current = &entry->value;
  }
  return current;
}

void apply_one(YamlNode& root, const std::string& argument, int index,
               DiagnosticList& diagnostics) {
  const std::string file = "--set[" + std::to_string(index) + "]";
  Override o;
  YamlNode value;
  try {
    o = parse_override(argument, index);
    value = parse_yaml_text(o.value_yaml, file, o.value_column);
  } catch (const InputError& error) {
    add_all(diagnostics, error);
    return;
  }
  YamlNode* parent = parent_of_last(root, o, file, value.is_null(), diagnostics);
  if (parent == nullptr) return;
  const std::string& key = o.path.back();
  const Location key_where{file, 1, o.columns.back()};
  YamlEntry* entry = parent->find_entry(key);
  if (value.is_null()) {
    if (entry == nullptr)
      diagnostics.add(key_where,
                      "cannot delete '" + dotted(o.path, o.path.size()) + "': there is no such key",
                      suggestion(key, parent->keys(), "key"));
    else
      parent->erase(key);
    return;
  }
  if (entry == nullptr)
    parent->set(key, merge_patch(YamlNode{}, value), key_where);
  else
    entry->value = merge_patch(std::move(entry->value), value);
}

}  // namespace

void apply_overrides(YamlNode& root, const std::vector<std::string>& overrides,
                     DiagnosticList& diagnostics) {
  if (overrides.empty()) return;
  const std::set<std::string> nodes_before = map_node_ids(root);
  for (std::size_t i = 0; i < overrides.size(); ++i)
    apply_one(root, overrides[i], static_cast<int>(i) + 1, diagnostics);
  drop_edges_of_removed_nodes(root, nodes_before);
}

}  // namespace detail
}  // namespace frontline
