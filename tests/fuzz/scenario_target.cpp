#include <string>

#include "frontline/scenario/loader.hpp"
#include "targets.hpp"

namespace frontline::fuzz {

void scenario_input(std::string_view data) {
  LoadOptions options;
  options.scenario_root = scenario_folder();
  load_scenario_text(std::string(data), "fuzz.yaml", scenario_folder() / "variants", options);
}

}  // namespace frontline::fuzz
