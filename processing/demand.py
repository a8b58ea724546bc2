"""The demand units of the flow algorithms, read from the flow group's parameters (processing/parameters.py).

``read_demand`` builds core.flow.DemandUnits from the demand layer (points or polygons with a numeric field),
the demand raster (summed into the layer's units or a grid), or both, in the flow group's demand measure
(DEMAND_MEASURE: t C/yr, t CO₂/yr, or other × COEFFICIENT); ``read_second_demand`` the second date's
(DEMAND_UNITS_2 / DEMAND_FIELD_2, each defaulting to the first date's); ``second_landcover_path`` the optional
INPUT_2 raster. The QGIS side only reads features and fields; the units and every check are core's
(``core.flow.demand``).
"""

from __future__ import annotations

import math
from typing import Any

from qgis.core import QgsProcessingException, QgsWkbTypes

from ..core.flow import point_units, polygon_units, raster_demand
from ..core.flow.demand import DemandUnits, check_fields
from .parameters import (
    DEMAND_BAND, DEMAND_FIELD, DEMAND_FIELD_2, DEMAND_RASTER, DEMAND_UNITS, DEMAND_UNITS_2, GRID_SIZE, NAME_FIELD,
    raster_file, read_demand_measure,
)
from ..translation import tr as _tr

INPUT_2 = "INPUT_2"
"""The optional second-date land-cover raster of the flow algorithms."""


def second_landcover_path(alg: Any, parameters: dict, context: Any) -> str:
    """The file of the second-date land-cover raster (INPUT_2), or '' when none is given."""
    path = raster_file(alg, parameters, INPUT_2, context)
    if path is None and parameters.get(INPUT_2) in (None, ""):
        return ""
    if not path:
        raise QgsProcessingException(
            _tr("The second-date raster could not be loaded. Fix: choose a raster file (GeoTIFF).")
        )
    return path


def read_demand(alg: Any, parameters: dict, context: Any, lc: Any, feedback: Any) -> DemandUnits:
    """Demand units from the vector layer, the raster, or both (the raster summed into the layer's units)."""
    measure = read_demand_measure(alg, parameters, context)
    units = None
    source = alg.parameterAsSource(parameters, DEMAND_UNITS, context) if parameters.get(DEMAND_UNITS) else None
    raster = alg.parameterAsRasterLayer(parameters, DEMAND_RASTER, context) if parameters.get(DEMAND_RASTER) else None
    field = alg.parameterAsString(parameters, DEMAND_FIELD, context)
    if source is None and raster is None:
        raise QgsProcessingException(_tr(
            "No demand was given. Fix: Give a demand-unit layer (points or polygons) with a demand field, or a "
            "demand raster (with units or a grid cell size)."
        ))
    if source is not None:
        if raster is None and not field:
            raise QgsProcessingException(_tr(
                "The demand units have no demand field and no demand raster was given. Fix: Choose the numeric "
                "field holding each unit's demand, or give a demand raster to sum into the units."
            ))
        if raster is not None and field:
            feedback.pushWarning(_tr("A demand raster is given: the demand field is not used."))
        units = vector_units(alg, source, parameters, context, field if raster is None else "", measure)
    if raster is None:
        return units
    if raster.providerType() != "gdal":
        raise QgsProcessingException(
            _tr("The demand raster is not a GDAL raster file. Fix: Save it as a GeoTIFF first.")
        )
    band = alg.parameterAsInt(parameters, DEMAND_BAND, context) if parameters.get(DEMAND_BAND) not in (None, "") else 1
    geom = lc.geometry
    scale = (geom.dx_m / lc.grid.res_x, geom.dy_m / lc.grid.res_y)
    size = alg.parameterAsDouble(parameters, GRID_SIZE, context)
    return raster_demand(raster.source().split("|")[0], lc.grid, measure[1], band or 1, units, size, scale,
                         measure=measure[0])


def read_second_demand(alg: Any, parameters: dict, context: Any, first: DemandUnits, feedback: Any) -> DemandUnits:
    """The second date's demand: DEMAND_UNITS_2 / DEMAND_FIELD_2 when given (each defaults to the first date's)."""
    has_units = parameters.get(DEMAND_UNITS_2) not in (None, "")
    field = alg.parameterAsString(parameters, DEMAND_FIELD_2, context) if DEMAND_FIELD_2 in parameters else ""
    if not has_units and not field:
        return first
    source = alg.parameterAsSource(parameters, DEMAND_UNITS_2 if has_units else DEMAND_UNITS, context) \
        if has_units or parameters.get(DEMAND_UNITS) not in (None, "") else None
    if source is None:
        raise QgsProcessingException(_tr(
            "A second-date demand field was given but no demand units to read it from. Fix: Give the "
            "second-date demand units, or the demand units of the first date."))
    field = field or alg.parameterAsString(parameters, DEMAND_FIELD, context)
    if not field:
        raise QgsProcessingException(_tr(
            "The second-date demand units have no demand field. Fix: Choose the second-date demand field."))
    units = vector_units(alg, source, parameters, context, field, read_demand_measure(alg, parameters, context))
    feedback.pushInfo(_tr("Second-date demand: {0} units, {1:,.1f} t C/yr ({2}).").format(
        units.size, float(units.demand_tC_yr.sum()), units.description))
    return units


def vector_units(alg: Any, source: Any, parameters: dict, context: Any, field: str, measure: tuple[str, float]) -> DemandUnits:
    """Point or polygon demand units from a feature source (``field`` in ``measure`` = (measure id, coefficient);
    '' = no demand yet)."""
    crs = source.sourceCrs()
    crs_text = (crs.authid() or crs.toWkt()) if crs.isValid() else ""
    name_field = alg.parameterAsString(parameters, NAME_FIELD, context)
    kind = QgsWkbTypes.geometryType(source.wkbType())
    ids, values, names, xs, ys, polygons = [], [], [], [], [], []
    layer_name = f"The demand layer '{source.sourceName()}'"
    check_fields(layer_name, source.fields().names(), demand_field=field, name_field=name_field)
    for feature in source.getFeatures():
        geometry = feature.geometry()
        if geometry is None or geometry.isEmpty():
            raise QgsProcessingException(
                _tr("Feature {id} of the demand layer '{layer}' has no geometry. Fix: Give every demand unit "
                    "a geometry or remove it.").format(id=feature.id(), layer=source.sourceName())
            )
        ids.append(feature.id())
        values.append(_number(feature[field]) if field else 0.0)
        names.append(str(feature[name_field]) if name_field else "")
        if kind == QgsWkbTypes.GeometryType.PolygonGeometry:
            from shapely import wkb

            polygons.append(wkb.loads(bytes(geometry.asWkb())))
        else:
            point = geometry.centroid().asPoint()
            xs.append(point.x())
            ys.append(point.y())
    name = names if name_field else None
    if kind == QgsWkbTypes.GeometryType.PolygonGeometry:
        return polygon_units(ids, polygons, values, crs_text, measure[1], name, layer_name, field or "demand",
                             measure=measure[0])
    return point_units(ids, xs, ys, values, crs_text, measure[1], name, layer_name, field or "demand",
                       measure=measure[0])


def _number(value: Any) -> float:
    """A field value as a float (NULL and text that is no number as NaN, which the engine reports)."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan
