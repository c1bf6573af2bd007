// Planning a sweep on a cluster: the job's memory limit (cgroup v2 and v1,
// Slurm's --mem), the shard files of an array and the tasks still to run.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <string>

#include "fake_sweep.hpp"
#include "frontline/sweep/memory_plan.hpp"
#include "frontline/sweep/session.hpp"

namespace frontline {
namespace {

namespace fs = std::filesystem;
using testing::fresh_dir;
using ::testing::HasSubstr;

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

EnvironmentLookup environment(std::map<std::string, std::string> values) {
  return [values = std::move(values)](const char* name) -> const char* {
    const auto found = values.find(name);
    return found == values.end() ? nullptr : found->second.c_str();
  };
}

TEST(MemoryPlan, TheCgroupV2LimitOfTheProcessOrAParentCounts) {
  const auto root = fresh_dir("cgroup2");
  write(root / "proc", "0::/jobs/job_17/step_0\n");
  write(root / "fs" / "jobs" / "memory.max", "max\n");
  write(root / "fs" / "jobs" / "job_17" / "memory.max", "67108864\n");
  write(root / "fs" / "jobs" / "job_17" / "step_0" / "memory.max", "max\n");
  const MemoryLimit limit = job_memory_limit(environment({}), root / "proc", root / "fs");
  EXPECT_EQ(limit.bytes, 64u << 20);
  EXPECT_THAT(limit.source, HasSubstr("memory.max"));
}

TEST(MemoryPlan, TheCgroupV1LimitIsFoundInsideAContainer) {
  const auto root = fresh_dir("cgroup1");
  // The container's cgroup is the mount's root: the path is found by its suffix.
  write(root / "proc", "4:memory:/process_api/abc/sweep\n0::/\n");
  write(root / "fs" / "memory" / "memory.limit_in_bytes", "9223372036854771712\n");
  write(root / "fs" / "memory" / "sweep" / "memory.limit_in_bytes", "134217728\n");
  const MemoryLimit limit = job_memory_limit(environment({}), root / "proc", root / "fs");
  EXPECT_EQ(limit.bytes, 128u << 20);
  EXPECT_THAT(limit.source, HasSubstr("memory.limit_in_bytes (/process_api/abc/sweep)"));
}

TEST(MemoryPlan, SlurmsMemoryPerNodeOrPerCpuCounts) {
  const auto root = fresh_dir("slurm");
  EXPECT_EQ(
      job_memory_limit(environment({{"SLURM_MEM_PER_NODE", "64"}}), root / "none", root / "none")
          .bytes,
      64u << 20);
  const MemoryLimit per_cpu =
      job_memory_limit(environment({{"SLURM_MEM_PER_CPU", "100"}, {"SLURM_CPUS_ON_NODE", "4"}}),
                       root / "none", root / "none");
  EXPECT_EQ(per_cpu.bytes, 400u << 20);
  EXPECT_THAT(per_cpu.source, HasSubstr("SLURM_MEM_PER_CPU"));
  // Nonsense is ignored: the machine's RAM remains.
  const MemoryLimit nonsense =
      job_memory_limit(environment({{"SLURM_MEM_PER_NODE", "lots"}}), root / "none", root / "none");
  EXPECT_EQ(nonsense.source, "this machine's RAM");
  EXPECT_GT(nonsense.bytes, 64u << 20);
}

TEST(ArrayTasks, ShardFilesAndTheTasksStillToRun) {
  EXPECT_EQ(shard_output_path("results/sobol.h5", Shard{3, 8}), "results/sobol.shard-3-of-8.h5");
  EXPECT_EQ(array_ranges({}), "");
  EXPECT_EQ(array_ranges({0, 2, 3, 4, 7}), "0,2-4,7");
  const auto d = testing::fake_description();
  const auto output = fresh_dir("missing") / "out.h5";
  for (std::uint32_t i : {0u, 2u}) {
    SessionOptions options;
    options.output = shard_output_path(output, Shard{i, 4});
    options.shard = Shard{i, 4};
    options.progress = nullptr;
    run_sweep_session(d, testing::fake_work(), options);
  }
  write(shard_output_path(output, Shard{3, 4}), "not a shard");
  EXPECT_THAT(missing_shards(d, output, 4), ::testing::ElementsAre(1u, 3u));
  EXPECT_THAT(missing_shards(d, output, 2), ::testing::ElementsAre(0u, 1u));  // another slicing
}

}  // namespace
}  // namespace frontline
