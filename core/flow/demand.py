"""Demand units: where the beneficiaries of the carbon service are and how much they need (t C/yr).

Three sources, all ending in one :class:`DemandUnits` table (one row per unit: id, point, demand):

- **vector units with a demand field** (:func:`point_units`, :func:`polygon_units`): the field's
  value converted to t C/yr by its **measure** (below);
- **a demand raster** (t C/yr per cell, e.g. an emission grid; or night-time light with a
  coefficient converting it to t C/yr) aggregated by :func:`raster_demand` into
    - the polygons of a vector layer: the sum of the cells whose centre lies in the polygon
      (where polygons overlap, the one listed last takes the cell);
    - the points of a vector layer: every cell goes to its nearest point (Thiessen regions);
    - a regular grid of square cells of a chosen size (m), aligned on the land-cover raster's
      upper-left corner, when no vector layer is given: one unit per grid cell with demand > 0.

Demand measure (``measure``; :func:`demand_factor`): what one unit of the field or raster value is,

| measure | D_j (t C/yr) | coefficient |
| --- | --- | --- |
| ``tC_yr`` | value | must be 1 (an error otherwise) |
| ``tCO2_yr`` | value × 12/44 (:data:`core.sink.CO2_PER_C` = 44/12, the plugin's one C ↔ CO₂ factor) | must be 1 (an error otherwise) |
| ``other`` | value × coefficient (t C/yr per unit of the value, e.g. a calibrated night-light factor) | any finite ≥ 0 |

A coefficient other than 1 beside ``tC_yr`` or ``tCO2_yr`` is refused: it could mean "the values are
already t C (or t CO₂) and this is a scale" or "this converts them", and the two readings give
different demands. The measure and the factor used are recorded on the units
(:attr:`DemandUnits.measure`, :attr:`DemandUnits.factor`) and in their description.

The point of a unit, from which distances are measured: the point itself; for a polygon its
centroid when the centroid lies inside, else a point on its surface (shapely
``representative_point``); for a grid cell the demand-weighted centre of the raster cells it sums.

Checks (each an :class:`InputError` with a fix): the CRS equals the land cover's, the units (or
raster) overlap the land-cover extent, every demand is a finite number ≥ 0, the coefficient too.
Nodata and NaN cells of a demand raster count as no demand.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from typing import Optional, Sequence

import numpy as np

from ..errors import InputError, require_finite
from ..landcover import Grid, plan_strips
from ..parameters import CO2_PER_C

POINT = "point"
POLYGON = "polygon"
GRID = "grid"

TC_YR = "tC_yr"
TCO2_YR = "tCO2_yr"
OTHER = "other"
DEMAND_MEASURES: tuple[str, ...] = (TC_YR, TCO2_YR, OTHER)
"""What one unit of a demand field or raster value is: t C/yr, t CO₂/yr, or anything × a coefficient (t C/yr per unit)."""
MEASURE_TEXT = {TC_YR: "t C/yr", TCO2_YR: "t CO2/yr", OTHER: "× coefficient"}


def demand_factor(measure: str, coefficient: float = 1.0) -> float:
    """t C/yr per unit of the demand value for ``measure`` (see the module docstring); errors name the fix."""
    if measure not in DEMAND_MEASURES:
        raise InputError(f"Unknown demand measure '{measure}'.", f"Use one of {', '.join(DEMAND_MEASURES)}.")
    _check_coefficient(coefficient)
    if measure == OTHER:
        return float(coefficient)
    if coefficient != 1.0:
        raise InputError(
            f"A demand coefficient of {coefficient:g} was given with the demand measure '{MEASURE_TEXT[measure]}': it "
            "is ambiguous whether the values are already in that unit or the coefficient converts them.",
            f"Set the coefficient to 1 to read the values as {MEASURE_TEXT[measure]}, or choose the measure "
            "'other × coefficient' to give the factor in t C/yr per unit of the value.",
        )
    return 1.0 if measure == TC_YR else 1.0 / CO2_PER_C


@dataclass
class UnitGrid:
    """The regular grid of grid units: its georeferencing and the block of every unit."""

    transform: "object"  # rasterio Affine of the block grid (CRS units)
    width: int
    height: int
    row: np.ndarray
    col: np.ndarray
    cell_size_m: float


@dataclass
class DemandUnits:
    """Demand units: ids, points (CRS coordinates) and demand (t C/yr)."""

    unit_id: np.ndarray
    x: np.ndarray
    y: np.ndarray
    demand_tC_yr: np.ndarray
    kind: str
    crs_wkt: str
    name: Optional[np.ndarray] = None
    polygons: Optional[list] = field(default=None, repr=False)  # shapely geometries of polygon units
    grid: Optional[UnitGrid] = field(default=None, repr=False)
    description: str = ""
    measure: str = OTHER  # what the layer's values were (DEMAND_MEASURES); demand_tC_yr is always t C/yr
    factor: float = 1.0  # t C/yr per unit of the value, as applied

    def area_ha(self) -> np.ndarray:
        """Area of each unit (ha): polygons (geodesic on a geographic CRS), grid cells; NaN for points."""
        if self.grid is not None:
            return np.full(self.size, self.grid.cell_size_m**2 / 1e4)
        if self.polygons is None:
            return np.full(self.size, np.nan)
        import pyproj

        crs = pyproj.CRS.from_user_input(self.crs_wkt)
        if crs.is_geographic:
            geod = crs.get_geod()
            return np.array([abs(geod.geometry_area_perimeter(g)[0]) for g in self.polygons]) / 1e4
        scale = crs.axis_info[0].unit_conversion_factor if crs.axis_info else 1.0
        return np.array([g.area for g in self.polygons]) * scale**2 / 1e4

    @property
    def size(self) -> int:
        """Number of units."""
        return int(self.unit_id.size)

    def bounds(self) -> tuple[float, float, float, float]:
        """(xmin, ymin, xmax, ymax) of the units' geometries (points, polygons or grid cells)."""
        if self.polygons is not None:
            b = np.array([g.bounds for g in self.polygons])
            return float(b[:, 0].min()), float(b[:, 1].min()), float(b[:, 2].max()), float(b[:, 3].max())
        if self.grid is not None:
            t, g = self.grid.transform, self.grid
            x0, y0 = t * (g.col.min(), g.row.min())
            x1, y1 = t * (g.col.max() + 1, g.row.max() + 1)
            return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)
        return float(self.x.min()), float(self.y.min()), float(self.x.max()), float(self.y.max())


