"""core.checks (the input rules the assessment and the wizard share) and core.landcover.clip_to_shapes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin

from bluecarbon.core.checks import check_same_grid, check_sink_classes, check_years, grid_differences
from bluecarbon.core.classes import open_classified
from bluecarbon.core.errors import InputError
from bluecarbon.core.landcover import clip_to_shapes, open_landcover
from bluecarbon.core.parameters import load_parameters
from rasters import write_raster


def grid_of(path: Path):
    with open_landcover(str(path)) as lc:
        return lc.grid


@pytest.fixture
def first(tmp_path: Path) -> Path:
    return write_raster(tmp_path / "a.tif", np.ones((6, 8), dtype=np.uint8))


@pytest.mark.parametrize("change, words", [
    ({"data": np.ones((6, 7), dtype=np.uint8)}, ["size 7 × 6 cells against 8 × 6"]),
    ({"transform": from_origin(371000, 2390000, 20, 20)}, ["cell size 20 × 20 against 10 × 10"]),
    ({"transform": from_origin(371010, 2390000, 10, 10)}, ["origin (371010, 2390000) against (371000, 2390000)"]),
    ({"crs": "EPSG:32650"}, ["CRS"]),
])
def test_a_grid_difference_is_named(tmp_path: Path, first: Path, change: dict, words: list) -> None:
    data = change.pop("data", np.ones((6, 8), dtype=np.uint8))
    second = write_raster(tmp_path / "b.tif", data, **change)
    assert grid_differences(grid_of(first), grid_of(second)) == words
    with pytest.raises(InputError) as err:
        check_same_grid(grid_of(first), grid_of(second), "INPUT_2", str(second))
    assert "INPUT_2" in str(err.value) and words[0] in str(err.value) and "Fix:" in str(err.value)
    check_same_grid(grid_of(first), grid_of(first))  # the same grid passes


def test_years() -> None:
    check_years(2020, 2035)
    with pytest.raises(InputError, match="YEAR_2 is empty"):
        check_years(2020, None)
    with pytest.raises(InputError, match="must be later than the first"):
        check_years(2035, 2020)


def test_a_map_without_a_class_with_a_rate(tmp_path: Path) -> None:
    path = write_raster(tmp_path / "crops.tif", np.full((4, 4), 40, dtype=np.uint8))  # WorldCover cropland only
    lc, scheme = open_classified(str(path), None, "esa_worldcover")
    lc.close()
    with pytest.raises(InputError, match="No class of INPUT is mapped to a blue-carbon ecosystem"):
        check_sink_classes(scheme, load_parameters("mcleod_2011"))


def test_clip_masks_outside_the_shapes_and_crops_to_their_box(tmp_path: Path) -> None:
    data = np.arange(1, 49, dtype=np.uint8).reshape(6, 8)
    path = write_raster(tmp_path / "map.tif", data, nodata=0)
    # cells of 10 m from (371000, 2390000): a triangle over columns 2-5 and rows 1-4
    triangle = {"type": "Polygon", "coordinates": [[(371020, 2389990), (371060, 2389990), (371020, 2389950),
                                                      (371020, 2389990)]]}
    out = clip_to_shapes(str(path), None, [triangle], str(tmp_path / "clip.tif"))
    with rasterio.open(out) as src:
        clipped = src.read(1)
        assert (src.width, src.height) == (4, 4) and src.transform.c == 371020 and src.nodata == 0
    window = data[1:5, 2:6]
    inside = clipped != 0
    assert inside[0, 0] and not inside[3, 3]  # the right angle is inside, the far corner is not
    assert np.array_equal(clipped[inside], window[inside])


def test_clip_outside_the_map_is_an_input_error(tmp_path: Path) -> None:
    path = write_raster(tmp_path / "map.tif", np.ones((6, 8), dtype=np.uint8), nodata=0)
    far = {"type": "Polygon", "coordinates": [[(0, 0), (10, 0), (10, 10), (0, 0)]]}
    with pytest.raises(InputError, match="does not overlap"):
        clip_to_shapes(str(path), None, [far], str(tmp_path / "clip.tif"))
    assert not (tmp_path / "clip.tif").exists()
