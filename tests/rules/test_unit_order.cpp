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

// A random subset of `units` units (each kept with chance `keep`), listed in
// a random order.
std::vector<std::size_t> random_listing(testing::Dice& dice, std::size_t units, double keep) {
  std::vector<std::size_t> listed;
  for (std::size_t i = 0; i < units; ++i)
    if (dice.chance(keep)) listed.push_back(i);
  for (std::size_t k = listed.size(); k > 1; --k)
    std::swap(listed[k - 1], listed[static_cast<std::size_t>(dice.below(static_cast<int>(k)))]);
  return listed;
}

// How many neighbours in `sorted` share faction, node and strength (the
// index decides between them).
std::size_t place_and_strength_ties(const WorldState& state,
                                    const std::vector<std::size_t>& sorted) {
  const auto& u = state.units;
  std::size_t ties = 0;
  for (std::size_t k = 1; k < sorted.size(); ++k)
    ties += u.faction[sorted[k]] == u.faction[sorted[k - 1]] &&
            u.node[sorted[k]] == u.node[sorted[k - 1]] &&
            unit_strength(state, sorted[k]) == unit_strength(state, sorted[k - 1]);
  return ties;
}

// Lists of 512 units and more (tables 50 on) are dealt out by place, then
// sorted within each place: the same order, whatever the span of factions and
// nodes (lists over more places than four per unit are sorted in one go).
TEST(UnitOrder, EqualsSortingByTheUnitColumns) {
  std::size_t ties = 0;
  for (std::uint32_t table = 0; table < 74; ++table) {
    testing::Dice dice(table < 50 ? 12000 + table : 14000 + table);
    const bool longer = table >= 50;
    const auto units =
        static_cast<std::size_t>(longer ? 512 + dice.below(4000) : 1 + dice.below(300));
    const int factions = 1 + dice.below(kMaxFactions);
    const int nodes = !longer          ? 1 + dice.below(40)
                      : table % 6 == 5 ? 5000 + dice.below(20000)
                                       : 1 + dice.below(400);
    // Some tables' nodes are past what the packed key holds (2^24), and some
    // have a negative vehicle firepower (strengths below zero): sorted on the
    // general key instead, in the same order.
    const NodeIndex first_node = table % 5 == 4   ? (NodeIndex{1} << 24) - 3
                                 : table % 4 == 3 ? 1000 + dice.below(100000)
                                                  : 0;
    WorldState state = random_units(dice, units, factions, nodes, first_node);
    if (table % 7 == 6) state.parameters.vehicle_firepower = -3.0;
    std::vector<std::size_t> listed = random_listing(dice, units, 0.8);
    std::vector<std::size_t> expected = listed;
    sort_by_unit_columns(state, expected);
    UnitOrder order;
    order.by_place_strongest_first(state, listed);
    ASSERT_EQ(listed, expected) << "table " << table;
    // With the scratch of a longer list kept: sorted again, the same.
    std::vector<std::size_t> again(expected.rbegin(), expected.rend());
    again.resize(again.size() * 2 / 3);
    std::vector<std::size_t> expected_again = again;
    sort_by_unit_columns(state, expected_again);
    order.by_place_strongest_first(state, again);
    ASSERT_EQ(again, expected_again) << "table " << table;
    ties += place_and_strength_ties(state, expected);
  }
  EXPECT_GT(ties, 0u);  // the index tie-break was exercised
}

// A campaign's free units by km from its aim (many nodes at one km, 0.0 and
// -0.0 among them), then the larger first, then the index: the same order as
// one sort comparing the three (the comparator UnitOrder::nearest_first
// replaced).
TEST(UnitOrder, NearestFirstEqualsSortingByKmFightersAndIndex) {
  std::size_t ties = 0;
  for (std::uint32_t table = 0; table < 40; ++table) {
    testing::Dice dice(15000 + table);
    const auto units = static_cast<std::size_t>(1 + dice.below(3000));
    const int nodes = 1 + dice.below(table % 2 == 0 ? 30 : 600);
    WorldState state = random_units(dice, units, 1, nodes);
    std::vector<double> km(static_cast<std::size_t>(nodes));
    for (double& k : km)
      k = dice.chance(0.1) ? (dice.chance(0.5) ? -0.0 : 0.0) : 20.0 * dice.below(8);
    std::vector<std::size_t> listed = random_listing(dice, units, 0.8);
    const auto& u = state.units;
    const auto km_of = [&](std::size_t i) { return km[static_cast<std::size_t>(u.node[i])]; };
    std::vector<std::size_t> expected = listed;
    std::sort(expected.begin(), expected.end(), [&](std::size_t a, std::size_t b) {
      if (km_of(a) != km_of(b)) return km_of(a) < km_of(b);
      return u.fighters[a] != u.fighters[b] ? u.fighters[a] > u.fighters[b] : a < b;
    });
    UnitOrder order;
    order.nearest_first(state, listed, km);
    ASSERT_EQ(listed, expected) << "table " << table;
    for (std::size_t k = 1; k < expected.size(); ++k)
      ties += u.node[expected[k]] != u.node[expected[k - 1]] &&
              km_of(expected[k]) == km_of(expected[k - 1]) &&
              u.fighters[expected[k]] == u.fighters[expected[k - 1]];
  }
  EXPECT_GT(ties, 0u);  // units of different nodes at one km, ordered by index
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
