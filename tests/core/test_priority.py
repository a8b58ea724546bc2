"""Restoration priority: incremental EC gains, Pareto set and greedy portfolio against independent references."""

from __future__ import annotations

import itertools
import math

import networkx as nx
import numpy as np
import pytest

from bluecarbon.core.errors import InputError
from bluecarbon.core.restoration.priority import (
    Network, PriorityOptions, assess_priority, greedy_portfolio, max_product_matrix, pareto_front,
)
from bluecarbon.core.restoration.sites import group_sites


def pcnum_networkx(area: np.ndarray, edges: dict[tuple[int, int], float], p_min: float = 0.0) -> float:
    """Σ a_i a_j p*_ij from scratch: all-pairs Dijkstra on −ln p (paths below p_min count 0)."""
    g = nx.Graph()
    g.add_nodes_from(range(len(area)))
    for (i, j), p in edges.items():
        g.add_edge(i, j, weight=-math.log(p))
    total = 0.0
    for i, lengths in nx.all_pairs_dijkstra_path_length(g):
        for j, d in lengths.items():
            pstar = math.exp(-d)
            if pstar >= p_min or i == j:
                total += area[i] * area[j] * pstar
    return total


def network_of(area, edges, p_min=0.0):
    n = len(area)
    i = np.array([a for a, _ in edges], dtype=np.int64)
    j = np.array([b for _, b in edges], dtype=np.int64)
    w = np.array([-math.log(p) for p in edges.values()])
    return Network(np.asarray(area, float), max_product_matrix(n, i, j, w, p_min), p_min)


def test_three_nodes_plus_one_candidate_by_hand():
    # A - B linked (0.5), C alone; the candidate S links B (0.4) and C (0.5)
    area = [2.0, 3.0, 1.0]
    net = network_of(area, {(0, 1): 0.5}, p_min=0.0)
    assert net.pcnum == pytest.approx(4 + 9 + 1 + 2 * 2 * 3 * 0.5)
    g = net.gain(4.0, np.array([1, 2]), np.array([0.4, 0.5]))
    # p*_S = (A 0.2, B 0.4, C 0.5); new paths A-C 0.1 and B-C 0.2 through S
    assert g.intra == pytest.approx(16.0)
    assert g.flux == pytest.approx(2 * 4 * (2 * 0.2 + 3 * 0.4 + 1 * 0.5))
    assert g.connector == pytest.approx(2 * (2 * 1 * 0.1 + 3 * 1 * 0.2))
    ref = pcnum_networkx([2.0, 3.0, 1.0, 4.0], {(0, 1): 0.5, (1, 3): 0.4, (2, 3): 0.5})
    assert net.pcnum + g.total == pytest.approx(ref)


def _random_case(rng, n, density=0.3):
    area = rng.uniform(0.5, 5.0, n)
    edges = {}
    for a, b in itertools.combinations(range(n), 2):
        if rng.random() < density:
            edges[(a, b)] = float(rng.uniform(0.01, 0.9))
    return area, edges


@pytest.mark.parametrize("seed", range(12))
def test_incremental_gain_equals_networkx_recompute(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 12))
    p_min = [0.0, 1e-3, 0.05][seed % 3]
    area, edges = _random_case(rng, n)
    edges = {k: v for k, v in edges.items() if v >= p_min}
    net = network_of(area, edges, p_min)
    assert net.pcnum == pytest.approx(pcnum_networkx(area, edges, p_min), rel=1e-9)
    # add three nodes one after another, each linked to a few existing nodes
    all_area, all_edges = list(area), dict(edges)
    for _ in range(3):
        m = net.n
        nb = rng.choice(m, size=int(rng.integers(0, min(m, 4) + 1)), replace=False)
        pr = rng.uniform(max(p_min, 0.01), 0.95, nb.size)
        a = float(rng.uniform(0.5, 5.0))
        gain = net.gain(a, nb, pr)
        all_area.append(a)
        all_edges.update({(int(k), m): float(p) for k, p in zip(nb, pr)})
        ref = pcnum_networkx(np.array(all_area), all_edges, p_min)
        assert net.pcnum + gain.total == pytest.approx(ref, rel=1e-9)
        net.add(a, nb, pr)
        assert net.pcnum == pytest.approx(ref, rel=1e-9)


def test_pareto_front_by_brute_force():
    rng = np.random.default_rng(3)
    for _ in range(20):
        m = int(rng.integers(1, 15))
        g1, g2 = rng.integers(0, 5, m).astype(float), rng.integers(0, 5, m).astype(float)
        cost = rng.integers(1, 5, m).astype(float)
        got = pareto_front([g1, g2], [cost])
        for s in range(m):
            dominated = any(g1[t] >= g1[s] and g2[t] >= g2[s] and cost[t] <= cost[s]
                            and (g1[t] > g1[s] or g2[t] > g2[s] or cost[t] < cost[s]) for t in range(m))
            assert got[s] == (not dominated)


