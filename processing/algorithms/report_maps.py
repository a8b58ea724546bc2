"""Report maps rendered with QGIS's own map renderer: styled output layers → PNG with a legend and scale bar.

Each map is a :class:`QgsMapSettings` drawn by :class:`QgsMapRendererCustomPainterJob` into a QImage, the
way QGIS's own Processing algorithms render maps (e.g. *Convert map to raster*): it renders in the calling
thread without an event loop, so it works in the Processing worker thread of the toolbox, in the Model
Designer and in ``qgis_process`` alike. Layers are loaded from the written files with the styles stored
beside or inside them (``.qml`` of the rasters, default style in the GeoPackages), so the report shows
what QGIS shows when the user opens the outputs. A legend panel (from the renderers' own legend items)
and a scale bar are painted beside the map.
"""

from __future__ import annotations

import math
import os
from typing import Optional, Sequence

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFillSymbol,
    QgsHueSaturationFilter,
    QgsMapLayer,
    QgsMapRendererCustomPainterJob,
    QgsMapSettings,
    QgsPalettedRasterRenderer,
    QgsRasterLayer,
    QgsRasterRange,
    QgsRectangle,
    QgsSingleSymbolRenderer,
    QgsUnitTypes,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QCoreApplication, QPointF, QRectF, QSize, Qt
from qgis.PyQt.QtGui import QColor, QFont, QImage, QPainter, QPen

DPI = 150
MAP_WIDTH_PX = 1300
LEGEND_WIDTH_PX = 400
MAX_LEGEND_ITEMS = 18


def _tr(text: str) -> str:
    return QCoreApplication.translate("BlueCarbon", text)


def raster_layer(path: str, name: str) -> Optional[QgsRasterLayer]:
    """A raster layer with the style saved beside it (``.qml``), or None if it cannot be opened."""
    if not path or not os.path.exists(path):
        return None
    layer = QgsRasterLayer(path, name, "gdal")
    return layer if layer.isValid() else None


def transparent_zero(layer: Optional[QgsRasterLayer]) -> Optional[QgsRasterLayer]:
    """Draw cells equal to 0 transparent (map rendering only; the file is unchanged), so the backdrop shows."""
    if layer is not None:
        layer.dataProvider().setUserNoDataValue(1, [QgsRasterRange(0.0, 0.0)])
    return layer


def vector_layer(path: str, name: str) -> Optional[QgsVectorLayer]:
    """A vector layer with the default style stored in its GeoPackage, or None if it cannot be opened."""
    if not path or not os.path.exists(path):
        return None
    layer = QgsVectorLayer(path, name, "ogr")
    return layer if layer.isValid() else None


def landcover_layer(path: str, classes: Sequence[tuple[int, str, Optional[str]]], name: Optional[str] = None,
                    grey: bool = False, opacity: float = 1.0) -> Optional[QgsRasterLayer]:
    """The land cover coloured by the legend (value, name, colour); grey and faded as a backdrop if asked.

    ``name`` is the layer name shown as the legend title (default: the translated "Land cover").
    """
    layer = raster_layer(path, name if name is not None else _tr("Land cover"))
    if layer is None:
        return None
    palette = []
    for k, (value, label, colour) in enumerate(classes):
        qcolour = QColor(colour) if colour else QColor.fromHsv((k * 47) % 360, 60, 200)
        palette.append(QgsPalettedRasterRenderer.Class(float(value), qcolour, str(label)))
    if palette:
        layer.setRenderer(QgsPalettedRasterRenderer(layer.dataProvider(), 1, palette))
    if grey:
        layer.hueSaturationFilter().setGrayscaleMode(QgsHueSaturationFilter.GrayscaleLuminosity)
    layer.renderer().setOpacity(opacity)
    return layer


def single_fill(layer: QgsVectorLayer, fill: str, outline: str = "#333333", width_mm: float = 0.1) -> QgsVectorLayer:
    """Give a polygon layer one plain fill (used where the stored style would compete with the main layer)."""
    symbol = QgsFillSymbol.createSimple({"color": fill, "outline_color": outline, "outline_width": str(width_mm)})
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    return layer


def _legend_entries(layer: QgsMapLayer) -> list[tuple[object, str]]:
    """(QImage swatch or QColor, label) of a layer's legend, from its renderer."""
    entries: list[tuple[object, str]] = []
    if isinstance(layer, QgsVectorLayer) and layer.renderer() is not None:
        for item in layer.renderer().legendSymbolItems():
            symbol = item.symbol()
            if symbol is None:
                continue
            entries.append((symbol.asImage(QSize(36, 24)), item.label() or layer.name()))
    elif isinstance(layer, QgsRasterLayer):
        for label, colour in (layer.renderer().legendSymbologyItems() if layer.renderer() else []):
            entries.append((QColor(colour), str(label)))
    return entries


def _nice_length(metres: float) -> float:
    """A round length (1, 2 or 5 × 10^n m) not longer than ``metres``."""
    if metres <= 0 or not math.isfinite(metres):
        return 0.0
    power = 10 ** math.floor(math.log10(metres))
    for step in (5, 2, 1):
        if step * power <= metres:
            return step * power
    return power


