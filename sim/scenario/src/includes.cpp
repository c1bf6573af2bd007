// The tree stage's file handling: `include` of a base scenario and the map file.
#include <system_error>

#include "frontline/scenario/limits.hpp"
#include "loader_internal.hpp"

namespace frontline::detail {

namespace {

std::string canonical_name(const fs::path& path) {
  std::error_code ec;
  const fs::path canonical = fs::weakly_canonical(path, ec);
  return (ec ? path.lexically_normal() : canonical).string();
}

std::string include_text(const YamlNode& value, const std::string& key) {
  if (!value.is_scalar())
    throw InputError(value.where, "wrong type for '" + key + "': got " + describe(value),
                     "a file name, relative to this file or the scenarios folder");
  return value.text;
}

// Reads an included file, remembering its folder for the includes inside it.
YamlNode read_included(const fs::path& path, FileResolver& files) {
  const std::string shown = FileResolver::display(path);
  YamlNode tree = parse_yaml_file(shown);
  files.remember(shown, path.parent_path());
  return tree;
}

std::string chain_text(const IncludeChain& chain, const std::string& last) {
  std::string out;
  for (const auto& name : chain.shown) out += name + " -> ";
  return out + last;
}

}  // namespace

YamlNode resolve_includes(YamlNode tree, FileResolver& files, IncludeChain chain) {
  const YamlEntry* include = tree.find_entry("include");
  if (include == nullptr) return tree;
  const std::string name = include_text(include->value, "include");
  const Location where = include->value.where;
  if (static_cast<int>(chain.shown.size()) > InputLimits::max_include_depth)
    throw InputError(
        where,
        "include chain deeper than " + std::to_string(InputLimits::max_include_depth) +
            " files: " + chain_text(chain, name),
        "at most " + std::to_string(InputLimits::max_include_depth) + " levels of include");
  std::vector<fs::path> tried;
  const auto path = files.find(name, where, tried);
  if (!path)
    throw InputError(where, "included file '" + name + "' not found",
                     "an existing file; looked for " + FileResolver::list(tried));
  const std::string canonical = canonical_name(*path);
  const std::string shown = FileResolver::display(*path);
  for (const auto& seen : chain.canonical)
    if (seen == canonical)
      throw InputError(where, "include cycle: " + chain_text(chain, shown),
                       "includes that end in a scenario without 'include'");
  YamlNode base = read_included(*path, files);
  if (!base.is_mapping())
    throw InputError(base.where, "included scenario is " + describe(base), "a mapping");
  chain.canonical.push_back(canonical);
  chain.shown.push_back(shown);
  base = resolve_includes(std::move(base), files, std::move(chain));
  tree.erase("include");
  return merge_patch(std::move(base), tree);
}

namespace {

// `edges: {x: null}` in a map patch that removes nothing is a typo.
void check_removals(const YamlNode& patch, const YamlNode& map, DiagnosticList& diagnostics) {
  for (const char* section : {"nodes", "edges"}) {
    const YamlNode* removals = patch.find(section);
    const YamlNode* present = map.find(section);
    if (removals == nullptr || !removals->is_mapping()) continue;
    const std::vector<std::string> ids = present ? present->keys() : std::vector<std::string>{};
    for (const auto& entry : removals->entries) {
      if (!entry.value.is_null() || (present && present->find(entry.key))) continue;
      const std::string what = section[0] == 'n' ? "node" : "edge";
      diagnostics.add(entry.key_where,
                      "cannot remove " + what + " '" + entry.key + "': the map has no such " + what,
                      suggestion(entry.key, ids, what));
    }
  }
}

}  // namespace

bool assemble_map(YamlNode& root, FileResolver& files, DiagnosticList& diagnostics) {
  YamlNode* map = root.find("map");
  if (map == nullptr || !map->is_mapping()) return true;  // the map reader reports it
  const YamlEntry* include = map->find_entry("include");
  if (include == nullptr) return true;  // a map written inline
  const Location where = include->value.where;
  try {
    const std::string name = include_text(include->value, "map.include");
    std::vector<fs::path> tried;
    const auto path = files.find(name, where, tried);
    if (!path)
      throw InputError(where, "map file '" + name + "' not found",
                       "an existing file; looked for " + FileResolver::list(tried));
    YamlNode base = read_included(*path, files);
    if (!base.is_mapping())
      throw InputError(base.where, "the map file is " + describe(base),
                       "a mapping with name, description, nodes and edges");
    if (const YamlEntry* nested = base.find_entry("include"))
      throw InputError(nested->key_where, "a map file cannot include another file",
                       "name, description, nodes and edges");
    YamlNode patch = std::move(*map);
    patch.erase("include");
    check_removals(patch, base, diagnostics);
    *map = merge_patch(std::move(base), patch);
    return true;
  } catch (const InputError& error) {
    for (const auto& d : error.diagnostics()) diagnostics.add(d.where, d.message, d.expected);
    return false;
  }
}

}  // namespace frontline::detail
