"""Report maps rendered with QGIS's own map renderer: styled output layers → PNG with a legend and scale bar.

Each map is a :class:`QgsMapSettings` drawn by :class:`QgsMapRendererCustomPainterJob` into a QImage, the
way QGIS's own Processing algorithms render maps (e.g. *Convert map to raster*): it renders in the calling
thread without an event loop, so it works in the Processing worker thread of the toolbox, in the Model
Designer and in ``qgis_process`` alike. Layers are loaded from the written files with the styles stored
beside or inside them (``.qml`` of the rasters, default style in the GeoPackages), so the report shows
what QGIS shows when the user opens the outputs. A legend panel (from the renderers' own legend items, numbers
rounded to three significant digits), a scale bar and a north arrow are painted on and beside the map.

Two layers get a report renderer instead of their stored style: the flow links (only the strongest links that
carry most of the flow, width and opacity by flow, strongest drawn last) and the stock gain / loss raster
(a colour-blind-safe orange–purple diverging palette in classes, so small gains stay visible on the grey
backdrop).
"""

from __future__ import annotations

import math
import os
import re
from typing import Any, Optional, Sequence

from qgis.core import (
    QgsColorRampShader,
    QgsCoordinateReferenceSystem,
    QgsFeatureRequest,
    QgsFillSymbol,
    QgsGraduatedSymbolRenderer,
    QgsLineSymbol,
    QgsHueSaturationFilter,
    QgsMapLayer,
    QgsMapRendererCustomPainterJob,
    QgsMapSettings,
    QgsPalettedRasterRenderer,
    QgsRasterLayer,
    QgsRasterRange,
    QgsRasterShader,
    QgsRectangle,
    QgsRendererRange,
    QgsSingleBandPseudoColorRenderer,
    QgsSingleSymbolRenderer,
    QgsUnitTypes,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QPointF, QRectF, QSize, Qt
from qgis.PyQt.QtGui import QBrush, QColor, QFont, QImage, QPainter, QPainterPath, QPen

from ..core.errors import Cancelled
from ..core.legend import load_legend
from ..core.report import MapImage
from ..core.report.formatting import fmt_break, round_label
from ..translation import tr as _tr
from .styles import portfolio_renderer

DPI = 150
MAP_WIDTH_PX = 1300
LEGEND_WIDTH_PX = 400
MAX_LEGEND_ITEMS = 18
LEGEND_TITLE_PX = 27
LEGEND_ITEM_PX = 24
FLOW_FIELD = "flow_tC_yr"
FLOW_SHARE = 0.9  # the flow map shows the strongest links that together carry this share of the flow …
MAX_FLOW_LINKS = 150  # … but never more links than this
FLOW_COLOUR = "#08306b"
LOSS_COLOURS = ("#7f3b08", "#b35806", "#f1a340")  # PuOr (ColorBrewer, colour-blind safe), strong to mild loss
GAIN_COLOURS = ("#8073ac", "#542788", "#2d004b")  # mild to strong gain; no pale class that vanishes on grey
_LEGEND_NUMBERS = re.compile(r"^[\s\d.,+\-−–<>≤≥]+$")


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
        layer.hueSaturationFilter().setGrayscaleMode(QgsHueSaturationFilter.GrayscaleMode.GrayscaleLuminosity)
    layer.renderer().setOpacity(opacity)
    return layer


def single_fill(layer: QgsVectorLayer, fill: str, outline: str = "#333333", width_mm: float = 0.1) -> QgsVectorLayer:
    """Give a polygon layer one plain fill (used where the stored style would compete with the main layer)."""
    symbol = QgsFillSymbol.createSimple({"color": fill, "outline_color": outline, "outline_width": str(width_mm)})
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    return layer


def restoration_sites_layer(path: str, name: str) -> Optional[QgsVectorLayer]:
    """The ranked restoration sites, styled by portfolio membership (:func:`.styles.portfolio_renderer`)."""
    layer = vector_layer(path, name)
    renderer = portfolio_renderer(layer) if layer is not None else None
    if renderer is None:
        return None
    layer.setRenderer(renderer)
    return layer


def _legend_entries(layer: QgsMapLayer) -> list[tuple[object, str]]:
    """(QImage swatch or QColor, label) of a layer's legend, from its renderer."""
    entries: list[tuple[object, str]] = []
    if isinstance(layer, QgsVectorLayer) and layer.renderer() is not None:
        for item in layer.renderer().legendSymbolItems():
            symbol = item.symbol()
            if symbol is None:
                continue
            entries.append((symbol.asImage(QSize(36, 24)), legend_label(item.label() or layer.name())))
    elif isinstance(layer, QgsRasterLayer):
        for label, colour in (layer.renderer().legendSymbologyItems() if layer.renderer() else []):
            entries.append((QColor(colour), legend_label(str(label))))
    return entries


def legend_label(label: str) -> str:
    """A legend label with its numbers rounded (class breaks such as '0.308215 - 1.3802' → '0.308 – 1.38');
    labels with words (class names) are kept as they are."""
    return round_label(label) if _LEGEND_NUMBERS.match(label or "") else label


def _nice(value: float) -> float:
    """``value`` rounded to one significant digit (a class break a reader can hold: 80, 0.3, 2,000)."""
    if value <= 0 or not math.isfinite(value):
        return 0.0
    return float(f"{value:.1g}")


def flow_links_layer(path: str, name: str, date: Optional[int] = None, share: float = FLOW_SHARE,
                     max_links: int = MAX_FLOW_LINKS) -> tuple[Optional[QgsVectorLayer], int, int, float]:
    """The flow links for a report map: the strongest links that carry ``share`` of the flow (at most
    ``max_links``), width and opacity by flow, strongest drawn on top.

    Returns (layer or None, links shown, links in total, share of the flow the shown links carry).
    """
    layer = vector_layer(path, name)
    if layer is None or layer.fields().indexOf(FLOW_FIELD) < 0:
        return layer, 0, 0, 0.0
    base = f'"date" = {int(date)}' if date is not None and layer.fields().indexOf("date") >= 0 else ""
    if base:
        layer.setSubsetString(base)
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry).setSubsetOfAttributes([FLOW_FIELD], layer.fields())
    flows = sorted((float(f[FLOW_FIELD]) for f in layer.getFeatures(request)
                    if f[FLOW_FIELD] is not None and _finite(f[FLOW_FIELD]) and float(f[FLOW_FIELD]) > 0), reverse=True)
    total_flow = sum(flows)
    if not flows or total_flow <= 0:
        return layer, 0, len(flows), 0.0
    kept, carried = 0, 0.0
    for value in flows:
        if kept >= max_links or carried >= share * total_flow:
            break
        kept += 1
        carried += value
    threshold = flows[kept - 1]
    condition = f'"{FLOW_FIELD}" >= {threshold!r}'
    layer.setSubsetString(f"({base}) AND {condition}" if base else condition)
    layer.setRenderer(_flow_renderer(flows[:kept]))
    return layer, kept, len(flows), carried / total_flow


