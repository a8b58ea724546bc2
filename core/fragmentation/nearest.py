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


NONE_ABOVE = -(1 << 30)
NONE_BELOW = 1 << 30


class ColumnRuns:
    """Vertical runs of equal patch id in every column of a window of the patch-id raster."""

    def __init__(self, g: np.ndarray, cls_of: np.ndarray) -> None:
        self.height, self.width = g.shape
        flat = np.ascontiguousarray(g.T).reshape(-1)  # column-major: each column is contiguous
        start = np.empty(flat.size, dtype=bool)
        start[0] = True
        np.not_equal(flat[1:], flat[:-1], out=start[1:])
        start[:: self.height] = True
        first = np.flatnonzero(start)
        run_of_cm = np.cumsum(start, dtype=np.int32)
        run_of_cm -= 1
        # run index of every cell, row-major, so that a row's successive columns are close in memory
        self.run_of = np.ascontiguousarray(run_of_cm.reshape(self.width, self.height).T).reshape(-1)
        del run_of_cm, start
        last = np.r_[first[1:], flat.size] - 1
        self.label = flat[first].astype(np.int64)
        self.cls = cls_of[self.label]
        self.col = (first // self.height).astype(np.int32)
        self.top = (first % self.height).astype(np.int64)
        self.bottom = (last % self.height).astype(np.int64)
        self.n = first.size


def class_table(runs: ColumnRuns, c: int) -> tuple[np.ndarray, np.ndarray]:
    """For class c, per run: the nearest class-c cells above and below, and the next ones of another patch.

    Returns ``(table, own)``: ``table`` is six int32 arrays indexed by run: label and bottom row of the
    nearest class-c run at or above, the bottom row of the nearest one above that with another label,
    then the same below (top rows); rows are sentinels when there is none. ``own`` describes the
    class-c runs (run index, label, previous and next run of another label among them).
    """
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
    bottom = np.append(runs.bottom[idx], NONE_ABOVE).astype(np.int32)  # index -1 → sentinel
    top = np.append(runs.top[idx], NONE_BELOW).astype(np.int32)
    labels = np.append(label, 0).astype(np.int32)
    table = (
        labels[up],
        bottom[up],
        bottom[np.append(prev, -1)[up]],
        labels[down],
        top[down],
        top[np.append(nxt, -1)[down]],
    )
    return table, (idx, label, prev, nxt)


def vertical_gap(table: tuple, at: np.ndarray, rows: np.ndarray, patch: np.ndarray) -> np.ndarray:
    """Rows from ``rows`` to the nearest cell of the class in the run's column that is not in ``patch``."""
    label_up, bottom_up, bottom_up2, label_down, top_down, top_down2 = table
    above = np.where(np.take(label_up, at) != patch, np.take(bottom_up, at), np.take(bottom_up2, at))
    below = np.where(np.take(label_down, at) != patch, np.take(top_down, at), np.take(top_down2, at))
    gap_up = rows - above
    gap_down = below - rows
    np.maximum(gap_up, 0, out=gap_up)
    np.maximum(gap_down, 0, out=gap_down)
    return np.minimum(gap_up, gap_down)


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
    core = g[row_lo:row_hi]
    right = np.zeros(core.shape, dtype=bool)
    np.not_equal(core[:, :-1], core[:, 1:], out=right[:, :-1])
    right[:, -1] = True
    left = np.zeros(core.shape, dtype=bool)
    left[:, 1:] = right[:, :-1]
    left[:, 0] = True
    ends = {}
    for sign, mask in ((1, right), (-1, left)):
        flat = np.flatnonzero(mask)
        ids = core.reshape(-1)[flat].astype(np.int64)
        keep = wanted[ids]
        flat, ids = flat[keep], ids[keep]
        ends[sign] = ((flat // w + row_lo).astype(np.int32), (flat % w).astype(np.int32), ids.astype(np.int32))
    for c in np.unique(cls_of[np.flatnonzero(wanted)]):
        _scan_class(runs, int(c), ends, cls_of, row_lo, row_hi, dx_m, dy_m, best, wanted, geo)


def _scan_class(runs, c, ends, cls_of, row_lo, row_hi, dx_m, dy_m, best, wanted, geo=None) -> None:
    """Column scan of the patches of class ``c``."""
    w = runs.width
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
            _lower(best, label[ok][touch] - 1, gap[touch] * dy_m)
        else:
            y, row0 = geo[0].row_y_m, geo[1]  # class-c runs lie inside the map, never in halo rows beyond it
            near, far = (runs.top[runs_ok], runs.bottom[others]) if above else (runs.top[others], runs.bottom[runs_ok])
            _lower(best, label[ok][touch] - 1, np.abs(y[near + row0] - y[far + row0])[touch])
    if geo is not None:
        geometry, row0 = geo
        dx_min = float(geometry.row_dx_m[max(row0, 0) : row0 + runs.height].min())
    for sign in (1, -1):
        rows, cols, ids = ends[sign]
        sel = cls_of[ids] == c
        rows, cols, ids = rows[sel], cols[sel], ids[sel]
        base = rows.astype(np.int64) * w + cols
        step = 1
        while rows.size:
            target = cols + sign * step
            inside = (target >= 0) & (target < w)
            if not inside.all():
                rows, cols, ids, base = rows[inside], cols[inside], ids[inside], base[inside]
                if rows.size == 0:
                    break
            at = runs.run_of[base + sign * step]
            if geo is None:
                gap = vertical_gap(table, at, rows, ids)
                dist = np.hypot(step * dx_m, gap * dy_m)
            else:
                dist = _geographic_gap(table, at, rows, ids, step, geometry, row0, runs.height)
            _lower(best, ids - 1, dist)
            step += 1
            keep = step * (dx_m if geo is None else dx_min) < best[ids - 1]
            if not keep.all():
                rows, cols, ids, base = rows[keep], cols[keep], ids[keep], base[keep]


def _geographic_gap(table: tuple, at: np.ndarray, rows: np.ndarray, patch: np.ndarray, step: int,
                    geometry: "CellGeometry", row0: int, height: int) -> np.ndarray:
    """Local-scale distance (m) from row ``rows`` to the nearest cell above and below, ``step`` columns away."""
    label_up, bottom_up, bottom_up2, label_down, top_down, top_down2 = table
    above = np.where(np.take(label_up, at) != patch, np.take(bottom_up, at), np.take(bottom_up2, at))
    below = np.where(np.take(label_down, at) != patch, np.take(top_down, at), np.take(top_down2, at))
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
