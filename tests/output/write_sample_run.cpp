// write_sample_run OUT.h5 [--hourly] [--no-events] [--no-agents] [--yaml-bytes N]
// Writes the synthetic sample run, for the Python contract tests.
#include <cstdlib>
#include <iostream>
#include <string>

#include "frontline/core/error.hpp"
#include "frontline/output/run_file.hpp"
#include "sample_run.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: write_sample_run OUT.h5 [--hourly] [--no-events] [--no-agents] "
                 "[--yaml-bytes N]\n";
    return 2;
  }
  frontline::testing::SampleOptions options;
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--hourly") {
      options.step_hours = 6;
    } else if (arg == "--no-events") {
      options.events = false;
    } else if (arg == "--no-agents") {
      options.agents = false;
    } else if (arg == "--yaml-bytes" && i + 1 < argc) {
      options.yaml_bytes = std::strtoull(argv[++i], nullptr, 10);
    } else {
      std::cerr << "write_sample_run: unknown argument '" << arg << "'\n";
      return 2;
    }
  }
  try {
    const auto run = frontline::testing::make_sample_run(options);
    frontline::write_run_file(argv[1], run.record, run.metadata, run.targets, {.force = true});
  } catch (const frontline::Error& error) {
    std::cerr << "write_sample_run: " << error.what() << "\n";
    return static_cast<int>(error.exit_code());
  }
  return 0;
}
