"""`python3 -m analysis calibration FILE`: a calibration's result (frontline calibrate).

Prints the posterior summary (median and 90% interval of every parameter against its
prior's, how much narrower) and the fit of every target; with -o writes DIR/index.html
with the figures: marginal posteriors over the priors, pairwise posteriors, the fit of
every target with its 90% predictive interval, and the waves' progress (tolerance or
space left, acceptance, effective sample size against the runs spent).
Each figure function returns (figure, data) so tests can check what was drawn."""
from __future__ import annotations

import html
import math
from pathlib import Path

import numpy as np

from analysis.errors import AnalysisInputError

LEVELS = (0.05, 0.5, 0.95)


# ------------------------------------------------------------------ reading

def _strings(values) -> list[str]:
    return [v.decode() if isinstance(v, bytes) else str(v) for v in np.asarray(values).ravel()]


def _attribute(f, name, default=None):
    if name not in f.attrs:
        return default
    value = f.attrs[name]
    if isinstance(value, bytes):
        return value.decode()
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.ravel()[0]
    return value.item() if hasattr(value, "item") else value


def open_calibration(path) -> dict:
    """The result file as plain numpy arrays; AnalysisInputError if it is not one."""
    import h5py
    path = Path(path)
    if not path.is_file():
        raise AnalysisInputError(f"{path}: no such file")
    try:
        with h5py.File(path, "r") as f:
            if _attribute(f, "calibration_fingerprint") is None:
                raise AnalysisInputError(f"{path}: not a calibration file (frontline calibrate -o)")
            data = {name: f[name][()] for name in f.keys()}
            attrs = {name: _attribute(f, name) for name in f.attrs.keys()}
    except OSError as error:
        raise AnalysisInputError(f"{path}: not a readable HDF5 file ({error})") from error
    for name in ("parameter", "target", "parameter_path", "prior", "prior_kind", "target_text",
                 "target_form"):
        data[name] = _strings(data[name])
    data["attrs"] = attrs
    data["path"] = path
    return data


def weighted_quantiles(values, weights, levels=LEVELS) -> np.ndarray:
    """Quantiles of weighted values: the smallest value whose cumulative weight
    reaches the level (as frontline's weighted_quantile)."""
    values, weights = np.asarray(values, float), np.asarray(weights, float)
    keep = np.isfinite(values) & (weights > 0)
    values, weights = values[keep], weights[keep]
    if values.size == 0:
        return np.full(len(levels), np.nan)
    order = np.argsort(values, kind="stable")
    cumulative = np.cumsum(weights[order])
    total = cumulative[-1]
    return np.array([values[order][min(np.searchsorted(cumulative, q * total), values.size - 1)]
                     for q in levels])


def prior_quantiles(data, j, levels=LEVELS) -> np.ndarray:
    from scipy import stats
    kind = data["prior_kind"][j]
    lo, hi = data["prior_min"][j], data["prior_max"][j]
    mean, sd = data["prior_mean"][j], data["prior_sd"][j]
    levels = np.asarray(levels, float)
    if kind == "uniform":
        return lo + levels * (hi - lo)
    if kind == "log-uniform":
        return np.exp(np.log(lo) + levels * (np.log(hi) - np.log(lo)))
    if kind == "normal":
        return stats.norm.ppf(levels, mean, sd)
    a, b = (lo - mean) / sd, (hi - mean) / sd
    return stats.truncnorm.ppf(levels, a, b, loc=mean, scale=sd)


def prior_density(data, j, x) -> np.ndarray:
    from scipy import stats
    kind = data["prior_kind"][j]
    lo, hi = data["prior_min"][j], data["prior_max"][j]
    mean, sd = data["prior_mean"][j], data["prior_sd"][j]
    x = np.asarray(x, float)
    inside = (x >= lo) & (x <= hi)
    if kind == "uniform":
        return np.where(inside, 1.0 / (hi - lo), 0.0)
    if kind == "log-uniform":
        return np.where(inside, 1.0 / (np.maximum(x, 1e-300) * (np.log(hi) - np.log(lo))), 0.0)
    if kind == "normal":
        return stats.norm.pdf(x, mean, sd)
    return stats.truncnorm.pdf(x, (lo - mean) / sd, (hi - mean) / sd, loc=mean, scale=sd)


