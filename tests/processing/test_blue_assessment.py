"""bluecarbon:blueassessment through Processing and qgis_process: files, report totals, maps, AOI, cancel, errors."""

from __future__ import annotations

import csv
import hashlib
import os
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterator

import numpy as np
import pytest
import rasterio
from rasters import SAMPLE, SAMPLE_2035, DEMAND

ROOT = Path(__file__).resolve().parents[2]
ALG = "bluecarbon:blueassessment"

ONE_DATE_FILES = ("patches.gpkg", "class_metrics.csv", "landscape_metrics.csv", "sink_capacity.csv", "sink_patches.gpkg",
                  "sequestration.tif", "sequestration.qml", "parameters.csv", "report.html")
TWO_DATE_FILES = ("patches_2035.gpkg", "class_metrics_2035.csv", "landscape_metrics_2035.csv", "sink_capacity_2035.csv",
                  "change_periods.csv", "change_stocks.csv", "change_transition_areas.csv", "change_transitions.csv",
                  "change_net_sequestration.tif", "change_accumulation.tif", "change_emissions.tif",
                  "change_gain_loss.tif")
FLOW_FILES = ("flow_links.gpkg", "flow_patches.csv", "flow_demand.csv", "flow_network.csv", "flow_balance.tif",
              "flow_units.gpkg", "flow_change.csv")


def params(folder: Path, **extra) -> dict:
    base = {"INPUT": str(SAMPLE), "LEGEND_PRESET": "esa_worldcover", "DRAWS": 200, "SEED": 7, "EDGE_DEPTH": 20.0,
            "EDGE_FACTOR": 0.6, "PRICE": 40.0, "OUTPUT_FOLDER": str(folder)}
    base.update(extra)
    return base


def two_date_params(folder: Path, **extra) -> dict:
    return params(folder, INPUT_2=str(SAMPLE_2035), YEAR_1=2020, YEAR_2=2035, ANALYSIS_YEAR=2050,
                  DEMAND_UNITS=str(DEMAND), DEMAND_FIELD="emissions_tC_yr", NAME_FIELD="name",
                  DECAY_DISTANCE=1500.0, MAX_DISTANCE=4000.0, **extra)


