#pragma once
// Limits on hostile input (docs/scenario-format.md, "Limits"). Shared by the YAML
// tree, the scenario loader and the sweep-file loader.
#include <cstddef>

namespace frontline {

struct InputLimits {
  static constexpr std::size_t max_file_bytes = 8u << 20;     // 8 MiB
  static constexpr std::size_t max_nodes_in_tree = 1u << 20;  // after alias expansion
  // Bytes of keys and strings after alias expansion: an alias of a 64 KiB string
  // used 30,000 times is 2 GB though only 30,000 nodes.
  static constexpr std::size_t max_expanded_bytes = 32u << 20;  // 32 MiB
  static constexpr int max_depth = 64;
  static constexpr std::size_t max_string_bytes = 64u << 10;
  static constexpr int max_include_depth = 8;
  static constexpr long long max_steps = 200'000;
  // Calendar dates and steps that CF time units ("hours since ...") and xarray
  // decode without overflow.
  static constexpr int min_year = 1900;
  static constexpr int max_year = 2200;
  static constexpr int max_step_hours = 366 * 24;
  // Nodes x time points (and units x time points) of a run, by default: about
  // 600 MB of record at 60 bytes per node and time point.
  static constexpr unsigned long long max_cells = 10'000'000;
  static constexpr double max_count = 1e9;  // fighters, population, ...
};

}  // namespace frontline
