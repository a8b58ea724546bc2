"""Parameter groups several algorithms share, declared once and read once into the engine's options.

As QuickOSM's ``build_input.py``: each group is a pair of functions, ``add_<group>_parameters(alg, ...)``
declaring the Processing parameters and ``read_<group>(alg, parameters, context, ...)`` turning their values
into the core's option objects. The algorithms compose the groups; the wizard reads the defaults from the
algorithm's definitions (``alg.parameterDefinition(name).defaultValue()``), never from constants of its own.
"""

from __future__ import annotations

import os
from typing import Any, Optional

from qgis.core import (
    QgsProcessing,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingParameterBand,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
)

from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP

from ..core.classes import GROUP_BY_ECOSYSTEM, GROUP_BY_VALUE
from ..core.errors import BlueCarbonError, InputError
from ..core.landcover import open_landcover
from ..core.parallel import Parallelism
from ..core.legend import AUTO_LEGEND, FALLBACK_LEGEND, NO_LEGEND, LegendRecognition, resolve_legend
from ..core.legend import preset_ids as legend_preset_ids
from ..core.flow import (
    ALLOCATION_METHODS, DEMAND_MEASURES, DISTANCE_MODES, LAWS, SOURCES, DistanceDecay, FlowOptions, load_resistance,
)
from ..core.parameters import DEFAULT_PRESETS, EffectiveTable, effective_parameters, preset_ids
from ..core.sink import SinkOptions
from ..core.valuation import DEFAULT_CURRENCY, Valuation, currency_code, read_price_table
from ..translation import tr as _tr


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
    "capped": QT_TRANSLATE_NOOP("BlueCarbon", "Capped: no unit is attributed more than its demand (default)"),
    "accessible_supply": QT_TRANSLATE_NOOP(
        "BlueCarbon", "Accessible supply: gravity without capacity (the first model, 2SFCA-like)"),
    "aspatial": QT_TRANSLATE_NOOP("BlueCarbon", "Aspatial: every patch serves every unit in proportion to demand"),
    "cells": QT_TRANSLATE_NOOP("BlueCarbon", "Cells (independent of how cells are grouped into patches)"),
    "patches": QT_TRANSLATE_NOOP("BlueCarbon", "Patches (the first model)"),
    "ipcc_2013_tier1": QT_TRANSLATE_NOOP("BlueCarbon", "IPCC 2013 Wetlands Supplement, Tier 1"),
    "mcleod_2011": QT_TRANSLATE_NOOP("BlueCarbon", "Mcleod et al. 2011 (global burial rates)"),
    "china_coastal": QT_TRANSLATE_NOOP("BlueCarbon", "China coastal syntheses"),
    "invest_cbc_defaults": QT_TRANSLATE_NOOP("BlueCarbon", "InVEST Coastal Blue Carbon defaults (disturbance, half-lives)"),
    "wang_2019_us_tidal_marsh": QT_TRANSLATE_NOOP("BlueCarbon", "Wang et al. 2019 (US tidal marshes)"),
    "t CO2e": QT_TRANSLATE_NOOP("BlueCarbon", "t CO₂e (InVEST's Mg CO₂e; converted with 12/44)"),
    "t C": QT_TRANSLATE_NOOP("BlueCarbon", "t C (a table already in carbon)"),
    "morris": QT_TRANSLATE_NOOP("BlueCarbon", "Morris screening: μ* and σ of the elementary effects"),
    "sobol": QT_TRANSLATE_NOOP("BlueCarbon", "Sobol' indices: S1 and ST (needs the Python library SALib)"),
    "tC_yr": QT_TRANSLATE_NOOP("BlueCarbon", "t C/yr (coefficient 1)"),
    "tCO2_yr": QT_TRANSLATE_NOOP("BlueCarbon", "t CO₂/yr (converted with 12/44; coefficient 1)"),
    "other": QT_TRANSLATE_NOOP("BlueCarbon", "Other × coefficient (t C/yr per unit of the value)"),
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


# -- land cover ------------------------------------------------------------------------------------

INPUT = "INPUT"
BAND = "BAND"
LEGEND_PRESET = "LEGEND_PRESET"
LEGEND_FILE = "LEGEND_FILE"
GROUP_BY = "GROUP_BY"
CLASSES = "CLASSES"
NEIGHBOURS = "NEIGHBOURS"


