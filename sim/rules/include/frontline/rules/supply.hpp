#pragma once
// Phase 2: supply. Per faction, the nodes reachable from its supply sources
// (home nodes it holds; air bridge airbases it holds while flights > 0) by a
// breadth-first search (Boost.Graph) over roads and tracks through nodes not
// held by a faction that blocks it (war or ceasefire), plus sea lanes between
// ports when the faction uses the sea and no hostile warship is off either end.
// A node its holder cannot reach is besieged. Reached nodes and the units at
// them replenish; units elsewhere draw their own stock down.
#include <boost/graph/properties.hpp>

#include "frontline/rules/context.hpp"

namespace frontline {

class Supply {
 public:
  void reset(std::size_t factions, std::size_t nodes);
  // Computes state.reached, nodes.besieged and nodes.air_supplied only.
  void compute_reach(WorldState& state, const RuleContext& ctx);
  // compute_reach, then stock and unit supply updates for the step.
  void update(WorldState& state, const RuleContext& ctx);

 private:
  // Breadth-first from the sources not yet reached (colour white).
  void search_from(const WorldGraph& world, const WorldState& state, FactionIndex f, bool sea);

  std::vector<boost::default_color_type> color_;       // [N] all searches so far
  std::vector<boost::default_color_type> land_color_;  // [N] after the land search
  std::vector<std::size_t> queue_;                     // the BFS queue
  std::vector<std::size_t> starts_;                    // search starts
  std::vector<NodeIndex> sources_;
  std::vector<double> air_fighters_;  // [F]
  std::vector<double> air_tonnes_;    // [F]
  std::vector<double> air_rate_;      // [F]
};

// Days of stock an air bridge adds per day to the nodes it alone supplies:
// tonnes per day / (tonnes per fighter-day x fighters supplied).
double air_days_per_day(double tonnes_per_day, double fighters, const Parameters& p);

}  // namespace frontline