def _finite(value: object) -> bool:
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def _flow_renderer(flows: Sequence[float], classes: int = 4) -> QgsGraduatedSymbolRenderer:
    """Graduated lines: width 0.25–1.6 mm and opacity 35–100 % rising with the flow, classes at rounded
    quantile breaks, features drawn weakest first so the strongest links lie on top."""
    low, high = min(flows), max(flows)
    ordered = sorted(flows)
    breaks = [low]
    for k in range(1, classes):
        value = float(fmt_break(ordered[int(len(ordered) * k / classes)], 2).replace(",", ""))
        if breaks[-1] < value < high:
            breaks.append(value)
    breaks.append(high)
    renderer = QgsGraduatedSymbolRenderer(FLOW_FIELD)
    n = len(breaks) - 1
    for k in range(n):
        t = k / max(n - 1, 1)
        colour = QColor(FLOW_COLOUR)
        colour.setAlphaF(0.35 + 0.65 * t)
        symbol = QgsLineSymbol.createSimple({"line_color": colour.name(), "line_width": f"{0.25 + 1.35 * t:.2f}",
                                             "capstyle": "round"})
        symbol.setColor(colour)  # with its alpha: faint weak links, opaque strong ones
        label = f"{fmt_break(breaks[k])} – {fmt_break(breaks[k + 1])}"
        renderer.addClassRange(QgsRendererRange(breaks[k], breaks[k + 1], symbol, label))
    renderer.setOrderBy(QgsFeatureRequest.OrderBy([QgsFeatureRequest.OrderByClause(FLOW_FIELD, True)]))
    renderer.setOrderByEnabled(True)
    return renderer


