#pragma once
// Limits on hostile input (docs/scenario-format.md, "Limits"). Shared by the YAML
// tree, the scenario loader and the sweep-file loader.
#include <cstddef>

namespace frontline {

struct InputLimits {
  static constexpr std::size_t max_file_bytes = 8u << 20;     // 8 MiB
  static constexpr std::size_t max_nodes_in_tree = 1u << 20;  // after alias expansion
  static constexpr int max_depth = 64;
  static constexpr std::size_t max_string_bytes = 64u << 10;
  static constexpr int max_include_depth = 8;
  static constexpr long long max_steps = 200'000;
  static constexpr double max_count = 1e9;  // fighters, population, ...
};

}  // namespace frontline
