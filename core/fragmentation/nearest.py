"""Euclidean nearest-neighbour distance (ENN) and proximity index (PROX) without all-pairs search.

Distances are edge to edge between cell centres (FRAGSTATS).

ENN by a *column scan*: columns are collapsed into vertical runs of equal patch id,
so that for any cell the nearest cell of class c with a patch id other than P above
or below it in its column is found in O(1) (the nearest class-c run, or the one
before it when that run belongs to P). The closest pair of two patches can always be
taken either in one column (found from the patch's vertical run ends) or from the
end of one of the patch's row runs towards the other patch (moving along the run
towards the other patch would shorten the distance). So each row-run end scans
columns outwards, one column per step, combining the horizontal offset with the
vertical distance in that column, and stops as soon as the horizontal offset alone
exceeds the best distance found for its patch. The work grows with the number of
run ends times the ENN in cells: near-linear, no all-pairs search.

The cost is one lookup per run end and column: the run under the end's cell, then that run's
row of the class table (labels and rows of the nearest class cells above and below, 16 bytes).
The window is laid out column-major and the run ends kept in column-major order, so both
lookups of a step read memory in increasing order, and ends that leave the window are cut from
the head or the tail of the list.

Strip by strip, the scan sees the strip plus a halo of rows; a distance no longer than
the halo is exact. Patches whose nearest neighbour lies farther (or in no strip) are
settled by distance transforms in growing windows around them.

On a geographic grid (``geometry`` given) the scan measures with the local scale of
:meth:`CellGeometry.local_distance_m` (meridian arc between the rows, east–west width at
their mean latitude: within 2.3e-4 of the geodesic at 800 km, 1e-9 at a few km), looks
both up and down each column (the nearer row in cells is not always the nearer in metres)
and stops a run end once the column offset times the narrowest cell of the window
exceeds the best distance. The window searches and PROX take candidate cells from a
distance transform at the window's central scale and measure them with ``Geod.inv``.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Callable, Optional

import numpy as np
from scipy import ndimage as ndi

if TYPE_CHECKING:
    from ..landcover import CellGeometry

WindowReader = Callable[[int, int, int, int], np.ndarray]


class ColumnRuns:
    """Vertical runs of equal patch id in every column of a window of the patch-id raster.

    Everything is column-major: ``ids_cm[col * height + row]`` is the patch id of a cell and ``run_of`` the
    index of its run (runs are numbered column by column, top to bottom), so that the scan, which keeps its
    run ends in column-major order and moves them a whole column at a time, reads both in increasing order.
    """

    def __init__(self, g: np.ndarray, cls_of: np.ndarray) -> None:
        self.height, self.width = g.shape
        self.ids_cm = np.ascontiguousarray(g.T).reshape(-1)
        flat = self.ids_cm
        start = np.empty(flat.size, dtype=bool)
        start[0] = True
        np.not_equal(flat[1:], flat[:-1], out=start[1:])
        start[:: self.height] = True
        first = np.flatnonzero(start)
        self.run_of = np.cumsum(start, dtype=np.int32)
        self.run_of -= 1
        del start
        last = np.r_[first[1:], flat.size] - 1
        self.label = flat[first].astype(np.int64)
        self.cls = cls_of[self.label]
        self.col = (first // self.height).astype(np.int32)
        self.top = (first % self.height).astype(np.int64)
        self.bottom = (last % self.height).astype(np.int64)
        self.n = first.size


def table_dtype(height: int) -> np.dtype:
    """One row of :func:`class_table`: 16 bytes while rows fit in int16 (numpy gathers 16-byte items fastest)."""
    rows = np.int16 if 2 * height + 1 <= np.iinfo(np.int16).max else np.int32
    return np.dtype([("label_up", np.int32), ("label_down", np.int32), ("row_up", rows), ("row_up2", rows),
                     ("row_down", rows), ("row_down2", rows)])


def class_table(runs: ColumnRuns, c: int) -> tuple[np.ndarray, tuple]:
    """For class c, per run: the nearest class-c cells above and below, and the next ones of another patch.

    Returns ``(table, own)``: ``table`` (:func:`table_dtype`, indexed by run) holds the label and bottom row of
    the nearest class-c run at or above (``label_up``, ``row_up``), the bottom row of the nearest one above
    that with another label (``row_up2``), then the same below (top rows). Where there is none the label is 0
    and the row lies beyond the window: ``-(height + 1)`` above, ``2 * height + 1`` below. ``own`` describes
    the class-c runs (run index, label, previous and next run of another label among them).
    """
    h = runs.height
    idx = np.flatnonzero(runs.cls == c)
    k = np.arange(idx.size)
    col = runs.col[idx]
    label = runs.label[idx]
    pos = np.full(runs.n, -1, dtype=np.int64)
    pos[idx] = k
    up = np.maximum.accumulate(pos)
    down = np.where(pos >= 0, pos, idx.size)
    down = np.minimum.accumulate(down[::-1])[::-1]
    up_ok = (up >= 0) & (col[np.maximum(up, 0)] == runs.col)
    down_ok = (down < idx.size) & (col[np.minimum(down, idx.size - 1)] == runs.col)
    up = np.where(up_ok, up, -1)
    down = np.where(down_ok, down, -1)
    # among the class-c runs of a column, the nearest one above / below with another label
    change = np.ones(idx.size, dtype=bool)
    change[1:] = (label[1:] != label[:-1]) | (col[1:] != col[:-1])
    group_start = np.maximum.accumulate(np.where(change, k, 0))
    end_change = np.ones(idx.size, dtype=bool)
    end_change[:-1] = change[1:]
    group_end = np.minimum.accumulate(np.where(end_change, k, idx.size)[::-1])[::-1]
    prev, nxt = group_start - 1, group_end + 1
    prev = np.where((prev >= 0) & (col[np.maximum(prev, 0)] == col), prev, -1)
    nxt = np.where((nxt < idx.size) & (col[np.minimum(nxt, idx.size - 1)] == col), nxt, -1)
    bottom = np.append(runs.bottom[idx], -(h + 1))  # index -1 → none above
    top = np.append(runs.top[idx], 2 * h + 1)  # index -1 → none below
    labels = np.append(label, 0)
    table = np.empty(runs.n, dtype=table_dtype(h))
    table["label_up"] = labels[up]
    table["row_up"] = bottom[up]
    table["row_up2"] = bottom[np.append(prev, -1)[up]]
    table["label_down"] = labels[down]
    table["row_down"] = top[down]
    table["row_down2"] = top[np.append(nxt, -1)[down]]
    return table, (idx, label, prev, nxt)


def nearest_rows(t: np.ndarray, patch: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows of the nearest class cells above and below not in ``patch``, from table rows ``t`` (one per cell)."""
    above = np.where(t["label_up"] == patch, t["row_up2"], t["row_up"]).astype(np.int32, copy=False)
    below = np.where(t["label_down"] == patch, t["row_down2"], t["row_down"]).astype(np.int32, copy=False)
    return above, below


