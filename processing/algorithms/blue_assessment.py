"""bluecarbon:blueassessment — the whole chain on one map (fragmentation, sink, change, flow) and its HTML report.

The steps are the plugin's own algorithms, run as child algorithms through ``processing.run(...,
is_child_algorithm=True)`` with the caller's context and a multi-step feedback, so the assessment runs the
same from the toolbox, the Model Designer, batch mode and ``qgis_process``. Every output is written with a
fixed name into a hidden staging folder inside OUTPUT_FOLDER and moved into place only when every step and
the report succeeded; an error or a cancellation deletes the staging folder, so OUTPUT_FOLDER gets all the
files or none. Inputs are only read (an area of interest is applied to a temporary masked copy).
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from typing import Any, Optional

from qgis.core import (
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingMultiStepFeedback,
    QgsProcessingOutputHtml,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterString,
    QgsRectangle,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP

from ...core.errors import BlueCarbonError, Cancelled
from ...core.classes import open_classified
from ...core.io import write_raster_strips
from ...core.landcover import plan_strips
from ...core.legend import BLUE_CARBON_ECOSYSTEMS, NO_LEGEND, load_legend, preset_ids as legend_presets
from ...core.parameters import DEFAULT_PRESETS, EffectiveTable, load_parameters
from ...core.report import AssessmentData, DateResult, MapImage, headline, write_assessment_report
from ...core.report.tables import is_number, network_values, number, read_csv_columns, row_where
from ...core.resources import PLUGIN_ROOT
from ...core.sink import sink_ecosystems
from ...core.valuation import DEFAULT_CURRENCY, currency_code
from .. import parameters as groups
from . import common
from ...translation import current_language
from .base import DOCS_URL, BlueCarbonAlgorithm

AOI = "AOI"
INPUT_2 = "INPUT_2"
YEAR_1 = "YEAR_1"
YEAR_2 = "YEAR_2"
ANALYSIS_YEAR = "ANALYSIS_YEAR"
PARAMETERS = groups.PRESETS
PARAMETERS_FILE = groups.OWN_TABLE
OWN_ONLY = groups.OWN_ONLY
EDGE_DEPTH = groups.EDGE_DEPTH
EDGE_FACTOR = groups.EDGE_FACTOR
DRAWS = groups.DRAWS
SEED = groups.SEED
PRICE = "PRICE"
PRICE_GROWTH = "PRICE_GROWTH"
CURRENCY = "CURRENCY"
DISCOUNT_RATE = "DISCOUNT_RATE"
DEMAND_UNITS = "DEMAND_UNITS"
DEMAND_FIELD = "DEMAND_FIELD"
NAME_FIELD = "NAME_FIELD"
DEMAND_RASTER = "DEMAND_RASTER"
COEFFICIENT = "COEFFICIENT"
GRID_SIZE = "GRID_SIZE"
DECAY = "DECAY"
DECAY_DISTANCE = "DECAY_DISTANCE"
POWER_EXPONENT = "POWER_EXPONENT"
POWER_OFFSET = "POWER_OFFSET"
MAX_DISTANCE = "MAX_DISTANCE"
DISTANCE_MODE = "DISTANCE_MODE"
RESISTANCE_FILE = "RESISTANCE_FILE"
TITLE = "TITLE"
SINGLE_FILE = "SINGLE_FILE"
OUTPUT_FOLDER = "OUTPUT_FOLDER"
REPORT = "REPORT"

FLOW_ALGORITHM = "bluecarbon:carbonserviceflow"
FLOW_PASS_THROUGH = (DEMAND_UNITS, DEMAND_FIELD, NAME_FIELD, DEMAND_RASTER, COEFFICIENT, GRID_SIZE, DECAY,
                     DECAY_DISTANCE, POWER_EXPONENT, POWER_OFFSET, MAX_DISTANCE, DISTANCE_MODE, RESISTANCE_FILE)
"""Parameters given to bluecarbon:carbonserviceflow under the same names (only those it declares)."""
FLOW_OUTPUTS = {
    "OUTPUT_LINKS": "flow_links.gpkg", "OUTPUT_PATCHES": "flow_patches.csv", "OUTPUT_DEMAND": "flow_demand.csv",
    "OUTPUT_NETWORK": "flow_network.csv", "OUTPUT_BALANCE": "flow_balance.tif", "OUTPUT_UNITS": "flow_units.gpkg",
}
CHANGE_OUTPUTS = {
    "OUTPUT_PERIODS": "change_periods.csv", "OUTPUT_STOCKS": "change_stocks.csv",
    "OUTPUT_TRANSITION_AREAS": "change_transition_areas.csv", "OUTPUT_TRANSITIONS": "change_transitions.csv",
    "OUTPUT_NET_SEQUESTRATION": "change_net_sequestration.tif", "OUTPUT_ACCUMULATION": "change_accumulation.tif",
    "OUTPUT_EMISSIONS": "change_emissions.tif", "OUTPUT_GAIN_LOSS": "change_gain_loss.tif",
}
FILE_DESCRIPTIONS = {  # translated when the report lists the files
    "report.html": QT_TRANSLATE_NOOP("BlueCarbon", "this report"),
    "parameters.csv": QT_TRANSLATE_NOOP("BlueCarbon", "the carbon parameter table used, with sources"),
    "patches.gpkg": QT_TRANSLATE_NOOP("BlueCarbon", "patches of the blue-carbon classes with their FRAGSTATS metrics (styled by area)"),
    "class_metrics.csv": QT_TRANSLATE_NOOP("BlueCarbon", "class metrics of every class"),
    "landscape_metrics.csv": QT_TRANSLATE_NOOP("BlueCarbon", "landscape metrics"),
    "sink_capacity.csv": QT_TRANSLATE_NOOP("BlueCarbon", "stocks and sequestration per ecosystem, with 90 % intervals"),
    "sink_patches.gpkg": QT_TRANSLATE_NOOP("BlueCarbon", "blue-carbon patches with their stocks and sequestration"),
    "sequestration.tif": QT_TRANSLATE_NOOP("BlueCarbon", "sequestration rate (t C/ha/yr) and amount per cell (t C/yr)"),
    "change_periods.csv": QT_TRANSLATE_NOOP("BlueCarbon", "accumulation, emissions, net sequestration and NPV per period"),
    "change_stocks.csv": QT_TRANSLATE_NOOP("BlueCarbon", "carbon stocks per year"),
    "change_transition_areas.csv": QT_TRANSLATE_NOOP("BlueCarbon", "transition areas (ha)"),
    "change_transitions.csv": QT_TRANSLATE_NOOP("BlueCarbon", "the transition table used (editable)"),
    "change_net_sequestration.tif": QT_TRANSLATE_NOOP("BlueCarbon", "net sequestration per period and total (t C/ha)"),
    "change_accumulation.tif": QT_TRANSLATE_NOOP("BlueCarbon", "accumulation per period and total (t C/ha)"),
    "change_emissions.tif": QT_TRANSLATE_NOOP("BlueCarbon", "emissions per period and total (t C/ha)"),
    "change_gain_loss.tif": QT_TRANSLATE_NOOP("BlueCarbon", "stock gain or loss over the whole run (t C/ha)"),
    "flow_links.gpkg": QT_TRANSLATE_NOOP("BlueCarbon", "flow links patch → demand unit (t C/yr)"),
    "flow_patches.csv": QT_TRANSLATE_NOOP("BlueCarbon", "supply and delivered flow per patch"),
    "flow_demand.csv": QT_TRANSLATE_NOOP("BlueCarbon", "demand, received flow and balance per unit"),
    "flow_network.csv": QT_TRANSLATE_NOOP("BlueCarbon", "flow totals and network indices"),
    "flow_balance.tif": QT_TRANSLATE_NOOP("BlueCarbon", "supply–demand balance and ESDR"),
    "flow_units.gpkg": QT_TRANSLATE_NOOP("BlueCarbon", "demand units with their balance"),
    "flow_change.csv": QT_TRANSLATE_NOOP("BlueCarbon", "patch changes between the dates and their flows"),
}


@dataclass
class Run:
    """The assessment's inputs as plain values."""

    path: str
    band: Optional[int]
    legend: str
    group_by: str
    neighbours: int
    path_2: str = ""
    years: list = field(default_factory=list)
    analysis_year: Optional[int] = None
    presets: Optional[list] = None
    own_parameters: str = ""
    own_only: bool = False
    carbon: Optional[EffectiveTable] = None
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
    aoi_name: str = ""
    crs: Any = None


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
        common.add_landcover_parameters(self, with_classes=False)
        for name in (common.GROUP_BY, common.NEIGHBOURS):
            self._advanced(self.parameterDefinition(name))
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
        self._integer(YEAR_1, self.tr("Year of the land-cover raster (needed with a second date)"), None, optional=True)
        self._integer(YEAR_2, self.tr("Year of the second-date raster"), None, optional=True)
        self._integer(ANALYSIS_YEAR, self.tr("Analysis year of the change step (empty = the second date's year)"), None,
                      optional=True, advanced=True)
        groups.add_carbon_parameters(self)
        self.parameterDefinition(EDGE_DEPTH).setDescription(
            self.tr("Edge depth (m; core area and edge band; 0 = no edge effect)"))
        self._double(PRICE, self.tr("Carbon price per t CO₂e (0 = no valuation)"), 0.0, minimum=0.0)
        self.addParameter(QgsProcessingParameterString(
            CURRENCY, self.tr("Currency of the price (a label, e.g. USD, EUR, CNY; values are not converted)"),
            DEFAULT_CURRENCY))
        self._double(PRICE_GROWTH, self.tr("Yearly price growth (%)"), 0.0, minimum=-99.0, advanced=True)
        self._double(DISCOUNT_RATE, self.tr("Discount rate (% per year)"), 3.0, minimum=-99.0, advanced=True)
        self._flow_parameters()
        self.addParameter(QgsProcessingParameterString(TITLE, self.tr("Report title"), self.tr("Blue carbon assessment"),
                                                       optional=True))
        self.addParameter(self._advanced(QgsProcessingParameterBoolean(
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
            ("DELIVERED_TC_YR", QT_TRANSLATE_NOOP("BlueCarbon", "Flow delivered to demand units (t C/yr)")),
            ("SHARE_OF_DEMAND_MET", QT_TRANSLATE_NOOP("BlueCarbon", "Share of demand met")),
        ):
            self.addOutput(QgsProcessingOutputNumber(key, self.tr(text)))
        self.addOutput(QgsProcessingOutputString("STEPS", self.tr("Steps run")))

    def _flow_parameters(self) -> None:
        """Demand and flow-model inputs, named as in bluecarbon:carbonserviceflow."""
        from ...core.flow import DISTANCE_MODES, LAWS

        self.addParameter(
            QgsProcessingParameterFeatureSource(
                DEMAND_UNITS, self.tr("Demand units for the flow step (points or polygons; optional)"),
                [QgsProcessing.SourceType.TypeVectorPoint, QgsProcessing.SourceType.TypeVectorPolygon], optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                DEMAND_FIELD, self.tr("Demand field (t C/yr × coefficient; used without a demand raster)"),
                parentLayerParameterName=DEMAND_UNITS, type=QgsProcessingParameterField.DataType.Numeric, optional=True,
            )
        )
        name_field = QgsProcessingParameterField(
            NAME_FIELD, self.tr("Unit name field"), parentLayerParameterName=DEMAND_UNITS, optional=True
        )
        self.addParameter(self._advanced(name_field))
        self.addParameter(
            QgsProcessingParameterRasterLayer(
                DEMAND_RASTER, self.tr("Demand raster for the flow step (per cell; optional)"), optional=True
            )
        )
        self._double(COEFFICIENT, self.tr("Demand coefficient (t C/yr per unit of the field or raster; 12/44 for t CO₂)"), 1.0,
                     minimum=0.0, advanced=True)
        self._double(GRID_SIZE, self.tr("Demand grid cell size (m; a demand raster without units)"), 1000.0, minimum=0.0,
                     advanced=True)
        self.addParameter(self._advanced(common.named_options(QgsProcessingParameterEnum(
            DECAY, self.tr("Distance-decay law"), options=list(LAWS), defaultValue=LAWS[0], usesStaticStrings=True))))
        self._double(DECAY_DISTANCE, self.tr("Exponential decay distance λ (m)"), 2000.0, minimum=0.0, advanced=True)
        self._double(POWER_EXPONENT, self.tr("Power-law exponent β"), 2.0, minimum=0.0, advanced=True)
        self._double(POWER_OFFSET, self.tr("Power-law offset d0 (m)"), 100.0, minimum=0.0, advanced=True)
        self._double(MAX_DISTANCE, self.tr("Maximum flow distance (m)"), 5000.0, minimum=0.0, advanced=True)
        self.addParameter(self._advanced(common.named_options(QgsProcessingParameterEnum(
            DISTANCE_MODE, self.tr("Distance"), options=list(DISTANCE_MODES), defaultValue=DISTANCE_MODES[0],
            usesStaticStrings=True))))
        self.addParameter(self._advanced(QgsProcessingParameterFile(
            RESISTANCE_FILE, self.tr("Resistance table for least-cost distances (CSV; empty = shipped table)"),
            extension="csv", optional=True)))

    @staticmethod
    def _advanced(param: QgsProcessingParameterDefinition) -> QgsProcessingParameterDefinition:
        param.setFlags(param.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
        return param

    def _double(self, key: str, text: str, default: Optional[float], minimum: Optional[float] = None,
                maximum: Optional[float] = None, advanced: bool = False) -> None:
        """Add a decimal parameter; ``text`` is the translated description."""
        param = QgsProcessingParameterNumber(key, text, QgsProcessingParameterNumber.Type.Double, default)
        if minimum is not None:
            param.setMinimum(minimum)
        if maximum is not None:
            param.setMaximum(maximum)
        self.addParameter(self._advanced(param) if advanced else param)

    def _integer(self, key: str, text: str, default: Optional[int], minimum: Optional[int] = None,
                 optional: bool = False, advanced: bool = False) -> None:
        """Add an integer parameter; ``text`` is the translated description."""
        param = QgsProcessingParameterNumber(key, text, QgsProcessingParameterNumber.Type.Integer, default,
                                             optional)
        if minimum is not None:
            param.setMinimum(minimum)
        self.addParameter(self._advanced(param) if advanced else param)

    def checkParameterValues(self, parameters: dict, context: Any) -> tuple:  # noqa: N802
        """Check the land-cover file with the engine's own messages before QGIS tries to load it."""
        ok, message = common.check_landcover_file(parameters, context)
        return (ok, message) if not ok else super().checkParameterValues(parameters, context)

    # -- run ---------------------------------------------------------------------------------------

    def processAlgorithm(self, parameters: dict, context: Any, feedback: Any) -> dict:  # noqa: N802,D102
        run = self._read(parameters, context, feedback)
        folder = run.folder
        created = not os.path.exists(folder)
        staging = ""
        try:
            if os.path.exists(folder) and not os.path.isdir(folder):
                raise QgsProcessingException(self.tr(
                    "The output folder '{folder}' is a file. Fix: Choose a folder (or a new folder name)."
                ).format(folder=folder))
            os.makedirs(folder, exist_ok=True)
            if not os.access(folder, os.W_OK):
                raise QgsProcessingException(self.tr(
                    "The output folder '{folder}' is not writable. Fix: Choose a folder you may write to."
                ).format(folder=folder))
            if feedback.isCanceled():
                raise Cancelled()
            staging = tempfile.mkdtemp(prefix=".blueassessment-", dir=folder)
            outputs = self._run(run, parameters, context, feedback, staging)
            self._release(context, staging)
            published = self._publish(staging, folder, feedback)
        except Cancelled:
            self._discard(context, staging, folder, created)
            feedback.pushInfo(self.tr("Cancelled: no output was written."))
            return {}
        except BlueCarbonError as err:
            self._discard(context, staging, folder, created)
            raise common.as_processing_error(err) from err
        except BaseException:
            self._discard(context, staging, folder, created)
            raise
        feedback.pushInfo(self.tr("Assessment written to {0} ({1} files; open report.html).").format(folder, published))
        outputs[OUTPUT_FOLDER] = folder
        outputs[REPORT] = os.path.join(folder, "report.html")
        feedback.setProgress(100)
        return outputs

    def _read(self, parameters: dict, context: Any, feedback: Any = None) -> Run:
        """Read and check the parameters (nothing is written yet)."""
        inputs = common.landcover_inputs(self, parameters, context, feedback)
        layer = self.parameterAsRasterLayer(parameters, common.INPUT, context)
        run = Run(inputs["path"], inputs["band"], inputs["legend"], inputs["group_by"], inputs["neighbours"])
        run.crs = layer.crs()
        if run.legend in ("", NO_LEGEND):
            raise QgsProcessingException(self.tr(
                "The assessment needs a legend that says which classes are mangrove, salt marsh or seagrass. "
                "Fix: choose a legend preset (e.g. esa_worldcover) or your own legend CSV."))
        if parameters.get(INPUT_2) not in (None, ""):
            second = self.parameterAsRasterLayer(parameters, INPUT_2, context)
            if second is None or second.providerType() != "gdal":
                raise QgsProcessingException(self.tr(
                    "The second-date raster could not be loaded. Fix: choose a raster file (GeoTIFF)."))
            run.path_2 = second.source().split("|")[0]
        years = [self.parameterAsInt(parameters, k, context) if parameters.get(k) not in (None, "") else None
                 for k in (YEAR_1, YEAR_2)]
        if run.path_2:
            if None in years:
                raise QgsProcessingException(self.tr(
                    "A second-date raster needs the years of both maps. Fix: give YEAR_1 and YEAR_2 (e.g. 2020 and 2035)."))
            if years[1] <= years[0]:
                raise QgsProcessingException(self.tr(
                    "The second date ({1}) must be later than the first ({0}). Fix: give the years in order, the "
                    "older map as INPUT.").format(*years))
            run.years = years
        elif years[0] is not None:
            run.years = [years[0]]
        if parameters.get(ANALYSIS_YEAR) not in (None, ""):
            run.analysis_year = self.parameterAsInt(parameters, ANALYSIS_YEAR, context)
        try:
            run.carbon = groups.read_carbon_table(self, parameters, context, feedback)
        except BlueCarbonError as err:
            raise common.as_processing_error(err) from err
        run.own_parameters = self.parameterAsFile(parameters, PARAMETERS_FILE, context) or ""
        run.own_only = self.parameterAsBoolean(parameters, OWN_ONLY, context)
        run.presets = [] if run.own_only else list(run.carbon.tables_used[:-1] if run.own_parameters
                                                   else run.carbon.tables_used)
        run.edge_depth = self.parameterAsDouble(parameters, EDGE_DEPTH, context)
        run.edge_factor = self.parameterAsDouble(parameters, EDGE_FACTOR, context)
        run.draws = self.parameterAsInt(parameters, DRAWS, context)
        run.seed = self.parameterAsInt(parameters, SEED, context)
        run.price = self.parameterAsDouble(parameters, PRICE, context)
        run.price_growth = self.parameterAsDouble(parameters, PRICE_GROWTH, context)
        try:
            run.currency = currency_code(self.parameterAsString(parameters, CURRENCY, context))
        except BlueCarbonError as err:
            raise common.as_processing_error(err) from err
        run.single_file = self.parameterAsBoolean(parameters, SINGLE_FILE, context)
        run.discount_rate = self.parameterAsDouble(parameters, DISCOUNT_RATE, context)
        run.title = self.parameterAsString(parameters, TITLE, context) or self.tr("Blue carbon assessment")
        run.demand = any(parameters.get(k) not in (None, "") for k in (DEMAND_UNITS, DEMAND_RASTER))
        run.folder = self.parameterAsFileOutput(parameters, OUTPUT_FOLDER, context)
        if not run.folder:
            raise QgsProcessingException(self.tr("No output folder was given. Fix: choose a folder for the results."))
        run.folder = os.path.abspath(run.folder)
        return run

    def _run(self, run: Run, parameters: dict, context: Any, feedback: Any, staging: str) -> dict:
        """Every step into ``staging``; returns the numeric outputs."""
        work = os.path.join(staging, ".work")
        os.makedirs(work)
        flow_alg = QgsApplication.processingRegistry().algorithmById(FLOW_ALGORITHM) if run.demand else None
        two = bool(run.path_2)
        names = ["prepare", "fragmentation", "sink"] + (["fragmentation 2", "sink 2", "change"] if two else [])
        names += ["flow"] if flow_alg is not None else []
        names += ["report"]
        multi = QgsProcessingMultiStepFeedback(len(names), feedback)
        notes: list[str] = []

        def step(name: str) -> None:
            if feedback.isCanceled():
                raise Cancelled()
            multi.setCurrentStep(names.index(name))

        if run.demand and flow_alg is None:
            notes.append(self.tr("The flow step was skipped: the algorithm bluecarbon:carbonserviceflow is not installed."))
            feedback.pushWarning(notes[-1])

        # 1. inputs: parameter table, area of interest, legend check
        step("prepare")
        table = run.carbon.table
        params_csv = os.path.join(staging, "parameters.csv")
        table.to_csv(params_csv)  # the effective table: the children use it alone
        sources = [run.path] + ([run.path_2] if two else [])
        band = run.band
        aoi_info = ""
        if parameters.get(AOI) not in (None, ""):
            shapes, aoi_info = self._aoi_shapes(parameters, context, run)
            sources = [self._clip(path, run.band, shapes, os.path.join(work, f"landcover_{k + 1}.tif"))
                       for k, path in enumerate(sources)]
            band = None
            feedback.pushInfo(self.tr("Area of interest: {0}; the map is clipped and masked to it.").format(aoi_info))
        schemes, grids = [], []
        for path in sources:
            lc, scheme = open_classified(path, band, run.legend, run.group_by)
            with lc:
                schemes.append(scheme)
                grids.append(lc.grid)
        if two and not grids[0].same_as(grids[1]):
            raise QgsProcessingException(self.tr(
                "The second-date raster '{second}' is not on the grid of '{first}' (size, cell size, origin or "
                "CRS differ), so the change between them cannot be computed cell by cell. Fix: Warp the second map onto "
                "the first one's grid (Raster ▸ Projections ▸ Warp with the first map's extent and cell size, nearest "
                "neighbour), then run again."
            ).format(second=run.path_2, first=run.path))
        if not sink_ecosystems(schemes[0], table):
            present = ", ".join(sorted(set(schemes[0].ecosystems)))
            raise QgsProcessingException(self.tr(
                "No class of the map is mapped to a blue-carbon ecosystem the parameter table gives a sequestration "
                "rate for (the map's ecosystems with this legend: {present}; blue-carbon ecosystems: {blue}). "
                "Fix: Choose the legend that maps the map's codes to mangrove, salt_marsh or seagrass (e.g. "
                "esa_worldcover for ESA WorldCover maps), or your own legend CSV; with an area of interest, check it "
                "covers blue-carbon habitat."
            ).format(present=present, blue=", ".join(BLUE_CARBON_ECOSYSTEMS)))
        multi.setProgressText(self.tr("Inputs ready"))
        legend_file = run.legend not in legend_presets()
        common_params = {"LEGEND_PRESET": NO_LEGEND if legend_file else run.legend,
                         "LEGEND_FILE": run.legend if legend_file else None,
                         "GROUP_BY": run.group_by, "NEIGHBOURS": str(run.neighbours)}
        if band:
            common_params["BAND"] = band
        carbon_params = {"PARAMETERS_FILE": params_csv, "OWN_ONLY": True,
                         "EDGE_DEPTH": run.edge_depth, "EDGE_FACTOR": run.edge_factor}
        suffixes = [""] + ([f"_{run.years[1]}"] if two else [])
        steps_run = []
        semantics: list = []

        # 2. fragmentation and sink of each date
        for k, (path, suffix) in enumerate(zip(sources, suffixes)):
            tag = "" if k == 0 else " 2"
            step("fragmentation" + tag)
            title = self.tr("Fragmentation ({year})").format(year=run.years[k]) if run.years else self.tr("Fragmentation")
            self._child("patchfragmentation", title, {
                "INPUT": path, **common_params, "EDGE_DEPTH": run.edge_depth,
                "OUTPUT_PATCHES": os.path.join(staging, f"patches{suffix}.gpkg"),
                "OUTPUT_CLASS_TABLE": os.path.join(staging, f"class_metrics{suffix}.csv"),
                "OUTPUT_LANDSCAPE_TABLE": os.path.join(staging, f"landscape_metrics{suffix}.csv"),
            }, context, multi, feedback)
            step("sink" + tag)
            sink = {"INPUT": path, **common_params, **carbon_params, "DRAWS": run.draws, "SEED": run.seed,
                    "PRICE": run.price, "CURRENCY": run.currency,
                    "OUTPUT_TABLE": os.path.join(staging, f"sink_capacity{suffix}.csv")}
            if k == 0:
                sink["OUTPUT_PATCHES"] = os.path.join(staging, "sink_patches.gpkg")
                sink["OUTPUT_RASTER"] = os.path.join(staging, "sequestration.tif")
            title = self.tr("Sink capacity ({year})").format(year=run.years[k]) if run.years else self.tr("Sink capacity")
            done = self._child("sinkcapacity", title, sink, context, multi, feedback)
            semantics.append(done.get("SEMANTICS") or "")
        steps_run += ["fragmentation", "sink"]

        # 3. change between the dates
        if two:
            step("change")
            change = {"SNAPSHOTS": sources, "YEARS": f"{run.years[0]}, {run.years[1]}",
                      # carbonchange has no 'raster_values' choice; with a legend file the preset is ignored
                      "LEGEND_PRESET": legend_presets()[0] if legend_file else run.legend,
                      "LEGEND_FILE": common_params["LEGEND_FILE"],
                      "PARAMETERS_FILE": params_csv, "OWN_ONLY": True, "PRICE": run.price, "PRICE_GROWTH": run.price_growth,
                      "CURRENCY": run.currency,
                      "DISCOUNT_RATE": run.discount_rate, "DRAWS": run.draws, "SEED": run.seed,
                      **{key: os.path.join(staging, name) for key, name in CHANGE_OUTPUTS.items()}}
            if band:
                change["BAND"] = band
            if run.analysis_year is not None:
                change["ANALYSIS_YEAR"] = run.analysis_year
            self._child("carbonchange", self.tr("Carbon change"), change, context, multi, feedback)
            steps_run.append("change")
            if run.analysis_year in (None, run.years[1]):
                notes.append(self.tr(
                    "The change step ends in {year}, the year of the second map: the conversions between the "
                    "maps take effect in {year} and show in no period yet. Give an analysis year after "
                    "{year} (ANALYSIS_YEAR) to follow their emissions and accumulation.").format(year=run.years[1]))

        # 4. service flow
        if flow_alg is not None:
            step("flow")
            flow = {"INPUT": sources[0], **common_params, **carbon_params}
            if two:
                flow["INPUT_2"] = sources[1]
            for key in FLOW_PASS_THROUGH:
                if parameters.get(key) not in (None, ""):
                    flow[key] = parameters[key]
            for key, name in FLOW_OUTPUTS.items():
                flow[key] = os.path.join(staging, name)
            if two:
                flow["OUTPUT_CHANGE"] = os.path.join(staging, "flow_change.csv")
            declared = {p.name() for p in flow_alg.parameterDefinitions()}
            self._child("carbonserviceflow", self.tr("Service flow"), {k: v for k, v in flow.items() if k in declared},
                        context, multi, feedback)
            steps_run.append("flow")

        # 5. report
        step("report")
        multi.setProgressText(self.tr("Writing the report"))
        data = self._report_data(run, parameters, staging, sources, schemes, grids, table, aoi_info)
        data.sink_semantics = semantics[0] if semantics else ""
        self._maps(data, run, staging, sources, schemes, grids, feedback, notes, clipped=bool(aoi_info))
        data.notes = notes
        data.files = self._file_list(staging)
        # the report in the language of the plugin's installed translation (English without one)
        write_assessment_report(data, os.path.join(staging, "report.html"), os.path.join(staging, "report_files"),
                                translate=self.tr, language=current_language(), single_file=run.single_file)
        if feedback.isCanceled():
            raise Cancelled()
        return self._outputs(data, steps_run)

    # -- steps ---------------------------------------------------------------------------------------

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

    def _clip(self, path: str, band: Optional[int], shapes: list, out: str) -> str:
        """A copy of the map's band cropped to the AOI's bounding box, nodata outside the polygons."""
        import numpy as np
        import rasterio
        from rasterio.errors import WindowError
        from rasterio.features import geometry_mask, geometry_window
        from rasterio.windows import Window

        with rasterio.open(path) as src:
            b = band or 1
            try:
                window = geometry_window(src, shapes)
            except WindowError:
                raise QgsProcessingException(self.tr(
                    "The area of interest does not overlap the land-cover raster '{path}'. Fix: Choose an area of "
                    "interest inside the map (both are compared in the raster's CRS)."
                ).format(path=path)) from None
            if window.width < 1 or window.height < 1:
                raise QgsProcessingException(self.tr(
                    "The area of interest does not overlap the land-cover raster '{path}'. Fix: Choose an area of "
                    "interest inside the map."
                ).format(path=path))
            width, height = int(window.width), int(window.height)
            dtype = src.dtypes[b - 1]
            nodata = src.nodatavals[b - 1]
            strips = plan_strips(height, width)
            if nodata is None:
                used = set()
                for r0, r1 in strips:
                    block = src.read(b, window=Window(window.col_off, window.row_off + r0, width, r1 - r0))
                    used.update(np.unique(block).tolist())
                info = np.iinfo(dtype) if np.dtype(dtype).kind in "iu" else None
                candidates = [0] + ([info.max, info.min] if info is not None else [-9999])
                nodata = next((c for c in candidates if c not in used), None)
                if nodata is None:
                    raise QgsProcessingException(self.tr(
                        "'{path}' has no nodata value and uses every value of its data type, so the area outside the "
                        "area of interest cannot be marked. Fix: Give the raster a nodata value (Raster ▸ Conversion ▸ "
                        "Translate, 'Assign a specified nodata value') or run without an area of interest."
                    ).format(path=path))
            transform = src.window_transform(window)
            profile = {"width": width, "height": height, "count": 1, "dtype": dtype, "nodata": nodata,
                       "crs": src.crs, "transform": transform}

            def blocks():
                for r0, r1 in strips:
                    data = src.read(b, window=Window(window.col_off, window.row_off + r0, width, r1 - r0))
                    strip_transform = transform * transform.translation(0, r0)
                    inside = geometry_mask(shapes, (r1 - r0, width), strip_transform, invert=True)
                    data[~inside] = nodata
                    yield r0, data

            write_raster_strips(out, profile, blocks())
        return out

    # -- report --------------------------------------------------------------------------------------

    def _report_data(self, run: Run, parameters: dict, staging: str, sources: list, schemes: list, grids: list,
                     table: Any, aoi_info: str) -> AssessmentData:
        """The report's content, read back from the files the steps wrote."""
        labels = [str(y) for y in run.years] + [""] * (len(sources) - len(run.years))
        suffixes = [""] + ([f"_{run.years[1]}"] if len(sources) > 1 else [])
        dates = []
        for k, suffix in enumerate(suffixes):
            date = DateResult(labels[k], run.path if k == 0 else run.path_2)
            date.class_metrics = _read(staging, f"class_metrics{suffix}.csv")
            date.landscape_metrics = _read(staging, f"landscape_metrics{suffix}.csv")
            date.sink = _read(staging, f"sink_capacity{suffix}.csv")
            date.patch_areas = self._patch_areas(os.path.join(staging, f"patches{suffix}.gpkg"))
            dates.append(date)
        present: dict = {}  # class code → (members, name, ecosystem, colour), over the classes of every date
        for scheme in schemes:
            for i, code in enumerate(scheme.codes):
                present.setdefault(code, (scheme.members[i], scheme.names[i], scheme.ecosystems[i], scheme.colors[i]))
        classes: dict = {"value": [], "name": [], "ecosystem": [], "color": []}
        for k in range(len(dates)):
            classes["area_ha" if k == 0 else f"area_ha_{k + 1}"] = []
        for code, (members, name, ecosystem, colour) in present.items():
            classes["value"].append(", ".join(str(v) for v in members))
            classes["name"].append(name)
            classes["ecosystem"].append(ecosystem)
            classes["color"].append(colour)
            for k, date in enumerate(dates):
                row = row_where(date.class_metrics, "class", code)
                classes["area_ha" if k == 0 else f"area_ha_{k + 1}"].append(row.get("CA_ha") if row else float("nan"))
        blue = [(code, item[1]) for code, item in present.items() if item[2] in BLUE_CARBON_ECOSYSTEMS]
        legend = load_legend(run.legend)
        data = AssessmentData(
            title=run.title,
            subtitle=self._subtitle(run),
            created=datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
            version=_plugin_version(),
            docs_url=DOCS_URL,
            inputs=self._input_items(run, parameters, grids, aoi_info),
            classes=classes,
            legend_title=legend.title or run.legend,
            legend_source=legend.source,
            settings=self._settings(run, parameters),
            parameters=[_parameter_row(r) for r in table],
            parameter_tables=self._parameter_tables(run),
            dates=dates,
            blue_classes=blue,
            draws=run.draws,
            seed=run.seed,
            price=run.price,
            currency=run.currency if run.price > 0 else "",
            edge_effect=run.edge_depth > 0 and run.edge_factor < 1,
        )
        if len(sources) > 1:
            data.change_periods = _read(staging, "change_periods.csv")
            data.change_stocks = _read(staging, "change_stocks.csv")
            data.change_transition_areas = _read(staging, "change_transition_areas.csv")
        if os.path.exists(os.path.join(staging, "flow_network.csv")):
            data.flow_network = _read(staging, "flow_network.csv")
            data.flow_patches = _read(staging, "flow_patches.csv")
            data.flow_demand = _read(staging, "flow_demand.csv")
        return data

    def _parameter_tables(self, run: Run) -> list:
        """(title, source) of every table merged into the effective one, in merge order."""
        out = []
        for name in run.carbon.tables_used:
            if name == run.own_parameters:
                out.append((load_parameters(name).title, self.tr("your table {path}").format(path=name)))
            else:
                preset = load_parameters(name)
                out.append((preset.title, preset.meta.get("source", "")))
        return out

    def _subtitle(self, run: Run) -> str:
        """The map file name(s) and year(s) under the report title."""
        first = os.path.basename(run.path) + (f" ({run.years[0]})" if run.years else "")
        if not run.path_2:
            return first
        second = f"{os.path.basename(run.path_2)} ({run.years[1]})"
        return self.tr("{first} and {second}").format(first=first, second=second)

    def _input_items(self, run: Run, parameters: dict, grids: list, aoi_info: str) -> list:
        """(label, text) of the data analysed, for the report's inputs table."""
        grid = grids[0]
        crs = QgsCoordinateReferenceSystem.fromWkt(grid.crs_wkt)
        cell = f"{abs(grid.transform.a):g} × {abs(grid.transform.e):g}"
        if grid.is_geographic:
            cell += "°"
        elif abs(grid.linear_unit_m - 1.0) < 1e-12:
            cell += " m"
        else:
            cell = self.tr("{size} map units").format(size=cell)
        left, top = grid.transform.c, grid.transform.f
        right, bottom = left + grid.width * grid.transform.a, top + grid.height * grid.transform.e
        bounds = {"xmin": f"{min(left, right):.10g}", "xmax": f"{max(left, right):.10g}",
                  "ymin": f"{min(top, bottom):.10g}", "ymax": f"{max(top, bottom):.10g}"}
        if grid.is_geographic:
            extent = self.tr("x {xmin} to {xmax}, y {ymin} to {ymax} (degrees)").format(**bounds)
        else:
            extent = self.tr("x {xmin} to {xmax}, y {ymin} to {ymax} (CRS units)").format(**bounds)
        if run.years:
            items = [(self.tr("Land-cover raster ({year})").format(year=run.years[0]), run.path)]
        else:
            items = [(self.tr("Land-cover raster"), run.path)]
        if run.path_2:
            items.append((self.tr("Second-date raster ({year})").format(year=run.years[1]), run.path_2))
        items += [
            (self.tr("Band"), str(run.band or 1)),
            ("CRS", f"{crs.authid()} — {crs.description()}" if crs.isValid() else self.tr("unknown")),
            (self.tr("Cell size"), cell),
            (self.tr("Grid analysed"), self.tr("{columns} columns × {rows} rows").format(columns=grid.width, rows=grid.height)),
            (self.tr("Extent analysed"), extent),
            (self.tr("Area of interest"),
             self.tr("{area} — the map was clipped to it, nodata outside").format(area=aoi_info) if aoi_info
             else self.tr("none (the whole map)")),
            (self.tr("Legend"), run.legend),
            (self.tr("Patch rule"), self.tr("{neighbours}-neighbour; patch types by {group_by}").format(
                neighbours=run.neighbours, group_by=run.group_by)),
        ]
        if run.demand:
            for key, label in ((DEMAND_UNITS, self.tr("Demand units")), (DEMAND_RASTER, self.tr("Demand raster"))):
                value = parameters.get(key)
                if value not in (None, ""):
                    text = value if isinstance(value, str) else str(value)
                    if key == DEMAND_UNITS and parameters.get(DEMAND_FIELD):
                        text = self.tr("{layer} (field {field})").format(layer=text, field=parameters.get(DEMAND_FIELD))
                    items.append((label, text))
        return items

    def _settings(self, run: Run, parameters: dict) -> list:
        """{setting, value, unit, origin} of the run's settings; origin is the code 'user' or 'default'."""
        def origin(key: str) -> str:
            if parameters.get(key) in (None, ""):
                return "default"
            definition = self.parameterDefinition(key)
            default = definition.defaultValue() if definition is not None else None
            try:
                return "default" if float(parameters[key]) == float(default) else "user"
            except (TypeError, ValueError):
                return "default" if str(parameters[key]) == str(default) else "user"

        def item(label: str, value: Any, unit: str, set_by: str) -> dict:
            return {"setting": label, "value": _plain(value), "unit": unit, "origin": set_by}

        tr = self.tr
        per_year = tr("% per year")
        named = parameters.get(PARAMETERS) not in (None, "") and list(run.presets) != list(DEFAULT_PRESETS)
        items = [
            item(tr("Parameter presets"), " + ".join(run.presets) or tr("none"), "", "user" if named else "default"),
            item(tr("Own parameter table"), run.own_parameters or tr("none"), "",
                 "user" if run.own_parameters else "default"),
            item(tr("Use only my parameter table"), tr("yes") if run.own_only else tr("no"), "", origin(OWN_ONLY)),
            item(tr("Edge depth"), run.edge_depth, "m", origin(EDGE_DEPTH)),
            item(tr("Edge sequestration factor f"), run.edge_factor, "", origin(EDGE_FACTOR)),
            item(tr("Monte Carlo draws"), run.draws, "", origin(DRAWS)),
            item(tr("Random seed"), run.seed, "", origin(SEED)),
            item(tr("Carbon price"), run.price, tr("{currency} per t CO₂e").format(currency=run.currency), origin(PRICE)),
            item(tr("Currency"), run.currency, "", origin(CURRENCY)),
        ]
        if run.path_2:
            items += [
                item(tr("Years"), f"{run.years[0]}, {run.years[1]}", "", "user"),
                item(tr("Analysis year"), run.analysis_year or run.years[1], "", origin(ANALYSIS_YEAR)),
                item(tr("Price growth"), run.price_growth, per_year, origin(PRICE_GROWTH)),
                item(tr("Discount rate"), run.discount_rate, per_year, origin(DISCOUNT_RATE)),
            ]
        if run.demand:
            for key, label, unit in ((DECAY, tr("Distance-decay law"), ""), (DECAY_DISTANCE, tr("Decay distance λ"), "m"),
                                     (POWER_EXPONENT, tr("Power-law exponent β"), ""),
                                     (POWER_OFFSET, tr("Power-law offset d0"), "m"),
                                     (MAX_DISTANCE, tr("Maximum flow distance"), "m"), (DISTANCE_MODE, tr("Distance"), ""),
                                     (COEFFICIENT, tr("Demand coefficient"), tr("t C/yr per unit"))):
                definition = self.parameterDefinition(key)
                value = parameters.get(key, definition.defaultValue() if definition is not None else "")
                items.append(item(label, value, unit, origin(key)))
        return items

    def _patch_areas(self, path: str) -> dict:
        """Ecosystem → patch areas (ha) from a written patch layer."""
        if not os.path.exists(path):
            return {}
        layer = QgsVectorLayer(path, "patches", "ogr")
        out: dict = {}
        try:
            if not layer.isValid() or layer.fields().indexOf("AREA_ha") < 0:
                return {}
            request = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry).setSubsetOfAttributes(
                ["ecosystem", "AREA_ha"], layer.fields())
            for feature in layer.getFeatures(request):
                out.setdefault(str(feature["ecosystem"]), []).append(number(feature["AREA_ha"]))
        finally:
            del layer
        return out

    def _maps(self, data: AssessmentData, run: Run, staging: str, sources: list, schemes: list, grids: list,
              feedback: Any, notes: list, clipped: bool) -> None:
        """Render the report maps with QGIS into report_files/ (a failed map is reported, not fatal)."""
        from . import report_maps as rm

        folder = os.path.join(staging, "report_files")
        os.makedirs(folder, exist_ok=True)
        crs = QgsCoordinateReferenceSystem.fromWkt(grids[0].crs_wkt)
        g = grids[0]
        extent = QgsRectangle(g.transform.c, g.transform.f + g.height * g.transform.e,
                              g.transform.c + g.width * g.transform.a, g.transform.f)
        extent.normalize()
        legend = load_legend(run.legend)
        maps: list[MapImage] = []
        labels = [str(y) for y in run.years] or [""]

        def draw(name: str, section: str, caption: str, build) -> None:
            if feedback.isCanceled():
                raise Cancelled()
            try:
                layers, in_legend = build()
                if not layers:
                    return
                rm.render_map(os.path.join(folder, name), layers, extent, crs, in_legend)
                maps.append(MapImage(f"report_files/{name}", caption, section))
            except Cancelled:
                raise
            except Exception as err:  # a map is an illustration: report it, keep the run
                notes.append(self.tr("The map {name} could not be drawn ({error}).").format(name=name, error=err))
                feedback.pushWarning(notes[-1])

        def backdrop(k: int = 0):
            return rm.landcover_layer(sources[k], _palette(schemes[k], legend), self.tr("Land cover"), grey=True,
                                      opacity=0.45)

        for k, path in enumerate(sources):
            label = labels[k] if k < len(labels) else ""
            palette = _palette(schemes[k], legend)
            title = self.tr("Land cover {year}").format(year=label) if label else self.tr("Land cover")
            if clipped:
                caption = self.tr("{map}, coloured by the legend (area of interest only).").format(map=title)
            else:
                caption = self.tr("{map}, coloured by the legend.").format(map=title)
            draw(f"map_landcover{'_' + label if k else ''}.png", "inputs", caption,
                 lambda path=path, palette=palette, title=title: _pair(rm.landcover_layer(path, palette, title)))
        if labels[0]:
            caption = self.tr("Blue-carbon patches {year} coloured by area (ha, natural breaks), over the land cover in "
                              "grey.").format(year=labels[0])
        else:
            caption = self.tr("Blue-carbon patches coloured by area (ha, natural breaks), over the land cover in grey.")
        draw("map_patches.png", "fragmentation", caption,
             lambda: _with_backdrop(rm.vector_layer(os.path.join(staging, "patches.gpkg"), self.tr("Patch area (ha)")),
                                    backdrop()))
        draw("map_sequestration.png", "sink",
             self.tr("Annual sequestration rate (t C/ha/yr; edge band reduced when an edge effect is set)."),
             lambda: _with_backdrop(rm.transparent_zero(rm.raster_layer(os.path.join(staging, "sequestration.tif"),
                                                                        self.tr("Sequestration (t C/ha/yr)"))), backdrop()))
        if len(sources) > 1:
            draw("map_change.png", "change",
                 self.tr("Carbon stock gain (purple) or loss (orange to brown) over the whole run (t C/ha); no "
                         "change is transparent."),
                 lambda: _with_backdrop(rm.gain_loss_layer(os.path.join(staging, "change_gain_loss.tif"),
                                                           self.tr("Stock gain / loss (t C/ha)")), backdrop(1)))
        if os.path.exists(os.path.join(staging, "flow_links.gpkg")):
            shown = {}

            def flow_layers():
                links, shown["links"], shown["total"], shown["share"] = rm.flow_links_layer(
                    os.path.join(staging, "flow_links.gpkg"), self.tr("Flow (t C/yr)"), 1 if len(sources) > 1 else None)
                units = rm.vector_layer(os.path.join(staging, "flow_units.gpkg"), self.tr("Demand units"))
                patches = rm.vector_layer(os.path.join(staging, "sink_patches.gpkg"), self.tr("Blue-carbon patches"))
                if patches is not None:
                    rm.single_fill(patches, "#a6dba0", "#5aae61", 0.05)
                layers = [units, links, patches, backdrop()]
                return layers, [links, patches, units]
            draw("map_flows.png", "flow", "", flow_layers)
            if maps and maps[-1].section == "flow":  # the caption says which links the map shows
                text = self.tr("Carbon-sequestration service flows from the blue-carbon patches to the demand units"
                               "{year}: the {shown} strongest of {total} links, carrying {share} % of the delivered "
                               "flow; line width and opacity by flow, the strongest drawn on top. Every link is in "
                               "flow_links.gpkg.")
                maps[-1].caption = text.format(year=f" ({labels[0]})" if labels[0] else "", shown=shown.get("links", 0),
                                               total=shown.get("total", 0), share=f"{100 * shown.get('share', 0):.0f}")
        data.maps = maps

    def _file_list(self, staging: str) -> list:
        """(name, description) of every file the run publishes."""
        files = []
        for name in sorted(os.listdir(staging)):
            if name.startswith(".") or name == "report_files":
                continue
            description = self.tr(FILE_DESCRIPTIONS[name]) if name in FILE_DESCRIPTIONS else ""
            root, ext = os.path.splitext(name)
            head, _, year = root.rpartition("_")
            if not description and year.isdigit() and head + ext in FILE_DESCRIPTIONS:
                description = f"{self.tr(FILE_DESCRIPTIONS[head + ext])} ({year})"
            if ext == ".qml":
                description = self.tr("QGIS style of the raster of the same name")
            files.append((name, description))
        files.append(("report_files/", self.tr("charts and maps of this report (PNG)")))
        return files

    def _outputs(self, data: AssessmentData, steps_run: list) -> dict:
        figures = {k.key: k for k in headline(data)}
        values = {key: k.value for key, k in figures.items()}
        stock = figures.get("total_stock_tCO2e")  # the card is in t CO₂e; the output keeps the table's t C
        network = network_values(data.flow_network)
        out = {
            "SEQUESTRATION_TCO2E_YR": values.get("sequestration_tCO2e_yr"),
            "TOTAL_STOCK_TC": stock.alt_value if stock is not None else None,
            "N_PATCHES": values.get("blue_carbon_patches"),
            "BLUE_CARBON_AREA_HA": values.get("blue_carbon_area_ha"),
            "NET_SEQUESTRATION_TCO2E": values.get("net_sequestration_tCO2e"),
            "NPV": values.get("npv"),
            "DELIVERED_TC_YR": network.get("delivered_tC_yr"),
            "SHARE_OF_DEMAND_MET": network.get("share_of_demand_met"),
        }
        out = {k: (float(number(v)) if is_number(v) else None) for k, v in out.items()}
        out["STEPS"] = ", ".join(steps_run)
        return out

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

    def _publish(self, staging: str, folder: str, feedback: Any) -> int:
        """Move every staged file and report_files/ into the output folder (replacing earlier ones); file count."""
        count = sum(len(files) for _root, _dirs, files in os.walk(staging)) - sum(
            len(files) for _root, _dirs, files in os.walk(os.path.join(staging, ".work")))
        names = [n for n in sorted(os.listdir(staging)) if not n.startswith(".")]
        replaced = [n for n in names if os.path.exists(os.path.join(folder, n))]
        if replaced:
            feedback.pushInfo(self.tr("Replacing {0} files of an earlier run in {1}.").format(len(replaced), folder))
        for name in names:
            src, dst = os.path.join(staging, name), os.path.join(folder, name)
            if os.path.isdir(src):
                if os.path.isdir(dst):
                    shutil.rmtree(dst)
                elif os.path.exists(dst):
                    os.remove(dst)
            for side in (dst + ".aux.xml",):
                if os.path.exists(side):
                    os.remove(side)
            os.replace(src, dst)
        shutil.rmtree(staging, ignore_errors=True)
        return count

    def _discard(self, context: Any, staging: str, folder: str, created: bool) -> None:
        """Delete the staging folder, and the output folder when this run created it and it is empty."""
        if staging:
            try:
                self._release(context, staging)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
        if created and os.path.isdir(folder) and not os.listdir(folder):
            os.rmdir(folder)


# -- helpers -----------------------------------------------------------------------------------------


def _read(folder: str, name: str) -> dict:
    path = os.path.join(folder, name)
    return read_csv_columns(path) if os.path.exists(path) else {}


def _plain(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _palette(scheme, legend) -> list:
    """(raster value, name, colour) of every value present, from the legend (or the class)."""
    out = []
    for i, members in enumerate(scheme.members):
        for value in members:
            entry = legend.entry(value) if value in legend else None
            out.append((value, entry.name if entry else scheme.names[i], (entry.color if entry else None) or scheme.colors[i]))
    return out


def _pair(layer):
    return ([layer], [layer]) if layer is not None else ([], [])


def _with_backdrop(layer, backdrop):
    if layer is None:
        return [], []
    return [layer, backdrop], [layer]


def _parameter_row(row) -> dict:
    """A ParameterTable row as plain values for the report."""
    return {
        "ecosystem": row.ecosystem, "parameter": row.parameter, "value": row.value, "unit": row.unit,
        "low": row.low, "high": row.high, "sd": row.sd, "distribution": row.distribution, "source": row.source,
        "confirmed": row.confirmed, "user_defined": row.user_defined, "note": row.note,
    }


def _plugin_version() -> str:
    try:
        for line in (PLUGIN_ROOT / "metadata.txt").read_text(encoding="utf-8").splitlines():
            if line.startswith("version="):
                return line.split("=", 1)[1].strip()
    except OSError:
        pass
    return ""
