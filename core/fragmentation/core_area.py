"""Core area: cells farther than the edge depth from any cell outside their patch.

FRAGSTATS counts a cell as edge when a cell of another class, nodata or the
landscape boundary lies within the edge depth, measured between cell centres.
For a depth of one cell this is a 4-neighbour erosion (the diagonal neighbours
are √2 cells away); deeper edges erode by a disc. Within one class the test on
classes equals the test on patches, because another patch of the same class is
always separated from a patch by a cell of another class at most as far away.

The erosion uses horizontal run lengths, so its cost grows with the number of
rows in the disc, not with its area.
"""

from __future__ import annotations

import math

import numpy as np

_EPS = 1e-9


def disc_rows(depth_m: float, dx_m: float, dy_m: float) -> list[tuple[int, int]]:
    """``(dy, half_width)`` in cells of the disc of radius ``depth_m`` (centre-to-centre, inclusive)."""
    ky = int(math.floor(depth_m / dy_m + _EPS))
    rows = []
    for dy in range(-ky, ky + 1):
        rest = depth_m * depth_m - (dy * dy_m) ** 2
        half = int(math.floor(math.sqrt(max(rest, 0.0)) / dx_m + _EPS))
        rows.append((dy, half))
    return rows


ONE_CELL: list[tuple[int, int]] = [(-1, 0), (0, 1), (1, 0)]
"""Disc rows of an edge depth of one cell: the 4-neighbour erosion, on any cell shape."""


def edge_rows(depth_m: "float | None", dx_m: float, dy_m: float) -> list[tuple[int, int]]:
    """Disc rows of an edge depth in metres, or of one cell when ``depth_m`` is None."""
    return ONE_CELL if depth_m is None else disc_rows(depth_m, dx_m, dy_m)


def run_half_widths(k: np.ndarray) -> np.ndarray:
    """For each cell, how many cells of the same class lie on each side in its row (the smaller count)."""
    h, w = k.shape
    cols = np.arange(w, dtype=np.int32)
    change = np.empty(k.shape, dtype=bool)
    change[:, 0] = True
    np.not_equal(k[:, 1:], k[:, :-1], out=change[:, 1:])
    start = np.where(change, cols, 0)
    np.maximum.accumulate(start, axis=1, out=start)
    left = cols - start
    del start
    end_change = np.empty(k.shape, dtype=bool)
    end_change[:, -1] = True
    end_change[:, :-1] = change[:, 1:]
    del change
    end = np.where(end_change, cols, w - 1)[:, ::-1]
    end = np.minimum.accumulate(end, axis=1)[:, ::-1]
    right = end - cols
    np.minimum(left, right, out=left)
    return left


def core_mask(k_ext: np.ndarray, halo: int, rows: list[tuple[int, int]]) -> np.ndarray:
    """Core cells of the rows ``halo..-halo`` of a class array whose halo rows are real neighbours.

    ``k_ext`` is the class array (0 = nodata or outside) with ``halo`` extra rows
    above and below; cells outside the raster count as edge.
    """
    need = max(abs(dy) for dy, _ in rows)
    if need > halo:
        raise ValueError("halo too small for the edge depth")
    h = k_ext.shape[0] - 2 * halo
    k = k_ext[halo : halo + h]
    core = k > 0
    if need == 0 and rows[0][1] == 0:
        return core  # edge depth below one cell: every cell is core
    widest = max(half for _, half in rows)
    half_widths = run_half_widths(k_ext) if widest > 1 else None
    for dy, half in rows:
        other = k_ext[halo + dy : halo + dy + h]
        if dy != 0:
            core &= other == k
        if half == 1:  # one cell on each side: compare the neighbours directly
            core[:, 1:] &= other[:, :-1] == k[:, 1:]
            core[:, :-1] &= other[:, 1:] == k[:, :-1]
            core[:, [0, -1]] = False
        elif half > 1:
            core &= half_widths[halo + dy : halo + dy + h] >= half
    return core
