"""bluecarbon:patchfragmentation — FRAGSTATS patch, class and landscape metrics of a land-cover map."""

from __future__ import annotations

from typing import Any

import numpy as np
from qgis.core import (
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
)

from ...core.feedback import Steps
from ...core.fragmentation import BASE_PATCH_METRICS, FragmentationOptions, analyse_fragmentation
from ...core.classes import open_classified
from ...core.fragmentation.job import no_blue_carbon_warning, parse_class_list, resolve_classes
from ...core.fragmentation.options import GYRATE_CENTRES
from ...core.io import OutputBatch, check_writable, write_csv, write_raster_strips, write_record_csv
from ...core.polygons import patch_polygons
from .. import parameters as groups
from ..base import BlueCarbonAlgorithm
from ..features import crs_of, file_destination, write_patch_layer
from ..styles import style_patch_layer

EDGE_DEPTH = "EDGE_DEPTH"
COUNT_BOUNDARY_EDGE = "COUNT_BOUNDARY_EDGE"
SEARCH_RADIUS = "SEARCH_RADIUS"
METRICS = "METRICS"
GYRATE_CENTRE = "GYRATE_CENTRE"
OUTPUT_PATCHES = "OUTPUT_PATCHES"
OUTPUT_CLASS_TABLE = "OUTPUT_CLASS_TABLE"
OUTPUT_LANDSCAPE_TABLE = "OUTPUT_LANDSCAPE_TABLE"
OUTPUT_PATCH_TABLE = "OUTPUT_PATCH_TABLE"
OUTPUT_PATCH_RASTER = "OUTPUT_PATCH_RASTER"
OPTIONAL_METRICS = [m for m in BASE_PATCH_METRICS if m not in ("AREA", "PERIM", "PARA", "SHAPE", "FRAC", "PROX")]


