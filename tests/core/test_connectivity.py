"""IIC, PC, dIIC, dPC and fractions: a hand-computed 3-patch case and networkx as a second implementation."""

from __future__ import annotations

import itertools
import math

import networkx as nx
import numpy as np
import pytest

from bluecarbon.core.errors import InputError
from bluecarbon.core.restoration.connectivity import connectivity_indices, decay_constant


def test_three_patches_by_hand() -> None:
    """Chain 0 — 1 — 2: d01 = d12 = 100 m, d02 = 250 m; areas 1, 2, 3 ha; A_L = 10 ha; threshold 100 m, p = 0.5.

    k = ln 2 / 100, so p01 = p12 = 0.5 and p02 = 0.5^2.5 = 0.176777; through 1, p*02 = 0.5 · 0.5 = 0.25.
    PCnum = 1 + 4 + 9 + 2 (1·2·0.5 + 2·3·0.5 + 1·3·0.25) = 14 + 9.5 = 23.5; PC = 23.5 / 100; EC = √23.5.
    Without 1: PCnum' = 1 + 9 + 2·1·3·0.176777 = 11.060660; dPC_1 = 100 (23.5 − 11.06066) / 23.5 = 52.9334.
    dPCintra_1 = 100·4 / 23.5; dPCflux_1 = 100·2·2·(1·0.5 + 3·0.5) / 23.5 = 100·8 / 23.5;
    dPCconnector_1 = 100·2·1·3·(0.25 − 0.176777) / 23.5.
    IIC links: 01 and 12 (d02 = 250 > 100), nl02 = 2: IICnum = 14 + 2 (2/2 + 6/2 + 3/3) = 24;
    without 1: 1 + 9 = 10, dIIC_1 = 100·14/24 = intra 100·4/24 + flux 100·2·2·(1/2 + 3/2)/24 + connector 100·2·3·(1/3)/24.
    """
    res = connectivity_indices(np.array([1.0, 2.0, 3.0]), np.array([0, 1, 0]), np.array([1, 2, 2]),
                               np.array([100.0, 100.0, 250.0]), threshold=100.0, probability=0.5,
                               landscape_area_ha=10.0, p_min=0.0)
    p02 = 0.5 ** 2.5
    land = res.landscape
    assert land["PCnum_ha2"] == pytest.approx(23.5)
    assert land["PC"] == pytest.approx(0.235)
    assert land["EC_PC_ha"] == pytest.approx(math.sqrt(23.5))
    assert land["IIC"] == pytest.approx(0.24) and land["EC_IIC_ha"] == pytest.approx(math.sqrt(24))
    assert land["n_components"] == 1 and land["n_links_threshold"] == 2
    node = res.node
    assert node["dPC"][1] == pytest.approx(100 * (23.5 - (10 + 6 * p02)) / 23.5)
    assert node["dPCintra"][1] == pytest.approx(100 * 4 / 23.5)
    assert node["dPCflux"][1] == pytest.approx(100 * 8 / 23.5)
    assert node["dPCconnector"][1] == pytest.approx(100 * 6 * (0.25 - p02) / 23.5)
    assert node["dPCconnector"][0] == pytest.approx(0.0) and node["dPCconnector"][2] == pytest.approx(0.0)
    assert node["dIIC"][1] == pytest.approx(100 * 14 / 24)
    assert node["dIICintra"][1] == pytest.approx(100 * 4 / 24)
    assert node["dIICflux"][1] == pytest.approx(100 * 8 / 24)
    assert node["dIICconnector"][1] == pytest.approx(100 * 2 / 24)


def nx_pcnum(area, pairs, k, removed=None) -> float:
    g = nx.Graph()
    nodes = [i for i in range(len(area)) if i != removed]
    g.add_nodes_from(nodes)
    for i, j, d in pairs:
        if removed not in (i, j):
            g.add_edge(i, j, weight=k * d)
    lengths = dict(nx.all_pairs_dijkstra_path_length(g))
    return sum(area[i] * area[j] * math.exp(-lengths[i][j]) for i in nodes for j in lengths[i])