def gain_loss_layer(path: str, name: str) -> Optional[QgsRasterLayer]:
    """The stock gain / loss raster in classes of a colour-blind-safe diverging palette (losses orange to brown,
    gains purple), zero transparent; breaks at rounded fractions of the largest change of its stored style."""
    layer = raster_layer(path, name)
    if layer is None:
        return None
    stored = layer.renderer()
    band = stored.band() if isinstance(stored, QgsSingleBandPseudoColorRenderer) else 1
    layer.dataProvider().setUserNoDataValue(band, [QgsRasterRange(0.0, 0.0)])  # no change: the backdrop shows
    if isinstance(stored, QgsSingleBandPseudoColorRenderer):
        limit = max(abs(stored.classificationMin()), abs(stored.classificationMax()))
    else:
        limit = 0.0
    limit = limit if limit > 0 and math.isfinite(limit) else 1.0
    strong, mild = _nice(limit / 3), _nice(limit / 15)
    if not 0 < mild < strong:
        strong, mild = limit / 3, limit / 15
    items = [
        (-strong, LOSS_COLOURS[0], f"≤ −{fmt_break(strong)}"),
        (-mild, LOSS_COLOURS[1], f"−{fmt_break(strong)} – −{fmt_break(mild)}"),
        (0.0, LOSS_COLOURS[2], f"−{fmt_break(mild)} – 0"),
        (mild, GAIN_COLOURS[0], f"0 – {fmt_break(mild)}"),
        (strong, GAIN_COLOURS[1], f"{fmt_break(mild)} – {fmt_break(strong)}"),
        (float("inf"), GAIN_COLOURS[2], f"> {fmt_break(strong)}"),
    ]
    ramp = QgsColorRampShader(-limit, limit)
    ramp.setColorRampType(QgsColorRampShader.Type.Discrete)
    ramp.setColorRampItemList([QgsColorRampShader.ColorRampItem(v, QColor(c), label) for v, c, label in items])
    shader = QgsRasterShader()
    shader.setRasterShaderFunction(ramp)
    layer.setRenderer(QgsSingleBandPseudoColorRenderer(layer.dataProvider(), band, shader))
    return layer


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
    """A scale bar of alternating black and white quarters, bottom left, on a white panel."""
    metres_per_unit = _metres_per_unit(crs, extent)
    if metres_per_unit is None:
        return
    metres_per_px = extent.width() * metres_per_unit / width
    length_m = _nice_length(metres_per_px * width / 4)
    if length_m <= 0:
        return
    bar_px = length_m / metres_per_px
    x0, y0, bar_h = 36.0, height - 44.0, 12.0
    font = QFont("DejaVu Sans")
    font.setPixelSize(24)
    painter.setFont(font)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(255, 255, 255, 225))
    painter.drawRoundedRect(QRectF(x0 - 16, y0 - 50, bar_px + 32 + 70, 74), 6, 6)
    for k in range(4):
        painter.setBrush(QColor("#222222") if k % 2 == 0 else QColor("white"))
        painter.setPen(QPen(QColor("#222222"), 1.5))
        painter.drawRect(QRectF(x0 + k * bar_px / 4, y0, bar_px / 4, bar_h))
    painter.setPen(QColor("#222222"))
    unit_km = length_m >= 1000
    for k, x in ((0, x0), (2, x0 + bar_px / 2), (4, x0 + bar_px)):
        value = length_m * k / 4
        text = f"{value / 1000:g}" if unit_km else f"{value:g}"
        painter.drawText(QRectF(x - 40, y0 - 34, 80, 30), Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, text)
    painter.drawText(QRectF(x0 + bar_px + 10, y0 - 10, 60, 30), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, "km" if unit_km else "m")


