#pragma once
// From a sweep's description and its runs' results to the result file's table,
// and from shard files back to one table (`frontline merge`).
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
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

// How shards join: the merged table without the rows of the variables along
// `run` (its `run` coordinate in run order), and where each of its rows comes
// from. Checks that every shard is from the same sweep (fingerprint), each run
// exactly once, all runs present; throws InputError naming the files otherwise.
// `shards` need only their headers (SweepFileRows::header): rows are not read.
struct MergePlan {
  SweepTable header;
  std::vector<std::pair<std::size_t, std::uint64_t>> sources;  // per run: (shard, row)
};
MergePlan plan_merge(const std::vector<SweepTable>& shards,
                     const std::vector<std::filesystem::path>& files);

// Joins shard tables held in memory (plan_merge's checks, then the rows).
SweepTable merge_tables(const std::vector<SweepTable>& shards,
                        const std::vector<std::filesystem::path>& files);

// `frontline merge`: joins shard files into `output` as a stream: each shard is
// read in run order a block at a time (`buffer_bytes` shared by the shards) and
// every row goes to the streaming writer, so memory does not grow with the rows
// (beyond about 80 bytes a run for the plan). Same bytes as merge_tables +
// write_sweep_table, and as the sweep run in one piece. `replace` as
// write_sweep_table's.
struct MergeSummary {
  std::uint64_t runs = 0;
  std::uint64_t failed = 0;  // rows whose status is "failed"
};
inline constexpr std::size_t kMergeBufferBytes = std::size_t{64} << 20;
MergeSummary merge_shard_files(const std::vector<std::filesystem::path>& files,
                               const std::filesystem::path& output, bool replace,
                               std::size_t buffer_bytes = kMergeBufferBytes);

// The fill value written for a failed run in an integer variable.
std::int64_t integer_fill_value(DType type);

}  // namespace frontline
