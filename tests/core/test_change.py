"""Carbon change (core.change): InVEST Coastal Blue Carbon's equations on hand-computed cases.

The expected numbers are computed here, independently of the module: closed forms worked out by hand
for single histories, and a plain scalar year loop that applies the user's guide's equations
(S_{p,t+1} = S_{p,t} + A_{p,t} − E_{p,t}, E_{p,t} = D_{p,s}(0.5^{(t−s)/H} − 0.5^{(t−s+1)/H}),
D_{p,s} = S_{p,s} · M_{p,s} of the source class) cell by cell.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin

from bluecarbon.core import change as change_module
from bluecarbon.core.change import histories as histories_module
from bluecarbon.core.change import (
    ACCUM,
    HIGH,
    MED,
    NCC,
    ChangeOptions,
    analyse_change,
    default_transition_table,
    open_snapshots,
    parse_transition_table,
    parse_years,
    read_transition_table,
    write_change_rasters,
    write_change_tables,
)
from bluecarbon.core.errors import InputError
from bluecarbon.core.legend import load_legend
from bluecarbon.core.parameters import load_parameters
from bluecarbon.core.valuation import Valuation
from rasters import write_raster
from rasters import SAMPLE_2035, SAMPLE as SAMPLE_2020

ROOT = Path(__file__).resolve().parents[2]
CO2 = 44.0 / 12.0
CELL_HA = 0.01  # 10 m x 10 m

# classes of the hand case
MANGROVE, MARSH, POND, FLAT, BUILT = 1, 2, 3, 4, 5
LEGEND = """value,name,ecosystem
1,Mangrove,mangrove
2,Marsh,salt_marsh
3,Pond,open_water
4,Flat,tidal_flat
5,Built,non_habitat
"""
PARAMS = {
    "mangrove": dict(aboveground_biomass_stock=100, belowground_biomass_stock=50, soil_stock=400, litter_stock=10,
                     biomass_accumulation=2, soil_accumulation=1.5, litter_accumulation=0.5,
                     biomass_half_life=10, soil_half_life=5,
                     biomass_disturbance_low=0.2, biomass_disturbance_med=0.5, biomass_disturbance_high=1.0,
                     soil_disturbance_low=0.1, soil_disturbance_med=0.3, soil_disturbance_high=0.6),
    "salt_marsh": dict(aboveground_biomass_stock=10, belowground_biomass_stock=20, soil_stock=200,
                       biomass_accumulation=0.5, soil_accumulation=1.0, litter_accumulation=0.2,
                       biomass_half_life=1, soil_half_life=8,
                       biomass_disturbance_low=0.5, biomass_disturbance_med=0.5, biomass_disturbance_high=1.0,
                       soil_disturbance_low=0.3, soil_disturbance_med=0.5, soil_disturbance_high=0.8),
    "tidal_flat": dict(soil_stock=20, soil_accumulation=0.1),
}
UNITS = {"stock": "t C/ha", "accumulation": "t C/ha/yr", "half_life": "yr"}
YEARS = [2000, 2010, 2015]
ANALYSIS = 2030
# snapshots of the hand case: 3 x 5 cells, 0 = nodata
#   A mangrove→mangrove→mangrove (4 cells)   B mangrove→pond→pond (3)   C mangrove→marsh→built (2)
#   D flat→mangrove→mangrove (1)             F mangrove→pond→mangrove (2)   built→built→built (2), nodata (1)
MAP_2000 = [[1, 1, 1, 1, 1], [1, 1, 1, 1, 4], [1, 1, 5, 5, 0]]
MAP_2010 = [[1, 1, 1, 1, 3], [3, 3, 2, 2, 1], [3, 3, 5, 5, 0]]
MAP_2015 = [[1, 1, 1, 1, 3], [3, 3, 5, 5, 1], [1, 1, 5, 5, 0]]
HISTORY_CELLS = {"A": 4, "B": 3, "C": 2, "D": 1, "F": 2, "built": 2}


def unit_of(name: str) -> str:
    if "disturbance" in name:
        return "fraction"
    return next(u for key, u in UNITS.items() if name.endswith(key))


@pytest.fixture
def case(tmp_path: Path) -> dict:
    legend = tmp_path / "legend.csv"
    legend.write_text(LEGEND)
    params = tmp_path / "params.csv"
    lines = ["ecosystem,parameter,value,unit"]
    lines += [f"{e},{p},{v},{unit_of(p)}" for e, rows in PARAMS.items() for p, v in rows.items()]
    params.write_text("\n".join(lines) + "\n")
    paths = []
    for year, grid in zip(YEARS, (MAP_2000, MAP_2010, MAP_2015)):
        paths.append(write_raster(tmp_path / f"lc_{year}.tif", np.array(grid, dtype=np.uint8), nodata=0))
    return {"legend": str(legend), "params": load_parameters(str(params)), "paths": paths, "tmp": tmp_path}


def run(case: dict, transitions=None, valuation=None, analysis_year=ANALYSIS, **options):
    with open_snapshots(case["paths"], YEARS, case["legend"]) as snaps:
        return analyse_change(snaps, case["params"], transitions, valuation,
                              ChangeOptions(analysis_year=analysis_year, **options))


# -- the reference: the guide's equations, one cell at a time ----------------------------------------


def p_of(eco: str, name: str, default: float = 0.0) -> float:
    return float(PARAMS.get(eco, {}).get(name, default))


ECO = {MANGROVE: "mangrove", MARSH: "salt_marsh", POND: "open_water", FLAT: "tidal_flat", BUILT: "non_habitat"}
BLUE = {"mangrove", "salt_marsh", "seagrass"}


def default_rule(a: int, b: int) -> str:
    ea, eb = ECO[a], ECO[b]
    if eb in BLUE:
        return "accum"
    if ea in BLUE:
        return "med" if eb in ("tidal_flat", "other_wetland") else "high"
    return "NCC"


def reference_cell(history: list[int], price=None, growth=0.0, discount=0.0) -> dict:
    """Yearly bookkeeping of one cell; per-period sums and stocks at every year start."""
    eco0 = ECO[history[0]]
    stock = {"biomass": p_of(eco0, "aboveground_biomass_stock") + p_of(eco0, "belowground_biomass_stock"),
             "soil": p_of(eco0, "soil_stock"), "litter": p_of(eco0, "litter_stock")}
    rate = {p: p_of(eco0, f"{p}_accumulation") for p in ("biomass", "soil", "litter")}
    disturbed = {p: None for p in ("biomass", "soil")}  # (D, s, H)
    bounds = YEARS + [ANALYSIS]
    periods = []
    stocks = {YEARS[0]: dict(stock)}
    npv = []
    for j in range(len(bounds) - 1):
        if j > 0:
            a, b = history[j - 1], history[j]
            action = default_rule(a, b)
            if action == "accum":
                for p in ("biomass", "soil"):
                    rate[p] = p_of(ECO[b], f"{p}_accumulation")
                    disturbed[p] = None
            else:
                rate["biomass"] = rate["soil"] = 0.0
                if action in ("low", "med", "high"):
                    for p in ("biomass", "soil"):
                        m = p_of(ECO[a], f"{p}_disturbance_{action}")
                        if m > 0:
                            disturbed[p] = (m * stock[p], bounds[j], p_of(ECO[a], f"{p}_half_life"))
            rate["litter"] = p_of(ECO[b], "litter_accumulation")
        acc = {p: 0.0 for p in rate}
        emi = {"biomass": 0.0, "soil": 0.0}
        value = 0.0
        for t in range(bounds[j], bounds[j + 1]):
            net = 0.0
            for p in ("biomass", "soil", "litter"):
                e = 0.0
                if p != "litter" and disturbed[p] is not None:
                    d, s, h = disturbed[p]
                    e = d * (0.5 ** ((t - s) / h) - 0.5 ** ((t - s + 1) / h))
                    emi[p] += e
                acc[p] += rate[p]
                stock[p] += rate[p] - e
                net += rate[p] - e
            stocks[t + 1] = dict(stock)
            if price is not None:
                k = t + 1 - YEARS[0]
                value += price * (1 + growth) ** k * net * CO2 / (1 + discount) ** k
        periods.append({"acc": acc, "emi": emi, "npv": value})
    return {"periods": periods, "stocks": stocks}


HISTORIES = {
    "A": [MANGROVE, MANGROVE, MANGROVE],
    "B": [MANGROVE, POND, POND],
    "C": [MANGROVE, MARSH, BUILT],
    "D": [FLAT, MANGROVE, MANGROVE],
    "F": [MANGROVE, POND, MANGROVE],
    "built": [BUILT, BUILT, BUILT],
}


# -- hand-computed closed forms --------------------------------------------------------------------------


def test_history_b_disturbed_then_ncc_follows_the_half_life_curve(case: dict) -> None:
    """Mangrove → pond (high impact, 2010) → pond (NCC, 2015): the emission of 2010 runs on to 2030."""
    result = run(case)
    h = _row(result, HISTORIES["B"])
    book = result.book
    # baseline 2000-2010: biomass 150 + 2·10 = 170, soil 400 + 1.5·10 = 415, litter 10 + 0.5·10 = 15
    assert book.accumulation["biomass"][h, 0] == pytest.approx(20.0)
    assert book.accumulation["soil"][h, 0] == pytest.approx(15.0)
    assert book.accumulation["litter"][h, 0] == pytest.approx(5.0)
    assert book.stock_at["biomass"][h, 1] == pytest.approx(170.0)
    assert book.stock_at["soil"][h, 1] == pytest.approx(415.0)
    # disturbed in 2010 (stocks at the start of 2010): D_bio = 1.0 · 170, D_soil = 0.6 · 415 = 249
    assert book.emissions["biomass"][h, 1] == pytest.approx(170 * (1 - 0.5 ** (5 / 10)))
    assert book.emissions["soil"][h, 1] == pytest.approx(249 * (1 - 0.5 ** (5 / 5)))
    assert book.emissions["biomass"][h, 2] == pytest.approx(170 * (0.5 ** (5 / 10) - 0.5 ** (20 / 10)))
    assert book.emissions["soil"][h, 2] == pytest.approx(249 * (0.5 ** 1 - 0.5 ** 4))
    assert book.accumulation["soil"][h, 1:] == pytest.approx([0.0, 0.0])
    # stocks at 2030: biomass 170 · 0.5^2 = 42.5, soil 415 − 249 (1 − 0.5^4) = 181.5625, litter stays 15
    assert book.stock_at["biomass"][h, 3] == pytest.approx(42.5)
    assert book.stock_at["soil"][h, 3] == pytest.approx(181.5625)
    assert book.stock_at["litter"][h, 3] == pytest.approx(15.0)


def test_history_c_second_disturbance_uses_the_marsh_fractions_and_half_lives(case: dict) -> None:
    """Mangrove → marsh (accum at marsh rates, 2010) → built (high impact of the MARSH, 2015)."""
    result = run(case)
    h = _row(result, HISTORIES["C"])
    book = result.book
    # 2010-2015 accumulates at the destination's (marsh) rates: 0.5, 1.0, litter 0.2
    assert book.accumulation["biomass"][h, 1] == pytest.approx(2.5)
    assert book.accumulation["soil"][h, 1] == pytest.approx(5.0)
    assert book.accumulation["litter"][h, 1] == pytest.approx(1.0)
    # stocks at 2015: biomass 172.5, soil 420, litter 16; marsh high impact: biomass 1.0 (H 1 yr), soil 0.8 (H 8 yr)
    assert book.stock_at["biomass"][h, 2] == pytest.approx(172.5)
    assert book.emissions["biomass"][h, 2] == pytest.approx(172.5 * (1 - 0.5 ** 15))
    assert book.emissions["soil"][h, 2] == pytest.approx(336.0 * (1 - 0.5 ** (15 / 8)))
    assert book.accumulation["litter"][h, 2] == pytest.approx(0.0)  # built-up has no litter rate


def test_history_d_restoration_starts_from_the_flat_stock(case: dict) -> None:
    """Flat → mangrove (2010): the flat accumulates at its own rate in the baseline, then at mangrove rates."""
    result = run(case)
    h = _row(result, HISTORIES["D"])
    book = result.book
    assert book.stock_at["soil"][h, 1] == pytest.approx(21.0)  # 20 + 0.1 · 10
    assert book.stock_at["soil"][h, 3] == pytest.approx(21.0 + 1.5 * 20)
    assert book.stock_at["biomass"][h, 3] == pytest.approx(2.0 * 20)
    assert book.stock_at["litter"][h, 3] == pytest.approx(0.5 * 20)
    assert book.emissions["soil"][h].sum() == 0.0


def test_history_f_accumulation_after_a_disturbance_stops_the_emission(case: dict) -> None:
    """Mangrove → pond (2010) → mangrove (accum, 2015): emissions 2010-2014 only, then accumulation (the guide)."""
    result = run(case)
    h = _row(result, HISTORIES["F"])
    book = result.book
    assert book.emissions["soil"][h, 1] == pytest.approx(124.5)
    assert book.emissions["soil"][h, 2] == 0.0 and book.emissions["biomass"][h, 2] == 0.0
    assert book.accumulation["soil"][h, 2] == pytest.approx(1.5 * 15)
    assert book.stock_at["soil"][h, 3] == pytest.approx(415 - 124.5 + 22.5)
    assert book.stock_at["biomass"][h, 3] == pytest.approx(170 * 0.5 ** 0.5 + 30.0)


def _row(result, history: list[int]) -> int:
    """The row of the history table holding a class history (class codes equal class values here)."""
    codes = np.array(result.scheme.codes)[result.histories.classes - 1]
    hits = np.flatnonzero((codes == np.array(history)).all(axis=1))
    assert hits.size == 1
    return int(hits[0])


# -- the whole case against the scalar reference -------------------------------------------------------------


def test_period_totals_stocks_and_npv_equal_the_scalar_reference(case: dict) -> None:
    price, growth, discount = 12.0, 0.02, 0.05
    result = run(case, valuation=Valuation(price=price, price_growth=growth, discount_rate=discount))
    ref = {k: reference_cell(v, price, growth, discount) for k, v in HISTORIES.items()}
    periods = result.periods
    assert list(periods["period"]) == ["2000-2010", "2010-2015", "2015-2030", "total"]
    for j in range(3):
        acc = sum(HISTORY_CELLS[k] * CELL_HA * sum(r["periods"][j]["acc"].values()) for k, r in ref.items())
        emi = sum(HISTORY_CELLS[k] * CELL_HA * sum(r["periods"][j]["emi"].values()) for k, r in ref.items())
        npv = sum(HISTORY_CELLS[k] * CELL_HA * r["periods"][j]["npv"] for k, r in ref.items())
        assert periods["accumulation_tC"][j] == pytest.approx(acc, rel=1e-12)
        assert periods["emissions_tC"][j] == pytest.approx(emi, rel=1e-12)
        assert periods["net_sequestration_tC"][j] == pytest.approx(acc - emi, rel=1e-12, abs=1e-12)
        assert periods["net_sequestration_tCO2e"][j] == pytest.approx((acc - emi) * CO2, rel=1e-12, abs=1e-12)
        assert periods["npv_currency"][j] == pytest.approx(npv, rel=1e-12)
    assert periods["net_sequestration_tC"][3] == pytest.approx(periods["net_sequestration_tC"][:3].sum())
    assert periods["npv_currency"][3] == pytest.approx(periods["npv_currency"][:3].sum())
    # stocks per pool and year
    for i, year in enumerate(range(2000, ANALYSIS + 1)):
        assert result.stocks["year"][i] == year
        for pool in ("biomass", "soil", "litter"):
            expected = sum(HISTORY_CELLS[k] * CELL_HA * r["stocks"][year][pool] for k, r in ref.items())
            assert result.stocks[f"{pool}_stock_tC"][i] == pytest.approx(expected, rel=1e-12, abs=1e-12)
    # net sequestration over the whole run is the change of the total stock, litter included
    total = result.stocks["total_stock_tC"]
    assert periods["net_sequestration_tC"][3] == pytest.approx(total[-1] - total[0], rel=1e-12)


def test_transition_area_matrix_by_hand(case: dict) -> None:
    areas = run(case).transition_areas
    rows = {(int(a), int(b), int(v)): i for i, (a, b, v) in
            enumerate(zip(areas["from_year"], areas["to_year"], areas["from_value"]))}
    # 2000 → 2010: mangrove (11 cells) → mangrove 4 + 1 (D's 2010 mangrove is from flat), pond 5, marsh 2
    r = rows[(2000, 2010, MANGROVE)]
    assert areas["to_1_ha"][r] == pytest.approx(4 * CELL_HA)
    assert areas["to_3_ha"][r] == pytest.approx(5 * CELL_HA)
    assert areas["to_2_ha"][r] == pytest.approx(2 * CELL_HA)
    assert areas["total_ha"][r] == pytest.approx(11 * CELL_HA)
    assert areas["to_1_ha"][rows[(2000, 2010, FLAT)]] == pytest.approx(CELL_HA)
    assert areas["to_5_ha"][rows[(2000, 2010, BUILT)]] == pytest.approx(2 * CELL_HA)
    # 2010 → 2015: pond → pond 3, pond → mangrove 2; marsh → built 2
    r = rows[(2010, 2015, POND)]
    assert (areas["to_3_ha"][r], areas["to_1_ha"][r]) == pytest.approx((3 * CELL_HA, 2 * CELL_HA))
    assert areas["to_5_ha"][rows[(2010, 2015, MARSH)]] == pytest.approx(2 * CELL_HA)
    # the nodata cell is in no history
    assert result_area(case) == pytest.approx(14 * CELL_HA)


def result_area(case: dict) -> float:
    return float(run(case).histories.area_ha.sum())


def test_period_action_areas(case: dict) -> None:
    periods = run(case).periods
    # 2010: accum = A (4) + D (1) + C (2, mangrove → marsh); high = B (3) + F (2); NCC = built (2)
    assert periods["accum_ha"][1] == pytest.approx(7 * CELL_HA)
    assert periods["high_disturb_ha"][1] == pytest.approx(5 * CELL_HA)
    assert periods["ncc_ha"][1] == pytest.approx(2 * CELL_HA)
    # 2015: accum = A + D + F; high = C (marsh → built); NCC = B (pond → pond) + built
    assert periods["accum_ha"][2] == pytest.approx(7 * CELL_HA)
    assert periods["high_disturb_ha"][2] == pytest.approx(2 * CELL_HA)
    assert periods["ncc_ha"][2] == pytest.approx(5 * CELL_HA)


# -- the half-life curve ---------------------------------------------------------------------------------


@pytest.mark.parametrize("level, half_lives", [("high", (10, 5)), ("med", (10, 5))])
def test_cumulative_emission_after_n_years_is_one_minus_half_to_the_n_over_h(tmp_path: Path, level: str,
                                                                             half_lives) -> None:
    """Mangrove → built at 2010: after n years, D · (1 − 0.5^(n/H)) of each pool has been emitted."""
    legend = tmp_path / "l.csv"
    legend.write_text(LEGEND)
    params = tmp_path / "p.csv"
    rows = ["ecosystem,parameter,value,unit"] + [
        f"mangrove,{p},{v},{unit_of(p)}" for p, v in PARAMS["mangrove"].items() if "accumulation" not in p
    ]
    params.write_text("\n".join(rows) + "\n")
    a = write_raster(tmp_path / "a.tif", np.full((2, 2), MANGROVE, np.uint8))
    b = write_raster(tmp_path / "b.tif", np.full((2, 2), FLAT if level == "med" else BUILT, np.uint8))
    with open_snapshots([a, b], [2000, 2010], str(legend)) as snaps:
        result = analyse_change(snaps, load_parameters(str(params)), options=ChangeOptions(analysis_year=2060))
    m_bio = PARAMS["mangrove"][f"biomass_disturbance_{level}"]
    m_soil = PARAMS["mangrove"][f"soil_disturbance_{level}"]
    area = 4 * CELL_HA
    stocks = result.stocks
    for n in range(0, 51):
        i = 10 + n  # row of year 2010 + n
        assert stocks["year"][i] == 2010 + n
        emitted_bio = 150 * area - stocks["biomass_stock_tC"][i]
        emitted_soil = 400 * area - stocks["soil_stock_tC"][i]
        assert emitted_bio == pytest.approx(m_bio * 150 * area * (1 - 0.5 ** (n / half_lives[0])), abs=1e-12)
        assert emitted_soil == pytest.approx(m_soil * 400 * area * (1 - 0.5 ** (n / half_lives[1])), abs=1e-12)


def test_no_analysis_year_means_the_last_change_has_no_effect_yet(case: dict) -> None:
    result = run(case, analysis_year=None)
    assert list(result.periods["period"]) == ["2000-2010", "2010-2015", "total"]
    assert any("no effect yet" in w for w in result.warnings)


# -- NPV against the closed form through the whole model -------------------------------------------------


@pytest.mark.parametrize("growth", [0.0, 0.03])
def test_npv_of_a_constant_sink_is_the_annuity(tmp_path: Path, growth: float) -> None:
    """Mangrove staying mangrove for T = 25 years: N = area · Σ rates · 44/12 each year."""
    legend = tmp_path / "l.csv"
    legend.write_text(LEGEND)
    a = write_raster(tmp_path / "a.tif", np.full((3, 3), MANGROVE, np.uint8))
    price, d, T = 20.0, 0.04, 25
    with open_snapshots([a, a], [2020, 2030], str(legend)) as snaps:
        params = load_parameters(str(_params_file(tmp_path)))
        result = analyse_change(snaps, params, valuation=Valuation(price, growth, d),
                                options=ChangeOptions(analysis_year=2020 + T))
    n = 9 * CELL_HA * (2 + 1.5 + 0.5) * CO2
    q = (1 + growth) / (1 + d)
    expected = price * n * (1 - (1 + d) ** -T) / d if growth == 0 else price * n * q * (1 - q ** T) / (1 - q)
    assert result.total("npv_currency") == pytest.approx(expected, rel=1e-12)
    assert result.total("net_sequestration_tCO2e") == pytest.approx(n * T, rel=1e-12)


def _params_file(tmp_path: Path) -> Path:
    path = tmp_path / "params.csv"
    lines = ["ecosystem,parameter,value,unit"]
    lines += [f"{e},{p},{v},{unit_of(p)}" for e, rows in PARAMS.items() for p, v in rows.items()]
    path.write_text("\n".join(lines) + "\n")
    return path


# -- transition tables ----------------------------------------------------------------------------------------


def test_default_table_from_the_worldcover_legend() -> None:
    with open_snapshots([SAMPLE_2020, SAMPLE_2035], [2020, 2035], "esa_worldcover") as snaps:
        result = analyse_change(snaps, load_parameters("ipcc_2013_tier1"))
    table = result.transitions
    assert table.sources == [10, 20, 30, 40, 50, 60, 80, 90, 95]
    assert table.type_of(95, 95) == ACCUM and table.type_of(90, 95) == ACCUM and table.type_of(95, 90) == ACCUM
    assert table.type_of(60, 95) == ACCUM  # restoration: non-blue → blue
    assert table.type_of(95, 80) == HIGH  # aquaculture ponds (open water)
    assert table.type_of(95, 50) == HIGH and table.type_of(90, 40) == HIGH  # built-up, cropland
    assert table.type_of(40, 50) == NCC and table.type_of(80, 80) == NCC


def test_default_table_medium_impact_for_tidal_flats_and_other_wetland(tmp_path: Path) -> None:
    legend = load_legend_text(tmp_path, LEGEND + "6,Reed,other_wetland\n")
    from bluecarbon.core.classes import build_scheme

    scheme = build_scheme({1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1}, legend)
    table = default_transition_table(scheme)
    assert table.type_of(MANGROVE, FLAT) == MED and table.type_of(MARSH, 6) == MED
    assert table.type_of(MANGROVE, POND) == HIGH and table.type_of(FLAT, POND) == NCC


def load_legend_text(tmp_path: Path, text: str):
    path = tmp_path / "legend_x.csv"
    path.write_text(text)
    return load_legend(str(path))


def test_written_table_reads_back_and_gives_the_same_numbers(case: dict) -> None:
    first = run(case)
    path = case["tmp"] / "transitions.csv"
    first.transitions.to_csv(str(path), load_legend(case["legend"]))
    again = run(case, transitions=str(path))
    assert again.transitions.cells == first.transitions.cells
    assert np.array_equal(again.periods["net_sequestration_tC"], first.periods["net_sequestration_tC"])


def test_an_edited_table_changes_the_impact(case: dict) -> None:
    """Mangrove → pond edited to med-impact: D_soil = 0.3 · 415 instead of 0.6 · 415."""
    legend = load_legend(case["legend"])
    text = default_transition_table(run(case).scheme).to_text(legend).replace(
        "1,accum,accum,high-impact-disturb", "1,accum,accum,med-impact-disturb")
    table = parse_transition_table(text, "edited", legend)
    assert table.type_of(MANGROVE, POND) == MED
    result = run(case, transitions=table)
    h = _row(result, HISTORIES["B"])
    assert result.book.emissions["soil"][h, 1] == pytest.approx(0.3 * 415 * 0.5)


def test_classes_by_legend_name_are_accepted(case: dict) -> None:
    legend = load_legend(case["legend"])
    table = parse_transition_table("lulc-class,Mangrove,pond\nmangrove,accum,high-impact-disturb\n", "names", legend)
    assert table.type_of(MANGROVE, POND) == HIGH and table.type_of(MANGROVE, MANGROVE) == ACCUM


def test_blank_cells_are_no_carbon_change_with_a_warning(case: dict) -> None:
    legend = load_legend(case["legend"])
    text = "lulc-class,1,2,3,4,5\n1,accum,accum,,,\n2,,,,,high-impact-disturb\n3,accum,,NCC,,\n4,accum,,,,\n5,,,,,NCC\n"
    result = run(case, transitions=parse_transition_table(text, "blank", legend))
    assert any("Empty cells" in w and "1 (Mangrove) → 3 (Pond)" in w for w in result.warnings)
    h = _row(result, HISTORIES["B"])
    assert result.book.emissions["soil"][h].sum() == 0.0


# -- pass 1 / pass 2 invariants ------------------------------------------------------------------------------


def test_strips_and_encodings_give_the_same_result(case: dict, monkeypatch) -> None:
    base = run(case)
    one_row = run(case, rows_per_strip=1)
    assert np.array_equal(base.periods["net_sequestration_tC"], one_row.periods["net_sequestration_tC"])
    monkeypatch.setattr(histories_module, "_DENSE_LIMIT", 1)  # sparse tally
    sparse = run(case, rows_per_strip=2)
    monkeypatch.setattr(histories_module, "_DIRECT_LIMIT", 1)  # compacted keys
    compact = run(case, rows_per_strip=1)
    for other in (sparse, compact):
        assert np.allclose(other.periods["net_sequestration_tC"], base.periods["net_sequestration_tC"], rtol=1e-12)
        assert sorted(map(tuple, other.histories.classes)) == sorted(map(tuple, base.histories.classes))


def test_rasters_hold_the_per_hectare_values_of_each_cell(case: dict, monkeypatch) -> None:
    out = case["tmp"] / "out"
    out.mkdir()
    paths = {k: str(out / f"{k}.tif") for k in change_module.RASTER_KINDS}
    for dense in (True, False):
        if not dense:
            monkeypatch.setattr(histories_module, "_DENSE_LIMIT", 1)
        with open_snapshots(case["paths"], YEARS, case["legend"]) as snaps:
            result = analyse_change(snaps, case["params"], options=ChangeOptions(analysis_year=ANALYSIS))
            write_change_rasters(result, snaps, paths)
        ref = {k: reference_cell(v) for k, v in HISTORIES.items()}
        maps = np.array([MAP_2000, MAP_2010, MAP_2015])
        with rasterio.open(paths["net_sequestration"]) as src:
            net = src.read()
            assert src.count == 4 and src.nodata == -9999
            assert "net sequestration 2000-2030 total" in src.descriptions[-1]
        with rasterio.open(paths["gain_loss"]) as src:
            gain = src.read(1)
        for r in range(3):
            for c in range(5):
                history = list(maps[:, r, c])
                if 0 in history:
                    assert net[0, r, c] == -9999 and gain[r, c] == -9999
                    continue
                name = next(k for k, v in HISTORIES.items() if v == history)
                per_period = [sum(p["acc"].values()) - sum(p["emi"].values()) for p in ref[name]["periods"]]
                assert net[:3, r, c] == pytest.approx(per_period, rel=1e-6, abs=1e-4)
                assert net[3, r, c] == pytest.approx(sum(per_period), rel=1e-6, abs=1e-4)
                assert gain[r, c] == pytest.approx(sum(per_period), rel=1e-6, abs=1e-4)


def test_geographic_snapshots_use_true_areas(tmp_path: Path) -> None:
    """On EPSG:4326 the area of each history is the sum of the geodesic areas of its cells."""
    import pyproj

    legend = tmp_path / "l.csv"
    legend.write_text(LEGEND)
    grid = np.array([[1, 1, 3], [1, 3, 3], [1, 1, 1]], np.uint8)
    later = np.array([[1, 3, 3], [1, 3, 3], [3, 1, 1]], np.uint8)
    transform = from_origin(109.0, 60.0, 0.5, 0.5)  # far north: rows differ in area
    a = write_raster(tmp_path / "a.tif", grid, crs="EPSG:4326", transform=transform)
    b = write_raster(tmp_path / "b.tif", later, crs="EPSG:4326", transform=transform)
    with open_snapshots([a, b], [2000, 2005], str(legend)) as snaps:
        result = analyse_change(snaps, load_parameters(str(_params_file(tmp_path))),
                                options=ChangeOptions(analysis_year=2010))
    geod = pyproj.Geod(ellps="WGS84")
    row_ha = [abs(geod.polygon_area_perimeter([109, 109.5, 109.5, 109], [60 - r / 2, 60 - r / 2, 59.5 - r / 2,
                                                                          59.5 - r / 2])[0]) / 1e4 for r in range(3)]
    lost = row_ha[0] + row_ha[2]  # mangrove → pond at (0, 1) and (2, 0)
    areas = result.transition_areas
    r = next(i for i, (y, v) in enumerate(zip(areas["from_year"], areas["from_value"])) if v == MANGROVE)
    assert areas["to_3_ha"][r] == pytest.approx(lost, rel=1e-9)
    # 2005-2010: biomass emissions of those cells, D = 1.0 · (150 + 2 · 5)
    expected = 160 * (1 - 0.5 ** (5 / 10)) * lost
    assert result.periods["emissions_biomass_tC"][1] == pytest.approx(expected, rel=1e-9)


def test_sample_scenario_runs_and_balances() -> None:
    params = load_parameters("ipcc_2013_tier1").merge(load_parameters("invest_cbc_defaults"))
    with open_snapshots([SAMPLE_2020, SAMPLE_2035], [2020, 2035], "esa_worldcover") as snaps:
        result = analyse_change(snaps, params, options=ChangeOptions(analysis_year=2050))
    p = result.periods
    assert p["emissions_tC"][0] == 0 and p["emissions_tC"][1] > 0  # the 2035 change emits after 2035
    assert p["high_disturb_ha"][1] == pytest.approx(18.61 + 15.87 + 61.29)  # scenario rules 1-3
    assert p["net_sequestration_tC"][2] == pytest.approx(p["stock_end_tC"][2] - p["stock_start_tC"][2])


def test_monte_carlo_is_seeded_and_brackets_the_central_value(tmp_path: Path) -> None:
    params = load_parameters("ipcc_2013_tier1").merge(load_parameters("invest_cbc_defaults"))
    # every mangrove cell, intact or restored (IPCC's own row applies to restored cells only)
    params = params.override("mangrove", "soil_accumulation", 1.62, sd=0.3, applies_to="any")
    kwargs = dict(analysis_year=2050, draws=300, seed=7)
    with open_snapshots([SAMPLE_2020, SAMPLE_2035], [2020, 2035], "esa_worldcover") as snaps:
        one = analyse_change(snaps, params, options=ChangeOptions(**kwargs))
        two = analyse_change(snaps, params, options=ChangeOptions(**kwargs))
        central = analyse_change(snaps, params, options=ChangeOptions(analysis_year=2050))
    p = one.periods
    assert np.array_equal(p["accumulation_tC_p05"], two.periods["accumulation_tC_p05"])
    assert np.allclose(p["accumulation_tC"], central.periods["accumulation_tC"])
    assert (p["accumulation_tC_p05"] < p["accumulation_tC"]).all() and (p["accumulation_tC"] < p["accumulation_tC_p95"]).all()
    assert "total_stock_tC_p95" in one.stocks


# -- bad inputs: clear errors, nothing written -------------------------------------------------------------


def test_years_out_of_order_name_the_two_years(case: dict) -> None:
    with pytest.raises(InputError, match=r"2010 \(snapshot 2\).*2015 \(snapshot 1\).*Fix:"):
        open_snapshots(case["paths"][:2], [2015, 2010], case["legend"])
    with pytest.raises(InputError, match="Fix:"):
        parse_years("2020")
    with pytest.raises(InputError, match="Fix:"):
        open_snapshots(case["paths"], [2000, 2010], case["legend"])


@pytest.mark.parametrize("what, kwargs, words", [
    ("crs", {"crs": "EPSG:32650"}, "CRS differs"),
    ("size", {"shape": (3, 4)}, "size differs"),
    ("origin", {"transform": from_origin(371010, 2390000, 10, 10)}, "origin differs"),
    ("cell", {"transform": from_origin(371000, 2390000, 20, 20)}, "cell size differs"),
])
def test_snapshots_on_different_grids_are_refused(case: dict, what: str, kwargs: dict, words: str) -> None:
    shape = kwargs.pop("shape", (3, 5))
    other = write_raster(case["tmp"] / f"other_{what}.tif", np.ones(shape, np.uint8), **kwargs)
    with pytest.raises(InputError, match=f"{words}.*Fix:"):
        open_snapshots([case["paths"][0], other], [2000, 2010], case["legend"])


@pytest.mark.parametrize("text, words", [
    ("lulc-class,1,7\n1,accum,NCC\n", "column 3: '7' is not a class"),
    ("lulc-class,1,3\n9,accum,NCC\n", "Line 2 .*column 'lulc-class': '9' is not a class"),
    ("lulc-class,1,3\n1,accum,grow\n", "Line 2 .*row 1, column 3: 'grow' is not a carbon action"),
    ("lulc-class,1,3\n1,accum,disturb\n", "'disturb' is not a carbon action.*low-impact-disturb"),
    ("class,1,3\n1,accum,NCC\n", "must start with 'lulc-class'"),
])
def test_bad_transition_tables_name_row_and_column(case: dict, text: str, words: str) -> None:
    with pytest.raises(InputError, match=words) as err:
        parse_transition_table(text, "t.csv", load_legend(case["legend"]))
    assert " Fix: " in str(err.value)


def test_a_table_missing_a_class_that_changes_is_refused(case: dict) -> None:
    path = case["tmp"] / "partial.csv"
    path.write_text("lulc-class,1,2,3,5\n1,accum,accum,high-impact-disturb,high-impact-disturb\n")
    with pytest.raises(InputError, match=r"has no row for class [45], but .* occurs between 2000 and 2010.*Fix:"):
        run(case, transitions=read_transition_table(path, load_legend(case["legend"])))


def test_negative_rates_and_missing_disturbance_parameters_are_refused(case: dict, tmp_path: Path) -> None:
    bad = tmp_path / "neg.csv"
    bad.write_text("ecosystem,parameter,value,unit\nmangrove,soil_accumulation,-1.5,t C/ha/yr\n")
    with pytest.raises(InputError, match="soil_accumulation.*Fix:"):
        load_parameters(str(bad))

    class Negative:  # a table that skipped validation still cannot feed the bookkeeping
        ecosystems = ["mangrove"]

        def has(self, e, p):
            return e == "mangrove" and p == "soil_accumulation"

        def value(self, e, p):
            return -1.5

        def sample(self, n, rng, keys=None):
            return {}

    with pytest.raises(InputError, match="soil_accumulation of mangrove is negative.*Fix:"):
        with open_snapshots(case["paths"], YEARS, case["legend"]) as snaps:
            analyse_change(snaps, Negative(), options=ChangeOptions(analysis_year=ANALYSIS))
    no_fractions = case["params"]
    for p in ("soil_disturbance_high",):
        no_fractions = type(no_fractions)([r for r in no_fractions if not (r.ecosystem == "mangrove" and r.parameter == p)])
    with pytest.raises(InputError, match="no soil_disturbance_high for mangrove.*1 \\(Mangrove\\) → 3 \\(Pond\\).*Fix:"):
        with open_snapshots(case["paths"], YEARS, case["legend"]) as snaps:
            analyse_change(snaps, no_fractions, options=ChangeOptions(analysis_year=ANALYSIS))


def test_other_bad_inputs(case: dict, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="analysis year 2012 is before.*Fix:"):
        run(case, analysis_year=2012)
    with pytest.raises(InputError, match="needs a legend.*Fix:"):
        open_snapshots(case["paths"], YEARS, "raster_values")
    unknown = write_raster(tmp_path / "unknown.tif", np.array(MAP_2000, np.uint8) * 2, nodata=0)
    with pytest.raises(InputError, match="holds value\\(s\\) 8, 10.*Fix:"):
        with open_snapshots([case["paths"][0], unknown], [2000, 2010], case["legend"]) as snaps:
            analyse_change(snaps, case["params"])


def test_nothing_is_written_when_the_analysis_fails(case: dict) -> None:
    out = case["tmp"] / "fail"
    out.mkdir()
    with pytest.raises(InputError):
        with open_snapshots(case["paths"], YEARS, case["legend"]) as snaps:
            result = analyse_change(snaps, case["params"], options=ChangeOptions(analysis_year=2012))
            write_change_tables(result, str(out / "p.csv"))
    assert list(out.iterdir()) == []


def test_unknown_values_are_named_with_three_snapshots(case: dict, tmp_path: Path) -> None:
    """Three snapshots key histories through the legend (not raw values); the error still names the values."""
    odd = np.array(MAP_2015, np.uint8)
    odd[0, 0], odd[1, 1] = 7, 9
    path = write_raster(tmp_path / "odd.tif", odd, nodata=0)
    with pytest.raises(InputError, match=r"snapshot of 2015 .* holds value\(s\) 7, 9 that legend.*Fix:"):
        with open_snapshots([*case["paths"][:2], path], YEARS, case["legend"]) as snaps:
            analyse_change(snaps, case["params"], options=ChangeOptions(analysis_year=ANALYSIS))


def test_wider_integer_types_and_other_nodata_give_the_same_numbers(case: dict, tmp_path: Path) -> None:
    """int16 snapshots with nodata −1 (legend lookup with an offset) equal the uint8 ones."""
    paths = []
    for year, grid in zip(YEARS, (MAP_2000, MAP_2010, MAP_2015)):
        data = np.array(grid, np.int16)
        data[data == 0] = -1
        paths.append(write_raster(tmp_path / f"i16_{year}.tif", data, nodata=-1))
    with open_snapshots(paths, YEARS, case["legend"]) as snaps:
        wide = analyse_change(snaps, case["params"], options=ChangeOptions(analysis_year=ANALYSIS))
    base = run(case)
    assert np.allclose(wide.periods["net_sequestration_tC"], base.periods["net_sequestration_tC"], rtol=1e-12)
    assert wide.histories.area_ha.sum() == pytest.approx(base.histories.area_ha.sum())


def test_cells_nodata_in_one_snapshot_are_left_out_with_a_warning(case: dict, tmp_path: Path) -> None:
    holes = np.array(MAP_2010, np.uint8)
    holes[0, 0] = 0  # an A cell (mangrove throughout) is nodata in 2010 only
    path = write_raster(tmp_path / "holes.tif", holes, nodata=0)
    with open_snapshots([case["paths"][0], path, case["paths"][2]], YEARS, case["legend"]) as snaps:
        result = analyse_change(snaps, case["params"], options=ChangeOptions(analysis_year=ANALYSIS))
    assert result.histories.partial_cells == 1
    assert result.histories.area_ha.sum() == pytest.approx(13 * CELL_HA)
    assert any("1 cell(s) have a class in some snapshots but nodata in another" in w for w in result.warnings)
