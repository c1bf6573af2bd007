#include "frontline/output/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>

#include "frontline/core/error.hpp"
#include "frontline/output/output_path.hpp"

namespace frontline {

namespace {

namespace fs = std::filesystem;

std::string errno_text(int error) { return std::strerror(error); }

// The temporary file beside the target; removed unless committed.
class TemporaryPath {
 public:
  explicit TemporaryPath(fs::path path) : path_(std::move(path)), on_signal_(path_) {}
  TemporaryPath(const TemporaryPath&) = delete;
  TemporaryPath& operator=(const TemporaryPath&) = delete;
  ~TemporaryPath() {
    if (!committed_) {
      std::error_code ignored;
      fs::remove(path_, ignored);
    }
  }
  const fs::path& path() const { return path_; }
  void commit() { committed_ = true; }

 private:
  fs::path path_;
  RemoveOnSignal on_signal_;  // Ctrl-C or SIGTERM while writing removes it too
  bool committed_ = false;
};

std::string temporary_prefix(const fs::path& target) {
  return "." + target.filename().string() + ".tmp-";
}

fs::path temporary_path_beside(const fs::path& target) {
  std::random_device entropy;
  char suffix[32];
  std::snprintf(suffix, sizeof suffix, "%d-%08x", static_cast<int>(::getpid()), entropy());
  return target.parent_path() / (temporary_prefix(target) + suffix);
}

void sync_path(const fs::path& path, int flags, const std::string& what) {
  const int fd = ::open(path.c_str(), flags);
  if (fd < 0)
    throw RuntimeError("opening " + what + " " + path.string() +
                       " to sync it: " + errno_text(errno));
  const int status = ::fsync(fd);
  const int error = errno;
  ::close(fd);
  if (status != 0)
    throw RuntimeError("syncing " + what + " " + path.string() + ": " + errno_text(error));
}

InputError target_exists(const fs::path& target) {
  return InputError(Location{target.string()}, "already exists",
                    "a new path, or --force to replace it");
}

// Moves the finished file into place; without `replace`, never over an existing file.
void move_into_place(const fs::path& from, const fs::path& to, bool replace) {
  if (replace) {
    if (std::rename(from.c_str(), to.c_str()) != 0)
      throw RuntimeError("renaming " + from.string() + " to " + to.string() + ": " +
                         errno_text(errno));
    return;
  }
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return;
  if (errno == EEXIST) throw target_exists(to);
  if (errno != EINVAL && errno != ENOSYS)
    throw RuntimeError("renaming " + from.string() + " to " + to.string() + ": " +
                       errno_text(errno));
  // File systems without RENAME_NOREPLACE: a hard link also refuses to replace.
  if (::link(from.c_str(), to.c_str()) != 0) {
    if (errno == EEXIST) throw target_exists(to);
    throw RuntimeError("linking " + from.string() + " to " + to.string() + ": " +
                       errno_text(errno));
  }
  ::unlink(from.c_str());
}

void check_directory(const fs::path& target, const fs::path& directory) {
  std::error_code error;
  if (!fs::is_directory(directory, error))
    throw RuntimeError("cannot write " + target.string() + ": directory " + directory.string() +
                       " does not exist");
  if (::access(directory.c_str(), W_OK | X_OK) != 0)
    throw RuntimeError("cannot write " + target.string() + ": directory " + directory.string() +
                       " is not writable (" + errno_text(errno) + ")");
}

}  // namespace

void check_output_directory(const fs::path& target) {
  check_directory(target, target.parent_path().empty() ? fs::path(".") : target.parent_path());
}

void write_atomically(const fs::path& target, bool replace,
                      const std::function<void(const fs::path&)>& write) {
  check_output_target(target, replace);  // nothing there, or with --force a regular file
  const fs::path directory = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  check_directory(target, directory);
  TemporaryPath temporary(temporary_path_beside(target));
  write(temporary.path());
  sync_path(temporary.path(), O_RDONLY, "file");
  if (replace) check_output_target(target, true);  // still a regular file, or nothing
  move_into_place(temporary.path(), target, replace);
  temporary.commit();
  sync_path(directory, O_RDONLY | O_DIRECTORY, "directory");
}

void remove_stale_temporaries(const fs::path& target) {
  const std::string prefix = temporary_prefix(target);
  const auto dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    const std::string rest = name.substr(prefix.size());  // PID-RANDOM
    const auto dash = rest.find('-');
    const std::string pid_text = rest.substr(0, dash);
    if (dash == std::string::npos || pid_text.empty() || pid_text.size() > 9 ||
        pid_text.find_first_not_of("0123456789") != std::string::npos)
      continue;
    const auto pid = static_cast<pid_t>(std::stol(pid_text));
    if (pid != ::getpid() && ::kill(pid, 0) != 0 && errno == ESRCH) {
      std::error_code ignored;
      fs::remove(entry.path(), ignored);
    }
  }
}

}  // namespace frontline
