"""The assessment report: from the tables of one run (plain columns) to a :class:`Document` with charts.

:class:`AssessmentData` holds what the steps of ``bluecarbon:blueassessment`` wrote (read back from their
CSV files), the inputs and parameters used, and the map images rendered by QGIS. :func:`headline` gives
the key figures (the algorithm returns the same numbers), :func:`build_document` draws the charts and lays
out the sections, :func:`write_assessment_report` writes the page. No qgis import: the maps arrive as
image paths.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Optional, Sequence

from . import charts
from .document import Column, Definitions, Document, Figure, KeyFigure, Paragraph, Raw, Section, Table, esc, write_html
from .formatting import fmt_interval, fmt_number, fmt_share, fmt_significant
from ..parameters import CO2_PER_C
from .i18n import Translate, _, ecosystem_label, identity, translation
from .methods import doc_link, methods_blocks
from .tables import Columns, is_number, n_rows, network_values, number, row_where, rows

BLUE_CARBON = ("mangrove", "salt_marsh", "seagrass")
DEFAULT_TITLE = "Blue carbon assessment"

CLASS_METRICS = (  # area and density, then shape, isolation and aggregation: two tables that fit a page
    (("CA_ha", "CA", "ha"), ("PLAND_pct", "PLAND", "%"), ("NP", "NP", ""), ("PD_per_100ha", "PD", "/100 ha"),
     ("LPI_pct", "LPI", "%"), ("ED_m_per_ha", "ED", "m/ha"), ("AREA_MN_ha", "AREA_MN", "ha"),
     ("AREA_AM_ha", "AREA_AM", "ha")),
    (("SHAPE_MN", "SHAPE_MN", ""), ("ENN_MN_m", "ENN_MN", "m"), ("CAI_MN_pct", "CAI_MN", "%"),
     ("COHESION", "COHESION", ""), ("DIVISION", "DIVISION", ""), ("MESH_ha", "MESH", "ha"), ("AI_pct", "AI", "%")),
)
LANDSCAPE_METRICS = (
    ("TA_ha", "TA", "ha"), ("NP", "NP", ""), ("PD_per_100ha", "PD", "/100 ha"), ("LPI_pct", "LPI", "%"),
    ("ED_m_per_ha", "ED", "m/ha"), ("AREA_MN_ha", "AREA_MN", "ha"), ("CONTAG_pct", "CONTAG", "%"),
    ("PR", "PR", ""), ("SHDI", "SHDI", ""), ("SHEI", "SHEI", ""), ("SIDI", "SIDI", ""), ("AI_pct", "AI", "%"),
)
DATE_METRICS = (
    ("CA_ha", "CA (ha)"), ("NP", "NP"), ("PD_per_100ha", "PD (/100 ha)"), ("LPI_pct", "LPI (%)"),
    ("ED_m_per_ha", "ED (m/ha)"), ("AREA_MN_ha", "AREA_MN (ha)"), ("MESH_ha", "MESH (ha)"), ("AI_pct", "AI (%)"),
)


def network_labels() -> dict[str, str]:
    """Readable labels of the flow indicators (flow_network.csv), in the language of the report being built."""
    return {
        "distance_mode": _("Distance"), "decay": _("Distance decay"), "max_distance_m": _("Maximum distance (m)"),
        "supply_tC_yr": _("Supply (t C/yr)"), "delivered_tC_yr": _("Attributed to demand units (t C/yr)"),
        "attributed_tC_yr": _("Attributed to demand units (t C/yr)"),
        "max_deliverable_tC_yr": _("Most the reach graph can attribute, LP optimum (t C/yr)"),
        "unallocated_no_demand_tC_yr": _("Unallocated: no demand in reach (t C/yr)"),
        "unallocated_saturated_tC_yr": _("Unallocated: demand in reach saturated (t C/yr)"),
        "allocation": _("Allocation"), "source": _("Flow sources"),
        "unallocated_tC_yr": _("Unallocated supply (t C/yr)"), "demand_tC_yr": _("Demand (t C/yr)"),
        "supply_demand_gap_tC_yr": _("Demand − supply (t C/yr)"), "unmet_demand_tC_yr": _("Unmet demand (t C/yr)"),
        "share_of_demand_met": _("Share of demand met"),
        "mean_link_distance_m": _("Mean link distance, flow-weighted (m)"),
        "edge_loss_tC_yr": _("Supply lost to the edge effect (t C/yr)"), "links_e": _("Links e"),
        "link_density": _("Link density e/(nₛn_d)"), "alpha": _("Kansky α"), "beta": _("Kansky β"),
        "gamma": _("Kansky γ"), "supply_nodes": _("Supply nodes (patches with supply)"),
        "demand_nodes": _("Demand nodes (units with demand)"), "nodes_v": _("Nodes v"),
        "components_p": _("Components p"), "cyclomatic_number": _("Cyclomatic number e − v + p"),
        "alpha_bipartite": _("α of a bipartite network"),
        # change between two dates (core.flow.dates): links and patch lineages by status
        "delivered_change_tC_yr": _("Change in attributed flow (t C/yr)"), "links_kept": _("Links kept"),
        "links_lost": _("Links lost"), "links_gained": _("Links gained"),
        "lineages_redirected": _("Lineages redirected"),
        "patches_lost": _("Patches lost"), "patches_split": _("Patches split"), "patches_merged": _("Patches merged"),
        "patches_shrunk": _("Patches shrunk"), "patches_grown": _("Patches grown"),
        "patches_unchanged": _("Patches unchanged"), "patches_new": _("Patches new"),
        "delivered_change_lost_tC_yr": _("Change in attributed flow, patches lost (t C/yr)"),
        "delivered_change_split_tC_yr": _("Change in attributed flow, patches split (t C/yr)"),
        "delivered_change_merged_tC_yr": _("Change in attributed flow, patches merged (t C/yr)"),
        "delivered_change_shrunk_tC_yr": _("Change in attributed flow, patches shrunk (t C/yr)"),
        "delivered_change_grown_tC_yr": _("Change in attributed flow, patches grown (t C/yr)"),
        "delivered_change_unchanged_tC_yr": _("Change in attributed flow, patches unchanged (t C/yr)"),
        "delivered_change_new_tC_yr": _("Change in attributed flow, new patches (t C/yr)"),
    }


@dataclass
class DateResult:
    """What the steps wrote for one land-cover date."""

    label: str  # the year, or '' for a map without a date
    source: str  # the land-cover file analysed
    class_metrics: Columns = field(default_factory=dict)
    landscape_metrics: Columns = field(default_factory=dict)
    sink: Columns = field(default_factory=dict)
    patch_areas: dict = field(default_factory=dict)  # ecosystem → patch areas (ha)


@dataclass
class MapImage:
    """A map rendered by QGIS: image path relative to the page, caption, and the section it belongs to."""

    src: str
    caption: str
    section: str  # 'fragmentation', 'sink', 'change', 'flow' or 'restoration'


@dataclass
class AssessmentData:
    """Everything the report shows, as plain Python values."""

    title: str = DEFAULT_TITLE
    subtitle: str = ""
    created: str = ""
    version: str = ""
    docs_url: str = ""
    inputs: list = field(default_factory=list)  # (label, text)
    classes: Columns = field(default_factory=dict)  # value, name, ecosystem, color, area_ha[, area_ha_2]
    legend_title: str = ""
    legend_source: str = ""
    settings: list = field(default_factory=list)  # {setting, value, unit, origin}
    parameters: list = field(default_factory=list)  # ParameterTable rows as dicts
    parameter_tables: list = field(default_factory=list)  # (title, source)
    dates: list = field(default_factory=list)  # DateResult per date
    blue_classes: list = field(default_factory=list)  # (class code, name) of the blue-carbon classes
    change_periods: Optional[Columns] = None
    change_stocks: Optional[Columns] = None
    change_transition_areas: Optional[Columns] = None
    flow_patches: Optional[Columns] = None
    flow_demand: Optional[Columns] = None
    flow_network: Optional[Columns] = None
    flow_decomposition: Optional[Columns] = None  # core.flow.outputs.decomposition_rows: term, change_tC_yr, share
    restoration_sites: Optional[Columns] = None  # the ranked site layer's attributes, in rank order
    restoration_portfolio: Optional[Columns] = None  # the portfolio table: picks and running totals
    maps: list = field(default_factory=list)  # MapImage
    files: list = field(default_factory=list)  # (relative path, description)
    notes: list = field(default_factory=list)
    draws: int = 0
    seed: int = 1
    price: float = 0.0
    currency: str = ""  # the price's currency code (CURRENCY, e.g. 'USD'), shown with every value
    edge_effect: bool = False
    sink_semantics: str = ""  # core.sink.sink_semantics of each date (labelled with its year): which rates produced the headline


# -- key figures -----------------------------------------------------------------------------------


def _total(table: Optional[Columns], key_column: str = "ecosystem") -> Optional[dict]:
    return row_where(table, key_column, "total") if table else None


def _dated(plain: str, dated: str, date: object) -> str:
    """``dated`` with its ``{date}`` filled in, or ``plain`` when there is no date (both already translated)."""
    return dated.format(date=date) if date else plain


def headline(data: AssessmentData, translate: Translate = identity) -> list[KeyFigure]:
    """The key figures of the run: sink totals of the first date, net change, flows (when computed).

    Labels are translated with ``translate``; keys, values and intervals do not depend on it.
    """
    with translation(translate):
        return _headline(data)


def units_note() -> str:
    """Why the headline figures are in t CO₂e and the tables also in t C (translated)."""
    return _("Headline figures are in tonnes of CO₂ equivalent (t CO₂e = t C × 44/12), the unit of greenhouse-gas "
             "inventories and carbon prices; where the tables and the output files keep tonnes of carbon (t C: stocks, "
             "the edge effect, service flows and demand), the card gives that figure too.")


def money_unit(currency: str, per: str = "") -> str:
    """A currency unit, e.g. 'USD' or 'USD/yr' ('' currency: the per part alone, e.g. 'per yr')."""
    if not currency:
        return _("per yr") if per == "yr" else ""
    return f"{currency}/{per}" if per else currency


def _headline(data: AssessmentData) -> list[KeyFigure]:
    figures: list[KeyFigure] = []
    first = data.dates[0] if data.dates else None
    total = _total(first.sink) if first else None
    when = first.label if first and first.label else ""
    if total:
        figures += [
            KeyFigure("sequestration_tCO2e_yr",
                      _dated(_("Annual sequestration"), _("Annual sequestration ({date})"), when),
                      total.get("sequestration_tCO2e_yr"), _("t CO₂e/yr"), total.get("sequestration_tCO2e_yr_p05"),
                      total.get("sequestration_tCO2e_yr_p95"), alt_value=total.get("sequestration_tC_yr"),
                      alt_unit=_("t C/yr")),
            KeyFigure("total_stock_tCO2e", _dated(_("Carbon stock"), _("Carbon stock ({date})"), when),
                      _co2e(total.get("total_stock_tC")), "t CO₂e", _co2e(total.get("total_stock_tC_p05")),
                      _co2e(total.get("total_stock_tC_p95")), alt_value=total.get("total_stock_tC"), alt_unit="t C"),
            KeyFigure("blue_carbon_patches", _dated(_("Blue-carbon patches"), _("Blue-carbon patches ({date})"), when),
                      total.get("patches"), _("patches")),
            KeyFigure("blue_carbon_area_ha", _dated(_("Blue-carbon area"), _("Blue-carbon area ({date})"), when),
                      total.get("area_ha"), "ha"),
        ]
        if data.edge_effect and is_number(total.get("edge_loss_tC_yr")):
            figures.append(KeyFigure("edge_loss_tCO2e_yr", _("Sequestration lost to patch edges"),
                                     _co2e(total.get("edge_loss_tC_yr")), _("t CO₂e/yr"),
                                     _co2e(total.get("edge_loss_tC_yr_p05")), _co2e(total.get("edge_loss_tC_yr_p95")),
                                     alt_value=total.get("edge_loss_tC_yr"), alt_unit=_("t C/yr")))
        if is_number(total.get("value_per_yr")):
            figures.append(KeyFigure("value_per_yr", _("Value of the annual sequestration"), total.get("value_per_yr"),
                                     money_unit(data.currency, "yr"), total.get("value_per_yr_p05"),
                                     total.get("value_per_yr_p95")))
    change = _total(data.change_periods, "period")
    if change:
        start, end = change.get("start_year"), change.get("end_year")
        figures.append(KeyFigure(
            "net_sequestration_tCO2e", _("Net change of the stock ({start}–{end})").format(start=start, end=end),
            change.get("net_sequestration_tCO2e"), "t CO₂e",
            change.get("net_sequestration_tCO2e_p05"), change.get("net_sequestration_tCO2e_p95"),
            _("accumulation − emissions"),
        ))
        if is_number(change.get("npv_currency")):
            figures.append(KeyFigure("npv", _("Net present value ({start}–{end})").format(start=start, end=end),
                                     change.get("npv_currency"), money_unit(data.currency),
                                     change.get("npv_currency_p05"), change.get("npv_currency_p95")))
    network = network_values(data.flow_network)
    if network:
        figures.append(KeyFigure(
            "delivered_tCO2e_yr",
            _dated(_("Flow attributed to demand units"), _("Flow attributed to demand units ({date})"), when),
            _co2e(network.get("delivered_tC_yr")), _("t CO₂e/yr"), note=flow_note(network),
            alt_value=network.get("delivered_tC_yr"), alt_unit=_("t C/yr")))
        share = network.get("share_of_demand_met")
        if is_number(share):
            figures.append(KeyFigure("share_of_demand_met",
                                     _dated(_("Share of demand met"), _("Share of demand met ({date})"), when),
                                     number(share) * 100, "%"))
    return figures


def flow_note(network: dict) -> str:
    """The attributed flow in context (translated): allocation, the LP optimum and the unallocated split (t C/yr)."""
    parts = []
    if is_number(network.get("max_deliverable_tC_yr")):
        parts.append(_("at most {value} t C/yr can be attributed within reach (LP optimum)").format(
            value=fmt_number(network.get("max_deliverable_tC_yr"))))
    if is_number(network.get("unallocated_saturated_tC_yr")):
        parts.append(_("unallocated: {none} t C/yr with no demand in reach, {full} t C/yr where the demand in reach "
                       "is saturated").format(none=fmt_number(network.get("unallocated_no_demand_tC_yr")),
                                              full=fmt_number(network.get("unallocated_saturated_tC_yr"))))
    method = str(network.get("allocation") or "")
    names = {"capped": _("capped allocation"), "accessible_supply": _("accessible-supply allocation (no capacity)"),
             "aspatial": _("aspatial allocation")}
    if method in names:
        parts.insert(0, names[method])
    return "; ".join(parts)


def _co2e(tonnes_carbon: object) -> object:
    """t C → t CO₂e (× 44/12); what is not a number stays as it is."""
    return number(tonnes_carbon) * CO2_PER_C if is_number(tonnes_carbon) else tonnes_carbon


# -- sections ----------------------------------------------------------------------------------------


def _metric_columns(spec, first: Sequence[Column], table_keys) -> list[Column]:
    return list(first) + [Column(k, label, unit, metric=True) for k, label, unit in spec if k in table_keys]


def _label(date: DateResult, k: int) -> str:
    return date.label or (_("date {n}").format(n=k + 1) if k else "")


def _inputs_section(data: AssessmentData) -> Section:
    blocks: list = [Definitions(list(data.inputs), _("Data and study area"))]
    if n_rows(data.classes):
        keys = [k for k in data.classes if k.startswith("area_ha")]
        records = []
        for r in rows(data.classes):
            colour = r.get("color")
            swatch = ""
            if colour and isinstance(colour, str):
                swatch = f'<span class="swatch" style="background:{esc(colour)}"></span>'
            eco = str(r.get("ecosystem", ""))
            records.append({
                **r,
                "class_html": f"{swatch}{esc(r.get('name', ''))}",
                "ecosystem_label": ecosystem_label(eco),
                "blue": _("yes") if eco in BLUE_CARBON else "",
            })
        columns = [Column("value", _("Value")), Column("class_html", _("Class"), html=True),
                   Column("ecosystem_label", _("Ecosystem")), Column("blue", _("Blue carbon"))]
        for k, key in enumerate(keys):
            label = _label(data.dates[k], k) if k < len(data.dates) else ""
            columns.append(Column(key, _dated(_("Area"), _("Area {date}"), label), "ha"))
        blocks.append(Table(columns, records, caption=_("Classes of the map and their ecosystems (legend)"),
                            row_classes=["total" if r["blue"] else "" for r in records]))
        if data.legend_source:
            source = _("Legend: {legend}. Source: {source}. Classes marked as blue carbon are assessed for their "
                       "sink.").format(legend=data.legend_title, source=data.legend_source)
        else:
            source = _("Legend: {legend}. Classes marked as blue carbon are assessed for their sink.").format(
                legend=data.legend_title)
        blocks.append(Paragraph(source, css_class="note"))
    maps = [Figure(m.src, m.caption, kind="map") for m in data.maps if m.section == "inputs"]
    blocks += maps
    return Section("inputs", _("Inputs"), blocks)


def _badge(text: str, css: str = "badge") -> str:
    return f'<span class="{css}">{esc(text)}</span>'


def _parameters_section(data: AssessmentData) -> Section:
    blocks: list = []
    if data.settings:
        records = [{**s, "origin_html": (_badge(_("you")) if s.get("origin") == "user" else esc(_("default")))}
                   for s in data.settings]
        blocks.append(Table(
            [Column("setting", _("Setting")), Column("value", _("Value")), Column("unit", _("Unit")),
             Column("origin_html", _("Set by"), html=True)],
            records, caption=_("Settings of this run"),
        ))
    if data.parameters:
        present = {str(e) for e in data.classes.get("ecosystem", [])} if data.classes else set()
        shown = [p for p in data.parameters if not present or p.get("ecosystem") in present]
        records = []
        for p in shown:
            low, high, sd = p.get("low"), p.get("high"), p.get("sd")
            if is_number(low) and is_number(high):
                spread = f"{fmt_significant(low)} – {fmt_significant(high)}"
            elif is_number(sd):
                spread = f"± {fmt_significant(sd)} (sd)"
            else:
                spread = ""
            confirmed = _badge(_("yes"), "badge ok") if p.get("confirmed") else _badge(_("no"), "badge no")
            user = _badge(_("user-defined")) if p.get("user_defined") else ""
            records.append({**p, "range": spread, "confirmed_html": confirmed, "user_html": user,
                            "ecosystem_label": ecosystem_label(p.get("ecosystem", ""))})
        blocks.append(Table(
            [Column("ecosystem_label", _("Ecosystem")), Column("parameter", _("Parameter")),
             Column("value", _("Value"), significant=6), Column("unit", _("Unit")), Column("range", _("Range")),
             Column("distribution", _("Distribution")), Column("source", _("Source")),
             Column("confirmed_html", _("Confirmed"), html=True), Column("user_html", _("User-defined"), html=True)],
            records, caption=_("Carbon parameters used (ecosystems of the map)"), compact=True,
            row_classes=["user-defined" if p.get("user_defined") else "" for p in shown],
            note=_("Confirmed: the value was checked against its source. User-defined rows (highlighted) come from "
                   "your own parameter table, not from a shipped preset. The full table, every ecosystem, is in "
                   "{file}.").format(file="parameters.csv"),
        ))
    if data.parameter_tables:
        items = "".join(f"<li><b>{esc(t)}</b>" + (f": {esc(s)}" if s else "") + "</li>" for t, s in data.parameter_tables)
        blocks.append(Paragraph(_("Parameter tables, merged in this order (later ones win):"), css_class="note"))
        blocks.append(Raw(f'<ul class="files">{items}</ul>'))
    return Section("parameters", _("Parameters and their sources"), blocks)


def _fragmentation_section(data: AssessmentData, files_dir: str, files_url: str) -> Section:
    blocks: list = []
    codes = [str(code) for code, _name in data.blue_classes]
    class_records, class_rows_css = [], []
    keys: set = set()
    for k, date in enumerate(data.dates):
        keys |= set(date.class_metrics)
        for r in rows(date.class_metrics):
            if str(r.get("class")) in codes or (not codes and str(r.get("ecosystem")) in BLUE_CARBON):
                class_records.append({**r, "date": _label(date, k),
                                      "ecosystem_label": ecosystem_label(r.get("ecosystem", ""))})
                class_rows_css.append("")
    if class_records:
        first = [Column("name", _("Class")), Column("ecosystem_label", _("Ecosystem"))]
        if len(data.dates) > 1:
            first.insert(0, Column("date", _("Date")))
        class_records.sort(key=lambda r: (str(r.get("class")), str(r.get("date"))))
        captions = (_("Class metrics of the blue-carbon classes: area and density (FRAGSTATS definitions)"),
                    _("Class metrics of the blue-carbon classes: shape, isolation and aggregation"))
        for spec, caption in zip(CLASS_METRICS, captions):
            if any(k in keys for k, _label_, _unit in spec):
                blocks.append(Table(_metric_columns(spec, first, keys), class_records, caption=caption, compact=True))
    land_records = [{**r, "date": _label(d, k)} for k, d in enumerate(data.dates) for r in rows(d.landscape_metrics)]
    if land_records:
        first = [Column("date", _("Date"))] if len(data.dates) > 1 else []
        lkeys = set().union(*(set(d.landscape_metrics) for d in data.dates))
        blocks.append(Table(_metric_columns(LANDSCAPE_METRICS, first, lkeys), land_records,
                            caption=_("Landscape metrics (all classes)"), compact=True))
    blocks.append(Paragraph(_(
        "CA class area, PLAND share of the landscape, NP number of patches, PD patch density, LPI largest patch index, "
        "ED edge density, AREA_MN / AREA_AM mean and area-weighted mean patch area, SHAPE_MN mean shape index, ENN_MN "
        "mean nearest-neighbour distance, CAI_MN mean core-area index, COHESION patch cohesion, DIVISION landscape "
        "division, MESH effective mesh size, AI aggregation index; CONTAG contagion, PR patch richness, SHDI/SHEI "
        "Shannon diversity/evenness, SIDI Simpson diversity."), css_class="note"))
    figures = []
    sizes = [(_label(d, k), d.patch_areas) for k, d in enumerate(data.dates) if d.patch_areas]
    path = charts.patch_size_distribution(sizes, os.path.join(files_dir, "chart_patch_sizes.png"))
    if path:
        figures.append(Figure(f"{files_url}/chart_patch_sizes.png", _(
            "Patch-size distribution of the blue-carbon ecosystems: number of patches per size class (left) and the "
            "cumulative share of each ecosystem's area held in patches up to a size (right).")))
    if len(data.dates) > 1:
        path = charts.metrics_between_dates(
            [(_label(d, k), d.class_metrics) for k, d in enumerate(data.dates)], data.blue_classes, DATE_METRICS,
            os.path.join(files_dir, "chart_fragmentation_dates.png"),
        )
        if path:
            figures.append(Figure(f"{files_url}/chart_fragmentation_dates.png",
                                  _("Fragmentation metrics of the blue-carbon classes at both dates.")))
    blocks += figures
    blocks += [Figure(m.src, m.caption, kind="map") for m in data.maps if m.section == "fragmentation"]
    return Section("fragmentation", _("Fragmentation"), blocks)


def _sink_columns(price: bool, currency: str = "") -> list[Column]:
    cols = [
        Column("ecosystem_label", _("Ecosystem")), Column("patches", _("Patches")), Column("area_ha", _("Area"), "ha"),
        Column("edge_area_ha", _("Edge area"), "ha"), Column("total_stock_tC", _("Stock"), "t C"),
        Column("stock_interval", _("Stock, 90 % interval"), "t C"),
        Column("sequestration_tC_yr", _("Sequestration"), _("t C/yr")),
        Column("sequestration_tCO2e_yr", _("Sequestration"), _("t CO₂e/yr")),
        Column("sequestration_interval", _("Sequestration, 90 % interval"), _("t CO₂e/yr")),
        Column("edge_loss_tC_yr", _("Loss to edge effect"), _("t C/yr")),
    ]
    if price:
        cols += [Column("value_per_yr", _("Value"), money_unit(currency, "yr")),
                 Column("value_interval", _("Value, 90 % interval"), money_unit(currency, "yr"))]
    return cols


def _sink_records(table: Columns) -> tuple[list[dict], list[str]]:
    records, css = [], []
    for r in rows(table):
        eco = str(r.get("ecosystem"))
        records.append({
            **r,
            "ecosystem_label": _("Total") if eco == "total" else charts.ecosystem_label(eco),
            "stock_interval": fmt_interval(r.get("total_stock_tC_p05"), r.get("total_stock_tC_p95")),
            "sequestration_interval": fmt_interval(r.get("sequestration_tCO2e_yr_p05"), r.get("sequestration_tCO2e_yr_p95")),
            "value_interval": fmt_interval(r.get("value_per_yr_p05"), r.get("value_per_yr_p95")),
        })
        css.append("total" if eco == "total" else "")
    return records, css


def _sink_section(data: AssessmentData, files_dir: str, files_url: str) -> Section:
    blocks: list = []
    for k, date in enumerate(data.dates):
        if not n_rows(date.sink):
            continue
        records, css = _sink_records(date.sink)
        price = "value_per_yr" in date.sink
        label = _label(date, k)
        caption = _dated(_("Carbon stock and annual sequestration per ecosystem"),
                         _("Carbon stock and annual sequestration per ecosystem, {date}"), label)
        note = _("90 % interval: 5th–95th percentile of the Monte Carlo draws ({draws} draws, seed {seed}); “no "
                 "uncertainty sourced” where no parameter of the total has a range, – where no draws were made. "
                 "Sequestration is given in t C/yr, the unit of the parameter tables, and in t CO₂e/yr (× 44/12), the "
                 "unit of emission inventories and prices.").format(draws=data.draws, seed=data.seed)
        blocks.append(Table(_sink_columns(price, data.currency), records, row_classes=css, compact=True, caption=caption, note=note))
    path = charts.sink_by_ecosystem([(_label(d, k), d.sink) for k, d in enumerate(data.dates)],
                                    os.path.join(files_dir, "chart_sink.png"))
    if path:
        blocks.append(Figure(f"{files_url}/chart_sink.png",
                             _("Area and annual sequestration per ecosystem; error bars: 90 % Monte Carlo interval.")))
    blocks += [Figure(m.src, m.caption, kind="map") for m in data.maps if m.section == "sink"]
    return Section("sink", _("Carbon sink capacity"), blocks)


def _change_section(data: AssessmentData, files_dir: str, files_url: str) -> Section:
    periods = data.change_periods or {}
    blocks: list = []
    records, css = [], []
    for r in rows(periods):
        total = str(r.get("period")) == "total"
        records.append({
            **r,
            "period_label": _("Total") if total else r.get("period"),
            "net_interval": fmt_interval(r.get("net_sequestration_tCO2e_p05"), r.get("net_sequestration_tCO2e_p95")),
            "npv_interval": fmt_interval(r.get("npv_currency_p05"), r.get("npv_currency_p95")),
        })
        css.append("total" if total else "")
    columns = [
        Column("period_label", _("Period")), Column("years", _("Length (years)")), Column("driven_by", _("Driven by")),
        Column("accumulation_tCO2e", _("Accumulation"), "t CO₂e"), Column("emissions_tCO2e", _("Emissions"), "t CO₂e"),
        Column("net_sequestration_tCO2e", _("Net sequestration"), "t CO₂e"),
        Column("net_interval", _("Net, 90 % interval"), "t CO₂e"),
    ]
    if "npv_currency" in periods:
        columns += [Column("npv_currency", _("NPV"), money_unit(data.currency)),
                    Column("npv_interval", _("NPV, 90 % interval"), money_unit(data.currency))]
    blocks.append(Table(columns, records, row_classes=css, compact=True,
                        caption=_("Accumulation, emissions, net sequestration and value per period")))
    action_keys = [k for k in ("accum_ha", "low_disturb_ha", "med_disturb_ha", "high_disturb_ha", "ncc_ha") if k in periods]
    changed = [r for r in records if str(r.get("period")) != "total" and any(is_number(r.get(k)) for k in action_keys)]
    if changed:
        labels = {"accum_ha": _("Accumulate"), "low_disturb_ha": _("Low-impact disturbance"),
                  "med_disturb_ha": _("Medium-impact disturbance"), "high_disturb_ha": _("High-impact disturbance"),
                  "ncc_ha": _("No carbon change")}
        blocks.append(Table([Column("period_label", _("Period")), Column("driven_by", _("Driven by"))]
                            + [Column(k, labels[k], "ha") for k in action_keys], changed, compact=True,
                            caption=_("Area changing class at the start of each period, by carbon action")))
    last = [r for r in rows(periods) if str(r.get("period")) != "total"]
    if len(last) == 1 and str(last[0].get("driven_by")) == "baseline":
        blocks.append(Paragraph(_(
            "Only the baseline period was computed: a change between the maps takes effect in the year of the later "
            "map, so its emissions and accumulation show only in the periods after it. Give an analysis year after "
            "the last map to follow them."), css_class="warning"))
    trans = data.change_transition_areas
    if n_rows(trans):
        blue = [{**r, "from_year": _year(r.get("from_year")), "to_year": _year(r.get("to_year"))}
                for r in rows(trans) if str(r.get("from_ecosystem")) in BLUE_CARBON]
        to_keys = [k for k in trans if k.startswith("to_") and k.endswith("_ha")
                   and any(is_number(r.get(k)) and number(r.get(k)) > 0 for r in blue)]
        names = {str(v): str(n) for v, n in zip(data.classes.get("value", []), data.classes.get("name", []))}
        if blue and to_keys:
            cols = [Column("from_year", _("From")), Column("to_year", _("To")), Column("from_name", _("Class"))]
            cols += [Column(k, "→ " + names.get(k[3:-3], k[3:-3]), "ha") for k in to_keys]
            blocks.append(Table(cols, blue, compact=True,
                                caption=_("Where the blue-carbon classes went (transition areas)")))
    figures = []
    if charts.change_by_period(periods, os.path.join(files_dir, "chart_change.png")):
        figures.append(Figure(f"{files_url}/chart_change.png", _(
            "Accumulation, emissions and net sequestration per period (t CO₂e); the diamond's bar is the 90 % "
            "interval.")))
    if charts.stock_trajectory(data.change_stocks or {}, os.path.join(files_dir, "chart_stocks.png")):
        figures.append(Figure(f"{files_url}/chart_stocks.png",
                              _("Total carbon stock of the map at the start of each year.")))
    if figures:
        blocks.append(figures if len(figures) > 1 else figures[0])
    blocks += [Figure(m.src, m.caption, kind="map") for m in data.maps if m.section == "change"]
    return Section("change", _("Carbon change between dates"), blocks)


def _flow_section(data: AssessmentData, files_dir: str, files_url: str) -> Section:
    blocks: list = []
    blocks.append(Paragraph(_(
        "Flows, supply and demand are in t C/yr, the unit of the demand data and of the flow files; multiply by 44/12 "
        "for t CO₂e/yr, the unit of the key figures."), css_class="note"))
    blocks.append(Paragraph(_(
        "Flows are attributed to the demand units by a convention of local offsetting: CO₂ uptake benefits everyone "
        "through the atmosphere, and nothing is transported."), css_class="note"))
    net = data.flow_network or {}
    summary = _flow_summary(network_values(net))
    if summary:
        blocks.append(Definitions(summary, _("Attributed flow and unallocated supply")))
    if n_rows(net):
        two = "date_1" in net
        labels = network_labels()
        records = [{**r, "indicator_label": indicator_label(r.get("indicator"), labels)} for r in rows(net)]
        for r in records:
            if str(r.get("indicator")) == "share_of_demand_met":
                for key in ("value", "date_1", "date_2", "change"):
                    if is_number(r.get(key)):
                        r[key] = fmt_share(r[key])
        cols = [Column("indicator_label", _("Indicator"))]
        names = _date_names(data)
        cols += [Column("date_1", names[0]), Column("date_2", names[1]), Column("change", _("Change"))] if two else [
            Column("value", _("Value"))]
        blocks.append(Table(cols, records, caption=_("Flow totals and network indices"), compact=True))
    decomposition = data.flow_decomposition or {}
    if n_rows(decomposition):
        blocks.append(_decomposition_table(decomposition))
    patches = data.flow_patches or {}
    if n_rows(patches):
        key = charts.attributed_key(patches)
        recs = [r for r in rows(patches) if is_number(r.get(key))]
        if "date" in patches:
            first = min(number(r["date"]) for r in recs) if recs else 1
            recs = [r for r in recs if number(r["date"]) == first]
        recs.sort(key=lambda r: number(r.get(key)), reverse=True)
        top = [{**r, "ecosystem_label": charts.ecosystem_label(r.get("ecosystem", ""))} for r in recs[:10]]
        unallocated = [Column("unallocated_tC_yr", _("Unallocated"), _("t C/yr"))]
        if "unallocated_saturated_tC_yr" in patches:
            unallocated = [Column("unallocated_no_demand_tC_yr", _("Unallocated, no demand in reach"), _("t C/yr")),
                           Column("unallocated_saturated_tC_yr", _("Unallocated, demand saturated"), _("t C/yr"))]
        blocks.append(Table(
            [Column("patch_id", _("Patch")), Column("ecosystem_label", _("Ecosystem")), Column("area_ha", _("Area"), "ha"),
             Column("supply_tC_yr", _("Supply"), _("t C/yr")), Column(key, _("Attributed"), _("t C/yr")),
             *unallocated, Column("n_beneficiaries", _("Units served")),
             Column("main_beneficiary", _("Main unit")), Column("mean_distance_m", _("Mean distance"), "m")],
            top, compact=True,
            caption=_("The {n} patches with the most flow attributed to demand units (of {total})").format(
                n=len(top), total=len(recs)),
        ))
    demand = data.flow_demand or {}
    if n_rows(demand):
        recs = rows(demand)
        cols = [Column("unit_id", _("Unit"))]
        if "date" in demand and len({str(r.get("date")) for r in recs}) > 1:
            names = _date_names(data)
            for r in recs:
                k = int(number(r["date"])) if is_number(r.get("date")) else 0
                r["date_label"] = names[k - 1] if 1 <= k <= len(names) else r.get("date")
            cols.insert(0, Column("date_label", _("Date")))
        if "name" in demand:
            cols.append(Column("name", _("Name")))
        for r in recs:
            r["share_met_text"] = fmt_share(r.get("share_met"))
        cols += [Column("demand_tC_yr", _("Demand"), _("t C/yr")),
                 Column("received_tC_yr", _("Attributed"), _("t C/yr")),
                 Column("balance_tC_yr", _("Balance"), _("t C/yr")), Column("esdr", "ESDR"),
                 Column("share_met_text", _("Demand met")), Column("n_suppliers", _("Patches serving"))]
        if "departure_from_aspatial_tC_yr" in demand:
            cols.insert(len(cols) - 1, Column("departure_from_aspatial_tC_yr", _("Departure from aspatial"),
                                              _("t C/yr")))
        shown = recs[:40]
        note = "" if len(recs) <= 40 else _("First {n} of {total} units; all are in {file}.").format(
            n=40, total=len(recs), file="flow_demand.csv")
        blocks.append(Table(cols, shown, compact=True, caption=_("Demand units and their balance"), note=note))
    if charts.top_patches_by_flow(patches, os.path.join(files_dir, "chart_flow_patches.png")):
        blocks.append(Figure(f"{files_url}/chart_flow_patches.png",
                             _("Patches with the most flow attributed to the demand units, with their unallocated "
                               "supply (no demand in reach, or the demand in reach saturated).")))
    blocks += [Figure(m.src, m.caption, kind="map") for m in data.maps if m.section == "flow"]
    return Section("flow", _("Carbon-sequestration service flows"), blocks)


TOP_SITES = 10
"""Sites listed in the report's restoration table (all are in the site layer)."""


