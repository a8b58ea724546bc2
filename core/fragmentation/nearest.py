"""Euclidean nearest-neighbour distance (ENN) and proximity index (PROX) without all-pairs search.

Distances are edge to edge between cell centres (FRAGSTATS). The closest pair of
cells of two patches always lies on their 4-neighbour boundaries, so only
boundary cells are searched from.

ENN, in two steps:

1. *Offset scan.* For every offset (dy, dx) within a few cells, in order of
   distance, each boundary cell looks at the cell that far away; a cell of the
   same class in another patch settles the patch's ENN at that distance. Patches
   are dropped as soon as they are settled, so the work shrinks shell by shell;
   the scan runs strip by strip with a halo as deep as the scan radius.
2. *Windows.* A patch with no neighbour within the scan radius is searched in a
   window around its bounding box with a Euclidean distance transform; the
   window doubles until the nearest cell found lies within the window margin,
   which proves no closer cell lies outside.

Both steps are exact; the work is near-linear in cells.
"""

from __future__ import annotations

import math
from typing import Callable, Optional

import numpy as np
from scipy import ndimage as ndi

WindowReader = Callable[[int, int, int, int], np.ndarray]


def scan_offsets(radius_m: float, dx_m: float, dy_m: float, neighbours: int) -> list[tuple[float, np.ndarray]]:
    """Shells ``(distance_m, offsets[(dy, dx), ...])`` within ``radius_m``, nearest first.

    Offsets that always join the same patch (the neighbour rule's own neighbours)
    are left out.
    """
    ky = int(math.floor(radius_m / dy_m + 1e-9))
    kx = int(math.floor(radius_m / dx_m + 1e-9))
    dy, dx = np.mgrid[-ky : ky + 1, -kx : kx + 1]
    dy, dx = dy.ravel(), dx.ravel()
    dist = np.hypot(dy * dy_m, dx * dx_m)
    keep = dist <= radius_m * (1 + 1e-12)
    if neighbours == 8:
        keep &= (np.abs(dy) > 1) | (np.abs(dx) > 1)
    else:
        keep &= np.abs(dy) + np.abs(dx) > 1
    dy, dx, dist = dy[keep], dx[keep], dist[keep]
    order = np.argsort(dist, kind="stable")
    dy, dx, dist = dy[order], dx[order], dist[order]
    shells: list[tuple[float, np.ndarray]] = []
    start = 0
    for i in range(1, dist.size + 1):
        if i == dist.size or dist[i] - dist[start] > 1e-9 * max(dist[start], 1.0):
            shells.append((float(dist[start]), np.stack([dy[start:i], dx[start:i]], axis=1)))
            start = i
    return shells


def boundary_cells(g_ext: np.ndarray, halo: int) -> np.ndarray:
    """Flat indices (into ``g_ext``) of patch cells of the core rows with a 4-neighbour outside their patch."""
    h = g_ext.shape[0] - 2 * halo
    g = g_ext[halo : halo + h]
    edge = np.zeros(g.shape, dtype=bool)
    np.not_equal(g[:, 1:], g[:, :-1], out=edge[:, 1:])
    edge[:, :-1] |= edge[:, 1:]
    edge[:, 0] = True
    edge[:, -1] = True
    edge |= g != g_ext[halo - 1 : halo - 1 + h]
    edge |= g != g_ext[halo + 1 : halo + 1 + h]
    edge &= g > 0
    return np.flatnonzero(edge) + halo * g_ext.shape[1]


def scan_strip(
    g_ext: np.ndarray,
    k_ext: np.ndarray,
    halo: int,
    shells: list[tuple[float, np.ndarray]],
    enn: np.ndarray,
    wanted: np.ndarray,
) -> None:
    """Offset scan of one strip: lower ``enn[id-1]`` for patches settled within the shells.

    ``wanted[id]`` is False for patches whose ENN is not needed (or already settled
    at the smallest distance possible).
    """
    w = g_ext.shape[1]
    origins = boundary_cells(g_ext, halo)
    gf = g_ext.reshape(-1)
    kf = k_ext.reshape(-1)
    go = gf[origins]
    keep = wanted[go]
    origins, go = origins[keep], go[keep]
    ko = kf[origins]
    col = origins % w
    for dist, offsets in shells:
        if origins.size == 0:
            break
        hit_any = np.zeros(origins.size, dtype=bool)
        for dy, dx in offsets:
            c = col + dx
            ok = (c >= 0) & (c < w)
            target = origins + (dy * w + dx)
            np.clip(target, 0, gf.size - 1, out=target)
            hit = ok & (kf[target] == ko) & (gf[target] != go)
            hit_any |= hit
        if hit_any.any():
            found = np.unique(go[hit_any])
            np.minimum.at(enn, found - 1, dist)
            settled = np.zeros(enn.size + 1, dtype=bool)
            settled[found] = True
            keep = ~settled[go]
            origins, go, ko, col = origins[keep], go[keep], ko[keep], col[keep]


def window_search(
    patch_id: int,
    cls: np.ndarray,
    bbox: tuple[int, int, int, int],
    read_window: WindowReader,
    shape: tuple[int, int],
    dx_m: float,
    dy_m: float,
    start_margin_m: float,
) -> float:
    """Exact ENN of one patch by distance transforms in growing windows (NaN if it has no neighbour)."""
    height, width = shape
    r0, r1, c0, c1 = bbox
    margin = start_margin_m
    while True:
        my, mx = int(math.ceil(margin / dy_m)), int(math.ceil(margin / dx_m))
        wr0, wr1 = max(r0 - my, 0), min(r1 + 1 + my, height)
        wc0, wc1 = max(c0 - mx, 0), min(c1 + 1 + mx, width)
        g = read_window(wr0, wr1, wc0, wc1)
        own = g == patch_id
        foreign = (cls[g] == cls[patch_id]) & ~own & (g > 0)
        whole = wr0 == 0 and wc0 == 0 and wr1 == height and wc1 == width
        if foreign.any():
            dist = ndi.distance_transform_edt(~foreign, sampling=(dy_m, dx_m))
            best = float(dist[own].min())
            if best <= margin or whole:
                return best
        elif whole:
            return float("nan")
        margin *= 2


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
) -> float:
    """PROX of one patch: Σ over same-class patches within ``radius_m`` of (area within radius) / distance².

    The area of a neighbour is the part of it within the search radius of the focal
    patch (FRAGSTATS: "area of patch ijs within specified neighborhood of patch ij").
    """
    height, width = shape
    r0, r1, c0, c1 = bbox
    my, mx = int(math.ceil(radius_m / dy_m)), int(math.ceil(radius_m / dx_m))
    wr0, wr1 = max(r0 - my, 0), min(r1 + 1 + my, height)
    wc0, wc1 = max(c0 - mx, 0), min(c1 + 1 + mx, width)
    g = read_window(wr0, wr1, wc0, wc1)
    own = g == patch_id
    foreign = (cls[g] == cls[patch_id]) & ~own & (g > 0)
    if not foreign.any():
        return 0.0
    dist = ndi.distance_transform_edt(~own, sampling=(dy_m, dx_m))
    near = foreign & (dist <= radius_m * (1 + 1e-12))
    if not near.any():
        return 0.0
    ids, inverse = np.unique(g[near], return_inverse=True)
    rows = np.nonzero(near)[0] + wr0
    area = np.bincount(inverse, weights=row_area_m2[rows])
    d_min = np.full(ids.size, np.inf)
    np.minimum.at(d_min, inverse, dist[near])
    return float(np.sum(area / d_min**2))
