#!/usr/bin/env bash
# scripts/ci/fuzz.sh [BUILD_DIR]: build the libFuzzer harnesses (clang-14,
# ASan + UBSan, tests/fuzz/clang-fuzz.cmake) and fuzz each for a bounded time
# from a copy of its seed corpus, so the repository is never modified. Fails if
# any harness reports a crash, a sanitizer finding, a leak, a timeout or an
# out-of-memory. docs/reliability.md explains how to fuzz for longer and how to
# turn a finding into a regression input.
#
# Environment: FRONTLINE_FUZZ_SECONDS (per harness, default 60),
# FRONTLINE_JOBS (build jobs and harnesses run at once, default 2),
# FRONTLINE_FUZZ_HARNESSES (default "scenario override sweep"),
# FRONTLINE_FUZZ_KEEP (a folder to keep the grown corpora and findings in).
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
build=${1:-build-fuzz}
[[ $build = /* ]] || build=$root/$build
seconds=${FRONTLINE_FUZZ_SECONDS:-60}
jobs=${FRONTLINE_JOBS:-2}
harnesses=(${FRONTLINE_FUZZ_HARNESSES:-scenario override sweep})

for tool in clang-14 clang++-14 cmake ninja; do
  command -v "$tool" >/dev/null || { echo "fuzz.sh: $tool not found (scripts/install-deps.sh --all)"; exit 1; }
done

scratch=$(mktemp -d "${TMPDIR:-/tmp}/frontline-fuzz.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

echo "fuzz.sh: configuring and building the harnesses in $build"
CC=clang-14 CXX=clang++-14 cmake -C tests/fuzz/clang-fuzz.cmake -S . -B "$build" -G Ninja \
  >"$scratch/configure.log" 2>&1 || { cat "$scratch/configure.log"; exit 1; }
grep -E '^-- fuzz_' "$scratch/configure.log"
cmake --build "$build" --target fuzzers -j "$jobs" || exit 1

# The seed corpus of a harness: shipped inputs, hand-made seeds, and every
# regression input (so a fixed bug is re-checked first).
seed_corpus() {
  local harness=$1 into=$2
  mkdir -p "$into"
  case $harness in
    scenario) cp scenarios/*.yaml scenarios/variants/*.yaml "$into"/ 2>/dev/null ;;
    sweep) cp scenarios/sweeps/*.yaml "$into"/ 2>/dev/null ;;
  esac
  cp tests/fuzz/corpus/"$harness"/* tests/fuzz/regressions/"$harness"/* "$into"/ 2>/dev/null
  true
}

run_harness() {
  local harness=$1
  local binary=$build/tests/fuzz/fuzz_$harness
  local work=$scratch/$harness
  mkdir -p "$work/findings"
  seed_corpus "$harness" "$work/corpus"
  local dict=()
  [[ -f tests/fuzz/$harness.dict ]] && dict=(-dict="$root/tests/fuzz/$harness.dict")
  # UBSan findings abort (-fno-sanitize-recover); LeakSanitizer is on by default.
  (cd "$work" && UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 "$binary" \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$work/findings/" "${dict[@]}" corpus \
    >"$work/log" 2>&1)
}

declare -A status
pids=()
names=()
for harness in "${harnesses[@]}"; do
  if [[ ! -x $build/tests/fuzz/fuzz_$harness ]]; then
    echo "fuzz.sh: fuzz_$harness was not built (see the configure output); skipping it"
    continue
  fi
  echo "fuzz.sh: fuzzing $harness for ${seconds}s"
  run_harness "$harness" &
  pids+=($!) names+=("$harness")
  if ((${#pids[@]} >= jobs)); then
    wait "${pids[0]}"; status[${names[0]}]=$?
    pids=("${pids[@]:1}") names=("${names[@]:1}")
  fi
done
for i in "${!pids[@]}"; do
  wait "${pids[$i]}"; status[${names[$i]}]=$?
done

failed=0
for harness in "${!status[@]}"; do
  work=$scratch/$harness
  stats=$(grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$work/log" | tr '\n' ' ')
  if ((status[$harness] == 0)); then
    echo "fuzz.sh: $harness: no findings ($stats)"
  else
    failed=1
    echo "fuzz.sh: $harness: FINDING (exit ${status[$harness]}); the end of its log:"
    tail -n 60 "$work/log"
    for finding in "$work"/findings/*; do
      [[ -e $finding ]] || continue
      echo "--- $(basename "$finding") ($(wc -c <"$finding") bytes), base64:"
      base64 "$finding" | head -c 4000; echo
    done
    echo "Add the input to tests/fuzz/regressions/$harness/ (docs/reliability.md)."
  fi
done
if [[ -n ${FRONTLINE_FUZZ_KEEP:-} ]]; then
  mkdir -p "$FRONTLINE_FUZZ_KEEP" && cp -r "$scratch"/. "$FRONTLINE_FUZZ_KEEP"/
  echo "fuzz.sh: corpora, logs and findings kept in $FRONTLINE_FUZZ_KEEP"
fi
exit $failed
