"""MSPA on hand-built rasters, one per class (Soille & Vogt 2009 definitions), strip invariance, areas."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest

from bluecarbon.core.errors import InputError
from bluecarbon.core.classes import open_classified
from bluecarbon.core.fragmentation.job import resolve_classes
from bluecarbon.core.restoration.mspa import (
    BACKGROUND, BRANCH, BRIDGE, CORE, EDGE, ISLET, LOOP, MISSING, MSPA_CLASSES, PERFORATION,
    MAX_CELLS, WHOLE_AUTO_CELLS, analyse_mspa, edge_width_cells, mspa_array, mspa_engine,
)
from bluecarbon.core.restoration.mspa_strips import array_reader, mspa_strips
from bluecarbon.core.resources import resource_path
from rasters import write_raster


def grid(shape, *boxes):
    a = np.zeros(shape, dtype=bool)
    for r0, r1, c0, c1 in boxes:
        a[r0:r1, c0:c1] = True
    return a


def test_guidos_codes_and_colours() -> None:
    """Byte codes and colours of GuidosToolbox's 7-class MSPA (GWB_MSPA table: class, RGB, ext value)."""
    table = {name: (code, color) for name, code, color in MSPA_CLASSES}
    assert table["core"] == (17, "#00c800")  # green 000/200/000
    assert table["islet"] == (9, "#a03c00")  # brown 160/060/000
    assert table["perforation"] == (5, "#0000ff")
    assert table["edge"] == (3, "#000000")
    assert table["loop"] == (65, "#ffff00")
    assert table["bridge"] == (33, "#ff0000")
    assert table["branch"] == (1, "#ff8c00")  # orange 255/140/000
    assert table["background"] == (0, "#dcdcdc")
    assert table["missing"] == (129, "#ffffff")


def test_shipped_qml_has_every_class() -> None:
    root = ET.parse(resource_path("styles", "mspa.qml")).getroot()
    entries = {int(e.get("value")): e.get("color") for e in root.iter("paletteEntry")}
    assert entries == {code: color for _n, code, color in MSPA_CLASSES}


def test_square_is_core_inside_an_edge() -> None:
    """5×5 square, edge width 1: inner 3×3 core, 16 edge cells; edge width 2 on 7×7: 3×3 core, 40 edge."""
    out = mspa_array(grid((9, 9), (2, 7, 2, 7)), edge_width=1)
    assert (out[3:6, 3:6] == CORE).all() and (out == CORE).sum() == 9
    assert (out == EDGE).sum() == 16 and (out == BACKGROUND).sum() == 81 - 25
    out = mspa_array(grid((11, 11), (2, 9, 2, 9)), edge_width=2)
    assert (out == CORE).sum() == 9 and (out == EDGE).sum() == 40


def test_islets() -> None:
    """A one-cell patch and a 2×2 patch hold no core at edge width 1: islets."""
    out = mspa_array(grid((8, 8), (1, 2, 1, 2), (4, 6, 4, 6)), edge_width=1)
    assert (out == ISLET).sum() == 5 and set(np.unique(out)) == {BACKGROUND, ISLET}


def test_hole_gives_perforation() -> None:
    """7×7 square with a one-cell hole: the 8 cells around the hole are perforation, the outer ring edge,
    core = 49 − 24 (outer ring) − 1 (hole) − 8 = 16."""
    fg = grid((9, 9), (1, 8, 1, 8))
    fg[4, 4] = False
    out = mspa_array(fg, edge_width=1)
    assert (out == PERFORATION).sum() == 8 and (out[3:6, 3:6] == PERFORATION).sum() == 8
    assert (out == EDGE).sum() == 24 and (out == CORE).sum() == 16 and out[4, 4] == BACKGROUND


def test_corridor_between_two_cores_is_a_bridge() -> None:
    fg = grid((9, 17), (2, 7, 1, 6), (2, 7, 11, 16), (4, 5, 6, 11))
    out = mspa_array(fg, edge_width=1)
    assert (out[4, 6:11] == BRIDGE).all() and (out == BRIDGE).sum() == 5
    assert (out == CORE).sum() == 18 and (out == EDGE).sum() == 32