def _restoration_section(data: AssessmentData, files_dir: str, files_url: str) -> Section:
    """The ranked candidate sites (top of the site layer) and the greedy portfolio, as the restoration step wrote them."""
    blocks: list = [Paragraph(_(
        "Candidate sites are the restorable cells grouped into areas, each restored to the target ecosystem. Gains: "
        "annual sequestration at the restored rate, the rise of the equivalent connected area EC(PC) of the habitat "
        "network and, with demand units, the rise of the flow attributed to them. Rank 1 has the highest score; the "
        "portfolio picks, within the budget, the site with the largest marginal gain per hectare, recomputing the "
        "gains after each pick."), css_class="note")]
    sites = data.restoration_sites or {}
    portfolio = data.restoration_portfolio or {}
    picks = rows(portfolio)
    summary = [(_("Candidate sites"), fmt_number(n_rows(sites))), (_("Sites in the portfolio"), fmt_number(len(picks)))]
    if picks:
        last = picks[-1]
        co2e_yr, c_yr = _("t CO₂e/yr"), _("t C/yr")
        summary += [
            (_("Portfolio area"), f"{fmt_number(last.get('cumulative_area_ha'))} ha"),
            (_("Sequestration gain of the portfolio"),
             f"{fmt_number(last.get('cumulative_sequestration_tCO2e_yr'))} {co2e_yr}"),
            (_("EC(PC) gain of the portfolio"), f"{fmt_number(last.get('cumulative_EC_gain_ha'))} ha"),
        ]
        if "cumulative_flow_gain_tC_yr" in last:
            summary.append((_("Flow gain of the portfolio"),
                            f"{fmt_number(last.get('cumulative_flow_gain_tC_yr'))} {c_yr}"))
    blocks.append(Definitions(summary, _("Restoration portfolio")))
    recs = rows(sites)
    if recs:
        with_cost = any(is_number(r.get("cost")) for r in recs)
        cols = [Column("rank", _("Rank")), Column("site_id", _("Site")), Column("area_ha", _("Area"), "ha"),
                Column("sequestration_tCO2e_yr", _("Sequestration gain"), _("t CO₂e/yr")),
                Column("EC_gain_ha", _("EC(PC) gain"), "ha"),
                Column("dPC_connector_pct", _("Connector share of dPC"), "%")]
        if "flow_gain_tC_yr" in sites:
            cols.append(Column("flow_gain_tC_yr", _("Flow gain"), _("t C/yr")))
        if with_cost:
            cols.append(Column("cost", _("Cost")))
        cols += [Column("score", _("Score")), Column("pareto", _("Pareto")), Column("pick_order", _("Pick"))]
        top = recs[:TOP_SITES]
        blocks.append(Table(cols, top, compact=True,
                            caption=_("The {n} highest-ranked restoration sites (of {total})").format(
                                n=len(top), total=len(recs)),
                            note=_("Pareto 1: no other site is at least as good in every gain (and cost). Pick: the "
                                   "site's place in the portfolio (0 = not picked).")))
    if charts.restoration_portfolio(portfolio, os.path.join(files_dir, "chart_restoration_portfolio.png")):
        blocks.append(Figure(f"{files_url}/chart_restoration_portfolio.png",
                             _("Cumulative gains of the restoration portfolio against the area spent: where the "
                               "curves flatten, more budget buys little.")))
    blocks += [Figure(m.src, m.caption, kind="map") for m in data.maps if m.section == "restoration"]
    return Section("restoration", _("Restoration sites"), blocks)


