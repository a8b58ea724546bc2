"""Two-date split of the change in attributed flow: channels add up exactly, hand cases, counterfactual endpoints."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent))  # the small-raster helpers of test_flow_cells
from test_flow_cells import DECAY, RATES, RESISTANCE, landscape, units_at  # noqa: E402

from bluecarbon.core.flow import (
    CHANNELS, DateInputs, FlowOptions, Pairs, assess_flow, decompose, decompose_flow_change, parse_resistance,
)
from bluecarbon.core.parameters import parse_parameters
from bluecarbon.core.sink import SinkOptions


def maps():
    """Date 1: a mangrove belt (rows 3-6, cols 5-44) and a salt-marsh strip (row 12, cols 10-30). Date 2: the belt's
    east end (cols 35-44) reclaimed as land, a creek at col 20, the strip intact."""
    a = np.full((16, 50), 3)
    a[3:7, 5:45] = 1
    a[12, 10:31] = 2
    b = a.copy()
    b[3:7, 35:45] = 4
    b[:, 20] = 5
    b[12, 20] = 2  # the creek passes the strip by
    return a, b


def units(demand):
    return units_at([(150.0, 50.0), (400.0, 60.0), (250.0, 140.0)], demand)


def options(mode="straight_line", sink=None, **kw):
    return FlowOptions(DECAY, 200.0, mode, parse_resistance(RESISTANCE) if mode == "least_cost" else None,
                       sink or SinkOptions(draws=0), **kw)


@pytest.mark.parametrize("mode", ["straight_line", "least_cost"])
@pytest.mark.parametrize("edge", [False, True])
def test_channels_add_up_to_the_change(tmp_path: Path, mode, edge) -> None:
    a, b = maps()
    lc1, s1 = landscape(tmp_path, a, "d1.tif")
    lc2, s2 = landscape(tmp_path, b, "d2.tif")
    sink = SinkOptions(edge_depth_m=10.0, edge_factor=0.5, draws=0) if edge else SinkOptions(draws=0)
    opts = options(mode, sink)
    d1, d2 = units([0.3, 0.1, 0.2]), units([0.5, 0.05, 0.3])
    params = parse_parameters(RATES)
    dec = decompose_flow_change(lc1, s1, lc2, s2, params, d1, d2, opts)
    total = sum(dec.terms[k] for k in CHANNELS)
    assert total == pytest.approx(dec.change_tC_yr, rel=1e-12, abs=1e-15)
    assert sum(dec.shapley_attributed.values()) == pytest.approx(dec.change_tC_yr, rel=1e-12, abs=1e-15)
    assert sum(dec.sequential.values()) == pytest.approx(dec.change_tC_yr, rel=1e-12, abs=1e-15)
    # the counterfactual endpoints are the two dates' own runs
    for lc, sc, dem, value in ((lc1, s1, d1, dec.attributed_tC_yr_1), (lc2, s2, d2, dec.attributed_tC_yr_2)):
        r = assess_flow(lc, sc, params, dem, opts)
        r.close()
        assert value == pytest.approx(r.network["attributed_tC_yr"], rel=1e-7)
    if mode == "straight_line":
        assert dec.terms["reach"] == 0.0  # cell-to-unit distances do not depend on cover
    else:
        assert dec.terms["reach"] != 0.0  # the creek is impassable
    if not edge:
        assert dec.terms["edge"] == 0.0
    assert dec.terms["saturation"] != 0.0


def test_area_only_by_hand(tmp_path: Path) -> None:
    """Ample demand, no edge band, one unit that reaches the whole belt; date 2 loses the 40 cells of cols 35-44:
    area = −40 × 0.01 ha × 2 t C/ha/yr = −0.8 t C/yr, and nothing else changes."""
    a, _ = maps()
    b = a.copy()
    b[3:7, 35:45] = 4
    lc1, s1 = landscape(tmp_path, a, "d1.tif")
    lc2, s2 = landscape(tmp_path, b, "d2.tif")
    village = units_at([(250.0, 50.0)], [1e3])
    opts = dataclasses.replace(options(), max_distance_m=400.0)
    dec = decompose_flow_change(lc1, s1, lc2, s2, parse_parameters(RATES), village, village, opts)
    assert dec.terms["area"] == pytest.approx(-0.8, rel=1e-12)
    for k in ("edge", "reach", "saturation", "demand"):
        assert dec.terms[k] == pytest.approx(0.0, abs=1e-12)


def test_array_level_demand_and_saturation_by_hand() -> None:
    """One cell (s = 2) and one unit in reach. Date 1: D = 1 (the unit is full: F = 1, A = 2); date 2: D = 3 (F = 2).
    Only demand changed: F: 1 → 2. Accessible supply is 2 at both dates, so demand = 0 and saturation = +1."""
    pairs = Pairs(np.array([0]), np.array([0]), np.array([10.0]))
    d1 = DateInputs(np.array([2.0]), np.array([1.0]), pairs, np.array([1.0]))
    d2 = DateInputs(np.array([2.0]), np.array([1.0]), pairs, np.array([3.0]))
    dec = decompose(d1, d2, options())
    assert dec.change_tC_yr == pytest.approx(1.0)
    assert dec.terms["saturation"] == pytest.approx(1.0)
    assert dec.terms["demand"] == 0.0 and dec.terms["area"] == 0.0
    assert dec.shapley_attributed["demand"] == pytest.approx(1.0)


def test_shapley_is_order_averaged_by_hand() -> None:
    """Two cells, one unit with D = 1 at both dates. Date 2 doubles cell 0's base (area) and halves cell 1's edge
    multiplier; accessible supply A = s_0 + s_1: date 1 = 1 + 1, area → 2 + 1, edge → 1 + 0.5, both → 2 + 0.5.
    A is additive here, so φ_area(A) = +1 and φ_edge(A) = −0.5 whatever the order; F = min(A, 1) = 1 throughout,
    so saturation = ΔF − ΔA = 0 − 0.5 = −0.5."""
    pairs = Pairs(np.array([0, 1]), np.array([0, 0]), np.array([5.0, 5.0]))
    d1 = DateInputs(np.array([1.0, 1.0]), np.array([1.0, 1.0]), pairs, np.array([1.0]))
    d2 = DateInputs(np.array([2.0, 1.0]), np.array([1.0, 0.5]), pairs, np.array([1.0]))
    dec = decompose(d1, d2, options())
    assert dec.terms["area"] == pytest.approx(1.0)
    assert dec.terms["edge"] == pytest.approx(-0.5)
    assert dec.terms["saturation"] == pytest.approx(-0.5)
    assert dec.change_tC_yr == pytest.approx(0.0, abs=1e-9)


def test_intervals_of_the_terms(tmp_path: Path) -> None:
    a, b = maps()
    lc1, s1 = landscape(tmp_path, a, "d1.tif")
    lc2, s2 = landscape(tmp_path, b, "d2.tif")
    dec = decompose_flow_change(lc1, s1, lc2, s2, parse_parameters(RATES), units([0.3, 0.1, 0.2]),
                                units([0.5, 0.05, 0.3]), options(), draws=30, seed=1)
    for k in (*CHANNELS, "change"):
        mean, lo, hi = dec.intervals[k]
        assert lo <= mean <= hi
    lo, hi = dec.intervals["area"][1:]
    assert lo - 1e-12 <= dec.terms["area"] <= hi + 1e-12
