"""Dated land-cover snapshots: years, one grid, one legend.

Snapshots at years y_0 < y_1 < … < y_{m−1} are maps of the same grid (same CRS, size, cell size
and origin) classified through one legend that says which classes are mangrove, salt marsh,
seagrass and the rest.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from typing import Optional, Sequence, Union

from ..errors import InputError
from ..landcover import LandCover, open_landcover
from ..legend import NO_LEGEND, Legend, load_legend


@dataclass
class Snapshots:
    """Land-cover maps of the same grid at increasing years, classified through one legend."""

    landcovers: list[LandCover]
    years: list[int]
    legend: Legend

    @property
    def grid(self):
        """The common grid."""
        return self.landcovers[0].grid

    @property
    def paths(self) -> list[str]:
        """The snapshot files, in year order."""
        return [lc.path for lc in self.landcovers]

    def close(self) -> None:
        """Close every snapshot."""
        for lc in self.landcovers:
            lc.close()

    def __enter__(self) -> "Snapshots":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def check_years(years: Sequence[int]) -> list[int]:
    """The snapshot years as ints; InputError unless there are two or more, strictly increasing."""
    out = []
    for i, y in enumerate(years):
        try:
            value = float(y)
        except (TypeError, ValueError):
            raise InputError(f"Snapshot year {i + 1} ('{y}') is not a year.", "Give whole years, e.g. 2020, 2035.") from None
        if not value.is_integer():
            raise InputError(f"Snapshot year {i + 1} ({y}) is not a whole year.", "Give whole years, e.g. 2020, 2035.")
        out.append(int(value))
    if len(out) < 2:
        raise InputError(
            f"The change model needs two or more dated snapshots; {len(out)} given.",
            "Give at least two land-cover rasters and their years.",
        )
    for i in range(1, len(out)):
        if out[i] <= out[i - 1]:
            raise InputError(
                f"Snapshot years must increase: {out[i]} (snapshot {i + 1}) comes after {out[i - 1]} "
                f"(snapshot {i}) but is not later.",
                "List the snapshots from the oldest to the newest, each with its own year, in the same order.",
            )
    return out


def parse_years(text: str) -> list[int]:
    """Years from a comma- or space-separated list ('2020, 2035')."""
    tokens = [t for t in re.split(r"[,;\s]+", str(text or "").strip()) if t]
    return check_years(tokens)


def open_snapshots(
    paths: Sequence[Union[str, os.PathLike]],
    years: Sequence[int],
    legend: Union[str, Legend, None],
    bands: Optional[Sequence[Optional[int]]] = None,
) -> Snapshots:
    """Open dated snapshots and check them: years increasing, same grid and CRS, a legend with ecosystems."""
    years = check_years(years)
    if len(paths) != len(years):
        raise InputError(
            f"{len(paths)} snapshot raster(s) but {len(years)} year(s) were given.",
            "Give one year per snapshot, in the same order as the rasters.",
        )
    if legend is None or (isinstance(legend, str) and legend in ("", NO_LEGEND)):
        raise InputError(
            "The change model needs a legend that says which classes are mangrove, salt marsh, seagrass and the rest.",
            "Choose the legend preset of the land-cover product (e.g. esa_worldcover) or a legend CSV.",
        )
    legend_obj = legend if isinstance(legend, Legend) else load_legend(legend)
    landcovers: list[LandCover] = []
    try:
        for i, path in enumerate(paths):
            lc = open_landcover(os.fspath(path), None if bands is None else bands[i])
            landcovers.append(lc)
            if i:
                difference = _grid_difference(landcovers[0], lc)
                if difference:
                    raise InputError(
                        f"The snapshots of {years[0]} ('{landcovers[0].path}') and {years[i]} ('{lc.path}') are not on "
                        f"the same grid: {difference}.",
                        "Resample them onto one grid first (QGIS: Warp (Reproject) or Align Rasters, nearest "
                        "neighbour), so that every cell is the same place in each year.",
                    )
    except Exception:
        for lc in landcovers:
            lc.close()
        raise
    return Snapshots(landcovers, years, legend_obj)


def _grid_difference(a: LandCover, b: LandCover) -> str:
    """Words for how two grids differ ('' when they are the same)."""
    ga, gb = a.grid, b.grid
    if ga.same_as(gb):
        return ""
    if ga.crs_wkt != gb.crs_wkt:
        return f"the CRS differs ({_crs_name(ga.crs_wkt)} vs {_crs_name(gb.crs_wkt)})"
    if (ga.width, ga.height) != (gb.width, gb.height):
        return f"the size differs ({ga.width} x {ga.height} vs {gb.width} x {gb.height} cells)"
    if not (math.isclose(ga.res_x, gb.res_x, rel_tol=1e-9) and math.isclose(ga.res_y, gb.res_y, rel_tol=1e-9)):
        return f"the cell size differs ({ga.res_x:g} x {ga.res_y:g} vs {gb.res_x:g} x {gb.res_y:g})"
    ta, tb = ga.transform, gb.transform
    return f"the origin differs (upper-left corner {ta.c:g}, {ta.f:g} vs {tb.c:g}, {tb.f:g})"


def _crs_name(wkt: str) -> str:
    try:
        from rasterio.crs import CRS

        return CRS.from_wkt(wkt).to_string()
    except Exception:  # pragma: no cover - unreadable CRS
        return wkt[:40]


def block_rows(snapshots: Snapshots) -> Optional[int]:
    """The block height shared by every snapshot file (None when they differ)."""
    import rasterio

    heights = set()
    for path in snapshots.paths:
        with rasterio.open(path) as ds:
            heights.add(ds.block_shapes[snapshots.landcovers[0].band - 1][0])
    return heights.pop() if len(heights) == 1 else None