def _flow_summary(network: dict) -> list[tuple[str, str]]:
    """(label, value) of the attributed total, the LP optimum and the unallocated split, first date (t C/yr)."""
    items = []
    for key, label in (("allocation", _("Allocation")),
                       ("attributed_tC_yr", _("Attributed to demand units")),
                       ("max_deliverable_tC_yr", _("Most the reach graph can attribute (LP optimum)")),
                       ("unallocated_no_demand_tC_yr", _("Unallocated: no demand in reach")),
                       ("unallocated_saturated_tC_yr", _("Unallocated: demand in reach saturated"))):
        value = network.get(key)
        if key == "allocation":
            if value:
                items.append((label, flow_note({"allocation": value})))
        elif is_number(value):
            items.append((label, f"{fmt_number(value)} {_('t C/yr')}"))
    return items if any(is_number(network.get(k)) for k in ("attributed_tC_yr", "max_deliverable_tC_yr")) else []


def _decomposition_table(table: Columns) -> Table:
    """Channels of the change in attributed flow between the dates (flow_decomposition.csv)."""
    names = {"area": _("Area (cover gained, lost or converted)"), "edge": _("Edge effect"),
             "reach": _("Reach (distances, barriers)"), "saturation": _("Saturation of the demand in reach"),
             "demand": _("Demand (units gaining or losing demand)"), "total": _("Change in attributed flow")}
    records = [{**r, "term_label": names.get(str(r.get("term")), str(r.get("term"))),
                "share_text": fmt_share(r.get("share_of_change")) if is_number(r.get("share_of_change")) else ""}
               for r in rows(table)]
    return Table([Column("term_label", _("Channel")), Column("change_tC_yr", _("Change"), _("t C/yr")),
                  Column("share_text", _("Share of the change"))], records, compact=True,
                 caption=_("Why the attributed flow changed between the dates: order-averaged counterfactual runs "
                           "(flow_decomposition.csv)"))


