"""The Python libraries the plugin needs, the check that they import, and what the plugin does when one does not.

QGIS installers do not all ship rasterio, scipy, shapely, pyproj or matplotlib (Windows installs without rasterio
are common). ``classFactory`` checks them before it imports anything that needs them; when one is missing or broken
it returns :class:`MissingLibrariesPlugin`, which registers no provider and no tool, and says once which libraries
are missing and the three ways to install them: in the message bar (with a "Details" button) and in the message
log, which ``qgis_process`` prints on stderr. This module imports only the standard library, ``qgis`` and
``translation``: it must load where the rest of the plugin cannot.

``REQUIREMENTS`` is the one list of those libraries with their pip, Debian and OSGeo4W package names;
``requirements.txt`` beside it (read by the QPIP plugin) and the README's "Requirements" section list the same.
"""

from __future__ import annotations

import importlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Sequence

from qgis.core import Qgis, QgsMessageLog
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP, Qt
from qgis.PyQt.QtWidgets import QAction, QMenu, QMessageBox, QPushButton

from .translation import install_translator, remove_translator, tr

LOG_TAG = "Blue Carbon"


@dataclass(frozen=True)
class Requirement:
    """A Python library the plugin imports, and the names its installers know it by."""

    pip: str
    """The name on PyPI (also the top-level module and the line in requirements.txt)."""
    module: str
    """The module whose import proves the library works (a compiled part, so a broken install shows)."""
    debian: str
    """The Debian and Ubuntu package."""
    osgeo4w: str
    """The package in the OSGeo4W installer (Windows)."""
    purpose: str
    """What the plugin uses it for (English; translated when shown)."""


REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement("numpy", "numpy", "python3-numpy", "python3-numpy",
                QT_TRANSLATE_NOOP("BlueCarbon", "arrays for every computation")),
    Requirement("scipy", "scipy.ndimage", "python3-scipy", "python3-scipy",
                QT_TRANSLATE_NOOP("BlueCarbon", "patch labelling, distances, moving windows and flow networks")),
    Requirement("rasterio", "rasterio", "python3-rasterio", "python3-rasterio",
                QT_TRANSLATE_NOOP("BlueCarbon", "reading and writing rasters in strips")),
    Requirement("shapely", "shapely.geometry", "python3-shapely", "python3-shapely",
                QT_TRANSLATE_NOOP("BlueCarbon", "patch polygons and areas of interest")),
    Requirement("pyproj", "pyproj", "python3-pyproj", "python3-pyproj",
                QT_TRANSLATE_NOOP("BlueCarbon", "true cell areas on geographic rasters and CRS checks")),
    Requirement("matplotlib", "matplotlib", "python3-matplotlib", "python3-matplotlib",
                QT_TRANSLATE_NOOP("BlueCarbon", "charts in the report and the results dashboard")),
)


@dataclass(frozen=True)
class MissingLibrary:
    """A requirement that does not import here, with the error Python gave."""

    requirement: Requirement
    error: str


def import_error(module: str) -> Optional[str]:
    """Import ``module``; None when it works, else the error text (missing, or present but broken)."""
    try:
        importlib.import_module(module)
    # ImportError, OSError (a shared library such as GDAL's), ValueError (numpy ABI): each means unusable
    except Exception as err:  # noqa: BLE001
        return f"{type(err).__name__}: {err}"
    return None


def missing_libraries(requirements: Sequence[Requirement] = REQUIREMENTS) -> List[MissingLibrary]:
    """The requirements that do not import, in the order of ``requirements``."""
    missing = []
    for requirement in requirements:
        error = import_error(requirement.module)
        if error is not None:
            missing.append(MissingLibrary(requirement, error))
    return missing


def qgis_python() -> str:
    """The Python interpreter of this QGIS, for a pip command line.

    Found from ``sys.prefix``: inside QGIS on Windows and macOS ``sys.executable`` is QGIS itself
    (qgis/QGIS#45646), and under qgis_process it can be whatever ``python3`` comes first on PATH.
    """
    prefix = Path(sys.prefix)
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    if os.name == "nt":
        candidates = [prefix / "python.exe", prefix / "python3.exe"]
    else:
        candidates = [prefix / "bin" / version, prefix / "bin" / "python3"]
    executable = Path(sys.executable) if sys.executable else None
    if executable is not None and executable.name.lower().startswith("python"):
        candidates.append(executable)
    for candidate in candidates:
        if candidate.is_file():
            return str(candidate)
    return "python3"


def summary(missing: Sequence[MissingLibrary]) -> str:
    """One line for the message bar: which libraries are missing and that the tools are off."""
    return tr("Blue Carbon Landscape needs the Python libraries {libraries}, which this QGIS cannot import; "
              "its tools are not available until they are installed.").format(
        libraries=", ".join(m.requirement.pip for m in missing))


