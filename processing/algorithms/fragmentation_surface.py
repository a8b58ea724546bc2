"""bluecarbon:fragmentationsurface — moving-window fragmentation maps (one band per metric and class)."""

from __future__ import annotations

from typing import Any

from qgis.core import (
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
)

from ...core.feedback import Steps
from ...core.fragmentation import SURFACE_METRICS, fragmentation_surfaces
from ...core.classes import open_classified
from ...core.fragmentation.job import no_blue_carbon_warning, parse_class_list, resolve_classes
from ...core.io import check_writable
from .. import parameters as groups
from ..base import BlueCarbonAlgorithm
from ..styles import style_surface_raster

METRICS = "METRICS"
RADIUS = "RADIUS"
SHAPE = "SHAPE"
COUNT_BOUNDARY_EDGE = "COUNT_BOUNDARY_EDGE"
OUTPUT = "OUTPUT"
DEFAULT_METRICS = ["PLAND", "ED", "PD", "AI"]


class FragmentationSurface(BlueCarbonAlgorithm):
    """Map where fragmentation happens: PLAND, ED, PD, AI, MESH, LPI in a window around every cell."""

    GROUP = "Landscape fragmentation"
    GROUP_ID = "fragmentation"
    HELP = """
<p>Computes class metrics in a moving window (circle or square of a radius in metres) around every cell
and writes one float32 band per metric and class (nodata −9999), in the order PLAND, ED, PD, AI, MESH, LPI
and, within a metric, the chosen classes. For focal cell x, window W and class c, with A the true area of
the landscape (non-nodata) cells in W:</p>
<ul>
<li>PLAND (%) = 100 · area of c in W / A</li>
<li>ED (m/ha) = length of the sides of c-cells in W facing another class (and the map edge or nodata when
asked) / A · 10 000</li>
<li>PD (patches per 100 ha) = number of distinct patches of c (the map's patches) with a cell in W / A · 10<sup>6</sup></li>
<li>AI (%) = like adjacencies of c inside W / the largest number as many cells can have · 100 (FRAGSTATS)</li>
<li>MESH (ha) = Σ (area of each such patch inside W)² / A / 10 000</li>
<li>LPI (%) = 100 · largest area of one such patch inside W / A</li>
</ul>
<p>Computed with windowed sums (no loop per cell) strip by strip, so large rasters fit in memory. Areas are true
areas (geodesic on a geographic CRS; the window radius then uses the metre scale at the map's centre).</p>
<p>Sources: McGarigal, Cushman &amp; Ene (2023) FRAGSTATS v4 (moving-window analysis, AI, MESH, LPI);
Jaeger (2000) effective mesh size.</p>
"""

    def name(self) -> str:  # noqa: D102
        return "fragmentationsurface"

    def displayName(self) -> str:  # noqa: N802,D102
        return self.tr("Fragmentation surfaces (moving window)")

    def initAlgorithm(self, config: Any = None) -> None:  # noqa: N802,D102
        groups.add_landcover_parameters(
            self, classes_help=self.tr("Classes to map (ecosystems or raster values; empty = blue-carbon ecosystems)")
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                METRICS, self.tr("Metrics"), options=list(SURFACE_METRICS), allowMultiple=True,
                defaultValue=DEFAULT_METRICS, usesStaticStrings=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                RADIUS, self.tr("Window radius (m)"), QgsProcessingParameterNumber.Type.Double, 500.0, minValue=0.0
            )
        )
        self.addParameter(
            groups.named_options(QgsProcessingParameterEnum(
                SHAPE, self.tr("Window shape"), options=["circle", "square"], defaultValue="circle", usesStaticStrings=True
            ))
        )
        self.addParameter(
            QgsProcessingParameterBoolean(
                COUNT_BOUNDARY_EDGE, self.tr("Count the map boundary and nodata edges in ED"), False
            )
        )
        self.addParameter(QgsProcessingParameterRasterDestination(OUTPUT, self.tr("Fragmentation surfaces")))
        groups.add_performance_parameters(self)
        self.addOutput(QgsProcessingOutputString("BAND_NAMES", self.tr("Band names, in band order")))

    def execute(self, parameters: dict, context: Any, feedback: Any) -> dict:  # noqa: D102
        inputs = groups.landcover_inputs(self, parameters, context, feedback)
        out_path = self.parameterAsOutputLayer(parameters, OUTPUT, context)
        metrics = self.parameterAsEnumStrings(parameters, METRICS, context) or DEFAULT_METRICS
        check_writable(out_path)
        lc, scheme = open_classified(inputs["path"], inputs["band"], inputs["legend"], inputs["group_by"])
        with lc:
            classes = resolve_classes(scheme, parse_class_list(inputs["classes"]))
            if warning := no_blue_carbon_warning(scheme, inputs["legend"], parse_class_list(inputs["classes"])):
                feedback.pushWarning(warning)
            self.warn_if_geographic(lc, feedback)
            result = fragmentation_surfaces(
                lc, scheme, classes, metrics,
                radius_m=self.parameterAsDouble(parameters, RADIUS, context),
                shape=self.parameterAsString(parameters, SHAPE, context) or "circle",
                neighbours=inputs["neighbours"],
                count_boundary_edge=self.parameterAsBool(parameters, COUNT_BOUNDARY_EDGE, context),
                out_path=out_path,
                feedback=Steps(feedback),
                **groups.read_performance(self, parameters, context),
            )
        for stats in result.stats:
            feedback.pushInfo(
                self.tr("{band}: min {minimum}, mean {mean}, max {maximum}").format(
                    band=stats.name, minimum=f"{stats.minimum:.4g}", mean=f"{stats.mean:.4g}", maximum=f"{stats.maximum:.4g}"
                )
            )
        first = result.stats[0]
        style_surface_raster(out_path, first.minimum, first.maximum)
        return {OUTPUT: out_path, "BAND_NAMES": "; ".join(result.band_names)}