def read_rows(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def total_row(path: Path, key: str) -> dict:
    return next(r for r in read_rows(path) if r[key] == "total")


class Report(HTMLParser):
    """What the tests read from report.html: key figures, section ids, images, table cells by data-key."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.figures: dict[str, dict] = {}
        self.sections: list[str] = []
        self.images: list[str] = []
        self.cells: dict[str, list[float]] = {}
        self.styles = ""
        self.text = ""  # the visible text (no styles, no attributes)
        self._figure = None
        self._capture = None
        self._in_style = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        css = a.get("class") or ""
        if tag == "style":
            self._in_style = True
        if tag == "section" and "report-section" in css:
            self.sections.append(a["id"])
        if tag == "img":
            self.images.append(a["src"])
        if tag == "div" and "key-figure" in css.split():
            self._figure = {"value": float(a["data-value"]) if a.get("data-value") else None, "text": ""}
            self.figures[a["data-key"]] = self._figure
        if self._figure is not None and tag == "span" and css == "value":
            self._capture = "text"
        if tag == "span" and a.get("data-bound") and self._figure is not None:
            self._figure[a["data-bound"]] = float(a["data-value"])
        if tag == "span" and css == "alt" and self._figure is not None:  # the same figure in t C
            self._figure["alt"] = float(a["data-value"])
        if tag == "td" and a.get("data-key") and a.get("data-value"):
            self.cells.setdefault(a["data-key"], []).append(float(a["data-value"]))

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False
        if tag == "span":
            self._capture = None
        if tag == "div" and self._figure is not None and self._capture is None:
            self._figure = None

    def handle_data(self, data):
        if self._in_style:
            self.styles += data
        else:
            self.text += data
        if self._capture and self._figure is not None:
            self._figure["text"] += data


def shown(text: str) -> float:
    """A number as the report shows it ('1,234.5')."""
    return float(text.replace(",", "").strip())


def run_assessment(parameters: dict, feedback=None) -> dict:
    import processing
    from qgis.core import QgsProcessingContext

    return processing.run(ALG, parameters, context=QgsProcessingContext(), feedback=feedback)


@pytest.fixture(scope="module")
def registered(qgis_processing) -> Iterator[None]:
    """The Blue Carbon provider registered for the module's shared runs."""
    from qgis.core import QgsApplication

    from bluecarbon.processing.provider import BlueCarbonProvider

    registry = QgsApplication.processingRegistry()
    own = None
    if registry.providerById("bluecarbon") is None:
        own = BlueCarbonProvider()
        assert registry.addProvider(own)
    yield
    if own is not None:
        registry.removeProvider(own)


@pytest.fixture(scope="module")
def one_date(registered, tmp_path_factory) -> tuple[Path, dict]:
    """A report beside its report_files/ folder (SINGLE_FILE off), default currency."""
    folder = tmp_path_factory.mktemp("one") / "assessment"  # does not exist yet: the run creates it
    return folder, run_assessment(params(folder, SINGLE_FILE=False))


LABELLED: list[str] = []
"""The maps whose patches the two-date run labelled (one entry per labelling: its first strip)."""


@pytest.fixture(scope="module")
def two_dates(registered, tmp_path_factory) -> tuple[Path, dict]:
    """A single-file report (the default) with prices in EUR."""
    import bluecarbon.core.patches as patches_module

    real = patches_module.label_strip

    def counting(task, labels=None):
        if task.row0 == 0:
            LABELLED.append(os.path.basename(task.lc.path))
        return real(task, labels)

    folder = tmp_path_factory.mktemp("two")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(patches_module, "label_strip", counting)
        return folder, run_assessment(two_date_params(folder, CURRENCY="EUR"))


def test_one_date_writes_every_file_and_nothing_else(one_date) -> None:
    folder, result = one_date
    for name in ONE_DATE_FILES:
        assert (folder / name).is_file(), name
    for name in TWO_DATE_FILES + FLOW_FILES:
        assert not (folder / name).exists(), name
    assert not [p.name for p in folder.iterdir() if p.name.startswith(".")], "the staging folder was left behind"
    charts = {p.name for p in (folder / "report_files").iterdir()}
    assert {"chart_sink.png", "chart_patch_sizes.png", "map_landcover.png", "map_patches.png",
            "map_sequestration.png"} <= charts
    assert result["REPORT"] == str(folder / "report.html") and result["OUTPUT_FOLDER"] == str(folder)
    assert result["STEPS"] == "fragmentation, sink"
    assert result["NET_SEQUESTRATION_TCO2E"] is None and result["DELIVERED_TC_YR"] is None


def test_one_date_report_and_outputs_show_the_csv_totals(one_date) -> None:
    folder, result = one_date
    sink = total_row(folder / "sink_capacity.csv", "ecosystem")
    report = Report((folder / "report.html").read_text(encoding="utf-8"))
    expected = {
        "sequestration_tCO2e_yr": float(sink["sequestration_tCO2e_yr"]),
        "total_stock_tCO2e": float(sink["total_stock_tC"]) * 44 / 12,  # headline figures are in t CO₂e …
        "blue_carbon_patches": float(sink["patches"]),
        "blue_carbon_area_ha": float(sink["area_ha"]),
    }
    for key, value in expected.items():
        assert report.figures[key]["value"] == pytest.approx(value, rel=1e-12), key
        assert shown(report.figures[key]["text"]) == pytest.approx(value, rel=1e-3), key
    # … with the table's t C beside them
    assert report.figures["total_stock_tCO2e"]["alt"] == pytest.approx(float(sink["total_stock_tC"]), rel=1e-12)
    assert report.figures["sequestration_tCO2e_yr"]["alt"] == pytest.approx(float(sink["sequestration_tC_yr"]))
    interval = report.figures["sequestration_tCO2e_yr"]
    assert interval["low"] == pytest.approx(float(sink["sequestration_tCO2e_yr_p05"]))
    assert interval["high"] == pytest.approx(float(sink["sequestration_tCO2e_yr_p95"]))
    assert result["SEQUESTRATION_TCO2E_YR"] == pytest.approx(expected["sequestration_tCO2e_yr"], rel=1e-12)
    assert result["TOTAL_STOCK_TC"] == pytest.approx(float(sink["total_stock_tC"]), rel=1e-12)
    assert result["N_PATCHES"] == expected["blue_carbon_patches"] == 254  # mangrove 177 + marsh 77 (8-rule)
    # edge effect (20 m at 60 %) and price are in the table and the key figures
    assert float(sink["edge_loss_tC_yr"]) > 0
    assert report.figures["edge_loss_tCO2e_yr"]["alt"] == pytest.approx(float(sink["edge_loss_tC_yr"]))
    assert report.figures["edge_loss_tCO2e_yr"]["value"] == pytest.approx(float(sink["edge_loss_tC_yr"]) * 44 / 12)
    assert report.figures["value_per_yr"]["value"] == pytest.approx(float(sink["sequestration_tCO2e_yr"]) * 40.0)
    assert sink["currency"] == "USD"  # the default currency names the value columns' unit
    assert "USD/yr" in report.text
    # the per-ecosystem table of the report holds the CSV's numbers
    for row in read_rows(folder / "sink_capacity.csv"):
        assert float(row["sequestration_tC_yr"]) in [pytest.approx(v) for v in report.cells["sequestration_tC_yr"]]


def test_report_structure_sources_and_print_css(one_date) -> None:
    folder, _ = one_date
    text = (folder / "report.html").read_text(encoding="utf-8")
    report = Report(text)
    assert report.sections == ["inputs", "parameters", "fragmentation", "sink", "uncertainty", "methods", "files"]
    for src in report.images:
        assert (folder / src).is_file(), src
    # print: no forced page break before sections; tables and figures kept whole
    assert "@media print" in report.styles and "break-before: page" not in report.styles
    assert "break-inside: avoid" in report.styles
    assert "max-width: 100%" in report.styles and "display: table-header-group" in report.styles
    assert "EPSG:32649" in text and "10 × 10 m" in text and "800 columns × 600 rows" in text
    assert "IPCC 2014 Wetlands Supplement" in text  # parameter sources
    assert "counts" in text and "ha of intact stands at rates for intact stands" in text  # core.sink.sink_semantics
    assert "Mangroves" in report.text and "Salt marsh" in report.text  # classes and ecosystems, by name
    for key in ("salt_marsh", "non_habitat", "open_water"):
        assert key not in report.text, key
    assert "t CO₂e" in text and "90 % interval" in text
    assert "FRAGSTATS" in text and "44/12" in text  # methods with equations


def test_two_dates_change_and_flow(two_dates) -> None:
    folder, result = two_dates
    for name in ONE_DATE_FILES + TWO_DATE_FILES + FLOW_FILES:
        assert (folder / name).is_file(), name
    assert not [p.name for p in folder.iterdir() if p.name.startswith(".")]
    assert result["STEPS"] == "fragmentation, sink, change, flow"
    periods = total_row(folder / "change_periods.csv", "period")
    report = Report((folder / "report.html").read_text(encoding="utf-8"))
    net = float(periods["net_sequestration_tCO2e"])
    accumulation, emissions = float(periods["accumulation_tCO2e"]), float(periods["emissions_tCO2e"])
    assert emissions > 0  # the 2035 scenario converts mangroves and marsh
    assert net == pytest.approx(accumulation - emissions, rel=1e-9)
    # with the default presets the intact stands bury carbon at Mcleod 2011's rates (2.26 and 2.18 t C/ha/yr,
    # not IPCC's EF_RE for restored wetlands), which outweighs the conversion emissions to 2050
    assert net > 0
    assert report.figures["net_sequestration_tCO2e"]["value"] == pytest.approx(net, rel=1e-12)
    assert shown(report.figures["net_sequestration_tCO2e"]["text"]) == pytest.approx(net, rel=1e-3)
    assert result["NET_SEQUESTRATION_TCO2E"] == pytest.approx(net, rel=1e-12)
    assert result["NPV"] == pytest.approx(float(periods["npv_currency"]), rel=1e-12)
    assert {r["currency"] for r in read_rows(folder / "change_periods.csv")} == {"EUR"}
    assert {r["currency"] for r in read_rows(folder / "sink_capacity.csv")} == {"EUR"}
    assert report.figures["npv"]["value"] == pytest.approx(float(periods["npv_currency"]), rel=1e-12)
    sink = total_row(folder / "sink_capacity.csv", "ecosystem")
    assert report.figures["sequestration_tCO2e_yr"]["value"] == pytest.approx(float(sink["sequestration_tCO2e_yr"]))
    assert report.figures["total_stock_tCO2e"]["alt"] == pytest.approx(float(sink["total_stock_tC"]))
    # fragmentation and sink of 2035 are their own files; the scenario loses salt marsh
    marsh = [r for r in read_rows(folder / "sink_capacity_2035.csv") if r["ecosystem"] == "salt_marsh"][0]
    assert float(marsh["area_ha"]) == pytest.approx(184.21 - 61.29)
    # the 2035 sink takes the 2020 map as its earlier date: the 4755 cells of new mangrove are restored (IPCC EF_RE)
    mangrove = [r for r in read_rows(folder / "sink_capacity_2035.csv") if r["ecosystem"] == "mangrove"][0]
    assert float(mangrove["area_restored_ha"]) == pytest.approx(47.55)
    assert float(marsh["area_restored_ha"]) == 0
    # the report's headline note gives the sink semantics of both dates, each with its year
    text = (folder / "report.html").read_text(encoding="utf-8")
    assert "2020: The sequestration of" in text and "ha of intact stands" in text
    assert "2035: The sequestration of" in text and "47.55 ha of restored or created wetlands" in text
    assert "became blue carbon since 2020" in text
    network = {r["indicator"]: r for r in read_rows(folder / "flow_network.csv")}
    assert result["DELIVERED_TC_YR"] == pytest.approx(float(network["delivered_tC_yr"]["date_1"]))
    assert "change" in report.sections and "flow" in report.sections
    charts = {p.name for p in (folder / "report_files").iterdir()}
    assert {"chart_fragmentation_dates.png", "chart_change.png", "chart_stocks.png", "chart_flow_patches.png",
            "map_change.png", "map_flows.png", "map_landcover_2035.png"} <= charts


def png_colours(path: Path) -> int:
    """Number of distinct colours of a PNG read by Qt (checks it is a real, decodable image)."""
    from qgis.PyQt.QtGui import QImage

    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", path
    image = QImage(str(path)).convertToFormat(QImage.Format.Format_ARGB32)
    assert not image.isNull() and image.width() > 300 and image.height() > 300, path
    pixels = np.frombuffer(image.constBits().asstring(image.sizeInBytes()), dtype=np.uint32)
    return int(np.unique(pixels).size)


def test_each_date_is_labelled_once(two_dates) -> None:
    """Fragmentation, sink and flow (with its counterfactual runs) share one labelling per date."""
    assert sorted(LABELLED) == sorted([SAMPLE.name, SAMPLE_2035.name])


def test_maps_are_real_images(two_dates) -> None:
    folder, _ = two_dates
    maps = sorted((folder / "report_files").glob("map_*.png"))
    assert len(maps) == 6
    for path in maps:
        assert png_colours(path) > 20, f"{path.name} is (nearly) one colour"


def test_single_file_report_has_no_relative_links(two_dates) -> None:
    """SINGLE_FILE (the default): every image is embedded, no href or src points at a file beside the page."""
    import re

    folder, _ = two_dates
    text = (folder / "report.html").read_text(encoding="utf-8")
    report = Report(text)
    assert report.images and all(src.startswith("data:image/png;base64,") for src in report.images)
    links = re.findall(r'(?:href|src)="([^"]*)"', text)
    relative = [link for link in links if not re.match(r"(data:|https?:|mailto:|#)", link)]
    assert relative == [], relative[:5]
    assert "flow_links.gpkg" in report.text  # the output files are still named


def pdf_of(html: Path, out: Path) -> Path:
    """Print a page to A4 PDF with headless Chromium (installed by scripts/setup.sh)."""
    import shutil
    import subprocess
    import tempfile

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "chromium is not installed: run make setup (scripts/setup.sh installs it)"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        f"--user-data-dir={profile}", "--no-pdf-header-footer", f"--print-to-pdf={out}",
                        html.as_uri()], check=True, capture_output=True, timeout=180)
    assert out.is_file() and out.stat().st_size > 10_000
    return out


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page (pdftotext, layout kept)."""
    import subprocess

    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    count = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    return [subprocess.run(["pdftotext", "-layout", "-f", str(k), "-l", str(k), str(pdf), "-"], check=True,
                           capture_output=True, text=True).stdout for k in range(1, count + 1)]


def page_fill(pdf: Path) -> list[float]:
    """How far down each page its content reaches (0–1), from a 40 dpi rendering (pdftoppm)."""
    import subprocess
    import tempfile

    from qgis.PyQt.QtGui import QImage

    fills = []
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["pdftoppm", "-png", "-r", "40", str(pdf), f"{folder}/page"], check=True)
        for path in sorted(Path(folder).glob("page-*.png")):
            image = QImage(str(path)).convertToFormat(QImage.Format.Format_Grayscale8)
            width, height = image.width(), image.height()
            bits = image.constBits().asstring(image.bytesPerLine() * height)
            rows = np.frombuffer(bits, dtype=np.uint8).reshape(height, image.bytesPerLine())[:, :width]
            inked = np.nonzero((rows < 240).sum(axis=1) > 2)[0]
            fills.append(float(inked.max() + 1) / height if inked.size else 0.0)
    return fills


def as_printed(value: float) -> str:
    """A number as the report's documented rule prints it: ≥ 1000 no decimals, ≥ 100 one, else two."""
    a = abs(value)
    return f"{value:,.0f}" if a >= 1000 else f"{value:,.1f}" if a >= 100 else f"{value:,.2f}"


def test_report_prints_to_a_compact_pdf_with_the_csv_numbers(two_dates, tmp_path: Path) -> None:
    """The single-file report printed by Chromium: few pages, none mostly empty, and the numbers of the CSV files
    (sink totals, flows, NPV with its currency, DIVISION with digits) in the printed text; no raw ecosystem key, no
    interval whose ends are the same number."""
    import re

    folder, _ = two_dates
    pdf = pdf_of(folder / "report.html", tmp_path / "report.pdf")
    pages = pdf_pages(pdf)
    assert 6 <= len(pages) <= 18, len(pages)
    fills = page_fill(pdf)
    assert len(fills) == len(pages)
    empty = [k + 1 for k, fill in enumerate(fills[:-1]) if fill < 0.5]
    assert empty == [], f"pages mostly empty (content ends above half the page): {empty}, fills {fills}"
    text = "\n".join(pages)
    flat = re.sub(r"\s+", " ", text)
    sink = total_row(folder / "sink_capacity.csv", "ecosystem")
    periods = total_row(folder / "change_periods.csv", "period")
    network = {r["indicator"]: r for r in read_rows(folder / "flow_network.csv")}
    seq = float(sink["sequestration_tCO2e_yr"])
    assert as_printed(seq) + " t CO₂e/yr" in flat
    assert "= " + as_printed(float(sink["total_stock_tC"])) + " t C" in flat
    assert as_printed(float(sink["total_stock_tC"]) * 44 / 12) + " t CO₂e" in flat
    delivered = float(network["delivered_tC_yr"]["date_1"])
    assert "= " + as_printed(delivered) + " t C/yr" in flat
    assert as_printed(float(periods["net_sequestration_tCO2e"])) in flat
    npv = float(periods["npv_currency"])
    assert re.search(re.escape(as_printed(npv)) + r" EUR", flat), as_printed(npv)
    assert "EUR/yr" in flat and "EUR per t CO₂e" in flat
    for key in ("salt_marsh", "non_habitat", "open_water", "tidal_flat", "other_wetland"):
        assert key not in text, key
    degenerate = re.findall(r"(?<![\d.,])(-?\d[\d,]*(?:\.\d+)?) – \1(?![\d.,])", flat)
    assert degenerate == [], degenerate
    for row in read_rows(folder / "class_metrics.csv"):
        if row["ecosystem"] in ("mangrove", "salt_marsh"):
            division = float(row["DIVISION"])
            assert 0.99 < division < 1
            assert f"{division:.4f}" in flat, division  # never "1"


