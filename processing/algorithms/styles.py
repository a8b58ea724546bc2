"""Default styles of the algorithms' outputs, stored with the data so they show wherever it is opened."""

from __future__ import annotations

from typing import Any, Optional

from qgis.core import (
    QgsClassificationJenks,
    QgsGraduatedSymbolRenderer,
    QgsMapLayer,
    QgsProcessingLayerPostProcessorInterface,
    QgsProcessingUtils,
    QgsStyle,
    QgsSymbol,
    QgsVectorLayer,
)

PATCH_AREA_FIELD = "AREA_ha"
PATCH_STYLE_NAME = "bluecarbon_patches_by_area"


def patch_renderer(layer: QgsVectorLayer, classes: int = 5) -> Optional[QgsGraduatedSymbolRenderer]:
    """A graduated green renderer on patch area (Jenks natural breaks)."""
    if layer.fields().indexOf(PATCH_AREA_FIELD) < 0:
        return None
    renderer = QgsGraduatedSymbolRenderer(PATCH_AREA_FIELD)
    renderer.setClassificationMethod(QgsClassificationJenks())
    symbol = QgsSymbol.defaultSymbol(layer.geometryType())
    renderer.setSourceSymbol(symbol)
    ramp = QgsStyle.defaultStyle().colorRamp("Greens")
    if ramp is not None:
        renderer.setSourceColorRamp(ramp)
    renderer.updateClasses(layer, classes)
    return renderer


def style_patch_layer(dest: str, context: Any) -> None:
    """Style the written patch layer by area; save the style in its GeoPackage; restyle on loading."""
    layer = QgsProcessingUtils.mapLayerFromString(dest, context)
    if not isinstance(layer, QgsVectorLayer) or not layer.isValid():
        return
    renderer = patch_renderer(layer)
    if renderer is None:
        return
    layer.setRenderer(renderer)
    source = layer.source().split("|")[0]
    if source.lower().endswith(".gpkg"):
        layer.saveStyleToDatabase(PATCH_STYLE_NAME, "Blue Carbon patches graduated by area (ha)", True, "")
    if context.willLoadLayerOnCompletion(dest):
        context.layerToLoadOnCompletionDetails(dest).setPostProcessor(PatchStyler.create())


class PatchStyler(QgsProcessingLayerPostProcessorInterface):
    """Applies the patch style when Processing loads the layer into the project."""

    instance = None

    def postProcessLayer(self, layer: QgsMapLayer, context: Any, feedback: Any) -> None:  # noqa: N802
        """Set the graduated renderer and refresh."""
        if isinstance(layer, QgsVectorLayer):
            renderer = patch_renderer(layer)
            if renderer is not None:
                layer.setRenderer(renderer)
                layer.triggerRepaint()

    @staticmethod
    def create() -> "PatchStyler":
        """Return a post-processor kept alive by a class reference (Processing does not own it)."""
        PatchStyler.instance = PatchStyler()
        return PatchStyler.instance
