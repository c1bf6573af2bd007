"""The runs of one scenario (a sweep file's replicates, or run files) as typed outcomes
per run, and their statistics (analysis.outcomes) per group of runs.

Per run:
- `capture_day[run, faction, node]`: days from the start until the faction first holds
  the node, NaN if it never does within the run (censored at `horizon_days`), 0 if it
  holds it from the start;
- `holder_end[run, node]`: the holder's index along `factions` at the end, -1 none;
- `continuous`: killed[F], wounded[F], oil_loss, peak_displaced, besieged_days[N], ...;
- `target_met[run, target]`: 1 met, 0 missed.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import io, outcomes
from analysis.errors import AnalysisInputError

NONE_LABEL = io.NO_CONTROL_LABEL


@dataclasses.dataclass
class Ensemble:
    label: str
    paths: list
    start: pd.Timestamp | None
    horizon_days: float  # the last record, days from the start: follow-up of every run
    factions: list  # ids
    nodes: list  # ids
    node_names: dict
    capture_day: np.ndarray | None  # [run, faction, node]
    holder_end: np.ndarray | None  # [run, node] float (NaN: no value)
    continuous: pd.DataFrame  # [run, quantity]
    continuous_units: dict
    target_met: pd.DataFrame  # [run, target]
    target_text: dict
    design_point: np.ndarray
    params: pd.DataFrame
    drawn_parameters: list = dataclasses.field(default_factory=list)  # varied within a point

    @property
    def runs(self) -> int:
        return len(self.design_point)

    def name_of(self, node: str) -> str:
        return self.node_names.get(node, node)

    def date_of(self, days: float) -> str:
        if self.start is None or not np.isfinite(days):
            return f"day {days:g}"
        return f"{self.start + pd.Timedelta(days=float(days)):%Y-%m-%d}"

    def end_date(self) -> str:
        return self.date_of(self.horizon_days)

    def subset(self, rows) -> "Ensemble":
        rows = np.asarray(rows)
        return dataclasses.replace(
            self,
            capture_day=None if self.capture_day is None else self.capture_day[rows],
            holder_end=None if self.holder_end is None else self.holder_end[rows],
            continuous=self.continuous.iloc[rows].reset_index(drop=True),
            target_met=self.target_met.iloc[rows].reset_index(drop=True),
            design_point=self.design_point[rows], params=self.params.iloc[rows].reset_index(drop=True))


# ---------------------------------------------------------------- building

CONTINUOUS_FAMILIES = ("killed", "wounded", "oil_loss", "peak_displaced", "besieged_days",
                       "final_strength", "oil_revenue", "min_oil_output", "final_displaced",
                       "peak_humanitarian")


def from_sweep(sweep: io.Sweep) -> Ensemble:
    """Only the successful runs."""
    ok = np.flatnonzero(sweep.ok)
    arrays = sweep.arrays
    capture = arrays.get("capture_day")
    holder = arrays.get("final_control")
    continuous, units = {}, {}
    for name, array in arrays.items():
        if array.outcome != outcomes.CONTINUOUS or name == "target_value":
            continue
        flat = array.values[ok].reshape(len(ok), -1)
        columns = _flat_labels(array)
        for j, column in enumerate(columns):
            key = f"{name}[{column}]" if column else name
            continuous[key] = flat[:, j]
            units[key] = array.units
    met = arrays.get("target_met")
    target_met = (pd.DataFrame(met.values[ok], columns=met.labels[0]) if met is not None
                  else pd.DataFrame(index=range(len(ok))))
    horizon = float(sweep.time_days[-1]) if len(sweep.time_days) else np.nan
    if capture is not None and not np.isfinite(horizon):
        raise AnalysisInputError(f"{sweep.path}: capture days without a `time` axis: the end of "
                                 "the runs (where captures are censored) is unknown")
    points = sweep.design_points()[ok]
    params = sweep.params.iloc[ok].reset_index(drop=True)
    return Ensemble(
        label=str(sweep.attrs.get("scenario", sweep.path.stem)), paths=[sweep.path],
        start=sweep.start_date, horizon_days=horizon,
        factions=list(capture.labels[0]) if capture is not None else list(sweep.faction_labels),
        nodes=list(sweep.node_labels), node_names=dict(sweep.node_display),
        capture_day=None if capture is None else capture.values[ok],
        holder_end=None if holder is None else holder.values[ok],
        continuous=pd.DataFrame(continuous, index=range(len(ok))), continuous_units=units,
        target_met=target_met, target_text=dict(sweep.target_text),
        design_point=points, params=params, drawn_parameters=_drawn(params, points))


def _flat_labels(array: io.MetricArray) -> list[str]:
    if not array.labels:
        return [""]
    import itertools
    return [",".join(c) for c in itertools.product(*array.labels)]


def _drawn(params: pd.DataFrame, points: np.ndarray) -> list[str]:
    """Parameters that differ between runs of one design point: drawn per replicate (a
    calibrated scenario's parameter distributions)."""
    drawn = []
    for name in params.columns:
        spread = pd.Series(params[name].to_numpy()).groupby(points).nunique()
        if (spread > 1).any():
            drawn.append(name)
    return drawn


def run_quantities(ds) -> dict:
    """One run file's outcomes, defined like the sweep's summary metrics
    (sim/metrics/src/summary.cpp), except the siege lengths, which follow `frontline run`'s
    summary (io.siege_lengths)."""
    ctrl = io.control(ds)
    times = pd.to_datetime(io.dates(ds))
    days = np.asarray((times - times[0]) / pd.Timedelta(days=1), dtype=float)
    factions, nodes = io.faction_ids(ds), io.node_ids(ds)
    capture = np.full((len(factions), len(nodes)), np.nan)
    for f in range(len(factions)):
        held = ctrl == f
        first = held.argmax(axis=0)
        capture[f] = np.where(held.any(axis=0), days[first], np.nan)
    continuous, units = {}, {}
    for family in ("killed", "wounded"):
        for f, fid in enumerate(factions):
            continuous[f"{family}[{fid}]"] = float(ds[family].values[-1, f])
            units[f"{family}[{fid}]"] = "people"
    continuous["oil_loss"], units["oil_loss"] = float(ds["oil_loss"].values[-1]), "USD"
    continuous["peak_displaced"] = float(io.total_displaced(ds).values.max(initial=0))
    units["peak_displaced"] = "people"
    lengths = io.siege_days(ds)
    for j, node in enumerate(nodes):
        continuous[f"besieged_days[{node}]"] = lengths[j]
        units[f"besieged_days[{node}]"] = "day"
    targets = io.targets_table(ds)
    met = {} if targets is None else dict(zip(targets["target"], targets["met"].astype(float)))
    text = {} if targets is None else dict(zip(targets["target"], targets["text"]))
    return {"days": days, "capture": capture, "holder": ctrl[-1].astype(float),
            "continuous": continuous, "units": units, "met": met, "text": text}


def from_runs(paths) -> Ensemble:
    """Run files of one scenario (each a replicate)."""
    datasets = [io.open_run(p) for p in paths]
    first = datasets[0]
    quantities = [run_quantities(ds) for ds in datasets]
    for path, ds in zip(paths[1:], datasets[1:]):
        if io.node_ids(ds) != io.node_ids(first) or io.faction_ids(ds) != io.faction_ids(first):
            raise AnalysisInputError(f"{path}: other nodes or factions than {paths[0]}")
    horizon = min(float(q["days"][-1]) for q in quantities)
    return Ensemble(
        label=io.run_label(first), paths=[Path(p) for p in paths],
        start=pd.Timestamp(io.dates(first)[0]), horizon_days=horizon,
        factions=io.faction_ids(first), nodes=io.node_ids(first),
        node_names=dict(zip(io.node_ids(first), io.node_names(first))),
        capture_day=np.stack([q["capture"] for q in quantities]),
        holder_end=np.stack([q["holder"] for q in quantities]),
        continuous=pd.DataFrame([q["continuous"] for q in quantities]),
        continuous_units=quantities[0]["units"],
        target_met=pd.DataFrame([q["met"] for q in quantities]),
        target_text=quantities[0]["text"],
        design_point=np.zeros(len(datasets), int), params=pd.DataFrame(index=range(len(datasets))))


def open_ensemble(path) -> Ensemble:
    """A sweep file (its replicates) or a run file (one run)."""
    if io.is_sweep_file(path):
        return from_sweep(io.open_sweep(path))
    return from_runs([path])


# ---------------------------------------------------------------- typed statistics

@dataclasses.dataclass(frozen=True)
class Fall:
    """A place taken by a faction: the event "faction first holds node" in the runs
    where it did not hold it at the start."""
    faction: str
    node: str
    days: np.ndarray  # per run at risk: the capture day, NaN if not within the run
    horizon: float

    @property
    def curve(self) -> outcomes.Survival:
        observed = np.isfinite(self.days)
        return outcomes.kaplan_meier(np.where(observed, self.days, self.horizon), observed)

    def by(self, day: float) -> outcomes.Proportion:
        """P(taken by `day`): every run is followed to the horizon, so a share of runs."""
        return outcomes.proportion(int((self.days <= day).sum()), len(self.days))

    def restricted_mean(self, tau: float | None = None) -> outcomes.RestrictedMean:
        return outcomes.restricted_mean(self.curve, self.horizon if tau is None else tau)


def falls(ensemble: Ensemble) -> list[Fall]:
    """Every (faction, node) where the faction takes the node in at least one run."""
    if ensemble.capture_day is None:
        return []
    found = []
    for f, faction in enumerate(ensemble.factions):
        for n, node in enumerate(ensemble.nodes):
            fall = fall_of(ensemble, faction, node)
            if fall is not None and np.isfinite(fall.days).any():
                found.append(fall)
    return found


def fall_of(ensemble: Ensemble, faction: str, node: str) -> Fall | None:
    if ensemble.capture_day is None or faction not in ensemble.factions or node not in ensemble.nodes:
        return None
    days = ensemble.capture_day[:, ensemble.factions.index(faction), ensemble.nodes.index(node)]
    at_risk = ~(days == 0)  # held from the start: nothing to take
    return Fall(faction, node, days[at_risk], ensemble.horizon_days)


def holder_labels(ensemble: Ensemble, node: str) -> list[str]:
    if ensemble.holder_end is None:
        return []
    values = ensemble.holder_end[:, ensemble.nodes.index(node)]
    labels = [NONE_LABEL, *ensemble.factions]
    return ["" if not np.isfinite(v) else labels[int(v) + 1] for v in values]


def holder_shares(ensemble: Ensemble, node: str) -> dict[str, outcomes.Proportion]:
    return outcomes.category_shares(holder_labels(ensemble, node))


def varying_holders(ensemble: Ensemble) -> list[str]:
    """Nodes whose holder at the end is not the same in every run."""
    if ensemble.holder_end is None:
        return []
    return [n for j, n in enumerate(ensemble.nodes)
            if len(set(ensemble.holder_end[:, j][np.isfinite(ensemble.holder_end[:, j])])) > 1]