def column_scan(
    g: np.ndarray,
    cls_of: np.ndarray,
    row_lo: int,
    row_hi: int,
    dx_m: float,
    dy_m: float,
    best: np.ndarray,
    wanted: np.ndarray,
    geometry: "Optional[CellGeometry]" = None,
    row0: int = 0,
) -> None:
    """Lower ``best[id-1]`` (m) for the patches with cells in rows ``row_lo..row_hi-1`` of window ``g``.

    ``wanted[id]`` is False for patches whose ENN is not needed (alone in their class). On a geographic
    grid pass its ``geometry`` and ``row0``, the map row of the window's first row.
    """
    geo = None if geometry is None or geometry.uniform else (geometry, row0)
    runs = ColumnRuns(g, cls_of)
    h, w = g.shape
    by_id = np.concatenate(([np.inf], best))  # indexed by patch id: no "id - 1" in the loops
    cm = runs.ids_cm
    across = cm[h:] != cm[:-h]  # cell (row, col) against (row, col + 1), at index col * h + row
    ends = {}
    for sign in (1, -1):
        mask = np.ones(w * h, dtype=bool)  # the last (first) column ends every row run
        if sign > 0:
            mask[: (w - 1) * h] = across
        else:
            mask[h:] = across
        flat = np.flatnonzero(mask.reshape(w, h)[:, row_lo:row_hi])  # column-major order
        n_rows = row_hi - row_lo
        rows = (flat % n_rows + row_lo).astype(np.int32)
        pos = (flat // n_rows) * h + rows
        ids = cm[pos].astype(np.int64)
        keep = wanted[ids]
        ends[sign] = (rows[keep], pos[keep], ids[keep].astype(np.int32))  # the class table's label type
    for c in np.unique(cls_of[np.flatnonzero(wanted)]):
        _scan_class(runs, int(c), ends, cls_of, row_lo, row_hi, dx_m, dy_m, by_id, wanted, geo)
    best[:] = by_id[1:]


def _scan_class(runs, c, ends, cls_of, row_lo, row_hi, dx_m, dy_m, best, wanted, geo=None) -> None:
    """Column scan of the patches of class ``c`` (``best`` indexed by patch id)."""
    if not (runs.cls == c).any():
        return  # no cell of the class in this window (class_table needs one)
    table, (idx, label, prev, nxt) = class_table(runs, c)
    # same column: from each class-c run end to the nearest run of another patch above / below
    for other, above in ((prev, True), (nxt, False)):
        ok = (other >= 0) & wanted[label]
        runs_ok, others = idx[ok], idx[other[ok]]
        gap = runs.top[runs_ok] - runs.bottom[others] if above else runs.top[others] - runs.bottom[runs_ok]
        touch = _rows_touch(runs.top[runs_ok], runs.bottom[runs_ok], row_lo, row_hi)
        if geo is None:
            _lower(best, label[ok][touch], gap[touch] * dy_m)
        else:
            y, row0 = geo[0].row_y_m, geo[1]  # class-c runs lie inside the map, never in halo rows beyond it
            near, far = (runs.top[runs_ok], runs.bottom[others]) if above else (runs.top[others], runs.bottom[runs_ok])
            _lower(best, label[ok][touch], np.abs(y[near + row0] - y[far + row0])[touch])
    for sign in (1, -1):
        rows, pos, ids = ends[sign]
        sel = cls_of[ids] == c
        _scan_row_ends(runs, table, rows[sel], pos[sel], ids[sel], sign, dx_m, dy_m, best, geo)


def _scan_row_ends(runs: ColumnRuns, table: np.ndarray, rows: np.ndarray, pos: np.ndarray, ids: np.ndarray,
                   sign: int, dx_m: float, dy_m: float, best: np.ndarray, geo=None) -> None:
    """Move row-run ends (column-major positions ``pos``, in increasing order) column by column, lowering
    ``best[id]``, until the column offset alone is no shorter than their patch's best distance."""
    h, w = runs.height, runs.width
    end = w * h
    pos = pos.astype(np.int64 if end >= 2**31 else np.int32)
    cap = h + 1  # a gap of the window's height or more: nothing in that column
    rows_m = np.arange(cap + 1) * dy_m
    if geo is not None:
        geometry, row0 = geo
        dx_min = float(geometry.row_dx_m[max(row0, 0) : row0 + h].min())
    step = 1
    while rows.size:
        pos += sign * h
        # ends that left the window are at the tail (moving right) or the head (moving left)
        if sign > 0 and pos[-1] >= end:
            cut = int(np.searchsorted(pos, end))
            rows, pos, ids = rows[:cut], pos[:cut], ids[:cut]
        elif sign < 0 and pos[0] < 0:
            cut = int(np.searchsorted(pos, 0))
            rows, pos, ids = rows[cut:], pos[cut:], ids[cut:]
        if rows.size == 0:
            break
        t = np.take(table, np.take(runs.run_of, pos))
        above, below = nearest_rows(t, ids)
        if geo is None:
            below -= rows
            gap = np.subtract(rows, above, out=above)
            np.minimum(gap, below, out=gap)  # both ≤ 0 in a cell of another patch of the class
            np.maximum(gap, 0, out=gap)
            np.minimum(gap, cap, out=gap)
            per_gap = np.hypot(step * dx_m, rows_m)
            per_gap[cap] = np.inf
            dist = np.take(per_gap, gap)
        else:
            dist = _geographic_gap(above, below, rows, step, geometry, row0, h)
        cur = np.take(best, ids)
        better = dist < cur
        if better.any():
            np.minimum.at(best, ids[better], dist[better])
            np.minimum(cur, dist, out=cur)
        step += 1
        # ``cur`` misses what other ends of the patch found in this step: they stop an end a step later
        keep = cur > step * (dx_m if geo is None else dx_min)
        if not keep.all():
            rows, pos, ids = rows[keep], pos[keep], ids[keep]


def _geographic_gap(above: np.ndarray, below: np.ndarray, rows: np.ndarray, step: int, geometry: "CellGeometry",
                    row0: int, height: int) -> np.ndarray:
    """Local-scale distance (m) from row ``rows`` to the nearest cell ``above`` and ``below``, ``step`` columns away."""
    dist = np.full(rows.shape, np.inf)
    for other in (above, below):
        ok = (other >= 0) & (other < height)
        if ok.any():
            d = geometry.local_distance_m(rows[ok].astype(np.int64) + row0, 0, other[ok].astype(np.int64) + row0, step)
            dist[ok] = np.minimum(dist[ok], d)
    return dist


def _rows_touch(tops: np.ndarray, bottoms: np.ndarray, row_lo: int, row_hi: int) -> np.ndarray:
    """True for vertical runs that have a cell in rows ``row_lo..row_hi-1``."""
    return (bottoms >= row_lo) & (tops < row_hi)


def _lower(best: np.ndarray, index: np.ndarray, value: np.ndarray) -> None:
    """``best[index] = min(best[index], value)`` with repeated indices."""
    better = value < best[index]
    if better.any():
        np.minimum.at(best, index[better], value[better])


def _patch_window(
    patch_id: int, cls: np.ndarray, bbox: tuple[int, int, int, int], read_window: WindowReader,
    shape: tuple[int, int], margin_m: float, dx_m: float, dy_m: float, geometry: "Optional[CellGeometry]" = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int, bool, int]:
    """The patch's bounding box grown by ``margin_m``: patch ids, own cells, cells of other patches of its
    class, the window's first row, whether the window is the whole raster, and its first column.

    On a geographic grid the margin in cells uses the shortest cell height and the narrowest cell width of
    the rows it may reach, so the window holds every cell within ``margin_m``.
    """
    height, width = shape
    r0, r1, c0, c1 = bbox
    if geometry is None:
        my, mx = int(math.ceil(margin_m / dy_m)), int(math.ceil(margin_m / dx_m))
    else:
        my = int(math.ceil(margin_m / float(geometry.edge_v_m.min())))
        rows = slice(max(r0 - my, 0), min(r1 + 1 + my, height))
        mx = int(math.ceil(margin_m / float(geometry.row_dx_m[rows].min())))
    wr0, wr1 = max(r0 - my, 0), min(r1 + 1 + my, height)
    wc0, wc1 = max(c0 - mx, 0), min(c1 + 1 + mx, width)
    g = read_window(wr0, wr1, wc0, wc1)
    own = g == patch_id
    foreign = (cls[g] == cls[patch_id]) & ~own & (g > 0)
    whole = wr0 == 0 and wc0 == 0 and wr1 == height and wc1 == width
    return g, own, foreign, wr0, whole, wc0


def _window_scale(geometry: "CellGeometry", wr0: int, wr1: int) -> tuple[float, float, float]:
    """Cell height and width (m) at the centre row of map rows ``wr0..wr1-1``, and the ratio of the widest
    cell width of those rows to the narrowest, less one (how far the central scale can be off)."""
    dxr = geometry.row_dx_m[wr0:wr1]
    mid = (wr0 + wr1 - 1) // 2
    return float(geometry.edge_v_m[mid]), float(geometry.row_dx_m[mid]), float(dxr.max() / dxr.min() - 1.0)


def window_search(
    patch_id: int,
    cls: np.ndarray,
    bbox: tuple[int, int, int, int],
    read_window: WindowReader,
    shape: tuple[int, int],
    dx_m: float,
    dy_m: float,
    start_margin_m: float,
    geometry: "Optional[CellGeometry]" = None,
) -> float:
    """Exact ENN of one patch by distance transforms in growing windows (NaN if it has no neighbour).

    Geographic grid: candidate pairs are, for each own cell, its nearest foreign cell by the distance
    transform at the window's central scale and, for each foreign cell within that distance (widened by the
    scale's spread in the window), its nearest own cell; ENN is the least ``Geod.inv`` distance of these pairs.
    """
    geo = geometry if geometry is not None and not geometry.uniform else None
    margin = start_margin_m
    while True:
        _g, own, foreign, row0, whole, col0 = _patch_window(
            patch_id, cls, bbox, read_window, shape, margin, dx_m, dy_m, geo)
        if foreign.any():
            if geo is None:
                dist = ndi.distance_transform_edt(~foreign, sampling=(dy_m, dx_m))
                best = float(dist[own].min())
            else:
                best = _geodesic_nearest(own, foreign, row0, col0, geo)
            if best <= margin or whole:
                return best
        elif whole:
            return float("nan")
        margin *= 2


def _geodesic_nearest(own: np.ndarray, foreign: np.ndarray, row0: int, col0: int, geometry: "CellGeometry") -> float:
    """Least geodesic distance (m) between own and foreign cells of a window, over the candidate pairs."""
    dy_c, dx_c, spread = _window_scale(geometry, row0, row0 + own.shape[0])
    dist_f, (fr, fc) = ndi.distance_transform_edt(~foreign, sampling=(dy_c, dx_c), return_indices=True)
    orow, ocol = np.nonzero(own)
    pairs = [(orow, ocol, fr[orow, ocol], fc[orow, ocol])]
    reach = float(dist_f[own].min()) * (1.0 + 2.0 * spread) * (1 + 1e-9)
    dist_o, (or_, oc) = ndi.distance_transform_edt(~own, sampling=(dy_c, dx_c), return_indices=True)
    frow, fcol = np.nonzero(foreign & (dist_o <= reach))
    pairs.append((or_[frow, fcol], oc[frow, fcol], frow, fcol))
    best = np.inf
    for r1, c1, r2, c2 in pairs:
        if r1.size:
            d = geometry.distance_m(r1 + row0 + 0.5, c1 + col0 + 0.5, r2 + row0 + 0.5, c2 + col0 + 0.5)
            best = min(best, float(d.min()))
    return best


def proximity(
    patch_id: int,
    cls: np.ndarray,
    bbox: tuple[int, int, int, int],
    read_window: WindowReader,
    shape: tuple[int, int],
    dx_m: float,
    dy_m: float,
    radius_m: float,
    row_area_m2: np.ndarray,
    geometry: "Optional[CellGeometry]" = None,
) -> float:
    """PROX of one patch: Σ over same-class patches within ``radius_m`` of (area within radius) / distance².

    The area of a neighbour is the part of it within the search radius of the focal
    patch (FRAGSTATS: "area of patch ijs within specified neighborhood of patch ij").
    Geographic grid: each foreign cell within the radius (widened by the scale's spread in the window) at
    the window's central scale is measured with ``Geod.inv`` to its nearest own cell by the distance transform.
    """
    geo = geometry if geometry is not None and not geometry.uniform else None
    g, own, foreign, wr0, _whole, wc0 = _patch_window(
        patch_id, cls, bbox, read_window, shape, radius_m, dx_m, dy_m, geo)
    if not foreign.any():
        return 0.0
    if geo is None:
        dist = ndi.distance_transform_edt(~own, sampling=(dy_m, dx_m))
        near = foreign & (dist <= radius_m * (1 + 1e-12))
        d_near = dist[near]
    else:
        dy_c, dx_c, spread = _window_scale(geo, wr0, wr0 + g.shape[0])
        dist, (orow, ocol) = ndi.distance_transform_edt(~own, sampling=(dy_c, dx_c), return_indices=True)
        cand = foreign & (dist <= radius_m * (1.0 + 2.0 * spread) * (1 + 1e-9))
        fr, fc = np.nonzero(cand)
        d_geo = geo.distance_m(fr + wr0 + 0.5, fc + wc0 + 0.5, orow[fr, fc] + wr0 + 0.5, ocol[fr, fc] + wc0 + 0.5)
        ok = d_geo <= radius_m * (1 + 1e-12)
        near = np.zeros_like(cand)
        near[fr[ok], fc[ok]] = True
        d_near = np.zeros(g.shape)
        d_near[fr[ok], fc[ok]] = d_geo[ok]
        d_near = d_near[near]
    if not near.any():
        return 0.0
    ids, inverse = np.unique(g[near], return_inverse=True)
    rows = np.nonzero(near)[0] + wr0
    area = np.bincount(inverse, weights=row_area_m2[rows])
    d_min = np.full(ids.size, np.inf)
    np.minimum.at(d_min, inverse, d_near)
    return float(np.sum(area / d_min**2))
