"""Outcomes have types, and each type its statistics.

- categorical (who holds a place at a date or at the end; a target met or not): the share of
  runs in each category, with Wilson score intervals (`proportion`), and differences of
  shares with Newcombe's interval built from them (`proportion_difference`);
- censored times (the day a place falls, when some runs end before it does): Kaplan-Meier
  survival curves (`kaplan_meier`), the probability of the event by a date, and the restricted
  mean up to a horizon (`restricted_mean`); never a mean over the runs that happened to end;
- continuous (casualties, oil lost, people displaced): medians and quantile bands
  (`quantiles`), differences of medians with bootstrap intervals (`median_difference`).

Intervals are 95% (`CONFIDENCE`). Wilson intervals and Kaplan-Meier estimates come from
statsmodels (Debian's python3-statsmodels)."""
from __future__ import annotations

import dataclasses
import math

import numpy as np

CONFIDENCE = 0.95
Z = 1.959963984540054  # the normal quantile of (1 + CONFIDENCE) / 2
BOOTSTRAP_SAMPLES = 2000
BOOTSTRAP_SEED = 15  # bootstrap intervals are the same on every call
BAND = (0.1, 0.9)  # the quantile band drawn and tabulated around a median

# Types of outcome, as sweep metrics and run quantities are classified by analysis.io.
CATEGORICAL = "categorical"
TIME_TO_EVENT = "time to event"
CONTINUOUS = "continuous"


# ---------------------------------------------------------------- categorical

@dataclasses.dataclass(frozen=True)
class Proportion:
    """`successes` of `trials` runs, the share and its Wilson interval."""
    successes: int
    trials: int
    low: float
    high: float

    @property
    def share(self) -> float:
        return self.successes / self.trials if self.trials else math.nan

    def percent(self) -> str:
        """`95% [88-99]`: the share and its interval in whole percent."""
        if not self.trials:
            return "no runs"
        return (f"{100 * self.share:.0f}% [{100 * self.low:.0f}-{100 * self.high:.0f}]")


def proportion(successes: int, trials: int) -> Proportion:
    """Wilson score interval: right coverage even at 0 or n successes of a few runs,
    where the normal approximation gives [0, 0]."""
    from statsmodels.stats.proportion import proportion_confint
    successes, trials = int(successes), int(trials)
    if trials == 0:
        return Proportion(0, 0, math.nan, math.nan)
    low, high = proportion_confint(successes, trials, alpha=1 - CONFIDENCE, method="wilson")
    share = successes / trials
    # rounding can put a bound a hair on the wrong side of the share at 0 or n successes
    return Proportion(successes, trials, float(min(max(0.0, low), share)), float(max(min(1.0, high), share)))


def proportion_of(flags) -> Proportion:
    """The share of True among the finite entries of `flags` (NaN: no value, left out)."""
    values = np.asarray(flags, dtype=float)
    values = values[np.isfinite(values)]
    return proportion(int((values != 0).sum()), len(values))


def proportion_difference(variant: Proportion, base: Proportion) -> tuple[float, float, float]:
    """variant − base with Newcombe's hybrid score interval (his method 10), built from
    the two Wilson intervals; good coverage for small samples and shares near 0 or 1."""
    if not variant.trials or not base.trials:
        return math.nan, math.nan, math.nan
    p1, p2 = variant.share, base.share
    l1, u1, l2, u2 = variant.low, variant.high, base.low, base.high
    d = p1 - p2
    low = d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return d, max(-1.0, low), min(1.0, high)


def category_shares(labels, categories=None) -> dict[str, Proportion]:
    """label -> Proportion of runs with that label (missing labels, None or "", left out)."""
    labels = [str(v) for v in labels if v is not None and str(v) != ""]
    categories = categories if categories is not None else sorted(set(labels))
    return {c: proportion(sum(1 for v in labels if v == c), len(labels)) for c in categories}


# ---------------------------------------------------------------- censored times

@dataclasses.dataclass(frozen=True)
class Survival:
    """A Kaplan-Meier curve: S(t) = P(the event has not happened by t).

    `times` are the distinct event times; `survival[k]` is S just after times[k], with its
    pointwise interval (Greenwood's variance on the log(-log) scale). `n_risk` and
    `n_events` are the runs at risk and the events at each time; `horizon` is the longest
    follow-up (the last time any run was observed)."""
    times: np.ndarray
    survival: np.ndarray
    low: np.ndarray
    high: np.ndarray
    n_risk: np.ndarray
    n_events: np.ndarray
    runs: int
    events: int
    horizon: float

    def at(self, t: float) -> tuple[float, float, float]:
        """S(t) with its interval: 1 before the first event."""
        k = int(np.searchsorted(self.times, t, side="right")) - 1
        if k < 0:
            return 1.0, 1.0, 1.0
        return float(self.survival[k]), float(self.low[k]), float(self.high[k])

    def event_probability_by(self, t: float) -> tuple[float, float, float]:
        """P(the event by t) = 1 − S(t), with its interval."""
        s, low, high = self.at(t)
        return 1.0 - s, 1.0 - high, 1.0 - low

    def step(self, until: float | None = None) -> tuple[np.ndarray, np.ndarray]:
        """x, y of the step function from 0 to `until` (default: the horizon), for plots."""
        until = self.horizon if until is None else until
        inside = self.times <= until
        x = np.concatenate([[0.0], np.repeat(self.times[inside], 2), [until]])
        y = np.concatenate([[1.0, 1.0], np.repeat(self.survival[inside], 2)])[:len(x)]
        return x, y


