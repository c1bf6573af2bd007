// frontline list: the shipped scenarios and variants.
#include <iostream>
#include <string>

#include "commands.hpp"
#include "frontline/core/error.hpp"
#include "scenario_lookup.hpp"

namespace frontline::cli {

namespace {
// The description's first sentence on one line: a YAML block wraps it over several lines,
// and a cut at the first line break would end it mid-sentence.
std::string first_sentence(const std::string& description) {
  std::string text;
  for (const char c : description) {
    const bool space = c == '\n' || c == ' ' || c == '\t';
    if (space && (text.empty() || text.back() == ' ')) continue;
    text += space ? ' ' : c;
  }
  while (!text.empty() && text.back() == ' ') text.pop_back();
  const auto end = text.find(". ");
  return end == std::string::npos ? text : text.substr(0, end + 1);
}

int list(const CommandContext& context) {
  std::cout << "Shipped scenarios (" << shipped_scenario_dir(context.executable).string() << "):\n";
  for (const auto& name : shipped_scenario_names(context.executable)) {
    try {
      const ScenarioSpec spec = load_named_scenario(name, {}, context.executable);
      std::cout << "  " << name << "  " << format_date(spec.calendar.start) << " to "
                << format_date(spec.calendar.end) << "  " << first_sentence(spec.description)
                << '\n';
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
