"""InVEST's own tables read as they are, converted to the plugin's, and run against InVEST 3.20.2's stored outputs.

tests/data/invest_cbc_hand_case holds InVEST's biophysical table, transition table and snapshot CSV and the
outputs InVEST 3.20.2 wrote from them. InVEST's table is in Mg CO2e (its MODEL_SPEC); the engine works in
t C, so every InVEST figure is compared with ours × 44/12. The departures pinned in test_invest_reference.py
(the guide's re-accumulation after a disturbed cell becomes habitat again) are the only ones left out here.
"""

import csv
import shutil
from pathlib import Path

import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin

from bluecarbon.core.change import ChangeOptions, analyse_change, open_snapshots
from bluecarbon.core.classes import build_scheme
from bluecarbon.core.errors import InputError
from bluecarbon.core.invest_tables import (
    convert_invest_tables, invest_legend, read_biophysical_table, read_invest_transitions, read_snapshot_csv,
)
from bluecarbon.core.landcover import open_landcover
from bluecarbon.core.legend import load_legend
from bluecarbon.core.parameters import parse_parameters
from bluecarbon.core.sink import SinkOptions, assess_sink

CASE = Path(__file__).resolve().parents[1] / "data" / "invest_cbc_hand_case"
YEARS = [2000, 2010, 2015]
ANALYSIS = 2030
FLOAT32 = 1e-4
CO2 = 44 / 12
ECOSYSTEMS = {1: "mangrove", 2: "salt_marsh", 3: "open_water", 4: "tidal_flat", 5: "non_habitat"}
REACCUMULATES = "mangrove-pond-mangrove"


def invest_outputs() -> tuple[dict, dict]:
    values, cells = {}, {}
    with (CASE / "invest_outputs.csv").open(newline="") as handle:
        for row in csv.DictReader(handle):
            values[(row["history"], row["quantity"], int(row["start"]), int(row["end"]))] = float(row["value"])
            cells[row["history"]] = (int(row["row"]), int(row["col"]))
    return values, cells


def test_biophysical_table_is_read_in_mg_co2e_and_converted_with_12_44() -> None:
    """InVEST's columns, per lucode, Mg CO2e/ha → t C/ha (× 12/44); shares and half-lives as they are."""
    bio = read_biophysical_table(CASE / "biophysical.csv", ecosystems=ECOSYSTEMS)
    p = bio.parameters
    assert bio.names == {1: "mangrove", 2: "marsh", 3: "pond", 4: "flat", 5: "built"}
    assert p.value(1, "biomass_stock") == pytest.approx(150 * 12 / 44, rel=1e-15)
    assert p.value(1, "soil_stock") == pytest.approx(400 * 12 / 44, rel=1e-15)
    assert p.value(1, "litter_stock") == pytest.approx(10 * 12 / 44, rel=1e-15)
    assert p.value(1, "soil_accumulation") == pytest.approx(1.5 * 12 / 44, rel=1e-15)
    assert p.value(2, "litter_accumulation") == pytest.approx(0.2 * 12 / 44, rel=1e-15)
    assert p.value(1, "soil_disturbance_high") == 0.6 and p.value(2, "biomass_half_life") == 1
    assert "12/44" in p.get(1, "soil_stock").note and p.get(1, "soil_stock").cls == 1
    as_carbon = read_biophysical_table(CASE / "biophysical.csv", units="t C")
    assert as_carbon.parameters.value(1, "soil_stock") == 400
    with pytest.raises(InputError, match="not a unit.*Fix:"):
        read_biophysical_table(CASE / "biophysical.csv", units="kg")


def test_snapshot_table_pairs_each_year_with_its_own_raster(tmp_path: Path) -> None:
    """Rows in any order; paths relative to the CSV. (InVEST 3.20.2 pairs rasters with a set of years.)"""
    (tmp_path / "maps").mkdir()
    table = tmp_path / "snaps.csv"
    table.write_text("snapshot_year,raster_path\n2020,maps/c.tif\n1995,maps/a.tif\n2005,maps/b.tif\n")
    assert read_snapshot_csv(table) == [(1995, str(tmp_path / "maps" / "a.tif")), (2005, str(tmp_path / "maps" / "b.tif")),
                                        (2020, str(tmp_path / "maps" / "c.tif"))]
    assert [y for y, _ in read_snapshot_csv(CASE / "snapshots.csv")] == YEARS
    table.write_text("snapshot_year,raster_path\n2020,a.tif\n2020,b.tif\n")
    with pytest.raises(InputError, match="2020 appears twice.*Fix:"):
        read_snapshot_csv(table)


