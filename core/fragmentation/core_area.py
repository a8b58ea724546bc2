"""Core area: cells farther than the edge depth from any cell outside their patch.

FRAGSTATS counts a cell as edge when a cell of another class, nodata or the
landscape boundary lies within the edge depth, measured between cell centres.
For a depth of one cell this is a 4-neighbour erosion (the diagonal neighbours
are √2 cells away); deeper edges erode by a disc. Within one class the test on
classes equals the test on patches, because another patch of the same class is
always separated from a patch by a cell of another class at most as far away.

The erosion uses horizontal run lengths, so its cost grows with the number of
rows in the disc, not with its area.

On a geographic grid the disc is worked out for every row with that row's scale
(meridian arc to the other row, east–west cell width at the two rows' mean latitude;
within 1e-9 of ``Geod.inv`` at a few km). The erosion applies one disc to the whole
map, so when the rows' discs differ (the east–west scale changes enough over the
map's latitude span to move a disc's half-width across a whole cell) the map is
refused, naming the latitudes and the fix; when they agree, core areas are exact.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Optional

import numpy as np

from ..errors import InputError

if TYPE_CHECKING:
    from ..landcover import CellGeometry

_EPS = 1e-9


def check_edge_depth(depth_m: "float | None", shape: tuple[int, int], dx_m: float, dy_m: float) -> None:
    """Raise :class:`InputError` when an edge depth (m) is not finite or exceeds the raster's diagonal (m).

    A deeper edge band than the whole map is wide makes every cell edge; a depth such as 1e308 m would also
    overflow the disc of the erosion. ``shape`` is (rows, columns), ``dx_m``/``dy_m`` the cell size in metres.
    """
    if depth_m is None:
        return
    diagonal = math.hypot(shape[0] * dy_m, shape[1] * dx_m)
    if not (math.isfinite(depth_m) and depth_m <= diagonal):
        raise InputError(
            f"The edge depth EDGE_DEPTH ({depth_m:g} m) is larger than the land-cover raster's diagonal "
            f"({diagonal:,.0f} m): every cell would be edge.",
            "Give the depth in metres over which the edge effect reaches into a patch (typically 10 to 100 m), "
            "at most the raster's diagonal; 0 for no edge effect.",
        )


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


def edge_rows(
    depth_m: "float | None", dx_m: float, dy_m: float, geometry: "Optional[CellGeometry]" = None
) -> list[tuple[int, int]]:
    """Disc rows of an edge depth in metres, or of one cell when ``depth_m`` is None.

    With the ``geometry`` of a geographic grid, the disc of every row (:func:`geographic_disc_rows`). With any
    ``geometry``, the depth is first checked against the raster's diagonal (:func:`check_edge_depth`).
    """
    if depth_m is None:
        return ONE_CELL
    if geometry is not None and geometry.width:
        check_edge_depth(depth_m, (geometry.row_area_m2.size, geometry.width), dx_m, dy_m)
    if geometry is None or geometry.uniform:
        return disc_rows(depth_m, dx_m, dy_m)
    return geographic_disc_rows(depth_m, geometry)


def geographic_disc_rows(depth_m: float, geometry: "CellGeometry") -> list[tuple[int, int]]:
    """The disc of ``depth_m`` in cells, the same for every row of a geographic grid, or InputError."""
    y, dxr = geometry.row_y_m, geometry.row_dx_m
    h = y.size
    ky = int(math.floor(depth_m / float(geometry.edge_v_m.min()) + _EPS)) + 1
    rows = []
    for dy in range(-min(ky, h - 1), min(ky, h - 1) + 1):
        r = np.arange(max(0, -dy), min(h, h - dy))
        other = r + dy
        if dy % 2 == 0:
            dx_mid = dxr[r + dy // 2]
        else:
            lo = r + (dy - 1) // 2
            dx_mid = 0.5 * (dxr[lo] + dxr[lo + 1])
        rest = depth_m * depth_m - (y[other] - y[r]) ** 2
        half = np.where(rest >= -_EPS * depth_m * depth_m,
                        np.floor(np.sqrt(np.maximum(rest, 0.0)) / dx_mid + _EPS), -1).astype(np.int64)
        if half.min() != half.max():
            a, b = int(r[np.argmin(half)]), int(r[np.argmax(half)])
            lat_a = float(geometry.lonlat(a + 0.5, 0)[1])
            lat_b = float(geometry.lonlat(b + 0.5, 0)[1])
            raise InputError(
                f"The edge depth of {depth_m:g} m spans {int(half.min())} cell(s) east–west at {dy:+d} row(s) from a "
                f"cell at {lat_a:.4f}° but {int(half.max())} at {lat_b:.4f}°: on this geographic (degree) raster the "
                "cell width changes too much over its latitude span for one erosion disc, so core areas would be off.",
                "Reproject the land-cover raster to a projected CRS in metres (e.g. the local UTM zone; QGIS: Raster ▸ "
                "Projections ▸ Warp (Reproject), nearest neighbour), or clip it to a narrower band of latitude.",
            )
        if half[0] >= 0:
            rows.append((dy, int(half[0])))
    return rows


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
