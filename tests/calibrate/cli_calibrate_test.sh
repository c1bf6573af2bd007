#!/usr/bin/env bash
# End-to-end tests of `frontline calibrate` on the shipped Sirte 2016 scenario:
#   recovery  simulate at known parameters, take the outputs as targets,
#             calibrate from wide priors: each parameter's 90% posterior
#             interval covers the truth and is narrower than the prior's;
#   layout    -j 1 and -j 2 give the same file, byte for byte (MPI ranks:
#             mpi_calibrate_test.sh, in the cluster build);
#   resume    kill -9 during a calibration, --resume gives the uncut file;
#   variant   the calibrated variant runs, and its replicates draw their parameters;
#   refusals  unknown parameter, empty prior, a target no run computes, zero
#             budget: a located error, exit 1, nothing left behind.
#   cli_calibrate_test.sh FRONTLINE
set -euo pipefail
frontline=$(realpath "$1")
scenarios=$(realpath "$(dirname "$0")/../../scenarios")
source "$(dirname "$0")/two_parameters.sh"
work=$(mktemp -d)
trap 'kill -9 $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
calibrate() { timeout 300 "$frontline" calibrate -q "$@"; }
same() { cmp -s "$1" "$2" || fail "$1 and $2 differ"; }

# The truth: GNA casualties up to 11 June 2016 at known parameter values.
TRUE_RATIO=4.5
TRUE_AREA=0.05
"$frontline" sweep -q --scenario sirte-2016 --replicates 8 \
  --set "parameters.combat.wounded_per_killed=$TRUE_RATIO" \
  --set "parameters.combat.area_kill_rate=$TRUE_AREA" -j 2 -o truth.h5 >/dev/null
read -r KILLED RATIO < <(/usr/bin/python3 - <<'PY'
import h5py, numpy as np
with h5py.File("truth.h5") as f:
    ids = [t.decode() if isinstance(t, bytes) else t for t in f["target"][()]]
    v = f["metric_target_value"][()]
print(np.mean(v[:, ids.index("gna-killed")]), np.mean(v[:, ids.index("gna-wounded-ratio")]))
PY
)

two_parameters "$scenarios" abc-smc 360 60 11 "$KILLED" "$RATIO" >recovery.yaml

echo "== recovery (ABC-SMC), -j 2"
calibrate recovery.yaml -j 2 -o j2.h5 --variant calibrated.yaml >/dev/null
[[ ! -e j2.h5.waves ]] || fail "work folder left behind"
/usr/bin/python3 - "$TRUE_RATIO" "$TRUE_AREA" <<'PY'
import sys, h5py, numpy as np
truth = {"ratio": float(sys.argv[1]), "area": float(sys.argv[2])}
def quantile(v, w, q):
    o = np.argsort(v, kind="stable"); c = np.cumsum(w[o])
    return v[o][min(np.searchsorted(c, q * c[-1]), len(v) - 1)]
with h5py.File("j2.h5") as f:
    names = [p.decode() if isinstance(p, bytes) else p for p in f["parameter"][()]]
    values, weights = f["sample_value"][()], f["sample_weight"][()]
    prior_width = {"ratio": 0.9 * 9, "area": np.exp(np.log(0.005) + 0.95 * np.log(100)) - np.exp(np.log(0.005) + 0.05 * np.log(100))}
    assert abs(weights.sum() - 1) < 1e-9
    assert f.attrs["runs"] <= 360
    assert len(f["wave"]) >= 2 and (np.diff(f["wave_tolerance"][()]) <= 0).all()
    for j, name in enumerate(names):
        lo, hi = quantile(values[:, j], weights, 0.05), quantile(values[:, j], weights, 0.95)
        print(f"{name}: truth {truth[name]}, 90% interval [{lo:.4g}, {hi:.4g}], prior width {prior_width[name]:.4g}")
        assert lo <= truth[name] <= hi, name
        assert hi - lo < prior_width[name], name
PY

echo "== the same file with -j 1"
calibrate recovery.yaml -j 1 -o j1.h5 >/dev/null
same j1.h5 j2.h5

