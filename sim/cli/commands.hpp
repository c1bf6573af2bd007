#pragma once
// The `frontline` subcommands. Each add_*_command registers a CLI11 subcommand
// whose callback stores the action to run in `context`; main() runs it and maps
// exceptions to exit codes (0 ok, 1 bad input, 2 usage, 3 runtime failure,
// 4 `check`: targets missed).
#include <CLI/CLI.hpp>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace frontline::cli {

struct CommandContext {
  std::string command_line;          // argv joined, for provenance
  std::filesystem::path executable;  // argv[0], resolved
  std::function<int()> action;       // set by the chosen subcommand
};

void add_run_command(CLI::App& app, CommandContext& context);
void add_validate_command(CLI::App& app, CommandContext& context);
void add_info_command(CLI::App& app, CommandContext& context);
void add_check_command(CLI::App& app, CommandContext& context);
void add_params_command(CLI::App& app, CommandContext& context);
void add_list_command(CLI::App& app, CommandContext& context);
void add_sweep_command(CLI::App& app, CommandContext& context);
void add_merge_command(CLI::App& app, CommandContext& context);
void add_calibrate_command(CLI::App& app, CommandContext& context);

inline constexpr int kTargetsMissed = 4;

}  // namespace frontline::cli
