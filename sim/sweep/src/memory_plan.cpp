#include "frontline/sweep/memory_plan.hpp"

#include <unistd.h>

#include <charconv>
#include <fstream>
#include <sstream>
#include <vector>

namespace frontline {

namespace {

// Limits at or above this are "no limit" (cgroup v1 writes 2^63 rounded to pages).
constexpr std::uint64_t kUnlimited = std::uint64_t{1} << 60;

bool parse_number(const std::string& text, std::uint64_t& value) {
  std::size_t end = text.find_last_not_of(" \n\t");
  if (end == std::string::npos) return false;
  const char* first = text.data();
  const char* last = text.data() + end + 1;
  const auto result = std::from_chars(first, last, value);
  return result.ec == std::errc{} && result.ptr == last;
}

std::uint64_t read_limit(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::string text;
  if (!in || !std::getline(in, text)) return 0;
  std::uint64_t value = 0;
  if (text == "max" || !parse_number(text, value) || value >= kUnlimited) return 0;
  return value;
}

// The least limit set on `relative` or any of its parents below `mount`. In a
// container the mount's root is the container's own cgroup, so the path of
// /proc/self/cgroup is found by its longest suffix that exists under the mount.
std::uint64_t least_limit(const std::filesystem::path& mount, std::string relative,
                          const std::string& file_name) {
  std::error_code ec;
  while (!relative.empty() && relative != "/" &&
         !std::filesystem::is_directory(mount / relative.substr(1), ec)) {
    const auto next = relative.find('/', 1);
    relative = next == std::string::npos ? "" : relative.substr(next);
  }
  std::uint64_t least = 0;
  while (true) {
    const std::uint64_t limit =
        read_limit(mount / relative.substr(relative.empty() ? 0 : 1) / file_name);
    if (limit > 0 && (least == 0 || limit < least)) least = limit;
    if (relative.empty() || relative == "/") break;
    const auto slash = relative.find_last_of('/');
    relative = slash == 0 || slash == std::string::npos ? "" : relative.substr(0, slash);
  }
  return least;
}

void take(MemoryLimit& limit, std::uint64_t bytes, std::string source) {
  if (bytes > 0 && (limit.bytes == 0 || bytes < limit.bytes)) {
    limit.bytes = bytes;
    limit.source = std::move(source);
  }
}

std::uint64_t mebibytes(const char* text) {
  std::uint64_t value = 0;
  if (!text || !parse_number(text, value) || value > (kUnlimited >> 20)) return 0;
  return value << 20;
}

}  // namespace

MemoryLimit job_memory_limit(const EnvironmentLookup& environment,
                             const std::filesystem::path& proc_self_cgroup,
                             const std::filesystem::path& cgroup_root) {
  MemoryLimit limit;
  const long pages = ::sysconf(_SC_PHYS_PAGES);
  const long page_size = ::sysconf(_SC_PAGE_SIZE);
  if (pages > 0 && page_size > 0)
    take(limit, static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page_size),
         "this machine's RAM");

  std::ifstream cgroups(proc_self_cgroup);
  for (std::string line; std::getline(cgroups, line);) {
    // "0::/path" (v2) or "4:memory:/path" (v1, possibly "memory,other").
    const auto first = line.find(':');
    const auto second = first == std::string::npos ? first : line.find(':', first + 1);
    if (second == std::string::npos) continue;
    const std::string controllers = line.substr(first + 1, second - first - 1);
    const std::string path = line.substr(second + 1);
    if (controllers.empty()) {
      take(limit, least_limit(cgroup_root, path, "memory.max"),
           "the cgroup's memory.max (" + path + ")");
    } else if (("," + controllers + ",").find(",memory,") != std::string::npos) {
      take(limit, least_limit(cgroup_root / "memory", path, "memory.limit_in_bytes"),
           "the cgroup's memory.limit_in_bytes (" + path + ")");
    }
  }
  take(limit, mebibytes(environment("SLURM_MEM_PER_NODE")), "the Slurm job's SLURM_MEM_PER_NODE");
  const std::uint64_t per_cpu = mebibytes(environment("SLURM_MEM_PER_CPU"));
  std::uint64_t cpus = 1;
  if (const char* text = environment("SLURM_CPUS_ON_NODE"); !text || !parse_number(text, cpus))
    cpus = 1;
  if (per_cpu > 0 && cpus > 0 && cpus < 1'000'000)
    take(limit, per_cpu * cpus, "the Slurm job's SLURM_MEM_PER_CPU x SLURM_CPUS_ON_NODE");
  return limit;
}

}  // namespace frontline
