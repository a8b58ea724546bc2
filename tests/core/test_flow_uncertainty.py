"""Monte Carlo intervals on flows, decay given by meaning, Morris screening, flow-weighted indices by hand."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent))  # the small-raster helpers of test_flow_cells
from test_flow_cells import DECAY, RATES, landscape, units_at  # noqa: E402

from bluecarbon.core.flow import (  # noqa: E402
    Allocation, DistanceDecay, Factor, FlowOptions, assess_flow, esdr_pooled, flow_indices, flow_sensitivity,
    flow_uncertainty, morris,
)
from bluecarbon.core.parameters import parse_parameters  # noqa: E402
from bluecarbon.core.sink import SinkOptions  # noqa: E402


def narrow(rates: str, factor: float) -> str:
    """The same table with every uniform range shrunk around its value by ``factor``."""
    lines = rates.strip().splitlines()
    out = [lines[0]]
    for line in lines[1:]:
        f = line.split(",")
        v, lo, hi = float(f[2]), float(f[4]), float(f[5])
        f[4], f[5] = str(v - factor * (v - lo)), str(v + factor * (hi - v))
        out.append(",".join(f))
    return "\n".join(out) + "\n"


def mosaic(tmp_path: Path):
    rng = np.random.default_rng(4)
    a = np.where(rng.uniform(size=(30, 40)) < 0.4, rng.integers(1, 3, (30, 40)), 4)
    return landscape(tmp_path, a)


def test_intervals_contain_the_central_run_and_shrink(tmp_path: Path) -> None:
    lc, scheme = mosaic(tmp_path)
    units = units_at([(60.0, 60.0), (300.0, 200.0), (150.0, 250.0)], [0.4, 0.2, 3.0])
    sink = SinkOptions(edge_depth_m=10.0, edge_factor=0.6, draws=0)
    options = FlowOptions(DECAY, 120.0, sink=sink)
    widths = []
    for factor in (1.0, 0.25):
        params = parse_parameters(narrow(RATES, factor))
        r = assess_flow(lc, scheme, params, units, options)
        r.close()
        u = flow_uncertainty(r, scheme, params, draws=150, seed=3)
        n = u.network
        for name in ("supply_tC_yr", "attributed_tC_yr", "share_of_demand_met", "essr"):
            assert n[f"{name}_lo"] - 1e-12 <= n[name] <= n[f"{name}_hi"] + 1e-12, name
        rec = u.units
        assert np.all(rec["received_tC_yr_lo"] - 1e-12 <= rec["received_tC_yr"])
        assert np.all(rec["received_tC_yr"] <= rec["received_tC_yr_hi"] + 1e-12)
        # no draw breaks a margin: received ≤ demand in every draw
        assert np.all(u.samples["received_tC_yr"] <= units.demand_tC_yr * (1 + 1e-9))
        widths.append(n["attributed_tC_yr_hi"] - n["attributed_tC_yr_lo"])
    assert widths[1] < 0.5 * widths[0]
    # the edge factor's range and demand uncertainty widen it again
    u2 = flow_uncertainty(r, scheme, params, draws=150, seed=3, edge_factor_range=(0.2, 1.0), demand_log_sd=0.5)
    assert u2.network["attributed_tC_yr_hi"] - u2.network["attributed_tC_yr_lo"] > widths[1]
    assert u2.network["share_of_demand_met_lo"] < u2.network["share_of_demand_met_hi"]


def test_decay_given_by_meaning() -> None:
    """p = 0.05 at d_ref = 3000 m: λ = −3000 / ln 0.05 = 1001.425 m; power (d₀ = 100): β = ln 20 / ln 31 = 0.87238."""
    e = DistanceDecay.from_weight("exponential", 0.05, 3000.0)
    assert e.scale_m == pytest.approx(3000.0 / math.log(20.0))
    assert e.scale_m == pytest.approx(1001.425, rel=1e-6)
    assert e.relative_weight(3000.0) == pytest.approx(0.05)
    p = DistanceDecay.from_weight("power", 0.05, 3000.0, offset_m=100.0)
    assert p.exponent == pytest.approx(math.log(20.0) / math.log(31.0))
    assert p.relative_weight(3000.0) == pytest.approx(0.05)
    with pytest.raises(Exception, match="strictly between 0 and 1"):
        DistanceDecay.from_weight("exponential", 1.0, 3000.0)


def test_morris_on_a_linear_function() -> None:
    """y = 3 a + 0 b + c²: EE_a = 3 × range (2) = 6 exactly (σ = 0), EE_b = 0; c is non-linear (σ > 0)."""
    factors = [Factor("a", 0.0, 2.0, multiplier=False), Factor("b", 1.0, 5.0, multiplier=False),
               Factor("c", 0.0, 1.0, multiplier=False)]
    table = morris(lambda v: {"y": 3 * v["a"] + v["c"] ** 2}, factors, ["y"], trajectories=8, seed=1)
    rows = {f: (m, s) for f, m, s in zip(table["factor"], table["mu_star"], table["sigma"])}
    assert rows["a"][0] == pytest.approx(6.0) and rows["a"][1] == pytest.approx(0.0, abs=1e-12)
    assert rows["b"][0] == 0.0
    assert rows["c"][1] > 0


def test_flow_sensitivity_table(tmp_path: Path) -> None:
    lc, scheme = mosaic(tmp_path)
    units = units_at([(60.0, 60.0), (300.0, 200.0)], [0.4, 5.0])
    options = FlowOptions(DECAY, 80.0, sink=SinkOptions(edge_depth_m=10.0, edge_factor=0.6, draws=0))
    table = flow_sensitivity(lc, scheme, parse_parameters(RATES), units, options, trajectories=4)
    assert set(table["factor"]) == {"decay", "max_distance", "edge_factor"}
    assert np.all(np.isfinite(table["mu_star"].astype(float)))
    mu = {(f, o): m for f, o, m in zip(table["factor"], table["output"], table["mu_star"])}
    assert mu["max_distance", "attributed_tC_yr"] > 0  # reach decides which supply can be attributed
    assert mu["edge_factor", "attributed_tC_yr"] > 0


def test_flow_indices_by_hand() -> None:
    """Sources S = (2, 2), units D = (1, 4); links F = (1, 1, 2) as (0→0, 0→1, 1→1) at distances 10, 20, 30.
    p = (1/4, 1/4, 1/2): H = 1.5 ln 2, effective links 2^1.5 = 2√2; weighted connectance 2√2 / 4; SNA density
    3 / (4 · 3); flow-weighted distance (10 + 20 + 60) / 4 = 22.5; ESSR 4 / 4; ΣR/ΣD = 4 / 5.
    Threshold 0.6 of the source's supply: only 1→1 (share 1) remains."""
    a = Allocation(
        patch=np.array([0, 0, 1]), unit=np.array([0, 1, 1]), flow=np.array([1.0, 1.0, 2.0]),
        distance=np.array([10.0, 20.0, 30.0]), share=np.array([0.5, 0.5, 1.0]), sent=np.array([2.0, 2.0]),
        unallocated=np.zeros(2), received=np.array([1.0, 3.0]), n_links_of_patch=np.array([2, 1]),
        n_links_of_unit=np.array([1, 2]),
    )
    ix = flow_indices(np.array([2.0, 2.0]), np.array([1.0, 4.0]), a)
    assert ix["effective_links"] == pytest.approx(2 * math.sqrt(2))
    assert ix["weighted_connectance"] == pytest.approx(math.sqrt(2) / 2)
    assert ix["sna_density"] == pytest.approx(3 / 12)
    assert ix["flow_weighted_distance_m"] == pytest.approx(22.5)
    assert ix["essr"] == 1.0 and ix["received_to_demand"] == pytest.approx(0.8)
    assert ix["mean_source_strength_tC_yr"] == 2.0 and ix["mean_unit_strength_tC_yr"] == 2.0
    assert flow_indices(np.array([2.0, 2.0]), np.array([1.0, 4.0]), a, 0.6)["links_above_threshold"] == 1


def test_esdr_pooled_by_hand() -> None:
    """Date 1: R = (1, 2), D = (2, 2); date 2: R = (4, 0), D = (1, 6). Pooled maxima R 4, D 6: scale 5."""
    e1, e2 = esdr_pooled([np.array([1.0, 2.0]), np.array([4.0, 0.0])], [np.array([2.0, 2.0]), np.array([1.0, 6.0])])
    np.testing.assert_allclose(e1, [-0.2, 0.0])
    np.testing.assert_allclose(e2, [0.6, -1.2])
