"""analysis.outcomes and analysis.ensemble: typed statistics against hand-computed values."""
import math

import numpy as np
import pytest

from analysis_fixtures import CAMPAIGN_DAYS, campaign_sweep, corridor_run, write_run_file
from analysis import ensemble, io, outcomes


def _wilson(k, n, z=outcomes.Z):
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


@pytest.mark.parametrize("k,n", [(38, 40), (4, 40), (0, 10), (10, 10), (1, 1)])
def test_wilson_interval_matches_the_formula(k, n):
    p = outcomes.proportion(k, n)
    low, high = _wilson(k, n)
    assert p.share == k / n
    assert p.low == pytest.approx(max(0.0, low), abs=1e-12) and p.high == pytest.approx(min(1.0, high), abs=1e-12)


def test_a_share_prints_as_percent_with_its_interval():
    assert outcomes.proportion(38, 40).percent() == "95% [83-99]"
    assert outcomes.proportion(4, 40).percent() == "10% [4-23]"
    assert outcomes.proportion(0, 10).percent() == "0% [0-28]"  # never 0-0


def test_newcombe_difference_contains_the_difference_and_stays_in_range():
    d, low, high = outcomes.proportion_difference(outcomes.proportion(4, 40), outcomes.proportion(38, 40))
    assert d == pytest.approx(-0.85)
    # Newcombe (1998) method 10 by hand from the two Wilson intervals
    l1, u1 = _wilson(4, 40)
    l2, u2 = _wilson(38, 40)
    assert low == pytest.approx(d - math.sqrt((0.1 - l1) ** 2 + (u2 - 0.95) ** 2))
    assert high == pytest.approx(d + math.sqrt((u1 - 0.1) ** 2 + (0.95 - l2) ** 2))
    assert -1 <= low < d < high <= 1


def test_kaplan_meier_by_hand_with_censoring():
    # times 2, 3, 3, 5+ (censored), 7, 9+: S = 1 - 1/6, then x (1 - 2/5), then x (1 - 1/2)
    curve = outcomes.kaplan_meier([2, 3, 3, 5, 7, 9], [1, 1, 1, 0, 1, 0])
    np.testing.assert_allclose(curve.times, [2, 3, 7])
    np.testing.assert_allclose(curve.survival, [5 / 6, 5 / 6 * 3 / 5, 5 / 6 * 3 / 5 * 1 / 2])
    np.testing.assert_array_equal(curve.n_risk, [6, 5, 2])
    assert curve.at(1.9) == (1.0, 1.0, 1.0)
    s, low, high = curve.at(4)
    assert s == pytest.approx(0.5) and low < 0.5 < high
    assert curve.event_probability_by(8)[0] == pytest.approx(0.75)
    assert curve.horizon == 9


def test_restricted_mean_is_the_area_under_the_curve():
    curve = outcomes.kaplan_meier([2, 3, 3, 5, 7, 9], [1, 1, 1, 0, 1, 0])
    area = 2 * 1 + 1 * 5 / 6 + 4 * 0.5 + 2 * 0.25
    assert outcomes.restricted_mean(curve, 9).value == pytest.approx(area)
    # with every run followed to tau, it is the mean of min(time, tau)
    times = np.array([10.0, 20, 30, np.inf, np.inf])
    observed = np.isfinite(times)
    curve = outcomes.kaplan_meier(np.where(observed, times, 50.0), observed)
    rm = outcomes.restricted_mean(curve, 50.0)
    assert rm.value == pytest.approx(np.mean(np.minimum(times, 50.0)))
    assert rm.low < rm.value < rm.high


def test_no_event_gives_a_flat_curve_and_the_horizon_as_restricted_mean():
    curve = outcomes.kaplan_meier([100.0] * 5, [False] * 5)
    assert curve.events == 0 and curve.at(50)[0] == 1.0
    assert outcomes.restricted_mean(curve).value == 100.0


def test_quantiles_and_median_difference():
    q = outcomes.quantiles(np.arange(101.0))
    assert (q.median, q.low, q.high, q.runs) == (50.0, 10.0, 90.0, 101)
    d, low, high = outcomes.median_difference(np.arange(100.0) + 30, np.arange(100.0))
    assert d == 30.0 and low < 30 < high
    assert outcomes.median_difference([1.0], [2.0])[0] == -1.0


def _falls(days_fell, days_never):
    return [*days_fell, *([np.nan] * days_never)]


def test_a_sweep_file_as_typed_outcomes(tmp_path):
    # point 0: Sirte falls in every run on days 100..109; point 1: in 2 of 10 runs
    path = campaign_sweep(tmp_path / "c.h5", [np.arange(100.0, 110.0), _falls([150, 160], 8)],
                          failed=(3,))
    sweep = io.open_sweep(path)
    assert sweep.arrays["capture_day"].outcome == outcomes.TIME_TO_EVENT
    assert sweep.arrays["final_control"].outcome == outcomes.CATEGORICAL
    assert sweep.arrays["killed"].outcome == outcomes.CONTINUOUS
    runs = ensemble.from_sweep(sweep)
    assert runs.runs == 19 and runs.horizon_days == CAMPAIGN_DAYS
    assert runs.end_date() == "2016-12-06"
    found = {(f.faction, f.node) for f in ensemble.falls(runs)}
    assert found == {("GNA", "sirte")}  # Misrata and Derna never change hands
    first = ensemble.fall_of(runs.subset(np.flatnonzero(runs.design_point == 0)), "GNA", "sirte")
    assert first.by(CAMPAIGN_DAYS).successes == 9 and first.by(CAMPAIGN_DAYS).trials == 9
    second = ensemble.fall_of(runs.subset(np.flatnonzero(runs.design_point == 1)), "GNA", "sirte")
    share = second.by(CAMPAIGN_DAYS)
    assert (share.successes, share.trials) == (2, 10)
    # restricted mean: (150 + 160 + 8 x 215) / 10, never the mean of the two that fell
    assert second.restricted_mean().value == pytest.approx((150 + 160 + 8 * 215) / 10)
    shares = ensemble.holder_shares(runs.subset(np.flatnonzero(runs.design_point == 1)), "sirte")
    assert {k: (p.successes, p.trials) for k, p in shares.items()} == {"GNA": (2, 10), "ISIS": (8, 10)}
    assert ensemble.varying_holders(runs) == ["sirte"]


def test_a_run_file_as_one_run(tmp_path):
    path = write_run_file(tmp_path / "r.h5", corridor_run(days=200))
    runs = ensemble.from_runs([path])
    fall = ensemble.fall_of(runs, "GNA", "sirte")
    assert list(fall.days) == [186.0]
    # Derna besieged on every one of the 201 records: 201 days, as `frontline run` and the
    # sweep's besieged_days count them
    assert runs.continuous["besieged_days[derna]"].iloc[0] == 201.0
    # Sirte: records 32..185 besieged, ended at record 186: 154 days
    assert runs.continuous["besieged_days[sirte]"].iloc[0] == 154.0
