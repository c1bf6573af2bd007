#!/usr/bin/env bash
# Command 1 of the README: install what is missing, build in Release, run the
# default scenario (sirte-2016) and print its summary and where the output went.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DFRONTLINE_TESTS=OFF -DFRONTLINE_BENCH=OFF >/dev/null
cmake --build build --target frontline
mkdir -p out
build/sim/cli/frontline run -o out/sirte-2016.h5 --force
