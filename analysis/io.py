"""Loading run and sweep files, and the quantities derived from them.

A run file follows docs/output-format.md; a sweep file docs/sweeps.md. Readers are
tolerant of what they do not need (extra variables, missing optional tables) and
name the file and the missing piece when something they need is absent.
"""
from __future__ import annotations

import dataclasses
import heapq
import itertools
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import xarray as xr

from analysis.errors import AnalysisInputError

NO_CONTROL_COLOUR = "#d9d9d9"
NO_CONTROL_LABEL = "none"

# The coastal road, west to east (node ids of scenarios/maps; names match too).
CORRIDOR = (
    "zuwara", "sabratha", "zawiya", "tripoli", "khoms", "zliten", "misrata", "abu_grein",
    "buwairat_al_hassoun", "sirte", "nofaliya", "bin_jawad", "es_sider", "ras_lanuf",
    "uqayla", "brega",
    "ajdabiya", "benghazi", "al_marj", "bayda", "derna", "tobruk")
# Fewer coastal nodes than this and the map is not the corridor: order by longitude.
MIN_CORRIDOR_NODES = 4
# Road distance when two places have no land route: great-circle x 1.2, the rule
# scenarios/data/README.md uses for unpublished road distances.
ROAD_FACTOR = 1.2
LAND_EDGE_KINDS = ("road", "track")

# The registry of output variables (sim/record/src/output_variables.cpp), as
# `frontline info --variables --json` prints it; tests/python/test_output_contract.py
# checks that this copy is what the binary prints and that run files hold exactly it.
OUTPUT_VARIABLES_JSON = Path(__file__).with_name("output_variables.json")
OUTPUT_VARIABLES: dict[str, dict] = {
    v["name"]: v for v in json.loads(OUTPUT_VARIABLES_JSON.read_text(encoding="utf-8"))}
# What the analysis needs of a run file: the time axis, the node and faction tables and
# every time series (events, edges, targets and units are optional to it).
REQUIRED_RUN_VARIABLES = tuple(
    name for name, v in OUTPUT_VARIABLES.items()
    if not v["optional"] and v["group"] in ("time", "node", "faction", "state"))


# ---------------------------------------------------------------- opening files

def _decode_strings(values) -> np.ndarray:
    values = np.asarray(values)
    if values.dtype.kind in "SO":
        return np.array([v.decode("utf-8") if isinstance(v, bytes) else str(v) for v in values.ravel()],
                        dtype=object).reshape(values.shape)
    return values


def _open(path) -> xr.Dataset:
    path = Path(path)
    if not path.exists():
        raise AnalysisInputError(f"{path}: no such file")
    try:
        # Stocks are in "days": without decode_timedelta=False xarray would turn them
        # into durations.
        with xr.open_dataset(path, engine="h5netcdf", decode_timedelta=False) as ds:
            ds = ds.load()
    except Exception as error:  # h5py, h5netcdf and xarray raise many kinds
        raise AnalysisInputError(f"{path}: cannot open as a netCDF-4/HDF5 file: {error}") from error
    for name in list(ds.variables):
        if ds[name].dtype.kind in "SO":
            ds[name] = ds[name].copy(data=_decode_strings(ds[name].values))
    ds.attrs = {k: (v.decode("utf-8") if isinstance(v, bytes) else v) for k, v in ds.attrs.items()}
    ds.attrs["source_path"] = str(path)
    return ds


def open_run(path) -> xr.Dataset:
    """A run file, loaded into memory, strings as str, times as datetime64."""
    ds = _open(path)
    missing = [name for name in REQUIRED_RUN_VARIABLES if name not in ds.variables]
    if missing:
        raise AnalysisInputError(f"{path}: not a Frontline run file: missing {', '.join(missing)}")
    if not np.issubdtype(ds["time"].dtype, np.datetime64):
        raise AnalysisInputError(f"{path}: `time` does not decode to dates (units: "
                                 f"{ds['time'].attrs.get('units', 'none')!r})")
    return ds


