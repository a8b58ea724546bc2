"""Processing provider "Blue Carbon" (id ``bluecarbon``)."""

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon

from ..core.resources import resource_path
from .algorithms import ALGORITHMS
from .parameters import performance_settings


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

    def load(self) -> bool:
        """Add the provider's settings (Settings ▸ Options ▸ Processing ▸ Providers ▸ Blue Carbon), then the algorithms."""
        settings = performance_settings(self.name())
        if settings:
            from processing.core.ProcessingConfig import ProcessingConfig

            ProcessingConfig.settingIcons[self.name()] = self.icon()
            for setting in settings:
                ProcessingConfig.addSetting(setting)
            ProcessingConfig.readSettings()
        self._settings = [s.name for s in settings]
        return super().load()

    def unload(self) -> None:
        """Remove the provider's settings from the Processing options."""
        if getattr(self, "_settings", None):
            from processing.core.ProcessingConfig import ProcessingConfig

            for name in self._settings:
                ProcessingConfig.settings.pop(name, None)
            self._settings = []
        super().unload()

    def loadAlgorithms(self) -> None:  # noqa: N802
        """Add one instance of every algorithm class in ALGORITHMS."""
        for algorithm_class in ALGORITHMS:
            self.addAlgorithm(algorithm_class())
