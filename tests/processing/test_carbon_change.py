"""bluecarbon:carbonchange through Processing and qgis_process: outputs equal the engine, bad inputs write nothing."""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import numpy as np
import pytest
import rasterio

from bluecarbon.core.change import ChangeOptions, analyse_change, open_snapshots
from bluecarbon.core.parameters import load_parameters
from bluecarbon.core.valuation import Valuation
from rasters import SAMPLE_2035, SAMPLE as SAMPLE_2020

ROOT = Path(__file__).resolve().parents[2]
ALG_ID = "bluecarbon:carbonchange"
RASTER_KEYS = ("OUTPUT_NET_SEQUESTRATION", "OUTPUT_ACCUMULATION", "OUTPUT_EMISSIONS", "OUTPUT_GAIN_LOSS")
TABLE_KEYS = ("OUTPUT_PERIODS", "OUTPUT_STOCKS", "OUTPUT_TRANSITION_AREAS", "OUTPUT_TRANSITIONS")


def outputs(folder: Path) -> dict:
    names = {
        "OUTPUT_PERIODS": "periods.csv", "OUTPUT_STOCKS": "stocks.csv", "OUTPUT_TRANSITION_AREAS": "areas.csv",
        "OUTPUT_TRANSITIONS": "transitions.csv", "OUTPUT_NET_SEQUESTRATION": "net.tif",
        "OUTPUT_ACCUMULATION": "accumulation.tif", "OUTPUT_EMISSIONS": "emissions.tif", "OUTPUT_GAIN_LOSS": "gain_loss.tif",
    }
    return {k: str(folder / v) for k, v in names.items()}


def params(folder: Path, **extra) -> dict:
    base = {
        "SNAPSHOTS": [str(SAMPLE_2020), str(SAMPLE_2035)],
        "YEARS": "2020, 2035",
        "LEGEND_PRESET": "esa_worldcover",
        "PARAMETERS": ["ipcc_2013_tier1", "invest_cbc_defaults"],
        "ANALYSIS_YEAR": 2050,
        "PRICE": 40.0,
        "PRICE_GROWTH": 2.0,
        "DISCOUNT_RATE": 3.0,
        **outputs(folder),
    }
    base.update(extra)
    return base


def run_alg(parameters: dict, feedback=None) -> dict:
    import processing

    return processing.run(ALG_ID, parameters, feedback=feedback)


def engine_result(presets=("ipcc_2013_tier1", "invest_cbc_defaults"), **valuation):
    table = load_parameters(presets[0])
    for preset in presets[1:]:
        table = table.merge(load_parameters(preset))
    with open_snapshots([SAMPLE_2020, SAMPLE_2035], [2020, 2035], "esa_worldcover") as snaps:
        return analyse_change(snaps, table, valuation=Valuation(**valuation) if valuation else None,
                              options=ChangeOptions(analysis_year=2050))


def read_csv(path: str) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_processing_run_writes_tables_and_rasters_equal_to_the_engine(provider, tmp_path: Path) -> None:
    result = run_alg(params(tmp_path))
    expected = engine_result(price=40.0, price_growth=0.02, discount_rate=0.03)
    for key in (*TABLE_KEYS, *RASTER_KEYS):
        assert Path(result[key]).exists(), key
    for key in RASTER_KEYS:
        assert Path(result[key]).with_suffix(".qml").exists(), key
        assert not Path(result[key] + ".aux.xml").exists()
    assert result["PERIODS"] == "2020-2035; 2035-2050"
    assert result["NET_SEQUESTRATION_TCO2E"] == pytest.approx(expected.total("net_sequestration_tCO2e"))
    assert result["EMISSIONS_TCO2E"] == pytest.approx(expected.total("emissions_tCO2e"))
    assert result["NPV"] == pytest.approx(expected.total("npv_currency"))
    rows = read_csv(result["OUTPUT_PERIODS"])
    assert [r["period"] for r in rows] == ["2020-2035", "2035-2050", "total"]
    for column in ("accumulation_tC", "emissions_tC", "net_sequestration_tCO2e", "npv_currency"):
        assert [float(r[column]) for r in rows] == pytest.approx(list(expected.periods[column]), rel=1e-9)
    stocks = read_csv(result["OUTPUT_STOCKS"])
    assert [int(r["year"]) for r in stocks] == list(range(2020, 2051))
    assert {"biomass_stock_tC", "soil_stock_tC", "litter_stock_tC", "total_stock_tCO2e"} <= set(stocks[0])
    areas = read_csv(result["OUTPUT_TRANSITION_AREAS"])
    mangrove = next(r for r in areas if r["from_value"] == "95")
    assert float(mangrove["to_80_ha"]) == pytest.approx(18.61) and float(mangrove["to_50_ha"]) == pytest.approx(15.87)
    # rasters: per hectare values, one band per period then the total; nodata where the sample is nodata
    with rasterio.open(result["OUTPUT_NET_SEQUESTRATION"]) as src:
        assert src.count == 3 and src.dtypes[0] == "float32"
        net = src.read(masked=True)
    with rasterio.open(SAMPLE_2020) as src:
        nodata = src.read(1) == 0
    assert net.mask[0][nodata].all() and not net.mask[0][~nodata].any()
    total = net[2].filled(0).astype(float) * 0.01  # 10 m cells: 0.01 ha
    assert total.sum() == pytest.approx(expected.total("net_sequestration_tC"), rel=1e-5)
    with rasterio.open(result["OUTPUT_GAIN_LOSS"]) as src:
        assert np.allclose(src.read(1, masked=True), net[2], atol=1e-4)


