"""Per-run quantities of a sweep that a mean, a regression or a Sobol index can be taken of,
derived from its metrics by their type (analysis.outcomes):

- a place taken (censored time): the indicator "taken by the end of the run" and the restricted
  day min(day taken, end of the run); never the day itself, which is missing where it was not
  taken, and never its mean over the runs that happened to end;
- the holder at the end (categorical): one indicator per holder ("GNA holds Sirte at the end"),
  never the holder's index along the faction axis;
- a target (met or not): its indicator;
- continuous metrics as they are.

Every quantity has one value per run of the file (NaN for a failed run, and where it does not
apply: the day a faction takes a place it held from the start), so Saltelli blocks stay aligned."""
from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from analysis import io, outcomes


@dataclasses.dataclass(frozen=True)
class Quantity:
    name: str  # column in the table
    kind: str  # "indicator" (0/1: its mean is a probability) or "value"
    source: str  # the metric family it comes from
    units: str = ""


INDICATOR, VALUE = "indicator", "value"


def horizon_days(sweep: io.Sweep) -> float:
    return float(sweep.time_days[-1]) if len(sweep.time_days) else np.nan


def date_of(sweep: io.Sweep, days: float) -> str:
    if sweep.start_date is None or not np.isfinite(days):
        return f"day {days:g}"
    return f"{sweep.start_date + pd.Timedelta(days=float(days)):%Y-%m-%d}"


def node_name(sweep: io.Sweep, node: str) -> str:
    return sweep.node_display.get(node, node)


def derived(sweep: io.Sweep) -> tuple[pd.DataFrame, list[Quantity]]:
    """The table [run, quantity] and the quantities in order: places taken, holders at the
    end, targets, then continuous metrics. Columns that vary in no successful run, and
    columns equal to an earlier one, are left out."""
    columns: dict[str, np.ndarray] = {}
    found: list[Quantity] = []
    ok = sweep.ok
    horizon = horizon_days(sweep)
    end = date_of(sweep, horizon)

    def add(quantity: Quantity, values):
        values = np.asarray(values, dtype=float)
        seen = values[ok & np.isfinite(values)]
        if len(np.unique(seen)) < 2:
            return
        for other in columns.values():
            if np.array_equal(other, values, equal_nan=True):
                return
        columns[quantity.name] = values
        found.append(quantity)

    capture = sweep.arrays.get("capture_day")
    if capture is not None and np.isfinite(horizon):
        for f, faction in enumerate(capture.labels[0]):
            for n, node in enumerate(capture.labels[1]):
                days = capture.values[:, f, n]
                at_risk = ok & ~(days == 0)
                fell = np.where(at_risk, np.isfinite(days) & (days <= horizon), np.nan)
                if not np.nansum(fell):
                    continue
                place = node_name(sweep, node)
                add(Quantity(f"{faction} holds {place} by {end}", INDICATOR, "capture_day"), fell)
                restricted = np.where(at_risk, np.where(np.isfinite(days), np.minimum(days, horizon), horizon),
                                      np.nan)
                add(Quantity(f"day {faction} takes {place} ({horizon:g} if not by then)", VALUE,
                             "capture_day", "day"), restricted)
    holder = sweep.arrays.get("final_control")
    if holder is not None:
        labels = [io.NO_CONTROL_LABEL, *sweep.faction_labels]
        for n, node in enumerate(holder.labels[0]):
            values = holder.values[:, n]
            for code in sorted(set(values[ok & np.isfinite(values)].astype(int))):
                name = labels[code + 1] if 0 <= code + 1 < len(labels) else str(code)
                add(Quantity(f"{name} holds {node_name(sweep, node)} at the end", INDICATOR, "final_control"),
                    np.where(np.isfinite(values), values == code, np.nan))
    met = sweep.arrays.get("target_met")
    if met is not None:
        for t, target in enumerate(met.labels[0]):
            add(Quantity(f"target met: {target}", INDICATOR, "target_met"), met.values[:, t])
    for name, array in sweep.arrays.items():
        if array.outcome != outcomes.CONTINUOUS or name == "target_value":
            continue
        flat = array.values.reshape(len(ok), -1)
        labels = _labels(sweep, array)
        for j, label in enumerate(labels):
            key = f"{name}[{label}]" if label else name
            add(Quantity(key, VALUE, name, array.units if array.units != "1" else ""), flat[:, j])
    return pd.DataFrame(columns, index=pd.RangeIndex(len(ok), name="run")), found


def _labels(sweep: io.Sweep, array: io.MetricArray) -> list[str]:
    if not array.labels:
        return [""]
    import itertools
    named = [[node_name(sweep, v) if d == "node" else v for v in labels]
             for d, labels in zip(array.dims, array.labels)]
    return [",".join(c) for c in itertools.product(*named)]


def label(quantity: Quantity) -> str:
    if quantity.kind == INDICATOR:
        return f"P({quantity.name})"
    return f"{quantity.name} ({quantity.units})" if quantity.units else quantity.name
