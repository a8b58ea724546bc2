"""bluecarbon:sinkcapacity — carbon stocks and annual sequestration of one map, per ecosystem and patch."""

from __future__ import annotations

from contextlib import ExitStack
from typing import Any

import numpy as np
from qgis.core import (
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterRasterDestination,
)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP

from ...core.feedback import Steps
from ...core.classes import open_classified
from ...core.io import OutputBatch, check_writable, write_csv
from ...core.polygons import patch_polygons
from ...core.sink import assess_sink, sink_semantics, write_sequestration_raster
from ...core.valuation import DEFAULT_CURRENCY
from .. import parameters as groups
from ..base import BlueCarbonAlgorithm
from ..features import crs_of, file_destination, write_patch_layer
from ..styles import style_surface_raster

OUTPUT_TABLE = "OUTPUT_TABLE"
OUTPUT_PATCHES = "OUTPUT_PATCHES"
OUTPUT_RASTER = "OUTPUT_RASTER"
OUTPUT_PARAMETERS = "OUTPUT_PARAMETERS"


class SinkCapacity(BlueCarbonAlgorithm):
    """Stocks (t C) and annual sequestration (t C/yr, t CO₂e/yr) of mangroves, marshes and seagrass."""

    GROUP = "Carbon sink"
    HELP_PAGE = "sink-capacity.md"
    GROUP_ID = "sink"
    HELP = """
<p>Carbon sink capacity of one classified map, per blue-carbon ecosystem (mangrove, salt marsh, seagrass:
the legend says which classes they are) and per patch, from a parameter table with sources
(IPCC 2013 Wetlands Supplement Tier 1, Mcleod et al. 2011, Wang et al. 2019, ... or your own CSV):</p>
<ul>
<li>stock of pool p (t C) = area (ha) × stock density (t C/ha), for aboveground biomass, belowground
biomass, litter and soil (to the depth the table states);</li>
<li>annual sequestration (t C/yr) = effective area (ha) × Σ accumulation rates (t C/ha/yr);
t CO₂e = t C × 44/12;</li>
<li>edge effect (optional): effective area = core area + f × edge area, the edge band being the cells within
the edge depth of another class, nodata or the map edge (FRAGSTATS core area). The loss attributable to
fragmentation is (1 − f) × edge area × rate;</li>
<li>uncertainty: each parameter drawn from its range (seeded Monte Carlo); each total gets its mean and
90 % interval (p05–p95);</li>
<li>value (optional): annual sequestration × price per t CO₂e, in the CURRENCY given (default USD; a label,
values are not converted), named in the table's currency column.</li>
</ul>
<p>Areas are true areas (geodesic on a geographic CRS). Patch ids equal those of
bluecarbon:patchfragmentation with the same neighbour rule, so the tables join on <i>patch_id</i>.</p>
<p>Cell status (optional, at most one of them): RESTORATION_RASTER (0 or nodata = intact, 1 = restored or
created, 2 = drained or converted; same grid) or EARLIER_INPUT (an earlier map, same grid and legend: cells
that became blue carbon since are restored, cells that were blue carbon and are not any more are drained);
without either every cell is intact. Each cell takes the rate of its class and status: intact stands
(wetlands remaining wetlands) the rates for remaining wetlands (IPCC Tier 1 assumes no soil carbon change;
the default presets give Mcleod 2011's burial rates); restored or created cells IPCC's restoration factor
EF_RE (Table 4.12); drained or converted cells no burial rate but IPCC's drainage emission (Table 4.13),
subtracted from the sequestration. The SEMANTICS output and the table's rate_source say which factor each
number used.</p>
"""

    def name(self) -> str:  # noqa: D102
        return "sinkcapacity"

    def displayName(self) -> str:  # noqa: N802,D102
        return self.tr("Carbon sink capacity (stocks and sequestration)")

    def initAlgorithm(self, config: Any = None) -> None:  # noqa: N802,D102
        groups.add_landcover_parameters(self, with_classes=False)
        groups.add_carbon_parameters(self)
        groups.add_cell_status_parameters(self)
        groups.add_valuation_parameters(self, over_time=False)
        self.addParameter(
            QgsProcessingParameterFileDestination(
                OUTPUT_TABLE, self.tr("Sink table per ecosystem"), self.tr("CSV files (*.csv)")
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                OUTPUT_PATCHES, self.tr("Blue-carbon patches with their sink"), QgsProcessing.SourceType.TypeVectorPolygon, optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterRasterDestination(OUTPUT_RASTER, self.tr("Sequestration raster"), optional=True)
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                OUTPUT_PARAMETERS, self.tr("Parameter table used (with sources)"), self.tr("CSV files (*.csv)"), optional=True
            )
        )
        groups.add_performance_parameters(self)
        for key, text in (
            ("SEQUESTRATION_TCO2E_YR", QT_TRANSLATE_NOOP("BlueCarbon", "Annual sequestration (t CO₂e/yr)")),
            ("TOTAL_STOCK_TC", QT_TRANSLATE_NOOP("BlueCarbon", "Total carbon stock (t C)")),
            ("EDGE_LOSS_TC_YR", QT_TRANSLATE_NOOP("BlueCarbon", "Sequestration lost to the edge effect (t C/yr)")),
        ):
            self.addOutput(QgsProcessingOutputNumber(key, self.tr(text)))
        self.addOutput(QgsProcessingOutputString("SEMANTICS", self.tr("Which rates produced the sequestration total")))

    def execute(self, parameters: dict, context: Any, feedback: Any) -> dict:  # noqa: D102
        inputs = groups.landcover_inputs(self, parameters, context, feedback)
        table_path = self.parameterAsFileOutput(parameters, OUTPUT_TABLE, context)
        raster_path = self.parameterAsOutputLayer(parameters, OUTPUT_RASTER, context)
        params_out = self.parameterAsFileOutput(parameters, OUTPUT_PARAMETERS, context)
        patch_dest = file_destination(self.parameterAsOutputLayer(parameters, OUTPUT_PATCHES, context))
        price = self.parameterAsDouble(parameters, groups.PRICE, context)
        steps = Steps(feedback)
        for path in (table_path, raster_path, params_out, patch_dest):
            if path:
                check_writable(path)
        currency = groups.read_currency(self, parameters, context)
        table = groups.read_carbon_table(self, parameters, context, feedback).table
        options = groups.read_sink_options(self, parameters, context, inputs["neighbours"])
        status_kind, status_path = groups.read_cell_status_source(self, parameters, context)
        lc, scheme = open_classified(inputs["path"], inputs["band"], inputs["legend"], inputs["group_by"])
        with lc, ExitStack() as stack:
            self.warn_if_geographic(lc, feedback)
            status = None
            if status_kind:
                status, opened = groups.open_cell_status(status_kind, status_path, lc, inputs["legend"],
                                                         inputs["band"], inputs["path"])
                stack.enter_context(opened)
                feedback.pushInfo(self.tr("Cell status (intact, restored, drained) from {0}: {1}").format(
                    status_kind, status_path))
            per_patch = parameters.get(OUTPUT_PATCHES) not in (None, "")
            result = assess_sink(lc, scheme, table, options, steps.sub(0.0, 0.7), per_patch=per_patch, status=status,
                                 parallelism=groups.read_parallelism(self, parameters, context))
            semantics = sink_semantics(result)
            try:
                outputs = self._write(parameters, context, feedback, lc, scheme, table, result, price,
                                      table_path, raster_path, params_out, currency, status)
            finally:
                result.close()
        total = {k: v[-1] for k, v in result.table.items()}
        outputs["SEQUESTRATION_TCO2E_YR"] = float(total["sequestration_tCO2e_yr"])
        outputs["TOTAL_STOCK_TC"] = float(total.get("total_stock_tC", np.nan))
        outputs["EDGE_LOSS_TC_YR"] = float(total["edge_loss_tC_yr"])
        outputs["SEMANTICS"] = semantics
        feedback.pushInfo(semantics)
        feedback.pushInfo(
            self.tr("Annual sequestration: {0:,.1f} t CO₂e/yr; total stock {1:,.0f} t C.").format(
                outputs["SEQUESTRATION_TCO2E_YR"], outputs["TOTAL_STOCK_TC"]
            )
        )
        return outputs

    def _write(self, parameters, context, feedback, lc, scheme, table, result, price, table_path, raster_path, params_out,
               currency: str = DEFAULT_CURRENCY, status=None) -> dict:
        """Stage the tables and raster, write the patch layer, then publish everything together."""
        steps = Steps(feedback, 70, 100)
        rows = dict(result.table)
        if price > 0:
            rows["value_per_yr"] = rows["sequestration_tCO2e_yr"] * price
            rows["value_per_yr_p05"] = rows["sequestration_tCO2e_yr_p05"] * price
            rows["value_per_yr_p95"] = rows["sequestration_tCO2e_yr_p95"] * price
            rows["currency"] = [currency] * len(rows["value_per_yr"])  # the unit of value_per_yr*
        outputs: dict = {}
        want_patches = result.labelling is not None
        shapes = []
        if want_patches:
            shapes = [(pid, g.wkb) for pid, g in patch_polygons(result.labelling, lc.grid, result.patch_ids, steps.sub(0.0, 0.5))]
        with OutputBatch() as batch:
            write_csv(table_path, rows, batch=batch)
            outputs[OUTPUT_TABLE] = table_path
            if params_out:
                table.to_csv(params_out, batch=batch)
                outputs[OUTPUT_PARAMETERS] = params_out
            if raster_path:
                write_sequestration_raster(raster_path, lc, scheme, table, result.options, batch=batch, status=status)
                outputs[OUTPUT_RASTER] = raster_path
            steps.progress(0.8)
            if want_patches:
                row_of = {int(pid): i for i, pid in enumerate(result.patch_ids)}
                outputs[OUTPUT_PATCHES] = write_patch_layer(self, parameters, context, OUTPUT_PATCHES, result.patches,
                                                            shapes, row_of.__getitem__, crs_of(lc.grid))
        if raster_path:
            rate = np.asarray(rows["sequestration_tC_yr"], dtype=float)
            area = np.asarray(rows["area_ha"], dtype=float)
            with np.errstate(divide="ignore", invalid="ignore"):
                density = np.nan_to_num(rate / area)
            style_surface_raster(raster_path, 0.0, float(np.max(density)) if density.size else 1.0)
        return outputs
