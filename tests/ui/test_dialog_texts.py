"""What a user reads in the algorithm dialogs: help without stray line breaks, option names, labels in zh_CN."""

from __future__ import annotations

import re

import pytest

from bluecarbon import translation as plugin_module

ALGORITHMS = ["patchfragmentation", "fragmentationsurface", "sinkcapacity", "carbonchange", "carbonserviceflow",
              "blueassessment", "investtables", "flowsensitivity"]
QGIS_ZH = "/usr/share/qgis/i18n/qgis_zh-Hans.qm"


@pytest.fixture(params=["en", "zh_CN"])
def language(request, qgis_app):
    translator = plugin_module.install_translator(request.param) if request.param != "en" else None
    yield request.param
    if translator is not None:
        plugin_module.remove_translator(translator)


@pytest.mark.parametrize("alg_id", ALGORITHMS)
def test_help_has_no_line_break_inside_a_paragraph(provider, language, alg_id) -> None:
    from qgis.core import QgsApplication

    html = QgsApplication.processingRegistry().createAlgorithmById(f"bluecarbon:{alg_id}").shortHelpString()
    assert html.count("<p>") >= 1
    for text in re.split(r"<[^>]+>", html):  # text between tags: no newline unless whitespace between blocks
        assert "\n" not in text or not text.strip(), repr(text)
    assert html.count("<li>") == html.count("</li>") and html.count("<ul>") == html.count("</ul>")


@pytest.mark.parametrize("alg_id", ["patchfragmentation", "blueassessment"])
def test_help_panel_shows_lists_as_lists(browser_iface, provider, qtbot, alg_id, tmp_path) -> None:
    """In the real dialog every <li> of the help is one list item of the panel's document."""
    from processing.gui.AlgorithmDialog import AlgorithmDialog
    from qgis.core import QgsApplication
    from qgis.PyQt.QtWidgets import QTextBrowser

    alg = QgsApplication.processingRegistry().createAlgorithmById(f"bluecarbon:{alg_id}")
    dialog = AlgorithmDialog(alg)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.resize(1300, 900)
    assert dialog.grab().save(str(tmp_path / f"{alg_id}.png"))
    browser = max(dialog.findChildren(QTextBrowser), key=lambda b: len(b.toPlainText()))
    block, items = browser.document().begin(), 0
    while block.isValid():
        items += block.textList() is not None
        block = block.next()
    assert items == alg.shortHelpString().count("<li>") > 0


def test_drop_downs_show_names_and_return_ids(browser_iface, provider, clean_project, qtbot) -> None:
    from processing.gui.AlgorithmDialog import AlgorithmDialog
    from qgis.core import QgsApplication

    alg = QgsApplication.processingRegistry().createAlgorithmById("bluecarbon:patchfragmentation")
    dialog = AlgorithmDialog(alg)
    qtbot.addWidget(dialog)
    wrappers = dialog.mainWidget().wrappers
    legend = wrappers["LEGEND_PRESET"].widget
    shown = [legend.itemText(i) for i in range(legend.count())]
    assert "ESA WorldCover (10 m)" in shown and "esa_worldcover" not in shown and "raster_values" not in shown
    dialog.setParameters({"LEGEND_PRESET": "esa_worldcover", "GROUP_BY": "ecosystem", "NEIGHBOURS": "4"})
    assert legend.currentText() == "ESA WorldCover (10 m)"
    values = tuple(wrappers[name].widgetValue() for name in ("LEGEND_PRESET", "GROUP_BY", "NEIGHBOURS"))
    assert values == ("esa_worldcover", "ecosystem", "4")  # what qgis_process and models pass
    assert wrappers["GROUP_BY"].widget.currentText().startswith("Ecosystems")


def test_no_chinese_label_shows_optional_in_english(browser_iface, provider, qtbot) -> None:
    """With QGIS's own zh-Hans translation (which says ' [可选]') and ours, no label keeps '[optional]'."""
    from processing.gui.AlgorithmDialog import AlgorithmDialog
    from qgis.core import QgsApplication
    from qgis.PyQt.QtCore import QCoreApplication, QTranslator
    from qgis.PyQt.QtWidgets import QLabel

    qgis_zh = QTranslator()
    if not qgis_zh.load(QGIS_ZH):
        pytest.skip("QGIS's zh-Hans translation is not installed")
    QCoreApplication.installTranslator(qgis_zh)
    ours = plugin_module.install_translator("zh_CN")
    try:
        for alg_id in ALGORITHMS:
            dialog = AlgorithmDialog(QgsApplication.processingRegistry().createAlgorithmById(f"bluecarbon:{alg_id}"))
            qtbot.addWidget(dialog)
            labels = [w.text() for w in dialog.findChildren(QLabel)]
            assert any("[可选]" in t for t in labels), alg_id
            assert not [t for t in labels if "[optional]" in t], alg_id
    finally:
        plugin_module.remove_translator(ours)
        QCoreApplication.removeTranslator(qgis_zh)