# -- checks ---------------------------------------------------------------------------------------


def crs_name(wkt: str) -> str:
    """A short name of a CRS (EPSG code when known)."""
    if not wkt:
        return "no CRS"
    try:
        import pyproj

        crs = pyproj.CRS.from_wkt(wkt) if "[" in wkt else pyproj.CRS.from_user_input(wkt)
        epsg = crs.to_epsg(min_confidence=70)
        return f"EPSG:{epsg} ({crs.name})" if epsg else crs.name
    except Exception:  # an unreadable CRS: show its start
        return wkt[:60]


def _lower_first(layer_name: str) -> str:
    """``layer_name`` inside a sentence: "The demand layer" → "the demand layer"; a file or layer name unchanged."""
    first, _, rest = layer_name.partition(" ")
    return f"{first.lower()} {rest}" if rest and first in ("The", "A", "An") else layer_name


def check_same_crs(layer_crs: str, landcover_crs: str, layer_name: str) -> None:
    """Raise :class:`InputError` when ``layer_crs`` is missing or differs from the land cover's CRS."""
    if not layer_crs:
        raise InputError(
            f"{layer_name} has no coordinate reference system.",
            f"Assign its CRS (QGIS: Layer Properties ▸ Source), then reproject it to the land-cover CRS "
            f"{crs_name(landcover_crs)}.",
        )
    import pyproj

    try:
        a = pyproj.CRS.from_user_input(layer_crs)
        b = pyproj.CRS.from_user_input(landcover_crs)
        same = a.equals(b, ignore_axis_order=True)
    except pyproj.exceptions.CRSError:
        same = layer_crs == landcover_crs
    if not same:
        raise InputError(
            f"{layer_name} is in {crs_name(layer_crs)} but the land-cover raster is in {crs_name(landcover_crs)}; "
            "distances need one CRS.",
            f"Reproject {_lower_first(layer_name)} to {crs_name(landcover_crs)} (QGIS: Vector ▸ Data Management Tools ▸ "
            "Reproject Layer, or Raster ▸ Projections ▸ Warp for a raster) and run again.",
        )


