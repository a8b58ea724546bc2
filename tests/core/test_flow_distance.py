"""Distances of the flow model against brute force: nearest patch cell in a straight line, least cost by Dijkstra."""

from __future__ import annotations

import heapq
import math
from pathlib import Path

import numpy as np
import pytest
from rasters import write_raster

from bluecarbon.core.classes import build_scheme
from bluecarbon.core.feedback import Steps
from bluecarbon.core.flow import leastcost
from bluecarbon.core.flow.distance import straight_line_pairs
from bluecarbon.core.flow.leastcost import CostSurface, least_cost_pairs
from bluecarbon.core.flow.patchcells import gather_patch_cells, supply_index
from bluecarbon.core.landcover import open_landcover
from bluecarbon.core.patches import label_patches


def labelled(tmp_path: Path, seed: int, shape=(45, 60), in_memory=None, rows_per_strip=None):
    rng = np.random.default_rng(seed)
    noise = rng.random(shape)
    from scipy.ndimage import uniform_filter

    a = np.where(uniform_filter(noise, 3) > 0.55, 1, 2).astype(np.uint8)
    a[rng.random(shape) < 0.04] = 1  # single cells
    path = write_raster(tmp_path / f"l{seed}.tif", a, nodata=0)
    lc = open_landcover(path)
    scheme = build_scheme(lc.value_counts(), None)
    lab = label_patches(lc, scheme, 8, rows_per_strip=rows_per_strip, in_memory=in_memory)
    return lc, lab


def brute_straight(ids: np.ndarray, supply_ids: np.ndarray, ux, uy, dx, dy, d_max):
    """Distance from every unit to every cell centre of every patch; min per patch; 0 inside."""
    rows, cols = np.nonzero(ids > 0)
    cx, cy = (cols + 0.5) * dx, (rows + 0.5) * dy
    out = {}
    for j, (x, y) in enumerate(zip(ux, uy)):
        d = np.hypot(cx - x, cy - y)
        r, c = int(math.floor(y / dy)), int(math.floor(x / dx))
        for p in supply_ids:
            sel = ids[rows, cols] == p
            dist = float(d[sel].min())
            if 0 <= r < ids.shape[0] and 0 <= c < ids.shape[1] and ids[r, c] == p:
                dist = 0.0
            if dist <= d_max:
                out[(int(p), j)] = dist
    return out


