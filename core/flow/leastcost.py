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
import os
import shutil
import tempfile
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Optional

import numpy as np
from scipy import ndimage as ndi
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from ..errors import InputError
from ..feedback import Steps
from .allocation import Pairs

if TYPE_CHECKING:
    from ..parallel import Parallelism

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


@dataclass(frozen=True)
class TileTask:
    """One tile of units sharing a window (a picklable task): the units' indices and cells, the window."""

    units: np.ndarray  # unit indices (into the unit arrays)
    rows: np.ndarray  # the units' cells (raster row, column)
    cols: np.ndarray
    window: tuple[int, int, int, int]  # r0, r1, c0, c1 (raster cells)
    max_cost: float  # cost-metres
    per_cell: bool = False
    targets: Optional[tuple[np.ndarray, ...]] = None  # routes: per unit, the supply indices (or flat cells) to reach


class FileSurface:
    """A :class:`CostSurface` read from two ``.npy`` files (memory-mapped): what worker processes open.

    The arrays are the serial surface's values over the whole grid (resistance float64, supply index
    int32), so every window equals the one the serial run reads, and the searches give the same bits.
    """

    def __init__(self, resistance_path: str, patch_path: str, height: int, width: int, dx_m: float, dy_m: float,
                 min_resistance: float) -> None:
        self.resistance_path, self.patch_path = resistance_path, patch_path
        self.height, self.width = height, width
        self.dx_m, self.dy_m, self.min_resistance = dx_m, dy_m, min_resistance
        self._arrays: Optional[tuple[np.ndarray, np.ndarray]] = None  # (resistance, supply index), mapped once

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["_arrays"] = None  # workers map the files themselves
        return state

    def _open(self) -> tuple[np.ndarray, np.ndarray]:
        # one assignment of both arrays: a thread never sees one mapped and the other not (threads share this
        # object; two threads mapping the files at once is harmless)
        arrays = self._arrays
        if arrays is None:
            arrays = (np.load(self.resistance_path, mmap_mode="r"), np.load(self.patch_path, mmap_mode="r"))
            self._arrays = arrays
        return arrays

    def resistance_window(self, r0: int, r1: int, c0: int, c1: int) -> np.ndarray:
        """Resistance of the window (float64, inf = impassable)."""
        return np.array(self._open()[0][r0:r1, c0:c1], dtype=np.float64)

    def patch_window(self, r0: int, r1: int, c0: int, c1: int) -> np.ndarray:
        """Supply index of the window (−1 = none)."""
        return np.array(self._open()[1][r0:r1, c0:c1], dtype=np.int64)


def write_surface_files(surface: CostSurface, folder: str, rows_per_strip: int = 512) -> FileSurface:
    """The whole surface written strip by strip to ``folder`` as two ``.npy`` files (8 + 4 bytes per cell)."""
    h, w = surface.height, surface.width
    res_path = os.path.join(folder, "resistance.npy")
    sup_path = os.path.join(folder, "supply_index.npy")
    res = np.lib.format.open_memmap(res_path, mode="w+", dtype=np.float64, shape=(h, w))
    sup = np.lib.format.open_memmap(sup_path, mode="w+", dtype=np.int32, shape=(h, w))
    for r0 in range(0, h, rows_per_strip):
        r1 = min(h, r0 + rows_per_strip)
        res[r0:r1] = surface.resistance_window(r0, r1, 0, w)
        sup[r0:r1] = surface.patch_window(r0, r1, 0, w)
    res.flush()
    sup.flush()
    del res, sup
    return FileSurface(res_path, sup_path, h, w, surface.dx_m, surface.dy_m, surface.min_resistance)


def search_reach(surface: CostSurface, max_cost: float) -> tuple[int, int]:
    """Rows and columns a path of cost ≤ ``max_cost`` can travel (refused when one unit's window is too large)."""
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
    return reach_r, reach_c


def plan_tiles(
    surface: CostSurface, unit_row: np.ndarray, unit_col: np.ndarray, max_cost: float, per_cell: bool = False
) -> tuple[list[TileTask], np.ndarray]:
    """The tile tasks of a least-cost run (in the order their results are joined) and the mask of units outside."""
    h, w = surface.height, surface.width
    reach_r, reach_c = search_reach(surface, max_cost)
    outside = (unit_row < 0) | (unit_row >= h) | (unit_col < 0) | (unit_col >= w)
    todo = np.flatnonzero(~outside)
    tasks = []
    for members in _tiles(unit_row[todo], unit_col[todo], reach_r, reach_c, h, w):
        units = todo[members]
        r0 = max(0, int(unit_row[units].min()) - reach_r)
        r1 = min(h, int(unit_row[units].max()) + reach_r + 1)
        c0 = max(0, int(unit_col[units].min()) - reach_c)
        c1 = min(w, int(unit_col[units].max()) + reach_c + 1)
        tasks.append(TileTask(units, unit_row[units].astype(np.int64), unit_col[units].astype(np.int64),
                              (r0, r1, c0, c1), float(max_cost), per_cell))
    return tasks, outside


