"""The assessment report's data: what bluecarbon:blueassessment read back from its folder, and its own run.

A service of the assessment algorithm (as report_maps.py renders its maps): the tables come from the folder's
one reader (core.results.read_results); this module adds what only the run knows (inputs, settings with
their origin, the parameter tables merged, the legend) and the algorithm's numeric outputs from the one
headline (core.report.headline). ``alg`` is the running algorithm (for tr() and its parameter definitions),
``run`` its Run.
"""

from __future__ import annotations

import datetime
import os
from typing import Any

from qgis.core import QgsCoordinateReferenceSystem

from ..core.legend import BLUE_CARBON_ECOSYSTEMS, load_legend
from ..core.parameters import DEFAULT_PRESETS, load_parameters
from ..core.report import AssessmentData, headline
from ..core.report.tables import is_number, network_values, number, row_where
from ..core.resources import metadata_value
from ..core.results import assessment_data, read_results
from . import parameters as groups
from .base import DOCS_URL

ANALYSIS_YEAR = groups.ANALYSIS_YEAR


def report_data(alg: Any, run: Any, parameters: dict, staging: str) -> AssessmentData:
    """The report's content: the tables read back from the staging folder (core.results), and the run's own."""
    results = read_results(staging)
    data = assessment_data(results)
    for date, label, source in zip(data.dates, run.labels, run.sources):
        date.label, date.source = label, (run.path if source == run.sources[0] else run.path_2)
    present: dict = {}  # class code → (members, name, ecosystem, colour), over the classes of every date
    for scheme in run.schemes:
        for i, code in enumerate(scheme.codes):
            present.setdefault(code, (scheme.members[i], scheme.names[i], scheme.ecosystems[i], scheme.colors[i]))
    classes: dict = {"value": [], "name": [], "ecosystem": [], "color": []}
    area_keys = ["area_ha" if k == 0 else f"area_ha_{k + 1}" for k in range(len(data.dates))]
    for key in area_keys:
        classes[key] = []
    for code, (members, name, ecosystem, colour) in present.items():
        classes["value"].append(", ".join(str(v) for v in members))
        classes["name"].append(name)
        classes["ecosystem"].append(ecosystem)
        classes["color"].append(colour)
        for key, date in zip(area_keys, data.dates):
            row = row_where(date.class_metrics, "class", code)
            classes[key].append(row.get("CA_ha") if row else float("nan"))
    legend = load_legend(run.legend)
    data.title, data.subtitle = run.title, subtitle(alg, run)
    data.created = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    data.version, data.docs_url = metadata_value("version"), DOCS_URL
    data.inputs = input_items(alg, run, parameters, run.grids, run.aoi_info)
    data.classes = classes
    data.legend_title, data.legend_source = legend.title or run.legend, legend.source
    data.settings = settings(alg, run, parameters)
    data.parameters = [_parameter_row(r) for r in run.carbon.table]
    data.parameter_tables = parameter_tables(alg, run)
    data.blue_classes = [(code, item[1]) for code, item in present.items() if item[2] in BLUE_CARBON_ECOSYSTEMS]
    data.draws, data.seed, data.price = run.draws, run.seed, run.price
    data.currency = run.currency if run.price > 0 else ""
    data.edge_effect = run.edge_effect
    data.sink_semantics = sink_semantics(alg, run)
    return data


def sink_semantics(alg: Any, run: Any) -> str:
    """core.sink.sink_semantics of each date; with two dates each labelled with its year."""
    texts = [t for t in run.semantics if t]
    if len(run.semantics) < 2 or len(texts) < 2 or len(run.years) < 2:
        return texts[0] if texts else ""
    first, second = run.semantics[0], run.semantics[1]
    return alg.tr("{year_1}: {first} {year_2}: {second} (restored cells: those that became blue carbon since "
                  "{year_1}, at IPCC's restoration factor)").format(
        year_1=run.years[0], first=first, year_2=run.years[1], second=second)


def parameter_tables(alg: Any, run: Any) -> list:
    """(title, source) of every table merged into the effective one, in merge order."""
    out = []
    for name in run.carbon.tables_used:
        if name == run.invest_biophysical:
            out.append((alg.tr("InVEST biophysical table"), alg.tr("your table {path}").format(path=name)))
        elif name == run.own_parameters:
            out.append((load_parameters(name).title, alg.tr("your table {path}").format(path=name)))
        else:
            preset = load_parameters(name)
            out.append((preset.title, preset.meta.get("source", "")))
    return out


