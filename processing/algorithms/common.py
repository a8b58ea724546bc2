"""Parameters several algorithms share (the land-cover input and its legend), declared once."""

from __future__ import annotations

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
from qgis.PyQt.QtCore import QCoreApplication

from ...core.classes import GROUP_BY_ECOSYSTEM, GROUP_BY_VALUE
from ...core.errors import BlueCarbonError
from ...core.legend import NO_LEGEND, preset_ids

INPUT = "INPUT"
BAND = "BAND"
LEGEND_PRESET = "LEGEND_PRESET"
LEGEND_FILE = "LEGEND_FILE"
GROUP_BY = "GROUP_BY"
CLASSES = "CLASSES"
NEIGHBOURS = "NEIGHBOURS"


def _tr(text: str) -> str:
    return QCoreApplication.translate("BlueCarbon", text)


def legend_choices() -> list[str]:
    """Legend ids offered in the dialog: no legend first, then the shipped presets."""
    return [NO_LEGEND] + preset_ids()


def add_landcover_parameters(alg: Any, with_classes: bool = True, classes_help: str = "") -> None:
    """Add the land-cover raster, band, legend, grouping, class list and neighbour rule parameters."""
    alg.addParameter(QgsProcessingParameterRasterLayer(INPUT, _tr("Classified land-cover raster")))
    alg.addParameter(
        QgsProcessingParameterBand(
            BAND, _tr("Band with the class codes (needed for multiband rasters)"), None, INPUT, optional=True
        )
    )
    alg.addParameter(
        QgsProcessingParameterEnum(
            LEGEND_PRESET,
            _tr("Legend (raster value → ecosystem)"),
            options=legend_choices(),
            defaultValue=NO_LEGEND,
            usesStaticStrings=True,
        )
    )
    alg.addParameter(
        QgsProcessingParameterFile(
            LEGEND_FILE,
            _tr("Own legend CSV (value,name,ecosystem[,color]; overrides the preset)"),
            extension="csv",
            optional=True,
        )
    )
    alg.addParameter(
        QgsProcessingParameterEnum(
            GROUP_BY,
            _tr("Patch types are"),
            options=[GROUP_BY_VALUE, GROUP_BY_ECOSYSTEM],
            defaultValue=GROUP_BY_VALUE,
            usesStaticStrings=True,
        )
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
        QgsProcessingParameterEnum(
            NEIGHBOURS, _tr("Neighbour rule"), options=["8", "4"], defaultValue="8", usesStaticStrings=True
        )
    )


def landcover_inputs(alg: Any, parameters: dict, context: QgsProcessingContext) -> dict:
    """Read the shared parameters into plain values for the engine."""
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
    legend = legend_file or alg.parameterAsString(parameters, LEGEND_PRESET, context) or NO_LEGEND
    return {
        "path": layer.source().split("|")[0],
        "band": band,
        "legend": legend,
        "group_by": alg.parameterAsString(parameters, GROUP_BY, context) or GROUP_BY_VALUE,
        "classes": alg.parameterAsString(parameters, CLASSES, context) if CLASSES in parameters else "",
        "neighbours": int(alg.parameterAsString(parameters, NEIGHBOURS, context) or 8),
    }


def as_processing_error(err: BlueCarbonError) -> QgsProcessingException:
    """An engine error as the exception Processing shows to the user."""
    return QgsProcessingException(str(err))
