"""bluecarbon:flowsensitivity — how much the attributed flow, the share of demand met and the ΔF channels depend
on the flow model's choices (Morris screening, or Sobol' indices through SALib)."""

from __future__ import annotations

import contextlib
from typing import Any

from qgis.core import (
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterRasterLayer,
)

from ...core.classes import open_classified
from ...core.feedback import Steps
from ...core.flow import SecondDate, default_factors, flow_sensitivity, write_sensitivity_table
from ...core.flow.sensitivity import MAX_RUNS, METHODS, MORRIS, SOBOL, check_run_count
from ...core.io import OutputBatch, check_writable
from ...core.report.i18n import translation
from ...core.report.sensitivity_chart import sensitivity_chart
from ...translation import current_language
from .. import parameters as groups
from ..base import BlueCarbonAlgorithm
from ..demand import INPUT_2, read_demand, read_second_demand, second_landcover_path

METHOD = "METHOD"
SAMPLES = "SAMPLES"
MULTIPLIER_LOW = "MULTIPLIER_LOW"
MULTIPLIER_HIGH = "MULTIPLIER_HIGH"
EDGE_SPREAD = "EDGE_SPREAD"
OUTPUT_TABLE = "OUTPUT_TABLE"
OUTPUT_CHART = "OUTPUT_CHART"


