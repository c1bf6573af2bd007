"""The run-file contract (docs/output-format.md): xarray (h5netcdf), h5py, pandas and
ncdump open a run file as it is, with the documented names, dimensions, dtypes,
units, flags and provenance.

Run with /usr/bin/python3 -m pytest tests/python/test_output_contract.py
(FRONTLINE_BUILD_DIR names the build; default <repo>/build).
"""
from __future__ import annotations

import datetime as dt
import json
import re
import subprocess

import h5py
import numpy as np
import pandas as pd
import pytest
import xarray as xr

from conftest import REPO_ROOT, shipped_scenarios

# Every file the contract is checked on: synthetic samples (edge cases such as
# sub-daily steps and empty event tables) and real runs of every shipped scenario.
SAMPLE_SOURCES = ["sample", "sample:--hourly", "sample:--no-events --no-agents"]
# Every shipped scenario, run by the freshly built `frontline` (one of them with
# per-unit trajectories), so the contract holds for real outputs, not only samples.
SCENARIO_SOURCES: list[str] = [str(p.relative_to(REPO_ROOT)) for p in shipped_scenarios()] + [
    "scenarios/sirte-2016.yaml | --record agents"]
RUN_SOURCES = SAMPLE_SOURCES + SCENARIO_SOURCES

SCHEMA_VERSION = 1  # kSchemaVersion, sim/core/include/frontline/core/version.hpp
EVENT_KINDS = {
    "capture", "siege_begun", "siege_ended", "blockade_declared", "blockade_lifted",
    "violation", "airstrike", "retreat", "offensive", "ceasefire", "relation_change",
    "reinforcement", "naval_deployment", "airlift", "parameter_change", "call_to_return",
    "surrender", "displacement", "return_home", "defection"}

# The registry of output variables as the analysis reads it (analysis/output_variables.json,
# checked below against `frontline info --variables --json`): every check of a file's
# layout reads it, so a variable in the registry but not written, or written but not in
# the registry, fails here.
STR = "str"
# The file analysis/io.py reads (read here by path: ctest runs this file from the build).
OUTPUT_VARIABLES_JSON = REPO_ROOT / "analysis" / "output_variables.json"
REGISTRY = json.loads(OUTPUT_VARIABLES_JSON.read_text(encoding="utf-8"))
OUTPUT_VARIABLES = {v["name"]: v for v in REGISTRY}


def _layout_entry(v: dict) -> tuple:
    """(dimensions, numpy dtype or STR, units or None when none are written)."""
    dtype = "datetime64[ns]" if v["time_units"] else v["dtype"]
    return tuple(v["dims"]), dtype, (v["units"] or None)


LAYOUT = {v["name"]: _layout_entry(v) for v in REGISTRY if not v["optional"]}
TARGET_LAYOUT = {v["name"]: _layout_entry(v) for v in REGISTRY if v["group"] == "target"}
UNIT_LAYOUT = {v["name"]: _layout_entry(v) for v in REGISTRY if v["group"] == "unit"}
GLOBAL_STRING_ATTRIBUTES = [
    "Conventions", "title", "source", "frontline_version", "git_commit", "scenario",
    "scenario_yaml", "overrides", "command_line", "created", "history", "start_date"]


@pytest.fixture(scope="module", params=RUN_SOURCES)
def run_file(request, run_file_maker):
    return run_file_maker(request.param)


@pytest.fixture(scope="module")
def sample_file(run_file_maker):
    return run_file_maker("sample")


def open_run(path) -> xr.Dataset:
    return xr.open_dataset(path, engine="h5netcdf")


def expected_layout(ds: xr.Dataset) -> dict:
    layout = dict(LAYOUT)
    if "target" in ds.dims:
        layout.update(TARGET_LAYOUT)
    if "unit" in ds.dims:
        layout.update(UNIT_LAYOUT)
    return layout


def check_dtype(name, values, expected):
    if expected == STR:
        assert values.dtype == object, name
        assert all(isinstance(v, str) for v in values.ravel()), name
    else:
        assert values.dtype == np.dtype(expected), f"{name}: {values.dtype} != {expected}"


