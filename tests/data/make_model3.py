"""Write tests/data/sink_and_fragmentation.model3: the model a user would draw in the Model Designer.

One land-cover input feeds bluecarbon:patchfragmentation ("frag") and, after it, bluecarbon:sinkcapacity
("sink"), both with the ESA WorldCover legend; every other input keeps its default, as in the Designer.
Outputs: "Class table" (frag) and "Sink table" (sink). Saved with QgsProcessingModelAlgorithm.toFile by
QGIS 3.40 (internal version 2: QGIS 3.26+ name the output parameters after their descriptions).

Run from a checkout, in the QGIS 3.40 chroot so the file is what a 3.40 Model Designer saves:
    scripts/qgis340.sh run sh -c 'PYTHONPATH=$BLUECARBON_BUILD/plugins QT_QPA_PLATFORM=offscreen \
        python3 -P tests/data/make_model3.py'
"""

import sys
from pathlib import Path

from qgis.core import (
    QgsApplication,
    QgsProcessingModelAlgorithm,
    QgsProcessingModelChildAlgorithm,
    QgsProcessingModelChildDependency,
    QgsProcessingModelChildParameterSource,
    QgsProcessingModelOutput,
    QgsProcessingModelParameter,
    QgsProcessingParameterRasterLayer,
)
from qgis.PyQt.QtCore import QPointF

OUT = Path(__file__).resolve().parent / "sink_and_fragmentation.model3"


def child(alg_id: str, child_id: str, x: float, outputs: dict) -> QgsProcessingModelChildAlgorithm:
    """A child fed by the model's land cover, defaults elsewhere, the named outputs exposed."""
    step = QgsProcessingModelChildAlgorithm(alg_id)
    step.setChildId(child_id)
    step.setDescription(step.algorithm().displayName())
    step.setPosition(QPointF(x, 200))
    for definition in step.algorithm().parameterDefinitions():
        if not definition.isDestination() and definition.defaultValue() is not None:
            step.addParameterSources(definition.name(), [QgsProcessingModelChildParameterSource.fromStaticValue(definition.defaultValue())])
    step.addParameterSources("INPUT", [QgsProcessingModelChildParameterSource.fromModelParameter("landcover")])
    step.addParameterSources("LEGEND_PRESET", [QgsProcessingModelChildParameterSource.fromStaticValue("esa_worldcover")])
    exposed = {}
    for name, (description, alg_output) in outputs.items():
        output = QgsProcessingModelOutput(name, description)
        output.setChildId(child_id)
        output.setChildOutputName(alg_output)
        output.setPosition(QPointF(x + 150, 300))
        exposed[name] = output
    step.setModelOutputs(exposed)
    return step


def main() -> None:
    app = QgsApplication([], False)
    app.initQgis()
    from bluecarbon.processing.provider import BlueCarbonProvider

    provider = BlueCarbonProvider()
    QgsApplication.processingRegistry().addProvider(provider)

    model = QgsProcessingModelAlgorithm("Sink and fragmentation", "Blue Carbon tests", "bluecarbon_tests")
    landcover = QgsProcessingModelParameter("landcover")
    landcover.setPosition(QPointF(100, 100))
    model.addModelParameter(QgsProcessingParameterRasterLayer("landcover", "Land cover"), landcover)
    model.addChildAlgorithm(child("bluecarbon:patchfragmentation", "frag", 100,
                                  {"class_table": ("Class table", "OUTPUT_CLASS_TABLE")}))
    sink = child("bluecarbon:sinkcapacity", "sink", 400, {"sink_table": ("Sink table", "OUTPUT_TABLE")})
    sink.addParameterSources("DRAWS", [QgsProcessingModelChildParameterSource.fromStaticValue(0)])
    sink.setDependencies([QgsProcessingModelChildDependency("frag")])  # the arrow frag -> sink in the Designer
    model.addChildAlgorithm(sink)
    model.updateDestinationParameters()
    ok, errors = model.validate()
    if not ok:
        sys.exit(f"invalid model: {errors}")
    if not model.toFile(str(OUT)):
        sys.exit(f"could not write {OUT}")
    print(OUT, [d.name() for d in model.destinationParameterDefinitions()])
    app.exitQgis()


if __name__ == "__main__":
    main()
