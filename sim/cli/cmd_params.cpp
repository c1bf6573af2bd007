// frontline params [--markdown]: the model's parameters with units, defaults and sources.
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>

#include "commands.hpp"
#include "frontline/core/parameters.hpp"

namespace frontline::cli {

namespace {
std::string number(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

void print_markdown() {
  std::cout << "| parameter | unit | default | range | source | meaning |\n"
               "|---|---|---|---|---|---|\n";
  for (const auto& p : parameter_table())
    std::cout << "| `" << p.path << "` | " << p.unit << " | " << number(p.default_value) << " | "
              << number(p.min) << " to " << number(p.max) << " | " << p.source << " | "
              << p.description << " |\n";
}

void print_plain() {
  for (const auto& p : parameter_table())
    std::cout << std::left << std::setw(44) << p.path << std::setw(10) << number(p.default_value)
              << p.unit << "\n    " << p.description << "\n    source: " << p.source << '\n';
}
}  // namespace

void add_params_command(CLI::App& app, CommandContext& context) {
  auto markdown = std::make_shared<bool>(false);
  auto* command = app.add_subcommand(
      "params", "List the model's parameters (set them under `parameters:` or with --set)");
  command->add_flag("--markdown", *markdown, "Print a Markdown table (as in docs/model.md)");
  command->callback([markdown, &context] {
    context.action = [markdown] {
      *markdown ? print_markdown() : print_plain();
      return 0;
    };
  });
}

}  // namespace frontline::cli
