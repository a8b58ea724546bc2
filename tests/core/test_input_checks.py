"""Engine checks of issue 15: demand fields, the CRS message's wording, the edge depth's bound."""

import pytest

from bluecarbon.core.errors import InputError
from bluecarbon.core.flow.demand import check_fields, check_same_crs
from bluecarbon.core.fragmentation.core_area import check_edge_depth, edge_rows


def test_a_missing_demand_field_names_the_field_the_layer_and_the_fields_there() -> None:
    with pytest.raises(InputError) as err:
        check_fields("The demand layer 'towns'", ["fid", "name", "pop_2020"], demand_field="population", name_field="name")
    text = str(err.value)
    assert "demand field 'population' does not exist in the demand layer 'towns'" in text
    assert "'fid', 'name', 'pop_2020'" in text and "Fix: Choose one of those fields as the demand field" in text
    check_fields("The demand layer 'towns'", ["pop"], demand_field="pop", name_field="")  # empty = not asked


@pytest.mark.parametrize("layer_name, expected", [
    ("The demand layer", "Fix: Reproject the demand layer to EPSG:32649"),
    ("The demand-unit layer", "Fix: Reproject the demand-unit layer to"),
    ("INPUT_2 'coastal 2035.tif'", "Fix: Reproject INPUT_2 'coastal 2035.tif' to"),
    ("Theodolite survey", "Fix: Reproject Theodolite survey to"),
])
def test_the_reproject_sentence_reads_right_whatever_the_layer_name(layer_name: str, expected: str) -> None:
    with pytest.raises(InputError) as err:
        check_same_crs("EPSG:4326", "EPSG:32649", layer_name)
    assert expected in str(err.value)
    assert str(err.value).startswith(layer_name), "the sentence starts with the name as given"


def test_the_edge_depth_is_bounded_by_the_raster_diagonal() -> None:
    from types import SimpleNamespace

    import numpy as np

    shape, dx, dy = (600, 800), 10.0, 10.0  # 8 km × 6 km: diagonal 10 km
    geometry = SimpleNamespace(row_area_m2=np.full(600, 100.0), width=800, uniform=True)  # a projected grid's
    for depth in (1e308, float("inf"), float("nan"), 10_001.0):
        with pytest.raises(InputError) as err:
            edge_rows(depth, dx, dy, geometry)
        assert "EDGE_DEPTH" in str(err.value) and "diagonal (10,000 m)" in str(err.value) and "Fix:" in str(err.value)
    check_edge_depth(10_000.0, shape, dx, dy)
    check_edge_depth(None, shape, dx, dy)
    assert edge_rows(20.0, dx, dy, geometry) == edge_rows(20.0, dx, dy)


def test_a_truncated_land_cover_file_is_named_with_a_fix(tmp_path) -> None:
    from rasters import SAMPLE

    from bluecarbon.core.landcover import open_landcover

    data = SAMPLE.read_bytes()
    for keep in (len(data) // 2, len(data) - 100):
        cut = tmp_path / f"cut_{keep}.tif"
        cut.write_bytes(data[:keep])
        with pytest.raises(InputError) as err:
            open_landcover(str(cut))
        assert f"'{cut}' is truncated or damaged" in str(err.value) and "Fix: Copy or download" in str(err.value)
        assert cut.read_bytes() == data[:keep]
    open_landcover(str(SAMPLE)).close()


def test_the_plugin_opens_no_file_in_update_mode_but_its_own_temporary_output() -> None:
    """Inputs are opened read-only: the one update-mode open in the plugin is the staged temporary raster that
    core.io writes strip by strip (``self.tmp``), never a path the user gave."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    update = re.compile(r"""rasterio\.open\([^)]*["']r\+["']|GA_Update|OF_UPDATE|gdal\.Open\([^)]*,\s*1\)""")
    hits = [f"{path.relative_to(root)}: {line.strip()}"
            for folder in ("core", "processing", "ui") for path in sorted((root / folder).rglob("*.py"))
            for line in path.read_text(encoding="utf-8").splitlines() if update.search(line)]
    assert hits == ['core/io.py: self._ds = rasterio.open(self.tmp, "r+", **threads)'], hits
