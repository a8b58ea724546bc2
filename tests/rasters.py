"""Small GeoTIFFs for tests, written with rasterio (shared by the test modules)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import numpy as np
import rasterio
from rasterio.transform import from_origin

ROOT = Path(__file__).resolve().parent.parent
"""The repository (= plugin) root."""
SAMPLE_FOLDER = ROOT / "resources" / "sample"
SAMPLE = SAMPLE_FOLDER / "coastal_mosaic.tif"
"""The shipped sample map (ESA WorldCover codes, 10 m, EPSG:32649, 2020)."""
SAMPLE_2035 = SAMPLE_FOLDER / "coastal_mosaic_2035.tif"
"""The sample's 2035 scenario on the same grid."""
DEMAND = SAMPLE_FOLDER / "demand_units.gpkg"
"""The sample's demand units (points with emissions_tC_yr and name)."""
ZONES = SAMPLE_FOLDER / "zones.gpkg"
"""The sample's demo zones (polygons with a text field ``zone``)."""


def write_raster(
    path: Path,
    data: np.ndarray,
    crs: Optional[str] = "EPSG:32649",
    nodata: Optional[float] = None,
    **extra: object,
) -> Path:
    """Write ``data`` ((rows, cols) or (bands, rows, cols)) as a GeoTIFF with 10 m cells."""
    arr = np.asarray(data)
    if arr.ndim == 2:
        arr = arr[None]
    profile = dict(
        driver="GTiff", width=arr.shape[2], height=arr.shape[1], count=arr.shape[0], dtype=arr.dtype,
        transform=from_origin(371000, 2390000, 10, 10),
    )
    if crs is not None:
        profile["crs"] = crs
    if nodata is not None:
        profile["nodata"] = nodata
    profile.update(extra)
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(arr)
    return path
