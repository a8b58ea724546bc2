"""Wires the Blue Carbon Landscape plugin into QGIS: provider, menu, toolbar, assessment wizard and results dock."""

import os
from typing import List, Optional

from qgis.core import QgsApplication
from qgis.gui import QgisInterface
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP, Qt, QTranslator
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QAction, QFileDialog, QMenu

from .core.resources import resource_path
from .processing.provider import BlueCarbonProvider
from .translation import install_translator, remove_translator, tr

PATCH_FRAGMENTATION_ID = "bluecarbon:patchfragmentation"
ASSESSMENT_ID = "bluecarbon:blueassessment"
MENU_ALGORITHMS = (
    # (algorithm id, menu text, object name, on the toolbar)
    (PATCH_FRAGMENTATION_ID, QT_TRANSLATE_NOOP("BlueCarbon", "Patch fragmentation metrics…"),
     "mActionBlueCarbonPatchFragmentation", True),
    ("bluecarbon:fragmentationsurface", QT_TRANSLATE_NOOP("BlueCarbon", "Fragmentation surfaces (moving window)…"),
     "mActionBlueCarbonSurfaces", False),
    ("bluecarbon:sinkcapacity", QT_TRANSLATE_NOOP("BlueCarbon", "Carbon sink capacity…"),
     "mActionBlueCarbonSinkCapacity", False),
    ("bluecarbon:carbonchange", QT_TRANSLATE_NOOP("BlueCarbon", "Carbon change between dates…"),
     "mActionBlueCarbonChange", False),
    ("bluecarbon:carbonserviceflow", QT_TRANSLATE_NOOP("BlueCarbon", "Carbon sequestration service flows…"),
     "mActionBlueCarbonServiceFlow", False),
    ("bluecarbon:mspa", QT_TRANSLATE_NOOP("BlueCarbon", "Morphological spatial pattern (MSPA)…"),
     "mActionBlueCarbonMspa", False),
    ("bluecarbon:connectivity", QT_TRANSLATE_NOOP("BlueCarbon", "Habitat connectivity (IIC, PC, dPC, corridors)…"),
     "mActionBlueCarbonConnectivity", False),
    ("bluecarbon:restorationpriority", QT_TRANSLATE_NOOP("BlueCarbon", "Restoration site priority…"),
     "mActionBlueCarbonRestorationPriority", False),
)


