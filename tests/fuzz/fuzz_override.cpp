// libFuzzer entry point: --set arguments, one per line, parsed and applied to a small scenario.
// Refusing with InputError is the expected end of a bad input; anything else
// escaping is a finding (targets.hpp).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "frontline/core/error.hpp"
#include "targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    frontline::fuzz::override_input(std::string_view(reinterpret_cast<const char*>(data), size));
  } catch (const frontline::InputError& refusal) {
    frontline::fuzz::require_clean(refusal);
  }
  return 0;
}
