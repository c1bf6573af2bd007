// YamlNode helpers, merge_patch, emit_yaml and describe.
#include <yaml-cpp/emitter.h>
#include <yaml-cpp/emittermanip.h>
#include <yaml-cpp/null.h>

#include <algorithm>
#include <string_view>
#include <unordered_map>

#include "frontline/scenario/yaml_tree.hpp"
#include "scalars.hpp"

namespace frontline {

const YamlEntry* YamlNode::find_entry(std::string_view key) const {
  if (!is_mapping()) return nullptr;
  for (const auto& entry : entries)
    if (entry.key == key) return &entry;
  return nullptr;
}

YamlEntry* YamlNode::find_entry(std::string_view key) {
  return const_cast<YamlEntry*>(static_cast<const YamlNode*>(this)->find_entry(key));
}

const YamlNode* YamlNode::find(std::string_view key) const {
  const YamlEntry* entry = find_entry(key);
  return entry == nullptr ? nullptr : &entry->value;
}

YamlNode* YamlNode::find(std::string_view key) {
  YamlEntry* entry = find_entry(key);
  return entry == nullptr ? nullptr : &entry->value;
}

YamlNode& YamlNode::set(const std::string& key, YamlNode value, Location key_where) {
  if (YamlEntry* entry = find_entry(key)) {
    entry->value = std::move(value);
    return entry->value;
  }
  entries.push_back({key, std::move(key_where), std::move(value)});
  return entries.back().value;
}

bool YamlNode::erase(std::string_view key) {
  const auto it = std::find_if(entries.begin(), entries.end(),
                               [&](const YamlEntry& entry) { return entry.key == key; });
  if (it == entries.end()) return false;
  entries.erase(it);
  return true;
}

std::vector<std::string> YamlNode::keys() const {
  std::vector<std::string> out;
  for (const auto& entry : entries) out.push_back(entry.key);
  return out;
}

std::size_t YamlNode::count() const {
  std::size_t total = 1;
  for (const auto& item : items) total += item.count();
  for (const auto& entry : entries) total += entry.value.count();
  return total;
}

YamlNode YamlNode::null_at(Location where) {
  YamlNode node;
  node.where = std::move(where);
  return node;
}

YamlNode YamlNode::scalar(std::string text, bool quoted, Location where) {
  YamlNode node;
  node.kind = Kind::scalar;
  node.text = std::move(text);
  node.quoted = quoted;
  node.where = std::move(where);
  return node;
}

YamlNode YamlNode::mapping(Location where) {
  YamlNode node;
  node.kind = Kind::mapping;
  node.where = std::move(where);
  return node;
}

YamlNode YamlNode::sequence(Location where) {
  YamlNode node;
  node.kind = Kind::sequence;
  node.where = std::move(where);
  return node;
}

bool same_yaml(const YamlNode& a, const YamlNode& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case YamlNode::Kind::null:
      return true;
    case YamlNode::Kind::scalar:
      return a.text == b.text && a.quoted == b.quoted;
    case YamlNode::Kind::sequence:
      return std::equal(a.items.begin(), a.items.end(), b.items.begin(), b.items.end(), same_yaml);
    case YamlNode::Kind::mapping:
      return std::equal(a.entries.begin(), a.entries.end(), b.entries.begin(), b.entries.end(),
                        [](const YamlEntry& x, const YamlEntry& y) {
                          return x.key == y.key && same_yaml(x.value, y.value);
                        });
  }
  return false;
}

YamlNode merge_patch(YamlNode target, const YamlNode& patch) {
  if (!patch.is_mapping()) return patch;
  if (!target.is_mapping()) {
    target = YamlNode::mapping(patch.where);
    target.implicit = patch.implicit;
  }
  // Keys looked up in a hash index, deletions compacted at the end: a patch of
  // n keys onto a mapping of m keys costs O(n + m), not O(n * m).
  std::unordered_map<std::string_view, std::size_t> index;
  index.reserve(target.entries.size());
  for (std::size_t i = 0; i < target.entries.size(); ++i) index.emplace(target.entries[i].key, i);
  std::vector<bool> erased(target.entries.size(), false);
  std::vector<YamlEntry> added;
  for (const auto& entry : patch.entries) {
    const auto it = index.find(entry.key);
    if (entry.value.is_null()) {
      if (it != index.end()) erased[it->second] = true;
    } else if (it != index.end()) {
      YamlEntry& existing = target.entries[it->second];
      existing.value = merge_patch(std::move(existing.value), entry.value);
    } else {
      added.push_back({entry.key, entry.key_where, merge_patch(YamlNode{}, entry.value)});
    }
  }
  std::size_t kept = 0;
  for (std::size_t i = 0; i < target.entries.size(); ++i) {
    if (erased[i]) continue;
    if (kept != i) target.entries[kept] = std::move(target.entries[i]);  // never a self-move
    ++kept;
  }
  target.entries.resize(kept);
  for (auto& entry : added) target.entries.push_back(std::move(entry));
  return target;
}

