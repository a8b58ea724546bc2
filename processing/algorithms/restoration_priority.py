"""bluecarbon:restorationpriority — candidate restoration sites ranked by carbon and connectivity gains, with a
Pareto set and a greedy budgeted portfolio."""

from __future__ import annotations

from typing import Any

import numpy as np
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
    QgsWkbTypes,
)

from ...core.classes import open_classified
from ...core.feedback import Steps
from ...core.fragmentation.job import parse_class_list
from ...core.io import check_writable
from ...core.landcover import open_landcover
from ...core.legend import BLUE_CARBON_ECOSYSTEMS
from ...core.restoration.connectivity import P_MIN
from ...core.restoration.engine import DEFAULT_PROBABILITY
from ...core.restoration.job import habitat_classes
from ...core.restoration.priority import (
    BUDGET_KINDS, OBJECTIVES, PriorityOptions, assess_priority, read_priority_inputs, restored_rate, write_priority,
)
from ...core.flow.resistance import load_resistance
from ...core.restoration.flowgain import site_flow_gain
from ...core.restoration.nodes import DISTANCE_MODES, LEAST_COST, STRAIGHT_LINE, resistance_reader
from ...core.restoration.sites import restorable_classes, site_polygons
from .. import parameters as groups
from ..base import BlueCarbonAlgorithm
from ..demand import read_demand
from ..features import FIELD_TYPES
from ..styles import style_sites_layer

RESTORABLE = "RESTORABLE"
SUITABILITY = "SUITABILITY"
TARGET = "TARGET_ECOSYSTEM"
THRESHOLD = "THRESHOLD"
DISTANCE = "DISTANCE"
PROBABILITY = "PROBABILITY"
PROBABILITY_CUT = "PROBABILITY_CUT"
MAX_SITE = "MAX_SITE_HA"
MIN_SITE = "MIN_SITE_HA"
COST_RASTER = "COST_RASTER"
COST_PER_HA = "COST_PER_HA"
WEIGHT_CARBON = "WEIGHT_CARBON"
WEIGHT_CONNECTIVITY = "WEIGHT_CONNECTIVITY"
WEIGHT_FLOW = "WEIGHT_FLOW"
OBJECTIVE = "OBJECTIVE"
BUDGET_KIND = "BUDGET_KIND"
BUDGET = "BUDGET"
OUTPUT_SITES = "OUTPUT_SITES"
OUTPUT_PORTFOLIO = "OUTPUT_PORTFOLIO"
OUTPUT_CHART = "OUTPUT_CHART"