def run(parameters, legend, transitions, paths):
    with open_snapshots(paths, YEARS, legend) as snaps:
        return analyse_change(snaps, parameters, transitions, options=ChangeOptions(analysis_year=ANALYSIS))


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    """The case run from InVEST's tables and from the converted plugin tables."""
    out = tmp_path_factory.mktemp("converted")
    bio = read_biophysical_table(CASE / "biophysical.csv", ecosystems=ECOSYSTEMS)
    legend = invest_legend(bio, ECOSYSTEMS)
    pairs = read_snapshot_csv(CASE / "snapshots.csv")
    direct = run(bio.parameters, legend, read_invest_transitions(CASE / "transitions_invest.csv", legend),
                 [p for _, p in pairs])
    conv = convert_invest_tables(CASE / "biophysical.csv", out, CASE / "transitions_invest.csv", CASE / "snapshots.csv",
                                 ecosystems=ECOSYSTEMS)
    converted = run(conv.parameters, conv.files["legend"], conv.files["transitions"], conv.paths)
    return direct, converted, conv


def test_converted_tables_give_identical_results(both) -> None:
    direct, converted, conv = both
    assert conv.years == YEARS and [Path(p).name for p in conv.paths] == [f"lulc_{y}.tif" for y in YEARS]
    assert {e.value: e.ecosystem for e in conv.legend.entries} == ECOSYSTEMS
    for name in ("accumulation", "emissions", "stock_at"):
        a, b = getattr(direct.book, name), getattr(converted.book, name)
        for pool in a:
            np.testing.assert_array_equal(a[pool], b[pool])
    for column, values in direct.periods.items():
        if values.dtype != object:
            np.testing.assert_array_equal(values, converted.periods[column])


def test_both_equal_invest_3_20_2_stored_outputs(both) -> None:
    """Accumulation, emissions and biomass/soil stocks per history equal InVEST's, × 44/12 back to its unit."""
    direct, _, _ = both
    values, cells = invest_outputs()
    maps = {y: rasterio.open(CASE / f"lulc_{y}.tif").read(1) for y in YEARS}
    codes = np.array(direct.scheme.codes)[direct.histories.classes - 1]
    book = direct.book
    bounds = YEARS + [ANALYSIS]
    checked = 0
    for name, (r, c) in cells.items():
        h = int(np.flatnonzero((codes == [int(maps[y][r, c]) for y in YEARS]).all(axis=1))[0])
        for j, (y0, y1) in enumerate(zip(bounds[:-1], bounds[1:])):
            ours = sum(book.accumulation[p][h, j] for p in book.accumulation) * CO2
            assert ours == pytest.approx(values[(name, "accumulation", y0, y1)], abs=FLOAT32), (name, y0)
            if j and not (name == REACCUMULATES and y0 == 2015):
                ours = sum(book.emissions[p][h, j] for p in book.emissions) * CO2
                assert ours == pytest.approx(values[(name, "emissions", y0, y1)], abs=FLOAT32), (name, y0)
                checked += 1
        for k, year in enumerate(bounds):
            if name == REACCUMULATES and year == ANALYSIS:
                continue
            for pool in ("biomass", "soil"):
                ours = book.stock_at[pool][h, k] * CO2
                assert ours == pytest.approx(values[(name, f"stock_{pool}", year, year)], abs=FLOAT32), (name, pool, year)
    assert checked >= 10


