#pragma once
// Named quantities of a finished run, read from its RunRecord: what `check`
// compares with the reports' facts and what a sweep records per run.
#include <optional>
#include <string>
#include <vector>

#include "frontline/core/calendar.hpp"
#include "frontline/record/run_record.hpp"
#include "frontline/scenario/spec.hpp"

namespace frontline {

// Index lookups by id; -1 if absent.
int faction_index(const RunRecord& record, const std::string& id);
int node_index(const RunRecord& record, const std::string& id);

// The time index of the state on `date` (clamped to the run), and the date of
// a time index. Dates are day-precise; sub-daily runs read the first record of the day.
int time_index_on(const RunRecord& record, Days date);
Days date_of(const RunRecord& record, int time_index);

// National oil production at time t: the sum over oil_field nodes (terminals
// carry the same barrels as throughput and are not added again).
double national_oil_output(const RunRecord& record, int time_index);
double total_displaced(const RunRecord& record, int time_index);

// Days from the start until `faction` first holds `node` (0 if it starts
// there); nullopt if it never does.
std::optional<double> capture_day(const RunRecord& record, int faction, int node);
// Days `node` was besieged within time indices [first, last].
double besieged_days(const RunRecord& record, int node, int first, int last);
// Days `faction` held `node` within time indices [first, last]: where a front
// stood over a period.
double held_days(const RunRecord& record, int faction, int node, int first, int last);
// Events of `kind` (to_string(EventRecordKind)) by `faction` (-1: any) at `node`
// (-1: anywhere) dated within time indices [first, last].
int event_count(const RunRecord& record, const std::string& kind, int faction, int node, int first,
                int last);

// The value of a target's metric on one run (NaN when undefined, e.g. a ratio
// with a zero denominator), and whether it lies within the target's bounds.
double target_value(const TargetSpec& target, const RunRecord& record);
TargetResult evaluate_target(const TargetSpec& target, const RunRecord& record);
std::vector<TargetResult> evaluate_targets(const std::vector<TargetSpec>& targets,
                                           const RunRecord& record);

}  // namespace frontline