def _draw_scale_bar(painter: QPainter, extent: QgsRectangle, crs: QgsCoordinateReferenceSystem, width: int,
                    height: int) -> None:
    if not crs.isValid() or crs.isGeographic():
        return
    metres_per_unit = _metres_per_unit(crs)
    if metres_per_unit is None:
        return
    metres_per_px = extent.width() * metres_per_unit / width
    length_m = _nice_length(metres_per_px * width / 5)
    if length_m <= 0:
        return
    bar_px = length_m / metres_per_px
    x0, y0 = 30, height - 40
    painter.setPen(QPen(QColor("#222222"), 2))
    painter.fillRect(QRectF(x0 - 10, y0 - 34, bar_px + 20, 52), QColor(255, 255, 255, 200))
    painter.drawLine(QPointF(x0, y0), QPointF(x0 + bar_px, y0))
    for x in (x0, x0 + bar_px / 2, x0 + bar_px):
        painter.drawLine(QPointF(x, y0 - 7), QPointF(x, y0 + 7))
    painter.setFont(QFont("DejaVu Sans", 8))
    text = f"{length_m / 1000:g} km" if length_m >= 1000 else f"{length_m:g} m"
    painter.drawText(QPointF(x0, y0 - 12), text)


def _metres_per_unit(crs: QgsCoordinateReferenceSystem) -> Optional[float]:
    """Metres per map unit of a projected CRS."""
    factor = QgsUnitTypes.fromUnitToUnitFactor(crs.mapUnits(), QgsUnitTypes.DistanceMeters)
    return factor if factor and math.isfinite(factor) else None


def _draw_legend(painter: QPainter, layers: Sequence[QgsMapLayer], x0: int, height: int) -> None:
    painter.fillRect(QRectF(x0, 0, LEGEND_WIDTH_PX, height), QColor("white"))
    y = 40.0
    title_font = QFont("DejaVu Sans", 9)
    title_font.setBold(True)
    item_font = QFont("DejaVu Sans", 8)
    for layer in layers:
        entries = _legend_entries(layer)
        if not entries:
            continue
        painter.setFont(title_font)
        painter.setPen(QColor("#1d2a33"))
        painter.drawText(QRectF(x0 + 20, y - 26, LEGEND_WIDTH_PX - 30, 30), Qt.AlignLeft | Qt.AlignBottom, layer.name())
        y += 14
        painter.setFont(item_font)
        shown = entries[:MAX_LEGEND_ITEMS]
        for swatch, label in shown:
            if y > height - 20:
                return
            box = QRectF(x0 + 24, y, 36, 24)
            if isinstance(swatch, QImage):
                painter.drawImage(box, swatch)
            else:
                painter.fillRect(box, swatch)
                painter.setPen(QPen(QColor("#777777"), 1))
                painter.drawRect(box)
            painter.setPen(QColor("#1d2a33"))
            painter.drawText(QRectF(x0 + 70, y - 2, LEGEND_WIDTH_PX - 80, 28), Qt.AlignLeft | Qt.AlignVCenter, label)
            y += 32
        if len(entries) > len(shown):
            painter.drawText(QRectF(x0 + 24, y, LEGEND_WIDTH_PX - 40, 24), Qt.AlignLeft,
                             _tr("… {count} more").format(count=len(entries) - len(shown)))
            y += 28
        y += 40


def render_map(path: str, layers: Sequence[Optional[QgsMapLayer]], extent: QgsRectangle,
               crs: QgsCoordinateReferenceSystem, legend_layers: Optional[Sequence[Optional[QgsMapLayer]]] = None) -> str:
    """Draw ``layers`` (top first) over ``extent`` into a PNG with a legend panel and a scale bar."""
    layers = [layer for layer in layers if layer is not None]
    legend = [layer for layer in (legend_layers if legend_layers is not None else layers) if layer is not None]
    if not layers:
        raise ValueError("render_map needs at least one layer")
    extent = QgsRectangle(extent)
    extent.scale(1.03)
    aspect = extent.height() / extent.width() if extent.width() > 0 else 1.0
    width = MAP_WIDTH_PX
    height = int(min(max(width * aspect, 520), 1500))
    image = QImage(width + LEGEND_WIDTH_PX, height, QImage.Format_ARGB32_Premultiplied)
    image.setDotsPerMeterX(int(DPI / 0.0254))
    image.setDotsPerMeterY(int(DPI / 0.0254))
    image.fill(QColor("white"))
    settings = QgsMapSettings()
    settings.setLayers(list(layers))
    settings.setDestinationCrs(crs)
    settings.setExtent(extent)
    settings.setOutputSize(QSize(width, height))
    settings.setOutputDpi(DPI)
    settings.setBackgroundColor(QColor("white"))
    settings.setFlag(QgsMapSettings.Antialiasing, True)
    settings.setFlag(QgsMapSettings.DrawLabeling, False)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.Antialiasing, True)
        job = QgsMapRendererCustomPainterJob(settings, painter)
        job.renderSynchronously()
        painter.setPen(QPen(QColor("#888888"), 1))
        painter.drawRect(QRectF(0.5, 0.5, width - 1, height - 1))
        _draw_scale_bar(painter, settings.visibleExtent(), crs, width, height)
        _draw_legend(painter, legend, width, height)
    finally:
        painter.end()
    if not image.save(path, "PNG"):
        raise OSError(_tr("The map image '{path}' could not be written.").format(path=path))
    return path

