"""Patch outlines: one valid multipolygon per patch, its area equal to AREA, whatever the strips."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import shapely

from bluecarbon.core.fragmentation import FragmentationOptions, analyse_fragmentation
from bluecarbon.core.classes import open_classified
from bluecarbon.core.polygons import patch_polygons
from rasters import SAMPLE



@pytest.mark.parametrize("rows_per_strip", [None, 37])
def test_every_patch_has_a_valid_outline_of_its_area(rows_per_strip) -> None:
    lc, scheme = open_classified(str(SAMPLE), legend="esa_worldcover")
    with lc:
        res = analyse_fragmentation(lc, scheme, FragmentationOptions(metrics=frozenset(), rows_per_strip=rows_per_strip))
        polys = list(patch_polygons(res.labelling, lc.grid))
        res.close()
    assert [pid for pid, _ in polys] == list(range(1, res.patch_data.n_patches + 1))
    areas_ha = np.array([geom.area for _, geom in polys]) / 1e4
    assert np.allclose(areas_ha, res.patches["AREA_ha"], rtol=1e-9)
    assert all(geom.is_valid and geom.geom_type == "MultiPolygon" for _, geom in polys), shapely.__version__


def test_diagonal_patch_is_a_multipolygon_not_a_bow_tie(tmp_path: Path) -> None:
    """Under the 8-neighbour rule two cells touching at a corner are one patch: two polygons."""
    from rasters import write_raster

    path = write_raster(tmp_path / "d.tif", np.array([[1, 2], [2, 1]], dtype=np.uint8))
    lc, scheme = open_classified(str(path))
    with lc:
        res = analyse_fragmentation(lc, scheme, FragmentationOptions(metrics=frozenset()))
        (pid, geom), *_ = list(patch_polygons(res.labelling, lc.grid, np.array([1])))
        res.close()
    assert geom.is_valid and len(geom.geoms) == 2 and geom.area == pytest.approx(200.0)