def check_fields(layer_name: str, existing: Sequence[str], **wanted: str) -> None:
    """Raise :class:`InputError` when a field asked for (``role=field name``; empty = not asked) is not in the layer."""
    for role, name in wanted.items():
        if name and name not in existing:
            have = ", ".join(f"'{f}'" for f in existing) or "none"
            raise InputError(
                f"The {role.replace('_', ' ')} '{name}' does not exist in {_lower_first(layer_name)}; its fields "
                f"are: {have}.",
                f"Choose one of those fields as the {role.replace('_', ' ')}, or add '{name}' to the layer.",
            )


def grid_bounds(grid: Grid) -> tuple[float, float, float, float]:
    """(xmin, ymin, xmax, ymax) of a raster grid."""
    t = grid.transform
    xs = (t.c, t.c + t.a * grid.width)
    ys = (t.f, t.f + t.e * grid.height)
    return min(xs), min(ys), max(xs), max(ys)


def check_overlap(bounds: tuple[float, float, float, float], grid: Grid, layer_name: str) -> None:
    """Raise :class:`InputError` when ``bounds`` do not intersect the land-cover extent."""
    a = bounds
    b = grid_bounds(grid)
    if a[0] > b[2] or a[2] < b[0] or a[1] > b[3] or a[3] < b[1]:
        raise InputError(
            f"{layer_name} (extent {a[0]:.6g}, {a[1]:.6g} – {a[2]:.6g}, {a[3]:.6g}) does not overlap the "
            f"land-cover raster (extent {b[0]:.6g}, {b[1]:.6g} – {b[2]:.6g}, {b[3]:.6g}).",
            "Choose the demand layer of the same study area (and check both are in the same CRS, with the "
            "right coordinates).",
        )


def _check_coefficient(coefficient: float) -> None:
    if not (math.isfinite(coefficient) and coefficient >= 0):
        raise InputError(
            f"The demand coefficient must be a finite number ≥ 0, not {coefficient}.",
            "Give the factor that turns the layer's values into t C/yr (1 if they already are; 12/44 ≈ 0.2727 "
            "for t CO₂/yr).",
        )


def _check_values(unit_id: np.ndarray, demand: np.ndarray, layer_name: str, field_name: str) -> None:
    bad = ~np.isfinite(demand)
    if bad.any():
        ids = ", ".join(map(str, unit_id[bad][:10]))
        raise InputError(
            f"{bad.sum()} demand unit(s) of {layer_name} have no numeric value in '{field_name}' (ids {ids}).",
            "Fill the field (0 where there is no demand) or remove those features.",
        )
    neg = demand < 0
    if neg.any():
        ids = ", ".join(f"{i} ({v:g})" for i, v in zip(unit_id[neg][:10], demand[neg][:10]))
        raise InputError(
            f"{neg.sum()} demand unit(s) of {layer_name} have a negative demand in '{field_name}': {ids}.",
            "Demand is an amount of carbon to offset (t C/yr ≥ 0): correct those values, or set them to 0.",
        )


# -- vector units -----------------------------------------------------------------------------------


def point_units(
    unit_id: Sequence[int],
    x: Sequence[float],
    y: Sequence[float],
    demand: Sequence[float],
    crs_wkt: str,
    coefficient: float = 1.0,
    name: Optional[Sequence[str]] = None,
    layer_name: str = "The demand layer",
    field_name: str = "demand",
    measure: str = OTHER,
) -> DemandUnits:
    """Point units with demand = field value × :func:`demand_factor` (t C/yr)."""
    factor = demand_factor(measure, coefficient)
    ids, values = _checked_units(unit_id, demand, factor, layer_name, field_name)
    return DemandUnits(
        ids, np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64), values * factor, POINT, crs_wkt,
        None if name is None else np.asarray(name, dtype=object),
        description=f"{layer_name}, field {field_name}{_measure_text(measure, factor)}", measure=measure,
        factor=factor,
    )


