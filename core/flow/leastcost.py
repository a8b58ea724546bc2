"""Least-cost (minimum cumulative resistance) distances from demand units to the patches within reach.

The land cover becomes a resistance grid (:mod:`.resistance`); a graph joins every passable cell to
its 8 neighbours with the cost step length × mean resistance of the two cells (√2 steps on the
diagonals; dx and dy in metres). d_ij is the least cost from unit j's cell to the nearest (cheapest)
cell of patch i, 0 when the unit's cell belongs to patch i; gaps of costly classes lengthen links and
impassable barriers cut them.

Bounded work: a path of cost ≤ d_max cannot leave the rectangle of ±d_max / (r_min · cell size)
cells around its unit (r_min the lowest resistance of the map), so each unit needs only that
window, and ``scipy.sparse.csgraph.dijkstra`` runs with ``limit=d_max`` from a few units per call
(their cost rows stay under 128 MB: never a units × cells matrix). Units are grouped into tiles
that share one window and one graph: a tile's window is the bounding box of its units ± that reach,
and the tile size is chosen from a cost model (building a graph versus resetting a search, both
proportional to the window). The graph is built directly in CSR form (no sort); memory is about
200 bytes per window cell, and a reach needing more than 33 M cells per unit is refused.

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

from ..errors import InputError
from ..feedback import Steps
from .allocation import Pairs

TILE_CELLS = 1024  # largest side of the tiles grouping units into one window (cells)
BUILD_COST = 2.0  # relative cost per window cell of building a graph ...
SEARCH_COST = 1.0  # ... and of starting one Dijkstra call (measured: about 10 and 5 ns per cell)
MAX_WINDOW_CELLS = 1 << 22  # tiles are split further when their window would exceed this
MAX_UNIT_WINDOW_CELLS = 1 << 25  # the largest window one unit may need (about 7 GB of graph and search)
BATCH_VALUES = 1 << 24  # costs (float64) of one Dijkstra call: units per call × window cells (128 MB)

OFFSETS = ((-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 1), (1, -1), (1, 0), (1, 1))
"""Neighbour offsets (row, column) of the 8 slots of every cell in the CSR graph."""


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
    """8-neighbour graph of a resistance window; edge cost = step length × mean resistance of the two cells.

    Built directly in CSR form with 8 slots per cell: a move into or out of an impassable cell, or
    out of the window, has an infinite cost (a neighbour outside the window is a self-loop), which
    Dijkstra never takes; no masking or sorting is needed.
    """
    h, w = resistance.shape
    n = h * w
    index_type = np.int32 if 8 * n < 2**31 - 1 else np.int64
    pad = np.full((h + 2, w + 2), np.inf)
    pad[1:-1, 1:-1] = resistance
    diag = math.hypot(dx_m, dy_m)
    weights = np.empty((h, w, 8))
    node = np.arange(n, dtype=index_type).reshape(h, w)
    neighbour = np.empty((h, w, 8), dtype=index_type)
    for k, (dr, dc) in enumerate(OFFSETS):
        length = diag if dr and dc else (dx_m if dc else dy_m)
        np.add(resistance, pad[1 + dr : 1 + dr + h, 1 + dc : 1 + dc + w], out=weights[:, :, k])
        weights[:, :, k] *= 0.5 * length
        np.add(node, dr * w + dc, out=neighbour[:, :, k])
    neighbour[0, :, 0:3] = node[0, :, None]
    neighbour[-1, :, 5:8] = node[-1, :, None]
    neighbour[:, 0, [0, 3, 5]] = node[:, 0, None]
    neighbour[:, -1, [2, 4, 7]] = node[:, -1, None]
    indptr = np.arange(0, 8 * n + 1, 8, dtype=index_type)
    return csr_matrix((weights.reshape(-1), neighbour.reshape(-1), indptr), shape=(n, n))


def least_cost_pairs(
    surface: CostSurface, unit_row: np.ndarray, unit_col: np.ndarray, max_cost: float, steps: Steps,
    per_cell: bool = False,
) -> tuple[Pairs, np.ndarray]:
    """Pairs (patch, unit, cost) with cost ≤ ``max_cost``; also the mask of units that could not be placed.

    ``unit_row``/``unit_col`` are the cells of the units' points (may lie outside the raster). With
    ``per_cell`` the pairs are (flat raster index of a supply cell, unit, cost to that cell), from the
    same searches.
    """
    h, w = surface.height, surface.width
    reach_r = int(math.ceil(max_cost / (surface.min_resistance * surface.dy_m))) + 1
    reach_c = int(math.ceil(max_cost / (surface.min_resistance * surface.dx_m))) + 1
    window = min(2 * reach_r + 1, h) * min(2 * reach_c + 1, w)
    if window > MAX_UNIT_WINDOW_CELLS:
        raise InputError(
            f"A least-cost search over {max_cost:g} cost-metres may reach {window:,} cells around each demand unit "
            f"(lowest resistance {surface.min_resistance:g}, cells of {surface.dx_m:g} × {surface.dy_m:g} m), "
            f"more than the {MAX_UNIT_WINDOW_CELLS:,} this tool searches at once (about 200 bytes each).",
            "Lower the maximum flow distance, raise the lowest resistance of the table, resample the land cover to "
            "larger cells, or use straight-line distances.",
        )
    outside = (unit_row < 0) | (unit_row >= h) | (unit_col < 0) | (unit_col >= w)
    todo = np.flatnonzero(~outside)
    tiles = _tiles(unit_row[todo], unit_col[todo], reach_r, reach_c, h, w)
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
        sources = []
        for j in units:
            src, gap_cost = entry.cell(int(unit_row[j]) - r0, int(unit_col[j]) - c0)
            if src >= 0 and gap_cost <= max_cost:
                sources.append((j, src, gap_cost))
        batch = max(1, BATCH_VALUES // max(res.size, 1))
        for b0 in range(0, len(sources), batch):
            steps.progress(done / max(todo.size, 1))
            chunk = sources[b0 : b0 + batch]
            # one call for several units (scipy validates the graph once per call); the limit is the
            # largest any of them needs, each unit's own limit is applied below
            gaps = np.array([g for _, _, g in chunk])
            costs = dijkstra(graph, directed=True, indices=[s for _, s, _ in chunk], limit=max_cost - gaps.min())
            costs = costs.reshape(len(chunk), -1)
            for (j, _src, gap_cost), cost in zip(chunk, costs):
                if per_cell:
                    parts.extend(_reached_cells(cost, sup, gap_cost, max_cost, j, r0, c0, c1 - c0, w))
                else:
                    parts.extend(_nearest_per_patch(cost, sup, gap_cost, max_cost, j))
        done += units.size
    steps.progress(1.0)
    if not parts:
        return Pairs.empty(), outside
    return Pairs(*(np.concatenate(x) for x in zip(*parts))), outside


def _nearest_per_patch(cost: np.ndarray, sup: np.ndarray, gap_cost: float, max_cost: float, unit: int) -> list:
    """(patch, unit, cost) of the cheapest cell of every patch reached within ``max_cost``."""
    reached = np.flatnonzero(np.isfinite(cost))
    patch = sup[reached]
    c = cost[reached] + gap_cost
    keep = (patch >= 0) & (c <= max_cost)
    patch, c = patch[keep], c[keep]
    if patch.size == 0:
        return []
    first, best = _group_min(patch, c)
    return [(first, np.full(first.size, unit, dtype=np.int64), best)]


def _reached_cells(cost, sup, gap_cost, max_cost, unit, r0, c0, window_width, width) -> list:
    """(flat raster index, unit, cost) of every supply cell reached within ``max_cost``."""
    reached = np.flatnonzero(np.isfinite(cost))
    c = cost[reached] + gap_cost
    keep = (sup[reached] >= 0) & (c <= max_cost)
    reached, c = reached[keep], c[keep]
    if reached.size == 0:
        return []
    flat = (r0 + reached // window_width).astype(np.int64) * width + (c0 + reached % window_width)
    return [(flat, np.full(flat.size, unit, dtype=np.int64), c)]


def _group_min(key: np.ndarray, value: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct non-negative keys and the smallest value of each (stable radix sort on 16-bit digits)."""
    order = np.argsort((key & 0xFFFF).astype(np.uint16), kind="stable")
    if key.max() > 0xFFFF:
        high = (key[order] >> 16).astype(np.uint32)
        order = order[np.argsort(high, kind="stable")]
    k = key[order]
    starts = np.flatnonzero(np.r_[True, k[1:] != k[:-1]])
    return k[starts], np.minimum.reduceat(value[order], starts)


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