def test_the_written_transition_table_can_be_given_back(provider, tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    first = run_alg(params(tmp_path / "a"))
    edited = tmp_path / "edited.csv"
    text = Path(first["OUTPUT_TRANSITIONS"]).read_text()
    # aquaculture ponds as medium impact instead of high
    lines = text.splitlines()
    header = lines[0].split(",")
    col = header.index("80")
    for i, line in enumerate(lines):
        cells = line.split(",")
        if cells[0] == "95":
            cells[col] = "med-impact-disturb"
            lines[i] = ",".join(cells)
    edited.write_text("\n".join(lines) + "\n")
    (tmp_path / "b").mkdir()
    again = run_alg(params(tmp_path / "b", TRANSITIONS=str(edited)))
    assert again["EMISSIONS_TCO2E"] < first["EMISSIONS_TCO2E"]
    rows = read_csv(again["OUTPUT_PERIODS"])
    assert float(rows[1]["med_disturb_ha"]) == pytest.approx(18.61)


def test_no_valuation_without_price(provider, tmp_path: Path) -> None:
    result = run_alg(params(tmp_path, PRICE=0.0, OUTPUT_STOCKS=None, OUTPUT_ACCUMULATION=None))
    assert result["NPV"] is None
    assert "npv_currency" not in read_csv(result["OUTPUT_PERIODS"])[0]
    assert not (tmp_path / "stocks.csv").exists() and not (tmp_path / "accumulation.tif").exists()


def test_price_table(provider, tmp_path: Path) -> None:
    prices = tmp_path / "prices.csv"
    prices.write_text("year,price\n" + "".join(f"{y},{10 + y - 2020}\n" for y in range(2021, 2051)))
    (tmp_path / "o").mkdir()
    result = run_alg(params(tmp_path / "o", PRICE_TABLE=str(prices), DISCOUNT_RATE=0.0))
    expected = engine_result(price_table={y: float(10 + y - 2020) for y in range(2021, 2051)})
    assert result["NPV"] == pytest.approx(expected.total("npv_currency"))


def test_monte_carlo_columns(provider, tmp_path: Path) -> None:
    result = run_alg(params(tmp_path, DRAWS=50, SEED=3))
    row = read_csv(result["OUTPUT_PERIODS"])[-1]
    assert {"net_sequestration_tCO2e_p05", "net_sequestration_tCO2e_p95", "npv_currency_mean"} <= set(row)


def test_qgis_process_runs_it(run_qgis_process, tmp_path: Path) -> None:
    args = ["run", ALG_ID, "--", f"SNAPSHOTS={SAMPLE_2020}", f"SNAPSHOTS={SAMPLE_2035}", "YEARS=2020,2035",
            "LEGEND_PRESET=esa_worldcover", "ANALYSIS_YEAR=2050", "PRICE=40",
            f"OUTPUT_PERIODS={tmp_path / 'p.csv'}", f"OUTPUT_GAIN_LOSS={tmp_path / 'g.tif'}"]
    done = run_qgis_process(args)
    assert done.returncode == 0, done.stdout + done.stderr
    # no PARAMETERS: the default presets, Mcleod 2011 (intact stands' burial), IPCC Tier 1, InVEST's disturbance
    expected = engine_result(("mcleod_2011", "ipcc_2013_tier1", "invest_cbc_defaults"), price=40.0, discount_rate=0.03)
    rows = read_csv(str(tmp_path / "p.csv"))
    assert float(rows[-1]["net_sequestration_tCO2e"]) == pytest.approx(expected.total("net_sequestration_tCO2e"))
    assert float(rows[-1]["npv_currency"]) == pytest.approx(expected.total("npv_currency"))
    assert (tmp_path / "g.qml").exists()


def test_qgis_process_help_shows_the_equations(run_qgis_process) -> None:
    done = run_qgis_process(["help", ALG_ID])
    assert done.returncode == 0, done.stdout + done.stderr
    for text in ("0.5", "half-life", "InVEST", "SNAPSHOTS", "YEARS", "TRANSITIONS", "PRICE_TABLE", "DISCOUNT_RATE"):
        assert text in done.stdout, text


# -- bad inputs: a clear error with "Fix:", and nothing written ------------------------------------------------


def _other_crs_copy(folder: Path) -> str:
    path = folder / "utm50.tif"
    with rasterio.open(SAMPLE_2035) as src:
        profile = src.profile
        data = src.read(1)
    profile["crs"] = "EPSG:32650"
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(data, 1)
    return str(path)


def _bad_table(folder: Path) -> str:
    path = folder / "bad_transitions.csv"
    path.write_text("lulc-class,95,77\n95,accum,NCC\n")
    return str(path)


def _negative_parameters(folder: Path) -> str:
    path = folder / "negative.csv"
    path.write_text("ecosystem,parameter,value,unit\nmangrove,soil_accumulation,-2,t C/ha/yr\n")
    return str(path)


@pytest.mark.parametrize("case, words", [
    ("years out of order", "2020 \\(snapshot 2\\) comes after 2035"),
    ("years count", "2 snapshot raster\\(s\\) but 3 year\\(s\\)"),
    ("other CRS", "CRS differs"),
    ("unknown class in table", "'77' is not a class"),
    ("negative rate", "soil_accumulation"),
    ("analysis year", "analysis year 2030 is before"),
])
def test_bad_inputs_are_clear_errors_and_write_nothing(provider, tmp_path: Path, case: str, words: str) -> None:
    from qgis.core import QgsProcessingException

    inputs = tmp_path / "inputs"
    inputs.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    extra = {
        "years out of order": {"YEARS": "2035, 2020"},
        "years count": {"YEARS": "2020, 2035, 2050"},
        "other CRS": {"SNAPSHOTS": [str(SAMPLE_2020), _other_crs_copy(inputs)]},
        "unknown class in table": {"TRANSITIONS": _bad_table(inputs)},
        "negative rate": {"PARAMETERS_FILE": _negative_parameters(inputs)},
        "analysis year": {"ANALYSIS_YEAR": 2030},
    }[case]
    with pytest.raises(QgsProcessingException, match=f"{words}.*Fix:"):
        run_alg(params(out, **extra))
    assert os.listdir(out) == []


def test_cancelled_while_writing_rasters_writes_nothing(provider, tmp_path: Path) -> None:
    from qgis.core import QgsProcessingFeedback

    feedback = QgsProcessingFeedback()
    feedback.progressChanged.connect(lambda p: feedback.cancel() if p >= 60 else None)
    result = run_alg(params(tmp_path), feedback=feedback)
    assert feedback.isCanceled()
    assert not any(key in result for key in (*TABLE_KEYS, *RASTER_KEYS))
    assert os.listdir(tmp_path) == [], sorted(os.listdir(tmp_path))


def test_inputs_are_untouched(provider, tmp_path: Path) -> None:
    copies = []
    for src in (SAMPLE_2020, SAMPLE_2035):
        copies.append(tmp_path / src.name)
        shutil.copy(src, copies[-1])
    before = [p.read_bytes() for p in copies]
    (tmp_path / "o").mkdir()
    run_alg(params(tmp_path / "o", SNAPSHOTS=[str(p) for p in copies]))
    assert [p.read_bytes() for p in copies] == before
    assert sorted(os.listdir(tmp_path)) == sorted([p.name for p in copies] + ["o"])


def test_qgis_process_bad_years_fail_clearly(run_qgis_process, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    args = ["run", ALG_ID, "--", f"SNAPSHOTS={SAMPLE_2020}", f"SNAPSHOTS={SAMPLE_2035}", "YEARS=2035,2020",
            "LEGEND_PRESET=esa_worldcover", f"OUTPUT_PERIODS={out / 'p.csv'}", f"OUTPUT_GAIN_LOSS={out / 'g.tif'}"]
    done = run_qgis_process(args)
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert "comes after 2035" in output and "Fix:" in output
    assert os.listdir(out) == []
