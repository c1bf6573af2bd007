#pragma once
#include <string>

#include "frontline/record/run_record.hpp"
#include "frontline/scenario/spec.hpp"

namespace frontline::cli {
// Provenance of one run, for the output file's global attributes.
RunMetadata make_metadata(const ScenarioSpec& spec, std::uint64_t seed, std::uint32_t replicate,
                          const std::string& command_line);
std::string utc_now_iso8601();
}  // namespace frontline::cli