def nx_iicnum(area, pairs, threshold, removed=None) -> float:
    g = nx.Graph()
    nodes = [i for i in range(len(area)) if i != removed]
    g.add_nodes_from(nodes)
    g.add_edges_from((i, j) for i, j, d in pairs if d <= threshold and removed not in (i, j))
    hops = dict(nx.all_pairs_shortest_path_length(g))
    return sum(area[i] * area[j] / (1 + hops[i][j]) for i in nodes for j in hops[i])


def random_case(seed: int, n: int):
    rng = np.random.default_rng(seed)
    xy = rng.random((n, 2)) * 3000
    area = rng.random(n) * 20 + 0.5
    pairs = [(i, j, float(np.hypot(*(xy[i] - xy[j])))) for i, j in itertools.combinations(range(n), 2)]
    return area, pairs


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_equals_networkx_on_random_graphs(seed: int) -> None:
    """PC, IIC and every node's dPC, dIIC (removal, recomputed by networkx) and dPCflux agree."""
    n = 14
    area, pairs = random_case(seed, n)
    threshold, prob = 700.0, 0.3
    i, j, d = (np.array(x) for x in zip(*pairs))
    res = connectivity_indices(area, i, j, d, threshold, prob, landscape_area_ha=1000.0, p_min=0.0)
    k = -math.log(prob) / threshold
    pcnum = nx_pcnum(area, pairs, k)
    iicnum = nx_iicnum(area, pairs, threshold)
    assert res.landscape["PCnum_ha2"] == pytest.approx(pcnum, rel=1e-10)
    assert res.landscape["IICnum_ha2"] == pytest.approx(iicnum, rel=1e-10)
    for r in range(n):
        assert res.node["dPC"][r] == pytest.approx(100 * (pcnum - nx_pcnum(area, pairs, k, r)) / pcnum, abs=1e-9)
        assert res.node["dIIC"][r] == pytest.approx(100 * (iicnum - nx_iicnum(area, pairs, threshold, r)) / iicnum, abs=1e-9)
    # flux from networkx's p*: 2 a_k Σ_{i≠k} a_i p*_ik
    g = nx.Graph()
    g.add_weighted_edges_from((a, b, k * dd) for a, b, dd in pairs)
    lengths = dict(nx.all_pairs_dijkstra_path_length(g))
    for r in range(n):
        flux = 2 * area[r] * sum(area[q] * math.exp(-lengths[r][q]) for q in range(n) if q != r)
        assert res.node["dPCflux"][r] == pytest.approx(100 * flux / pcnum, rel=1e-9)
    assert (res.node["dPCconnector"] > -1e-9).all()


def test_pruning_error_is_bounded() -> None:
    """With p_min, PCnum is exact up to p_min (Σ a)² and never above the exact value."""
    area, pairs = random_case(7, 20)
    i, j, d = (np.array(x) for x in zip(*pairs))
    exact = connectivity_indices(area, i, j, d, 150.0, 0.5, 1000.0, p_min=0.0).landscape["PCnum_ha2"]
    pruned = connectivity_indices(area, i, j, d, 150.0, 0.5, 1000.0, p_min=1e-3)
    assert 0 <= exact - pruned.landscape["PCnum_ha2"] <= 1e-3 * area.sum() ** 2
    assert pruned.landscape["n_links_pc"] < len(pairs)


def test_components_and_isolated_nodes() -> None:
    """Two pairs far apart and one isolated node: 3 components; an isolated node's dPC is its intra part only."""
    area = np.array([1.0, 1.0, 2.0, 2.0, 5.0])
    res = connectivity_indices(area, np.array([0, 2, 0]), np.array([1, 3, 2]), np.array([50.0, 50.0, 9000.0]),
                               threshold=100.0, probability=0.5, p_min=1e-4)
    assert res.landscape["n_components"] == 3
    assert res.node["component"][0] == res.node["component"][1] != res.node["component"][4]
    pcnum = res.landscape["PCnum_ha2"]
    assert res.node["dPC"][4] == pytest.approx(100 * 25 / pcnum)
    assert res.landscape["landscape_area_ha"] == pytest.approx(11.0)


