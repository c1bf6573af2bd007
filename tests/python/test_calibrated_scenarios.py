"""The shipped scenarios are calibrated with `frontline calibrate`, not by hand: every
parameter a calibrated variant (scenarios/variants/*-calibrated.yaml, written by
`calibrate --variant`) draws lies, in the base scenario it includes, inside the 90%
interval of that posterior (docs/calibration.md). A value the base scenario does not
set is the model's default (`frontline params`), which must lie inside as well.
After a re-calibration moves a posterior, rewrite the variant (`--variant`) and move
the scenario's value back inside."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO_ROOT, frontline_command, missing_build

if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))
from analysis.calibration import weighted_quantiles  # noqa: E402

# The report scenarios (libya-2011-east's facts are not all met by any setting yet).
REPORT_SCENARIOS = ("sirte-2016", "derna-2015-2018", "sirte-jufra-2020")
VARIANTS = [REPO_ROOT / "scenarios" / "variants" / f"{name}-calibrated.yaml"
            for name in REPORT_SCENARIOS]


def load(path: Path) -> dict:
    with open(path, encoding="utf-8") as stream:
        return yaml.safe_load(stream)


def model_defaults() -> dict[str, float]:
    """`frontline params`: one line a parameter, `path  default  unit`, then notes."""
    command = frontline_command()
    if not command.exists():
        missing_build(f"{command} is not built")
    listing = subprocess.run([str(command), "params"], check=True, capture_output=True,
                             text=True).stdout
    return {match[1]: float(match[2])
            for match in re.finditer(r"^([a-z_]+\.[a-z_]+)\s+(\S+)", listing, re.MULTILINE)}


def shipped_value(scenario: dict, path: str, defaults: dict[str, float]) -> float:
    """The value the scenario runs with at a `--set` path."""
    node = scenario
    for key in path.split("."):
        if not isinstance(node, dict) or key not in node:
            node = None
            break
        node = node[key]
    if isinstance(node, dict):
        node = node.get("value")
    if node is not None:
        return float(node)
    parameter = path.removeprefix("parameters.")
    assert parameter != path and parameter in defaults, (
        f"{path}: the scenario does not set it and it is no model parameter with a default")
    return defaults[parameter]


def test_each_report_scenario_has_its_calibration_and_calibrated_variant():
    for name, variant in zip(REPORT_SCENARIOS, VARIANTS):
        calibration = REPO_ROOT / "scenarios" / "calibrations" / f"{name}.yaml"
        assert Path(load(calibration)["scenario"]).stem == name, calibration
        assert variant.is_file(), f"{variant.name}: write it with calibrate --variant"
        assert (variant.parent / load(variant)["include"]).resolve() == \
            REPO_ROOT / "scenarios" / f"{name}.yaml", variant.name


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda path: path.stem)
def test_shipped_values_lie_inside_their_posteriors_90_percent_interval(variant):
    calibrated = load(variant)["calibrated"]
    base = (variant.parent / load(variant)["include"]).resolve()
    scenario = load(base)
    defaults = model_defaults()
    outside = []
    for j, path in enumerate(calibrated["parameters"]):
        samples = [sample[j] for sample in calibrated["samples"]]
        low, high = weighted_quantiles(samples, calibrated["weights"], (0.05, 0.95))
        value = shipped_value(scenario, path, defaults)
        if not low <= value <= high:
            outside.append(f"{path} = {value:g} outside [{low:.4g}, {high:.4g}]")
    assert not outside, f"{base.name}: " + "; ".join(outside)
