// The tree stage's file handling: `include` of a base scenario and the map file,
// and the rules of a patch (a file that includes another, the map section over
// its map file): a null deletes a key that exists, and deleting a node deletes
// the edges that touch it.
#include <set>
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
  const fs::path name(value.text);
  // Only YAML files are parsed as YAML, so that no error message quotes lines of
  // another kind of file (a password file, a report).
  if (name.extension() != ".yaml" && name.extension() != ".yml")
    throw InputError(value.where, "'" + key + "' names '" + value.text + "', not a .yaml file",
                     "a YAML file whose name ends in .yaml or .yml");
  return value.text;
}

fs::path find_included(const FileResolver& files, const std::string& name, const std::string& what,
                       const Location& where) {
  const FoundFile found = files.find(name, where);
  if (!found.path) throw InputError({files.not_found(found, what + " '" + name + "'", where)});
  return *found.path;
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

std::string joined(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

// A null in a patch deletes a key: one that is not there is a typo
// (`us-airstrkes: null`), refused as --set refuses it.
void check_deletions(const YamlNode& patch, const YamlNode* target, const std::string& path,
                     DiagnosticList& diagnostics) {
  if (!patch.is_mapping()) return;
  const bool target_mapping = target != nullptr && target->is_mapping();
  for (const auto& entry : patch.entries) {
    const YamlNode* present = target_mapping ? target->find(entry.key) : nullptr;
    if (entry.value.is_null() && present == nullptr) {
      const std::vector<std::string> keys =
          target_mapping ? target->keys() : std::vector<std::string>{};
      diagnostics.add(entry.key_where,
                      "cannot delete '" + joined(path, entry.key) + "': there is no such key",
                      suggestion(entry.key, keys, "key"));
    } else if (entry.value.is_mapping()) {
      check_deletions(entry.value, present, joined(path, entry.key), diagnostics);
    }
  }
}

// The text of an edge's `from` or `to`, or "".
std::string edge_end(const YamlNode& edge, const char* key) {
  const YamlNode* end = edge.find(key);
  return end != nullptr && end->is_scalar() ? end->text : std::string();
}

}  // namespace

std::set<std::string> map_node_ids(const YamlNode& root) {
  std::set<std::string> ids;
  const YamlNode* map = root.find("map");
  const YamlNode* nodes = map != nullptr ? map->find("nodes") : nullptr;
  if (nodes != nullptr)
    for (const auto& entry : nodes->entries) ids.insert(entry.key);
  return ids;
}

YamlNode patch_tree(YamlNode target, const YamlNode& patch, DiagnosticList& diagnostics) {
  check_deletions(patch, &target, "", diagnostics);
  const std::set<std::string> before = map_node_ids(target);
  YamlNode merged = merge_patch(std::move(target), patch);
  drop_edges_of_removed_nodes(merged, before);
  return merged;
}

void drop_edges_of_removed_nodes(YamlNode& root, const std::set<std::string>& nodes_before) {
  YamlNode* map = root.find("map");
  if (map == nullptr || !map->is_mapping()) return;
  YamlNode* edges = map->find("edges");
  if (edges == nullptr || !edges->is_mapping()) return;
  const std::set<std::string> now = map_node_ids(root);
  const auto removed = [&](const std::string& id) {
    return nodes_before.count(id) && !now.count(id);
  };
  std::vector<YamlEntry> kept;
  for (auto& entry : edges->entries)
    if (!removed(edge_end(entry.value, "from")) && !removed(edge_end(entry.value, "to")))
      kept.push_back(std::move(entry));
  edges->entries = std::move(kept);
}

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
  const fs::path path = find_included(files, name, "included file", where);
  const std::string canonical = canonical_name(path);
  const std::string shown = FileResolver::display(path);
  for (const auto& seen : chain.canonical)
    if (seen == canonical)
      throw InputError(where, "include cycle: " + chain_text(chain, shown),
                       "includes that end in a scenario without 'include'");
  YamlNode base = read_included(path, files);
  if (!base.is_mapping())
    throw InputError(base.where, "included scenario is " + describe(base), "a mapping");
  chain.canonical.push_back(canonical);
  chain.shown.push_back(shown);
  base = resolve_includes(std::move(base), files, std::move(chain));
  // The base is complete, its map included, before this file patches it: a
  // null here then deletes a node of the map, not only the base's changes to it.
  DiagnosticList diagnostics;
  if (!assemble_map(base, files, diagnostics)) diagnostics.throw_if_any();
  tree.erase("include");
  YamlNode merged = patch_tree(std::move(base), tree, diagnostics);
  diagnostics.throw_if_any();
  return merged;
}

bool assemble_map(YamlNode& root, FileResolver& files, DiagnosticList& diagnostics) {
  YamlNode* map = root.find("map");
  if (map == nullptr || !map->is_mapping()) return true;  // the map reader reports it
  const YamlEntry* include = map->find_entry("include");
  if (include == nullptr) return true;  // a map written inline, or included already
  const Location where = include->value.where;
  try {
    const std::string name = include_text(include->value, "map.include");
    const fs::path path = find_included(files, name, "map file", where);
    YamlNode base = read_included(path, files);
    if (!base.is_mapping())
      throw InputError(base.where, "the map file is " + describe(base),
                       "a mapping with name, description, nodes and edges");
    if (const YamlEntry* nested = base.find_entry("include"))
      throw InputError(nested->key_where, "a map file cannot include another file",
                       "name, description, nodes and edges");
    YamlNode patch = YamlNode::mapping(map->where);
    patch.set("map", std::move(*map));
    patch.find("map")->erase("include");
    YamlNode whole = YamlNode::mapping(root.where);
    whole.set("map", std::move(base));
    whole = patch_tree(std::move(whole), patch, diagnostics);
    *root.find("map") = std::move(*whole.find("map"));
    return true;
  } catch (const InputError& error) {
    for (const auto& d : error.diagnostics()) diagnostics.add(d.where, d.message, d.expected);
    return false;
  }
}

}  // namespace frontline::detail
