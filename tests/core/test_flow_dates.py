"""Two dates: patch matching (split, shrunk, lost, merged, grown, new), link changes and the attribution of ΔF."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from rasters import write_raster

from bluecarbon.core.classes import build_scheme
from bluecarbon.core.errors import InputError
from bluecarbon.core.flow import DistanceDecay, FlowOptions, assess_flow, compare_flows, point_units
from bluecarbon.core.flow.outputs import network_rows
from bluecarbon.core.landcover import open_landcover
from bluecarbon.core.legend import Legend, LegendEntry
from bluecarbon.core.parameters import parse_parameters
from bluecarbon.core.sink import SinkOptions

X0, Y0 = 371000.0, 2390000.0  # upper-left corner of tests/rasters.write_raster grids (10 m cells)
LEGEND = Legend(
    [LegendEntry(1, "mangrove", "mangrove"), LegendEntry(3, "mudflat", "tidal_flat"), LegendEntry(5, "creek", "open_water")],
    title="test",
)
RATES = """ecosystem,parameter,value,unit,low,high,sd,distribution,source,confirmed,note
mangrove,soil_accumulation,2.0,t C/ha/yr,,,,fixed,test,no,
"""


def landscape(tmp_path: Path, a, name: str):
    lc = open_landcover(write_raster(tmp_path / name, np.asarray(a, dtype=np.uint8), nodata=0))
    return lc, build_scheme(lc.value_counts(), LEGEND)


def units_at(points, demand):
    xy = np.array([(X0 + x, Y0 - y) for x, y in points])
    return point_units(np.arange(1, len(points) + 1), xy[:, 0], xy[:, 1], demand, "EPSG:32649")


def two_dates() -> tuple[np.ndarray, np.ndarray]:
    """Mangrove patches on a mudflat; ids follow the raster scan: 1 belt, 2 block, 3 and 4 neighbours, 5 clump, 6 stable."""
    a = np.full((30, 60), 3)
    a[2:6, 2:22] = 1  # 1: belt, split by a creek at date 2
    a[10:16, 2:10] = 1  # 2: block, shrinks to its northern half
    a[10:14, 30:36] = 1  # 3: joined at date 2 with 4 (3 is larger, so the joined patch inherits from 3)
    a[10:14, 37:39] = 1  # 4
    a[20:24, 2:6] = 1  # 5: lost
    a[25:28, 40:46] = 1  # 6: unchanged
    b = a.copy()
    b[:, 11] = 5
    b[13:16, 2:10] = 3
    b[10:14, 36] = 1
    b[20:24, 2:6] = 3
    b[20:23, 50:56] = 1  # new
    return a, b


def assess(tmp_path: Path, a, name: str):
    lc, scheme = landscape(tmp_path, a, name)
    units = units_at([(55.0, 175.0), (55.0, 75.0), (400.0, 200.0), (530.0, 250.0)], [10.0, 10.0, 30.0, 5.0])
    options = FlowOptions(DistanceDecay("exponential", scale_m=100.0), 300.0, sink=SinkOptions(draws=0))
    return assess_flow(lc, scheme, parse_parameters(RATES), units, options)


def test_matching_links_and_attribution(tmp_path: Path) -> None:
    a, b = two_dates()
    first, second = assess(tmp_path, a, "d1.tif"), assess(tmp_path, b, "d2.tif")
    try:
        change = compare_flows(first, second)
    finally:
        first.close()
        second.close()
    lin = change.lineages
    status = dict(zip(lin["patch_id_1"].tolist(), lin["status"].tolist()))
    new_rows = lin["patch_id_1"] == 0
    assert {k: v for k, v in status.items() if k} == {
        1: "split", 2: "shrunk", 3: "grown", 4: "merged", 5: "lost", 6: "unchanged"
    }
    assert lin["status"][new_rows].tolist() == ["new"]
    assert lin["area_ha_1"][:6] == pytest.approx([0.8, 0.48, 0.24, 0.08, 0.16, 0.18])
    assert lin["area_ha_2"][:6] == pytest.approx([0.76, 0.24, 0.36, 0.0, 0.0, 0.18])
    assert len(lin["patch_ids_2"][0].split(";")) == 2
    # the block's largest recipient moves from the southern unit (20 m away) to the northern one
    row2 = int(np.flatnonzero(lin["patch_id_1"] == 2)[0])
    assert (lin["main_beneficiary_1"][row2], lin["main_beneficiary_2"][row2], lin["redirected"][row2]) == (1, 2, 1)
    # ΔF by status adds up to the change in total delivered flow
    s = change.summary
    parts = sum(s[f"delivered_change_{k}_tC_yr"] for k in ("lost", "split", "merged", "shrunk", "grown", "unchanged", "new"))
    assert parts == pytest.approx(s["delivered_change_tC_yr"], rel=1e-12)
    assert s["delivered_change_tC_yr"] == pytest.approx(second.network["delivered_tC_yr"] - first.network["delivered_tC_yr"])
    assert s["delivered_change_lost_tC_yr"] == pytest.approx(-first.patches["delivered_tC_yr"][4])
    assert s["delivered_change_shrunk_tC_yr"] < 0 and s["delivered_change_split_tC_yr"] < 0
    assert s["delivered_change_new_tC_yr"] == pytest.approx(0.18 * 2.0)
    # links: the lost clump's links are lost, the new patch's gained; counts agree with the link table
    links = change.links
    assert set(links["change"][links["patch_id_1"] == 5]) == {"lost"}
    assert set(links["change"][links["new_patch_id_2"] > 0]) == {"gained"}
    assert s["links_kept"] + s["links_lost"] == pytest.approx(len({(p, u) for p, u in zip(
        first.links["patch_id"].tolist(), first.links["unit_id"].tolist())}))
    assert list(change.first_link_change).count("lost") == s["links_lost"]
    assert np.allclose(np.sum(links["flow_tC_yr_1"]), first.network["delivered_tC_yr"])
    assert np.allclose(np.sum(links["flow_tC_yr_2"]), second.network["delivered_tC_yr"])
    # the network table of two dates: one column per date, their change, then the comparison
    rows = network_rows([first, second], change)
    k = rows["indicator"].index("delivered_tC_yr")
    assert rows["change"][k] == pytest.approx(s["delivered_change_tC_yr"])
    assert "links_lost" in rows["indicator"]


def test_grids_must_match(tmp_path: Path) -> None:
    a, _ = two_dates()
    first, second = assess(tmp_path, a, "d1.tif"), assess(tmp_path, a[:, :50], "d2.tif")
    try:
        with pytest.raises(InputError, match="do not share one grid") as err:
            compare_flows(first, second)
        assert "Fix:" in str(err.value)
    finally:
        first.close()
        second.close()
