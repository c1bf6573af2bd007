#!/usr/bin/env bash
# Sweep throughput of sirte-2016 with summary output (docs/performance.md,
# "Sweep throughput"):
#   bench/sweep_throughput.sh BUILD_DIR [RUNS] [MPI_BUILD_DIR]
# Runs `frontline sweep --scenario sirte-2016 --replicates RUNS` with 1 and 2
# threads (and with mpirun -np 2 when an MPI build is given), three times each,
# and reports the best wall time, runs per core-second (runs / CPU time of the
# 1-thread sweep) and the parallel efficiency T1 / (2 * T2). Needs an otherwise
# idle machine with at least 2 cores for meaningful efficiencies.
set -euo pipefail
build=$(realpath "${1:?usage: bench/sweep_throughput.sh BUILD_DIR [RUNS] [MPI_BUILD_DIR]}")
runs=${2:-400}
mpi_build=${3:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

# best WALL and CPU seconds of three repetitions of a command
measure() {
  local best_wall=999999 best_cpu=0
  for repetition in 1 2 3; do
    rm -f "$work"/out.h5*
    /usr/bin/time -f "%e %U %S" -o "$work/time" "$@" -o "$work/out.h5" >/dev/null 2>&1
    read -r wall user sys <"$work/time"
    if awk "BEGIN{exit !($wall < $best_wall)}"; then
      best_wall=$wall
      best_cpu=$(awk "BEGIN{print $user + $sys}")
    fi
  done
  echo "$best_wall $best_cpu"
}

sweep=(sweep -q --scenario sirte-2016 --replicates "$runs")
read -r wall1 cpu1 < <(measure "$build/sim/cli/frontline" "${sweep[@]}" -j 1)
read -r wall2 cpu2 < <(measure "$build/sim/cli/frontline" "${sweep[@]}" -j 2)
echo "sirte-2016, $runs runs, summary metrics, $(nproc) cores"
awk -v r="$runs" -v w="$wall1" -v c="$cpu1" 'BEGIN{printf "  -j 1: %.2f s wall, %.2f s CPU: %.0f runs/s, %.0f runs per core-second\n", w, c, r / w, r / c}'
awk -v r="$runs" -v w1="$wall1" -v w="$wall2" -v c="$cpu2" 'BEGIN{printf "  -j 2: %.2f s wall, %.2f s CPU: %.0f runs/s, parallel efficiency %.0f%%\n", w, c, r / w, 100 * w1 / (2 * w)}'
if [[ -n $mpi_build ]]; then
  mpi_frontline=$(realpath "$mpi_build")/sim/cli/frontline
  read -r wallm1 _ < <(measure "$mpi_frontline" "${sweep[@]}" -j 1)
  read -r wallm cpum < <(measure mpirun --oversubscribe -np 2 "$mpi_frontline" "${sweep[@]}")
  awk -v r="$runs" -v w1="$wallm1" -v w="$wallm" -v c="$cpum" 'BEGIN{printf "  mpirun -np 2: %.2f s wall (1 process: %.2f s), %.0f runs/s, parallel efficiency %.0f%%\n", w, w1, r / w, 100 * w1 / (2 * w)}'
fi
