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
from .formatting import fmt_interval, fmt_share, fmt_significant
from .methods import doc_link, methods_blocks
from .tables import Columns, is_number, n_rows, number, row_where, rows

BLUE_CARBON = ("mangrove", "salt_marsh", "seagrass")

CLASS_METRICS = (
    ("CA_ha", "CA", "ha"), ("PLAND_pct", "PLAND", "%"), ("NP", "NP", ""), ("PD_per_100ha", "PD", "/100 ha"),
    ("LPI_pct", "LPI", "%"), ("ED_m_per_ha", "ED", "m/ha"), ("AREA_MN_ha", "AREA_MN", "ha"),
    ("AREA_AM_ha", "AREA_AM", "ha"), ("SHAPE_MN", "SHAPE_MN", ""), ("ENN_MN_m", "ENN_MN", "m"),
    ("CAI_MN_pct", "CAI_MN", "%"), ("COHESION", "COHESION", ""), ("DIVISION", "DIVISION", ""),
    ("MESH_ha", "MESH", "ha"), ("AI_pct", "AI", "%"),
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
NETWORK_LABELS = {
    "distance_mode": "Distance", "decay": "Distance decay", "max_distance_m": "Maximum distance (m)",
    "supply_tC_yr": "Supply (t C/yr)", "delivered_tC_yr": "Delivered (t C/yr)",
    "unallocated_tC_yr": "Unallocated supply (t C/yr)", "demand_tC_yr": "Demand (t C/yr)",
    "supply_demand_gap_tC_yr": "Demand − supply (t C/yr)", "unmet_demand_tC_yr": "Unmet demand (t C/yr)",
    "share_of_demand_met": "Share of demand met", "mean_link_distance_m": "Mean link distance, flow-weighted (m)",
    "edge_loss_tC_yr": "Supply lost to the edge effect (t C/yr)", "links_e": "Links e",
    "link_density": "Link density e/(nₛn_d)", "alpha": "Kansky α", "beta": "Kansky β", "gamma": "Kansky γ",
    "supply_nodes": "Supply nodes (patches with supply)", "demand_nodes": "Demand nodes (units with demand)",
    "nodes_v": "Nodes v", "components_p": "Components p", "cyclomatic_number": "Cyclomatic number e − v + p",
    "alpha_bipartite": "α of a bipartite network",
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
    section: str  # 'fragmentation', 'sink', 'change' or 'flow'


@dataclass
class AssessmentData:
    """Everything the report shows, as plain Python values."""

    title: str = "Blue carbon assessment"
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
    maps: list = field(default_factory=list)  # MapImage
    files: list = field(default_factory=list)  # (relative path, description)
    notes: list = field(default_factory=list)
    draws: int = 0
    seed: int = 1
    price: float = 0.0
    edge_effect: bool = False


# -- key figures -----------------------------------------------------------------------------------


def _total(table: Optional[Columns], key_column: str = "ecosystem") -> Optional[dict]:
    return row_where(table, key_column, "total") if table else None


def headline(data: AssessmentData) -> list[KeyFigure]:
    """The key figures of the run: sink totals of the first date, net change, flows (when computed)."""
    figures: list[KeyFigure] = []
    first = data.dates[0] if data.dates else None
    total = _total(first.sink) if first else None
    when = f" ({first.label})" if first and first.label else ""
    if total:
        figures += [
            KeyFigure("sequestration_tCO2e_yr", f"Annual sequestration{when}", total.get("sequestration_tCO2e_yr"),
                      "t CO₂e/yr", total.get("sequestration_tCO2e_yr_p05"), total.get("sequestration_tCO2e_yr_p95")),
            KeyFigure("total_stock_tC", f"Carbon stock{when}", total.get("total_stock_tC"), "t C",
                      total.get("total_stock_tC_p05"), total.get("total_stock_tC_p95")),
            KeyFigure("blue_carbon_patches", f"Blue-carbon patches{when}", total.get("patches"), "patches"),
            KeyFigure("blue_carbon_area_ha", f"Blue-carbon area{when}", total.get("area_ha"), "ha"),
        ]
        if data.edge_effect and is_number(total.get("edge_loss_tC_yr")):
            figures.append(KeyFigure("edge_loss_tC_yr", "Sequestration lost to patch edges", total.get("edge_loss_tC_yr"),
                                     "t C/yr", total.get("edge_loss_tC_yr_p05"), total.get("edge_loss_tC_yr_p95")))
        if is_number(total.get("value_per_yr")):
            figures.append(KeyFigure("value_per_yr", "Value of the annual sequestration", total.get("value_per_yr"),
                                     "per yr", total.get("value_per_yr_p05"), total.get("value_per_yr_p95")))
    change = _total(data.change_periods, "period")
    if change:
        span = f" ({change.get('start_year')}–{change.get('end_year')})"
        figures.append(KeyFigure(
            "net_sequestration_tCO2e", f"Net change of the stock{span}", change.get("net_sequestration_tCO2e"), "t CO₂e",
            change.get("net_sequestration_tCO2e_p05"), change.get("net_sequestration_tCO2e_p95"),
            "accumulation − emissions",
        ))
        if is_number(change.get("npv_currency")):
            figures.append(KeyFigure("npv", f"Net present value{span}", change.get("npv_currency"), "",
                                     change.get("npv_currency_p05"), change.get("npv_currency_p95")))
    network = _network_values(data.flow_network)
    if network:
        figures.append(KeyFigure("delivered_tC_yr", f"Flow delivered to demand units{when}", network.get("delivered_tC_yr"),
                                 "t C/yr"))
        share = network.get("share_of_demand_met")
        if is_number(share):
            figures.append(KeyFigure("share_of_demand_met", f"Share of demand met{when}", number(share) * 100, "%"))
    return figures


def _network_values(table: Optional[Columns]) -> dict:
    """Indicator → value of the first date (one-date or two-date network table)."""
    if not table or "indicator" not in table:
        return {}
    column = "value" if "value" in table else "date_1"
    return {str(r["indicator"]): r.get(column) for r in rows(table)}


# -- sections ----------------------------------------------------------------------------------------


def _metric_columns(spec, first: Sequence[Column], table_keys) -> list[Column]:
    return list(first) + [Column(k, label, unit) for k, label, unit in spec if k in table_keys]


def _label(date: DateResult, k: int) -> str:
    return date.label or (f"date {k + 1}" if k else "")


def _inputs_section(data: AssessmentData) -> Section:
    blocks: list = [Definitions(list(data.inputs), "Data and study area")]
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
                "blue": "yes" if eco in BLUE_CARBON else "",
            })
        columns = [Column("value", "Value"), Column("class_html", "Class", html=True), Column("ecosystem", "Ecosystem"),
                   Column("blue", "Blue carbon")]
        for k, key in enumerate(keys):
            label = _label(data.dates[k], k) if k < len(data.dates) else ""
            columns.append(Column(key, "Area" + (f" {label}" if label else ""), "ha"))
        blocks.append(Table(columns, records, caption="Classes of the map and their ecosystems (legend)",
                            row_classes=["total" if r["blue"] else "" for r in records]))
        source = f"Legend: {data.legend_title}" + (f". Source: {data.legend_source}" if data.legend_source else "")
        blocks.append(Paragraph(source + ". Classes marked as blue carbon are assessed for their sink.", css_class="note"))
    maps = [Figure(m.src, m.caption, kind="map") for m in data.maps if m.section == "inputs"]
    blocks += maps
    return Section("inputs", "Inputs", blocks)


