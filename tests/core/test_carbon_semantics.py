"""Issue #12: IPCC Tier 1 semantics per cell status, the effective parameter table, soil depth pairs, units.

Every expected number is written out by hand from the presets' published values: IPCC EF_RE 1.62 t C/ha/yr
(restored mangrove), drainage 7.9 t C/ha/yr, Mcleod 2011 226 g C m-2 yr-1 = 2.26 t C/ha/yr (intact
mangrove), IPCC soil stock 386 t C/ha; 10 m cells = 0.01 ha.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from rasters import write_raster

from bluecarbon.core.classes import build_scheme
from bluecarbon.core.errors import InputError
from bluecarbon.core.landcover import open_landcover
from bluecarbon.core.legend import Legend, LegendEntry
from bluecarbon.core.parameters import (
    DEFAULT_PRESETS, effective_parameters, load_parameters, parse_parameters,
)
from bluecarbon.core.sink import (
    SinkOptions, assess_sink, rates_per_class, sink_semantics, status_from_earlier_map, status_from_raster,
    write_sequestration_raster,
)

LEGEND = Legend([LegendEntry(1, "mangrove", "mangrove"), LegendEntry(4, "pond", "open_water")], title="t")
NOW = [[1, 1, 1, 1], [1, 1, 4, 4]]  # 6 mangrove cells
THEN = [[1, 1, 1, 4], [4, 1, 1, 1]]  # cells (0,3) and (1,0) became mangrove; (1,2), (1,3) were mangrove
DEFAULT = effective_parameters().table  # Mcleod + IPCC + InVEST defaults


def open_map(tmp_path: Path, a, name: str):
    return open_landcover(write_raster(tmp_path / name, np.asarray(a, np.uint8), nodata=0))


def test_intact_cells_take_the_burial_rate_restored_cells_ipcc_ef_re(tmp_path: Path) -> None:
    lc, before = open_map(tmp_path, NOW, "now.tif"), open_map(tmp_path, THEN, "then.tif")
    scheme = build_scheme(lc.value_counts(), LEGEND)
    status = status_from_earlier_map(lc, before, LEGEND)
    res = assess_sink(lc, scheme, DEFAULT, SinkOptions(draws=0), status=status)
    res.close()
    i = list(res.table["ecosystem"]).index("mangrove")
    assert res.table["area_intact_ha"][i] == pytest.approx(0.04)
    assert res.table["area_restored_ha"][i] == pytest.approx(0.02)
    assert res.table["sequestration_tC_yr"][i] == pytest.approx(0.04 * 2.26 + 0.02 * 1.62)
    assert res.table["soil_stock_tC"][i] == pytest.approx(0.06 * 386)
    assert "mcleod_2011" in res.table["rate_source"][i] and "ipcc_2013_tier1" in res.table["rate_source"][i]
    assert "IPCC EF_RE" in res.table["semantics"][i] and "remaining wetlands" in res.table["semantics"][i]
    sentence = sink_semantics(res)
    assert sentence.startswith("The sequestration of ") and sentence.endswith(".") and sentence.count("; ") == 1
    assert "0.04 ha of intact stands" in sentence and "0.02 ha of restored" in sentence
    assert "mcleod_2011" in sentence and "ipcc_2013_tier1" in sentence
    # the patch path gives the same totals
    per_patch = assess_sink(lc, scheme, DEFAULT, SinkOptions(draws=0), status=status, per_patch=True)
    per_patch.close()
    assert per_patch.patches["sequestration_tC_yr"].sum() == pytest.approx(0.04 * 2.26 + 0.02 * 1.62)
    assert per_patch.patches["restored_area_ha"].sum() == pytest.approx(0.02)


def test_ipcc_alone_gives_intact_stands_no_soil_change(tmp_path: Path) -> None:
    """IPCC Tier 1: wetlands remaining wetlands, no soil carbon change; the headline says so."""
    lc = open_map(tmp_path, NOW, "now.tif")
    scheme = build_scheme(lc.value_counts(), LEGEND)
    res = assess_sink(lc, scheme, load_parameters("ipcc_2013_tier1"), SinkOptions(draws=0), per_patch=False)
    i = list(res.table["ecosystem"]).index("mangrove")
    assert res.table["sequestration_tC_yr"][i] == 0
    assert res.table["soil_stock_tC"][i] == pytest.approx(0.06 * 386)
    assert "no soil carbon change in wetlands remaining wetlands" in sink_semantics(res)
    assert "no rate for intact stands" in res.rates["semantics"][0]


def test_restoration_raster_and_drained_cells(tmp_path: Path) -> None:
    """1 = restored, 2 = drained: drained mangrove soil emits IPCC's 7.9 t C/ha/yr and takes no burial rate."""
    lc = open_map(tmp_path, NOW, "now.tif")
    mask = open_map(tmp_path, [[1, 0, 0, 0], [2, 0, 0, 0]], "mask.tif")
    scheme = build_scheme(lc.value_counts(), LEGEND)
    status = status_from_raster(lc, mask)
    res = assess_sink(lc, scheme, DEFAULT, SinkOptions(draws=0), per_patch=False, status=status)
    i = list(res.table["ecosystem"]).index("mangrove")
    assert res.table["sequestration_tC_yr"][i] == pytest.approx(0.04 * 2.26 + 0.01 * 1.62 - 0.01 * 7.9)
    assert res.table["drainage_emission_tC_yr"][i] == pytest.approx(0.01 * 7.9)
    out = tmp_path / "seq.tif"
    write_sequestration_raster(str(out), lc, scheme, DEFAULT, SinkOptions(draws=0), status=status)
    import rasterio

    with rasterio.open(out) as ds:
        rate = ds.read(1)
    assert rate[0, 0] == pytest.approx(1.62) and rate[1, 0] == pytest.approx(-7.9) and rate[0, 1] == pytest.approx(2.26)
    bad = open_map(tmp_path, [[3, 0, 0, 0], [0, 0, 0, 0]], "bad.tif")
    with pytest.raises(InputError, match="only 0 \\(intact\\).*Fix:"):
        assess_sink(lc, scheme, DEFAULT, SinkOptions(draws=0), per_patch=False, status=status_from_raster(lc, bad))


