"""Graph nodes (habitat patches or MSPA cores) and the edge-to-edge distances between them.

Nodes:

- **patches**: the chosen classes form one habitat mask, labelled with the project's patch engine
  (:func:`core.patches.label_patches`: strips stitched by union-find, 8- or 4-neighbour rule, true
  areas), so a mangrove patch touching a salt-marsh patch is one habitat node;
- **cores**: the MSPA core regions (:mod:`.mspa`), labelled with the same rule; a node's area is its core
  area.

Distances d_ij, only for pairs closer than a maximum distance (no all-pairs search):

- **straight line**: the shortest distance between cell centres of i and j (FRAGSTATS's edge-to-edge
  ENN convention), between boundary cells only (an interior cell is never the nearest); candidate
  pairs from circles around each node's boundary cells (KD-tree of centres), exact distances from a
  KD-tree query of j's boundary cells against i's; each pair is measured once, from its lower id;
- **least cost**: the cheapest path between a cell of i and a cell of j over the resistance table
  (:mod:`core.flow.resistance`), step cost = step length × mean resistance of the two cells, one
  multi-source Dijkstra per node over a window grown by max cost / (lowest resistance × cell side)
  on the graph of :func:`core.flow.leastcost.grid_graph`. Units: cost-metres.

On a geographic CRS distances use the metre scale at the map's centre (as ENN and flows do).
"""

from __future__ import annotations

import functools

import math
from dataclasses import dataclass
from typing import Callable, Optional, Sequence

import numpy as np
from scipy import ndimage as ndi
from scipy.sparse.csgraph import dijkstra

from ..classes import ClassScheme
from ..errors import InputError
from ..feedback import Steps
from ..flow.leastcost import grid_graph
from ..flow.resistance import ResistanceTable
from ..landcover import LandCover
from ..patches import label_patches, row_weighted_sum, structure_of

PATCHES = "patches"
CORES = "cores"
NODE_KINDS = (PATCHES, CORES)
STRAIGHT_LINE = "straight_line"
LEAST_COST = "least_cost"
DISTANCE_MODES = (STRAIGHT_LINE, LEAST_COST)
MAX_WINDOW_CELLS = 1 << 25  # the largest window one node's search may need


def padded_window(labels: np.ndarray, r0: int, r1: int, c0: int, c1: int) -> np.ndarray:
    """``labels[r0:r1, c0:c1]`` of an in-memory label raster, 0 where the window leaves the raster."""
    h, w = labels.shape
    out = np.zeros((r1 - r0, c1 - c0), dtype=labels.dtype)
    a0, a1, b0, b1 = max(r0, 0), min(r1, h), max(c0, 0), min(c1, w)
    if a1 > a0 and b1 > b0:
        out[a0 - r0 : a1 - r0, b0 - c0 : b1 - c0] = labels[a0:a1, b0:b1]
    return out


@dataclass
class Nodes:
    """Nodes with ids 1..n in a label raster read by windows."""

    kind: str
    area_ha: np.ndarray
    n_cells: np.ndarray
    row_min: np.ndarray
    row_max: np.ndarray
    col_min: np.ndarray
    col_max: np.ndarray
    centroid_row: np.ndarray  # mean row index of the node's cells
    centroid_col: np.ndarray
    window: Callable[[int, int, int, int], np.ndarray]  # (r0, r1, c0, c1) → node id, 0 = none, 0 outside
    height: int
    width: int
    valid_area_ha: float  # area of the landscape's valid (non-nodata) cells
    close: Callable[[], None] = lambda: None

    @property
    def n(self) -> int:
        """Number of nodes."""
        return int(self.area_ha.size)


