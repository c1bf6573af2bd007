#include "frontline/sweep/lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>

#include "frontline/core/error.hpp"

namespace frontline {

namespace {

std::string this_host() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0) return "unknown-host";
  return name;
}

// "host pid" of the lock file's holder, or "" if unreadable.
std::string read_holder(const std::filesystem::path& lock_file) {
  const int fd = ::open(lock_file.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return {};
  char buffer[300] = {};
  const ssize_t n = ::read(fd, buffer, sizeof buffer - 1);
  ::close(fd);
  if (n <= 0) return {};
  std::string holder(buffer, static_cast<std::size_t>(n));
  while (!holder.empty() && (holder.back() == '\n' || holder.back() == ' ')) holder.pop_back();
  return holder;
}

// A holder on this host whose process is gone: the lock file outlived a kill.
bool holder_is_gone(const std::string& holder) {
  const auto space = holder.rfind(' ');
  if (space == std::string::npos || holder.substr(0, space) != this_host()) return false;
  const std::string pid_text = holder.substr(space + 1);
  if (pid_text.empty() || pid_text.size() > 9 ||
      pid_text.find_first_not_of("0123456789") != std::string::npos)
    return false;
  const auto pid = static_cast<pid_t>(std::stol(pid_text));
  return pid > 0 && ::kill(pid, 0) != 0 && errno == ESRCH;
}

InputError busy(const std::filesystem::path& path, const std::string& detail) {
  return InputError(Location{path.string()},
                    "another sweep is writing this output's journal" + detail,
                    "wait for it to finish, or choose another output");
}

bool flock_unsupported(int error) {
  return error == ENOSYS || error == ENOLCK || error == EOPNOTSUPP || error == EINVAL;
}

std::filesystem::path take_lock_file(const std::filesystem::path& path) {
  const auto lock_file = lock_file_path(path);
  for (int attempt = 0; attempt < 2; ++attempt) {
    const int fd =
        ::open(lock_file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd >= 0) {
      const std::string holder = this_host() + " " + std::to_string(::getpid()) + "\n";
      const bool written =
          ::write(fd, holder.data(), holder.size()) == static_cast<ssize_t>(holder.size());
      ::close(fd);
      if (!written) {
        ::unlink(lock_file.c_str());
        throw RuntimeError("cannot write the lock file " + lock_file.string() + ": " +
                           std::strerror(errno));
      }
      std::fprintf(stderr,
                   "warning: %s: this file system has no file locks (flock); using the lock file "
                   "%s instead\n",
                   path.c_str(), lock_file.c_str());
      return lock_file;
    }
    if (errno != EEXIST)
      throw RuntimeError("cannot create the lock file " + lock_file.string() + ": " +
                         std::strerror(errno));
    const std::string holder = read_holder(lock_file);
    if (attempt == 0 && holder_is_gone(holder)) {
      ::unlink(lock_file.c_str());  // stale: its process was killed
      continue;
    }
    throw busy(path, " (lock file " + lock_file.string() + " held by " +
                         (holder.empty() ? std::string("an unknown process") : "pid " + holder) +
                         "; if no sweep runs, delete that file)");
  }
  throw busy(path, "");
}

}  // namespace

std::filesystem::path lock_file_path(const std::filesystem::path& path) {
  auto lock = path;
  lock += ".lock";
  return lock;
}

FileLock::FileLock(int fd, std::filesystem::path path) {
  if (::flock(fd, LOCK_EX | LOCK_NB) == 0) {
    // A lock file left by a writer on a file system without flock still counts.
    const std::string holder = read_holder(lock_file_path(path));
    if (!holder.empty() && !holder_is_gone(holder)) {
      ::flock(fd, LOCK_UN);
      throw busy(path, " (lock file " + lock_file_path(path).string() + " held by pid " + holder +
                           "; if no sweep runs, delete that file)");
    }
    return;
  }
  const int error = errno;
  if (error == EWOULDBLOCK || error == EINTR) throw busy(path, "");
  if (!flock_unsupported(error))
    throw RuntimeError("cannot lock " + path.string() + ": " + std::strerror(error));
  lock_file_ = take_lock_file(path);
}

FileLock::~FileLock() {
  if (!lock_file_.empty()) ::unlink(lock_file_.c_str());
}

ExistingFileLock::ExistingFileLock(const std::filesystem::path& path) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd_ < 0) {
    // Nothing to protect: no file, or a symbolic link (never a journal we wrote;
    // removing the link leaves its target alone).
    if (errno == ENOENT || errno == ELOOP) return;
    throw InputError(Location{path.string()},
                     std::string("cannot open the journal: ") + std::strerror(errno),
                     "a journal written by frontline sweep");
  }
  try {
    lock_ = std::make_unique<FileLock>(fd_, path);
  } catch (...) {
    ::close(fd_);
    fd_ = -1;
    throw;
  }
}

ExistingFileLock::~ExistingFileLock() {
  lock_.reset();
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace frontline