def _parameters_section(data: AssessmentData) -> Section:
    blocks: list = []
    if data.settings:
        records = [{**s, "origin_html": ('<span class="badge">you</span>' if s.get("origin") == "user" else "default")}
                   for s in data.settings]
        blocks.append(Table(
            [Column("setting", "Setting"), Column("value", "Value"), Column("unit", "Unit"),
             Column("origin_html", "Set by", html=True)],
            records, caption="Settings of this run",
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
            confirmed = '<span class="badge ok">yes</span>' if p.get("confirmed") else '<span class="badge no">no</span>'
            user = '<span class="badge">user-defined</span>' if p.get("user_defined") else ""
            records.append({**p, "range": spread, "confirmed_html": confirmed, "user_html": user})
        blocks.append(Table(
            [Column("ecosystem", "Ecosystem"), Column("parameter", "Parameter"), Column("value", "Value", significant=6),
             Column("unit", "Unit"), Column("range", "Range"), Column("distribution", "Distribution"),
             Column("source", "Source"), Column("confirmed_html", "Confirmed", html=True),
             Column("user_html", "User-defined", html=True)],
            records, caption="Carbon parameters used (ecosystems of the map)", compact=True,
            row_classes=["user-defined" if p.get("user_defined") else "" for p in shown],
            note="Confirmed: the value was checked against its source. User-defined rows (highlighted) come from "
                 "your own parameter table, not from a shipped preset. The full table, every ecosystem, is in "
                 "parameters.csv.",
        ))
    if data.parameter_tables:
        items = "".join(f"<li><b>{esc(t)}</b>" + (f": {esc(s)}" if s else "") + "</li>" for t, s in data.parameter_tables)
        blocks.append(Paragraph("Parameter tables, merged in this order (later ones win):", css_class="note"))
        blocks.append(Raw(f'<ul class="files">{items}</ul>'))
    return Section("parameters", "Parameters and their sources", blocks)


def _fragmentation_section(data: AssessmentData, files_dir: str, files_url: str) -> Section:
    blocks: list = []
    codes = [str(c) for c, _ in data.blue_classes]
    class_records, class_rows_css = [], []
    keys: set = set()
    for k, date in enumerate(data.dates):
        keys |= set(date.class_metrics)
        for r in rows(date.class_metrics):
            if str(r.get("class")) in codes or (not codes and str(r.get("ecosystem")) in BLUE_CARBON):
                class_records.append({**r, "date": _label(date, k)})
                class_rows_css.append("")
    if class_records:
        first = [Column("name", "Class"), Column("ecosystem", "Ecosystem")]
        if len(data.dates) > 1:
            first.insert(0, Column("date", "Date"))
        class_records.sort(key=lambda r: (str(r.get("class")), str(r.get("date"))))
        blocks.append(Table(_metric_columns(CLASS_METRICS, first, keys), class_records,
                            caption="Class metrics of the blue-carbon classes (FRAGSTATS definitions)", compact=True))
    land_records = [{**r, "date": _label(d, k)} for k, d in enumerate(data.dates) for r in rows(d.landscape_metrics)]
    if land_records:
        first = [Column("date", "Date")] if len(data.dates) > 1 else []
        lkeys = set().union(*(set(d.landscape_metrics) for d in data.dates))
        blocks.append(Table(_metric_columns(LANDSCAPE_METRICS, first, lkeys), land_records,
                            caption="Landscape metrics (all classes)", compact=True))
    blocks.append(Paragraph(
        "CA class area, PLAND share of the landscape, NP number of patches, PD patch density, LPI largest patch index, "
        "ED edge density, AREA_MN / AREA_AM mean and area-weighted mean patch area, SHAPE_MN mean shape index, ENN_MN "
        "mean nearest-neighbour distance, CAI_MN mean core-area index, COHESION patch cohesion, DIVISION landscape "
        "division, MESH effective mesh size, AI aggregation index; CONTAG contagion, PR patch richness, SHDI/SHEI "
        "Shannon diversity/evenness, SIDI Simpson diversity.", css_class="note"))
    figures = []
    sizes = [(_label(d, k), d.patch_areas) for k, d in enumerate(data.dates) if d.patch_areas]
    path = charts.patch_size_distribution(sizes, os.path.join(files_dir, "chart_patch_sizes.png"))
    if path:
        figures.append(Figure(f"{files_url}/chart_patch_sizes.png",
                              "Patch-size distribution of the blue-carbon ecosystems: number of patches per size class "
                              "(left) and the cumulative share of each ecosystem's area held in patches up to a size "
                              "(right)."))
    if len(data.dates) > 1:
        path = charts.metrics_between_dates(
            [(_label(d, k), d.class_metrics) for k, d in enumerate(data.dates)], data.blue_classes, DATE_METRICS,
            os.path.join(files_dir, "chart_fragmentation_dates.png"),
        )
        if path:
            figures.append(Figure(f"{files_url}/chart_fragmentation_dates.png",
                                  "Fragmentation metrics of the blue-carbon classes at both dates."))
    blocks += figures
    blocks += [Figure(m.src, m.caption, kind="map") for m in data.maps if m.section == "fragmentation"]
    return Section("fragmentation", "Fragmentation", blocks)


def _sink_columns(price: bool) -> list[Column]:
    cols = [
        Column("ecosystem_label", "Ecosystem"), Column("patches", "Patches"), Column("area_ha", "Area", "ha"),
        Column("edge_area_ha", "Edge area", "ha"), Column("total_stock_tC", "Stock", "t C"),
        Column("stock_interval", "Stock, 90 % interval", "t C"),
        Column("sequestration_tC_yr", "Sequestration", "t C/yr"),
        Column("sequestration_tCO2e_yr", "Sequestration", "t CO₂e/yr"),
        Column("sequestration_interval", "Sequestration, 90 % interval", "t CO₂e/yr"),
        Column("edge_loss_tC_yr", "Loss to edge effect", "t C/yr"),
    ]
    if price:
        cols += [Column("value_per_yr", "Value", "per yr"), Column("value_interval", "Value, 90 % interval", "per yr")]
    return cols


def _sink_records(table: Columns) -> tuple[list[dict], list[str]]:
    records, css = [], []
    for r in rows(table):
        eco = str(r.get("ecosystem"))
        records.append({
            **r,
            "ecosystem_label": "Total" if eco == "total" else charts.ecosystem_label(eco),
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
        blocks.append(Table(_sink_columns(price), records, row_classes=css, compact=True,
                            caption="Carbon stock and annual sequestration per ecosystem" + (f", {label}" if label else ""),
                            note="90 % interval: 5th–95th percentile of the Monte Carlo draws "
                                 f"({data.draws} draws, seed {data.seed}); – where no parameter of the total has a range "
                                 "or no draws were made."))
    path = charts.sink_by_ecosystem([(_label(d, k), d.sink) for k, d in enumerate(data.dates)],
                                    os.path.join(files_dir, "chart_sink.png"))
    if path:
        blocks.append(Figure(f"{files_url}/chart_sink.png",
                             "Area and annual sequestration per ecosystem; error bars: 90 % Monte Carlo interval."))
    blocks += [Figure(m.src, m.caption, kind="map") for m in data.maps if m.section == "sink"]
    return Section("sink", "Carbon sink capacity", blocks)


def _change_section(data: AssessmentData, files_dir: str, files_url: str) -> Section:
    periods = data.change_periods or {}
    blocks: list = []
    records, css = [], []
    for r in rows(periods):
        total = str(r.get("period")) == "total"
        records.append({
            **r,
            "period_label": "Total" if total else r.get("period"),
            "net_interval": fmt_interval(r.get("net_sequestration_tCO2e_p05"), r.get("net_sequestration_tCO2e_p95")),
            "npv_interval": fmt_interval(r.get("npv_currency_p05"), r.get("npv_currency_p95")),
        })
        css.append("total" if total else "")
    columns = [
        Column("period_label", "Period"), Column("years", "Years"), Column("driven_by", "Driven by"),
        Column("accumulation_tCO2e", "Accumulation", "t CO₂e"), Column("emissions_tCO2e", "Emissions", "t CO₂e"),
        Column("net_sequestration_tCO2e", "Net sequestration", "t CO₂e"),
        Column("net_interval", "Net, 90 % interval", "t CO₂e"),
    ]
    if "npv_currency" in periods:
        columns += [Column("npv_currency", "NPV"), Column("npv_interval", "NPV, 90 % interval")]
    blocks.append(Table(columns, records, row_classes=css, compact=True,
                        caption="Accumulation, emissions, net sequestration and value per period"))
    action_keys = [k for k in ("accum_ha", "low_disturb_ha", "med_disturb_ha", "high_disturb_ha", "ncc_ha") if k in periods]
    changed = [r for r in records if r.get("period_label") != "Total" and any(is_number(r.get(k)) for k in action_keys)]
    if changed:
        labels = {"accum_ha": "Accumulate", "low_disturb_ha": "Low-impact disturbance",
                  "med_disturb_ha": "Medium-impact disturbance", "high_disturb_ha": "High-impact disturbance",
                  "ncc_ha": "No carbon change"}
        blocks.append(Table([Column("period_label", "Period"), Column("driven_by", "Driven by")]
                            + [Column(k, labels[k], "ha") for k in action_keys], changed, compact=True,
                            caption="Area changing class at the start of each period, by carbon action"))
    last = [r for r in rows(periods) if str(r.get("period")) != "total"]
    if len(last) == 1 and str(last[0].get("driven_by")) == "baseline":
        blocks.append(Paragraph(
            "Only the baseline period was computed: a change between the maps takes effect in the year of the later "
            "map, so its emissions and accumulation show only in the periods after it. Give an analysis year after "
            "the last map to follow them.", css_class="warning"))
    trans = data.change_transition_areas
    if n_rows(trans):
        blue = [{**r, "from_year": _year(r.get("from_year")), "to_year": _year(r.get("to_year"))}
                for r in rows(trans) if str(r.get("from_ecosystem")) in BLUE_CARBON]
        to_keys = [k for k in trans if k.startswith("to_") and k.endswith("_ha")
                   and any(is_number(r.get(k)) and number(r.get(k)) > 0 for r in blue)]
        names = {str(v): str(n) for v, n in zip(data.classes.get("value", []), data.classes.get("name", []))}
        if blue and to_keys:
            cols = [Column("from_year", "From"), Column("to_year", "To"), Column("from_name", "Class")]
            cols += [Column(k, "→ " + names.get(k[3:-3], k[3:-3]), "ha") for k in to_keys]
            blocks.append(Table(cols, blue, compact=True, caption="Where the blue-carbon classes went (transition areas)"))
    figures = []
    if charts.change_by_period(periods, os.path.join(files_dir, "chart_change.png")):
        figures.append(Figure(f"{files_url}/chart_change.png",
                              "Accumulation, emissions and net sequestration per period (t CO₂e); the diamond's bar is "
                              "the 90 % interval."))
    if charts.stock_trajectory(data.change_stocks or {}, os.path.join(files_dir, "chart_stocks.png")):
        figures.append(Figure(f"{files_url}/chart_stocks.png", "Total carbon stock of the map at the start of each year."))
    if figures:
        blocks.append(figures if len(figures) > 1 else figures[0])
    blocks += [Figure(m.src, m.caption, kind="map") for m in data.maps if m.section == "change"]
    return Section("change", "Carbon change between dates", blocks)


def _flow_section(data: AssessmentData, files_dir: str, files_url: str) -> Section:
    blocks: list = []
    net = data.flow_network or {}
    if n_rows(net):
        two = "date_1" in net
        records = [{**r, "indicator_label": indicator_label(r.get("indicator"))} for r in rows(net)]
        for r in records:
            if str(r.get("indicator")) == "share_of_demand_met":
                for key in ("value", "date_1", "date_2", "change"):
                    if is_number(r.get(key)):
                        r[key] = fmt_share(r[key])
        cols = [Column("indicator_label", "Indicator")]
        names = _date_names(data)
        cols += [Column("date_1", names[0]), Column("date_2", names[1]), Column("change", "Change")] if two else [
            Column("value", "Value")]
        blocks.append(Table(cols, records, caption="Flow totals and network indices", compact=True))
    patches = data.flow_patches or {}
    if n_rows(patches):
        recs = [r for r in rows(patches) if is_number(r.get("delivered_tC_yr"))]
        if "date" in patches:
            first = min(number(r["date"]) for r in recs) if recs else 1
            recs = [r for r in recs if number(r["date"]) == first]
        recs.sort(key=lambda r: number(r.get("delivered_tC_yr")), reverse=True)
        top = [{**r, "ecosystem_label": charts.ecosystem_label(r.get("ecosystem", ""))} for r in recs[:10]]
        blocks.append(Table(
            [Column("patch_id", "Patch"), Column("ecosystem_label", "Ecosystem"), Column("area_ha", "Area", "ha"),
             Column("supply_tC_yr", "Supply", "t C/yr"), Column("delivered_tC_yr", "Delivered", "t C/yr"),
             Column("unallocated_tC_yr", "Unallocated", "t C/yr"), Column("n_beneficiaries", "Units served"),
             Column("main_beneficiary", "Main unit"), Column("mean_distance_m", "Mean distance", "m")],
            top, compact=True, caption=f"The {len(top)} patches delivering the most (of {len(recs)})",
        ))
    demand = data.flow_demand or {}
    if n_rows(demand):
        recs = rows(demand)
        cols = [Column("unit_id", "Unit")]
        if "date" in demand and len({str(r.get("date")) for r in recs}) > 1:
            names = _date_names(data)
            for r in recs:
                k = int(number(r["date"])) if is_number(r.get("date")) else 0
                r["date_label"] = names[k - 1] if 1 <= k <= len(names) else r.get("date")
            cols.insert(0, Column("date_label", "Date"))
        if "name" in demand:
            cols.append(Column("name", "Name"))
        for r in recs:
            r["share_met_text"] = fmt_share(r.get("share_met"))
        cols += [Column("demand_tC_yr", "Demand", "t C/yr"), Column("received_tC_yr", "Received", "t C/yr"),
                 Column("balance_tC_yr", "Balance", "t C/yr"), Column("esdr", "ESDR"),
                 Column("share_met_text", "Demand met"), Column("n_suppliers", "Patches serving")]
        shown = recs[:40]
        blocks.append(Table(cols, shown, compact=True, caption="Demand units and their balance",
                            note="" if len(recs) <= 40 else f"First 40 of {len(recs)} units; all are in flow_demand.csv."))
    if charts.top_patches_by_flow(patches, os.path.join(files_dir, "chart_flow_patches.png")):
        blocks.append(Figure(f"{files_url}/chart_flow_patches.png",
                             "Patches delivering the most to the demand units, with the supply no unit could use."))
    blocks += [Figure(m.src, m.caption, kind="map") for m in data.maps if m.section == "flow"]
    return Section("flow", "Carbon-sequestration service flows", blocks)


def indicator_label(name: object) -> str:
    """A readable label of a flow indicator ('links_kept' → 'Links kept')."""
    key = str(name)
    if key in NETWORK_LABELS:
        return NETWORK_LABELS[key]
    unit = " (t C/yr)" if key.endswith("_tC_yr") else ""
    text = key[: -len("_tC_yr")] if unit else key
    text = text.replace("_", " ")
    return text[:1].upper() + text[1:] + unit


def _date_names(data: AssessmentData) -> list[str]:
    names = [d.label or f"Date {k + 1}" for k, d in enumerate(data.dates)]
    return names + [f"Date {k + 1}" for k in range(len(names), 2)]


def _year(value: object) -> str:
    return str(int(number(value))) if is_number(value) else str(value)


def _uncertainty_section(data: AssessmentData) -> Section:
    records = []
    quantities = [
        ("sequestration_tCO2e_yr", "Annual sequestration", "t CO₂e/yr", "ecosystem"),
        ("total_stock_tC", "Carbon stock", "t C", "ecosystem"),
        ("edge_loss_tC_yr", "Loss to the edge effect", "t C/yr", "ecosystem"),
    ]
    for k, date in enumerate(data.dates):
        total = _total(date.sink)
        if not total:
            continue
        for key, label, unit, _ in quantities:
            if key == "edge_loss_tC_yr" and not data.edge_effect:
                continue
            records.append(_uncertainty_row(total, key, f"{label}" + (f", {_label(date, k)}" if _label(date, k) else ""), unit))
    change = _total(data.change_periods, "period")
    if change:
        records.append(_uncertainty_row(change, "net_sequestration_tCO2e", "Net change of the stock", "t CO₂e"))
        if is_number(change.get("npv_currency")):
            records.append(_uncertainty_row(change, "npv_currency", "Net present value", ""))
    fixed = sum(1 for p in data.parameters if str(p.get("distribution")) == "fixed")
    blocks: list = [Paragraph(
        f"{data.draws} Monte Carlo draws (seed {data.seed}); {len(data.parameters) - fixed} of the "
        f"{len(data.parameters)} parameter rows have a range and were drawn, {fixed} are fixed."
        if data.draws else "No Monte Carlo draws were made (DRAWS = 0): the totals have no interval.")]
    if records:
        blocks.append(Table(
            [Column("quantity", "Total"), Column("unit", "Unit"), Column("central", "Central value"),
             Column("mean", "Monte Carlo mean"), Column("p05", "5th percentile"), Column("p95", "95th percentile"),
             Column("half_width_pct", "Half-width", "% of central", decimals=1)],
            records, caption="Uncertainty of the totals", compact=True,
            note="Central value: from the parameters' central values. Half-width: (p95 − p05) / 2 relative to it.",
        ))
    return Section("uncertainty", "Uncertainty", blocks)


def _uncertainty_row(row: dict, key: str, label: str, unit: str) -> dict:
    central, low, high = number(row.get(key)), number(row.get(f"{key}_p05")), number(row.get(f"{key}_p95"))
    half = (high - low) / 2 / abs(central) * 100 if central and is_number(low) and is_number(high) else float("nan")
    return {"quantity": label, "unit": unit, "central": central, "mean": row.get(f"{key}_mean"), "p05": low,
            "p95": high, "half_width_pct": half}


def _files_section(data: AssessmentData) -> Section:
    items = "".join(f'<li><a href="{esc(p)}">{esc(p)}</a> — {esc(d)}</li>' for p, d in data.files)
    return Section("files", "Output files", [
        Paragraph("Every table and map of this report comes from these files, in the same folder as the report:"),
        Raw(f'<ul class="files">{items}</ul>'),
    ])


def build_document(data: AssessmentData, files_dir: str, files_url: str = "report_files") -> Document:
    """Lay out the report and draw its charts into ``files_dir`` (referenced as ``files_url/…`` from the page)."""
    os.makedirs(files_dir, exist_ok=True)
    sections = [_inputs_section(data), _parameters_section(data), _fragmentation_section(data, files_dir, files_url),
                _sink_section(data, files_dir, files_url)]
    with_change = bool(n_rows(data.change_periods))
    with_flow = bool(n_rows(data.flow_network))
    if with_change:
        sections.append(_change_section(data, files_dir, files_url))
    if with_flow:
        sections.append(_flow_section(data, files_dir, files_url))
    sections.append(_uncertainty_section(data))
    sections.append(Section("methods", "Methods", methods_blocks(data.docs_url, with_change, with_flow, data.edge_effect)))
    sections.append(_files_section(data))
    if data.notes:  # notes of the run open the first section
        sections[0].blocks = [Paragraph(n, css_class="warning") for n in data.notes] + sections[0].blocks
    meta = [("Created", data.created)] if data.created else []
    if data.version:
        meta.append(("Plugin version", data.version))
    footer = (
        f"Written by the Blue Carbon Landscape QGIS plugin{(' ' + esc(data.version)) if data.version else ''}"
        f"{(' on ' + esc(data.created)) if data.created else ''}. "
        + doc_link(data.docs_url, "assessment", "How this report is made") + "."
    )
    return Document(data.title, data.subtitle, meta, headline(data), sections, footer)


def write_assessment_report(data: AssessmentData, html_path: str, files_dir: Optional[str] = None) -> Document:
    """Draw the charts into ``files_dir`` (default ``<html folder>/report_files``) and write the page."""
    folder = os.path.dirname(os.path.abspath(html_path))
    files_dir = files_dir or os.path.join(folder, "report_files")
    files_url = os.path.relpath(files_dir, folder).replace(os.sep, "/")
    document = build_document(data, files_dir, files_url)
    write_html(document, html_path)
    return document
