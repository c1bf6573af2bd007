#!/usr/bin/env bash
# `frontline calibrate` under mpirun (cluster build): ABC-SMC and history matching
# on two MPI ranks give the same file, byte for byte, as one process with -j 1,
# and the waves' sweeps really ran on both ranks (not two single processes).
#   mpi_calibrate_test.sh FRONTLINE
set -euo pipefail
frontline=$(realpath "$1")
scenarios=$(realpath "$(dirname "$0")/../../scenarios")
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_btl_vader_single_copy_mechanism=none
# LeakSanitizer reports OpenMPI's own leaks (docs/reliability.md).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

cat > abc.yaml <<YAML
scenario: $scenarios/sirte-2016.yaml
method: abc-smc
budget: 90
particles: 30
seed: 5
parameters:
  parameters.combat.wounded_per_killed: {prior: uniform, min: 1, max: 10, name: ratio}
  parameters.combat.area_kill_rate: {prior: log-uniform, min: 0.005, max: 0.5, name: area}
targets:
  gna-killed: {value: 150, tolerance: 15}
  gna-wounded-ratio: {value: 4.5, tolerance: 0.3}
YAML
sed -e 's/^method: abc-smc/method: history-matching/' -e 's/^budget: 90/budget: 60\nwaves: 2/' \
  abc.yaml >hm.yaml

for method in abc hm; do
  echo "== $method: mpirun -np 2 gives the file of -j 1"
  timeout 300 "$frontline" calibrate -q $method.yaml -j 1 -o $method-j1.h5 >/dev/null
  # -j 2 without -q: rank 0 reports the ranks each wave's sweep runs on.
  timeout 300 mpirun --oversubscribe -np 2 "$frontline" calibrate $method.yaml -j 2 \
    -o $method-mpi.h5 >$method-mpi.out 2>$method-mpi.err ||
    fail "$method under mpirun: $(cat $method-mpi.err)"
  grep -q "sweep: 2 MPI ranks" $method-mpi.err ||
    fail "$method: the waves did not run on 2 MPI ranks: $(cat $method-mpi.err)"
  cmp $method-j1.h5 $method-mpi.h5 || fail "$method: mpirun -np 2 and -j 1 differ"
  [[ ! -e $method-mpi.h5.waves ]] || fail "$method: work folder left behind"
done
echo "calibrate under MPI: identical files"
