#include "provenance.hpp"

#include <chrono>
#include <ctime>

#include "frontline/core/version.hpp"

namespace frontline::cli {

std::string utc_now_iso8601() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

RunMetadata make_metadata(const ScenarioSpec& spec, std::uint64_t seed, std::uint32_t replicate,
                          const std::string& command_line) {
  RunMetadata metadata;
  metadata.frontline_version = std::string(version());
  metadata.git_commit = std::string(git_commit());
  metadata.scenario_name = spec.name;
  metadata.scenario_yaml = spec.resolved_yaml;
  metadata.overrides = spec.overrides;
  metadata.seed = seed;
  metadata.replicate = replicate;
  metadata.command_line = command_line;
  metadata.created = utc_now_iso8601();
  return metadata;
}

}  // namespace frontline::cli