def test_xarray_opens_with_the_documented_dimensions_dtypes_and_units(run_file):
    with open_run(run_file) as ds:
        layout = expected_layout(ds)
        assert set(ds.variables) == set(layout)
        for name, (dims, dtype, units) in layout.items():
            variable = ds[name]
            assert variable.dims == dims, name
            check_dtype(name, variable.values, dtype)
            spec = OUTPUT_VARIABLES[name]
            assert variable.attrs["long_name"] == spec["long_name"], name
            if units is not None:
                assert variable.attrs["units"] == units, name
            elif not spec["time_units"]:
                assert "units" not in variable.attrs, name
            assert variable.attrs.get("description", "") == spec["description"], name
            assert variable.attrs.get("standard_name", "") == spec["standard_name"], name
            if spec["flags"] == "binary":
                assert variable.attrs["flag_meanings"] == spec["flag_meanings"], name
        for coordinate in ("time", "node", "faction", "edge", "event"):
            assert coordinate in ds.coords
        assert ds.sizes["time"] >= 1
        assert ds["step"].values.tolist() == list(range(ds.sizes["time"]))
        assert set(ds["kind"].values) <= {"city", "town", "port", "oil_terminal", "oil_field",
                                          "airbase", "junction", "border_crossing"}
        assert set(ds["edge_kind"].values) <= {"road", "track", "sea", "pipeline"}
        assert set(ds["edge_from"].values) | set(ds["edge_to"].values) <= set(ds["node"].values)
        assert set(ds["event_kind"].values) <= EVENT_KINDS
        assert all(re.fullmatch(r"#[0-9a-fA-F]{6}", c) for c in ds["faction_colour"].values)
        humanitarian = ds["humanitarian"].values
        assert ((humanitarian >= 0) & (humanitarian <= 1)).all()
        assert ds["humanitarian"].attrs["description"].startswith(
            "humanitarian distress index: 0 normal; 1 catastrophic")


def test_time_and_event_time_decode_to_dates(run_file):
    with open_run(run_file) as ds:
        assert np.issubdtype(ds["time"].dtype, np.datetime64)
        assert np.issubdtype(ds["event_time"].dtype, np.datetime64)
        start = np.datetime64(ds.attrs["start_date"], "ns")
        assert ds["time"].values[0] == start
        step = np.timedelta64(int(ds.attrs["step_hours"]), "h")
        assert (np.diff(ds["time"].values) == step).all()
        # An event is dated at the record that first shows its effect.
        index = ds["event_time_index"].values
        assert (ds["event_time"].values == start + index * step).all()
        encoding = ds["time"].encoding
        assert encoding["calendar"] == "proleptic_gregorian"
        assert re.fullmatch(r"(days|hours) since \d{4}-\d\d-\d\d 00:00:00", encoding["units"])
        assert ds["time"].attrs["standard_name"] == "time"
        assert ds["time"].attrs["axis"] == "T"
        # Units in "day" (not "days") keep stocks numbers, not timedeltas.
        assert ds["supply"].dtype == np.float32


def test_flags_name_the_factions(run_file):
    with open_run(run_file) as ds:
        factions = [str(f) for f in ds["faction"].values]
        control = ds["control"]
        assert control.attrs["flag_values"].dtype == np.int8
        assert control.attrs["flag_values"].tolist() == list(range(-1, len(factions)))
        assert control.attrs["flag_meanings"] == " ".join(["none", *factions])
        assert set(np.unique(control.values)) <= set(range(-1, len(factions)))
        for name, meanings in (("contested", "not_contested contested"),
                               ("besieged", "not_besieged besieged")):
            assert ds[name].attrs["flag_values"].tolist() == [0, 1]
            assert ds[name].attrs["flag_meanings"] == meanings
            assert set(np.unique(ds[name].values)) <= {0, 1}


def test_provenance_attributes(run_file):
    with open_run(run_file) as ds:
        attrs = ds.attrs
        for name in GLOBAL_STRING_ATTRIBUTES:
            assert isinstance(attrs[name], str), name
        assert attrs["Conventions"] == "CF-1.8"
        assert attrs["source"] == "Frontline " + attrs["frontline_version"]
        assert attrs["scenario_yaml"].strip()
        assert attrs["schema_version"] == SCHEMA_VERSION
        assert attrs["schema_version"].dtype == np.int32
        assert attrs["seed"].dtype == np.uint64
        assert attrs["replicate"].dtype == np.int32
        assert dt.datetime.fromisoformat(attrs["created"].replace("Z", "+00:00")).tzinfo
        assert attrs["history"].startswith(attrs["created"])


