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
  searches_.clear();
  kept_.clear();
  controller_.clear();
  friends_.clear();
  last_dispatch_.clear();
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

// The searches kept from f's last dispatch whose settled nodes are all as
// friendly to f as they were then go on being used: a search settles nodes in
// an order that depends only on the map and on which nodes it may pass (those
// friendly to f), and a settled node's arcs were followed at the time, so the
// nodes it settled, in order, and its queue are what a search now would make
// up to there. Any other search is let go.
void Reserves::keep_searches(const WorldState& state, FactionIndex f) {
  const auto fi = static_cast<std::size_t>(f);
  const std::size_t N = answer_.size();
  if (controller_.size() <= fi) {
    controller_.resize(fi + 1);
    friends_.resize(fi + 1, 0);
    kept_.resize(fi + 1);
    last_dispatch_.resize(fi + 1, 0);
  }
  if (searches_.size() < (fi + 1) * N) searches_.resize((fi + 1) * N);
  // The factions friendly to f (itself and its allies), a bit each.
  std::uint32_t friends = 0;
  for (std::size_t g = 0; g < state.faction_count; ++g)
    if (friendly(state, f, static_cast<FactionIndex>(g))) friends |= 1u << g;
  auto& was = controller_[fi];
  const bool first = was.size() != N;
  // Which nodes changed sides for f: none if neither control nor f's friends
  // changed (the usual step; one comparison of the two tables).
  bool any_change = false;
  if (!first && (friends != friends_[fi] ||
                 !std::equal(was.begin(), was.end(), state.nodes.controller.begin()))) {
    changed_.assign((N + 63) / 64, 0);
    const auto on_side = [](std::uint32_t mask, FactionIndex g) {
      return g != kNoFaction && (mask >> static_cast<unsigned>(g) & 1u) != 0;
    };
    for (std::size_t n = 0; n < N; ++n) {
      if (on_side(friends_[fi], was[n]) != on_side(friends, state.nodes.controller[n])) {
        changed_[n / 64] |= std::uint64_t{1} << (n % 64);
        any_change = true;
      }
    }
  }
  was.assign(state.nodes.controller.begin(), state.nodes.controller.end());
  friends_[fi] = friends;
  auto& kept = kept_[fi];
  std::size_t k = 0;
  for (const NodeIndex from : kept) {
    Search& search = searches_[fi * N + static_cast<std::size_t>(from)];
    bool keep = !first && search.used == last_dispatch_[fi];
    for (std::size_t w = 0; keep && any_change && w < changed_.size(); ++w)
      keep = (search.settled_marks[w] & changed_[w]) == 0;
    if (keep) {
      kept[k++] = from;
    } else {
      search = Search{};  // its memory goes too
    }
  }
  kept.resize(k);
}

NodeIndex Reserves::nearest_with_reserve(const WorldState& state, const WorldGraph& world,
                                         FactionIndex f, NodeIndex from) {
  ++call_;
  const std::size_t N = answer_.size();
  const auto fi = static_cast<std::size_t>(f);
  Search& search = searches_[fi * N + static_cast<std::size_t>(from)];
  auto& settled = search.settled_marks;
  const auto is_settled = [&](std::size_t n) { return (settled[n / 64] >> (n % 64) & 1u) != 0; };
  // Where to look on in the nodes the search settled, in order: a search
  // asked again in the same dispatch goes on after its last answer (which has
  // no reserve left), else from its first node.
  std::size_t k = search.used == generation_ ? search.answer + 1 : 0;
  if (search.settled.empty()) {
    search.queue.assign(1, {0.0, from});
    settled.assign((N + 63) / 64, 0);
    kept_[fi].push_back(from);
    k = 0;
  }
  search.used = generation_;
  for (; k < search.settled.size(); ++k) {
    if (has_reserve(search.settled[k])) {
      search.answer = static_cast<std::uint32_t>(k);
      return search.settled[k];
    }
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
    // Through friendly ground only; other nodes are reached, as end points.
    if (friendly(state, f, state.nodes.controller[ni])) {
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
    // Nodes settle nearest first, ties by node index: the first with a
    // reserve is the answer. (Its arcs are followed already: the search goes
    // on from the queue as it is.)
    if (has_reserve(n)) {
      search.answer = static_cast<std::uint32_t>(search.settled.size() - 1);
      return n;
    }
  }
  // The whole pocket of friendly ground around `from` holds no reserve.
  for (const NodeIndex n : search.settled) exhausted_[static_cast<std::size_t>(n)] = generation_;
  search.answer = static_cast<std::uint32_t>(search.settled.size());
  return kNoNode;
}

void Reserves::dispatch(const WorldState& state, const Front& front, const WorldGraph& world,
                        FactionIndex f, std::span<const std::size_t> reserves,
                        std::span<double> holding, std::span<const double> main_effort_holding,
                        std::vector<std::pair<std::size_t, NodeIndex>>& sent) {
  if (reserves.empty()) return;
  ++generation_;
  keep_searches(state, f);
  last_dispatch_[static_cast<std::size_t>(f)] = generation_;
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
