"""bluecarbon:carbonserviceflow — where the carbon taken up by each blue-carbon patch goes: flows to demand units."""

from __future__ import annotations

import dataclasses
import json
from contextlib import ExitStack
from typing import Any, Optional

import numpy as np
from qgis.core import (
    QgsProcessingParameterNumber,
    QgsProcessingParameterRange,
    QgsClassificationJenks,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsGeometry,
    QgsGraduatedSymbolRenderer,
    QgsPointXY,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsSymbol,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from qgis.PyQt.QtGui import QColor

from ...core.feedback import Steps
from ...core.flow import (
    add_pooled_esdr,
    assess_flow,
    compare_flows,
    decompose_flow_change,
    flow_uncertainty,
)
from ...core.flow.demand import check_fields
from ...core.flow.routes import route_xy, write_flow_through_raster
from ...core.flow.uncertainty import add_intervals, check_edge_factor_range
from ...core.flow.outputs import (
    write_balance_raster,
    write_change_table,
    write_decomposition_table,
    write_demand_table,
    write_network_table,
    write_patch_table,
    write_zone_table,
)
from ...core.flow.zones import Zones, zone_summaries
from ...core.classes import open_classified
from ...core.io import OutputBatch, check_writable
from .. import parameters as groups
from ..base import BlueCarbonAlgorithm
from ..demand import INPUT_2, read_demand, read_second_demand, second_landcover_path
from ..features import file_destination, py_value, write_features
from ..styles import DIVERGING_GREEN, style_diverging_raster, style_surface_raster, style_vector_output

OUTPUT_LINKS = "OUTPUT_LINKS"
OUTPUT_PATCHES = "OUTPUT_PATCHES"
OUTPUT_DEMAND = "OUTPUT_DEMAND"
OUTPUT_NETWORK = "OUTPUT_NETWORK"
OUTPUT_BALANCE = "OUTPUT_BALANCE"
OUTPUT_UNITS = "OUTPUT_UNITS"
OUTPUT_CHANGE = "OUTPUT_CHANGE"
OUTPUT_DECOMPOSITION = "OUTPUT_DECOMPOSITION"
OUTPUT_ROUTES = "OUTPUT_ROUTES"
OUTPUT_FLOW_THROUGH = "OUTPUT_FLOW_THROUGH"
UNCERTAINTY_DRAWS = "UNCERTAINTY_DRAWS"
UNCERTAINTY_EDGE_FACTOR = "UNCERTAINTY_EDGE_FACTOR"
UNCERTAINTY_DEMAND_SD = "UNCERTAINTY_DEMAND_SD"
UNCERTAINTY_SEED = 1  # the draws' random seed: the same intervals on every run
ZONES = "ZONES"
ZONE_FIELD = "ZONE_FIELD"
ZONE_RADIUS = "ZONE_RADIUS"
OUTPUT_ZONES = "OUTPUT_ZONES"

LINK_STYLE_NAME = "bluecarbon_flows_by_amount"
ROUTE_STYLE_NAME = "bluecarbon_routes_by_amount"
LINK_FIELDS = (("patch_id", "int"), ("unit_id", "int"), ("flow_tC_yr", "float"), ("attributed_tC_yr", "float"),
               ("attributed_tCO2e_yr", "float"), ("distance_m", "float"),
               ("share", "float"), ("share_of_received", "float"), ("date", "int"), ("change", "text"))
ROUTE_FIELDS = (("patch_id", "int"), ("unit_id", "int"), ("attributed_tC_yr", "float"), ("cost", "float"),
                ("length_m", "float"), ("date", "int"))


class CarbonServiceFlow(BlueCarbonAlgorithm):
    """Supply per patch, flows attributed to demand units, supply–demand balance, network indices, two-date channels."""

    GROUP = "Carbon service flow"
    GROUP_ID = "flow"
    HELP_PAGE = "service-flow.md"
    HELP = """
<p>Where the carbon taken up by each mangrove, salt-marsh or seagrass patch "goes": which demand units
(emitting settlements, industry, ports) each patch serves, how strongly, and how fragmentation breaks the links
(after the coastal study of Acta Geographica Sinica 2024, 79(1): 114-133; SPAN framework of Bagstad et al. 2013).</p>
<ul>
<li><b>Supply</b> S<sub>i</sub> (t C/yr) of patch i: annual sequestration from the sink engine (same patches and
ids as bluecarbon:patchfragmentation), effective area = core + f × edge area when an edge band is given, so
supply falls as patches fragment.</li>
<li><b>Demand</b> D<sub>j</sub> (t C/yr) of unit j: a numeric field of a point or polygon layer, or a demand
raster (emissions, or night-time light) summed into the units' polygons, the points' nearest-point regions, or grid
cells of the chosen size; both read in the demand measure: t C/yr, t CO₂/yr (× 12/44) or other × the coefficient.</li>
<li><b>Flow attributed to the units</b> (a convention of local offsetting: CO₂ uptake benefits everyone through
the atmosphere; nothing is transported). Allocation (advanced): <i>capped</i> (default) attributes F<sub>ij</sub>
in proportion to D<sub>j</sub> f(d<sub>ij</sub>) with Σ<sub>j</sub> F<sub>ij</sub> ≤ S<sub>i</sub> and
Σ<sub>i</sub> F<sub>ij</sub> ≤ D<sub>j</sub>, as much as the reach graph can carry (the LP optimum); <i>accessible
supply</i> is the first model, F<sub>ij</sub> = S<sub>i</sub> D<sub>j</sub> f(d<sub>ij</sub>) /
Σ<sub>k</sub> D<sub>k</sub> f(d<sub>ik</sub>) without capacity; <i>aspatial</i>: every patch serves every unit in
proportion to its demand. Only pairs with d ≤ d<sub>max</sub> count; f(d) = exp(−d/λ) or
(d + d<sub>0</sub>)<sup>−β</sup>, or given by meaning: weight p at distance d<sub>ref</sub>. Sources are cells
(default: the result does not depend on how cells are grouped into patches) or patches. Supply not attributed is
<i>unallocated</i>, split into "no demand in reach" and "demand in reach saturated": S = Σ F + U.
d<sub>ij</sub>: straight line, or least cost over a resistance grid from the land cover (class → resistance CSV;
cost = step length × mean resistance, 8 neighbours; distances in cost-metres).</li>
<li><b>Balance</b> of unit j: R<sub>j</sub> = Σ<sub>i</sub> F<sub>ij</sub>, B<sub>j</sub> = R<sub>j</sub> − D<sub>j</sub>,
ESDR<sub>j</sub> = (R<sub>j</sub> − D<sub>j</sub>) / ((R<sub>max</sub> + D<sub>max</sub>)/2);
share of demand met = Σ min(R<sub>j</sub>, D<sub>j</sub>) / Σ D<sub>j</sub>.</li>
<li><b>Network</b> (patches with supply + units with demand, links with F &gt; 0): link density
e/(n<sub>s</sub>n<sub>d</sub>), Kansky's α = (e − v + p)/(2v − 5), β = e/v, γ = e/(3(v − 2)).</li>
<li><b>Two dates</b> (optional second raster on the same grid, optionally with its own demand): patches matched
by overlap; links kept, lost, gained; patches lost, split, merged, shrunk, grown, new; and the change in attributed
flow split into area, edge, reach, saturation and demand channels (order-averaged counterfactual runs).</li>
</ul>
<p>Outputs: flow lines (patch point → unit point, width by flow), patch, demand and network tables (CSV), balance
raster (balance and ESDR). λ, β, d<sub>0</sub>, d<sub>max</sub> and the resistances are your choices: the defaults
only make the tool run.</p>
<p>References: Bagstad K.J. et al. (2013) Ecosystem Services 4: 117-125; Kansky K.J. (1963) Structure of
transportation networks, Univ. Chicago; Li J. et al. (2016) Ecological Indicators 60: 1008-1016 (ESDR).</p>
"""

    def name(self) -> str:  # noqa: D102
        return "carbonserviceflow"

    def displayName(self) -> str:  # noqa: N802,D102
        return self.tr("Carbon sequestration service flow (patches → demand units)")

    def initAlgorithm(self, config: Any = None) -> None:  # noqa: N802,D102
        groups.add_landcover_parameters(self, with_classes=False)
        self.addParameter(
            QgsProcessingParameterRasterLayer(
                INPUT_2, self.tr("Second-date land-cover raster (same grid; optional, for changes)"), optional=True
            )
        )
        groups.add_carbon_parameters(self, draws=None)
        groups.add_flow_parameters(self)
        self.addParameter(groups.advanced(groups.number(
            UNCERTAINTY_DRAWS, self.tr("Monte Carlo draws of the rates for intervals on the flows (0 = none; writes "
                                       "90 % interval columns _lo and _hi)"), 0, minimum=0, maximum=2000,
            integer=True)))
        self.addParameter(groups.advanced(QgsProcessingParameterRange(
            UNCERTAINTY_EDGE_FACTOR, self.tr("Edge factor's range in the draws, low and high (optional; with an edge "
                                             "band: one factor per draw, uniform in the range, at both dates)"),
            QgsProcessingParameterNumber.Type.Double, optional=True)))
        self.addParameter(groups.advanced(groups.number(
            UNCERTAINTY_DEMAND_SD, self.tr("Demand uncertainty in the draws: log-normal σ of each unit's demand "
                                           "(0 = demand as given)"), 0.0, minimum=0.0, maximum=3.0)))
        self.addParameter(
            QgsProcessingParameterFeatureSink(OUTPUT_LINKS, self.tr("Flow links"), QgsProcessing.SourceType.TypeVectorLine)
        )
        for key, text in ((OUTPUT_PATCHES, QT_TRANSLATE_NOOP("BlueCarbon", "Patch supply table")),
                          (OUTPUT_DEMAND, QT_TRANSLATE_NOOP("BlueCarbon", "Demand balance table")),
                          (OUTPUT_NETWORK, QT_TRANSLATE_NOOP("BlueCarbon", "Network indices"))):
            self.addParameter(QgsProcessingParameterFileDestination(key, self.tr(text), self.tr("CSV files (*.csv)")))
        self.addParameter(
            QgsProcessingParameterRasterDestination(OUTPUT_BALANCE, self.tr("Supply–demand balance raster"), optional=True)
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                OUTPUT_UNITS, self.tr("Demand units with their balance"), QgsProcessing.SourceType.TypeVectorPoint, optional=True,
                createByDefault=False,
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                OUTPUT_CHANGE, self.tr("Patch changes between the dates (with a second raster)"), self.tr("CSV files (*.csv)"),
                optional=True, createByDefault=False,
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                OUTPUT_DECOMPOSITION,
                self.tr("Change in attributed flow by channel: area, edge, reach, saturation, demand (with a second "
                        "raster)"),
                self.tr("CSV files (*.csv)"), optional=True, createByDefault=False,
            )
        )
        self.addParameter(QgsProcessingParameterFeatureSource(
            ZONES, self.tr("Zones for summaries (polygons, e.g. reclamation, port, reed wetland; optional)"),
            [QgsProcessing.SourceType.TypeVectorPolygon], optional=True))
        self.addParameter(groups.advanced(QgsProcessingParameterField(
            ZONE_FIELD, self.tr("Zone name field (optional)"), parentLayerParameterName=ZONES, optional=True)))
        self.addParameter(groups.advanced(groups.number(
            ZONE_RADIUS, self.tr("Moving-window radius of the zone summaries (m)"), 500.0, minimum=0.0)))
        self.addParameter(
            QgsProcessingParameterFileDestination(
                OUTPUT_ZONES,
                self.tr("Zone summaries: moving-window PLAND and ED, blue-carbon area, flow-change channels (with "
                        "zones)"),
                self.tr("CSV files (*.csv)"), optional=True, createByDefault=False,
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                OUTPUT_ROUTES, self.tr("Least-cost routes of the links above the link threshold (least cost only)"),
                QgsProcessing.SourceType.TypeVectorLine, optional=True, createByDefault=False,
            )
        )
        self.addParameter(
            QgsProcessingParameterRasterDestination(
                OUTPUT_FLOW_THROUGH, self.tr("Flow through each cell along the routes, t C/yr (least cost only)"),
                optional=True, createByDefault=False,
            )
        )
        groups.add_performance_parameters(self)
        for key, text in (
            ("DELIVERED_TC_YR", QT_TRANSLATE_NOOP("BlueCarbon", "Flow attributed to the demand units (t C/yr)")),
            ("MAX_DELIVERABLE_TC_YR", QT_TRANSLATE_NOOP("BlueCarbon", "Most the reach graph can attribute (t C/yr)")),
            ("UNALLOCATED_TC_YR", QT_TRANSLATE_NOOP("BlueCarbon", "Unallocated supply (t C/yr)")),
            ("SHARE_OF_DEMAND_MET", QT_TRANSLATE_NOOP("BlueCarbon", "Share of demand met")),
            ("N_LINKS", QT_TRANSLATE_NOOP("BlueCarbon", "Number of flow links")),
        ):
            self.addOutput(QgsProcessingOutputNumber(key, self.tr(text)))

    # -- run ---------------------------------------------------------------------------------------

    def execute(self, parameters: dict, context: Any, feedback: Any) -> dict:  # noqa: D102
        inputs = groups.landcover_inputs(self, parameters, context, feedback)
        second = second_landcover_path(self, parameters, context)
        paths = {key: self.parameterAsFileOutput(parameters, key, context)
                 for key in (OUTPUT_PATCHES, OUTPUT_DEMAND, OUTPUT_NETWORK, OUTPUT_CHANGE, OUTPUT_DECOMPOSITION,
                             OUTPUT_ZONES)}
        balance_path = self.parameterAsOutputLayer(parameters, OUTPUT_BALANCE, context)
        sinks = [file_destination(self.parameterAsOutputLayer(parameters, k, context))
                 for k in (OUTPUT_LINKS, OUTPUT_UNITS, OUTPUT_ROUTES)]
        through_path = self.parameterAsOutputLayer(parameters, OUTPUT_FLOW_THROUGH, context)
        steps = Steps(feedback)
        results = []
        try:
            for path in [*paths.values(), balance_path, through_path, *sinks]:
                if path:
                    check_writable(path)
            if paths[OUTPUT_CHANGE] and not second:
                feedback.pushWarning(self.tr("No second-date raster: the patch change table is not written."))
            if paths[OUTPUT_DECOMPOSITION] and not second:
                feedback.pushWarning(self.tr("No second-date raster: the decomposition of the flow change is not "
                                             "written."))
            with_zones = bool(paths[OUTPUT_ZONES] and parameters.get(ZONES) not in (None, ""))
            if paths[OUTPUT_ZONES] and not with_zones:
                feedback.pushWarning(self.tr("No zone layer: the zone summaries are not written."))
            sink = groups.read_sink_options(self, parameters, context, inputs["neighbours"], draws=False)
            options = groups.read_flow_options(self, parameters, context, sink)
            options = dataclasses.replace(
                options, parallelism=groups.read_parallelism(self, parameters, context),
                routes=bool(through_path or parameters.get(OUTPUT_ROUTES) not in (None, "")))
            table = groups.read_carbon_table(self, parameters, context, feedback).table
            sources = [inputs["path"]] + ([second] if second else [])
            decompose = bool(second and (paths[OUTPUT_DECOMPOSITION] or with_zones))
            draws = self.parameterAsInt(parameters, UNCERTAINTY_DRAWS, context) \
                if parameters.get(UNCERTAINTY_DRAWS) not in (None, "") else 0
            edge_range = check_edge_factor_range(self.parameterAsRange(parameters, UNCERTAINTY_EDGE_FACTOR, context)) \
                if parameters.get(UNCERTAINTY_EDGE_FACTOR) not in (None, "") else None
            demand_sd = self.parameterAsDouble(parameters, UNCERTAINTY_DEMAND_SD, context) \
                if parameters.get(UNCERTAINTY_DEMAND_SD) not in (None, "") else 0.0
            span = (0.6 if decompose or with_zones else 0.8) / len(sources)
            demand = zones = None
            demands = []
            for k, path in enumerate(sources):
                lc, scheme = open_classified(path, inputs["band"], inputs["legend"], inputs["group_by"])
                with lc:
                    if k == 0:
                        self.warn_if_geographic(lc, feedback)
                        demand = read_demand(self, parameters, context, lc, feedback)
                        if with_zones:  # read before the runs: a bad zone layer fails early
                            zones = self._zones(parameters, context, lc.grid.crs_wkt)
                        feedback.pushInfo(self.tr("Demand: {0} units, {1:,.1f} t C/yr ({2}).").format(
                            demand.size, float(demand.demand_tC_yr.sum()), demand.description))
                    else:
                        demand = read_second_demand(self, parameters, context, demand, feedback)
                    demands.append(demand)
                    result = assess_flow(lc, scheme, table, demand, options, steps.sub(k * span, (k + 1) * span))
                    results.append(result)
                    if draws > 0:
                        add_intervals(result, flow_uncertainty(result, scheme, table, draws, UNCERTAINTY_SEED,
                                                               edge_factor_range=edge_range, demand_log_sd=demand_sd))
                    for warning in result.warnings:
                        feedback.pushWarning(warning)
            add_pooled_esdr(results)
            early = decompose or with_zones
            change = compare_flows(results[0], results[1], steps.sub(0.6 if early else 0.8, 0.65 if early
                                                                     else 0.85)) if second else None
            decomposition = None
            if decompose:
                decomposition = self._decompose(sources, inputs, table, demands, options, draws, edge_range,
                                                steps.sub(0.65, 0.8 if with_zones else 0.85))
            zone_table = None
            if with_zones:
                radius = self.parameterAsDouble(parameters, ZONE_RADIUS, context)
                zone_table = self._zone_table(sources, inputs, zones, radius, decomposition, steps.sub(0.8, 0.85))
            self._through_path = through_path
            outputs = self._write(parameters, context, feedback, results, change, paths, balance_path, options,
                                  results[0].grid, decomposition, zone_table)
        finally:
            for r in results:
                r.close()
        net = results[-1].network
        outputs["DELIVERED_TC_YR"] = float(net["delivered_tC_yr"])
        outputs["UNALLOCATED_TC_YR"] = float(net["unallocated_tC_yr"])
        outputs["MAX_DELIVERABLE_TC_YR"] = float(net["max_deliverable_tC_yr"])
        outputs["SHARE_OF_DEMAND_MET"] = float(net["share_of_demand_met"])
        outputs["N_LINKS"] = float(net["links_e"])
        feedback.pushInfo(
            self.tr("Supply {0:,.2f} t C/yr: attributed to the units {1:,.2f} ({6} allocation), unallocated {2:,.2f} "
                    "(no demand in reach {7:,.2f}, demand in reach saturated {8:,.2f}); demand {3:,.1f} t C/yr, "
                    "{4:.1%} met; {5:.0f} links.").format(
                net["supply_tC_yr"], net["attributed_tC_yr"], net["unallocated_tC_yr"], net["demand_tC_yr"],
                net["share_of_demand_met"], net["links_e"], net["allocation"], net["unallocated_no_demand_tC_yr"],
                net["unallocated_saturated_tC_yr"])
        )
        return outputs

    def _decompose(self, sources, inputs, table, demands, options, draws, edge_range, steps):
        """Both maps open at once: the change in attributed flow split into channels (core.flow.attribution)."""
        lc1, scheme1 = open_classified(sources[0], inputs["band"], inputs["legend"], inputs["group_by"])
        with lc1:
            lc2, scheme2 = open_classified(sources[1], inputs["band"], inputs["legend"], inputs["group_by"])
            with lc2:
                return decompose_flow_change(lc1, scheme1, lc2, scheme2, table, demands[0], demands[1],
                                             dataclasses.replace(options, routes=False), draws=draws,
                                             seed=UNCERTAINTY_SEED, edge_factor_range=edge_range, feedback=steps)

    def _zones(self, parameters: dict, context: Any, crs_wkt: str) -> Zones:
        """The zone polygons as GeoJSON-like dicts in the land cover's CRS, with their ids (fid) and names."""
        source = self.parameterAsSource(parameters, ZONES, context)
        if source is None:
            raise QgsProcessingException(self.tr("The zone layer could not be loaded. Fix: choose a polygon layer."))
        name_field = self.parameterAsString(parameters, ZONE_FIELD, context)
        check_fields(f"The zone layer '{source.sourceName()}'", source.fields().names(), zone_name_field=name_field)
        crs = QgsCoordinateReferenceSystem.fromWkt(crs_wkt)
        transform = None
        if source.sourceCrs().isValid() and crs.isValid() and source.sourceCrs() != crs:
            transform = QgsCoordinateTransform(source.sourceCrs(), crs, context.transformContext())
        ids, names, shapes = [], [], []
        for feature in source.getFeatures():
            geometry = feature.geometry()
            if geometry is None or geometry.isEmpty():
                raise QgsProcessingException(self.tr(
                    "Feature {id} of the zone layer '{layer}' has no geometry. Fix: Give every zone a polygon or "
                    "remove it.").format(id=feature.id(), layer=source.sourceName()))
            if transform is not None:
                geometry.transform(transform)
            if not geometry.isGeosValid():
                geometry = geometry.makeValid()
            ids.append(feature.id())
            names.append(str(feature[name_field]) if name_field else str(feature.id()))
            shapes.append(json.loads(geometry.asJson()))
        return Zones(ids, names, shapes, crs_wkt)

    def _zone_table(self, sources, inputs, zones, radius, decomposition, steps) -> dict:
        """Both maps open at once: the zone summaries (core.flow.zones)."""
        with ExitStack() as stack:
            maps = []
            for path in sources:
                lc, scheme = open_classified(path, inputs["band"], inputs["legend"], inputs["group_by"])
                maps.append((stack.enter_context(lc), scheme))
            return zone_summaries(zones, maps, radius, decomposition, neighbours=inputs["neighbours"], feedback=steps)

    # -- outputs -----------------------------------------------------------------------------------

    def _write(self, parameters, context, feedback, results, change, paths, balance_path, options, grid,
               decomposition=None, zone_table=None) -> dict:
        """Stage tables and raster, write the layers after the last cancellation check, publish together."""
        steps = Steps(feedback, 85, 100)
        outputs: dict = {}
        crs = QgsCoordinateReferenceSystem.fromWkt(grid.crs_wkt)
        with OutputBatch() as batch:
            write_patch_table(paths[OUTPUT_PATCHES], results, batch)
            write_demand_table(paths[OUTPUT_DEMAND], results, batch)
            write_network_table(paths[OUTPUT_NETWORK], results, change, batch)
            outputs.update({k: paths[k] for k in (OUTPUT_PATCHES, OUTPUT_DEMAND, OUTPUT_NETWORK)})
            if change is not None and paths[OUTPUT_CHANGE]:
                write_change_table(paths[OUTPUT_CHANGE], change, batch)
                outputs[OUTPUT_CHANGE] = paths[OUTPUT_CHANGE]
            if decomposition is not None and paths[OUTPUT_DECOMPOSITION]:
                write_decomposition_table(paths[OUTPUT_DECOMPOSITION], decomposition, batch)
                outputs[OUTPUT_DECOMPOSITION] = paths[OUTPUT_DECOMPOSITION]
            if zone_table is not None:
                write_zone_table(paths[OUTPUT_ZONES], zone_table, batch)
                outputs[OUTPUT_ZONES] = paths[OUTPUT_ZONES]
            steps.progress(0.3)
            if balance_path:
                write_balance_raster(balance_path, results, grid, options.max_distance_m, batch)
                outputs[OUTPUT_BALANCE] = balance_path
            through_max = None
            if getattr(self, "_through_path", None):
                through_max = write_flow_through_raster(self._through_path, [r.routes for r in results], grid, batch)
                outputs[OUTPUT_FLOW_THROUGH] = self._through_path
            steps.progress(0.6)  # the last chance to cancel: the layers are written, then the batch published
            self._link_dest = self._write_links(parameters, context, results, change, crs)
            outputs[OUTPUT_LINKS] = self._link_dest
            if parameters.get(OUTPUT_UNITS) not in (None, ""):
                outputs[OUTPUT_UNITS] = self._write_units(parameters, context, results, crs)
            self._route_dest = None
            if parameters.get(OUTPUT_ROUTES) not in (None, ""):
                self._route_dest = outputs[OUTPUT_ROUTES] = self._write_routes(parameters, context, results, crs)
        if through_max is not None:
            style_surface_raster(self._through_path, 0.0, through_max)
        if balance_path:
            b = np.concatenate([r.units["balance_tC_yr"] for r in results])
            reach = float(np.nanmax(np.abs(b))) if b.size else 1.0
            style_diverging_raster(balance_path, reach, DIVERGING_GREEN)
        feedback.setProgress(100)
        return outputs

    def _write_links(self, parameters, context, results, change, crs) -> str:
        def features():
            for k, r in enumerate(results):
                links = r.links
                status = [""] * links["flow_tC_yr"].size
                if change is not None:
                    status = change.first_link_change if k == 0 else change.second_link_change
                for i in range(links["flow_tC_yr"].size):
                    yield (QgsGeometry.fromPolylineXY([QgsPointXY(links["x0"][i], links["y0"][i]),
                                                       QgsPointXY(links["x1"][i], links["y1"][i])]),
                           [int(links["patch_id"][i]), int(links["unit_id"][i]), py_value(links["flow_tC_yr"][i]),
                            py_value(links["attributed_tC_yr"][i]), py_value(links["attributed_tCO2e_yr"][i]),
                            py_value(links["distance_m"][i]), py_value(links["share"][i]),
                            py_value(links["share_of_received"][i]), k + 1, str(status[i])])

        return write_features(self, parameters, context, OUTPUT_LINKS, LINK_FIELDS, QgsWkbTypes.Type.LineString, crs,
                              features(), self.tr("the flow-link layer"))

    def _write_routes(self, parameters, context, results, crs) -> str:
        """One line per route (cell centres from the patch to the unit), one date after the other."""
        def features():
            for k, r in enumerate(results):
                routes = r.routes
                for i in range(routes.size):
                    x, y = route_xy(routes, i, r.grid.transform)
                    yield (QgsGeometry.fromPolylineXY([QgsPointXY(a, b) for a, b in zip(x, y)]),
                           [int(r.supply_ids[routes.patch[i]]), int(r.demand.unit_id[routes.unit[i]]),
                            py_value(routes.flow[i]), py_value(routes.cost[i]), py_value(routes.length_m[i]), k + 1])

        return write_features(self, parameters, context, OUTPUT_ROUTES, ROUTE_FIELDS, QgsWkbTypes.Type.LineString, crs,
                              features(), self.tr("the route layer"))

    def _write_units(self, parameters, context, results, crs) -> str:
        table = results[0].units
        spec = [("date", "int")] + [(name, "text" if name == "name" else ("int" if name in ("unit_id", "n_suppliers")
                                                                          else "float")) for name in table]
        features = ((QgsGeometry.fromPointXY(QgsPointXY(r.units["x"][i], r.units["y"][i])),
                     [k + 1] + [py_value(r.units[name][i]) for name in table])
                    for k, r in enumerate(results) for i in range(r.units["unit_id"].size))
        return write_features(self, parameters, context, OUTPUT_UNITS, spec, QgsWkbTypes.Type.Point, crs, features,
                              self.tr("the demand-unit layer"))

    def postProcessAlgorithm(self, context: Any, feedback: Any) -> dict:  # noqa: N802
        """Store the line-width-by-flow style in the written flow layer."""
        dest = getattr(self, "_link_dest", None)
        if dest:
            style_link_layer(dest, context)
        routes = getattr(self, "_route_dest", None)
        if routes:
            style_vector_output(routes, context, route_renderer, ROUTE_STYLE_NAME, QCoreApplication.translate(
                "BlueCarbon", "Blue Carbon least-cost routes, line width by attributed flow (t C/yr)"))
        return {}


