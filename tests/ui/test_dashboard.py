"""Results dashboard: the totals, metrics and charts it shows are those of the algorithms' output files."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from qgis.PyQt.QtWidgets import QFrame, QLabel

from bluecarbon.core.results import read_results
from bluecarbon.ui.dashboard import DashboardWidget, ResultsDock


def _csv(path: Path) -> dict[str, dict[str, str]]:
    with open(path, newline="") as f:
        reader = csv.DictReader(f)
        key = reader.fieldnames[0]
        return {r[key]: r for r in reader}


def test_folder_tables_found_by_their_columns(results_folder: Path) -> None:
    """Two dates from the years in the file names; change and flow tables; the parameter table."""
    results = read_results(str(results_folder))
    assert [d.label for d in results.dates] == ["2020", "2035"]
    first, second = results.dates
    assert first.sink and second.sink and first.class_metrics and second.class_metrics and first.landscape
    assert results.periods and results.stocks and results.flow_patches and results.flow_network
    assert results.parameters_path.endswith("parameters.csv")
    # patch areas per ecosystem from the patch tables, as many as the class table's NP
    classes = _csv(results_folder / "class_metrics_2020.csv")
    assert len(first.patch_areas["mangrove"]) == int(classes["95"]["NP"])
    assert sum(first.patch_areas["mangrove"]) == pytest.approx(float(classes["95"]["CA_ha"]))


def test_dashboard_shows_the_output_values(qtbot, results_folder: Path, screenshot, tmp_path: Path) -> None:
    """Totals equal the sink, change and flow files; the metrics table equals the class table; charts export."""
    widget = DashboardWidget()
    qtbot.addWidget(widget)
    widget.load_folder(str(results_folder))

    sink = _csv(results_folder / "sink_2020.csv")["total"]
    change = _csv(results_folder / "change_periods.csv")["total"]
    network = _csv(results_folder / "flow_network.csv")
    totals = {t.key: t for t in widget.totals()}
    assert totals["sequestration_tCO2e_yr"].value == pytest.approx(float(sink["sequestration_tCO2e_yr"]))
    assert totals["sequestration_tCO2e_yr"].low == pytest.approx(float(sink["sequestration_tCO2e_yr_p05"]))
    assert totals["sequestration_tCO2e_yr"].high == pytest.approx(float(sink["sequestration_tCO2e_yr_p95"]))
    # the report's headline: t CO₂e cards (t C × 44/12) with the tables' t C beside them
    assert totals["total_stock_tCO2e"].value == pytest.approx(float(sink["total_stock_tC"]) * 44 / 12)
    assert totals["total_stock_tCO2e"].alt_value == pytest.approx(float(sink["total_stock_tC"]))
    assert totals["blue_carbon_area_ha"].value == pytest.approx(float(sink["area_ha"]))
    assert totals["edge_loss_tCO2e_yr"].alt_value == pytest.approx(float(sink["edge_loss_tC_yr"]))
    assert totals["net_sequestration_tCO2e"].value == pytest.approx(float(change["net_sequestration_tCO2e"]))
    assert totals["delivered_tCO2e_yr"].alt_value == pytest.approx(float(network["delivered_tC_yr"]["value"]))
    assert totals["share_of_demand_met"].value == pytest.approx(100 * float(network["share_of_demand_met"]["value"]))
    # the card shows the number as formatted text
    card = widget.summary.findChild(QFrame, "total_sequestration_tCO2e_yr")
    assert f"{float(sink['sequestration_tCO2e_yr']):,.0f}" in card.findChild(QLabel, "value").text()
    screenshot(widget, "dashboard_totals", (900, 640))

    # class metrics of 2020, then 2035
    classes = _csv(results_folder / "class_metrics_2020.csv")
    table = widget.metrics_table
    headers = [table.horizontalHeaderItem(j).text() for j in range(table.columnCount())]
    mangrove = [table.item(i, 0).text() for i in range(table.rowCount())].index("95")
    assert table.item(mangrove, headers.index("NP")).text() == classes["95"]["NP"]
    ca = table.item(mangrove, headers.index("CA (ha)"))
    assert float(ca.toolTip()) == pytest.approx(float(classes["95"]["CA_ha"]), rel=1e-12)
    assert float(ca.text().replace(",", "")) == pytest.approx(float(classes["95"]["CA_ha"]), abs=0.05)
    widget.tabs.setCurrentIndex(1)
    screenshot(widget, "dashboard_class_metrics", (900, 640))
    widget.date_combo.setCurrentIndex(1)
    classes_2035 = _csv(results_folder / "class_metrics_2035.csv")
    assert table.item(mangrove, headers.index("NP")).text() == classes_2035["95"]["NP"]

    assert widget.chart_ids() == ["sink", "patch_sizes", "fragmentation_dates", "change", "flow_patches", "restoration"]
    widget.tabs.setCurrentIndex(2)
    screenshot(widget, "dashboard_charts", (900, 1000))
    for chart_id in widget.chart_ids():
        widget.export_chart(chart_id, str(screenshot.folder / f"chart_{chart_id}.png"))  # docs/user-interface.md
        png = Path(widget.export_chart(chart_id, str(tmp_path / f"{chart_id}.png")))
        svg = Path(widget.export_chart(chart_id, str(tmp_path / f"{chart_id}.svg")))
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert "<svg" in svg.read_text()[:2000]
    sink_bars = widget.charts["sink"].figure.axes[1].patches
    seq_2020 = sorted(p.get_height() for p in sink_bars[:2])
    rows_2020 = _csv(results_folder / "sink_2020.csv")
    assert seq_2020 == pytest.approx(sorted(float(rows_2020[e]["sequestration_tCO2e_yr"]) for e in ("mangrove", "salt_marsh")))
    # the restoration chart ends at the portfolio table's totals: hectares spent, t CO₂e/yr gained
    portfolio = list(csv.DictReader(open(results_folder / "restoration_portfolio.csv", newline="", encoding="utf-8")))
    steps = widget.charts["restoration"].figure.axes[0].lines[0]
    assert steps.get_xdata()[-1] == pytest.approx(float(portfolio[-1]["cumulative_area_ha"]))
    assert steps.get_ydata()[-1] == pytest.approx(float(portfolio[-1]["cumulative_sequestration_tCO2e_yr"]))
    assert float(portfolio[-1]["cumulative_area_ha"]) <= 50.0
    # the report's charts (core/report/charts.py), in its fonts and without mathtext
    from matplotlib.text import Text

    from bluecarbon.core.report import charts

    sink_axes = widget.charts["sink"].figure.axes
    assert [ax.get_title() for ax in sink_axes] == ["Area (ha)", "Annual sequestration (t CO₂e/yr), 90 % interval"]
    assert [ax.get_title() for ax in widget.charts["patch_sizes"].figure.axes] == [
        "Patches per size class", "Cumulative share of area"]
    texts = [t for panel in widget.charts.values() for t in panel.figure.findobj(Text) if t.get_text()]
    assert not [t.get_text() for t in texts if "$" in t.get_text()]
    assert [t.get_text() for t in texts if t.get_fontfamily() != charts.font_families()] == []


def test_charts_follow_the_plugin_language(qtbot, results_folder: Path, tmp_path: Path) -> None:
    """With the Chinese translation installed the charts are drawn in Chinese, with a CJK font (no glyph
    missing), on screen and exported; English again once it is removed."""
    import warnings

    from matplotlib.text import Text

    from bluecarbon import translation as plugin_translation
    from bluecarbon.core.report import charts

    if len(charts.font_families()) == 1:
        pytest.skip("no CJK font installed (Debian: fonts-wqy-microhei or fonts-noto-cjk)")
    widget = DashboardWidget()
    qtbot.addWidget(widget)
    translator = plugin_translation.install_translator("zh_CN")
    assert translator is not None
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            widget.load_folder(str(results_folder))
            widget.tabs.setCurrentIndex(2)
            widget.show()
            widget.resize(900, 1000)
            for chart_id in widget.chart_ids():
                png = widget.export_chart(chart_id, str(tmp_path / f"zh_CN_chart_{chart_id}.png"))
                svg = widget.export_chart(chart_id, str(tmp_path / f"zh_CN_chart_{chart_id}.svg"))
                assert Path(png).stat().st_size and Path(svg).stat().st_size
    finally:
        plugin_translation.remove_translator(translator)
    missing = [str(w.message) for w in caught if "missing from" in str(w.message)]
    assert not missing, missing[:5]
    assert widget.chart_ids() == ["sink", "patch_sizes", "fragmentation_dates", "change", "flow_patches", "restoration"]
    sink = widget.charts["sink"].figure.axes
    assert [ax.get_title() for ax in sink] == ["面积（ha）", "年固碳量（t CO₂e/年），90% 区间"]
    assert {t.get_text() for t in sink[0].get_xticklabels()} == {"红树林", "盐沼"}
    texts = [t for panel in widget.charts.values() for t in panel.figure.findobj(Text) if t.get_text()]
    assert [t.get_text() for t in texts if t.get_fontfamily() != charts.font_families()] == []
    widget.load_folder(str(results_folder))  # the translation is gone: English charts
    assert [ax.get_title() for ax in widget.charts["sink"].figure.axes] == [
        "Area (ha)", "Annual sequestration (t CO₂e/yr), 90 % interval"]


def test_dock_and_empty_folder(qtbot, tmp_path: Path) -> None:
    """The dock holds the dashboard; a folder without results says so and draws nothing."""
    dock = ResultsDock()
    qtbot.addWidget(dock)
    dock.load_folder(str(tmp_path))
    assert dock.dashboard.totals() == [] and dock.dashboard.chart_ids() == []
    assert not dock.dashboard.no_charts.isHidden()
    with pytest.raises(OSError):
        dock.load_folder(str(tmp_path / "missing"))
