"""`python3 -m analysis calibration`: the summary and the report of a calibration
file written by the built `frontline calibrate` (a small ABC-SMC of Sirte 2016),
checked against numbers computed here from the file itself."""
from __future__ import annotations

import subprocess
import sys

import h5py
import numpy as np
import pytest

from conftest import REPO_ROOT, frontline_command, missing_build

CALIBRATION = """scenario: {scenario}
budget: 90
particles: 30
seed: 5
parameters:
  parameters.combat.wounded_per_killed: {{prior: uniform, min: 1, max: 10, name: ratio}}
  parameters.combat.area_kill_rate: {{prior: log-uniform, min: 0.005, max: 0.5, name: area}}
targets:
  gna-killed: {{value: 120, tolerance: 20}}
  gna-wounded-ratio: {{value: 4.5, tolerance: 0.3}}
"""


@pytest.fixture(scope="module")
def calibration_file(tmp_path_factory):
    frontline = frontline_command()
    if not frontline.exists():
        missing_build(f"{frontline} is not built")
    folder = tmp_path_factory.mktemp("calibration")
    spec = folder / "calib.yaml"
    spec.write_text(CALIBRATION.format(scenario=REPO_ROOT / "scenarios" / "sirte-2016.yaml"))
    out = folder / "calib.h5"
    subprocess.run([str(frontline), "calibrate", "-q", str(spec), "-j", "2", "-o", str(out)],
                   check=True, capture_output=True, timeout=300)
    return out


def analysis(*args):
    return subprocess.run([sys.executable, "-m", "analysis", *args], cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=300)


def test_summary_matches_the_file(calibration_file):
    from analysis import calibration
    data = calibration.open_calibration(calibration_file)
    rows = calibration.posterior_table(data)
    assert [r["parameter"] for r in rows] == ["ratio", "area"]
    # The uniform prior's 90% interval is [1.45, 9.55]; the log-uniform's median is 0.05.
    assert rows[0]["prior_q"] == pytest.approx([1.45, 5.5, 9.55])
    assert rows[1]["prior_q"][1] == pytest.approx(0.05)
    with h5py.File(calibration_file) as f:
        values, weights = f["sample_value"][()], f["sample_weight"][()]
    order = np.argsort(values[:, 0], kind="stable")
    cumulative = np.cumsum(weights[order])
    median = values[order][np.searchsorted(cumulative, 0.5 * cumulative[-1]), 0]
    assert rows[0]["posterior_q"][1] == median
    fit = calibration.fit_table(data)
    assert [r["target"] for r in fit] == ["gna-killed", "gna-wounded-ratio"]
    assert fit[0]["lower"] == fit[0]["upper"] == 120


def test_command_prints_and_writes_the_report(calibration_file, tmp_path):
    result = analysis("calibration", str(calibration_file), "-o", str(tmp_path / "report"))
    assert result.returncode == 0, result.stderr
    assert "posterior median" in result.stdout and "ratio" in result.stdout
    for name in ("index.html", "marginals.png", "pairs.png", "fit.png", "constraints.png",
                 "waves.png"):
        assert (tmp_path / "report" / name).is_file(), name


def test_figures_draw_the_posterior(calibration_file):
    from analysis import calibration
    data = calibration.open_calibration(calibration_file)
    _, heights = calibration.marginals_figure(data)
    assert set(heights) == {"ratio", "area"}
    assert all(np.isfinite(h).all() and h.sum() > 0 for h in heights.values())
    _, matrix = calibration.constraints_figure(data)
    assert matrix.shape == (2, 2)


def test_a_file_that_is_not_a_calibration_is_refused(tmp_path):
    other = tmp_path / "x.h5"
    with h5py.File(other, "w") as f:
        f.attrs["title"] = "not a calibration"
    result = analysis("calibration", str(other))
    assert result.returncode == 1
    assert "not a calibration file" in result.stderr
