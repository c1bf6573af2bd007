#pragma once
// What every rule receives besides the state it updates: the frozen world and
// factions, the random streams, the step, where to put event records, and a
// reusable workspace (so a step allocates nothing once warmed up).
#include <boost/graph/properties.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "frontline/agents/state.hpp"
#include "frontline/core/random.hpp"
#include "frontline/record/run_record.hpp"
#include "frontline/rules/paths.hpp"
#include "frontline/world/world_graph.hpp"

namespace frontline {

// Scratch arrays shared by the rules; their contents are derived from the
// state and rebuilt when needed, never carried as state.
struct Workspace {
  std::size_t faction_count = 0;
  std::size_t node_count = 0;
  std::vector<double> fighters_at;  // [F][N] fighters of units standing at nodes
  std::vector<double> strength_at;  // [F][N] effective strength: fighters + vehicles x firepower
  std::vector<std::uint8_t>
      assault;  // [F][N] memo: 0 not yet known, 1 no, 2 the attack on n may go in
  std::vector<NodeIndex> nearest_objective;  // [F][N] decisions: nearest own objective
  std::vector<NodeIndex> general_target;     // [F] decisions: offensive for every free unit
  std::vector<double> free_strength;         // [F] decisions
  std::vector<double> edge_days;             // [E] unopposed travel time, this step
  std::vector<double> edge_km;               // [E]
  std::vector<double> entry_factor;          // [F][N] movement: contact speed factor into n
  std::vector<NodeIndex> scripted_target;  // [U] decisions: target of an offensive naming the unit
  std::vector<Order> new_order;            // decisions: per unit, applied after all decided
  std::vector<NodeIndex> new_target;
  std::vector<double> loss_fraction;        // [F][N] combat: share of fighters lost this step
  std::vector<double> morale_loss;          // [F][N] combat
  std::vector<std::uint8_t> in_combat;      // [N]
  std::vector<NodeIndex> retreat_to;        // [F][N] nearest friendly supplied node, or kNoNode
  std::vector<NodeIndex> retreat_toward;    // [F][N] next hop toward it
  std::vector<EdgeIndex> retreat_via;       // [F][N] the edge to that hop
  std::vector<std::uint8_t> retreat_ready;  // [F] the retreat field is computed for this phase
  std::vector<double> scratch_days;         // [N] scratch: best travel time per node
  std::vector<NodeIndex> sources;           // search sources scratch
  std::vector<double> flee;                 // [N] civilians scratch
  std::vector<NodeIndex> refuge;            // [N]
  // Supply scratch: BFS colours (all searches, and after the land search),
  // the BFS queue, search starts, and per-faction airlift sums.
  std::vector<boost::default_color_type> color;
  std::vector<boost::default_color_type> land_color;
  std::vector<std::size_t> queue;
  std::vector<std::size_t> starts;
  std::vector<double> air_fighters;                      // [F]
  std::vector<double> air_tonnes;                        // [F]
  std::vector<double> air_rate;                          // [F]
  std::vector<double> displaced_before;                  // [N] civilians
  std::vector<std::pair<double, NodeIndex>> candidates;  // decisions: best objectives
  PathCache paths;
  PathSearch search;

  void reset(std::size_t factions, std::size_t nodes, std::size_t edges, std::size_t units);
  std::size_t fn(FactionIndex f, NodeIndex n) const {
    return static_cast<std::size_t>(f) * node_count + static_cast<std::size_t>(n);
  }
  // Recounts fighters_at and strength_at from the units.
  void tally(const WorldState& state);
  // Recounts only if a rule moved units or changed their fighters since the
  // last count (rules that do so clear tally_current).
  void ensure_tally(const WorldState& state) {
    if (!tally_current) tally(state);
  }
  bool tally_current = false;
};

struct RuleContext {
  const WorldGraph& world;
  const std::vector<FactionProfile>& factions;
  const RandomStreams& random;
  std::uint32_t step = 0;  // the step being run (= the time index of its start)
  double dt = 1.0;         // its length in days
  std::vector<EventRecord>& events;
  Workspace& work;

  void record(EventRecordKind kind, NodeIndex node, FactionIndex actor, FactionIndex other,
              double magnitude, std::string text) const;
  const std::string& faction_id(FactionIndex f) const {
    return factions[static_cast<std::size_t>(f)].id;
  }
  const std::string& node_id(NodeIndex n) const { return world.node(n).id; }
};

// Effective strength of a unit: fighters plus vehicles times their firepower.
inline double effective_strength(double fighters, double vehicles, const Parameters& p) {
  return fighters + vehicles * p.vehicle_firepower;
}

// Takes `casualties` (people) from faction f's units at node n, in proportion to
// their fighters; vehicles go in the same proportion. Returns what was taken.
double take_losses(WorldState& state, FactionIndex f, NodeIndex n, double casualties);

// Splits casualties into killed and wounded (binomial with p = 1/(1+w)) and
// adds both to the faction's totals. Returns killed.
double count_casualties(WorldState& state, const RuleContext& ctx, FactionIndex f,
                        double casualties, std::uint32_t agent);

}  // namespace frontline