def test_corridor_back_to_the_same_core_is_a_loop() -> None:
    fg = grid((10, 10), (4, 9, 1, 6))
    path = [(3, 3), (2, 3), (1, 3), (1, 4), (1, 5), (1, 6), (1, 7), (1, 8), (2, 8), (3, 8), (4, 8), (5, 8),
            (6, 8), (6, 7), (6, 6)]
    for r, c in path:
        fg[r, c] = True
    out = mspa_array(fg, edge_width=1)
    assert all(out[r, c] == LOOP for r, c in path) and (out == LOOP).sum() == len(path)


def test_dead_end_is_a_branch() -> None:
    fg = grid((9, 12), (2, 7, 1, 6), (4, 5, 6, 9))
    out = mspa_array(fg, edge_width=1)
    assert (out[4, 6:9] == BRANCH).all() and (out == BRANCH).sum() == 3


def test_diagonal_corridor_depends_on_the_neighbour_rule() -> None:
    """Cores joined by a diagonal staircase: a bridge under the 8-rule; under the 4-rule the diagonal cells
    are separate one-cell patches, i.e. islets."""
    fg = grid((14, 14), (1, 6, 1, 6), (8, 13, 8, 13))
    fg[6, 6] = fg[7, 7] = True
    out8 = mspa_array(fg, edge_width=1, neighbours=8)
    assert out8[6, 6] == out8[7, 7] == BRIDGE
    out4 = mspa_array(fg, edge_width=1, neighbours=4)
    assert out4[6, 6] == out4[7, 7] == ISLET


def test_border_and_nodata_are_not_background_unless_asked() -> None:
    """Foreground on the left 4 columns of a 6 × 8 raster: the border makes no edge (core cols 0-2, edge col 3);
    with the border as background, core shrinks to rows 1-4, cols 1-2."""
    fg = grid((6, 8), (0, 6, 0, 4))
    out = mspa_array(fg, edge_width=1)
    assert (out[:, :3] == CORE).all() and (out[:, 3] == EDGE).all()
    out = mspa_array(fg, edge_width=1, boundary_is_background=True)
    assert (out == CORE).sum() == 8 and (out[1:5, 1:3] == CORE).all()
    valid = np.ones(fg.shape, dtype=bool)
    valid[:, 6:] = False
    out = mspa_array(fg, valid, edge_width=1)
    assert (out[:, 6:] == MISSING).all() and (out[:, 3] == EDGE).all()


def test_every_foreground_cell_gets_one_class_and_strips_do_not_matter(tmp_path: Path) -> None:
    """Random mosaic through the raster path: strips of 1, 7 rows and the default give the same map; the classes
    partition the foreground; areas are cells × 0.01 ha (10 m cells)."""
    rng = np.random.default_rng(3)
    noise = rng.random((60, 70))
    from scipy import ndimage as ndi
    smooth = ndi.uniform_filter(noise, 5)
    codes = np.where(smooth > 0.52, 95, np.where(smooth > 0.48, 90, 10)).astype(np.uint8)
    codes[:3, :5] = 0
    path = write_raster(tmp_path / "lc.tif", codes, nodata=0)
    lc, scheme = open_classified(str(path), None, "esa_worldcover")
    with lc:
        classes = resolve_classes(scheme, ["mangrove"])
        runs = [analyse_mspa(lc, scheme, classes, 2, 8, rows_per_strip=rps) for rps in (1, 7, None)]
    for r in runs[1:]:
        assert np.array_equal(r.codes, runs[0].codes)
    out = runs[0].codes
    fg = codes == 95
    assert set(np.unique(out[fg])) <= {CORE, ISLET, PERFORATION, EDGE, LOOP, BRIDGE, BRANCH}
    assert (out[~fg & (codes > 0)] == BACKGROUND).all() and (out[codes == 0] == MISSING).all()
    for name, code, _ in MSPA_CLASSES:
        assert runs[0].area_of(name, "all") == pytest.approx((out == code).sum() * 0.01)
    assert runs[0].area_of("core", "mangrove") == pytest.approx((out == CORE).sum() * 0.01)