@pytest.mark.parametrize("threshold,prob", [(0.0, 0.5), (-5.0, 0.5), (100.0, 1.0), (100.0, 0.0)])
def test_bad_parameters(threshold: float, prob: float) -> None:
    with pytest.raises(InputError):
        decay_constant(prob, threshold)


# -- whole chain on random small landscapes --------------------------------------------------------------

def random_landscape(tmp_path, seed: int, shape=(30, 40)):
    from scipy import ndimage as ndi

    from rasters import write_raster
    rng = np.random.default_rng(seed)
    smooth = ndi.uniform_filter(rng.random(shape), 3)
    codes = np.where(smooth > 0.56, 95, np.where(smooth < 0.4, 80, 10)).astype(np.uint8)
    return codes, write_raster(tmp_path / f"lc{seed}.tif", codes)


@pytest.mark.parametrize("seed", [11, 12])
def test_chain_equals_brute_force_and_networkx(tmp_path, seed: int) -> None:
    """Patches labelled by scipy (8-rule), edge-to-edge distances by brute force over all cell pairs, PC, IIC
    and every dPC, dIIC by networkx: equal to the engine's run on the raster."""
    from scipy import ndimage as ndi

    from bluecarbon.core.classes import open_classified
    from bluecarbon.core.fragmentation.job import resolve_classes
    from bluecarbon.core.restoration.engine import ConnectivityOptions, assess_connectivity

    codes, path = random_landscape(tmp_path, seed)
    labels, n = ndi.label(codes == 95, structure=np.ones((3, 3)))
    assert n >= 4
    area = np.bincount(labels.ravel())[1:] * 0.01
    cells = [np.argwhere(labels == q + 1) * 10.0 for q in range(n)]
    pairs = [(a, b, float(np.sqrt(((cells[a][:, None, :] - cells[b][None, :, :]) ** 2).sum(-1)).min()))
             for a, b in itertools.combinations(range(n), 2)]
    threshold, prob = 60.0, 0.2
    lc, scheme = open_classified(str(path), None, "esa_worldcover")
    with lc:
        opts = ConnectivityOptions(threshold=threshold, probability=prob, p_min=0.0, rows_per_strip=7)
        res = assess_connectivity(lc, scheme, resolve_classes(scheme, ["mangrove"]), opts)
        ours = res.nodes.window(0, 30, 0, 40)
    # our ids → scipy's
    perm = np.zeros(n, dtype=int)
    for q in range(n):
        r, c = np.argwhere(labels == q + 1)[0]
        perm[ours[r, c] - 1] = q
    k = -math.log(prob) / threshold
    pcnum = nx_pcnum(area, pairs, k)
    iicnum = nx_iicnum(area, pairs, threshold)
    assert res.indices.landscape["PCnum_ha2"] == pytest.approx(pcnum, rel=1e-9)
    assert res.indices.landscape["IICnum_ha2"] == pytest.approx(iicnum, rel=1e-9)
    assert res.indices.landscape["landscape_area_ha"] == pytest.approx(30 * 40 * 0.01)
    assert res.indices.landscape["PC"] == pytest.approx(pcnum / 12.0**2)
    assert np.allclose(res.nodes.area_ha, area[perm])
    for ours_id in range(n):
        q = perm[ours_id]
        assert res.indices.node["dPC"][ours_id] == pytest.approx(100 * (pcnum - nx_pcnum(area, pairs, k, q)) / pcnum, abs=1e-9)
        assert res.indices.node["dIIC"][ours_id] == pytest.approx(
            100 * (iicnum - nx_iicnum(area, pairs, threshold, q)) / iicnum, abs=1e-9)
    res.close()


