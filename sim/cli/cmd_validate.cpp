// frontline validate SCENARIO... [--strict] [--set PATH=VALUE]...
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "frontline/core/error.hpp"
#include "frontline/core/text.hpp"
#include "frontline/scenario/notes.hpp"
#include "scenario_lookup.hpp"

namespace frontline::cli {

namespace {

struct ValidateOptions {
  std::vector<std::string> scenarios;
  std::vector<std::string> overrides;
  bool strict = false;
  ScenarioReadOptions read;
};

int validate(const ValidateOptions& options, const CommandContext& context) {
  int failed = 0;
  for (const auto& name : options.scenarios) {
    try {
      const ScenarioSpec spec = load_named_scenario(name, options.overrides, context.executable,
                                                    options.strict, options.read);
      std::cout << "ok  " << printable(name) << ": " << spec.name << ", "
                << format_date(spec.calendar.start) << " to " << format_date(spec.calendar.end)
                << ", " << spec.map.nodes.size() << " nodes, " << spec.factions.size()
                << " factions, " << spec.events.size() << " events, " << spec.targets.size()
                << " targets\n";
      for (const std::string& note : scenario_notes(spec))
        std::cout << "    note: " << printable(note) << '\n';
    } catch (const InputError& e) {
      ++failed;
      std::cerr << printable(e.what()) << '\n';
      std::cout << "BAD " << printable(name) << ": " << e.diagnostics().size() << " problem"
                << (e.diagnostics().size() == 1 ? "" : "s") << '\n';
    }
  }
  return failed == 0 ? 0 : static_cast<int>(ExitCode::bad_input);
}

}  // namespace

void add_validate_command(CLI::App& app, CommandContext& context) {
  auto options = std::make_shared<ValidateOptions>();
  auto* command = app.add_subcommand("validate", "Check scenarios without running them");
  command->add_option("scenarios", options->scenarios, "Scenario files or shipped names")
      ->required();
  command->add_option("--set", options->overrides, "Override a value by path (PATH=VALUE)");
  command->add_flag("--strict", options->strict,
                    "Also require a citation or an assumption on every faction, unit, event "
                    "and target");
  add_read_options(*command, options->read);
  command->callback([options, &context] {
    context.action = [options, &context] { return validate(*options, context); };
  });
}

}  // namespace frontline::cli
