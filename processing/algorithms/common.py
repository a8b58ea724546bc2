"""Parameters several algorithms share (the land-cover input and its legend), declared once."""

from __future__ import annotations

import os
from typing import Any, Optional

from qgis.core import (
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingParameterBand,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
)

from ...core.classes import GROUP_BY_ECOSYSTEM, GROUP_BY_VALUE
from ...core.errors import BlueCarbonError, InputError
from ...core.landcover import open_landcover
from ...core.legend import AUTO_LEGEND, FALLBACK_LEGEND, NO_LEGEND, LegendRecognition, preset_ids, resolve_legend
from ..parameters import OPTION_NAMES, _tr, named_options  # noqa: F401 (named_options: used by the algorithms)

INPUT = "INPUT"
BAND = "BAND"
LEGEND_PRESET = "LEGEND_PRESET"
LEGEND_FILE = "LEGEND_FILE"
GROUP_BY = "GROUP_BY"
CLASSES = "CLASSES"
NEIGHBOURS = "NEIGHBOURS"


def legend_choices() -> list[str]:
    """Legend ids offered in the dialog: recognition (the default) and no legend first, then the shipped presets."""
    return [AUTO_LEGEND, NO_LEGEND] + preset_ids()


def legend_message(legend: str, found: Optional[LegendRecognition]) -> str:
    """One translated line saying which legend recognition picked and why (the algorithm log, the dialogs)."""
    name = _tr(OPTION_NAMES.get(legend, legend))
    if found is None:
        return ""
    if found.preset is None:
        return _tr(
            "Legend: none recognised from the raster's colour table or class names; using {0}. "
            "Choose a legend preset or your own legend CSV to map ecosystems."
        ).format(_tr(OPTION_NAMES[FALLBACK_LEGEND]))
    if found.color_matches and found.name_matches:
        why = _tr("{0} of {1} class colours and {2} class names match").format(
            found.color_matches, found.n_values, found.name_matches)
    elif found.color_matches:
        why = _tr("{0} of {1} class colours match").format(found.color_matches, found.n_values)
    else:
        why = _tr("{0} of {1} class names match").format(found.name_matches, found.n_values)
    return _tr("Legend recognised from the raster: {0} ({1}).").format(name, why)


def add_landcover_parameters(alg: Any, with_classes: bool = True, classes_help: str = "") -> None:
    """Add the land-cover raster, band, legend, grouping, class list and neighbour rule parameters."""
    alg.addParameter(QgsProcessingParameterRasterLayer(INPUT, _tr("Classified land-cover raster")))
    alg.addParameter(
        QgsProcessingParameterBand(
            BAND, _tr("Band with the class codes (needed for multiband rasters)"), None, INPUT, optional=True
        )
    )
    alg.addParameter(
        named_options(QgsProcessingParameterEnum(
            LEGEND_PRESET,
            _tr("Legend (raster value → ecosystem)"),
            options=legend_choices(),
            defaultValue=AUTO_LEGEND,
            usesStaticStrings=True,
        ))
    )
    legend_file = QgsProcessingParameterFile(
        LEGEND_FILE,
        _tr("Own legend CSV (value,name,ecosystem[,color]; overrides the preset)"),
        extension="csv",
        optional=True,
    )
    # the class-mapping table in the dialog; a dotted path, so qgis_process never imports ui/
    legend_file.setMetadata({"widget_wrapper": {"class": f"{__name__.split('.')[0]}.ui.class_mapping.LegendWidgetWrapper"}})
    alg.addParameter(legend_file)
    alg.addParameter(
        named_options(QgsProcessingParameterEnum(
            GROUP_BY,
            _tr("Patch types are"),
            options=[GROUP_BY_VALUE, GROUP_BY_ECOSYSTEM],
            defaultValue=GROUP_BY_VALUE,
            usesStaticStrings=True,
        ))
    )
    if with_classes:
        alg.addParameter(
            QgsProcessingParameterString(
                CLASSES,
                classes_help or _tr("Classes to map (ecosystems or raster values, comma separated; empty = blue-carbon ecosystems)"),
                optional=True,
            )
        )
    alg.addParameter(
        named_options(QgsProcessingParameterEnum(
            NEIGHBOURS, _tr("Neighbour rule"), options=["8", "4"], defaultValue="8", usesStaticStrings=True
        ))
    )


def landcover_inputs(alg: Any, parameters: dict, context: QgsProcessingContext, feedback: Any = None) -> dict:
    """Read the shared parameters into plain values for the engine (a recognised legend is said in the log)."""
    layer = alg.parameterAsRasterLayer(parameters, INPUT, context)
    if layer is None:
        raise QgsProcessingException(_tr("The land-cover raster could not be loaded. Fix: choose a raster layer or file."))
    if layer.providerType() != "gdal":
        raise QgsProcessingException(
            _tr("The land-cover layer is not a GDAL raster file. Fix: save it as a GeoTIFF first (Export > Save As).")
        )
    band: Optional[int] = None
    if parameters.get(BAND) not in (None, ""):
        band = alg.parameterAsInt(parameters, BAND, context) or None
    legend_file = alg.parameterAsFile(parameters, LEGEND_FILE, context)
    legend = legend_file or alg.parameterAsString(parameters, LEGEND_PRESET, context) or AUTO_LEGEND
    path = layer.source().split("|")[0]
    try:
        legend, found = resolve_legend(legend, path, band)
    except BlueCarbonError as err:
        raise as_processing_error(err) from None
    if found is not None and feedback is not None:
        feedback.pushInfo(legend_message(legend, found))
    return {
        "path": path,
        "band": band,
        "legend": legend,
        "group_by": alg.parameterAsString(parameters, GROUP_BY, context) or GROUP_BY_VALUE,
        "classes": alg.parameterAsString(parameters, CLASSES, context) if CLASSES in parameters else "",
        "neighbours": int(alg.parameterAsString(parameters, NEIGHBOURS, context) or 8),
    }


def check_landcover_file(parameters: dict, context: QgsProcessingContext) -> tuple[bool, str]:
    """Check a land-cover raster given as a file path (not a loaded layer) with the engine's checks."""
    value = parameters.get(INPUT)
    project = context.project()
    if not isinstance(value, str) or not value or (project is not None and project.mapLayer(value) is not None):
        return True, ""
    path = value.split("|")[0]
    if not (os.sep in path or os.path.splitext(path)[1]):
        return True, ""  # a layer name or id: QGIS resolves it
    try:
        open_landcover(path).close()
    except InputError as err:
        if "band" in err.problem:  # the band is chosen in another parameter
            return True, ""
        return False, str(err)
    return True, ""


def file_destination(value: str) -> str:
    """The file path of an output destination, or '' for memory layers and database URIs."""
    if not value or value.startswith(("memory:", "postgres", "postgis:", "spatialite:")):
        return ""
    path = value[len("ogr:"):] if value.startswith("ogr:") else value
    return path.split("|")[0] if os.sep in path or os.path.splitext(path)[1] else ""


def warn_if_geographic(alg: Any, lc: Any, feedback: Any) -> None:
    """Tell the user how distances are measured on a geographic raster."""
    if lc.grid.is_geographic:
        feedback.pushWarning(
            alg.tr(
                "Geographic CRS: areas are geodesic; distances (ENN, GYRATE, core depth, PROX, window radius) use "
                "the metre scale at the map's centre. Reproject to a projected CRS for exact distances."
            )
        )


def as_processing_error(err: BlueCarbonError) -> QgsProcessingException:
    """An engine error as the exception Processing shows to the user."""
    return QgsProcessingException(str(err))