def test_area_of_interest_clips_the_landscape(registered, tmp_path: Path) -> None:
    """An L-shaped AOI: the map is cropped to its bounding box and masked inside it; the input is not changed."""
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

    digest = hashlib.sha256(SAMPLE.read_bytes()).hexdigest()
    layer = QgsVectorLayer("Polygon?crs=EPSG:32649", "aoi", "memory")
    feature = QgsFeature()
    # columns 0-399 of every row, plus columns 400-599 of rows 300-599 (10 m cells from x 371000, y 2390000)
    feature.setGeometry(QgsGeometry.fromWkt(
        "POLYGON((371000 2390000, 375000 2390000, 375000 2387000, 377000 2387000, 377000 2384000, "
        "371000 2384000, 371000 2390000))"))
    layer.dataProvider().addFeatures([feature])
    own = tmp_path / "own.csv"  # one user-defined row: a mangrove burial rate of 2.0 t C/ha/yr
    # applies_to=remaining: the rate of intact stands (an 'any' row would yield to Mcleod's 'remaining' row)
    own.write_text("ecosystem,parameter,value,unit,low,high,sd,distribution,source,confirmed,note,applies_to\n"
                   "mangrove,soil_accumulation,2.0,t C/ha/yr,,,,fixed,local study,no,,remaining\n")
    folder = tmp_path / "out"
    result = run_assessment(params(folder, AOI=layer, PARAMETERS_FILE=str(own), DRAWS=0, EDGE_FACTOR=1.0))
    with rasterio.open(SAMPLE) as src:
        codes = src.read(1)
    inside = np.zeros(codes.shape, dtype=bool)
    inside[:, :400] = True
    inside[300:, 400:600] = True
    rows = {r["ecosystem"]: r for r in read_rows(folder / "sink_capacity.csv")}
    mangrove_ha = ((codes == 95) & inside).sum() * 0.01
    marsh_ha = ((codes == 90) & inside).sum() * 0.01
    assert float(rows["mangrove"]["area_ha"]) == pytest.approx(mangrove_ha)
    assert float(rows["salt_marsh"]["area_ha"]) == pytest.approx(marsh_ha)
    assert mangrove_ha < (codes == 95).sum() * 0.01
    assert float(rows["mangrove"]["sequestration_tC_yr"]) == pytest.approx(mangrove_ha * 2.0)
    assert result["BLUE_CARBON_AREA_HA"] == pytest.approx(mangrove_ha + marsh_ha)
    with rasterio.open(folder / "sequestration.tif") as src:
        assert (src.width, src.height) == (600, 600)  # cropped to the AOI's bounding box
        amount = src.read(2, masked=True)
    assert amount.mask[:300, 400:].all() and not amount.mask[:, :400].any()
    landscape = read_rows(folder / "landscape_metrics.csv")[0]
    assert float(landscape["TA_ha"]) == pytest.approx(inside.sum() * 0.01 - (codes[inside] == 0).sum() * 0.01)
    text = (folder / "report.html").read_text(encoding="utf-8")
    assert "aoi (1 polygon)" in text and "600 columns × 600 rows" in text
    assert 'class="user-defined"' in text and "local study" in text
    assert hashlib.sha256(SAMPLE.read_bytes()).hexdigest() == digest
    assert not (SAMPLE.parent / "coastal_mosaic.tif.aux.xml").exists()


