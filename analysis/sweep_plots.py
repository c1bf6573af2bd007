"""Figures of a sweep, by type of outcome. Each returns (figure, data) like analysis.plots.

The quantities come from analysis.quantities: indicators (a place taken by the end, a holder
at the end, a target met) are drawn as shares of runs with Wilson intervals; values (the
restricted day a place is taken, casualties, oil lost, ...) as distributions, medians and
10-90% bands; places taken also as Kaplan-Meier curves."""
from __future__ import annotations

import math
import textwrap

import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from analysis import io, outcomes
from analysis import quantities as qty
from analysis.plots import _si, _si_formatter, draw_taken_curve, new_figure
from analysis.sensitivity import SensitivityResult

# Beyond these a figure stops being readable; the tables still list everything.
MAX_PANELS = 12
MAX_ROWS = 8
MAX_PARAMETERS = 8
MAX_CURVES = 10
MAX_POINTS_DRAWN = 60
FEW_VALUES = 12
POINT_COLOUR = "#3a6ea5"
TREND_COLOUR = "#d35400"
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
           "#bcbd22", "#17becf")


def _grid(count: int, columns: int):
    columns = max(1, min(columns, count))
    return math.ceil(count / columns), columns


def _wrap(text: str, width: int = 34) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def _of_kind(found, kind):
    return [q for q in found if q.kind == kind]


def _value_text(value: float) -> str:
    return _si(value) if value else "0"


# ---------------------------------------------------------------- distributions of values

def histograms_figure(sweep: io.Sweep, table: pd.DataFrame, found: list):
    """Distribution of each value quantity over the successful runs. A quantity with few
    distinct values gets one bar per value at evenly spaced positions (so 9 runs at day 187
    are a bar of their own, labelled, not a wide bar mid-axis)."""
    chosen = _of_kind(found, qty.VALUE)[:MAX_PANELS]
    rows, cols = _grid(max(1, len(chosen)), 4)
    figure = new_figure(3.5 * cols, 2.8 * rows + 0.5)
    axes = np.atleast_1d(figure.subplots(rows, cols, squeeze=False).ravel())
    drawn = {}
    for axis, quantity in zip(axes, chosen):
        values = table[quantity.name].to_numpy(float)[sweep.ok]
        values = values[np.isfinite(values)]
        distinct, counts = np.unique(values, return_counts=True)
        if len(distinct) <= FEW_VALUES:
            positions = np.arange(len(distinct))
            axis.bar(positions, counts, width=0.7, color=POINT_COLOUR)
            labels = [_value_text(v) for v in distinct]
            axis.set_xticks(positions, labels=labels, rotation=45 if len(distinct) > 5 else 0,
                            ha="right" if len(distinct) > 5 else "center")
            drawn[quantity.name] = dict(zip(distinct.tolist(), counts.tolist()))
            median_position = np.interp(np.median(values), distinct, positions) if len(distinct) > 1 else 0
        else:
            edges = np.histogram_bin_edges(values, bins="auto")
            if len(edges) > 31:
                edges = np.linspace(values.min(), values.max(), 31)
            heights, edges, _ = axis.hist(values, bins=edges, color=POINT_COLOUR, edgecolor="white",
                                          linewidth=0.5)
            axis.xaxis.set_major_formatter(_si_formatter())
            axis.xaxis.set_major_locator(MaxNLocator(5))
            drawn[quantity.name] = {"edges": edges, "counts": heights}
            median_position = np.median(values)
        axis.axvline(median_position, color=TREND_COLOUR, linewidth=1.2)
        axis.set_title(_wrap(qty.label(quantity)), fontsize=8)
        axis.set_ylabel("runs", fontsize=8)
        axis.tick_params(labelsize=7)
    for axis in axes[len(chosen):]:
        axis.axis("off")
    figure.suptitle(f"{sweep.attrs.get('scenario', 'sweep')}: distribution over {int(sweep.ok.sum())} "
                    "successful runs (orange: median)", fontsize=11)
    return figure, {"quantities": [q.name for q in chosen], "counts": drawn}


# ---------------------------------------------------------------- against parameters

