#include "frontline/rules/reserves.hpp"

#include <algorithm>

#include "frontline/rules/context.hpp"
#include "frontline/rules/reach.hpp"

namespace frontline {

namespace {

// Min-heap order on (distance, node): the nearer first, ties the lower node.
// (Function objects, so that the heap operations inline them.)
struct Farther {
  bool operator()(const std::pair<double, NodeIndex>& a,
                  const std::pair<double, NodeIndex>& b) const {
    return a.first != b.first ? a.first > b.first : a.second > b.second;
  }
};

// Max-heap order on (shortfall, node): the larger first, ties the lower node.
struct SmallerShortfall {
  bool operator()(const std::pair<double, NodeIndex>& a,
                  const std::pair<double, NodeIndex>& b) const {
    return a.first != b.first ? a.first < b.first : a.second > b.second;
  }
};

}  // namespace

bool Reserves::has_reserve(NodeIndex n) const {
  const auto ni = static_cast<std::size_t>(n);
  return listed_[ni] == generation_ && next_[ni] < end_[ni];
}

void Reserves::reset(std::size_t nodes) {
  searches_.resize(nodes);
  answer_.assign(nodes, kNoNode);
  answered_.assign(nodes, 0);
  next_.assign(nodes, 0);
  end_.assign(nodes, 0);
  listed_.assign(nodes, 0);
  exhausted_.assign(nodes, 0);
  queued_.assign(nodes, 0);
  queued_km_.assign(nodes, 0.0);
  generation_ = 0;
  call_ = 0;
}

NodeIndex Reserves::nearest_with_reserve(const WorldState& state, const WorldGraph& world,
                                         FactionIndex f, NodeIndex from) {
  ++call_;
  const auto from_i = static_cast<std::size_t>(from);
  Search& search = searches_[from_i];
  auto& settled = search.settled_marks;
  const auto is_settled = [&](std::size_t n) { return (settled[n / 64] >> (n % 64) & 1u) != 0; };
  if (answered_[from_i] != generation_) {
    search.queue.clear();
    search.settled.clear();
    settled.assign((answer_.size() + 63) / 64, 0);
    search.queue.emplace_back(0.0, from);
  } else {
    // Resumed: a search from scratch would settle the same nodes in the same
    // order up to the last answer (none of them has gained a reserve) and
    // now, finding no reserve there, go on through it. The answer goes back
    // on the queue unsettled: it is the first entry in (km, node) order. The
    // search keeps its own marks, so resuming it costs nothing per node it
    // settled before.
    const auto last = static_cast<std::size_t>(search.settled.back());
    search.settled.pop_back();
    settled[last / 64] &= ~(std::uint64_t{1} << (last % 64));
    search.queue.emplace_back(search.answer_km, static_cast<NodeIndex>(last));
    std::push_heap(search.queue.begin(), search.queue.end(), Farther{});
  }
  auto& queue = search.queue;
  while (!queue.empty()) {
    std::pop_heap(queue.begin(), queue.end(), Farther{});
    const auto [km, n] = queue.back();
    queue.pop_back();
    const auto ni = static_cast<std::size_t>(n);
    if (is_settled(ni)) continue;
    settled[ni / 64] |= std::uint64_t{1} << (ni % 64);
    search.settled.push_back(n);
    // Nodes settle nearest first, ties by node index: the first with a
    // reserve is the answer.
    if (has_reserve(n)) {
      search.answer_km = km;
      return n;
    }
    // Through friendly ground only; other nodes are reached, as end points.
    if (!friendly(state, f, state.nodes.controller[ni])) continue;
    for (const auto& arc : world.adjacency().of(n)) {
      const double step = land_km(world, arc);
      if (!(step < PathSearch::kUnreached)) continue;
      const auto to = static_cast<std::size_t>(arc.to);
      if (is_settled(to)) continue;
      // An entry no nearer than one already queued for the node this call
      // would only be popped after it, when the node is settled: left out.
      const double next = km + step;
      if (queued_[to] == call_ && !(next < queued_km_[to])) continue;
      queued_[to] = call_;
      queued_km_[to] = next;
      queue.emplace_back(next, arc.to);
      std::push_heap(queue.begin(), queue.end(), Farther{});
    }
  }
  // The whole pocket of friendly ground around `from` holds no reserve.
  for (const NodeIndex n : search.settled) exhausted_[static_cast<std::size_t>(n)] = generation_;
  return kNoNode;
}

void Reserves::dispatch(const WorldState& state, const Front& front, const WorldGraph& world,
                        FactionIndex f, std::span<const std::size_t> reserves,
                        std::span<double> holding, std::span<const double> main_effort_holding,
                        std::vector<std::pair<std::size_t, NodeIndex>>& sent) {
  if (reserves.empty()) return;
  ++generation_;
  const auto& u = state.units;
  // The reserves by node, the strongest first (ties: the lower index).
  units_.assign(reserves.begin(), reserves.end());
  unit_order_.by_place_strongest_first(state, units_);  // one faction: by node
  for (std::size_t r = 0; r < units_.size();) {
    const auto n = static_cast<std::size_t>(u.node[units_[r]]);
    std::size_t end = r;
    while (end < units_.size() && static_cast<std::size_t>(u.node[units_[end]]) == n) ++end;
    listed_[n] = generation_;
    next_[n] = static_cast<std::uint32_t>(r);
    end_[n] = static_cast<std::uint32_t>(end);
    r = end;
  }
  const auto shortfall = [&](NodeIndex n) {
    const auto ni = static_cast<std::size_t>(n);
    return front.need(f, n) - (holding[ni] - main_effort_holding[ni]);
  };
  shortfalls_.clear();
  for (std::size_t ni = 0; ni < holding.size(); ++ni) {
    const auto n = static_cast<NodeIndex>(ni);
    const double s = shortfall(n);
    if (s > 0.0) shortfalls_.emplace_back(s, n);
  }
  std::make_heap(shortfalls_.begin(), shortfalls_.end(), SmallerShortfall{});
  while (!shortfalls_.empty()) {
    std::pop_heap(shortfalls_.begin(), shortfalls_.end(), SmallerShortfall{});
    const auto [listed, n] = shortfalls_.back();
    shortfalls_.pop_back();
    const auto ni = static_cast<std::size_t>(n);
    if (exhausted_[ni] == generation_) continue;
    // A shortfall only falls as reserves arrive: an entry above the present
    // one is stale and goes back at its present size.
    const double now = shortfall(n);
    if (!(now > 0.0)) continue;
    if (now < listed) {
      shortfalls_.emplace_back(now, n);
      std::push_heap(shortfalls_.begin(), shortfalls_.end(), SmallerShortfall{});
      continue;
    }
    // Reserves only ever leave, so the node a search from n found is still
    // the nearest while it has a reserve left: nothing nearer gained one.
    if (answered_[ni] != generation_ || !has_reserve(answer_[ni])) {
      answer_[ni] = nearest_with_reserve(state, world, f, n);
      answered_[ni] = generation_;
    }
    const NodeIndex from = answer_[ni];
    if (from == kNoNode) continue;
    const auto fi = static_cast<std::size_t>(from);
    const std::size_t unit = units_[next_[fi]++];
    sent.emplace_back(unit, n);
    holding[ni] += unit_strength(state, unit);
    const double left = shortfall(n);
    if (left > 0.0) {
      shortfalls_.emplace_back(left, n);
      std::push_heap(shortfalls_.begin(), shortfalls_.end(), SmallerShortfall{});
    }
  }
}

}  // namespace frontline