def _measure_text(measure: str, factor: float) -> str:
    """How the values were read, for a unit table's description."""
    if measure == OTHER:
        return f" × {factor:g} (t C/yr per unit)" if factor != 1.0 else ""
    return f" in {MEASURE_TEXT[measure]}" + (f" × {factor:.4g}" if factor != 1.0 else "")


def polygon_units(
    unit_id: Sequence[int],
    polygons: Sequence,
    demand: Sequence[float],
    crs_wkt: str,
    coefficient: float = 1.0,
    name: Optional[Sequence[str]] = None,
    layer_name: str = "The demand layer",
    field_name: str = "demand",
    measure: str = OTHER,
) -> DemandUnits:
    """Polygon units with demand = field value × :func:`demand_factor` (t C/yr); the point is inside each polygon."""
    factor = demand_factor(measure, coefficient)
    ids, values = _checked_units(unit_id, demand, factor, layer_name, field_name)
    x, y = _inner_points(polygons)
    return DemandUnits(
        ids, x, y, values * factor, POLYGON, crs_wkt, None if name is None else np.asarray(name, dtype=object),
        polygons=list(polygons), description=f"{layer_name}, field {field_name}{_measure_text(measure, factor)}",
        measure=measure, factor=factor,
    )


def _checked_units(unit_id: Sequence[int], demand: Sequence[float], coefficient: float, layer_name: str,
                   field_name: str) -> tuple[np.ndarray, np.ndarray]:
    """Unit ids and field values as arrays, after the checks every vector layer of units gets."""
    _check_coefficient(coefficient)
    ids = np.asarray(unit_id, dtype=np.int64)
    values = np.asarray(demand, dtype=np.float64)
    _check_values(ids, values, layer_name, field_name)
    _check_unique(ids, layer_name)
    _check_product(values, coefficient, layer_name)
    return ids, values


def _check_product(values: np.ndarray, coefficient: float, layer_name: str) -> None:
    """The demands (values × coefficient) and their total must be finite numbers."""
    with np.errstate(over="ignore", invalid="ignore"):
        product = values * coefficient
        total = product.sum()
    require_finite(np.append(product, total), f"The demand of {layer_name} (values × coefficient {coefficient:g})",
                   "the demand coefficient or the layer's values are too large",
                   "Give the coefficient that turns the values into t C/yr (1 if they already are; 12/44 ≈ 0.2727 "
                   "for t CO₂/yr) and check the values' unit.")


def _check_unique(ids: np.ndarray, layer_name: str) -> None:
    if ids.size == 0:
        raise InputError(f"{layer_name} has no feature.", "Give a layer with at least one demand unit.")
    uniq, counts = np.unique(ids, return_counts=True)
    if (counts > 1).any():
        raise InputError(
            f"{layer_name} has repeated unit ids: {', '.join(map(str, uniq[counts > 1][:10]))}.",
            "Give every feature its own id (the feature id is used by default).",
        )


def _inner_points(polygons: Sequence) -> tuple[np.ndarray, np.ndarray]:
    """Centroid when inside the polygon, else a point on its surface."""
    xs, ys = [], []
    for g in polygons:
        c = g.centroid
        p = c if g.contains(c) else g.representative_point()
        xs.append(p.x)
        ys.append(p.y)
    return np.asarray(xs, dtype=np.float64), np.asarray(ys, dtype=np.float64)


# -- raster demand ------------------------------------------------------------------------------------


