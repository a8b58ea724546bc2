"""Per-patch sums that need the patch-id raster: gyration, contiguity and circumscribing circles."""

from __future__ import annotations

import numpy as np

from ..patches import CHUNK, labelled_sum

CONTIG_TEMPLATE_SUM = 13  # 1 (centre) + 4 x 2 (orthogonal) + 4 x 1 (diagonal)


def gyration_sum(
    g: np.ndarray, row0: int, n: int, cy: np.ndarray, cx: np.ndarray, dx_m: float, dy_m: float
) -> np.ndarray:
    """Σ distance (m) from each cell centre to its patch centroid, per patch id (index 0 unused).

    ``cy``/``cx`` are centroids in cell units indexed by patch id.
    """
    h, w = g.shape
    out = np.zeros(n)
    rows_per_chunk = max(1, CHUNK // max(w, 1))
    cols = np.arange(w, dtype=np.float64)
    for r in range(0, h, rows_per_chunk):
        block = g[r : r + rows_per_chunk]
        rows = np.arange(row0 + r, row0 + r + block.shape[0], dtype=np.float64)[:, None]
        ddy = (rows - cy[block]) * dy_m
        ddx = (cols[None, :] - cx[block]) * dx_m
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
    return ids[first], rows[first] + row0, c0[first], c1[last]


def corner_diameters(
    ids: np.ndarray, rows: np.ndarray, col_min: np.ndarray, col_max: np.ndarray, n: int, dx_m: float, dy_m: float
) -> np.ndarray:
    """Longest distance (m) between two cell corners of each patch (index = patch id).

    FRAGSTATS's CIRCLE divides by the circle with this diameter (its output on the
    test landscape matches it, not the smallest enclosing circle). Only the corners
    of each row's leftmost and rightmost cells can be farthest apart; patches of up
    to four rows are done in one batch, taller ones through their convex hull.
    """
    order = np.lexsort((rows, ids))
    ids, rows, col_min, col_max = ids[order], rows[order], col_min[order], col_max[order]
    diameter = np.zeros(n)
    if ids.size == 0:
        return diameter
    starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
    heights = np.diff(np.r_[starts, ids.size])
    for k in range(1, 5):
        sel = starts[heights == k]
        if sel.size == 0:
            continue
        idx = sel[:, None] + np.arange(k)[None, :]
        pts = _row_corners(rows[idx] - rows[sel][:, None], col_min[idx], col_max[idx], dx_m, dy_m)
        diff = pts[:, :, None, :] - pts[:, None, :, :]
        diameter[ids[sel]] = np.sqrt((diff**2).sum(axis=-1).max(axis=(1, 2)))
    for a in starts[heights > 4]:
        b = a + np.searchsorted(ids[a:], ids[a], side="right")
        pts = _row_corners(rows[a:b] - rows[a], col_min[a:b], col_max[a:b], dx_m, dy_m)
        hull = np.array(_hull(np.unique(pts, axis=0)))
        diff = hull[:, None, :] - hull[None, :, :]
        diameter[ids[a]] = np.sqrt((diff**2).sum(axis=-1).max())
    return diameter


def _row_corners(rows: np.ndarray, col_min: np.ndarray, col_max: np.ndarray, dx_m: float, dy_m: float) -> np.ndarray:
    """The four outer corners of each row run, in metres: shape (..., 4 * rows, 2)."""
    r = rows.astype(np.float64)
    left = col_min.astype(np.float64)
    right = col_max.astype(np.float64) + 1.0
    xs = np.concatenate([left, left, right, right], axis=-1) * dx_m
    ys = np.concatenate([r, r + 1, r, r + 1], axis=-1) * dy_m
    return np.stack([xs, ys], axis=-1)


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
