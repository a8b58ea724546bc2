"""Writing QGIS-native outputs: feature sinks (one writer for every layer), field types, output destinations, CRSs."""

from __future__ import annotations

import os
from typing import Any, Callable, Iterable, Sequence

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


def write_features(alg: Any, parameters: dict, context: Any, key: str, fields: Sequence[tuple[str, str]],
                   wkb_type: Any, crs: Any, features: Iterable[tuple[QgsGeometry, list]], what: str) -> str:
    """Write ``features`` ((geometry, attribute values) pairs, values in the order of ``fields``: (name, kind of
    :data:`FIELD_TYPES`)) into the feature sink ``key``; returns its destination id.

    ``what`` names the layer in the errors ("the flow-link layer"), already translated.
    """
    qfields = QgsFields()
    for name, kind in fields:
        qfields.append(QgsField(name, FIELD_TYPES[kind]))
    sink, dest = alg.parameterAsSink(parameters, key, context, qfields, wkb_type, crs)
    if sink is None:
        raise QgsProcessingException(
            alg.tr("{0} could not be created. Fix: choose another output.").format(_capital(what)))
    for geometry, values in features:
        feature = QgsFeature(qfields)
        feature.setGeometry(geometry)
        feature.setAttributes(values)
        if not sink.addFeature(feature, QgsFeatureSink.Flag.FastInsert):
            raise QgsProcessingException(
                alg.tr("Writing {0} failed. Fix: check the output folder has free space.").format(what))
    return dest


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def wkb_geometry(wkb: bytes) -> QgsGeometry:
    """A QgsGeometry from WKB bytes."""
    geometry = QgsGeometry()
    geometry.fromWkb(wkb)
    return geometry


def write_patch_layer(alg: Any, parameters: dict, context: Any, key: str, patches: dict,
                      shapes: list[tuple[int, bytes]], row_of: Callable[[int], int], crs: Any) -> str:
    """Write the patch polygons ``shapes`` ((patch id, WKB) pairs) with their row ``row_of(id)`` of the
    ``patches`` table into the feature sink ``key``; returns its destination id."""
    spec, columns = patch_fields(patches)
    features = ((wkb_geometry(wkb), [py_value(columns[name][row_of(pid)]) for name in columns]) for pid, wkb in shapes)
    return write_features(alg, parameters, context, key, spec, QgsWkbTypes.Type.MultiPolygon, crs, features,
                          alg.tr("the patch layer"))


def patch_fields(patches: dict) -> tuple[list[tuple[str, str]], dict]:
    """Field spec (name, kind) of the patch table's columns (integers, decimals or text), and the columns."""
    spec = []
    for name, values in patches.items():
        arr = np.asarray(values)
        if arr.dtype.kind in "iu" or (arr.dtype == object and all(isinstance(v, (int, np.integer)) for v in arr[:50])):
            spec.append((name, "int"))
        elif arr.dtype.kind == "f":
            spec.append((name, "float"))
        else:
            spec.append((name, "text"))
    return spec, patches


def py_value(value: Any) -> Any:
    """A numpy scalar as a plain Python value (NaN as NULL)."""
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return None if np.isnan(value) else float(value)
    return value