def install_help(missing: Sequence[MissingLibrary]) -> str:
    """The full message: each missing library, why the plugin needs it, the error, and three ways to install."""
    pip_names = " ".join(m.requirement.pip for m in missing)
    python = qgis_python()
    pip_list = ", ".join(f'"{m.requirement.pip}"' for m in missing)
    lines = [summary(missing), ""]
    for item in missing:
        lines.append(tr("- {library}: {purpose}. Python says: {error}").format(
            library=item.requirement.pip, purpose=tr(item.requirement.purpose), error=item.error))
    lines += [
        "",
        tr("Install them in one of three ways, then restart QGIS:"),
        "",
        tr("1. Windows (OSGeo4W or the standalone QGIS installer): open the OSGeo4W Shell from the Start menu "
           "(as administrator) and run:"),
        f"    python -m pip install {pip_names}",
        tr("   or run the OSGeo4W installer (Advanced Install) and select the packages {packages}.").format(
            packages=" ".join(m.requirement.osgeo4w for m in missing)),
        "",
        tr("2. pip into the Python of QGIS, from a command line:"),
        f'    "{python}" -m pip install --user {pip_names}',
        tr("   or from the QGIS Python console (Plugins ▸ Python Console):"),
        f'    import subprocess; subprocess.check_call([r"{python}", "-m", "pip", "install", "--user", {pip_list}])',
        tr("   On Debian or Ubuntu install the system packages instead: {command}").format(
            command="sudo apt install " + " ".join(m.requirement.debian for m in missing)),
        "",
        tr("3. The QPIP plugin (Plugins ▸ Manage and Install Plugins ▸ QPIP) reads this plugin's requirements.txt "
           "and offers to install what is missing."),
    ]
    return "\n".join(lines)


class MissingLibrariesPlugin:
    """Stands in for the plugin when a library is missing: no provider, one menu entry, one message."""

    def __init__(self, iface, missing: Sequence[MissingLibrary]) -> None:
        """Keep the interface (None under qgis_process) and what is missing; install the translation."""
        self.iface = iface
        self.missing = list(missing)
        self.translator = install_translator()
        self.menu: Optional[QMenu] = None
        self.action: Optional[QAction] = None
        self.details_box: Optional[QMessageBox] = None
        self.logged = False
        self.shown = False

    def log(self) -> None:
        """Write the message once to the QGIS message log (qgis_process prints the log on stderr)."""
        if self.logged:
            return
        self.logged = True
        text = install_help(self.missing)
        QgsMessageLog.logMessage(text, LOG_TAG, Qgis.MessageLevel.Critical)

    def initProcessing(self) -> None:  # noqa: N802 (name required by QGIS)
        """Register nothing (the algorithms cannot run); say why (qgis_process calls only this)."""
        self.log()

    def initGui(self) -> None:  # noqa: N802
        """Show the message in the message bar and add a "Blue Carbon" menu whose one entry shows it again."""
        self.log()
        window = self.iface.mainWindow()
        self.menu = QMenu(tr("Blue Carbon"), window)
        self.menu.setObjectName("mBlueCarbonMenu")
        self.action = QAction(tr("Missing Python libraries…"), window)
        self.action.setObjectName("mActionBlueCarbonMissingLibraries")
        self.action.triggered.connect(self.show_details)
        self.menu.addAction(self.action)
        menu_bar = window.menuBar()
        help_menu = window.findChild(QMenu, "mHelpMenu")
        if help_menu is not None:
            menu_bar.insertMenu(help_menu.menuAction(), self.menu)
        else:
            menu_bar.addMenu(self.menu)
        self.push_message()

    def push_message(self) -> None:
        """Put the summary in the message bar until closed, with a button that opens the full message."""
        if self.shown:
            return
        self.shown = True
        bar = self.iface.messageBar()
        item = bar.createMessage(tr("Blue Carbon"), summary(self.missing))
        button = QPushButton(tr("Details"), item)
        button.setObjectName("mBlueCarbonMissingLibrariesDetails")
        button.clicked.connect(self.show_details)
        item.layout().addWidget(button)
        bar.pushWidget(item, Qgis.MessageLevel.Warning, 0)

    def show_details(self) -> None:
        """Show the full message (selectable, so the commands can be copied) in a window that does not block QGIS."""
        if self.details_box is None:
            parent = self.iface.mainWindow() if self.iface is not None else None
            self.details_box = QMessageBox(QMessageBox.Icon.Warning, tr("Blue Carbon: missing Python libraries"),
                                           install_help(self.missing), QMessageBox.StandardButton.Close, parent)
            self.details_box.setObjectName("mBlueCarbonMissingLibrariesBox")
            self.details_box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.details_box.setWindowModality(Qt.WindowModality.NonModal)
        self.details_box.show()
        self.details_box.raise_()

    def unload(self) -> None:
        """Remove the menu, the message window and the translation."""
        if self.details_box is not None:
            self.details_box.close()
            self.details_box.deleteLater()
            self.details_box = None
        if self.menu is not None:
            self.iface.mainWindow().menuBar().removeAction(self.menu.menuAction())
            self.menu.deleteLater()
            self.menu = None
        if self.action is not None:
            self.action.deleteLater()
            self.action = None
        if self.translator is not None:
            remove_translator(self.translator)
            self.translator = None
