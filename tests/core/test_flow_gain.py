"""Restoration sites' gain in attributed carbon-service flow: hand cases, scipy linprog and the flow engine's own solve."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import linprog

from bluecarbon.core.flow.allocation import ACCESSIBLE_SUPPLY, ASPATIAL, CAPPED, Pairs, allocate
from bluecarbon.core.flow.decay import DistanceDecay
from bluecarbon.core.restoration.flowgain import FlowGain, reach_groups
from bluecarbon.core.restoration.priority import Network, greedy_portfolio


def lp_total(supply, demand, src, unit) -> float:
    """max Σ F_ij s.t. Σ_j F_ij ≤ S_i, Σ_i F_ij ≤ D_j, F ≥ 0 (HiGHS): the capped allocation's total with f ≡ 1."""
    n_s, n_u, m = len(supply), len(demand), len(src)
    if m == 0:
        return 0.0
    a = np.zeros((n_s + n_u, m))
    a[np.asarray(src), np.arange(m)] = 1.0
    a[n_s + np.asarray(unit), np.arange(m)] = 1.0
    res = linprog(-np.ones(m), A_ub=a, b_ub=np.r_[supply, demand], bounds=(0, None), method="highs")
    assert res.status == 0
    return -res.fun


def engine_total(supply, demand, src, unit, distance=None) -> float:
    """Σ F of the flow engine's capped allocation (entropic transport, exponential decay)."""
    d = np.zeros(len(src)) if distance is None else np.asarray(distance, float)
    pairs = Pairs(np.asarray(src, np.int64), np.asarray(unit, np.int64), d)
    a = allocate(np.asarray(supply, float), np.asarray(demand, float), pairs,
                 DistanceDecay("exponential", scale_m=500.0), 1e9, CAPPED)
    return float(a.flow.sum())


def one_site_case(d2: float):
    """Habitat cell A (4 t C/yr) reaches unit 1 (demand 3); the site's two cells (3 + 3) reach units 1 and 2 (d2)."""
    base_supply = np.array([4.0])
    base_src, base_unit = np.array([0]), np.array([0])
    site_supply = np.array([3.0, 3.0])
    site_src, site_unit = np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1])
    demand = np.array([3.0, d2])
    base = reach_groups(base_supply, base_src, base_unit, 2)
    sites = reach_groups(site_supply, site_src, site_unit, 2, key=np.array([0, 0]))
    return FlowGain(base, sites, np.array([6.0]), demand), (base_supply, base_src, base_unit, site_supply, site_src,
                                                            site_unit, demand)


@pytest.mark.parametrize("d2, hand", [(5.0, 5.0), (10.0, 6.0)])
def test_one_site_two_units_by_hand_linprog_and_engine(d2, hand):
    # capacity binding (unit 2 takes 5 of the site's 6) or not (unit 2 takes all 6); unit 1 is full from A
    gain, (bs, bsrc, bu, ss, ssrc, su, demand) = one_site_case(d2)
    assert gain.base_total == pytest.approx(3.0)
    assert gain.marginal(0) == pytest.approx(hand, rel=1e-7)
    supply = np.r_[bs, ss]
    src, unit = np.r_[bsrc, ssrc + bs.size], np.r_[bu, su]
    lp_gain = lp_total(supply, demand, src, unit) - lp_total(bs, demand, bsrc, bu)
    assert gain.marginal(0) == pytest.approx(lp_gain, rel=1e-7)
    dist = np.array([100.0, 200.0, 700.0, 50.0, 300.0])
    engine_gain = engine_total(supply, demand, src, unit, dist) - engine_total(bs, demand, bsrc, bu, dist[:1])
    assert gain.marginal(0) == pytest.approx(engine_gain, rel=1e-6)


def test_other_allocation_methods_by_hand():
    _, (bs, bsrc, bu, ss, ssrc, su, demand) = one_site_case(5.0)
    base = reach_groups(bs, bsrc, bu, 2)
    sites = reach_groups(ss, ssrc, su, 2, key=np.array([0, 0]))
    # accessible supply: every source in reach sends all its supply, units may exceed their demand
    assert FlowGain(base, sites, np.array([6.0]), demand, ACCESSIBLE_SUPPLY).marginal(0) == pytest.approx(6.0)
    # aspatial: the whole supply of the site (reach plays no part), here with a third cell out of reach
    assert FlowGain(base, sites, np.array([9.0]), demand, ASPATIAL).marginal(0) == pytest.approx(9.0)