def raster_demand(
    path: str,
    landcover: Grid,
    coefficient: float = 1.0,
    band: int = 1,
    units: Optional[DemandUnits] = None,
    cell_size_m: Optional[float] = None,
    metres_per_unit: tuple[float, float] = (1.0, 1.0),
    rows_per_strip: Optional[int] = None,
    measure: str = OTHER,
) -> DemandUnits:
    """Sum a demand raster (× :func:`demand_factor`, t C/yr per cell) into ``units`` or into grid cells of ``cell_size_m``.

    ``metres_per_unit`` gives metres per CRS unit along x and y (the land cover's scale; on a geographic
    CRS the scale at the map's centre), used to turn ``cell_size_m`` into CRS units.
    """
    import rasterio
    from rasterio.errors import RasterioIOError

    coefficient = demand_factor(measure, coefficient)  # from here on: t C/yr per unit of the raster's value
    name = f"The demand raster '{os.path.basename(str(path))}'"
    if units is None and not (cell_size_m and cell_size_m > 0):
        raise InputError(
            "A demand raster needs demand units: a vector layer or a grid cell size.",
            "Give a demand-unit layer (points or polygons) or a grid cell size in metres (e.g. 1000).",
        )
    try:
        ds = rasterio.open(path)
    except RasterioIOError as err:
        raise InputError(f"{name} cannot be read ({err}).", "Give a GeoTIFF or another raster GDAL reads.") from err
    with ds:
        if not 1 <= band <= ds.count:
            raise InputError(f"{name} has no band {band}.", f"Choose a band between 1 and {ds.count}.")
        check_same_crs(ds.crs.to_wkt() if ds.crs else "", landcover.crs_wkt, name)
        t = ds.transform
        if t.b != 0 or t.d != 0:
            raise InputError(f"{name} has a rotated grid.", "Warp it to a north-up grid first (QGIS: Warp).")
        b = ds.bounds
        check_overlap((b.left, b.bottom, b.right, b.top), landcover, name)
        nodata = ds.nodatavals[band - 1]
        assign = _assigner(units, landcover, ds, cell_size_m, metres_per_unit)
        sums = assign.new_sums()
        neg_count, neg_min = 0, 0.0
        for r0, r1 in plan_strips(ds.height, ds.width, rows_per_strip):
            values = ds.read(band, window=((r0, r1), (0, ds.width)), masked=False).astype(np.float64)
            valid = np.isfinite(values)
            if nodata is not None and np.isfinite(nodata):
                valid &= values != nodata
            neg = valid & (values < 0)
            if neg.any():
                neg_count += int(neg.sum())
                neg_min = min(neg_min, float(values[neg].min()))
                continue
            rows, cols = np.nonzero(valid & (values > 0))
            if rows.size:
                assign.add(sums, r0 + rows, cols, values[rows, cols] * coefficient)
    if neg_count:
        raise InputError(
            f"{name} has {neg_count} cell(s) with a negative demand (lowest {neg_min:g}).",
            "Demand is an amount of carbon to offset (≥ 0): set those cells to 0 or nodata (QGIS: Raster Calculator), "
            "or declare the raster's nodata value.",
        )
    units = assign.units(sums, name, coefficient, band)
    units.measure, units.factor = measure, coefficient
    _check_product(np.asarray(units.demand_tC_yr, dtype=np.float64), 1.0, name)
    return units


class _Assigner:
    """Maps demand-raster cells to units and builds the unit table."""

    def new_sums(self) -> dict: ...

    def add(self, sums: dict, rows: np.ndarray, cols: np.ndarray, values: np.ndarray) -> None: ...

    def units(self, sums: dict, name: str, coefficient: float, band: int) -> DemandUnits: ...


def _assigner(units, landcover: Grid, ds, cell_size_m, metres_per_unit) -> _Assigner:
    if units is None:
        return _GridAssigner(landcover, ds.transform, float(cell_size_m), metres_per_unit)
    check_same_crs(units.crs_wkt, landcover.crs_wkt, "The demand-unit layer")
    if units.kind == POLYGON:
        return _PolygonAssigner(units, ds.transform, ds.width)
    return _PointAssigner(units, ds.transform)


class _VectorAssigner(_Assigner):
    def __init__(self, units: DemandUnits, transform) -> None:
        self.vector = units
        self.transform = transform

    def new_sums(self) -> dict:
        return {"demand": np.zeros(self.vector.size)}

    def units(self, sums: dict, name: str, coefficient: float, band: int) -> DemandUnits:
        v = self.vector
        return DemandUnits(
            v.unit_id, v.x, v.y, sums["demand"], v.kind, v.crs_wkt, v.name, v.polygons,
            description=f"{name} band {band} × {coefficient:g}, summed into {v.description or 'the units'}",
        )


