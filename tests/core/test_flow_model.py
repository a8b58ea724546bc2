"""The flow model on its own: gravity allocation, decay laws, ESDR, share met and network indices."""

from __future__ import annotations

import math

import numpy as np
import pytest

from bluecarbon.core.flow import DistanceDecay, Pairs, esdr, gravity_allocation, network_indices, share_of_demand_met


def random_case(seed: int, n_p: int = 300, n_u: int = 80, n_pairs: int = 5000):
    rng = np.random.default_rng(seed)
    supply = rng.lognormal(0.0, 2.0, n_p) * (rng.random(n_p) > 0.1)
    demand = rng.lognormal(3.0, 1.5, n_u) * (rng.random(n_u) > 0.15)
    pairs = Pairs(rng.integers(0, n_p, n_pairs), rng.integers(0, n_u, n_pairs), rng.uniform(0, 20000, n_pairs))
    # no duplicate (patch, unit) pairs: a pair has one distance
    _, first = np.unique(np.column_stack([pairs.patch, pairs.unit]), axis=0, return_index=True)
    return supply, demand, Pairs(pairs.patch[first], pairs.unit[first], pairs.distance[first])


LAWS = [
    DistanceDecay("exponential", scale_m=2000.0),
    DistanceDecay("exponential", scale_m=5.0),  # so steep that exp(-d/λ) underflows for every pair
    DistanceDecay("power", exponent=2.0, offset_m=100.0),
    DistanceDecay("power", exponent=80.0, offset_m=1.0),
]


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("law", LAWS, ids=["exp", "exp-steep", "power", "power-steep"])
def test_conservation_on_random_cases(seed: int, law: DistanceDecay) -> None:
    """Σ S = Σ R + Σ U to 1e-9, and per patch S = sent + U."""
    supply, demand, pairs = random_case(seed)
    d_max = 12000.0
    a = gravity_allocation(supply, demand, pairs, law, d_max)
    assert a.received.sum() + a.unallocated.sum() == pytest.approx(supply.sum(), rel=1e-9)
    assert np.allclose(a.sent + a.unallocated, supply, rtol=1e-9, atol=0)
    assert a.flow.sum() == pytest.approx(a.received.sum(), rel=1e-12)
    # a patch is unallocated exactly when no unit with demand lies within reach
    reach = (pairs.distance <= d_max) & (demand[pairs.unit] > 0)
    has_reach = np.bincount(pairs.patch[reach], minlength=supply.size) > 0
    assert np.array_equal(a.unallocated > 0, ~has_reach & (supply > 0))
    assert (a.flow > 0).all() and (a.distance <= d_max).all() and (demand[a.unit] > 0).all()
    assert np.allclose(np.bincount(a.patch, weights=a.share, minlength=supply.size)[supply > 0][has_reach[supply > 0]], 1.0)


def test_allocation_against_the_formula() -> None:
    """F_ij = S_i D_j f(d_ij) / Σ_k D_k f(d_ik), evaluated directly for every pair."""
    supply, demand, pairs = random_case(7, 40, 15, 300)
    law = DistanceDecay("power", exponent=1.7, offset_m=50.0)
    a = gravity_allocation(supply, demand, pairs, law, 15000.0)
    ok = (pairs.distance <= 15000.0) & (demand[pairs.unit] > 0) & (supply[pairs.patch] > 0)
    w = demand[pairs.unit] * (pairs.distance + 50.0) ** -1.7
    for i in np.unique(pairs.patch[ok]):
        sel = ok & (pairs.patch == i)
        want = dict(zip(pairs.unit[sel].tolist(), (supply[i] * w[sel] / w[sel].sum()).tolist()))
        got = dict(zip(a.unit[a.patch == i].tolist(), a.flow[a.patch == i].tolist()))
        assert got == pytest.approx(want, rel=1e-12)


def test_steep_decay_sends_everything_to_the_nearest_unit() -> None:
    """exp(−d/λ) underflows for all units, but the log-space allocation still sends all to the nearest one."""
    pairs = Pairs(np.array([0, 0, 0]), np.array([0, 1, 2]), np.array([9000.0, 8000.0, 9500.0]))
    a = gravity_allocation(np.array([3.0]), np.array([1.0, 1.0, 1.0]), pairs, DistanceDecay("exponential", scale_m=1.0), 1e5)
    assert a.unit.tolist() == [1] and a.flow.tolist() == [3.0] and a.unallocated.tolist() == [0.0]


def test_decay_laws() -> None:
    e = DistanceDecay("exponential", scale_m=500.0)
    assert e.weight(np.array([0.0, 500.0]))[1] == pytest.approx(math.exp(-1))
    p = DistanceDecay("power", exponent=2.0, offset_m=10.0)
    assert p.weight(np.array([0.0, 90.0])) == pytest.approx([0.01, 1e-4])


def test_esdr_and_share_met() -> None:
    r = np.array([10.0, 0.0, 50.0])
    d = np.array([30.0, 20.0, 10.0])
    # (R - D) / ((R_max + D_max) / 2) with R_max = 50, D_max = 30
    assert esdr(r, d) == pytest.approx(np.array([-20.0, -20.0, 40.0]) / 40.0)
    assert share_of_demand_met(r, d) == pytest.approx((10 + 0 + 10) / 60)
    assert np.isnan(share_of_demand_met(r, np.zeros(3)))


def test_network_indices_by_hand() -> None:
    """3 patches (one not supplying), 3 units (one without demand); links 0-0, 0-1, 1-1 and patch 2 isolated.

    v = 2 supplying + 2 demanding = 4 nodes... with patch 3 supplying too: v = 5, e = 3, p = 2
    (one component {p0, p1, u0, u1} and the isolated p2)."""
    supplying = np.array([True, True, True, False])
    demanding = np.array([True, True, False])
    idx = network_indices(supplying, demanding, np.array([0, 0, 1]), np.array([0, 1, 1]))
    assert (idx["nodes_v"], idx["links_e"], idx["components_p"], idx["cyclomatic_number"]) == (5, 3, 2, 0)
    assert idx["beta"] == pytest.approx(3 / 5)
    assert idx["gamma"] == pytest.approx(3 / 9)
    assert idx["alpha"] == pytest.approx(0 / 5)
    assert idx["link_density"] == pytest.approx(3 / 6)
    assert idx["alpha_bipartite"] == pytest.approx(0 / (6 - 5 + 1))
    # complete bipartite 2 x 2: e = 4, v = 4, p = 1, μ = 1 = the most circuits possible
    full = network_indices(np.ones(2, bool), np.ones(2, bool), np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1]))
    assert full["cyclomatic_number"] == 1 and full["alpha_bipartite"] == 1.0 and full["link_density"] == 1.0
    assert full["alpha"] == pytest.approx(1 / 3) and full["gamma"] == pytest.approx(4 / 6)
    empty = network_indices(np.ones(1, bool), np.ones(1, bool), np.zeros(0, int), np.zeros(0, int))
    assert np.isnan(empty["alpha"]) and empty["components_p"] == 2
