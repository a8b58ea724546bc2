"""Sensitivity of the flows: Morris against SALib's analyser on the same trajectories, Sobol' on the Ishigami
function against its analytic indices, the flow model's tables on a tiny landscape, bad inputs."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent))  # the small-raster helpers of test_flow_cells
from test_flow_cells import DECAY, RATES, landscape, units_at  # noqa: E402

from bluecarbon.core.errors import InputError  # noqa: E402
from bluecarbon.core.flow import FlowOptions, SecondDate, flow_sensitivity, morris, sobol  # noqa: E402
from bluecarbon.core.flow.sensitivity import (  # noqa: E402
    CHANGE_OUTPUTS, MAX_RUNS, MORRIS, OUTPUTS, SOBOL, TABLE_COLUMNS, Factor, check_run_count, elementary_effects,
    morris_sample, run_count, salib_sobol, write_sensitivity_table,
)
from bluecarbon.core.parameters import parse_parameters  # noqa: E402
from bluecarbon.core.sink import SinkOptions  # noqa: E402

salib = pytest.importorskip("SALib")
from SALib.analyze import morris as salib_morris  # noqa: E402
from SALib.sample import morris as salib_morris_sample  # noqa: E402

PI = math.pi
ISHIGAMI = [Factor(f"x{i}", -PI, PI, multiplier=False) for i in (1, 2, 3)]


def ishigami(v: dict) -> dict:
    """y = sin x1 + 7 sin² x2 + 0.1 x3⁴ sin x1 (a = 7, b = 0.1)."""
    return {"y": math.sin(v["x1"]) + 7.0 * math.sin(v["x2"]) ** 2 + 0.1 * v["x3"] ** 4 * math.sin(v["x1"])}


def ishigami_indices(a: float = 7.0, b: float = 0.1) -> tuple[np.ndarray, np.ndarray]:
    """Analytic S1 and ST of the Ishigami function (Ishigami & Homma 1990; Sobol' & Levitan 1999)."""
    v1 = 0.5 * (1 + b * PI ** 4 / 5) ** 2
    v2 = a ** 2 / 8
    v13 = b ** 2 * PI ** 8 * (1 / 18 - 1 / 50)
    v = v1 + v2 + v13
    return np.array([v1, v2, 0.0]) / v, np.array([v1 + v13, v2, v13]) / v


def test_ishigami_reference_values() -> None:
    """The analytic values the Sobol' test relies on: S1 ≈ (0.3139, 0.4424, 0), ST ≈ (0.5576, 0.4424, 0.2437)."""
    s1, st = ishigami_indices()
    assert s1 == pytest.approx([0.3139, 0.4424, 0.0], abs=1e-4)
    assert st == pytest.approx([0.5576, 0.4424, 0.2437], abs=1e-4)


# -- Morris: our sample and analyser against SALib's analyser -----------------------------------------------

def test_morris_sample_is_a_set_of_trajectories() -> None:
    """Each step moves one factor by ±Δ = ±2/3 on the 4-level grid, every factor once per trajectory."""
    x = morris_sample(5, 30, seed=2)
    assert x.shape == (30 * 6, 5)
    assert set(np.round(x.ravel() * 3, 9)) <= {0.0, 1.0, 2.0, 3.0}
    steps = np.diff(x.reshape(30, 6, 5), axis=1)
    assert np.all((np.abs(steps) > 1e-12).sum(axis=2) == 1)
    assert np.allclose(np.abs(steps).sum(axis=2), 2 / 3)
    assert np.all((np.abs(steps) > 1e-12).sum(axis=1) == 1)  # every factor moves once


@pytest.mark.parametrize("source", ["ours", "salib"])
def test_morris_matches_salib_on_the_same_trajectories(source: str) -> None:
    """μ*, μ and σ of the Ishigami function from the same sample matrix: our analyser against SALib's."""
    problem = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[0.0, 1.0]] * 3}
    r = 40
    if source == "ours":
        x = morris_sample(3, r, seed=5)
    else:
        x = salib_morris_sample.sample(problem, r, num_levels=4, seed=5)
    y = np.array([ishigami({f.name: f.value(u) for f, u in zip(ISHIGAMI, row)})["y"] for row in x])
    ee = elementary_effects(x, y, r)[:, :, 0]
    ref = salib_morris.analyze(problem, x, y, num_levels=4, num_resamples=10, seed=1)
    assert np.abs(ee).mean(axis=0) == pytest.approx(np.asarray(ref["mu_star"]), rel=1e-12)
    assert ee.mean(axis=0) == pytest.approx(np.asarray(ref["mu"]), rel=1e-12, abs=1e-12)
    assert ee.std(axis=0, ddof=1) == pytest.approx(np.asarray(ref["sigma"]), rel=1e-12)
    # and the effects are not trivially equal: x2 and x1 matter more than nothing, x1's effect varies with x3
    assert np.all(np.asarray(ref["mu_star"]) > 0.1)