def test_sample_values_survive(sample_file):
    with open_run(sample_file) as ds:
        assert int(ds.attrs["seed"]) == 18446744073709551557  # all 64 bits
        assert ds.attrs["replicate"] == 3
        assert ds.attrs["overrides"].splitlines() == ["params.combat.aimed_kill_rate=0.06",
                                                      "seed=7"]
        assert ds["node"].values.tolist() == ["tripoli", "sirte", "es_sider"]
        assert ds["edge"].values.tolist() == ["tripoli-sirte", "sirte-es_sider",
                                              "tripoli-es_sider"]
        sirte = ds["control"].sel(node="sirte").values.tolist()
        assert sirte == [1, 1, 1, 0, 0]
        capture = ds["event_kind"].values.tolist().index("capture")
        assert ds["event_time"].values[capture] == np.datetime64("2016-05-08")
        assert ds["event_node"].values[capture] == "sirte"
        assert ds["target_min"].values[0] == -np.inf
        assert ds["target_met"].values.tolist() == [1, 0]
        # gna_1 is halfway from Tripoli to Sirte at record 1; isis_1 is gone at record 3.
        assert ds["unit_lat"].values[1, 0] == pytest.approx((32.887 + 31.205) / 2, rel=1e-6)
        assert np.isnan(ds["unit_lat"].values[3, 1])
        assert ds["killed"].sel(faction="ISIS").values[-1] == 100.0


def test_h5py_sees_dimension_scales_chunks_and_compression(run_file):
    with h5py.File(run_file, "r") as f:
        dimensions = {name for name, obj in f.items() if h5py.h5ds.is_scale(obj.id)}
        assert {"time", "node", "faction", "edge", "event"} <= dimensions
        for name, dataset in f.items():
            assert isinstance(dataset, h5py.Dataset), name
            if name in dimensions:  # a coordinate variable is its own dimension scale
                assert dataset.ndim == 1, name
                continue
            for axis, dim in enumerate(dataset.dims):
                assert len(dim) == 1, f"{name} axis {axis} has {len(dim)} scales"
                assert dim[0].name.lstrip("/") in dimensions
            if dataset.size > 0:
                assert dataset.chunks is not None, name
                assert dataset.compression == "gzip", name
                assert dataset.shuffle, name
        assert f.attrs["scenario"] == b"sample" or isinstance(f.attrs["scenario"], (bytes, str))
        assert f["control"].dtype == np.int8
        assert h5py.check_string_dtype(f["node"].dtype).encoding == "utf-8"


def test_pandas_tables(run_file):
    with open_run(run_file) as ds:
        event_columns = ["event_time", "event_kind", "event_node", "event_actor",
                         "event_other", "event_magnitude", "event_text"]
        events = ds[event_columns].to_dataframe()
        assert list(events.columns) == event_columns
        assert len(events) == ds.sizes["event"]
        assert pd.api.types.is_datetime64_any_dtype(events["event_time"])
        killed = ds["killed"].to_pandas()
        assert list(killed.columns) == [str(f) for f in ds["faction"].values]
        assert isinstance(killed.index, pd.DatetimeIndex)
        control = ds["control"].to_dataframe()
        assert len(control) == ds.sizes["time"] * ds.sizes["node"]


def test_ncdump_reads_the_file(run_file):
    header = subprocess.run(["ncdump", "-h", str(run_file)], capture_output=True, text=True,
                            timeout=60)
    assert header.returncode == 0, header.stderr
    with open_run(run_file) as ds:
        assert f"time = {ds.sizes['time']} ;" in header.stdout
        assert f"node = {ds.sizes['node']} ;" in header.stdout
    assert "byte control(time, node) ;" in header.stdout
    assert "float strength(time, faction, node) ;" in header.stdout
    assert ':Conventions = "CF-1.8" ;' in header.stdout
    assert re.search(r":seed = \d+ULL ;", header.stdout)
    full = subprocess.run(["ncdump", str(run_file)], capture_output=True, text=True, timeout=60)
    assert full.returncode == 0, full.stderr
    assert "data:" in full.stdout


def test_zero_events_open_everywhere(run_file_maker):
    path = run_file_maker("sample:--no-events --no-agents")
    with open_run(path) as ds:
        assert ds.sizes["event"] == 0
        assert np.issubdtype(ds["event_time"].dtype, np.datetime64)
        assert "unit" not in ds.dims
    header = subprocess.run(["ncdump", "-h", str(path)], capture_output=True, text=True)
    assert header.returncode == 0, header.stderr
    assert "string event_kind(event) ;" in header.stdout


