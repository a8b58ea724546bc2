"""bluecarbon:carbonchange run from InVEST Coastal Blue Carbon's own tables, and bluecarbon:investtables.

The stored case (tests/data/invest_cbc_hand_case: InVEST's biophysical, transition and snapshot tables and the
outputs InVEST 3.20.2 wrote from them) goes through processing.run as a user would give it. InVEST's figures are
per hectare and in its unit (Mg CO₂e); the periods CSV holds area-weighted totals, so the expected totals are
computed by hand: Σ over the map's cells of InVEST's per-hectare value of the cell's class history × 0.01 ha
(10 m cells). The one departure (docs/carbon-change.md: the guide stops an emission when a disturbed cell becomes
mangrove again, InVEST's code keeps it; pinned in tests/core/test_invest_reference.py) is taken as 0 emission.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
import rasterio

CASE = Path(__file__).resolve().parents[1] / "data" / "invest_cbc_hand_case"
ALG = "bluecarbon:carbonchange"
YEARS = [2000, 2010, 2015]
ANALYSIS = 2030
CELL_HA = 0.01
REACCUMULATES = "mangrove-pond-mangrove"
NAMES = {1: "mangrove", 2: "marsh", 3: "pond", 4: "flat", 5: "built"}


def invest_outputs() -> dict:
    with (CASE / "invest_outputs.csv").open(newline="") as handle:
        return {(r["history"], r["quantity"], int(r["start"]), int(r["end"])): float(r["value"])
                for r in csv.DictReader(handle)}


def histories() -> Counter:
    """Cells per class history ('mangrove-pond-pond' …) of the three maps (nodata cells left out)."""
    maps = np.stack([rasterio.open(CASE / f"lulc_{y}.tif").read(1) for y in YEARS])
    cells = maps.reshape(len(YEARS), -1).T
    return Counter("-".join(NAMES[int(c)] for c in cell) for cell in cells if all(int(c) in NAMES for c in cell))


def invest_params(tmp_path: Path, **extra) -> dict:
    tmp_path.mkdir(parents=True, exist_ok=True)
    base = {
        "INVEST_BIOPHYSICAL": str(CASE / "biophysical.csv"),
        "INVEST_TRANSITIONS": str(CASE / "transitions_invest.csv"),
        "INVEST_SNAPSHOTS": str(CASE / "snapshots.csv"),
        "ANALYSIS_YEAR": ANALYSIS,
        "OUTPUT_PERIODS": str(tmp_path / "periods.csv"),
        "OUTPUT_STOCKS": str(tmp_path / "stocks.csv"),
        "OUTPUT_EMISSIONS": str(tmp_path / "emissions.tif"),
    }
    base.update(extra)
    return base


def rows(path: Path) -> list[dict]:
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


class Log:
    """A feedback that keeps the log."""

    def __init__(self):
        from qgis.core import QgsProcessingFeedback

        self.feedback = QgsProcessingFeedback()
        self.lines: list[str] = []
        self.feedback.pushInfo = self.lines.append  # type: ignore[method-assign]


def test_invest_tables_run_unchanged_and_equal_invest_3_20_2(provider, tmp_path: Path) -> None:
    """Accumulation and emissions per period and biomass/soil stocks per year equal InVEST's × cell areas."""
    import processing

    log = Log()
    result = processing.run(ALG, invest_params(tmp_path), feedback=log.feedback)
    text = "\n".join(log.lines)
    assert "InVEST biophysical table" in text and "12/44" in text and "InVEST snapshot table" in text
    invest, count = invest_outputs(), histories()
    assert sum(count.values()) == 14
    periods = {(int(r["start_year"]), int(r["end_year"])): r for r in rows(tmp_path / "periods.csv")
               if r["period"] != "total"}
    bounds = YEARS + [ANALYSIS]
    for y0, y1 in zip(bounds[:-1], bounds[1:]):
        accumulation = sum(n * invest[(h, "accumulation", y0, y1)] * CELL_HA for h, n in count.items())
        assert float(periods[(y0, y1)]["accumulation_tCO2e"]) == pytest.approx(accumulation, rel=1e-6), (y0, y1)
        emissions = sum(n * invest.get((h, "emissions", y0, y1), 0.0) * CELL_HA
                        for h, n in count.items() if not (h == REACCUMULATES and y0 == 2015))
        assert float(periods[(y0, y1)]["emissions_tCO2e"]) == pytest.approx(emissions, rel=1e-6, abs=1e-9), (y0, y1)
    assert result["ACCUMULATION_TCO2E"] == pytest.approx(
        sum(float(periods[p]["accumulation_tCO2e"]) for p in periods), rel=1e-9)
    # stocks per pool and year (InVEST's intermediate stock rasters), up to 2015: the departure shows in 2030
    stocks = rows(tmp_path / "stocks.csv")
    for year in YEARS:
        for pool in ("biomass", "soil"):
            expected = sum(n * invest[(h, f"stock_{pool}", year, year)] * CELL_HA for h, n in count.items())
            ours = [float(r[f"{pool}_stock_tC"]) for r in stocks if int(r["year"]) == year]
            assert ours and ours[0] * 44 / 12 == pytest.approx(expected, rel=1e-6), (pool, year)


