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
cat <<'NEXT'

The frontline binary is build/sim/cli/frontline (not on your PATH; run it from here, the
repository root). Try next:
  build/sim/cli/frontline list                      # the shipped scenarios and what-if variants
  /usr/bin/python3 -m analysis report out/sirte-2016.h5 -o out/sirte-2016-report
                                                    # then open out/sirte-2016-report/explore.html
  README.md, "A worked example": a what-if over 40 replicates each, compared with intervals.
NEXT