def random_case(rng, n_base=30, n_units=6, n_sites=5, cells_per_site=8, p=0.35):
    bs = rng.uniform(0.1, 3.0, n_base)
    demand = rng.uniform(1.0, 12.0, n_units)
    reach = rng.random((n_base, n_units)) < p
    bsrc, bu = np.nonzero(reach)
    n_cells = n_sites * cells_per_site
    ss = rng.uniform(0.1, 2.0, n_cells)
    site_of = np.repeat(np.arange(n_sites), cells_per_site)
    # cells of one site reach overlapping unit sets (many identical: the merge matters)
    pattern = rng.random((n_sites, n_units)) < 0.5
    cell_reach = pattern[site_of] & (rng.random((n_cells, n_units)) < 0.8)
    ssrc, su = np.nonzero(cell_reach)
    return bs, bsrc, bu, ss, ssrc, su, site_of, demand


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_marginal_gains_after_picks_equal_linprog(seed):
    rng = np.random.default_rng(seed)
    bs, bsrc, bu, ss, ssrc, su, site_of, demand = random_case(rng)
    n_sites = int(site_of.max()) + 1
    gain = FlowGain(reach_groups(bs, bsrc, bu, demand.size), reach_groups(ss, ssrc, su, demand.size, key=site_of),
                    np.bincount(site_of, weights=ss), demand)

    def lp_with(chosen):
        cells = np.flatnonzero(np.isin(site_of, chosen))
        sel = np.isin(ssrc, cells)
        remap = np.full(ss.size, -1)
        remap[cells] = bs.size + np.arange(cells.size)
        return lp_total(np.r_[bs, ss[cells]], demand, np.r_[bsrc, remap[ssrc[sel]]], np.r_[bu, su[sel]])

    assert gain.base_total == pytest.approx(lp_with([]), rel=1e-7)
    picked: list[int] = []
    for pick in (2, 0, 4):
        before = lp_with(picked)
        for s in range(n_sites):
            if s in picked:
                continue
            assert gain.marginal(s) == pytest.approx(lp_with(picked + [s]) - before, rel=1e-6, abs=1e-7)
        gain.add(pick)
        picked.append(pick)
        assert gain.total == pytest.approx(lp_with(picked), rel=1e-7)


def test_greedy_portfolio_by_flow_gain_equals_brute_force():
    rng = np.random.default_rng(7)
    bs, bsrc, bu, ss, ssrc, su, site_of, demand = random_case(rng, n_sites=6)
    n_sites = 6
    area = rng.uniform(1.0, 4.0, n_sites)
    gain = FlowGain(reach_groups(bs, bsrc, bu, demand.size), reach_groups(ss, ssrc, su, demand.size, key=site_of),
                    np.bincount(site_of, weights=ss), demand)
    net = Network(np.array([1.0]), np.ones((1, 1)))
    picks = greedy_portfolio(net, area, lambda s, picked: (np.zeros(0, np.int64), np.zeros(0)), np.zeros(n_sites),
                             0.0, area, 9.0, gain, 1.0)

    def lp_with(chosen):
        cells = np.flatnonzero(np.isin(site_of, chosen))
        sel = np.isin(ssrc, cells)
        remap = np.full(ss.size, -1)
        remap[cells] = bs.size + np.arange(cells.size)
        return lp_total(np.r_[bs, ss[cells]], demand, np.r_[bsrc, remap[ssrc[sel]]], np.r_[bu, su[sel]])

    # brute-force best-first with every marginal gain from linprog
    chosen: list[int] = []
    left = 9.0
    while True:
        now = lp_with(chosen)
        best, best_ratio = -1, 0.0
        for s in range(n_sites):
            if s in chosen or area[s] > left:
                continue
            ratio = (lp_with(chosen + [s]) - now) / area[s]
            if ratio > best_ratio + 1e-9:
                best, best_ratio = s, ratio
        if best < 0:
            break
        chosen.append(best)
        left -= area[best]
    assert [p.site for p in picks] == chosen
    for p, s in zip(picks, range(len(chosen))):
        assert p.marginal_flow_tC_yr == pytest.approx(lp_with(chosen[: s + 1]) - lp_with(chosen[:s]), rel=1e-6,
                                                      abs=1e-7)


def test_reach_groups_merge_identical_reach_sets_only():
    # sources 0 and 2 reach {0, 1}; source 1 reaches {1}; source 3 reaches {0, 1} but under another key
    g = reach_groups(np.array([1.0, 2.0, 3.0, 4.0]), np.array([0, 0, 1, 2, 2, 3, 3]), np.array([0, 1, 1, 1, 0, 0, 1]),
                     2, key=np.array([0, 0, 0, 1]))
    assert sorted(g.supply.tolist()) == [2.0, 4.0, 4.0]
    sets = {float(g.supply[k]): sorted(g.unit[g.src == k].tolist()) for k in range(g.supply.size) if g.key[k] == 0}
    assert sets == {4.0: [0, 1], 2.0: [1]}
