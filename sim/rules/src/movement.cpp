#include "frontline/rules/movement.hpp"

#include <algorithm>
#include <cstring>
#include <limits>

#include "frontline/rules/front.hpp"

namespace frontline {

double contact_factor(const WorldState& state, const WorldGraph& world, FactionIndex f,
                      NodeIndex to) {
  const auto n = static_cast<std::size_t>(to);
  if (!state.nodes.contested[n] && !state.at_war(f, state.nodes.controller[n])) return 1.0;
  const double obstacles = world.node(to).obstacles;
  return 1.0 - obstacles * (1.0 - state.parameters.contact_speed_factor);
}

namespace {

bool moves(Order order) {
  return order == Order::advance || order == Order::retreat || order == Order::besiege ||
         order == Order::blockade || order == Order::redeploy;
}

}  // namespace

void Movement::reset(std::size_t factions, std::size_t nodes, std::size_t edges) {
  nodes_ = nodes;
  edges_.assign(edges, Road{});
  entry_factor_.assign(factions * nodes, 1.0);
  opposed_speed_.assign(nodes, 0.0);
  edges_tabled_ = false;
  enemy_ground_.assign(factions * nodes, 0);
  entry_made_.assign(factions * nodes, 0);
  stamp_ = 0;
  moved_.clear();
  moved_slots_.clear();
  enemies_.assign(factions, 0);
  retreat_.reset(factions, nodes);
}

bool Movement::pinned(const WorldState& state, const Presence& presence, std::size_t i) const {
  const auto f = static_cast<std::size_t>(state.units.faction[i]);
  return hostile_on_road(presence, enemies_[f], state.units.edge[i]);
}

bool Movement::may_enter(const WorldState& state, const Presence& presence, const WorldGraph& world,
                         std::size_t i, NodeIndex hop, bool first_hop) {
  const auto& u = state.units;
  const FactionIndex f = u.faction[i];
  const FactionIndex holder = state.nodes.controller[static_cast<std::size_t>(hop)];
  // Held by a faction under ceasefire: never (the lines are frozen).
  if (state.blocks(f, holder) && !state.at_war(f, holder)) return false;
  // A besieging unit stops short of the node it besieges.
  if (u.order[i] == Order::besiege && hop == u.target[i]) return false;
  if (!enemy_ground_[entry(state, presence, world, f, hop)]) return true;
  // A retreat falls back on its own side's lines, fought over or not.
  if (u.order[i] == Order::retreat && friendly(state, f, holder)) return true;
  // Enemy ground: only an attack the commander decided, from where it stood.
  return u.order[i] == Order::advance && first_hop;
}

bool Movement::move_unit(WorldState& state, const Presence& presence, PathCache& paths,
                         const RuleContext& ctx, std::size_t i) {
  auto& u = state.units;
  const FactionIndex f = u.faction[i];
  double days_left = ctx.dt;
  bool set_out = false;
  // Each pass either finishes an edge or uses up the step; a unit can cross
  // at most every node once in a step.
  for (std::size_t hops = 0; hops <= state.nodes.size() && days_left > 0.0; ++hops) {
    if (u.edge[i] == kNoEdge) {
      // Hostile forces where it stands: the fight for this node comes first
      // (it stays and fights; only a retreat breaks contact). Its order
      // stands, for when the node is clear.
      if (hops == 0 && u.order[i] != Order::retreat &&
          hostile_strength(presence, enemies_[static_cast<std::size_t>(f)], u.node[i]) > 0.0)
        return set_out;
      NodeIndex hop = kNoNode;
      EdgeIndex via = kNoEdge;
      if (u.order[i] == Order::retreat) {
        // Retreats follow the faction's retreat field back toward their rear
        // (computed once per step, from state movement does not change).
        hop = retreat_.toward(state, ctx, f, u.node[i]);
        via = retreat_.via(state, ctx, f, u.node[i]);
      } else {
        const NodeIndex target = u.target[i];
        if (target == kNoNode || u.node[i] == target || !moves(u.order[i])) return set_out;
        const PathCache::Hop next = paths.hop(f, target, u.node[i], ctx.world, state);
        hop = next.toward;
        via = next.via;
      }
      if (hop == kNoNode || !may_enter(state, presence, ctx.world, i, hop, hops == 0))
        return set_out;
      // Hostile forces on the road it would take: it meets them where it
      // stands (it would be pinned at the road's start, out of its node's
      // fight, while they walk past into the node).
      if (u.order[i] != Order::retreat &&
          hostile_on_road(presence, enemies_[static_cast<std::size_t>(f)], via))
        return set_out;
      u.edge[i] = via;
      u.next_node[i] = hop;
      u.progress_km[i] = 0.0;
      set_out = true;
    } else if (u.order[i] == Order::retreat && hops == 0) {
      turn_back_from_enemy(state, presence, ctx.world, i);
    }
    // Hostile forces on the same road: a meeting engagement; nobody passes
    // but a unit falling back, which breaks contact.
    if (u.order[i] != Order::retreat && pinned(state, presence, i)) return set_out;
    const auto e = static_cast<std::size_t>(u.edge[i]);
    const double km = edges_[e].km;
    const std::size_t into = entry(state, presence, ctx.world, f, u.next_node[i]);
    const double free_speed = edges_[e].free_speed;
    if (!(free_speed > 0.0)) return set_out;
    // Into enemy ground the last combat.contact_range_km of the road go at
    // the opposed rate, slowed further by obstacles; the rest at road speed.
    double opposed_speed = free_speed * entry_factor_[into];
    double free_km = km - u.progress_km[i];
    double opposed_km = 0.0;
    if (enemy_ground_[into]) {
      const auto next = static_cast<std::size_t>(u.next_node[i]);
      opposed_speed = std::min(free_speed, opposed_speed_[next]) * entry_factor_[into];
      const double opposed_from = std::max(0.0, km - state.parameters.contact_range_km);
      free_km = std::max(0.0, opposed_from - u.progress_km[i]);
      opposed_km = km - u.progress_km[i] - free_km;
    } else {
      // Contested friendly ground: the whole road at the obstacles' speed.
      opposed_km = free_km;
      free_km = 0.0;
    }
    if (!(opposed_speed > 0.0)) return set_out;
    const double days_needed = free_km / free_speed + opposed_km / opposed_speed;
    if (days_needed > days_left) {
      const double free_days = free_km / free_speed;
      u.progress_km[i] += days_left <= free_days
                              ? free_speed * days_left
                              : free_km + opposed_speed * (days_left - free_days);
      return set_out;
    }
    days_left -= days_needed;
    u.node[i] = u.next_node[i];
    u.next_node[i] = kNoNode;
    u.edge[i] = kNoEdge;
    u.progress_km[i] = 0.0;
    // Entering enemy ground ends the move: the node is fought for first.
    if (enemy_ground_[entry(state, presence, ctx.world, f, u.node[i])]) return set_out;
  }
  return set_out;
}

// A unit broken on the road toward enemy ground turns back the way it came
// (the same road, from where it got to), unless that end is enemy-held too.
void Movement::turn_back_from_enemy(WorldState& state, const Presence& presence,
                                    const WorldGraph& world, std::size_t i) {
  auto& u = state.units;
  const FactionIndex f = u.faction[i];
  const NodeIndex ahead = u.next_node[i];
  if (friendly(state, f, state.nodes.controller[static_cast<std::size_t>(ahead)]) ||
      !enemy_ground_[entry(state, presence, world, f, ahead)])
    return;
  const EdgeEnds ends = world.ends(u.edge[i]);
  const NodeIndex behind = ends.a == ahead ? ends.b : ends.a;
  if (state.at_war(f, state.nodes.controller[static_cast<std::size_t>(behind)])) return;
  u.next_node[i] = behind;
  u.progress_km[i] = edges_[static_cast<std::size_t>(u.edge[i])].km - u.progress_km[i];
}

void Movement::table_edges(const WorldState& state, const WorldGraph& world) {
  // Edges and parameters are fixed for a run: tabled on the first move.
  for (std::size_t e = 0; e < world.edge_count(); ++e) {
    const EdgeProperties& edge = world.edge(static_cast<EdgeIndex>(e));
    edges_[e].km = edge.km;
    edges_[e].free_speed = edge.km / edge_travel_days(edge, state.parameters);
  }
  for (std::size_t n = 0; n < nodes_; ++n) {
    const NodeProperties& node = world.node(static_cast<NodeIndex>(n));
    opposed_speed_[n] =
        state.parameters.opposed_advance_km_per_day / (node.urban * node.fortification);
  }
  edges_tabled_ = true;
}

// Entry k = (f, n) of the per-step tables, made on its first use in the step
// from the state at the start of the phase (moves do not change what it
// reads), so only the nodes units move into are looked at.
void Movement::make_entry(const WorldState& state, const Presence& presence,
                          const WorldGraph& world, FactionIndex f, NodeIndex n, std::size_t k) {
  entry_factor_[k] = contact_factor(state, world, f, n);
  enemy_ground_[k] = state.at_war(f, state.nodes.controller[static_cast<std::size_t>(n)]) ||
                     hostile_strength(presence, enemies_[static_cast<std::size_t>(f)], n) > 0.0;
  entry_made_[k] = stamp_;
}

void Movement::move(WorldState& state, const Presence& presence, PathCache& paths,
                    const RuleContext& ctx) {
  auto& u = state.units;
  retreat_.invalidate();
  bool anyone_moves = false;
  for (std::size_t i = 0; i < u.size() && !anyone_moves; ++i) anyone_moves = needs_move(u, i);
  if (!anyone_moves) return;
  if (!edges_tabled_) table_edges(state, ctx.world);
  ++stamp_;  // every entry of the tables is stale
  for (std::size_t f = 0; f < state.faction_count; ++f)
    enemies_[f] = state.war_mask(static_cast<FactionIndex>(f));
  moved_.clear();
  std::fill(moved_slots_.begin(), moved_slots_.end(), 0);
  for (std::size_t i = 0; i < u.size(); ++i)
    if (needs_move(u, i)) move_alike(state, presence, paths, ctx, i);
}

std::uint64_t Movement::moved_hash(const Moved& key) {
  // SplitMix64's finaliser: every bit of every part of the key moves every
  // bit of the hash (keys alike but for the node must not share a chain).
  const auto mix = [](std::uint64_t x) {
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
  };
  return mix(key.who ^ mix(key.where ^ mix(key.road ^ mix(key.along))));
}

std::size_t Movement::moved_slot(const Moved& key, std::uint64_t hash) const {
  const std::size_t mask = moved_slots_.size() - 1;
  const std::uint64_t tag = hash & kTagBits;
  std::size_t k = static_cast<std::size_t>(hash) & mask;
  for (;; k = (k + 1) & mask) {
    const std::uint64_t slot = moved_slots_[k];
    if (slot == 0) return k;
    if ((slot & kTagBits) == tag && moved_[(slot & ~kTagBits) - 1].alike(key)) return k;
  }
}

void Movement::note_moved(const Moved& moved, std::uint64_t hash) {
  if (2 * (moved_.size() + 1) > moved_slots_.size()) {
    // Grown to twice the size: this step's entries are slotted again.
    moved_slots_.assign(std::max<std::size_t>(2 * moved_slots_.size(), 64), 0);
    for (std::size_t m = 0; m < moved_.size(); ++m) {
      const std::uint64_t h = moved_hash(moved_[m]);
      moved_slots_[moved_slot(moved_[m], h)] = (h & kTagBits) | (m + 1);
    }
  }
  moved_slots_[moved_slot(moved, hash)] = (hash & kTagBits) | (moved_.size() + 1);
  moved_.push_back(moved);
}

void Movement::move_alike(WorldState& state, const Presence& presence, PathCache& paths,
                          const RuleContext& ctx, std::size_t i) {
  auto& u = state.units;
  const bool on_road = u.edge[i] != kNoEdge;
  Moved m;
  m.who = static_cast<std::uint64_t>(static_cast<std::uint8_t>(u.faction[i])) << 40 |
          static_cast<std::uint64_t>(u.order[i]) << 32 | static_cast<std::uint32_t>(u.target[i]);
  m.where = static_cast<std::uint64_t>(static_cast<std::uint32_t>(u.node[i])) << 32 |
            static_cast<std::uint32_t>(u.next_node[i]);
  if (on_road) {
    m.road = std::uint64_t{static_cast<std::uint32_t>(u.edge[i])} + 1;  // 0 is at a node
    std::memcpy(&m.along, &u.progress_km[i], sizeof m.along);
  }
  const std::uint64_t hash = moved_hash(m);
  if (!moved_.empty()) {
    const std::uint64_t slot = moved_slots_[moved_slot(m, hash)];
    if (slot != 0) {
      const Moved& seen = moved_[(slot & ~kTagBits) - 1];
      if (seen.set_out || on_road) {
        u.node[i] = seen.node;
        u.next_node[i] = seen.next_node;
        u.edge[i] = seen.edge;
        u.progress_km[i] = seen.progress_km;
      }
      return;
    }
  }
  m.set_out = move_unit(state, presence, paths, ctx, i);
  m.node = u.node[i];
  m.next_node = u.next_node[i];
  m.edge = u.edge[i];
  m.progress_km = u.progress_km[i];
  note_moved(m, hash);
}

}  // namespace frontline