def test_no_foreground_and_bad_widths_are_errors(tmp_path: Path) -> None:
    path = write_raster(tmp_path / "lc.tif", np.full((5, 5), 10, dtype=np.uint8))
    lc, scheme = open_classified(str(path), None, None)
    with lc, pytest.raises(InputError, match="no foreground"):
        analyse_mspa(lc, scheme, [], 1)
    with pytest.raises(InputError):
        mspa_array(np.ones((3, 3), bool), edge_width=0)
    with pytest.raises(InputError):
        mspa_strips(array_reader(np.ones((3, 3), bool)), 3, 3, edge_width=1.5)
    from bluecarbon.core.landcover import cell_geometry
    with lc:
        geom = cell_geometry(lc.grid)
    assert edge_width_cells(30.0, geom) == 3 and edge_width_cells(4.0, geom) == 1
    with pytest.raises(InputError):
        edge_width_cells(0.0, geom)


def test_areas_are_geodesic_on_a_geographic_raster(tmp_path: Path) -> None:
    """On EPSG:4326 (0.01° cells at 20° N) each class area is the sum of the cells' geodesic areas (pyproj.Geod)."""
    import pyproj
    import rasterio
    from rasterio.transform import from_origin

    codes = np.full((12, 12), 10, dtype=np.uint8)
    codes[2:10, 2:10] = 95
    path = tmp_path / "geo.tif"
    transform = from_origin(110.0, 20.5, 0.01, 0.01)
    with rasterio.open(path, "w", driver="GTiff", width=12, height=12, count=1, dtype="uint8", crs="EPSG:4326",
                       transform=transform) as dst:
        dst.write(codes, 1)
    lc, scheme = open_classified(str(path), None, "esa_worldcover")
    with lc:
        result = analyse_mspa(lc, scheme, resolve_classes(scheme, ["mangrove"]), 1)
    geod = pyproj.Geod(ellps="WGS84")

    def cell_area_ha(r: int) -> float:
        top, bottom = 20.5 - 0.01 * r, 20.5 - 0.01 * (r + 1)
        area, _ = geod.polygon_area_perimeter([110.0, 110.01, 110.01, 110.0], [top, top, bottom, bottom])
        return abs(area) / 1e4

    for name, code in (("core", CORE), ("edge", EDGE)):
        rows = np.nonzero(result.codes == code)[0]
        assert result.area_of(name, "mangrove") == pytest.approx(sum(cell_area_ha(r) for r in rows), rel=1e-9)


def test_spur_of_a_bridge_is_a_branch() -> None:
    """The bridge of test_corridor_between_two_cores_is_a_bridge with a 3-cell stub going down from its middle:
    the stub is branch, the corridor stays bridge."""
    fg = grid((12, 17), (2, 7, 1, 6), (2, 7, 11, 16), (4, 5, 6, 11), (5, 8, 8, 9))
    out = mspa_array(fg, edge_width=1)
    assert (out[4, 6:11] == BRIDGE).all()
    assert (out[5:8, 8] == BRANCH).all() and (out == BRANCH).sum() == 3


def test_thick_bridge_and_loop_keep_every_cell() -> None:
    """A 2-cell-wide corridor between two cores (edge width 1): every corridor cell is on a path between them."""
    fg = grid((11, 19), (1, 9, 1, 7), (1, 9, 12, 18), (4, 6, 7, 12))
    out = mspa_array(fg, edge_width=1)
    assert (out[4:6, 7:12] == BRIDGE).all() and (out == BRANCH).sum() == 0


