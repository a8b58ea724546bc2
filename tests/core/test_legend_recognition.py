"""Legend recognition from a raster's own colour table and category names (core.legend.recognise_legend)."""

from __future__ import annotations

import numpy as np
import rasterio
from rasterio.transform import from_origin

from bluecarbon.core.legend import FALLBACK_LEGEND, NO_LEGEND, recognise_raster_legend, resolve_legend

# ESA WorldCover's published colours (Product User Manual), typed here independently of the preset file
WORLDCOVER = {10: (0, 100, 0), 60: (180, 180, 180), 80: (0, 100, 200), 90: (0, 150, 160), 95: (0, 207, 117)}


def _write(path, values, colormap=None, categories=None):
    data = np.array(values, dtype=np.uint8).reshape(2, -1)
    with rasterio.open(path, "w", driver="GTiff", height=data.shape[0], width=data.shape[1], count=1, dtype="uint8",
                       crs="EPSG:32649", transform=from_origin(500000, 2500000, 10, 10), nodata=0) as ds:
        ds.write(data, 1)
        if colormap:
            ds.write_colormap(1, {k: (*v, 255) for k, v in colormap.items()})
    if categories:
        from osgeo import gdal

        dataset = gdal.Open(str(path), gdal.GA_Update)
        dataset.GetRasterBand(1).SetCategoryNames(categories)
        dataset = None
    return str(path)


def test_worldcover_colour_table_is_recognised(tmp_path) -> None:
    path = _write(tmp_path / "wc.tif", [10, 60, 80, 90, 95, 95], WORLDCOVER)
    found = recognise_raster_legend(path)
    assert found.preset == "esa_worldcover" and found.color_matches == 5 and found.n_values == 5
    assert resolve_legend("auto", path) == ("esa_worldcover", found)


def test_same_values_without_colour_table_are_not_guessed(tmp_path) -> None:
    path = _write(tmp_path / "plain.tif", [10, 60, 80, 90, 95, 95])
    found = recognise_raster_legend(path)
    assert found.preset is None and "esa_worldcover" in found.candidates
    assert resolve_legend("auto", path)[0] == FALLBACK_LEGEND == NO_LEGEND
    assert resolve_legend("noaa_ccap", path) == ("noaa_ccap", None)  # an explicit choice is kept


def test_other_colours_or_foreign_values_are_not_recognised(tmp_path) -> None:
    grey = {v: (v, v, v) for v in WORLDCOVER}
    assert recognise_raster_legend(_write(tmp_path / "grey.tif", [10, 60, 80, 90, 95, 95], grey)).preset is None
    foreign = {**WORLDCOVER, 7: (1, 2, 3)}  # 7 is no WorldCover code
    assert recognise_raster_legend(_write(tmp_path / "f.tif", [10, 60, 80, 90, 95, 7], foreign)).preset is None


def test_category_names_are_recognised() -> None:
    """Names as a raster's category names give them (the Global Mangrove Watch classes)."""
    from bluecarbon.core.legend import recognise_legend

    found = recognise_legend([0, 1], {}, {0: "Not mangrove", 1: "Mangrove"})
    assert found.preset == "global_mangrove_watch" and found.name_matches == 2 and found.color_matches == 0
    assert recognise_legend([0, 1], {}, {0: "Water", 1: "Land"}).preset is None
