#pragma once
// The order in which units decide: by faction, then node, the strongest first
// (ties: the lower unit index). A total order, so the result never depends on
// the order units were listed in. The sort keys are taken once per unit into
// one array (a comparator reading three unit columns per comparison is what
// made the decision pass slow at 10^6 units).
#include <compare>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "frontline/agents/state.hpp"

namespace frontline {

class UnitOrder {
 public:
  // Sorts `units` (unit indices) by faction, node, strength descending, index.
  void by_place_strongest_first(const WorldState& state, std::vector<std::size_t>& units);
  // Sorts `units` by the km of their node (`km[node]`, ascending), then
  // fighters (descending), then index: the order a campaign commits its free
  // units in. Units at one node are at one distance, so they are dealt out by
  // node (nodes in order of km) and only those at equal km are sorted among
  // themselves. No km may be NaN.
  void nearest_first(const WorldState& state, std::vector<std::size_t>& units,
                     std::span<const double> km);

 private:
  // The order's key in 128 bits, compared as one unsigned number: faction (8
  // bits), node (24), the complement of the strength's bits (64: the strongest
  // first), the unit's index (32). Half the bytes of Key and no floating-point
  // comparison: the sorts of 10^5 reserves and more are the decision pass's
  // largest cost at 10^6 units.
  struct PackedKey {
    std::uint64_t high;
    std::uint64_t low;
    auto operator<=>(const PackedKey&) const = default;
  };
  // Fills packed_ for `units`; false if a node or unit index or a strength
  // does not fit (a negative strength, never seen in a run, or NaN).
  bool pack(const WorldState& state, const std::vector<std::size_t>& units);
  // Sorts packed_: a long list by place first (a counting sort), then within
  // each place; the same order as one std::sort (the keys are unique).
  void sort_packed();
  std::vector<PackedKey> packed_;   // scratch, kept between calls
  std::vector<PackedKey> dealt_;    // scratch: packed_ dealt out by place
  std::vector<std::size_t> start_;  // scratch: [place] where its keys start in dealt_
  std::vector<NodeIndex> nodes_;    // scratch: the nodes nearest_first's units stand at
  std::vector<std::size_t> units_;  // scratch: nearest_first's units dealt out by node
  // The key of any unit: when one does not fit a PackedKey.
  struct Key {
    std::uint64_t place;  // faction, then node
    double strength;
    std::size_t unit;
  };
  std::vector<Key> keys_;  // scratch, kept between calls
};

}  // namespace frontline