class RestorationPriority(BlueCarbonAlgorithm):
    """Candidate restoration sites with their gains, rank, Pareto flag and portfolio."""

    GROUP = "Restoration planning"
    GROUP_ID = "restoration"
    HELP_PAGE = "restoration.md"
    HELP = """
<p>Groups the restorable cells (the named restorable classes, by default tidal flats, aquaculture ponds, salt pans and
bare intertidal classes of the legend, or the cells equal to 1 of a suitability raster) into candidate sites: connected
areas (8-rule), cut by a regular grid above the maximum size, dropped below the minimum size. For every site restored to
the target ecosystem:</p>
<ul>
<li><b>Sequestration gain</b> = area × the restored-cell rate of the target ecosystem from the carbon parameter table
(t C/yr and t CO₂e/yr).</li>
<li><b>EC(PC) gain</b> (ha): the site joins the habitat network as a new node (edge-to-edge distances, straight
line or least cost over the resistance table, p = exp(−k d), p at the threshold distance); PC is updated exactly through the new node. dPC of the site and its
intra, flux and connector parts (the connector part is what it adds between its neighbours).</li>
<li><b>Flow gain</b> (with demand units or a demand raster, the carbon-service flow's parameters): the rise of
the total flow attributed to the demand units (t C/yr) when the site's cells become sources at the restored rate, by
the flow's allocation (capped by default: the rise of the largest deliverable amount).</li>
<li><b>Cost</b>: a cost raster summed over the site, or a cost per ha × area (optional).</li>
</ul>
<p>Score = weighted sum of the gains divided by their maxima; rank 1 is best. Pareto = no other site is at least as
good in every gain and cost. Portfolio: repeatedly the site with the largest marginal gain per ha (or per money) that
fits in the budget, with the EC and flow gains recomputed after each pick. Outputs: site polygons with every gain,
score, rank, pareto and in_portfolio; the portfolio table (pick order, cumulative area, cost, gains); a chart of the
cumulative gain against the budget.</p>
"""

    def name(self) -> str:  # noqa: D102
        return "restorationpriority"

    def displayName(self) -> str:  # noqa: N802,D102
        return self.tr("Restoration site priority (carbon, connectivity, portfolio)")

    def initAlgorithm(self, config: Any = None) -> None:  # noqa: N802,D102
        groups.add_landcover_parameters(
            self, classes_help=self.tr("Habitat classes (ecosystems or raster values; empty = blue-carbon ecosystems)"))
        self.addParameter(QgsProcessingParameterString(
            RESTORABLE, self.tr("Restorable classes (ecosystems or raster values; empty = tidal flats, aquaculture "
                                "ponds, salt pans, bare intertidal)"), optional=True))
        self.addParameter(QgsProcessingParameterRasterLayer(
            SUITABILITY, self.tr("Suitability raster (1 = restorable; replaces the restorable classes)"), optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            TARGET, self.tr("Target ecosystem of the restoration"), options=list(BLUE_CARBON_ECOSYSTEMS),
            defaultValue="mangrove", usesStaticStrings=True))
        groups.add_carbon_parameters(self, edge=False, draws=None)
        self.addParameter(QgsProcessingParameterEnum(
            DISTANCE, self.tr("Distance"), options=list(DISTANCE_MODES), defaultValue=STRAIGHT_LINE,
            usesStaticStrings=True))
        self.addParameter(QgsProcessingParameterNumber(
            THRESHOLD, self.tr("Threshold (dispersal) distance (m, or cost-metres)"),
            QgsProcessingParameterNumber.Type.Double, 1000.0))
        self.addParameter(QgsProcessingParameterNumber(
            PROBABILITY, self.tr("Dispersal probability at the threshold distance"),
            QgsProcessingParameterNumber.Type.Double, DEFAULT_PROBABILITY))
        self.addParameter(groups.advanced(QgsProcessingParameterNumber(
            PROBABILITY_CUT, self.tr("Smallest dispersal probability kept"), QgsProcessingParameterNumber.Type.Double,
            P_MIN, minValue=0.0)))
        self.addParameter(QgsProcessingParameterNumber(
            MAX_SITE, self.tr("Maximum site size (ha; larger areas are cut by a grid)"),
            QgsProcessingParameterNumber.Type.Double, 50.0, optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            MIN_SITE, self.tr("Minimum site size (ha)"), QgsProcessingParameterNumber.Type.Double, 1.0, minValue=0.0))
        self.addParameter(QgsProcessingParameterRasterLayer(
            COST_RASTER, self.tr("Cost raster (cost per cell, summed over each site)"), optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            COST_PER_HA, self.tr("Cost per hectare (when there is no cost raster)"),
            QgsProcessingParameterNumber.Type.Double, optional=True, minValue=0.0))
        self.addParameter(QgsProcessingParameterNumber(
            WEIGHT_CARBON, self.tr("Score weight of the sequestration gain"), QgsProcessingParameterNumber.Type.Double,
            1.0, minValue=0.0))
        self.addParameter(QgsProcessingParameterNumber(
            WEIGHT_CONNECTIVITY, self.tr("Score weight of the EC(PC) gain"), QgsProcessingParameterNumber.Type.Double,
            1.0, minValue=0.0))
        self.addParameter(QgsProcessingParameterNumber(
            WEIGHT_FLOW, self.tr("Score weight of the flow gain (with demand units)"),
            QgsProcessingParameterNumber.Type.Double, 1.0, minValue=0.0))
        self.addParameter(QgsProcessingParameterEnum(
            OBJECTIVE, self.tr("Portfolio objective"), options=list(OBJECTIVES), defaultValue="score",
            usesStaticStrings=True))
        self.addParameter(QgsProcessingParameterEnum(
            BUDGET_KIND, self.tr("Budget in"), options=list(BUDGET_KINDS), defaultValue="area", usesStaticStrings=True))
        self.addParameter(QgsProcessingParameterNumber(
            BUDGET, self.tr("Budget (ha, or cost units)"), QgsProcessingParameterNumber.Type.Double, 100.0))
        groups.add_flow_parameters(self)
        self.addParameter(QgsProcessingParameterFeatureSink(
            OUTPUT_SITES, self.tr("Ranked restoration sites"), QgsProcessing.SourceType.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFileDestination(
            OUTPUT_PORTFOLIO, self.tr("Portfolio table"), self.tr("CSV files (*.csv)")))
        self.addParameter(QgsProcessingParameterFileDestination(
            OUTPUT_CHART, self.tr("Portfolio chart (cumulative gain against budget)"), self.tr("PNG files (*.png)"),
            optional=True, createByDefault=False))
        self.addOutput(QgsProcessingOutputNumber("N_SITES", self.tr("Number of candidate sites")))
        self.addOutput(QgsProcessingOutputNumber("N_PICKED", self.tr("Sites in the portfolio")))
        self.addOutput(QgsProcessingOutputNumber("EC_PC_HA", self.tr("Equivalent connected area EC(PC) (ha)")))

    def _options(self, parameters: dict, context: Any, neighbours: int) -> PriorityOptions:
        max_site = parameters.get(MAX_SITE)
        cost_ha = parameters.get(COST_PER_HA)
        return PriorityOptions(
            target_ecosystem=self.parameterAsString(parameters, TARGET, context) or "mangrove",
            threshold=self.parameterAsDouble(parameters, THRESHOLD, context),
            probability=self.parameterAsDouble(parameters, PROBABILITY, context),
            p_min=self.parameterAsDouble(parameters, PROBABILITY_CUT, context),
            max_site_ha=self.parameterAsDouble(parameters, MAX_SITE, context) if max_site not in (None, "") else None,
            min_site_ha=self.parameterAsDouble(parameters, MIN_SITE, context),
            neighbours=neighbours,
            cost_per_ha=self.parameterAsDouble(parameters, COST_PER_HA, context) if cost_ha not in (None, "") else None,
            weight_carbon=self.parameterAsDouble(parameters, WEIGHT_CARBON, context),
            weight_connectivity=self.parameterAsDouble(parameters, WEIGHT_CONNECTIVITY, context),
            weight_flow=self.parameterAsDouble(parameters, WEIGHT_FLOW, context),
            objective=self.parameterAsString(parameters, OBJECTIVE, context) or "score",
            budget_kind=self.parameterAsString(parameters, BUDGET_KIND, context) or "area",
            budget=self.parameterAsDouble(parameters, BUDGET, context),
            distance_mode=self.parameterAsString(parameters, DISTANCE, context) or STRAIGHT_LINE,
        )

    def _raster(self, parameters: dict, key: str, context: Any):
        if parameters.get(key) in (None, ""):
            return None
        layer = self.parameterAsRasterLayer(parameters, key, context)
        if layer is None:
            raise QgsProcessingException(self.tr("The raster {key} could not be loaded. Fix: choose a raster file.")
                                         .format(key=key))
        return open_landcover(layer.source(), 1)

    def execute(self, parameters: dict, context: Any, feedback: Any) -> dict:  # noqa: D102
        inputs = groups.landcover_inputs(self, parameters, context, feedback)
        options = self._options(parameters, context, inputs["neighbours"])
        options.check()
        portfolio_csv = self.parameterAsFileOutput(parameters, OUTPUT_PORTFOLIO, context)
        chart = self.parameterAsFileOutput(parameters, OUTPUT_CHART, context) if parameters.get(OUTPUT_CHART) else ""
        for path in (portfolio_csv, chart):
            if path:
                check_writable(path)
        steps = Steps(feedback)
        table = groups.read_carbon_table(self, parameters, context, feedback).table
        rate, semantics = restored_rate(table, options.target_ecosystem)
        feedback.pushInfo(self.tr("Restored {eco}: {rate} t C/ha/yr ({semantics})").format(
            eco=options.target_ecosystem, rate=f"{rate:.4g}", semantics=semantics))
        suitability = self._raster(parameters, SUITABILITY, context)
        cost = self._raster(parameters, COST_RASTER, context)
        lc, scheme = open_classified(inputs["path"], inputs["band"], inputs["legend"], inputs["group_by"])
        with lc:
            habitat = habitat_classes(scheme, parse_class_list(inputs["classes"]))
            restorable = [] if suitability is not None else restorable_classes(
                scheme, parse_class_list(self.parameterAsString(parameters, RESTORABLE, context) or ""), habitat)
            self.warn_if_geographic(lc, feedback)
            classes, candidate, cost_values = read_priority_inputs(lc, scheme, restorable, suitability, cost)
            geom = lc.geometry
            flow_gain = self._flow_gain(parameters, context, feedback, inputs, lc, scheme, table, rate,
                                        steps.sub(0.675, 0.81)) if has_demand(parameters) else None
            resistance = None
            if options.distance_mode == LEAST_COST:  # the resistance table of the flow group, one for both
                table_path = self.parameterAsFile(parameters, groups.RESISTANCE_FILE, context)
                resistance = resistance_reader(lc, scheme, load_resistance(table_path or None))
            result = assess_priority(classes, habitat, candidate, geom.row_area_m2, geom.dx_m, geom.dy_m, rate, options,
                                     cost_values, steps.sub(0.0, 0.9), flow_gain, resistance)
            transform, crs_wkt = lc.grid.transform, lc.grid.crs_wkt
        del classes, candidate, cost_values
        crs = QgsCoordinateReferenceSystem.fromWkt(crs_wkt)
        dest = None

        def polygons() -> None:
            nonlocal dest
            dest = self._write_sites(parameters, context, result, transform, crs)

        labels = {
            "x": self.tr("Budget spent (ha)") if options.budget_kind == "area" else self.tr("Budget spent (cost units)"),
            "carbon": self.tr("Cumulative sequestration gain (t CO2e/yr)"),
            "ec": self.tr("Cumulative EC(PC) gain (ha)"),
            "flow": self.tr("Cumulative flow gain (t CO2e/yr)"),
            "title": self.tr("Restoration portfolio: gain against budget"),
            "empty": self.tr("No site fits in the budget."),
        }
        write_priority(result, "", portfolio_csv, chart, before_commit=polygons, chart_labels=labels)
        style_sites_layer(dest, context)
        land = result.landscape
        feedback.pushInfo(self.tr("{n} candidate sites; {k} in the portfolio; EC(PC) of the habitat {ec} ha").format(
            n=result.sites.n, k=len(result.portfolio), ec=f"{land['EC_PC_ha']:.6g}"))
        if "attributed_flow_tC_yr" in land:
            feedback.pushInfo(self.tr("Flow attributed to the demand units now: {flow} t C/yr; the portfolio adds "
                                      "{gain} t C/yr").format(
                flow=f"{land['attributed_flow_tC_yr']:.6g}",
                gain=f"{sum(p.marginal_flow_tC_yr for p in result.portfolio):.6g}"))
        outputs = {OUTPUT_SITES: dest, OUTPUT_PORTFOLIO: portfolio_csv, "N_SITES": float(result.sites.n),
                   "N_PICKED": float(len(result.portfolio)), "EC_PC_HA": float(land["EC_PC_ha"])}
        if chart:
            outputs[OUTPUT_CHART] = chart
        feedback.setProgress(100)
        return outputs

    def _flow_gain(self, parameters, context, feedback, inputs, lc, scheme, table, rate, steps):
        """The flow group read into demand units and flow options; returns sites → core FlowGain (the flow engine's)."""
        demand = read_demand(self, parameters, context, lc, feedback)
        sink = groups.read_sink_options(self, parameters, context, inputs["neighbours"], draws=False)
        flow_options = groups.read_flow_options(self, parameters, context, sink)

        def build(sites):
            gain, warnings = site_flow_gain(lc, scheme, table, demand, flow_options, sites, rate, steps)
            for warning in warnings:
                feedback.pushWarning(warning)
            return gain

        return build

    def _write_sites(self, parameters, context, result, transform, crs) -> str:
        table = result.table
        names = list(table)
        integer = [np.asarray(table[name]).dtype.kind in "iub" for name in names]
        fields = QgsFields()
        for name, is_int in zip(names, integer):
            fields.append(QgsField(name, FIELD_TYPES["int"] if is_int else FIELD_TYPES["float"]))
        sink, dest = self.parameterAsSink(parameters, OUTPUT_SITES, context, fields, QgsWkbTypes.Type.MultiPolygon, crs)
        if sink is None:
            raise QgsProcessingException(self.tr("The site layer could not be created. Fix: choose another output."))
        order = {int(s): k for k, s in enumerate(np.argsort(table["rank"], kind="stable"))}
        geoms = dict(site_polygons(result.sites.labels, transform))
        for s in sorted(order, key=order.get):
            feature = QgsFeature(fields)
            geometry = QgsGeometry()
            geometry.fromWkb(geoms[s + 1].wkb)
            feature.setGeometry(geometry)
            feature.setAttributes([_value(table[n][s], is_int) for n, is_int in zip(names, integer)])
            if not sink.addFeature(feature, QgsFeatureSink.Flag.FastInsert):
                raise QgsProcessingException(self.tr("Writing the sites failed. Fix: check the output folder."))
        return dest


def _value(value: Any, is_int: bool) -> Any:
    """An attribute value: int, float, or None (NULL) for a missing number."""
    if is_int:
        return int(value)
    value = float(value)
    return value if np.isfinite(value) else None


def has_demand(parameters: dict) -> bool:
    """True when a demand layer or a demand raster is given (then every site gets its flow gain)."""
    return any(parameters.get(k) not in (None, "") for k in (groups.DEMAND_UNITS, groups.DEMAND_RASTER))
