#pragma once
// Shortest travel-time paths for movement: one field per (faction, target),
// computed on demand by Dijkstra from the target and cached. A change of
// relations or movement parameters drops every field; a capture drops only
// the fields it would change (see control_changed). A unit looks up its next
// hop; no unit ever searches a path itself. A field only asked for next hops
// is searched only as far as the nodes asked about, and resumed when a
// farther one is asked (see hop).
#include <cstdint>
#include <vector>

#include "frontline/agents/state.hpp"
#include "frontline/world/shortest_paths.hpp"

namespace frontline {

struct PathField {
  std::vector<NodeIndex> toward;  // next hop toward the target, kNoNode at it or if unreachable
  std::vector<EdgeIndex> via;     // the edge to that hop
  std::vector<double> days;       // travel time to the target
  std::vector<double> cost;       // the search's own costs (days before the target's detour)
};

// Travel time in days over an edge for an unopposed unit; infinite for sea
// lanes and pipelines, which units never use.
double edge_travel_days(const EdgeProperties& edge, const Parameters& p);

class PathCache {
 public:
  void reset(std::size_t factions, std::size_t nodes);
  void invalidate();  // relations or speeds changed: every field goes
  // Node n changed hands. Call for every node that changed, then revalidate.
  void control_changed(NodeIndex n) { changed_.push_back(n); }
  // Brings every cached field up to date with the changes since the last call,
  // to the same bits a new search would give (see paths.cpp), and lets go of
  // fields not used for a while.
  void revalidate(const WorldGraph& world, const WorldState& state);
  // The field toward `target` for faction f. Paths never pass nodes held by a
  // faction under ceasefire with f, and pass nodes of a faction at war with f
  // (which must be taken on the way) only when no way round is shorter than
  // movement.hostile_detour_days.
  // Inline: the field is most often cached and complete (decisions ask for
  // one per unit and candidate objective).
  const PathField& field(FactionIndex f, NodeIndex target, const WorldGraph& world,
                         const WorldState& state) {
    const std::int32_t slot = slot_[key_of(f, target)];
    if (slot >= 0) {
      Slot& s = slots_[static_cast<std::size_t>(slot)];
      if (s.complete) {
        s.used_at = generation_;  // as slot_of
        return s.field;
      }
    }
    return search_field(f, target, world, state);
  }
  struct Hop {
    NodeIndex toward;  // field(f, target).toward[here]
    EdgeIndex via;     // field(f, target).via[here]
  };
  // The next hop from `here` toward `target`, to the same bits as the whole
  // field's, from a search that stops once `here` is settled.
  Hop hop(FactionIndex f, NodeIndex target, NodeIndex here, const WorldGraph& world,
          const WorldState& state);
  std::size_t computed() const { return computed_; }  // searches run so far

 private:
  std::size_t key_of(FactionIndex f, NodeIndex target) const {
    return static_cast<std::size_t>(f) * nodes_ + static_cast<std::size_t>(target);
  }
  // field, when the slot is new or its search not complete.
  const PathField& search_field(FactionIndex f, NodeIndex target, const WorldGraph& world,
                                const WorldState& state);
  // Arc costs and passability as faction f sees the map this epoch.
  void prepare(FactionIndex f, const WorldGraph& world, const WorldState& state);

  // How faction f sees node n: whether paths may go on through it, and the
  // cost of each arc leaving it.
  void see_node(FactionIndex f, std::size_t n, const WorldGraph& world, const WorldState& state);
  // Repairs field `slot` of faction f after the nodes in seen_changed_ changed
  // how f sees them (may_pass_ and arc_cost_ already updated).
  void repair(std::size_t slot, FactionIndex f, const CompactAdjacency& adjacency);
  // The same for a search not complete, which goes on from the repair when
  // next asked.
  void repair_partial(std::size_t slot, FactionIndex f, const CompactAdjacency& adjacency);
  // The first part of both: the nodes whose tree path goes through a node of
  // seen_changed_ that got dearer (or closed) start again from infinity
  // (listed in affected_), and seeds_ lists the nodes whose arcs must be
  // relaxed again (the changed nodes and the neighbours of affected ones that
  // keep a cost and go on).
  void reset_affected(std::size_t slot, FactionIndex f, const CompactAdjacency& adjacency);
  void drop(std::size_t slot);
  // The live slot of (f, target), its search started if it is new.
  std::size_t slot_of(FactionIndex f, NodeIndex target, const WorldGraph& world,
                      const WorldState& state);
  // Goes on with the slot's search until `here` is settled (kNoNode: to the end).
  void settle(std::size_t slot, NodeIndex here, const CompactAdjacency& adjacency);
  // Ends the slot's search and fills its travel days.
  void complete(std::size_t slot, const CompactAdjacency& adjacency, const WorldState& state);

  struct Entry {
    double cost;
    NodeIndex node;
  };
  struct Later {
    bool operator()(const Entry& a, const Entry& b) const {
      return a.cost > b.cost || (a.cost == b.cost && a.node > b.node);
    }
  };

  struct Slot {
    PathField field;
    std::vector<Entry> heap;         // the search's queue while it is not complete
    std::vector<NodeIndex> reached;  // every node the search reached (cost below infinity)
    bool reached_listed = false;     // `reached` lists every node with a cost (no repair since)
    std::size_t key = 0;
    std::uint64_t used_at = 0;  // generation of the last lookup
    bool live = false;
    bool complete = false;  // searched to the end, days filled
  };
  // Whether the slot's search has settled n (its cost, hop and edge final).
  bool settled(const Slot& s, NodeIndex n) const;

  std::size_t nodes_ = 0;
  std::vector<std::uint8_t> prepared_;  // [F] arc costs and may_pass current
  // [F] whether a search may stop early: a settled node's entries are then
  // final (see prepare).
  std::vector<std::uint8_t> stops_early_;
  std::vector<double> arc_cost_;        // [F][arcs]
  std::vector<std::uint8_t> may_pass_;  // [F][N]
  std::vector<std::uint8_t> hostile_;   // [F][N] the node's arcs carry the hostile detour
  std::vector<std::int32_t> slot_;      // [F][N] -> slot, -1 if not cached
  std::vector<Slot> slots_;
  std::vector<std::size_t> free_;          // slots not live
  std::vector<NodeIndex> changed_;         // nodes that changed hands since revalidate
  std::vector<std::size_t> seen_changed_;  // of those, the ones a faction sees differently
  std::vector<std::uint8_t> got_dearer_;   // [seen_changed_] its arcs dearer, or it closed
  // Scratch of repair, sized once.
  std::vector<std::uint8_t> mark_;     // [N] 1 affected, 2 seed
  std::vector<std::size_t> affected_;  // nodes whose way to the target went through a change
  std::vector<std::size_t> seeds_;     // nodes whose arcs are relaxed again
  std::vector<Entry> heap_;
  std::uint64_t generation_ = 0;  // revalidations so far
  double detour_ = 0.0;           // movement.hostile_detour_days
  std::size_t computed_ = 0;
};

}  // namespace frontline
