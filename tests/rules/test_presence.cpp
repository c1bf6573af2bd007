// UnitsByNode and the recount of one node after a surrender, against plain
// passes over every unit: over random unit tables (units on roads, out of the
// run, not yet placed), the groups list exactly each node's units in index
// order, and a recount over a node's group gives the bits a fresh count gives.
#include <gtest/gtest.h>

#include <cstring>

#include "frontline/rules/context.hpp"
#include "frontline/rules/presence.hpp"
#include "random_specs.hpp"

namespace frontline {
namespace {

constexpr std::size_t kEdges = 7;

WorldState random_table(testing::Dice& dice) {
  WorldState state;
  state.parameters.vehicle_firepower = 3.0;
  state.faction_count = static_cast<std::size_t>(1 + dice.below(kMaxFactions));
  state.nodes.resize(static_cast<std::size_t>(1 + dice.below(30)));
  const auto units = static_cast<std::size_t>(dice.below(400));
  state.units.resize(units);
  auto& u = state.units;
  for (std::size_t i = 0; i < units; ++i) {
    u.faction[i] = static_cast<FactionIndex>(dice.below(static_cast<int>(state.faction_count)));
    u.node[i] = dice.chance(0.05)
                    ? kNoNode
                    : static_cast<NodeIndex>(dice.below(static_cast<int>(state.nodes.size())));
    u.edge[i] = dice.chance(0.2) ? static_cast<EdgeIndex>(dice.below(kEdges)) : kNoEdge;
    u.active[i] = u.node[i] != kNoNode && dice.chance(0.9);
    u.fighters[i] = 1000.0 * dice.uniform();
    u.vehicles[i] = dice.chance(0.3) ? 20.0 * dice.uniform() : 0.0;
    u.morale[i] = dice.uniform();
  }
  return state;
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

TEST(UnitsByNode, GroupsEveryUnitAtItsNodeInIndexOrder) {
  UnitsByNode groups;  // reused across tables, as a rule reuses it across steps
  for (std::uint32_t table = 0; table < 60; ++table) {
    testing::Dice dice(31000 + table);
    const WorldState state = random_table(dice);
    groups.group(state);
    for (std::size_t n = 0; n < state.nodes.size(); ++n) {
      std::vector<std::size_t> expected;
      for (std::size_t i = 0; i < state.units.size(); ++i)
        if (state.units.node[i] == static_cast<NodeIndex>(n)) expected.push_back(i);
      const auto at = groups.at(static_cast<NodeIndex>(n));
      ASSERT_EQ(std::vector<std::size_t>(at.begin(), at.end()), expected)
          << "table " << table << " node " << n;
    }
  }
}

TEST(Presence, ARecountOverTheNodesUnitsEqualsAFreshCount) {
  std::size_t recounted = 0;
  UnitsByNode groups;
  for (std::uint32_t table = 0; table < 60; ++table) {
    testing::Dice dice(32000 + table);
    WorldState state = random_table(dice);
    auto& u = state.units;
    const std::size_t N = state.nodes.size();
    Presence kept;
    kept.reset(state.faction_count, N, kEdges);
    kept.count(state);
    groups.group(state);
    // Units leave the run one by one (as in surrenders); each time the
    // node's entry is recounted over its group alone.
    for (int round = 0; round < 20 && u.size() > 0; ++round) {
      const auto i = static_cast<std::size_t>(dice.below(static_cast<int>(u.size())));
      if (!u.active[i] || u.edge[i] != kNoEdge) continue;
      u.active[i] = 0;
      u.fighters[i] = 0.0;
      kept.recount(state, u.faction[i], u.node[i], groups.at(u.node[i]));
      ++recounted;
      Presence fresh;
      fresh.reset(state.faction_count, N, kEdges);
      fresh.count(state);
      const FactionIndex f = u.faction[i];
      const NodeIndex n = u.node[i];
      EXPECT_TRUE(same_bits(kept.fighters(f, n), fresh.fighters(f, n))) << table;
      EXPECT_TRUE(same_bits(kept.strength(f, n), fresh.strength(f, n))) << table;
      EXPECT_TRUE(same_bits(kept.morale(f, n), fresh.morale(f, n))) << table;
      EXPECT_EQ(kept.standing(n), fresh.standing(n)) << table;
    }
  }
  EXPECT_GT(recounted, 300u);
}

}  // namespace
}  // namespace frontline
