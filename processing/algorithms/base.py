"""Shared boilerplate of the Blue Carbon Processing algorithms."""

import re

from qgis.core import QgsProcessingAlgorithm
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon

from ...core.resources import resource_path

DOCS_URL = "https://example.org/PLACEHOLDER/bluecarbon/docs"
"""PLACEHOLDER: base address of the published docs/ folder (algorithm pages under algorithms/)."""


class BlueCarbonAlgorithm(QgsProcessingAlgorithm):
    """Base class: subclasses set GROUP, GROUP_ID and HELP and implement name(), displayName()..."""

    GROUP: str = "Landscape metrics"
    GROUP_ID: str = "landscape"
    HELP: str = ""
    """Help shown beside the dialog: short HTML with formulas, units and sources."""

    def tr(self, text: str) -> str:
        """Translate text in the BlueCarbon context."""
        return QCoreApplication.translate("BlueCarbon", text)

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

    HELP_PAGE: str = ""
    """Page under docs/ describing the algorithm (default: docs/algorithms/<name>.md)."""

    def helpUrl(self) -> str:  # noqa: N802
        """Return the address of this algorithm's help page."""
        return f"{DOCS_URL}/{self.HELP_PAGE or 'algorithms/' + self.name() + '.md'}"

    def shortHelpString(self) -> str:  # noqa: N802
        """Return the translated HELP text as one line of HTML (see help_html)."""
        return help_html(self.tr(self.HELP.strip()))


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