def habitat_scheme(scheme: ClassScheme, classes: Sequence[int]) -> ClassScheme:
    """A two-class scheme: 1 = the chosen classes (habitat), 2 = every other class present."""
    chosen = set(classes)
    fg = [v for c in sorted(chosen) for v in scheme.members[c - 1]]
    other = [v for c in range(1, scheme.n_classes + 1) if c not in chosen for v in scheme.members[c - 1]]
    return ClassScheme(
        codes=["habitat", "other"], names=["habitat", "other"], ecosystems=["habitat", "non_habitat"],
        colors=[None, None], members=[fg, other],
        cell_counts=[sum(scheme.cell_counts[c - 1] for c in chosen),
                     sum(n for c, n in enumerate(scheme.cell_counts, start=1) if c not in chosen)],
    )


def patch_nodes(
    lc: LandCover, scheme: ClassScheme, classes: Sequence[int], neighbours: int = 8,
    rows_per_strip: Optional[int] = None, steps: Optional[Steps] = None,
) -> Nodes:
    """Habitat patches of the chosen classes as nodes (labelled in strips by the patch engine)."""
    if not classes or sum(scheme.cell_counts[c - 1] for c in classes) == 0:
        raise InputError(
            "The raster holds no cell of the chosen habitat classes, so there is no habitat node.",
            "Choose classes present in the raster (check the legend and the class list).",
        )
    binary = habitat_scheme(scheme, classes)
    lab = label_patches(lc, binary, neighbours, steps, rows_per_strip)
    t = lab.patches
    habitat = t.cls == 1
    n = int(habitat.sum())  # habitat patches come first (ids ordered by class)
    store = lab.store

    def window(r0: int, r1: int, c0: int, c1: int) -> np.ndarray:
        w = store.window(r0, r1, c0, c1)
        w[w > n] = 0
        return w

    return Nodes(
        PATCHES, t.area_m2[:n] / 1e4, t.n_cells[:n], t.row_min[:n], t.row_max[:n], t.col_min[:n], t.col_max[:n],
        t.sum_row[:n] / t.n_cells[:n], t.sum_col[:n] / t.n_cells[:n], window, lc.grid.height, lc.grid.width,
        float(t.area_m2.sum()) / 1e4, store.close,
    )


def array_nodes(mask: np.ndarray, row_area_m2: np.ndarray, valid_area_ha: float, neighbours: int = 8,
                kind: str = CORES) -> Nodes:
    """Nodes from a boolean mask held in memory (e.g. MSPA cores), labelled with the neighbour rule."""
    labels, n = ndi.label(mask, structure=structure_of(neighbours))
    if n == 0:
        raise InputError(
            "The map has no MSPA core, so there is no core node.",
            "Lower the edge width, or use habitat patches as nodes.",
        )
    area = row_weighted_sum(labels, n + 1, row_area_m2)[1:] / 1e4
    rows = np.arange(labels.shape[0])[:, None]
    cols = np.arange(labels.shape[1])[None, :]
    cells = np.bincount(labels.ravel(), minlength=n + 1)[1:]
    sum_r = np.bincount(labels.ravel(), weights=np.broadcast_to(rows, labels.shape).ravel(), minlength=n + 1)[1:]
    sum_c = np.bincount(labels.ravel(), weights=np.broadcast_to(cols, labels.shape).ravel(), minlength=n + 1)[1:]
    boxes = ndi.find_objects(labels)
    h, w = labels.shape

    window = functools.partial(padded_window, labels)

    return Nodes(
        kind, area, cells,
        np.array([b[0].start for b in boxes]), np.array([b[0].stop - 1 for b in boxes]),
        np.array([b[1].start for b in boxes]), np.array([b[1].stop - 1 for b in boxes]),
        sum_r / cells, sum_c / cells, window, h, w, valid_area_ha,
    )


