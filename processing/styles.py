"""Default styles of the algorithms' outputs, stored with the data so they show wherever it is opened."""

from __future__ import annotations

import math
from typing import Any, Callable, Optional, Sequence

from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsClassificationJenks,
    QgsFillSymbol,
    QgsGraduatedSymbolRenderer,
    QgsMapLayer,
    QgsProcessingLayerPostProcessorInterface,
    QgsProcessingUtils,
    QgsRendererCategory,
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


SITES_STYLE_NAME = "bluecarbon_restoration_sites"


def portfolio_renderer(layer: QgsVectorLayer) -> Optional[QgsCategorizedSymbolRenderer]:
    """Restoration sites: those in the portfolio (``in_portfolio`` = 1) in orange, the other candidates pale."""
    if layer.fields().indexOf("in_portfolio") < 0:
        return None
    chosen = QgsFillSymbol.createSimple({"color": "#e66101", "outline_color": "#7f2704", "outline_width": "0.2"})
    rest = QgsFillSymbol.createSimple({"color": "254,224,182,170", "outline_color": "#b35806", "outline_width": "0.15"})
    return QgsCategorizedSymbolRenderer("in_portfolio", [
        QgsRendererCategory(1, chosen, QCoreApplication.translate("BlueCarbon", "In the portfolio")),
        QgsRendererCategory(0, rest, QCoreApplication.translate("BlueCarbon", "Other candidate sites"))])


def style_sites_layer(dest: str, context: Any) -> None:
    """Style the written restoration sites by portfolio membership; save the style in its GeoPackage."""
    style_vector_output(dest, context, portfolio_renderer, SITES_STYLE_NAME,
                        QCoreApplication.translate("BlueCarbon", "Blue Carbon restoration sites, portfolio in orange"))


def style_patch_layer(dest: str, context: Any) -> None:
    """Style the written patch layer by area; save the style in its GeoPackage; restyle on loading."""
    style_vector_output(dest, context, patch_renderer, PATCH_STYLE_NAME,
                        QCoreApplication.translate("BlueCarbon", "Blue Carbon patches graduated by area (ha)"))


def style_vector_output(dest: str, context: Any, make_renderer: Callable[[QgsVectorLayer], Any], style_name: str,
                        description: str) -> None:
    """Give a written vector output the renderer ``make_renderer(layer)``, store it as the default style of its
    GeoPackage (so it shows wherever the file is opened) and apply it again when Processing loads the layer."""
    layer = QgsProcessingUtils.mapLayerFromString(dest, context)
    if not isinstance(layer, QgsVectorLayer) or not layer.isValid():
        return
    renderer = make_renderer(layer)
    if renderer is None:
        return
    layer.setRenderer(renderer)
    if layer.source().split("|")[0].lower().endswith(".gpkg"):
        layer.saveStyleToDatabase(style_name, description, True, "")
    if context.willLoadLayerOnCompletion(dest):
        context.layerToLoadOnCompletionDetails(dest).setPostProcessor(RendererStyler.create(make_renderer))


class RendererStyler(QgsProcessingLayerPostProcessorInterface):
    """Applies a renderer when Processing loads the layer into the project."""

    instances: list = []  # Processing does not own post-processors: keep them alive here

    def __init__(self, make_renderer: Callable[[QgsVectorLayer], Any]) -> None:
        super().__init__()
        self.make_renderer = make_renderer

    def postProcessLayer(self, layer: QgsMapLayer, context: Any, feedback: Any) -> None:  # noqa: N802
        """Set the renderer and refresh."""
        if isinstance(layer, QgsVectorLayer):
            renderer = self.make_renderer(layer)
            if renderer is not None:
                layer.setRenderer(renderer)
                layer.triggerRepaint()

    @staticmethod
    def create(make_renderer: Callable[[QgsVectorLayer], Any]) -> "RendererStyler":
        """Return a post-processor kept alive by a class reference (the last few are kept)."""
        RendererStyler.instances = [*RendererStyler.instances[-15:], RendererStyler(make_renderer)]
        return RendererStyler.instances[-1]


VIRIDIS = ("#440154", "#3b528b", "#21918c", "#5ec962", "#fde725")


DIVERGING_BLUE = ("#b2182b", "#ef8a62", "#f7f7f7", "#67a9cf", "#2166ac")  # loss red … gain blue
DIVERGING_GREEN = ("#b2182b", "#ef8a62", "#f7f7f7", "#7fbf7b", "#1b7837")  # deficit red … surplus green
GREENS = ("#f7fcf5", "#c7e9c0", "#74c476", "#238b45", "#00441b")
REDS = ("#fff5f0", "#fcbba1", "#fb6a4a", "#cb181d", "#67000d")


def style_surface_raster(path: str, minimum: float, maximum: float, label: str = "") -> None:
    """Save a viridis pseudocolour style of band 1 from ``minimum`` to ``maximum`` as ``<raster>.qml``."""
    if not (maximum > minimum):
        maximum = minimum + 1.0
    stops = [minimum + (maximum - minimum) * i / (len(VIRIDIS) - 1) for i in range(len(VIRIDIS))]
    write_pseudocolor_qml(path, stops, VIRIDIS)


def style_diverging_raster(path: str, reach: float, colors: Sequence[str] = DIVERGING_BLUE, band: int = 1) -> None:
    """Save a diverging style centred on 0, from −reach to +reach, as ``<raster>.qml``."""
    reach = reach if reach > 0 and math.isfinite(reach) else 1.0
    write_pseudocolor_qml(path, [-reach, -reach / 2, 0.0, reach / 2, reach], colors, band)


def write_pseudocolor_qml(path: str, stops: Sequence[float], colors: Sequence[str], band: int = 1) -> None:
    """Save an interpolated pseudocolour style of one band (a colour at each stop) as ``<raster>.qml``.

    Written as text from the known value range, so QGIS never computes statistics on the new file
    (which would leave an ``.aux.xml`` beside it); QGIS loads it with the raster.
    """
    items = "\n".join(
        f'            <item alpha="255" value="{v:.6g}" label="{v:.4g}" color="{c}"/>' for v, c in zip(stops, colors)
    )
    qml = f"""<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22" styleCategories="AllStyleCategories">
  <pipe>
    <rasterrenderer type="singlebandpseudocolor" band="{band}" opacity="1" alphaBand="-1"
        classificationMin="{stops[0]:.6g}" classificationMax="{stops[-1]:.6g}" nodataColor="">
      <rastershader>
        <colorrampshader colorRampType="INTERPOLATED" classificationMode="1" clip="0"
            minimumValue="{stops[0]:.6g}" maximumValue="{stops[-1]:.6g}" labelPrecision="4">
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
