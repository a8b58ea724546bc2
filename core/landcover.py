"""Open and check a classified land-cover raster; read it in row strips; true cell sizes.

Cell areas are true areas in m²: the resolution product on a projected CRS (in
metres, whatever the CRS's linear unit), and on a geographic CRS the geodesic
area of one cell per row from ``pyproj.Geod.polygon_area_perimeter``, never
degrees squared. Edge lengths follow the same rule, so perimeters on a
geographic raster are true lengths too.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterator, Optional

import numpy as np
import rasterio
from rasterio.errors import RasterioIOError
from rasterio.windows import Window

from .errors import InputError

if TYPE_CHECKING:  # for annotations only: pyproj is imported where it is used
    import pyproj

INTEGER_KINDS = ("i", "u")


@dataclass(frozen=True)
class Grid:
    """The raster grid: size, georeferencing and CRS (north-up only)."""

    width: int
    height: int
    transform: "rasterio.Affine"
    crs_wkt: str
    is_geographic: bool
    linear_unit_m: float  # metres per CRS unit on a projected CRS; 1.0 on a geographic CRS

    @property
    def res_x(self) -> float:
        """Cell width in CRS units."""
        return abs(self.transform.a)

    @property
    def res_y(self) -> float:
        """Cell height in CRS units."""
        return abs(self.transform.e)

    @property
    def n_cells(self) -> int:
        """Number of cells, nodata included."""
        return self.width * self.height

    def same_as(self, other: "Grid") -> bool:
        """True when both grids have the same size, transform and CRS."""
        return (
            self.width == other.width
            and self.height == other.height
            and self.transform.almost_equals(other.transform)
            and self.crs_wkt == other.crs_wkt
        )


@dataclass(frozen=True)
class CellGeometry:
    """True sizes of the cells of a grid, row by row, in metres."""

    row_area_m2: np.ndarray  # (height,) area of one cell in each row
    edge_h_m: np.ndarray  # (height + 1,) length of the horizontal cell side on row boundary b (top of row b)
    edge_v_m: np.ndarray  # (height,) length of the vertical cell side in row r
    dx_m: float  # representative cell width for distances (centre row on a geographic CRS)
    dy_m: float  # representative cell height for distances
    uniform: bool  # True on a projected CRS: every cell has the same size
    origin_deg: tuple = (0.0, 0.0, 1.0, 1.0)  # geographic CRS: (west lon, north lat, cell width, cell height) in °
    width: int = 0  # columns of the grid
    geod: "Optional[pyproj.Geod]" = field(default=None, compare=False, repr=False)  # the CRS's ellipsoid

    @property
    def cell_area_m2(self) -> float:
        """Area of a representative cell (exact on a projected CRS)."""
        return self.dx_m * self.dy_m

    # -- distances on geographic grids (every helper is the plain Euclidean one on a projected grid) ------------
    @property
    def row_dx_m(self) -> np.ndarray:
        """East–west width (m) of a cell at the centre of each row."""
        return 0.5 * (self.edge_h_m[:-1] + self.edge_h_m[1:])

    @property
    def row_y_m(self) -> np.ndarray:
        """Meridian distance (m) from the top edge of the map to the centre of each row."""
        return np.concatenate(([0.0], np.cumsum(self.edge_v_m)))[:-1] + 0.5 * self.edge_v_m

    @property
    def largest_diagonal_m(self) -> float:
        """Longest cell diagonal (m) of the grid (an upper bound on a geographic grid)."""
        return float(np.hypot(self.edge_h_m.max(), self.edge_v_m.max()))

    def local_distance_m(self, r1: np.ndarray, c1: np.ndarray, r2: np.ndarray, c2: np.ndarray) -> np.ndarray:
        """Distance (m) between cell centres ``(r1, c1)`` and ``(r2, c2)`` (integer rows inside the map).

        On a geographic grid: the meridian arc between the rows and the column offset times the east–west cell
        width at the rows' mean latitude (within 2.3e-4 of ``Geod.inv`` for pairs 800 km apart at 20° N, the
        error growing as the square of the distance; 1e-9 for pairs a few km apart).
        """
        r1, r2 = np.asarray(r1), np.asarray(r2)
        dc = np.abs(np.asarray(c1, dtype=np.float64) - c2)
        if self.uniform:
            return np.hypot(dc * self.dx_m, (r1 - r2) * self.dy_m)
        y, dxr = self.row_y_m, self.row_dx_m
        mid = 0.5 * (r1 + r2)
        lo = np.floor(mid).astype(np.int64)
        dx_mid = np.where(lo == mid, dxr[lo], 0.5 * (dxr[lo] + dxr[np.minimum(lo + 1, dxr.size - 1)]))
        return np.hypot(dc * dx_mid, y[r1] - y[r2])

    def lonlat(self, row_f: np.ndarray, col_f: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Longitude and latitude (°) of fractional grid positions (row 0.5, column 0.5 = centre of the first cell)."""
        lon0, lat0, dlon, dlat = self.origin_deg
        return lon0 + np.asarray(col_f, dtype=np.float64) * dlon, lat0 - np.asarray(row_f, dtype=np.float64) * dlat

    def distance_m(self, row1: np.ndarray, col1: np.ndarray, row2: np.ndarray, col2: np.ndarray) -> np.ndarray:
        """True distance (m) between fractional grid positions: geodesic (``Geod.inv``) on a geographic grid."""
        if self.uniform:
            return np.hypot((np.asarray(col1, dtype=np.float64) - col2) * self.dx_m,
                            (np.asarray(row1, dtype=np.float64) - row2) * self.dy_m)
        lon1, lat1 = self.lonlat(row1, col1)
        lon2, lat2 = self.lonlat(row2, col2)
        lon1, lat1, lon2, lat2 = np.broadcast_arrays(lon1, lat1, lon2, lat2)
        if lon1.size == 0:
            return np.zeros(lon1.shape)
        _az, _baz, dist = self.geod.inv(lon1.ravel(), lat1.ravel(), lon2.ravel(), lat2.ravel())
        return np.asarray(dist, dtype=np.float64).reshape(lon1.shape)

    def metric_frame(self, row_f: np.ndarray, col_f: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Plane coordinates (m) of fractional grid positions for nearest-neighbour searches.

        Projected grid: ``(col·dx, row·dy)``, exact. Geographic grid: the azimuthal equidistant projection
        centred on the map, whose distances are within :attr:`frame_error` of the geodesic ones.
        """
        if self.uniform:
            return np.asarray(col_f, dtype=np.float64) * self.dx_m, np.asarray(row_f, dtype=np.float64) * self.dy_m
        lon, lat = self.lonlat(row_f, col_f)
        x, y = self._aeqd().transform(lon, lat)
        return np.asarray(x, dtype=np.float64), -np.asarray(y, dtype=np.float64)

    @property
    def frame_error(self) -> float:
        """Bound on the relative error of distances in :meth:`metric_frame` (0 on a projected grid)."""
        if self.uniform:
            return 0.0
        h = self.row_area_m2.size
        w = self.width
        cx, cy = self.metric_frame(np.array([0.0, 0.0, h, h, h / 2]), np.array([0.0, w, 0.0, w, w / 2]))
        rho = float(np.hypot(cx[:4] - cx[4], cy[:4] - cy[4]).max()) / 6.356e6  # angle on the smallest radius
        # the equidistant projection stretches distances across the radial direction by at most rho / sin(rho);
        # doubled for the ellipsoid's flattening and for pairs on either side of the centre
        return 2.0 * (rho / math.sin(rho) - 1.0) + 1e-9 if rho > 0 else 1e-9

    def _aeqd(self) -> "pyproj.Transformer":
        import pyproj

        lon0, lat0, dlon, dlat = self.origin_deg
        h, w = self.row_area_m2.size, self.width
        a, b = self.geod.a, self.geod.b
        crs = (f"+proj=aeqd +lat_0={lat0 - 0.5 * h * dlat!r} +lon_0={lon0 + 0.5 * w * dlon!r} "
               f"+a={a!r} +b={b!r} +units=m +no_defs")
        return pyproj.Transformer.from_crs(pyproj.CRS.from_proj4("+proj=longlat +a=%r +b=%r +no_defs" % (a, b)),
                                           pyproj.CRS.from_proj4(crs), always_xy=True)


class LandCover:
    """A land-cover raster read one band at a time, in row strips.

    Use :func:`open_landcover`, which checks the file first. No file handle is kept
    between reads (each read opens its own), so nothing is left open when a run ends
    or fails.
    """

    def __init__(self, path: str, band: int, dataset: "rasterio.io.DatasetReader") -> None:
        self.path = path
        self.band = band
        self.dtype = np.dtype(dataset.dtypes[band - 1])
        nodata = dataset.nodatavals[band - 1]
        self.nodata: Optional[int] = None if nodata is None or not np.isfinite(nodata) else int(nodata)
        crs = dataset.crs
        self.grid = Grid(
            width=dataset.width,
            height=dataset.height,
            transform=dataset.transform,
            crs_wkt=crs.to_wkt(),
            is_geographic=bool(crs.is_geographic),
            linear_unit_m=1.0 if crs.is_geographic else _linear_unit_m(crs, path),
        )
        self._geometry: Optional[CellGeometry] = None

    # -- reading ---------------------------------------------------------------------------
    def read_rows(self, row0: int, row1: int) -> np.ndarray:
        """Raw cell values of rows ``row0..row1-1`` (all columns)."""
        return self.read_window(row0, row1, 0, self.grid.width)

    def read_window(self, row0: int, row1: int, col0: int, col1: int) -> np.ndarray:
        """Raw cell values of a rectangular window.

        Each read opens its own handle, so GDAL's block cache lets go of the blocks once read
        (a strip-by-strip pass over a large raster would otherwise fill the cache, up to 5 % of RAM).
        """
        try:
            with rasterio.open(self.path) as ds:
                return ds.read(self.band, window=Window(col0, row0, col1 - col0, row1 - row0))
        except RasterioIOError as err:
            raise InputError(
                f"GDAL cannot read rows {row0}-{row1 - 1} of '{self.path}' ({err}); the file may be truncated or corrupt.",
                "Check the file is complete (copy or download it again), or rebuild it with GDAL Translate.",
            ) from err

    def valid(self, values: np.ndarray) -> np.ndarray:
        """Boolean mask of cells that are not nodata."""
        if self.nodata is None:
            return np.ones(values.shape, dtype=bool)
        return values != self.nodata

    def value_counts(self, rows_per_strip: Optional[int] = None) -> dict[int, int]:
        """Count the cells of every value present, nodata excluded, reading strip by strip."""
        counts: dict[int, int] = {}
        small = self.dtype.itemsize <= 2
        offset = int(np.iinfo(self.dtype).min) if small else 0
        for row0, row1 in plan_strips(self.grid.height, self.grid.width, rows_per_strip):
            values = self.read_rows(row0, row1).ravel()
            if small:
                # count every value at once (unsigned types need no offset), then drop nodata
                binned = np.bincount(values if offset == 0 else values.astype(np.int64) - offset)
                present = np.flatnonzero(binned)
                pairs = zip((present + offset).tolist(), binned[present].tolist())
            else:
                if self.nodata is not None:
                    values = values[values != self.nodata]
                uniq, cnt = np.unique(values, return_counts=True)
                pairs = zip(uniq.tolist(), cnt.tolist())
            for value, count in pairs:
                counts[value] = counts.get(value, 0) + count
        counts.pop(self.nodata, None)
        return dict(sorted(counts.items()))

    # -- geometry --------------------------------------------------------------------------
    @property
    def geometry(self) -> CellGeometry:
        """True cell areas and side lengths (computed once)."""
        if self._geometry is None:
            self._geometry = cell_geometry(self.grid)
        return self._geometry

    # -- context manager -------------------------------------------------------------------
    def close(self) -> None:
        """Nothing to release (no handle is kept); kept so ``with`` blocks read naturally."""

    def __enter__(self) -> "LandCover":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_landcover(path: str, band: Optional[int] = None) -> LandCover:
    """Open ``path`` and check it can serve as a classified land-cover map.

    ``band`` is 1-based; it may be omitted only for single-band rasters.
    Raises :class:`InputError` naming the problem and the fix.
    """
    path = os.fspath(path)
    if not os.path.exists(path):
        raise InputError(
            f"The land-cover raster '{path}' does not exist.",
            "Check the path, or choose the layer again in the dialog.",
        )
    try:
        ds = rasterio.open(path)
    except RasterioIOError as err:
        raise InputError(
            f"GDAL cannot read '{path}' as a raster ({err}).",
            "Give a GeoTIFF or another raster format GDAL reads, and check the file is complete and readable.",
        ) from err
    with ds:
        band = _check_band(ds, path, band)
        _check_complete(ds, path, band)
        _check_grid(ds, path, band)
        return LandCover(path, band, ds)


def _check_complete(ds: "rasterio.io.DatasetReader", path: str, band: int) -> None:
    """Read the first and the last block of ``band``: a truncated or damaged file fails here, not halfway through."""
    block_h, block_w = ds.block_shapes[band - 1]
    last_row, last_col = (ds.height - 1) // block_h * block_h, (ds.width - 1) // block_w * block_w
    try:
        for row, col in ((0, 0), (last_row, last_col)):
            ds.read(band, window=((row, min(row + block_h, ds.height)), (col, min(col + block_w, ds.width))))
    except RasterioIOError as err:
        raise InputError(
            f"'{path}' is truncated or damaged: GDAL cannot read its cells ({str(err).splitlines()[0]}).",
            "Copy or download the file again (it may have been cut short), or export it again from its source.",
        ) from err


def _check_band(ds: "rasterio.io.DatasetReader", path: str, band: Optional[int]) -> int:
    if ds.count == 0:
        raise InputError(f"'{path}' has no raster band.", "Give a raster with one band of class codes.")
    if band is None or band == 0:
        if ds.count > 1:
            raise InputError(
                f"'{path}' has {ds.count} bands and no band was chosen.",
                "Choose the band that holds the land-cover classes (parameter BAND, 1 to "
                f"{ds.count}).",
            )
        band = 1
    if not 1 <= band <= ds.count:
        raise InputError(
            f"Band {band} was asked for but '{path}' has {ds.count} band(s).",
            f"Choose a band between 1 and {ds.count}.",
        )
    return band


def _check_grid(ds: "rasterio.io.DatasetReader", path: str, band: int) -> None:
    dtype = np.dtype(ds.dtypes[band - 1])
    if dtype.kind not in INTEGER_KINDS:
        raise InputError(
            f"Band {band} of '{path}' holds {dtype.name} values, but a land-cover map must hold "
            "integer class codes.",
            "Convert it to an integer type (e.g. GDAL 'Translate' with output type Byte or Int16, "
            "after rounding), or choose the classified raster instead of a continuous one.",
        )
    if ds.width == 0 or ds.height == 0:
        raise InputError(f"'{path}' is empty ({ds.width} x {ds.height} cells).", "Give a raster with cells.")
    if ds.crs is None:
        raise InputError(
            f"'{path}' has no coordinate reference system, so cell areas and distances are unknown.",
            "Assign its CRS (QGIS: Assign Projection, or Layer Properties > Source) and run again.",
        )
    t = ds.transform
    if t.b != 0 or t.d != 0:
        raise InputError(
            f"'{path}' has a rotated or sheared grid, which landscape metrics cannot use.",
            "Warp it to a north-up grid first (QGIS: Warp (Reproject)).",
        )
    if t.a == 0 or t.e == 0:
        raise InputError(f"'{path}' has a zero cell size.", "Fix its georeferencing.")


def _linear_unit_m(crs: "rasterio.crs.CRS", path: str) -> float:
    """Metres per unit of a projected CRS (1.0 for metre CRSs)."""
    try:
        _name, factor = crs.linear_units_factor
    except Exception as err:  # CRS without a usable linear unit
        raise InputError(
            f"The CRS of '{path}' has no linear unit, so cell sizes in metres are unknown.",
            "Reproject the raster to a projected CRS in metres (e.g. the local UTM zone).",
        ) from err
    return float(factor)


def cell_geometry(grid: Grid) -> CellGeometry:
    """True cell areas (m²) and side lengths (m) of ``grid``, per row."""
    h = grid.height
    if not grid.is_geographic:
        dx = grid.res_x * grid.linear_unit_m
        dy = grid.res_y * grid.linear_unit_m
        return CellGeometry(
            row_area_m2=np.full(h, dx * dy),
            edge_h_m=np.full(h + 1, dx),
            edge_v_m=np.full(h, dy),
            dx_m=dx,
            dy_m=dy,
            uniform=True,
            width=grid.width,
        )
    geod = _geod_of(grid.crs_wkt)
    t = grid.transform
    lon0 = t.c
    dlon = abs(t.a)
    # latitude of every row boundary, top to bottom
    lat_b = t.f + t.e * np.arange(h + 1)
    lat_b = np.clip(lat_b, -90.0, 90.0)
    row_area = np.empty(h)
    edge_v = np.empty(h)
    for r in range(h):
        top, bottom = lat_b[r], lat_b[r + 1]
        area, _perim = geod.polygon_area_perimeter(
            [lon0, lon0 + dlon, lon0 + dlon, lon0], [top, top, bottom, bottom]
        )
        row_area[r] = abs(area)
    _az, _baz, edge_v[:] = geod.inv(np.full(h, lon0), lat_b[:-1], np.full(h, lon0), lat_b[1:])
    _az, _baz, edge_h = geod.inv(np.full(h + 1, lon0), lat_b, np.full(h + 1, lon0 + dlon), lat_b)
    centre = h // 2
    return CellGeometry(
        row_area_m2=row_area,
        edge_h_m=np.asarray(edge_h, dtype=float),
        edge_v_m=np.asarray(edge_v, dtype=float),
        dx_m=float(0.5 * (edge_h[centre] + edge_h[centre + 1])),
        dy_m=float(edge_v[centre]),
        uniform=False,
        origin_deg=(float(lon0), float(t.f), float(dlon), float(abs(t.e))),
        width=grid.width,
        geod=geod,
    )


def _geod_of(crs_wkt: str) -> "pyproj.Geod":
    """The ellipsoid of a geographic CRS as a ``pyproj.Geod`` (WGS 84 when unreadable)."""
    import pyproj

    try:
        return pyproj.CRS.from_wkt(crs_wkt).get_geod() or pyproj.Geod(ellps="WGS84")
    except pyproj.exceptions.CRSError:
        return pyproj.Geod(ellps="WGS84")


DEFAULT_STRIP_CELLS = 1 << 22  # 4.2 M cells per strip bound the working memory (a few hundred MB)


def plan_strips(height: int, width: int, rows_per_strip: Optional[int] = None) -> list[tuple[int, int]]:
    """Row ranges ``(row0, row1)`` covering the raster in strips of bounded size."""
    if rows_per_strip is None:
        rows_per_strip = max(1, DEFAULT_STRIP_CELLS // max(width, 1))
    rows_per_strip = max(1, min(int(rows_per_strip), height))
    return [(r0, min(r0 + rows_per_strip, height)) for r0 in range(0, height, rows_per_strip)]


def iter_strips(lc: LandCover, rows_per_strip: Optional[int] = None) -> Iterator[tuple[int, int, np.ndarray]]:
    """Yield ``(row0, row1, values)`` strip by strip."""
    for row0, row1 in plan_strips(lc.grid.height, lc.grid.width, rows_per_strip):
        yield row0, row1, lc.read_rows(row0, row1)


def clip_to_shapes(path: str, band: Optional[int], shapes: list, out: str, area_name: str = "AOI") -> str:
    """A copy of a map's band cropped to the bounding box of ``shapes`` and nodata outside them; returns ``out``.

    ``shapes`` are GeoJSON-like geometry dicts in the raster's CRS. A raster without a nodata value gets the first
    value of 0, the data type's maximum or minimum (-9999 for floats) that it does not use. InputError when the
    shapes do not overlap the raster, or when every value of the data type is used.
    """
    from rasterio.errors import WindowError
    from rasterio.features import geometry_mask, geometry_window

    from .io import write_raster_strips

    outside = InputError(
        f"The area of interest ({area_name}) does not overlap the land-cover raster '{path}'.",
        "Choose an area of interest inside the map (both are compared in the raster's CRS).",
    )
    with rasterio.open(path) as src:
        b = band or 1
        try:
            window = geometry_window(src, shapes)
        except WindowError:
            raise outside from None
        if window.width < 1 or window.height < 1:
            raise outside
        width, height = int(window.width), int(window.height)
        dtype = src.dtypes[b - 1]
        nodata = src.nodatavals[b - 1]
        strips = plan_strips(height, width)

        def read(r0: int, r1: int) -> np.ndarray:
            return src.read(b, window=Window(window.col_off, window.row_off + r0, width, r1 - r0))

        if nodata is None:
            used: set = set()
            for r0, r1 in strips:
                used.update(np.unique(read(r0, r1)).tolist())
            info = np.iinfo(dtype) if np.dtype(dtype).kind in "iu" else None
            candidates = [0] + ([info.max, info.min] if info is not None else [-9999])
            nodata = next((c for c in candidates if c not in used), None)
            if nodata is None:
                raise InputError(
                    f"'{path}' has no nodata value and uses every value of its data type, so the area outside the "
                    "area of interest cannot be marked.",
                    "Give the raster a nodata value (Raster ▸ Conversion ▸ Translate, 'Assign a specified nodata "
                    "value') or run without an area of interest.",
                )
        transform = src.window_transform(window)
        profile = {"width": width, "height": height, "count": 1, "dtype": dtype, "nodata": nodata,
                   "crs": src.crs, "transform": transform}

        def blocks() -> Iterator[tuple[int, np.ndarray]]:
            for r0, r1 in strips:
                data = read(r0, r1)
                strip_transform = transform * transform.translation(0, r0)
                inside = geometry_mask(shapes, (r1 - r0, width), strip_transform, invert=True)
                data[~inside] = nodata
                yield r0, data

        write_raster_strips(out, profile, blocks())
    return out
