"""bluecarbon:connectivity — IIC, PC, EC and each node's dIIC/dPC (intra, flux, connector), optional corridors."""

from __future__ import annotations

from typing import Any

import numpy as np
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsGeometry,
    QgsPointXY,
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP

from ...core.feedback import Steps
from ...core.classes import open_classified
from ...core.fragmentation.job import parse_class_list
from ...core.restoration.job import habitat_classes
from ...core.io import check_writable
from ...core.restoration.connectivity import P_MIN
from ...core.restoration.engine import (
    DEFAULT_PROBABILITY, ConnectivityOptions, assess_connectivity, write_connectivity,
)
from ...core.restoration.nodes import DISTANCE_MODES, NODE_KINDS, STRAIGHT_LINE, PATCHES
from .. import parameters as groups
from ..base import BlueCarbonAlgorithm
from ..features import write_features
from ..styles import style_surface_raster

NODES = "NODES"
EDGE_WIDTH = "EDGE_WIDTH"
DISTANCE = "DISTANCE"
RESISTANCE_FILE = "RESISTANCE_FILE"
THRESHOLD = "THRESHOLD"
PROBABILITY = "PROBABILITY"
LANDSCAPE_AREA = "LANDSCAPE_AREA"
PROBABILITY_CUT = "PROBABILITY_CUT"
IIC_CONNECTORS = "IIC_CONNECTORS"
OUTPUT_NODES = "OUTPUT_NODES"
OUTPUT_LANDSCAPE = "OUTPUT_LANDSCAPE"
OUTPUT_CORRIDORS = "OUTPUT_CORRIDORS"
OUTPUT_CORRIDOR_RASTER = "OUTPUT_CORRIDOR_RASTER"
OUTPUT_CURRENT = "OUTPUT_CURRENT"


