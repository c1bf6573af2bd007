#pragma once
// A small synthetic run built by hand (3 nodes, 2 factions, 5 times, events,
// agents, targets): the fixture of the output tests and of write_sample_run,
// which makes files for the Python contract tests until `frontline run` exists.
#include <cstddef>
#include <vector>

#include "frontline/record/run_record.hpp"

namespace frontline::testing {

struct SampleOptions {
  int step_hours = 24;
  bool events = true;
  bool agents = true;
  std::size_t yaml_bytes = 0;  // pad scenario_yaml to at least this size
};

struct SampleRun {
  RunRecord record;
  RunMetadata metadata;
  std::vector<TargetResult> targets;
};

SampleRun make_sample_run(const SampleOptions& options = {});

}  // namespace frontline::testing
