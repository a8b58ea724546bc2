"""Least-cost (minimum cumulative resistance) distances from demand units to the patches within reach.

The land cover becomes a resistance grid (:mod:`.resistance`); a graph joins every passable cell to
its 8 neighbours with the cost step length × mean resistance of the two cells (√2 steps on the
diagonals; dx and dy in metres). d_ij is the least cost from unit j's cell to the nearest (cheapest)
cell of patch i, 0 when the unit's cell belongs to patch i; gaps of costly classes lengthen links and
impassable barriers cut them.

Bounded work: a path of cost ≤ d_max cannot leave the rectangle of ±d_max / (r_min · cell size)
cells around its unit (r_min the lowest resistance of the map), so each unit needs only that
window, and ``scipy.sparse.csgraph.dijkstra`` runs from one unit at a time with ``limit=d_max``
(memory: one window, never a units × cells matrix). Units are grouped into tiles so that nearby
units share one window and one graph: a tile's window is the bounding box of its units ± that
reach. The graph is built directly in CSR form (no sort).

A unit whose cell is impassable enters the grid at the nearest passable cell (Euclidean distance
transform of the window), and the gap between the two cell centres costs its length × the entry
cell's resistance. Units outside the land-cover raster cannot be reached in this mode (reported).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Optional

import numpy as np
from scipy import ndimage as ndi
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from ..feedback import Steps
from .allocation import Pairs

TILE_CELLS = 256  # side of the tiles grouping units into one window (cells)
MAX_WINDOW_CELLS = 1 << 22  # tiles are split further when their window would exceed this

OFFSETS = ((-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 1), (1, -1), (1, 0), (1, 1))
"""Neighbour offsets in the order of increasing flat index (so the CSR columns come out sorted)."""


@dataclass
class CostSurface:
    """What the least-cost search reads: resistance and supply-patch index of any window."""

    height: int
    width: int
    dx_m: float
    dy_m: float
    resistance_window: Callable[[int, int, int, int], np.ndarray]  # (r0, r1, c0, c1) → float64, inf = impassable
    patch_window: Callable[[int, int, int, int], np.ndarray]  # (r0, r1, c0, c1) → supply index, −1 = none
    min_resistance: float


def grid_graph(resistance: np.ndarray, dx_m: float, dy_m: float) -> csr_matrix:
    """8-neighbour graph of a resistance window; edge cost = step length × mean resistance (CSR, no sort)."""
    h, w = resistance.shape
    pad = np.full((h + 2, w + 2), np.inf)
    pad[1:-1, 1:-1] = resistance
    diag = math.hypot(dx_m, dy_m)
    weights = np.empty((h, w, 8))
    for k, (dr, dc) in enumerate(OFFSETS):
        length = diag if dr and dc else (dx_m if dc else dy_m)
        weights[:, :, k] = (resistance + pad[1 + dr : 1 + dr + h, 1 + dc : 1 + dc + w]) * (0.5 * length)
    weights = weights.reshape(h * w, 8)
    valid = np.isfinite(weights)
    node = np.arange(h * w, dtype=np.int64)
    step = np.array([dr * w + dc for dr, dc in OFFSETS], dtype=np.int64)
    indices = (node[:, None] + step[None, :])[valid]
    indptr = np.zeros(h * w + 1, dtype=np.int64)
    np.cumsum(valid.sum(axis=1), out=indptr[1:])
    index_type = np.int32 if h * w < 2**31 - 1 else np.int64
    return csr_matrix((weights[valid], indices.astype(index_type), indptr.astype(index_type)), shape=(h * w, h * w))


def least_cost_pairs(
    surface: CostSurface, unit_row: np.ndarray, unit_col: np.ndarray, max_cost: float, steps: Steps
) -> tuple[Pairs, np.ndarray]:
    """Pairs (patch, unit, cost) with cost ≤ ``max_cost``; also the mask of units that could not be placed.

    ``unit_row``/``unit_col`` are the cells of the units' points (may lie outside the raster).
    """
    h, w = surface.height, surface.width
    outside = (unit_row < 0) | (unit_row >= h) | (unit_col < 0) | (unit_col >= w)
    reach_r = int(math.ceil(max_cost / (surface.min_resistance * surface.dy_m))) + 1
    reach_c = int(math.ceil(max_cost / (surface.min_resistance * surface.dx_m))) + 1
    todo = np.flatnonzero(~outside)
    tiles = _tiles(unit_row[todo], unit_col[todo], reach_r, reach_c)
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    done = 0
    for members in tiles:
        units = todo[members]
        r0 = max(0, int(unit_row[units].min()) - reach_r)
        r1 = min(h, int(unit_row[units].max()) + reach_r + 1)
        c0 = max(0, int(unit_col[units].min()) - reach_c)
        c1 = min(w, int(unit_col[units].max()) + reach_c + 1)
        res = surface.resistance_window(r0, r1, c0, c1)
        sup = surface.patch_window(r0, r1, c0, c1).reshape(-1)
        graph = grid_graph(res, surface.dx_m, surface.dy_m)
        entry = _Entry(res, surface.dx_m, surface.dy_m)
        for j in units:
            steps.progress(done / max(todo.size, 1))
            done += 1
            src, gap_cost = entry.cell(int(unit_row[j]) - r0, int(unit_col[j]) - c0)
            if src < 0 or gap_cost > max_cost:
                continue
            cost = dijkstra(graph, directed=True, indices=src, limit=max_cost - gap_cost)
            reached = np.flatnonzero(np.isfinite(cost))
            patch = sup[reached]
            on_patch = patch >= 0
            reached, patch = reached[on_patch], patch[on_patch]
            if reached.size == 0:
                continue
            c = cost[reached] + gap_cost
            order = np.lexsort((c, patch))
            first = order[np.r_[True, patch[order][1:] != patch[order][:-1]]]
            parts.append((patch[first], np.full(first.size, j, dtype=np.int64), c[first]))
    steps.progress(1.0)
    if not parts:
        return Pairs.empty(), outside
    return Pairs(*(np.concatenate(x) for x in zip(*parts))), outside


class _Entry:
    """The cell where a unit enters the graph: its own cell, or the nearest passable one."""

    def __init__(self, res: np.ndarray, dx_m: float, dy_m: float) -> None:
        self.res = res
        self.dx, self.dy = dx_m, dy_m
        self._nearest: Optional[tuple[np.ndarray, np.ndarray]] = None

    def cell(self, r: int, c: int) -> tuple[int, float]:
        """Flat index of the entry cell (−1 when the window has no passable cell) and the gap's cost."""
        w = self.res.shape[1]
        if np.isfinite(self.res[r, c]):
            return r * w + c, 0.0
        if self._nearest is None:
            passable = np.isfinite(self.res)
            if not passable.any():
                return -1, math.inf
            dist, (ir, ic) = ndi.distance_transform_edt(~passable, sampling=(self.dy, self.dx), return_indices=True)
            self._nearest = (dist, ir * w + ic)
        dist, flat = self._nearest
        target = int(flat[r, c])
        return target, float(dist[r, c]) * float(self.res.reshape(-1)[target])


def _tiles(rows: np.ndarray, cols: np.ndarray, reach_r: int, reach_c: int) -> list[np.ndarray]:
    """Groups of units (indices into rows/cols) sharing a window of at most MAX_WINDOW_CELLS cells."""
    if rows.size == 0:
        return []
    side = TILE_CELLS
    while side > 1 and (side + 2 * reach_r) * (side + 2 * reach_c) > MAX_WINDOW_CELLS:
        side //= 2
    key = (rows // side) * (int(cols.max()) // side + 1) + cols // side
    order = np.argsort(key, kind="stable")
    bounds = np.flatnonzero(np.r_[True, key[order][1:] != key[order][:-1], True])
    return [order[a:b] for a, b in zip(bounds[:-1], bounds[1:])]
