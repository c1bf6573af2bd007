#include "frontline/rules/paths.hpp"

#include <algorithm>
#include <limits>
#include <utility>

namespace frontline {

double edge_travel_days(const EdgeProperties& edge, const Parameters& p) {
  double factor = 0.0;
  switch (edge.kind) {
    case EdgeKind::road:
      factor = 1.0;
      break;
    case EdgeKind::track:
      factor = p.track_speed_factor;
      break;
    case EdgeKind::sea:
    case EdgeKind::pipeline:
      return std::numeric_limits<double>::infinity();
  }
  const double km_per_day = p.road_speed_km_per_day * factor * edge.speed;
  if (!(km_per_day > 0.0)) return std::numeric_limits<double>::infinity();
  return edge.km / km_per_day;
}

namespace {
// Fields not looked up for this many revalidations are let go (memory only:
// a dropped field is computed again, to the same bits, when next needed).
constexpr std::uint64_t kKeepGenerations = 4;
}  // namespace

void PathCache::reset(std::size_t factions, std::size_t nodes) {
  nodes_ = nodes;
  prepared_.assign(factions, 0);
  stops_early_.assign(factions, 0);
  may_pass_.assign(factions * nodes, 0);
  hostile_.assign(factions * nodes, 0);
  slot_.assign(factions * nodes, -1);
  slots_.clear();
  free_.clear();
  changed_.clear();
  changed_.reserve(nodes);
  seen_changed_.reserve(nodes);
  got_dearer_.reserve(nodes);
  mark_.assign(nodes, 0);
  affected_.reserve(nodes);
  seeds_.reserve(nodes);
  heap_.reserve(4 * nodes);
  generation_ = 0;
}

void PathCache::drop(std::size_t slot) {
  Slot& s = slots_[slot];
  slot_[s.key] = -1;
  s.live = false;
  s.complete = false;
  s.heap.clear();
  free_.push_back(slot);
}

void PathCache::invalidate() {
  std::fill(prepared_.begin(), prepared_.end(), 0);
  for (std::size_t s = 0; s < slots_.size(); ++s)
    if (slots_[s].live) drop(s);
  changed_.clear();
}

void PathCache::see_node(FactionIndex f, std::size_t n, const WorldGraph& world,
                         const WorldState& state) {
  const auto& adjacency = world.adjacency();
  const std::size_t arcs = adjacency.arcs.size();
  const auto fi = static_cast<std::size_t>(f);
  const Parameters& p = state.parameters;
  // Nodes of a faction under ceasefire with f cannot be passed at all;
  // nodes of a faction at war with f only by taking them.
  const FactionIndex holder = state.nodes.controller[n];
  may_pass_[fi * nodes_ + n] = !state.blocks(f, holder) || state.at_war(f, holder);
  const bool hostile = state.at_war(f, holder);
  hostile_[fi * nodes_ + n] = hostile;
  for (auto k = static_cast<std::size_t>(adjacency.offset[n]);
       k < static_cast<std::size_t>(adjacency.offset[n + 1]); ++k) {
    // Leaving n toward the mover means the mover passes through n.
    arc_cost_[fi * arcs + k] = edge_travel_days(world.edge(adjacency.arcs[k].edge), p) +
                               (hostile ? p.hostile_detour_days : 0.0);
  }
}

// A search may stop once a node is settled when nothing settled later can
// change the node's cost, next hop or edge. A node u settled after v has
// cost[u] >= cost[v], and u would change v's entries only if cost[u] + arc
// cost rounded to cost[v]: impossible when every usable arc costs more than
// the rounding step of the largest cost, at most (nodes - 1) x the dearest
// arc. Arc costs change this epoch only by the hostile detour, so the bounds
// below (the detour left out of the cheapest, added to the dearest) hold
// until the next prepare.
void PathCache::prepare(FactionIndex f, const WorldGraph& world, const WorldState& state) {
  const std::size_t arcs = world.adjacency().arcs.size();
  if (arc_cost_.size() < prepared_.size() * arcs) arc_cost_.resize(prepared_.size() * arcs);
  for (std::size_t n = 0; n < nodes_; ++n) see_node(f, n, world, state);
  const Parameters& p = state.parameters;
  double cheapest = PathSearch::kUnreached;
  double dearest = 0.0;
  for (const auto& arc : world.adjacency().arcs) {
    const double days = edge_travel_days(world.edge(arc.edge), p);
    if (!(days < PathSearch::kUnreached)) continue;
    cheapest = std::min(cheapest, days);
    dearest = std::max(dearest, days);
  }
  const double largest_cost =
      static_cast<double>(nodes_) * (dearest + std::max(0.0, p.hostile_detour_days));
  stops_early_[static_cast<std::size_t>(f)] =
      cheapest > 0.0 && p.hostile_detour_days >= 0.0 && largest_cost < PathSearch::kUnreached &&
      cheapest > largest_cost * std::numeric_limits<double>::epsilon();
  prepared_[static_cast<std::size_t>(f)] = 1;
}

// The search's result is the one solution of: cost[target] = 0; for every
// other v, cost[v] = min over the arcs (u, v) of cost[u] + arc cost, taken
// over the u the search goes on from (reached, and passable or the target),
// with toward[v] the lowest such u reaching the minimum and via[v] its first
// arc doing so. Whatever the order of the relaxations, a label-correcting
// search that starts from upper bounds and relaxes every arc of every node at
// its final cost ends at that solution, to the bit (the same sums of the same
// terms). The repair: nodes whose tree path went through a changed node (its
// descendants) start again from infinity; every other node keeps its cost,
// still an upper bound since its path uses no changed arc; the arcs of the
// changed nodes and of the unaffected neighbours of affected nodes are relaxed
// again, and the search goes on from there. Every repair was checked bit for
// bit against a full search on the benchmarks and the rules and engine tests.
void PathCache::reset_affected(std::size_t slot, FactionIndex f,
                               const CompactAdjacency& adjacency) {
  PathField& field = slots_[slot].field;
  auto& cost = field.cost;
  auto& toward = field.toward;
  auto& via = field.via;
  const std::uint8_t* pass = may_pass_.data() + static_cast<std::size_t>(f) * nodes_;
  const auto* offset = adjacency.offset.data();
  const auto* arcs = adjacency.arcs.data();
  const auto goes_on = [&](std::size_t u) { return !(cost[u] > 0.0) || pass[u] != 0; };

  affected_.clear();
  for (std::size_t c = 0; c < seen_changed_.size(); ++c) {
    // A node that got cheaper to pass leaves every path through it an upper
    // bound, which the search below brings down: only the paths through a
    // node that got dearer (or closed) start again.
    if (!got_dearer_[c]) continue;
    const std::size_t n = seen_changed_[c];
    for (auto k = static_cast<std::size_t>(offset[n]); k < static_cast<std::size_t>(offset[n + 1]);
         ++k) {
      const auto v = static_cast<std::size_t>(arcs[k].to);
      if (toward[v] == static_cast<NodeIndex>(n) && !mark_[v]) {
        mark_[v] = 1;
        affected_.push_back(v);
      }
    }
  }
  for (std::size_t i = 0; i < affected_.size(); ++i) {
    const std::size_t u = affected_[i];
    for (auto k = static_cast<std::size_t>(offset[u]); k < static_cast<std::size_t>(offset[u + 1]);
         ++k) {
      const auto v = static_cast<std::size_t>(arcs[k].to);
      if (toward[v] == static_cast<NodeIndex>(u) && !mark_[v]) {
        mark_[v] = 1;
        affected_.push_back(v);
      }
    }
  }
  for (const std::size_t v : affected_) {
    cost[v] = PathSearch::kUnreached;
    toward[v] = kNoNode;
    via[v] = -1;
  }
  seeds_.clear();
  const auto seed = [&](std::size_t u) {
    if (mark_[u] || !(cost[u] < PathSearch::kUnreached) || !goes_on(u)) return;
    mark_[u] = 2;
    seeds_.push_back(u);
  };
  for (const std::size_t n : seen_changed_) seed(n);
  for (const std::size_t v : affected_)
    for (auto k = static_cast<std::size_t>(offset[v]); k < static_cast<std::size_t>(offset[v + 1]);
         ++k)
      seed(static_cast<std::size_t>(arcs[k].to));
  for (const std::size_t v : affected_) mark_[v] = 0;
  for (const std::size_t u : seeds_) mark_[u] = 0;
}

void PathCache::repair(std::size_t slot, FactionIndex f, const CompactAdjacency& adjacency) {
  slots_[slot].reached_listed = false;  // it may reach nodes the search did not
  reset_affected(slot, f, adjacency);
  PathField& field = slots_[slot].field;
  auto& cost = field.cost;
  auto& toward = field.toward;
  auto& via = field.via;
  const std::size_t target = slots_[slot].key % nodes_;
  const std::uint8_t* pass = may_pass_.data() + static_cast<std::size_t>(f) * nodes_;
  const double* arc_cost = arc_cost_.data() + static_cast<std::size_t>(f) * adjacency.arcs.size();
  const auto* offset = adjacency.offset.data();
  const auto* arcs = adjacency.arcs.data();
  const auto goes_on = [&](std::size_t u) { return !(cost[u] > 0.0) || pass[u] != 0; };

  heap_.clear();
  const auto relax_from = [&](std::size_t u) {
    for (auto k = static_cast<std::size_t>(offset[u]); k < static_cast<std::size_t>(offset[u + 1]);
         ++k) {
      const double step = arc_cost[k];
      if (!(step < PathSearch::kUnreached)) continue;
      const double candidate = cost[u] + step;
      const auto v = static_cast<std::size_t>(arcs[k].to);
      const auto from = static_cast<NodeIndex>(u);
      if (candidate < cost[v] || (candidate == cost[v] && from < toward[v])) {
        cost[v] = candidate;
        toward[v] = from;
        via[v] = arcs[k].edge;
        heap_.push_back({candidate, arcs[k].to});
        std::push_heap(heap_.begin(), heap_.end(), Later{});
      }
    }
  };
  for (const std::size_t u : seeds_) relax_from(u);
  while (!heap_.empty()) {
    std::pop_heap(heap_.begin(), heap_.end(), Later{});
    const Entry top = heap_.back();
    heap_.pop_back();
    const auto u = static_cast<std::size_t>(top.node);
    if (top.cost > cost[u] || !goes_on(u)) continue;
    relax_from(u);
  }

  field.days.assign(cost.begin(), cost.end());
  if (hostile_[static_cast<std::size_t>(f) * nodes_ + target]) {
    const double detour = detour_;
    for (std::size_t n = 0; n < nodes_; ++n)
      if (n != target) field.days[n] -= detour;
  }
}

// The repair of a search not complete: the nodes whose way to the target
// went through a changed node start again from infinity, as in repair; the
// queue loses their entries (they hold costs no longer true), the seeds go
// on it at their present costs, and the search goes on from there when next
// asked. Every node with a cost still has an entry at or below it until its
// arcs were relaxed at that cost, so a node is settled (see settled) only once
// its cost, hop and edge are final: every arc costs more than the rounding
// step (stops_early_), so nothing popped later reaches it at or below its cost.
void PathCache::repair_partial(std::size_t slot, FactionIndex f,
                               const CompactAdjacency& adjacency) {
  reset_affected(slot, f, adjacency);
  Slot& s = slots_[slot];
  const auto& cost = s.field.cost;
  std::erase_if(s.heap,
                [&](const Entry& e) { return e.cost != cost[static_cast<std::size_t>(e.node)]; });
  for (const std::size_t u : seeds_) s.heap.push_back({cost[u], static_cast<NodeIndex>(u)});
  std::make_heap(s.heap.begin(), s.heap.end(), Later{});
}

void PathCache::revalidate(const WorldGraph& world, const WorldState& state) {
  ++generation_;
  for (std::size_t s = 0; s < slots_.size(); ++s)
    if (slots_[s].live && generation_ - slots_[s].used_at > kKeepGenerations) drop(s);
  const auto& adjacency = world.adjacency();
  detour_ = state.parameters.hostile_detour_days;
  for (std::size_t fi = 0; fi < prepared_.size(); ++fi) {
    // A faction not prepared has no fields; it will see the new map when it is.
    if (!prepared_[fi]) continue;
    const auto f = static_cast<FactionIndex>(fi);
    seen_changed_.clear();
    got_dearer_.clear();
    for (const NodeIndex node : changed_) {
      const auto n = static_cast<std::size_t>(node);
      const bool was_passable = may_pass_[fi * nodes_ + n] != 0;
      const bool was_hostile = hostile_[fi * nodes_ + n] != 0;
      see_node(f, n, world, state);
      const bool hostile = hostile_[fi * nodes_ + n] != 0;
      const bool passable = may_pass_[fi * nodes_ + n] != 0;
      if (was_hostile == hostile && was_passable == passable) continue;
      seen_changed_.push_back(n);
      got_dearer_.push_back((hostile && !was_hostile) || (was_passable && !passable));
    }
    if (seen_changed_.empty()) continue;
    for (std::size_t s = 0; s < slots_.size(); ++s) {
      if (!slots_[s].live || slots_[s].key / nodes_ != fi) continue;
      const std::size_t target = slots_[s].key % nodes_;
      // A target that changed hands changes its detour: searched again when next needed.
      if (std::find(seen_changed_.begin(), seen_changed_.end(), target) != seen_changed_.end()) {
        drop(s);
      } else if (slots_[s].complete) {
        repair(s, f, adjacency);
      } else if (std::any_of(seen_changed_.begin(), seen_changed_.end(), [&](std::size_t n) {
                   return slots_[s].field.cost[n] < PathSearch::kUnreached;
                 })) {
        // A search not complete has read the costs and passability of the
        // nodes whose arcs it relaxed only, all of them reached: while no
        // changed node is among those, it goes on with the new costs as a new
        // search would. Otherwise it is repaired as a whole field is, and
        // goes on from there.
        repair_partial(s, f, adjacency);
      }
    }
  }
  changed_.clear();
}

std::size_t PathCache::slot_of(FactionIndex f, NodeIndex target, const WorldGraph& world,
                               const WorldState& state) {
  const std::size_t key = key_of(f, target);
  if (slot_[key] >= 0) {
    const auto slot = static_cast<std::size_t>(slot_[key]);
    slots_[slot].used_at = generation_;
    return slot;
  }
  std::size_t slot = slots_.size();
  if (free_.empty()) {
    slots_.emplace_back();
  } else {
    slot = free_.back();
    free_.pop_back();
  }
  Slot& s = slots_[slot];
  s.key = key;
  s.live = true;
  s.complete = false;
  s.used_at = generation_;
  slot_[key] = static_cast<std::int32_t>(slot);
  ++computed_;

  if (!prepared_[static_cast<std::size_t>(f)]) prepare(f, world, state);
  PathField& out = s.field;
  if (out.cost.size() == nodes_ && s.reached_listed) {
    // Only the nodes the slot's last search reached differ from a new field's.
    for (const NodeIndex n : s.reached) {
      const auto ni = static_cast<std::size_t>(n);
      out.toward[ni] = kNoNode;
      out.via[ni] = -1;
      out.cost[ni] = PathSearch::kUnreached;
    }
  } else {
    out.toward.assign(nodes_, kNoNode);
    out.via.assign(nodes_, -1);
    out.cost.assign(nodes_, PathSearch::kUnreached);
  }
  s.reached.assign(1, target);
  s.reached_listed = true;
  out.cost[static_cast<std::size_t>(target)] = 0.0;
  s.heap.clear();
  s.heap.push_back({0.0, target});
  if (!stops_early_[static_cast<std::size_t>(f)]) complete(slot, world.adjacency(), state);
  return slot;
}

// Dijkstra from the slot's target over f's arc costs, as PathSearch::run
// (ties to the lower node index), paused and resumed: it pops the same entries
// in the same order whatever the pauses (after a repair_partial, other entries
// in another order, toward the same result).
void PathCache::settle(std::size_t slot, NodeIndex here, const CompactAdjacency& adjacency) {
  Slot& s = slots_[slot];
  auto& heap = s.heap;
  auto& cost = s.field.cost;
  auto& toward = s.field.toward;
  auto& via = s.field.via;
  const auto f = static_cast<std::size_t>(s.key / nodes_);
  const std::uint8_t* pass = may_pass_.data() + f * nodes_;
  const double* arc_cost = arc_cost_.data() + f * adjacency.arcs.size();
  const auto* offset = adjacency.offset.data();
  const auto* arcs = adjacency.arcs.data();
  auto& reached = s.reached;
  while (!heap.empty() && !(here != kNoNode && settled(s, here))) {
    std::pop_heap(heap.begin(), heap.end(), Later{});
    const Entry top = heap.back();
    heap.pop_back();
    const auto u = static_cast<std::size_t>(top.node);
    if (top.cost > cost[u]) continue;
    if (cost[u] > 0.0 && !pass[u]) continue;
    for (auto k = static_cast<std::size_t>(offset[u]); k < static_cast<std::size_t>(offset[u + 1]);
         ++k) {
      const double step = arc_cost[k];
      if (!(step < PathSearch::kUnreached)) continue;
      const double candidate = top.cost + step;
      const auto v = static_cast<std::size_t>(arcs[k].to);
      // Ties go to the lower node index so results never depend on arc order.
      if (candidate < cost[v] || (candidate == cost[v] && top.node < toward[v])) {
        if (!(cost[v] < PathSearch::kUnreached)) reached.push_back(arcs[k].to);
        cost[v] = candidate;
        toward[v] = top.node;
        via[v] = arcs[k].edge;
        heap.push_back({candidate, arcs[k].to});
        std::push_heap(heap.begin(), heap.end(), Later{});
      }
    }
  }
}

// A node is settled once the queue's first entry comes after it (its own
// entry has left the queue, and no entry at or below its cost is left: see
// repair_partial). From then on nothing changes its cost, hop or edge.
bool PathCache::settled(const Slot& s, NodeIndex n) const {
  const double cost = s.field.cost[static_cast<std::size_t>(n)];
  if (!(cost < PathSearch::kUnreached)) return false;
  return s.heap.empty() || Later{}(s.heap.front(), Entry{cost, n});
}

void PathCache::complete(std::size_t slot, const CompactAdjacency& adjacency,
                         const WorldState& state) {
  settle(slot, kNoNode, adjacency);
  Slot& s = slots_[slot];
  s.complete = true;
  PathField& out = s.field;
  out.days.assign(out.cost.begin(), out.cost.end());
  // The target is attacked, not passed: take out the detour its arcs carry.
  const auto f = static_cast<FactionIndex>(s.key / nodes_);
  const auto target = static_cast<NodeIndex>(s.key % nodes_);
  if (state.at_war(f, state.nodes.controller[static_cast<std::size_t>(target)])) {
    const double detour = state.parameters.hostile_detour_days;
    for (std::size_t n = 0; n < nodes_; ++n)
      if (static_cast<NodeIndex>(n) != target) out.days[n] -= detour;
  }
}

const PathField& PathCache::search_field(FactionIndex f, NodeIndex target, const WorldGraph& world,
                                         const WorldState& state) {
  const std::size_t slot = slot_of(f, target, world, state);
  if (!slots_[slot].complete) complete(slot, world.adjacency(), state);
  return slots_[slot].field;
}

PathCache::Hop PathCache::hop(FactionIndex f, NodeIndex target, NodeIndex here,
                              const WorldGraph& world, const WorldState& state) {
  const std::size_t slot = slot_of(f, target, world, state);
  // (settle would stop at once where `here` is settled already: not called.)
  if (!slots_[slot].complete && !settled(slots_[slot], here)) settle(slot, here, world.adjacency());
  const PathField& field = slots_[slot].field;
  const auto h = static_cast<std::size_t>(here);
  return {field.toward[h], field.via[h]};
}

}  // namespace frontline
