"""The plugin's wizard and results entries: menu, toolbar icon, wizard window, results dock."""

from __future__ import annotations

from pathlib import Path

import bluecarbon


def test_menu_toolbar_wizard_and_results_dock(browser_iface, results_folder: Path, qtbot, monkeypatch) -> None:
    """'Assess a coastal landscape…' opens the wizard; the results dock shows a folder; unload removes both."""
    from bluecarbon.ui.dashboard import ResultsDock
    from bluecarbon.ui.wizard import AssessmentWizard

    # pytest-qgis's interface has no plugin toolbar: record what goes on it and comes off it
    toolbar: list = []
    monkeypatch.setattr(browser_iface, "addToolBarIcon", toolbar.append, raising=False)
    monkeypatch.setattr(browser_iface, "removeToolBarIcon", lambda a: toolbar.remove(a) if a in toolbar else None,
                        raising=False)
    plugin = bluecarbon.classFactory(browser_iface)
    plugin.initGui()
    try:
        texts = [a.text() for a in plugin.menu.actions() if not a.isSeparator()]
        assert texts[:2] == ["Assess a coastal landscape…", "Open assessment results…"]  # the rest: test_plugin.py
        assess = plugin.ui_actions[0]
        assert assess.objectName() == "mActionBlueCarbonAssessment" and not assess.icon().isNull()
        assert assess in toolbar

        assess.trigger()
        assert isinstance(plugin.wizard, AssessmentWizard) and plugin.wizard.isVisible()
        assess.trigger()  # one wizard at a time
        assert len([w for w in browser_iface.mainWindow().findChildren(AssessmentWizard)]) == 1

        plugin.show_results(str(results_folder))
        assert isinstance(plugin.results_dock, ResultsDock)
        assert plugin.results_dock.dashboard.results.folder == str(results_folder)
        assert plugin.results_dock.dashboard.totals()
    finally:
        plugin.unload()
    assert plugin.wizard is None and plugin.results_dock is None and plugin.ui_actions == []
    assert toolbar == []