def indicator_label(name: object, labels: Optional[dict] = None) -> str:
    """A readable label of a flow indicator ('links_kept' → 'Links kept'), translated when it is a known one."""
    key = str(name)
    labels = network_labels() if labels is None else labels
    if key in labels:
        return labels[key]
    unit = " (t C/yr)" if key.endswith("_tC_yr") else ""
    text = key[: -len("_tC_yr")] if unit else key
    text = text.replace("_", " ")
    return text[:1].upper() + text[1:] + unit


def _date_names(data: AssessmentData) -> list[str]:
    names = [d.label or _("Date {n}").format(n=k + 1) for k, d in enumerate(data.dates)]
    return names + [_("Date {n}").format(n=k + 1) for k in range(len(names), 2)]


def _year(value: object) -> str:
    return str(int(number(value))) if is_number(value) else str(value)


def _uncertainty_section(data: AssessmentData) -> Section:
    records = []
    quantities = [
        ("sequestration_tCO2e_yr", _("Annual sequestration"), _("t CO₂e/yr")),
        ("total_stock_tC", _("Carbon stock"), "t C"),
        ("edge_loss_tC_yr", _("Loss to the edge effect"), _("t C/yr")),
    ]
    for k, date in enumerate(data.dates):
        total = _total(date.sink)
        if not total:
            continue
        for key, label, unit in quantities:
            if key == "edge_loss_tC_yr" and not data.edge_effect:
                continue
            when = _label(date, k)
            quantity = _("{quantity}, {date}").format(quantity=label, date=when) if when else label
            records.append(_uncertainty_row(total, key, quantity, unit))
    change = _total(data.change_periods, "period")
    if change:
        records.append(_uncertainty_row(change, "net_sequestration_tCO2e", _("Net change of the stock"), "t CO₂e"))
        if is_number(change.get("npv_currency")):
            records.append(_uncertainty_row(change, "npv_currency", _("Net present value"), money_unit(data.currency)))
    fixed = sum(1 for p in data.parameters if str(p.get("distribution")) == "fixed")
    if data.draws:
        draws = _("{draws} Monte Carlo draws (seed {seed}); {drawn} of the {rows} parameter rows have a range and were "
                  "drawn, {fixed} are fixed.").format(draws=data.draws, seed=data.seed,
                                                      drawn=len(data.parameters) - fixed, rows=len(data.parameters),
                                                      fixed=fixed)
    else:
        draws = _("No Monte Carlo draws were made (DRAWS = 0): the totals have no interval.")
    blocks: list = [Paragraph(draws)]
    if records:
        blocks.append(Table(
            [Column("quantity", _("Total")), Column("unit", _("Unit")), Column("central", _("Central value")),
             Column("mean", _("Monte Carlo mean")), Column("p05", _("5th percentile")),
             Column("p95", _("95th percentile")),
             Column("half_width_pct", _("Half-width"), _("% of central"), decimals=1)],
            records, caption=_("Uncertainty of the totals"), compact=True,
            note=_("Central value: from the parameters' central values. Half-width: (p95 − p05) / 2 relative to it."),
        ))
    return Section("uncertainty", _("Uncertainty"), blocks)