def _bins(x: np.ndarray):
    """(bin of every run, bin centres, labels): each distinct value when there are few,
    else deciles."""
    distinct = np.unique(x[np.isfinite(x)])
    if len(distinct) <= FEW_VALUES:
        which = np.searchsorted(distinct, x)
        return which, distinct, [_value_text(v) for v in distinct]
    edges = np.unique(np.nanquantile(x, np.linspace(0, 1, 11)))
    which = np.clip(np.searchsorted(edges, x, side="right") - 1, 0, len(edges) - 2)
    centres = np.array([np.nanmean(x[which == k]) if (which == k).any() else np.nan
                        for k in range(len(edges) - 1)])
    return which, centres, None


def _parameter_values(sweep: io.Sweep, parameter: str):
    column = sweep.params[parameter]
    if pd.api.types.is_numeric_dtype(column):
        return column.to_numpy(float), None
    codes = pd.Categorical(column)
    return codes.codes.astype(float), list(codes.categories)


def against_parameters_figure(sweep: io.Sweep, table: pd.DataFrame, found: list):
    """Rows: quantities (indicators first); columns: parameters. An indicator: the share of
    runs per parameter value (or decile) with its Wilson interval. A value: each run a dot,
    the median per value (or decile) a line, the 10-90% band shaded."""
    chosen = (_of_kind(found, qty.INDICATOR) + _of_kind(found, qty.VALUE))[:MAX_ROWS]
    parameters = list(sweep.params.columns)[:MAX_PARAMETERS]
    rows, cols = max(1, len(chosen)), max(1, len(parameters))
    figure = new_figure(max(6.5, 3.0 * cols), 2.5 * rows + 0.9)
    axes = figure.subplots(rows, cols, squeeze=False)
    drawn = {}
    for r, quantity in enumerate(chosen):
        y_all = table[quantity.name].to_numpy(float)
        for c, parameter in enumerate(parameters):
            axis = axes[r, c]
            x_all, categories = _parameter_values(sweep, parameter)
            keep = np.isfinite(x_all) & np.isfinite(y_all)
            x, y = x_all[keep], y_all[keep]
            which, centres, labels = _bins(x)
            if quantity.kind == qty.INDICATOR:
                shares = [outcomes.proportion_of(y[which == k]) for k in range(len(centres))]
                present = [k for k, p in enumerate(shares) if p.trials]
                share = np.array([shares[k].share for k in present])
                axis.errorbar(centres[present], share,
                              yerr=np.clip([share - [shares[k].low for k in present],
                                            [shares[k].high for k in present] - share], 0, None),
                              fmt="o-", color=POINT_COLOUR, markersize=3.5, capsize=2, linewidth=1.2)
                axis.set_ylim(-0.04, 1.04)
                drawn[(quantity.name, parameter)] = (centres[present], share)
            else:
                axis.scatter(x, y, s=7, color=POINT_COLOUR, alpha=0.35, linewidths=0)
                bands = [outcomes.quantiles(y[which == k]) for k in range(len(centres))]
                present = [k for k, q in enumerate(bands) if q.runs]
                axis.fill_between(centres[present], [bands[k].low for k in present],
                                  [bands[k].high for k in present], color=TREND_COLOUR, alpha=0.15, linewidth=0)
                axis.plot(centres[present], [bands[k].median for k in present], color=TREND_COLOUR, linewidth=1.8)
                axis.yaxis.set_major_formatter(_si_formatter())
                drawn[(quantity.name, parameter)] = (centres[present], np.array([bands[k].median for k in present]))
            if categories is not None:
                axis.set_xticks(range(len(categories)), labels=categories, rotation=30, fontsize=7)
            elif labels is not None and len(labels) <= 6:
                axis.set_xticks(centres, labels=labels)
            axis.tick_params(labelsize=7)
            if r == rows - 1:
                axis.set_xlabel(f"{parameter}\n({sweep.param_paths.get(parameter, parameter)})", fontsize=8)
            if c == 0:
                axis.set_ylabel(_wrap(qty.label(quantity), 28), fontsize=7)
            axis.grid(color="#eeeeee", linewidth=0.5)
    figure.suptitle(f"{sweep.attrs.get('scenario', 'sweep')}: outcomes against the varied parameters\n"
                    "shares of runs with 95% Wilson intervals; values: runs (dots), median and 10-90% "
                    "(orange), per parameter value or decile", fontsize=10)
    return figure, {"points": drawn, "quantities": [q.name for q in chosen], "parameters": parameters}


