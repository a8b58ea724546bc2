"""bluecarbon:carbonchange — carbon accumulation, conversion emissions and net sequestration between dated maps."""

from __future__ import annotations

import os
import re
from typing import Any

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterString,
)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP

from ...core.change import (
    ChangeOptions,
    analyse_change,
    open_snapshots,
    parse_years,
    write_change_rasters,
    write_change_tables,
)
from ...core.errors import BlueCarbonError
from ...core.feedback import Steps
from ...core.invest_tables import (
    invest_legend, read_biophysical_table, read_invest_transitions, read_snapshot_csv,
)
from ...core.io import OutputBatch, check_writable
from ...core.legend import AUTO_LEGEND, Legend, load_legend, preset_ids as legend_presets, resolve_legend
from .. import parameters as groups
from ..base import BlueCarbonAlgorithm
from ..styles import DIVERGING_BLUE, GREENS, REDS, write_pseudocolor_qml

SNAPSHOTS = "SNAPSHOTS"
YEARS = "YEARS"
BAND = "BAND"
TRANSITIONS = "TRANSITIONS"
ANALYSIS_YEAR = groups.ANALYSIS_YEAR
DRAWS = groups.DRAWS
SEED = groups.SEED
OUTPUT_PERIODS = "OUTPUT_PERIODS"
OUTPUT_STOCKS = "OUTPUT_STOCKS"
OUTPUT_TRANSITION_AREAS = "OUTPUT_TRANSITION_AREAS"
OUTPUT_TRANSITIONS = "OUTPUT_TRANSITIONS"
OUTPUT_NET_SEQUESTRATION = "OUTPUT_NET_SEQUESTRATION"
OUTPUT_ACCUMULATION = "OUTPUT_ACCUMULATION"
OUTPUT_EMISSIONS = "OUTPUT_EMISSIONS"
OUTPUT_GAIN_LOSS = "OUTPUT_GAIN_LOSS"
RASTERS = {
    OUTPUT_NET_SEQUESTRATION: "net_sequestration",
    OUTPUT_ACCUMULATION: "accumulation",
    OUTPUT_EMISSIONS: "emissions",
    OUTPUT_GAIN_LOSS: "gain_loss",
}


