"""bluecarbon:investtables — InVEST Coastal Blue Carbon's tables converted into the plugin's own, for editing."""

from __future__ import annotations

from typing import Any

from qgis.core import (
    QgsProcessingOutputFile,
    QgsProcessingOutputString,
    QgsProcessingParameterFile,
    QgsProcessingParameterFolderDestination,
)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP

from ...core.errors import Cancelled
from ...core.invest_tables import convert_invest_tables
from ...core.io import StagedFolder
from ...core.legend import load_legend
from .. import parameters as groups
from ..base import BlueCarbonAlgorithm

OUTPUT_FOLDER = "OUTPUT_FOLDER"
FILES = {  # output name → key of core.invest_tables.ConvertedInvestCase.files
    "LEGEND": "legend",
    "PARAMETERS_TABLE": "parameters",
    "TRANSITIONS_TABLE": "transitions",
    "SNAPSHOTS_TABLE": "snapshots",
}


class InvestTables(BlueCarbonAlgorithm):
    """InVEST CBC's biophysical, transition and snapshot tables as the plugin's legend, parameter, transition and
    snapshot tables (t C)."""

    GROUP = "Carbon sink"
    GROUP_ID = "sink"
    HELP_PAGE = "carbon-change.md"
    HELP = """
<p>Converts InVEST Coastal Blue Carbon's own tables into the plugin's, to edit them and run them with
bluecarbon:carbonchange (which also takes InVEST's tables directly), bluecarbon:sinkcapacity or the assessment:</p>
<ul>
<li><b>legend.csv</b>: one row per lucode of the biophysical table (value, lulc-class name, ecosystem; the
ecosystems from the legend CSV given, otherwise non_habitat: edit them);</li>
<li><b>parameters.csv</b>: one class row per lucode and parameter (stocks t C/ha, rates t C/ha/yr, half-lives,
disturbance shares), each noting its InVEST column and value; t C = t CO₂e × 12/44 when the table is in
InVEST's Mg CO₂e; a half-life of 0 is kept (no emission from that pool, as in InVEST);</li>
<li><b>transitions.csv</b>: InVEST's transition table in the plugin's layout;</li>
<li><b>snapshots.csv</b>: year,path in year order with absolute paths (InVEST 3.20.2 may pair rasters with the
wrong years; here each year keeps its own raster).</li>
</ul>
<p>The files are written together or not at all.</p>
"""

    def name(self) -> str:  # noqa: D102
        return "investtables"

    def displayName(self) -> str:  # noqa: N802,D102
        return self.tr("Convert InVEST Coastal Blue Carbon tables")

    def initAlgorithm(self, config: Any = None) -> None:  # noqa: N802,D102
        groups.add_invest_parameters(self, prices=False, optional_biophysical=False)
        self.addParameter(QgsProcessingParameterFile(
            groups.LEGEND_FILE, self.tr("Legend CSV naming the ecosystem of each lucode (value,name,ecosystem; "
                                        "empty = non_habitat)"), extension="csv", optional=True))
        self.addParameter(QgsProcessingParameterFolderDestination(OUTPUT_FOLDER, self.tr("Output folder")))
        for key, text in (
            ("LEGEND", QT_TRANSLATE_NOOP("BlueCarbon", "Legend (legend.csv)")),
            ("PARAMETERS_TABLE", QT_TRANSLATE_NOOP("BlueCarbon", "Parameter table (parameters.csv)")),
            ("TRANSITIONS_TABLE", QT_TRANSLATE_NOOP("BlueCarbon", "Transition table (transitions.csv)")),
            ("SNAPSHOTS_TABLE", QT_TRANSLATE_NOOP("BlueCarbon", "Snapshot list (snapshots.csv)")),
        ):
            self.addOutput(QgsProcessingOutputFile(key, self.tr(text)))
        self.addOutput(QgsProcessingOutputString("YEARS", self.tr("Years of the snapshots")))

    def execute(self, parameters: dict, context: Any, feedback: Any) -> dict:  # noqa: D102
        invest = groups.read_invest_paths(self, parameters, context)
        legend_file = self.parameterAsFile(parameters, groups.LEGEND_FILE, context)
        ecosystems = {e.value: e.ecosystem for e in load_legend(legend_file).entries} if legend_file else None
        folder = self.parameterAsFileOutput(parameters, OUTPUT_FOLDER, context)
        if feedback.isCanceled():
            raise Cancelled()
        staged = StagedFolder(folder, ".investtables-")
        staging = staged.open()
        try:
            case = convert_invest_tables(
                invest[groups.INVEST_BIOPHYSICAL], staging, invest.get(groups.INVEST_TRANSITIONS),
                invest.get(groups.INVEST_SNAPSHOTS), invest[groups.INVEST_UNITS], ecosystems)
            if feedback.isCanceled():
                raise Cancelled()
            staged.publish()
        except BaseException:
            staged.discard()
            raise
        if invest[groups.INVEST_UNITS] == groups.INVEST_UNIT_OPTIONS[0]:
            feedback.pushInfo(self.tr("Stocks and rates converted from t CO₂e (InVEST's Mg CO₂e) to t C with × 12/44."))
        if not ecosystems:
            feedback.pushWarning(self.tr(
                "No legend was given: every class is non_habitat in legend.csv. Set the ecosystem of the mangrove, "
                "salt marsh and seagrass classes there before using it for the sink."))
        outputs: dict = {OUTPUT_FOLDER: staged.folder}
        for key, kind in FILES.items():
            if kind in case.files:
                outputs[key] = case.files[kind].replace(staging, staged.folder, 1)
                feedback.pushInfo(self.tr("Written: {0}").format(outputs[key]))
        outputs["YEARS"] = ", ".join(map(str, case.years))
        return outputs