def _uncertainty_row(row: dict, key: str, label: str, unit: str) -> dict:
    central, low, high = number(row.get(key)), number(row.get(f"{key}_p05")), number(row.get(f"{key}_p95"))
    half = (high - low) / 2 / abs(central) * 100 if central and is_number(low) and is_number(high) else float("nan")
    return {"quantity": label, "unit": unit, "central": central, "mean": row.get(f"{key}_mean"), "p05": low,
            "p95": high, "half_width_pct": half}


def _files_section(data: AssessmentData, links: bool = True) -> Section:
    """The files of the run; linked for a report beside its files, named only in a single-file report (which
    must open alone, with no link into a folder it may have left)."""
    if links:
        items = "".join(f'<li><a href="{esc(p)}">{esc(p)}</a> — {esc(d)}</li>' for p, d in data.files)
    else:
        items = "".join(f"<li><code>{esc(p)}</code> — {esc(d)}</li>" for p, d in data.files)
    return Section("files", _("Output files"), [
        Paragraph(_("Every table and map of this report comes from these files, in the same folder as the report:")),
        Raw(f'<ul class="files">{items}</ul>'),
    ])


def _footer(data: AssessmentData) -> str:
    """The page's last line (trusted HTML: the texts are escaped, the link built here)."""
    if data.version and data.created:
        text = _("Written by the Blue Carbon Landscape QGIS plugin {version} on {created}. {link}.")
    elif data.version:
        text = _("Written by the Blue Carbon Landscape QGIS plugin {version}. {link}.")
    elif data.created:
        text = _("Written by the Blue Carbon Landscape QGIS plugin on {created}. {link}.")
    else:
        text = _("Written by the Blue Carbon Landscape QGIS plugin. {link}.")
    link = doc_link(data.docs_url, "assessment", _("How this report is made"))
    return esc(text).format(version=esc(data.version), created=esc(data.created), link=link)