class CarbonChange(BlueCarbonAlgorithm):
    """Accumulation, conversion emissions, net sequestration and its value between dated land-cover maps."""

    GROUP = "Carbon sink"
    HELP_PAGE = "carbon-change.md"
    GROUP_ID = "sink"
    HELP = """
<p>Carbon change between two or more dated land-cover snapshots (same grid and CRS, one legend), with the
bookkeeping of InVEST Coastal Blue Carbon, so that the same tables give the same numbers. Years are calendar
years; S<sub>p,t</sub> is the stock of pool p (biomass = above- + belowground, soil, litter; t C/ha) at the
start of year t.</p>
<ul>
<li>Baseline: S<sub>p,y0</sub> = the baseline class's stocks; until the first change every pool accumulates at
the baseline class's rate.</li>
<li>A change a → b at snapshot year s takes effect on 1 January of s with the carbon action of the transition
table (InVEST's layout; the default is derived from the legend and written out for editing):
<b>accum</b> — biomass and soil accumulate at b's rates A<sub>p</sub>; <b>low/med/high-impact-disturb</b> —
D<sub>p,s</sub> = S<sub>p,s</sub> · M<sub>p</sub>, M the disturbance fraction of the source class a, is emitted as
E<sub>p,t</sub> = D<sub>p,s</sub> (0.5<sup>(t−s)/H<sub>p</sub></sup> − 0.5<sup>(t−s+1)/H<sub>p</sub></sup>) in
each year t ≥ s, H<sub>p</sub> the half-life of a's pool (share emitted after n years: 1 − 0.5<sup>n/H</sup>);
<b>NCC</b> — no new action (an emission already running continues).</li>
<li>Litter is never emitted; it accumulates at the rate of the cell's current class.</li>
<li>S<sub>p,t+1</sub> = S<sub>p,t</sub> + A<sub>p,t</sub> − E<sub>p,t</sub>; net sequestration of a period =
accumulation − emissions over every pool = the change of the total stock. t CO₂e = t C × 44/12.</li>
<li>Value: V = Σ<sub>t=1..T</sub> p<sub>t</sub> (S<sub>t</sub> − S<sub>t−1</sub>) / (1 + d)<sup>t</sup>, t in years
since the baseline, p<sub>t</sub> = price · (1 + g)<sup>t</sup> per t CO₂e or the price table's price of that year,
d the discount rate. Prices and values are in the CURRENCY given (default USD; a label, values are not
converted); change_periods.csv names it in its currency column beside npv_currency.</li>
</ul>
<p>Periods run from each snapshot to the next and, with an analysis year after the last snapshot, on to it: a
change shows its effects only in the periods after its snapshot, so give an analysis year to follow the last
change. Totals use true cell areas (geodesic on a geographic CRS); rasters are per hectare. Uncertainty (draws
&gt; 0): every parameter drawn from its range; totals get mean and 90 % interval.</p>
<p>Where InVEST 3.20.2's code departs from its user's guide this tool follows the guide: net sequestration
includes litter accumulation after the baseline period; NPV values each year's net sequestration (the code
multiplies each period total by the sum of discounted prices); total stocks include the litter stock (the
code adds the litter accumulation rate); a change to <i>accum</i> stops an earlier emission; emissions keep
the half-life of the disturbed class.</p>
<p>Sources: InVEST User's Guide, Coastal Blue Carbon (Natural Capital Project); Houghton (2003) bookkeeping model;
Murray et al. (2011) and Donato et al. (2011) for disturbance fractions and half-lives; IPCC (2014) 2013 Wetlands
Supplement, chapter 4, for Tier 1 stocks and rates.</p>
<p>InVEST's own tables can be given as they are: INVEST_BIOPHYSICAL (the biophysical table per lucode, which
replaces the legend and parameter tables), INVEST_TRANSITIONS (the landcover transitions table),
INVEST_SNAPSHOTS (snapshot_year,raster_path, which replaces SNAPSHOTS and YEARS; each year keeps its own
raster) and INVEST_PRICES (year,price). INVEST_UNITS says the units of the biophysical table: InVEST's
Mg CO₂e (= t CO₂e) are converted to t C with × 12/44; t C are taken as they are. A half-life of 0 means no
emission from that pool, as in InVEST. bluecarbon:investtables converts the same tables into the plugin's
own, to edit them.</p>
"""

    def name(self) -> str:  # noqa: D102
        return "carbonchange"

    def displayName(self) -> str:  # noqa: N802,D102
        return self.tr("Carbon change between dates (accumulation, emissions, value)")

    def initAlgorithm(self, config: Any = None) -> None:  # noqa: N802,D102
        self.addParameter(
            QgsProcessingParameterMultipleLayers(
                SNAPSHOTS, self.tr("Land-cover snapshots, oldest first (same grid and CRS)"), QgsProcessing.SourceType.TypeRaster,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterString(YEARS, self.tr("Years of the snapshots, in the same order (e.g. 2020, 2035)"),
                                         optional=True)
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                BAND, self.tr("Band with the class codes in every snapshot (needed for multiband rasters)"),
                QgsProcessingParameterNumber.Type.Integer, optional=True, minValue=1,
            )
        )
        legends = [AUTO_LEGEND] + legend_presets()
        self.addParameter(
            groups.named_options(QgsProcessingParameterEnum(
                groups.LEGEND_PRESET, self.tr("Legend (raster value → ecosystem)"), options=legends,
                defaultValue=AUTO_LEGEND, usesStaticStrings=True,
            ))
        )
        self.addParameter(
            QgsProcessingParameterFile(
                groups.LEGEND_FILE, self.tr("Own legend CSV (value,name,ecosystem[,color]; overrides the preset)"),
                extension="csv", optional=True,
            )
        )
        groups.add_carbon_parameters(self, edge=False, draws=0)
        self.addParameter(
            QgsProcessingParameterFile(
                TRANSITIONS, self.tr("Transition table (InVEST layout; empty = default derived from the legend)"),
                extension="csv", optional=True,
            )
        )
        groups.add_invest_parameters(self)
        self.addParameter(
            QgsProcessingParameterNumber(
                ANALYSIS_YEAR, self.tr("Analysis year (empty = the last snapshot year)"),
                QgsProcessingParameterNumber.Type.Integer, None, optional=True,
            )
        )
        groups.add_valuation_parameters(self, price_table=True)
        self.addParameter(
            QgsProcessingParameterFileDestination(
                OUTPUT_PERIODS, self.tr("Accumulation, emissions, net sequestration and NPV per period"), self.tr("CSV files (*.csv)")
            )
        )
        for key, text in (
            (OUTPUT_STOCKS, QT_TRANSLATE_NOOP("BlueCarbon", "Carbon stocks per pool and year")),
            (OUTPUT_TRANSITION_AREAS, QT_TRANSLATE_NOOP("BlueCarbon", "Transition area matrix (ha) per pair of snapshots")),
            (OUTPUT_TRANSITIONS, QT_TRANSLATE_NOOP("BlueCarbon", "Transition table used (edit it and give it back as TRANSITIONS)")),
        ):
            self.addParameter(QgsProcessingParameterFileDestination(key, self.tr(text), self.tr("CSV files (*.csv)"), optional=True))
        for key, text in (
            (OUTPUT_NET_SEQUESTRATION, QT_TRANSLATE_NOOP("BlueCarbon", "Net sequestration per period and total (t C/ha)")),
            (OUTPUT_ACCUMULATION, QT_TRANSLATE_NOOP("BlueCarbon", "Accumulation per period and total (t C/ha)")),
            (OUTPUT_EMISSIONS, QT_TRANSLATE_NOOP("BlueCarbon", "Emissions per period and total (t C/ha)")),
            (OUTPUT_GAIN_LOSS, QT_TRANSLATE_NOOP("BlueCarbon", "Stock gain / loss from the baseline to the analysis year (t C/ha)")),
        ):
            self.addParameter(QgsProcessingParameterRasterDestination(key, self.tr(text), optional=True))
        for key, text in (
            ("ACCUMULATION_TCO2E", QT_TRANSLATE_NOOP("BlueCarbon", "Accumulation, whole map and period (t CO₂e)")),
            ("EMISSIONS_TCO2E", QT_TRANSLATE_NOOP("BlueCarbon", "Emissions, whole map and period (t CO₂e)")),
            ("NET_SEQUESTRATION_TCO2E", QT_TRANSLATE_NOOP("BlueCarbon", "Net sequestration, whole map and period (t CO₂e)")),
            ("NPV", QT_TRANSLATE_NOOP("BlueCarbon", "Net present value of the net sequestration (price currency)")),
        ):
            self.addOutput(QgsProcessingOutputNumber(key, self.tr(text)))
        self.addOutput(QgsProcessingOutputString("PERIODS", self.tr("Periods, in band order of the rasters")))

    def execute(self, parameters: dict, context: Any, feedback: Any) -> dict:  # noqa: D102
        invest = groups.read_invest_paths(self, parameters, context)
        paths, years = self._snapshots(parameters, context, feedback, invest)
        tables = {
            key: self.parameterAsFileOutput(parameters, key, context)
            for key in (OUTPUT_PERIODS, OUTPUT_STOCKS, OUTPUT_TRANSITION_AREAS, OUTPUT_TRANSITIONS)
        }
        rasters = {key: self.parameterAsOutputLayer(parameters, key, context) for key in RASTERS}
        legend = self.parameterAsFile(parameters, groups.LEGEND_FILE, context) or self.parameterAsString(
            parameters, groups.LEGEND_PRESET, context
        ) or AUTO_LEGEND
        if groups.INVEST_BIOPHYSICAL not in invest and legend == AUTO_LEGEND and paths:  # the first snapshot's colour
            # table or class names say which product
            band = self.parameterAsInt(parameters, BAND, context) if parameters.get(BAND) not in (None, "") else None
            try:
                legend, found = resolve_legend(legend, paths[0], band or None)
            except BlueCarbonError as err:
                raise QgsProcessingException(str(err)) from None
            feedback.pushInfo(groups.legend_message(legend, found))
        transitions = self.parameterAsFile(parameters, TRANSITIONS, context) or None
        steps = Steps(feedback)
        for path in (*tables.values(), *rasters.values()):
            if path:
                check_writable(path)
        if groups.INVEST_BIOPHYSICAL in invest:
            legend, table = self._invest_classes(parameters, context, feedback, invest)
        else:
            table = groups.read_carbon_table(self, parameters, context, feedback).table
        if groups.INVEST_TRANSITIONS in invest:
            if transitions:
                raise QgsProcessingException(self.tr(
                    "INVEST_TRANSITIONS and TRANSITIONS both give the transition table. Fix: give only one of them."))
            transitions = read_invest_transitions(invest[groups.INVEST_TRANSITIONS],
                                                  legend if isinstance(legend, Legend) else load_legend(legend))
            feedback.pushInfo(self.tr("InVEST transition table {0} replaces the transition table.").format(
                invest[groups.INVEST_TRANSITIONS]))
        valuation_parameters = parameters
        if groups.INVEST_PRICES in invest:
            if self.parameterAsFile(parameters, groups.PRICE_TABLE, context):
                raise QgsProcessingException(self.tr(
                    "INVEST_PRICES and PRICE_TABLE both give the prices. Fix: give only one of them."))
            valuation_parameters = {**parameters, groups.PRICE_TABLE: invest[groups.INVEST_PRICES]}
            feedback.pushInfo(self.tr("InVEST price table {0} (price per Mg CO₂e = per t CO₂e) replaces PRICE and "
                                      "PRICE_GROWTH.").format(invest[groups.INVEST_PRICES]))
        valuation = groups.read_valuation(self, valuation_parameters, context)
        currency = groups.read_currency(self, parameters, context)
        analysis_year = None
        if parameters.get(ANALYSIS_YEAR) not in (None, ""):
            analysis_year = self.parameterAsInt(parameters, ANALYSIS_YEAR, context)
        options = ChangeOptions(
            analysis_year=analysis_year,
            draws=self.parameterAsInt(parameters, DRAWS, context),
            seed=self.parameterAsInt(parameters, SEED, context),
        )
        band = self.parameterAsInt(parameters, BAND, context) if parameters.get(BAND) not in (None, "") else None
        with open_snapshots(paths, years, legend, None if band is None else [band] * len(paths)) as snapshots:
            for year, path in zip(years, paths):
                feedback.pushInfo(self.tr("Snapshot {0}: {1}").format(year, path))
            if snapshots.grid.is_geographic:
                feedback.pushWarning(self.tr("Geographic CRS: totals use geodesic cell areas; rasters are per hectare."))
            analysis_steps = steps.sub(0.0, 0.5 if any(rasters.values()) else 0.95)
            result = analyse_change(snapshots, table, transitions, valuation, options, analysis_steps)
            for message in result.warnings:
                feedback.pushWarning(message)
            if "npv_currency" in result.periods:  # the unit of npv_currency*, on every row of the table
                result.periods["currency"] = [currency] * len(result.periods["npv_currency"])
            with OutputBatch() as batch:
                write_change_tables(
                    result, tables[OUTPUT_PERIODS], tables[OUTPUT_STOCKS], tables[OUTPUT_TRANSITION_AREAS],
                    tables[OUTPUT_TRANSITIONS], batch=batch,
                )
                write_change_rasters(
                    result, snapshots, {kind: rasters[key] for key, kind in RASTERS.items()}, batch,
                    steps.sub(0.5, 0.99),
                )
                steps.check()
        for key, kind in RASTERS.items():
            if rasters[key]:
                _style_change_raster(rasters[key], kind, result)
        outputs: dict = {key: path for key, path in {**tables, **rasters}.items() if path}
        outputs["ACCUMULATION_TCO2E"] = result.total("accumulation_tCO2e")
        outputs["EMISSIONS_TCO2E"] = result.total("emissions_tCO2e")
        outputs["NET_SEQUESTRATION_TCO2E"] = result.total("net_sequestration_tCO2e")
        outputs["NPV"] = result.total("npv_currency") if "npv_currency" in result.periods else None
        outputs["PERIODS"] = "; ".join(result.period_names)
        feedback.pushInfo(
            self.tr("{0}-{1}: accumulation {2:,.1f} t CO₂e, emissions {3:,.1f} t CO₂e, net sequestration {4:,.1f} t CO₂e.")
            .format(result.years[0], result.analysis_year, outputs["ACCUMULATION_TCO2E"], outputs["EMISSIONS_TCO2E"],
                    outputs["NET_SEQUESTRATION_TCO2E"])
        )
        if outputs["NPV"] is not None:
            feedback.pushInfo(self.tr("Net present value of the net sequestration: {0:,.2f} {1}.").format(
                outputs["NPV"], currency))
        feedback.setProgress(100)
        return outputs

    # -- reading parameters ------------------------------------------------------------------------

    def _snapshots(self, parameters: dict, context: Any, feedback: Any, invest: dict) -> tuple[list[str], list[int]]:
        """The snapshot rasters and their years: from InVEST's snapshot table, or from SNAPSHOTS and YEARS."""
        if groups.INVEST_SNAPSHOTS not in invest:
            paths = self._snapshot_paths(parameters, context)
            years = parse_years(self.parameterAsString(parameters, YEARS, context))
            self._warn_if_years_disagree(paths, years, feedback)
            return paths, years
        if parameters.get(SNAPSHOTS) not in (None, "", []) or parameters.get(YEARS) not in (None, ""):
            raise QgsProcessingException(self.tr(
                "INVEST_SNAPSHOTS and SNAPSHOTS/YEARS both give the snapshots. Fix: give either InVEST's snapshot "
                "table or the rasters and their years, not both."))
        pairs = read_snapshot_csv(invest[groups.INVEST_SNAPSHOTS])
        feedback.pushInfo(self.tr("InVEST snapshot table {0} replaces SNAPSHOTS and YEARS (each year with its own "
                                  "raster, in year order).").format(invest[groups.INVEST_SNAPSHOTS]))
        return [path for _, path in pairs], [year for year, _ in pairs]

    def _invest_classes(self, parameters: dict, context: Any, feedback: Any, invest: dict) -> tuple:
        """Legend and parameter table from InVEST's biophysical table (ecosystems from LEGEND_FILE when given)."""
        if self.parameterAsFile(parameters, groups.OWN_TABLE, context):
            raise QgsProcessingException(self.tr(
                "INVEST_BIOPHYSICAL and PARAMETERS_FILE both give the parameter table. Fix: give only one of them "
                "(or convert the InVEST tables with bluecarbon:investtables and edit the result)."))
        path = invest[groups.INVEST_BIOPHYSICAL]
        legend_file = self.parameterAsFile(parameters, groups.LEGEND_FILE, context)
        ecosystems = {e.value: e.ecosystem for e in load_legend(legend_file).entries} if legend_file else None
        bio = read_biophysical_table(path, invest[groups.INVEST_UNITS], ecosystems)
        feedback.pushInfo(self.tr(
            "InVEST biophysical table {0}: its classes (lucode) and parameters replace the legend preset, the "
            "parameter presets and the own parameter table.").format(path))
        if legend_file:
            feedback.pushInfo(self.tr("Ecosystems of the InVEST classes from the legend {0}.").format(legend_file))
        elif groups.INVEST_TRANSITIONS not in invest and not self.parameterAsFile(parameters, TRANSITIONS, context):
            feedback.pushWarning(self.tr(
                "No legend and no transition table: the InVEST classes have no ecosystem, so the default transitions "
                "(derived from the ecosystems) read every change as NCC (no new accumulation or emission). Give "
                "INVEST_TRANSITIONS, or a LEGEND_FILE naming the ecosystem of each lucode."))
        if bio.factor != 1.0:
            feedback.pushInfo(self.tr("Its stocks and rates are in t CO₂e (InVEST's Mg CO₂e): converted to t C "
                                      "with × 12/44."))
        return invest_legend(bio, ecosystems), bio.parameters

    def _snapshot_paths(self, parameters: dict, context: Any) -> list[str]:
        layers = self.parameterAsLayerList(parameters, SNAPSHOTS, context)
        if not layers:
            raise QgsProcessingException(self.tr(
                "No snapshot raster was given. Fix: choose two or more land-cover rasters (SNAPSHOTS, with their "
                "YEARS) or give InVEST's snapshot table (INVEST_SNAPSHOTS)."))
        paths = []
        for layer in layers:
            if layer.providerType() != "gdal":
                raise QgsProcessingException(
                    self.tr("The snapshot '{0}' is not a GDAL raster file. Fix: save it as a GeoTIFF first.")
                    .format(layer.name())
                )
            paths.append(layer.source().split("|")[0])
        return paths

    def _warn_if_years_disagree(self, paths: list[str], years: list[int], feedback: Any) -> None:
        """Warn when every file name holds one year and those years are not the YEARS given."""
        found = []
        for path in paths:
            hits = re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", os.path.basename(path))
            if len(hits) != 1:
                return
            found.append(int(hits[0]))
        if found != years:
            feedback.pushWarning(
                self.tr("The file names suggest the years {0}, but YEARS is {1}: check the snapshots are in the "
                        "order of the years.")
                .format(", ".join(map(str, found)), ", ".join(map(str, years)))
            )


def _style_change_raster(path: str, kind: str, result) -> None:
    """A QML style on the total band: diverging for net change, greens for accumulation, reds for emissions."""
    values, names = result.raster_bands(kind)
    band = values.shape[1]
    low, high = result.raster_range(kind)
    if kind in ("net_sequestration", "gain_loss"):
        limit = max(abs(low), abs(high)) or 1.0
        stops = [-limit, -limit / 2, 0.0, limit / 2, limit]
        colors = DIVERGING_BLUE
    else:
        high = high if high > 0 else 1.0
        stops = [high * i / 4 for i in range(5)]
        colors = GREENS if kind == "accumulation" else REDS
    write_pseudocolor_qml(path, stops, colors, band)