std::string describe(const YamlNode& node) {
  switch (node.kind) {
    case YamlNode::Kind::null:
      return "an empty value";
    case YamlNode::Kind::mapping:
      return "a mapping";
    case YamlNode::Kind::sequence:
      return "a list";
    case YamlNode::Kind::scalar:
      break;
  }
  if (node.quoted) return "the quoted string \"" + node.text + "\"";
  if (detail::number_from_text(node.text)) return "the number " + node.text;
  if (detail::bool_from_text(node.text)) return "the boolean " + node.text;
  return "the string '" + node.text + "'";
}

namespace {

// Plain text that stays one plain scalar inside a flow collection.
bool flow_safe(const YamlNode& node) {
  if (node.is_null()) return true;
  if (!node.is_scalar()) return false;
  if (node.quoted) return node.text.find('\n') == std::string::npos;
  const std::string& t = node.text;
  if (t.empty() || t.front() == ' ' || t.back() == ' ' || t.back() == ':') return false;
  if ((t[0] == '-' || t[0] == '?' || t[0] == ':') && (t.size() == 1 || t[1] == ' ')) return false;
  if (t.find(": ") != std::string::npos || t.find(" #") != std::string::npos) return false;
  return std::none_of(t.begin(), t.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 ||
           std::string_view(",[]{}#&*!|>'\"%@`").find(c) != std::string_view::npos;
  });
}

bool key_is_plain(const std::string& key) {
  return !key.empty() && !detail::is_null_text(key) &&
         std::all_of(key.begin(), key.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '-' || c == '.';
         });
}

std::size_t flow_width(const YamlNode& node) {
  std::size_t width = 2;
  for (const auto& item : node.items) width += item.text.size() + 4;
  for (const auto& entry : node.entries) width += entry.key.size() + entry.value.text.size() + 6;
  return width;
}

// A short collection of flow-safe scalars is written on one line.
bool use_flow(const YamlNode& node) {
  if (node.items.empty() && node.entries.empty()) return true;
  if (flow_width(node) > 100) return false;
  if (!std::all_of(node.items.begin(), node.items.end(), flow_safe)) return false;
  return std::all_of(node.entries.begin(), node.entries.end(), [](const YamlEntry& entry) {
    return key_is_plain(entry.key) && flow_safe(entry.value);
  });
}

// Text that a literal block scalar (|) reproduces exactly.
bool literal_safe(const std::string& text) {
  if (text.size() < 2 || text.back() != '\n' || text[text.size() - 2] == '\n') return false;
  if (text[0] == ' ' || text[0] == '\n' || text[0] == '\t') return false;
  return std::none_of(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) < 0x20 && c != '\n') || c == 0x7F;
  });
}

void emit_node(YAML::Emitter& out, const YamlNode& node);

void emit_scalar(YAML::Emitter& out, const YamlNode& node) {
  if (!node.quoted) {
    out << node.text;
  } else if (literal_safe(node.text)) {
    // The block's final line break comes from the layout (`|` keeps one).
    out << YAML::Literal << node.text.substr(0, node.text.size() - 1);
  } else {
    out << YAML::DoubleQuoted << node.text;
  }
}

void emit_key(YAML::Emitter& out, const std::string& key) {
  out << YAML::Key;
  if (key_is_plain(key)) {
    out << key;
  } else {
    out << YAML::DoubleQuoted << key;
  }
  out << YAML::Value;
}

void emit_node(YAML::Emitter& out, const YamlNode& node) {
  switch (node.kind) {
    case YamlNode::Kind::null:
      out << YAML::Null;
      return;
    case YamlNode::Kind::scalar:
      emit_scalar(out, node);
      return;
    case YamlNode::Kind::sequence:
      if (use_flow(node)) out << YAML::Flow;
      out << YAML::BeginSeq;
      for (const auto& item : node.items) emit_node(out, item);
      out << YAML::EndSeq;
      return;
    case YamlNode::Kind::mapping:
      if (use_flow(node)) out << YAML::Flow;
      out << YAML::BeginMap;
      for (const auto& entry : node.entries) {
        emit_key(out, entry.key);
        emit_node(out, entry.value);
      }
      out << YAML::EndMap;
      return;
  }
}

}  // namespace

std::string emit_yaml(const YamlNode& node) {
  YAML::Emitter out;
  out.SetIndent(2);
  out.SetNullFormat(YAML::TildeNull);
  emit_node(out, node);
  std::string text = out.c_str();
  if (text.empty() || text.back() != '\n') text += '\n';
  return text;
}

}  // namespace frontline