class _PointAssigner(_VectorAssigner):
    """Every cell to its nearest point (Thiessen regions)."""

    def __init__(self, units: DemandUnits, transform) -> None:
        from scipy.spatial import cKDTree

        super().__init__(units, transform)
        self.tree = cKDTree(np.column_stack([units.x, units.y]))

    def add(self, sums: dict, rows, cols, values) -> None:
        xs, ys = self.transform * (cols + 0.5, rows + 0.5)
        _, nearest = self.tree.query(np.column_stack([xs, ys]))
        sums["demand"] += np.bincount(nearest, weights=values, minlength=self.vector.size)


class _PolygonAssigner(_VectorAssigner):
    """Every cell to the polygon containing its centre."""

    def __init__(self, units: DemandUnits, transform, width: int) -> None:
        super().__init__(units, transform)
        self.width = width
        self.shapes = [(g, i + 1) for i, g in enumerate(units.polygons)]

    def add(self, sums: dict, rows, cols, values) -> None:
        from rasterio import features
        from rasterio.windows import Window, transform as window_transform

        r0, r1 = int(rows.min()), int(rows.max()) + 1
        c0, c1 = int(cols.min()), int(cols.max()) + 1
        t = window_transform(Window(c0, r0, c1 - c0, r1 - r0), self.transform)
        index = features.rasterize(self.shapes, out_shape=(r1 - r0, c1 - c0), transform=t, fill=0, dtype="int32")
        idx = index[rows - r0, cols - c0]
        inside = idx > 0
        sums["demand"] += np.bincount(idx[inside] - 1, weights=values[inside], minlength=self.vector.size)


class _GridAssigner(_Assigner):
    """Square grid cells of ``size_m`` aligned on the land-cover raster's upper-left corner."""

    def __init__(self, landcover: Grid, transform, size_m: float, metres_per_unit) -> None:
        self.landcover = landcover
        self.transform = transform
        self.size_m = size_m
        self.size_x = size_m / metres_per_unit[0]
        self.size_y = size_m / metres_per_unit[1]
        self.x0, self.y0 = landcover.transform.c, landcover.transform.f

    def new_sums(self) -> dict:
        return {"key": [], "demand": [], "wx": [], "wy": []}

    def add(self, sums: dict, rows, cols, values) -> None:
        xs, ys = self.transform * (cols + 0.5, rows + 0.5)
        bc = np.floor((xs - self.x0) / self.size_x).astype(np.int64)
        br = np.floor((self.y0 - ys) / self.size_y).astype(np.int64)
        key = (br << 32) + (bc + (1 << 31))
        uniq, inv = np.unique(key, return_inverse=True)
        sums["key"].append(uniq)
        sums["demand"].append(np.bincount(inv, weights=values))
        sums["wx"].append(np.bincount(inv, weights=values * xs))
        sums["wy"].append(np.bincount(inv, weights=values * ys))

    def units(self, sums: dict, name: str, coefficient: float, band: int) -> DemandUnits:
        from rasterio.transform import Affine

        if not sums["key"]:
            raise InputError(
                f"{name} holds no positive demand.",
                "Check the band, the nodata value and the coefficient: every cell is 0, negative or nodata.",
            )
        key = np.concatenate(sums["key"])
        uniq, inv = np.unique(key, return_inverse=True)
        demand = np.bincount(inv, weights=np.concatenate(sums["demand"]))
        wx = np.bincount(inv, weights=np.concatenate(sums["wx"])) / demand
        wy = np.bincount(inv, weights=np.concatenate(sums["wy"])) / demand
        br = uniq >> 32
        bc = (uniq & ((1 << 32) - 1)) - (1 << 31)
        r_min, c_min = int(br.min()), int(bc.min())
        transform = Affine(self.size_x, 0.0, self.x0 + c_min * self.size_x, 0.0, -self.size_y, self.y0 - r_min * self.size_y)
        grid = UnitGrid(
            transform, int(bc.max()) - c_min + 1, int(br.max()) - r_min + 1, (br - r_min).astype(np.int64),
            (bc - c_min).astype(np.int64), self.size_m,
        )
        ids = np.arange(1, uniq.size + 1, dtype=np.int64)
        return DemandUnits(
            ids, wx, wy, demand, GRID, self.landcover.crs_wkt, grid=grid,
            description=f"{name} band {band} × {coefficient:g}, summed into {self.size_m:g} m grid cells",
        )