# ---------------------------------------------------------------- places taken

def point_labels(sweep: io.Sweep, points: np.ndarray) -> dict[int, str]:
    """design point -> "isis_fighters=1500, aimed_kill_rate=0.03"."""
    labels = {}
    for point in np.unique(points):
        first = int(np.flatnonzero(points == point)[0])
        labels[int(point)] = ", ".join(f"{name}={_format_parameter(sweep.params[name].iloc[first])}"
                                       for name in sweep.params.columns) or "all runs"
    return labels


def _format_parameter(value) -> str:
    if isinstance(value, (float, np.floating)):
        return f"{value:.4g}"
    return str(value)


def survival_figure(sweep: io.Sweep, falls: list):
    """For each place taken (faction, node): P(taken by day t), Kaplan-Meier, one curve per
    design point when there are few (labelled with its parameters), else one per value (or
    quartile) of the parameter that moves it most, else one for all runs with its 95% band. Runs in which the place is not taken end at the last day, which
    is where the curves stop (they do not fall to a mean of the runs that did)."""
    chosen = falls[:6]
    rows, cols = _grid(max(1, len(chosen)), 2)
    figure = new_figure(max(9.0, 6.0 * cols), 3.6 * rows + 0.8)
    axes = figure.subplots(rows, cols, squeeze=False).ravel()
    points = sweep.design_points()
    ok = sweep.ok
    labels = {p: text for p, text in point_labels(sweep, points).items() if (ok & (points == p)).any()}
    per_point = 1 < len(labels) <= MAX_CURVES
    horizon = qty.horizon_days(sweep)
    capture = sweep.arrays["capture_day"] if chosen else None
    drawn = {}
    for axis, (faction, node) in zip(axes, chosen):
        f, n = capture.labels[0].index(faction), capture.labels[1].index(node)
        days = capture.values[:, f, n]
        groups = ([(labels[p], ok & (points == p)) for p in sorted(labels)] if per_point
                  else _groups_by_parameter(sweep, ok & ~(days == 0), np.isfinite(days)))
        for k, (label, rows_of) in enumerate(groups):
            d = days[rows_of & ~(days == 0)]
            observed = np.isfinite(d)
            curve = outcomes.kaplan_meier(np.where(observed, d, horizon), observed)
            drawn[(faction, node, label)] = draw_taken_curve(
                axis, curve, horizon, PALETTE[k % len(PALETTE)], f"{label} ({curve.runs} runs)",
                band=len(groups) == 1)
        axis.set_xlim(0, horizon)
        axis.set_ylim(-0.02, 1.02)
        axis.set_title(f"{qty.node_name(sweep, node)} taken by {faction}", fontsize=9)
        axis.set_xlabel(f"days from {qty.date_of(sweep, 0)} (the runs end on day {horizon:g}, "
                        f"{qty.date_of(sweep, horizon)})", fontsize=8)
        axis.set_ylabel("share of runs, taken by then", fontsize=8)
        axis.grid(color="#eeeeee", linewidth=0.5)
        axis.tick_params(labelsize=7)
        axis.legend(fontsize=6.5, frameon=False, loc="upper left")
    for axis in axes[len(chosen):]:
        axis.axis("off")
    if not chosen:
        axes[0].axis("on")
        axes[0].text(0.5, 0.5, "no place changes hands in any run", ha="center", va="center",
                     transform=axes[0].transAxes)
    figure.suptitle("Places taken: share of runs in which the place is held by each day "
                    "(Kaplan-Meier)", fontsize=11)
    return figure, {"curves": drawn, "per_point": per_point}


# ---------------------------------------------------------------- per design point

def _parameter_groups(sweep: io.Sweep, parameter: str, rows):
    """[(label, runs)] for the parameter's values (few) or quartiles (many)."""
    x, categories = _parameter_values(sweep, parameter)
    distinct = np.unique(x[rows & np.isfinite(x)])
    if len(distinct) <= MAX_CURVES:
        names = categories if categories is not None else None
        return [(f"{parameter}={names[int(v)] if names else _format_parameter(v)}", rows & (x == v))
                for v in distinct]
    edges = np.quantile(x[rows & np.isfinite(x)], [0, 0.25, 0.5, 0.75, 1.0])
    which = np.clip(np.searchsorted(edges, x, side="right") - 1, 0, 3)
    return [(f"{parameter} in [{_format_parameter(edges[k])}, {_format_parameter(edges[k + 1])}]",
             rows & (which == k)) for k in range(4)]