def posterior_table(data) -> list[dict]:
    """Per parameter: prior and posterior median and 90% interval, and the
    posterior interval's width as a share of the prior's."""
    rows = []
    weights = data["sample_weight"]
    for j, name in enumerate(data["parameter"]):
        post = weighted_quantiles(data["sample_value"][:, j], weights)
        prior = prior_quantiles(data, j)
        prior_width = prior[2] - prior[0]
        rows.append({"parameter": name, "path": data["parameter_path"][j],
                     "prior": data["prior"][j], "prior_q": prior, "posterior_q": post,
                     "width_ratio": (post[2] - post[0]) / prior_width if prior_width > 0 else np.nan})
    return rows


def predictive_values(data) -> np.ndarray:
    """[n, target] simulated values for the predictive intervals: the accepted
    particles' (ABC), the last wave's points (history matching)."""
    if data["attrs"].get("method") == "abc-smc":
        return data["sample_target_value"]
    last = data["point_wave"].max() if data["point_wave"].size else 0
    return data["point_target_value"][data["point_wave"] == last]


def fit_table(data) -> list[dict]:
    values = predictive_values(data)
    weights = data["sample_weight"] if data["attrs"].get("method") == "abc-smc" else np.ones(len(values))
    rows = []
    for t, target in enumerate(data["target"]):
        q = weighted_quantiles(values[:, t], weights)
        lower, upper = data["target_lower"][t], data["target_upper"][t]
        column = values[:, t]
        finite = np.isfinite(column)
        inside = ((column >= lower) & (column <= upper))[finite]
        rows.append({"target": target, "text": data["target_text"][t], "form": data["target_form"][t],
                     "lower": lower, "upper": upper, "q": q,
                     "met_share": float(inside.mean()) if inside.size else np.nan})
    return rows


def constraint_matrix(data) -> np.ndarray:
    """[target, parameter]: how strongly each target constrains each parameter, as
    the absolute rank correlation between the parameter and the target's distance
    over every simulated point (0: no relation)."""
    from scipy import stats
    values, distances = data["point_value"], data["point_target_distance"]
    out = np.full((distances.shape[1], values.shape[1]), np.nan)
    for t in range(distances.shape[1]):
        d = distances[:, t]
        keep = np.isfinite(d)
        if keep.sum() < 3 or np.ptp(d[keep]) == 0:
            continue
        for j in range(values.shape[1]):
            rho = stats.spearmanr(values[keep, j], d[keep]).statistic
            out[t, j] = abs(rho) if np.isfinite(rho) else np.nan
    return out


