"""bluecarbon:mspa — Morphological Spatial Pattern Analysis of the blue-carbon classes (GuidosToolbox codes)."""

from __future__ import annotations

from typing import Any

import numpy as np
from qgis.core import (
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
)

from ...core.feedback import Steps
from ...core.classes import open_classified
from ...core.fragmentation.job import parse_class_list
from ...core.restoration.job import habitat_classes
from ...core.io import OutputBatch, check_writable, write_csv, write_raster_strips
from ...core.landcover import plan_strips
from ...core.restoration.mspa import MISSING, analyse_mspa, edge_width_cells, write_mspa_style
from .. import parameters as groups
from ..base import BlueCarbonAlgorithm

EDGE_WIDTH = "EDGE_WIDTH"
EDGE_WIDTH_M = "EDGE_WIDTH_M"
BOUNDARY_IS_BACKGROUND = "BOUNDARY_IS_BACKGROUND"
OUTPUT = "OUTPUT"
OUTPUT_TABLE = "OUTPUT_TABLE"


class Mspa(BlueCarbonAlgorithm):
    """MSPA map and class-area table of the chosen habitat classes."""

    GROUP = "Restoration planning"
    GROUP_ID = "restoration"
    HELP_PAGE = "restoration.md"
    HELP = """
<p>Morphological Spatial Pattern Analysis (Soille &amp; Vogt 2009) of the chosen habitat classes (foreground;
the other classes are background, nodata is missing). With the edge width s (cells) every habitat cell gets one
class, with GuidosToolbox's byte codes and colours:</p>
<ul>
<li><b>Core (17)</b>: farther than s cells from the background (8-rule: square; 4-rule: diamond).</li>
<li><b>Islet (9)</b>: a habitat patch too small or thin to hold core.</li>
<li><b>Perforation (5)</b>: the inner boundary of a core, around a hole.</li>
<li><b>Edge (3)</b>: the outer boundary of a core.</li>
<li><b>Bridge (33)</b>: a corridor joining two different cores (structural connector).</li>
<li><b>Loop (65)</b>: a corridor leaving a core and returning to it.</li>
<li><b>Branch (1)</b>: a dead-end strip attached to a core, edge or connector.</li>
<li>Background (0), missing (129, nodata).</li>
</ul>
<p>The raster border and nodata are not background unless asked (no edge against them). The table gives the cells,
true area (ha, geodesic on geographic rasters) and share of the habitat of every MSPA class, per ecosystem. Departures
from GuidosToolbox (no transition or internal codes; spurs of a bridge stay bridge) are listed in docs/restoration.md.</p>
<p>Sources: Soille &amp; Vogt (2009) Pattern Recognition Letters 30: 456-459; Vogt &amp; Riitters (2017) GuidosToolbox,
European Journal of Remote Sensing 50: 352-361.</p>
"""

    def name(self) -> str:  # noqa: D102
        return "mspa"

    def displayName(self) -> str:  # noqa: N802,D102
        return self.tr("Morphological spatial pattern (MSPA)")

    def initAlgorithm(self, config: Any = None) -> None:  # noqa: N802,D102
        groups.add_landcover_parameters(
            self, classes_help=self.tr("Habitat (foreground) classes (ecosystems or raster values; empty = blue-carbon ecosystems)")
        )
        self.addParameter(QgsProcessingParameterNumber(
            EDGE_WIDTH, self.tr("Edge width (cells)"), QgsProcessingParameterNumber.Type.Integer, 1, minValue=1))
        self.addParameter(QgsProcessingParameterNumber(
            EDGE_WIDTH_M, self.tr("Edge width in metres (overrides the cells when > 0)"), QgsProcessingParameterNumber.Type.Double,
            0.0, optional=True, minValue=0.0))
        self.addParameter(QgsProcessingParameterBoolean(
            BOUNDARY_IS_BACKGROUND, self.tr("Treat the raster border and nodata as background"), False))
        self.addParameter(QgsProcessingParameterRasterDestination(OUTPUT, self.tr("MSPA classes")))
        self.addParameter(QgsProcessingParameterFileDestination(
            OUTPUT_TABLE, self.tr("MSPA class areas"), self.tr("CSV files (*.csv)")))
        self.addOutput(QgsProcessingOutputNumber("EDGE_WIDTH_CELLS", self.tr("Edge width used (cells)")))
        self.addOutput(QgsProcessingOutputNumber("CORE_AREA_HA", self.tr("Core area (ha)")))

    def execute(self, parameters: dict, context: Any, feedback: Any) -> dict:  # noqa: D102
        inputs = groups.landcover_inputs(self, parameters, context, feedback)
        raster_path = self.parameterAsOutputLayer(parameters, OUTPUT, context)
        table_path = self.parameterAsFileOutput(parameters, OUTPUT_TABLE, context)
        steps = Steps(feedback)
        for path in (raster_path, table_path):
            check_writable(path)
        lc, scheme = open_classified(inputs["path"], inputs["band"], inputs["legend"], inputs["group_by"])
        with lc:
            classes = habitat_classes(scheme, parse_class_list(inputs["classes"]))
            metres = self.parameterAsDouble(parameters, EDGE_WIDTH_M, context) if parameters.get(EDGE_WIDTH_M) else 0.0
            width = edge_width_cells(metres, lc.geometry) if metres > 0 else self.parameterAsInt(parameters, EDGE_WIDTH, context)
            self.warn_if_geographic(lc, feedback)
            result = analyse_mspa(
                lc, scheme, classes, width, inputs["neighbours"],
                self.parameterAsBool(parameters, BOUNDARY_IS_BACKGROUND, context), feedback=steps.sub(0.0, 0.85),
            )
            steps.progress(0.9)
            profile = {"width": lc.grid.width, "height": lc.grid.height, "count": 1, "dtype": "uint8",
                       "nodata": MISSING, "crs": lc.grid.crs_wkt, "transform": lc.grid.transform}
            with OutputBatch() as batch:
                write_csv(table_path, result.table, batch=batch)
                strips = ((r0, result.codes[r0:r1]) for r0, r1 in plan_strips(lc.grid.height, lc.grid.width))
                write_raster_strips(raster_path, profile, strips, ["MSPA class (GuidosToolbox codes)"], batch=batch)
                steps.progress(0.98)
        write_mspa_style(raster_path)
        feedback.pushInfo(self.tr("Edge width: {n} cells").format(n=result.edge_width))
        feedback.setProgress(100)
        return {OUTPUT: raster_path, OUTPUT_TABLE: table_path, "EDGE_WIDTH_CELLS": float(result.edge_width),
                "CORE_AREA_HA": float(np.round(result.area_of("core"), 10))}
