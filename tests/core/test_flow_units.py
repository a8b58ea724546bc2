"""Demand measures (t C, t CO₂, other × coefficient), t CO₂e columns, pooled ESDR on intensities, intervals on the
two-date decomposition: hand-computed cases."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent))  # the small-raster helpers of test_flow_cells and test_flow_change
from test_flow_cells import CRS, DECAY, RATES, X0, Y0, landscape  # noqa: E402
from test_flow_change import maps, options, units  # noqa: E402
from test_flow_uncertainty import narrow  # noqa: E402

from bluecarbon.core.errors import InputError  # noqa: E402
from bluecarbon.core.flow import (  # noqa: E402
    CHANNELS, FlowOptions, add_pooled_esdr, assess_flow, decompose_flow_change, demand_factor, point_units,
    polygon_units, raster_demand,
)
from bluecarbon.core.flow.outputs import decomposition_rows  # noqa: E402
from bluecarbon.core.parameters import parse_parameters  # noqa: E402
from bluecarbon.core.sink import SinkOptions  # noqa: E402
from rasters import write_raster  # noqa: E402

FIXED = """ecosystem,parameter,value,unit,low,high,sd,distribution,source,confirmed,note
mangrove,soil_accumulation,2.0,t C/ha/yr,,,,fixed,test,no,
salt_marsh,soil_accumulation,1.0,t C/ha/yr,,,,fixed,test,no,
"""


def box_at(x0: float, y0: float, x1: float, y1: float):
    """A rectangle given in metres right of and below the raster's upper-left corner."""
    from shapely.geometry import box

    return box(X0 + x0, Y0 - y1, X0 + x1, Y0 - y0)


# -- A. demand measures -------------------------------------------------------------------------------


def test_demand_factor_by_measure() -> None:
    assert demand_factor("tC_yr") == 1.0
    assert demand_factor("tCO2_yr") == pytest.approx(0.272727272727, rel=1e-11)  # 12/44 by hand
    assert demand_factor("other", 0.5) == 0.5
    with pytest.raises(InputError) as err:
        demand_factor("tCO2_yr", 0.2727)
    text = str(err.value)
    assert "ambiguous" in text and "t CO2/yr" in text and "Fix:" in text and "other × coefficient" in text
    with pytest.raises(InputError):
        demand_factor("tC_yr", 2.0)
    with pytest.raises(InputError):
        demand_factor("Mt", 1.0)
    with pytest.raises(InputError):
        demand_factor("other", -1.0)


def test_point_units_in_co2_are_converted_at_read_time() -> None:
    u = point_units([1, 2], [X0 + 5, X0 + 15], [Y0 - 5, Y0 - 5], [44.0, 11.0], CRS, measure="tCO2_yr")
    assert u.demand_tC_yr == pytest.approx([12.0, 3.0])
    assert u.measure == "tCO2_yr" and u.factor == pytest.approx(12 / 44)
    assert "t CO2/yr" in u.description
    u = point_units([1], [X0 + 5], [Y0 - 5], [10.0], CRS, coefficient=0.3, measure="other")
    assert u.demand_tC_yr == pytest.approx([3.0]) and u.measure == "other"
    with pytest.raises(InputError):
        point_units([1], [X0 + 5], [Y0 - 5], [10.0], CRS, coefficient=0.3, measure="tC_yr")


def test_raster_demand_in_co2(tmp_path: Path) -> None:
    lc, _ = landscape(tmp_path, np.full((10, 20), 4))
    em = np.zeros((10, 20), np.float32)
    em[2, 3] = 22.0
    em[7, 15] = 44.0
    path = write_raster(tmp_path / "em.tif", em)
    dem = raster_demand(str(path), lc.grid, 1.0, cell_size_m=1000.0, measure="tCO2_yr")
    assert dem.demand_tC_yr.sum() == pytest.approx(18.0)  # (22 + 44) × 12/44
    assert dem.measure == "tCO2_yr"
    with pytest.raises(InputError):
        raster_demand(str(path), lc.grid, 0.5, cell_size_m=1000.0, measure="tCO2_yr")


