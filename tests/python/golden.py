"""Golden-file regression data for a run: the quantities an analyst reads, small
enough to review in a diff. Shared by tests/python/test_golden.py (compare) and
scripts/refresh-golden.py (write)."""
from __future__ import annotations

import json
from pathlib import Path

import h5py
import numpy as np

# Stated tolerances. Integer-valued fields (control, flags, event rows) must match
# exactly; floating-point fields within a relative 1e-9 and an absolute 1e-6 (the
# run is bit-reproducible; the slack only absorbs the text round trip).
RELATIVE_TOLERANCE = 1e-9
ABSOLUTE_TOLERANCE = 1e-6
GOLDEN_DIR = Path(__file__).resolve().parents[1] / "golden"

# (scenario, seed) pairs pinned by golden files.
CASES = [("sirte-2016", 2016)]


def _strings(values) -> list[str]:
    return [v.decode() if isinstance(v, bytes) else str(v) for v in values]


def extract(path: Path) -> dict:
    """The golden quantities of a run file."""
    with h5py.File(path, "r") as f:
        kinds = _strings(f["kind"][...])
        oil_fields = np.array([k == "oil_field" for k in kinds])
        oil = f["oil_output"][...]
        return {
            "node": _strings(f["node"][...]),
            "faction": _strings(f["faction"][...]),
            "time": f["time"][...].tolist(),
            "control": f["control"][...].astype(int).tolist(),
            "contested": f["contested"][...].astype(int).tolist(),
            "besieged": f["besieged"][...].astype(int).tolist(),
            "strength_by_faction": f["strength"][...].astype(float).sum(axis=2).tolist(),
            "killed": f["killed"][...].tolist(),
            "wounded": f["wounded"][...].tolist(),
            "population_total": f["population"][...].sum(axis=1).tolist(),
            "displaced_total": f["displaced"][...].sum(axis=1).tolist(),
            "national_oil_output": oil[:, oil_fields].sum(axis=1).tolist(),
            "oil_loss": f["oil_loss"][...].tolist(),
            "events": [
                [float(t), k, n]
                for t, k, n in zip(f["event_time"][...], _strings(f["event_kind"][...]),
                                   _strings(f["event_node"][...]))
            ],
        }


def golden_path(scenario: str) -> Path:
    return GOLDEN_DIR / f"{scenario}.json"


def write(data: dict, path: Path) -> None:
    path.write_text(json.dumps(data, separators=(",", ":")) + "\n")


def read(path: Path) -> dict:
    return json.loads(path.read_text())
