"""The charts of the report and of the results dashboard, drawn with matplotlib (no pyplot, no GUI).

Every chart is drawn by a ``draw_*`` function that takes a matplotlib :class:`~matplotlib.figure.Figure` and
plain tables (``{column: values}`` as the engine writes them) and returns True when it drew something, False
(leaving the figure empty) when the tables hold nothing to draw. The report calls the PNG functions
(:func:`sink_by_ecosystem`, …), which make an Agg figure (thread-safe enough), draw it and save it, returning
the path or None; the dashboard (``ui/dashboard.py``) calls the ``draw_*`` functions with its Qt canvas's
figure. Units are in the axis labels; intervals are the Monte Carlo p05–p95 columns.

No mathtext anywhere (no ``$…$`` labels, plain tick labels on log axes, '$' in user text escaped): with
mathtext tick labels the QGIS Python process crashed at exit (segmentation fault at interpreter shutdown,
seen under pytest-qgis with QGIS 3.22 and matplotlib 3.6).

Texts are translated with ``_`` (see :mod:`.i18n`: the caller draws inside its ``translation`` context) and
drawn with DejaVu Sans, falling back to an installed CJK font (:func:`font_families`) so Chinese labels and
class names do not show as boxes.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import threading
from typing import Callable, Mapping, Optional, Sequence

import numpy as np

from .i18n import _, ecosystem_label, language
from .tables import Columns, is_number, number, rows
from ..parameters import CO2_PER_C

ECOSYSTEM_COLOURS = {
    "mangrove": "#1b7837",
    "salt_marsh": "#7fbc41",
    "seagrass": "#2166ac",
    "tidal_flat": "#bf812d",
    "other_wetland": "#80cdc1",
}
UNALLOCATED_COLOUR = "#c8c8c8"
SATURATED_COLOUR = "#8c8c8c"
DATE_COLOURS = ("#2c7fb8", "#f28e2b", "#59a14f", "#b07aa1")
DPI = 150
# Chart sizes, for the width the page shows them at (report.css: a 1,100 px page, print A4): a full-width chart
# is FULL_WIDTH inches, one of a side-by-side pair HALF_WIDTH; fonts are in points at that size, so a tick label
# shows at about 12–15 px on screen and 7–8 pt on paper, never smaller.
FULL_WIDTH = 8.0
HALF_WIDTH = 5.2
TICK_FONT = 9
LABEL_FONT = 9.5
TITLE_FONT = 10.5
LEGEND_FONT = 8.5
BASE_FONT = "DejaVu Sans"  # matplotlib's own font: Latin, Greek, symbols
CJK_FAMILIES = (  # Chinese-capable fonts, preferred first (only the installed ones are used)
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei", "Microsoft YaHei", "PingFang SC", "Hiragino Sans GB", "Heiti SC", "SimHei",
    "Noto Sans CJK JP", "Noto Sans CJK TC", "Droid Sans Fallback", "AR PL UMing CN", "Arial Unicode MS",
)
CJK_FILE_HINTS = ("notosanscjk", "notosanssc", "sourcehansans", "wqy", "msyh", "simhei", "pingfang",
                  "droidsansfallback", "uming", "arialuni")
_FONT_LOCK = threading.Lock()
_FONTS: Optional[list] = None


def font_families() -> list[str]:
    """Font family list of the charts: DejaVu Sans, then the installed CJK fonts (Debian: fonts-noto-cjk or
    fonts-wqy-microhei).

    A CJK font installed after matplotlib built its font cache is not in the cache: it is then looked up among
    the system fonts and added (once per process).
    """
    global _FONTS
    with _FONT_LOCK:
        if _FONTS is None:
            from matplotlib import font_manager

            def installed() -> list[str]:
                names = {f.name for f in font_manager.fontManager.ttflist}
                return [f for f in CJK_FAMILIES if f in names]

            cjk = installed()
            if not cjk:
                with contextlib.suppress(Exception):  # no font directories: keep the base font
                    for path in font_manager.findSystemFonts():
                        name = os.path.basename(path).lower().replace("-", "").replace("_", "")
                        if any(hint in name for hint in CJK_FILE_HINTS):
                            with contextlib.suppress(Exception):  # an unreadable font file: skip it
                                font_manager.fontManager.addfont(path)
                cjk = installed()
            _FONTS = [BASE_FONT] + cjk
        return list(_FONTS)


def _plain(text: object) -> str:
    """User text for a chart label: a '$' would switch matplotlib to mathtext (see the module docstring)."""
    return str(text).replace("$", r"\$")


_UNESCAPED_DOLLAR = re.compile(r"(?<!\\)\$")


def _figure(width_in: float, height_in: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width_in, height_in), dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


def _glyph_fallback() -> bool:
    """True when matplotlib takes a glyph the first family lacks from the next one (matplotlib ≥ 3.6)."""
    import matplotlib

    try:
        major, minor = (int(part) for part in matplotlib.__version__.split(".")[:2])
    except ValueError:  # an unusual version string: assume a recent matplotlib
        return True
    return (major, minor) >= (3, 6)


def _chart_families() -> list[str]:
    """The fonts of a chart drawn now: :func:`font_families`; before matplotlib 3.6 (one font per text) the
    CJK font comes first when the chart is in Chinese."""
    families = font_families()
    if len(families) > 1 and language().lower().startswith("zh") and not _glyph_fallback():
        families = families[1:2] + families[:1] + families[2:]
    return families


def _finish(fig) -> None:
    """Every text of the figure in the chart fonts, with any '$' escaped (a translation never turns on mathtext).

    Tick labels made later (a resized Qt canvas) copy the fonts of the first tick.
    """
    from matplotlib.text import Text

    families = _chart_families()
    for text in fig.findobj(Text):
        text.set_fontfamily(families)
        content = text.get_text()
        if "$" in content:
            text.set_text(_UNESCAPED_DOLLAR.sub(r"\\$", content))


def _save(fig, path: str) -> str:
    fig.tight_layout()
    fig.savefig(path, format="png", dpi=DPI, facecolor="white")
    return path


def _png(draw: Callable[..., bool], size: tuple[float, float], path: str, *args, **kwargs) -> Optional[str]:
    """Draw a chart on an Agg figure of ``size`` inches and save it as PNG: the path, or None when nothing was drawn."""
    fig = _figure(*size)
    return _save(fig, path) if draw(fig, *args, **kwargs) else None


def _style(ax, grid: str = "y") -> None:
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    ax.grid(axis=grid, color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.tick_params(labelsize=TICK_FONT)


def thousands(value: float, _pos: object = None) -> str:
    """An axis tick with thousands separators (12,000; 0.5; −3,500), never an exponent."""
    if value == 0:
        return "0"
    if abs(value) >= 1000 or float(value).is_integer():
        return f"{value:,.0f}".replace("-", "−")
    return f"{value:,.6g}".replace("-", "−")


def _grouped(ax, axis: str = "y") -> None:
    """Ticks of a linear axis with thousands separators."""
    from matplotlib.ticker import FuncFormatter

    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(FuncFormatter(thousands))


def _errors(values: np.ndarray, low: np.ndarray, high: np.ndarray) -> Optional[np.ndarray]:
    """Error bar lengths (2 × n) from an interval, None when no interval is known."""
    if not (np.isfinite(low).any() and np.isfinite(high).any()):
        return None
    lo = np.where(np.isfinite(low), np.maximum(values - low, 0.0), 0.0)
    hi = np.where(np.isfinite(high), np.maximum(high - values, 0.0), 0.0)
    return np.vstack([lo, hi])


def _column(records: Sequence[Mapping], key: str) -> np.ndarray:
    return np.array([number(r.get(key)) for r in records], dtype=float)


# -- the charts: draw_*(figure, tables) -> drawn?, and the report's PNG of each -----------------------


def draw_sink_by_ecosystem(fig, tables: Sequence[tuple[str, Columns]]) -> bool:
    """Area (ha) and annual sequestration (t CO₂e/yr, p05–p95 error bars) per ecosystem, one bar per date.

    ``tables``: (date label, sink table) per date.
    """
    per_date = [(label, [r for r in rows(t) if str(r.get("ecosystem")) != "total"]) for label, t in tables if t]
    per_date = [(label, recs) for label, recs in per_date if recs]
    if not per_date:
        return False
    ecosystems = list(dict.fromkeys(str(r["ecosystem"]) for _date, recs in per_date for r in recs))
    panels = (
        ("area_ha", None, None, _("Area (ha)")),
        ("sequestration_tCO2e_yr", "sequestration_tCO2e_yr_p05", "sequestration_tCO2e_yr_p95",
         _("Annual sequestration (t CO₂e/yr), 90 % interval")),
    )
    x = np.arange(len(ecosystems))
    width = 0.8 / len(per_date)
    for k, (key, low_key, high_key, title) in enumerate(panels):
        ax = fig.add_subplot(1, 2, k + 1)
        for d, (label, recs) in enumerate(per_date):
            by_eco = {str(r["ecosystem"]): r for r in recs}
            vals = np.array([number(by_eco.get(e, {}).get(key)) for e in ecosystems])
            err = None
            if low_key:
                low = np.array([number(by_eco.get(e, {}).get(low_key)) for e in ecosystems])
                high = np.array([number(by_eco.get(e, {}).get(high_key)) for e in ecosystems])
                err = _errors(vals, low, high)
            offset = (d - (len(per_date) - 1) / 2) * width
            colours = [ECOSYSTEM_COLOURS.get(e, "#888888") for e in ecosystems] if len(per_date) == 1 else DATE_COLOURS[d % 4]
            ax.bar(x + offset, np.nan_to_num(vals), width * 0.95, color=colours, yerr=err, capsize=3,
                   error_kw={"elinewidth": 0.9, "ecolor": "#333333"}, label=label or None)
        ax.set_xticks(x)
        ax.set_xticklabels([ecosystem_label(e) for e in ecosystems])
        ax.set_title(title, fontsize=TITLE_FONT)
        _style(ax)
        _grouped(ax)
        if len(per_date) > 1 and k == 0:
            ax.legend(fontsize=LEGEND_FONT, frameon=False)
    _finish(fig)
    return True


def sink_by_ecosystem(tables: Sequence[tuple[str, Columns]], path: str) -> Optional[str]:
    """:func:`draw_sink_by_ecosystem` as a PNG file."""
    return _png(draw_sink_by_ecosystem, (FULL_WIDTH, 3.8), path, tables)


def draw_patch_size_distribution(fig, samples: Sequence[tuple[str, Mapping[str, Sequence[float]]]]) -> bool:
    """Patch-size distribution: number of patches per size class (log bins) and cumulative share of area.

    ``samples``: (date label, {ecosystem: patch areas in ha}) per date.
    """
    series = []
    for label, by_eco in samples:
        for eco, areas in by_eco.items():
            a = np.array([number(v) for v in areas], dtype=float)
            a = a[np.isfinite(a) & (a > 0)]
            if a.size:
                series.append((label, eco, a))
    if not series:
        return False
    low = min(float(a.min()) for _date, _eco, a in series)
    high = max(float(a.max()) for _date, _eco, a in series)
    if high <= low:
        high = low * 10
    first, last = math.floor(math.log10(low)), math.ceil(math.log10(high))
    bins = np.logspace(first, last, 4 * (last - first) + 1)  # four bins per decade
    ax1 = fig.add_subplot(1, 2, 1)
    ax2 = fig.add_subplot(1, 2, 2)
    styles = ("-", "--", ":", "-.")
    dates = list(dict.fromkeys(label for label, _eco, _areas in series))
    for label, eco, a in series:
        ls = styles[dates.index(label) % 4]
        colour = ECOSYSTEM_COLOURS.get(eco, "#888888")
        name = ecosystem_label(eco) + (f" {label}" if len(dates) > 1 and label else "")
        counts, edges = np.histogram(a, bins=bins)
        ax1.stairs(counts, edges, color=colour, linestyle=ls, linewidth=1.4, label=name)
        order = np.sort(a)
        ax2.step(order, np.cumsum(order) / order.sum() * 100, where="post", color=colour, linestyle=ls, label=name)
    ax1.set_xscale("log")
    ax1.set_xlabel(_("Patch area (ha, log scale)"), fontsize=LABEL_FONT)
    ax1.set_ylabel(_("Number of patches"), fontsize=LABEL_FONT)
    ax1.set_title(_("Patches per size class"), fontsize=TITLE_FONT)
    ax2.set_xscale("log")
    ax2.set_xlabel(_("Patch area (ha, log scale)"), fontsize=LABEL_FONT)
    ax2.set_ylabel(_("Share of area in patches ≤ x (%)"), fontsize=LABEL_FONT)
    ax2.set_title(_("Cumulative share of area"), fontsize=TITLE_FONT)
    from matplotlib.ticker import FuncFormatter, NullFormatter

    for ax in (ax1, ax2):
        # plain tick labels (0.01, 1, 100): the default log labels go through mathtext, which loads more fonts
        ax.xaxis.set_major_formatter(FuncFormatter(thousands))
        ax.xaxis.set_minor_formatter(NullFormatter())
        _style(ax)
        _grouped(ax)
    ax1.legend(fontsize=LEGEND_FONT, frameon=False)
    _finish(fig)
    return True


def patch_size_distribution(samples: Sequence[tuple[str, Mapping[str, Sequence[float]]]], path: str) -> Optional[str]:
    """:func:`draw_patch_size_distribution` as a PNG file."""
    return _png(draw_patch_size_distribution, (FULL_WIDTH, 3.6), path, samples)


def _comparable(tables: Sequence[tuple[str, Columns]], metrics: Sequence[tuple[str, str]]) -> tuple[list, list]:
    """The dates that have a class table, and the metrics all of them have."""
    tables = [(label, t) for label, t in tables if t]
    return tables, [(k, title) for k, title in metrics if all(k in t for _date, t in tables)]


def draw_metrics_between_dates(
    fig,
    tables: Sequence[tuple[str, Columns]],
    classes: Sequence[tuple[object, str]],
    metrics: Sequence[tuple[str, str]],
) -> bool:
    """Small multiples: one panel per class metric, one bar group per class, one bar per date.

    ``tables``: (date label, class metrics table) per date; ``classes``: (class code, name) of the classes
    shown; ``metrics``: (column, panel title) of the metrics compared (those all the tables have).
    """
    tables, available = _comparable(tables, metrics)
    if len(tables) < 2 or not classes or not available:
        return False
    ncols = 4
    nrows = math.ceil(len(available) / ncols)
    x = np.arange(len(classes))
    width = 0.8 / len(tables)
    for m, (key, title) in enumerate(available):
        ax = fig.add_subplot(nrows, ncols, m + 1)
        for d, (label, table) in enumerate(tables):
            by_class = {str(r.get("class")): r for r in rows(table)}
            vals = np.array([number(by_class.get(str(code), {}).get(key)) for code, _name in classes])
            ax.bar(x + (d - (len(tables) - 1) / 2) * width, np.nan_to_num(vals), width * 0.95,
                   color=DATE_COLOURS[d % 4], label=_plain(label))
        ax.set_title(title, fontsize=LABEL_FONT)
        ax.set_xticks(x)
        ax.set_xticklabels([_plain(name) for _code, name in classes], rotation=20, ha="right")
        _style(ax)
        ax.tick_params(labelsize=TICK_FONT - 1)
        _grouped(ax)
        if m == 0:
            ax.legend(fontsize=LEGEND_FONT - 0.5, frameon=False)
    _finish(fig)
    return True


def metrics_between_dates(
    tables: Sequence[tuple[str, Columns]],
    classes: Sequence[tuple[object, str]],
    metrics: Sequence[tuple[str, str]],
    path: str,
) -> Optional[str]:
    """:func:`draw_metrics_between_dates` as a PNG file (one row of four panels per four metrics)."""
    nrows = math.ceil(len(_comparable(tables, metrics)[1]) / 4)
    return _png(draw_metrics_between_dates, (FULL_WIDTH, 2.5 * nrows + 0.4), path, tables, classes, metrics)


def draw_change_by_period(fig, periods: Columns) -> bool:
    """Accumulation (+), emissions (−) and net sequestration (with its interval) per period, t CO₂e; the axis
    leaves room for three periods at least."""
    recs = [r for r in rows(periods) if str(r.get("period")) != "total"]
    if not recs:
        return False
    names = [str(r["period"]) for r in recs]
    acc = _column(recs, "accumulation_tCO2e")
    emi = _column(recs, "emissions_tCO2e")
    net = _column(recs, "net_sequestration_tCO2e")
    low = _column(recs, "net_sequestration_tCO2e_p05")
    high = _column(recs, "net_sequestration_tCO2e_p95")
    ax = fig.add_subplot(1, 1, 1)
    x = np.arange(len(recs))
    ax.bar(x - 0.2, np.nan_to_num(acc), 0.38, color="#4d9221", label=_("Accumulation"))
    ax.bar(x + 0.2, -np.nan_to_num(emi), 0.38, color="#c51b7d", label=_("Emissions"))
    err = _errors(net, low, high)
    ax.errorbar(x, net, yerr=err, fmt="D", color="#111111", markersize=5, capsize=4, label=_("Net sequestration (90 % interval)"))
    ax.axhline(0, color="#555555", linewidth=0.7)
    pad = 0.5 * max(0, 3 - len(recs))  # room for three periods at least: one period is no wall of colour
    ax.set_xlim(-0.5 - pad, len(recs) - 0.5 + pad)
    ax.set_xticks(x)
    ax.set_xticklabels(names)
    ax.set_ylabel(_("t CO₂e per period"), fontsize=LABEL_FONT)
    _style(ax)
    _grouped(ax)
    ax.legend(fontsize=LEGEND_FONT, frameon=False)
    _finish(fig)
    return True


def change_by_period(periods: Columns, path: str) -> Optional[str]:
    """:func:`draw_change_by_period` as a PNG file."""
    return _png(draw_change_by_period, (HALF_WIDTH, 3.8), path, periods)


def draw_stock_trajectory(fig, stocks: Columns) -> bool:
    """Total carbon stock (t C) at the start of every year, with its interval band when known."""
    if not stocks or "year" not in stocks or "total_stock_tC" not in stocks:
        return False
    year = np.array([number(v) for v in stocks["year"]])
    total = np.array([number(v) for v in stocks["total_stock_tC"]])
    if not np.isfinite(total).any():
        return False
    ax = fig.add_subplot(1, 1, 1)
    if "total_stock_tC_p05" in stocks and "total_stock_tC_p95" in stocks:
        low = np.array([number(v) for v in stocks["total_stock_tC_p05"]])
        high = np.array([number(v) for v in stocks["total_stock_tC_p95"]])
        if np.isfinite(low).any():
            ax.fill_between(year, low, high, color="#9ecae1", alpha=0.6, label=_("90 % interval"))
    ax.plot(year, total, color="#08519c", linewidth=1.6, label=_("Total stock"))
    ax.set_xlabel(_("Year (stock at its start)"), fontsize=LABEL_FONT)
    ax.set_ylabel("t C", fontsize=LABEL_FONT)
    _style(ax)
    _grouped(ax)
    ax.legend(fontsize=LEGEND_FONT, frameon=False)
    _finish(fig)
    return True


def stock_trajectory(stocks: Columns, path: str) -> Optional[str]:
    """:func:`draw_stock_trajectory` as a PNG file."""
    return _png(draw_stock_trajectory, (HALF_WIDTH, 3.8), path, stocks)


def attributed_key(table: Columns) -> str:
    """The column of the flow attributed to demand units: ``attributed_tC_yr``, or ``delivered_tC_yr`` of older runs."""
    return "attributed_tC_yr" if "attributed_tC_yr" in (table or {}) else "delivered_tC_yr"


def _top_patches(patches: Columns, n: int) -> list[dict]:
    """The n patches with the most flow attributed, least first (the bottom bar of a horizontal chart); first date."""
    recs = rows(patches)
    key = attributed_key(patches)
    if "date" in (patches or {}):
        first = min(number(r["date"]) for r in recs) if recs else 1
        recs = [r for r in recs if number(r["date"]) == first]
    recs = [r for r in recs if is_number(r.get(key))]
    recs.sort(key=lambda r: number(r.get(key)), reverse=True)
    return recs[:n][::-1]


def draw_top_patches_by_flow(fig, patches: Columns, n: int = 15) -> bool:
    """The n patches with the most flow attributed to units (t C/yr), their unallocated supply stacked; first date.

    The unallocated supply is split into "no demand in reach" and "demand in reach saturated" when the table
    has the split (runs of the capped allocation).
    """
    top = _top_patches(patches, n)
    if not top:
        return False
    delivered = _column(top, attributed_key(patches))
    split = "unallocated_saturated_tC_yr" in patches
    if split:
        unallocated = np.nan_to_num(_column(top, "unallocated_no_demand_tC_yr"))
        saturated = np.nan_to_num(_column(top, "unallocated_saturated_tC_yr"))
    else:
        unallocated = np.nan_to_num(_column(top, "unallocated_tC_yr"))
        saturated = np.zeros_like(unallocated)
    labels = [f"{r.get('patch_id')} ({ecosystem_label(r.get('ecosystem', ''))})" for r in top]
    colours = [ECOSYSTEM_COLOURS.get(str(r.get("ecosystem")), "#888888") for r in top]
    from matplotlib.patches import Patch

    ax = fig.add_subplot(1, 1, 1)
    y = np.arange(len(top))
    ax.barh(y, delivered, color=colours)
    ax.barh(y, unallocated, left=delivered, color=UNALLOCATED_COLOUR)
    ax.barh(y, saturated, left=delivered + unallocated, color=SATURATED_COLOUR)
    ax.set_yticks(y)
    ax.set_yticklabels(labels)
    ax.set_xlabel(_("t C/yr"), fontsize=LABEL_FONT)
    _style(ax, grid="x")
    _grouped(ax, "x")
    # the legend says what the colours are: delivered flow in the colour of each ecosystem shown, then the grey
    ecosystems = list(dict.fromkeys(str(r.get("ecosystem")) for r in reversed(top)))
    handles = [Patch(color=ECOSYSTEM_COLOURS.get(e, "#888888"),
                     label=_("Attributed to demand units: {ecosystem}").format(ecosystem=ecosystem_label(e)))
               for e in ecosystems]
    if np.any(unallocated > 0):
        handles.append(Patch(color=UNALLOCATED_COLOUR, label=_("Unallocated: no demand in reach")
                             if split else _("Unallocated (no unit in reach)")))
    if np.any(saturated > 0):
        handles.append(Patch(color=SATURATED_COLOUR, label=_("Unallocated: demand in reach saturated")))
    ax.legend(handles=handles, fontsize=LEGEND_FONT, frameon=False, loc="lower right")
    _finish(fig)
    return True


def top_patches_by_flow(patches: Columns, path: str, n: int = 15) -> Optional[str]:
    """:func:`draw_top_patches_by_flow` as a PNG file (its height grows with the number of patches)."""
    return _png(draw_top_patches_by_flow, (FULL_WIDTH, 0.32 * len(_top_patches(patches, n)) + 1.4), path, patches, n)


def portfolio_labels(budget_kind: str = "area") -> dict[str, str]:
    """Axis and title texts of the restoration-portfolio chart (translated in the report's language)."""
    return {
        "x": _("Budget spent (ha)") if budget_kind == "area" else _("Budget spent (cost units)"),
        "carbon": _("Cumulative sequestration gain (t CO2e/yr)"),
        "ec": _("Cumulative EC(PC) gain (ha)"),
        "flow": _("Cumulative flow gain (t CO2e/yr)"),
        "title": _("Restoration portfolio: gain against budget"),
        "empty": _("No site fits in the budget."),
    }


def draw_restoration_portfolio(fig, portfolio: Columns, budget_kind: str = "area",
                               labels: Optional[Mapping[str, str]] = None) -> bool:
    """Cumulative sequestration (and flow, × 44/12) gain on the left axis and EC(PC) gain on the right, as steps
    against the budget spent (ha or cost), from the portfolio table's running totals."""
    recs = rows(portfolio)
    if not recs:
        return False
    labels = {**portfolio_labels(budget_kind), **(labels or {})}
    spent = "cumulative_area_ha" if budget_kind == "area" else "cumulative_cost"
    x = np.r_[0.0, _column(recs, spent)]
    ax = fig.add_subplot(1, 1, 1)
    _style(ax, "both")
    ax.step(x, np.r_[0.0, _column(recs, "cumulative_sequestration_tCO2e_yr")], where="post", color="#1b7837",
            label=labels["carbon"])
    if "cumulative_flow_gain_tC_yr" in recs[0]:
        ax.step(x, np.r_[0.0, _column(recs, "cumulative_flow_gain_tC_yr")] * CO2_PER_C, where="post",
                color="#d95f02", linestyle="--", label=labels["flow"])
        ax.legend(fontsize=LEGEND_FONT, frameon=False, loc="upper left")
    ax.set_xlabel(labels["x"], fontsize=LABEL_FONT)
    ax.set_ylabel(labels["carbon"], color="#1b7837", fontsize=LABEL_FONT)
    ax2 = ax.twinx()
    ax2.step(x, np.r_[0.0, _column(recs, "cumulative_EC_gain_ha")], where="post", color="#2166ac")
    ax2.set_ylabel(labels["ec"], color="#2166ac", fontsize=LABEL_FONT)
    ax2.spines["top"].set_visible(False)
    ax2.tick_params(labelsize=TICK_FONT)
    ax.set_title(labels["title"], fontsize=TITLE_FONT)
    _finish(fig)
    return True


def restoration_portfolio(portfolio: Columns, path: str, budget_kind: str = "area") -> Optional[str]:
    """:func:`draw_restoration_portfolio` as a PNG file."""
    return _png(draw_restoration_portfolio, (FULL_WIDTH, 4.0), path, portfolio, budget_kind)
