"""Capped attribution (entropic partial optimal transport) against hand cases, an LP, POT and its limits."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import linprog
from scipy.sparse import coo_matrix, vstack

from bluecarbon.core.flow import DistanceDecay
from bluecarbon.core.flow.allocation import ASPATIAL, CAPPED, Pairs, allocate
from bluecarbon.core.flow.transport import capped_transport, max_deliverable

EXP = DistanceDecay("exponential", scale_m=2.0)


def lp_optimum(supply, demand, src, unit) -> float:
    """max Σ F s.t. rows ≤ S, columns ≤ D, F ≥ 0 (scipy HiGHS), an oracle independent of the engine."""
    n = src.size
    a = vstack([
        coo_matrix((np.ones(n), (src, np.arange(n))), (supply.size, n)),
        coo_matrix((np.ones(n), (unit, np.arange(n))), (demand.size, n)),
    ])
    res = linprog(-np.ones(n), A_ub=a, b_ub=np.r_[supply, demand], bounds=(0, None), method="highs")
    assert res.status == 0
    return -res.fun


def random_case(rng, scale_demand):
    ns, nu = int(rng.integers(2, 25)), int(rng.integers(2, 18))
    supply = rng.lognormal(0, 1, ns)
    demand = rng.lognormal(0, 1, nu) * scale_demand
    dist = rng.uniform(0, 10, (ns, nu))
    src, unit = np.nonzero(dist < 5)
    return supply, demand, src.astype(np.int64), unit.astype(np.int64), dist[src, unit]


def flows_2x3(supply, demand, f):
    """Capped flows as a 2 × 3 dict; ``f`` is the decay weight matrix (NaN = out of reach)."""
    src, unit = np.nonzero(np.isfinite(f))
    flow, rep = capped_transport(np.array(supply, float), np.array(demand, float), src, unit, np.log(f[src, unit]))
    out = np.zeros((2, 3))
    out[src, unit] = flow
    return out, rep


NAN = np.nan


def test_hand_2x3_demand_limited_splits_by_supply() -> None:
    """S = (6, 3), D = (1, 1, 1), f = 1 where in reach: source 1 reaches units 1, 2; source 2 units 1, 3.

    Σ D = 3 < Σ S = 9 and every unit can be filled: M* = 3, every column is an equality and no source
    reaches its supply (α = 0), so F_ij = S_i D_j e^(β_j): unit 1 is shared as 6 : 3, F_11 = 2/3, F_21 = 1/3;
    units 2 and 3 each have one supplier: F_12 = F_23 = 1."""
    f = np.array([[1.0, 1.0, NAN], [1.0, NAN, 1.0]])
    flow, rep = flows_2x3([6, 3], [1, 1, 1], f)
    assert rep.max_deliverable_tC_yr == pytest.approx(3.0, rel=1e-12)
    np.testing.assert_allclose(flow, [[2 / 3, 1, 0], [1 / 3, 0, 1]], rtol=1e-9, atol=1e-12)


def test_hand_2x3_ample_demand_is_the_gravity_model() -> None:
    """S = (6, 3), D = (1, 10, 10), same reach: gravity gives unit 1 6/11 + 3/11 = 9/11 < 1, so no unit is full and
    F = S_i D_j / Σ_k D_k: row 1 = 6·(1, 10)/11, row 2 = 3·(1, 10)/11."""
    f = np.array([[1.0, 1.0, NAN], [1.0, NAN, 1.0]])
    flow, rep = flows_2x3([6, 3], [1, 10, 10], f)
    assert rep.max_deliverable_tC_yr == pytest.approx(9.0)
    np.testing.assert_allclose(flow, [[6 / 11, 60 / 11, 0], [3 / 11, 0, 30 / 11]], rtol=1e-9, atol=1e-12)


def test_hand_2x3_saturated_unit() -> None:
    """S = (6, 6), D = (1, 10, 10): gravity would give unit 1 12/11 > 1. Capped: unit 1 is full and shared
    equally by symmetry (1/2 each); each source sends the rest, 5.5, to its other unit (≤ 10)."""
    f = np.array([[1.0, 1.0, NAN], [1.0, NAN, 1.0]])
    flow, rep = flows_2x3([6, 6], [1, 10, 10], f)
    np.testing.assert_allclose(flow, [[0.5, 5.5, 0], [0.5, 0, 5.5]], rtol=1e-9)
    assert rep.max_deliverable_tC_yr == pytest.approx(12.0)


def test_forced_zero_pair() -> None:
    """S = (5, 5), D = (3, 10); source 1 reaches unit 1 only, source 2 both. M* = 3 + 5 = 8 needs F_21 = 0 although
    its kernel is positive: F = [[3, 0], [0, 5]]."""
    src, unit = np.array([0, 1, 1]), np.array([0, 0, 1])
    flow, rep = capped_transport(np.array([5.0, 5.0]), np.array([3.0, 10.0]), src, unit, np.zeros(3))
    assert rep.max_deliverable_tC_yr == pytest.approx(8.0)
    assert rep.converged and rep.pairs_used == 2
    np.testing.assert_allclose(flow, [3.0, 0.0, 5.0], atol=1e-9)


@pytest.mark.parametrize("scale_demand", [0.05, 0.3, 1.0, 3.0, 30.0])
def test_margins_and_lp_optimum(scale_demand) -> None:
    """Random cases: Σ_j F ≤ S_i and Σ_i F ≤ D_j to 1e-9; Σ F = the LP optimum within 1e-6 (relative)."""
    rng = np.random.default_rng(int(scale_demand * 100))
    for _ in range(15):
        supply, demand, src, unit, d = random_case(rng, scale_demand)
        flow, rep = capped_transport(supply, demand, src, unit, EXP.log_weight(d))
        assert rep.converged
        assert np.all(flow >= 0)
        assert np.all(np.bincount(src, flow, supply.size) <= supply * (1 + 1e-9))
        assert np.all(np.bincount(unit, flow, demand.size) <= demand * (1 + 1e-9))
        optimum = lp_optimum(supply, demand, src, unit)
        assert rep.max_deliverable_tC_yr == pytest.approx(optimum, rel=1e-9)
        assert flow.sum() == pytest.approx(optimum, rel=1e-6)


def test_max_deliverable_equals_lp_on_larger_graphs() -> None:
    rng = np.random.default_rng(7)
    for _ in range(5):
        ns, nu = 300, 80
        supply, demand = rng.lognormal(0, 1, ns), rng.lognormal(0, 1.5, nu)
        src, unit = np.nonzero(rng.uniform(size=(ns, nu)) < 0.03)
        mf = max_deliverable(supply, demand, src, unit)
        assert mf.value == pytest.approx(lp_optimum(supply, demand, src, unit), rel=1e-9)


def test_agrees_with_pot_entropic_partial_wasserstein() -> None:
    """POT's Bregman-projection solver (Benamou et al. 2015) on the same problem: M = −ln K, reg = 1, m = M*.

    Sources and units without a pair in reach are dropped first (their rows or columns would be all zero)."""
    ot = pytest.importorskip("ot")
    rng = np.random.default_rng(3)
    checked = 0
    for _ in range(12):
        ns, nu = int(rng.integers(2, 7)), int(rng.integers(2, 6))
        supply, demand = rng.lognormal(0, 0.7, ns), rng.lognormal(0, 0.7, nu)
        dist = rng.uniform(0, 8, (ns, nu))
        reach = dist < 6
        rows, cols = reach.any(axis=1), reach.any(axis=0)
        supply, demand, dist, reach = supply[rows], demand[cols], dist[rows][:, cols], reach[rows][:, cols]
        src, unit = np.nonzero(reach)
        flow, rep = capped_transport(supply, demand, src, unit, EXP.log_weight(dist[src, unit]))
        ours = np.zeros(dist.shape)
        ours[src, unit] = flow
        log_k = np.log(supply)[:, None] + np.log(demand)[None, :] + EXP.log_weight(dist)
        # out of reach: a kernel e^−50 below the smallest in reach (POT's projections divide by K, so not 0)
        cost = np.where(reach, -log_k, np.max(-log_k[reach]) + 50.0)
        # POT's iteration reaches the exact M* only slowly where a pair is forced to zero: ask for 1 − 1e-7 of it
        gamma = ot.partial.entropic_partial_wasserstein(
            supply, demand, cost, reg=1.0, m=rep.max_deliverable_tC_yr * (1 - 1e-7), numItermax=200000, stopThr=1e-13
        )
        np.testing.assert_allclose(ours, gamma, atol=1e-6 * supply.sum())  # POT at 1 − 1e-7 of M*: ≤ 1e-7 apart
        checked += 1
    assert checked == 12


def test_limits_gravity_and_aspatial() -> None:
    """Ample demand: the capped flows equal the production-constrained gravity model; f ≡ 1 as well, every unit in
    reach: F_ij = S_i D_j / Σ D (the SPANs rule), written out here."""
    rng = np.random.default_rng(11)
    supply = rng.lognormal(0, 1, 12)
    demand = rng.lognormal(0, 1, 7) * 1e3
    dist = rng.uniform(0, 10, (12, 7))
    src, unit = np.nonzero(dist < 7)
    pairs = Pairs(src.astype(np.int64), unit.astype(np.int64), dist[src, unit])
    capped = allocate(supply, demand, pairs, EXP, 7.0, CAPPED)
    w = np.where(dist < 7, demand[None, :] * np.exp(-dist / 2.0), 0.0)
    gravity = supply[:, None] * w / w.sum(axis=1, keepdims=True)
    got = np.zeros((12, 7))
    got[capped.patch, capped.unit] = capped.flow
    np.testing.assert_allclose(got, gravity, rtol=1e-9, atol=1e-14)
    # f ≡ 1, all in reach
    src, unit = np.nonzero(np.ones((12, 7)))
    flow, _ = capped_transport(supply, demand, src, unit, np.zeros(src.size))
    np.testing.assert_allclose(flow, (supply[:, None] * demand[None, :] / demand.sum())[src, unit], rtol=1e-9)
    # the aspatial method gives that rule whatever the reach
    asp = allocate(supply, demand, Pairs(src[:3], unit[:3], np.zeros(3)), EXP, 7.0, ASPATIAL)
    got = np.zeros((12, 7))
    got[asp.patch, asp.unit] = asp.flow
    np.testing.assert_allclose(got, supply[:, None] * demand[None, :] / demand.sum(), rtol=1e-12)


def test_unallocated_split() -> None:
    """Source 0 reaches nothing (no demand in reach); sources 1, 2 share unit 0 (D = 1): the rest is saturated."""
    supply, demand = np.array([2.0, 3.0, 1.0]), np.array([1.0, 0.0])
    pairs = Pairs(np.array([1, 2, 0]), np.array([0, 0, 1]), np.array([1.0, 1.0, 1.0]))
    a = allocate(supply, demand, pairs, EXP, 5.0, CAPPED)
    np.testing.assert_allclose(a.unallocated_no_demand, [2.0, 0.0, 0.0])
    # unit 0 is full and shared 3 : 1 (equal distances, no source full): F = 0.75, 0.25
    np.testing.assert_allclose(a.sent, [0.0, 0.75, 0.25], rtol=1e-9)
    np.testing.assert_allclose(a.unallocated_saturated, [0.0, 2.25, 0.75], rtol=1e-9)
    np.testing.assert_allclose(a.sent + a.unallocated_no_demand + a.unallocated_saturated, supply, rtol=1e-12)


def test_steep_decay_does_not_underflow() -> None:
    """Kernels down to e^−2000 (far beyond float range) still give a feasible, optimal allocation."""
    supply, demand = np.array([1.0, 1.0]), np.array([0.5, 5.0])
    src, unit = np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1])
    flow, rep = capped_transport(supply, demand, src, unit, np.array([0.0, -2000.0, -1000.0, -1500.0]))
    assert rep.converged
    assert flow.sum() == pytest.approx(2.0, rel=1e-9)
    assert flow[0] == pytest.approx(0.5, rel=1e-9)
