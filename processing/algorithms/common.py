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
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from ...core.classes import GROUP_BY_ECOSYSTEM, GROUP_BY_VALUE
from ...core.errors import BlueCarbonError, InputError
from ...core.landcover import open_landcover
from ...core.legend import AUTO_LEGEND, FALLBACK_LEGEND, NO_LEGEND, LegendRecognition, preset_ids, resolve_legend

INPUT = "INPUT"
BAND = "BAND"
LEGEND_PRESET = "LEGEND_PRESET"
LEGEND_FILE = "LEGEND_FILE"
GROUP_BY = "GROUP_BY"
CLASSES = "CLASSES"
NEIGHBOURS = "NEIGHBOURS"


def _tr(text: str) -> str:
    return QCoreApplication.translate("BlueCarbon", text)


OPTION_NAMES: dict[str, str] = {
    AUTO_LEGEND: QT_TRANSLATE_NOOP("BlueCarbon", "Recognise from the raster (colour table, class names)"),
    NO_LEGEND: QT_TRANSLATE_NOOP("BlueCarbon", "Raster values (one class per value, no ecosystems)"),
    "esa_worldcover": QT_TRANSLATE_NOOP("BlueCarbon", "ESA WorldCover (10 m)"),
    "esa_cci_landcover": QT_TRANSLATE_NOOP("BlueCarbon", "ESA CCI / C3S Land Cover (300 m)"),
    "global_mangrove_watch": QT_TRANSLATE_NOOP("BlueCarbon", "Global Mangrove Watch (mangrove / other)"),
    "noaa_ccap": QT_TRANSLATE_NOOP("BlueCarbon", "NOAA C-CAP (30 m, United States coast)"),
    "generic_coastal_wetland": QT_TRANSLATE_NOOP("BlueCarbon", "Generic coastal wetland legend (values 1–12)"),
    GROUP_BY_VALUE: QT_TRANSLATE_NOOP("BlueCarbon", "Raster values (one patch type per value)"),
    GROUP_BY_ECOSYSTEM: QT_TRANSLATE_NOOP("BlueCarbon", "Ecosystems (values of one ecosystem merged)"),
    "8": QT_TRANSLATE_NOOP("BlueCarbon", "8 neighbours (diagonals connect; FRAGSTATS default)"),
    "4": QT_TRANSLATE_NOOP("BlueCarbon", "4 neighbours (edges only)"),
    "circle": QT_TRANSLATE_NOOP("BlueCarbon", "Circle"),
    "square": QT_TRANSLATE_NOOP("BlueCarbon", "Square"),
    "exponential": QT_TRANSLATE_NOOP("BlueCarbon", "Exponential: f(d) = exp(−d/λ)"),
    "power": QT_TRANSLATE_NOOP("BlueCarbon", "Power law: f(d) = (d + d0)^−β"),
    "straight_line": QT_TRANSLATE_NOOP("BlueCarbon", "Straight line (m)"),
    "least_cost": QT_TRANSLATE_NOOP("BlueCarbon", "Least cost over the resistance surface (cost-m)"),
    "ipcc_2013_tier1": QT_TRANSLATE_NOOP("BlueCarbon", "IPCC 2013 Wetlands Supplement, Tier 1"),
    "mcleod_2011": QT_TRANSLATE_NOOP("BlueCarbon", "Mcleod et al. 2011 (global burial rates)"),
    "china_coastal": QT_TRANSLATE_NOOP("BlueCarbon", "China coastal syntheses"),
    "invest_cbc_defaults": QT_TRANSLATE_NOOP("BlueCarbon", "InVEST Coastal Blue Carbon defaults (disturbance, half-lives)"),
    "wang_2019_us_tidal_marsh": QT_TRANSLATE_NOOP("BlueCarbon", "Wang et al. 2019 (US tidal marshes)"),
}
"""What the drop-downs show for an option id; the id stays the value (qgis_process, models, scripts)."""

ENUM_WRAPPER = f"{__name__.split('.')[0]}.ui.enum_widget.NamedEnumWidgetWrapper"


def named_options(parameter: QgsProcessingParameterEnum) -> QgsProcessingParameterEnum:
    """Show an enum's options by their translated names in the dialogs; the values stay the option ids.

    QGIS shows the option strings of a static-string enum as they are, so the dialog gets a widget that
    shows names (ui.enum_widget; a dotted path, so qgis_process never imports ui/).
    """
    names = {o: _tr(OPTION_NAMES[o]) if o in OPTION_NAMES else o for o in parameter.options()}
    parameter.setMetadata({"widget_wrapper": {"class": ENUM_WRAPPER, "names": names}})
    return parameter


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
