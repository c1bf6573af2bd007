#!/usr/bin/env bash
# End-to-end tests of `frontline sweep` and `frontline merge` on the shipped
# scenario: thread counts (and MPI ranks) give identical files, kill -9 and
# --resume gives the uncut sweep's file, shards merge into it, failed runs are
# recorded (or stop the sweep), bad requests are refused.
#   cli_sweep_test.sh FRONTLINE [--mpi]
set -euo pipefail
frontline=$(realpath "$1")
mpi=${2:-}
sweeps=$(realpath "$(dirname "$0")/../../scenarios/sweeps")
tests=$(realpath "$(dirname "$0")/..")
work=$(mktemp -d)
trap 'kill -9 $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
sweep() { timeout 300 "$frontline" sweep -q "$@"; }
same() { cmp -s "$1" "$2" || fail "$1 and $2 differ"; }

echo "== thread counts give identical files"
sweep "$sweeps/ci-small.yaml" -j 1 -o j1.h5 >/dev/null
sweep "$sweeps/ci-small.yaml" -j 2 -o j2.h5 >/dev/null
same j1.h5 j2.h5
/usr/bin/python3 - <<'PY'
import xarray as xr
ds = xr.open_dataset("j1.h5", engine="h5netcdf")
assert ds.sizes["run"] == 18, ds.sizes
assert list(ds["param_isis_fighters"].values[::6]) == [2000, 2500, 3500]
assert ds["param_isis_fighters"].attrs["path"] == "factions.ISIS.fighters"
assert (ds["status"] == "ok").all()
assert ds["metric_killed"].dims == ("run", "faction")
assert ds["metric_capture_day"].dims == ("run", "faction", "node")
assert ds.attrs["design"] == "grid" and ds.attrs["replicates"] == 3
assert "factions.ISIS.fighters" in list(ds.attrs["parameters"])
# Replicates differ, design points with the same replicate share random streams.
assert ds["seed"].values.min() == ds["seed"].values.max()
PY

if [[ $mpi == --mpi ]]; then
  echo "== mpirun -np 2 gives the same file"
  source "$tests/mpi_env.sh"
  timeout 300 mpirun --oversubscribe -np 2 "$frontline" sweep -q "$sweeps/ci-small.yaml" -o mpi.h5 >/dev/null
  same j1.h5 mpi.h5
fi

echo "== shards merge into the same file"
for i in 0 1 2; do sweep "$sweeps/ci-small.yaml" --shard $i/3 -j 1 -o shard$i.h5 >/dev/null; done
"$frontline" merge shard2.h5 shard0.h5 shard1.h5 -o merged.h5 >/dev/null
same j1.h5 merged.h5
if "$frontline" merge shard0.h5 shard2.h5 -o partial.h5 2>merge.err; then fail "an incomplete merge succeeded"; fi
grep -q "the shards are incomplete: 6 of 18 runs missing (shards 1/3 are missing)" merge.err ||
  fail "unexpected merge message: $(cat merge.err)"

echo "== kill -9 at random moments, then --resume"
sweep --scenario sirte-2016 --replicates 120 -j 2 -o uncut.h5 >/dev/null
for attempt in 1 2 3; do
  rm -f cut.h5 cut.h5.journal*
  "$frontline" sweep -q --scenario sirte-2016 --replicates 120 -j 2 -o cut.h5 >/dev/null 2>&1 &
  pid=$!
  sleep "0.$((RANDOM % 9 + 1))"
  kill -9 $pid 2>/dev/null || true
  wait $pid 2>/dev/null || true
  if [[ -e cut.h5 ]]; then
    sweep --scenario sirte-2016 --replicates 120 -j 2 -o cut.h5 --resume | grep -q "already complete" ||
      fail "resume of a finished sweep did not say so"
  else
    sweep --scenario sirte-2016 --replicates 120 -j 2 -o cut.h5 --resume >/dev/null
  fi
  same uncut.h5 cut.h5
  [[ ! -e cut.h5.journal ]] || fail "journal left behind"
done
ls cut.h5.tmp-* 2>/dev/null && fail "temporary file left behind"

echo "== failed runs are recorded; --on-failure stop stops and --resume continues"
sweep "$sweeps/ci-failing.yaml" -j 2 -o failing.h5 | grep -q "8 runs (2 failed)" || fail "failures not counted"
/usr/bin/python3 - <<'PY'
import xarray as xr
ds = xr.open_dataset("failing.h5", engine="h5netcdf")
failed = ds["status"].values == "failed"
assert list(ds["design_point"].values[failed]) == [2, 2], ds["design_point"].values[failed]
assert "calendar end 2016-06-20 is not after start 2016-07-01" in str(ds["error"].values[failed][0])
assert all(e == "" for e in ds["error"].values[~failed])
PY
set +e
sweep "$sweeps/ci-failing.yaml" -j 1 --on-failure stop -o stopped.h5 2>stop.err
code=$?
set -e
[[ $code == 3 ]] || fail "stop policy exit code $code, expected 3"
grep -q "sweep stopped at a failed run (--on-failure stop): run 4" stop.err || fail "stop message: $(cat stop.err)"
[[ -e stopped.h5.journal && ! -e stopped.h5 ]] || fail "stop policy did not keep the journal"
sweep "$sweeps/ci-failing.yaml" -j 1 --resume -o stopped.h5 >/dev/null
same failing.h5 stopped.h5

echo "== refusals"
set +e
sweep "$sweeps/ci-small.yaml" -o j1.h5 2>exists.err; code=$?
set -e
[[ $code == 1 ]] && grep -q "j1.h5: output file already exists" exists.err || fail "existing output: $code $(cat exists.err)"
set +e
sweep --scenario sirte-2016 --replicates 200000 -o huge.h5 2>huge.err; code=$?
set -e
[[ $code == 1 ]] && grep -q "the sweep has 200000 runs (1 design points x 200000 replicates), more than the limit of 100000" huge.err ||
  fail "huge sweep: $code $(cat huge.err)"
[[ ! -e huge.h5 && ! -e huge.h5.journal ]] || fail "a refused sweep wrote files"
echo "all sweep CLI tests passed"
