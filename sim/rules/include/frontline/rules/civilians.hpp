#pragma once
// Phase 10: civilians. People flee a contested node (flee_rate_fighting) or a
// besieged one (flee_rate_siege x humanitarian index) to the nearest safe
// settlement by road; displaced people return home once it has been quiet for
// quiet_days and, if return_requires_call, a call to return covers it. People
// are only ever moved between groups, so the total is conserved.
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
  std::vector<double> flee_;              // [N] share of the people at n who leave this step
  std::vector<NodeIndex> refuge_;         // [N] the nearest refuge
  std::vector<NodeIndex> sources_;        // refuges, the search's sources
  std::vector<double> displaced_before_;  // [N]
  PathSearch search_;
};

}  // namespace frontline
