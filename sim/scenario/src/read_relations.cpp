// Relations between factions and the initial control of nodes.
#include <algorithm>

#include "loader_internal.hpp"
#include "names.hpp"

namespace frontline::detail {

namespace {

struct GivenRelation {
  Relation state;
  Location where;
};

using Pair = std::pair<std::string, std::string>;

Pair ordered(const std::string& a, const std::string& b) { return a < b ? Pair{a, b} : Pair{b, a}; }

void read_relation_row(LoadContext& context, const YamlEntry& row,
                       std::map<Pair, GivenRelation>& given) {
  const bool row_ok = context.known_faction(YamlNode::null_at(row.key_where), row.key);
  if (!row.value.is_mapping()) {
    context.diagnostics.add(
        row.value.where,
        "wrong type for relations of '" + row.key + "': got " + describe(row.value),
        "a mapping of other factions to war, ceasefire, neutral or allied");
    return;
  }
  for (const auto& cell : row.value.entries) {
    const bool other_ok = context.known_faction(YamlNode::null_at(cell.key_where), cell.key);
    const auto state =
        read_choice(cell.value, "relation", names_of<Relation>(), context.diagnostics);
    if (!row_ok || !other_ok || !state) continue;
    if (cell.key == row.key) {
      context.diagnostics.add(cell.key_where, "relation of faction '" + row.key + "' with itself",
                              "relations between two different factions");
      continue;
    }
    const Relation relation = *value_named<Relation>(*state);
    const auto [it, inserted] =
        given.emplace(ordered(row.key, cell.key), GivenRelation{relation, cell.value.where});
    if (!inserted && it->second.state != relation)
      context.diagnostics.add(cell.value.where,
                              "contradictory relations: " + row.key + "-" + cell.key + " is " +
                                  *state + " here but " + to_string(it->second.state) + " at " +
                                  it->second.where.str(),
                              "one relation per pair of factions (relations are symmetric)");
  }
}

}  // namespace

void read_relations(LoadContext& context, const YamlNode* relations, const Location& fallback) {
  std::map<Pair, GivenRelation> given;
  std::optional<Relation> fallback_relation;
  if (relations != nullptr && !relations->is_null()) {
    if (!relations->is_mapping()) {
      context.diagnostics.add(relations->where,
                              "wrong type for 'relations': got " + describe(*relations),
                              "a mapping of factions to their relations");
      return;
    }
    for (const auto& row : relations->entries) {
      if (row.key == "default") {
        if (const auto state =
                read_choice(row.value, "relation", names_of<Relation>(), context.diagnostics))
          fallback_relation = value_named<Relation>(*state);
        continue;
      }
      read_relation_row(context, row, given);
    }
  }
  const auto& ids = context.faction_ids;
  const Location where = relations != nullptr ? relations->where : fallback;
  for (std::size_t i = 0; i < ids.size(); ++i)
    for (std::size_t j = i + 1; j < ids.size(); ++j) {
      const auto it = given.find(ordered(ids[i], ids[j]));
      if (it == given.end() && !fallback_relation) {
        context.diagnostics.add(where,
                                "no relation given between '" + ids[i] + "' and '" + ids[j] + "'",
                                "a relation for every pair of factions, or a 'default'");
        continue;
      }
      const Relation state = it != given.end() ? it->second.state : *fallback_relation;
      context.spec.relations.push_back({ids[i], ids[j], state});
    }
}

void read_control(LoadContext& context, const YamlNode* control) {
  if (control == nullptr) return;
  std::optional<std::string> fallback;
  std::map<std::string, std::string> holders;
  auto read_holder = [&](const YamlNode& value) -> std::optional<std::string> {
    const auto holder = read_string(value, "control", context.diagnostics);
    if (!holder) return std::nullopt;
    if (*holder == "none") return std::string();
    if (!context.known_faction(value, *holder)) return std::nullopt;
    return holder;
  };
  for (const auto& entry : control->entries) {
    if (entry.key == "default") {
      fallback = read_holder(entry.value);
      if (!fallback) fallback = std::string();  // reported; avoid a cascade
      continue;
    }
    if (context.invented(entry, "node", *control)) continue;
    if (!context.known_node(YamlNode::null_at(entry.key_where), entry.key)) continue;
    if (const auto holder = read_holder(entry.value)) holders[entry.key] = *holder;
  }
  if (!context.map_ok) return;
  std::vector<std::string> missing;
  for (const auto& node : context.spec.map.nodes) {
    const auto it = holders.find(node.id);
    if (it != holders.end()) {
      context.spec.control[node.id] = it->second;
    } else if (fallback) {
      context.spec.control[node.id] = *fallback;
    } else if (!std::any_of(control->entries.begin(), control->entries.end(),
                            [&](const YamlEntry& e) { return e.key == node.id; })) {
      missing.push_back(node.id);
    }
  }
  if (missing.empty()) return;
  std::string list;
  for (std::size_t i = 0; i < missing.size() && i < 10; ++i) list += (i ? ", " : "") + missing[i];
  if (missing.size() > 10) list += ", ...";
  context.diagnostics.add(
      control->where,
      "control of " + std::to_string(missing.size()) + " node(s) not given: " + list,
      "a faction or none for every node, or a 'default'");
}

}  // namespace frontline::detail