def _groups_by_parameter(sweep: io.Sweep, rows, taken):
    """Too many design points for a curve each: the runs grouped by the parameter whose
    groups differ most in the share of runs with the capture (the strongest effect shows,
    e.g. a strength above which a place never falls), else all runs together."""
    best, best_spread = [("all runs", rows.copy())], 0.0
    for parameter in sweep.params.columns:
        groups = _parameter_groups(sweep, parameter, rows)
        shares = [taken[g].mean() for _, g in groups if g.any()]
        spread = max(shares) - min(shares) if shares else 0.0
        if spread > best_spread:
            best, best_spread = groups, spread
    return best


def design_point_table(sweep: io.Sweep, table: pd.DataFrame, found: list) -> pd.DataFrame:
    """One row per design point, in the design's order, with its parameters: each indicator
    as the share of its runs [95% interval], each value as median [10-90%]."""
    points = sweep.design_points()
    ok = sweep.ok
    rows = []
    for point in sorted(np.unique(points)):
        mine = (points == point)
        first = int(np.flatnonzero(mine)[0])
        row = {"point": int(point)}
        for name in sweep.params.columns:
            row[name] = sweep.params[name].iloc[first]
        row["runs ok"] = int((mine & ok).sum())
        for quantity in found:
            values = table[quantity.name].to_numpy(float)[mine & ok]
            if quantity.kind == qty.INDICATOR:
                row[qty.label(quantity)] = outcomes.proportion_of(values).percent()
            else:
                q = outcomes.quantiles(values)
                row[qty.label(quantity)] = (f"{_value_text(q.median)} [{_value_text(q.low)}-{_value_text(q.high)}]"
                                            if q.runs else "")
        rows.append(row)
    return pd.DataFrame(rows)


def design_points_figure(sweep: io.Sweep, table: pd.DataFrame, found: list):
    """Per design point, in the design's order and labelled with its parameters: shares of
    runs with Wilson intervals (indicators) or medians with the 10-90% band (values)."""
    points = sweep.design_points()
    ok = sweep.ok
    order = sorted(np.unique(points[ok]))
    labels = point_labels(sweep, points)
    chosen = (_of_kind(found, qty.INDICATOR) + _of_kind(found, qty.VALUE))[:MAX_PANELS]
    rows, cols = _grid(max(1, len(chosen)), 2)
    width = min(16.0, max(6.0, 0.32 * len(order) + 3))
    figure = new_figure(width * cols / 1.4, 3.4 * rows + 1.2)
    axes = figure.subplots(rows, cols, squeeze=False).ravel()
    positions = np.arange(len(order))
    drawn = {}
    for axis, quantity in zip(axes, chosen):
        values = table[quantity.name].to_numpy(float)
        centre, low, high = [], [], []
        for point in order:
            mine = values[(points == point) & ok]
            if quantity.kind == qty.INDICATOR:
                p = outcomes.proportion_of(mine)
                centre.append(p.share), low.append(p.low), high.append(p.high)
            else:
                q = outcomes.quantiles(mine)
                centre.append(q.median), low.append(q.low), high.append(q.high)
        centre, low, high = map(np.array, (centre, low, high))
        axis.errorbar(positions, centre, yerr=np.clip([centre - low, high - centre], 0, None), fmt="o",
                      color=POINT_COLOUR if quantity.kind == qty.INDICATOR else TREND_COLOUR,
                      markersize=3.5, capsize=2, linewidth=1)
        if quantity.kind == qty.INDICATOR:
            axis.set_ylim(-0.04, 1.04)
        else:
            axis.yaxis.set_major_formatter(_si_formatter())
        axis.set_title(_wrap(qty.label(quantity), 60), fontsize=8)
        axis.set_xticks(positions, labels=[labels[p] for p in order], rotation=90, fontsize=6)
        axis.tick_params(axis="y", labelsize=7)
        axis.grid(color="#eeeeee", linewidth=0.5)
        drawn[quantity.name] = (np.array(order), centre, low, high)
    for axis in axes[len(chosen):]:
        axis.axis("off")
    figure.suptitle(f"Per design point ({sweep.replicates} replicates each): shares of runs with 95% "
                    "intervals (blue), medians with 10-90% of runs (orange)", fontsize=10)
    return figure, {"order": order, "values": drawn}


