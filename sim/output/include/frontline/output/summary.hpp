#pragma once
// The run summary that `frontline run` prints at the end and `frontline info FILE`
// prints for a file: readable at a glance in a terminal (aligned columns, dates as
// dates, thousands separators).
#include <string>
#include <vector>

#include "frontline/record/run_record.hpp"

namespace frontline {

// Scenario, dates and seed; who holds what at the end; captures; sieges with
// their outcome; casualties per faction; oil; displaced people; targets.
std::string format_run_summary(const RunRecord& record, const RunMetadata& metadata,
                               const std::vector<TargetResult>& targets);

// Formatting helpers the summary uses, public for `info` and tests.
std::string format_thousands(double value);  // 1234567.4 -> "1,234,567"
std::string format_usd(double value);        // 8.2e9 -> "$8.2 billion", 350e6 -> "$350 million"

}  // namespace frontline
