// Where the files a scenario names are, and the include policy: every one of
// them must lie under the scenario's own folder, the scenarios folder or a
// folder allowed with --allow-path (docs/reliability.md, "Include policy").
#include <algorithm>

#include "loader_internal.hpp"

namespace frontline {

namespace {

std::filesystem::path resolved(const std::filesystem::path& path) {
  std::error_code ec;
  const auto canonical = std::filesystem::weakly_canonical(std::filesystem::absolute(path, ec), ec);
  return ec ? path.lexically_normal() : canonical;
}

}  // namespace

bool lies_under(const std::filesystem::path& file,
                const std::vector<std::filesystem::path>& folders) {
  const auto target = resolved(file);
  return std::any_of(folders.begin(), folders.end(), [&](const std::filesystem::path& folder) {
    if (folder.empty()) return false;
    const auto root = resolved(folder);
    auto [root_end, target_at] =
        std::mismatch(root.begin(), root.end(), target.begin(), target.end());
    // "a/b/" ends in an empty component: a folder given with a trailing slash.
    return root_end == root.end() || (std::next(root_end) == root.end() && root_end->empty());
  });
}

}  // namespace frontline

namespace frontline::detail {

FileResolver::FileResolver(fs::path base_dir, fs::path scenario_root, std::vector<fs::path> allowed)
    : base_dir_(std::move(base_dir)), scenario_root_(std::move(scenario_root)) {
  allowed_.push_back(base_dir_.empty() ? fs::path(".") : base_dir_);
  // The layout of the scenarios folder: a variant in variants/ includes its base,
  // and through it the maps and reports, from the folder above.
  if (base_dir_.filename() == "variants") allowed_.push_back(base_dir_.parent_path());
  if (!scenario_root_.empty()) allowed_.push_back(scenario_root_);
  for (auto& folder : allowed) allowed_.push_back(std::move(folder));
}

void FileResolver::remember(const std::string& file_name, const fs::path& dir) {
  dirs_[file_name] = dir;
  read_.push_back(file_name);
}

FoundFile FileResolver::find(const std::string& relative, const Location& named_at) const {
  const fs::path name(relative);
  std::vector<fs::path> candidates;
  if (name.is_absolute()) {
    candidates.push_back(name);
  } else {
    const auto it = dirs_.find(named_at.file);
    candidates.push_back((it != dirs_.end() ? it->second : base_dir_) / name);
    if (!scenario_root_.empty()) candidates.push_back(scenario_root_ / name);
  }
  FoundFile found;
  for (auto& candidate : candidates) {
    candidate = candidate.lexically_normal();
    if (std::find(found.tried.begin(), found.tried.end(), candidate) != found.tried.end()) continue;
    found.tried.push_back(candidate);
    std::error_code ec;
    if (!fs::exists(candidate, ec)) continue;
    if (!lies_under(candidate, allowed_)) {
      if (!found.outside) found.outside = candidate;
      continue;
    }
    found.path = candidate;
    return found;
  }
  return found;
}

Diagnostic FileResolver::not_found(const FoundFile& found, const std::string& what,
                                   const Location& where) const {
  if (found.outside)
    return {where,
            what + " is outside the folders a scenario may read: " + display(*found.outside) +
                " is not under " + list(allowed_),
            "a file under the scenario's folder or the scenarios folder, or --allow-path DIR to "
            "allow another folder"};
  return {where, what + " not found", "an existing file; looked for " + list(found.tried)};
}

std::string FileResolver::display(const fs::path& path) { return path.lexically_normal().string(); }

std::string FileResolver::list(const std::vector<fs::path>& paths) {
  std::string out;
  for (const auto& path : paths) out += (out.empty() ? "" : ", ") + display(path);
  return out;
}

}  // namespace frontline::detail
