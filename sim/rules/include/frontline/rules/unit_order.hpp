#pragma once
// The order in which units decide: by faction, then node, the strongest first
// (ties: the lower unit index). A total order, so the result never depends on
// the order units were listed in. The sort keys are taken once per unit into
// one array (a comparator reading three unit columns per comparison is what
// made the decision pass slow at 10^6 units).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "frontline/agents/state.hpp"

namespace frontline {

class UnitOrder {
 public:
  // Sorts `units` (unit indices) by faction, node, strength descending, index.
  void by_place_strongest_first(const WorldState& state, std::vector<std::size_t>& units);

 private:
  struct Key {
    std::uint64_t place;  // faction, then node
    double strength;
    std::size_t unit;
  };
  std::vector<Key> keys_;  // scratch, kept between calls
};

}  // namespace frontline
