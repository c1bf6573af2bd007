#pragma once
// What every rule receives besides the state it updates: the frozen world and
// factions, the random streams, the step and where to put event records. Each
// rule keeps its own scratch arrays (sized once, so a step allocates nothing
// once warmed up); what several rules read (who stands where, the path cache)
// is passed to them explicitly by the step.
#include <cstdint>
#include <string>
#include <vector>

#include "frontline/agents/state.hpp"
#include "frontline/core/random.hpp"
#include "frontline/record/run_record.hpp"
#include "frontline/world/world_graph.hpp"

namespace frontline {

struct RuleContext {
  const WorldGraph& world;
  const std::vector<FactionProfile>& factions;
  const RandomStreams& random;
  std::uint32_t step = 0;  // the step being run (= the time index of its start)
  double dt = 1.0;         // its length in days
  std::vector<EventRecord>& events;

  void record(EventRecordKind kind, NodeIndex node, FactionIndex actor, FactionIndex other,
              double magnitude, std::string text) const;
  const std::string& faction_id(FactionIndex f) const {
    return factions[static_cast<std::size_t>(f)].id;
  }
  const std::string& node_id(NodeIndex n) const { return world.node(n).id; }
};

// f's side: f itself or an ally (supply, reserves, combat, control and the
// decisions all ask it).
inline bool friendly(const WorldState& state, FactionIndex f, FactionIndex other) {
  return other != kNoFaction && (other == f || state.relation(f, other) == Relation::allied);
}

// Effective strength of a unit: fighters plus vehicles times their firepower.
inline double effective_strength(double fighters, double vehicles, const Parameters& p) {
  return fighters + vehicles * p.vehicle_firepower;
}

// Whether node n was under fire in the step's last combat or air phase
// (fought over on the ground, or struck from the air): no place to rally.
inline bool under_fire(const WorldState& state, std::size_t n) {
  return state.nodes.fought[n] != 0 || state.nodes.struck[n] != 0;
}

// Effective strength of unit i of the state's unit table.
inline double unit_strength(const WorldState& state, std::size_t i) {
  return effective_strength(state.units.fighters[i], state.units.vehicles[i], state.parameters);
}

// The morale a unit of f pays for losing the share `lost` of its fighters:
// combat.morale_loss_sensitivity x lost / its doctrine's casualty_tolerance.
inline double morale_cost(const WorldState& state, FactionIndex f, double lost) {
  return state.parameters.morale_loss_sensitivity * lost /
         state.doctrines[static_cast<std::size_t>(f)].casualty_tolerance;
}

// Unit i lost the share `lost` of its fighters: its morale falls by
// combat.morale_loss_sensitivity x lost / its doctrine's casualty_tolerance,
// times `weight` (1: as in combat).
void lose_morale(WorldState& state, std::size_t i, double lost, double weight);

// Takes `casualties` (people) from faction f's units at node n, in proportion to
// their fighters; vehicles go in the same proportion, and each unit's morale
// pays for its share lost times `morale_weight` (lose_morale; 0: not at all).
// Returns what was taken.
double take_losses(WorldState& state, FactionIndex f, NodeIndex n, double casualties,
                   double morale_weight = 0.0);

// Splits casualties into killed and wounded (binomial with p = 1/(1+w)) and
// adds both to the faction's totals. Returns killed.
double count_casualties(WorldState& state, const RuleContext& ctx, FactionIndex f,
                        double casualties, std::uint32_t agent);

}  // namespace frontline