def test_co2e_columns_beside_the_carbon_columns(tmp_path: Path) -> None:
    """One mangrove patch of 4 cells (0.04 ha × 2 = 0.08 t C/yr), two units with ample demand."""
    a = np.full((10, 20), 4)
    a[2:4, 2:4] = 1
    lc, scheme = landscape(tmp_path, a)
    u = point_units([1, 2], [X0 + 25, X0 + 75], [Y0 - 25, Y0 - 25], [1.0, 3.0], CRS)
    r = assess_flow(lc, scheme, parse_parameters(FIXED), u, FlowOptions(DECAY, 400.0, allocation="aspatial"))
    r.close()
    k = 44.0 / 12.0
    p = r.patches
    names = list(p)
    assert names.index("supply_tCO2e_yr") == names.index("supply_tC_yr") + 1
    assert p["supply_tCO2e_yr"] == pytest.approx([0.08 * k])
    assert p["attributed_tCO2e_yr"] == pytest.approx([0.08 * k])
    assert p["unallocated_tCO2e_yr"] == pytest.approx([0.0])
    # aspatial: R = 0.08 × D / ΣD = 0.02, 0.06 t C/yr
    assert r.units["demand_tCO2e_yr"] == pytest.approx([1.0 * k, 3.0 * k])
    assert r.units["attributed_tCO2e_yr"] == pytest.approx([0.02 * k, 0.06 * k])
    assert r.units["balance_tCO2e_yr"] == pytest.approx([-0.98 * k, -2.94 * k])
    assert sorted(r.links["attributed_tCO2e_yr"]) == pytest.approx([0.02 * k, 0.06 * k])
    assert r.network["demand_measure"] == "other" and r.network["demand_factor_tC_per_unit"] == 1.0


# -- B. pooled ESDR on intensities ------------------------------------------------------------------------


def test_pooled_esdr_on_intensities_two_dates_by_hand(tmp_path: Path) -> None:
    """One patch of 0.08 t C/yr, aspatial allocation (R_j = 0.08 D_j / ΣD), two polygon units of 1 ha and 2 ha.

    Date 1: D = (0.06, 0.10) → R = (0.03, 0.05); per ha r = (0.03, 0.025), d = (0.06, 0.05).
    Date 2: D = (0.02, 0.14) → R = (0.01, 0.07); per ha r = (0.01, 0.035), d = (0.02, 0.07).
    Pooled maxima r 0.035, d 0.07: scale 0.0525. R/D = 0.5 for every unit at both dates.
    """
    a = np.full((20, 40), 4)
    a[2:4, 2:4] = 1
    lc, scheme = landscape(tmp_path, a)
    polys = [box_at(0, 0, 100, 100), box_at(100, 0, 300, 100)]
    opts = FlowOptions(DECAY, 400.0, allocation="aspatial")
    results = []
    for demand in ([0.06, 0.10], [0.02, 0.14]):
        r = assess_flow(lc, scheme, parse_parameters(FIXED), polygon_units([1, 2], polys, demand, CRS), opts)
        r.close()
        results.append(r)
    basis = add_pooled_esdr(results)
    assert basis == "t C/ha/yr" and results[1].network["esdr_pooled_basis"] == "t C/ha/yr"
    u1, u2 = results[0].units, results[1].units
    np.testing.assert_allclose(u1["area_ha"], [1.0, 2.0], rtol=1e-12)
    np.testing.assert_allclose(u1["received_tC_ha_yr"], [0.03, 0.025], rtol=1e-9)
    np.testing.assert_allclose(u2["demand_tC_ha_yr"], [0.02, 0.07], rtol=1e-12)
    np.testing.assert_allclose(u1["esdr_pooled"], [-0.03 / 0.0525, -0.025 / 0.0525], rtol=1e-9)
    np.testing.assert_allclose(u2["esdr_pooled"], [-0.01 / 0.0525, -0.035 / 0.0525], rtol=1e-9)
    np.testing.assert_allclose(u1["received_to_demand"], [0.5, 0.5], rtol=1e-9)
    np.testing.assert_allclose(u2["received_to_demand"], [0.5, 0.5], rtol=1e-9)
    # the per-run ESDR rescales date 1 by its own maxima (R 0.05, D 0.10 → 0.075): not comparable across dates
    np.testing.assert_allclose(u1["esdr"], [-0.03 / 0.075, -0.05 / 0.075], rtol=1e-9)
    assert results[0].network["essr"] == pytest.approx(1.0)