def _joined(parts: list) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(i, j, distance) arrays of several searches joined (empty arrays for none)."""
    if not parts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.copy(), np.zeros(0)
    i, j, d = (np.concatenate(x) for x in zip(*parts))
    return i, j, d


def resistance_reader(lc: LandCover, scheme: ClassScheme, table: ResistanceTable) -> tuple[Callable, float]:
    """A function (r0, r1, c0, c1) → resistance (inf = impassable, also outside the raster) and the lowest
    finite resistance of the map."""
    values, res = table.value_lut(scheme)
    lowest = table.lowest_passable(res, "dispersal")
    h, w = lc.grid.height, lc.grid.width

    def window(r0: int, r1: int, c0: int, c1: int) -> np.ndarray:
        out = np.full((r1 - r0, c1 - c0), np.inf)
        a0, a1, b0, b1 = max(r0, 0), min(r1, h), max(c0, 0), min(c1, w)
        if a1 > a0 and b1 > b0:
            raw = lc.read_window(a0, a1, b0, b1)
            out[a0 - r0 : a1 - r0, b0 - c0 : b1 - c0] = table.lookup(values, res, raw, lc.valid(raw))
        return out

    return window, lowest


def _nearest_per_node(lab: np.ndarray, dist: np.ndarray, node: int, max_distance: float):
    """(i, j, d): the smallest distance to every node j > node within ``max_distance``."""
    sel = (lab > node) & (dist <= max_distance)
    if not sel.any():
        return None
    j = lab[sel].astype(np.int64)
    d = dist[sel]
    order = np.lexsort((d, j))
    first = np.r_[True, j[order][1:] != j[order][:-1]]
    jj, dd = j[order][first], d[order][first]
    return np.full(jj.size, node - 1, dtype=np.int64), jj - 1, dd


def boundary_cells(nodes: Nodes, rows_per_strip: int = 1024) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Cells of every node with a 4-neighbour outside it (node, row, col sorted by node; offsets per node).

    The nearest cell of a node to anything outside it is always such a cell: an interior cell has a neighbour
    towards the other point that is strictly closer and still in the node."""
    parts = []
    for r0 in range(0, nodes.height, rows_per_strip):
        r1 = min(nodes.height, r0 + rows_per_strip)
        ext = nodes.window(r0 - 1, r1 + 1, 0, nodes.width)
        g = ext[1:-1]
        other = (ext[:-2] != g) | (ext[2:] != g)
        other[:, 1:] |= g[:, :-1] != g[:, 1:]
        other[:, :-1] |= g[:, 1:] != g[:, :-1]
        other[:, 0] = other[:, -1] = True
        rows, cols = np.nonzero((g > 0) & other)
        parts.append((g[rows, cols].astype(np.int64) - 1, rows + r0, cols))
    node = np.concatenate([p[0] for p in parts])
    row = np.concatenate([p[1] for p in parts])
    col = np.concatenate([p[2] for p in parts])
    order = np.argsort(node, kind="stable")
    node, row, col = node[order], row[order], col[order]
    return node, row, col, np.searchsorted(node, np.arange(nodes.n + 1))


