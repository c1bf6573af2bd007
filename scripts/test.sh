#!/usr/bin/env bash
# Command 2 of the README (and all of CI): install what is missing, build, and run
# every test: C++ (ctest) and Python (pytest) in a Release build with warnings as
# errors, the whole suite again under AddressSanitizer + UndefinedBehaviorSanitizer
# in the cluster (MPI) build, the fuzzers for a bounded time, and a real
# single-node Slurm. Set FRONTLINE_QUICK=1 to run only the first stage.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
jobs=${FRONTLINE_JOBS:-2}
passed=0 failed=0
stage() {  # stage NAME COMMAND...: run one stage, keep going, count the result
  local name=$1; shift
  echo "=== $name"
  local start=$SECONDS
  if "$@"; then
    passed=$((passed + 1)); echo "=== $name: passed ($((SECONDS - start)) s)"
  else
    failed=$((failed + 1)); echo "=== $name: FAILED ($((SECONDS - start)) s)"
  fi
}

scripts/install-deps.sh --all || { echo "install-deps failed"; exit 1; }

format_check() {
  git ls-files -z '*.cpp' '*.hpp' | xargs -0 -r clang-format --dry-run --Werror
}
release_build() {
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DFRONTLINE_WERROR=ON \
    -DFRONTLINE_TESTS=ON -DFRONTLINE_BENCH=ON >/dev/null &&
    cmake --build build -j "$jobs"
}
release_ctest() { ctest --test-dir build -j "$jobs" --output-on-failure --timeout 600; }
python_tests() {
  FRONTLINE_REQUIRE_BUILD=1 FRONTLINE_BUILD_DIR=$root/build /usr/bin/python3 -m pytest -q -p no:cacheprovider tests/python
}
sanitizer_build() {
  # -O1 -g1: symbolised reports at a third of the -O2 -g build time.
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g1" \
    -DFRONTLINE_WERROR=ON \
    -DFRONTLINE_SANITIZE=ON -DFRONTLINE_MPI=ON -DFRONTLINE_TESTS=ON -DFRONTLINE_BENCH=OFF >/dev/null &&
    cmake --build build-asan -j "$jobs"
}
sanitizer_ctest() {
  # OpenMPI's own leaks cannot be suppressed (docs/reliability.md).
  ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 \
    ctest --test-dir build-asan -j "$jobs" --output-on-failure --timeout 900 -LE no_sanitizer
}

stage "format (clang-format)" format_check
stage "release build" release_build
stage "release tests (ctest)" release_ctest
stage "python tests (pytest)" python_tests
if [[ ${FRONTLINE_QUICK:-0} != 1 ]]; then
  stage "sanitizer + MPI build" sanitizer_build
  stage "sanitizer + MPI tests (ctest)" sanitizer_ctest
  [[ -x scripts/ci/fuzz.sh ]] && stage "fuzzing" scripts/ci/fuzz.sh build-fuzz
  # The Slurm jobs run the sanitizer (MPI) build: OpenMPI's leaks again (--export=ALL).
  [[ -x scripts/ci/slurm-test.sh ]] &&
    stage "slurm (single node)" env ASAN_OPTIONS=detect_leaks=0 scripts/ci/slurm-test.sh build-asan
fi
echo "Frontline test stages: $passed passed, $failed failed"
((failed == 0))
