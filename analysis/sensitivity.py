"""Sensitivity indices of sweep metrics (pure numpy).

Sobol first- and total-order indices from a Saltelli design (Saltelli et al. 2010,
"Variance based sensitivity analysis of model output", Comput. Phys. Commun. 181:
the first-order estimator of their Table 2 (b), f(B)(f(AB_i) - f(A)), and Jansen's
total-order estimator (f), (f(A) - f(AB_i))^2 / 2), with bootstrap confidence
intervals. Other designs get standardised regression coefficients (SRC) with the
regression's R^2, which says how far a linear reading can be trusted.
"""
from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

BOOTSTRAP_SAMPLES = 300
CONFIDENCE = 0.95


@dataclasses.dataclass
class SobolIndices:
    first: np.ndarray  # [D]
    total: np.ndarray
    first_ci: np.ndarray  # [D, 2]
    total_ci: np.ndarray
    rows_used: np.ndarray  # [D] base rows with every run present


def sobol_indices(f_a, f_b, f_ab, bootstrap: int = BOOTSTRAP_SAMPLES, seed: int = 0) -> SobolIndices:
    """f_a, f_b: [N]; f_ab: [D, N] with AB_i = A whose column i comes from B.
    Rows where any needed value is NaN (failed runs) are left out per parameter."""
    f_a, f_b, f_ab = np.asarray(f_a, float), np.asarray(f_b, float), np.atleast_2d(np.asarray(f_ab, float))
    d, n = f_ab.shape
    rng = np.random.default_rng(seed)
    first, total = np.full(d, np.nan), np.full(d, np.nan)
    first_ci, total_ci = np.full((d, 2), np.nan), np.full((d, 2), np.nan)
    used = np.zeros(d, int)
    for i in range(d):
        keep = np.isfinite(f_a) & np.isfinite(f_b) & np.isfinite(f_ab[i])
        a, b, ab = f_a[keep], f_b[keep], f_ab[i][keep]
        used[i] = keep.sum()
        if used[i] < 2:
            continue
        first[i], total[i] = _first_total(a, b, ab)
        if bootstrap and np.isfinite(first[i]):
            draws = rng.integers(0, used[i], size=(bootstrap, used[i]))
            samples = np.array([_first_total(a[r], b[r], ab[r]) for r in draws])
            tail = (1 - CONFIDENCE) / 2
            first_ci[i] = np.nanquantile(samples[:, 0], [tail, 1 - tail])
            total_ci[i] = np.nanquantile(samples[:, 1], [tail, 1 - tail])
    return SobolIndices(first, total, first_ci, total_ci, used)


def _first_total(a, b, ab) -> tuple[float, float]:
    variance = np.var(np.concatenate([a, b]))
    if not variance > 0:
        return np.nan, np.nan
    return (float(np.mean(b * (ab - a)) / variance),
            float(0.5 * np.mean((a - ab) ** 2) / variance))


@dataclasses.dataclass
class Regression:
    src: np.ndarray  # [P] standardised coefficients (NaN for a constant parameter)
    r_squared: float
    rows_used: int


def standardised_regression(x, y) -> Regression:
    """SRC_j = b_j * sd(x_j) / sd(y) from an ordinary least-squares fit of y on x."""
    x, y = np.atleast_2d(np.asarray(x, float)), np.asarray(y, float)
    if x.shape[0] != len(y):
        x = x.T
    keep = np.isfinite(y) & np.all(np.isfinite(x), axis=1)
    x, y = x[keep], y[keep]
    src = np.full(x.shape[1], np.nan)
    sd_x, sd_y = x.std(axis=0), y.std()
    varied = sd_x > 0
    if len(y) < varied.sum() + 2 or not sd_y > 0:
        return Regression(src, np.nan, len(y))
    z = (x[:, varied] - x[:, varied].mean(axis=0)) / sd_x[varied]
    zy = (y - y.mean()) / sd_y
    coefficients, *_ = np.linalg.lstsq(z, zy, rcond=None)
    src[varied] = coefficients
    residual = zy - z @ coefficients
    return Regression(src, float(1 - residual.var() / zy.var()), len(y))


# ---------------------------------------------------------------- sweeps

@dataclasses.dataclass
class SaltelliLayout:
    name: str  # which ordering of the design points it is
    base_samples: int
    parameters: list[str]  # the parameter that AB_i takes from B, for i = 1..D
    replicates: int
    a_rows: np.ndarray  # [N] design-point indices of A
    b_rows: np.ndarray  # [N]
    ab_rows: np.ndarray  # [D, N]


def _candidate_orders(n: int, d: int):
    """Orderings of the N (D + 2) design points that Saltelli sweeps use:
    "blocks": A (N rows), B, AB_1 .. AB_D (the layout docs/sweeps.md describes);
    "interleaved": for each base sample j, A_j, AB_j^1 .. AB_j^D, B_j."""
    j = np.arange(n)
    yield "blocks", j, n + j, np.array([(2 + k) * n + j for k in range(d)])
    width = d + 2
    yield "interleaved", j * width, j * width + d + 1, np.array([j * width + 1 + k for k in range(d)])


def _design_point_table(sweep) -> tuple[np.ndarray, np.ndarray]:
    """(point of every run, [points, parameters] codes: text parameters by category)."""
    points = sweep.design_points() if sweep.design_point is not None else \
        np.arange(len(sweep.status)) // sweep.replicates
    codes = np.column_stack([pd.factorize(sweep.params[c])[0] if not pd.api.types.is_numeric_dtype(
        sweep.params[c]) else sweep.params[c].to_numpy(float) for c in sweep.params.columns]) \
        if len(sweep.params.columns) else np.zeros((len(points), 0))
    count = int(points.max()) + 1 if len(points) else 0
    table = np.full((count, codes.shape[1]), np.nan)
    table[points] = codes
    return points, table