def route_renderer(layer: QgsVectorLayer, classes: int = 5) -> Optional[QgsGraduatedSymbolRenderer]:
    """Routes graduated in width by attributed flow (Jenks classes, 0.3 to 3 mm), as the links."""
    return link_renderer(layer, classes, "attributed_tC_yr")


def link_renderer(layer: QgsVectorLayer, classes: int = 5,
                  field: str = "flow_tC_yr") -> Optional[QgsGraduatedSymbolRenderer]:
    """Lines graduated in width by flow (Jenks classes, 0.3 to 3 mm)."""
    if layer.fields().indexOf(field) < 0:
        return None
    renderer = QgsGraduatedSymbolRenderer(field)
    renderer.setClassificationMethod(QgsClassificationJenks())
    symbol = QgsSymbol.defaultSymbol(layer.geometryType())
    symbol.setColor(QColor("#1b7837"))
    renderer.setSourceSymbol(symbol)
    renderer.updateClasses(layer, classes)
    renderer.setGraduatedMethod(QgsGraduatedSymbolRenderer.GraduatedMethod.GraduatedSize)
    renderer.setSymbolSizes(0.3, 3.0)
    return renderer


def style_link_layer(dest: str, context: Any) -> None:
    """Style the flow layer (width by flow), store the style in its GeoPackage, restyle it when loaded."""
    style_vector_output(dest, context, link_renderer, LINK_STYLE_NAME,
                        QCoreApplication.translate("BlueCarbon", "Blue Carbon flow links, line width by flow (t C/yr)"))