def test_scenario_yaml_of_200_kb(run_file_maker):
    path = run_file_maker("sample:--yaml-bytes 204800")
    with open_run(path) as ds:
        assert len(ds.attrs["scenario_yaml"]) >= 204800
    with h5py.File(path, "r") as f:
        assert len(f.attrs["scenario_yaml"]) >= 204800
    header = subprocess.run(["ncdump", "-h", str(path)], capture_output=True, text=True)
    assert header.returncode == 0, header.stderr
    assert ":scenario_yaml = \"name: sample" in header.stdout


def python_blocks(markdown: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", markdown, flags=re.S)


def test_docs_snippet_runs(sample_file, tmp_path, monkeypatch):
    """The Python session in docs/output-format.md runs on a real file."""
    import matplotlib
    matplotlib.use("Agg")
    blocks = python_blocks((REPO_ROOT / "docs" / "output-format.md").read_text())
    assert blocks, "docs/output-format.md has no ```python block"
    monkeypatch.chdir(tmp_path)
    (tmp_path / "run.h5").symlink_to(sample_file)
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, "docs/output-format.md", "exec"), namespace)  # noqa: S102
    assert list(tmp_path.glob("*.png")), "the snippet saves its plots"


def test_same_run_gives_identical_bytes_across_processes(tmp_path):
    from conftest import make_run_file
    first = make_run_file("sample", tmp_path / "first.h5")
    second = make_run_file("sample", tmp_path / "second.h5")
    assert first.read_bytes() == second.read_bytes()
    assert not list(tmp_path.glob(".*.tmp-*")), "no temporary file is left behind"


def test_registry_copy_is_what_frontline_prints():
    """analysis/output_variables.json is `frontline info --variables --json` (regenerate
    it with that command after changing sim/record/src/output_variables.cpp)."""
    from conftest import frontline_command, missing_build
    program = frontline_command()
    if not program.exists():
        missing_build(f"{program} is not built yet")
    printed = subprocess.run([str(program), "info", "--variables", "--json"], capture_output=True,
                             text=True, timeout=60, check=True).stdout
    assert printed == OUTPUT_VARIABLES_JSON.read_text(encoding="utf-8"), (
        "analysis/output_variables.json differs from the registry: run "
        "`frontline info --variables --json > analysis/output_variables.json`")


# Dimension of the documented tables that have no dimensions column.
DOC_SECTION_DIMS = {"Events": ("event",), "Targets": ("target",)}


def documented_variables(markdown: str) -> dict[str, dict]:
    """name -> {dims, dtype, units (None where the table has no units column)} from the
    layout tables of docs/output-format.md."""
    layout = markdown.split("## Layout", 1)[1].split("\n## ", 1)[0]
    documented: dict[str, dict] = {}
    section = ""
    columns: list[str] = []
    for line in layout.splitlines():
        if line.startswith("### "):
            section = line[4:].split(" (")[0].strip()
            columns = []
            continue
        if not line.startswith("|") or line.startswith("|---"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[0] == "name":
            columns = cells
            continue
        row = dict(zip(columns, cells))
        names = re.findall(r"`([a-z_]+)`", row["name"])
        units = [u.strip() for u in row.get("units", "").split(",")] if "units" in row else None
        for i, name in enumerate(names):
            dims = (tuple(d.strip() for d in row["dimensions"].split(","))
                    if "dimensions" in row else DOC_SECTION_DIMS[section])
            unit = None
            if units is not None:
                unit = units[i] if len(units) == len(names) else units[0]
            documented[name] = {"dims": dims, "dtype": row["dtype"], "units": unit}
    return documented


def test_docs_list_every_registry_variable_as_the_registry_says():
    documented = documented_variables((REPO_ROOT / "docs" / "output-format.md").read_text())
    assert set(documented) == set(OUTPUT_VARIABLES), (
        "docs/output-format.md and the registry list different variables: "
        f"only documented {sorted(set(documented) - set(OUTPUT_VARIABLES))}, "
        f"only in the registry {sorted(set(OUTPUT_VARIABLES) - set(documented))}")
    for name, doc in documented.items():
        spec = OUTPUT_VARIABLES[name]
        assert doc["dims"] == tuple(spec["dims"]), name
        assert doc["dtype"] == spec["dtype"], name
        if doc["units"] is not None and not spec["time_units"]:  # time units are per file
            assert doc["units"] == spec["units"], name
