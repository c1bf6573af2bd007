#!/usr/bin/python3
"""Rewrites tests/golden/*.json from fresh runs of the built `frontline`.
Run it only after a deliberate change to the model or a pinned scenario, and
review the diff: `git diff --stat tests/golden`. Usage:
    /usr/bin/python3 scripts/refresh-golden.py [BUILD_DIR]   (default: build)"""
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "python"))
import golden  # noqa: E402

build = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "build")
golden.GOLDEN_DIR.mkdir(parents=True, exist_ok=True)
for scenario, seed in golden.CASES:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "run.h5"
        subprocess.run([str(build / "sim/cli/frontline"), "run", str(ROOT / f"scenarios/{scenario}.yaml"),
                        "--seed", str(seed), "-o", str(out), "--quiet"], check=True,
                       stdout=subprocess.DEVNULL)
        golden.write(golden.extract(out), golden.golden_path(scenario))
    print(f"wrote {golden.golden_path(scenario).relative_to(ROOT)}")