def test_rates_per_class_prefers_the_class_row_and_the_matching_semantics() -> None:
    table = parse_parameters(
        "ecosystem,parameter,value,unit,applies_to,class\n"
        "mangrove,soil_accumulation,2,t C/ha/yr,remaining,\n"
        "mangrove,soil_accumulation,1.5,t C/ha/yr,restored,\n"
        "mangrove,soil_accumulation,3,t C/ha/yr,,7\n", "t.csv")
    intact = rates_per_class(table, [1, 7], ["mangrove", "mangrove"], "intact")
    restored = rates_per_class(table, [1, 7], ["mangrove", "mangrove"], "restored")
    assert (intact[1].accumulation_tC_ha_yr, restored[1].accumulation_tC_ha_yr) == (2, 1.5)
    assert (intact[7].accumulation_tC_ha_yr, restored[7].accumulation_tC_ha_yr) == (3, 3)


# -- the effective table ------------------------------------------------------------------------


def test_own_table_with_only_aboveground_biomass_is_warned_about_defaults(tmp_path: Path) -> None:
    own = tmp_path / "mine.csv"
    own.write_text("ecosystem,parameter,value,unit\nmangrove,aboveground_biomass_stock,50,t C/ha\n")
    eff = effective_parameters(None, own)
    assert eff.tables_used == [*DEFAULT_PRESETS, str(own)]
    assert eff.table.value("mangrove", "aboveground_biomass_stock") == 50
    taken = {(r.subject, r.parameter, r.table) for r in eff.from_defaults}
    assert ("mangrove", "belowground_biomass_stock", "ipcc_2013_tier1") in taken
    assert "belowground_biomass_stock = 42.43 t C/ha from ipcc_2013_tier1" in eff.warning(limit=100)
    assert all(r.table != "mine" for r in eff.from_defaults)
    only = effective_parameters(None, own, own_only=True)
    assert len(only.table) == 1 and only.from_defaults == [] and only.warning() == ""
    named = effective_parameters(["ipcc_2013_tier1"], own)
    assert named.from_defaults == [] and named.table.has("mangrove", "belowground_biomass_stock")
    with pytest.raises(InputError, match="no parameter table was given.*Fix:"):
        effective_parameters(None, None, own_only=True)


def test_a_merge_keeps_each_soil_stock_with_its_depth() -> None:
    """china_coastal: seagrass 33.26 t C/ha to 0.5 m; ipcc_2013_tier1: 108 t C/ha to 1 m."""
    china_last = effective_parameters(["ipcc_2013_tier1", "china_coastal"]).table
    assert (china_last.value("seagrass", "soil_stock"), china_last.soil_depth_m("seagrass")) == (33.26, 0.5)
    ipcc_last = effective_parameters(["china_coastal", "ipcc_2013_tier1"])
    assert (ipcc_last.table.value("seagrass", "soil_stock"), ipcc_last.table.soil_depth_m("seagrass")) == (108, 1.0)
    assert any("0.5 m of seagrass" in note for note in ipcc_last.notes)
    depth_only = parse_parameters("ecosystem,parameter,value,unit\nseagrass,soil_depth,0.3,m\n", "d.csv")
    with pytest.raises(InputError, match="soil depth of 0.3 m for seagrass but no soil stock.*Fix:"):
        load_parameters("ipcc_2013_tier1").merge(depth_only)


def test_t_co2e_units_are_converted_and_noted() -> None:
    table = parse_parameters("ecosystem,parameter,value,unit,sd\nmangrove,soil_accumulation,11,t CO2e/ha/yr,1.1\n"
                             "mangrove,soil_stock,44,Mg CO2e/ha,\n", "u.csv")
    row = table.get("mangrove", "soil_accumulation")
    assert row.value == pytest.approx(3.0) and row.sd == pytest.approx(0.3) and "12/44" in row.note
    assert table.value("mangrove", "soil_stock") == pytest.approx(12.0)


def test_subtropical_mangrove_biomass_preset() -> None:
    """75 t d.m./ha × 0.451 = 33.825 t C/ha; × root:shoot 0.96 = 32.472 t C/ha (confirmed=no)."""
    table = effective_parameters(["ipcc_2013_tier1", "ipcc_2013_mangrove_subtropical"]).table
    assert table.value("mangrove", "aboveground_biomass_stock") == pytest.approx(75 * 0.451)
    assert table.value("mangrove", "belowground_biomass_stock") == pytest.approx(75 * 0.451 * 0.96)
    assert not table.get("mangrove", "belowground_biomass_stock").confirmed
