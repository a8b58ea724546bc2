"""The plugin loads in QGIS as QGIS loads it, adds its provider and menu, and unloads cleanly."""

from typing import List

from qgis.core import Qgis, QgsApplication
from qgis.PyQt.QtWidgets import QMenu

import bluecarbon


def _menu_titles(iface) -> List[str]:
    """Return the titles of the main window's menu bar entries."""
    return [action.text() for action in iface.mainWindow().menuBar().actions()]


def test_plugin_load_and_unload(qgis_iface) -> None:
    """classFactory + initGui register provider and menu; unload removes both."""
    registry = QgsApplication.processingRegistry()
    assert registry.providerById("bluecarbon") is None, "a test left the provider registered"
    menu_bar = qgis_iface.mainWindow().menuBar()
    help_menu = QMenu("Help", qgis_iface.mainWindow())
    help_menu.setObjectName("mHelpMenu")
    menu_bar.addMenu(help_menu)

    plugin = bluecarbon.classFactory(qgis_iface)
    plugin.initGui()
    try:
        assert registry.providerById("bluecarbon") is not None
        assert registry.providerById("bluecarbon").name() == "Blue Carbon"
        titles = _menu_titles(qgis_iface)
        assert titles.index("Blue Carbon") == titles.index("Help") - 1
        assert [a.text() for a in plugin.menu.actions() if not a.isSeparator()] == [
            "Assess a coastal landscape…",
            "Open assessment results…",
            "Patch fragmentation metrics…",
            "Fragmentation surfaces (moving window)…",
            "Carbon sink capacity…",
            "Carbon change between dates…",
            "Carbon sequestration service flows…",
            "Morphological spatial pattern (MSPA)…",
            "Habitat connectivity (IIC, PC, dPC, corridors)…",
            "Restoration site priority…",
        ]
    finally:
        plugin.unload()
        menu_bar.removeAction(help_menu.menuAction())

    assert registry.providerById("bluecarbon") is None
    assert "Blue Carbon" not in _menu_titles(qgis_iface)


def test_menu_actions_open_the_processing_dialogs(qgis_iface, qgis_processing, qtbot) -> None:
    """Each menu entry opens the Processing dialog of its algorithm (closed again by a timer)."""
    from qgis.gui import QgsBrowserGuiModel
    from qgis.PyQt.QtCore import QTimer
    from qgis.PyQt.QtWidgets import QApplication, QDialog

    # pytest-qgis's stand-in interface has no browser model; Processing dialogs need a real one
    browser = QgsBrowserGuiModel()
    qgis_iface.browserModel = lambda: browser
    plugin = bluecarbon.classFactory(qgis_iface)
    plugin.initGui()
    seen: list = []

    def close_dialogs() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                seen.append(widget.windowTitle())
                widget.reject()

    closer = QTimer()
    closer.timeout.connect(close_dialogs)
    closer.start(200)
    try:
        for action in plugin.actions:
            action.trigger()
        assert len(seen) == 8, seen
        for title, expected in zip(seen, ("Patch fragmentation metrics", "Fragmentation surfaces",
                                          "Carbon sink capacity", "Carbon change", "service flow", "MSPA",
                                          "connectivity", "restoration site priority")):
            assert expected.lower() in title.lower(), seen
    finally:
        closer.stop()
        plugin.unload()
