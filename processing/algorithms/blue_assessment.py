"""bluecarbon:blueassessment — the whole chain on one map (fragmentation, sink, change, flow) and its HTML report.

The steps are the plugin's own algorithms, run as child algorithms through ``processing.run(...,
is_child_algorithm=True)`` with the caller's context and a multi-step feedback, so the assessment runs the
same from the toolbox, the Model Designer, batch mode and ``qgis_process``. Every output is written with a
fixed name (core.results, the one spec of the folder) into a hidden staging folder inside OUTPUT_FOLDER
(core.io.StagedFolder) and moved into place only when every step and the report succeeded; an error, a
cancellation or a signal deletes the staging folder, so OUTPUT_FOLDER gets all the files or none. Inputs are
only read (an area of interest is applied to a temporary masked copy, core.landcover.clip_to_shapes). The
rules on the inputs are core.checks', shared with the wizard; the report's data are read back from the folder
with core.results.read_results. This module orchestrates; it computes nothing.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any, Optional

from qgis.core import (
    QgsApplication,
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingMultiStepFeedback,
    QgsProcessingOutputHtml,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP

from ...core.checks import check_same_grid, check_sink_classes, check_years
from ...core.classes import open_classified
from ...core.errors import Cancelled
from ...core.invest_tables import convert_invest_tables, read_biophysical_table
from ...core.io import StagedFolder
from ...core.landcover import clip_to_shapes
from ...core.legend import NO_LEGEND, load_legend, preset_ids as legend_presets
from ...core.parameters import EffectiveTable
from ...core.report import write_assessment_report
from ...core.fragmentation.job import parse_class_list
from ...core.restoration.job import habitat_classes
from ...core.restoration.priority import PriorityOptions
from ...core.restoration.sites import restorable_classes
from ...core.results import REPORT as REPORT_FILE, describe_files, step_outputs
from ...core.valuation import DEFAULT_CURRENCY
from ...translation import current_language
from .. import parameters as groups
from ..base import BlueCarbonAlgorithm
from ..demand import INPUT_2, second_landcover_path
from .. import assessment_report
from ..report_maps import assessment_maps

AOI = "AOI"
YEAR_1 = "YEAR_1"
YEAR_2 = "YEAR_2"
ANALYSIS_YEAR = groups.ANALYSIS_YEAR
TITLE = "TITLE"
SINGLE_FILE = "SINGLE_FILE"
OUTPUT_FOLDER = "OUTPUT_FOLDER"
REPORT = "REPORT"
RESTORATION = "RESTORATION"
RESTORABLE = "RESTORABLE"
RESTORATION_BUDGET = "RESTORATION_BUDGET"
RESTORATION_PARAMETERS = (RESTORATION, RESTORABLE, RESTORATION_BUDGET)
"""The restoration step's options (off by default), in the order they are declared."""

FLOW_ALGORITHM = "bluecarbon:carbonserviceflow"
"""Parameters given to bluecarbon:carbonserviceflow under the same names (only those it declares)."""


