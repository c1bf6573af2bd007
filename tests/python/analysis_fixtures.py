"""Run and sweep files for the analysis tests.

Two sources of run files:
- `write_run_file` writes a file with h5py that follows the run-file contract
  (docs/output-format.md) exactly: dimension scales on every axis, CF attributes,
  fixed-length string attributes, variable-length string variables.
- `run_frontline` runs the real `frontline` binary when it has been built.

Tests ask for files through the pytest fixtures at the end of this module; switching
every report test to files the binary produced is the one-line change of
`RUN_FILE_SOURCE` (or FRONTLINE_ANALYSIS_RUN_SOURCE=binary in the environment).
"""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import h5py
import numpy as np
import pytest

from conftest import missing_build

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

# "synthetic" (h5py files written here) or "binary" (files the frontline binary writes).
RUN_FILE_SOURCE = os.environ.get("FRONTLINE_ANALYSIS_RUN_SOURCE", "synthetic")

SCHEMA_VERSION = 1  # kSchemaVersion in sim/core/include/frontline/core/version.hpp
HUMANITARIAN_DESCRIPTION = (
    "humanitarian distress index: 0 normal; 1 catastrophic "
    "(stocks exhausted under siege with fighting)")
EVENT_KINDS = (
    "capture", "siege_begun", "siege_ended", "blockade_declared", "blockade_lifted",
    "violation", "airstrike", "retreat", "offensive", "ceasefire", "relation_change",
    "reinforcement", "naval_deployment", "airlift", "parameter_change", "call_to_return",
    "surrender", "displacement", "return_home")


@dataclasses.dataclass
class Event:
    time_days: float
    kind: str
    node: str = ""
    actor: str = ""
    other: str = ""
    magnitude: float = 0.0
    text: str = ""


@dataclasses.dataclass
class Target:
    id: str
    text: str
    value: float
    min: float = -np.inf
    max: float = np.inf

    @property
    def met(self) -> bool:
        return self.min <= self.value <= self.max


@dataclasses.dataclass
class Units:
    ids: list
    faction: list  # faction ids
    node: np.ndarray  # [T, U] int32
    next_node: np.ndarray
    progress: np.ndarray
    fighters: np.ndarray
    morale: np.ndarray


@dataclasses.dataclass
class RunData:
    """Everything a run file holds, as plain arrays ([time, ...] first)."""
    scenario: str
    start_date: str
    step_hours: int
    node_ids: list
    node_names: list
    lat: np.ndarray
    lon: np.ndarray
    kind: list
    oil_capacity: np.ndarray
    edges: list  # (from id, to id, kind, km)
    faction_ids: list
    faction_names: list
    faction_colours: list
    control: np.ndarray  # [T, N] int8
    contested: np.ndarray
    besieged: np.ndarray
    strength: np.ndarray  # [T, F, N]
    killed: np.ndarray  # [T, F]
    wounded: np.ndarray
    supply: np.ndarray
    humanitarian: np.ndarray
    population: np.ndarray
    displaced: np.ndarray
    oil_output: np.ndarray
    oil_revenue: np.ndarray  # [T]
    oil_loss: np.ndarray
    events: list
    targets: list | None = None
    units: Units | None = None
    seed: int = 42
    replicate: int = 0
    overrides: tuple = ()

    @property
    def time_points(self) -> int:
        return self.control.shape[0]

    @property
    def time_days(self) -> np.ndarray:
        return np.arange(self.time_points) * self.step_hours / 24.0


# ---------------------------------------------------------------- HDF5 writing

def _fixed(text: str) -> np.bytes_:
    # Fixed-length string attributes: what the C++ writer uses (netCDF tools read them).
    return np.bytes_(text.encode("utf-8"))


def _set_attrs(obj, attrs: dict) -> None:
    for key, value in attrs.items():
        obj.attrs[key] = _fixed(value) if isinstance(value, str) else value


_STR = h5py.string_dtype("utf-8")


def _scale(group, name, values, dtype=None, attrs=None, unlimited=False):
    values = np.asarray(values, dtype=dtype) if dtype is not _STR else np.asarray(values, dtype=object)
    kwargs = {}
    if unlimited:
        kwargs = {"maxshape": (None,), "chunks": (max(1, min(len(values), 1024)),)}
    ds = group.create_dataset(name, data=values, dtype=dtype or values.dtype, **kwargs)
    ds.make_scale(name)
    _set_attrs(ds, attrs or {})
    return ds


def _variable(group, name, dims, data, dtype=None, attrs=None, unlimited=False):
    data = np.asarray(data, dtype=object) if dtype is _STR else np.asarray(data, dtype=dtype)
    kwargs = {}
    if unlimited:
        kwargs = {"maxshape": (None,) * data.ndim,
                  "chunks": tuple(max(1, min(s, 1024)) for s in data.shape)}
    ds = group.create_dataset(name, data=data, dtype=dtype or data.dtype, **kwargs)
    for axis, dim in enumerate(dims):
        ds.dims[axis].attach_scale(group[dim])
    _set_attrs(ds, attrs or {})
    return ds