@pytest.mark.parametrize("seed", range(6))
def test_greedy_equals_brute_force_best_first(seed):
    """Every pick is the best marginal EC gain per ha among the sites that fit, recomputed from scratch (networkx)."""
    rng = np.random.default_rng(100 + seed)
    n, m = 5, 5
    area, edges = _random_case(rng, n, 0.4)
    site_area = rng.uniform(0.5, 3.0, m)
    site_hab = {s: {int(k): float(rng.uniform(0.05, 0.9)) for k in rng.choice(n, 2, replace=False)} for s in range(m)}
    site_site = {(a, b): float(rng.uniform(0.05, 0.9)) for a, b in itertools.combinations(range(m), 2)
                 if rng.random() < 0.5}

    def links(s, picked):
        nb = list(site_hab[s])
        pr = list(site_hab[s].values())
        for pos, t in enumerate(picked):
            p = site_site.get((min(s, t), max(s, t)))
            if p is not None:
                nb.append(n + pos)
                pr.append(p)
        return np.array(nb, dtype=np.int64), np.array(pr)

    budget = float(site_area.sum() * 0.7)
    picks = greedy_portfolio(network_of(area, edges), site_area, links, np.zeros(m), 1.0, site_area, budget)

    def ec_with(chosen):
        nodes = list(area) + [site_area[s] for s in chosen]
        e = dict(edges)
        index = {s: n + k for k, s in enumerate(chosen)}
        for s in chosen:
            e.update({(k, index[s]): p for k, p in site_hab[s].items()})
        for (a, b), p in site_site.items():
            if a in index and b in index:
                e[(index[a], index[b])] = p
        return math.sqrt(pcnum_networkx(np.array(nodes), e))

    chosen, left = [], budget
    expected = []
    while True:
        base = ec_with(chosen)
        options = [((ec_with(chosen + [s]) - base) / site_area[s], s) for s in range(m)
                   if s not in chosen and site_area[s] <= left]
        if not options:
            break
        ratio, s = max(options, key=lambda t: (t[0], -t[1]))
        if ratio <= 0:
            break
        chosen.append(s)
        expected.append(s)
        left -= site_area[s]
    assert [p.site for p in picks] == expected


def test_sites_split_at_the_maximum_size_and_minimum_dropped():
    mask = np.zeros((20, 20), dtype=bool)
    mask[0:10, 0:10] = True  # 100 cells = 1 ha at 10 m cells
    mask[15, 15] = True  # 1 cell: below the minimum
    row_area = np.full(20, 100.0)
    sites = group_sites(mask, row_area, max_site_ha=0.25, min_site_ha=0.02)
    assert sites.n == 4 and np.allclose(sites.area_ha, 0.25)
    whole = group_sites(mask, row_area, max_site_ha=None, min_site_ha=0.0)
    assert whole.n == 2


def _landscape():
    classes = np.full((30, 30), 2, dtype=np.uint8)  # 2 = background
    classes[2:8, 2:8] = 1  # habitat
    classes[2:8, 20:26] = 1
    classes[2:8, 11:17] = 3  # restorable between the two patches
    classes[22:26, 2:6] = 3  # restorable far away
    return classes, np.full(30, 100.0)


def test_the_bridging_site_gains_more_connectivity():
    classes, row_area = _landscape()
    res = assess_priority(classes, [1], classes == 3, row_area, 10.0, 10.0, 1.0,
                          PriorityOptions(threshold=100.0, probability=0.5, min_site_ha=0.0, budget=1.0))
    t = res.table
    bridge = int(t["site_id"][np.argmax(t["area_ha"])]) - 1
    assert t["dPC_connector_pct"][bridge] > 0
    assert t["EC_gain_ha"][bridge] == t["EC_gain_ha"].max()
    assert t["sequestration_tCO2e_yr"][bridge] == pytest.approx(0.36 * 44 / 12)
    assert res.portfolio and res.portfolio[0].site == bridge


@pytest.mark.parametrize("change", [dict(threshold=0.0), dict(budget=0.0), dict(budget=-5.0)])
def test_bad_settings_raise(change):
    classes, row_area = _landscape()
    with pytest.raises(InputError):
        assess_priority(classes, [1], classes == 3, row_area, 10.0, 10.0, 1.0, PriorityOptions(**change))


