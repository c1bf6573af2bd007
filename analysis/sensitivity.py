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
import warnings

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
        if bootstrap:
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
    base_samples: int
    parameters: list[str]  # the parameter whose column AB_i takes from B, in block order
    replicates: int


def saltelli_layout(sweep) -> tuple[SaltelliLayout | None, str]:
    """The Saltelli blocks of a sweep (A, B, AB_1..AB_D, N rows each, every design
    point repeated `replicates` times in a row), or None and the reason it does not fit."""
    if sweep.design != "sobol":
        return None, f"design is {sweep.design or 'not stated'}, not sobol"
    try:
        n = int(sweep.attrs["sobol_base_samples"])
        d = int(sweep.attrs["sobol_parameters"])
    except (KeyError, TypeError, ValueError):
        return None, "the file lacks sobol_base_samples or sobol_parameters"
    replicates = sweep.replicates
    runs = len(sweep.status)
    if n < 2 or d < 1 or runs != (d + 2) * n * replicates:
        return None, (f"{runs} runs do not make (D + 2) x N x replicates = ({d} + 2) x {n} x "
                      f"{replicates}")
    numeric = [c for c in sweep.params.columns if pd.api.types.is_numeric_dtype(sweep.params[c])]
    points = sweep.params[numeric].to_numpy(float)[::replicates].reshape(d + 2, n, len(numeric))
    a = points[0]
    order = []
    for block in range(d):
        differs = np.nanmean(~np.isclose(points[2 + block], a), axis=0)
        if differs.max(initial=0) < 0.5 or (differs > 0.5).sum() != 1:
            return None, f"block AB_{block + 1} does not differ from A in exactly one parameter"
        order.append(numeric[int(np.argmax(differs))])
    if len(set(order)) != d:
        return None, "two AB blocks vary the same parameter"
    return SaltelliLayout(n, order, replicates), ""


@dataclasses.dataclass
class SensitivityResult:
    method: str  # "sobol" or "src"
    table: pd.DataFrame  # one row per (metric, parameter)
    description: str


def analyse(sweep) -> SensitivityResult:
    layout, reason = saltelli_layout(sweep)
    if layout is not None:
        return _sobol(sweep, layout)
    return _src(sweep, reason)


def _sobol(sweep, layout: SaltelliLayout) -> SensitivityResult:
    d, n, r = len(layout.parameters), layout.base_samples, layout.replicates
    rows = []
    for metric in sweep.metrics.columns:
        y = sweep.metrics[metric].to_numpy(float).reshape(d + 2, n, r)
        with warnings.catch_warnings():  # a design point whose replicates all failed is NaN
            warnings.simplefilter("ignore", RuntimeWarning)
            per_point = np.nanmean(y, axis=2) if r > 1 else y[:, :, 0]
        indices = sobol_indices(per_point[0], per_point[1], per_point[2:])
        for i, name in enumerate(layout.parameters):
            rows.append({"metric": metric, "parameter": name, "S1": indices.first[i],
                         "S1 low": indices.first_ci[i, 0], "S1 high": indices.first_ci[i, 1],
                         "ST": indices.total[i], "ST low": indices.total_ci[i, 0],
                         "ST high": indices.total_ci[i, 1], "base rows used": int(indices.rows_used[i])})
    text = (f"Sobol indices from a Saltelli design: N = {n} base samples, D = {d} parameters"
            + (f", metrics averaged over {r} replicates per design point" if r > 1 else "")
            + ". First order S1 (Saltelli 2010), total order ST (Jansen 1999); "
            f"{int(CONFIDENCE * 100)}% bootstrap intervals over {BOOTSTRAP_SAMPLES} resamples. "
            "ST − S1 is the share of variance from interactions.")
    return SensitivityResult("sobol", pd.DataFrame(rows), text)


def _src(sweep, reason: str) -> SensitivityResult:
    numeric = [c for c in sweep.params.columns if pd.api.types.is_numeric_dtype(sweep.params[c])]
    x = sweep.params[numeric].to_numpy(float)
    rows = []
    for metric in sweep.metrics.columns:
        fit = standardised_regression(x, sweep.metrics[metric].to_numpy(float))
        for j, name in enumerate(numeric):
            rows.append({"metric": metric, "parameter": name, "SRC": fit.src[j],
                         "R²": fit.r_squared, "runs used": fit.rows_used})
    text = (f"Standardised regression coefficients (no Sobol indices: {reason}). "
            "SRC² approximates a parameter's share of variance when R² is close to 1; "
            "with a low R² the response is non-linear and SRC understates it.")
    return SensitivityResult("src", pd.DataFrame(rows), text)
