#pragma once
#include <cstdint>

namespace frontline {

// Dense indices into the frozen model's tables. Strings (the ids users write)
// exist only at the edges: scenario files, output files, messages.
using NodeIndex = std::int32_t;
using EdgeIndex = std::int32_t;
using FactionIndex = std::int8_t;
using UnitIndex = std::int32_t;

inline constexpr NodeIndex kNoNode = -1;
inline constexpr FactionIndex kNoFaction = -1;
inline constexpr UnitIndex kNoUnit = -1;
inline constexpr int kMaxFactions = 16;

}  // namespace frontline