def test_qgis_process_runs_it(run_qgis_process, tmp_path: Path) -> None:
    folder = tmp_path / "qp"
    done = run_qgis_process(["run", ALG, "--", f"INPUT={SAMPLE}", "LEGEND_PRESET=esa_worldcover", "DRAWS=0",
                             f"OUTPUT_FOLDER={folder}"])
    assert done.returncode == 0, done.stdout + done.stderr
    for name in ONE_DATE_FILES:
        assert (folder / name).is_file(), name
    printed = dict(line.split(":\t", 1) for line in done.stdout.splitlines() if ":\t" in line)
    sink = total_row(folder / "sink_capacity.csv", "ecosystem")
    assert float(printed["SEQUESTRATION_TCO2E_YR"]) == pytest.approx(float(sink["sequestration_tCO2e_yr"]), rel=1e-6)
    assert printed["REPORT"].strip() == str(folder / "report.html")
    report = Report((folder / "report.html").read_text(encoding="utf-8"))
    assert report.figures["total_stock_tCO2e"]["alt"] == pytest.approx(float(sink["total_stock_tC"]))


@pytest.mark.parametrize("at_percent", [0, 30, 87])
def test_cancelled_run_leaves_no_file(registered, tmp_path: Path, at_percent: int) -> None:
    """Cancelled before the start, during the first sink step (30 %), or near the end of the flow step (87 %)."""
    from qgis.core import QgsProcessingFeedback

    feedback = QgsProcessingFeedback()
    if at_percent == 0:
        feedback.cancel()
    else:
        feedback.progressChanged.connect(lambda p: feedback.cancel() if p >= at_percent else None)
    folder = tmp_path / "out"
    folder.mkdir()
    result = run_assessment(two_date_params(folder, DRAWS=50), feedback)
    assert result == {} or not result.get("REPORT")
    assert not list(folder.iterdir())