def strips_of(fg, valid=None, s=1, nb=8, bib=False, rows=None, in_memory=None) -> np.ndarray:
    h, w = fg.shape
    return np.asarray(mspa_strips(array_reader(fg, valid), h, w, s, nb, bib, rows, in_memory=in_memory))


def random_landscape(rng: np.random.Generator, shape, density: float, grain: int):
    from scipy import ndimage as ndi
    smooth = ndi.uniform_filter(rng.random(shape), grain)
    fg = smooth < np.quantile(smooth, density)
    valid = rng.random(shape) > 0.03
    return fg, valid


@pytest.mark.parametrize("seed", range(6))
def test_strip_engine_equals_the_whole_raster(seed: int) -> None:
    """Seeded random mosaics (sizes, densities, grains), edge widths 1–3, both rules, border as background or not,
    strips of 1, 2, 3, 7 rows and more than the raster: the strip engine gives the whole-raster codes cell for cell,
    the connector classes included."""
    rng = np.random.default_rng(seed)
    seen = set()
    for _ in range(4):
        shape = tuple(int(x) for x in rng.integers(5, 48, 2))
        fg, valid = random_landscape(rng, shape, float(rng.uniform(0.3, 0.8)), int(rng.integers(1, 5)))
        for s in (1, 2, 3):
            for nb in (8, 4):
                for bib in (False, True):
                    whole = mspa_array(fg, valid, s, nb, bib)
                    seen.update(np.unique(whole).tolist())
                    for rows in (1, 2, 3, 7, 1000):
                        got = strips_of(fg, valid, s, nb, bib, rows)
                        assert np.array_equal(got, whole), (shape, s, nb, bib, rows)
    assert {CORE, EDGE, ISLET, BRIDGE, BRANCH} <= seen  # the cases exercise the connectors


def test_strip_engine_on_the_hand_built_cases() -> None:
    """The hand-built rasters of this module (core, islets, hole, bridge, loop, spur, thick corridor, diagonal) give
    the same codes in strips of every height, with label stores in memory and on disk."""
    cases = [
        grid((9, 9), (2, 7, 2, 7)), grid((8, 8), (1, 2, 1, 2), (4, 6, 4, 6)),
        grid((12, 17), (2, 7, 1, 6), (2, 7, 11, 16), (4, 5, 6, 11), (5, 8, 8, 9)),
        grid((11, 19), (1, 9, 1, 7), (1, 9, 12, 18), (4, 6, 7, 12)),
    ]
    ring = grid((11, 11), (1, 10, 1, 10))
    ring[4:7, 4:7] = False
    cases.append(ring)
    loop = grid((16, 16), (1, 6, 1, 6))
    loop[2, 6:13] = loop[2:12, 12] = loop[11, 3:13] = loop[6:12, 3] = True
    cases.append(loop)
    diag = grid((12, 12), (1, 5, 1, 5), (7, 11, 7, 11))
    diag[5, 5] = diag[6, 6] = True
    cases.append(diag)
    for fg in cases:
        for s in (1, 2):
            for nb in (8, 4):
                whole = mspa_array(fg, edge_width=s, neighbours=nb)
                for rows in (1, 2, 3, 7, None):
                    for in_memory in (True, False):
                        assert np.array_equal(strips_of(fg, None, s, nb, False, rows, in_memory), whole)
    assert (mspa_array(cases[5]) == LOOP).any() and (mspa_array(cases[2]) == BRIDGE).any()


def test_tall_connectors_are_classified_in_their_own_window() -> None:
    """A bridge and a loop taller than the strip (handled one component at a time in its bounding box)."""
    fg = grid((40, 12), (1, 6, 1, 6), (33, 38, 1, 6), (6, 33, 3, 4), (6, 30, 8, 9), (5, 6, 6, 9))
    whole = mspa_array(fg)
    assert (whole == BRIDGE).any()
    for rows in (1, 4, 25, 40):
        assert np.array_equal(strips_of(fg, rows=rows), whole)


