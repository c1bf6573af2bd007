#pragma once
// An exclusive lock on a file that one sweep process writes (a journal part), so
// that a second sweep on the same output is refused instead of interleaving.
// flock() where the file system has it; where it does not (ENOSYS, ENOLCK,
// EOPNOTSUPP: e.g. Lustre mounted noflock), a lock file beside it created with
// O_EXCL and naming its holder ("host pid"), with a warning on stderr. A lock
// file whose holder is a process of this host that no longer exists is stale
// and taken over.
#include <filesystem>
#include <memory>

namespace frontline {

class FileLock {
 public:
  // Locks `path`, open as `fd` (not owned). Throws InputError naming the path
  // (and the holder, for a lock file) if another process holds it.
  FileLock(int fd, std::filesystem::path path);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

  bool uses_lock_file() const { return !lock_file_.empty(); }
  const std::filesystem::path& lock_file() const { return lock_file_; }

 private:
  std::filesystem::path lock_file_;  // empty: flock
};

// The lock file used where flock() is unavailable: PATH.lock.
std::filesystem::path lock_file_path(const std::filesystem::path& path);

// Locks the existing file `path` (opened without following a symlink), for a
// caller about to delete it: refuses, naming the holder, if a sweep writes it.
class ExistingFileLock {
 public:
  explicit ExistingFileLock(const std::filesystem::path& path);
  ~ExistingFileLock();
  ExistingFileLock(const ExistingFileLock&) = delete;
  ExistingFileLock& operator=(const ExistingFileLock&) = delete;

 private:
  int fd_ = -1;
  std::unique_ptr<FileLock> lock_;
};

}  // namespace frontline
