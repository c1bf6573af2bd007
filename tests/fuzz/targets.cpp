#include "targets.hpp"

#include <stdexcept>
#include <string>

namespace frontline::fuzz {

std::filesystem::path scenario_folder() { return FRONTLINE_FUZZ_SCENARIO_DIR; }

void require_clean(const InputError& refusal) {
  bool clean = !refusal.diagnostics().empty();
  for (const auto& diagnostic : refusal.diagnostics()) clean = clean && !diagnostic.message.empty();
  if (!clean)
    throw std::logic_error("an InputError that does not say what is wrong: '" +
                           std::string(refusal.what()) + "'");
}

}  // namespace frontline::fuzz