@dataclass
class Run:
    """The assessment's inputs as plain values, and the state derived from them while it runs."""

    path: str
    band: Optional[int]
    legend: str
    group_by: str
    neighbours: int
    path_2: str = ""
    years: list = field(default_factory=list)
    analysis_year: Optional[int] = None
    carbon: Optional[EffectiveTable] = None
    presets: list = field(default_factory=list)
    own_parameters: str = ""
    own_only: bool = False
    edge_depth: float = 0.0
    edge_factor: float = 1.0
    draws: int = 1000
    seed: int = 1
    price: float = 0.0
    price_growth: float = 0.0
    currency: str = DEFAULT_CURRENCY
    discount_rate: float = 3.0
    single_file: bool = True
    folder: str = ""
    title: str = ""
    demand: bool = False
    restoration: bool = False
    restorable: str = ""
    restoration_budget: float = 100.0
    crs: Any = None
    invest: dict = field(default_factory=dict)
    """InVEST CBC's biophysical and transition tables given ({parameter name: path}) and INVEST_UNITS."""
    invest_ecosystems: dict = field(default_factory=dict)
    """lucode → ecosystem of the InVEST classes, from the legend chosen."""
    transitions: str = ""
    """The transition table converted from INVEST_TRANSITIONS, for the change step ('' = the default)."""
    # derived while running
    sources: list = field(default_factory=list)
    """The maps analysed: the inputs, or their copies clipped to the area of interest."""
    schemes: list = field(default_factory=list)
    grids: list = field(default_factory=list)
    aoi_info: str = ""
    notes: list = field(default_factory=list)
    semantics: list = field(default_factory=list)
    """core.sink.sink_semantics of each date, as the sink steps returned it."""
    steps_run: list = field(default_factory=list)

    @property
    def two_dates(self) -> bool:
        return bool(self.path_2)

    @property
    def clipped(self) -> bool:
        return bool(self.aoi_info)

    @property
    def band_used(self) -> Optional[int]:
        """The band of the maps analysed (a clipped copy has one band)."""
        return None if self.clipped else self.band

    @property
    def suffixes(self) -> list:
        """File-name suffix of each date: '' for the first, '_<year>' for the second."""
        return [""] + ([f"_{self.years[1]}"] if self.two_dates else [])

    @property
    def labels(self) -> list:
        """Each date's label in the report (its year, or '')."""
        return [str(y) for y in self.years] + [""] * (len(self.sources) - len(self.years))

    @property
    def invest_biophysical(self) -> str:
        """InVEST's biophysical table, when its classes and parameters replace the legend and parameter tables."""
        return self.invest.get(groups.INVEST_BIOPHYSICAL, "")

    @property
    def legend_file(self) -> bool:
        return self.legend not in legend_presets()

    @property
    def edge_effect(self) -> bool:
        return self.edge_depth > 0 and self.edge_factor < 1