def replicate_spread(sweep: io.Sweep, table: pd.DataFrame, found: list) -> pd.DataFrame | None:
    """Per value quantity: how much replicates of one design point differ."""
    points = sweep.design_points()
    if len(np.unique(points)) == len(points):
        return None
    rows = []
    for quantity in _of_kind(found, qty.VALUE):
        frame = pd.DataFrame({"point": points, "y": table[quantity.name].to_numpy(float)}).dropna()
        if frame.empty:
            continue
        grouped = frame.groupby("point")["y"]
        iqr = grouped.quantile(0.75) - grouped.quantile(0.25)
        total = frame["y"].var(ddof=1)
        within = grouped.var(ddof=1).mean()
        rows.append({"quantity": qty.label(quantity), "design points": int(grouped.ngroups),
                     "median IQR within a point": float(iqr.median()),
                     "largest IQR within a point": float(iqr.max()),
                     "replicate share of variance": float(within / total) if total > 0 else np.nan})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- sensitivity

def sensitivity_figure(result: SensitivityResult):
    table = result.table
    metrics = list(dict.fromkeys(table["metric"]))[:MAX_PANELS]
    rows, cols = _grid(max(1, len(metrics)), 3)
    figure = new_figure(4.6 * cols, 3.2 * rows + 0.6)
    axes = figure.subplots(rows, cols, squeeze=False).ravel()
    drawn = {}
    for axis, metric in zip(axes, metrics):
        part = table[table["metric"] == metric]
        positions = np.arange(len(part))
        title = metric
        if result.method == "sobol":
            for offset, key, colour in ((-0.2, "S1", POINT_COLOUR), (0.2, "ST", TREND_COLOUR)):
                values = part[key].to_numpy(float)
                error = np.abs(np.vstack([values - part[f"{key} low"].to_numpy(float),
                                          part[f"{key} high"].to_numpy(float) - values]))
                axis.bar(positions + offset, values, width=0.38, color=colour, label=key,
                         yerr=np.nan_to_num(error), capsize=2, error_kw={"linewidth": 0.8})
            axis.set_ylim(min(-0.05, np.nanmin(part["S1 low"].to_numpy(float), initial=0) - 0.05),
                          max(1.05, np.nanmax(part["ST high"].to_numpy(float), initial=0) + 0.05))
            axis.set_ylabel("share of variance", fontsize=8)
            drawn[metric] = part[["S1", "ST"]].to_numpy(float)
        else:
            values = part["SRC"].to_numpy(float)
            axis.bar(positions, values, width=0.6,
                     color=[POINT_COLOUR if v >= 0 else TREND_COLOUR for v in np.nan_to_num(values)])
            axis.axhline(0, color="black", linewidth=0.6)
            axis.set_ylim(-1.05, 1.05)
            axis.set_ylabel("SRC", fontsize=8)
            r2 = part["R²"].iloc[0] if len(part) else np.nan
            title = f"{metric} (R² = {r2:.2f})"
            drawn[metric] = values
        axis.set_xticks(positions, labels=list(part["parameter"]), rotation=30, fontsize=7, ha="right")
        axis.set_title(_wrap(title, 50), fontsize=8)
        axis.grid(axis="y", color="#eeeeee", linewidth=0.5)
        axis.set_axisbelow(True)
        axis.tick_params(labelsize=7)
    if metrics and result.method == "sobol":
        axes[0].legend(fontsize=7, frameon=False)
    for axis in axes[len(metrics):]:
        axis.axis("off")
    title = ("Sobol indices: first order S1 (blue), total order ST (orange)\nwith 95% bootstrap intervals"
             if result.method == "sobol" else
             "Standardised regression coefficients\n(blue positive, orange negative)")
    figure.suptitle(title, fontsize=11)
    return figure, {"values": drawn, "method": result.method}