def scenario_name(ds: xr.Dataset) -> str:
    return str(ds.attrs.get("scenario") or Path(ds.attrs.get("source_path", "run")).stem)


TITLE_OVERRIDES_CHARS = 70


def run_label(ds: xr.Dataset) -> str:
    """Scenario, plus the --set overrides when there are any (for titles; long
    override lists are cut, the report's metadata table has them all)."""
    overrides = "; ".join(line.strip() for line in str(ds.attrs.get("overrides", "")).splitlines()
                          if line.strip())
    if len(overrides) > TITLE_OVERRIDES_CHARS:
        overrides = overrides[:TITLE_OVERRIDES_CHARS - 1].rstrip() + "…"
    return f"{scenario_name(ds)} [{overrides}]" if overrides else scenario_name(ds)


# ---------------------------------------------------------------- factions and control

def faction_ids(ds: xr.Dataset) -> list[str]:
    return [str(f) for f in ds["faction"].values]


def faction_names(ds: xr.Dataset) -> list[str]:
    if "faction_name" in ds:
        return [str(f) for f in ds["faction_name"].values]
    return faction_ids(ds)


def faction_colours(ds: xr.Dataset) -> list[str]:
    return [str(c) for c in ds["faction_colour"].values]


def controller_colours(ds: xr.Dataset) -> list[str]:
    """Colour of control value c at position c + 1 (none first)."""
    return [NO_CONTROL_COLOUR, *faction_colours(ds)]


def control(ds: xr.Dataset) -> np.ndarray:
    """[time, node] faction index, -1 for none, whatever fill handling xarray did."""
    values = ds["control"].values
    if values.dtype.kind == "f":
        values = np.where(np.isnan(values), -1, values)
    return values.astype(np.int16)


def flags(ds: xr.Dataset, name: str) -> np.ndarray:
    values = ds[name].values
    if values.dtype.kind == "f":
        values = np.nan_to_num(values)
    return values.astype(bool)


def node_names(ds: xr.Dataset) -> list[str]:
    return [str(n) for n in ds["node_name"].values]


def node_ids(ds: xr.Dataset) -> list[str]:
    return [str(n) for n in ds["node"].values]


def dates(ds: xr.Dataset) -> np.ndarray:
    return ds["time"].values


def time_index_at(ds: xr.Dataset, date) -> int:
    """The first record at or after `date` (the state once that day's events applied)."""
    times = dates(ds)
    index = int(np.searchsorted(times, np.datetime64(pd.Timestamp(date)), side="left"))
    return min(index, len(times) - 1)


def spells(mask: np.ndarray) -> list[tuple[int, int]]:
    """Runs of True in a 1-d mask as half-open index ranges [start, stop)."""
    padded = np.concatenate([[False], np.asarray(mask, bool), [False]])
    change = np.flatnonzero(padded[1:] != padded[:-1])
    return list(zip(change[::2].tolist(), change[1::2].tolist()))


# ---------------------------------------------------------------- derived series

def strength_by_faction(ds: xr.Dataset) -> xr.DataArray:
    return ds["strength"].astype(np.float64).sum("node")


def national_oil_output(ds: xr.Dataset) -> xr.DataArray:
    """Production summed over oil_field nodes (terminals only re-export it)."""
    fields = ds["kind"].values == "oil_field"
    return ds["oil_output"].isel(node=np.flatnonzero(fields)).sum("node")


def oil_capacity_total(ds: xr.Dataset) -> float:
    if "oil_capacity" not in ds:
        return float("nan")
    fields = ds["kind"].values == "oil_field"
    return float(ds["oil_capacity"].values[fields].sum())


def total_displaced(ds: xr.Dataset) -> xr.DataArray:
    return ds["displaced"].sum("node")