def test_pooled_esdr_of_point_units_is_on_amounts(tmp_path: Path) -> None:
    a = np.full((10, 20), 4)
    a[2:4, 2:4] = 1
    lc, scheme = landscape(tmp_path, a)
    u = point_units([1, 2], [X0 + 25, X0 + 75], [Y0 - 25, Y0 - 25], [0.02, 0.14], CRS)
    r = assess_flow(lc, scheme, parse_parameters(FIXED), u, FlowOptions(DECAY, 400.0, allocation="aspatial"))
    r.close()
    assert add_pooled_esdr([r]) == "t C/yr"
    assert "area_ha" not in r.units
    # R = (0.01, 0.07), D = (0.02, 0.14): scale (0.07 + 0.14) / 2 = 0.105
    np.testing.assert_allclose(r.units["esdr_pooled"], [-0.01 / 0.105, -0.07 / 0.105], rtol=1e-9)


# -- C. intervals on the decomposition terms ---------------------------------------------------------------


def _decomposition(tmp_path: Path, rates: str, draws: int, **kw):
    a, b = maps()
    lc1, s1 = landscape(tmp_path, a, "d1.tif")
    lc2, s2 = landscape(tmp_path, b, "d2.tif")
    sink = SinkOptions(edge_depth_m=10.0, edge_factor=0.5, draws=0)
    return decompose_flow_change(lc1, s1, lc2, s2, parse_parameters(rates), units([0.3, 0.1, 0.2]),
                                 units([0.5, 0.05, 0.3]), options(sink=sink), draws=draws, seed=2, **kw)


def test_decomposition_intervals_contain_the_central_value_and_shrink(tmp_path: Path) -> None:
    wide = _decomposition(tmp_path, RATES, 40)
    narrower = _decomposition(tmp_path, narrow(RATES, 0.25), 40)
    for dec in (wide, narrower):
        for k in CHANNELS:
            mean, lo, hi = dec.intervals[k]
            assert lo - 1e-12 <= dec.terms[k] <= hi + 1e-12, k
        assert dec.intervals["change"][1] - 1e-12 <= dec.change_tC_yr <= dec.intervals["change"][2] + 1e-12
        # every draw's terms add up to that draw's change exactly
        s = dec.samples
        assert s.shape == (40, len(CHANNELS) + 1)
        np.testing.assert_allclose(s[:, :-1].sum(axis=1), s[:, -1], rtol=1e-12, atol=1e-15)
    for k in ("area", "change"):
        w_wide = wide.intervals[k][2] - wide.intervals[k][1]
        w_narrow = narrower.intervals[k][2] - narrower.intervals[k][1]
        assert 0 < w_narrow < 0.5 * w_wide, k
    rows = decomposition_rows(wide)
    assert rows["term"][-1] == "total"
    assert rows["change_tC_yr_lo"][-1] == wide.intervals["change"][1]
    assert all(lo <= hi for lo, hi in zip(rows["change_tC_yr_lo"], rows["change_tC_yr_hi"]))


