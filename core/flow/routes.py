"""Least-cost routes of the attributed links, and the flow-through raster they add up to.

A *route* is the least-cost path of one link (patch i, unit j) whose attributed flow is at least the
link threshold τ of the patch's supply (F_ij ≥ τ · S_i; every F_ij > 0 when τ = 0, as
:func:`.indices.threshold_links`): the chain of cell centres

    c_0 → c_1 → … → c_m,   c_0 = the cheapest cell of patch i seen from unit j,   c_m = unit j's cell

with c_{k+1} the Dijkstra predecessor of c_k in the search from unit j (``scipy.sparse.csgraph.dijkstra``,
``return_predecessors=True``, the same windows, graph and limit as :mod:`.leastcost`, so the route's cost
is exactly the least cost the pairs were given). When the unit's own cell is impassable the chain ends at
the cell where it enters the grid and then at the unit's cell (the straight gap of :mod:`.leastcost`).

    cost_ij (cost-metres)  = least cost from the unit's cell to c_0 (the search's, plus the entry gap)
    length_ij (m)          = Σ_k √((Δcol_k · dx)² + (Δrow_k · dy)²)  over consecutive cells of the chain
    through_c (t C/yr)     = Σ over the routes ρ through cell c of F_ρ   (each route counts once per cell)

With sources from patches the route's cost equals the link's ``distance_m``. With sources from cells
(the default) the link's flow is the sum of its cells' flows and its ``distance_m`` their flow-weighted
mean distance; the route drawn is the one from the patch's cheapest cell, and carries the link's whole
attributed flow (one route per link: the cells' own paths merge into it or run beside it, and drawing
each would give a line per cell and unit). Ties between equally cheap cells go to the first in raster
order of the search window.

Only the routes are kept (a few hundred cells each), never a search's whole grid: the searches run per
tile of units, in this process or on worker processes (:func:`.leastcost.run_tiles`), and return
per-route cell lists.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Iterator, Optional, Sequence

import numpy as np
from scipy.sparse.csgraph import dijkstra

from ..feedback import Steps
from .leastcost import BATCH_VALUES, CostSurface, tile_sources, plan_tiles, run_tiles

if TYPE_CHECKING:
    from ..io import OutputBatch
    from ..landcover import Grid
    from ..parallel import Parallelism


@dataclass
class Routes:
    """Routes of the links: per route its patch, unit, flow, cost and length, and its cells (flat raster index)."""

    patch: np.ndarray  # int64, supply index
    unit: np.ndarray  # int64, unit index
    flow: np.ndarray  # attributed F_ij, t C/yr
    cost: np.ndarray  # cost-metres
    length_m: np.ndarray  # metres along the chain of cell centres
    start: np.ndarray  # (n + 1,) offsets of each route's cells in ``cells``
    cells: np.ndarray  # int64 flat raster index (row · width + col), supply cell first, unit cell last
    width: int  # raster width

    @property
    def size(self) -> int:
        """Number of routes."""
        return int(self.patch.size)

    def route_cells(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Rows and columns of route ``k``'s cells, from the patch to the unit."""
        flat = self.cells[self.start[k] : self.start[k + 1]]
        return flat // self.width, flat % self.width

    @classmethod
    def empty(cls, width: int) -> "Routes":
        """No route."""
        z = np.zeros(0, np.int64)
        return cls(z, z, np.zeros(0), np.zeros(0), np.zeros(0), np.zeros(1, np.int64), z, width)


