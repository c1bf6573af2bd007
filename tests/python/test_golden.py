"""Golden-file regression: the default scenario's run must match the committed
expectation within the tolerances stated in golden.py. A deliberate model change
refreshes it with `/usr/bin/python3 scripts/refresh-golden.py` (see docs/output-format.md)."""
from __future__ import annotations

import numpy as np
import pytest

import golden
from conftest import make_run_file

REFRESH_HINT = "if the change is deliberate, run /usr/bin/python3 scripts/refresh-golden.py"


@pytest.mark.parametrize("scenario,seed", golden.CASES)
def test_run_matches_golden_file(scenario, seed, tmp_path):
    expected_path = golden.golden_path(scenario)
    assert expected_path.exists(), f"missing {expected_path}; {REFRESH_HINT}"
    expected = golden.read(expected_path)
    run = make_run_file(f"scenarios/{scenario}.yaml | --seed {seed}", tmp_path / "run.h5")
    actual = golden.extract(run)

    assert actual.keys() == expected.keys()
    for key in ("node", "faction", "control", "contested", "besieged"):
        assert actual[key] == expected[key], f"{key} differs; {REFRESH_HINT}"
    assert len(actual["events"]) == len(expected["events"]), f"event count differs; {REFRESH_HINT}"
    for got, want in zip(actual["events"], expected["events"]):
        assert got[1:] == want[1:] and got[0] == pytest.approx(want[0]), REFRESH_HINT
    for key in ("time", "strength_by_faction", "killed", "wounded", "population_total",
                "displaced_total", "national_oil_output", "oil_loss"):
        np.testing.assert_allclose(np.array(actual[key]), np.array(expected[key]),
                                   rtol=golden.RELATIVE_TOLERANCE,
                                   atol=golden.ABSOLUTE_TOLERANCE,
                                   err_msg=f"{key} differs; {REFRESH_HINT}")


def test_golden_comparison_detects_a_change():
    """The comparison is not vacuous: a perturbed copy fails it."""
    expected = golden.read(golden.golden_path(golden.CASES[0][0]))
    perturbed = np.array(expected["killed"]) * (1 + 1e-6)
    with pytest.raises(AssertionError):
        np.testing.assert_allclose(perturbed, np.array(expected["killed"]),
                                   rtol=golden.RELATIVE_TOLERANCE,
                                   atol=golden.ABSOLUTE_TOLERANCE)
