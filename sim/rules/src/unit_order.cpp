#include "frontline/rules/unit_order.hpp"

#include <algorithm>

#include "frontline/rules/context.hpp"

namespace frontline {

void UnitOrder::by_place_strongest_first(const WorldState& state, std::vector<std::size_t>& units) {
  const auto& u = state.units;
  keys_.clear();
  for (const std::size_t i : units) {
    // Units always have a faction and a node (both non-negative): as unsigned
    // they order as the signed indices do.
    const auto faction = static_cast<std::uint64_t>(static_cast<std::uint8_t>(u.faction[i]));
    const auto node = static_cast<std::uint64_t>(static_cast<std::uint32_t>(u.node[i]));
    keys_.push_back({faction << 32 | node, unit_strength(state, i), i});
  }
  const auto before = [](const Key& a, const Key& b) {
    if (a.place != b.place) return a.place < b.place;
    return a.strength != b.strength ? a.strength > b.strength : a.unit < b.unit;
  };
  // A list already in this order (the reserves the dispatch leaves, taken
  // from a list sorted here) costs one pass.
  if (std::is_sorted(keys_.begin(), keys_.end(), before)) return;
  std::sort(keys_.begin(), keys_.end(), before);
  for (std::size_t k = 0; k < keys_.size(); ++k) units[k] = keys_[k].unit;
}

}  // namespace frontline
