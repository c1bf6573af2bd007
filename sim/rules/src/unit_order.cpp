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
// Lists at least this long are sorted by place first (a counting sort), then
// within each place; shorter ones, or ones whose places spread over more
// than kPlacesPerUnit places per unit listed, by one sort.
constexpr std::size_t kByPlaceFrom = 512;
constexpr std::uint64_t kPlacesPerUnit = 4;

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

// The packed keys in order. A long list (10^5 reserves and more at 10^6
// units) is dealt out by place (faction and node, the key's high 32 bits:
// places listed in key order), then each place's few keys are sorted: the
// keys are unique (the unit's index), so this is the one order std::sort
// gives.
void UnitOrder::sort_packed() {
  const std::size_t n = packed_.size();
  if (n < kByPlaceFrom) {
    std::sort(packed_.begin(), packed_.end());
    return;
  }
  // Places as one number: (faction - the lowest) x the nodes' span + (node -
  // the lowest), in the order of the keys' high 32 bits.
  std::uint64_t faction_min = ~std::uint64_t{0}, faction_max = 0;
  std::uint64_t node_min = ~std::uint64_t{0}, node_max = 0;
  for (const PackedKey& key : packed_) {
    const std::uint64_t faction = key.high >> 56;
    const std::uint64_t node = key.high >> 32 & 0xFFFFFFu;
    faction_min = std::min(faction_min, faction);
    faction_max = std::max(faction_max, faction);
    node_min = std::min(node_min, node);
    node_max = std::max(node_max, node);
  }
  const std::uint64_t span = node_max - node_min + 1;
  const std::uint64_t places = (faction_max - faction_min + 1) * span;
  if (places > kPlacesPerUnit * n) {
    std::sort(packed_.begin(), packed_.end());
    return;
  }
  const auto place = [&](const PackedKey& key) {
    return static_cast<std::size_t>(((key.high >> 56) - faction_min) * span +
                                    ((key.high >> 32 & 0xFFFFFFu) - node_min));
  };
  start_.assign(static_cast<std::size_t>(places) + 1, 0);
  for (const PackedKey& key : packed_) ++start_[place(key) + 1];
  for (std::size_t p = 0; p < places; ++p) start_[p + 1] += start_[p];
  dealt_.resize(n);
  for (const PackedKey& key : packed_) dealt_[start_[place(key)]++] = key;
  // start_[p] is now the end of place p's keys (the start of p + 1's).
  std::size_t begin = 0;
  for (std::size_t p = 0; p < places; ++p) {
    const std::size_t end = start_[p];
    if (end - begin > 1)
      std::sort(dealt_.begin() + static_cast<std::ptrdiff_t>(begin),
                dealt_.begin() + static_cast<std::ptrdiff_t>(end));
    begin = end;
  }
  packed_.swap(dealt_);
}

void UnitOrder::by_place_strongest_first(const WorldState& state, std::vector<std::size_t>& units) {
  if (pack(state, units)) {
    // A list already in this order (the reserves the dispatch leaves, taken
    // from a list sorted here) costs one pass.
    if (std::is_sorted(packed_.begin(), packed_.end())) return;
    sort_packed();
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

void UnitOrder::nearest_first(const WorldState& state, std::vector<std::size_t>& units,
                              std::span<const double> km) {
  const auto& u = state.units;
  // start_[n]: how many units stand at n, then where n's units start.
  start_.assign(km.size(), 0);
  nodes_.clear();
  for (const std::size_t i : units) {
    const auto n = static_cast<std::size_t>(u.node[i]);
    if (start_[n]++ == 0) nodes_.push_back(u.node[i]);
  }
  std::sort(nodes_.begin(), nodes_.end(), [&](NodeIndex a, NodeIndex b) {
    const double ka = km[static_cast<std::size_t>(a)];
    const double kb = km[static_cast<std::size_t>(b)];
    return ka != kb ? ka < kb : a < b;
  });
  std::size_t at = 0;
  for (const NodeIndex n : nodes_) {
    const std::size_t count = start_[static_cast<std::size_t>(n)];
    start_[static_cast<std::size_t>(n)] = at;
    at += count;
  }
  units_.resize(units.size());
  for (const std::size_t i : units) units_[start_[static_cast<std::size_t>(u.node[i])]++] = i;
  // start_[n] is now the end of n's units. Nodes at equal km: one group.
  const auto larger_first = [&](std::size_t a, std::size_t b) {
    return u.fighters[a] != u.fighters[b] ? u.fighters[a] > u.fighters[b] : a < b;
  };
  std::size_t begin = 0;
  for (std::size_t k = 0; k < nodes_.size();) {
    const double group_km = km[static_cast<std::size_t>(nodes_[k])];
    std::size_t end = begin;
    while (k < nodes_.size() && km[static_cast<std::size_t>(nodes_[k])] == group_km)
      end = start_[static_cast<std::size_t>(nodes_[k++])];
    if (end - begin > 1)
      std::sort(units_.begin() + static_cast<std::ptrdiff_t>(begin),
                units_.begin() + static_cast<std::ptrdiff_t>(end), larger_first);
    begin = end;
  }
  units.swap(units_);
}

}  // namespace frontline
