"""Translations: the Simplified Chinese file is complete, compiled, and the zh_CN locale shows Chinese labels.

The runtime checks walk the real dialogs and algorithms with the compiled translation installed and look for
English left in what a user reads, so a string that was never marked for translation (an f-string, a text
defined in a table without QT_TRANSLATE_NOOP) fails here even though the .ts file looks complete.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import i18n  # noqa: E402  (scripts/i18n.py)

import bluecarbon  # noqa: E402
from bluecarbon import translation as plugin_module  # noqa: E402

TS = ROOT / "i18n" / "bluecarbon_zh_CN.ts"
QM = ROOT / "i18n" / "bluecarbon_zh_CN.qm"
CJK = re.compile(r"[\u4e00-\u9fff]")
# two English words in a row: text a user reads that was left untranslated
ENGLISH = re.compile(r"\b[A-Za-z][a-z]{2,}[ -][a-z]{2,}\b")
# English a Chinese label may keep: proper names, codes, units, file and parameter names
ALLOWED = re.compile(
    r"Blue Carbon Landscape|Monte Carlo|Model Designer|Processing|FRAGSTATS|InVEST|IPCC|QGIS|GeoPackage|"
    r"Simplified Chinese|(?<!\w)/[\w./-]+|Wetlands Supplement|[A-Z][a-z]+ et al\.?|[\w./-]+\.(csv|tif|gpkg|qml|html|png|svg)|https?://\S+|t CO2e|t C|Mg C"
)


# references keep their authors and titles: the paragraph after "参考文献：" or "来源：" is not checked
REFERENCES = re.compile(r"(参考文献|来源)[：:].*?(</p>|$)", re.S)
TRANSITION_CODES = re.compile(r"(low|med|high)(/(low|med|high))*-impact-disturb")  # InVEST table values


def english_left(text: str) -> list[str]:
    """The runs of English words left in a translated text (after the allowed names, codes and references)."""
    text = TRANSITION_CODES.sub(" ", REFERENCES.sub(" ", text))
    return ENGLISH.findall(ALLOWED.sub(" ", re.sub(r"<[^>]+>", " ", text)))


@pytest.fixture
def chinese(qgis_app) -> Iterator[object]:
    """The zh_CN translation installed for the duration of a test."""
    translator = plugin_module.install_translator("zh_CN")
    assert translator is not None, f"{QM} is missing: make setup compiles it with lrelease"
    assert plugin_module.current_language() == "zh_CN"
    yield translator
    plugin_module.remove_translator(translator)
    assert plugin_module.current_language() == "en"


def test_every_translatable_string_has_a_chinese_translation() -> None:
    messages = i18n.extract()
    assert len(messages) > 300
    found = i18n.problems(messages, i18n.read_ts(TS))
    assert found == [], "\n".join(found[:40])
    translations = i18n.read_ts(TS)
    assert all(CJK.search(translations[s][0]) for s in messages if re.search(r"[a-z]{3} [a-z]{3}", s)), \
        "a translation of an English sentence has no Chinese character"


def test_compiled_translation_is_current(tmp_path: Path) -> None:
    """The .qm holds what the .ts says: the .ts compiled afresh gives the same bytes (file times say nothing:
    a checkout or a copy sets them at will)."""
    assert QM.is_file(), "make setup compiles i18n/bluecarbon_zh_CN.qm"
    fresh = tmp_path / "fresh.qm"
    subprocess.run([i18n.lrelease(), "-silent", "-removeidentical", str(TS), "-qm", str(fresh)], check=True)
    assert fresh.read_bytes() == QM.read_bytes(), "the .qm differs from the .ts compiled now: run make setup"


def test_problems_catch_broken_placeholders_and_tags() -> None:
    """The checker itself (independent of our files): a dropped placeholder or tag is reported."""
    sources = ["Found {n} patches", "<b>Area</b> of %1", "Open…", "Untranslated here"]
    translations = {"Found {n} patches": ("找到斑块", ""), "<b>Area</b> of %1": ("%1 的面积", ""),
                    "Open…": ("打开", ""), "Untranslated here": ("", "unfinished")}
    found = i18n.problems(sources, translations)
    assert any("placeholders" in f and "Found" in f for f in found)
    assert any("HTML tags" in f and "Area" in f for f in found)
    assert any("ellipsis" in f for f in found)
    assert any("untranslated" in f for f in found)


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("zh_CN", "bluecarbon_zh_CN.qm"), ("zh-Hans", "bluecarbon_zh_CN.qm"), ("zh", "bluecarbon_zh_CN.qm"),
     ("zh_TW", None), ("zh-Hant", None), ("en_US", None), ("C", None)],
)
def test_locale_names_of_qgis_find_the_translation(locale: str, expected: "str | None") -> None:
    found = plugin_module.translation_file(locale)
    assert (found.name if found else None) == expected


def test_qgis_locale_setting_gives_a_chinese_menu(qgis_iface) -> None:
    """The QGIS option 'override system locale: zh-Hans' makes the plugin load its Chinese texts."""
    from qgis.core import QgsSettings
    from qgis.PyQt.QtCore import QCoreApplication

    settings = QgsSettings()
    old = (settings.value("locale/overrideFlag"), settings.value("locale/userLocale"))
    settings.setValue("locale/overrideFlag", True)
    settings.setValue("locale/userLocale", "zh-Hans")
    plugin = bluecarbon.classFactory(qgis_iface)
    try:
        assert plugin.translator is not None
        plugin.initGui()
        assert plugin.menu.title() == "蓝碳"
        texts = [a.text() for a in plugin.menu.actions() if not a.isSeparator()]
        assert texts[0] == "评估滨海景观…"
        for text in texts:
            assert CJK.search(text) and not english_left(text), text
        for action in plugin.actions:
            assert not english_left(action.toolTip()), action.toolTip()
        from qgis.core import QgsApplication

        provider = QgsApplication.processingRegistry().providerById("bluecarbon")
        assert provider is not None
        assert plugin.translator is not None
    finally:
        plugin.unload()
        for key, value in zip(("locale/overrideFlag", "locale/userLocale"), old):
            if value is None:
                settings.remove(key)
            else:
                settings.setValue(key, value)
    assert QCoreApplication.translate("BlueCarbon", "Blue Carbon") == "Blue Carbon", "unload removes the translator"


def test_processing_algorithms_speak_chinese(provider, chinese) -> None:
    """Every algorithm's name, group, help, parameter and output descriptions are shown in Chinese."""
    from qgis.core import QgsApplication

    registry = QgsApplication.processingRegistry()
    algorithms = [a for a in registry.algorithms() if a.provider() and a.provider().id() == "bluecarbon"]
    assert len(algorithms) >= 6
    left: list[str] = []
    for listed in algorithms:
        alg = registry.createAlgorithmById(listed.id())
        texts = [alg.displayName(), alg.group(), alg.shortHelpString()]
        texts += [p.description() for p in alg.parameterDefinitions()]
        texts += [o.description() for o in alg.outputDefinitions()]
        for text in texts:
            if not text:
                continue
            if not CJK.search(text) or english_left(text):
                left.append(f"{alg.id()}: {text[:80]!r} {english_left(text)[:3]}")
    assert left == [], "\n".join(left)


