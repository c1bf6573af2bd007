#pragma once
// Phase 10: civilians, a random process. Each step a binomial share of the
// people at a node flees it while it is contested (flee_rate_fighting) or
// besieged (flee_rate_siege x humanitarian index), times 1 - siege_trap in a
// besieged node (the encircler holds the roads out), to the nearest safe
// settlement by road. Displaced people return home, again a binomial share
// (return_rate), once it has been quiet for quiet_days after a call to return
// covers it, or quiet_days_without_call without one (never without a call if
// return_requires_call). People only move between groups: the total is kept.
#include "frontline/rules/context.hpp"
#include "frontline/world/shortest_paths.hpp"

namespace frontline {

// A node where people can take refuge: a settlement (city, town, port) that
// is neither contested nor besieged.
bool is_refuge(const WorldState& state, const WorldGraph& world, NodeIndex n);

// Recomputes nodes.population and nodes.displaced from the groups.
void count_civilians(WorldState& state);

class Civilians {
 public:
  void reset(std::size_t nodes);
  void move(WorldState& state, const RuleContext& ctx);

 private:
  // Whether refuge_ was searched with the nodes' present contested and besieged flags.
  bool refuge_current(const NodeStates& nodes) const;

  std::vector<double> flee_;              // [N] share of the people at n who leave this step
  std::vector<NodeIndex> refuge_;         // [N] the nearest refuge
  std::vector<NodeIndex> sources_;        // refuges, the search's sources
  std::vector<double> displaced_before_;  // [N]
  // [N] the flags refuge_ was searched with (empty: none searched yet).
  std::vector<std::uint8_t> searched_contested_;
  std::vector<std::uint8_t> searched_besieged_;
  PathSearch search_;
};

}  // namespace frontline