def bad_legend(tmp_path: Path) -> Path:
    legend = tmp_path / "legend.csv"
    legend.write_text("value,name,ecosystem\n10,Tree,non_habitat\n20,Shrub,non_habitat\n30,Grass,non_habitat\n"
                      "40,Crop,non_habitat\n50,Built,non_habitat\n60,Bare,non_habitat\n80,Water,open_water\n"
                      "90,Wetland,other_wetland\n95,Mangrove,non_habitat\n")
    return legend


def shifted_raster(tmp_path: Path) -> Path:
    """The 2035 map without its first column: another grid."""
    out = tmp_path / "shifted.tif"
    with rasterio.open(SAMPLE_2035) as src:
        profile = src.profile
        data = src.read(1)[:, 1:]
        profile.update(width=data.shape[1], transform=src.transform * src.transform.translation(1, 0))
    profile.pop("blockxsize", None), profile.pop("blockysize", None), profile.update(tiled=False)
    with rasterio.open(out, "w", **profile) as dst:
        dst.write(data, 1)
    return out


@pytest.mark.parametrize("case", ["own legend without blue carbon", "no legend", "second date on another grid",
                                  "restoration without a restorable class", "restoration without a budget"])
def test_bad_input_is_an_error_with_a_fix_and_writes_nothing(registered, tmp_path: Path, case: str) -> None:
    from qgis.core import QgsProcessingException

    extra = {
        "own legend without blue carbon": lambda: {"LEGEND_FILE": str(bad_legend(tmp_path))},
        "no legend": lambda: {"LEGEND_PRESET": "raster_values"},
        "second date on another grid": lambda: {"INPUT_2": str(shifted_raster(tmp_path)), "YEAR_1": 2020, "YEAR_2": 2035},
        # WorldCover has no restorable class by name: the step refuses before any step runs
        "restoration without a restorable class": lambda: {"RESTORATION": True},
        "restoration without a budget": lambda: {"RESTORATION": True, "RESTORABLE": "60", "RESTORATION_BUDGET": 0.0},
    }[case]()
    words = {"second date on another grid": "another grid", "restoration without a restorable class": "restorable class",
             "restoration without a budget": "budget"}.get(case, "mangrove")
    folder = tmp_path / "out"
    with pytest.raises(QgsProcessingException, match=words) as err:
        run_assessment(params(folder, **extra))
    assert "Fix:" in str(err.value)
    if "grid" in case:  # the map without its first column: 799 columns, origin one cell (10 m) east; the input named
        assert "INPUT_2" in str(err.value) and "size 799 × 600" in str(err.value) and "origin (371010" in str(err.value)
    assert not folder.exists()