def test_decomposition_edge_factor_draws_widen_the_edge_term(tmp_path: Path) -> None:
    fixed = _decomposition(tmp_path, FIXED, 30)
    drawn = _decomposition(tmp_path, FIXED, 30, edge_factor_range=(0.2, 0.8))
    _, lo, hi = fixed.intervals["edge"]
    assert hi - lo == pytest.approx(0.0, abs=1e-12)  # fixed rates, fixed factor: every draw is the central run
    _, lo2, hi2 = drawn.intervals["edge"]
    assert hi2 - lo2 > 1e-6
    np.testing.assert_allclose(drawn.samples[:, :-1].sum(axis=1), drawn.samples[:, -1], rtol=1e-12, atol=1e-15)
    with pytest.raises(InputError):
        _decomposition(tmp_path, FIXED, 2, edge_factor_range=(0.5, 1.5))


def test_no_draws_no_interval_columns(tmp_path: Path) -> None:
    dec = _decomposition(tmp_path, RATES, 0)
    assert dec.intervals == {} and dec.samples is None
    rows = decomposition_rows(dec)
    assert not any(name.endswith(("_lo", "_hi", "_mean")) for name in rows)


# -- D. zonal summaries ------------------------------------------------------------------------------------


def test_zone_summaries_by_hand(tmp_path: Path) -> None:
    """4 × 8 cells of 10 m. Date 1: mangrove in columns 0-3, land east of it; date 2: column 3 reclaimed.

    Zones by cell centre: L = columns 0-1, R = columns 2-5; columns 6-7 lie outside. Window: circle of 10 m
    (the focal cell and its 4 neighbours inside the raster). Moving-window PLAND and ED of mangrove, worked
    out cell by cell (interior rows: 5-cell windows of 500 m²; top and bottom rows: 4 cells, 400 m²):

    date 1, R: PLAND column 2: 100; column 3: 80, 80, 75, 75; column 4: 20, 20, 25, 25; column 5: 0 → 800/16 = 50
               ED (m/ha) column 2: 200, 200, 250, 250; column 3: 600, 600, 500, 500; column 4 as column 2 → 4000/16
    date 1, L: PLAND 100, ED 0 (no mangrove side facing land lies in the windows of columns 0-1)
    date 2, L: PLAND 100; ED column 1 as column 2 of date 1 → 900/8 = 112.5
    date 2, R: PLAND column 2: 80, 80, 75, 75; column 3: 20, 20, 25, 25 → 400/16 = 25; ED 2200 + 900 → 3100/16

    Flows (2 t C/ha/yr = 0.02 t C/yr per cell, one unit, nearly flat decay, capped): date 1 demand 10 takes all
    16 cells (0.32); date 2 demand 0.12 shares 12 cells' 0.24 equally (0.01 each). Per cell: column 3 area −0.02;
    columns 0-2 saturation −0.01. L: saturation −0.08; R: area −0.08, saturation −0.04; outside: 0.
    """
    from shapely.geometry import mapping

    from bluecarbon.core.flow import DistanceDecay
    from bluecarbon.core.flow.zones import Zones, zone_summaries

    a = np.full((4, 8), 4)
    a[:, 0:4] = 1
    b = a.copy()
    b[:, 3] = 4
    lc1, s1 = landscape(tmp_path, a, "z1.tif")
    lc2, s2 = landscape(tmp_path, b, "z2.tif")
    unit = lambda d: point_units([1], [X0 + 40.0], [Y0 - 20.0], [d], CRS)  # noqa: E731
    opts = FlowOptions(DistanceDecay("exponential", scale_m=1e12), 1000.0)
    dec = decompose_flow_change(lc1, s1, lc2, s2, parse_parameters(FIXED), unit(10.0), unit(0.12), opts)
    assert dec.change_tC_yr == pytest.approx(-0.20, rel=1e-6)
    zones = Zones([11, 12], ["reed wetland", "port"], [mapping(box_at(0, 0, 20, 40)), mapping(box_at(20, 0, 60, 40))],
                  CRS)
    t = zone_summaries(zones, [(lc1, s1), (lc2, s2)], 10.0, dec)
    assert t["zone_id"] == [11, 12, ""] and t["zone_name"][2] == "outside the zones"
    assert t["cells"] == [8, 16, 8]
    np.testing.assert_allclose(t["area_ha"], [0.08, 0.16, 0.08])
    np.testing.assert_allclose(t["blue_carbon_area_ha_1"], [0.08, 0.08, 0.0])
    np.testing.assert_allclose(t["blue_carbon_area_ha_2"], [0.08, 0.04, 0.0])
    np.testing.assert_allclose(t["PLAND_mangrove_mean_1"][:2], [100.0, 50.0], rtol=1e-12)
    np.testing.assert_allclose(t["ED_mangrove_mean_1"][:2], [0.0, 250.0], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(t["PLAND_mangrove_mean_2"][:2], [100.0, 25.0], rtol=1e-12)
    np.testing.assert_allclose(t["ED_mangrove_mean_2"][:2], [112.5, 3100 / 16], rtol=1e-12)
    np.testing.assert_allclose(t["dF_area_tC_yr"], [0.0, -0.08, 0.0], atol=1e-9)
    np.testing.assert_allclose(t["dF_saturation_tC_yr"], [-0.08, -0.04, 0.0], atol=1e-7)
    for k in ("edge", "reach", "demand"):
        np.testing.assert_allclose(t[f"dF_{k}_tC_yr"], 0.0, atol=1e-9)
    # the zones and the outside row add up to each channel's total and to the change
    for k in CHANNELS:
        assert sum(t[f"dF_{k}_tC_yr"]) == pytest.approx(dec.terms[k], abs=1e-12)
    assert sum(t["dF_total_tC_yr"]) == pytest.approx(dec.change_tC_yr, abs=1e-12)
    # one date: no flow-change columns; a class absent at a date gets empty means there
    one = zone_summaries(zones, [(lc1, s1)], 10.0)
    assert not any(name.startswith("dF_") for name in one)
    np.testing.assert_allclose(one["PLAND_mangrove_mean_1"][:2], [100.0, 50.0], rtol=1e-12)
    lc3, s3 = landscape(tmp_path, np.full((4, 8), 4), "z3.tif")
    gone = zone_summaries(zones, [(lc1, s1), (lc3, s3)], 10.0)
    assert np.isnan(gone["PLAND_mangrove_mean_2"]).all() and gone["blue_carbon_area_ha_2"] == [0.0, 0.0, 0.0]


def test_zones_in_another_crs_or_off_the_map(tmp_path: Path) -> None:
    from shapely.geometry import mapping

    from bluecarbon.core.flow.zones import Zones, zone_summaries

    lc, s = landscape(tmp_path, np.full((4, 8), 1))
    with pytest.raises(InputError, match="Reproject"):
        zone_summaries(Zones([1], ["z"], [mapping(box_at(0, 0, 20, 20))], "EPSG:4326"), [(lc, s)], 10.0)
    with pytest.raises(InputError, match="covers a cell centre"):
        zone_summaries(Zones([1], ["z"], [mapping(box_at(1000, 0, 2000, 20))], CRS), [(lc, s)], 10.0)
    with pytest.raises(InputError):
        Zones([], [], [], CRS)


@pytest.mark.parametrize("mode", ["straight_line", "least_cost"])
def test_cell_terms_add_up_to_the_channels(tmp_path: Path, mode) -> None:
    """Per-cell terms (accumulated run by run) sum to the channels of the order-averaged totals (summed first)."""
    a, b = maps()
    lc1, s1 = landscape(tmp_path, a, "d1.tif")
    lc2, s2 = landscape(tmp_path, b, "d2.tif")
    sink = SinkOptions(edge_depth_m=10.0, edge_factor=0.5, draws=0)
    dec = decompose_flow_change(lc1, s1, lc2, s2, parse_parameters(FIXED), units([0.3, 0.1, 0.2]),
                                units([0.5, 0.0, 0.3]), options(mode, sink))
    assert dec.cell_flat.size == dec.cell_terms["area"].size
    for k in CHANNELS:
        assert dec.cell_terms[k].sum() == pytest.approx(dec.terms[k], rel=1e-9, abs=1e-12), k
    assert abs(dec.terms["edge"]) > 1e-6 and abs(dec.terms["area"]) > 1e-6
