// frontline info FILE: what a run file holds, as the summary `run` prints.
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "frontline/core/text.hpp"
#include "frontline/output/run_file.hpp"
#include "frontline/output/summary.hpp"

namespace frontline::cli {

void add_info_command(CLI::App& app, CommandContext& context) {
  auto file = std::make_shared<std::string>();
  auto* command = app.add_subcommand("info", "Summarise a run's output file");
  command->add_option("file", *file, "A run file written by `frontline run`")->required();
  command->callback([file, &context] {
    context.action = [file] {
      const RunFile run = read_run_file(*file);
      std::cout << printable(format_run_summary(run.record, run.metadata, run.targets)) << '\n';
      return 0;
    };
  });
}

}  // namespace frontline::cli
