#include "frontline/scenario/notes.hpp"

#include <algorithm>

#include "frontline/scenario/yaml_check.hpp"

namespace frontline {

namespace {

const FactionSpec* faction_of(const ScenarioSpec& spec, const std::string& id) {
  const auto it = std::find_if(spec.factions.begin(), spec.factions.end(),
                               [&](const FactionSpec& f) { return f.id == id; });
  return it == spec.factions.end() ? nullptr : &*it;
}

bool at_war(const ScenarioSpec& spec, const std::string& a, const std::string& b) {
  return std::any_of(spec.relations.begin(), spec.relations.end(), [&](const RelationSpec& r) {
    return r.state == Relation::war && ((r.a == a && r.b == b) || (r.a == b && r.b == a));
  });
}

std::string controller(const ScenarioSpec& spec, const std::string& node) {
  const auto it = spec.control.find(node);
  return it == spec.control.end() ? std::string() : it->second;
}

}  // namespace

std::vector<std::string> scenario_notes(const ScenarioSpec& spec) {
  std::vector<std::string> notes;
  for (const EdgeSpec& edge : spec.map.edges) {
    if (!drivable(edge.kind)) continue;
    const std::string a = controller(spec, edge.from);
    const std::string b = controller(spec, edge.to);
    if (a.empty() || b.empty() || a == b || !at_war(spec, a, b)) continue;
    const FactionSpec* fa = faction_of(spec, a);
    const FactionSpec* fb = faction_of(spec, b);
    if (fa == nullptr || fb == nullptr) continue;
    std::vector<const FactionSpec*> short_sighted;
    for (const FactionSpec* f : {fa, fb})
      if (edge.km > f->doctrine.reach_km) short_sighted.push_back(f);
    if (short_sighted.empty()) continue;
    std::string who;
    for (std::size_t k = 0; k < short_sighted.size(); ++k)
      who += (k == 0 ? "" : " and ") + short_sighted[k]->id + " (" +
             format_number(short_sighted[k]->doctrine.reach_km) + " km)";
    const bool both = short_sighted.size() == 2;
    notes.push_back(
        a + " at " + edge.from + " and " + b + " at " + edge.to + " are at war across " +
        (edge.kind == EdgeKind::road ? "a road" : "a track") + " of " + format_number(edge.km) +
        " km, longer than the doctrine's reach_km of " + who + ": " +
        (both ? "neither counts the other's forces there as a threat"
              : short_sighted[0]->id + " does not count the other's forces there as a threat") +
        " (no garrison against them, no counter-attack across it; a campaign still goes). Set "
        "reach_km in the doctrine if the sides were in contact there (docs/model.md, Front).");
  }
  return notes;
}

}  // namespace frontline