def step_days(ds: xr.Dataset) -> float:
    times = pd.to_datetime(dates(ds))
    return (times[1] - times[0]) / pd.Timedelta(days=1) if len(times) > 1 else 1.0


def siege_days(ds: xr.Dataset) -> np.ndarray:
    """Days on which each node was besieged (its besieged records times the step), as the
    sweep's besieged_days metric, the targets and `frontline run`'s summary count them: a
    siege from 1 June that goes on to the end on 6 December is 189 days."""
    return flags(ds, "besieged").sum(axis=0) * step_days(ds)


def is_sweep_file(path) -> bool:
    return "run" in _open(path).dims


def ever_besieged(ds: xr.Dataset) -> list[int]:
    return np.flatnonzero(flags(ds, "besieged").any(axis=0)).tolist()


def events_table(ds: xr.Dataset) -> pd.DataFrame:
    """One row per event: date, kind, node, node_name, actor, other, magnitude, text."""
    columns = ["date", "kind", "node", "node_name", "actor", "other", "magnitude", "text"]
    if "event_kind" not in ds or ds.sizes.get("event", 0) == 0:
        return pd.DataFrame(columns=columns)
    names = dict(zip(node_ids(ds), node_names(ds)))

    def column(name, default=""):
        return ds[name].values if name in ds else np.full(ds.sizes["event"], default, dtype=object)

    node = [str(n) for n in column("event_node")]
    table = pd.DataFrame({
        "date": pd.to_datetime(column("event_time", np.datetime64("NaT"))),
        "kind": [str(k) for k in column("event_kind")],
        "node": node,
        "node_name": [names.get(n, n) for n in node],
        "actor": [str(a) for a in column("event_actor")],
        "other": [str(o) for o in column("event_other")],
        "magnitude": np.asarray(column("event_magnitude", np.nan), dtype=float),
        "text": [str(t) for t in column("event_text")],
    })
    return table[columns].reset_index(drop=True)


# Events recorded per step and place (civilians leaving or coming back, daily air strikes):
# listed as one row per place, actor and spell of consecutive steps, the magnitude summed.
DAILY_EVENT_KINDS = {"displacement": "{total} people flee {place}",
                     "return_home": "{total} people return to {place}",
                     "airstrike": "{actor} air strikes on {place}, {total} sorties"}


def aggregated_events(ds: xr.Dataset) -> pd.DataFrame:
    """events_table with the per-step kinds (DAILY_EVENT_KINDS) summed per place over each
    spell of consecutive steps: columns date, until, kind, node, node_name, actor, other,
    magnitude, events (how many recorded events the row stands for), text; by date."""
    events = events_table(ds)
    events["until"] = events["date"]
    events["events"] = 1
    daily = events["kind"].isin(list(DAILY_EVENT_KINDS))
    rows = [events[~daily]]
    if daily.any():
        step = pd.Timedelta(days=step_days(ds))
        for (kind, node, actor), group in events[daily].sort_values("date").groupby(
                ["kind", "node", "actor"], sort=False):
            spell = (group["date"].diff() > step * 1.01).cumsum()
            for _, part in group.groupby(spell):
                first, last = part["date"].iloc[0], part["date"].iloc[-1]
                people = float(part["magnitude"].sum())
                name = part["node_name"].iloc[0]
                period = (f"on {first:%Y-%m-%d}" if first == last else
                          f"from {first:%Y-%m-%d} to {last:%Y-%m-%d} ({len(part)} steps)")
                what = DAILY_EVENT_KINDS[kind].format(total=f"{people:,.0f}", place=name, actor=actor)
                rows.append(pd.DataFrame([{
                    "date": first, "until": last, "kind": kind, "node": node, "node_name": name,
                    "actor": actor, "other": part["other"].iloc[0], "magnitude": people,
                    "events": len(part), "text": f"{what} {period}".strip()}]))
    table = pd.concat(rows, ignore_index=True) if len(rows) > 1 else rows[0]
    return table.sort_values(["date", "kind"], kind="stable").reset_index(drop=True)


