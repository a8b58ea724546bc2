"""Legend presets load and map the documented codes to the documented ecosystems; user CSVs round-trip.

The expected mappings are those written in resources/legends/README.md ("Mapping choices").
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin

from bluecarbon.core.classes import GROUP_BY_ECOSYSTEM, open_classified
from bluecarbon.core.legend import (
    BLUE_CARBON_ECOSYSTEMS,
    ECOSYSTEMS,
    Legend,
    LegendEntry,
    load_legend,
    parse_legend,
    preset_ids,
    preset_path,
)
from bluecarbon.core.resources import resource_path

EXPECTED_PRESETS = {"esa_worldcover", "noaa_ccap", "global_mangrove_watch", "esa_cci_landcover", "generic_coastal_wetland"}
HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


def ecosystem_map(preset: str) -> dict[int, str]:
    """value → ecosystem of a preset."""
    return {e.value: e.ecosystem for e in load_legend(preset).entries}


def test_preset_ids_are_the_shipped_csv_files() -> None:
    """preset_ids() lists every CSV of resources/legends, and the five documented ones are there."""
    folder = resource_path("legends")
    assert preset_ids() == sorted(p.stem for p in folder.glob("*.csv"))
    assert EXPECTED_PRESETS <= set(preset_ids())
    readme = (folder / "README.md").read_text(encoding="utf-8")
    for preset in preset_ids():
        assert f"`{preset}`" in readme, f"{preset} is not documented in resources/legends/README.md"


@pytest.mark.parametrize("preset", preset_ids())
def test_every_preset_loads_cleanly(preset: str) -> None:
    """Each preset loads, uses only known ecosystems, has unique values, colours and its provenance."""
    legend = load_legend(preset)
    assert legend.path == str(preset_path(preset))
    assert legend.entries, preset
    values = legend.values
    assert len(values) == len(set(values)), f"duplicate values in {preset}"
    assert all(isinstance(v, int) for v in values)
    assert {e.ecosystem for e in legend.entries} <= set(ECOSYSTEMS)
    assert any(e.ecosystem in BLUE_CARBON_ECOSYSTEMS for e in legend.entries), "a preset maps some blue carbon"
    for entry in legend.entries:
        assert entry.name and entry.name != str(entry.value), entry
        assert entry.color is not None and HEX_COLOR.match(entry.color), entry
    for key in ("title", "source", "licence", "note"):
        assert legend.meta.get(key), f"{preset} lacks '# {key}:'"
    assert legend.title == legend.meta["title"]
    # a path to the same file gives the same legend
    assert load_legend(preset_path(preset)).entries == legend.entries


def test_esa_worldcover() -> None:
    """WorldCover: 11 classes 10-100; 95 → mangrove, 90 → salt_marsh, 80 → open_water, others non-habitat."""
    m = ecosystem_map("esa_worldcover")
    assert sorted(m) == [10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 100]
    assert m[95] == "mangrove"
    assert m[90] == "salt_marsh"
    assert m[80] == "open_water"
    assert {v for v, e in m.items() if e == "non_habitat"} == {10, 20, 30, 40, 50, 60, 70, 100}
    assert 0 not in m, "0 is the product's no-data value"
    legend = load_legend("esa_worldcover")
    assert legend.entry(95).name == "Mangroves" and legend.entry(95).color.lower() == "#00cf75"
    assert legend.entry(90).name == "Herbaceous wetland"


def test_noaa_ccap() -> None:
    """C-CAP: 1-25; 16, 17 → mangrove; 18 → salt_marsh; 23 → seagrass; 19 → tidal_flat; palustrine → other_wetland."""
    m = ecosystem_map("noaa_ccap")
    assert sorted(m) == list(range(1, 26))
    assert m[16] == m[17] == "mangrove"
    assert m[18] == "salt_marsh"
    assert m[23] == "seagrass"
    assert m[19] == "tidal_flat"
    assert {v for v, e in m.items() if e == "other_wetland"} == {13, 14, 15, 22}
    assert m[21] == "open_water"
    assert m[1] == "non_habitat"
    assert 0 not in m
    assert {v for v, e in m.items() if e in BLUE_CARBON_ECOSYSTEMS} == {16, 17, 18, 23}


def test_global_mangrove_watch() -> None:
    """GMW: 1 → mangrove, 0 → non_habitat."""
    assert ecosystem_map("global_mangrove_watch") == {0: "non_habitat", 1: "mangrove"}


def test_esa_cci_landcover() -> None:
    """CCI: 37 classes 10-220; 170 → mangrove, 180 → salt_marsh, 160 → other_wetland, 210 → open_water."""
    m = ecosystem_map("esa_cci_landcover")
    assert len(m) == 37 and min(m) == 10 and max(m) == 220
    assert m[170] == "mangrove"
    assert m[180] == "salt_marsh"
    assert m[160] == "other_wetland"
    assert m[210] == "open_water"
    assert {v for v, e in m.items() if e not in ("non_habitat",)} == {160, 170, 180, 210}
    assert 0 not in m


def test_esa_cci_covers_the_podlasie_test_raster(repo_root: Path) -> None:
    """Every code of the real CCI test raster is in the CCI preset (the README's cross-check)."""
    with rasterio.open(repo_root / "tests" / "data" / "podlasie_ccilc_2015.tif") as src:
        data = src.read(1)
        nodata = src.nodata
    present = set(np.unique(data).tolist()) - ({int(nodata)} if nodata is not None else set())
    assert present <= set(ecosystem_map("esa_cci_landcover"))


def test_generic_coastal_wetland() -> None:
    """Generic scheme: 1-12; 1 mangrove, 2 salt marsh, 3 seagrass, 4 tidal flat, 5/6 non-habitat, 10/11 water."""
    m = ecosystem_map("generic_coastal_wetland")
    assert sorted(m) == list(range(1, 13))
    assert (m[1], m[2], m[3], m[4]) == ("mangrove", "salt_marsh", "seagrass", "tidal_flat")
    assert m[5] == m[6] == "non_habitat"
    assert m[10] == m[11] == "open_water"


def test_user_csv_round_trips(tmp_path: Path) -> None:
    """A user's legend CSV (BOM, comments, other column order and case, quoted names) loads as written."""
    entries = [
        LegendEntry(1, "Mangrove, Rhizophora", "mangrove", "#00cf75"),
        LegendEntry(2, "Salt marsh", "salt_marsh", None),
        LegendEntry(3, 'Seagrass "Zostera"', "seagrass", "#2e8b57"),
        LegendEntry(-1, "Mud flat", "tidal_flat", "#c8b88a"),
        LegendEntry(250, "Fish ponds", "non_habitat", None),
    ]
    path = tmp_path / "my legend.csv"
    with open(path, "w", newline="", encoding="utf-8-sig") as f:
        f.write("# title: My coastal legend\n# source: field survey 2023\n\n")
        writer = csv.writer(f)
        writer.writerow(["Ecosystem", "Value", "Color", "Name"])
        for e in entries:
            writer.writerow([e.ecosystem.upper() if e.value == 2 else e.ecosystem, f" {e.value} ", e.color or "", e.name])
        writer.writerow([])
    legend = load_legend(path)
    assert legend.entries == entries
    assert legend.title == "My coastal legend"
    assert legend.source == "field survey 2023"
    assert legend.path == str(path)

    # written back out with the documented header it loads again identically
    again = tmp_path / "again.csv"
    with open(again, "w", newline="", encoding="utf-8") as f:
        f.write(f"# title: {legend.title}\n")
        writer = csv.writer(f)
        writer.writerow(["value", "name", "ecosystem", "color"])
        for e in legend.entries:
            writer.writerow([e.value, e.name, e.ecosystem, e.color or ""])
    assert load_legend(again).entries == entries
    assert parse_legend(again.read_text(encoding="utf-8")).entries == entries


@pytest.mark.parametrize("preset", preset_ids())
def test_preset_rewritten_as_user_csv_round_trips(tmp_path: Path, preset: str) -> None:
    """A preset copied to a user CSV (the README's advice for edits) loads to the same entries."""
    legend = load_legend(preset)
    copy = tmp_path / f"{preset}_copy.csv"
    with open(copy, "w", newline="", encoding="utf-8") as f:
        for key, value in legend.meta.items():
            f.write(f"# {key}: {value}\n")
        writer = csv.writer(f)
        writer.writerow(["value", "name", "ecosystem", "color"])
        for e in legend.entries:
            writer.writerow([e.value, e.name, e.ecosystem, e.color or ""])
    mine = load_legend(copy)
    assert mine.entries == legend.entries
    assert mine.meta == legend.meta


def test_ccap_groups_by_ecosystem(tmp_path: Path) -> None:
    """With the C-CAP legend and grouping by ecosystem, 16 and 17 form one mangrove patch type."""
    data = np.array([[16, 17, 18], [23, 21, 16]], dtype=np.uint8)
    path = tmp_path / "ccap.tif"
    with rasterio.open(
        path, "w", driver="GTiff", width=3, height=2, count=1, dtype="uint8", crs="EPSG:5070",
        transform=from_origin(0, 60, 30, 30),
    ) as dst:
        dst.write(data, 1)
    lc, scheme = open_classified(str(path), None, "noaa_ccap", group_by=GROUP_BY_ECOSYSTEM)
    with lc:
        by_code = dict(zip(scheme.codes, zip(scheme.members, scheme.cell_counts)))
    assert by_code["mangrove"] == ([16, 17], 3)
    assert by_code["salt_marsh"] == ([18], 1)
    assert by_code["seagrass"] == ([23], 1)
    assert by_code["open_water"] == ([21], 1)


def test_legend_object_is_usable_directly() -> None:
    """A Legend built in code answers membership and ecosystem queries."""
    legend = Legend([LegendEntry(5, "Mangrove", "mangrove"), LegendEntry(6, "Marsh", "salt_marsh")], title="t")
    assert 5 in legend and 7 not in legend
    assert legend.values_of(BLUE_CARBON_ECOSYSTEMS) == [5, 6]
    assert legend.values_of({"salt_marsh"}) == [6]
