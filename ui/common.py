"""Small helpers the dialogs share: translation, labels of ecosystems, raster paths of layers, colours."""

from __future__ import annotations

import math
from typing import Optional

from qgis.PyQt.QtGui import QColor, QIcon, QPixmap

from ..core.report.document import esc as escape  # noqa: F401 (the one HTML escape, for the dialogs)
from ..core.report.i18n import ecosystem_label as report_ecosystem_label, translation
from ..core.resources import resource_path
from ..translation import CONTEXT, tr  # noqa: F401 (the one translate function, for the dialogs)


def ecosystem_label(key: str) -> str:
    """The translated name of an ecosystem key of core.legend (e.g. 'salt_marsh' → 'Salt marsh')."""
    with translation(tr):
        return report_ecosystem_label(key)


ECOSYSTEM_COLORS = {
    "mangrove": "#1b7837",
    "salt_marsh": "#7fbc41",
    "seagrass": "#2166ac",
    "tidal_flat": "#bf812d",
    "other_wetland": "#80cdc1",
    "open_water": "#0064c8",
    "non_habitat": "#b4b4b4",
}
"""Colours the charts give each ecosystem: those of the HTML report (core.report.charts), plus water and not habitat."""


def plugin_icon() -> QIcon:
    """The plugin's icon."""
    return QIcon(str(resource_path("icon.svg")))


def swatch(color: Optional[str], size: int = 14) -> QIcon:
    """A square icon filled with ``color`` ('#rrggbb'); an empty icon when there is no colour."""
    if not color:
        return QIcon()
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


def layer_file(layer: object) -> str:
    """The file behind a GDAL raster or OGR vector layer ('' for other providers)."""
    if layer is None:
        return ""
    try:
        provider = layer.providerType()
    except RuntimeError:  # deleted C++ object
        return ""
    if provider not in ("gdal", "ogr"):
        return ""
    return layer.source().split("|")[0]


def format_number(value: Optional[float], decimals: int = 1) -> str:
    """A number with thousands separators ('–' for a missing value)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if abs(value) >= 100 or float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.{decimals}f}"


# -- enums across QGIS versions (3.22 … Qt6 builds): newer QGIS moved some enums to the Qgis namespace ----------


def _member(name: str, *enums):
    """``name`` of the first of ``enums`` that has it."""
    for enum in enums:
        if enum is not None and hasattr(enum, name):
            return getattr(enum, name)
    raise AttributeError(name)


def layer_filter(*names: str):
    """A layer-combo filter, e.g. layer_filter("PointLayer", "PolygonLayer")."""
    from qgis.core import Qgis, QgsMapLayerProxyModel

    enums = (getattr(Qgis, "LayerFilter", None), getattr(QgsMapLayerProxyModel, "Filter", None), QgsMapLayerProxyModel)
    value = _member(names[0], *enums)
    for name in names[1:]:
        value = value | _member(name, *enums)
    return value


def numeric_field_filter():
    """The field-combo filter of numeric fields."""
    from qgis.core import Qgis, QgsFieldProxyModel

    return _member("Numeric", getattr(Qgis, "FieldProxyModelFilter", None), getattr(QgsFieldProxyModel, "Filter", None),
                   QgsFieldProxyModel)


def no_threading(algorithm) -> bool:
    """True when a Processing algorithm must run in the main thread."""
    from qgis.core import Qgis, QgsProcessingAlgorithm

    try:
        flag = _member("NoThreading", getattr(Qgis, "ProcessingAlgorithmFlag", None))
    except AttributeError:
        flag = _member("FlagNoThreading", getattr(QgsProcessingAlgorithm, "Flag", None), QgsProcessingAlgorithm)
    return bool(algorithm.flags() & flag)


def no_geometry_flag():
    """The feature-request flag that skips geometries."""
    from qgis.core import Qgis, QgsFeatureRequest

    return _member("NoGeometry", getattr(Qgis, "FeatureRequestFlag", None), getattr(QgsFeatureRequest, "Flag", None),
                   QgsFeatureRequest)