class PatchFragmentation(BlueCarbonAlgorithm):
    """Label patches and compute FRAGSTATS metrics; write patch polygons and class/landscape tables."""

    GROUP = "Landscape fragmentation"
    GROUP_ID = "fragmentation"
    HELP = """
<p>Delineates the patches of every class of a classified land-cover raster (8- or 4-neighbour rule) and
computes landscape metrics with the definitions of FRAGSTATS 4 (McGarigal, Cushman &amp; Ene 2023):</p>
<ul>
<li><b>Patch</b> (polygons of the chosen classes): AREA (ha), PERIM (m), PARA = PERIM/AREA (m/ha),
SHAPE = perimeter / smallest perimeter of as many cells, FRAC = 2 ln(0.25 p) / ln(a),
GYRATE (m, mean distance of cell centres to the centroid), CIRCLE = 1 − a / circle area,
CONTIG (3×3 template), CORE (ha, cells farther than the edge depth from any other class, nodata or
the map edge), NCORE, CAI = CORE/AREA (%), ENN (m, edge-to-edge between cell centres),
PROX = Σ a<sub>s</sub>/h<sub>s</sub>² within the search radius.</li>
<li><b>Class</b> (all classes): CA, PLAND, NP, PD, LPI, TE, ED, LSI, nLSI, MN/AM/MD/RA/SD/CV of every patch
metric, PAFRAC, TCA, CPLAND, NDCA, DCAD, DCORE, CLUMPY, PLADJ, IJI, COHESION, DIVISION, MESH, SPLIT, AI.</li>
<li><b>Landscape</b>: the same aggregates plus CONTAG, PR, PRD, SHDI, SIDI, MSIDI, SHEI, SIEI, MSIEI.</li>
</ul>
<p>Units are part of each field name (AREA_ha, ENN_m, ED_m_per_ha, PLAND_pct...). Cell areas are true
areas: the cell size on a projected CRS, geodesic areas per row on a geographic CRS (distances there use
the local metre scale at the map's centre: reproject for exact distances). Nodata cells are outside the
landscape. TE and ED leave edges on the map boundary and nodata out unless asked; PERIM and LSI count them,
as FRAGSTATS does. Large rasters are processed in strips with bounded memory.</p>
<p>Sources: McGarigal K., Cushman S.A., Ene E. (2023) FRAGSTATS v4; Milne (1991) and Bogaert et al. (2000)
for minimum perimeters; Schumaker (1996) COHESION; Gustafson &amp; Parker (1992) PROX.</p>
"""

    def name(self) -> str:  # noqa: D102
        return "patchfragmentation"

    def displayName(self) -> str:  # noqa: N802,D102
        return self.tr("Patch fragmentation metrics (FRAGSTATS)")

    def initAlgorithm(self, config: Any = None) -> None:  # noqa: N802,D102
        groups.add_landcover_parameters(
            self, classes_help=self.tr("Classes whose patches are drawn (ecosystems or raster values; empty = blue-carbon ecosystems)")
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                EDGE_DEPTH, self.tr("Edge depth for core area (m; 0 = one cell)"),
                QgsProcessingParameterNumber.Type.Double, 0.0, minValue=0.0,
            )
        )
        self.addParameter(
            QgsProcessingParameterBoolean(
                COUNT_BOUNDARY_EDGE, self.tr("Count the map boundary and nodata edges in TE and ED"), False
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                SEARCH_RADIUS, self.tr("PROX search radius (m; 0 = do not compute PROX)"),
                QgsProcessingParameterNumber.Type.Double, 0.0, minValue=0.0,
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                METRICS, self.tr("Optional patch metrics"), options=OPTIONAL_METRICS, allowMultiple=True,
                defaultValue=OPTIONAL_METRICS, usesStaticStrings=True, optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                GYRATE_CENTRE,
                self.tr("GYRATE centre: fragstats (median row and column, equals FRAGSTATS's output) or mean (cell centres, its help page)"),
                options=list(GYRATE_CENTRES), defaultValue=GYRATE_CENTRES[0], usesStaticStrings=True, optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                OUTPUT_PATCHES, self.tr("Patch polygons with metrics"), QgsProcessing.SourceType.TypeVectorPolygon
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(OUTPUT_CLASS_TABLE, self.tr("Class metrics table"), self.tr("CSV files (*.csv)"))
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                OUTPUT_LANDSCAPE_TABLE, self.tr("Landscape metrics table"), self.tr("CSV files (*.csv)")
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                OUTPUT_PATCH_TABLE, self.tr("Patch metrics table of all classes"), self.tr("CSV files (*.csv)"),
                optional=True, createByDefault=False,
            )
        )
        self.addParameter(
            QgsProcessingParameterRasterDestination(
                OUTPUT_PATCH_RASTER, self.tr("Patch id raster"), optional=True, createByDefault=False
            )
        )
        groups.add_performance_parameters(self)
        self.addOutput(QgsProcessingOutputNumber("N_PATCHES", self.tr("Number of patches (all classes)")))
        self.addOutput(QgsProcessingOutputNumber("TOTAL_AREA_HA", self.tr("Landscape area (ha)")))

    def execute(self, parameters: dict, context: Any, feedback: Any) -> dict:  # noqa: D102
        inputs = groups.landcover_inputs(self, parameters, context, feedback)
        depth = self.parameterAsDouble(parameters, EDGE_DEPTH, context)
        radius = self.parameterAsDouble(parameters, SEARCH_RADIUS, context)
        chosen = self.parameterAsEnumStrings(parameters, METRICS, context) if parameters.get(METRICS) is not None else OPTIONAL_METRICS
        paths = {
            key: self.parameterAsFileOutput(parameters, key, context)
            for key in (OUTPUT_CLASS_TABLE, OUTPUT_LANDSCAPE_TABLE, OUTPUT_PATCH_TABLE)
        }
        raster_path = self.parameterAsOutputLayer(parameters, OUTPUT_PATCH_RASTER, context)
        patch_layer = file_destination(self.parameterAsOutputLayer(parameters, OUTPUT_PATCHES, context))
        steps = Steps(feedback)
        for path in [*paths.values(), raster_path, patch_layer]:
            if path:
                check_writable(path)
        options = FragmentationOptions(
            neighbours=inputs["neighbours"],
            edge_depth_m=depth if depth > 0 else None,
            count_boundary_edge=self.parameterAsBool(parameters, COUNT_BOUNDARY_EDGE, context),
            search_radius_m=radius if radius > 0 else None,
            metrics=frozenset(chosen),
            gyrate_centre=self.parameterAsString(parameters, GYRATE_CENTRE, context) or GYRATE_CENTRES[0],
            **groups.read_performance(self, parameters, context),
        )
        lc, scheme = open_classified(inputs["path"], inputs["band"], inputs["legend"], inputs["group_by"])
        with lc:
            focus = resolve_classes(scheme, parse_class_list(inputs["classes"]))
            if warning := no_blue_carbon_warning(scheme, inputs["legend"], parse_class_list(inputs["classes"])):
                feedback.pushWarning(warning)
            self.warn_if_geographic(lc, feedback)
            result = analyse_fragmentation(lc, scheme, options, steps.sub(0.0, 0.8))
            try:
                outputs = self._write(parameters, context, feedback, lc, result, focus, paths, raster_path)
            finally:
                result.close()
        outputs["N_PATCHES"] = float(result.landscape["NP"])
        outputs["TOTAL_AREA_HA"] = float(result.landscape["TA_ha"])
        return outputs

    def _write(self, parameters, context, feedback, lc, result, focus, paths, raster_path) -> dict:
        """Write every output, or none: polygons are traced and files staged first, the patch layer is written
        while the others wait, and they are published only when it succeeded."""
        steps = Steps(feedback, 80, 100)
        ids = np.flatnonzero(np.isin(result.patch_data.cls, focus)) + 1
        shapes = [(pid, geom.wkb) for pid, geom in patch_polygons(result.labelling, lc.grid, ids, steps.sub(0.0, 0.6))]
        outputs = {}
        with OutputBatch() as batch:
            write_csv(paths[OUTPUT_CLASS_TABLE], result.classes, batch=batch)
            write_record_csv(paths[OUTPUT_LANDSCAPE_TABLE], result.landscape, batch=batch)
            outputs[OUTPUT_CLASS_TABLE] = paths[OUTPUT_CLASS_TABLE]
            outputs[OUTPUT_LANDSCAPE_TABLE] = paths[OUTPUT_LANDSCAPE_TABLE]
            steps.progress(0.7)
            if paths.get(OUTPUT_PATCH_TABLE):
                write_csv(paths[OUTPUT_PATCH_TABLE], result.patches, batch=batch)
                outputs[OUTPUT_PATCH_TABLE] = paths[OUTPUT_PATCH_TABLE]
            steps.progress(0.8)
            if raster_path:
                _write_patch_raster(raster_path, lc, result, batch)
                outputs[OUTPUT_PATCH_RASTER] = raster_path
            steps.progress(0.9)  # the last chance to cancel: the layer is written, then the batch published
            dest_id = write_patch_layer(self, parameters, context, OUTPUT_PATCHES, result.patches, shapes,
                                        lambda pid: pid - 1, crs_of(lc.grid))
        feedback.setProgress(100)
        self._patch_dest = dest_id
        outputs[OUTPUT_PATCHES] = dest_id
        return outputs

    def postProcessAlgorithm(self, context: Any, feedback: Any) -> dict:  # noqa: N802
        """Store a graduated style (by patch area) in the written patch layer."""
        dest = getattr(self, "_patch_dest", None)
        if dest:
            style_patch_layer(dest, context)
        return {}


def _write_patch_raster(path: str, lc, result, batch: OutputBatch) -> None:
    """Write the patch-id raster (0 = no patch) strip by strip."""
    store = result.labelling.store
    profile = {
        "width": lc.grid.width, "height": lc.grid.height, "count": 1, "dtype": "int32", "nodata": 0,
        "crs": lc.grid.crs_wkt, "transform": lc.grid.transform,
    }
    strips = ((r0, store.rows(r0, r1).astype(np.int32)) for r0, r1 in result.labelling.strips)
    write_raster_strips(path, profile, strips, ["patch id"], batch=batch)