class Connectivity(BlueCarbonAlgorithm):
    """Graph connectivity of habitat patches or MSPA cores for restoration planning."""

    GROUP = "Restoration planning"
    GROUP_ID = "restoration"
    HELP_PAGE = "restoration.md"
    HELP = """
<p>Treats the habitat patches of the chosen classes (or the MSPA cores) as the nodes of a graph, with attribute
a<sub>i</sub> = area (ha), and d<sub>ij</sub> the edge-to-edge distance between nodes (straight line in m, or least
cost over the resistance table in cost-metres). A<sub>L</sub> is the landscape area (default: the raster's valid area).</p>
<ul>
<li><b>IIC</b> = Σ<sub>i</sub>Σ<sub>j</sub> a<sub>i</sub>a<sub>j</sub>/(1 + nl<sub>ij</sub>) / A<sub>L</sub>², nodes linked when
d<sub>ij</sub> ≤ the threshold, nl<sub>ij</sub> = links on the shortest path (Pascual-Hortal &amp; Saura 2006).</li>
<li><b>PC</b> = Σ<sub>i</sub>Σ<sub>j</sub> a<sub>i</sub>a<sub>j</sub>p*<sub>ij</sub> / A<sub>L</sub>², p<sub>ij</sub> = exp(−k d<sub>ij</sub>)
with p<sub>ij</sub> = p at the threshold distance (k = −ln p / d), p*<sub>ij</sub> the best product over paths through
other nodes (Saura &amp; Pascual-Hortal 2007).</li>
<li><b>EC</b> = √(Σ<sub>i</sub>Σ<sub>j</sub> a<sub>i</sub>a<sub>j</sub>p*<sub>ij</sub>) (ha): the single patch as connected as
the whole network.</li>
<li><b>dPC, dIIC</b> (%): loss when a node is removed, split into intra (its own area), flux (dispersal from and to it)
and connector (stepping stone between others) (Saura &amp; Rubio 2010). A high connector share marks a patch
whose loss would cut the network; restoring near it strengthens the links.</li>
</ul>
<p>Pairs with p<sub>ij</sub> below the probability cut are dropped (error of PC below cut × (Σa)²). Optional least-cost
corridors (lines with cost and length) between the nodes linked within the threshold, the normalised corridor raster
cd<sub>A</sub> + cd<sub>B</sub> − lcd<sub>AB</sub> (Linkage Mapper) and the cumulative current of 1 A between each linked
pair (circuit theory, McRae et al. 2008; pinch points) need least-cost distances.</p>
"""

    def name(self) -> str:  # noqa: D102
        return "connectivity"

    def displayName(self) -> str:  # noqa: N802,D102
        return self.tr("Habitat connectivity (IIC, PC, dPC, corridors)")

    def initAlgorithm(self, config: Any = None) -> None:  # noqa: N802,D102
        groups.add_landcover_parameters(
            self, classes_help=self.tr("Habitat classes (ecosystems or raster values; empty = blue-carbon ecosystems)")
        )
        self.addParameter(QgsProcessingParameterEnum(
            NODES, self.tr("Nodes"), options=list(NODE_KINDS), defaultValue=PATCHES, usesStaticStrings=True))
        self.addParameter(QgsProcessingParameterNumber(
            EDGE_WIDTH, self.tr("MSPA edge width for core nodes (cells)"), QgsProcessingParameterNumber.Type.Integer, 1, minValue=1))
        self.addParameter(QgsProcessingParameterEnum(
            DISTANCE, self.tr("Distance"), options=list(DISTANCE_MODES), defaultValue=STRAIGHT_LINE, usesStaticStrings=True))
        self.addParameter(QgsProcessingParameterFile(
            RESISTANCE_FILE, self.tr("Resistance table CSV (least cost; empty = the shipped default)"), extension="csv",
            optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            THRESHOLD, self.tr("Threshold (dispersal) distance (m, or cost-metres)"), QgsProcessingParameterNumber.Type.Double, 1000.0))
        self.addParameter(QgsProcessingParameterNumber(
            PROBABILITY, self.tr("Dispersal probability at the threshold distance"), QgsProcessingParameterNumber.Type.Double,
            DEFAULT_PROBABILITY))
        self.addParameter(QgsProcessingParameterNumber(
            LANDSCAPE_AREA, self.tr("Landscape area A_L (ha; empty = the raster's valid area)"),
            QgsProcessingParameterNumber.Type.Double, optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            PROBABILITY_CUT, self.tr("Smallest dispersal probability kept"), QgsProcessingParameterNumber.Type.Double, P_MIN,
            minValue=0.0))
        self.addParameter(QgsProcessingParameterBoolean(
            IIC_CONNECTORS, self.tr("Compute dIIC and its connector fraction (minutes for one network of thousands of nodes)"),
            True))
        self.addParameter(QgsProcessingParameterFileDestination(
            OUTPUT_NODES, self.tr("Node importance table (dIIC, dPC and fractions)"), self.tr("CSV files (*.csv)")))
        self.addParameter(QgsProcessingParameterFileDestination(
            OUTPUT_LANDSCAPE, self.tr("Landscape connectivity table (IIC, PC, EC, components)"), self.tr("CSV files (*.csv)")))
        self.addParameter(QgsProcessingParameterFeatureSink(
            OUTPUT_CORRIDORS, self.tr("Least-cost corridors"), QgsProcessing.SourceType.TypeVectorLine, optional=True,
            createByDefault=False))
        self.addParameter(QgsProcessingParameterRasterDestination(
            OUTPUT_CORRIDOR_RASTER, self.tr("Normalised corridor raster"), optional=True, createByDefault=False))
        self.addParameter(QgsProcessingParameterRasterDestination(
            OUTPUT_CURRENT, self.tr("Current flow between linked nodes (circuit theory)"), optional=True,
            createByDefault=False))
        for key, text in (
            ("PC", QT_TRANSLATE_NOOP("BlueCarbon", "Probability of connectivity (PC)")),
            ("IIC", QT_TRANSLATE_NOOP("BlueCarbon", "Integral index of connectivity (IIC)")),
            ("EC_PC_HA", QT_TRANSLATE_NOOP("BlueCarbon", "Equivalent connected area EC(PC) (ha)")),
            ("N_COMPONENTS", QT_TRANSLATE_NOOP("BlueCarbon", "Number of components")),
            ("N_NODES", QT_TRANSLATE_NOOP("BlueCarbon", "Number of nodes")),
        ):
            self.addOutput(QgsProcessingOutputNumber(key, self.tr(text)))

    def execute(self, parameters: dict, context: Any, feedback: Any) -> dict:  # noqa: D102
        inputs = groups.landcover_inputs(self, parameters, context, feedback)
        node_csv = self.parameterAsFileOutput(parameters, OUTPUT_NODES, context)
        land_csv = self.parameterAsFileOutput(parameters, OUTPUT_LANDSCAPE, context)
        corridor_tif = self.parameterAsOutputLayer(parameters, OUTPUT_CORRIDOR_RASTER, context) \
            if parameters.get(OUTPUT_CORRIDOR_RASTER) else ""
        current_tif = self.parameterAsOutputLayer(parameters, OUTPUT_CURRENT, context) \
            if parameters.get(OUTPUT_CURRENT) else ""
        want_lines = parameters.get(OUTPUT_CORRIDORS) not in (None, "")
        area = parameters.get(LANDSCAPE_AREA)
        options = ConnectivityOptions(
            threshold=self.parameterAsDouble(parameters, THRESHOLD, context),
            probability=self.parameterAsDouble(parameters, PROBABILITY, context),
            nodes=self.parameterAsString(parameters, NODES, context) or PATCHES,
            distance=self.parameterAsString(parameters, DISTANCE, context) or STRAIGHT_LINE,
            resistance=self.parameterAsFile(parameters, RESISTANCE_FILE, context) or None,
            edge_width=self.parameterAsInt(parameters, EDGE_WIDTH, context),
            neighbours=inputs["neighbours"],
            landscape_area_ha=self.parameterAsDouble(parameters, LANDSCAPE_AREA, context) if area not in (None, "") else None,
            p_min=self.parameterAsDouble(parameters, PROBABILITY_CUT, context),
            iic_connectors=self.parameterAsBool(parameters, IIC_CONNECTORS, context),
            corridors=want_lines,
            corridor_raster=bool(corridor_tif),
            current_map=bool(current_tif),
        )
        steps = Steps(feedback)
        options.check()
        for path in (node_csv, land_csv, corridor_tif, current_tif):
            if path:
                check_writable(path)
        lc, scheme = open_classified(inputs["path"], inputs["band"], inputs["legend"], inputs["group_by"])
        with lc:
            classes = habitat_classes(scheme, parse_class_list(inputs["classes"]))
            self.warn_if_geographic(lc, feedback)
            result = assess_connectivity(lc, scheme, classes, options, steps.sub(0.0, 0.9))
            profile = {"width": lc.grid.width, "height": lc.grid.height, "crs": lc.grid.crs_wkt,
                       "transform": lc.grid.transform}
            crs = QgsCoordinateReferenceSystem.fromWkt(lc.grid.crs_wkt)
        try:
            outputs = self._write(parameters, context, result, node_csv, land_csv, corridor_tif, profile, crs,
                                  want_lines, current_tif)
        finally:
            result.close()
        land = result.indices.landscape
        feedback.pushInfo(self.tr("{n} nodes, {c} components; PC = {pc}, IIC = {iic}, EC(PC) = {ec} ha").format(
            n=land["n_nodes"], c=land["n_components"], pc=f"{land['PC']:.6g}", iic=f"{land['IIC']:.6g}",
            ec=f"{land['EC_PC_ha']:.6g}"))
        if corridor_tif and result.corridor_raster is not None and np.isfinite(result.corridor_raster).any():
            style_surface_raster(corridor_tif, 0.0, float(np.nanmax(result.corridor_raster)) or 1.0)
        if current_tif and result.current is not None and np.isfinite(result.current).any():
            style_surface_raster(current_tif, 0.0, float(np.nanpercentile(result.current, 99)) or 1.0)
        outputs.update(PC=float(land["PC"]), IIC=float(land["IIC"]), EC_PC_HA=float(land["EC_PC_ha"]),
                       N_COMPONENTS=float(land["n_components"]), N_NODES=float(land["n_nodes"]))
        feedback.setProgress(100)
        return outputs

    def _write(self, parameters, context, result, node_csv, land_csv, corridor_tif, profile, crs, want_lines,
               current_tif="") -> dict:
        """Tables and raster staged; the corridor layer written inside the batch, so a failure publishes nothing."""
        outputs = {OUTPUT_NODES: node_csv, OUTPUT_LANDSCAPE: land_csv}
        if corridor_tif:
            outputs[OUTPUT_CORRIDOR_RASTER] = corridor_tif
        if current_tif:
            outputs[OUTPUT_CURRENT] = current_tif
        dest = None

        def lines() -> None:
            nonlocal dest
            if want_lines:
                dest = self._write_corridors(parameters, context, result, crs)

        write_connectivity(result, node_csv, land_csv, corridor_tif, profile, before_commit=lines, current_tif=current_tif)
        if dest is not None:
            outputs[OUTPUT_CORRIDORS] = dest
        return outputs

    def _write_corridors(self, parameters, context, result, crs) -> str:
        spec = (("from_node", "int"), ("to_node", "int"), ("cost", "float"), ("length_m", "float"))
        features = ((QgsGeometry.fromPolylineXY([QgsPointXY(x, y) for x, y in result.corridor_coordinates(cor)]),
                     [cor.i + 1, cor.j + 1, float(cor.cost), float(cor.length_m)]) for cor in result.corridors)
        return write_features(self, parameters, context, OUTPUT_CORRIDORS, spec, QgsWkbTypes.Type.LineString, crs,
                              features, self.tr("the corridor layer"))