def _stated_parameter_count(stated, default: int) -> int:
    """sobol_parameters is D, or the list of the parameters' variable names."""
    if stated is None:
        return default
    if isinstance(stated, (str, bytes)):
        return len(str(stated).split()) if not str(stated).strip().isdigit() else int(stated)
    values = np.atleast_1d(stated)
    if values.dtype.kind in "iu" and values.size == 1:
        return int(values[0])
    return values.size


def saltelli_layout(sweep) -> tuple[SaltelliLayout | None, str]:
    """How the design points of a Sobol sweep form Saltelli's matrices A, B and
    AB_i, checked on the parameter values themselves (AB_i equals A except in one
    parameter, where it equals B); or None and the reason it does not fit."""
    if "sobol" not in sweep.design and "saltelli" not in sweep.design:
        return None, f"design is {sweep.design or 'not stated'}, not sobol"
    parameters = list(sweep.params.columns)
    _, table = _design_point_table(sweep)
    count = len(table)
    d = _stated_parameter_count(sweep.attrs.get("sobol_parameters"), len(parameters))
    if d != len(parameters) or d < 1:
        return None, f"sobol_parameters names {d} parameters but the file varies {len(parameters)}"
    n = int(sweep.attrs.get("sobol_base_samples", count // (d + 2)))
    if n < 2 or count != n * (d + 2):
        return None, (f"{count} design points do not make (D + 2) x N = ({d} + 2) x {n}")
    for name, a_rows, b_rows, ab_rows in _candidate_orders(n, d):
        a, b = table[a_rows], table[b_rows]
        order = []
        for k in range(d):
            ab = table[ab_rows[k]]
            same_as_a = np.isclose(ab, a, equal_nan=True).all(axis=0)
            from_b = np.isclose(ab, b, equal_nan=True).all(axis=0)
            fits = [c for c in range(d) if from_b[c] and np.delete(same_as_a, c).all()]
            if len(fits) != 1:
                break
            order.append(parameters[fits[0]])
        if len(order) == d and len(set(order)) == d:
            return SaltelliLayout(name, n, order, sweep.replicates, a_rows, b_rows, ab_rows), ""
    return None, ("the design points do not form Saltelli's A, B and AB_i (AB_i equal to A "
                  "but for parameter i, taken from B)")


@dataclasses.dataclass
class SensitivityResult:
    method: str  # "sobol" or "src"
    table: pd.DataFrame  # one row per (metric, parameter)
    description: str


def analyse(sweep, table: pd.DataFrame | None = None) -> SensitivityResult:
    """Indices of every column of `table` ([run, quantity], one row per run of the file;
    default: the file's metrics that vary). The sweep report passes quantities that make
    sense for each type of outcome (analysis.quantities)."""
    if table is None:
        table = sweep.metrics[sweep.varying_metrics()]
    layout, reason = saltelli_layout(sweep)
    if layout is not None:
        return _sobol(sweep, layout, table)
    return _src(sweep, reason, table)


def _sobol(sweep, layout: SaltelliLayout, table: pd.DataFrame) -> SensitivityResult:
    d, n, r = len(layout.parameters), layout.base_samples, layout.replicates
    points, _ = _design_point_table(sweep)
    rows = []
    for metric in table.columns:
        # Mean over each design point's replicates; NaN if all of them failed.
        per_point = pd.Series(table[metric].to_numpy(float)).groupby(points).mean()
        per_point = per_point.reindex(range(n * (d + 2))).to_numpy()
        indices = sobol_indices(per_point[layout.a_rows], per_point[layout.b_rows],
                                per_point[layout.ab_rows])
        for i, name in enumerate(layout.parameters):
            rows.append({"metric": metric, "parameter": name, "S1": indices.first[i],
                         "S1 low": indices.first_ci[i, 0], "S1 high": indices.first_ci[i, 1],
                         "ST": indices.total[i], "ST low": indices.total_ci[i, 0],
                         "ST high": indices.total_ci[i, 1], "base rows used": int(indices.rows_used[i])})
    text = (f"Sobol indices from a Saltelli design ({layout.name} order): N = {n} base samples, "
            f"D = {d} parameters"
            + (f", metrics averaged over the {r} replicates of each design point" if r > 1 else "")
            + ". First order S1 (Saltelli 2010), total order ST (Jansen 1999); "
            f"{int(CONFIDENCE * 100)}% bootstrap intervals over {BOOTSTRAP_SAMPLES} resamples. "
            "ST − S1 is the share of variance from interactions.")
    return SensitivityResult("sobol", pd.DataFrame(rows), text)


def _src(sweep, reason: str, table: pd.DataFrame) -> SensitivityResult:
    numeric = [c for c in sweep.params.columns if pd.api.types.is_numeric_dtype(sweep.params[c])]
    x = sweep.params[numeric].to_numpy(float)
    rows = []
    for metric in table.columns:
        fit = standardised_regression(x, table[metric].to_numpy(float))
        for j, name in enumerate(numeric):
            rows.append({"metric": metric, "parameter": name, "SRC": fit.src[j],
                         "R²": fit.r_squared, "runs used": fit.rows_used})
    if not numeric:
        return SensitivityResult("src", pd.DataFrame(columns=["metric", "parameter", "SRC", "R²", "runs used"]),
                                 "No numeric parameter varies (text values only): no regression "
                                 "coefficients; see the scatter plots.")
    text = (f"Standardised regression coefficients (no Sobol indices: {reason}). "
            "SRC² approximates a parameter's share of variance when R² is close to 1; "
            "with a low R² the response is non-linear and SRC understates it.")
    return SensitivityResult("src", pd.DataFrame(rows), text)
