"""analysis.sensitivity on synthetic sweeps whose answer is known."""
import numpy as np
import pytest

from analysis_fixtures import (interleave_saltelli, ishigami, ishigami_indices, lhs_sweep,
                               saltelli_design, sobol_sweep, write_sweep_file)
from analysis import io, sensitivity


def _blocks(function, bounds, base_samples, seed):
    x = saltelli_design(base_samples, bounds, np.random.default_rng(seed))
    return function(x).reshape(len(bounds) + 2, base_samples)


def test_linear_function_of_one_parameter_has_all_the_variance_in_it():
    y = _blocks(lambda x: 4 * x[:, 0] + 0 * x[:, 1], [(0, 1), (0, 1)], 2048, seed=1)
    result = sensitivity.sobol_indices(y[0], y[1], y[2:], bootstrap=50)
    np.testing.assert_allclose(result.first, [1.0, 0.0], atol=0.05)
    np.testing.assert_allclose(result.total, [1.0, 0.0], atol=0.02)
    assert result.total[1] == 0.0  # x2 never changes y: Jansen's estimator is exactly zero
    assert result.first_ci[0, 0] < result.first[0] < result.first_ci[0, 1]


def test_ishigami_indices_match_the_analytic_values():
    y = _blocks(ishigami, [(-np.pi, np.pi)] * 3, 4096, seed=3)
    result = sensitivity.sobol_indices(y[0], y[1], y[2:], bootstrap=0)
    first, total = ishigami_indices()  # S1 = .314 .442 0, ST = .558 .442 .244
    np.testing.assert_allclose(result.first, first, atol=0.05)
    np.testing.assert_allclose(result.total, total, atol=0.04)
    # x3 acts only through its interaction with x1
    assert result.total[2] - result.first[2] > 0.18


def test_failed_runs_are_left_out_of_their_rows_only():
    y = _blocks(lambda x: 4 * x[:, 0], [(0, 1), (0, 1)], 1024, seed=2)
    y[2, 10] = np.nan  # AB_1, row 10
    result = sensitivity.sobol_indices(y[0], y[1], y[2:], bootstrap=0)
    assert list(result.rows_used) == [1023, 1024]
    assert result.first[0] == pytest.approx(1.0, abs=0.06)


def test_src_of_a_linear_function_is_its_standardised_slope():
    rng = np.random.default_rng(5)
    x = rng.uniform(0, 1, (2000, 3))
    y = 3 * x[:, 0] - 2 * x[:, 1] + 0 * x[:, 2]
    fit = sensitivity.standardised_regression(x, y)
    sd = np.sqrt(1 / 12)
    sd_y = np.sqrt(9 + 4) * sd
    np.testing.assert_allclose(fit.src, [3 * sd / sd_y, -2 * sd / sd_y, 0.0], atol=0.02)
    assert fit.r_squared == pytest.approx(1.0)


def test_src_ignores_a_constant_parameter_and_nan_rows():
    x = np.column_stack([np.arange(10.0), np.ones(10)])
    y = 2 * np.arange(10.0)
    y[4] = np.nan
    fit = sensitivity.standardised_regression(x, y)
    assert fit.src[0] == pytest.approx(1.0) and np.isnan(fit.src[1])
    assert fit.rows_used == 9


def test_a_sobol_sweep_file_gets_sobol_indices_with_replicates_and_failures(tmp_path):
    path = sobol_sweep(tmp_path / "sobol.h5", ishigami, [(-np.pi, np.pi)] * 3, ["x1", "x2", "x3"],
                       base_samples=4096, replicates=2, noise=0.05, failed_runs=(6, 7, 9), seed=4)
    result = sensitivity.analyse(io.open_sweep(path))
    assert result.method == "sobol"
    table = result.table.set_index("parameter")
    first, total = ishigami_indices()
    np.testing.assert_allclose(table.loc[["x1", "x2", "x3"], "S1"], first, atol=0.06)
    np.testing.assert_allclose(table.loc[["x1", "x2", "x3"], "ST"], total, atol=0.05)
    # runs 6 and 7 are both replicates of row 3 of A: that row drops out everywhere; run 9
    # is one replicate of row 4, which keeps its other replicate
    assert (table["base rows used"] == 4095).all()
    assert "N = 4096" in result.description and "2 replicates" in result.description