class BlueAssessment(BlueCarbonAlgorithm):
    """Fragmentation, sink, change and flows of one landscape in one run, with an HTML report."""

    GROUP = "Assessment"
    GROUP_ID = "assessment"
    HELP_PAGE = "assessment.md"
    HELP = """
<p>Runs the whole Blue Carbon chain on one classified land-cover map and writes every result, and an HTML
report, into one folder:</p>
<ol>
<li><b>Fragmentation</b> (bluecarbon:patchfragmentation): patches of the blue-carbon classes with FRAGSTATS
metrics, class and landscape tables;</li>
<li><b>Sink capacity</b> (bluecarbon:sinkcapacity): stocks and annual sequestration per ecosystem and patch,
edge effect, Monte Carlo 90 % intervals, value at the given price;</li>
<li><b>Change</b> (bluecarbon:carbonchange, with a second-date map and the two years): accumulation,
conversion emissions, net sequestration and NPV (InVEST Coastal Blue Carbon equations); fragmentation and
sink are also computed for the second date;</li>
<li><b>Service flow</b> (bluecarbon:carbonserviceflow, with a demand layer or raster): supply per patch,
gravity flows to the demand units, balance and network indices;</li>
<li><b>Restoration sites</b> (bluecarbon:restorationpriority, when switched on): candidate sites of the
restorable classes on the latest map, ranked by their sequestration, connectivity (and, with demand, flow)
gains, and the greedy portfolio within the budget (ha);</li>
<li><b>Report</b>: report.html with inputs, parameters and their sources, tables, charts, maps rendered by
QGIS, uncertainty ranges and a methods section; it prints to PDF from a browser. By default (SINGLE_FILE) the
charts and maps are embedded in the page, so report.html alone is the whole report; the PNG files are also
kept in report_files/.</li>
</ol>
<p>An area of interest clips and masks the map first (nodata outside; the input files are not changed).
Files have fixed names (patches.gpkg, class_metrics.csv, sink_capacity.csv, change_periods.csv,
flow_links.gpkg, report.html, …); second-date fragmentation and sink files end in _&lt;year&gt;. Everything is
written to a staging folder and moved into OUTPUT_FOLDER at the end: an error or a cancellation leaves no
file behind. Parameter presets are merged in order (later ones win), then your own table.</p>
"""

    def name(self) -> str:  # noqa: D102
        return "blueassessment"

    def displayName(self) -> str:  # noqa: N802,D102
        return self.tr("Blue carbon assessment (all steps and report)")

    # -- parameters --------------------------------------------------------------------------------

    def initAlgorithm(self, config: Any = None) -> None:  # noqa: N802,D102
        groups.add_landcover_parameters(self, with_classes=False)
        for name in (groups.GROUP_BY, groups.NEIGHBOURS):
            groups.advanced(self.parameterDefinition(name))
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                AOI, self.tr("Area of interest (polygons; the map is clipped and masked to it)"),
                [QgsProcessing.SourceType.TypeVectorPolygon], optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterRasterLayer(
                INPUT_2, self.tr("Second-date land-cover raster (same grid; enables the change step)"), optional=True
            )
        )
        self.addParameter(groups.number(YEAR_1, self.tr("Year of the land-cover raster (needed with a second date)"),
                                        None, integer=True, optional=True))
        self.addParameter(groups.number(YEAR_2, self.tr("Year of the second-date raster"), None, integer=True,
                                        optional=True))
        self.addParameter(groups.advanced(groups.number(
            ANALYSIS_YEAR, self.tr("Analysis year of the change step (empty = the second date's year)"), None,
            integer=True, optional=True)))
        groups.add_carbon_parameters(self)
        groups.add_invest_parameters(self, prices=False, snapshots=False)
        for name in (groups.INVEST_BIOPHYSICAL, groups.INVEST_TRANSITIONS, groups.INVEST_UNITS):
            groups.advanced(self.parameterDefinition(name))
        self.parameterDefinition(groups.EDGE_DEPTH).setDescription(
            self.tr("Edge depth (m; core area and edge band; 0 = no edge effect)"))
        groups.add_valuation_parameters(self, advanced_rates=True)
        groups.add_flow_parameters(self, advanced_model=True)
        self.addParameter(QgsProcessingParameterBoolean(
            RESTORATION, self.tr("Restoration step: rank candidate restoration sites and pick a portfolio"), False))
        self.addParameter(QgsProcessingParameterString(
            RESTORABLE, self.tr("Restorable classes for the restoration step (ecosystems, class codes or raster "
                                "values; empty = tidal flats, aquaculture ponds, salt pans, bare intertidal)"),
            optional=True))
        self.addParameter(groups.number(
            RESTORATION_BUDGET, self.tr("Restoration budget (ha)"), 100.0, minimum=0.0))
        groups.add_performance_parameters(self)
        self.addParameter(QgsProcessingParameterString(TITLE, self.tr("Report title"), self.tr("Blue carbon assessment"),
                                                       optional=True))
        self.addParameter(groups.advanced(QgsProcessingParameterBoolean(
            SINGLE_FILE, self.tr("Single-file report (charts and maps embedded in report.html)"), True)))
        self.addParameter(QgsProcessingParameterFolderDestination(OUTPUT_FOLDER, self.tr("Output folder")))
        self.addOutput(QgsProcessingOutputHtml(REPORT, self.tr("Assessment report")))
        for key, text in (
            ("SEQUESTRATION_TCO2E_YR", QT_TRANSLATE_NOOP("BlueCarbon", "Annual sequestration (t CO₂e/yr)")),
            ("TOTAL_STOCK_TC", QT_TRANSLATE_NOOP("BlueCarbon", "Total carbon stock (t C)")),
            ("N_PATCHES", QT_TRANSLATE_NOOP("BlueCarbon", "Number of blue-carbon patches")),
            ("BLUE_CARBON_AREA_HA", QT_TRANSLATE_NOOP("BlueCarbon", "Blue-carbon area (ha)")),
            ("NET_SEQUESTRATION_TCO2E", QT_TRANSLATE_NOOP("BlueCarbon", "Net change of the stock between the dates (t CO₂e)")),
            ("NPV", QT_TRANSLATE_NOOP("BlueCarbon", "Net present value of the net sequestration")),
            ("DELIVERED_TC_YR", QT_TRANSLATE_NOOP("BlueCarbon", "Flow attributed to demand units (t C/yr)")),
            ("SHARE_OF_DEMAND_MET", QT_TRANSLATE_NOOP("BlueCarbon", "Share of demand met")),
        ):
            self.addOutput(QgsProcessingOutputNumber(key, self.tr(text)))
        self.addOutput(QgsProcessingOutputString("STEPS", self.tr("Steps run")))

    # -- run ---------------------------------------------------------------------------------------

    def execute(self, parameters: dict, context: Any, feedback: Any) -> dict:  # noqa: D102
        run = self._read(parameters, context, feedback)
        staged = StagedFolder(run.folder, ".blueassessment-")
        staging = staged.open()
        try:
            outputs = self._steps(run, parameters, context, feedback, staging)  # each date labelled once (base)
            self._release(context, staging)
            replaced = staged.replaced()
            if replaced:
                feedback.pushInfo(self.tr("Replacing {0} files of an earlier run in {1}.").format(len(replaced), run.folder))
            published = staged.publish()
        except BaseException:
            try:
                self._release(context, staging)
            finally:
                staged.discard()
            raise
        feedback.pushInfo(self.tr("Assessment written to {0} ({1} files; open report.html).").format(run.folder, published))
        outputs[OUTPUT_FOLDER] = run.folder
        outputs[REPORT] = os.path.join(run.folder, REPORT_FILE)
        feedback.setProgress(100)
        return outputs

    def _read(self, parameters: dict, context: Any, feedback: Any = None) -> Run:
        """Read and check the parameters (nothing is written yet)."""
        inputs = groups.landcover_inputs(self, parameters, context, feedback)
        layer = self.parameterAsRasterLayer(parameters, groups.INPUT, context)
        run = Run(inputs["path"], inputs["band"], inputs["legend"], inputs["group_by"], inputs["neighbours"])
        run.crs = layer.crs()
        if run.legend in ("", NO_LEGEND):
            raise QgsProcessingException(self.tr(
                "The assessment needs a legend that says which classes are mangrove, salt marsh or seagrass. "
                "Fix: choose a legend preset (e.g. esa_worldcover) or your own legend CSV."))
        run.path_2 = second_landcover_path(self, parameters, context)
        years = [self.parameterAsInt(parameters, k, context) if parameters.get(k) not in (None, "") else None
                 for k in (YEAR_1, YEAR_2)]
        if run.path_2:
            check_years(years[0], years[1], YEAR_1, YEAR_2)
            run.years = years
        elif years[0] is not None:
            run.years = [years[0]]
        if parameters.get(ANALYSIS_YEAR) not in (None, ""):
            run.analysis_year = self.parameterAsInt(parameters, ANALYSIS_YEAR, context)
        run.invest = groups.read_invest_paths(self, parameters, context)
        if run.invest_biophysical:
            self._read_invest(run, parameters, context, feedback)
        else:
            if groups.INVEST_TRANSITIONS in run.invest:
                raise QgsProcessingException(self.tr(
                    "INVEST_TRANSITIONS names InVEST's classes, which come from its biophysical table. Fix: give "
                    "INVEST_BIOPHYSICAL too, or the transitions in the plugin's layout to bluecarbon:carbonchange."))
            run.carbon = groups.read_carbon_table(self, parameters, context, feedback)
            run.own_parameters = self.parameterAsFile(parameters, groups.OWN_TABLE, context) or ""
            run.own_only = self.parameterAsBoolean(parameters, groups.OWN_ONLY, context)
            run.presets = [] if run.own_only else list(run.carbon.tables_used[:-1] if run.own_parameters
                                                       else run.carbon.tables_used)
        run.edge_depth = self.parameterAsDouble(parameters, groups.EDGE_DEPTH, context)
        run.edge_factor = self.parameterAsDouble(parameters, groups.EDGE_FACTOR, context)
        run.draws = self.parameterAsInt(parameters, groups.DRAWS, context)
        run.seed = self.parameterAsInt(parameters, groups.SEED, context)
        run.price = self.parameterAsDouble(parameters, groups.PRICE, context)
        run.price_growth = self.parameterAsDouble(parameters, groups.PRICE_GROWTH, context)
        run.currency = groups.read_currency(self, parameters, context)
        run.discount_rate = self.parameterAsDouble(parameters, groups.DISCOUNT_RATE, context)
        run.single_file = self.parameterAsBoolean(parameters, SINGLE_FILE, context)
        run.title = self.parameterAsString(parameters, TITLE, context) or self.tr("Blue carbon assessment")
        run.demand = any(parameters.get(k) not in (None, "") for k in (groups.DEMAND_UNITS, groups.DEMAND_RASTER))
        run.restoration = self.parameterAsBoolean(parameters, RESTORATION, context)
        run.restorable = self.parameterAsString(parameters, RESTORABLE, context) or ""
        run.restoration_budget = self.parameterAsDouble(parameters, RESTORATION_BUDGET, context)
        run.folder = self.parameterAsFileOutput(parameters, OUTPUT_FOLDER, context)
        if not run.folder:
            raise QgsProcessingException(self.tr("No output folder was given. Fix: choose a folder for the results."))
        run.folder = os.path.abspath(run.folder)
        return run

    def _read_invest(self, run: Run, parameters: dict, context: Any, feedback: Any) -> None:
        """InVEST's biophysical table replaces the parameter tables; the legend chosen gives its classes' ecosystems."""
        if self.parameterAsFile(parameters, groups.OWN_TABLE, context):
            raise QgsProcessingException(self.tr(
                "INVEST_BIOPHYSICAL and PARAMETERS_FILE both give the parameter table. Fix: give only one of them "
                "(or convert the InVEST tables with bluecarbon:investtables and edit the result)."))
        path = run.invest_biophysical
        run.invest_ecosystems = {e.value: e.ecosystem for e in load_legend(run.legend).entries}
        bio = read_biophysical_table(path, run.invest[groups.INVEST_UNITS], run.invest_ecosystems)
        run.carbon = EffectiveTable(bio.parameters, [path], [], [])
        run.own_only, run.presets = True, []
        feedback.pushInfo(self.tr(
            "InVEST biophysical table {0}: its classes (lucode) and parameters replace the parameter presets and the "
            "own parameter table; their ecosystems come from the legend {1}.").format(path, run.legend))
        if bio.factor != 1.0:
            feedback.pushInfo(self.tr("Its stocks and rates are in t CO₂e (InVEST's Mg CO₂e): converted to t C "
                                      "with × 12/44."))

    def _convert_invest(self, run: Run, staging: str) -> None:
        """InVEST's tables converted once into the staging folder; the steps read the converted legend and tables."""
        work = os.path.join(staging, ".work", "invest")
        converted = convert_invest_tables(run.invest_biophysical, work, run.invest.get(groups.INVEST_TRANSITIONS) or None,
                                          units=run.invest[groups.INVEST_UNITS], ecosystems=run.invest_ecosystems)
        run.legend = converted.files["legend"]
        run.carbon = EffectiveTable(converted.parameters, [run.invest_biophysical], [], [])
        run.transitions = converted.files.get("transitions", "")

    def _prepare(self, run: Run, parameters: dict, context: Any, feedback: Any, staging: str) -> None:
        """The maps to analyse (clipped to the area of interest), their classes and grids, the checks on them."""
        run.sources = [run.path] + ([run.path_2] if run.two_dates else [])
        if parameters.get(AOI) not in (None, ""):
            shapes, run.aoi_info = self._aoi_shapes(parameters, context, run)
            work = os.path.join(staging, ".work")
            os.makedirs(work, exist_ok=True)
            run.sources = [clip_to_shapes(path, run.band, shapes, os.path.join(work, f"landcover_{k + 1}.tif"), AOI)
                           for k, path in enumerate(run.sources)]
            feedback.pushInfo(self.tr("Area of interest: {0}; the map is clipped and masked to it.").format(run.aoi_info))
        for path in run.sources:
            lc, scheme = open_classified(path, run.band_used, run.legend, run.group_by)
            with lc:
                run.schemes.append(scheme)
                run.grids.append(lc.grid)
        if run.two_dates:
            check_same_grid(run.grids[0], run.grids[1], INPUT_2, run.path_2, groups.INPUT, run.path)
        check_sink_classes(run.schemes[0], run.carbon.table)
        if run.restoration:  # the restoration step's own checks, before any step runs (core's rules)
            PriorityOptions(budget=run.restoration_budget).check()
            restorable_classes(run.schemes[-1], parse_class_list(run.restorable), habitat_classes(run.schemes[-1], []))

    def _steps(self, run: Run, parameters: dict, context: Any, feedback: Any, staging: str) -> dict:
        """Every step into ``staging``; returns the numeric outputs."""
        flow_alg = QgsApplication.processingRegistry().algorithmById(FLOW_ALGORITHM) if run.demand else None
        names = ["prepare", "fragmentation", "sink"] + (["fragmentation 2", "sink 2", "change"] if run.two_dates else [])
        names += ["flow"] if flow_alg is not None else []
        names += ["restoration"] if run.restoration else []
        names += ["report"]
        multi = QgsProcessingMultiStepFeedback(len(names), feedback)

        def step(name: str) -> None:
            if feedback.isCanceled():
                raise Cancelled()
            multi.setCurrentStep(names.index(name))

        def child(name: str, title: str, params: dict) -> dict:
            return self._child(name, title, params, context, multi, feedback)

        if run.demand and flow_alg is None:
            run.notes.append(self.tr("The flow step was skipped: the algorithm bluecarbon:carbonserviceflow is not installed."))
            feedback.pushWarning(run.notes[-1])

        # 1. inputs: the effective parameter table (the children use it alone), area of interest, checks
        step("prepare")
        if run.invest_biophysical:
            self._convert_invest(run, staging)
        params_csv = os.path.join(staging, "parameters.csv")
        run.carbon.table.to_csv(params_csv)
        self._prepare(run, parameters, context, feedback, staging)
        multi.setProgressText(self.tr("Inputs ready"))
        common = {"LEGEND_PRESET": NO_LEGEND if run.legend_file else run.legend,
                  "LEGEND_FILE": run.legend if run.legend_file else None,
                  "GROUP_BY": run.group_by, "NEIGHBOURS": str(run.neighbours), "BAND": run.band_used}
        carbon = {"PARAMETERS_FILE": params_csv, "OWN_ONLY": True, "EDGE_DEPTH": run.edge_depth,
                  "EDGE_FACTOR": run.edge_factor}
        performance = {groups.WORKERS: self.parameterAsInt(parameters, groups.WORKERS, context),  # 0: the children
                       groups.DASK_SCHEDULER: self.parameterAsString(parameters, groups.DASK_SCHEDULER, context) or None}

        # 2. fragmentation and sink of each date
        for k, (path, suffix) in enumerate(zip(run.sources, run.suffixes)):
            year = run.years[k] if run.years else None
            step("fragmentation" + ("" if k == 0 else " 2"))
            child("patchfragmentation",
                  self.tr("Fragmentation ({year})").format(year=year) if year else self.tr("Fragmentation"),
                  {"INPUT": path, **common, "EDGE_DEPTH": run.edge_depth, **performance,
                   **step_outputs("patchfragmentation", staging, k, suffix)})
            step("sink" + ("" if k == 0 else " 2"))
            done = child("sinkcapacity",
                         self.tr("Sink capacity ({year})").format(year=year) if year else self.tr("Sink capacity"),
                         {"INPUT": path, **common, **carbon, "DRAWS": run.draws, "SEED": run.seed, "PRICE": run.price,
                          "CURRENCY": run.currency, **performance, **step_outputs("sinkcapacity", staging, k, suffix),
                          # the second date: cells that became blue carbon since the first are restored (IPCC EF_RE)
                          **({groups.EARLIER_INPUT: run.sources[0]} if k else {})})
            run.semantics.append(done.get("SEMANTICS") or "")
        run.steps_run += ["fragmentation", "sink"]

        # 3. change between the dates
        if run.two_dates:
            step("change")
            child("carbonchange", self.tr("Carbon change"), {
                "SNAPSHOTS": run.sources, "YEARS": f"{run.years[0]}, {run.years[1]}",
                # carbonchange has no 'raster_values' choice; with a legend file the preset is ignored
                "LEGEND_PRESET": legend_presets()[0] if run.legend_file else run.legend,
                "LEGEND_FILE": common["LEGEND_FILE"], "BAND": run.band_used, "PARAMETERS_FILE": params_csv,
                "TRANSITIONS": run.transitions or None,
                "OWN_ONLY": True, "PRICE": run.price, "PRICE_GROWTH": run.price_growth, "CURRENCY": run.currency,
                "DISCOUNT_RATE": run.discount_rate, "DRAWS": run.draws, "SEED": run.seed,
                "ANALYSIS_YEAR": run.analysis_year, **step_outputs("carbonchange", staging)})
            run.steps_run.append("change")
            if run.analysis_year in (None, run.years[1]):
                run.notes.append(self.tr(
                    "The change step ends in {year}, the year of the second map: the conversions between the "
                    "maps take effect in {year} and show in no period yet. Give an analysis year after "
                    "{year} (ANALYSIS_YEAR) to follow their emissions and accumulation.").format(year=run.years[1]))

        # 4. service flow
        if flow_alg is not None:
            step("flow")
            flow = {"INPUT": run.sources[0], "INPUT_2": run.sources[1] if run.two_dates else None, **common, **carbon,
                    **{key: parameters[key] for key in groups.FLOW_PARAMETERS if parameters.get(key) not in (None, "")},
                    **step_outputs("carbonserviceflow", staging, two_dates=run.two_dates)}
            declared = {p.name() for p in flow_alg.parameterDefinitions()}
            child("carbonserviceflow", self.tr("Service flow"), {k: v for k, v in flow.items() if k in declared})
            run.steps_run.append("flow")

        # 5. restoration sites on the latest map (with the flow's demand and model: each site's flow gain)
        if run.restoration:
            step("restoration")
            restore_alg = QgsApplication.processingRegistry().algorithmById("bluecarbon:restorationpriority")
            restore = {"INPUT": run.sources[-1], **common, **carbon, "RESTORABLE": run.restorable,
                       "BUDGET_KIND": "area", "BUDGET": run.restoration_budget,
                       **{key: parameters[key] for key in groups.FLOW_PARAMETERS if parameters.get(key) not in (None, "")},
                       **step_outputs("restorationpriority", staging)}
            if run.two_dates:  # the latest map serves the latest demand (DEMAND_UNITS_2 / DEMAND_FIELD_2 when given)
                for latest, key in ((groups.DEMAND_UNITS_2, groups.DEMAND_UNITS), (groups.DEMAND_FIELD_2, groups.DEMAND_FIELD)):
                    if parameters.get(latest) not in (None, ""):
                        restore[key] = parameters[latest]
            declared = {p.name() for p in restore_alg.parameterDefinitions()}
            child("restorationpriority", self.tr("Restoration sites"),
                  {k: v for k, v in restore.items() if k in declared})
            run.steps_run.append("restoration")

        # 6. report
        step("report")
        multi.setProgressText(self.tr("Writing the report"))
        data = assessment_report.report_data(self, run, parameters, staging)
        assessment_maps(data, staging, run, feedback, run.notes)
        data.notes = run.notes
        data.files = describe_files(staging, self.tr)
        # the report in the language of the plugin's installed translation (English without one)
        write_assessment_report(data, os.path.join(staging, REPORT_FILE), os.path.join(staging, "report_files"),
                                translate=self.tr, language=current_language(), single_file=run.single_file)
        if feedback.isCanceled():
            raise Cancelled()
        return assessment_report.outputs(data, run.steps_run)

    def _child(self, name: str, title: str, params: dict, context: Any, multi: Any, feedback: Any) -> dict:
        """Run bluecarbon:<name> as a child algorithm; a cancellation during it stops the assessment."""
        from qgis import processing

        feedback.pushInfo(self.tr("— {0} (bluecarbon:{1})").format(title, name))
        clean = {k: v for k, v in params.items() if v is not None}
        try:
            result = processing.run(f"bluecarbon:{name}", clean, context=context, feedback=multi,
                                    is_child_algorithm=True)
        except QgsProcessingException as err:
            if feedback.isCanceled():
                raise Cancelled() from err
            raise QgsProcessingException(self.tr("{0} step: {1}").format(title, str(err).strip())) from err
        if feedback.isCanceled() or not result:
            raise Cancelled()
        return result

    def _aoi_shapes(self, parameters: dict, context: Any, run: Run) -> tuple[list, str]:
        """The AOI polygons as GeoJSON-like dicts in the raster's CRS, and a description."""
        source = self.parameterAsSource(parameters, AOI, context)
        if source is None:
            raise QgsProcessingException(self.tr("The area of interest could not be loaded. Fix: choose a polygon layer."))
        transform = None
        if source.sourceCrs().isValid() and run.crs is not None and run.crs.isValid() and source.sourceCrs() != run.crs:
            transform = QgsCoordinateTransform(source.sourceCrs(), run.crs, context.transformContext())
        shapes = []
        for feature in source.getFeatures(QgsFeatureRequest().setNoAttributes()):
            geometry = feature.geometry()
            if geometry is None or geometry.isEmpty():
                continue
            if transform is not None:
                geometry.transform(transform)
            if not geometry.isGeosValid():
                geometry = geometry.makeValid()
            shapes.append(json.loads(geometry.asJson()))
        if not shapes:
            raise QgsProcessingException(
                self.tr("The area of interest has no polygon. Fix: Give a layer with at least one polygon.")
            )
        name = source.sourceName() or self.tr("area of interest")
        if len(shapes) == 1:
            return shapes, self.tr("{name} (1 polygon)").format(name=name)
        return shapes, self.tr("{name} ({count} polygons)").format(name=name, count=len(shapes))

    # -- report --------------------------------------------------------------------------------------

    # -- staging -------------------------------------------------------------------------------------

    @staticmethod
    def _release(context: Any, staging: str) -> None:
        """Drop the layers Processing keeps open on staged files (child inputs, styled outputs)."""
        if not staging:
            return
        store = context.temporaryLayerStore()
        prefix = os.path.abspath(staging) + os.sep
        layers = [layer for layer in store.mapLayers().values()
                  if os.path.abspath(layer.source().split("|")[0]).startswith(prefix)]
        if layers:
            store.removeMapLayers(layers)
