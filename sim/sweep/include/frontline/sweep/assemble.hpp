#pragma once
// From a sweep's description and its runs' results to the result file's table,
// and from shard files back to one table (`frontline merge`).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "frontline/sweep/plan.hpp"
#include "frontline/sweep/result.hpp"
#include "frontline/sweep/table.hpp"

namespace frontline {

// Everything about a sweep except its results.
struct SweepDescription {
  SweepPlan plan;
  ResultLayout layout;
  std::vector<Variable> axes;         // coordinates besides `run`: faction, node, target, time
  std::vector<Variable> tables;       // variables over those only (names, texts)
  std::vector<Attribute> attributes;  // global: design, sweep_yaml, scenario_yaml, version, ...
  std::string fingerprint;            // see sweep_fingerprint()
};

// Identifies a sweep: its plan (parameters, design points, replicates, seed,
// overrides), layout, axes and attributes. Not the output path or the shard.
std::string sweep_fingerprint(const SweepDescription& description);

// The result file of `rows` runs without its rows.
ResultSchema result_schema(const SweepDescription& description, const Shard& shard,
                           std::uint64_t rows);
// One run's row of the per-run variables, in the schema's order (a row from
// empty_row(schema)); a failed run holds NaN, or the _FillValue of integer variables.
void fill_row(const SweepDescription& description, const RunResult& result,
              std::vector<Variable>& row);

// The table of the runs `results` (sorted by run; a shard's runs or all).
// Failed runs hold NaN, or the _FillValue of integer variables.
SweepTable assemble_table(const SweepDescription& description,
                          const std::vector<RunResult>& results, const Shard& shard);

// Joins shard tables: every shard from the same sweep (fingerprint), each run
// exactly once, all runs present. Throws InputError naming the files otherwise.
SweepTable merge_tables(const std::vector<SweepTable>& shards,
                        const std::vector<std::filesystem::path>& files);

// The fill value written for a failed run in an integer variable.
std::int64_t integer_fill_value(DType type);

}  // namespace frontline