def run_tiles(
    fn: Callable,
    surface: CostSurface,
    tasks: list[TileTask],
    steps: Steps,
    parallelism: "Optional[Parallelism]" = None,
    what: str = "A least-cost search",
    path: str = "",
) -> list:
    """``fn((surface, task))`` of every task, in task order: in this process, or in worker processes.

    Worker processes, threads and Dask read the surface from two temporary ``.npy`` files written once here
    (:func:`write_surface_files`), deleted when the run ends; the serial run reads it in place.
    Cancellation stops the workers (:class:`~..parallel.StripRunner`); a failing task raises
    :class:`~..parallel.StripFailed` naming the window's rows.
    """
    from ..parallel import Parallelism, StripRunner

    par = parallelism or Parallelism(workers=1)
    backend, n_workers = par.resolve(surface.height * surface.width, len(tasks))
    folder = None
    try:
        with StripRunner(backend, n_workers, par.scheduler) as runner:
            shared = surface
            if backend != "serial":  # workers (and threads: the raster readers are not thread-safe) read files
                steps.info(f"{what}: {len(tasks)} tiles on the cluster's dask workers" if backend == "dask"
                           else f"{what}: {len(tasks)} tiles on {n_workers} {backend}")
                folder = tempfile.mkdtemp(prefix="bluecarbon-leastcost-", dir=par.scratch_dir)
                shared = runner.scatter(write_surface_files(surface, folder))

            def describe(item: tuple) -> tuple[str, tuple[int, int], str]:
                return what, item[1].window[:2], path or "the land-cover raster"

            return list(runner.map(fn, [(shared, t) for t in tasks], steps, describe))
    finally:  # after the workers stopped (a file still mapped by a worker cannot be deleted on Windows)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


def least_cost_pairs(
    surface: CostSurface, unit_row: np.ndarray, unit_col: np.ndarray, max_cost: float, steps: Steps,
    per_cell: bool = False, parallelism: "Optional[Parallelism]" = None, path: str = "",
) -> tuple[Pairs, np.ndarray]:
    """Pairs (patch, unit, cost) with cost ≤ ``max_cost``; also the mask of units that could not be placed.

    ``unit_row``/``unit_col`` are the cells of the units' points (may lie outside the raster). With
    ``per_cell`` the pairs are (flat raster index of a supply cell, unit, cost to that cell), from the
    same searches. ``parallelism`` runs the tiles on worker processes (default: this process); the
    pairs are identical bit for bit whatever runs them (same searches, joined in tile order).
    """
    tasks, outside = plan_tiles(surface, unit_row, unit_col, max_cost, per_cell)
    results = run_tiles(search_tile, surface, tasks, steps, parallelism, path=path)
    parts = [part for result in results for part in result]
    if not parts:
        return Pairs.empty(), outside
    return Pairs(*(np.concatenate(x) for x in zip(*parts))), outside


def tile_sources(surface, task: TileTask) -> tuple:
    """Window arrays, graph and each unit's (position in task, entry cell, gap cost) for one tile."""
    r0, r1, c0, c1 = task.window
    res = surface.resistance_window(r0, r1, c0, c1)
    sup = surface.patch_window(r0, r1, c0, c1).reshape(-1)
    graph = grid_graph(res, surface.dx_m, surface.dy_m)
    entry = _Entry(res, surface.dx_m, surface.dy_m)
    sources = []
    for k in range(task.units.size):
        src, gap_cost = entry.cell(int(task.rows[k]) - r0, int(task.cols[k]) - c0)
        if src >= 0 and gap_cost <= task.max_cost:
            sources.append((k, src, gap_cost))
    return res, sup, graph, sources


def search_tile(item: tuple) -> list:
    """The pairs of one tile's units: a list of (patch or flat cell, unit, cost) arrays (compact: no grid)."""
    surface, task = item
    r0, r1, c0, c1 = task.window
    res, sup, graph, sources = tile_sources(surface, task)
    parts: list = []
    batch = max(1, BATCH_VALUES // max(res.size, 1))
    for b0 in range(0, len(sources), batch):
        chunk = sources[b0 : b0 + batch]
        # one call for several units (scipy validates the graph once per call); the limit is the
        # largest any of them needs, each unit's own limit is applied below
        gaps = np.array([g for _, _, g in chunk])
        costs = dijkstra(graph, directed=True, indices=[s for _, s, _ in chunk], limit=task.max_cost - gaps.min())
        costs = costs.reshape(len(chunk), -1)
        for (k, _src, gap_cost), cost in zip(chunk, costs):
            j = int(task.units[k])
            if task.per_cell:
                parts.extend(_reached_cells(cost, sup, gap_cost, task.max_cost, j, r0, c0, c1 - c0, surface.width))
            else:
                parts.extend(_nearest_per_patch(cost, sup, gap_cost, task.max_cost, j))
    return parts


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
