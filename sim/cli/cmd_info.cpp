// frontline info FILE: what a run file holds, as the summary `run` prints.
// frontline info --variables [--json]: the registry of output variables.
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "frontline/core/text.hpp"
#include "frontline/output/run_file.hpp"
#include "frontline/output/summary.hpp"
#include "frontline/record/output_variables.hpp"

namespace frontline::cli {

namespace {

struct InfoOptions {
  std::string file;
  bool variables = false;
  bool json = false;
};

std::string joined_dims(const OutputVariable& variable) {
  std::string dims;
  for (const auto& dim : variable.dims) dims += (dims.empty() ? "" : ", ") + dim;
  return dims;
}

void print_variables() {
  for (const OutputVariable& v : output_variables()) {
    std::cout << v.name << " (" << joined_dims(v) << ") " << to_string(v.type);
    if (!v.units.empty()) std::cout << " [" << v.units << "]";
    std::cout << "  " << v.long_name << (v.optional ? " (optional)" : "") << '\n';
  }
}

}  // namespace

void add_info_command(CLI::App& app, CommandContext& context) {
  auto options = std::make_shared<InfoOptions>();
  auto* command = app.add_subcommand("info", "Summarise a run's output file");
  auto* file = command->add_option("file", options->file, "A run file written by `frontline run`");
  auto* variables = command->add_flag(
      "--variables", options->variables,
      "List the output variables a run file holds (the registry), instead of reading a file");
  command->add_flag("--json", options->json, "With --variables: as JSON")->needs(variables);
  file->excludes(variables);
  command->callback([options, &context] {
    if (!options->variables && options->file.empty())
      throw CLI::RequiredError("file (or --variables)");
    context.action = [options] {
      if (options->variables) {
        if (options->json)
          std::cout << output_variables_json();
        else
          print_variables();
        return 0;
      }
      const RunFile run = read_run_file(options->file);
      std::cout << printable(format_run_summary(run.record, run.metadata, run.targets)) << '\n';
      return 0;
    };
  });
}

}  // namespace frontline::cli