def targets_table(ds: xr.Dataset) -> pd.DataFrame | None:
    if "target" not in ds.dims:
        return None

    def column(name, default):
        return ds[name].values if name in ds else np.full(ds.sizes["target"], default)

    return pd.DataFrame({
        "target": [str(t) for t in ds["target"].values],
        "text": [str(t) for t in column("target_text", "")],
        "value": column("target_value", np.nan).astype(float),
        "min": column("target_min", -np.inf).astype(float),
        "max": column("target_max", np.inf).astype(float),
        "met": column("target_met", 0).astype(bool),
    })


def key_event_dates(ds: xr.Dataset, kinds=("capture", "siege_begun")) -> list[pd.Timestamp]:
    events = events_table(ds)
    chosen = events[events["kind"].isin(kinds)]["date"].dropna()
    return sorted(set(pd.Timestamp(d).normalize() for d in chosen))


# ---------------------------------------------------------------- the space axis

@dataclasses.dataclass(frozen=True)
class SpaceAxis:
    """Where each node sits on the x axis of the space-time diagram.

    mode "corridor": `main` are the coastal nodes at their road km from the western
    end; `side` are the other nodes, each attached to the coastal node nearest by
    road (`side_anchor`, an index into `main`). mode "longitude": every node is in
    `main`, ordered west to east, at its rank."""
    mode: str
    main: list[int]
    position: np.ndarray
    side: list[int]
    side_anchor: list[int]
    label: str

    @property
    def side_position(self) -> np.ndarray:
        return self.position[self.side_anchor] if self.side else np.zeros(0)


def _match_corridor(ds: xr.Dataset) -> list[int]:
    ids = node_ids(ds)
    normalised = ["".join(c if c.isalnum() else "_" for c in name.lower()) for name in node_names(ds)]
    found = []
    for wanted in CORRIDOR:
        for i, (node_id, name) in enumerate(zip(ids, normalised)):
            if node_id == wanted or name == wanted:
                found.append(i)
                break
    return found


def _adjacency(ds: xr.Dataset, kinds) -> list[list[tuple[int, float]]]:
    index = {n: i for i, n in enumerate(node_ids(ds))}
    neighbours: list[list[tuple[int, float]]] = [[] for _ in index]
    if "edge_from" not in ds:
        return neighbours
    for a, b, kind, km in zip(ds["edge_from"].values, ds["edge_to"].values,
                              ds["edge_kind"].values, ds["edge_km"].values):
        if str(kind) in kinds and str(a) in index and str(b) in index:
            neighbours[index[str(a)]].append((index[str(b)], float(km)))
            neighbours[index[str(b)]].append((index[str(a)], float(km)))
    return neighbours


def _dijkstra(neighbours, sources) -> tuple[np.ndarray, np.ndarray]:
    """Distance to, and index of, the nearest source for every node."""
    distance = np.full(len(neighbours), np.inf)
    origin = np.full(len(neighbours), -1)
    queue = []
    for s in sources:
        distance[s], origin[s] = 0.0, s
        heapq.heappush(queue, (0.0, s))
    while queue:
        d, node = heapq.heappop(queue)
        if d > distance[node]:
            continue
        for other, km in neighbours[node]:
            if d + km < distance[other]:
                distance[other], origin[other] = d + km, origin[node]
                heapq.heappush(queue, (d + km, other))
    return distance, origin


