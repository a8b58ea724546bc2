"""Per-patch sums that need the patch-id raster: gyration, contiguity and circumscribing circles."""

from __future__ import annotations

from typing import Optional

import numpy as np

from ..patches import CHUNK, labelled_sum

CONTIG_TEMPLATE_SUM = 13  # 1 (centre) + 4 x 2 (orthogonal) + 4 x 1 (diagonal)
PAIR_BUDGET = 1 << 20  # point pairs per batch of patches in corner_diameters (8 MB per float64 array)


def gyration_sum(
    g: np.ndarray, row0: int, n: int, cy: np.ndarray, cx: np.ndarray, dx_m: float, dy_m: float,
    scale: Optional[tuple[np.ndarray, np.ndarray]] = None,
) -> np.ndarray:
    """Σ distance (m) from each cell centre to its patch centre, per patch id (index 0 unused).

    ``cy``/``cx`` are centres in cell units indexed by patch id. ``scale`` None: cells of ``dx_m`` by
    ``dy_m``. On a geographic raster ``scale = (edge_h_m, northing_m)`` per row boundary (the east-west
    length of a cell side and the meridian distance from the top edge): the north-south offset is the
    meridian distance between the two latitudes, the east-west one uses the cell width at their mean
    row (local per-row scale, exact to well under 0.1 % over a patch's extent).
    """
    h, w = g.shape
    out = np.zeros(n)
    rows_per_chunk = max(1, CHUNK // max(w, 1))
    cols = np.arange(w, dtype=np.float64)
    if scale is not None:
        edge_h, northing = scale
        bounds = np.arange(edge_h.size, dtype=np.float64)
        y_at = lambda t: np.interp(t + 0.5, bounds, northing)  # noqa: E731  (t: fractional row)
        w_at = lambda t: np.interp(t + 0.5, bounds, edge_h)  # noqa: E731
    for r in range(0, h, rows_per_chunk):
        block = g[r : r + rows_per_chunk]
        rows = np.arange(row0 + r, row0 + r + block.shape[0], dtype=np.float64)[:, None]
        if scale is None:
            ddy = (rows - cy[block]) * dy_m
            ddx = (cols[None, :] - cx[block]) * dx_m
        else:
            c_row = cy[block]
            ddy = y_at(rows) - y_at(c_row)
            ddx = (cols[None, :] - cx[block]) * w_at(0.5 * (rows + c_row))
        np.multiply(ddy, ddy, out=ddy)
        np.multiply(ddx, ddx, out=ddx)
        ddy += ddx
        np.sqrt(ddy, out=ddy)
        out += np.bincount(block.reshape(-1), weights=ddy.reshape(-1), minlength=n)[:n]
    return out


def contiguity_sum(g_ext: np.ndarray, n: int) -> np.ndarray:
    """Σ of the FRAGSTATS 3x3 contiguity template over each patch (centre 1, sides 2, corners 1).

    ``g_ext`` has one halo row above and below; cells outside the raster are 0.
    """
    h = g_ext.shape[0] - 2
    g = g_ext[1:-1]
    w = g.shape[1]
    pad = np.zeros((h + 2, w + 2), dtype=g_ext.dtype)
    pad[:, 1:-1] = g_ext
    t = np.ones(g.shape, dtype=np.uint8)
    for dy, dx, weight in ((-1, 0, 2), (1, 0, 2), (0, -1, 2), (0, 1, 2), (-1, -1, 1), (-1, 1, 1), (1, -1, 1), (1, 1, 1)):
        same = pad[1 + dy : 1 + dy + h, 1 + dx : 1 + dx + w] == g
        t += same.astype(np.uint8) * np.uint8(weight)
    return labelled_sum(g, n, t)


def row_extremes(g: np.ndarray, row0: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per (patch, row): leftmost and rightmost cell, as arrays ``ids, rows, col_min, col_max``."""
    h, w = g.shape
    start = np.empty(g.shape, dtype=bool)
    start[:, 0] = True
    np.not_equal(g[:, 1:], g[:, :-1], out=start[:, 1:])
    end = np.empty(g.shape, dtype=bool)
    end[:, -1] = True
    end[:, :-1] = start[:, 1:]
    s_idx = np.flatnonzero(start)
    e_idx = np.flatnonzero(end)
    ids = g.reshape(-1)[s_idx]
    fg = ids > 0
    ids, s_idx, e_idx = ids[fg], s_idx[fg], e_idx[fg]
    rows, c0 = np.divmod(s_idx, w)
    c1 = e_idx % w
    # runs are in raster order: group consecutive (id, row) keys after sorting by id then row
    order = np.lexsort((c0, rows, ids))
    ids, rows, c0, c1 = ids[order], rows[order], c0[order], c1[order]
    key_change = np.ones(ids.size, dtype=bool)
    key_change[1:] = (ids[1:] != ids[:-1]) | (rows[1:] != rows[:-1])
    first = np.flatnonzero(key_change)
    last = np.r_[first[1:], ids.size] - 1
    ids, rows, c0, c1 = ids[first], rows[first] + row0, c0[first], c1[last]
    # keep only rows that can hold hull corners: a record from the top (bottom) of the whole patch is
    # a record within this strip too, so filtering here keeps every candidate and bounds memory
    start = np.r_[True, ids[1:] != ids[:-1]]
    end = np.r_[ids[1:] != ids[:-1], True]
    keep = _records(c0, start, end, smaller=True) | _records(c1, start, end, smaller=False)
    as32 = lambda a: a[keep].astype(np.int32)  # noqa: E731
    return as32(ids), as32(rows), as32(c0), as32(c1)


def corner_diameters(
    ids: np.ndarray, rows: np.ndarray, col_min: np.ndarray, col_max: np.ndarray, n: int, dx_m: float, dy_m: float
) -> np.ndarray:
    """Longest distance (m) between two cell corners of each patch (index = patch id).

    FRAGSTATS's CIRCLE divides by the circle with this diameter (its output on the
    test landscape matches it, not the smallest enclosing circle). Only the outer
    corners of each row's leftmost and rightmost cells can be farthest apart, and of
    those only the rows whose leftmost (rightmost) cell sets a new record from the top
    or from the bottom can lie on the convex hull; the farthest pair among those is
    found by batched pairwise distances, patches grouped by their number of points.
    """
    order = np.lexsort((rows, ids))
    ids, rows, col_min, col_max = ids[order], rows[order], col_min[order], col_max[order]
    diameter = np.zeros(n)
    if ids.size == 0:
        return diameter
    group_start = np.r_[True, ids[1:] != ids[:-1]]
    group_end = np.r_[ids[1:] != ids[:-1], True]
    keep_left = _records(col_min, group_start, group_end, smaller=True)
    keep_right = _records(col_max, group_start, group_end, smaller=False)
    # corner points in cell units relative to each patch's first row and leftmost column, laid out
    # patch by patch (entries are sorted by patch) without a sort: 2 corners per kept left/right end
    group = np.cumsum(group_start) - 1
    base_row = rows[np.flatnonzero(group_start)][group]
    base_col = np.minimum.reduceat(col_min, np.flatnonzero(group_start))[group]
    n_left = keep_left.astype(np.int64) * 2
    count = n_left + keep_right * 2
    offset = np.cumsum(count) - count
    total = int(count.sum())
    x = np.empty(total, dtype=np.int32)
    y = np.empty(total, dtype=np.int32)
    r = (rows - base_row).astype(np.int32)
    for keep, col, first in ((keep_left, col_min, offset), (keep_right, col_max + 1, offset + n_left)):
        at = first[keep]
        cx = (col - base_col)[keep].astype(np.int32)
        for drow in (0, 1):
            x[at + drow] = cx
            y[at + drow] = r[keep] + drow
    pid = np.repeat(ids, count)
    starts = np.flatnonzero(np.r_[True, pid[1:] != pid[:-1]])
    sizes = np.diff(np.r_[starts, pid.size])
    for lo, hi in ((1, 16), (17, 64), (65, 160)):
        sel = starts[(sizes >= lo) & (sizes <= hi)]
        for chunk in np.array_split(sel, max(1, sel.size * hi * hi // PAIR_BUDGET + 1)):
            if chunk.size == 0:
                continue
            k = np.arange(hi)
            cnt = sizes[np.searchsorted(starts, chunk)]
            idx = chunk[:, None] + np.minimum(k[None, :], cnt[:, None] - 1)  # pad with repeats of the last point
            px, py = x[idx] * dx_m, y[idx] * dy_m
            d2 = px[:, :, None] - px[:, None, :]
            np.square(d2, out=d2)
            dy2 = py[:, :, None] - py[:, None, :]
            np.square(dy2, out=dy2)
            d2 += dy2
            del dy2
            diameter[pid[chunk]] = np.sqrt(d2.max(axis=(1, 2)))
    for a in starts[sizes > 160]:
        b = a + np.searchsorted(pid[a:], pid[a], side="right")
        hull = np.array(_hull(np.unique(np.stack([x[a:b] * dx_m, y[a:b] * dy_m], axis=1), axis=0)))
        rows_per_block = max(1, PAIR_BUDGET // len(hull))
        best = 0.0
        for i in range(0, len(hull), rows_per_block):
            diff = hull[i : i + rows_per_block, None, :] - hull[None, :, :]
            best = max(best, float((diff**2).sum(axis=-1).max()))
        diameter[pid[a]] = np.sqrt(best)
    return diameter


def _records(values: np.ndarray, group_start: np.ndarray, group_end: np.ndarray, smaller: bool) -> np.ndarray:
    """Per group (patch), the rows whose value is a strict new minimum (or maximum) seen from the top or
    from the bottom: the only rows whose outer corners can be hull vertices."""
    v = values.astype(np.float64) if smaller else -values.astype(np.float64)
    from_top = _earlier_min(v, group_start)
    from_bottom = _earlier_min(v[::-1], group_end[::-1])[::-1]
    return (v < from_top) | (v < from_bottom)


def _earlier_min(v: np.ndarray, group_start: np.ndarray) -> np.ndarray:
    """Minimum of the earlier values within each group (+inf for a group's first value)."""
    # shift each group below all earlier ones so that one running minimum serves every group
    offset = np.cumsum(group_start) * (np.abs(v).max() * 4.0 + 4.0)
    shifted = v - offset
    out = np.empty_like(v)
    out[0] = np.inf
    out[1:] = np.minimum.accumulate(shifted)[:-1] + offset[1:]
    out[group_start] = np.inf
    return out


def _hull(points: np.ndarray) -> list[tuple[float, float]]:
    """Convex hull (monotone chain) of unique, sorted points."""
    pts = [tuple(p) for p in points.tolist()]
    if len(pts) <= 2:
        return pts

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list = []
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]
