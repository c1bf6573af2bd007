"""Figures of a sweep. Each returns (figure, data) like analysis.plots."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analysis import io
from analysis.plots import _si_formatter, new_figure
from analysis.sensitivity import SensitivityResult

# Beyond these a figure stops being readable; the tables still list everything.
MAX_METRICS = 16
MAX_PARAMETERS = 8
POINT_COLOUR = "#3a6ea5"
TREND_COLOUR = "#d35400"


def plotted_metrics(sweep: io.Sweep) -> list[str]:
    """The metrics worth a panel: those that vary, whole-run metrics first."""
    return sweep.varying_metrics()[:MAX_METRICS]


def _grid(count: int, columns: int):
    columns = max(1, min(columns, count))
    return math.ceil(count / columns), columns


def histograms_figure(sweep: io.Sweep):
    metrics = plotted_metrics(sweep)
    rows, cols = _grid(len(metrics), 4)
    figure = new_figure(3.4 * cols, 2.7 * rows + 0.4)
    axes = np.atleast_1d(figure.subplots(rows, cols, squeeze=False).ravel())
    counts = {}
    for axis, metric in zip(axes, metrics):
        values = sweep.metrics[metric].to_numpy(float)[sweep.ok]
        missing = int((~np.isfinite(values)).sum())  # e.g. a capture that never happened
        values = values[np.isfinite(values)]
        distinct = np.unique(values)
        if len(distinct) <= 12:  # a few values (a flag, a faction index): one bar each
            middles = (distinct[1:] + distinct[:-1]) / 2
            step = np.min(np.diff(distinct)) if len(distinct) > 1 else 1.0
            bins = np.concatenate([[distinct[0] - step / 2], middles, [distinct[-1] + step / 2]])
        else:
            bins = min(30, max(5, int(math.sqrt(len(values)))))
        heights, _, _ = axis.hist(values, bins=bins, color=POINT_COLOUR, edgecolor="white", linewidth=0.5,
                                  rwidth=0.8 if len(distinct) <= 12 else None)
        if len(distinct) <= 12:
            axis.set_xticks(distinct, labels=[f"{v:g}" for v in distinct])
        units = sweep.units_of(metric)
        if units and units != "1":
            axis.set_xlabel(units, fontsize=8)
        counts[metric] = int(heights.sum())
        axis.axvline(np.median(values), color=TREND_COLOUR, linewidth=1.2, label="median")
        axis.set_title(metric + (f"\n({missing} successful runs without a value)" if missing else ""),
                       fontsize=9)
        axis.set_ylabel("runs", fontsize=8)
        axis.set_axisbelow(True)
        axis.tick_params(labelsize=7)
    for axis in axes[len(metrics):]:
        axis.axis("off")
    figure.suptitle(f"{sweep.attrs.get('scenario', 'sweep')}: distribution of each metric over "
                    f"{int(sweep.ok.sum())} successful runs (orange: median)", fontsize=11)
    return figure, {"metrics": metrics, "counts": counts}


def _trend(x, y):
    """Mean of y per distinct x, or per quantile bin of x when x takes many values."""
    distinct = np.unique(x)
    if len(distinct) <= 12:
        return distinct, np.array([y[x == v].mean() for v in distinct])
    edges = np.unique(np.quantile(x, np.linspace(0, 1, 11)))
    which = np.clip(np.searchsorted(edges, x, side="right") - 1, 0, len(edges) - 2)
    centres = np.array([x[which == k].mean() for k in range(len(edges) - 1) if (which == k).any()])
    means = np.array([y[which == k].mean() for k in range(len(edges) - 1) if (which == k).any()])
    return centres, means


def scatter_figure(sweep: io.Sweep):
    metrics = plotted_metrics(sweep)[:8]
    parameters = list(sweep.params.columns)[:MAX_PARAMETERS]
    rows, cols = len(metrics), len(parameters)
    figure = new_figure(max(6.5, 2.9 * cols), 2.4 * rows + 0.8)
    axes = figure.subplots(rows, cols, squeeze=False)
    plotted = {}
    for r, metric in enumerate(metrics):
        y_all = sweep.metrics[metric].to_numpy(float)
        for c, parameter in enumerate(parameters):
            axis = axes[r, c]
            column = sweep.params[parameter]
            labels = None
            if pd.api.types.is_numeric_dtype(column):
                x_all = column.to_numpy(float)
            else:
                codes = pd.Categorical(column)
                x_all, labels = codes.codes.astype(float), list(codes.categories)
            keep = np.isfinite(x_all) & np.isfinite(y_all)
            x, y = x_all[keep], y_all[keep]
            axis.scatter(x, y, s=8, color=POINT_COLOUR, alpha=0.45, linewidths=0)
            if len(x):
                tx, ty = _trend(x, y)
                axis.plot(tx, ty, color=TREND_COLOUR, linewidth=1.8)
            plotted[(metric, parameter)] = (x, y)
            if labels is not None:
                axis.set_xticks(range(len(labels)), labels=labels, rotation=30, fontsize=7)
            axis.tick_params(labelsize=7)
            axis.yaxis.set_major_formatter(_si_formatter())
            if r == rows - 1:
                axis.set_xlabel(f"{parameter}\n({sweep.param_paths.get(parameter, parameter)})", fontsize=8)
            if c == 0:
                axis.set_ylabel(sweep.label_of(metric), fontsize=8)
            axis.grid(color="#eeeeee", linewidth=0.5)
    figure.suptitle(f"{sweep.attrs.get('scenario', 'sweep')}: metrics against varied parameters\n"
                    "(dots: runs; orange: mean per value or per decile)", fontsize=11)
    return figure, {"points": plotted}


def sensitivity_figure(result: SensitivityResult):
    table = result.table
    metrics = list(dict.fromkeys(table["metric"]))[:MAX_METRICS]
    rows, cols = _grid(len(metrics), 3)
    figure = new_figure(4.4 * cols, 3.0 * rows + 0.5)
    axes = figure.subplots(rows, cols, squeeze=False).ravel()
    drawn = {}
    for axis, metric in zip(axes, metrics):
        part = table[table["metric"] == metric]
        positions = np.arange(len(part))
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
            metric_title = f"{metric} (R² = {r2:.2f})"
            drawn[metric] = values
        axis.set_xticks(positions, labels=list(part["parameter"]), rotation=30, fontsize=7, ha="right")
        axis.set_title(metric_title if result.method != "sobol" else metric, fontsize=9)
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


def replicate_spread(sweep: io.Sweep) -> pd.DataFrame | None:
    """Per metric: how much replicates of one design point differ."""
    points = sweep.design_points()
    if len(np.unique(points)) == len(points):
        return None
    rows = []
    for metric in sweep.varying_metrics():
        frame = pd.DataFrame({"point": points, "y": sweep.metrics[metric].to_numpy(float)}).dropna()
        if frame.empty:
            continue
        grouped = frame.groupby("point")["y"]
        std = grouped.std(ddof=1)
        iqr = grouped.quantile(0.75) - grouped.quantile(0.25)
        total = frame["y"].var(ddof=1)
        within = grouped.var(ddof=1).mean()
        rows.append({"metric": metric, "design points": int(grouped.ngroups),
                     "median std": float(std.median()), "max std": float(std.max()),
                     "median IQR": float(iqr.median()),
                     "replicate share of variance": float(within / total) if total > 0 else np.nan})
    return pd.DataFrame(rows)


def spread_figure(sweep: io.Sweep):
    metrics = plotted_metrics(sweep)
    points = sweep.design_points()
    rows, cols = _grid(len(metrics), 3)
    figure = new_figure(4.4 * cols, 2.8 * rows + 0.5)
    axes = figure.subplots(rows, cols, squeeze=False).ravel()
    drawn = {}
    for axis, metric in zip(axes, metrics):
        frame = pd.DataFrame({"point": points, "y": sweep.metrics[metric].to_numpy(float)}).dropna()
        summary = frame.groupby("point")["y"].agg(["mean", "min", "max", "std"]).sort_values("mean")
        rank = np.arange(len(summary))
        axis.vlines(rank, summary["min"], summary["max"], color=POINT_COLOUR, linewidth=1.0, alpha=0.7)
        axis.plot(rank, summary["mean"], "o", color=TREND_COLOUR, markersize=2.5)
        axis.set_title(metric, fontsize=9)
        axis.set_xlabel("design point (sorted by mean)", fontsize=8)
        units = sweep.units_of(metric)
        if units and units != "1":
            axis.set_ylabel(units, fontsize=8)
        axis.tick_params(labelsize=7)
        axis.grid(color="#eeeeee", linewidth=0.5)
        drawn[metric] = summary
    for axis in axes[len(metrics):]:
        axis.axis("off")
    figure.suptitle(f"Spread across replicates: range (blue) and mean (orange) per design point "
                    f"({sweep.replicates} replicates)", fontsize=11)
    return figure, {"summaries": drawn}
