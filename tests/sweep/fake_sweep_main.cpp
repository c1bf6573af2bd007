// frontline-fake-sweep OUTPUT [-j N] [--resume] [--force] [--stop] [--shard I/N]
//   [--fail POINT] [--delay-us N] [--replicates N]
// The fake sweep of fake_sweep.hpp as a program, so shell tests can run it
// under mpirun, kill it, and compare files without the simulation engine.
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include "fake_sweep.hpp"
#include "frontline/sweep/mpi_environment.hpp"
#include "frontline/sweep/session.hpp"

namespace {

// The sweep's exit code; rank 0 says a failure on stderr.
int run(const frontline::SessionOptions& options, const std::vector<std::uint64_t>& failing,
        long delay_us, std::uint32_t replicates) {
  using namespace frontline;
  try {
    const auto report = run_sweep_session(
        testing::fake_description(replicates),
        testing::fake_work(failing, std::chrono::microseconds(delay_us)), options);
    if (report.writer)
      std::printf("runs %llu, from journal %llu, ran %llu, failed %llu, ranks %d%s\n",
                  static_cast<unsigned long long>(report.runs),
                  static_cast<unsigned long long>(report.from_journal),
                  static_cast<unsigned long long>(report.ran),
                  static_cast<unsigned long long>(report.failed), report.ranks,
                  report.already_complete ? ", already complete" : "");
    return 0;
  } catch (const Error& e) {
    if (sweep_process_rank() == 0) std::fprintf(stderr, "fake-sweep: %s\n", e.what());
    return static_cast<int>(e.exit_code());
  }
}

}  // namespace

int main(int argc, char** argv) {
  using namespace frontline;
  SessionOptions options;
  options.progress = nullptr;
  options.created = "2024-01-01T00:00:00Z";
  std::vector<std::uint64_t> failing;
  long delay_us = 0;
  std::uint32_t replicates = 3;  // 24 design points: 72 runs
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto value = [&] { return std::string(i + 1 < argc ? argv[++i] : ""); };
    if (arg == "-j")
      options.threads = std::stoi(value());
    else if (arg == "--resume")
      options.resume = true;
    else if (arg == "--force")
      options.force = true;
    else if (arg == "--stop")
      options.on_failure = FailurePolicy::stop;
    else if (arg == "--shard")
      options.shard = parse_shard(value());
    else if (arg == "--fail")
      failing.push_back(std::stoull(value()));
    else if (arg == "--delay-us")
      delay_us = std::stol(value());
    else if (arg == "--replicates")
      replicates = static_cast<std::uint32_t>(std::stoul(value()));
    else if (arg == "--progress")
      options.progress = stderr;
    else
      options.output = arg;
  }
  // As frontline's main: MPI stays up until rank 0 has reported a failure.
  const MpiEnvironment processes;
  const int code = run(options, failing, delay_us, replicates);
  processes.barrier();
  return code;
}
