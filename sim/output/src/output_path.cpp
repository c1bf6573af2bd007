#include "frontline/output/output_path.hpp"

#include <signal.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cstring>
#include <mutex>
#include <string>

#include "frontline/core/error.hpp"

namespace frontline {

namespace fs = std::filesystem;

namespace {

std::string kind_of(const fs::file_status& status) {
  switch (status.type()) {
    case fs::file_type::directory:
      return "a directory";
    case fs::file_type::symlink:
      return "a symbolic link";
    case fs::file_type::character:
      return "a character device";
    case fs::file_type::block:
      return "a block device";
    case fs::file_type::fifo:
      return "a FIFO (named pipe)";
    case fs::file_type::socket:
      return "a socket";
    default:
      return "not a regular file";
  }
}

}  // namespace

void check_output_target(const fs::path& output, bool force, const std::vector<fs::path>& inputs) {
  const Location where{output.string()};
  std::error_code ec;
  const fs::file_status status = fs::symlink_status(output, ec);
  const auto folder = output.has_parent_path() ? output.parent_path() : fs::path(".");
  if (!fs::is_directory(folder, ec))
    throw InputError(where, "output folder '" + folder.string() + "' does not exist",
                     "an existing folder");
  if (!fs::exists(status)) return;
  if (!force && fs::is_regular_file(status))
    throw InputError(where, "already exists", "a new path, or --force to replace it");
  if (!fs::is_regular_file(status))
    throw InputError(where,
                     "is " + kind_of(status) + ", which is never replaced, not even with --force",
                     "a new path, or a regular file with --force");
  for (const auto& input : inputs) {
    if (fs::equivalent(output, input, ec))
      throw InputError(where, "the output is an input of this command (" + input.string() + ")",
                       "an output path that is not the scenario, a file it includes or its "
                       "sweep file");
  }
}

void check_regular_input(const fs::path& input, const char* expected) {
  const Location where{input.string()};
  std::error_code ec;
  const fs::file_status status = fs::status(input, ec);
  if (!fs::exists(status)) throw InputError(where, "no such file", expected);
  if (!fs::is_regular_file(status)) throw InputError(where, "is " + kind_of(status), expected);
}

// ---------------------------------------------------------------- signals

namespace {

// A signal handler may only touch memory that exists for the whole process:
// a fixed table of paths. Slots are claimed with an atomic flag, so the handler
// never sees a half-written path.
constexpr int kSlots = 8;
constexpr std::size_t kPathBytes = 4096;
constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

struct Slot {
  std::atomic<bool> armed{false};
  char path[kPathBytes] = {};
};

std::array<Slot, kSlots>& slots() {
  static std::array<Slot, kSlots> table;  // process-wide by nature: see above
  return table;
}

std::atomic<bool>& claimed(int index) {
  static std::array<std::atomic<bool>, kSlots> flags{};
  return flags[static_cast<std::size_t>(index)];
}

extern "C" void remove_and_reraise(int signal_number) {
  for (auto& slot : slots())
    if (slot.armed.load()) ::unlink(slot.path);
  ::signal(signal_number, SIG_DFL);
  ::raise(signal_number);
}

void install_handlers() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction action {};
    action.sa_handler = remove_and_reraise;
    ::sigemptyset(&action.sa_mask);
    for (const int s : kSignals) ::sigaddset(&action.sa_mask, s);
    for (const int s : kSignals) {
      struct sigaction previous {};
      ::sigaction(s, nullptr, &previous);
      // A signal the parent made us ignore (nohup) stays ignored.
      if (previous.sa_handler != SIG_IGN) ::sigaction(s, &action, nullptr);
    }
  });
}

}  // namespace

RemoveOnSignal::RemoveOnSignal(const fs::path& path) {
  const std::string absolute = fs::absolute(path).string();
  if (absolute.size() >= kPathBytes) return;  // no room: cleaned only on normal paths
  slots();                                    // constructed here, never first inside the handler
  install_handlers();
  for (int i = 0; i < kSlots; ++i) {
    bool expected = false;
    if (!claimed(i).compare_exchange_strong(expected, true)) continue;
    Slot& slot = slots()[static_cast<std::size_t>(i)];
    std::memcpy(slot.path, absolute.c_str(), absolute.size() + 1);
    slot.armed.store(true);
    slot_ = i;
    return;
  }
}

RemoveOnSignal::~RemoveOnSignal() {
  if (slot_ < 0) return;
  slots()[static_cast<std::size_t>(slot_)].armed.store(false);
  claimed(slot_).store(false);
}

}  // namespace frontline
