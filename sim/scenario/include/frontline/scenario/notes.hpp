#pragma once
// Notes on a valid scenario: things the loader accepts but a scenario's author
// may not expect of the model (frontline validate prints them).
#include <string>
#include <vector>

#include "frontline/scenario/spec.hpp"

namespace frontline {

// Where factions at war hold the two ends of a road or track on the first day
// and it is longer than a side's doctrine reach_km: that side neither counts
// the other's forces at the far end as a threat nor counter-attacks across it
// (docs/model.md, Front). One note per such road, in map order. Then, in date
// order, each campaign event that follows an earlier one of the same faction
// with no halt of that faction between them: it replaces the earlier one if
// that is still under way (a faction runs one campaign at a time). Then each
// reinforcement of a new unit to a node a faction at war with it holds at the
// start, each unit id that two factions use, and each home-region node that a
// faction at war or under a ceasefire with its faction holds at the start (no
// supply from it until it is taken back or the relation changes).
std::vector<std::string> scenario_notes(const ScenarioSpec& spec);

}  // namespace frontline