def _draw_north_arrow(painter: QPainter, width: int) -> None:
    """A north arrow (grid north: the maps are drawn in the raster's CRS, north up) in the top right corner."""
    cx, top = width - 56.0, 18.0
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(255, 255, 255, 225))
    painter.drawRoundedRect(QRectF(cx - 34, top, 68, 104), 6, 6)
    left, right = QPainterPath(), QPainterPath()
    tip, base, notch = QPointF(cx, top + 38), QPointF(cx, top + 92), QPointF(cx, top + 78)
    left.moveTo(tip)
    left.lineTo(QPointF(cx - 18, base.y()))
    left.lineTo(notch)
    left.closeSubpath()
    right.moveTo(tip)
    right.lineTo(QPointF(cx + 18, base.y()))
    right.lineTo(notch)
    right.closeSubpath()
    painter.setPen(QPen(QColor("#222222"), 1.5))
    painter.setBrush(QBrush(QColor("#222222")))
    painter.drawPath(left)
    painter.setBrush(QBrush(QColor("white")))
    painter.drawPath(right)
    font = QFont("DejaVu Sans")
    font.setPixelSize(26)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("#222222"))
    painter.drawText(QRectF(cx - 30, top + 4, 60, 32), Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter, "N")


def _metres_per_unit(crs: QgsCoordinateReferenceSystem, extent: Optional[QgsRectangle] = None) -> Optional[float]:
    """Metres per map unit along x: the unit's factor for a projected CRS; for a geographic CRS, metres per
    degree of longitude at the extent's middle latitude (a spherical approximation, good for a scale bar)."""
    if not crs.isValid():
        return None
    if crs.isGeographic():
        if extent is None:
            return None
        latitude = math.radians(max(-85.0, min(85.0, extent.center().y())))
        return 111_320.0 * math.cos(latitude)
    factor = QgsUnitTypes.fromUnitToUnitFactor(crs.mapUnits(), QgsUnitTypes.DistanceUnit.DistanceMeters)
    return factor if factor and math.isfinite(factor) else None


def _draw_legend(painter: QPainter, layers: Sequence[QgsMapLayer], x0: int, height: int) -> None:
    painter.fillRect(QRectF(x0, 0, LEGEND_WIDTH_PX, height), QColor("white"))
    y = 44.0
    title_font = QFont("DejaVu Sans")
    title_font.setPixelSize(LEGEND_TITLE_PX)  # pixels of the image: readable where the page shrinks the map
    title_font.setBold(True)
    item_font = QFont("DejaVu Sans")
    item_font.setPixelSize(LEGEND_ITEM_PX)
    for layer in layers:
        entries = _legend_entries(layer)
        if not entries:
            continue
        painter.setFont(title_font)
        painter.setPen(QColor("#1d2a33"))
        painter.drawText(QRectF(x0 + 20, y - 32, LEGEND_WIDTH_PX - 30, 36), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, layer.name())
        y += 16
        painter.setFont(item_font)
        shown = entries[:MAX_LEGEND_ITEMS]
        for swatch, label in shown:
            if y > height - 20:
                return
            box = QRectF(x0 + 24, y, 40, 28)
            if isinstance(swatch, QImage):
                painter.drawImage(box, swatch)
            else:
                painter.fillRect(box, swatch)
                painter.setPen(QPen(QColor("#777777"), 1))
                painter.drawRect(box)
            painter.setPen(QColor("#1d2a33"))
            painter.drawText(QRectF(x0 + 76, y - 4, LEGEND_WIDTH_PX - 80, 36), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)
            y += 38
        if len(entries) > len(shown):
            painter.drawText(QRectF(x0 + 24, y, LEGEND_WIDTH_PX - 40, 24), Qt.AlignmentFlag.AlignLeft,
                             _tr("… {count} more").format(count=len(entries) - len(shown)))
            y += 28
        y += 40