def build_document(data: AssessmentData, files_dir: str, files_url: str = "report_files",
                   translate: Translate = identity, language: str = "en", file_links: bool = True) -> Document:
    """Lay out the report and draw its charts into ``files_dir`` (referenced as ``files_url/…`` from the page).

    ``translate`` turns each English text of the report into the reader's language (default: English kept) and
    ``language`` is the page's language code (e.g. 'zh_CN'); numbers, codes, units and file names do not change.
    ``file_links`` False names the output files without linking them (a single-file report).
    """
    with translation(translate, language):
        return _build_document(data, files_dir, files_url, language, file_links)


def _build_document(data: AssessmentData, files_dir: str, files_url: str, language: str,
                    file_links: bool = True) -> Document:
    os.makedirs(files_dir, exist_ok=True)
    sections = [_inputs_section(data), _parameters_section(data), _fragmentation_section(data, files_dir, files_url),
                _sink_section(data, files_dir, files_url)]
    with_change = bool(n_rows(data.change_periods))
    with_flow = bool(n_rows(data.flow_network))
    if with_change:
        sections.append(_change_section(data, files_dir, files_url))
    if with_flow:
        sections.append(_flow_section(data, files_dir, files_url))
    if n_rows(data.restoration_sites):
        sections.append(_restoration_section(data, files_dir, files_url))
    sections.append(_uncertainty_section(data))
    sections.append(Section("methods", _("Methods"),
                            methods_blocks(data.docs_url, with_change, with_flow, data.edge_effect)))
    sections.append(_files_section(data, file_links))
    if data.notes:  # notes of the run open the first section
        sections[0].blocks = [Paragraph(n, css_class="warning") for n in data.notes] + sections[0].blocks
    meta = [(_("Created"), data.created)] if data.created else []
    if data.version:
        meta.append((_("Plugin version"), data.version))
    title = _("Blue carbon assessment") if data.title == DEFAULT_TITLE else data.title
    return Document(title, data.subtitle, meta, _headline(data), sections, _footer(data), language=language or "en",
                    summary_note=" ".join(t for t in (units_note(), data.sink_semantics) if t))


def write_assessment_report(data: AssessmentData, html_path: str, files_dir: Optional[str] = None,
                            translate: Translate = identity, language: str = "en", single_file: bool = False) -> Document:
    """Draw the charts into ``files_dir`` (default ``<html folder>/report_files``) and write the page.

    ``translate`` (str → str, e.g. the plugin's Qt translation) gives the report's texts in the reader's language
    and ``language`` the page's ``lang`` (e.g. 'zh_CN'); by default the report is in English. ``single_file``
    embeds every chart and map in the page (base64 data URIs) and names the output files without linking them:
    the HTML file alone is the whole report (the PNG files stay in ``files_dir`` for other uses).
    """
    folder = os.path.dirname(os.path.abspath(html_path))
    files_dir = files_dir or os.path.join(folder, "report_files")
    files_url = os.path.relpath(files_dir, folder).replace(os.sep, "/")
    document = build_document(data, files_dir, files_url, translate, language, file_links=not single_file)
    write_html(document, html_path, embed=single_file)
    return document