def legend_choices() -> list[str]:
    """Legend ids offered in the dialog: recognition (the default) and no legend first, then the shipped presets."""
    return [AUTO_LEGEND, NO_LEGEND] + legend_preset_ids()


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


def raster_file(alg: Any, parameters: dict, key: str, context: QgsProcessingContext) -> Optional[str]:
    """The file of a raster parameter (None when not given, '' when it is no GDAL file).

    A file path is taken as it is, never loaded as a layer: a loaded ``QgsRasterLayer`` computes band statistics
    for its default renderer and GDAL then writes ``<input>.aux.xml`` beside the user's raster (inputs are never
    modified). Layers of the project (by id or name) and other values go through ``parameterAsRasterLayer``.
    """
    value = parameters.get(key)
    if value in (None, ""):
        return None
    if isinstance(value, str):
        project = context.project()
        path = value.split("|")[0]
        if os.path.isfile(path) and (project is None or project.mapLayer(value) is None):
            return path
    layer = alg.parameterAsRasterLayer(parameters, key, context)
    if layer is None:
        return None
    return layer.source().split("|")[0] if layer.providerType() == "gdal" else ""


def landcover_inputs(alg: Any, parameters: dict, context: QgsProcessingContext, feedback: Any = None) -> dict:
    """Read the shared parameters into plain values for the engine (a recognised legend is said in the log)."""
    path = raster_file(alg, parameters, INPUT, context)
    if path is None:
        raise QgsProcessingException(_tr("The land-cover raster could not be loaded. Fix: choose a raster layer or file."))
    if not path:
        raise QgsProcessingException(
            _tr("The land-cover layer is not a GDAL raster file. Fix: save it as a GeoTIFF first (Export > Save As).")
        )
    band: Optional[int] = None
    if parameters.get(BAND) not in (None, ""):
        band = alg.parameterAsInt(parameters, BAND, context) or None
    legend_file = alg.parameterAsFile(parameters, LEGEND_FILE, context)
    legend = legend_file or alg.parameterAsString(parameters, LEGEND_PRESET, context) or AUTO_LEGEND
    try:
        legend, found = resolve_legend(legend, path, band)
    except BlueCarbonError as err:
        raise QgsProcessingException(str(err)) from None
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


def check_landcover_file(parameters: dict, context: QgsProcessingContext, key: str = INPUT) -> tuple[bool, str]:
    """Check a land-cover raster given as a file path (not a loaded layer) with the engine's checks.

    ``key`` may name a list of rasters (carbonchange's SNAPSHOTS): each file is checked, the message says which.
    """
    values = parameters.get(key)
    many = isinstance(values, (list, tuple))
    for number, value in enumerate(values if many else [values], start=1):
        project = context.project()
        if not isinstance(value, str) or not value or (project is not None and project.mapLayer(value) is not None):
            continue
        path = value.split("|")[0]
        if not (os.sep in path or os.path.splitext(path)[1]):
            continue  # a layer name or id: QGIS resolves it
        try:
            open_landcover(path).close()
        except InputError as err:
            if "no band was chosen" in err.problem:  # the band is chosen in another parameter
                continue
            where = _tr("{key}, raster {n} of {count}: ").format(key=key, n=number, count=len(values)) if many else ""
            return False, where + str(err)
    return True, ""


# -- carbon parameters ------------------------------------------------------------------------------

PRESETS = "PARAMETERS"
OWN_TABLE = "PARAMETERS_FILE"
OWN_ONLY = "OWN_ONLY"
EDGE_DEPTH = "EDGE_DEPTH"
EDGE_FACTOR = "EDGE_FACTOR"
DRAWS = "DRAWS"
SEED = "SEED"