def _number(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return f"{value:.4g}"


def format_text(data) -> str:
    a = data["attrs"]
    lines = [f"{a.get('title', 'calibration')}: {len(data['wave'])} waves, {a.get('runs')} runs; "
             f"stopped: {a.get('stopped')}", "",
             f"{'parameter':<26} {'prior median [5%-95%]':<30} {'posterior median [5%-95%]':<30} width"]
    for row in posterior_table(data):
        p, q = row["prior_q"], row["posterior_q"]
        lines.append(f"{row['parameter']:<26} {_number(p[1]) + ' [' + _number(p[0]) + ' - ' + _number(p[2]) + ']':<30} "
                     f"{_number(q[1]) + ' [' + _number(q[0]) + ' - ' + _number(q[2]) + ']':<30} "
                     f"{row['width_ratio']:.0%}")
    lines += ["", f"{'target':<28} {'region':<24} {'predicted median [5%-95%]':<32} within"]
    for row in fit_table(data):
        q = row["q"]
        region = f"[{_number(row['lower'])}, {_number(row['upper'])}]"
        lines.append(f"{row['target']:<28} {region:<24} "
                     f"{_number(q[1]) + ' [' + _number(q[0]) + ' - ' + _number(q[2]) + ']':<32} "
                     f"{row['met_share']:.0%}")
    return "\n".join(lines)


# ------------------------------------------------------------------ figures

def _figure(width, height):
    from analysis.plots import new_figure
    return new_figure(width, height)


def marginals_figure(data):
    names = data["parameter"]
    n = len(names)
    cols = min(3, n)
    rows = math.ceil(n / cols)
    figure = _figure(4.0 * cols, 2.8 * rows)
    axes = figure.subplots(rows, cols, squeeze=False).ravel()
    drawn = {}
    for j, name in enumerate(names):
        axis = axes[j]
        values, weights = data["sample_value"][:, j], data["sample_weight"]
        prior = prior_quantiles(data, j, (0.005, 0.995))
        lo, hi = min(prior[0], np.nanmin(values)), max(prior[1], np.nanmax(values))
        log = data["prior_kind"][j] == "log-uniform"
        bins = np.geomspace(lo, hi, 31) if log else np.linspace(lo, hi, 31)
        heights, _, _ = axis.hist(values, bins=bins, weights=weights, density=True,
                                  color="#1f77b4", alpha=0.7, label="posterior")
        x = np.geomspace(lo, hi, 200) if log else np.linspace(lo, hi, 200)
        axis.plot(x, prior_density(data, j, x), color="#555555", linestyle="--", label="prior")
        if log:
            axis.set_xscale("log")
        axis.set_title(name, fontsize=9)
        axis.set_yticks([])
        drawn[name] = heights
    for axis in axes[n:]:
        axis.set_visible(False)
    axes[0].legend(fontsize=8)
    return figure, drawn


def pairs_figure(data, most: int = 6):
    names = data["parameter"][:most]
    n = len(names)
    figure = _figure(2.2 * n, 2.2 * n)
    axes = figure.subplots(n, n, squeeze=False)
    weights = data["sample_weight"]
    size = 4 + 60 * weights / max(weights.max(), 1e-300)
    for i in range(n):
        for j in range(n):
            axis = axes[i, j]
            if i == j:
                axis.hist(data["sample_value"][:, i], bins=25, weights=weights, color="#1f77b4")
                axis.set_yticks([])
            elif i > j:
                axis.scatter(data["sample_value"][:, j], data["sample_value"][:, i], s=size,
                             alpha=0.5, color="#1f77b4", linewidths=0)
                lo_j, hi_j = prior_quantiles(data, j, (0.0, 1.0))[[0, 1]]
                lo_i, hi_i = prior_quantiles(data, i, (0.0, 1.0))[[0, 1]]
                if np.isfinite([lo_j, hi_j]).all():
                    axis.set_xlim(lo_j, hi_j)
                if np.isfinite([lo_i, hi_i]).all():
                    axis.set_ylim(lo_i, hi_i)
            else:
                axis.set_visible(False)
            if i == n - 1:
                axis.set_xlabel(names[j], fontsize=8)
            if j == 0 and i > 0:
                axis.set_ylabel(names[i], fontsize=8)
            axis.tick_params(labelsize=7)
    return figure, {"parameters": names}


def fit_figure(data):
    rows = fit_table(data)
    figure = _figure(7.5, 0.5 + 0.45 * len(rows))
    axis = figure.subplots()
    drawn = []
    for k, row in enumerate(rows):
        y = len(rows) - 1 - k
        lower, upper = row["lower"], row["upper"]
        q = row["q"]
        # Everything in units of the target's region so that the targets share an axis.
        centre = lower if math.isinf(upper) else upper if math.isinf(lower) else (lower + upper) / 2
        half = (upper - lower) / 2 if np.isfinite([lower, upper]).all() and upper > lower else \
            max(abs(centre) / 10, 1.0)
        scaled = (q - centre) / half
        lo_r = -1 if np.isfinite(lower) else -5
        hi_r = 1 if np.isfinite(upper) else 5
        if np.isfinite(lower) and np.isfinite(upper) and upper == lower:
            lo_r = hi_r = 0
        axis.add_patch(__import__("matplotlib.patches", fromlist=["Rectangle"]).Rectangle(
            (lo_r, y - 0.3), max(hi_r - lo_r, 0.04), 0.6, color="#2ca02c", alpha=0.25))
        axis.plot([scaled[0], scaled[2]], [y, y], color="#1f77b4", linewidth=2)
        axis.plot([scaled[1]], [y], "o", color="#1f77b4")
        drawn.append(scaled)
    axis.set_yticks(range(len(rows)))
    axis.set_yticklabels([r["target"] for r in reversed(rows)], fontsize=8)
    axis.axvline(0, color="#888888", linewidth=0.5)
    axis.set_xlim(-6, 6)
    axis.set_xlabel("simulated value, in half-widths of the target's region (green: the region)")
    return figure, np.array(drawn)


def waves_figure(data):
    figure = _figure(9, 2.8)
    axes = figure.subplots(1, 3)
    runs = data["wave_runs_total"]
    abc = data["attrs"].get("method") == "abc-smc"
    axes[0].plot(runs, data["wave_tolerance"], "o-")
    axes[0].set_title("tolerance" if abc else "implausibility cut-off", fontsize=9)
    axes[1].plot(runs, data["wave_acceptance_rate"], "o-")
    axes[1].set_title("acceptance rate" if abc else "share of prior not ruled out", fontsize=9)
    axes[1].set_yscale("log")
    axes[2].plot(runs, data["wave_ess"], "o-")
    axes[2].set_title("effective sample size" if abc else "points drawn", fontsize=9)
    for axis in axes:
        axis.set_xlabel("runs spent", fontsize=8)
        axis.tick_params(labelsize=7)
    return figure, {"runs": runs}


def constraints_figure(data):
    matrix = constraint_matrix(data)
    figure = _figure(1.5 + 0.9 * len(data["parameter"]), 0.8 + 0.4 * len(data["target"]))
    axis = figure.subplots()
    image = axis.imshow(np.nan_to_num(matrix), vmin=0, vmax=1, cmap="Blues", aspect="auto")
    axis.set_xticks(range(len(data["parameter"])))
    axis.set_xticklabels(data["parameter"], rotation=30, ha="right", fontsize=8)
    axis.set_yticks(range(len(data["target"])))
    axis.set_yticklabels(data["target"], fontsize=8)
    for t in range(matrix.shape[0]):
        for j in range(matrix.shape[1]):
            if np.isfinite(matrix[t, j]):
                axis.text(j, t, f"{matrix[t, j]:.2f}", ha="center", va="center", fontsize=7)
    figure.colorbar(image, ax=axis, label="|rank correlation| with the target's distance")
    return figure, matrix


def write_calibration_report(path, output, dpi: int = 110) -> Path:
    from analysis.plots import save_figure
    data = open_calibration(path)
    directory = Path(output)
    directory.mkdir(parents=True, exist_ok=True)
    parts = [f"<h1>{html.escape(str(data['attrs'].get('title', 'Calibration')))}</h1>",
             f"<pre>{html.escape(format_text(data))}</pre>"]
    for name, title, make in (("marginals", "Marginal posteriors (bars) and priors (dashed)", marginals_figure),
                              ("pairs", "Pairwise posteriors (dot size: weight)", pairs_figure),
                              ("fit", "Fit of every target: 90% predictive interval and median", fit_figure),
                              ("constraints", "Which targets constrain which parameters", constraints_figure),
                              ("waves", "Progress of the waves", waves_figure)):
        figure, _ = make(data)
        save_figure(figure, directory / f"{name}.png", dpi=dpi)
        parts.append(f"<h2>{html.escape(title)}</h2><img src=\"{name}.png\" alt=\"{html.escape(title)}\">")
    index = directory / "index.html"
    index.write_text("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Calibration</title>"
                     "</head><body>" + "\n".join(parts) + "</body></html>\n", encoding="utf-8")
    return index


# ------------------------------------------------------------------ command line

def add_parser(commands, dpi_type, default_dpi) -> None:
    command = commands.add_parser(
        "calibration", help="report of a calibration (frontline calibrate)",
        description="Print posterior widths against the priors and the targets' fit; with -o "
                    "also write DIR/index.html: marginal and pairwise posteriors, the fit of every "
                    "target with predictive intervals, which targets constrain which parameters, "
                    "and the waves' progress.")
    command.add_argument("calibration", metavar="FILE.h5", help="a calibration file (frontline calibrate -o)")
    command.add_argument("--dpi", type=dpi_type, default=default_dpi,
                         help="figure resolution, dots per inch (default %(default)s)")
    command.add_argument("-o", "--output", metavar="DIR", help="also write DIR/index.html")


def run(args) -> None:
    print(format_text(open_calibration(args.calibration)))
    if args.output:
        print(f"wrote {write_calibration_report(args.calibration, args.output, dpi=args.dpi)}")
