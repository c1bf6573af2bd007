#include "frontline/sweep/plan.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>

namespace frontline {

RunPlan SweepPlan::run(std::uint64_t index) const {
  RunPlan plan;
  plan.index = index;
  plan.design_point = index / replicates;
  plan.replicate = static_cast<std::uint32_t>(index % replicates);
  plan.seed = seed;
  plan.overrides = base_overrides;
  const DesignPoint& point = points.at(plan.design_point);
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    plan.overrides.push_back(parameters[i].path + "=" + override_value(parameters[i], point[i]));
    if (parameters[i].path == kSeedPath) plan.seed = static_cast<std::uint64_t>(point[i].number);
  }
  return plan;
}

namespace {
// A sweep over `seed` gives each design point its own random streams: its values
// must be seeds (whole numbers that a double holds exactly).
void check_seed_values(const SweepPlan& plan) {
  constexpr double largest = 9007199254740992.0;  // 2^53
  for (std::size_t i = 0; i < plan.parameters.size(); ++i) {
    const SweepParameter& p = plan.parameters[i];
    if (p.path != kSeedPath) continue;
    if (p.is_string())
      throw InputError(p.where, "parameter 'seed' has values that are not numbers",
                       "whole numbers from 0 to 2^53");
    for (const DesignPoint& point : plan.points) {
      const double value = point[i].number;
      if (!(value >= 0 && value <= largest) || value != std::floor(value))
        throw InputError(
            p.where,
            "parameter 'seed' takes the value " + number_text(value) + ", which is not a seed",
            "whole numbers from 0 to 2^53 (a range needs integer: true)");
    }
  }
}
}  // namespace

SweepPlan make_plan(std::vector<SweepParameter> parameters, const DesignSpec& design,
                    std::uint32_t replicates, std::uint64_t seed,
                    std::vector<std::string> base_overrides, std::uint64_t max_runs,
                    const Location& where) {
  if (replicates == 0)
    throw InputError(where, "replicates must be at least 1", "a whole number >= 1");
  const std::uint64_t points = design_point_count(parameters, design);
  const bool overflow = replicates != 0 && points > UINT64_MAX / replicates;
  const std::uint64_t runs = overflow ? UINT64_MAX : points * replicates;
  if (runs > max_runs)
    throw InputError(
        where,
        "the sweep has " + (overflow ? std::string("more than 2^64") : std::to_string(runs)) +
            " runs (" + std::to_string(points) + " design points x " + std::to_string(replicates) +
            " replicates), more than the limit of " + std::to_string(max_runs),
        "fewer runs, or --force to allow it");
  SweepPlan plan;
  plan.design = design;
  plan.points = build_design(parameters, design);
  plan.parameters = std::move(parameters);
  plan.replicates = replicates;
  plan.seed = seed;
  plan.base_overrides = std::move(base_overrides);
  check_seed_values(plan);
  return plan;
}

Shard parse_shard(std::string_view text) {
  const auto bad = [&] {
    return InputError(Location{"--shard"}, "'" + std::string(text) + "' is not a shard",
                      "I/N with 0 <= I < N, e.g. 3/8 for array task 3 of 8");
  };
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) throw bad();
  Shard shard;
  const auto parse = [](std::string_view part, std::uint32_t& out) {
    const auto* end = part.data() + part.size();
    const auto result = std::from_chars(part.data(), end, out);
    return !part.empty() && result.ec == std::errc{} && result.ptr == end;
  };
  if (!parse(text.substr(0, slash), shard.index) || !parse(text.substr(slash + 1), shard.count) ||
      shard.count == 0 || shard.index >= shard.count)
    throw bad();
  return shard;
}

std::vector<std::uint64_t> shard_runs(std::uint64_t run_count, Shard shard) {
  std::vector<std::uint64_t> runs;
  for (std::uint64_t i = shard.index; i < run_count; i += shard.count) runs.push_back(i);
  return runs;
}

std::string fingerprint_of(std::string_view text) {
  // Two FNV-1a 64-bit hashes with different offsets.
  std::uint64_t a = 0xcbf29ce484222325ull;
  std::uint64_t b = 0x84222325cbf29ce4ull;
  for (const unsigned char c : text) {
    a = (a ^ c) * 0x100000001b3ull;
    b = (b ^ c) * 0x100000001b3ull;
    b ^= b >> 29;
  }
  char out[33];
  std::snprintf(out, sizeof out, "%016llx%016llx", static_cast<unsigned long long>(a),
                static_cast<unsigned long long>(b));
  return out;
}

}  // namespace frontline
