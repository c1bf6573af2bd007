# frontline_warnings(TARGET): the project's warning set, optionally as errors.
add_library(frontline_warnings INTERFACE)
target_compile_options(frontline_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Woverloaded-virtual
  -Wimplicit-fallthrough
  # GCC 12 reports false positives inside libstdc++'s std::string at -O2/-O3.
  $<$<CXX_COMPILER_ID:GNU>:-Wno-maybe-uninitialized -Wno-restrict -Wno-array-bounds -Wno-stringop-overflow>
  $<$<BOOL:${FRONTLINE_WERROR}>:-Werror>)
add_library(frontline::warnings ALIAS frontline_warnings)