echo "== kill -9, then --resume gives the uncut file"
for delay in 0.5 1.5; do
  rm -rf cut.h5 cut.h5.waves
  "$frontline" calibrate -q recovery.yaml -j 2 -o cut.h5 >/dev/null 2>&1 &
  pid=$!
  # Cut it once it has begun writing (a busy machine or a sanitized build may
  # take seconds to start): at most a minute for the work folder to appear.
  for _ in $(seq 600); do
    [[ -d cut.h5.waves || -e cut.h5 ]] && break
    sleep 0.1
  done
  sleep "$delay"
  kill -9 $pid 2>/dev/null || true
  wait $pid 2>/dev/null || true
  if [[ -e cut.h5 ]]; then
    echo "   cut ${delay} s after it began writing: already finished"
    calibrate recovery.yaml -j 1 -o cut.h5 --resume | grep -q "already complete" ||
      fail "resume of a finished calibration did not say so"
  else
    [[ -d cut.h5.waves ]] || fail "no work folder after a kill"
    echo "   cut ${delay} s after it began writing: resumed"
    calibrate recovery.yaml -j 1 -o cut.h5 --resume >/dev/null
  fi
  same j1.h5 cut.h5
  [[ ! -e cut.h5.waves ]] || fail "work folder left behind after --resume"
done

echo "== the calibrated variant: run, check and sweep draw each replicate's parameters"
grep -q "^calibrated:" calibrated.yaml || fail "no calibrated: section"
"$frontline" check calibrated.yaml -n 4 -j 2 >/dev/null || [[ $? == 4 ]]
"$frontline" sweep -q --scenario "$work/calibrated.yaml" --replicates 4 \
  --set "parameters.combat.area_kill_rate=0.05" -j 2 -o variant.h5 >/dev/null
"$frontline" run -q calibrated.yaml --replicate 3 -o r3.h5 >/dev/null
/usr/bin/python3 - <<'PY'
import h5py, numpy as np
with h5py.File("variant.h5") as f:
    killed = f["metric_killed"][()]
# Four replicates with parameters drawn from the posterior: not all alike.
assert len(np.unique(killed[:, 0])) > 1 or len(np.unique(killed[:, 1])) > 1, killed
PY

echo "== refusals leave nothing behind"
refuse() {  # refuse NAME EXPECTED-TEXT: calibrating NAME.yaml fails with exit 1 and the text
  set +e
  "$frontline" calibrate -q "$1.yaml" -j 2 -o "$1.h5" 2>"$1.err"
  local code=$?
  set -e
  [[ $code == 1 ]] || fail "$1: exit code $code, expected 1: $(cat "$1.err")"
  grep -qF "$2" "$1.err" || fail "$1: expected '$2' in: $(cat "$1.err")"
  [[ ! -e $1.h5 && ! -e $1.h5.waves ]] || fail "$1: files left behind"
}
sed 's/parameters.combat.area_kill_rate:/parameters.combat.area_kil_rate:/' recovery.yaml >unknown.yaml
refuse unknown "unknown.yaml:8:3: parameter 'parameters.combat.area_kil_rate'"
sed 's/min: 1, max: 10/min: 10, max: 10/' recovery.yaml >empty.yaml
refuse empty "empty.yaml:7:"
sed 's/^budget: 360/budget: 0/' recovery.yaml >zero.yaml
refuse zero "zero.yaml:3:9: budget is 0"
cat > uncomputable.yaml <<YAML
scenario: $scenarios/sirte-2016.yaml
budget: 20
particles: 10
parameters:
  parameters.combat.area_kill_rate: {prior: log-uniform, min: 0.005, max: 0.5}
targets:
  no-such-faction-ratio:
    metric: wounded_per_killed
    faction: ISIS
    on: 2016-05-06
    value: 3
    tolerance: 1
YAML
refuse uncomputable "uncomputable.yaml:7:3: no run of the first wave could compute target 'no-such-faction-ratio'"
echo "all calibrate CLI tests passed"