def render_map(path: str, layers: Sequence[Optional[QgsMapLayer]], extent: QgsRectangle,
               crs: QgsCoordinateReferenceSystem, legend_layers: Optional[Sequence[Optional[QgsMapLayer]]] = None) -> str:
    """Draw ``layers`` (top first) over ``extent`` into a PNG with a legend panel, a scale bar and a north arrow."""
    layers = [layer for layer in layers if layer is not None]
    legend = [layer for layer in (legend_layers if legend_layers is not None else layers) if layer is not None]
    if not layers:
        raise ValueError("render_map needs at least one layer")
    extent = QgsRectangle(extent)
    extent.scale(1.03)
    aspect = extent.height() / extent.width() if extent.width() > 0 else 1.0
    width = MAP_WIDTH_PX
    height = int(min(max(width * aspect, 520), 1500))
    image = QImage(width + LEGEND_WIDTH_PX, height, QImage.Format.Format_ARGB32_Premultiplied)
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
    settings.setFlag(QgsMapSettings.Flag.Antialiasing, True)
    settings.setFlag(QgsMapSettings.Flag.DrawLabeling, False)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        job = QgsMapRendererCustomPainterJob(settings, painter)
        job.renderSynchronously()
        painter.setPen(QPen(QColor("#888888"), 1))
        painter.drawRect(QRectF(0.5, 0.5, width - 1, height - 1))
        for draw in (lambda: _draw_scale_bar(painter, settings.visibleExtent(), crs, width, height),
                     lambda: _draw_north_arrow(painter, width)):
            painter.save()  # each keeps its pen and brush to itself (the legend's swatch frames have no fill)
            try:
                draw()
            finally:
                painter.restore()
        _draw_legend(painter, legend, width, height)
    finally:
        painter.end()
    if not image.save(path, "PNG"):
        raise OSError(_tr("The map image '{path}' could not be written.").format(path=path))
    return path


# -- the assessment report's maps --------------------------------------------------------------------


