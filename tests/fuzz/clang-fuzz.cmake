# Initial cache for the libFuzzer build (cmake -C tests/fuzz/clang-fuzz.cmake):
# clang-14, every file of the project instrumented for coverage-guided fuzzing
# with AddressSanitizer and UndefinedBehaviorSanitizer (UB aborts, so the fuzzer
# sees it), harnesses only: no tests, no benchmarks. scripts/ci/fuzz.sh uses it.
set(CMAKE_C_COMPILER clang-14 CACHE STRING "")
set(CMAKE_CXX_COMPILER clang++-14 CACHE STRING "")
set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "")
set(frontline_fuzz_flags
    "-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer")
set(CMAKE_C_FLAGS "${frontline_fuzz_flags}" CACHE STRING "")
set(CMAKE_CXX_FLAGS "${frontline_fuzz_flags}" CACHE STRING "")
# -O1 builds about twice as fast as -O2 and fuzzes about as well.
set(CMAKE_C_FLAGS_RELWITHDEBINFO "-O1 -g" CACHE STRING "")
set(CMAKE_CXX_FLAGS_RELWITHDEBINFO "-O1 -g" CACHE STRING "")
set(FRONTLINE_FUZZ ON CACHE BOOL "")
set(FRONTLINE_TESTS OFF CACHE BOOL "")
set(FRONTLINE_BENCH OFF CACHE BOOL "")