class FlowSensitivity(BlueCarbonAlgorithm):
    """Morris μ*/σ or Sobol' S1/ST of the attributed flow, the share of demand met and the ΔF channels."""

    GROUP = "Carbon service flow"
    GROUP_ID = "flow"
    HELP_PAGE = "service-flow.md"
    HELP = """
<p>How much the results of bluecarbon:carbonserviceflow depend on the model's choices. The flow model (same
inputs as the service-flow tool) is run many times with its factors moved over their ranges:</p>
<ul>
<li><b>Factors</b>: the decay distance λ (power law: 1/β) and d<sub>max</sub>, multiplied by ×0.5–×2 (log scale),
each finite resistance (least cost) likewise, and the edge factor ± 0.2 (with an edge band depth and a factor
&lt; 1).</li>
<li><b>Outputs</b>: the attributed total (t C/yr) and the share of demand met; with a second-date raster also the
change in attributed flow ΔF and its area, edge, reach, saturation and demand channels (every run is then the
two-date split, 16 counterfactual allocations: some 15–20 times slower, so give few trajectories).</li>
<li><b>Morris</b> (Morris 1991; Campolongo et al. 2007): r trajectories on a 4-level grid, each moving one factor
at a time; the elementary effect EE = Δy / Δ is the change of the output over the whole range of the factor.
μ* = mean |EE| ranks the factors, σ = sd EE flags interactions or non-linear effects. r (k + 1) runs.</li>
<li><b>Sobol'</b> (Sobol' 2001; Saltelli et al. 2010; needs the Python library SALib): base sample N (a power of
two), N (k + 2) runs. S1 = share of the output's variance a factor explains alone, ST = with all its
interactions; ± bootstrap 95 % half-widths.</li>
</ul>
<p>Outputs: a CSV table (one row per factor and output: μ*, μ, σ or S1, S1_conf, ST, ST_conf, runs) and a PNG
chart. More than 5000 runs are refused. Straight-line runs re-use one distance search; least-cost runs with
resistance factors repeat it.</p>
"""

    def name(self) -> str:  # noqa: D102
        return "flowsensitivity"

    def displayName(self) -> str:  # noqa: N802,D102
        return self.tr("Carbon service flow sensitivity (Morris, Sobol')")

    def initAlgorithm(self, config: Any = None) -> None:  # noqa: N802,D102
        groups.add_landcover_parameters(self, with_classes=False)
        self.addParameter(QgsProcessingParameterRasterLayer(
            INPUT_2, self.tr("Second-date land-cover raster (same grid; optional: adds the channels of the change "
                             "in attributed flow, each run then 15–20 times slower)"), optional=True))
        groups.add_carbon_parameters(self, draws=None)
        groups.add_flow_parameters(self)
        self.addParameter(groups.named_options(QgsProcessingParameterEnum(
            METHOD, self.tr("Sensitivity method"), options=list(METHODS), defaultValue=MORRIS, usesStaticStrings=True)))
        self.addParameter(groups.number(
            SAMPLES, self.tr("Morris trajectories r, or Sobol' base sample N (a power of two)"), 10, minimum=2,
            integer=True))
        self.addParameter(groups.advanced(groups.number(
            MULTIPLIER_LOW, self.tr("Lowest multiplier of λ (or 1/β), d_max and the resistances"), 0.5,
            minimum=0.0)))
        self.addParameter(groups.advanced(groups.number(
            MULTIPLIER_HIGH, self.tr("Highest multiplier of λ (or 1/β), d_max and the resistances"), 2.0,
            minimum=0.0)))
        self.addParameter(groups.advanced(groups.number(
            EDGE_SPREAD, self.tr("Edge factor range: ± this around the edge factor (within 0–1)"), 0.2,
            minimum=0.0, maximum=1.0)))
        self.addParameter(groups.advanced(groups.number(groups.SEED, self.tr("Random seed"), 1, integer=True)))
        self.addParameter(QgsProcessingParameterFileDestination(
            OUTPUT_TABLE, self.tr("Sensitivity table"), self.tr("CSV files (*.csv)")))
        self.addParameter(QgsProcessingParameterFileDestination(
            OUTPUT_CHART, self.tr("Sensitivity chart"), self.tr("PNG files (*.png)")))
        self.addOutput(QgsProcessingOutputNumber("RUNS", self.tr("Number of model runs")))

    def execute(self, parameters: dict, context: Any, feedback: Any) -> dict:  # noqa: D102
        inputs = groups.landcover_inputs(self, parameters, context, feedback)
        second_path = second_landcover_path(self, parameters, context)
        table_path = self.parameterAsFileOutput(parameters, OUTPUT_TABLE, context)
        chart_path = self.parameterAsFileOutput(parameters, OUTPUT_CHART, context)
        for path in (table_path, chart_path):
            check_writable(path)
        sink = groups.read_sink_options(self, parameters, context, inputs["neighbours"], draws=False)
        options = groups.read_flow_options(self, parameters, context, sink)
        carbon = groups.read_carbon_table(self, parameters, context, feedback).table
        method = self.parameterAsString(parameters, METHOD, context) or MORRIS
        samples = self.parameterAsInt(parameters, SAMPLES, context)
        seed = self.parameterAsInt(parameters, groups.SEED, context) if parameters.get(groups.SEED) not in (None, "") \
            else 1
        steps = Steps(feedback)
        with contextlib.ExitStack() as stack:
            lc, scheme = open_classified(inputs["path"], inputs["band"], inputs["legend"], inputs["group_by"])
            stack.enter_context(lc)
            self.warn_if_geographic(lc, feedback)
            demand = read_demand(self, parameters, context, lc, feedback)
            feedback.pushInfo(self.tr("Demand: {0} units, {1:,.1f} t C/yr ({2}).").format(
                demand.size, float(demand.demand_tC_yr.sum()), demand.description))
            factors = default_factors(options, scheme, self.parameterAsDouble(parameters, MULTIPLIER_LOW, context),
                                      self.parameterAsDouble(parameters, MULTIPLIER_HIGH, context),
                                      self.parameterAsDouble(parameters, EDGE_SPREAD, context))
            runs = check_run_count(method, len(factors), samples, MAX_RUNS)
            feedback.pushInfo(self.tr("{0}: {1} factors ({2}), {3} model runs.").format(
                "Sobol'" if method == SOBOL else "Morris", len(factors), ", ".join(f.name for f in factors), runs))
            second = None
            if second_path:
                lc2, scheme2 = open_classified(second_path, inputs["band"], inputs["legend"], inputs["group_by"])
                stack.enter_context(lc2)
                second = SecondDate(lc2, scheme2, read_second_demand(self, parameters, context, demand, feedback))
            table = flow_sensitivity(lc, scheme, carbon, demand, options, factors, method=method, samples=samples,
                                     seed=seed, second=second, feedback=steps.sub(0.0, 0.95))
        with OutputBatch() as batch:
            write_sensitivity_table(table_path, table, batch)
            with translation(self.tr, current_language()):
                sensitivity_chart(table, chart_path, batch)
            steps.sub(0.95, 1.0).progress(1.0)  # the last chance to cancel: then both files are published
        for i in range(table["factor"].size):
            if method == SOBOL:
                feedback.pushInfo("{0} ← {1}: S1 = {2:.3f} ± {3:.3f}, ST = {4:.3f} ± {5:.3f}".format(
                    table["output"][i], table["factor"][i], table["S1"][i], table["S1_conf"][i], table["ST"][i],
                    table["ST_conf"][i]))
            else:
                feedback.pushInfo("{0} ← {1}: μ* = {2:.4g}, μ = {3:.4g}, σ = {4:.4g}".format(
                    table["output"][i], table["factor"][i], table["mu_star"][i], table["mu"][i], table["sigma"][i]))
        return {OUTPUT_TABLE: table_path, OUTPUT_CHART: chart_path, "RUNS": runs}