def write_run_file(path, run: RunData) -> Path:
    path = Path(path)
    T, F = run.time_points, len(run.faction_ids)
    units_word = "hours" if run.step_hours % 24 else "days"
    time_values = run.time_days * 24.0 if units_word == "hours" else run.time_days
    cf_units = f"{units_word} since {run.start_date} 00:00:00"
    with h5py.File(path, "w", libver=("earliest", "v110")) as f:
        _scale(f, "time", time_values, np.float64, {
            "units": cf_units, "calendar": "proleptic_gregorian", "standard_name": "time",
            "axis": "T", "long_name": "time"})
        _scale(f, "node", run.node_ids, _STR, {"long_name": "node id"})
        _scale(f, "faction", run.faction_ids, _STR, {"long_name": "faction id"})
        edge_ids = [f"{a}-{b}" for a, b, _, _ in run.edges]
        _scale(f, "edge", edge_ids, _STR, {"long_name": "edge id"})
        _variable(f, "step", ["time"], np.arange(T), np.int32, {"long_name": "step index", "units": "1"})

        _variable(f, "node_name", ["node"], run.node_names, _STR, {"long_name": "node name"})
        _variable(f, "lat", ["node"], run.lat, np.float64, {
            "units": "degrees_north", "standard_name": "latitude", "long_name": "latitude"})
        _variable(f, "lon", ["node"], run.lon, np.float64, {
            "units": "degrees_east", "standard_name": "longitude", "long_name": "longitude"})
        _variable(f, "kind", ["node"], run.kind, _STR, {"long_name": "node kind"})
        _variable(f, "oil_capacity", ["node"], run.oil_capacity, np.float64, {
            "units": "barrel/day", "long_name": "oil capacity"})
        _variable(f, "faction_name", ["faction"], run.faction_names, _STR, {"long_name": "faction name"})
        _variable(f, "faction_colour", ["faction"], run.faction_colours, _STR,
                  {"long_name": "faction colour (#rrggbb)"})
        _variable(f, "edge_from", ["edge"], [e[0] for e in run.edges], _STR, {"long_name": "edge origin node id"})
        _variable(f, "edge_to", ["edge"], [e[1] for e in run.edges], _STR, {"long_name": "edge destination node id"})
        _variable(f, "edge_kind", ["edge"], [e[2] for e in run.edges], _STR, {"long_name": "edge kind"})
        _variable(f, "edge_km", ["edge"], [e[3] for e in run.edges], np.float64,
                  {"long_name": "edge length", "units": "km"})

        _variable(f, "control", ["time", "node"], run.control, np.int8, {
            "long_name": "controlling faction", "units": "1",
            "flag_values": np.arange(-1, F, dtype=np.int8),
            "flag_meanings": " ".join(["none", *run.faction_ids])})
        _variable(f, "contested", ["time", "node"], run.contested, np.int8, {
            "long_name": "contested", "units": "1", "flag_values": np.array([0, 1], np.int8),
            "flag_meanings": "not_contested contested"})
        _variable(f, "besieged", ["time", "node"], run.besieged, np.int8, {
            "long_name": "besieged", "units": "1", "flag_values": np.array([0, 1], np.int8),
            "flag_meanings": "not_besieged besieged"})
        _variable(f, "strength", ["time", "faction", "node"], run.strength, np.float32,
                  {"long_name": "fighters present", "units": "fighters"})
        _variable(f, "killed", ["time", "faction"], run.killed, np.float64,
                  {"long_name": "killed, cumulative", "units": "people"})
        _variable(f, "wounded", ["time", "faction"], run.wounded, np.float64,
                  {"long_name": "wounded, cumulative", "units": "people"})
        _variable(f, "supply", ["time", "node"], run.supply, np.float32,
                  {"long_name": "supply stocks", "units": "day"})
        _variable(f, "humanitarian", ["time", "node"], run.humanitarian, np.float32, {
            "long_name": "humanitarian index", "units": "1",
            "description": HUMANITARIAN_DESCRIPTION})
        _variable(f, "population", ["time", "node"], run.population, np.float64,
                  {"long_name": "people present", "units": "people"})
        _variable(f, "displaced", ["time", "node"], run.displaced, np.float64, {
            "long_name": "displaced people", "units": "people",
            "description": "people from this node who are currently away"})
        _variable(f, "oil_output", ["time", "node"], run.oil_output, np.float64, {
            "long_name": "oil output", "units": "barrel/day",
            "description": "production at oil fields; export throughput at terminals"})
        _variable(f, "oil_revenue", ["time"], run.oil_revenue, np.float64,
                  {"long_name": "oil revenue, cumulative", "units": "USD"})
        _variable(f, "oil_loss", ["time"], run.oil_loss, np.float64,
                  {"long_name": "foregone oil revenue, cumulative", "units": "USD"})

        events = run.events
        factor = 24.0 if units_word == "hours" else 1.0
        _scale(f, "event", np.arange(len(events)), np.int32, {"long_name": "event index"}, unlimited=True)
        for name, values, dtype in (
                ("event_time", [e.time_days * factor for e in events], np.float64),
                ("event_kind", [e.kind for e in events], _STR),
                ("event_node", [e.node for e in events], _STR),
                ("event_actor", [e.actor for e in events], _STR),
                ("event_other", [e.other for e in events], _STR),
                ("event_magnitude", [e.magnitude for e in events], np.float64),
                ("event_text", [e.text for e in events], _STR)):
            attrs = {"long_name": name.replace("_", " ")}
            if name == "event_time":
                attrs.update(units=cf_units, calendar="proleptic_gregorian")
            _variable(f, name, ["event"], values, dtype, attrs, unlimited=True)

        if run.targets:
            _scale(f, "target", [t.id for t in run.targets], _STR, {"long_name": "target id"})
            _variable(f, "target_text", ["target"], [t.text for t in run.targets], _STR)
            for field in ("value", "min", "max"):
                _variable(f, f"target_{field}", ["target"],
                          [getattr(t, field) for t in run.targets], np.float64)
            _variable(f, "target_met", ["target"], [int(t.met) for t in run.targets], np.int8,
                      {"flag_values": np.array([0, 1], np.int8), "flag_meanings": "not_met met"})

        if run.units is not None:
            u = run.units
            _scale(f, "unit", u.ids, _STR, {"long_name": "unit id"})
            _variable(f, "unit_faction", ["unit"], u.faction, _STR)
            lat_u, lon_u = _unit_coordinates(run, u)
            for name, values, dtype in (
                    ("unit_node", u.node, np.int32), ("unit_next_node", u.next_node, np.int32),
                    ("unit_progress", u.progress, np.float32), ("unit_lat", lat_u, np.float32),
                    ("unit_lon", lon_u, np.float32), ("unit_fighters", u.fighters, np.float32),
                    ("unit_morale", u.morale, np.float32)):
                _variable(f, name, ["time", "unit"], values, dtype)

        yaml_text = f"name: {run.scenario}\nstart: {run.start_date}\n"
        _set_attrs(f, {
            "Conventions": "CF-1.8", "title": f"Frontline run: {run.scenario}",
            "source": "Frontline 0.1.0", "frontline_version": "0.1.0", "git_commit": "test",
            "scenario": run.scenario, "scenario_yaml": yaml_text,
            "overrides": "\n".join(run.overrides),
            "command_line": f"frontline run {run.scenario}.yaml -o {path.name}",
            "created": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "history": "written by tests/python/analysis_fixtures.py"})
        f.attrs["seed"] = np.uint64(run.seed)
        f.attrs["replicate"] = np.int32(run.replicate)
        f.attrs["schema_version"] = np.int32(SCHEMA_VERSION)
    return path


