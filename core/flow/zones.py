"""Zonal summaries of two dates: moving-window fragmentation, blue-carbon area and the flow-change channels per zone.

Zones (e.g. agricultural reclamation, industrial port, reed wetland, as in the Liaohe delta study)
are polygons given as GeoJSON-like geometry dicts in the land-cover CRS (as
:func:`core.landcover.clip_to_shapes` takes them). They are rasterised onto the land-cover grid
(``rasterio.features.rasterize``): a cell belongs to the zone whose polygon contains its centre;
where zones overlap, the zone listed last takes the cell. Cells outside every zone form the row
"outside the zones", so that every sum over the zones plus that row equals the map's total.

Per zone z and date t (columns ending ``_1`` / ``_2``):

- ``cells``: land-cover cells of the zone (by centre); ``area_ha``: their true area;
- ``blue_carbon_area_ha_<t>``: true area of the zone's cells whose class belongs to a blue-carbon
  ecosystem (mangrove, salt marsh, seagrass) at date t;
- ``<METRIC>_<class>_mean_<t>`` (class name in lower case, e.g. ``PLAND_herbaceous_wetland_mean_1``):
  mean over the zone's cells of the moving-window surface of that metric and blue-carbon class
  (:func:`core.fragmentation.moving_window.fragmentation_surfaces`: the window of radius r around each
  cell; PLAND in %, ED in m/ha by default), cells where the surface is nodata (a nodata focal cell) left
  out; empty when the class is absent at that date;
- ``dF_<channel>_tC_yr``: Σ over the zone's cells of the channel's per-cell terms of the two-date
  decomposition (:attr:`.attribution.FlowDecomposition.cell_terms`: area, edge, reach, saturation,
  demand), and ``dF_total_tC_yr`` their sum. A patch that straddles zones is shared **by its cells**,
  which is exact: the decomposition is additive over cells, so the zones' sums and the outside row add
  up to each channel's total.

The moving-window surfaces are held in memory (the engine's in-memory limit, 1 GiB of float64
bands, applies); the zone raster is one int32 array of the grid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional, Sequence

import numpy as np

from ..classes import ClassScheme, read_class_rows
from ..errors import InputError
from ..feedback import FeedbackLike, Steps, as_steps
from ..landcover import Grid, LandCover
from ..legend import BLUE_CARBON_ECOSYSTEMS
from .attribution import CHANNELS, FlowDecomposition
from .demand import check_same_crs

ZONE_METRICS: tuple[str, ...] = ("PLAND", "ED")
"""Moving-window measures summarised per zone by default: share of the window (%) and edge density (m/ha)."""
OUTSIDE = "outside the zones"


@dataclass
class Zones:
    """Zone polygons (GeoJSON-like dicts in ``crs_wkt``), their ids and names."""

    zone_id: np.ndarray
    name: list[str]
    shapes: list[dict]
    crs_wkt: str

    def __post_init__(self) -> None:
        self.zone_id = np.asarray(self.zone_id, dtype=np.int64)
        if self.zone_id.size == 0:
            raise InputError("The zone layer has no polygon.", "Give a polygon layer with at least one zone.")
        if len(self.name) != self.zone_id.size or len(self.shapes) != self.zone_id.size:
            raise InputError("The zones need one id, one name and one polygon each.", "Give matching lists.")


def zone_raster(zones: Zones, grid: Grid) -> np.ndarray:
    """Zone position (0..n−1) of every cell of ``grid`` (by cell centre; the zone listed last wins), −1 outside."""
    from rasterio import features

    check_same_crs(zones.crs_wkt, grid.crs_wkt, "The zone layer")
    shapes = [(geometry, k + 1) for k, geometry in enumerate(zones.shapes)]
    index = features.rasterize(shapes, out_shape=(grid.height, grid.width), transform=grid.transform, fill=0,
                               dtype="int32")
    if not (index > 0).any():
        raise InputError("No zone of the zone layer covers a cell centre of the land-cover raster.",
                         "Give zones of the same study area, in the land-cover CRS, larger than one cell.")
    return index - 1


def column_name(class_name: str) -> str:
    """A class name as part of a column name: lower case, runs of other characters than letters and digits as ``_``."""
    return re.sub(r"\W+", "_", class_name).strip("_").lower() or "class"


def blue_carbon_classes(scheme: ClassScheme) -> list[int]:
    """1-based class indices of ``scheme`` whose ecosystem is a blue-carbon one."""
    return [k + 1 for k, e in enumerate(scheme.ecosystems) if e in BLUE_CARBON_ECOSYSTEMS]


def _by_zone(index: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """Σ of ``values`` per zone position, the last entry for the cells outside (index −1)."""
    return np.bincount(np.where(index < 0, n, index).ravel(), weights=values.ravel(), minlength=n + 1)


def zone_summaries(
    zones: Zones,
    maps: Sequence[tuple[LandCover, ClassScheme]],
    radius_m: float,
    decomposition: Optional[FlowDecomposition] = None,
    metrics: Sequence[str] = ZONE_METRICS,
    shape: str = "circle",
    neighbours: int = 8,
    feedback: Optional["FeedbackLike | Steps"] = None,
) -> dict[str, list]:
    """The zone table (columns, one row per zone and one for the cells outside; see the module docstring).

    ``maps`` are the dates' land covers with their schemes (one grid); ``radius_m`` the moving window's
    radius (m); ``decomposition`` the two-date split (its per-cell terms are summed per zone).
    """
    from ..fragmentation.moving_window import fragmentation_surfaces

    steps = as_steps(feedback)
    grid = maps[0][0].grid
    for lc, _ in maps[1:]:
        if not lc.grid.same_as(grid):
            raise InputError("The land-cover rasters do not share one grid.", "Resample the second date onto the first.")
    index = zone_raster(zones, grid)
    n = zones.zone_id.size
    geom = maps[0][0].geometry
    cell_area = np.broadcast_to(geom.row_area_m2[:, None], (grid.height, grid.width))
    table: dict[str, list] = {
        "zone_id": [int(z) for z in zones.zone_id] + [""],
        "zone_name": list(zones.name) + [OUTSIDE],
        "cells": _by_zone(index, np.ones(index.shape), n).astype(np.int64).tolist(),
        "area_ha": (_by_zone(index, cell_area, n) / 1e4).tolist(),
    }
    for t, (lc, scheme) in enumerate(maps, start=1):
        span = steps.sub((t - 1) / len(maps) * 0.9, t / len(maps) * 0.9)
        classes = read_class_rows(lc, scheme, 0, grid.height)
        blue = blue_carbon_classes(scheme)
        is_blue = np.isin(classes, blue)
        table[f"blue_carbon_area_ha_{t}"] = (_by_zone(index, np.where(is_blue, cell_area, 0.0), n) / 1e4).tolist()
        surfaces = fragmentation_surfaces(lc, scheme, blue, metrics, radius_m, shape, neighbours,
                                          feedback=span) if blue else None
        names = {}
        if surfaces is not None:
            for (metric, cls), band in zip(surfaces.bands, surfaces.arrays):
                valid = np.isfinite(band)
                total = _by_zone(index, np.where(valid, band, 0.0), n)
                cells = _by_zone(index, valid.astype(np.float64), n)
                with np.errstate(invalid="ignore", divide="ignore"):
                    names[(metric, column_name(scheme.names[cls - 1]))] = np.where(cells > 0, total / cells, np.nan)
        table.update({f"{m}_{c}_mean_{t}": v.tolist() for (m, c), v in names.items()})
    _align_dates(table, len(maps), n + 1)
    if decomposition is not None and decomposition.cell_flat is not None:
        flat_zone = index.ravel()[decomposition.cell_flat]
        total = np.zeros(n + 1)
        for k in CHANNELS:
            values = _by_zone(flat_zone, np.asarray(decomposition.cell_terms[k]), n)
            table[f"dF_{k}_tC_yr"] = values.tolist()
            total += values
        table["dF_total_tC_yr"] = total.tolist()
    steps.progress(1.0)
    return table


def _align_dates(table: dict[str, list], dates: int, rows: int) -> None:
    """Give every date the same measure columns (a class absent at one date: empty means there)."""
    stems = {name[:-2] for name in table if name.endswith(tuple(f"_mean_{t}" for t in range(1, dates + 1)))}
    for stem in sorted(stems):
        for t in range(1, dates + 1):
            table.setdefault(f"{stem}_{t}", [float("nan")] * rows)