def least_cost_routes(
    surface: CostSurface,
    unit_row: np.ndarray,
    unit_col: np.ndarray,
    max_cost: float,
    link_patch: np.ndarray,
    link_unit: np.ndarray,
    link_flow: np.ndarray,
    steps: Steps,
    parallelism: "Optional[Parallelism]" = None,
    path: str = "",
) -> Routes:
    """The route of every given link (supply index, unit index, flow t C/yr), in the order of the links.

    The tiles are those of :func:`.leastcost.least_cost_pairs` for the same units (same windows, so the
    same costs); only the units with a link are searched again, with predecessors.
    """
    link_patch = np.asarray(link_patch, dtype=np.int64)
    link_unit = np.asarray(link_unit, dtype=np.int64)
    if link_patch.size == 0:
        return Routes.empty(surface.width)
    tasks, _ = plan_tiles(surface, unit_row, unit_col, max_cost)
    order = np.argsort(link_unit, kind="stable")
    bounds = np.searchsorted(link_unit[order], np.arange(unit_row.size + 1))
    routed = []
    for task in tasks:
        targets = tuple(link_patch[order[bounds[j] : bounds[j + 1]]] for j in task.units)
        keep = np.array([t.size > 0 for t in targets], dtype=bool)
        if keep.any():
            routed.append(replace(task, units=task.units[keep], rows=task.rows[keep], cols=task.cols[keep],
                                  targets=tuple(t for t, k in zip(targets, keep) if k)))
    results = run_tiles(route_tile, surface, routed, steps, parallelism, "A least-cost route search", path)
    parts = [part for result in results for part in result]
    if not parts:
        return Routes.empty(surface.width)
    patch = np.concatenate([p[0] for p in parts])
    unit = np.concatenate([p[1] for p in parts])
    cost = np.concatenate([p[2] for p in parts])
    n_cells = np.concatenate([p[3] for p in parts])
    cells = np.concatenate([p[4] for p in parts])
    # back to the order of the links (a link the search did not reach, which cannot happen for a link of the
    # same searches, would be dropped)
    key_links = link_patch * unit_row.size + link_unit
    key_routes = patch * unit_row.size + unit
    by_key = np.argsort(key_routes, kind="stable")
    at = np.minimum(np.searchsorted(key_routes[by_key], key_links), key_routes.size - 1)
    found = key_routes[by_key][at] == key_links
    pick = by_key[at[found]]
    flow_of = np.asarray(link_flow, dtype=np.float64)[found]
    start_all = np.r_[0, np.cumsum(n_cells)]
    new_start = np.r_[0, np.cumsum(n_cells[pick])].astype(np.int64)
    within = np.arange(new_start[-1]) - np.repeat(new_start[:-1], n_cells[pick])
    new_cells = cells[np.repeat(start_all[pick], n_cells[pick]) + within]
    routes = Routes(patch[pick], unit[pick], flow_of, cost[pick], np.zeros(pick.size), new_start, new_cells,
                    surface.width)
    routes.length_m = route_lengths(routes, surface.dx_m, surface.dy_m)
    return routes


def route_lengths(routes: Routes, dx_m: float, dy_m: float) -> np.ndarray:
    """Length (m) of each route along its chain of cell centres."""
    if routes.cells.size < 2:
        return np.zeros(routes.size)
    r, c = routes.cells // routes.width, routes.cells % routes.width
    step = np.hypot(np.diff(r) * dy_m, np.diff(c) * dx_m)
    same_route = np.ones(step.size, dtype=bool)
    ends = routes.start[1:-1] - 1  # the step from a route's last cell to the next route's first
    same_route[ends[(ends >= 0) & (ends < step.size)]] = False
    total = np.r_[0.0, np.cumsum(np.where(same_route, step, 0.0))]
    last = np.maximum(routes.start[1:] - 1, routes.start[:-1])
    return total[last] - total[routes.start[:-1]]