def assessment_maps(data: Any, folder_of_run: str, run: Any, feedback: Any, notes: list) -> None:
    """Render the assessment report's maps into <folder_of_run>/report_files/ and set ``data.maps``.

    ``run`` is the assessment's Run (sources, schemes, grids, legend, years, clipped). A map that fails is
    reported in ``notes`` and the log, not fatal: a map is an illustration.
    """
    staging, sources, schemes, grids, clipped = folder_of_run, run.sources, run.schemes, run.grids, run.clipped
    tr = _tr

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
            render_map(os.path.join(folder, name), layers, extent, crs, in_legend)
            maps.append(MapImage(f"report_files/{name}", caption, section))
        except Cancelled:
            raise
        except Exception as err:  # a map is an illustration: report it, keep the run
            notes.append(tr("The map {name} could not be drawn ({error}).").format(name=name, error=err))
            feedback.pushWarning(notes[-1])

    def backdrop(k: int = 0):
        return landcover_layer(sources[k], _palette(schemes[k], legend), tr("Land cover"), grey=True, opacity=0.45)

    for k, path in enumerate(sources):
        label = labels[k] if k < len(labels) else ""
        palette = _palette(schemes[k], legend)
        title = tr("Land cover {year}").format(year=label) if label else tr("Land cover")
        if clipped:
            caption = tr("{map}, coloured by the legend (area of interest only).").format(map=title)
        else:
            caption = tr("{map}, coloured by the legend.").format(map=title)
        draw(f"map_landcover{'_' + label if k else ''}.png", "inputs", caption,
             lambda path=path, palette=palette, title=title: _pair(landcover_layer(path, palette, title)))
    if labels[0]:
        caption = tr("Blue-carbon patches {year} coloured by area (ha, natural breaks), over the land cover in "
                     "grey.").format(year=labels[0])
    else:
        caption = tr("Blue-carbon patches coloured by area (ha, natural breaks), over the land cover in grey.")
    draw("map_patches.png", "fragmentation", caption,
         lambda: _with_backdrop(vector_layer(os.path.join(staging, "patches.gpkg"), tr("Patch area (ha)")),
                                backdrop()))
    draw("map_sequestration.png", "sink",
         tr("Annual sequestration rate (t C/ha/yr; edge band reduced when an edge effect is set)."),
         lambda: _with_backdrop(transparent_zero(raster_layer(os.path.join(staging, "sequestration.tif"),
                                                              tr("Sequestration (t C/ha/yr)"))), backdrop()))
    if len(sources) > 1:
        draw("map_change.png", "change",
             tr("Carbon stock gain (purple) or loss (orange to brown) over the whole run (t C/ha); no "
                "change is transparent."),
             lambda: _with_backdrop(gain_loss_layer(os.path.join(staging, "change_gain_loss.tif"),
                                                    tr("Stock gain / loss (t C/ha)")), backdrop(1)))
    if os.path.exists(os.path.join(staging, "flow_links.gpkg")):
        shown = {}

        def flow_layers():
            links, shown["links"], shown["total"], shown["share"] = flow_links_layer(
                os.path.join(staging, "flow_links.gpkg"), tr("Flow (t C/yr)"), 1 if len(sources) > 1 else None)
            units = vector_layer(os.path.join(staging, "flow_units.gpkg"), tr("Demand units"))
            patches = vector_layer(os.path.join(staging, "sink_patches.gpkg"), tr("Blue-carbon patches"))
            if patches is not None:
                single_fill(patches, "#a6dba0", "#5aae61", 0.05)
            layers = [units, links, patches, backdrop()]
            return layers, [links, patches, units]
        draw("map_flows.png", "flow", "", flow_layers)
        if maps and maps[-1].section == "flow":  # the caption says which links the map shows
            text = tr("Carbon-sequestration service flows from the blue-carbon patches to the demand units"
                      "{year}: the {shown} strongest of {total} links, carrying {share} % of the delivered "
                      "flow; line width and opacity by flow, the strongest drawn on top. Every link is in "
                      "flow_links.gpkg.")
            maps[-1].caption = text.format(year=f" ({labels[0]})" if labels[0] else "", shown=shown.get("links", 0),
                                           total=shown.get("total", 0), share=f"{100 * shown.get('share', 0):.0f}")
    if os.path.exists(os.path.join(staging, "restoration_sites.gpkg")):
        def site_layers():
            sites = restoration_sites_layer(os.path.join(staging, "restoration_sites.gpkg"), tr("Restoration sites"))
            if sites is None:
                return [], []
            patches = vector_layer(os.path.join(staging, "sink_patches.gpkg"), tr("Blue-carbon patches"))
            if patches is not None:
                single_fill(patches, "#a6dba0", "#5aae61", 0.05)
            return [sites, patches, backdrop(len(sources) - 1)], [sites, patches]
        draw("map_restoration.png", "restoration",
             tr("Candidate restoration sites on the latest map: those the portfolio picks within the budget, the other "
                "candidates, and the blue-carbon patches of the first date."), site_layers)
    data.maps = maps


def _palette(scheme: Any, legend: Any) -> list:
    """(raster value, name, colour) of every value present, from the legend (or the class)."""
    out = []
    for i, members in enumerate(scheme.members):
        for value in members:
            entry = legend.entry(value) if value in legend else None
            out.append((value, entry.name if entry else scheme.names[i],
                        (entry.color if entry else None) or scheme.colors[i]))
    return out


def _pair(layer: Any) -> tuple:
    return ([layer], [layer]) if layer is not None else ([], [])


def _with_backdrop(layer: Any, backdrop: Any) -> tuple:
    if layer is None:
        return [], []
    return [layer, backdrop], [layer]