def _visible_texts(widget) -> Iterator[tuple[str, str]]:
    """(kind, text) of the labels, buttons, boxes, tabs, headers and titles a user reads in a widget tree."""
    from qgis.PyQt.QtWidgets import (QAbstractButton, QComboBox, QGroupBox, QLabel, QLineEdit, QTableView,
                                     QTabWidget, QWidget, QWizard)

    yield "window", widget.windowTitle()
    for child in [widget, *widget.findChildren(QWidget)]:
        if isinstance(child, QLabel):
            yield "label", child.text()
        elif isinstance(child, QAbstractButton):
            yield "button", child.text()
            yield "tooltip", child.toolTip()
        elif isinstance(child, QGroupBox):
            yield "group", child.title()
        elif isinstance(child, QLineEdit):
            yield "placeholder", child.placeholderText()
        elif isinstance(child, QTabWidget):
            for i in range(child.count()):
                yield "tab", child.tabText(i)
        elif isinstance(child, QTableView) and child.model() is not None:
            model = child.model()
            from qgis.PyQt.QtCore import Qt

            for column in range(model.columnCount()):
                yield "header", str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        if isinstance(child, QWizard):
            for page_id in child.pageIds():
                page = child.page(page_id)
                yield "page", page.title()
                yield "page", page.subTitle()


def _english_in(widget) -> list[str]:
    return [f"{kind}: {text[:90]!r}" for kind, text in _visible_texts(widget) if text and english_left(text)]


