"""The base of every Blue Carbon Processing algorithm: translation, group, help, and the run's shared handling.

A subclass declares its parameters (composing the groups of :mod:`processing.parameters`) and implements
:meth:`BlueCarbonAlgorithm.execute` (not ``run``: ``QgsProcessingAlgorithm.run`` is QGIS's own entry point). The
template :meth:`BlueCarbonAlgorithm.processAlgorithm` runs it with SIGINT and SIGTERM turned into a cancellation
(``core.signals``), turns ``core.errors.Cancelled`` into "Cancelled: no output was written." and
``BlueCarbonError`` into a ``QgsProcessingException`` carrying the engine's message once; a run stopped by a signal
is reported as an error, so ``qgis_process`` exits non-zero. :meth:`checkParameterValues` checks each land-cover file
(INPUT, INPUT_2, every SNAPSHOTS raster) with the engine's own messages before QGIS tries to load it.
"""

from __future__ import annotations

import re
from typing import Any

from qgis.core import QgsProcessingAlgorithm, QgsProcessingException
from qgis.PyQt.QtGui import QIcon

from ..core.errors import BlueCarbonError, Cancelled
from ..core.resources import metadata_value, resource_path
from ..core.labelshare import shared_labelling
from ..core.signals import cancel_on_signals, signal_name
from .gdal_config import no_auxiliary_files
from . import parameters as groups
from .parameters import _tr


DOCS_URL = f"{metadata_value('homepage').rstrip('/')}/docs" if metadata_value("homepage") else ""
"""Base address of the published docs/ folder (algorithm pages under algorithms/): metadata.txt's homepage."""


class BlueCarbonAlgorithm(QgsProcessingAlgorithm):
    """Base class: subclasses set GROUP, GROUP_ID and HELP and implement name(), displayName(), initAlgorithm(), execute()."""

    GROUP: str = "Landscape metrics"
    GROUP_ID: str = "landscape"
    HELP: str = ""
    """Help shown beside the dialog: short HTML with formulas, units and sources."""
    HELP_PAGE: str = ""
    """Page under docs/ describing the algorithm (default: docs/algorithms/<name>.md)."""

    def tr(self, text: str) -> str:
        """Translate text in the BlueCarbon context."""
        return _tr(text)

    def createInstance(self) -> "BlueCarbonAlgorithm":  # noqa: N802
        """Return a fresh instance of the same algorithm class."""
        return type(self)()

    def group(self) -> str:
        """Return the translated toolbox group name."""
        return self.tr(self.GROUP)

    def groupId(self) -> str:  # noqa: N802
        """Return the toolbox group id."""
        return self.GROUP_ID

    def icon(self) -> QIcon:
        """Return the plugin icon."""
        return QIcon(str(resource_path("icon.svg")))

    def helpUrl(self) -> str:  # noqa: N802
        """Return the address of this algorithm's help page."""
        return f"{DOCS_URL}/{self.HELP_PAGE or 'algorithms/' + self.name() + '.md'}"

    def shortHelpString(self) -> str:  # noqa: N802
        """Return the translated HELP text as one line of HTML (see help_html)."""
        return help_html(self.tr(self.HELP.strip()))

    # -- the run -----------------------------------------------------------------------------------

    LANDCOVER_FILES: tuple = (groups.INPUT, "INPUT_2", "SNAPSHOTS")
    """Parameters holding land-cover rasters (one or a list), checked as files when the algorithm declares them."""

    def checkParameterValues(self, parameters: dict, context: Any) -> tuple:  # noqa: N802
        """Check each land-cover file (INPUT, a second date, every snapshot) with the engine's own messages before
        QGIS tries to load it.

        QGIS's own check loads every raster given as a file into a layer, whose default renderer computes band
        statistics; GDAL would then write them to ``<input>.aux.xml`` beside the user's raster when the layer
        closes. Those loads run with GDAL's auxiliary files (PAM) off on this thread: inputs are never modified.
        The engine reads the files itself (rasterio), with GDAL's settings as they are.
        """
        for key in self.LANDCOVER_FILES:
            if self.parameterDefinition(key) is not None:
                ok, message = groups.check_landcover_file(parameters, context, key)
                if not ok:
                    return ok, message
        with no_auxiliary_files():
            return super().checkParameterValues(parameters, context)

    def processAlgorithm(self, parameters: dict, context: Any, feedback: Any) -> dict:  # noqa: N802
        """Run :meth:`execute` with the shared handling of cancellations, signals and engine errors.

        Inside one run (with its child algorithms) each map's patches are labelled once (:mod:`core.labelshare`).
        """
        with cancel_on_signals(feedback.cancel) as received, shared_labelling():
            try:
                outputs = self.execute(parameters, context, feedback)
            except Cancelled:
                outputs = None
            except BlueCarbonError as err:
                raise QgsProcessingException(str(err)) from err
        if received:
            raise QgsProcessingException(
                self.tr("Stopped by {0}: no output was written.").format(signal_name(received[0])))
        if outputs is None:
            feedback.pushInfo(self.tr("Cancelled: no output was written."))
            return {}
        return outputs

    def execute(self, parameters: dict, context: Any, feedback: Any) -> dict:
        """The algorithm's work: read the parameters, call core, write the outputs; raise Cancelled to stop."""
        raise NotImplementedError

    def warn_if_geographic(self, lc: Any, feedback: Any) -> None:
        """Tell the user how distances are measured on a geographic raster."""
        if lc.grid.is_geographic:
            feedback.pushWarning(self.tr(
                "Geographic CRS: areas, edge lengths, GYRATE, ENN, PROX, core depth and straight-line distances are "
                "measured on the ellipsoid; CIRCLE, the moving-window radius and least-cost distances use the metre "
                "scale at the map's centre. Reproject to a projected CRS for exact values of those."
            ))


_LINE_BREAK = re.compile(r"\s*\n\s*")


def help_html(text: str) -> str:
    """HELP HTML without line breaks: QGIS's help panel makes every newline a paragraph of its own.

    The HELP texts (and their translations) are wrapped for the source file; the breaks are layout of the
    file, not of the text, so each becomes one space (none between Chinese characters, which use no spaces).
    """
    def join(match: "re.Match[str]") -> str:
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else ""
        return "" if _is_cjk(before) or _is_cjk(after) or before == ">" and after == "<" else " "

    return _LINE_BREAK.sub(join, text).strip()


def _is_cjk(char: str) -> bool:
    return bool(char) and ("\u3000" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef")
