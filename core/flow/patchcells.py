"""Where the supply patches are: their outer cells and a representative point, from the patch-id raster.

One pass over the patch-id raster (strip by strip, one halo row) gathers, for every supply patch,

- its *boundary cells*: cells with at least one of their 4 orthogonal neighbours outside the patch
  (another patch, no patch, or beyond the raster edge). For a point outside the patch, the nearest
  cell centre of the patch is always a boundary cell: if it were interior, its neighbour towards the
  point would lie in the patch and be strictly closer. So distances from demand points need only
  these cells;
- its *representative cell*: the cell holding the patch's centroid (mean cell position) when that
  cell belongs to the patch, else the patch's boundary cell nearest the centroid. It always lies in
  the patch; flow lines start there.

Coordinates are cell indices; :func:`metric_xy` turns them into metres in a local frame
(x = (col + 0.5) · dx, y = (row + 0.5) · dy: exact on a projected CRS, the map-centre scale on a
geographic CRS, as for ENN).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..feedback import Steps
from ..patches import Labelling


@dataclass
class PatchCells:
    """Boundary cells (sorted by patch) and representative cells of the supply patches."""

    patch: np.ndarray  # per boundary cell: index of its patch in the supply arrays
    row: np.ndarray
    col: np.ndarray
    start: np.ndarray  # (n + 1,) offsets of each patch's boundary cells
    rep_row: np.ndarray  # per patch
    rep_col: np.ndarray

    @property
    def n_patches(self) -> int:
        """Number of supply patches."""
        return int(self.rep_row.size)


def supply_index(n_all_patches: int, patch_ids: np.ndarray) -> np.ndarray:
    """Lookup patch id → index in the supply arrays (−1 for patches that supply nothing; id 0 → −1)."""
    index = np.full(n_all_patches + 1, -1, dtype=np.int64)
    index[np.asarray(patch_ids, dtype=np.int64)] = np.arange(len(patch_ids))
    return index


def gather_patch_cells(
    labelling: Labelling, index_of_id: np.ndarray, centroid_row: np.ndarray, centroid_col: np.ndarray, steps: Steps
) -> PatchCells:
    """Boundary and representative cells of the patches with ``index_of_id >= 0``, strip by strip."""
    n = int(index_of_id.max()) + 1 if index_of_id.size else 0
    crow = np.rint(centroid_row).astype(np.int64)
    ccol = np.rint(centroid_col).astype(np.int64)
    rep_row = np.full(n, -1, dtype=np.int64)
    rep_col = np.full(n, -1, dtype=np.int64)
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    store = labelling.store
    order_c = np.argsort(crow, kind="stable")
    strips = labelling.strips
    for s, (r0, r1) in enumerate(strips):
        steps.progress(s / len(strips))
        ext = store.rows(r0 - 1, r1 + 1)
        g = ext[1:-1]
        idx = index_of_id[g]
        sup = idx >= 0
        if not sup.any():
            continue
        other = np.zeros(g.shape, dtype=bool)
        other |= ext[:-2] != g
        other |= ext[2:] != g
        other[:, 1:] |= g[:, :-1] != g[:, 1:]
        other[:, :-1] |= g[:, 1:] != g[:, :-1]
        other[:, 0] = True
        other[:, -1] = True
        rows, cols = np.nonzero(sup & other)
        parts.append((idx[rows, cols], (rows + r0).astype(np.int32), cols.astype(np.int32)))
        # centroid cells falling in this strip
        lo, hi = np.searchsorted(crow[order_c], [r0, r1])
        p = order_c[lo:hi]
        if p.size:
            inside = idx[crow[p] - r0, ccol[p]] == p
            rep_row[p[inside]] = crow[p[inside]]
            rep_col[p[inside]] = ccol[p[inside]]
    steps.progress(1.0)
    if parts:
        patch = np.concatenate([q[0] for q in parts])
        row = np.concatenate([q[1] for q in parts])
        col = np.concatenate([q[2] for q in parts])
        order = np.argsort(patch, kind="stable")
        patch, row, col = patch[order], row[order], col[order]
    else:
        patch, row, col = np.zeros(0, np.int64), np.zeros(0, np.int32), np.zeros(0, np.int32)
    start = np.searchsorted(patch, np.arange(n + 1))
    missing = np.flatnonzero(rep_row < 0)
    if missing.size:
        # nearest boundary cell to the centroid, for patches whose centroid cell lies outside them
        sel = np.isin(patch, missing)
        bp, br, bc = patch[sel], row[sel].astype(np.float64), col[sel].astype(np.float64)
        d2 = (br - centroid_row[bp]) ** 2 + (bc - centroid_col[bp]) ** 2
        o = np.lexsort((d2, bp))
        first = o[np.r_[True, bp[o][1:] != bp[o][:-1]]]
        rep_row[bp[first]] = row[sel][first]
        rep_col[bp[first]] = col[sel][first]
    return PatchCells(patch, row, col, start, rep_row, rep_col)


def metric_xy(row: np.ndarray, col: np.ndarray, dx_m: float, dy_m: float) -> tuple[np.ndarray, np.ndarray]:
    """Cell centres in the local metric frame (m)."""
    return (np.asarray(col, dtype=np.float64) + 0.5) * dx_m, (np.asarray(row, dtype=np.float64) + 0.5) * dy_m
