#!/usr/bin/env bash
# `frontline calibrate` under mpirun (cluster build): ABC-SMC and history matching
# on two MPI ranks give the same file, byte for byte, as one process with -j 1,
# and the waves' sweeps really ran on both ranks (not two single processes).
#   mpi_calibrate_test.sh FRONTLINE
set -euo pipefail
frontline=$(realpath "$1")
scenarios=$(realpath "$(dirname "$0")/../../scenarios")
source "$(dirname "$0")/../mpi_env.sh"
source "$(dirname "$0")/two_parameters.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

two_parameters "$scenarios" abc-smc 90 30 5 150 4.5 >abc.yaml
two_parameters "$scenarios" history-matching 60 30 5 150 4.5 | sed 's/^budget: 60/&\nwaves: 2/' >hm.yaml

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
