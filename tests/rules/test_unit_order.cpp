// UnitOrder against the comparator it replaced: over random unit tables with
// many ties (few factions, nodes and strengths), the sorted keys give exactly
// the order a sort comparing the unit columns directly gives.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "frontline/rules/context.hpp"
#include "frontline/rules/unit_order.hpp"
#include "random_specs.hpp"

namespace frontline {
namespace {

// The comparator UnitOrder replaced: the unit columns read per comparison.
void sort_by_unit_columns(const WorldState& state, std::vector<std::size_t>& units) {
  const auto& u = state.units;
  std::sort(units.begin(), units.end(), [&](std::size_t a, std::size_t b) {
    if (u.faction[a] != u.faction[b]) return u.faction[a] < u.faction[b];
    if (u.node[a] != u.node[b]) return u.node[a] < u.node[b];
    const double sa = unit_strength(state, a);
    const double sb = unit_strength(state, b);
    return sa != sb ? sa > sb : a < b;
  });
}

// A table of units at random places (from node `first_node` on), with few
// distinct strengths, some reached by fighters and vehicles alike, and some
// units of no strength at all written -0.0 (equal to 0.0: the index decides).
WorldState random_units(testing::Dice& dice, std::size_t units, int factions, int nodes,
                        NodeIndex first_node = 0) {
  WorldState state;
  state.parameters.vehicle_firepower = 3.0;
  state.units.resize(units);
  for (std::size_t i = 0; i < units; ++i) {
    state.units.faction[i] = static_cast<FactionIndex>(dice.below(factions));
    state.units.node[i] = first_node + static_cast<NodeIndex>(dice.below(nodes));
    state.units.fighters[i] = 100.0 * dice.below(4);
    state.units.vehicles[i] = dice.chance(0.3) ? 100.0 / 3.0 * dice.below(3) : 0.0;
    if (state.units.fighters[i] == 0.0 && state.units.vehicles[i] == 0.0 && dice.chance(0.5))
      state.units.fighters[i] = state.units.vehicles[i] = -0.0;
  }
  return state;
}

TEST(UnitOrder, EqualsSortingByTheUnitColumns) {
  std::size_t ties = 0;
  for (std::uint32_t table = 0; table < 50; ++table) {
    testing::Dice dice(12000 + table);
    const auto units = static_cast<std::size_t>(1 + dice.below(300));
    const int factions = 1 + dice.below(kMaxFactions);
    // Some tables' nodes are past what the packed key holds (2^24), and some
    // have a negative vehicle firepower (strengths below zero): sorted on the
    // general key instead, in the same order.
    const NodeIndex first_node = table % 5 == 4 ? (NodeIndex{1} << 24) - 3 : 0;
    WorldState state = random_units(dice, units, factions, 1 + dice.below(40), first_node);
    if (table % 7 == 6) state.parameters.vehicle_firepower = -3.0;
    // A random subset, listed in a random order.
    std::vector<std::size_t> listed;
    for (std::size_t i = 0; i < units; ++i)
      if (dice.chance(0.8)) listed.push_back(i);
    for (std::size_t k = listed.size(); k > 1; --k)
      std::swap(listed[k - 1], listed[static_cast<std::size_t>(dice.below(static_cast<int>(k)))]);
    std::vector<std::size_t> expected = listed;
    const auto& u = state.units;
    sort_by_unit_columns(state, expected);
    UnitOrder order;
    order.by_place_strongest_first(state, listed);
    ASSERT_EQ(listed, expected) << "table " << table;
    for (std::size_t k = 1; k < expected.size(); ++k)
      ties += u.faction[expected[k]] == u.faction[expected[k - 1]] &&
              u.node[expected[k]] == u.node[expected[k - 1]] &&
              unit_strength(state, expected[k]) == unit_strength(state, expected[k - 1]);
  }
  EXPECT_GT(ties, 0u);  // the index tie-break was exercised
}

// A list already in order is left as it is (a sort skipped), and one in order
// of place alone, shuffled within each place, is still sorted in full.
TEST(UnitOrder, SortsAListInOrderOfPlaceAloneAndKeepsOneInFullOrder) {
  for (std::uint32_t table = 0; table < 30; ++table) {
    testing::Dice dice(13000 + table);
    const auto units = static_cast<std::size_t>(2 + dice.below(200));
    const WorldState state = random_units(dice, units, 3, 5);
    const auto& u = state.units;
    std::vector<std::size_t> expected(units);
    std::iota(expected.begin(), expected.end(), std::size_t{0});
    sort_by_unit_columns(state, expected);
    UnitOrder order;
    std::vector<std::size_t> kept = expected;
    order.by_place_strongest_first(state, kept);
    ASSERT_EQ(kept, expected) << "table " << table;
    std::vector<std::size_t> by_place = expected;
    std::stable_sort(by_place.begin(), by_place.end(), [&](std::size_t a, std::size_t b) {
      if (u.faction[a] != u.faction[b]) return u.faction[a] < u.faction[b];
      if (u.node[a] != u.node[b]) return u.node[a] < u.node[b];
      return b < a;  // within a place, the reverse of the index
    });
    order.by_place_strongest_first(state, by_place);
    ASSERT_EQ(by_place, expected) << "table " << table;
  }
}

}  // namespace
}  // namespace frontline
