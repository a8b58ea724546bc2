"""Patch outlines as polygons, from the patch-id raster, strip by strip.

Cells are traced with ``rasterio.features.shapes`` (4-connected pieces, so a patch
joined only at a corner under the 8-neighbour rule becomes a multipolygon, never
an invalid bow-tie). Pieces of a patch cut by a strip border are dissolved.
"""

from __future__ import annotations

from typing import Iterator, Optional

import numpy as np
from rasterio import features
from shapely.geometry import MultiPolygon, Polygon, shape
from shapely.ops import unary_union

from .feedback import Steps
from .landcover import Grid
from .patches import Labelling


def patch_polygons(
    labelling: Labelling,
    grid: Grid,
    patch_ids: Optional[np.ndarray] = None,
    steps: Optional[Steps] = None,
) -> Iterator[tuple[int, MultiPolygon]]:
    """Yield ``(patch_id, multipolygon)`` for ``patch_ids`` (all patches when None), in id order."""
    steps = steps or Steps(None)
    n = labelling.patches.n_patches
    wanted = np.zeros(n + 1, dtype=bool)
    wanted[1:] = True if patch_ids is None else False
    if patch_ids is not None:
        wanted[np.asarray(patch_ids, dtype=np.int64)] = True
    pieces: dict[int, list[Polygon]] = {}
    strips = labelling.strips
    for s, (r0, r1) in enumerate(strips):
        steps.progress(s / len(strips))
        ids = labelling.store.rows(r0, r1)
        mask = wanted[ids]
        if not mask.any():
            continue
        transform = grid.transform * grid.transform.translation(0, r0)
        values = ids.astype(np.int32) if ids.dtype != np.int32 else ids
        for geom, value in features.shapes(values, mask=mask, connectivity=4, transform=transform):
            pieces.setdefault(int(value), []).append(shape(geom))
    steps.progress(1.0)
    rows_of = labelling.patches
    for pid in sorted(pieces):
        parts = pieces[pid]
        spans_strips = _spans_strips(rows_of.row_min[pid - 1], rows_of.row_max[pid - 1], strips)
        geom = unary_union(parts) if spans_strips and len(parts) > 1 else (parts[0] if len(parts) == 1 else MultiPolygon(parts))
        yield pid, _as_multipolygon(geom)


def _spans_strips(row_min: int, row_max: int, strips: list[tuple[int, int]]) -> bool:
    return any(r0 <= row_min < r1 and row_max >= r1 for r0, r1 in strips)


def _as_multipolygon(geom) -> MultiPolygon:
    """Any polygonal geometry as a MultiPolygon."""
    if isinstance(geom, MultiPolygon):
        return geom
    if isinstance(geom, Polygon):
        return MultiPolygon([geom])
    polys = [g for g in getattr(geom, "geoms", []) if isinstance(g, Polygon)]
    return MultiPolygon(polys)