def test_units_prices_and_conflicts(provider, tmp_path: Path) -> None:
    """t C tables are taken as they are (44/12 more than t CO₂e); InVEST's price table is the plugin's price table;
    giving a kind of input twice (InVEST's and the plugin's) is refused with a fix."""
    import processing
    from qgis.core import QgsProcessingException

    in_co2 = processing.run(ALG, invest_params(tmp_path / "a"))
    in_c = processing.run(ALG, invest_params(tmp_path / "b", INVEST_UNITS="t C"))
    assert in_c["ACCUMULATION_TCO2E"] == pytest.approx(in_co2["ACCUMULATION_TCO2E"] * 44 / 12, rel=1e-12)
    prices = tmp_path / "prices.csv"
    prices.write_text("year,price\n" + "".join(f"{y},{10 + y - 2000}\n" for y in range(2000, 2031)))
    by_invest = processing.run(ALG, invest_params(tmp_path / "c", INVEST_PRICES=str(prices), DISCOUNT_RATE=5.0))
    by_plugin = processing.run(ALG, invest_params(tmp_path / "d", PRICE_TABLE=str(prices), DISCOUNT_RATE=5.0))
    assert by_invest["NPV"] is not None and by_invest["NPV"] == by_plugin["NPV"]
    for extra, words in (
        ({"SNAPSHOTS": [str(CASE / "lulc_2000.tif")], "YEARS": "2000"}, "INVEST_SNAPSHOTS and SNAPSHOTS"),
        ({"PARAMETERS_FILE": str(CASE / "parameters.csv")}, "INVEST_BIOPHYSICAL and PARAMETERS_FILE"),
        ({"TRANSITIONS": str(CASE / "transitions_invest.csv")}, "INVEST_TRANSITIONS and TRANSITIONS"),
        ({"INVEST_PRICES": str(prices), "PRICE_TABLE": str(prices)}, "INVEST_PRICES and PRICE_TABLE"),
    ):
        folder = tmp_path / "bad"
        with pytest.raises(QgsProcessingException, match=words + ".*Fix:"):
            processing.run(ALG, invest_params(folder, **extra))
        assert not folder.exists() or not list(folder.iterdir())


def test_converted_tables_give_the_same_periods_as_invests_own(provider, tmp_path: Path) -> None:
    """bluecarbon:investtables writes legend, parameters, transitions and snapshots; carbonchange run from them
    gives the periods CSV of the run from InVEST's tables directly, line for line."""
    import processing

    legend = str(CASE / "legend.csv")  # names the ecosystem of each lucode, in both runs
    done = processing.run("bluecarbon:investtables", {
        "INVEST_BIOPHYSICAL": str(CASE / "biophysical.csv"), "INVEST_TRANSITIONS": str(CASE / "transitions_invest.csv"),
        "INVEST_SNAPSHOTS": str(CASE / "snapshots.csv"), "LEGEND_FILE": legend,
        "OUTPUT_FOLDER": str(tmp_path / "converted")})
    folder = tmp_path / "converted"
    assert sorted(p.name for p in folder.iterdir()) == ["legend.csv", "parameters.csv", "snapshots.csv",
                                                         "transitions.csv"]
    assert done["YEARS"] == "2000, 2010, 2015" and done["PARAMETERS_TABLE"] == str(folder / "parameters.csv")
    snapshots = rows(folder / "snapshots.csv")
    assert [int(r["year"]) for r in snapshots] == YEARS
    processing.run(ALG, invest_params(tmp_path / "direct", LEGEND_FILE=legend))
    processing.run(ALG, {
        "SNAPSHOTS": [r["path"] for r in snapshots], "YEARS": done["YEARS"], "LEGEND_FILE": str(folder / "legend.csv"),
        "PARAMETERS_FILE": str(folder / "parameters.csv"), "OWN_ONLY": True,
        "TRANSITIONS": str(folder / "transitions.csv"), "ANALYSIS_YEAR": ANALYSIS,
        "OUTPUT_PERIODS": str(tmp_path / "converted_periods.csv")})
    direct = (tmp_path / "direct" / "periods.csv").read_text()
    assert (tmp_path / "converted_periods.csv").read_text() == direct
    assert "mangrove" in (folder / "legend.csv").read_text() and "12/44" in (folder / "parameters.csv").read_text()


def test_conversion_writes_all_or_nothing(provider, tmp_path: Path) -> None:
    """A transition table naming a class the biophysical table lacks: an error, and no file in the folder."""
    import processing
    from qgis.core import QgsProcessingException

    bad = tmp_path / "transitions.csv"
    bad.write_text((CASE / "transitions_invest.csv").read_text().replace("built,accum", "nowhere,accum"))
    with pytest.raises(QgsProcessingException):
        processing.run("bluecarbon:investtables", {
            "INVEST_BIOPHYSICAL": str(CASE / "biophysical.csv"), "INVEST_TRANSITIONS": str(bad),
            "OUTPUT_FOLDER": str(tmp_path / "out")})
    assert not (tmp_path / "out").exists()


def test_no_legend_and_no_transitions_is_warned(provider, tmp_path: Path) -> None:
    """InVEST's biophysical table alone leaves its classes without ecosystems: the log says what that means."""
    import processing

    log = Log()
    warnings: list[str] = []
    log.feedback.pushWarning = warnings.append  # type: ignore[method-assign]
    processing.run(ALG, invest_params(tmp_path, INVEST_TRANSITIONS=None), feedback=log.feedback)
    assert any("NCC" in w and "INVEST_TRANSITIONS" in w for w in warnings), warnings
