// Reserves against a plain reading of the rule: the largest shortfall first,
// each time a fresh search for the nearest node that still has a reserve,
// the strongest reserve there. The dispatch reuses a node's last answer while
// that node has a reserve left, resumes its search from there when it has
// none, and marks whole pockets as cut off; on random worlds it must send the
// same units to the same nodes in the same order.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "frontline/engine/model.hpp"
#include "frontline/rules/context.hpp"
#include "frontline/rules/front.hpp"
#include "frontline/rules/presence.hpp"
#include "frontline/rules/reach.hpp"
#include "frontline/rules/reserves.hpp"
#include "random_specs.hpp"
#include "support.hpp"

namespace frontline {
namespace {

using testing::Dice;
using testing::SpecBuilder;
using Sent = std::vector<std::pair<std::size_t, NodeIndex>>;

// A connected road and track network of 20-60 nodes with cycles, two or three
// factions (two at war), random control and several units per node.
ScenarioSpec random_front(std::uint32_t index) {
  Dice dice(3000 + index);
  SpecBuilder b("2016-01-01", 5);
  const int node_count = testing::random_road_world(b, dice, 20, 41);
  const auto id = [](int n) { return "n" + std::to_string(n); };
  const int faction_count = 2 + dice.below(2);
  for (int f = 0; f < faction_count; ++f) b.faction("f" + std::to_string(f));
  b.relation("f0", "f1", Relation::war);
  if (faction_count == 3)
    b.relation("f0", "f2", dice.chance(0.5) ? Relation::allied : Relation::war);
  testing::random_control(b, dice, node_count, faction_count);
  for (int u = 0; u < 3 * node_count; ++u) {
    // Equal strengths make ties at a node, broken by unit index.
    const double fighters = dice.chance(0.3) ? 100.0 : 20 + 800 * dice.uniform();
    b.unit("f" + std::to_string(dice.below(faction_count)), "u" + std::to_string(u),
           id(dice.below(node_count)), fighters);
  }
  return b.build();
}

// The nearest node to `from` (road and track km through f's side's ground,
// ties the lower node) for which has_reserve holds, by a search of its own.
template <class HasReserve>
NodeIndex nearest_by_fresh_search(const WorldState& state, const WorldGraph& world, FactionIndex f,
                                  NodeIndex from, HasReserve&& has_reserve) {
  std::vector<double> best(state.nodes.size(), PathSearch::kUnreached);
  std::vector<char> settled(state.nodes.size(), 0);
  std::set<std::pair<double, NodeIndex>> open{{0.0, from}};
  best[static_cast<std::size_t>(from)] = 0.0;
  while (!open.empty()) {
    const auto [km, n] = *open.begin();
    open.erase(open.begin());
    const auto ni = static_cast<std::size_t>(n);
    if (settled[ni]) continue;
    settled[ni] = 1;
    if (has_reserve(n)) return n;
    if (!friendly(state, f, state.nodes.controller[ni])) continue;
    for (const auto& arc : world.adjacency().of(n)) {
      const double step = land_km(world, arc);
      const auto to = static_cast<std::size_t>(arc.to);
      if (step < PathSearch::kUnreached && !settled[to] && km + step < best[to]) {
        best[to] = km + step;
        open.emplace(km + step, arc.to);
      }
    }
  }
  return kNoNode;
}

Sent reference_dispatch(const WorldState& state, const Front& front, const WorldGraph& world,
                        FactionIndex f, const std::vector<std::size_t>& reserves,
                        std::vector<double> holding) {
  const std::size_t N = state.nodes.size();
  std::vector<std::vector<std::size_t>> waiting(N);  // per node, the strongest first
  for (const std::size_t i : reserves)
    waiting[static_cast<std::size_t>(state.units.node[i])].push_back(i);
  for (auto& units : waiting)
    std::sort(units.begin(), units.end(), [&](std::size_t a, std::size_t b) {
      const double sa = unit_strength(state, a);
      const double sb = unit_strength(state, b);
      return sa != sb ? sa > sb : a < b;
    });
  std::vector<std::size_t> next(N, 0);
  std::vector<char> cut_off(N, 0);
  const auto has_reserve = [&](NodeIndex n) {
    const auto ni = static_cast<std::size_t>(n);
    return next[ni] < waiting[ni].size();
  };
  Sent sent;
  for (;;) {
    NodeIndex most = kNoNode;
    double largest = 0.0;
    for (std::size_t ni = 0; ni < N; ++ni) {
      const double shortfall = front.need(f, static_cast<NodeIndex>(ni)) - holding[ni];
      if (!cut_off[ni] && shortfall > largest) {
        largest = shortfall;
        most = static_cast<NodeIndex>(ni);
      }
    }
    if (most == kNoNode) return sent;
    const NodeIndex from = nearest_by_fresh_search(state, world, f, most, has_reserve);
    if (from == kNoNode) {
      cut_off[static_cast<std::size_t>(most)] = 1;
      continue;
    }
    const std::size_t unit =
        waiting[static_cast<std::size_t>(from)][next[static_cast<std::size_t>(from)]++];
    sent.emplace_back(unit, most);
    holding[static_cast<std::size_t>(most)] += unit_strength(state, unit);
  }
}

// f's dispatch by `reserves` and by the plain reading (reference_dispatch),
// of all f's active units, half of whose strength already holds where it
// stands: (sent, expected).
std::pair<Sent, Sent> dispatch_both(Reserves& reserves, const WorldState& state, const Front& front,
                                    const WorldGraph& world, FactionIndex f) {
  const std::size_t N = state.nodes.size();
  std::vector<std::size_t> mine;
  for (std::size_t i = 0; i < state.units.size(); ++i)
    if (state.units.faction[i] == f && state.units.active[i]) mine.push_back(i);
  std::vector<double> holding(N, 0.0);
  for (std::size_t k = 0; k < mine.size(); k += 2)
    holding[static_cast<std::size_t>(state.units.node[mine[k]])] += unit_strength(state, mine[k]);
  Sent expected = reference_dispatch(state, front, world, f, mine, holding);
  Sent sent;
  const std::vector<double> no_main_effort(N, 0.0);
  reserves.dispatch(state, front, world, f, mine, holding, no_main_effort, sent);
  return {sent, expected};
}

TEST(Reserves, DispatchEqualsAFreshSearchForEveryReserveSent) {
  std::size_t sent_in_all = 0;
  std::size_t dispatches = 0;
  Reserves reserves;
  for (std::uint32_t spec_index = 0; spec_index < 60; ++spec_index) {
    const auto model = build_model(random_front(spec_index));
    const WorldState& state = model->initial;
    const std::size_t N = state.nodes.size();
    Presence presence;
    presence.reset(state.faction_count, N, model->world.edge_count());
    presence.count(state);
    Front front;
    front.reset(state.faction_count, N);
    front.assess(state, presence, model->world);
    reserves.reset(N);  // one Reserves for all: its generations must keep dispatches apart
    for (std::size_t fi = 0; fi < state.faction_count; ++fi) {
      const auto [sent, expected] =
          dispatch_both(reserves, state, front, model->world, static_cast<FactionIndex>(fi));
      ASSERT_EQ(sent, expected) << "spec " << spec_index << " faction " << fi;
      sent_in_all += sent.size();
      ++dispatches;
    }
  }
  // Enough reserves went out for the shortcut to have been taken many times.
  EXPECT_GT(sent_in_all, 10 * dispatches);
}

// A faction's searches are kept from one dispatch to its next while no node
// they settled has changed sides for it. Over rounds of a few random captures
// (often none), alliances made and broken, and units moved, one Reserves
// sends what the plain reading sends (fails if a search outlives a change of
// side in the ground it settled, or is read from its start wrongly).
TEST(Reserves, KeptSearchesEqualFreshOnesAfterCapturesAndAlliances) {
  std::size_t sent_in_all = 0;
  std::size_t dispatches = 0;
  Reserves reserves;
  for (std::uint32_t spec_index = 0; spec_index < 40; ++spec_index) {
    const auto model = build_model(random_front(100 + spec_index));
    WorldState state = model->initial;
    const std::size_t N = state.nodes.size();
    const auto F = static_cast<int>(state.faction_count);
    Dice dice(7000 + spec_index);
    Presence presence;
    presence.reset(state.faction_count, N, model->world.edge_count());
    Front front;
    front.reset(state.faction_count, N);
    reserves.reset(N);
    for (int round = 0; round < 8; ++round) {
      if (round > 0) {
        for (int c = dice.below(4); c > 0; --c)
          state.nodes.set_controller(
              static_cast<std::size_t>(dice.below(static_cast<int>(N))),
              dice.chance(0.1) ? kNoFaction : static_cast<FactionIndex>(dice.below(F)));
        if (F == 3 && dice.chance(0.3))
          state.set_relation(
              0, 2, state.relation(0, 2) == Relation::allied ? Relation::war : Relation::allied);
        for (int m = dice.below(6); m > 0; --m)
          state.units
              .node[static_cast<std::size_t>(dice.below(static_cast<int>(state.units.size())))] =
              static_cast<NodeIndex>(dice.below(static_cast<int>(N)));
      }
      presence.count(state);
      front.assess(state, presence, model->world);
      for (std::size_t fi = 0; fi < state.faction_count; ++fi) {
        const auto [sent, expected] =
            dispatch_both(reserves, state, front, model->world, static_cast<FactionIndex>(fi));
        ASSERT_EQ(sent, expected) << "spec " << spec_index << " round " << round << " faction "
                                  << fi;
        sent_in_all += sent.size();
        ++dispatches;
      }
    }
  }
  EXPECT_GT(sent_in_all, 5 * dispatches);
}

}  // namespace
}  // namespace frontline
