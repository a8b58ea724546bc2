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
        assert [a.text() for a in plugin.menu.actions()] == ["Patch fragmentation…"]
    finally:
        plugin.unload()
        menu_bar.removeAction(help_menu.menuAction())

    assert registry.providerById("bluecarbon") is None
    assert "Blue Carbon" not in _menu_titles(qgis_iface)


def test_menu_action_without_algorithm_shows_message(qgis_iface) -> None:
    """Until patchfragmentation exists, the menu action tells the user instead of failing."""
    plugin = bluecarbon.classFactory(qgis_iface)
    plugin.initGui()
    try:
        if QgsApplication.processingRegistry().algorithmById("bluecarbon:patchfragmentation"):
            return  # the dialog path needs a user; covered by the algorithm's own tests
        qgis_iface.messageBar().clear_messages()
        plugin.actions[0].trigger()
        messages = qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Info)
        assert any("not available" in m for m in messages)
    finally:
        plugin.unload()