def great_circle_km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def corridor_layout(ds: xr.Dataset) -> SpaceAxis:
    chain = _match_corridor(ds)
    lat, lon = ds["lat"].values, ds["lon"].values
    if len(chain) < MIN_CORRIDOR_NODES:
        order = sorted(range(ds.sizes["node"]), key=lambda i: (lon[i], i))
        return SpaceAxis("longitude", order, np.arange(len(order), dtype=float), [], [],
                         "nodes ordered west to east (by longitude)")
    roads = _adjacency(ds, ("road",))
    land = _adjacency(ds, LAND_EDGE_KINDS)
    position = [0.0]
    for a, b in zip(chain[:-1], chain[1:]):
        km = _dijkstra(roads, [a])[0][b]
        if not np.isfinite(km):
            km = _dijkstra(land, [a])[0][b]
        if not np.isfinite(km):
            km = ROAD_FACTOR * great_circle_km(lat[a], lon[a], lat[b], lon[b])
        position.append(position[-1] + km)
    side = [i for i in range(ds.sizes["node"]) if i not in chain]
    anchors = []
    if side:
        # Attach inland places by any link but the sea (pipelines tie fields to terminals).
        everything_but_sea = _adjacency(ds, ("road", "track", "pipeline"))
        _, origin = _dijkstra(everything_but_sea, chain)
        _, origin_any = _dijkstra(_adjacency(ds, ("road", "track", "pipeline", "sea")), chain)
        for i in side:
            o = origin[i] if origin[i] >= 0 else origin_any[i]
            if o < 0:
                o = min(chain, key=lambda c: great_circle_km(lat[i], lon[i], lat[c], lon[c]))
            anchors.append(chain.index(o))
        order = sorted(range(len(side)), key=lambda k: (position[anchors[k]], lon[side[k]]))
        side = [side[k] for k in order]
        anchors = [anchors[k] for k in order]
    return SpaceAxis("corridor", chain, np.array(position), side, anchors,
                     "distance along the coastal road from Zuwara (km)")


# ---------------------------------------------------------------- sweep files

@dataclasses.dataclass
class Sweep:
    path: Path
    attrs: dict
    params: pd.DataFrame  # [run, parameter] (numeric where possible)
    param_paths: dict  # parameter -> dotted path
    metrics: pd.DataFrame  # [run, metric]; NaN for failed runs
    replicate: np.ndarray
    seed: np.ndarray
    status: np.ndarray  # str
    error: np.ndarray  # str
    design_point: np.ndarray | None = None  # as written by the sweep, when it is
    metric_units: dict = dataclasses.field(default_factory=dict)  # family -> units
    # family -> MetricArray: each metric with its axes, as the file holds it
    arrays: dict = dataclasses.field(default_factory=dict)
    # the record times of the base calendar, days from its start (empty if unknown)
    time_days: np.ndarray = dataclasses.field(default_factory=lambda: np.zeros(0))
    start_date: pd.Timestamp | None = None
    faction_labels: list = dataclasses.field(default_factory=list)
    node_labels: list = dataclasses.field(default_factory=list)  # node ids
    node_display: dict = dataclasses.field(default_factory=dict)  # node id -> name
    target_text: dict = dataclasses.field(default_factory=dict)  # target id -> text

    @property
    def ok(self) -> np.ndarray:
        return self.status == "ok"

    @property
    def design(self) -> str:
        return str(self.attrs.get("design", "")).lower()

    @property
    def replicates(self) -> int:
        stated = self.attrs.get("replicates")
        if stated is not None:
            return max(1, int(stated))
        return int(self.replicate.max()) + 1 if self.replicate.size else 1

    def varying_metrics(self) -> list[str]:
        """Metrics that take more than one value over the successful runs: whole-run
        metrics first, then the columns of per-faction, per-node ... metrics taken in
        turn from each family (killed[GNA], besieged_days[sirte], killed[ISIS], ...), so
        that a figure with room for a few shows every family."""
        varying = [m for m in self.metrics.columns if self.metrics[m].dropna().nunique() > 1]
        families: dict[str, list[str]] = {}
        for metric in varying:
            families.setdefault(metric.split("[")[0] if "[" in metric else "", []).append(metric)
        ordered = families.pop("", [])
        columns = list(families.values())
        for k in range(max((len(c) for c in columns), default=0)):
            ordered += [c[k] for c in columns if k < len(c)]
        return ordered

    def units_of(self, metric: str) -> str:
        return self.metric_units.get(metric.split("[")[0], "")

    def label_of(self, metric: str) -> str:
        """`killed[GNA] (people)`: the metric with its units, for axis labels."""
        units = self.units_of(metric)
        return f"{metric} ({units})" if units and units != "1" else metric

    def constant_metrics(self) -> list[str]:
        varying = set(self.varying_metrics())
        return [m for m in self.metrics.columns if m not in varying]

    def design_points(self) -> np.ndarray:
        """A design-point number for every run: the file's `design_point` if it has one,
        else runs with equal parameters share one."""
        if self.design_point is not None:
            return self.design_point
        if self.params.empty:
            return np.arange(len(self.status))
        return self.params.groupby(list(self.params.columns), sort=False, dropna=False).ngroup().to_numpy()


