"""Writing QGIS-native outputs: feature sinks of patches, field types, output destinations, CRSs."""

from __future__ import annotations

import os
from typing import Any, Callable

import numpy as np
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsProcessingException,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

# QGIS on Qt 5 types fields with QVariant.Type; Qt 6 builds have QMetaType.Type instead
if hasattr(QVariant, "LongLong"):
    FIELD_TYPES = {"int": QVariant.LongLong, "float": QVariant.Double, "text": QVariant.String}
else:  # pragma: no cover - Qt 6
    from qgis.PyQt.QtCore import QMetaType

    FIELD_TYPES = {"int": QMetaType.Type.LongLong, "float": QMetaType.Type.Double, "text": QMetaType.Type.QString}


def crs_of(grid: Any) -> QgsCoordinateReferenceSystem:
    """The QGIS CRS of a core Grid."""
    return QgsCoordinateReferenceSystem.fromWkt(grid.crs_wkt)


def file_destination(value: str) -> str:
    """The file path of an output destination, or '' for memory layers and database URIs."""
    if not value or value.startswith(("memory:", "postgres", "postgis:", "spatialite:")):
        return ""
    path = value[len("ogr:"):] if value.startswith("ogr:") else value
    return path.split("|")[0] if os.sep in path or os.path.splitext(path)[1] else ""


def write_patch_layer(alg: Any, parameters: dict, context: Any, key: str, patches: dict,
                      shapes: list[tuple[int, bytes]], row_of: Callable[[int], int], crs: Any) -> str:
    """Write the patch polygons ``shapes`` ((patch id, WKB) pairs) with their row ``row_of(id)`` of the
    ``patches`` table into the feature sink ``key``; returns its destination id."""
    fields, columns = patch_fields(patches)
    sink, dest = alg.parameterAsSink(parameters, key, context, fields, QgsWkbTypes.Type.MultiPolygon, crs)
    if sink is None:
        raise QgsProcessingException(alg.tr("The patch layer could not be created. Fix: choose another output."))
    for pid, wkb in shapes:
        feature = QgsFeature(fields)
        geometry = QgsGeometry()
        geometry.fromWkb(wkb)
        feature.setGeometry(geometry)
        row = row_of(pid)
        feature.setAttributes([py_value(columns[name][row]) for name in columns])
        if not sink.addFeature(feature, QgsFeatureSink.Flag.FastInsert):
            raise QgsProcessingException(
                alg.tr("Writing the patch layer failed. Fix: check the output folder has free space.")
            )
    return dest


def patch_fields(patches: dict) -> tuple[QgsFields, dict]:
    """Layer fields for the patch table (integers, decimals or text)."""
    fields = QgsFields()
    for name, values in patches.items():
        arr = np.asarray(values)
        if arr.dtype.kind in "iu" or (arr.dtype == object and all(isinstance(v, (int, np.integer)) for v in arr[:50])):
            fields.append(QgsField(name, FIELD_TYPES["int"]))
        elif arr.dtype.kind == "f":
            fields.append(QgsField(name, FIELD_TYPES["float"]))
        else:
            fields.append(QgsField(name, FIELD_TYPES["text"]))
    return fields, patches


def py_value(value: Any) -> Any:
    """A numpy scalar as a plain Python value (NaN as NULL)."""
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return None if np.isnan(value) else float(value)
    return value