@pytest.mark.parametrize("seed", range(4))
def test_straight_line_equals_brute_force(tmp_path: Path, seed: int) -> None:
    lc, lab = labelled(tmp_path, seed, in_memory=bool(seed % 2), rows_per_strip=7 if seed % 2 else None)
    rng = np.random.default_rng(100 + seed)
    n_all = lab.patches.n_patches
    supply_ids = np.sort(rng.choice(np.arange(1, n_all + 1), size=max(1, n_all // 2), replace=False))
    index = supply_index(n_all, supply_ids)
    cr = lab.patches.sum_row[supply_ids - 1] / lab.patches.n_cells[supply_ids - 1]
    cc = lab.patches.sum_col[supply_ids - 1] / lab.patches.n_cells[supply_ids - 1]
    cells = gather_patch_cells(lab, index, cr, cc, Steps(None))
    dx, dy = 10.0, 10.0
    ux = rng.uniform(-50, 650, 40)
    uy = rng.uniform(-50, 500, 40)
    ids = lab.store.rows(0, lc.grid.height)
    r, c = np.floor(uy / dy).astype(int), np.floor(ux / dx).astype(int)
    inside = (r >= 0) & (r < ids.shape[0]) & (c >= 0) & (c < ids.shape[1])
    unit_patch = np.full(ux.size, -1)
    unit_patch[inside] = index[ids[r[inside], c[inside]]]
    d_max = 120.0 + 40 * seed
    pairs = straight_line_pairs(cells, ux, uy, unit_patch, dx, dy, d_max, Steps(None))
    got = {(int(supply_ids[p]), int(u)): float(d) for p, u, d in zip(pairs.patch, pairs.unit, pairs.distance)}
    want = brute_straight(ids, supply_ids, ux, uy, dx, dy, d_max)
    assert got.keys() == want.keys()
    for k in want:
        assert got[k] == pytest.approx(want[k], rel=1e-12, abs=1e-9)
    # every representative cell lies in its patch
    assert (ids[cells.rep_row, cells.rep_col] == supply_ids).all()


def test_large_patches_use_their_own_tree(tmp_path: Path, monkeypatch) -> None:
    """The per-patch KD-tree path (large patches) and the dense path agree."""
    from bluecarbon.core.flow import distance

    lc, lab = labelled(tmp_path, 11, shape=(60, 60))
    n_all = lab.patches.n_patches
    ids_all = np.arange(1, n_all + 1)
    index = supply_index(n_all, ids_all)
    cr = lab.patches.sum_row / lab.patches.n_cells
    cc = lab.patches.sum_col / lab.patches.n_cells
    cells = gather_patch_cells(lab, index, cr, cc, Steps(None))
    rng = np.random.default_rng(3)
    ux, uy = rng.uniform(0, 600, 30), rng.uniform(0, 600, 30)
    up = np.full(30, -1)
    dense = straight_line_pairs(cells, ux, uy, up, 10.0, 10.0, 200.0, Steps(None))
    monkeypatch.setattr(distance, "SMALL_PATCH_CELLS", 0)
    trees = straight_line_pairs(cells, ux, uy, up, 10.0, 10.0, 200.0, Steps(None))
    a = sorted(zip(dense.patch.tolist(), dense.unit.tolist(), dense.distance.tolist()))
    b = sorted(zip(trees.patch.tolist(), trees.unit.tolist(), trees.distance.tolist()))
    assert [x[:2] for x in a] == [x[:2] for x in b]
    assert np.allclose([x[2] for x in a], [x[2] for x in b], rtol=1e-12)


def reference_costs(res: np.ndarray, src: tuple[int, int], dx: float, dy: float) -> np.ndarray:
    """Textbook Dijkstra (heapq) over 8 neighbours; step cost = length × mean resistance of the two cells."""
    h, w = res.shape
    dist = np.full((h, w), np.inf)
    if not np.isfinite(res[src]):
        return dist
    dist[src] = 0.0
    heap = [(0.0, src)]
    while heap:
        d, (r, c) = heapq.heappop(heap)
        if d > dist[r, c]:
            continue
        for dr in (-1, 0, 1):
            for dc in (-1, 0, 1):
                if dr == 0 and dc == 0:
                    continue
                rr, cc = r + dr, c + dc
                if 0 <= rr < h and 0 <= cc < w and np.isfinite(res[rr, cc]):
                    step = math.hypot(dr * dy, dc * dx)
                    nd = d + step * (res[r, c] + res[rr, cc]) / 2
                    if nd < dist[rr, cc]:
                        dist[rr, cc] = nd
                        heapq.heappush(heap, (nd, (rr, cc)))
    return dist


def surface_of(res: np.ndarray, patch: np.ndarray, dx: float, dy: float) -> CostSurface:
    h, w = res.shape
    return CostSurface(
        h, w, dx, dy, lambda r0, r1, c0, c1: res[r0:r1, c0:c1], lambda r0, r1, c0, c1: patch[r0:r1, c0:c1],
        float(res[np.isfinite(res)].min()),
    )


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("tile", [1024, 4, 1])
def test_least_cost_equals_reference_dijkstra(seed: int, tile: int, monkeypatch) -> None:
    """Random resistances (with barriers), random patches and units: the same costs as textbook Dijkstra."""
    monkeypatch.setattr(leastcost, "TILE_CELLS", tile)
    rng = np.random.default_rng(seed)
    h, w = 18 + seed, 23
    dx, dy = (10.0, 10.0) if seed % 2 else (30.0, 20.0)
    res = rng.choice([1.0, 2.0, 5.0, 10.0, np.inf], size=(h, w), p=[0.35, 0.25, 0.2, 0.1, 0.1])
    patch = np.where(rng.random((h, w)) < 0.15, rng.integers(0, 6, (h, w)), -1)
    n_u = 12
    ur, uc = rng.integers(0, h, n_u), rng.integers(0, w, n_u)
    d_max = 150.0 + 30 * seed
    pairs, outside = least_cost_pairs(surface_of(res, patch, dx, dy), ur, uc, d_max, Steps(None))
    assert not outside.any()
    got = {(int(p), int(u)): float(d) for p, u, d in zip(pairs.patch, pairs.unit, pairs.distance)}
    want = {}
    for j in range(n_u):
        r, c = int(ur[j]), int(uc[j])
        gap = 0.0
        if not np.isfinite(res[r, c]):  # enter at the nearest passable cell, gap costed at its resistance
            rr, cc = np.nonzero(np.isfinite(res))
            k = np.argmin(np.hypot((rr - r) * dy, (cc - c) * dx))
            gap = math.hypot((rr[k] - r) * dy, (cc[k] - c) * dx) * res[rr[k], cc[k]]
            r, c = int(rr[k]), int(cc[k])
        cost = reference_costs(res, (r, c), dx, dy) + gap
        for p in range(6):
            sel = patch == p
            if sel.any() and cost[sel].min() <= d_max:
                want[(p, j)] = float(cost[sel].min())
    assert got.keys() == want.keys()
    for k in want:
        assert got[k] == pytest.approx(want[k], rel=1e-12)


def test_units_outside_the_raster_are_reported() -> None:
    res = np.ones((5, 5))
    patch = np.full((5, 5), -1)
    patch[2, 2] = 0
    surface = surface_of(res, patch, 10.0, 10.0)
    pairs, outside = least_cost_pairs(surface, np.array([1, -1, 7]), np.array([1, 2, 2]), 100.0, Steps(None))
    assert outside.tolist() == [False, True, True]
    assert pairs.unit.tolist() == [0] and pairs.distance.tolist() == pytest.approx([math.hypot(10, 10)])


def test_grid_graph_costs() -> None:
    """One 2 × 2 window: orthogonal and diagonal steps, mean resistance; the impassable cell has no finite edge."""
    res = np.array([[1.0, 3.0], [np.inf, 2.0]])
    g = leastcost.grid_graph(res, 10.0, 20.0).toarray()
    assert g[0, 1] == pytest.approx(10.0 * 2.0)  # right: dx × (1 + 3) / 2
    assert g[0, 3] == pytest.approx(math.hypot(10, 20) * 1.5)  # diagonal
    assert g[1, 3] == pytest.approx(20.0 * 2.5)  # down: dy × (3 + 2) / 2
    assert not np.isfinite(g[0, 2]) and not np.isfinite(g[2]).any()  # no finite edge into or out of it
    finite = np.where(np.isfinite(g), g, 0.0)
    assert np.allclose(finite, finite.T)


def test_group_min_beyond_16_bits() -> None:
    rng = np.random.default_rng(5)
    key = rng.integers(0, 200_000, 5000)
    value = rng.random(5000)
    keys, best = leastcost._group_min(key, value)
    want = {}
    for k, v in zip(key.tolist(), value.tolist()):
        want[k] = min(v, want.get(k, np.inf))
    assert keys.tolist() == sorted(want) and best.tolist() == [want[k] for k in sorted(want)]


def test_too_large_a_reach_is_refused() -> None:
    from bluecarbon.core.errors import InputError

    res = np.ones((10, 10))
    surface = surface_of(res, np.full((10, 10), -1), 0.01, 0.01)
    surface = CostSurface(10**5, 10**5, 0.01, 0.01, surface.resistance_window, surface.patch_window, 1.0)
    with pytest.raises(InputError, match="Lower the maximum flow distance"):
        least_cost_pairs(surface, np.array([5]), np.array([5]), 1000.0, Steps(None))
