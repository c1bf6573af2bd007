#pragma once
// Sweep progress on stderr: on a terminal, a bar redrawn in place (runs
// done/total, failures, rate, ETA); otherwise a plain line every few seconds.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>

namespace frontline {

class ProgressMeter {
 public:
  // `already_done` runs came from a journal and count as done but not in the rate.
  ProgressMeter(std::uint64_t total, std::uint64_t already_done, std::FILE* stream, bool terminal);
  // Output on a terminal or every `plain_interval` otherwise; nothing if `stream` is null.
  void update(std::uint64_t done, std::uint64_t failed);
  void finish(std::uint64_t done, std::uint64_t failed);

  // "[#####.....] 120/400 runs, 2 failed, 35.1 runs/s, ETA 8 s"
  static std::string line(std::uint64_t done, std::uint64_t total, std::uint64_t failed,
                          double rate, bool bar);
  static std::string format_seconds(double seconds);  // "8 s", "4 min 05 s", "2 h 10 min"

 private:
  void draw(std::uint64_t done, std::uint64_t failed, bool final);
  using Clock = std::chrono::steady_clock;
  std::uint64_t total_;
  std::uint64_t already_done_;
  std::FILE* stream_;
  bool terminal_;
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_draw_{};
  std::chrono::milliseconds interval_;
  std::mutex mutex_;
};

}  // namespace frontline