@dataclasses.dataclass
class MetricArray:
    """One `metric_<name>` variable: values [run, *axes] (NaN for failed runs and for
    integer fill values), the labels along each axis, its units and outcome type."""
    name: str
    dims: list
    labels: list  # one list of labels per axis after `run`
    values: np.ndarray
    units: str
    outcome: str


# The outcome type of each summary metric (sim/metrics/summary.cpp). A metric variable's
# own `outcome` attribute, when the file has one, wins.
# The statistics read these with their axes: a metric of that name over other axes is
# taken as continuous.
METRIC_OUTCOMES = {
    "capture_day": ("time to event", ["faction", "node"]),
    "final_control": ("categorical", ["node"]),
    "target_met": ("categorical", ["target"]),
}


def metric_outcome(name: str, dims, attrs) -> str:
    from analysis import outcomes
    stated = str(attrs.get("outcome", "")).strip().lower()
    if stated in (outcomes.CATEGORICAL, outcomes.TIME_TO_EVENT, outcomes.CONTINUOUS):
        return stated
    outcome, axes = METRIC_OUTCOMES.get(name, (outcomes.CONTINUOUS, None))
    return outcome if axes is None or list(dims) == axes else outcomes.CONTINUOUS


def _time_days(ds: xr.Dataset) -> np.ndarray:
    if "time" not in ds.variables or ds.sizes.get("time", 0) == 0:
        return np.zeros(0)
    values = ds["time"].values
    if np.issubdtype(values.dtype, np.datetime64):
        return (values - values[0]) / np.timedelta64(1, "D")
    return np.asarray(values, dtype=float)


def _calendar_days(attrs: dict) -> np.ndarray:
    """Record times (days from the start) of the calendar in a sweep's resolved scenario
    (`scenario_yaml`), for files written without time series (no `time` axis)."""
    import yaml
    try:
        calendar = yaml.safe_load(str(attrs.get("scenario_yaml", ""))).get("calendar", {})
        start, end = pd.Timestamp(str(calendar["start"])), pd.Timestamp(str(calendar["end"]))
    except (yaml.YAMLError, AttributeError, KeyError, TypeError, ValueError):
        return np.zeros(0)
    step = str(calendar.get("step", "1d")).strip().lower()
    hours = float(step[:-1]) * (24 if step.endswith("d") else 1) if step[-1:] in ("d", "h") else 24.0
    if not hours > 0 or end < start:
        return np.zeros(0)
    records = int((end - start) / pd.Timedelta(hours=hours)) + 1
    return np.arange(records) * hours / 24.0


def _column_labels(ds: xr.Dataset, dim: str) -> list[str]:
    if dim in ds.variables:
        return [str(v) for v in _decode_strings(ds[dim].values)]
    return [str(i) for i in range(ds.sizes[dim])]