def advanced(param: QgsProcessingParameterDefinition) -> QgsProcessingParameterDefinition:
    """``param`` shown under the dialog's Advanced parameters."""
    param.setFlags(param.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
    return param


def number(key: str, text: str, default: Optional[float], minimum: Optional[float] = None,
           maximum: Optional[float] = None, integer: bool = False, optional: bool = False) -> QgsProcessingParameterNumber:
    """A decimal (or integer) parameter; ``text`` is the translated description."""
    kind = QgsProcessingParameterNumber.Type.Integer if integer else QgsProcessingParameterNumber.Type.Double
    param = QgsProcessingParameterNumber(key, text, kind, default, optional)
    if minimum is not None:
        param.setMinimum(minimum)
    if maximum is not None:
        param.setMaximum(maximum)
    return param


def add_carbon_parameters(alg: Any, edge: bool = True, draws: Optional[int] = 1000) -> None:
    """Presets (default :data:`core.parameters.DEFAULT_PRESETS`), own table, 'use only my table', edge band, draws."""
    presets = preset_ids()
    alg.addParameter(named_options(QgsProcessingParameterEnum(
        PRESETS, _tr("Carbon parameter presets (merged in order; later ones win)"), options=presets,
        allowMultiple=True, defaultValue=[p for p in DEFAULT_PRESETS if p in presets] or None,
        usesStaticStrings=True, optional=True,
    )))
    alg.addParameter(QgsProcessingParameterFile(
        OWN_TABLE, _tr("Own parameter table (CSV in the preset format; overrides the presets' rows)"),
        extension="csv", optional=True,
    ))
    alg.addParameter(QgsProcessingParameterBoolean(OWN_ONLY, _tr("Use only my parameter table"), False))
    if edge:
        alg.addParameter(number(EDGE_DEPTH, _tr("Edge band depth (m; 0 = no edge effect)"), 0.0, minimum=0.0))
        alg.addParameter(number(
            EDGE_FACTOR, _tr("Sequestration rate in the edge band, as a fraction of the interior rate"), 1.0,
            minimum=0.0, maximum=1.0))
    if draws is not None:
        alg.addParameter(number(DRAWS, _tr("Monte Carlo draws (0 = none)"), draws, minimum=0, integer=True))
        alg.addParameter(advanced(number(SEED, _tr("Random seed"), 1, integer=True)))


def read_carbon_table(alg: Any, parameters: dict, context: Any, feedback: Any = None) -> EffectiveTable:
    """The effective parameter table (core.parameters.effective_parameters); its warning and notes go to the log.

    No PARAMETERS given (qgis_process, a script) means the user named no preset: the defaults are used and
    every value taken from them is listed in the warning.
    """
    named = parameters.get(PRESETS) not in (None, "")
    presets = alg.parameterAsEnumStrings(parameters, PRESETS, context) if named else None
    own = alg.parameterAsFile(parameters, OWN_TABLE, context) or None
    own_only = alg.parameterAsBoolean(parameters, OWN_ONLY, context) if OWN_ONLY in parameters else False
    effective = effective_parameters(presets, own, own_only)
    if feedback is not None:
        for note in effective.notes:
            feedback.pushInfo(note)
        if effective.warning():
            feedback.pushWarning(effective.warning())
    return effective


RESTORATION_RASTER = "RESTORATION_RASTER"
EARLIER_INPUT = "EARLIER_INPUT"


def add_cell_status_parameters(alg: Any) -> None:
    """Where the cells are intact, restored/created or drained/converted: a restoration raster or an earlier map."""
    alg.addParameter(QgsProcessingParameterRasterLayer(
        RESTORATION_RASTER, _tr("Restoration raster (0 or nodata = intact, 1 = restored or created, 2 = drained or "
                                "converted; same grid)"), optional=True))
    alg.addParameter(QgsProcessingParameterRasterLayer(
        EARLIER_INPUT, _tr("Earlier land-cover map (same grid and legend; cells that became blue carbon since are "
                           "restored)"), optional=True))


def read_cell_status_source(alg: Any, parameters: dict, context: Any) -> tuple[str, str]:
    """(RESTORATION_RASTER or EARLIER_INPUT, its file path), or ("", "") when neither is given; both is an error."""
    given = []
    for key in (RESTORATION_RASTER, EARLIER_INPUT):
        if parameters.get(key) in (None, ""):
            continue
        path = raster_file(alg, parameters, key, context)
        if not path:
            raise QgsProcessingException(_tr("{0} could not be loaded as a raster file. Fix: choose a GeoTIFF.")
                                         .format(key))
        given.append((key, path))
    if len(given) > 1:
        raise QgsProcessingException(_tr(
            "RESTORATION_RASTER and EARLIER_INPUT both give the status of the cells. Fix: give only one of them "
            "(a restoration raster, or an earlier map from which the restored cells are derived)."))
    return given[0] if given else ("", "")


def open_cell_status(kind: str, path: str, lc: Any, legend: Any, band: Optional[int], input_path: str) -> tuple:
    """(core.sink.CellStatus, the opened raster to close) for :func:`read_cell_status_source`'s answer; grids checked."""
    from ..core.checks import check_same_grid
    from ..core.legend import load_legend
    from ..core.sink import status_from_earlier_map, status_from_raster

    if kind == EARLIER_INPUT and (not legend or legend == NO_LEGEND):
        raise QgsProcessingException(_tr(
            "EARLIER_INPUT needs a legend: restored cells are those that became blue carbon since. Fix: choose the "
            "legend of both maps (a preset or your own legend CSV)."))
    other = open_landcover(path, band if kind == EARLIER_INPUT else None)
    try:
        check_same_grid(lc.grid, other.grid, kind, path, INPUT, input_path,
                        what="earlier map" if kind == EARLIER_INPUT else "restoration raster",
                        why="The status of each cell is read from the cell at the same place.")
        if kind == EARLIER_INPUT:
            status = status_from_earlier_map(lc, other, legend if not isinstance(legend, str) else load_legend(legend))
        else:
            status = status_from_raster(lc, other)
    except Exception:
        other.close()
        raise
    return status, other


def read_sink_options(alg: Any, parameters: dict, context: Any, neighbours: int, draws: bool = True) -> SinkOptions:
    """The carbon group's edge band, draws and seed as core.sink.SinkOptions (no draws for the flows)."""
    depth = alg.parameterAsDouble(parameters, EDGE_DEPTH, context) if EDGE_DEPTH in parameters else 0.0
    factor = alg.parameterAsDouble(parameters, EDGE_FACTOR, context) if EDGE_FACTOR in parameters else 1.0
    n = alg.parameterAsInt(parameters, DRAWS, context) if draws and DRAWS in parameters else 0
    seed = alg.parameterAsInt(parameters, SEED, context) if SEED in parameters else 1
    return SinkOptions(neighbours=neighbours, edge_depth_m=depth if depth > 0 else None, edge_factor=factor,
                       draws=n, seed=seed)


# -- InVEST Coastal Blue Carbon's own tables ----------------------------------------------------------

INVEST_BIOPHYSICAL = "INVEST_BIOPHYSICAL"
INVEST_TRANSITIONS = "INVEST_TRANSITIONS"
INVEST_SNAPSHOTS = "INVEST_SNAPSHOTS"
INVEST_PRICES = "INVEST_PRICES"
INVEST_UNITS = "INVEST_UNITS"
INVEST_UNIT_OPTIONS = ["t CO2e", "t C"]
"""Units of the biophysical table's stocks and rates (core.invest_tables.UNITS); InVEST's own is Mg CO₂e = t CO₂e."""


def add_invest_parameters(alg: Any, prices: bool = True, optional_biophysical: bool = True,
                          snapshots: bool = True) -> None:
    """InVEST CBC's biophysical, transition (snapshot, price) tables as they are, and the biophysical units."""
    alg.addParameter(QgsProcessingParameterFile(
        INVEST_BIOPHYSICAL, _tr("InVEST biophysical table (CSV per lucode; replaces the legend and parameter tables)"),
        extension="csv", optional=optional_biophysical))
    alg.addParameter(QgsProcessingParameterFile(
        INVEST_TRANSITIONS, _tr("InVEST landcover transitions table (CSV; replaces the transition table)"),
        extension="csv", optional=True))
    if snapshots:
        alg.addParameter(QgsProcessingParameterFile(
            INVEST_SNAPSHOTS, _tr("InVEST snapshot table (CSV snapshot_year,raster_path; replaces the snapshots "
                                  "and years)"), extension="csv", optional=True))
    if prices:
        alg.addParameter(QgsProcessingParameterFile(
            INVEST_PRICES, _tr("InVEST price table (CSV year,price per t CO₂e; replaces the price table)"),
            extension="csv", optional=True))
    alg.addParameter(named_options(QgsProcessingParameterEnum(
        INVEST_UNITS, _tr("Units of the InVEST biophysical table's stocks and rates"), options=INVEST_UNIT_OPTIONS,
        defaultValue=INVEST_UNIT_OPTIONS[0], usesStaticStrings=True)))


def read_invest_paths(alg: Any, parameters: dict, context: Any) -> dict[str, str]:
    """The InVEST tables given ({parameter name: path}, empty ones left out) and INVEST_UNITS under its name."""
    declared = {p.name() for p in alg.parameterDefinitions()}
    out = {key: alg.parameterAsFile(parameters, key, context) if key in parameters and key in declared else ""
           for key in (INVEST_BIOPHYSICAL, INVEST_TRANSITIONS, INVEST_SNAPSHOTS, INVEST_PRICES)}
    out = {k: v for k, v in out.items() if v}
    out[INVEST_UNITS] = alg.parameterAsString(parameters, INVEST_UNITS, context) or INVEST_UNIT_OPTIONS[0]
    return out


# -- valuation ---------------------------------------------------------------------------------------

PRICE = "PRICE"
CURRENCY = "CURRENCY"
PRICE_GROWTH = "PRICE_GROWTH"
DISCOUNT_RATE = "DISCOUNT_RATE"
PRICE_TABLE = "PRICE_TABLE"


def add_valuation_parameters(alg: Any, over_time: bool = True, price_table: bool = False,
                             advanced_rates: bool = False) -> None:
    """Price per t CO₂e and its currency; with ``over_time`` the price growth and discount rate (and a price table)."""
    alg.addParameter(number(PRICE, _tr("Carbon price per t CO₂e (0 = no valuation)"), 0.0, minimum=0.0))
    alg.addParameter(QgsProcessingParameterString(
        CURRENCY, _tr("Currency of the price (a label, e.g. USD, EUR, CNY; values are not converted)"),
        DEFAULT_CURRENCY))
    if not over_time:
        return
    rates = [number(PRICE_GROWTH, _tr("Yearly price growth (%)"), 0.0, minimum=-99.0),
             number(DISCOUNT_RATE, _tr("Discount rate (% per year)"), 3.0, minimum=-99.0)]
    for param in rates:
        alg.addParameter(advanced(param) if advanced_rates else param)
    if price_table:
        alg.addParameter(QgsProcessingParameterFile(
            PRICE_TABLE, _tr("Price table (CSV year,price per t CO₂e; replaces price and growth)"),
            extension="csv", optional=True))


def read_currency(alg: Any, parameters: dict, context: Any) -> str:
    """The currency code (core.valuation.currency_code checks it)."""
    return currency_code(alg.parameterAsString(parameters, CURRENCY, context) or DEFAULT_CURRENCY)


def read_valuation(alg: Any, parameters: dict, context: Any) -> Optional[Valuation]:
    """The valuation group as core.valuation.Valuation; None when there is no price and no price table."""
    price = alg.parameterAsDouble(parameters, PRICE, context)
    table_path = alg.parameterAsFile(parameters, PRICE_TABLE, context) if PRICE_TABLE in parameters else ""
    if price <= 0 and not table_path:
        return None

    def percent(key: str, default: float) -> float:
        return (alg.parameterAsDouble(parameters, key, context) if key in parameters else default) / 100.0

    return Valuation(price=price, price_growth=percent(PRICE_GROWTH, 0.0), discount_rate=percent(DISCOUNT_RATE, 3.0),
                     price_table=read_price_table(table_path) if table_path else None)


# -- service flow ------------------------------------------------------------------------------------

DEMAND_UNITS = "DEMAND_UNITS"
DEMAND_FIELD = "DEMAND_FIELD"
NAME_FIELD = "NAME_FIELD"
DEMAND_RASTER = "DEMAND_RASTER"
DEMAND_BAND = "DEMAND_BAND"
COEFFICIENT = "COEFFICIENT"
DEMAND_MEASURE = "DEMAND_MEASURE"
GRID_SIZE = "GRID_SIZE"
DECAY = "DECAY"
DECAY_DISTANCE = "DECAY_DISTANCE"
POWER_EXPONENT = "POWER_EXPONENT"
POWER_OFFSET = "POWER_OFFSET"
MAX_DISTANCE = "MAX_DISTANCE"
DISTANCE_MODE = "DISTANCE_MODE"
RESISTANCE_FILE = "RESISTANCE_FILE"
DECAY_WEIGHT = "DECAY_WEIGHT"
DECAY_WEIGHT_DISTANCE = "DECAY_WEIGHT_DISTANCE"
ALLOCATION = "ALLOCATION"
SOURCE = "SOURCE"
LINK_THRESHOLD = "LINK_THRESHOLD"
DEMAND_UNITS_2 = "DEMAND_UNITS_2"
DEMAND_FIELD_2 = "DEMAND_FIELD_2"
FLOW_PARAMETERS = (DEMAND_UNITS, DEMAND_FIELD, NAME_FIELD, DEMAND_RASTER, DEMAND_BAND, DEMAND_MEASURE, COEFFICIENT,
                   GRID_SIZE, DECAY,
                   DECAY_DISTANCE, POWER_EXPONENT, POWER_OFFSET, MAX_DISTANCE, DISTANCE_MODE, RESISTANCE_FILE,
                   DECAY_WEIGHT, DECAY_WEIGHT_DISTANCE, ALLOCATION, SOURCE, LINK_THRESHOLD, DEMAND_UNITS_2,
                   DEMAND_FIELD_2)
"""The flow group's parameters, in the order they are declared."""
FLOW_MAIN = (DEMAND_UNITS, DEMAND_FIELD, DEMAND_RASTER, DEMAND_MEASURE)
"""The flow parameters that stay out of Advanced where the flow is one step of several (the assessment)."""
FLOW_ADVANCED = (DECAY_WEIGHT, DECAY_WEIGHT_DISTANCE, ALLOCATION, SOURCE, LINK_THRESHOLD, DEMAND_UNITS_2,
                 DEMAND_FIELD_2)
"""The flow parameters under Advanced everywhere (the model's choices beyond decay and reach, the second demand)."""


def add_flow_parameters(alg: Any, advanced_model: bool = False) -> None:
    """Demand (units and field, or a raster), coefficient, grid, decay law and its parameters, reach, distance mode."""
    params = [
        QgsProcessingParameterFeatureSource(
            DEMAND_UNITS, _tr("Demand units (points or polygons)"),
            [QgsProcessing.SourceType.TypeVectorPoint, QgsProcessing.SourceType.TypeVectorPolygon], optional=True),
        QgsProcessingParameterField(
            DEMAND_FIELD, _tr("Demand field (used without a demand raster)"), parentLayerParameterName=DEMAND_UNITS,
            type=QgsProcessingParameterField.DataType.Numeric, optional=True),
        QgsProcessingParameterField(
            NAME_FIELD, _tr("Unit name field (optional, copied to the tables)"), parentLayerParameterName=DEMAND_UNITS,
            optional=True),
        QgsProcessingParameterRasterLayer(
            DEMAND_RASTER, _tr("Demand raster (per cell; summed into the units or a grid)"), optional=True),
        QgsProcessingParameterBand(DEMAND_BAND, _tr("Demand raster band"), 1, DEMAND_RASTER, optional=True),
        named_options(QgsProcessingParameterEnum(
            DEMAND_MEASURE, _tr("Demand measure: what one unit of the field or raster value is"),
            options=list(DEMAND_MEASURES), defaultValue=DEMAND_MEASURES[0], usesStaticStrings=True)),
        number(COEFFICIENT, _tr("Demand coefficient: t C/yr per unit of the value (measure 'other × coefficient'; "
                                "1 with t C/yr or t CO₂/yr)"), 1.0, minimum=0.0),
        number(GRID_SIZE, _tr("Demand grid cell size (m; a demand raster without demand units)"), 1000.0, minimum=0.0),
        named_options(QgsProcessingParameterEnum(
            DECAY, _tr("Distance-decay law"), options=list(LAWS), defaultValue=LAWS[0], usesStaticStrings=True)),
        number(DECAY_DISTANCE, _tr("Exponential decay distance λ (m): f(d) = exp(−d/λ)"), 2000.0, minimum=0.0),
        number(POWER_EXPONENT, _tr("Power-law exponent β: f(d) = (d + d0)^−β"), 2.0, minimum=0.0),
        number(POWER_OFFSET, _tr("Power-law offset d0 (m)"), 100.0, minimum=0.0),
        number(MAX_DISTANCE, _tr("Maximum flow distance d_max (m; cost-metres in least-cost mode)"), 5000.0,
               minimum=0.0),
        named_options(QgsProcessingParameterEnum(
            DISTANCE_MODE, _tr("Distance"), options=list(DISTANCE_MODES), defaultValue=DISTANCE_MODES[0],
            usesStaticStrings=True)),
        QgsProcessingParameterFile(
            RESISTANCE_FILE, _tr("Resistance table (CSV key,resistance; empty = the shipped ecosystem table)"),
            extension="csv", optional=True),
        number(DECAY_WEIGHT, _tr("Decay by meaning: weight p of a link at the reference distance, relative to "
                                 "distance 0 (0 < p < 1; replaces λ or β when given)"), None, minimum=0.0,
               maximum=1.0, optional=True),
        number(DECAY_WEIGHT_DISTANCE, _tr("Decay by meaning: reference distance d_ref (m; cost-m in least-cost "
                                          "mode) at which a link weighs p"), None, minimum=0.0, optional=True),
        named_options(QgsProcessingParameterEnum(
            ALLOCATION, _tr("Allocation of supply to demand units"), options=list(ALLOCATION_METHODS),
            defaultValue=ALLOCATION_METHODS[0], usesStaticStrings=True)),
        named_options(QgsProcessingParameterEnum(
            SOURCE, _tr("Flow sources"), options=list(SOURCES), defaultValue=SOURCES[0], usesStaticStrings=True)),
        number(LINK_THRESHOLD, _tr("Link threshold for the flow indices: share of a source's supply a link must "
                                   "carry (0 = every flow > 0)"), 0.0, minimum=0.0, maximum=1.0),
        QgsProcessingParameterFeatureSource(
            DEMAND_UNITS_2, _tr("Second-date demand units (same unit ids; optional, default the first date's)"),
            [QgsProcessing.SourceType.TypeVectorPoint, QgsProcessing.SourceType.TypeVectorPolygon], optional=True),
        QgsProcessingParameterField(
            DEMAND_FIELD_2, _tr("Second-date demand field (optional, default the first date's field)"),
            parentLayerParameterName=DEMAND_UNITS_2, type=QgsProcessingParameterField.DataType.Numeric,
            optional=True),
    ]
    for param in params:
        hide = param.name() in FLOW_ADVANCED or advanced_model and param.name() not in FLOW_MAIN
        alg.addParameter(advanced(param) if hide else param)


def read_flow_options(alg: Any, parameters: dict, context: Any, sink: SinkOptions) -> FlowOptions:
    """The flow group's model as core.flow.FlowOptions (the demand is read by the algorithm, which has the grid)."""
    law = alg.parameterAsString(parameters, DECAY, context) or LAWS[0]
    offset = alg.parameterAsDouble(parameters, POWER_OFFSET, context)
    given = [parameters.get(k) not in (None, "") for k in (DECAY_WEIGHT, DECAY_WEIGHT_DISTANCE)]
    if any(given) and not all(given):
        raise QgsProcessingException(_tr(
            "Decay by meaning needs both the weight p and the reference distance d_ref. Fix: give both, or neither "
            "to use λ or β."))
    if all(given):
        decay = DistanceDecay.from_weight(law, alg.parameterAsDouble(parameters, DECAY_WEIGHT, context),
                                          alg.parameterAsDouble(parameters, DECAY_WEIGHT_DISTANCE, context), offset)
    else:
        decay = DistanceDecay(
            law,
            scale_m=alg.parameterAsDouble(parameters, DECAY_DISTANCE, context),
            exponent=alg.parameterAsDouble(parameters, POWER_EXPONENT, context),
            offset_m=offset,
        )
    mode = alg.parameterAsString(parameters, DISTANCE_MODE, context) or DISTANCE_MODES[0]
    resistance_file = alg.parameterAsFile(parameters, RESISTANCE_FILE, context)
    resistance = load_resistance(resistance_file or None) if mode == "least_cost" else None
    allocation = (alg.parameterAsString(parameters, ALLOCATION, context) if ALLOCATION in parameters else "") \
        or ALLOCATION_METHODS[0]
    source = (alg.parameterAsString(parameters, SOURCE, context) if SOURCE in parameters else "") or SOURCES[0]
    threshold = alg.parameterAsDouble(parameters, LINK_THRESHOLD, context) if LINK_THRESHOLD in parameters else 0.0
    return FlowOptions(decay, alg.parameterAsDouble(parameters, MAX_DISTANCE, context), mode, resistance, sink,
                       allocation=allocation, source=source, link_threshold=threshold)


def read_demand_measure(alg: Any, parameters: dict, context: Any) -> tuple[str, float]:
    """The demand measure and coefficient as core.flow.demand reads them (``measure``, ``coefficient``)."""
    measure = (alg.parameterAsString(parameters, DEMAND_MEASURE, context) if DEMAND_MEASURE in parameters else "") \
        or DEMAND_MEASURES[0]
    coefficient = alg.parameterAsDouble(parameters, COEFFICIENT, context) \
        if parameters.get(COEFFICIENT) not in (None, "") else 1.0
    return measure, coefficient


# -- dates ----------------------------------------------------------------------------------------------
ANALYSIS_YEAR = "ANALYSIS_YEAR"
"""The year the change is followed to (carbonchange, and the assessment's change step)."""


# -- performance: where the strips run (core.parallel) ------------------------------------------------------
WORKERS = "WORKERS"
DASK_SCHEDULER = "DASK_SCHEDULER"
WORKERS_SETTING = "BLUECARBON_WORKERS"
"""Processing options ▸ Providers ▸ Blue Carbon: the workers an algorithm's WORKERS = 0 stands for (0 = cores − 1)."""
DASK_SCHEDULER_SETTING = "BLUECARBON_DASK_SCHEDULER"
"""Processing options ▸ Providers ▸ Blue Carbon: the Dask scheduler an empty DASK_SCHEDULER stands for."""


def add_performance_parameters(alg: Any) -> None:
    """Workers for the strip tasks and an optional Dask scheduler (advanced)."""
    alg.addParameter(advanced(QgsProcessingParameterNumber(
        WORKERS, _tr("Worker processes for the strips (0 = automatic: the machine's cores − 1)"),
        QgsProcessingParameterNumber.Type.Integer, 0, minValue=0)))
    alg.addParameter(advanced(QgsProcessingParameterString(
        DASK_SCHEDULER, _tr("Dask scheduler address for a cluster (e.g. tcp://host:8786; empty = this machine)"),
        optional=True)))


def performance_settings(group: str) -> list:
    """The provider's settings in QGIS's Processing options (group: the provider's name): default workers and
    Dask scheduler. Empty when QGIS's Processing plugin cannot be imported."""
    try:
        from processing.core.ProcessingConfig import Setting
    except ImportError:
        return []
    return [
        Setting(group, WORKERS_SETTING, _tr("Worker processes (0 = cores − 1)"), 0, valuetype=Setting.INT),
        Setting(group, DASK_SCHEDULER_SETTING,
                _tr("Default Dask scheduler address (e.g. tcp://host:8786; empty = this machine)"), "",
                valuetype=Setting.STRING),
    ]


def _setting(name: str) -> Any:
    """A value of the provider's Processing options, None when unset or when Processing is not loaded."""
    try:
        from processing.core.ProcessingConfig import ProcessingConfig
    except ImportError:
        return None
    return ProcessingConfig.getSetting(name)


def read_performance(alg: Any, parameters: dict, context: Any) -> dict:
    """``workers`` (None = automatic) and ``scheduler`` (None = this machine) for core.fragmentation options.

    WORKERS = 0 (automatic) takes the provider's "Worker processes" setting, and an empty DASK_SCHEDULER its
    "Default Dask scheduler address"; a setting of 0 or empty leaves the choice to core.parallel (cores − 1).
    """
    workers = alg.parameterAsInt(parameters, WORKERS, context) if parameters.get(WORKERS) not in (None, "") else 0
    scheduler = (alg.parameterAsString(parameters, DASK_SCHEDULER, context) or "").strip()
    if workers <= 0:
        try:
            workers = max(0, int(_setting(WORKERS_SETTING) or 0))
        except (TypeError, ValueError):  # a hand-edited settings file
            workers = 0
    if not scheduler:
        scheduler = str(_setting(DASK_SCHEDULER_SETTING) or "").strip()
    return {"workers": workers or None, "scheduler": scheduler or None}


def read_parallelism(alg: Any, parameters: dict, context: Any) -> Parallelism:
    """:func:`read_performance` as a core.parallel.Parallelism (for engines that take one)."""
    return Parallelism(**read_performance(alg, parameters, context))