def test_morris_table_matches_salib() -> None:
    """morris() end to end (sample, runs, table) against SALib's analyser on the sample it drew."""
    table = morris(ishigami, ISHIGAMI, ["y"], trajectories=20, seed=3)
    x = morris_sample(3, 20, seed=3)
    y = np.array([ishigami({f.name: f.value(u) for f, u in zip(ISHIGAMI, row)})["y"] for row in x])
    problem = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[0.0, 1.0]] * 3}
    ref = salib_morris.analyze(problem, x, y, num_levels=4, num_resamples=10, seed=1)
    assert table["mu_star"] == pytest.approx(np.asarray(ref["mu_star"]), rel=1e-12)
    assert table["sigma"] == pytest.approx(np.asarray(ref["sigma"]), rel=1e-12)
    assert list(table) == list(TABLE_COLUMNS)
    assert set(table["method"]) == {MORRIS} and np.all(table["runs"] == 20 * 4)
    assert np.all(np.isnan(table["S1"]))


def test_elementary_effects_refuse_a_sample_that_is_no_trajectory() -> None:
    x = morris_sample(2, 3, seed=0)
    x[1] = x[0] + 1 / 3  # a step moving both factors
    with pytest.raises(ValueError, match="one factor"):
        elementary_effects(x, np.zeros(len(x)), 3)


# -- Sobol': the Ishigami function's analytic indices ------------------------------------------------------

def test_sobol_on_ishigami_recovers_the_analytic_indices() -> None:
    """N = 8192 (40,960 runs): every index within 0.01 of the analytic value, intervals covering it."""
    s1, st = ishigami_indices()
    table = sobol(ishigami, ISHIGAMI, ["y"], samples=8192, seed=1)
    assert np.all(table["runs"] == 8192 * 5)
    assert table["S1"] == pytest.approx(s1, abs=0.01)
    assert table["ST"] == pytest.approx(st, abs=0.01)
    assert np.all(table["S1_conf"] > 0) and np.all(table["S1_conf"] < 0.05)
    assert np.all(np.abs(table["ST"] - st) <= 3 * table["ST_conf"] + 0.005)
    assert np.all(np.isnan(table["mu_star"]))


def test_sobol_of_an_additive_function() -> None:
    """y = x1 + 2 x2 (uniform on [0, 1]): S1 = ST = (1/5, 4/5) exactly in the limit; a constant output gets 0."""
    factors = [Factor("a", 0.0, 1.0, multiplier=False), Factor("b", 0.0, 1.0, multiplier=False)]
    table = sobol(lambda v: {"y": v["a"] + 2 * v["b"], "c": 3.0}, factors, ["y", "c"], samples=4096, seed=2)
    rows = {(f, o): i for i, (f, o) in enumerate(zip(table["factor"], table["output"]))}
    for name, share in (("a", 0.2), ("b", 0.8)):
        assert table["S1"][rows[name, "y"]] == pytest.approx(share, abs=0.02)
        assert table["ST"][rows[name, "y"]] == pytest.approx(share, abs=0.02)
        assert table["S1"][rows[name, "c"]] == 0.0 and table["ST"][rows[name, "c"]] == 0.0


# -- run counts and bad inputs ------------------------------------------------------------------------------

def test_run_counts_and_limits() -> None:
    assert run_count(MORRIS, 4, 10) == 50
    assert run_count(SOBOL, 4, 64) == 384
    assert check_run_count(SOBOL, 3, 64) == 320
    with pytest.raises(InputError, match=r"more than 5000.*Fix: Give at most 1000 trajectories"):
        check_run_count(MORRIS, 4, 2000)
    assert MAX_RUNS == 5000
    with pytest.raises(InputError, match=r"power of two.*Fix: Give N = 64 or 128"):
        check_run_count(SOBOL, 3, 100)
    with pytest.raises(InputError, match="at least 2 trajectories"):
        check_run_count(MORRIS, 3, 1)