def open_sweep(path) -> Sweep:
    ds = _open(path)
    if "run" not in ds.dims:
        raise AnalysisInputError(f"{path}: not a sweep file: no `run` dimension")
    if "run" in ds.coords and ds["run"].dtype.kind in "iu":
        ds = ds.sortby("run")  # the Saltelli blocks are in run order, whatever order runs finished in
    runs = ds.sizes["run"]
    params, paths, metrics, units, arrays = {}, {}, {}, {}, {}
    for name in sorted(ds.data_vars):
        var = ds[name]
        if "run" not in var.dims:
            continue
        if name.startswith("param_") and var.ndim == 1:
            short = name[len("param_"):]
            values = var.values
            params[short] = values if values.dtype.kind in "iufb" else pd.Categorical(values.astype(str))
            paths[short] = str(var.attrs.get("path", short))
        elif name.startswith("metric_") and var.dtype.kind in "iufb":
            short = name[len("metric_"):]
            units[short] = str(var.attrs.get("units", ""))
            other = [d for d in var.dims if d != "run"]
            values = var.transpose("run", *other).values.astype(float)
            fill = var.attrs.get("_FillValue", var.encoding.get("_FillValue"))
            if fill is not None and var.dtype.kind in "iu":
                values[var.transpose("run", *other).values == fill] = np.nan
            arrays[short] = MetricArray(short, other, [_column_labels(ds, d) for d in other], values,
                                        units[short], metric_outcome(short, other, var.attrs))
            if not other:
                metrics[short] = var.values.astype(float)
                continue
            # One metric per column: killed[GNA], capture_day[GNA,sirte]
            table = var.transpose("run", *other).values.astype(float).reshape(runs, -1)
            labels = [_column_labels(ds, d) for d in other]
            for j, combination in enumerate(itertools.product(*labels)):
                metrics[f"{short}[{','.join(combination)}]"] = table[:, j]
    stated_order = [str(n)[len("param_"):] for n in np.atleast_1d(ds.attrs.get("parameter_variables", []))]
    params = {k: params[k] for k in sorted(params, key=lambda k: (stated_order.index(k) if k in stated_order
                                                                  else len(stated_order), k))}
    status = _decode_strings(ds["status"].values) if "status" in ds else np.full(runs, "ok", object)
    error = _decode_strings(ds["error"].values) if "error" in ds else np.full(runs, "", object)
    status = np.array([str(s).strip().lower() for s in status], dtype=object)
    metrics_frame = pd.DataFrame(metrics, index=pd.RangeIndex(runs, name="run"))
    metrics_frame.loc[status != "ok"] = np.nan
    for array in arrays.values():
        array.values[status != "ok"] = np.nan
    start = ds.attrs.get("start_date")
    if "time" in ds.variables and np.issubdtype(ds["time"].dtype, np.datetime64) and ds.sizes["time"]:
        start = ds["time"].values[0]
    return Sweep(
        path=Path(path), attrs=dict(ds.attrs),
        params=pd.DataFrame(params, index=pd.RangeIndex(runs, name="run")), param_paths=paths,
        metrics=metrics_frame,
        replicate=ds["replicate"].values.astype(int) if "replicate" in ds else np.zeros(runs, int),
        seed=ds["seed"].values if "seed" in ds else np.zeros(runs, np.uint64),
        status=status, error=np.array([str(e) for e in error], dtype=object),
        design_point=ds["design_point"].values.astype(int) if "design_point" in ds else None,
        metric_units=units, arrays=arrays,
        time_days=_time_days(ds) if "time" in ds.variables else _calendar_days(ds.attrs),
        start_date=pd.Timestamp(start) if start is not None else None,
        faction_labels=_column_labels(ds, "faction") if "faction" in ds.dims else [],
        node_labels=_column_labels(ds, "node") if "node" in ds.dims else [],
        node_display=(dict(zip(_column_labels(ds, "node"), _decode_strings(ds["node_name"].values)))
                      if "node_name" in ds else {}),
        target_text=(dict(zip(_column_labels(ds, "target"), _decode_strings(ds["target_text"].values)))
                     if "target_text" in ds else {}))
