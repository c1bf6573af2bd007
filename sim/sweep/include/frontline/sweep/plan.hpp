#pragma once
// A sweep as data: every run's design point, replicate, seed and --set
// overrides, computed from the run index alone, so no result depends on the
// order, thread, rank or array task that runs it.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "frontline/sweep/design.hpp"

namespace frontline {

// A parameter over this path varies the runs' seed itself (not only the
// scenario's `seed` key, which a run's seed overrides).
inline constexpr std::string_view kSeedPath = "seed";

struct RunPlan {
  std::uint64_t index = 0;         // 0 .. run_count() - 1
  std::uint64_t design_point = 0;  // index / replicates
  std::uint32_t replicate = 0;     // index % replicates
  // The sweep's seed for every run (streams differ by replicate), or the
  // design point's value of a `seed` parameter.
  std::uint64_t seed = 0;
  std::vector<std::string> overrides;  // the sweep's base overrides, then one per parameter
};

struct SweepPlan {
  std::vector<SweepParameter> parameters;
  DesignSpec design;
  std::vector<DesignPoint> points;
  std::uint32_t replicates = 1;
  std::uint64_t seed = 0;
  std::vector<std::string> base_overrides;

  std::uint64_t run_count() const { return points.size() * replicates; }
  // Run `index` is replicate index % R of design point index / R.
  RunPlan run(std::uint64_t index) const;
};

// Refuses (InputError) designs or replicate counts that would exceed
// `max_runs` before sampling anything.
SweepPlan make_plan(std::vector<SweepParameter> parameters, const DesignSpec& design,
                    std::uint32_t replicates, std::uint64_t seed,
                    std::vector<std::string> base_overrides, std::uint64_t max_runs,
                    const Location& where = {});

// `--shard I/N`: array task I (0-based) of N takes runs I, I+N, I+2N, ...
struct Shard {
  std::uint32_t index = 0;
  std::uint32_t count = 1;
  bool whole() const { return count == 1; }
};
Shard parse_shard(std::string_view text);  // throws InputError
std::vector<std::uint64_t> shard_runs(std::uint64_t run_count, Shard shard);

// A short hex digest (FNV-1a, 128 bits) identifying a sweep; not cryptographic.
std::string fingerprint_of(std::string_view canonical_text);

}  // namespace frontline
