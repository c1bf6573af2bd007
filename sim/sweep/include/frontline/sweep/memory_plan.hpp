#pragma once
// How much memory this process may use: the least of the machine's RAM, the
// memory cgroup's limit (v2 memory.max, v1 memory.limit_in_bytes, in this
// process's cgroup or any parent) and a Slurm job's --mem (SLURM_MEM_PER_NODE,
// or SLURM_MEM_PER_CPU x SLURM_CPUS_ON_NODE, in MiB). A sweep plans its
// result's assembly against it, so that a job under `--mem` is refused up front
// instead of being killed after every run has finished.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

namespace frontline {

struct MemoryLimit {
  std::uint64_t bytes = 0;  // 0: unknown
  std::string source;       // "this machine's RAM", "the cgroup limit (...)", "SLURM_MEM_PER_NODE"
};

using EnvironmentLookup = std::function<const char*(const char*)>;

// `proc_self_cgroup` and `cgroup_root` are parameters so tests can use fake trees.
MemoryLimit job_memory_limit(const EnvironmentLookup& environment,
                             const std::filesystem::path& proc_self_cgroup = "/proc/self/cgroup",
                             const std::filesystem::path& cgroup_root = "/sys/fs/cgroup");

// The streaming writer's memory (docs/sweeps.md "The result file"): a fixed
// part per process, a chunk buffer and HDF5's chunk cache per variable, and the
// journal index and the runs still to do per run.
inline constexpr double kProcessBaseBytes = 32.0 * (1 << 20);
inline constexpr double kWriterBytesPerVariable = 3.0 * (1 << 20);
inline constexpr double kWriterBytesPerRun = 32.0;

}  // namespace frontline