def test_missing_salib_names_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    """With SALib unimportable (as Python hides a module set to None), Sobol' stops with the way to install it."""
    for name in [m for m in sys.modules if m == "SALib" or m.startswith("SALib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "SALib", None)
    with pytest.raises(InputError) as err:
        salib_sobol()
    text = str(err.value)
    assert "SALib" in text and "pip install SALib" in text and "QPIP" in text and "Morris" in text
    # Morris needs no SALib
    assert morris(ishigami, ISHIGAMI, ["y"], trajectories=2)["mu_star"].size == 3


# -- the flow model ---------------------------------------------------------------------------------------

def mosaic(tmp_path: Path, name: str = "lc.tif", lose: bool = False):
    rng = np.random.default_rng(4)
    a = np.where(rng.uniform(size=(30, 40)) < 0.4, rng.integers(1, 3, (30, 40)), 4)
    if lose:
        a[:15, :20] = 4  # date 2: a quarter of the map loses its blue carbon
    return landscape(tmp_path, a, name)


def test_flow_sobol_indices_are_finite_and_sum_sensibly(tmp_path: Path) -> None:
    lc, scheme = mosaic(tmp_path)
    units = units_at([(60.0, 60.0), (300.0, 200.0)], [0.4, 5.0])
    options = FlowOptions(DECAY, 80.0, sink=SinkOptions(edge_depth_m=10.0, edge_factor=0.6, draws=0))
    table = flow_sensitivity(lc, scheme, parse_parameters(RATES), units, options, method=SOBOL, samples=64, seed=1)
    assert set(table["factor"]) == {"decay", "max_distance", "edge_factor"}
    assert set(table["output"]) == set(OUTPUTS)
    for c in ("S1", "S1_conf", "ST", "ST_conf"):
        assert np.all(np.isfinite(table[c])), c
    assert np.all(table["runs"] == 64 * 5)
    for output in OUTPUTS:
        rows = table["output"] == output
        s1, st = table["S1"][rows], table["ST"][rows]
        assert -0.1 <= s1.sum() <= 1.1  # Σ S1 ≤ 1 up to sampling error
        assert np.all(st >= s1 - 0.1)  # ST ≥ S1 up to sampling error
        assert np.all(st >= -0.05) and st.max() > 0.1  # something moves the output
    # the reach decides which supply can be attributed: d_max is influential for the attributed total
    rows = {(f, o): i for i, (f, o) in enumerate(zip(table["factor"], table["output"]))}
    assert table["ST"][rows["max_distance", "attributed_tC_yr"]] > 0.1


def test_flow_morris_with_a_second_date(tmp_path: Path) -> None:
    """With a second date the channels are outputs too; the area channel (cells lost) moves with the edge factor
    and d_max, the reach channel (straight line: distances do not change with cover) does not move at all."""
    lc, scheme = mosaic(tmp_path)
    lc2, scheme2 = mosaic(tmp_path, "lc2.tif", lose=True)
    units = units_at([(60.0, 60.0), (300.0, 200.0)], [0.4, 5.0])
    options = FlowOptions(DECAY, 80.0, sink=SinkOptions(edge_depth_m=10.0, edge_factor=0.6, draws=0))
    table = flow_sensitivity(lc, scheme, parse_parameters(RATES), units, options, trajectories=3,
                             second=SecondDate(lc2, scheme2, units), seed=2)
    assert set(table["output"]) == set(OUTPUTS + CHANGE_OUTPUTS)
    assert np.all(np.isfinite(table["mu_star"])) and np.all(np.isfinite(table["sigma"]))
    mu = {(f, o): m for f, o, m in zip(table["factor"], table["output"], table["mu_star"])}
    assert all(mu[f, "change_reach_tC_yr"] == pytest.approx(0.0, abs=1e-9) for f in ("decay", "max_distance",
                                                                                       "edge_factor"))
    assert mu["max_distance", "change_tC_yr"] > 0
    assert mu["edge_factor", "change_edge_tC_yr"] > 0


def test_flow_sensitivity_bad_inputs(tmp_path: Path) -> None:
    lc, scheme = mosaic(tmp_path)
    units = units_at([(60.0, 60.0)], [1.0])
    options = FlowOptions(DECAY, 80.0)
    params = parse_parameters(RATES)
    with pytest.raises(InputError, match="more than 5000"):
        flow_sensitivity(lc, scheme, params, units, options, trajectories=3000)
    with pytest.raises(InputError, match="Unknown sensitivity factor"):
        flow_sensitivity(lc, scheme, params, units, options, factors=[Factor("rainfall", 0.5, 2.0)])
    other = units_at([(60.0, 60.0), (100.0, 100.0)], [1.0, 1.0])
    with pytest.raises(InputError, match="different demand units"):
        flow_sensitivity(lc, scheme, params, units, options, second=SecondDate(lc, scheme, other))
    small, small_scheme = landscape(tmp_path, np.ones((10, 10)), "small.tif")
    with pytest.raises(InputError, match=r"INPUT_2 '.*small.tif' is on another grid.*Fix"):
        flow_sensitivity(lc, scheme, params, units, options, second=SecondDate(small, small_scheme, units))


def test_table_is_written_whole(tmp_path: Path) -> None:
    table = morris(ishigami, ISHIGAMI, ["y"], trajectories=2)
    path = tmp_path / "sens.csv"
    write_sensitivity_table(str(path), table)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(TABLE_COLUMNS)
    assert len(lines) == 4 and not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("method", [MORRIS, SOBOL])
def test_chart_is_written_whole(tmp_path: Path, method: str) -> None:
    from bluecarbon.core.report.sensitivity_chart import sensitivity_chart

    model = lambda v: {"y": ishigami(v)["y"], "z": v["x1"]}  # noqa: E731
    table = morris(model, ISHIGAMI, ["y", "z"], trajectories=4) if method == MORRIS else \
        sobol(model, ISHIGAMI, ["y", "z"], samples=64)
    path = tmp_path / "chart.png"
    assert sensitivity_chart(table, str(path)) == str(path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert [p.name for p in tmp_path.iterdir()] == ["chart.png"]
    assert sensitivity_chart({k: v[:0] for k, v in table.items()}, str(tmp_path / "empty.png")) is None
    assert not (tmp_path / "empty.png").exists()
