"""Processing provider "Blue Carbon" (id ``bluecarbon``)."""

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon

from ..core.resources import resource_path
from .algorithms import ALGORITHMS


class BlueCarbonProvider(QgsProcessingProvider):
    """Lists the plugin's algorithms in the Processing toolbox."""

    def id(self) -> str:
        """Return the provider id used in algorithm ids (``bluecarbon:...``)."""
        return "bluecarbon"

    def name(self) -> str:
        """Return the (translated) name shown in the toolbox."""
        return QCoreApplication.translate("BlueCarbon", "Blue Carbon")

    def icon(self) -> QIcon:
        """Return the plugin icon."""
        return QIcon(str(resource_path("icon.svg")))

    def loadAlgorithms(self) -> None:  # noqa: N802
        """Add one instance of every algorithm class in ALGORITHMS."""
        for algorithm_class in ALGORITHMS:
            self.addAlgorithm(algorithm_class())
