"""Parameter groups several algorithms share, declared once and read once into the engine's options.

As QuickOSM's ``build_input.py``: each group is a pair of functions, ``add_<group>_parameters(alg, ...)``
declaring the Processing parameters and ``read_<group>(alg, parameters, context, ...)`` turning their values
into the core's option objects. The algorithms compose the groups; the wizard reads the defaults from the
algorithm's definitions (``alg.parameterDefinition(name).defaultValue()``), never from constants of its own.
"""

from __future__ import annotations

from typing import Any, Optional

from qgis.core import (
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
)

from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from ..core.classes import GROUP_BY_ECOSYSTEM, GROUP_BY_VALUE
from ..core.legend import AUTO_LEGEND, NO_LEGEND
from ..core.parameters import DEFAULT_PRESETS, EffectiveTable, effective_parameters, preset_ids


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