def route_tile(item: tuple) -> list:
    """Routes of one tile's units to their target patches: (patch, unit, cost, cells per route, flat cells)."""
    surface, task = item
    r0, r1, c0, c1 = task.window
    ww = c1 - c0
    res, sup, graph, sources = tile_sources(surface, task)
    parts: list = []
    batch = max(1, BATCH_VALUES // max(2 * res.size, 1))  # costs and predecessors
    for b0 in range(0, len(sources), batch):
        chunk = sources[b0 : b0 + batch]
        gaps = np.array([g for _, _, g in chunk])
        costs, pred = dijkstra(graph, directed=True, indices=[s for _, s, _ in chunk],
                               limit=task.max_cost - gaps.min(), return_predecessors=True)
        costs, pred = costs.reshape(len(chunk), -1), pred.reshape(len(chunk), -1)
        for (k, src, gap_cost), cost, pre in zip(chunk, costs, pred):
            unit_cell = (int(task.rows[k]) - r0) * ww + (int(task.cols[k]) - c0)
            found = _cheapest_cells(cost, sup, gap_cost, task.max_cost, task.targets[k])
            if found is None:
                continue
            patch, cell, c = found
            counts, chain = _trace(pre, cell, src, unit_cell)
            flat = (r0 + chain // ww).astype(np.int64) * surface.width + (c0 + chain % ww)
            parts.append((patch, np.full(patch.size, int(task.units[k]), dtype=np.int64), c, counts, flat))
    return parts


def _cheapest_cells(cost: np.ndarray, sup: np.ndarray, gap_cost: float, max_cost: float, targets: np.ndarray):
    """Per target patch reached within ``max_cost``: the patch, its cheapest window cell (first on ties), the cost."""
    reached = np.flatnonzero(np.isfinite(cost))
    c = cost[reached] + gap_cost
    keep = np.isin(sup[reached], targets) & (c <= max_cost)
    reached, c = reached[keep], c[keep]
    if reached.size == 0:
        return None
    patch = sup[reached]
    order = np.lexsort((reached, c, patch))
    first = order[np.r_[True, patch[order][1:] != patch[order][:-1]]]
    return patch[first].astype(np.int64), reached[first], c[first]


def _trace(pred: np.ndarray, cells: np.ndarray, src: int, unit_cell: int) -> tuple[np.ndarray, np.ndarray]:
    """Chains cell → … → ``src`` (→ ``unit_cell`` when the unit entered elsewhere), all traced at once.

    Returns the number of cells of each chain and the chains concatenated (window flat indices).
    """
    columns = [cells.astype(np.int64)]
    cur = cells.astype(np.int64).copy()
    alive = cur != src
    while alive.any():
        nxt = np.where(alive, pred[np.where(alive, cur, 0)], -1).astype(np.int64)
        columns.append(np.where(alive, nxt, -1))
        cur = np.where(alive, nxt, cur)
        alive = alive & (cur != src) & (cur >= 0)
    if unit_cell != src:
        columns.append(np.full(cells.size, unit_cell, dtype=np.int64))
    table = np.column_stack(columns)  # one row per chain, −1 after its end
    valid = table >= 0
    return valid.sum(axis=1), table[valid]


def flow_through_rows(routes: Routes, row0: int, row1: int) -> np.ndarray:
    """Flow through every cell of rows ``row0``..``row1`` − 1 (t C/yr, float64): Σ F of the routes through it."""
    lo, hi = row0 * routes.width, row1 * routes.width
    per_cell = np.repeat(routes.flow, np.diff(routes.start))
    sel = (routes.cells >= lo) & (routes.cells < hi)
    # a chain never visits a cell twice (a shortest path), so each route counts once per cell
    return np.bincount(routes.cells[sel] - lo, weights=per_cell[sel], minlength=hi - lo).reshape(row1 - row0, -1)


def flow_through_strips(routes: Routes, height: int, rows_per_strip: int = 0) -> Iterator[tuple[int, np.ndarray]]:
    """``(row0, float32 rows)`` strips of the flow-through raster, for :func:`core.io.write_raster_strips`."""
    step = rows_per_strip or max(1, (1 << 22) // max(routes.width, 1))
    order = np.argsort(routes.cells, kind="stable")
    sorted_cells = routes.cells[order]
    per_cell = np.repeat(routes.flow, np.diff(routes.start))[order]
    for r0 in range(0, height, step):
        r1 = min(height, r0 + step)
        a, b = np.searchsorted(sorted_cells, [r0 * routes.width, r1 * routes.width])
        out = np.bincount(sorted_cells[a:b] - r0 * routes.width, weights=per_cell[a:b],
                          minlength=(r1 - r0) * routes.width)
        yield r0, out.reshape(r1 - r0, routes.width).astype(np.float32)


def flow_through_bands(n_dates: int) -> list[str]:
    """Band descriptions of the flow-through raster (one band per date)."""
    return [f"flow through (t C/yr){f', date {k + 1}' if n_dates > 1 else ''}" for k in range(n_dates)]


def write_flow_through_raster(path: str, routes: Sequence[Routes], grid: "Grid",
                              batch: "Optional[OutputBatch]" = None) -> float:
    """The flow-through raster (float32, t C/yr, 0 = no route), one band per date, written whole or not at all
    (:func:`core.io.write_raster_strips`); returns its largest value (t C/yr, 0 without routes)."""
    from ..io import write_raster_strips

    rows = max(1, (1 << 20) // max(grid.width, 1))
    iters = [flow_through_strips(r, grid.height, rows) for r in routes]
    largest = [0.0]

    def strips() -> Iterator[tuple[int, np.ndarray]]:
        for parts in zip(*iters):
            block = np.stack([a for _, a in parts])
            largest[0] = max(largest[0], float(block.max()) if block.size else 0.0)
            yield parts[0][0], block

    profile = {"width": grid.width, "height": grid.height, "transform": grid.transform, "count": len(routes),
               "dtype": "float32", "crs": grid.crs_wkt}
    write_raster_strips(path, profile, strips(), flow_through_bands(len(routes)), batch=batch)
    return largest[0]


def route_xy(routes: Routes, k: int, transform) -> tuple[np.ndarray, np.ndarray]:
    """CRS coordinates of route ``k``'s cell centres (``transform`` the raster's affine transform)."""
    r, c = routes.route_cells(k)
    x, y = transform * (c.astype(np.float64) + 0.5, r.astype(np.float64) + 0.5)
    return np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)


__all__ = ["Routes", "least_cost_routes", "route_lengths", "flow_through_rows", "flow_through_strips", "route_xy",
           "write_flow_through_raster", "flow_through_bands"]