def test_least_cost_distances_equal_networkx_dijkstra(tmp_path) -> None:
    """Least-cost node distances against networkx's multi-source Dijkstra on the 8-neighbour grid
    (step cost = step length × mean resistance; resistances from the default table)."""
    from bluecarbon.core.flow.resistance import load_resistance
    from bluecarbon.core.classes import open_classified
    from bluecarbon.core.fragmentation.job import resolve_classes
    from bluecarbon.core.restoration.engine import LEAST_COST, ConnectivityOptions, assess_connectivity
    from bluecarbon.core.restoration.nodes import resistance_reader

    codes, path = random_landscape(tmp_path, 4, (16, 18))
    lc, scheme = open_classified(str(path), None, "esa_worldcover")
    with lc:
        opts = ConnectivityOptions(threshold=400.0, probability=0.5, distance=LEAST_COST, p_min=0.0)
        res = assess_connectivity(lc, scheme, resolve_classes(scheme, ["mangrove"]), opts)
        reader, _ = resistance_reader(lc, scheme, load_resistance(None))
        rgrid = reader(0, 16, 0, 18)
        ours = res.nodes.window(0, 16, 0, 18)
    g = nx.Graph()
    for r in range(16):
        for c in range(18):
            for dr, dc in ((0, 1), (1, 0), (1, 1), (1, -1)):
                r2, c2 = r + dr, c + dc
                if 0 <= r2 < 16 and 0 <= c2 < 18 and np.isfinite(rgrid[r, c]) and np.isfinite(rgrid[r2, c2]):
                    g.add_edge((r, c), (r2, c2), weight=math.hypot(10 * dr, 10 * dc) * (rgrid[r, c] + rgrid[r2, c2]) / 2)
    i, j, d = res.pairs
    got = {(a, b): dd for a, b, dd in zip(i, j, d)}
    n = res.nodes.n
    assert n >= 3
    for a in range(n):
        src = [tuple(x) for x in np.argwhere(ours == a + 1) if tuple(x) in g]
        dist = nx.multi_source_dijkstra_path_length(g, src)
        for b in range(a + 1, n):
            reach = [dist[tuple(x)] for x in np.argwhere(ours == b + 1) if tuple(x) in dist]
            expected = min(reach) if reach else math.inf
            if math.isfinite(expected):
                assert got[(a, b)] == pytest.approx(expected)
            else:
                assert (a, b) not in got
    res.close()


def test_iic_connectors_can_be_skipped() -> None:
    """Without dIIC connectors: PC, IIC, dPC, dIICintra and dIICflux unchanged, dIIC and dIICconnector empty (NaN)."""
    area, pairs = random_case(9, 12)
    i, j, d = (np.array(x) for x in zip(*pairs))
    full = connectivity_indices(area, i, j, d, 700.0, 0.3, 1000.0, p_min=0.0)
    fast = connectivity_indices(area, i, j, d, 700.0, 0.3, 1000.0, p_min=0.0, iic_connectors=False)
    assert fast.landscape == full.landscape
    for key in ("dPC", "dPCconnector", "dIICintra", "dIICflux"):
        assert np.allclose(fast.node[key], full.node[key])
    assert np.isnan(fast.node["dIIC"]).all() and np.isnan(fast.node["dIICconnector"]).all()


def test_strips_do_not_change_the_result(tmp_path) -> None:
    """Patch labelling in strips of 1, 4 rows or one strip gives the same nodes, pairs and indices."""
    from bluecarbon.core.classes import open_classified
    from bluecarbon.core.fragmentation.job import resolve_classes
    from bluecarbon.core.restoration.engine import ConnectivityOptions, assess_connectivity

    _codes, path = random_landscape(tmp_path, 21, (24, 31))
    lc, scheme = open_classified(str(path), None, "esa_worldcover")
    runs = []
    with lc:
        for rps in (1, 4, None):
            res = assess_connectivity(lc, scheme, resolve_classes(scheme, ["mangrove"]),
                                      ConnectivityOptions(threshold=50.0, probability=0.5, rows_per_strip=rps))
            runs.append((res.node_table(), res.landscape_record()))
            res.close()
    for table, land in runs[1:]:
        assert land == runs[0][1]
        for key, values in table.items():
            assert np.allclose(values, runs[0][0][key], equal_nan=True), key
