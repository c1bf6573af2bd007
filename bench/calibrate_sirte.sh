#!/usr/bin/env bash
# Calibration of sirte-2016 over six parameters at -j 2 (docs/performance.md,
# "Calibration"): runs spent and wall time of
#   scenarios/calibrations/sirte-2016.yaml                   (ABC-SMC, budget 3000)
#   scenarios/calibrations/sirte-2016-history-matching.yaml  (history matching, 5 waves)
#   bench/calibrate_sirte.sh BUILD_DIR [JOBS]
# Prints each one's waves, runs, wall and CPU time, and the posterior summary.
set -euo pipefail
build=$(realpath "${1:?usage: bench/calibrate_sirte.sh BUILD_DIR [JOBS]}")
jobs=${2:-2}
here=$(realpath "$(dirname "$0")/..")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for file in sirte-2016 sirte-2016-history-matching; do
  /usr/bin/time -f "%e %U %S" -o "$work/time" "$build/sim/cli/frontline" calibrate -q \
    "$here/scenarios/calibrations/$file.yaml" -j "$jobs" -o "$work/$file.h5" >"$work/out"
  read -r wall user sys <"$work/time"
  echo "== $file, -j $jobs, $(nproc) cores"
  cat "$work/out" | grep -v "^Output:"
  awk -v w="$wall" -v u="$user" -v s="$sys" 'BEGIN{printf "wall %.1f s, CPU %.1f s\n", w, u + s}'
  /usr/bin/python3 -c "import h5py; f = h5py.File('$work/$file.h5'); print('runs per wave:', list(f['wave_runs'][()]), 'acceptance:', [round(x, 3) for x in f['wave_acceptance_rate'][()]])"
done