def kaplan_meier(durations, observed) -> Survival:
    """durations: the time of the event, or of the end of follow-up where `observed` is
    False (a run that ended before the place fell). NaN durations are left out."""
    durations = np.asarray(durations, dtype=float)
    observed = np.asarray(observed, dtype=bool)
    keep = np.isfinite(durations)
    durations, observed = durations[keep], observed[keep]
    runs, events = len(durations), int(observed.sum())
    horizon = float(durations.max()) if runs else math.nan
    if events == 0:
        empty = np.zeros(0)
        return Survival(empty, empty, empty, empty, empty.astype(int), empty.astype(int), runs, 0, horizon)
    from statsmodels.duration.survfunc import SurvfuncRight
    fit = SurvfuncRight(durations, observed.astype(float))
    at_event = fit.n_events > 0
    times = np.asarray(fit.surv_times)[at_event]
    survival = np.asarray(fit.surv_prob)[at_event]
    se = np.asarray(fit.surv_prob_se)[at_event]
    low, high = _log_log_interval(survival, se)
    return Survival(times, survival, low, high, np.asarray(fit.n_risk)[at_event].astype(int),
                    np.asarray(fit.n_events)[at_event].astype(int), runs, events, horizon)


def _log_log_interval(survival, se):
    """Pointwise interval for S on the log(-log S) scale: stays inside [0, 1]."""
    low, high = np.array(survival, float), np.array(survival, float)
    inside = (survival > 0) & (survival < 1)
    s = survival[inside]
    spread = Z * se[inside] / (s * np.abs(np.log(s)))
    low[inside] = s ** np.exp(spread)
    high[inside] = s ** np.exp(-spread)
    low[survival <= 0], high[survival <= 0] = 0.0, 0.0
    return low, high


@dataclasses.dataclass(frozen=True)
class RestrictedMean:
    """The mean time to the event counting runs without it as `tau`: the area under
    S from 0 to tau, with its standard error (the usual delta-method variance)."""
    value: float
    se: float
    tau: float

    @property
    def low(self) -> float:
        return max(0.0, self.value - Z * self.se)

    @property
    def high(self) -> float:
        return min(self.tau, self.value + Z * self.se)  # no run lasts beyond tau


def restricted_mean(curve: Survival, tau: float | None = None) -> RestrictedMean:
    tau = curve.horizon if tau is None else float(tau)
    if not curve.runs or not np.isfinite(tau):
        return RestrictedMean(math.nan, math.nan, tau)
    inside = curve.times <= tau
    times, survival = curve.times[inside], curve.survival[inside]
    edges = np.concatenate([[0.0], times, [tau]])
    heights = np.concatenate([[1.0], survival])
    pieces = np.diff(edges) * heights
    value = float(pieces.sum())
    # A_k: area under S from the k-th event time to tau
    after = np.cumsum(pieces[::-1])[::-1][1:]
    d, n = curve.n_events[inside].astype(float), curve.n_risk[inside].astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(n > d, after ** 2 * d / (n * (n - d)), 0.0)
    return RestrictedMean(value, float(math.sqrt(terms.sum())), tau)


def restricted_mean_difference(variant: RestrictedMean, base: RestrictedMean) -> tuple[float, float, float]:
    d = variant.value - base.value
    se = math.hypot(variant.se, base.se)
    return d, d - Z * se, d + Z * se


def restricted_times(durations, tau: float) -> np.ndarray:
    """Per run min(time, tau), NaN kept: the quantity whose mean is the restricted mean when
    every run is followed to tau (for regressions and Sobol indices)."""
    durations = np.asarray(durations, dtype=float)
    return np.where(np.isnan(durations), np.nan, np.minimum(durations, tau))


# ---------------------------------------------------------------- continuous

@dataclasses.dataclass(frozen=True)
class Quantiles:
    median: float
    low: float  # BAND[0] quantile
    high: float  # BAND[1] quantile
    runs: int


def quantiles(values) -> Quantiles:
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    if not len(values):
        return Quantiles(math.nan, math.nan, math.nan, 0)
    low, median, high = np.quantile(values, [BAND[0], 0.5, BAND[1]])
    return Quantiles(float(median), float(low), float(high), len(values))


def median_difference(variant, base) -> tuple[float, float, float]:
    """median(variant) − median(base) with a percentile bootstrap interval (runs
    resampled within each side; a fixed seed, so the interval is reproducible)."""
    a = np.asarray(variant, dtype=float)
    b = np.asarray(base, dtype=float)
    a, b = a[np.isfinite(a)], b[np.isfinite(b)]
    if not len(a) or not len(b):
        return math.nan, math.nan, math.nan
    d = float(np.median(a) - np.median(b))
    if len(a) < 2 and len(b) < 2:
        return d, math.nan, math.nan
    rng = np.random.default_rng(BOOTSTRAP_SEED)
    ma = np.median(a[rng.integers(0, len(a), (BOOTSTRAP_SAMPLES, len(a)))], axis=1)
    mb = np.median(b[rng.integers(0, len(b), (BOOTSTRAP_SAMPLES, len(b)))], axis=1)
    low, high = np.quantile(ma - mb, [(1 - CONFIDENCE) / 2, (1 + CONFIDENCE) / 2])
    return d, float(low), float(high)
