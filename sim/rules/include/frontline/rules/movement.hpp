#pragma once
// Phase 4: movement along shortest travel-time paths (cached per faction and
// target). Units on edges carry progress in km. Enemy ground (a node held by
// a faction at war with the mover, or where its units stand) is entered only
// by an attack the commander ordered, from where the unit stood, and the move
// ends there; the advance into it goes at the opposed rate
// movement.opposed_advance_km_per_day / (urban x fortification), slowed
// further by obstacles (mines, snipers). A unit on a road where hostile units
// stand is pinned (a meeting engagement, fought in combat), one does not set
// out on such a road (it meets them where it stands), and one does not set
// out from a node where hostile units stand (it fights for the node first;
// its order stands), unless it falls back (order retreat): it breaks contact,
// turns back from enemy ground it was entering, and may fall back into its
// own side's nodes fought over. Nodes of a faction under ceasefire are never
// entered. Tracks are slower than roads; no unit moves by sea or pipeline.
#include "frontline/rules/combat.hpp"
#include "frontline/rules/context.hpp"
#include "frontline/rules/paths.hpp"
#include "frontline/rules/presence.hpp"

namespace frontline {

// Speed multiplier on an edge into `to` for faction f: 1 - obstacles x (1 -
// contact_speed_factor) if `to` is held by a faction at war with f or is
// contested, else 1.
double contact_factor(const WorldState& state, const WorldGraph& world, FactionIndex f,
                      NodeIndex to);

class Movement {
 public:
  void reset(std::size_t factions, std::size_t nodes, std::size_t edges);
  // `presence`: who stood where, and on which road, when the orders were given.
  void move(WorldState& state, const Presence& presence, PathCache& paths, const RuleContext& ctx);

 private:
  // Returns whether the unit set out (took a road) this step.
  bool move_unit(WorldState& state, const Presence& presence, PathCache& paths,
                 const RuleContext& ctx, std::size_t i);
  // Unit i moves as the first unit alike did this step (see Moved), or as
  // move_unit, and that move is noted for the units alike after it.
  void move_alike(WorldState& state, const Presence& presence, PathCache& paths,
                  const RuleContext& ctx, std::size_t i);
  // Whether unit i may step onto the edge toward `hop` (first_hop: from where
  // it stood when its order was given).
  bool may_enter(const WorldState& state, const Presence& presence, const WorldGraph& world,
                 std::size_t i, NodeIndex hop, bool first_hop);
  // Hostile forces stood on unit i's edge at the start of the phase (enemies_
  // of this step).
  bool pinned(const WorldState& state, const Presence& presence, std::size_t i) const;
  void turn_back_from_enemy(WorldState& state, const Presence& presence, const WorldGraph& world,
                            std::size_t i);
  // Whether unit i has a move to make this step (an order that moves, or on a
  // road). Inline: movement asks it of every unit each step.
  static bool needs_move(const UnitTable& u, std::size_t i) {
    if (u.edge[i] == kNoEdge) {
      const Order order = u.order[i];
      if (order == Order::hold || order == Order::garrison) return false;
      if (order != Order::retreat && (u.target[i] == u.node[i] || u.target[i] == kNoNode))
        return false;
    }
    return u.active[i] && u.fighters[i] > 0.0;
  }
  void table_edges(const WorldState& state, const WorldGraph& world);
  // The index of (f, n) in the per-step tables, made on first use this step.
  std::size_t entry(const WorldState& state, const Presence& presence, const WorldGraph& world,
                    FactionIndex f, NodeIndex n) {
    const std::size_t k = at(f, n);
    if (entry_made_[k] != stamp_) make_entry(state, presence, world, f, n, k);
    return k;
  }
  void make_entry(const WorldState& state, const Presence& presence, const WorldGraph& world,
                  FactionIndex f, NodeIndex n, std::size_t k);
  std::size_t at(FactionIndex f, NodeIndex n) const {
    return static_cast<std::size_t>(f) * nodes_ + static_cast<std::size_t>(n);
  }

  std::size_t nodes_ = 0;
  bool edges_tabled_ = false;  // edges_ and opposed_speed_ (run-long) are filled
  // What a hop reads of its road, side by side (one cache line, not two).
  struct Road {
    double km = 0.0;
    double free_speed = 0.0;  // km over the unopposed travel time, km/day
  };
  std::vector<Road> edges_;                 // [E]
  std::vector<double> entry_factor_;        // [F][N] obstacles' speed factor into n
  std::vector<double> opposed_speed_;       // [N] opposed advance rate into n, km/day
  std::vector<std::uint8_t> enemy_ground_;  // [F][N] held by or holding an enemy of f
  std::vector<std::uint32_t> entry_made_;   // [F][N] stamp_ when the entry was made
  std::uint32_t stamp_ = 0;                 // counts the steps anyone moved in
  std::vector<std::uint32_t> enemies_;      // [F] WorldState::war_mask, this step
  RetreatField retreat_;
  // A unit's move this step follows from its faction, order, target, node,
  // and road, the node ahead and its progress on the road if it is on one
  // (one that stands at a node sets its progress to 0 when it sets out): the
  // move reads nothing else of the unit, and the tables, paths and presence
  // it reads do not change during the phase. Units alike (tens that set out
  // together from a node of a large world, and go on in step) take the first
  // one's move.
  struct Moved {
    std::uint64_t who = 0;     // faction, order and target
    std::uint64_t where = 0;   // node and the node ahead
    std::uint64_t road = 0;    // the edge + 1, on a road (0 at a node)
    std::uint64_t along = 0;   // the bits of the progress on the road (0 at a node)
    bool set_out = false;      // a unit at a node took a road (if not, it stayed as it was)
    NodeIndex node = kNoNode;  // where the move ended: node, road and progress on it
    NodeIndex next_node = kNoNode;
    EdgeIndex edge = kNoEdge;
    double progress_km = 0.0;
    bool alike(const Moved& m) const {
      return who == m.who && where == m.where && road == m.road && along == m.along;
    }
  };
  // The table is small slots over a dense list, so that a look-up reads one
  // slot of an array that stays in cache and, only when the key's tag
  // matches, the move itself (at 10^6 units a table of whole moves spread the
  // ~35,000 moves of a step over 8 MB: a cache miss per unit).
  std::vector<Moved> moved_;  // this step's moves, in the order first made
  // Open addressing, a power of two in size, at most half full: 0 empty,
  // else the hash's high half (kTagBits) and 1 + the move's index in moved_.
  std::vector<std::uint64_t> moved_slots_;
  static constexpr std::uint64_t kTagBits = 0xFFFFFFFF00000000ull;
  static std::uint64_t moved_hash(const Moved& key);
  // The slot of `key`'s move, or the empty slot where it goes.
  std::size_t moved_slot(const Moved& key, std::uint64_t hash) const;
  void note_moved(const Moved& moved, std::uint64_t hash);
};

}  // namespace frontline