def test_the_legend_defaults_to_esa_worldcover(registered) -> None:
    from qgis.core import QgsApplication

    algorithm = QgsApplication.processingRegistry().algorithmById(ALG)
    assert algorithm.parameterDefinition("LEGEND_PRESET").defaultValue() == "auto"  # one rule: recognise, else raster values
    assert algorithm.parameterDefinition("PARAMETERS").defaultValue() == ["mcleod_2011", "ipcc_2013_tier1", "invest_cbc_defaults"]


INVEST_CASE = ROOT / "tests" / "data" / "invest_cbc_hand_case"


def test_invest_tables_as_inputs_give_the_numbers_of_carbonchange(registered, tmp_path: Path) -> None:
    """InVEST's biophysical and transition tables given to the assessment: converted once, the change step's
    periods equal bluecarbon:carbonchange run from the same InVEST tables."""
    import processing
    from qgis.core import QgsProcessingContext

    maps = [str(INVEST_CASE / "lulc_2000.tif"), str(INVEST_CASE / "lulc_2010.tif")]
    common = {"INVEST_BIOPHYSICAL": str(INVEST_CASE / "biophysical.csv"),
              "INVEST_TRANSITIONS": str(INVEST_CASE / "transitions_invest.csv"),
              "LEGEND_FILE": str(INVEST_CASE / "legend.csv"),  # the ecosystems of the InVEST classes
              "ANALYSIS_YEAR": 2030, "PRICE": 12.0, "PRICE_GROWTH": 2.0, "DISCOUNT_RATE": 5.0, "DRAWS": 0}
    folder = tmp_path / "assessment"
    result = run_assessment({"INPUT": maps[0], "INPUT_2": maps[1], "YEAR_1": 2000, "YEAR_2": 2010, **common,
                             "OUTPUT_FOLDER": str(folder)})
    assert result["STEPS"] == "fragmentation, sink, change"
    alone = tmp_path / "periods.csv"
    processing.run("bluecarbon:carbonchange", {"SNAPSHOTS": maps, "YEARS": "2000, 2010", **common,
                                               "OUTPUT_PERIODS": str(alone)}, context=QgsProcessingContext())
    periods = read_rows(folder / "change_periods.csv")
    assert periods == read_rows(alone)
    assert float(total_row(folder / "change_periods.csv", "period")["emissions_tCO2e"]) > 0
    # the effective table is the converted biophysical table (class rows per lucode, stocks in t C)
    lines = (folder / "parameters.csv").read_text(encoding="utf-8").splitlines()
    parameters = list(csv.DictReader(line for line in lines if not line.startswith("#")))
    assert parameters and all(r["class"] for r in parameters)
    assert {r["unit"] for r in parameters if r["parameter"].endswith("_stock")} == {"t C/ha"}
    assert not [p.name for p in folder.iterdir() if p.name.startswith(".")]
    assert "biophysical.csv" in (folder / "report.html").read_text(encoding="utf-8")


