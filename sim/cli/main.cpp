// frontline: run, check, sweep and inspect territorial-control scenarios.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <string>

#include "commands.hpp"
#include "frontline/core/error.hpp"
#include "frontline/core/text.hpp"
#include "frontline/core/version.hpp"
#include "frontline/sweep/mpi_environment.hpp"

namespace {

std::string joined_arguments(int argc, char** argv) {
  std::string line;
  for (int i = 0; i < argc; ++i) {
    if (i > 0) line += ' ';
    line += argv[i];
  }
  return line;
}

std::filesystem::path executable_path(const char* argv0) {
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path(argv0) : self;
}

// The command's exit code; its failure, if any, said on stderr.
int run_action(const frontline::cli::CommandContext& context) {
  using namespace frontline;
  try {
    return context.action ? context.action() : static_cast<int>(ExitCode::usage);
  } catch (const InputError& e) {
    std::cerr << printable(e.what()) << '\n';
    const auto count = e.diagnostics().size();
    if (count > 1) std::cerr << "frontline: " << count << " problems\n";
    return static_cast<int>(e.exit_code());
  } catch (const Error& e) {
    std::cerr << "frontline: error: " << printable(e.what()) << '\n';
    return static_cast<int>(e.exit_code());
  } catch (const std::exception& e) {
    std::cerr << "frontline: internal error: " << printable(e.what()) << '\n';
    return static_cast<int>(ExitCode::runtime_failure);
  }
}

}  // namespace

int main(int argc, char** argv) {
  using namespace frontline;
  CLI::App app{
      "Frontline: an agent-based simulation of territorial control on Libya's coastal corridor.\n"
      "Exit codes: 0 ok, 1 bad input, 2 usage, 3 runtime failure, 4 check: targets missed.",
      "frontline"};
  app.set_version_flag(
      "--version", "frontline " + std::string(version()) + " (" + std::string(git_commit()) + ")");
  app.require_subcommand(1);
  app.fallthrough(false);

  cli::CommandContext context;
  context.command_line = joined_arguments(argc, argv);
  context.executable = executable_path(argv[0]);
  cli::add_run_command(app, context);
  cli::add_validate_command(app, context);
  cli::add_check_command(app, context);
  cli::add_info_command(app, context);
  cli::add_sweep_command(app, context);
  cli::add_merge_command(app, context);
  cli::add_calibrate_command(app, context);
  cli::add_list_command(app, context);
  cli::add_params_command(app, context);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // The message may quote an argument: escape what a terminal would obey.
    std::ostringstream out, err;
    app.exit(e, out, err);
    std::cout << printable(out.str());
    std::cerr << printable(err.str());
    return static_cast<int>(ExitCode::usage);
  }

  // Under mpirun every rank runs the command, and a sweep's or a calibration's
  // failure, which the ranks agree on, is reported by rank 0. MPI stays up until
  // every rank is past its report: mpirun ends the job at the first rank that
  // exits non-zero, which could otherwise cut rank 0's message off.
  const MpiEnvironment processes;
  const int code = run_action(context);
  processes.barrier();
  return code;
}
