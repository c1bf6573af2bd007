#include <algorithm>

#include "loader_internal.hpp"

namespace frontline::detail {

FileResolver::FileResolver(fs::path base_dir, fs::path scenario_root)
    : base_dir_(std::move(base_dir)), scenario_root_(std::move(scenario_root)) {}

void FileResolver::remember(const std::string& file_name, const fs::path& dir) {
  dirs_[file_name] = dir;
}

std::optional<fs::path> FileResolver::find(const std::string& relative, const Location& named_at,
                                           std::vector<fs::path>& tried) const {
  const fs::path name(relative);
  std::vector<fs::path> candidates;
  if (name.is_absolute()) {
    candidates.push_back(name);
  } else {
    const auto it = dirs_.find(named_at.file);
    candidates.push_back((it != dirs_.end() ? it->second : base_dir_) / name);
    if (!scenario_root_.empty()) candidates.push_back(scenario_root_ / name);
  }
  for (auto& candidate : candidates) {
    candidate = candidate.lexically_normal();
    if (std::find(tried.begin(), tried.end(), candidate) != tried.end()) continue;
    tried.push_back(candidate);
    std::error_code ec;
    if (fs::exists(candidate, ec)) return candidate;
  }
  return std::nullopt;
}

std::string FileResolver::display(const fs::path& path) { return path.lexically_normal().string(); }

std::string FileResolver::list(const std::vector<fs::path>& paths) {
  std::string out;
  for (const auto& path : paths) out += (out.empty() ? "" : ", ") + display(path);
  return out;
}

}  // namespace frontline::detail