def subtitle(alg: Any, run: Any) -> str:
    """The map file name(s) and year(s) under the report title."""
    first = os.path.basename(run.path) + (f" ({run.years[0]})" if run.years else "")
    if not run.path_2:
        return first
    second = f"{os.path.basename(run.path_2)} ({run.years[1]})"
    return alg.tr("{first} and {second}").format(first=first, second=second)


def input_items(alg: Any, run: Any, parameters: dict, grids: list, aoi_info: str) -> list:
    """(label, text) of the data analysed, for the report's inputs table."""
    grid = grids[0]
    crs = QgsCoordinateReferenceSystem.fromWkt(grid.crs_wkt)
    cell = f"{abs(grid.transform.a):g} × {abs(grid.transform.e):g}"
    if grid.is_geographic:
        cell += "°"
    elif abs(grid.linear_unit_m - 1.0) < 1e-12:
        cell += " m"
    else:
        cell = alg.tr("{size} map units").format(size=cell)
    left, top = grid.transform.c, grid.transform.f
    right, bottom = left + grid.width * grid.transform.a, top + grid.height * grid.transform.e
    bounds = {"xmin": f"{min(left, right):.10g}", "xmax": f"{max(left, right):.10g}",
              "ymin": f"{min(top, bottom):.10g}", "ymax": f"{max(top, bottom):.10g}"}
    if grid.is_geographic:
        extent = alg.tr("x {xmin} to {xmax}, y {ymin} to {ymax} (degrees)").format(**bounds)
    else:
        extent = alg.tr("x {xmin} to {xmax}, y {ymin} to {ymax} (CRS units)").format(**bounds)
    if run.years:
        items = [(alg.tr("Land-cover raster ({year})").format(year=run.years[0]), run.path)]
    else:
        items = [(alg.tr("Land-cover raster"), run.path)]
    if run.path_2:
        items.append((alg.tr("Second-date raster ({year})").format(year=run.years[1]), run.path_2))
    items += [
        (alg.tr("Band"), str(run.band or 1)),
        ("CRS", f"{crs.authid()} — {crs.description()}" if crs.isValid() else alg.tr("unknown")),
        (alg.tr("Cell size"), cell),
        (alg.tr("Grid analysed"), alg.tr("{columns} columns × {rows} rows").format(columns=grid.width, rows=grid.height)),
        (alg.tr("Extent analysed"), extent),
        (alg.tr("Area of interest"),
         alg.tr("{area} — the map was clipped to it, nodata outside").format(area=aoi_info) if aoi_info
         else alg.tr("none (the whole map)")),
        (alg.tr("Legend"), alg.tr("{legend} (the classes of the InVEST biophysical table {path})").format(
            legend=os.path.basename(run.legend), path=run.invest_biophysical) if run.invest_biophysical else run.legend),
        (alg.tr("Patch rule"), alg.tr("{neighbours}-neighbour; patch types by {group_by}").format(
            neighbours=run.neighbours, group_by=run.group_by)),
    ]
    if run.demand:
        for key, label in ((groups.DEMAND_UNITS, alg.tr("Demand units")), (groups.DEMAND_RASTER, alg.tr("Demand raster"))):
            value = parameters.get(key)
            if value not in (None, ""):
                text = value if isinstance(value, str) else str(value)
                if key == groups.DEMAND_UNITS and parameters.get(groups.DEMAND_FIELD):
                    text = alg.tr("{layer} (field {field})").format(layer=text, field=parameters.get(groups.DEMAND_FIELD))
                items.append((label, text))
    return items


