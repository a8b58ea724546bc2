"""Straight-line distances from demand points to the nearest cell of each patch within reach.

d_ij = the Euclidean distance (m) from unit j's point to the nearest cell centre of patch i, or 0
when the point lies in a cell of patch i. Measuring to the nearest cell rather than to the patch
centroid keeps a large patch close to a town on its edge, as it is.

No all-pairs search. Per patch, the boundary cells (the only candidates, see :mod:`.patchcells`)
give a centre c_i and a radius R_i (farthest boundary cell from c_i); a unit can be within d_max of
the patch only if |q_j − c_i| ≤ d_max + R_i. Patches are grouped by R_i (powers of two) and each
group's candidate pairs come from one ``cKDTree.sparse_distance_matrix`` call (C code, no Python
loop over pairs); the pair-specific bound then prunes the rest. The exact distance of a candidate
pair: for patches with at most 64 boundary cells, a dense numpy minimum over the patch's cells
(padded to the group's size, in chunks); for larger patches, a ``cKDTree`` of the patch's boundary
cells queried with every candidate unit at once.

On a geographic grid (``geometry`` given) cells and units are placed in the azimuthal equidistant
frame of :meth:`CellGeometry.metric_frame`, the reach is widened by the frame's error bound, the
nearest boundary cell of each pair is chosen in that frame and its distance is then measured with
``Geod.inv`` (true on the ellipsoid; the only approximation left is which boundary cell is nearest,
off by at most the frame's error, about 3e-4 on a 5° tile at 20° N).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import numpy as np
from scipy.spatial import cKDTree

from ..feedback import Steps
from .allocation import Pairs
from .patchcells import PatchCells, metric_xy

if TYPE_CHECKING:
    from ..landcover import CellGeometry

SMALL_PATCH_CELLS = 64  # boundary cells up to which a patch is handled by dense numpy
CHUNK_VALUES = 1 << 22  # pair × cell distances computed at once (bounds the temporary arrays)


def straight_line_pairs(
    cells: PatchCells,
    unit_x: np.ndarray,
    unit_y: np.ndarray,
    unit_patch: np.ndarray,
    dx_m: float,
    dy_m: float,
    max_distance: float,
    steps: Steps,
    geometry: "Optional[CellGeometry]" = None,
    nearest_out: Optional[list] = None,
) -> Pairs:
    """Every (patch, unit) pair with d_ij ≤ ``max_distance`` (unit coordinates ``(col·dx_m, row·dy_m)``).

    ``unit_patch`` is the index of the supply patch whose cell holds the unit's point (−1 for none).
    With the ``geometry`` of a geographic grid, distances are geodesic. A list given as ``nearest_out``
    receives, per pair, the index (into ``cells.row``/``cells.col``) of the boundary cell measured to.
    """
    n = cells.n_patches
    if n == 0 or unit_x.size == 0:
        if nearest_out is not None:
            nearest_out.append(np.zeros(0, np.int64))
        return Pairs.empty()
    geo = geometry if geometry is not None and not geometry.uniform else None
    reach_m = max_distance
    if geo is None:
        bx, by = metric_xy(cells.row, cells.col, dx_m, dy_m)
    else:
        unit_row, unit_col = unit_y / dy_m, unit_x / dx_m
        bx, by = geo.metric_frame(cells.row + 0.5, cells.col + 0.5)
        unit_x, unit_y = geo.metric_frame(unit_row, unit_col)
        reach_m = max_distance * (1.0 + geo.frame_error)
    count = np.diff(cells.start)
    has = count > 0
    cx = np.zeros(n)
    cy = np.zeros(n)
    cx[has] = np.add.reduceat(bx, cells.start[:-1][has]) / count[has]
    cy[has] = np.add.reduceat(by, cells.start[:-1][has]) / count[has]
    radius = np.zeros(n)
    d_c = np.hypot(bx - np.repeat(cx, count), by - np.repeat(cy, count))
    radius[has] = np.maximum.reduceat(d_c, cells.start[:-1][has])
    # a point inside a patch cell lies within half a diagonal of its centre (the largest cell on a geographic grid)
    margin = np.hypot(dx_m, dy_m) if geo is None else geo.largest_diagonal_m * (1.0 + geo.frame_error)
    units = np.column_stack([unit_x, unit_y])
    unit_tree = cKDTree(units)
    patch_parts, unit_parts = [], []
    group = np.ceil(np.log2(np.maximum(radius, 1.0))).astype(np.int64)
    for gr in np.unique(group[has]):
        members = np.flatnonzero(has & (group == gr))
        reach = reach_m + float(radius[members].max()) + margin
        tree = cKDTree(np.column_stack([cx[members], cy[members]]))
        sdm = tree.sparse_distance_matrix(unit_tree, reach, output_type="ndarray")
        p = members[sdm["i"]]
        ok = sdm["v"] <= reach_m + radius[p] + margin
        patch_parts.append(p[ok])
        unit_parts.append(sdm["j"][ok].astype(np.int64))
    steps.progress(0.3)
    patch = np.concatenate(patch_parts) if patch_parts else np.zeros(0, np.int64)
    unit = np.concatenate(unit_parts) if unit_parts else np.zeros(0, np.int64)
    distance = np.full(patch.size, np.inf)
    nearest = np.full(patch.size, -1, dtype=np.int64)
    small = count[patch] <= SMALL_PATCH_CELLS
    distance[small], nearest[small] = _small_patch_distances(cells, bx, by, count, patch[small], units[unit[small]])
    steps.progress(0.6)
    big = np.flatnonzero(~small)
    distance[big], nearest[big] = _large_patch_distances(cells, bx, by, patch[big], units[unit[big]], reach_m,
                                                         steps.sub(0.6, 1.0))
    if geo is not None:  # the chosen cell's true distance
        found = np.flatnonzero(nearest >= 0)
        k = nearest[found]
        distance[found] = geo.distance_m(cells.row[k] + 0.5, cells.col[k] + 0.5, unit_row[unit[found]],
                                         unit_col[unit[found]])
    inside = unit_patch[unit] == patch
    distance[inside] = 0.0
    keep = distance <= max_distance
    if nearest_out is not None:
        nearest_out.append(nearest[keep])
    return Pairs(patch[keep].astype(np.int64), unit[keep], distance[keep])


def _small_patch_distances(
    cells: PatchCells, bx: np.ndarray, by: np.ndarray, count: np.ndarray, patch: np.ndarray, points: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Distance to and index of the nearest boundary cell of small patches, dense: pairs grouped by the patch's
    cell count (powers of 2)."""
    out = np.full(patch.size, np.inf)
    which = np.full(patch.size, -1, dtype=np.int64)
    if patch.size == 0:
        return out, which
    size_class = np.ceil(np.log2(count[patch])).astype(np.int64)
    for k in np.unique(size_class):
        sel = np.flatnonzero(size_class == k)
        width = 1 << int(k)
        pp = patch[sel]
        # padded cell indices: patch start + min(j, count − 1), so padding repeats the last cell
        j = np.arange(width)
        for c0 in range(0, sel.size, max(1, CHUNK_VALUES // width)):
            c1 = min(sel.size, c0 + max(1, CHUNK_VALUES // width))
            q = pp[c0:c1]
            idx = cells.start[q][:, None] + np.minimum(j[None, :], count[q][:, None] - 1)
            pts = points[sel[c0:c1]]
            d2 = (bx[idx] - pts[:, :1]) ** 2 + (by[idx] - pts[:, 1:2]) ** 2
            j_min = d2.argmin(axis=1)
            out[sel[c0:c1]] = np.sqrt(d2[np.arange(j_min.size), j_min])
            which[sel[c0:c1]] = idx[np.arange(j_min.size), j_min]
    return out, which


def _large_patch_distances(
    cells: PatchCells, bx: np.ndarray, by: np.ndarray, patch: np.ndarray, points: np.ndarray, max_distance: float,
    steps: Steps,
) -> tuple[np.ndarray, np.ndarray]:
    """Distance to and index of the nearest boundary cell of large patches (−1 beyond ``max_distance``): one
    KD-tree per patch, queried with all its candidate units."""
    out = np.full(patch.size, np.inf)
    which = np.full(patch.size, -1, dtype=np.int64)
    if patch.size == 0:
        return out, which
    order = np.argsort(patch, kind="stable")
    sp = patch[order]
    starts = np.flatnonzero(np.r_[True, sp[1:] != sp[:-1]])
    ends = np.r_[starts[1:], sp.size]
    for k, (a, b) in enumerate(zip(starts, ends)):
        if k % 256 == 0:
            steps.progress(k / starts.size)
        p = sp[a]
        s0, s1 = cells.start[p], cells.start[p + 1]
        tree = cKDTree(np.column_stack([bx[s0:s1], by[s0:s1]]))
        rows = order[a:b]
        d, i = tree.query(points[rows], distance_upper_bound=max_distance * (1 + 1e-12) + 1e-9)
        out[rows] = d
        which[rows] = np.where(np.isfinite(d), s0 + np.minimum(i, s1 - s0 - 1), -1)
    steps.progress(1.0)
    return out, which


def nearest_patch_cells(
    cells: PatchCells,
    patch: np.ndarray,
    unit_x: Optional[np.ndarray],
    unit_y: Optional[np.ndarray],
    unit_row: np.ndarray,
    unit_col: np.ndarray,
    unit_patch: np.ndarray,
    dx_m: float,
    dy_m: float,
    geometry: "Optional[CellGeometry]" = None,
    nearest: Optional[np.ndarray] = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Row and column of the patch cell each (patch, unit) link is measured from: the unit's own cell when
    its point lies in the patch, else the patch's nearest boundary cell (the cell of :func:`straight_line_pairs`).

    ``unit_x``/``unit_y`` are the links' unit points (``(col·dx_m, row·dy_m)``), ``unit_row``/``unit_col``
    their cells, ``unit_patch`` the supply index of the patch holding each link's unit (−1 for none).
    ``nearest``: the boundary-cell index of each link when the pair search already found it (``nearest_out``;
    ``unit_x``/``unit_y`` are then not read).
    """
    patch = np.asarray(patch, dtype=np.int64)
    row = np.full(patch.size, -1, dtype=np.int64)
    col = np.full(patch.size, -1, dtype=np.int64)
    if patch.size == 0:
        return row, col
    if nearest is not None:
        found = nearest >= 0
        row[found], col[found] = cells.row[nearest[found]], cells.col[nearest[found]]
        inside = np.asarray(unit_patch) == patch
        row[inside], col[inside] = np.asarray(unit_row)[inside], np.asarray(unit_col)[inside]
        return row, col
    geo = geometry if geometry is not None and not geometry.uniform else None
    if geo is None:
        bx, by = metric_xy(cells.row, cells.col, dx_m, dy_m)
        points = np.column_stack([unit_x, unit_y])
    else:
        bx, by = geo.metric_frame(cells.row + 0.5, cells.col + 0.5)
        points = np.column_stack(geo.metric_frame(unit_y / dy_m, unit_x / dx_m))
    count = np.diff(cells.start)
    small = count[patch] <= SMALL_PATCH_CELLS
    nearest = np.full(patch.size, -1, dtype=np.int64)
    _, nearest[small] = _small_patch_distances(cells, bx, by, count, patch[small], points[small])
    big = np.flatnonzero(~small)
    _, nearest[big] = _large_patch_distances(cells, bx, by, patch[big], points[big], np.inf, Steps(None))
    found = nearest >= 0
    row[found], col[found] = cells.row[nearest[found]], cells.col[nearest[found]]
    inside = np.asarray(unit_patch) == patch
    row[inside], col[inside] = np.asarray(unit_row)[inside], np.asarray(unit_col)[inside]
    return row, col