def test_a_zero_half_life_means_no_emission_from_that_pool(tmp_path: Path) -> None:
    """InVEST: a half-life of 0 → that pool is not emitted; the disturbed carbon stays in the stock."""
    text = (CASE / "biophysical.csv").read_text().replace("1,mangrove,150,400,10,10,", "1,mangrove,150,400,10,0,")
    text = text.replace("2,marsh,30,200,0.0,1,", "2,marsh,30,200,0.0,0,")
    (tmp_path / "bio.csv").write_text(text)
    bio = read_biophysical_table(tmp_path / "bio.csv", units="t C", ecosystems=ECOSYSTEMS)
    assert bio.parameters.value(1, "biomass_half_life") == 0
    legend = invest_legend(bio, ECOSYSTEMS)
    result = run(bio.parameters, legend, read_invest_transitions(CASE / "transitions_invest.csv", legend),
                 [str(CASE / f"lulc_{y}.tif") for y in YEARS])
    assert result.periods["emissions_biomass_tC"].sum() == 0  # biomass is disturbed only in mangrove and marsh
    assert result.periods["emissions_soil_tC"].sum() > 0


# -- parameters per class ---------------------------------------------------------------------------


def write(path: Path, array: np.ndarray) -> str:
    with rasterio.open(path, "w", driver="GTiff", width=array.shape[1], height=array.shape[0], count=1,
                       dtype="uint8", crs="EPSG:32649", transform=from_origin(500000, 3000000, 10, 10), nodata=0) as ds:
        ds.write(array, 1)
    return str(path)


def test_two_mangrove_classes_cropland_and_built_up_carry_their_own_stocks(tmp_path: Path) -> None:
    """Class rows (by raster value) before ecosystem rows; cropland 5 + 300 and built-up 100 Mg CO2e/ha as stocks."""
    legend_csv = tmp_path / "legend.csv"
    legend_csv.write_text("value,name,ecosystem\n1,mangrove A,mangrove\n2,mangrove B,mangrove\n3,cropland,non_habitat\n"
                          "4,built-up,non_habitat\n")
    table = parse_parameters(
        "ecosystem,parameter,value,unit,class\n"
        "mangrove,soil_stock,300,t C/ha,\n"
        "mangrove,soil_accumulation,2,t C/ha/yr,\n"
        "mangrove,soil_stock,150,t C/ha,2\n"           # class 2's own soil stock
        "mangrove,soil_accumulation,1,t C/ha/yr,2\n"
        ",biomass_stock,5,Mg CO2e/ha,3\n"
        ",soil_stock,300,Mg CO2e/ha,3\n"
        ",soil_stock,100,t CO2e/ha,4\n", "classes.csv")
    # 10 m cells: 1 cell = 0.01 ha; classes 1..4 with 3, 2, 4, 1 cells
    array = np.array([[1, 1, 1, 2, 2], [3, 3, 3, 3, 4]], np.uint8)
    lc = open_landcover(write(tmp_path / "m.tif", array))
    scheme = build_scheme(lc.value_counts(), load_legend(str(legend_csv)))
    result = assess_sink(lc, scheme, table, SinkOptions(draws=0), per_patch=False)
    t = {e: i for i, e in enumerate(result.table["ecosystem"])}
    assert result.table["soil_stock_tC"][t["mangrove"]] == pytest.approx(0.03 * 300 + 0.02 * 150)
    assert result.table["sequestration_tC_yr"][t["mangrove"]] == pytest.approx(0.03 * 2 + 0.02 * 1)
    assert result.table["soil_stock_tC"][t["non_habitat"]] == pytest.approx(0.04 * 300 * 12 / 44 + 0.01 * 100 * 12 / 44)
    assert result.table["biomass_stock_tC"][t["non_habitat"]] == pytest.approx(0.04 * 5 * 12 / 44)
    assert result.table["sequestration_tC_yr"][t["non_habitat"]] == 0
    rates = result.rates
    by_class = {c: i for i, c in enumerate(rates["class"])}
    assert rates["accumulation_tC_ha_yr"][by_class["2"]] == 1 and "class 2" in rates["rate_source"][by_class["2"]]
    assert rates["accumulation_tC_ha_yr"][by_class["1"]] == 2 and "mangrove soil_accumulation" in rates["rate_source"][by_class["1"]]