def _unit_coordinates(run: RunData, u: Units):
    here = np.clip(u.node, 0, None)
    there = np.where(u.next_node >= 0, u.next_node, here)
    p = u.progress
    lat = run.lat[here] * (1 - p) + run.lat[there] * p
    lon = run.lon[here] * (1 - p) + run.lon[there] * p
    return np.where(u.node >= 0, lat, np.nan), np.where(u.node >= 0, lon, np.nan)


# ---------------------------------------------------------------- synthetic runs

def tiny_run(step_hours: int = 6, time_points: int = 13, with_events: bool = False) -> RunData:
    """Four nodes on a line (not the corridor), two factions, sub-daily steps, no events."""
    ids = ["a", "b", "c", "d"]
    T, N, F = time_points, 4, 2
    control = np.zeros((T, N), np.int8)
    control[:, 2:] = 1
    control[T // 2:, 2] = 0  # red takes c halfway
    control[:, 3] = np.where(np.arange(T) < 3, -1, 1)
    contested = np.zeros((T, N), np.int8)
    contested[T // 3:T // 2, 2] = 1
    besieged = np.zeros((T, N), np.int8)
    besieged[T // 2:, 3] = 1
    strength = np.zeros((T, F, N), np.float32)
    for t in range(T):
        for n in range(N):
            if control[t, n] >= 0:
                strength[t, control[t, n], n] = 100 + 10 * n + t
    killed = np.cumsum(np.ones((T, F)) * [[2.0, 3.0]], axis=0) - [[2.0, 3.0]]
    population = np.full((T, N), 1000.0)
    displaced = np.zeros((T, N))
    displaced[T // 3:, 2] = 300.0
    humanitarian = np.zeros((T, N), np.float32)
    humanitarian[:, 3] = besieged[:, 3] * np.linspace(0, 0.5, T)
    events = []
    if with_events:
        events = [Event(T // 2 * step_hours / 24.0, "capture", "c", "red", "blue", 120.0, "red takes C")]
    return RunData(
        scenario="tiny", start_date="2020-01-01", step_hours=step_hours,
        node_ids=ids, node_names=["Alpha", "Bravo", "Charlie", "Delta"],
        lat=np.array([30.0, 30.1, 30.0, 30.2]), lon=np.array([10.0, 11.0, 12.5, 12.0]),
        kind=["city", "town", "oil_field", "port"], oil_capacity=np.array([0, 0, 1000.0, 0]),
        edges=[("a", "b", "road", 100.0), ("b", "d", "road", 90.0), ("d", "c", "pipeline", 60.0)],
        faction_ids=["red", "blue"], faction_names=["Red Army", "Blue Force"],
        faction_colours=["#cc3333", "#3355cc"],
        control=control, contested=contested, besieged=besieged, strength=strength,
        killed=killed, wounded=killed * 3, supply=np.full((T, N), 10.0, np.float32),
        humanitarian=humanitarian, population=population, displaced=displaced,
        oil_output=np.where(np.arange(N) == 2, 1000.0, 0.0) * np.ones((T, 1)),
        oil_revenue=np.arange(T) * 1e5, oil_loss=np.zeros(T), events=events)


DATA_DIR = REPO_ROOT / "scenarios" / "data"


def _corridor_map():
    with open(DATA_DIR / "nodes.csv", newline="") as fh:
        nodes = list(csv.DictReader(fh))
    with open(DATA_DIR / "roads.csv", newline="") as fh:
        edges = [(r["from"], r["to"], r["kind"], float(r["km"])) for r in csv.DictReader(fh)]
    return nodes, edges


def corridor_run(days: int = 200, seed: int = 42, isis_strength: float = 1.0,
                 scenario: str = "sirte_2016_synthetic") -> RunData:
    """A made-up campaign on the real corridor map: GNA advances on ISIS-held Sirte,
    besieges and takes it; LNA blockades the oil crescent for two months; LNA besieges
    Derna. The numbers are invented but shaped like the reports."""
    rng = np.random.default_rng(seed)
    nodes, edges = _corridor_map()
    ids = [n["id"] for n in nodes]
    idx = {n: i for i, n in enumerate(ids)}
    N, T = len(ids), days + 1
    factions = ["GNA", "LNA", "ISIS", "DMSC"]
    F = len(factions)
    gna, lna, isis, dmsc = range(F)

    control = np.full((T, N), -1, np.int8)
    west = ["zuwara", "sabratha", "zawiya", "tripoli", "khoms", "zliten", "misrata", "gharyan",
            "tarhuna", "sharara"]
    isis_held = ["abu_grein", "buwairat_al_hassoun", "sirte", "sirte_port", "wadi_jarif",
                 "ghardabiya", "wadi_al_lud", "nofaliya", "bin_jawad"]
    east = ["es_sider", "ras_lanuf", "brega", "zueitina", "ajdabiya", "benghazi", "al_khadim",
            "al_marj", "bayda", "tobruk", "marada", "zelten", "jalu", "sarir", "waddan", "hun",
            "jufra_airbase"]
    for group, faction in ((west, gna), (isis_held, isis), (east, lna), (["derna"], dmsc)):
        for n in group:
            control[:, idx[n]] = faction
    captures = [  # day, node, new controller
        (12, "abu_grein", gna), (25, "buwairat_al_hassoun", gna), (48, "ghardabiya", gna),
        (60, "wadi_al_lud", gna), (70, "wadi_jarif", gna), (95, "nofaliya", lna),
        (97, "bin_jawad", lna), (150, "sirte_port", gna), (186, "sirte", gna)]
    events = []
    for day, node, faction in captures:
        if day >= T:
            continue
        before = control[day - 1, idx[node]]
        control[day:, idx[node]] = faction
        events.append(Event(day, "capture", node, factions[faction], factions[before], 0.0,
                            f"{factions[faction]} takes {node.replace('_', ' ').title()}"))
    contested = np.zeros((T, N), np.int8)
    besieged = np.zeros((T, N), np.int8)
    for day, node, _ in captures:
        contested[max(0, day - 8):min(T, day), idx[node]] = 1
    sirte_siege = (32, min(186, T))
    for n in ("sirte",):
        besieged[sirte_siege[0]:sirte_siege[1], idx[n]] = 1
        contested[40:min(186, T), idx[n]] = 1
    events.append(Event(sirte_siege[0], "siege_begun", "sirte", "GNA", "ISIS", 0.0, "GNA cuts the last road out of Sirte"))
    if sirte_siege[1] < T:
        events.append(Event(sirte_siege[1], "siege_ended", "sirte", "GNA", "ISIS", 0.0, "Sirte falls"))
    besieged[:, idx["derna"]] = 1
    contested[120:, idx["derna"]] = 1
    events.append(Event(0, "siege_begun", "derna", "LNA", "DMSC", 0.0, "Derna besieged since mid-2015"))
    for day in (20, 55, 80, 110, 140, 170):
        if day < T:
            events.append(Event(day, "airstrike", "sirte", "GNA", "ISIS", 4.0, "US airstrikes on Sirte"))
    blockade = (100, min(160, T))
    events.append(Event(blockade[0], "blockade_declared", "es_sider", "LNA", "", 340000.0, "LNA closes Es Sider"))
    if blockade[1] < T:
        events.append(Event(blockade[1], "blockade_lifted", "es_sider", "LNA", "", 340000.0, "Es Sider reopens"))
    events.sort(key=lambda e: e.time_days)

    pop0 = np.array([float(n["population"] or 0) for n in nodes])
    garrison = 200 + 0.004 * pop0
    strength = np.zeros((T, F, N), np.float32)
    for t in range(T):
        for n in range(N):
            c = control[t, n]
            if c >= 0:
                scale = isis_strength if c == isis else 1.0
                decay = 1.0 - 0.5 * besieged[:t + 1, n].sum() / T
                strength[t, c, n] = garrison[n] * scale * decay
            if contested[t, n]:
                strength[t, gna if c != gna else isis, n] += 600
    fighting = contested.sum(axis=1).astype(float)
    share = np.array([0.45, 0.15, 0.35, 0.05])
    daily_killed = np.outer(fighting * 2.0, share) * rng.uniform(0.6, 1.4, (T, F))
    daily_killed[0] = 0
    killed = np.cumsum(daily_killed, axis=0)
    wounded = np.cumsum(daily_killed * rng.uniform(3, 5, (T, F)), axis=0)

    sirte = idx["sirte"]
    displaced = np.zeros((T, N))
    away = np.clip((np.arange(T) - 35) / 30.0, 0, 0.85)
    displaced[:, sirte] = pop0[sirte] * away
    displaced[:, idx["derna"]] = pop0[idx["derna"]] * 0.2
    displaced[:, idx["bin_jawad"]] = np.where((np.arange(T) > 90) & (np.arange(T) < 130), 4000.0, 0.0)
    population = pop0[None, :] - displaced
    population[:, idx["misrata"]] += displaced[:, sirte] * 0.6
    supply = np.full((T, N), 30.0, np.float32)
    humanitarian = np.zeros((T, N), np.float32)
    for n in range(N):
        stock = 30.0
        for t in range(T):
            stock = max(0.0, stock - 0.4) if besieged[t, n] else min(30.0, stock + 2)
            supply[t, n] = stock
            humanitarian[t, n] = min(1.0, (besieged[t, n] * (1 - stock / 30.0)) * (0.6 + 0.4 * contested[t, n]))

    capacity = np.array([float(n["oil_capacity_bpd"] or 0) for n in nodes])
    kind = [n["kind"] for n in nodes]
    oil_output = np.zeros((T, N))
    fields = [i for i, k in enumerate(kind) if k == "oil_field"]
    for i in fields:
        oil_output[:, i] = capacity[i] * rng.uniform(0.55, 0.65)
    oil_output[blockade[0]:blockade[1], idx["marada"]] = 0.0
    feeds = {"es_sider": "marada", "ras_lanuf": "jalu", "brega": "zelten", "tobruk": "sarir",
             "zawiya": "sharara"}
    for terminal, field in feeds.items():
        oil_output[:, idx[terminal]] = oil_output[:, idx[field]]
    price = 40.0
    step_days = 1.0
    national = oil_output[:, fields].sum(axis=1)
    potential = capacity[fields].sum() * 0.6
    oil_revenue = np.concatenate([[0.0], np.cumsum(national[:-1] * price * step_days)])
    oil_loss = np.concatenate([[0.0], np.cumsum(np.clip(potential - national[:-1], 0, None) * price * step_days)])

    targets = [
        Target("sirte_falls", "Sirte is held by GNA by 2016-12-06", float(control[-1, sirte] == gna), 1.0, 1.0),
        Target("killed_total", "over 100 killed by early June", float(killed[min(30, T - 1)].sum()), 100.0),
        Target("blockade_loss", "blockade losses below $2 billion", float(oil_loss[-1]), -np.inf, 2e9),
    ]
    U = 3
    unit_node = np.full((T, U), idx["misrata"], np.int32)
    unit_next = np.full((T, U), -1, np.int32)
    unit_node[30:, 0] = idx["buwairat_al_hassoun"]
    unit_next[30:60, 0] = idx["sirte"]
    unit_node[:, 1] = idx["sirte"]
    unit_node[:, 2] = idx["benghazi"]
    progress = np.zeros((T, U), np.float32)
    progress[30:60, 0] = np.linspace(0, 0.9, 30)
    units = Units(["gna_bunyan_1", "isis_sirte", "lna_brigade_106"], ["GNA", "ISIS", "LNA"],
                  unit_node, unit_next, progress, np.full((T, U), 800, np.float32),
                  np.full((T, U), 0.7, np.float32))

    return RunData(
        scenario=scenario, start_date="2016-05-05", step_hours=24,
        node_ids=ids, node_names=[n["name"] for n in nodes],
        lat=np.array([float(n["lat"]) for n in nodes]), lon=np.array([float(n["lon"]) for n in nodes]),
        kind=kind, oil_capacity=capacity, edges=edges, faction_ids=factions,
        faction_names=["Government of National Accord", "Libyan National Army", "Islamic State",
                       "Derna Mujahideen Shura Council"],
        faction_colours=["#2b6cb0", "#c05621", "#1a1a1a", "#2f855a"],
        control=control, contested=contested, besieged=besieged, strength=strength,
        killed=killed, wounded=wounded, supply=supply, humanitarian=humanitarian,
        population=population, displaced=displaced, oil_output=oil_output,
        oil_revenue=oil_revenue, oil_loss=oil_loss, events=events, targets=targets, units=units,
        seed=seed)


# ---------------------------------------------------------------- sweep files

def write_sweep_file(path, params: dict, metrics: dict, *, design: str, replicate=None,
                     seed=None, status=None, error=None, attrs=None, columns=None,
                     run_index=None, design_point=None, units=None, time_days=None,
                     start_date="2016-05-05", names=None, dtypes=None) -> Path:
    """A sweep file as docs/sweeps.md describes it: everything along `run`.

    params: name -> (dotted path, values[R]) (numbers, or str for a categorical
    parameter); metrics: name -> values[R] or [R, C] with the column labels in
    columns[name] = (dimension, labels); run_index: the `run` coordinate (default
    0..R-1, in order)."""
    path = Path(path)
    count = len(next(iter(params.values()))[1])
    columns = columns or {}
    with h5py.File(path, "w") as f:
        _scale(f, "run", np.arange(count) if run_index is None else run_index, np.int64,
               {"long_name": "run index within the sweep"})
        # columns[name]: (dimension, labels), or a list of them for a metric with more axes
        axes = {name: spec if isinstance(spec, list) else [spec] for name, spec in columns.items()}
        for dim, labels in {d: l for spec in axes.values() for d, l in spec}.items():
            _scale(f, dim, labels, _STR)
        if time_days is not None:
            _scale(f, "time", np.asarray(time_days, float), np.float64, {
                "units": f"days since {start_date} 00:00:00", "calendar": "proleptic_gregorian",
                "standard_name": "time", "axis": "T"})
        dims_of_names = {"node_name": "node", "faction_name": "faction", "target_text": "target"}
        for name, values in (names or {}).items():
            _variable(f, name, [dims_of_names[name]], values, _STR)
        if design_point is not None:
            _variable(f, "design_point", ["run"], design_point, np.int64)
        for name, (dotted, values) in params.items():
            is_text = isinstance(values[0], str)
            _variable(f, f"param_{name}", ["run"], values, _STR if is_text else np.float64, {"path": dotted})
        for name, values in metrics.items():
            dims = ["run", *(d for d, _ in axes[name])] if name in axes else ["run"]
            dtype = (dtypes or {}).get(name, np.float64)
            metric_attrs = {"units": (units or {}).get(name, "1")}
            if np.dtype(dtype).kind == "i":
                values = np.where(np.isnan(np.asarray(values, float)), -128, values).astype(dtype)
                metric_attrs["_FillValue"] = np.array(-128, dtype)
            _variable(f, f"metric_{name}", dims, values, dtype, metric_attrs)
        _variable(f, "replicate", ["run"], replicate if replicate is not None else np.zeros(count), np.int32)
        _variable(f, "seed", ["run"], seed if seed is not None else np.arange(count) + 1000, np.uint64)
        _variable(f, "status", ["run"], status if status is not None else ["ok"] * count, _STR)
        _variable(f, "error", ["run"], error if error is not None else [""] * count, _STR)
        _set_attrs(f, {"Conventions": "CF-1.8", "title": "Frontline sweep", "design": design,
                       "scenario": "synthetic_sweep"})
        for key, value in (attrs or {}).items():
            f.attrs[key] = _fixed(value) if isinstance(value, str) else value
    return path


CAMPAIGN_FACTIONS = ["GNA", "ISIS", "DMSC"]
CAMPAIGN_NODES = ["misrata", "sirte", "derna"]
CAMPAIGN_DAYS = 215  # 2016-05-05 to 2016-12-06


def campaign_sweep(path, fall_days, *, parameter=None, failed=(), design="grid", attrs=None) -> Path:
    """A sweep whose answer is set by construction. fall_days[point][replicate]: the day GNA
    first holds Sirte in that run, NaN if it never does within the 215 days; GNA holds
    Misrata and DMSC holds Derna throughout (Derna never falls). killed[GNA] = 100 x point +
    replicate, killed[ISIS] = 50 whatever happens; the target `sirte-falls` is met when Sirte
    fell. parameter: (name, values per point); failed: run indices whose runs failed."""
    fall_days = [np.asarray(days, float) for days in fall_days]
    replicates = len(fall_days[0])
    runs = len(fall_days) * replicates
    days = np.concatenate(fall_days)
    point = np.repeat(np.arange(len(fall_days)), replicates)
    capture = np.full((runs, 3, 3), np.nan)
    capture[:, 0, 0] = 0.0  # GNA holds Misrata from the start
    capture[:, 1, 1] = 0.0  # ISIS holds Sirte from the start
    capture[:, 2, 2] = 0.0  # DMSC holds Derna from the start
    capture[:, 0, 1] = days
    fell = np.isfinite(days)
    final = np.column_stack([np.zeros(runs), np.where(fell, 0, 1), np.full(runs, 2)])
    killed = np.column_stack([100.0 * point + np.tile(np.arange(replicates), len(fall_days)),
                              np.full(runs, 50.0), np.zeros(runs)])
    besieged = np.column_stack([np.zeros(runs), np.where(fell, days - 20, 180.0), np.full(runs, 215.0)])
    status = np.array(["ok"] * runs, dtype=object)
    error = np.array([""] * runs, dtype=object)
    for r in failed:
        status[r], error[r] = "failed", f"run {r}: engine error"
    name, values = parameter or ("isis_fighters", [1500 + 1000 * k for k in range(len(fall_days))])
    metrics = {"capture_day": capture, "final_control": final, "killed": killed,
               "besieged_days": besieged, "target_met": fell.astype(float)[:, None],
               "target_value": fell.astype(float)[:, None]}
    for r in failed:
        for key in metrics:
            metrics[key] = np.array(metrics[key], float)
            metrics[key][r] = np.nan
    return write_sweep_file(
        path, {name: (f"factions.ISIS.fighters", np.repeat(np.asarray(values, float), replicates))},
        metrics, design=design, replicate=np.tile(np.arange(replicates), len(fall_days)),
        status=status, error=error,
        columns={"capture_day": [("faction", CAMPAIGN_FACTIONS), ("node", CAMPAIGN_NODES)],
                 "final_control": ("node", CAMPAIGN_NODES), "killed": ("faction", CAMPAIGN_FACTIONS),
                 "besieged_days": ("node", CAMPAIGN_NODES), "target_met": ("target", ["sirte-falls"]),
                 "target_value": ("target", ["sirte-falls"])},
        units={"capture_day": "day", "killed": "people", "besieged_days": "day"},
        dtypes={"final_control": np.int8, "target_met": np.int8},
        time_days=np.arange(CAMPAIGN_DAYS + 1), attrs={"replicates": np.int32(replicates),
                                                       "scenario": "campaign", **(attrs or {})},
        names={"node_name": ["Misrata", "Sirte", "Derna"],
               "faction_name": ["Government of National Accord", "Islamic State", "Derna council"],
               "target_text": ["GNA holds Sirte at the end"]})


def saltelli_design(base_samples: int, bounds, rng) -> np.ndarray:
    """Rows A, B, AB_1..AB_D (each `base_samples` rows), AB_i = A with column i from B."""
    bounds = np.asarray(bounds, float)
    D = len(bounds)
    a = bounds[:, 0] + rng.random((base_samples, D)) * (bounds[:, 1] - bounds[:, 0])
    b = bounds[:, 0] + rng.random((base_samples, D)) * (bounds[:, 1] - bounds[:, 0])
    blocks = [a, b]
    for i in range(D):
        ab = a.copy()
        ab[:, i] = b[:, i]
        blocks.append(ab)
    return np.vstack(blocks)


def interleave_saltelli(points: np.ndarray, base_samples: int) -> np.ndarray:
    """Blocks A, B, AB_1..AB_D reordered as the sweep module writes them: for each
    base sample j, A_j, AB_j^1..AB_j^D, B_j."""
    blocks = points.reshape(-1, base_samples, points.shape[1])  # [D + 2, N, D]
    order = [0, *range(2, len(blocks)), 1]
    return blocks[order].transpose(1, 0, 2).reshape(-1, points.shape[1])


def sobol_sweep(path, function, bounds, names, *, base_samples=512, replicates=1, noise=0.0,
                failed_runs=(), seed=1, layout="blocks", with_design_point=False) -> Path:
    rng = np.random.default_rng(seed)
    points = saltelli_design(base_samples, bounds, rng)
    if layout == "interleaved":
        points = interleave_saltelli(points, base_samples)
    x = np.repeat(points, replicates, axis=0)
    y = function(x) + noise * rng.standard_normal(len(x))
    status = np.array(["ok"] * len(x), dtype=object)
    error = np.array([""] * len(x), dtype=object)
    for r in failed_runs:
        status[r], error[r], y[r] = "failed", f"run {r}: HDF5 write failed (disk full)", np.nan
    params = {n: (f"factions.{n}.aggression", x[:, i]) for i, n in enumerate(names)}
    return write_sweep_file(
        path, params, {"y": y}, design="sobol", status=status, error=error,
        replicate=np.tile(np.arange(replicates), len(points)),
        design_point=np.arange(len(x)) // replicates if with_design_point else None,
        attrs={"sobol_base_samples": np.int32(base_samples), "sobol_parameters": np.int32(len(names)),
               "replicates": np.int32(replicates)})


def ishigami(x, a=7.0, b=0.1):
    return np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])


def ishigami_indices(a=7.0, b=0.1):
    """Analytic first- and total-order indices of the Ishigami function."""
    v1 = 0.5 * (1 + b * np.pi ** 4 / 5) ** 2
    v2 = a ** 2 / 8
    v13 = b ** 2 * np.pi ** 8 * (1 / 18 - 1 / 50)
    v = v1 + v2 + v13
    return np.array([v1, v2, 0.0]) / v, np.array([v1 + v13, v2, v13]) / v


def lhs_sweep(path, *, points=40, replicates=3, seed=2, failed_runs=(3,)) -> Path:
    """A non-Sobol sweep: two parameters, a linear scalar metric and a per-faction metric."""
    rng = np.random.default_rng(seed)
    x1 = np.repeat(rng.uniform(0, 1, points), replicates)
    x2 = np.repeat(rng.uniform(10, 20, points), replicates)
    noise = rng.standard_normal(len(x1))
    displaced = 100 + 50 * x1 - 2 * x2 + 3 * noise
    killed = np.column_stack([300 + 200 * x1 + 10 * noise, 500 - 5 * x2 + 10 * noise])
    status = np.array(["ok"] * len(x1), dtype=object)
    error = np.array([""] * len(x1), dtype=object)
    for r in failed_runs:
        status[r], error[r] = "failed", "InputError: scenario.yaml:12: unknown faction 'GNX'"
        displaced[r] = np.nan
        killed[r] = np.nan
    return write_sweep_file(
        path, {"aggression": ("factions.GNA.aggression", x1), "isis_fighters": ("units.isis_sirte.fighters", x2)},
        {"peak_displaced": displaced, "killed": killed}, design="latin_hypercube",
        replicate=np.tile(np.arange(replicates), points), status=status, error=error,
        columns={"killed": ("faction", ["GNA", "ISIS"])}, attrs={"replicates": np.int32(replicates)},
        units={"peak_displaced": "people", "killed": "people"})


# ---------------------------------------------------------------- the real binary

def frontline_binary() -> Path:
    build = Path(os.environ.get("FRONTLINE_BUILD_DIR", REPO_ROOT / "build"))
    return build / "sim" / "cli" / "frontline"


DEFAULT_SCENARIO = REPO_ROOT / "scenarios" / "sirte-2016.yaml"
DEFAULT_VARIANT = REPO_ROOT / "scenarios" / "variants" / "sirte-2016-isis-doubled.yaml"


def shipped_scenario() -> Path | None:
    """The scenario the binary runs for these tests (FRONTLINE_ANALYSIS_SCENARIO, else
    sirte-2016, else the first shipped scenario that is not a sweep)."""
    chosen = os.environ.get("FRONTLINE_ANALYSIS_SCENARIO")
    if chosen:
        return Path(chosen)
    if DEFAULT_SCENARIO.exists():
        return DEFAULT_SCENARIO
    candidates = sorted(p for p in (REPO_ROOT / "scenarios").glob("*.yaml")
                        if "sweep" not in p.name)
    return candidates[0] if candidates else None


def run_frontline(scenario: Path, out: Path, *extra: str) -> Path:
    binary = frontline_binary()
    result = subprocess.run([str(binary), "run", str(scenario), "-o", str(out), "--force", *extra],
                            capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise RuntimeError(f"{binary} run {scenario} failed ({result.returncode}):\n{result.stderr}")
    return out


def run_frontline_sweep(sweep: Path, out: Path) -> Path:
    binary = frontline_binary()
    result = subprocess.run([str(binary), "sweep", str(sweep), "-o", str(out), "-j", "2"],
                            capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise RuntimeError(f"{binary} sweep {sweep} failed ({result.returncode}):\n{result.stderr}")
    return out


def binary_available() -> bool:
    return frontline_binary().exists() and shipped_scenario() is not None


# ---------------------------------------------------------------- pytest fixtures

@pytest.fixture(scope="session")
def corridor_run_file(tmp_path_factory):
    """A run on the corridor map: synthetic, or from the binary when RUN_FILE_SOURCE says so."""
    out = tmp_path_factory.mktemp("run") / "corridor.h5"
    if RUN_FILE_SOURCE == "binary":
        return run_frontline(shipped_scenario(), out)
    return write_run_file(out, corridor_run())


@pytest.fixture(scope="session")
def tiny_run_file(tmp_path_factory):
    return write_run_file(tmp_path_factory.mktemp("tiny") / "tiny.h5", tiny_run())


@pytest.fixture(scope="session")
def binary_run_file(tmp_path_factory):
    """A run file the real binary writes during this test session."""
    if not binary_available():
        missing_build(f"frontline binary not built yet ({frontline_binary()})")
    return run_frontline(shipped_scenario(), tmp_path_factory.mktemp("binary") / "run.h5")


@pytest.fixture(scope="session")
def binary_variant_file(tmp_path_factory):
    """A what-if of the default scenario (ISIS doubled), run by the real binary."""
    if not binary_available() or not DEFAULT_VARIANT.exists():
        missing_build(f"frontline binary not built yet ({frontline_binary()}) or no variant")
    return run_frontline(DEFAULT_VARIANT, tmp_path_factory.mktemp("binary") / "variant.h5")


@pytest.fixture(scope="session")
def binary_sweep_maker(tmp_path_factory):
    """make(name) -> a sweep file the real binary wrote from scenarios/sweeps/NAME.yaml."""
    if not frontline_binary().exists():
        missing_build(f"frontline binary not built yet ({frontline_binary()})")
    folder = tmp_path_factory.mktemp("binary_sweeps")

    def make(name: str) -> Path:
        out = folder / f"{name}.h5"
        if not out.exists():
            run_frontline_sweep(REPO_ROOT / "scenarios" / "sweeps" / f"{name}.yaml", out)
        return out
    return make
