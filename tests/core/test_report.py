"""core.report: numbers as shown, CSV tables read back, the assessment page and its charts, without QGIS."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from bluecarbon.core.report import AssessmentData, DateResult, MapImage, headline, write_assessment_report
from bluecarbon.core.report import charts
from bluecarbon.core.report.formatting import (fmt_break, fmt_interval, fmt_metric, fmt_number, fmt_share,
                                               fmt_significant, round_label, value_attribute)
from bluecarbon.core.report.tables import read_csv_columns, row_where, rows

NAN = float("nan")


def sink_table(scale: float = 1.0) -> dict:
    """A sink table as core.sink writes it: two ecosystems and the total, with intervals."""
    t = {
        "ecosystem": ["mangrove", "salt_marsh", "total"],
        "patches": [10.0, 4.0, 14.0],
        "area_ha": [20.0 * scale, 5.0 * scale, 25.0 * scale],
        "edge_area_ha": [4.0, 1.0, 5.0],
        "sequestration_tC_yr": [32.4 * scale, 4.55 * scale, 36.95 * scale],
        "sequestration_tCO2e_yr": [118.8 * scale, 16.683 * scale, 135.483 * scale],
        "sequestration_tCO2e_yr_p05": [100.0, 14.0, 117.0],
        "sequestration_tCO2e_yr_p95": [130.0, 19.0, 150.0],
        "total_stock_tC": [10300.0 * scale, 1275.0 * scale, 11575.0 * scale],
        "total_stock_tC_p05": [NAN, NAN, 11575.0 * scale],
        "total_stock_tC_p95": [NAN, NAN, 11575.0 * scale],
        "edge_loss_tC_yr": [2.6, 0.4, 3.0],
        "edge_loss_tC_yr_p05": [2.0, 0.3, 2.4],
        "edge_loss_tC_yr_p95": [3.1, 0.5, 3.5],
    }
    return t


def class_table(ca: tuple[float, float]) -> dict:
    return {"class": [90, 95, 10], "name": ["Marsh <b>&</b> $reed$", "Mangroves", "Tree"],
            "ecosystem": ["salt_marsh", "mangrove", "non_habitat"], "CA_ha": [ca[0], ca[1], 100.0],
            "NP": [4, 10, 2], "PD_per_100ha": [3.0, 7.0, 1.0], "LPI_pct": [1.0, 2.0, 50.0], "ED_m_per_ha": [5.0, 9.0, 1.0],
            "AREA_MN_ha": [1.2, 2.0, 50.0], "MESH_ha": [0.5, 0.9, 40.0], "AI_pct": [90.0, 85.0, 99.0]}


def data(two: bool = False, flow: bool = False, maps: tuple = ()) -> AssessmentData:
    first = DateResult("2020" if two else "", "a.tif", class_table((5.0, 20.0)), {"TA_ha": [125.0], "NP": [16]},
                       sink_table(), {"mangrove": [0.01, 0.5, 3.0, 16.49], "salt_marsh": [1.0, 4.0]})
    d = AssessmentData(
        title="Test <assessment>", created="2024-01-01 00:00", version="0.1.0", docs_url="https://example.org/docs",
        inputs=[("Land-cover raster", "a.tif"), ("CRS", "EPSG:32649")],
        classes={"value": ["90", "95", "10"], "name": ["Marsh <b>&</b> $reed$", "Mangroves", "Tree"],
                 "ecosystem": ["salt_marsh", "mangrove", "non_habitat"], "color": ["#0096a0", "#00cf75", None],
                 "area_ha": [5.0, 20.0, 100.0]},
        legend_title="Test legend", settings=[{"setting": "Edge depth", "value": "20", "unit": "m", "origin": "user"}],
        parameters=[
            {"ecosystem": "mangrove", "parameter": "soil_accumulation", "value": 1.62, "unit": "t C/ha/yr", "low": 1.3,
             "high": 2.0, "sd": None, "distribution": "triangular", "source": "IPCC 2014", "confirmed": True,
             "user_defined": False},
            {"ecosystem": "salt_marsh", "parameter": "soil_accumulation", "value": 0.91, "unit": "t C/ha/yr", "low": None,
             "high": None, "sd": None, "distribution": "fixed", "source": "my field study", "confirmed": False,
             "user_defined": True},
        ],
        parameter_tables=[("IPCC 2013 Tier 1", "IPCC 2014")],
        dates=[first], blue_classes=[(90, "Marsh <b>&</b> $reed$"), (95, "Mangroves")], draws=100, seed=3,
        edge_effect=True, maps=list(maps), files=[("sink_capacity.csv", "sink")], notes=["A note <for> you."],
    )
    if two:
        d.dates.append(DateResult("2035", "b.tif", class_table((3.0, 22.0)), {"TA_ha": [125.0], "NP": [15]},
                                  sink_table(0.9), {"mangrove": [0.02, 5.0, 17.0]}))
        d.change_periods = {
            "period": ["2020-2035", "2035-2050", "total"], "start_year": [2020, 2035, 2020],
            "end_year": [2035, 2050, 2050], "years": [15, 15, 30], "driven_by": ["baseline", "change 2020-2035", NAN],
            "high_disturb_ha": [NAN, 2.0, NAN], "accumulation_tCO2e": [500.0, 450.0, 950.0],
            "emissions_tCO2e": [0.0, 1200.0, 1200.0], "net_sequestration_tCO2e": [500.0, -750.0, -250.0],
            "net_sequestration_tCO2e_p05": [400.0, -900.0, -420.0], "net_sequestration_tCO2e_p95": [600.0, -600.0, -80.0],
            "npv_currency": [9000.0, -7000.0, 2000.0],
        }
        d.change_stocks = {"year": list(range(2020, 2051)), "total_stock_tC": [11575.0 + k for k in range(31)]}
    if flow:
        d.flow_network = {"indicator": ["supply_tC_yr", "delivered_tC_yr", "share_of_demand_met", "links_e"],
                          "value": [36.95, 30.0, 0.25, 12]}
        d.flow_patches = {"patch_id": [1, 2, 3], "ecosystem": ["mangrove", "mangrove", "salt_marsh"],
                          "area_ha": [10.0, 10.0, 5.0], "supply_tC_yr": [16.0, 16.0, 4.95],
                          "delivered_tC_yr": [16.0, 10.0, 4.0], "unallocated_tC_yr": [0.0, 6.0, 0.95]}
        d.flow_demand = {"unit_id": [1, 2], "name": ["Town", "Port"], "demand_tC_yr": [100.0, 20.0],
                         "received_tC_yr": [20.0, 10.0], "balance_tC_yr": [-80.0, -10.0], "esdr": [-1.0, -0.1],
                         "share_met": [0.2, 0.5], "n_suppliers": [3, 2]}
    return d


class Page(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.figures: dict[str, float] = {}
        self.bounds: dict[str, dict] = {}
        self._figure = ""
        self.sections: list[str] = []
        self.images: list[str] = []
        self.tags: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if tag == "div" and "key-figure" in (a.get("class") or "").split():
            self.figures[a["data-key"]] = float(a["data-value"]) if a["data-value"] else math.nan
            self._figure = a["data-key"]
        if tag == "span" and a.get("data-bound"):
            self.bounds.setdefault(self._figure, {})[a["data-bound"]] = float(a["data-value"])
        if tag == "section" and "report-section" in (a.get("class") or ""):
            self.sections.append(a["id"])
        if tag == "img":
            self.images.append(a["src"])


PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")

# -- formatting ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, text",
    [(1234567.891, "1,234,568"), (123.456, "123.5"), (12.3456, "12.35"), (0.012345, "0.0123"), (0, "0"), (7, "7"),
     (254.0, "254"), (-15890.25, "-15,890"), (NAN, "–"), (None, "–"), ("text", "text")],
)
def test_numbers_are_shown_by_magnitude(value, text) -> None:
    assert fmt_number(value) == text


def test_intervals_shares_and_attributes() -> None:
    assert fmt_interval(1.5, 2.25) == "1.50 – 2.25"
    assert fmt_interval(NAN, 2.0) == "–"
    # never a range whose ends print alike: no width says so, a narrow one gets more digits
    assert fmt_interval(46974.2, 46974.2) == "no uncertainty sourced"
    assert fmt_interval(46974.2, 46974.4) == "46,974.2 – 46,974.4"
    assert fmt_interval(46974.2, 46974.6) == "46,974 – 46,975"
    assert fmt_interval(0.123441, 0.123449) == "0.12344 – 0.12345"
    assert fmt_share(0.0307) == "3.1 %"
    assert fmt_significant(7.9) == "7.9" and fmt_significant(0.451) == "0.451"
    assert value_attribute(1799.2447) == "1799.2447" and value_attribute(NAN) == "" and value_attribute(254) == "254"
    assert float(value_attribute(1 / 3)) == 1 / 3  # full precision


@pytest.mark.parametrize(
    "key, value, text",
    [("DIVISION", 0.9996, "0.9996"), ("DIVISION", 0.99996, "0.999960"), ("DIVISION", 0.5, "0.5000"),
     ("SIDI", 0.7861, "0.7861"), ("AI_pct", 95.344, "95.34"), ("COHESION", 99.9971, "99.9971"),
     ("NP", 884, "884"), ("NP", 12034, "12,034"), ("SHDI", 1.77123, "1.771"), ("SHAPE_MN", 1.4, "1.400"),
     ("CA_ha", 184.21, "184.2"), ("MESH_ha", 0.5213, "0.521"), ("ENN_MN_m", 47.153, "47.15"), ("DIVISION", NAN, "–")],
)
def test_metrics_have_the_digits_of_their_family(key, value, text) -> None:
    assert fmt_metric(key, value) == text


def test_map_legend_breaks_are_rounded() -> None:
    assert fmt_break(0.308215) == "0.308" and fmt_break(13.0247) == "13" and fmt_break(65.348) == "65.3"
    assert fmt_break(-243.3) == "-243" and fmt_break(0) == "0" and fmt_break(1234.5) == "1,234"
    assert round_label("0 - 1.3802") == "0 – 1.38" and round_label("27.5665 - 65.348") == "27.6 – 65.3"


def test_csv_tables_read_back_with_types(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("ecosystem,patches,area_ha,note\nmangrove,3,1.5,\ntotal,3,1.5,all\n\nfrom,legend,below,x\n")
    table = read_csv_columns(path)
    assert table["ecosystem"] == ["mangrove", "total"]
    assert table["patches"] == [3, 3] and table["area_ha"] == [1.5, 1.5]
    assert math.isnan(table["note"][0]) and table["note"][1] == "all"
    assert row_where(table, "ecosystem", "total")["area_ha"] == 1.5
    assert len(rows(table)) == 2


# -- the page --------------------------------------------------------------------------------------


def test_one_date_page_key_figures_sections_and_charts(tmp_path: Path) -> None:
    d = data()
    html_path = tmp_path / "report.html"
    write_assessment_report(d, str(html_path))
    text = html_path.read_text(encoding="utf-8")
    page = Page(text)
    assert page.figures["sequestration_tCO2e_yr"] == 135.483
    assert page.figures["total_stock_tCO2e"] == pytest.approx(11575.0 * 44 / 12)  # headline figures in t CO₂e
    assert page.figures["blue_carbon_patches"] == 14.0
    assert page.figures["edge_loss_tCO2e_yr"] == pytest.approx(3.0 * 44 / 12)
    assert 'data-value="11575.0">= 11,575 t C' in text and 'data-value="3.0">= 3 t C/yr' in text  # with t C
    assert "net_sequestration_tCO2e" not in page.figures and "delivered_tCO2e_yr" not in page.figures
    assert page.sections == ["inputs", "parameters", "fragmentation", "sink", "uncertainty", "methods", "files"]
    for src in page.images:
        assert (tmp_path / src).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", src
    assert {"report_files/chart_sink.png", "report_files/chart_patch_sizes.png"} <= set(page.images)
    # user text is escaped, the user-defined parameter row is marked, sources shown
    assert "Marsh &lt;b&gt;&amp;&lt;/b&gt; $reed$" in text and "<b>&</b>" not in text
    assert "Test &lt;assessment&gt;" in text and "A note &lt;for&gt; you." in text
    assert 'class="user-defined"' in text and "my field study" in text and "IPCC 2014" in text
    assert "1.3 – 2" in text  # the parameter's range as given
    # stocks without a range show no interval; sequestration shows its own
    assert page.bounds["sequestration_tCO2e_yr"] == {"low": 117.0, "high": 150.0}
    assert "total_stock_tCO2e" not in page.bounds
    assert "@media print" in text and "thead { display: table-header-group; }" in text


def test_two_dates_with_change_and_flow(tmp_path: Path) -> None:
    maps = (MapImage("report_files/map_x.png", "A map", "sink"),)
    d = data(two=True, flow=True, maps=maps)
    key = {k.key: k for k in headline(d)}
    assert key["net_sequestration_tCO2e"].value == -250.0
    assert (key["net_sequestration_tCO2e"].low, key["net_sequestration_tCO2e"].high) == (-420.0, -80.0)
    assert key["npv"].value == 2000.0 and key["delivered_tCO2e_yr"].alt_value == 30.0
    assert key["delivered_tCO2e_yr"].value == pytest.approx(30.0 * 44 / 12)
    assert key["share_of_demand_met"].value == pytest.approx(25.0)
    write_assessment_report(d, str(tmp_path / "report.html"))
    text = (tmp_path / "report.html").read_text(encoding="utf-8")
    page = Page(text)
    assert page.sections == ["inputs", "parameters", "fragmentation", "sink", "change", "flow", "uncertainty",
                             "methods", "files"]
    files = {p.name for p in (tmp_path / "report_files").iterdir()}
    assert {"chart_fragmentation_dates.png", "chart_change.png", "chart_stocks.png", "chart_flow_patches.png"} <= files
    assert "report_files/map_x.png" in page.images  # maps are placed in their section
    assert "Area 2020" in text and "Town" in text and "25.0 %" in text


def test_charts_skip_empty_inputs(tmp_path: Path) -> None:
    out = str(tmp_path / "c.png")
    assert charts.sink_by_ecosystem([("", {})], out) is None
    assert charts.patch_size_distribution([("", {})], out) is None
    assert charts.metrics_between_dates([("", class_table((1, 2)))], [(90, "x")], [("CA_ha", "CA")], out) is None
    assert charts.change_by_period({"period": ["total"]}, out) is None
    assert charts.stock_trajectory({}, out) is None
    assert charts.top_patches_by_flow({}, out) is None
    assert not os.path.exists(out)


def chart_inputs(d: AssessmentData) -> dict:
    """The tables each chart of the report gets for an assessment (as core.report.assessment passes them)."""
    from bluecarbon.core.report.assessment import DATE_METRICS

    labels = [date.label for date in d.dates]
    return {
        "sink_by_ecosystem": ([(label, date.sink) for label, date in zip(labels, d.dates)],),
        "patch_size_distribution": ([(label, date.patch_areas) for label, date in zip(labels, d.dates)],),
        "metrics_between_dates": ([(label, date.class_metrics) for label, date in zip(labels, d.dates)],
                                  d.blue_classes, DATE_METRICS),
        "change_by_period": (d.change_periods,),
        "stock_trajectory": (d.change_stocks,),
        "top_patches_by_flow": (d.flow_patches,),
    }


def test_report_charts_are_their_drawing_functions(tmp_path: Path) -> None:
    """Each PNG of the report is its draw_* function on an Agg figure; draw_* leaves a figure empty when there is
    nothing to draw (the dashboard draws the same functions on its Qt canvas)."""
    import struct

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    for name, args in chart_inputs(data(two=True, flow=True)).items():
        path = getattr(charts, name)(*args, str(tmp_path / f"{name}.png"))
        assert path, name
        width, height = struct.unpack(">II", Path(path).read_bytes()[16:24])  # the PNG's IHDR
        fig = Figure(figsize=(width / charts.DPI, height / charts.DPI), dpi=charts.DPI)
        FigureCanvasAgg(fig)
        assert getattr(charts, "draw_" + name)(fig, *args) is True
        fig.tight_layout()
        fig.savefig(tmp_path / f"{name}_drawn.png", format="png", dpi=charts.DPI, facecolor="white")
        assert (tmp_path / f"{name}_drawn.png").read_bytes() == Path(path).read_bytes(), name
    for name, args in chart_inputs(data()).items():  # one date: no comparison, change or flow chart
        fig = Figure()
        drawn = getattr(charts, "draw_" + name)(fig, *args)
        assert drawn == (name in ("sink_by_ecosystem", "patch_size_distribution")), name
        assert bool(fig.axes) == drawn, name


def test_core_report_never_imports_qgis(plugins_dir: Path) -> None:
    """The report engine works where QGIS is not installed."""
    code = (
        "import sys; import bluecarbon.core.report, bluecarbon.core.report.charts, bluecarbon.core.report.methods; "
        "assert not [m for m in sys.modules if m == 'qgis' or m.startswith('qgis.')], 'qgis imported'"
    )
    env = {**os.environ, "PYTHONPATH": str(plugins_dir)}
    done = subprocess.run([sys.executable, "-P", "-c", code], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


# -- translation -----------------------------------------------------------------------------------

CHINESE = {
    "Inputs": "输入数据",
    "Carbon sink capacity": "碳汇能力",
    "Methods": "方法",
    "Contents": "目录",
    "Key figures": "关键数据",
    "Blue Carbon Landscape · assessment report": "蓝碳景观 · 评估报告",
    "90 % interval": "90% 区间",
    "Annual sequestration": "年固碳量",
    "Carbon stock": "碳储量",
    "Area (ha)": "面积（ha）",
    "Salt marsh": "盐沼",
    "t CO₂e/yr": "t CO₂e/年",
    "Legend: {legend}. Classes marked as blue carbon are assessed for their sink.":
        "图例：{legend}。标记为蓝碳的类别将评估其碳汇。",
}


def chinese(text: str) -> str:
    """A translate function as the plugin passes it: known texts translated, the rest kept."""
    return CHINESE.get(text, text)


def test_translated_report_keeps_its_numbers(tmp_path: Path) -> None:
    english_dir, chinese_dir = tmp_path / "en", tmp_path / "zh"
    english_dir.mkdir()
    chinese_dir.mkdir()
    write_assessment_report(data(two=True, flow=True), str(english_dir / "report.html"))
    write_assessment_report(data(two=True, flow=True), str(chinese_dir / "report.html"), translate=chinese,
                            language="zh_CN")
    english = (english_dir / "report.html").read_text(encoding="utf-8")
    text = (chinese_dir / "report.html").read_text(encoding="utf-8")
    page, english_page = Page(text), Page(english)
    assert '<html lang="zh-CN">' in text
    for heading in ("<h2>输入数据</h2>", "<h2>碳汇能力</h2>", "<h2>方法</h2>", "<h2>目录</h2>"):
        assert heading in text, heading
    assert "蓝碳景观 · 评估报告" in text and 'aria-label="关键数据"' in text
    assert '<span class="interval">90% 区间 <span' in text
    assert "图例：Test legend。标记为蓝碳的类别将评估其碳汇。" in text
    assert "<h2>Carbon sink capacity</h2>" not in text and "Blue Carbon Landscape · assessment report" not in text
    # the key figures, their intervals and the sections are those of the English page
    assert page.figures == pytest.approx(english_page.figures, nan_ok=True)
    assert page.bounds == english_page.bounds
    assert page.sections == english_page.sections and page.images == english_page.images
    assert page.figures["sequestration_tCO2e_yr"] == 135.483 and page.figures["net_sequestration_tCO2e"] == -250.0
    # units and codes stay, the unit with a year is translated
    assert "t CO₂e/年" in text and "PLAND" in text and "sink_capacity.csv" in text
    # labels from headline() follow the translate function, keys and values do not
    translated = {k.key: k for k in headline(data(), translate=chinese)}
    plain = {k.key: k for k in headline(data())}
    assert translated["sequestration_tCO2e_yr"].label == "年固碳量"
    assert plain["sequestration_tCO2e_yr"].label == "Annual sequestration"
    assert [(k.key, k.value, k.low, k.high) for k in translated.values()] == [
        (k.key, k.value, k.low, k.high) for k in plain.values()]


def test_default_report_is_english_and_the_translation_is_reset(tmp_path: Path) -> None:
    from bluecarbon.core.report.i18n import _, identity

    paths = [tmp_path / name for name in ("default", "zh", "after", "identity")]
    for path in paths:
        path.mkdir()
    write_assessment_report(data(flow=True), str(paths[0] / "report.html"))
    write_assessment_report(data(flow=True), str(paths[1] / "report.html"), translate=chinese, language="zh_CN")
    assert _("Inputs") == "Inputs"  # nothing left behind by the translated build
    write_assessment_report(data(flow=True), str(paths[2] / "report.html"))
    write_assessment_report(data(flow=True), str(paths[3] / "report.html"), translate=identity, language="en")
    pages = [(p / "report.html").read_text(encoding="utf-8") for p in paths]
    assert pages[0] == pages[2] == pages[3]
    text = pages[0]
    assert '<html lang="en">' in text and "Blue Carbon Landscape · assessment report" in text
    assert "<h2>Contents</h2>" in text and 'aria-label="Key figures"' in text
    assert "<h2>Carbon sink capacity</h2>" in text and "Annual sequestration" in text
    assert '<span class="interval">90 % interval <span' in text
    assert "Legend: Test legend. Classes marked as blue carbon are assessed for their sink." in text
    assert "Written by the Blue Carbon Landscape QGIS plugin 0.1.0 on 2024-01-01 00:00. <a href=" in text
    # the charts do not depend on the (identity) translation either
    for name in ("chart_sink.png", "chart_patch_sizes.png", "chart_flow_patches.png"):
        assert (paths[0] / "report_files" / name).read_bytes() == (paths[3] / "report_files" / name).read_bytes()


def test_translation_belongs_to_one_thread() -> None:
    """Each worker thread builds its own report: a translation set in one thread is not seen by another."""
    import threading

    from bluecarbon.core.report.i18n import _, language, translation

    seen: dict = {}
    with translation(chinese, "zh_CN"):
        assert _("Inputs") == "输入数据" and language() == "zh_CN"
        worker = threading.Thread(target=lambda: seen.update(text=_("Inputs"), language=language()))
        worker.start()
        worker.join()
    assert seen == {"text": "Inputs", "language": "en"}
    assert _("Inputs") == "Inputs" and language() == "en"


def test_chinese_chart_labels_have_glyphs(tmp_path: Path) -> None:
    """Chart texts are drawn with DejaVu Sans then a CJK font, so Chinese labels are not boxes."""
    import warnings

    from bluecarbon.core.report.i18n import translation

    families = charts.font_families()
    assert families[0] == "DejaVu Sans"
    if len(families) == 1:
        pytest.skip("no CJK font installed (Debian: fonts-wqy-microhei or fonts-noto-cjk)")
    with warnings.catch_warnings(record=True) as caught, translation(chinese, "zh_CN"):
        warnings.simplefilter("always")
        path = charts.sink_by_ecosystem([("", sink_table())], str(tmp_path / "sink.png"))
    assert path and Path(path).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    missing = [str(w.message) for w in caught if "missing from" in str(w.message)]
    assert not missing, missing


def test_cjk_font_first_where_matplotlib_has_no_glyph_fallback(monkeypatch) -> None:
    """Before matplotlib 3.6 a text takes all its glyphs from one font: a Chinese chart starts with the CJK font."""
    from bluecarbon.core.report.i18n import translation

    families = charts.font_families()
    if len(families) == 1:
        pytest.skip("no CJK font installed (Debian: fonts-wqy-microhei or fonts-noto-cjk)")
    assert charts._chart_families() == families
    monkeypatch.setattr(charts, "_glyph_fallback", lambda: False)
    assert charts._chart_families() == families  # English
    with translation(chinese, "zh_CN"):
        assert charts._chart_families() == [families[1], families[0]] + families[2:]


def test_report_texts_are_extractable(repo_root: Path) -> None:
    """Every _() in core/report has a literal argument (scripts/i18n.py extracts it) and the page has no fixed text."""
    sys.path.insert(0, str(repo_root / "scripts"))
    try:
        import i18n
    finally:
        sys.path.remove(str(repo_root / "scripts"))
    files = sorted((repo_root / "core" / "report").glob("*.py"))
    assert [place for f in files for place in i18n.dynamic_tr_calls(f, repo_root)] == []
    texts = {text for f in files for text, _rel, _line in i18n.strings_in(f, repo_root)}
    assert {"Carbon sink capacity", "Contents", "Annual sequestration (t CO₂e/yr), 90 % interval", "Methods"} <= texts
    template = (repo_root / "resources" / "report" / "report.html").read_text(encoding="utf-8")
    assert "Contents" not in template and "Key figures" not in template and 'lang="$lang"' in template


def test_single_file_report_embeds_images_and_links_no_file(tmp_path: Path) -> None:
    import re

    maps = (MapImage("report_files/map_x.png", "A map", "sink"),)
    d = data(two=True, flow=True, maps=maps)
    d.files = [("sink_capacity.csv", "sink table"), ("report_files/", "charts")]
    (tmp_path / "report_files").mkdir()
    (tmp_path / "report_files" / "map_x.png").write_bytes(PNG_1PX)
    write_assessment_report(d, str(tmp_path / "report.html"), single_file=True)
    text = (tmp_path / "report.html").read_text(encoding="utf-8")
    page = Page(text)
    assert len(page.images) >= 5 and all(src.startswith("data:image/png;base64,") for src in page.images)
    links = re.findall(r'(?:href|src)="([^"]*)"', text)
    assert [x for x in links if not re.match(r"(data:|https?:|#)", x)] == []
    assert "<code>sink_capacity.csv</code>" in text
    # the same report beside its files links them
    write_assessment_report(d, str(tmp_path / "linked.html"))
    linked = (tmp_path / "linked.html").read_text(encoding="utf-8")
    assert 'href="sink_capacity.csv"' in linked and 'src="report_files/map_x.png"' in linked


def test_tables_name_ecosystems_and_right_align_numbers(tmp_path: Path) -> None:
    d = data(two=True, flow=True)
    d.currency = "CNY"
    write_assessment_report(d, str(tmp_path / "report.html"))
    text = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "Salt marsh" in text and ">salt_marsh<" not in text and ">mangrove<" not in text
    assert '<th scope="col" class="num" data-key="area_ha">' in text  # numeric headers align with their numbers
    assert '<th scope="col" data-key="ecosystem_label">' in text
    assert text.count(">CNY<") >= 3  # NPV card, NPV and its interval columns, uncertainty row: the currency


def test_restoration_section_shows_the_written_tables(tmp_path: Path) -> None:
    """The restoration tables as the assessment's folder holds them (a portfolio CSV and a ranked site GeoPackage,
    written here by hand): read back by core.results, the section lists the top sites and the portfolio's totals
    from the table's last row, and draws the portfolio chart with its draw function."""
    import csv
    import sqlite3

    from bluecarbon.core.results import assessment_data, read_results

    folder = tmp_path / "run"
    folder.mkdir()
    portfolio = {"pick": [1, 2], "site_id": [3, 1], "area_ha": [2.0, 4.5], "cost": ["", ""],
                 "sequestration_tCO2e_yr": [11.88, 26.73], "marginal_EC_gain_ha": [0.75, 1.25],
                 "cumulative_area_ha": [2.0, 6.5], "cumulative_cost": [0.0, 0.0],
                 "cumulative_sequestration_tCO2e_yr": [11.88, 38.61], "cumulative_EC_gain_ha": [0.75, 2.0],
                 "EC_after_ha": [10.75, 12.0], "marginal_flow_gain_tC_yr": [3.24, 1.5],
                 "cumulative_flow_gain_tC_yr": [3.24, 4.74]}
    with open(folder / "restoration_portfolio.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(portfolio)
        writer.writerows(zip(*portfolio.values()))
    sites = [  # site_id, rank, area, seq, EC gain, connector %, cost, score, pareto, in portfolio, pick, flow gain
        (1, 2, 4.5, 26.73, 1.3, 4.0, None, 1.4, 1, 1, 2, 2.0),
        (2, 3, 1.5, 8.91, 0.2, 0.0, None, 0.5, 0, 0, 0, 0.0),
        (3, 1, 2.0, 11.88, 0.75, 12.5, None, 1.6, 1, 1, 1, 3.24),
    ]
    con = sqlite3.connect(folder / "restoration_sites.gpkg")
    con.execute("CREATE TABLE gpkg_contents (table_name TEXT, data_type TEXT)")
    con.execute("INSERT INTO gpkg_contents VALUES ('sites', 'features')")
    con.execute("CREATE TABLE sites (fid INTEGER PRIMARY KEY, site_id INTEGER, rank INTEGER, area_ha REAL, "
                "sequestration_tCO2e_yr REAL, EC_gain_ha REAL, dPC_connector_pct REAL, cost REAL, score REAL, "
                "pareto INTEGER, in_portfolio INTEGER, pick_order INTEGER, flow_gain_tC_yr REAL)")
    con.executemany("INSERT INTO sites (site_id, rank, area_ha, sequestration_tCO2e_yr, EC_gain_ha, dPC_connector_pct,"
                    " cost, score, pareto, in_portfolio, pick_order, flow_gain_tC_yr) VALUES "
                    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", sites)
    con.commit()
    con.close()
    results = read_results(str(folder))
    assert results.restoration_sites["site_id"] == [3, 1, 2]  # in rank order
    d = data()
    read = assessment_data(results)
    d.restoration_sites, d.restoration_portfolio = read.restoration_sites, read.restoration_portfolio
    html_path = tmp_path / "report.html"
    write_assessment_report(d, str(html_path))
    text = html_path.read_text(encoding="utf-8")
    page = Page(text)
    assert page.sections.index("restoration") == page.sections.index("sink") + 1
    section = text[text.index('id="restoration"'):]
    section = section[:section.index("</section>")]
    import re

    cells = {key: [float(v) for v in re.findall(rf'<td[^>]*data-key="{key}"[^>]*data-value="([^"]+)"', section)]
             for key in ("EC_gain_ha", "flow_gain_tC_yr", "sequestration_tCO2e_yr")}
    assert cells == {"EC_gain_ha": [0.75, 1.3, 0.2], "flow_gain_tC_yr": [3.24, 2.0, 0.0],
                     "sequestration_tCO2e_yr": [11.88, 26.73, 8.91]}
    for value in ("6.50 ha", "38.61", "2 ha", "4.74"):  # the last row's running totals, as shown
        assert value in section, value
    assert "report_files/chart_restoration_portfolio.png" in page.images
    assert "No site" not in section and "Flow gain" in section