def test_saltelli_blocks_are_matched_to_parameters_by_the_column_that_changes(tmp_path):
    # The file lists the parameters in another order than the AB blocks vary them.
    rng = np.random.default_rng(6)
    x = saltelli_design(512, [(0, 1), (0, 1)], rng)  # AB_1 varies "b_first", AB_2 "a_second"
    path = write_sweep_file(tmp_path / "order.h5",
                            {"b_first": ("p.b", x[:, 0]), "a_second": ("p.a", x[:, 1])},
                            {"y": 5 * x[:, 1]}, design="sobol",
                            attrs={"sobol_base_samples": np.int32(512), "sobol_parameters": np.int32(2)})
    sweep = io.open_sweep(path)
    layout, reason = sensitivity.saltelli_layout(sweep)
    assert reason == "" and layout.parameters == ["b_first", "a_second"]
    table = sensitivity.analyse(sweep).table.set_index("parameter")
    assert table.loc["a_second", "ST"] == pytest.approx(1.0, abs=0.06)
    assert table.loc["b_first", "ST"] == 0.0


def test_a_sobol_file_with_the_wrong_run_count_falls_back_to_src(tmp_path):
    rng = np.random.default_rng(7)
    x = saltelli_design(64, [(0, 1)], rng)[:-1]
    path = write_sweep_file(tmp_path / "cut.h5", {"p": ("a.p", x[:, 0])}, {"y": x[:, 0]}, design="sobol",
                            attrs={"sobol_base_samples": np.int32(64), "sobol_parameters": np.int32(1)})
    result = sensitivity.analyse(io.open_sweep(path))
    assert result.method == "src"
    assert "191 design points do not make (D + 2) x N = (1 + 2) x 64" in result.description


def test_other_designs_get_src(tmp_path):
    result = sensitivity.analyse(io.open_sweep(lhs_sweep(tmp_path / "lhs.h5")))
    assert result.method == "src"
    table = result.table.set_index(["metric", "parameter"])
    assert table.loc[("killed[GNA]", "aggression"), "SRC"] > 0.9
    assert table.loc[("killed[ISIS]", "isis_fighters"), "SRC"] < -0.7
    assert abs(table.loc[("killed[GNA]", "isis_fighters"), "SRC"]) < 0.1


@pytest.mark.parametrize("layout", ["blocks", "interleaved"])
def test_both_saltelli_orders_give_the_same_indices(tmp_path, layout):
    # "interleaved" is the sweep module's order: A_j, AB_j^1..AB_j^D, B_j for each j.
    path = sobol_sweep(tmp_path / f"{layout}.h5", ishigami, [(-np.pi, np.pi)] * 3, ["x1", "x2", "x3"],
                       base_samples=4096, replicates=2, seed=4, layout=layout,
                       with_design_point=layout == "interleaved")
    sweep = io.open_sweep(path)
    found, reason = sensitivity.saltelli_layout(sweep)
    assert reason == "" and found.name == layout and found.parameters == ["x1", "x2", "x3"]
    table = sensitivity.analyse(sweep).table.set_index("parameter")
    first, total = ishigami_indices()
    np.testing.assert_allclose(table.loc[["x1", "x2", "x3"], "S1"], first, atol=0.06)
    np.testing.assert_allclose(table.loc[["x1", "x2", "x3"], "ST"], total, atol=0.05)


def test_a_sobol_file_without_the_layout_attributes_is_inferred(tmp_path):
    rng = np.random.default_rng(8)
    x = interleave_saltelli(saltelli_design(256, [(0, 1), (0, 1)], rng), 256)
    path = write_sweep_file(tmp_path / "bare.h5", {"p": ("a.p", x[:, 0]), "q": ("a.q", x[:, 1])},
                            {"y": x[:, 1] ** 2}, design="sobol")
    result = sensitivity.analyse(io.open_sweep(path))
    assert result.method == "sobol" and "N = 256" in result.description
    table = result.table.set_index("parameter")
    assert table.loc["q", "ST"] == pytest.approx(1.0, abs=0.08) and table.loc["p", "ST"] == 0.0