def test_dialogs_show_chinese_labels(qgis_iface, qgis_processing, chinese, qtbot, screenshot) -> None:
    """The wizard, the class mapping, the parameter editor and the dashboard leave no English label."""
    from bluecarbon.ui.class_mapping import ClassMappingDialog
    from bluecarbon.ui.dashboard import ResultsDock
    from bluecarbon.ui.parameter_editor import ParameterEditorDialog
    from bluecarbon.ui.wizard import AssessmentWizard

    wizard = AssessmentWizard()
    qtbot.addWidget(wizard)
    assert CJK.search(wizard.windowTitle()), wizard.windowTitle()
    screenshot(wizard, "zh_CN_wizard_1_land_cover", (900, 640))
    mapping = ClassMappingDialog()
    qtbot.addWidget(mapping)
    editor = ParameterEditorDialog()
    qtbot.addWidget(editor)
    screenshot(editor, "zh_CN_parameter_editor", (1000, 600))
    dock = ResultsDock()
    qtbot.addWidget(dock)
    left = []
    for widget in (wizard, mapping, editor, dock):
        left += [f"{type(widget).__name__} {item}" for item in _english_in(widget)]
    assert left == [], "\n".join(left)


def test_qgis_process_help_in_chinese(tmp_path: Path) -> None:
    """A batch user whose QGIS is set to Simplified Chinese gets the algorithm's help in Chinese."""
    profile = tmp_path / "profile"
    env = dict(os.environ, BLUECARBON_QGIS_PROFILE=str(profile))
    wrapper = ROOT / "scripts" / "qgis_process"
    subprocess.run([str(wrapper), "plugins", "enable", "bluecarbon"], env=env, capture_output=True, timeout=120)
    ini = profile / "profiles" / "default" / "QGIS" / "QGIS3.ini"
    assert ini.is_file(), "qgis_process made no profile"
    text = ini.read_text(encoding="utf-8")
    ini.write_text(text + "\n[locale]\noverrideFlag=true\nuserLocale=zh-Hans\n", encoding="utf-8")
    done = subprocess.run([str(wrapper), "help", "bluecarbon:sinkcapacity"], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "碳汇" in done.stdout, done.stdout[:2000]


def test_assessment_report_and_dashboard_in_chinese(provider, chinese, tmp_path: Path, qtbot, screenshot) -> None:
    """With QGIS in Chinese the assessment writes a Chinese report with the same numbers, and the dashboard
    shows its results without English labels."""
    import html.parser

    from qgis import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback

    from bluecarbon.ui.dashboard import ResultsDock

    sample = ROOT / "resources" / "sample" / "coastal_mosaic.tif"
    folder = tmp_path / "assessment"
    result = processing.run("bluecarbon:blueassessment", {
        "INPUT": str(sample), "LEGEND_PRESET": "esa_worldcover", "DRAWS": 50, "SEED": 1,
        "DEMAND_UNITS": str(ROOT / "resources" / "sample" / "demand_units.gpkg"), "DEMAND_FIELD": "emissions_tC_yr",
        "NAME_FIELD": "name", "DECAY_DISTANCE": 1500, "MAX_DISTANCE": 4000, "OUTPUT_FOLDER": str(folder),
    }, context=QgsProcessingContext(), feedback=QgsProcessingFeedback())
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert 'lang="zh-CN"' in page

    class Headings(html.parser.HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.current: "str | None" = None
            self.found: list[str] = []
            self.values: dict[str, float] = {}

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag in ("h1", "h2", "h3", "caption", "th"):
                self.current, self.text = tag, ""
            if "key-figure" in (attrs.get("class") or "") and "data-value" in attrs:
                self.values[attrs["data-key"]] = float(attrs["data-value"])

        def handle_data(self, data):
            if self.current:
                self.text += data

        def handle_endtag(self, tag):
            if tag == self.current:
                self.found.append((tag, self.text.strip()))
                self.current = None

    parsed = Headings()
    parsed.feed(page)
    headings = [text for tag, text in parsed.found if tag in ("h1", "h2") and text]
    assert len(headings) >= 6
    assert all(CJK.search(text) for text in headings), headings
    left = [text for tag, text in parsed.found if text and english_left(text)]
    assert left == [], left
    # the numbers are those of the outputs, whatever the language
    assert parsed.values["sequestration_tCO2e_yr"] == pytest.approx(result["SEQUESTRATION_TCO2E_YR"], rel=1e-12)
    assert parsed.values["total_stock_tCO2e"] == pytest.approx(result["TOTAL_STOCK_TC"] * 44 / 12, rel=1e-12)

    dock = ResultsDock()
    qtbot.addWidget(dock)
    dock.load_folder(str(folder))
    screenshot(dock, "zh_CN_dashboard", (900, 700))
    left = _english_in(dock)
    assert left == [], "\n".join(left)
