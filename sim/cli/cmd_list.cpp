// frontline list: the shipped scenarios and variants.
#include <iostream>

#include "commands.hpp"
#include "frontline/core/error.hpp"
#include "scenario_lookup.hpp"

namespace frontline::cli {

namespace {
int list(const CommandContext& context) {
  std::cout << "Shipped scenarios (" << shipped_scenario_dir(context.executable).string() << "):\n";
  for (const auto& name : shipped_scenario_names(context.executable)) {
    try {
      const ScenarioSpec spec = load_named_scenario(name, {}, context.executable);
      std::string first_line = spec.description.substr(0, spec.description.find('\n'));
      std::cout << "  " << name << "  " << format_date(spec.calendar.start) << " to "
                << format_date(spec.calendar.end) << "  " << first_line << '\n';
    } catch (const InputError&) {
      std::cout << "  " << name << "  (does not validate: run `frontline validate " << name
                << "`)\n";
    }
  }
  return 0;
}
}  // namespace

void add_list_command(CLI::App& app, CommandContext& context) {
  auto* command = app.add_subcommand("list", "List the shipped scenarios and variants");
  command->callback([&context] { context.action = [&context] { return list(context); }; });
}

}  // namespace frontline::cli