def straight_line_distances(
    nodes: Nodes, dx_m: float, dy_m: float, max_distance: float, steps: Optional[Steps] = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(i, j, d) of every node pair (i < j) whose nearest cell centres are at most ``max_distance`` metres apart.

    Candidates from the nodes' boundary-cell circles (centre c_i, radius R_i: |c_i − c_j| ≤ d_max + R_i + R_j,
    a KD-tree of centres); the exact distance of every candidate j of i from one KD-tree query of j's boundary
    cells against i's (nearest neighbour, bounded by d_max). No window scan, no all-pairs search."""
    from scipy.spatial import cKDTree

    steps = steps or Steps(None)
    node, row, col, start = boundary_cells(nodes)
    xy = np.column_stack(((col + 0.5) * dx_m, (row + 0.5) * dy_m))
    counts = np.diff(start)
    centre = np.column_stack([np.bincount(node, weights=xy[:, a], minlength=nodes.n) / np.maximum(counts, 1)
                              for a in (0, 1)])
    radius = np.zeros(nodes.n)
    np.maximum.at(radius, node, np.hypot(*(xy - centre[node]).T))
    finite = math.isfinite(max_distance)
    reach = max_distance if finite else np.inf
    centres = cKDTree(centre)
    r_max = float(radius.max()) if radius.size else 0.0
    parts = []
    for i in range(nodes.n):
        if i % 64 == 0:
            steps.progress(i / max(nodes.n, 1))
        if finite:
            cand = np.asarray(centres.query_ball_point(centre[i], reach + radius[i] + r_max), dtype=np.int64)
            cand = cand[cand > i]
            cand = cand[np.hypot(*(centre[cand] - centre[i]).T) <= reach + radius[i] + radius[cand]]
        else:
            cand = np.arange(i + 1, nodes.n)
        if cand.size == 0:
            continue
        cells = np.concatenate([np.arange(start[j], start[j + 1]) for j in cand])
        tree = cKDTree(xy[start[i] : start[i + 1]])
        dist, _ = tree.query(xy[cells], k=1, distance_upper_bound=reach * (1 + 1e-12) if finite else np.inf)
        owner = node[cells]
        ok = np.isfinite(dist)
        if not ok.any():
            continue
        owner, dist = owner[ok], dist[ok]
        order = np.lexsort((dist, owner))
        first = order[np.r_[True, owner[order][1:] != owner[order][:-1]]]
        keep = dist[first] <= reach
        js, best = owner[first][keep], dist[first][keep]
        parts.append((np.full(js.size, i, dtype=np.int64), js.astype(np.int64), best))
    steps.progress(1.0)
    return _joined(parts)


def edge_distances(
    nodes: Nodes, dx_m: float, dy_m: float, max_distance: float,
    resistance: Optional[tuple[Callable, float]] = None, steps: Optional[Steps] = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(i, j, d) of every node pair (0-based, i < j) with edge-to-edge distance ≤ ``max_distance``.

    Straight line (m) without ``resistance``; least cost (cost-metres) with ``(reader, lowest resistance)``.
    """
    if resistance is None:
        return straight_line_distances(nodes, dx_m, dy_m, max_distance, steps)
    steps = steps or Steps(None)
    reader, r_min = resistance
    if not math.isfinite(max_distance):  # every pair: whole-raster windows
        reach_r, reach_c = nodes.height, nodes.width
    else:
        reach_r = math.ceil(max_distance / (r_min * dy_m)) + 1
        reach_c = math.ceil(max_distance / (r_min * dx_m)) + 1
    parts = []
    for node in range(1, nodes.n + 1):
        if node % 64 == 1:
            steps.progress((node - 1) / max(nodes.n, 1))
        k = node - 1
        r0 = max(0, int(nodes.row_min[k]) - reach_r)
        r1 = min(nodes.height, int(nodes.row_max[k]) + reach_r + 1)
        c0 = max(0, int(nodes.col_min[k]) - reach_c)
        c1 = min(nodes.width, int(nodes.col_max[k]) + reach_c + 1)
        if (r1 - r0) * (c1 - c0) > MAX_WINDOW_CELLS:
            raise InputError(
                f"Distances within {max_distance:g} of node {node} need a window of {(r1 - r0) * (c1 - c0):,} cells, "
                f"more than the {MAX_WINDOW_CELLS:,} searched at once.",
                "Lower the threshold distance or the probability cut, or resample the raster to larger cells.",
            )
        lab = nodes.window(r0, r1, c0, c1)
        own = lab == node
        if not (lab > node).any():
            continue
        res = reader(r0, r1, c0, c1)
        graph = grid_graph(res, dx_m, dy_m)
        src = np.flatnonzero(own.ravel() & np.isfinite(res.ravel()))
        if src.size == 0:
            continue
        dist = dijkstra(graph, directed=True, indices=src, min_only=True, limit=max_distance).reshape(lab.shape)
        part = _nearest_per_node(lab, dist, node, max_distance)
        if part is not None:
            parts.append(part)
    steps.progress(1.0)
    return _joined(parts)