def settings(alg: Any, run: Any, parameters: dict) -> list:
    """{setting, value, unit, origin} of the run's settings; origin is the code 'user' or 'default'."""
    def origin(key: str) -> str:
        if parameters.get(key) in (None, ""):
            return "default"
        definition = alg.parameterDefinition(key)
        default = definition.defaultValue() if definition is not None else None
        try:
            return "default" if float(parameters[key]) == float(default) else "user"
        except (TypeError, ValueError):
            return "default" if str(parameters[key]) == str(default) else "user"

    def item(label: str, value: Any, unit: str, set_by: str) -> dict:
        return {"setting": label, "value": _plain(value), "unit": unit, "origin": set_by}

    tr = alg.tr
    per_year = tr("% per year")
    named = parameters.get(groups.PRESETS) not in (None, "") and list(run.presets) != list(DEFAULT_PRESETS)
    items = [
        item(tr("Parameter presets"), " + ".join(run.presets) or tr("none"), "", "user" if named else "default"),
        item(tr("Own parameter table"), run.own_parameters or tr("none"), "",
             "user" if run.own_parameters else "default"),
        item(tr("Use only my parameter table"), tr("yes") if run.own_only else tr("no"), "", origin(groups.OWN_ONLY)),
        item(tr("Edge depth"), run.edge_depth, "m", origin(groups.EDGE_DEPTH)),
        item(tr("Edge sequestration factor f"), run.edge_factor, "", origin(groups.EDGE_FACTOR)),
        item(tr("Monte Carlo draws"), run.draws, "", origin(groups.DRAWS)),
        item(tr("Random seed"), run.seed, "", origin(groups.SEED)),
        item(tr("Carbon price"), run.price, tr("{currency} per t CO₂e").format(currency=run.currency), origin(groups.PRICE)),
        item(tr("Currency"), run.currency, "", origin(groups.CURRENCY)),
    ]
    if run.path_2:
        items += [
            item(tr("Years"), f"{run.years[0]}, {run.years[1]}", "", "user"),
            item(tr("Analysis year"), run.analysis_year or run.years[1], "", origin(ANALYSIS_YEAR)),
            item(tr("Price growth"), run.price_growth, per_year, origin(groups.PRICE_GROWTH)),
            item(tr("Discount rate"), run.discount_rate, per_year, origin(groups.DISCOUNT_RATE)),
        ]
    if run.demand:
        for key, label, unit in ((groups.DECAY, tr("Distance-decay law"), ""), (groups.DECAY_DISTANCE, tr("Decay distance λ"), "m"),
                                 (groups.POWER_EXPONENT, tr("Power-law exponent β"), ""),
                                 (groups.POWER_OFFSET, tr("Power-law offset d0"), "m"),
                                 (groups.MAX_DISTANCE, tr("Maximum flow distance"), "m"), (groups.DISTANCE_MODE, tr("Distance"), ""),
                                 (groups.DEMAND_MEASURE, tr("Demand measure"), ""),
                                 (groups.COEFFICIENT, tr("Demand coefficient"), tr("t C/yr per unit"))):
            definition = alg.parameterDefinition(key)
            value = parameters.get(key, definition.defaultValue() if definition is not None else "")
            items.append(item(label, value, unit, origin(key)))
    return items


def outputs(data: AssessmentData, steps_run: list) -> dict:
    figures = {k.key: k for k in headline(data)}
    values = {key: k.value for key, k in figures.items()}
    stock = figures.get("total_stock_tCO2e")  # the card is in t CO₂e; the output keeps the table's t C
    network = network_values(data.flow_network)
    out = {
        "SEQUESTRATION_TCO2E_YR": values.get("sequestration_tCO2e_yr"),
        "TOTAL_STOCK_TC": stock.alt_value if stock is not None else None,
        "N_PATCHES": values.get("blue_carbon_patches"),
        "BLUE_CARBON_AREA_HA": values.get("blue_carbon_area_ha"),
        "NET_SEQUESTRATION_TCO2E": values.get("net_sequestration_tCO2e"),
        "NPV": values.get("npv"),
        "DELIVERED_TC_YR": network.get("delivered_tC_yr"),
        "SHARE_OF_DEMAND_MET": network.get("share_of_demand_met"),
    }
    out = {k: (float(number(v)) if is_number(v) else None) for k, v in out.items()}
    out["STEPS"] = ", ".join(steps_run)
    return out


def _plain(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _parameter_row(row) -> dict:
    """A ParameterTable row as plain values for the report."""
    return {
        "ecosystem": row.ecosystem, "parameter": row.parameter, "value": row.value, "unit": row.unit,
        "low": row.low, "high": row.high, "sd": row.sd, "distribution": row.distribution, "source": row.source,
        "confirmed": row.confirmed, "user_defined": row.user_defined, "note": row.note,
    }
