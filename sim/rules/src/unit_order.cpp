#include "frontline/rules/unit_order.hpp"

#include <algorithm>
#include <bit>

#include "frontline/rules/context.hpp"

namespace frontline {

namespace {

// Node indices and unit indices below these fit a packed key (strengths that
// are not negative do too).
constexpr std::uint64_t kPackedNodes = std::uint64_t{1} << 24;
constexpr std::uint64_t kPackedUnits = std::uint64_t{1} << 32;

}  // namespace

bool UnitOrder::pack(const WorldState& state, const std::vector<std::size_t>& units) {
  const auto& u = state.units;
  packed_.clear();
  for (const std::size_t i : units) {
    const auto faction = static_cast<std::uint64_t>(static_cast<std::uint8_t>(u.faction[i]));
    const auto node = static_cast<std::uint64_t>(static_cast<std::uint32_t>(u.node[i]));
    // As unsigned, the bits of a double that is not negative order as its
    // value, so their complement orders the strongest first. (+ 0.0 makes a
    // -0.0 the +0.0 it equals.)
    const double strength = unit_strength(state, i) + 0.0;
    if (node >= kPackedNodes || i >= kPackedUnits || !(strength >= 0.0)) return false;
    const std::uint64_t weaker = ~std::bit_cast<std::uint64_t>(strength);
    packed_.push_back({faction << 56 | node << 32 | weaker >> 32, weaker << 32 | i});
  }
  return true;
}

void UnitOrder::by_place_strongest_first(const WorldState& state, std::vector<std::size_t>& units) {
  if (pack(state, units)) {
    // A list already in this order (the reserves the dispatch leaves, taken
    // from a list sorted here) costs one pass.
    if (std::is_sorted(packed_.begin(), packed_.end())) return;
    std::sort(packed_.begin(), packed_.end());
    for (std::size_t k = 0; k < packed_.size(); ++k)
      units[k] = static_cast<std::size_t>(packed_[k].low & 0xFFFFFFFFu);
    return;
  }
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
  if (std::is_sorted(keys_.begin(), keys_.end(), before)) return;
  std::sort(keys_.begin(), keys_.end(), before);
  for (std::size_t k = 0; k < keys_.size(); ++k) units[k] = keys_[k].unit;
}

}  // namespace frontline
