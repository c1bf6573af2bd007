#pragma once
// Phase 4, third part: reserves. A faction's free units that are neither
// needed where they stand nor committed go to the front nodes still short of
// their need: the largest shortfall first, each time the reserve nearest by
// road or track through the faction's own or allied ground (ties: the lower
// node index, then the stronger unit, then the lower unit index); a node that
// no reserve can reach is left as it is.
//
// Cost: one search per short node, stopped at the first node holding a
// reserve and resumed from there when that node's reserves are gone (reserves
// only leave, so no node the search passed has gained one), and one
// exhaustive search per cut-off pocket of friendly ground (after which every
// short node in it is skipped), so it scales with the reserves sent rather
// than with front nodes x reserves. A search is kept for the faction's next
// dispatch while no node it settled has changed sides for the faction: the
// next dispatch reads the nodes it settled, in order, before it searches on.
#include <cstddef>
#include <span>
#include <utility>
#include <vector>

#include "frontline/agents/state.hpp"
#include "frontline/rules/front.hpp"
#include "frontline/rules/unit_order.hpp"
#include "frontline/world/world_graph.hpp"

namespace frontline {

class Reserves {
 public:
  void reset(std::size_t nodes);
  // Sends f's `reserves` (unit indices, all of faction f, each at a node) to
  // its short front nodes. The shortfall of node n is front.need(f, n) -
  // (holding[n] - main_effort_holding[n]); holding grows by the strength of
  // every reserve sent. Appends (unit, destination) to `sent`.
  void dispatch(const WorldState& state, const Front& front, const WorldGraph& world,
                FactionIndex f, std::span<const std::size_t> reserves, std::span<double> holding,
                std::span<const double> main_effort_holding,
                std::vector<std::pair<std::size_t, NodeIndex>>& sent);

 private:
  // The nearest node (from `from`, by land through friendly ground) that
  // still has an available reserve; kNoNode after marking the searched pocket
  // as exhausted. The first call in a dispatch reads the nodes a kept search
  // settled from the first on, else searches from `from`; later calls go on
  // from where the last one stopped (its answer has no reserve left then: the
  // caller asks again only when it has none).
  NodeIndex nearest_with_reserve(const WorldState& state, const WorldGraph& world, FactionIndex f,
                                 NodeIndex from);

  // Whether node n still has an available reserve in this dispatch.
  bool has_reserve(NodeIndex n) const;

  UnitOrder unit_order_;                  // sorts units_
  std::vector<std::size_t> units_;        // f's reserves, by node then strongest first
  std::vector<std::uint32_t> next_;       // [N] the next available one at the node in units_
  std::vector<std::uint32_t> end_;        // [N] the end of the node's range in units_
  std::vector<std::uint32_t> listed_;     // [N] generation of next_/end_
  std::vector<std::uint32_t> exhausted_;  // [N] generation: no reserve can reach it
  std::vector<std::uint32_t> queued_;     // [N] call_ of queued_km_
  std::vector<double> queued_km_;         // [N] the nearest entry queued for the node
  // Searches from the short nodes of f's last dispatch that are still what a
  // new search would make (see keep_searches) are kept; the others let go.
  void keep_searches(const WorldState& state, FactionIndex f);

  // A search from one short node, kept to be resumed within a dispatch and
  // from one dispatch of its faction to the next: its queue, the nodes it
  // settled in order and as a bit a node, the dispatch that last used it and
  // where in `settled` its last answer is.
  struct Search {
    std::vector<std::pair<double, NodeIndex>> queue;
    std::vector<NodeIndex> settled;
    std::vector<std::uint64_t> settled_marks;  // [N / 64] bit n: node n settled
    std::uint32_t used = 0;                    // generation_ of the dispatch
    std::uint32_t answer = 0;                  // index in settled
  };
  std::vector<Search> searches_;              // [F][N] the search of faction f from the node
  std::vector<std::vector<NodeIndex>> kept_;  // [F] nodes with a search of f's kept
  std::vector<std::vector<FactionIndex>> controller_;  // [F][N] control at f's last dispatch
  std::vector<std::uint32_t> friends_;        // [F] bit g: g friendly to f at f's last dispatch
  std::vector<std::uint32_t> last_dispatch_;  // [F] generation_ of f's last dispatch
  std::vector<std::uint64_t> changed_;        // [N / 64] bit n: n's side changed for f
  std::vector<NodeIndex> answer_;             // [N] the last search's answer from the node
  std::vector<std::uint32_t> answered_;       // [N] generation of answer_
  std::vector<std::pair<double, NodeIndex>> shortfalls_;
  std::uint32_t generation_ = 0;  // per dispatch
  std::uint32_t call_ = 0;        // per call of nearest_with_reserve
};

}  // namespace frontline