def test_no_habitat_or_no_site_raises():
    classes, row_area = _landscape()
    with pytest.raises(InputError, match="habitat"):
        assess_priority(classes, [4], classes == 3, row_area, 10.0, 10.0, 1.0, PriorityOptions())
    with pytest.raises(InputError, match="candidate site"):
        assess_priority(classes, [1], classes == 5, row_area, 10.0, 10.0, 1.0, PriorityOptions())


def test_least_cost_site_gains_equal_networkx_on_a_small_grid():
    """Least-cost EC gains of every site on a 9 × 12 grid: distances, p* and PC recomputed from scratch with networkx
    (8-neighbour grid graph, step = length × mean resistance; a site touching a patch has d = 0)."""
    from bluecarbon.core.restoration.priority import assess_priority

    h, w, cell = 9, 12, 10.0
    classes = np.full((h, w), 2, dtype=np.int32)  # 2 = open water (resistance 5)
    classes[1:3, 1:3] = 1  # habitat patch A
    classes[6:8, 8:11] = 1  # habitat patch B
    classes[0:2, 9:11] = 1  # habitat patch C
    classes[4:6, 3:5] = 3  # a site between A and B (restorable, resistance 2)
    classes[3, 1:3] = 3  # a site touching A
    classes[7:9, 0:2] = 3  # a far site
    classes[:, 6] = np.where(np.arange(h) < 5, 4, classes[:, 6])  # a costly dyke (resistance 40) in the upper half
    resistance_of = np.array([np.inf, 1.0, 5.0, 2.0, 40.0])
    res = resistance_of[classes]

    def reader(r0, r1, c0, c1):
        out = np.full((r1 - r0, c1 - c0), np.inf)
        a0, a1, b0, b1 = max(r0, 0), min(r1, h), max(c0, 0), min(c1, w)
        out[a0 - r0:a1 - r0, b0 - c0:b1 - c0] = res[a0:a1, b0:b1]
        return out

    options = PriorityOptions(threshold=60.0, probability=0.2, p_min=0.0, max_site_ha=None, min_site_ha=0.0,
                              budget=1.0, distance_mode="least_cost")
    row_area = np.full(h, cell * cell)
    result = assess_priority(classes, [1], classes == 3, row_area, cell, cell, 1.0, options,
                             resistance=(reader, 1.0))
    # networkx: the grid, the nodes (labelled here with scipy) and their multi-source least costs
    from scipy import ndimage as ndi

    hab, n_hab = ndi.label(classes == 1, structure=np.ones((3, 3)))
    sites, n_sites = ndi.label(classes == 3, structure=np.ones((3, 3)))
    g = nx.DiGraph()
    for r in range(h):
        for c in range(w):
            for dr, dc in itertools.product((-1, 0, 1), repeat=2):
                rr, cc = r + dr, c + dc
                if (dr or dc) and 0 <= rr < h and 0 <= cc < w:
                    g.add_edge((r, c), (rr, cc), weight=math.hypot(dr, dc) * cell * (res[r, c] + res[rr, cc]) / 2)
    cells = [list(zip(*np.nonzero(hab == k))) for k in range(1, n_hab + 1)]
    cells += [list(zip(*np.nonzero(sites == k))) for k in range(1, n_sites + 1)]
    n = len(cells)
    area = np.array([len(c) * cell * cell / 1e4 for c in cells])
    k_decay = -math.log(0.2) / 60.0
    prob = {}
    for a in range(n):
        lengths = nx.multi_source_dijkstra_path_length(g, set(cells[a]))
        for b in range(a + 1, n):
            d = min(lengths[x] for x in cells[b])
            touching = any(max(abs(x[0] - y[0]), abs(x[1] - y[1])) == 1 for x in cells[a] for y in cells[b])
            prob[(a, b)] = 1.0 if touching else math.exp(-k_decay * d)
    before = pcnum_networkx(area[:n_hab], {e: p for e, p in prob.items() if max(e) < n_hab})
    # the sites in assess_priority's order: group_sites labels them as scipy does here (same rule, same raster order)
    for s in range(n_sites):
        node = n_hab + s
        keep = [*range(n_hab), node]
        index = {v: k for k, v in enumerate(keep)}
        edges = {(index[a], index[b]): p for (a, b), p in prob.items() if a in index and b in index}
        after = pcnum_networkx(area[keep], edges)
        assert result.table["EC_gain_ha"][s] == pytest.approx(math.sqrt(after) - math.sqrt(before), rel=1e-9)
    # the dyke matters: the same run with straight lines gives other gains
    straight = assess_priority(classes, [1], classes == 3, row_area, cell, cell, 1.0,
                               PriorityOptions(threshold=60.0, probability=0.2, p_min=0.0, max_site_ha=None,
                                               min_site_ha=0.0, budget=1.0))
    assert not np.allclose(straight.table["EC_gain_ha"], result.table["EC_gain_ha"])
