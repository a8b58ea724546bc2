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
from qgis.PyQt.QtCore import QCoreApplication

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
        layer.saveStyleToDatabase(
            PATCH_STYLE_NAME,
            QCoreApplication.translate("BlueCarbon", "Blue Carbon patches graduated by area (ha)"),
            True,
            "",
        )
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


VIRIDIS = ("#440154", "#3b528b", "#21918c", "#5ec962", "#fde725")


def style_surface_raster(path: str, minimum: float, maximum: float, label: str = "") -> None:
    """Save a viridis pseudocolour style of band 1 as ``<raster>.qml`` (QGIS loads it with the file).

    Written as text from the known value range, so QGIS never computes statistics on the new file
    (which would leave an ``.aux.xml`` beside it).
    """
    if not (maximum > minimum):
        maximum = minimum + 1.0
    stops = [minimum + (maximum - minimum) * i / (len(VIRIDIS) - 1) for i in range(len(VIRIDIS))]
    items = "\n".join(
        f'            <item alpha="255" value="{v:.6g}" label="{v:.4g}" color="{c}"/>' for v, c in zip(stops, VIRIDIS)
    )
    qml = f"""<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22" styleCategories="AllStyleCategories">
  <pipe>
    <rasterrenderer type="singlebandpseudocolor" band="1" opacity="1" alphaBand="-1"
        classificationMin="{minimum:.6g}" classificationMax="{maximum:.6g}" nodataColor="">
      <rastershader>
        <colorrampshader colorRampType="INTERPOLATED" classificationMode="1" clip="0"
            minimumValue="{minimum:.6g}" maximumValue="{maximum:.6g}" labelPrecision="4">
{items}
        </colorrampshader>
      </rastershader>
    </rasterrenderer>
    <brightnesscontrast brightness="0" contrast="0" gamma="1"/>
  </pipe>
  <blendMode>0</blendMode>
</qgis>
"""
    with open(path.rsplit(".", 1)[0] + ".qml", "w", encoding="utf-8") as f:
        f.write(qml)