class BlueCarbonPlugin:
    """The object QGIS creates through classFactory(); it only registers and wires."""

    def __init__(self, iface: QgisInterface) -> None:
        """Keep the QGIS interface; nothing is created before initGui/initProcessing."""
        self.iface = iface
        # before any text is made, so the toolbox, the dialogs and qgis_process speak the QGIS language
        self.translator: Optional[QTranslator] = install_translator()
        self.provider: Optional[BlueCarbonProvider] = None
        self.menu: Optional[QMenu] = None
        self.actions: List[QAction] = []
        self.ui_actions: List[QAction] = []  # wizard and results entries (self.actions: the algorithm dialogs)
        self.wizard = None  # ui.wizard.AssessmentWizard, made on first use
        self.results_dock = None  # ui.dashboard.ResultsDock, made on first use

    def initProcessing(self) -> None:  # noqa: N802
        """Register the Processing provider once (also called by qgis_process)."""
        if self.provider is None:
            self.provider = BlueCarbonProvider()
            QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self) -> None:  # noqa: N802
        """Register the provider and add the "Blue Carbon" menu and toolbar icon."""
        self.initProcessing()
        window = self.iface.mainWindow()
        menu_bar = window.menuBar()
        self.menu = QMenu(tr("Blue Carbon"), window)
        self.menu.setObjectName("mBlueCarbonMenu")
        help_menu = window.findChild(QMenu, "mHelpMenu")
        if help_menu is not None:
            menu_bar.insertMenu(help_menu.menuAction(), self.menu)
        else:
            menu_bar.addMenu(self.menu)

        icon = QIcon(str(resource_path("icon.svg")))
        for algorithm_id, text, object_name, on_toolbar in MENU_ALGORITHMS:
            action = QAction(icon, tr(text), window)
            action.setObjectName(object_name)
            action.setToolTip(tr("Blue Carbon: {tool}").format(tool=tr(text).rstrip("…")))
            action.triggered.connect(lambda _checked=False, alg=algorithm_id: self.open_algorithm(alg))
            self.menu.addAction(action)
            if on_toolbar:
                self.iface.addToolBarIcon(action)
            self.actions.append(action)

        # above the algorithm entries: the assessment wizard (with its toolbar icon) and the results dashboard
        first = self.menu.actions()[0] if self.menu.actions() else None
        assess = QAction(QIcon(os.path.join(os.path.dirname(__file__), "ui", "icons", "assessment.svg")),
                         tr("Assess a coastal landscape…"), window)
        assess.setObjectName("mActionBlueCarbonAssessment")
        assess.setToolTip(tr("Blue Carbon: assess a coastal landscape (fragmentation, sink, change, flows, report)"))
        assess.triggered.connect(self.open_wizard)
        results = QAction(tr("Open assessment results…"), window)
        results.setObjectName("mActionBlueCarbonResults")
        results.triggered.connect(self.open_results)
        self.menu.insertAction(first, assess)
        self.menu.insertAction(first, results)
        self.menu.insertSeparator(first)
        self.iface.addToolBarIcon(assess)
        self.ui_actions = [assess, results]

    def unload(self) -> None:
        """Remove menu, toolbar icons, wizard, results dock and provider."""
        if self.wizard is not None:
            if self.wizard.is_running():
                self.wizard.cancel_run()
            self.wizard.close()
            self.wizard.deleteLater()
            self.wizard = None
        if self.results_dock is not None:
            self.iface.removeDockWidget(self.results_dock)
            self.results_dock.deleteLater()
            self.results_dock = None
        for action in self.actions + self.ui_actions:
            self.iface.removeToolBarIcon(action)
            action.deleteLater()
        self.actions = []
        self.ui_actions = []
        if self.menu is not None:
            self.iface.mainWindow().menuBar().removeAction(self.menu.menuAction())
            self.menu.deleteLater()
            self.menu = None
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        if self.translator is not None:
            remove_translator(self.translator)
            self.translator = None

    def open_patch_fragmentation(self) -> None:
        """Open the Processing dialog of the patch fragmentation algorithm."""
        self.open_algorithm(PATCH_FRAGMENTATION_ID)

    def open_algorithm(self, algorithm_id: str) -> None:
        """Open the Processing dialog of one of the plugin's algorithms."""
        if QgsApplication.processingRegistry().algorithmById(algorithm_id) is None:
            self.iface.messageBar().pushInfo(tr("Blue Carbon"), tr("This algorithm is not available."))
            return
        from qgis import processing

        processing.execAlgorithmDialog(algorithm_id)

    def open_wizard(self) -> None:
        """Show the assessment wizard (one at a time; it keeps its choices until it is closed)."""
        if QgsApplication.processingRegistry().algorithmById(ASSESSMENT_ID) is None:
            self.iface.messageBar().pushInfo(tr("Blue Carbon"), tr("The assessment algorithm is not available."))
            return
        from .ui.wizard import AssessmentWizard

        if self.wizard is None:
            self.wizard = AssessmentWizard(self.iface.mainWindow())
            self.wizard.resultsReady.connect(self.show_results)
        self.wizard.show()
        self.wizard.raise_()
        self.wizard.activateWindow()

    def open_results(self) -> None:
        """Ask for the output folder of an assessment and show it in the results dashboard."""
        folder = QFileDialog.getExistingDirectory(self.iface.mainWindow(), tr("Open the output folder of an assessment"))
        if folder:
            self.show_results(folder)

    def show_results(self, folder: str) -> None:
        """Show the results in ``folder`` in the dashboard dock."""
        from .ui.dashboard import ResultsDock

        if self.results_dock is None:
            self.results_dock = ResultsDock(self.iface.mainWindow())
            self.iface.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.results_dock)
        try:
            self.results_dock.load_folder(folder)
        except OSError as err:
            self.iface.messageBar().pushWarning(tr("Blue Carbon"), str(err))
            return
        self.results_dock.show()
        self.results_dock.raise_()
