#pragma once
// Safety of the paths a command writes or reads whole (docs/reliability.md):
// which existing file an output may replace, and which input may be opened
// without blocking or reading forever. One helper for `run`, `sweep` and `merge`.
#include <filesystem>
#include <vector>

namespace frontline {

// Refuses (InputError naming the path, exit 1) an output path that must not be
// written: without `force`, anything at the path (a dangling symlink too); with
// `force`, anything but a regular file (a device, FIFO, socket, folder or
// symlink) and any of `inputs` (the same file under any name, hard links
// included). Also refuses a path whose folder does not exist.
void check_output_target(const std::filesystem::path& output, bool force,
                         const std::vector<std::filesystem::path>& inputs = {});

// Refuses (InputError, exit 1) an input that is missing or not a regular file
// (a FIFO would block, /dev/zero would never end), symlinks followed.
// `expected` says what it should be ("a run file written by `frontline run`").
void check_regular_input(const std::filesystem::path& input, const char* expected);

// While alive, SIGINT, SIGTERM, SIGHUP or SIGQUIT removes `path` and then ends
// the process by the same signal (so the shell still sees "killed by SIGINT").
// For temporary files, which must never survive a Ctrl-C. At most a few at once.
class RemoveOnSignal {
 public:
  explicit RemoveOnSignal(const std::filesystem::path& path);
  ~RemoveOnSignal();
  RemoveOnSignal(const RemoveOnSignal&) = delete;
  RemoveOnSignal& operator=(const RemoveOnSignal&) = delete;

 private:
  int slot_ = -1;
};

}  // namespace frontline
