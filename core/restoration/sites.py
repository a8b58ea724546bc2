"""Candidate restoration sites: restorable cells grouped into sites, with their areas, costs and outlines.

- **Restorable cells**: the classes named as restorable (ecosystems, class codes or raster values), by
  default the legend's ``tidal_flat`` classes and the classes the presets name as aquaculture ponds,
  salt pans, bare intertidal or unconsolidated shore (:func:`restorable_classes`); or the cells equal to 1 of
  a suitability raster on the same grid. Habitat cells are never candidates.
- **Sites**: connected areas of candidate cells (8- or 4-neighbour rule). A site larger than the maximum
  size is cut by a regular grid of square blocks of at most that area (block side = ⌊√(max / cell area)⌋
  cells, mean cell area on geographic rasters) and every piece inside a block is a site of its own; sites
  smaller than the minimum size are dropped. Areas are true areas (row areas of
  :class:`core.landcover.CellGeometry`), in hectares.
- **Cost** (optional): the sum of a cost raster's cell values over the site (nodata counts 0), or a
  cost per hectare times the site's area.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterator, Optional, Sequence

import numpy as np
from scipy import ndimage as ndi

from ..classes import ClassScheme
from ..errors import InputError
from ..fragmentation.job import resolve_classes
from ..patches import row_weighted_sum, structure_of

RESTORABLE_ECOSYSTEMS: tuple[str, ...] = ("tidal_flat",)
"""Ecosystems restorable by default."""
RESTORABLE_NAMES: tuple[str, ...] = ("aquaculture", "salt pan", "bare intertidal", "unconsolidated shore", "tidal flat")
"""Words in a class name that make it restorable by default (the legend presets' aquaculture pond, salt pan,
unconsolidated shore classes, filed as non_habitat)."""


def restorable_by_default(ecosystem: str, name: str) -> bool:
    """True for a class restorable by default: a tidal-flat ecosystem, or a name saying aquaculture pond, salt pan,
    bare intertidal, unconsolidated shore or tidal flat (the rule of the algorithms and the wizard)."""
    return ecosystem in RESTORABLE_ECOSYSTEMS or any(w in str(name).lower() for w in RESTORABLE_NAMES)


def restorable_classes(scheme: ClassScheme, tokens: Sequence[str], habitat: Sequence[int] = ()) -> list[int]:
    """Class indices of the restorable classes: the named ones, or the default restorable classes present."""
    if tokens:
        chosen = resolve_classes(scheme, tokens)
    else:
        chosen = [i + 1 for i, (eco, name) in enumerate(zip(scheme.ecosystems, scheme.names))
                  if restorable_by_default(eco, name)]
    chosen = [c for c in chosen if c not in set(habitat) and scheme.cell_counts[c - 1] > 0]
    if not chosen:
        raise InputError(
            "The raster holds no restorable class (tidal flat, aquaculture pond, bare intertidal) under this legend"
            + (f" among {', '.join(tokens)}" if tokens else "") + ", so there is no candidate site.",
            "Name the restorable classes (ecosystems, class codes or raster values, e.g. 60 for WorldCover's bare / "
            "sparse vegetation on a coast), or give a suitability raster (1 = restorable).",
        )
    return chosen


@dataclass
class Sites:
    """Candidate sites with ids 1..n in ``labels`` (0 = no site)."""

    labels: np.ndarray
    area_ha: np.ndarray
    n_cells: np.ndarray
    cost: Optional[np.ndarray] = None

    @property
    def n(self) -> int:
        """Number of sites."""
        return int(self.area_ha.size)


def block_side_cells(max_site_ha: float, cell_area_m2: float) -> int:
    """Side (cells) of the square blocks that cut large sites: the largest square of at most ``max_site_ha``."""
    return max(1, int(math.floor(math.sqrt(max_site_ha * 1e4 / cell_area_m2) + 1e-9)))


def group_sites(
    candidate: np.ndarray, row_area_m2: np.ndarray, max_site_ha: Optional[float] = None,
    min_site_ha: float = 0.0, neighbours: int = 8,
) -> Sites:
    """Sites from a boolean candidate mask: connected areas, cut by a grid above ``max_site_ha``, at least ``min_site_ha``."""
    if max_site_ha is not None and not max_site_ha > 0:
        raise InputError(f"The maximum site size must be > 0 ha, not {max_site_ha:g}.",
                         "Give the largest area one restoration site may cover, e.g. 50 ha, or leave it empty.")
    if not min_site_ha >= 0:
        raise InputError(f"The minimum site size must be ≥ 0 ha, not {min_site_ha:g}.", "Give e.g. 1 ha, or 0.")
    structure = structure_of(neighbours)
    labels, n = ndi.label(candidate, structure=structure)
    labels = labels.astype(np.int32)
    area = row_weighted_sum(labels, n + 1, row_area_m2)[1:] / 1e4
    if max_site_ha is not None and n and (area > max_site_ha).any():
        side = block_side_cells(max_site_ha, float(np.mean(row_area_m2)))
        big = np.zeros(n + 1, dtype=bool)
        big[1:] = area > max_site_ha
        cut = big[labels]
        labels[cut] = 0
        nxt = n + 1
        h, w = labels.shape
        rows = np.flatnonzero(cut.any(axis=1))
        for r0 in range(int(rows.min()) // side * side, int(rows.max()) + 1, side):
            band = cut[r0 : r0 + side]
            cols = np.flatnonzero(band.any(axis=0))
            if cols.size == 0:
                continue
            for c0 in range(int(cols.min()) // side * side, int(cols.max()) + 1, side):
                block = band[:, c0 : c0 + side]
                if not block.any():
                    continue
                sub, k = ndi.label(block, structure=structure)
                view = labels[r0 : r0 + side, c0 : c0 + side]
                view[sub > 0] = sub[sub > 0] + (nxt - 1)
                nxt += k
        n = nxt - 1
        area = row_weighted_sum(labels, n + 1, row_area_m2)[1:] / 1e4
    keep = area >= min_site_ha
    keep &= np.bincount(labels.ravel(), minlength=n + 1)[1:] > 0
    lut = np.zeros(n + 1, dtype=np.int32)
    lut[1:][keep] = np.arange(1, int(keep.sum()) + 1, dtype=np.int32)
    labels = lut[labels]
    m = int(keep.sum())
    cells = np.bincount(labels.ravel(), minlength=m + 1)[1:]
    return Sites(labels, area[keep], cells)


def site_costs(sites: Sites, cost_raster: Optional[np.ndarray] = None, cost_per_ha: Optional[float] = None) -> np.ndarray:
    """Cost of every site: the sum of the cost raster over its cells (NaN cells count 0), or area × cost per ha."""
    if cost_raster is not None:
        values = np.where(np.isfinite(cost_raster), cost_raster, 0.0).astype(float)
        return np.bincount(sites.labels.ravel(), weights=values.ravel(), minlength=sites.n + 1)[1:]
    if cost_per_ha is not None:
        if not cost_per_ha >= 0:
            raise InputError(f"The cost per hectare must be ≥ 0, not {cost_per_ha:g}.", "Give e.g. 30000 (yuan/ha).")
        return sites.area_ha * float(cost_per_ha)
    return np.full(sites.n, np.nan)


def site_polygons(labels: np.ndarray, transform: object) -> Iterator[tuple[int, object]]:
    """Yield ``(site_id, shapely geometry)`` of every site, traced from the label raster, in id order."""
    from rasterio import features
    from shapely.geometry import MultiPolygon, Polygon, shape
    from shapely.ops import unary_union

    pieces: dict[int, list] = {}
    for geom, value in features.shapes(labels, mask=labels > 0, connectivity=4, transform=transform):
        pieces.setdefault(int(value), []).append(shape(geom))
    for site in sorted(pieces):
        g = unary_union(pieces[site])
        yield site, MultiPolygon([g]) if isinstance(g, Polygon) else g


__all__ = ["RESTORABLE_ECOSYSTEMS", "RESTORABLE_NAMES", "Sites", "block_side_cells", "group_sites",
           "restorable_by_default", "restorable_classes", "site_costs", "site_polygons"]