def test_restoration_step_writes_its_files_and_the_report_shows_them(registered, tmp_path: Path) -> None:
    """RESTORATION on: restoration_sites.gpkg and restoration_portfolio.csv in the folder, and a 'Restoration sites'
    section whose numbers are those of the written table and layer (read back, not recomputed)."""
    from qgis.core import QgsVectorLayer

    folder = tmp_path / "out"
    result = run_assessment(params(folder, DRAWS=0, RESTORATION=True, RESTORABLE="60", RESTORATION_BUDGET=30.0,
                                   DEMAND_UNITS=str(DEMAND), DEMAND_FIELD="emissions_tC_yr", MAX_DISTANCE=1500.0,
                                   SINGLE_FILE=False))
    assert "restoration" in result["STEPS"]
    for name in ("restoration_sites.gpkg", "restoration_portfolio.csv"):
        assert (folder / name).is_file()
    picks = read_rows(folder / "restoration_portfolio.csv")
    assert picks and float(picks[-1]["cumulative_area_ha"]) <= 30.0 + 1e-9
    layer = QgsVectorLayer(str(folder / "restoration_sites.gpkg"), "sites", "ogr")
    feats = sorted(layer.getFeatures(), key=lambda f: f["rank"])
    assert "flow_gain_tC_yr" in layer.fields().names()
    report = Report((folder / "report.html").read_text(encoding="utf-8"))
    assert "restoration" in report.sections
    assert (folder / "report_files" / "chart_restoration_portfolio.png").read_bytes()[:4] == b"\x89PNG"
    assert (folder / "report_files" / "map_restoration.png").read_bytes()[:4] == b"\x89PNG"
    assert "report_files/map_restoration.png" in report.images
    top = feats[:10]
    for key in ("sequestration_tCO2e_yr", "EC_gain_ha", "flow_gain_tC_yr"):
        assert report.cells[key][-len(top):] == pytest.approx([f[key] for f in top], rel=1e-9)
    last = picks[-1]
    section = report.text[report.text.index("Restoration portfolio"):]
    for key in ("cumulative_area_ha", "cumulative_sequestration_tCO2e_yr", "cumulative_EC_gain_ha",
                "cumulative_flow_gain_tC_yr"):
        from bluecarbon.core.report.formatting import fmt_number

        assert fmt_number(float(last[key])) in section


def test_restoration_on_two_dates_serves_the_latest_demand(registered, tmp_path: Path) -> None:
    """With two dates the sites are on the latest map and their flow gains use the latest demand
    (DEMAND_FIELD_2): the gains of a one-date assessment of the 2035 map with that field as its demand."""
    common = dict(DRAWS=0, RESTORATION=True, RESTORABLE="60", RESTORATION_BUDGET=30.0, DEMAND_UNITS=str(DEMAND),
                  MAX_DISTANCE=1500.0)

    def gains(folder: Path) -> list[float]:
        from qgis.core import QgsVectorLayer

        layer = QgsVectorLayer(str(folder / "restoration_sites.gpkg"), "sites", "ogr")
        return [f["flow_gain_tC_yr"] for f in sorted(layer.getFeatures(), key=lambda f: f["site_id"])]

    run_assessment(params(tmp_path / "two", INPUT_2=str(SAMPLE_2035), YEAR_1=2020, YEAR_2=2035,
                          DEMAND_FIELD="emissions_tC_yr", DEMAND_FIELD_2="built_up_ha", **common))
    run_assessment(params(tmp_path / "latest", INPUT=str(SAMPLE_2035), DEMAND_FIELD="built_up_ha", **common))
    run_assessment(params(tmp_path / "first", INPUT=str(SAMPLE_2035), DEMAND_FIELD="emissions_tC_yr", **common))
    two, latest, first = gains(tmp_path / "two"), gains(tmp_path / "latest"), gains(tmp_path / "first")
    assert two == pytest.approx(latest, rel=1e-12)
    assert two != pytest.approx(first, rel=1e-3)  # the demands differ enough to change the gains
