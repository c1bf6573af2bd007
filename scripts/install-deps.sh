#!/usr/bin/env bash
# Installs exactly the Debian 12 packages Frontline needs. Idempotent and
# non-interactive; when everything is present it returns in well under a second.
#   scripts/install-deps.sh            build, run and test (serial build)
#   scripts/install-deps.sh --all      also the cluster build (OpenMPI, parallel
#                                      HDF5), single-node Slurm and fuzzing
set -euo pipefail

base=(build-essential cmake ninja-build git pkg-config
  libboost-graph-dev libeigen3-dev libyaml-cpp-dev libhdf5-dev hdf5-tools zlib1g-dev
  libgtest-dev libgmock-dev libcli11-dev librandom123-dev libbenchmark-dev
  clang-format netcdf-bin time util-linux mount
  python3 python3-h5py python3-xarray python3-h5netcdf python3-pandas
  python3-matplotlib python3-pytest python3-statsmodels python3-plotly python3-yaml
  python3-selenium chromium chromium-driver)
cluster=(libhdf5-openmpi-dev libopenmpi-dev openmpi-bin slurm-wlm munge
  clang-14 libfuzzer-14-dev libclang-rt-14-dev)

want=("${base[@]}")
[[ ${1:-} == --all ]] && want+=("${cluster[@]}")

sudo=()
((EUID == 0)) || sudo=(sudo)

# chromedriver and chromium (the browser test) talk over the loopback by the name
# localhost; a minimal Debian root (debootstrap, some containers) has no /etc/hosts to
# name it. Every installed system names it: add the one standard line where it is missing.
if ! getent hosts localhost >/dev/null; then
  echo "install-deps: localhost does not resolve; adding '127.0.0.1 localhost' to /etc/hosts" >&2
  echo "127.0.0.1 localhost" | "${sudo[@]}" tee -a /etc/hosts >/dev/null
fi

missing=()
for pkg in "${want[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
  [[ $status == installed ]] || missing+=("$pkg")
done
((${#missing[@]} == 0)) && exit 0

echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