def _tile_side(n_units: int, height: int, width: int, reach_r: int, reach_c: int) -> int:
    """Side (cells) of the tiles grouping units, chosen to minimise the estimated work per unit.

    Per unit, a tile of side s holding n = ρ s² units (ρ = units per cell) costs about
    (BUILD_COST / max(n, 1) + SEARCH_COST) × its window's cells: building the graph is shared by the
    tile's units, every Dijkstra call starts by resetting the whole window. Sides are powers of two
    between 1 and TILE_CELLS whose window stays under MAX_WINDOW_CELLS.
    """
    density = n_units / max(height * width, 1)
    best, best_cost = 1, math.inf
    side = 1
    while side <= TILE_CELLS:
        window = min(side + 2 * reach_r, height) * min(side + 2 * reach_c, width)
        if side > 1 and window > MAX_WINDOW_CELLS:
            break
        per_tile = max(density * side * side, 1.0)
        cost = (BUILD_COST / per_tile + SEARCH_COST) * window
        if cost < best_cost:
            best, best_cost = side, cost
        side *= 2
    return best


def _tiles(rows: np.ndarray, cols: np.ndarray, reach_r: int, reach_c: int, height: int, width: int) -> list[np.ndarray]:
    """Groups of units (indices into rows/cols) that share one window and one graph."""
    if rows.size == 0:
        return []
    side = _tile_side(rows.size, height, width, reach_r, reach_c)
    key = (rows // side) * (int(cols.max()) // side + 1) + cols // side
    order = np.argsort(key, kind="stable")
    bounds = np.flatnonzero(np.r_[True, key[order][1:] != key[order][:-1], True])
    return [order[a:b] for a, b in zip(bounds[:-1], bounds[1:])]