def test_engines_give_the_same_raster_and_table(tmp_path: Path) -> None:
    """Through the raster path: strip engine with strips of 1, 3, 7 rows and the default equals the whole raster,
    codes and area table (floats to the last bit: the table sums the same chunks)."""
    rng = np.random.default_rng(11)
    from scipy import ndimage as ndi
    smooth = ndi.uniform_filter(rng.random((70, 55)), 4)
    codes = np.where(smooth > 0.52, 95, np.where(smooth > 0.47, 90, 10)).astype(np.uint8)
    codes[:3, :5] = 0
    path = write_raster(tmp_path / "lc.tif", codes, nodata=0)
    lc, scheme = open_classified(str(path), None, "esa_worldcover")
    with lc:
        classes = resolve_classes(scheme, ["mangrove", "salt_marsh"])
        for s, nb, bib in ((1, 8, False), (2, 4, True), (3, 8, True)):
            whole = analyse_mspa(lc, scheme, classes, s, nb, bib, engine="whole")
            for rows in (1, 3, 7, None):
                got = analyse_mspa(lc, scheme, classes, s, nb, bib, rows_per_strip=rows, engine="strips")
                assert np.array_equal(np.asarray(got.codes), whole.codes)
                assert got.table == whole.table
        # the GeoTIFF the algorithm writes, byte for byte (same writer as processing/algorithms/mspa.py)
        from bluecarbon.core.io import write_raster_strips
        from bluecarbon.core.landcover import plan_strips
        profile = {"width": lc.grid.width, "height": lc.grid.height, "count": 1, "dtype": "uint8",
                   "nodata": MISSING, "crs": lc.grid.crs_wkt, "transform": lc.grid.transform}
        files = []
        for engine in ("whole", "strips"):
            res = analyse_mspa(lc, scheme, classes, 2, 8, rows_per_strip=5, engine=engine)
            out = str(tmp_path / f"{engine}.tif")
            write_raster_strips(out, profile, ((r0, res.codes[r0:r1]) for r0, r1 in plan_strips(70, 55, 16)), ["MSPA"])
            files.append(Path(out).read_bytes())
        assert files[0] == files[1]


def test_rasters_above_the_whole_raster_limit_run_in_strips(tmp_path: Path) -> None:
    """The old refusal above MAX_CELLS is gone: 'auto' switches to strips, only the whole engine refuses."""
    assert mspa_engine(WHOLE_AUTO_CELLS) == "whole" and mspa_engine(MAX_CELLS, "whole") == "whole"
    assert mspa_engine(WHOLE_AUTO_CELLS + 1) == "strips" and mspa_engine(100 * MAX_CELLS) == "strips"
    assert mspa_engine(10, "strips") == "strips"
    with pytest.raises(InputError, match="strip engine"):
        mspa_engine(MAX_CELLS + 1, "whole")
    with pytest.raises(InputError):
        mspa_engine(10, "tiles")
    fg = grid((12, 10), (1, 8, 1, 8))
    path = write_raster(tmp_path / "lc.tif", np.where(fg, 95, 10).astype(np.uint8))
    lc, scheme = open_classified(str(path), None, "esa_worldcover")
    with lc:
        classes = resolve_classes(scheme, ["mangrove"])
        small_limit = analyse_mspa(lc, scheme, classes, 1, whole_max_cells=50)  # 120 cells > 50: strips
        with pytest.raises(InputError, match="whole-raster"):
            analyse_mspa(lc, scheme, classes, 1, engine="whole", whole_max_cells=50)
    assert np.array_equal(np.asarray(small_limit.codes), mspa_array(fg))


def test_large_code_rasters_are_memory_mapped() -> None:
    """Above the in-memory size the code raster is a file-backed map, with the same codes."""
    rng = np.random.default_rng(5)
    fg, valid = random_landscape(rng, (30, 40), 0.6, 3)
    out = mspa_strips(array_reader(fg, valid), 30, 40, 1, 8, False, 4, in_memory=False)
    assert isinstance(out, np.memmap)
    assert np.array_equal(np.asarray(out), mspa_array(fg, valid))
