"""Wires the Blue Carbon Landscape plugin into QGIS: provider, menu and toolbar."""

from typing import List, Optional

from qgis.core import QgsApplication
from qgis.gui import QgisInterface
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QAction, QMenu

from .core.resources import resource_path
from .processing.provider import BlueCarbonProvider

PATCH_FRAGMENTATION_ID = "bluecarbon:patchfragmentation"
MENU_ALGORITHMS = (
    # (algorithm id, menu text, object name, on the toolbar)
    (PATCH_FRAGMENTATION_ID, "Patch fragmentation metrics…", "mActionBlueCarbonPatchFragmentation", True),
    ("bluecarbon:fragmentationsurface", "Fragmentation surfaces (moving window)…", "mActionBlueCarbonSurfaces", False),
)


def tr(text: str) -> str:
    """Translate text in the BlueCarbon context."""
    return QCoreApplication.translate("BlueCarbon", text)


class BlueCarbonPlugin:
    """The object QGIS creates through classFactory(); it only registers and wires."""

    def __init__(self, iface: QgisInterface) -> None:
        """Keep the QGIS interface; nothing is created before initGui/initProcessing."""
        self.iface = iface
        self.provider: Optional[BlueCarbonProvider] = None
        self.menu: Optional[QMenu] = None
        self.actions: List[QAction] = []

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
            action.setToolTip(tr("Blue Carbon: ") + tr(text).rstrip("…"))
            action.triggered.connect(lambda _checked=False, alg=algorithm_id: self.open_algorithm(alg))
            self.menu.addAction(action)
            if on_toolbar:
                self.iface.addToolBarIcon(action)
            self.actions.append(action)

    def unload(self) -> None:
        """Remove menu, toolbar icon and provider."""
        for action in self.actions:
            self.iface.removeToolBarIcon(action)
            action.deleteLater()
        self.actions = []
        if self.menu is not None:
            self.iface.mainWindow().menuBar().removeAction(self.menu.menuAction())
            self.menu.deleteLater()
            self.menu = None
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None

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
