#include "frontline/scenario/notes.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include "frontline/scenario/yaml_check.hpp"

namespace frontline {

namespace {

const FactionSpec* faction_of(const ScenarioSpec& spec, const std::string& id) {
  const auto it = std::find_if(spec.factions.begin(), spec.factions.end(),
                               [&](const FactionSpec& f) { return f.id == id; });
  return it == spec.factions.end() ? nullptr : &*it;
}

// The relation between two factions at the start, if the file resolves one.
std::optional<Relation> relation_between(const ScenarioSpec& spec, const std::string& a,
                                         const std::string& b) {
  const auto it = std::find_if(
      spec.relations.begin(), spec.relations.end(),
      [&](const RelationSpec& r) { return (r.a == a && r.b == b) || (r.a == b && r.b == a); });
  return it == spec.relations.end() ? std::nullopt : std::optional<Relation>(it->state);
}

bool at_war(const ScenarioSpec& spec, const std::string& a, const std::string& b) {
  return relation_between(spec, a, b) == Relation::war;
}

std::string controller(const ScenarioSpec& spec, const std::string& node) {
  const auto it = spec.control.find(node);
  return it == spec.control.end() ? std::string() : it->second;
}

void note_roads_beyond_reach(const ScenarioSpec& spec, std::vector<std::string>& notes) {
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
}

// A faction runs one campaign at a time, so a campaign event that comes while
// an earlier one of the same faction may still be under way (no halt of that
// faction between them) replaces it.
void note_campaigns_that_replace_others(const ScenarioSpec& spec, std::vector<std::string>& notes) {
  std::vector<const EventSpec*> campaigns;
  for (const EventSpec& e : spec.events)
    if (e.kind == EventKind::campaign) campaigns.push_back(&e);
  std::stable_sort(campaigns.begin(), campaigns.end(),
                   [](const EventSpec* a, const EventSpec* b) { return a->date < b->date; });
  const auto halted_between = [&](const EventSpec& earlier, const EventSpec& later) {
    return std::any_of(spec.events.begin(), spec.events.end(), [&](const EventSpec& e) {
      return e.kind == EventKind::halt && e.faction == earlier.faction && e.date >= earlier.date &&
             e.date <= later.date;
    });
  };
  for (std::size_t k = 0; k < campaigns.size(); ++k) {
    const EventSpec& later = *campaigns[k];
    for (std::size_t j = k; j-- > 0;) {
      const EventSpec& earlier = *campaigns[j];
      if (earlier.faction != later.faction) continue;
      if (!halted_between(earlier, later))
        notes.push_back("campaign events " + earlier.id + " and " + later.id + " are both " +
                        later.faction + "'s: a faction runs one campaign at a time, so if " +
                        earlier.id + " (aim " + earlier.aim + ") is still under way when " +
                        later.id + " comes, " + later.id + " (aim " + later.aim +
                        ") replaces it and its units leave it. For two offensives at once, "
                        "give each to its own faction, allied to the other "
                        "(docs/scenario-format.md, Events).");
      break;  // only the faction's latest campaign before this one
    }
  }
}

// The units of each faction: those it has from the start, and the ids its
// reinforcements bring, in date order: faction -> unit -> first date (none:
// from the start).
using UnitsByFaction = std::map<std::string, std::map<std::string, std::optional<Days>>>;

UnitsByFaction units_by_faction(const ScenarioSpec& spec) {
  UnitsByFaction units;
  for (const FactionSpec& f : spec.factions)
    for (const UnitSpec& u : f.units) units[f.id].emplace(u.id, std::nullopt);
  std::vector<const EventSpec*> arrivals;
  for (const EventSpec& e : spec.events)
    if (e.kind == EventKind::reinforcement && !e.unit.empty()) arrivals.push_back(&e);
  std::stable_sort(arrivals.begin(), arrivals.end(),
                   [](const EventSpec* a, const EventSpec* b) { return a->date < b->date; });
  for (const EventSpec* e : arrivals) units[e->faction].emplace(e->unit, e->date);
  return units;
}

// A new unit bound for a node a faction at war with it holds at the start
// arrives, if that node is still the enemy's on the day, at the nearest node
// its own side holds (docs/model.md, Events): the author hears of it.
void note_reinforcements_into_enemy_ground(const ScenarioSpec& spec, const UnitsByFaction& units,
                                           std::vector<std::string>& notes) {
  for (const EventSpec& e : spec.events) {
    if (e.kind != EventKind::reinforcement) continue;
    const std::string holder = controller(spec, e.node);
    if (holder.empty() || holder == e.faction || !at_war(spec, e.faction, holder)) continue;
    const auto of_faction = units.find(e.faction);
    if (of_faction != units.end()) {
      const auto first = of_faction->second.find(e.unit);
      if (first != of_faction->second.end() && first->second != e.date) continue;  // not new
    }
    notes.push_back("reinforcement " + e.id + " brings " + e.faction + "'s new unit " + e.unit +
                    " to " + e.node + ", which " + holder +
                    " holds at the start: if a faction at war with " + e.faction +
                    " still holds it on " + format_date(e.date) +
                    ", the unit arrives at the nearest node " + e.faction +
                    "'s side holds (by road km) instead (docs/model.md, Events).");
  }
}

// Unit ids are per faction; one id in two factions is legal but names two
// units in the output's `unit` coordinate.
void note_unit_ids_in_several_factions(const UnitsByFaction& units,
                                       std::vector<std::string>& notes) {
  std::map<std::string, std::vector<std::string>> factions_of;  // unit id -> factions
  for (const auto& [faction, ids] : units)
    for (const auto& id : ids) factions_of[id.first].push_back(faction);
  for (const auto& [unit, factions] : factions_of) {
    if (factions.size() < 2) continue;
    std::string who;
    for (std::size_t k = 0; k < factions.size(); ++k)
      who += (k == 0 ? "" : k + 1 == factions.size() ? " and " : ", ") + factions[k];
    notes.push_back("unit id " + unit + " names a unit of each of " + who +
                    ": ids are per faction, so the output's `unit` coordinate holds " + unit + " " +
                    std::to_string(factions.size()) +
                    " times (tell them apart by `unit_faction`, or give each its own id).");
  }
}

// A home-region node is a supply source only while no faction that blocks its
// faction (at war with it, or under a ceasefire: WorldState::blocks) holds it
// (docs/model.md, Supply): one held by such a faction at the start gives
// nothing until it is taken back or the relation changes.
void note_home_region_held_by_enemies(const ScenarioSpec& spec, std::vector<std::string>& notes) {
  for (const FactionSpec& f : spec.factions) {
    for (const std::string& node : f.supply.home) {
      const std::string holder = controller(spec, node);
      if (holder.empty() || holder == f.id) continue;
      const std::optional<Relation> relation = relation_between(spec, f.id, holder);
      if (relation != Relation::war && relation != Relation::ceasefire) continue;
      notes.push_back(
          f.id + "'s home region lists " + node + ", which " + holder + " holds at the start, " +
          (relation == Relation::war ? "at war with " : "under a ceasefire with ") + f.id +
          ": no supply comes from " + node + " while a faction at war or under a ceasefire with " +
          f.id + " holds it (docs/model.md, Supply).");
    }
  }
}

}  // namespace

std::vector<std::string> scenario_notes(const ScenarioSpec& spec) {
  std::vector<std::string> notes;
  note_roads_beyond_reach(spec, notes);
  note_campaigns_that_replace_others(spec, notes);
  const UnitsByFaction units = units_by_faction(spec);
  note_reinforcements_into_enemy_ground(spec, units, notes);
  note_unit_ids_in_several_factions(units, notes);
  note_home_region_held_by_enemies(spec, notes);
  return notes;
}

}  // namespace frontline
