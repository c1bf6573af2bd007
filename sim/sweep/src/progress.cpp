#include "frontline/sweep/progress.hpp"

#include <algorithm>
#include <cmath>

namespace frontline {

ProgressMeter::ProgressMeter(std::uint64_t total, std::uint64_t already_done, std::FILE* stream,
                             bool terminal)
    : total_(total),
      already_done_(already_done),
      stream_(stream),
      terminal_(terminal),
      interval_(terminal ? 100 : 5000) {
  last_draw_ = start_;
}

std::string ProgressMeter::format_seconds(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  const auto s = static_cast<long long>(std::llround(seconds));
  char out[48];
  if (s < 60)
    std::snprintf(out, sizeof out, "%lld s", s);
  else if (s < 3600)
    std::snprintf(out, sizeof out, "%lld min %02lld s", s / 60, s % 60);
  else
    std::snprintf(out, sizeof out, "%lld h %02lld min", s / 3600, (s % 3600) / 60);
  return out;
}

std::string ProgressMeter::line(std::uint64_t done, std::uint64_t total, std::uint64_t failed,
                                double rate, bool bar) {
  std::string text;
  if (bar) {
    constexpr int width = 30;
    const int filled = total ? static_cast<int>(width * std::min(done, total) / total) : width;
    text = "[" + std::string(static_cast<std::size_t>(filled), '#') +
           std::string(static_cast<std::size_t>(width - filled), '.') + "] ";
  }
  char numbers[160];
  std::snprintf(numbers, sizeof numbers, "%llu/%llu runs, %llu failed, %.1f runs/s",
                static_cast<unsigned long long>(done), static_cast<unsigned long long>(total),
                static_cast<unsigned long long>(failed), rate);
  text += numbers;
  const double eta = rate > 0 ? static_cast<double>(total - std::min(done, total)) / rate : -1.0;
  text += ", ETA " + format_seconds(eta);
  return text;
}

void ProgressMeter::update(std::uint64_t done, std::uint64_t failed) {
  if (!stream_) return;
  const std::lock_guard lock(mutex_);
  const auto now = Clock::now();
  if (now - last_draw_ < interval_) return;
  last_draw_ = now;
  draw(done, failed, false);
}

void ProgressMeter::finish(std::uint64_t done, std::uint64_t failed) {
  if (!stream_) return;
  const std::lock_guard lock(mutex_);
  draw(done, failed, true);
}

void ProgressMeter::draw(std::uint64_t done, std::uint64_t failed, bool final) {
  const double seconds = std::chrono::duration<double>(Clock::now() - start_).count();
  const double fresh = static_cast<double>(done - std::min(done, already_done_));
  const double rate = seconds > 0 ? fresh / seconds : 0.0;
  const std::string text = line(done, total_, failed, rate, terminal_);
  if (terminal_)
    std::fprintf(stream_, "\r\033[K%s%s", text.c_str(), final ? "\n" : "");
  else
    std::fprintf(stream_, "sweep: %s\n", text.c_str());
  std::fflush(stream_);
}

}  // namespace frontline
