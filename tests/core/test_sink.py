"""Sink capacity: area × rate by hand, the edge effect, true areas, Monte Carlo intervals, the raster."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin
from rasters import write_raster

from bluecarbon.core.classes import build_scheme
from bluecarbon.core.errors import InputError
from bluecarbon.core.landcover import open_landcover
from bluecarbon.core.legend import Legend, LegendEntry
from bluecarbon.core.parameters import parse_parameters
from bluecarbon.core.sink import CO2_PER_C, SinkOptions, assess_sink, write_sequestration_raster

LEGEND = Legend(
    [
        LegendEntry(1, "mangrove", "mangrove"),
        LegendEntry(2, "salt marsh", "salt_marsh"),
        LegendEntry(3, "mudflat", "tidal_flat"),
        LegendEntry(4, "pond", "non_habitat"),
    ],
    title="test",
)

TABLE = """ecosystem,parameter,value,unit,low,high,sd,distribution,source,confirmed,note
mangrove,soil_accumulation,2.0,t C/ha/yr,,,0.2,normal,test,no,
mangrove,biomass_accumulation,0.5,t C/ha/yr,,,,fixed,test,no,
mangrove,soil_stock,300,t C/ha,,,30,normal,test,no,
mangrove,aboveground_biomass_stock,100,t C/ha,,,,fixed,test,no,
salt_marsh,soil_accumulation,1.0,t C/ha/yr,0.5,1.5,,uniform,test,no,
salt_marsh,soil_stock,200,t C/ha,,,,fixed,test,no,
"""


def table(text: str = TABLE):
    return parse_parameters(text, "test table")


def run(tmp_path: Path, a, name="m.tif", **opts):
    path = write_raster(tmp_path / name, np.asarray(a, dtype=np.uint8), nodata=0)
    lc = open_landcover(path)
    scheme = build_scheme(lc.value_counts(), LEGEND)
    res = assess_sink(lc, scheme, table(opts.pop("text", TABLE)), SinkOptions(**opts))
    res.close()
    return res, lc, scheme


def row(res, ecosystem: str) -> dict:
    i = list(res.table["ecosystem"]).index(ecosystem)
    return {k: v[i] for k, v in res.table.items()}


def test_area_times_rate_by_hand(tmp_path: Path) -> None:
    """4 mangrove cells (0.04 ha) and 2 marsh cells (0.02 ha) of 10 m."""
    a = [[1, 1, 3, 3], [1, 1, 2, 2], [4, 4, 4, 4]]
    res, _, _ = run(tmp_path, a, draws=0)
    m, s, t = row(res, "mangrove"), row(res, "salt_marsh"), row(res, "total")
    assert m["area_ha"] == pytest.approx(0.04) and s["area_ha"] == pytest.approx(0.02)
    assert m["sequestration_tC_yr"] == pytest.approx(0.04 * 2.5)  # soil 2.0 + biomass 0.5
    assert s["sequestration_tC_yr"] == pytest.approx(0.02 * 1.0)
    assert t["sequestration_tCO2e_yr"] == pytest.approx((0.1 + 0.02) * 44 / 12)
    assert m["soil_stock_tC"] == pytest.approx(0.04 * 300) and m["aboveground_biomass_stock_tC"] == pytest.approx(4.0)
    assert m["total_stock_tC"] == pytest.approx(0.04 * 400)
    assert s["total_stock_tC"] == pytest.approx(0.02 * 200)
    assert np.isnan(m["sequestration_tC_yr_p05"])  # no draws, no interval
    assert "tidal_flat" not in list(res.table["ecosystem"])  # no rate in the table for it


def test_patches_add_up_to_the_ecosystem_totals(tmp_path: Path) -> None:
    a = [[1, 4, 1, 1], [4, 4, 4, 1], [1, 1, 4, 2]]
    res, _, _ = run(tmp_path, a, draws=0)
    mangrove = res.patches["ecosystem"] == "mangrove"
    assert mangrove.sum() == 3  # three mangrove patches under the 8-neighbour rule
    assert res.patches["sequestration_tC_yr"][mangrove].sum() == pytest.approx(row(res, "mangrove")["sequestration_tC_yr"])


def test_edge_effect_split_habitat_sinks_less(tmp_path: Path) -> None:
    """The same 16 mangrove cells as one 4 x 4 block or as four 2 x 2 blocks: the split one has more edge."""
    one = np.full((10, 10), 4, dtype=np.uint8)
    one[3:7, 3:7] = 1
    four = np.full((10, 10), 4, dtype=np.uint8)
    for r, c in ((0, 0), (0, 7), (7, 0), (7, 7)):
        four[r : r + 2, c : c + 2] = 1
    kw = dict(edge_depth_m=10.0, edge_factor=0.5, draws=0)
    block, _, _ = run(tmp_path, one, "one.tif", **kw)
    split, _, _ = run(tmp_path, four, "four.tif", **kw)
    b, s = row(block, "mangrove"), row(split, "mangrove")
    assert b["area_ha"] == pytest.approx(s["area_ha"]) == pytest.approx(0.16)
    # one block: 12 edge cells, 4 core; split: every cell is edge
    assert b["edge_area_ha"] == pytest.approx(0.12) and s["edge_area_ha"] == pytest.approx(0.16)
    assert b["sequestration_tC_yr"] == pytest.approx((0.04 + 0.5 * 0.12) * 2.5)
    assert s["sequestration_tC_yr"] == pytest.approx(0.5 * 0.16 * 2.5)
    assert s["sequestration_tC_yr"] < b["sequestration_tC_yr"]
    assert s["edge_loss_tC_yr"] == pytest.approx(0.5 * 0.16 * 2.5)
    assert b["edge_loss_tC_yr"] == pytest.approx(0.5 * 0.12 * 2.5)


def test_geographic_and_projected_maps_of_the_same_place_agree(tmp_path: Path) -> None:
    """A UTM map and its warp to EPSG:4326 (nearest neighbour): totals within 0.5 %."""
    from rasterio.warp import Resampling, calculate_default_transform, reproject

    rng = np.random.default_rng(3)
    from scipy import ndimage as ndi

    z = ndi.gaussian_filter(rng.standard_normal((300, 300)), 6)
    a = np.digitize(z, np.quantile(z, [0.4, 0.6, 0.8])).astype(np.uint8) + 1
    utm = tmp_path / "utm.tif"
    with rasterio.open(
        utm, "w", driver="GTiff", width=300, height=300, count=1, dtype="uint8", nodata=0,
        crs="EPSG:32649", transform=from_origin(400000, 2400000, 10, 10),
    ) as dst:
        dst.write(a, 1)
    with rasterio.open(utm) as src:
        transform, w, h = calculate_default_transform(src.crs, "EPSG:4326", src.width, src.height, *src.bounds, resolution=(0.00003, 0.00003))
        geo = np.zeros((h, w), dtype=np.uint8)
        reproject(a, geo, src_transform=src.transform, src_crs=src.crs, dst_transform=transform, dst_crs="EPSG:4326",
                  resampling=Resampling.nearest, src_nodata=0, dst_nodata=0)
    write_raster(tmp_path / "geo.tif", geo, crs="EPSG:4326", nodata=0, transform=transform)
    out = {}
    for name in ("utm.tif", "geo.tif"):
        lc = open_landcover(tmp_path / name)
        res = assess_sink(lc, build_scheme(lc.value_counts(), LEGEND), table(), SinkOptions(draws=0))
        res.close()
        out[name] = row(res, "total")
    assert out["geo.tif"]["area_ha"] == pytest.approx(out["utm.tif"]["area_ha"], rel=5e-3)
    assert out["geo.tif"]["sequestration_tC_yr"] == pytest.approx(out["utm.tif"]["sequestration_tC_yr"], rel=5e-3)


def test_monte_carlo_interval_contains_the_value_and_narrows(tmp_path: Path) -> None:
    a = np.full((20, 20), 1, dtype=np.uint8)
    a[10:, :] = 2
    wide, _, _ = run(tmp_path, a, draws=4000, seed=7)
    narrow_text = TABLE.replace("2.0,t C/ha/yr,,,0.2,normal", "2.0,t C/ha/yr,,,0.02,normal").replace(
        "1.0,t C/ha/yr,0.5,1.5,,uniform", "1.0,t C/ha/yr,0.95,1.05,,uniform"
    )
    narrow, _, _ = run(tmp_path, a, draws=4000, seed=7, text=narrow_text)
    for res in (wide, narrow):
        t = row(res, "total")
        assert t["sequestration_tC_yr_p05"] < t["sequestration_tC_yr"] < t["sequestration_tC_yr_p95"]
        assert t["sequestration_tC_yr_mean"] == pytest.approx(t["sequestration_tC_yr"], rel=0.01)
    width = lambda res: row(res, "total")["sequestration_tC_yr_p95"] - row(res, "total")["sequestration_tC_yr_p05"]  # noqa: E731
    assert width(narrow) < width(wide) / 5
    again, _, _ = run(tmp_path, a, draws=4000, seed=7)
    assert row(again, "total")["sequestration_tC_yr_p95"] == row(wide, "total")["sequestration_tC_yr_p95"]
    # a normal rate with sd 0.2 t C/ha/yr on 2 ha (200 cells): the 90 % interval is ± 1.645 sd · area
    m = row(wide, "mangrove")
    assert (m["sequestration_tC_yr_p95"] - m["sequestration_tC_yr_p05"]) / 2 == pytest.approx(1.645 * 0.2 * 2.0, rel=0.05)


def test_sequestration_raster_by_hand(tmp_path: Path) -> None:
    a = np.full((6, 6), 4, dtype=np.uint8)
    a[1:5, 1:5] = 1
    a[0, 0] = 0
    path = write_raster(tmp_path / "r.tif", a, nodata=0)
    lc = open_landcover(path)
    scheme = build_scheme(lc.value_counts(), LEGEND)
    opts = SinkOptions(edge_depth_m=10.0, edge_factor=0.4, draws=0)
    write_sequestration_raster(str(tmp_path / "seq.tif"), lc, scheme, table(), opts)
    with rasterio.open(tmp_path / "seq.tif") as src:
        rate, amount = src.read(1), src.read(2)
        assert src.nodata == -9999.0 and rate[0, 0] == -9999.0
    interior = np.zeros_like(a, dtype=bool)
    interior[2:4, 2:4] = True
    assert np.allclose(rate[interior], 2.5) and np.allclose(rate[(a == 1) & ~interior], 1.0)
    assert np.allclose(rate[a == 4], 0.0)
    res = assess_sink(lc, scheme, table(), opts)
    res.close()
    assert amount[a == 1].sum() == pytest.approx(row(res, "mangrove")["sequestration_tC_yr"], rel=1e-6)


def test_no_blue_carbon_class_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="No class of the map") as err:
        run(tmp_path, [[3, 4], [4, 3]], draws=0)
    assert "Fix:" in str(err.value)


def test_bad_edge_factor(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="between 0 and 1"):
        SinkOptions(edge_factor=1.5)


def test_co2_conversion_is_44_over_12() -> None:
    assert CO2_PER_C == pytest.approx(3.6667, abs=1e-4)


@pytest.mark.parametrize("edge", [None, 10.0])
def test_totals_without_patches_equal_the_patch_path(tmp_path: Path, edge) -> None:
    """The one-pass totals (no labelling) equal the sums over patches, edge effect included."""
    rng = np.random.default_rng(5)
    from scipy import ndimage as ndi

    z = ndi.gaussian_filter(rng.standard_normal((60, 70)), 2)
    a = (np.digitize(z, np.quantile(z, [0.3, 0.5, 0.7])) + 1).astype(np.uint8)
    path = write_raster(tmp_path / "r.tif", a, nodata=0)
    lc = open_landcover(path)
    scheme = build_scheme(lc.value_counts(), LEGEND)
    opts = SinkOptions(edge_depth_m=edge, edge_factor=0.3 if edge else 1.0, draws=300, seed=3, rows_per_strip=7)
    fast = assess_sink(lc, scheme, table(), opts, per_patch=False)
    full = assess_sink(lc, scheme, table(), opts)
    full.close()
    assert fast.patches == {} and fast.labelling is None
    for key in fast.table:
        if key in ("ecosystem", "patches"):
            continue
        if fast.table[key].dtype == object:  # the rates' sources and semantics, in words
            assert list(fast.table[key]) == list(full.table[key]), key
            continue
        assert np.allclose(fast.table[key], full.table[key], rtol=1e-12, equal_nan=True), key
