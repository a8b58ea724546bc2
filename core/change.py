"""Carbon change between dated land-cover snapshots: the InVEST Coastal Blue Carbon bookkeeping.

Snapshots at years y_0 < y_1 < … < y_{m−1} and an analysis year F ≥ y_{m−1} cut time into periods
[y_j, y_{j+1}) (with y_m = F when F > y_{m−1}). Year t below is a calendar year; S_{p,t} is the stock
of pool p at the very beginning of year t, per hectare. Following the InVEST user's guide
(Coastal Blue Carbon, equations cbc_stocks_pool … cbc_net_present_value) and the year indexing of
InVEST 3.20.2's code:

- Baseline: S_{p,y_0} = the baseline class's stock (biomass = aboveground + belowground, soil,
  litter); during the baseline period every pool accumulates at the baseline class's rate.
- A transition a → b at snapshot year s takes effect on 1 January of s, with the carbon action the
  transition table gives for (a, b):
  - ``accum``: biomass and soil accumulate at b's rates (A_{p,t}); an emission still running
    from an earlier disturbance stops (the guide: a cell either accumulates or emits, the most
    recent transition decides);
  - ``low/med/high-impact-disturb``: the disturbed volume D_{p,s} = S_{p,s} · M_{p,s}, M the
    disturbance fraction of the SOURCE class a at that impact level and S_{p,s} the stock at the
    beginning of s, is emitted over the following years:
    E_{p,t} = D_{p,s} · (0.5^{(t−s)/H_p} − 0.5^{(t−s+1)/H_p}) for t ≥ s (InVEST's code counts the
    transition year as the first year of emissions; the guide's E_{p,t} with S_t = S_{t−1} + N_t
    indexes the same amount one year later), H_p the half-life of pool p of class a. The
    cumulative share emitted by the start of year s + n is 1 − 0.5^{n/H_p}. Accumulation stops;
  - ``NCC``: no new carbon action: biomass and soil stop accumulating; an emission still running
    continues (a disturbance of magnitude 0 is treated the same way, as InVEST's code does).
- Litter is never emitted; it accumulates at the rate of the class the cell has (InVEST: litter
  accumulation is a reclassification of the current map, whatever the transition).
- N_{p,t} = A_{p,t} − E_{p,t} and S_{p,t+1} = S_{p,t} + N_{p,t}; net sequestration of a period is
  accumulation − emissions summed over every pool, litter included, and equals the change of the
  total stock over the period.
- Value: V = Σ_t p_t (S_t − S_{t−1}) / (1 + d)^t (see :mod:`core.valuation`), t CO₂e = t C × 44/12.

Efficiency: every cell with the same class history (its classes at the m snapshots) follows the
same per-hectare trajectory. Pass 1 reads the snapshots strip by strip, encodes each cell's
history and sums the true area (ha) of each distinct history (memory bounded by a strip); the
yearly bookkeeping then runs once per history (vectorised over histories and Monte Carlo draws)
and the totals are areas × per-hectare values; pass 2 (only for rasters) reads the strips again
and looks each cell's values up by its history.

Where InVEST 3.20.2's code departs from its user's guide (net sequestration without litter, NPV,
total stocks with the litter rate, accumulation after a disturbance, the half-life of a running
emission) this module follows the guide: docs/carbon-change.md lists each departure.
"""

from __future__ import annotations

import csv
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Mapping, Optional, Sequence, Union

import numpy as np

from .classes import GROUP_BY_VALUE, ClassScheme, build_scheme
from .csvtable import read_table_file
from .errors import InputError
from .feedback import FeedbackLike, Steps, as_steps
from .io import OutputBatch, write_csv
from .landcover import LandCover, open_landcover, plan_strips
from .legend import BLUE_CARBON_ECOSYSTEMS, NO_LEGEND, Legend, load_legend
from .valuation import CO2_PER_C, Valuation

if TYPE_CHECKING:  # pragma: no cover
    from .parameters import ParameterTable

# -- transition table vocabulary (InVEST's) ---------------------------------------------------

ACCUM, LOW, MED, HIGH, NCC = 0, 1, 2, 3, 4
BLANK = -1
"""An empty cell of the transition table: no carbon change (InVEST reads it as NCC)."""
MISSING = -2
"""A transition whose source or destination class has no row or column in the table."""
TRANSITION_TYPES: tuple[str, ...] = ("accum", "low-impact-disturb", "med-impact-disturb", "high-impact-disturb", "NCC")
_TYPE_OF_TEXT = {t.lower(): i for i, t in enumerate(TRANSITION_TYPES)}
_TYPE_OF_TEXT["medium-impact-disturb"] = MED  # the spelling of InVEST's docstring
LEVELS: tuple[str, ...] = ("low", "med", "high")
"""Suffixes of the disturbance parameters for LOW, MED, HIGH."""

DEFAULT_DISTURBANCE: dict[str, int] = {
    "non_habitat": HIGH,
    "open_water": HIGH,
    "tidal_flat": MED,
    "other_wetland": MED,
}
"""Impact of a blue-carbon → other transition in the default table, by destination ecosystem.

High for conversion to non-habitat (built-up, cropland, drained or excavated land) and to open
water (aquaculture ponds, dredged channels): the guide's examples of high-impact disturbance are
mangrove conversion to shrimp ponds and diking or draining marsh for agriculture. Medium for
dieback to bare tidal flat or change to another wetland: vegetation is lost but the sediment stays
waterlogged, so less soil carbon is exposed to oxygen.
"""

POOLS: tuple[str, ...] = ("biomass", "soil", "litter")
EMITTING_POOLS: tuple[str, ...] = ("biomass", "soil")
NODATA = -9999.0
_DIRECT_LIMIT = 1 << 62  # history keys are base-n numbers up to this size; beyond, keys are compacted step by step
_DENSE_LIMIT = 1 << 22  # areas are tallied in a dense array when the key space is at most this


# -- transition table -------------------------------------------------------------------------


@dataclass
class TransitionTable:
    """The carbon action of each transition: source class (row) → destination class (column).

    Classes are raster values; ``cells`` maps (source, destination) to ACCUM, LOW, MED, HIGH or NCC,
    absent pairs are blank cells.
    """

    sources: list[int]
    destinations: list[int]
    cells: dict[tuple[int, int], int]
    origin: str = "default"

    def type_of(self, source: int, destination: int) -> int:
        """ACCUM … NCC, BLANK for an empty cell, MISSING when a class has no row or column."""
        if source not in self.sources or destination not in self.destinations:
            return MISSING
        return self.cells.get((source, destination), BLANK)

    def to_text(self, legend: Optional[Legend] = None) -> str:
        """InVEST's CSV layout: ``lulc-class`` then one column per destination; a legend below an empty row."""
        lines: list[list[str]] = [["lulc-class", *map(str, self.destinations)]]
        for s in self.sources:
            row = [str(s)]
            for d in self.destinations:
                t = self.cells.get((s, d), BLANK)
                row.append(TRANSITION_TYPES[t] if t >= 0 else "")
            lines.append(row)
        width = len(lines[0])
        lines.append([""] * width)
        notes = ["legend: rows are the class before a change (source), columns the class after (destination)"]
        if legend is not None:
            for v in dict.fromkeys([*self.sources, *self.destinations]):
                if v in legend:
                    e = legend.entry(v)
                    notes.append(f"{v} = {e.name} ({e.ecosystem})")
        notes += [
            "accum = biomass and soil accumulate at the destination class's rates",
            "low-impact-disturb / med-impact-disturb / high-impact-disturb = the source class's disturbance "
            "fraction of each pool is emitted with its half-life",
            "NCC = no carbon change (an emission already running continues); an empty cell means NCC",
        ]
        lines += [[n] + [""] * (width - 1) for n in notes]
        return "\n".join(",".join(_csv_cell(c) for c in line) for line in lines) + "\n"

    def to_csv(self, path: str, legend: Optional[Legend] = None, batch: Optional[OutputBatch] = None) -> None:
        """Write the table (InVEST layout) so it can be edited and given back; atomically."""
        from .io import atomic_path

        with atomic_path(path, batch) as tmp:
            with open(tmp, "w", encoding="utf-8", newline="") as f:
                f.write(self.to_text(legend))


def _csv_cell(text: str) -> str:
    return f'"{text}"' if any(c in text for c in ',"\n') else text


def default_action(source_ecosystem: str, destination_ecosystem: str) -> int:
    """The default carbon action of a transition between two ecosystems (InVEST's preprocessor rules)."""
    if destination_ecosystem in BLUE_CARBON_ECOSYSTEMS:
        return ACCUM
    if source_ecosystem in BLUE_CARBON_ECOSYSTEMS:
        return DEFAULT_DISTURBANCE.get(destination_ecosystem, HIGH)
    return NCC


def default_transition_table(scheme: ClassScheme) -> TransitionTable:
    """The default table over the classes of ``scheme`` (blue carbon = mangrove, salt marsh, seagrass).

    blue → blue: accum; other → blue: accum; blue → other: disturb (impact by destination ecosystem,
    :data:`DEFAULT_DISTURBANCE`); other → other: NCC.
    """
    values = [int(c) for c in scheme.codes]
    cells = {
        (a, b): default_action(ea, eb)
        for a, ea in zip(values, scheme.ecosystems)
        for b, eb in zip(values, scheme.ecosystems)
    }
    return TransitionTable(values, list(values), cells, origin="default (derived from the legend)")


def read_transition_table(path: Union[str, os.PathLike], legend: Legend) -> TransitionTable:
    """Read a transition table CSV (InVEST layout); classes by raster value or legend name."""
    path = Path(path)
    table = parse_transition_table(read_table_file(path, "transition table"), path.name, legend)
    table.origin = str(path)
    return table


def parse_transition_table(text: str, name: str, legend: Legend) -> TransitionTable:
    """Parse transition table CSV text; errors name the line (as an editor counts it) and the column."""
    rows: list[tuple[int, list[str]]] = []
    for line_no, line in enumerate(text.splitlines(), start=1):
        if line.strip().startswith("#"):
            continue
        cells = [c.strip() for c in next(csv.reader([line]))] if line.strip() else []
        if not any(cells):
            if rows:
                break  # an empty row ends the matrix (InVEST writes its legend below one)
            continue
        rows.append((line_no, cells))
    if not rows:
        raise InputError(
            f"The transition table '{name}' is empty.",
            "Give the header lulc-class,<class>,<class>,... and one row per source class, or leave the "
            "parameter empty to use the default table.",
        )
    header_line, header = rows[0]
    if header[0].lower() != "lulc-class":
        raise InputError(
            f"Line {header_line} of transition table '{name}', column 1: the header must start with 'lulc-class', "
            f"not '{header[0]}'.",
            "Use InVEST's layout: lulc-class, then one column per destination class (raster value).",
        )
    destinations: list[int] = []
    for position, token in enumerate(header[1:], start=2):
        if not token:
            continue
        value = _resolve_class(token, legend)
        if value is None:
            raise InputError(
                f"Line {header_line} of transition table '{name}', column {position}: '{token}' is not a class of "
                f"legend '{legend.title}'.",
                f"Use the raster values of the legend ({_value_list(legend)}) or their names.",
            )
        if value in destinations:
            raise InputError(
                f"Line {header_line} of transition table '{name}', column {position}: class {value} appears twice.",
                "Give each destination class one column.",
            )
        destinations.append(value)
    columns = [(i, _resolve_class(t, legend)) for i, t in enumerate(header) if i > 0 and t]
    sources: list[int] = []
    cells: dict[tuple[int, int], int] = {}
    for line_no, row in rows[1:]:
        token = row[0]
        source = _resolve_class(token, legend) if token else None
        if source is None:
            raise InputError(
                f"Line {line_no} of transition table '{name}', column 'lulc-class': '{token}' is not a class of "
                f"legend '{legend.title}'.",
                f"Use the raster values of the legend ({_value_list(legend)}) or their names.",
            )
        if source in sources:
            raise InputError(
                f"Line {line_no} of transition table '{name}', column 'lulc-class': class {source} already has a row.",
                "Give each source class one row.",
            )
        if len(row) > len(header) and any(row[len(header):]):
            raise InputError(
                f"Line {line_no} of transition table '{name}' has more cells than the header has columns.",
                "Add the missing destination classes to the header, or delete the extra cells.",
            )
        sources.append(source)
        for i, destination in columns:
            cell = row[i] if i < len(row) else ""
            if not cell:
                continue
            kind = _TYPE_OF_TEXT.get(cell.lower())
            if kind is None:
                fix = (
                    "Choose the impact: low-impact-disturb, med-impact-disturb or high-impact-disturb."
                    if cell.lower() == "disturb"
                    else f"Use one of {', '.join(TRANSITION_TYPES)}, or leave the cell empty (no carbon change)."
                )
                raise InputError(
                    f"Line {line_no} of transition table '{name}', row {source}, column {destination}: "
                    f"'{cell}' is not a carbon action.",
                    fix,
                )
            cells[(source, destination)] = kind
    return TransitionTable(sources, destinations, cells, origin=name)


def _resolve_class(token: str, legend: Legend) -> Optional[int]:
    """The raster value a table names by value or by legend name (case-insensitive), or None."""
    token = token.strip()
    if re.fullmatch(r"[+-]?\d+(\.0+)?", token):
        value = int(float(token))
        return value if value in legend else None
    lowered = token.lower()
    hits = [e.value for e in legend.entries if e.name.strip().lower() == lowered]
    return hits[0] if len(hits) == 1 else None


def _value_list(legend: Legend, limit: int = 12) -> str:
    values = legend.values
    return ", ".join(map(str, values[:limit])) + (" ..." if len(values) > limit else "")


# -- snapshots --------------------------------------------------------------------------------


@dataclass
class Snapshots:
    """Land-cover maps of the same grid at increasing years, classified through one legend."""

    landcovers: list[LandCover]
    years: list[int]
    legend: Legend

    @property
    def grid(self):
        """The common grid."""
        return self.landcovers[0].grid

    @property
    def paths(self) -> list[str]:
        """The snapshot files, in year order."""
        return [lc.path for lc in self.landcovers]

    def close(self) -> None:
        """Close every snapshot."""
        for lc in self.landcovers:
            lc.close()

    def __enter__(self) -> "Snapshots":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def check_years(years: Sequence[int]) -> list[int]:
    """The snapshot years as ints; InputError unless there are two or more, strictly increasing."""
    out = []
    for i, y in enumerate(years):
        try:
            value = float(y)
        except (TypeError, ValueError):
            raise InputError(f"Snapshot year {i + 1} ('{y}') is not a year.", "Give whole years, e.g. 2020, 2035.") from None
        if not value.is_integer():
            raise InputError(f"Snapshot year {i + 1} ({y}) is not a whole year.", "Give whole years, e.g. 2020, 2035.")
        out.append(int(value))
    if len(out) < 2:
        raise InputError(
            f"The change model needs two or more dated snapshots; {len(out)} given.",
            "Give at least two land-cover rasters and their years.",
        )
    for i in range(1, len(out)):
        if out[i] <= out[i - 1]:
            raise InputError(
                f"Snapshot years must increase: {out[i]} (snapshot {i + 1}) comes after {out[i - 1]} "
                f"(snapshot {i}) but is not later.",
                "List the snapshots from the oldest to the newest, each with its own year, in the same order.",
            )
    return out


def parse_years(text: str) -> list[int]:
    """Years from a comma- or space-separated list ('2020, 2035')."""
    tokens = [t for t in re.split(r"[,;\s]+", str(text or "").strip()) if t]
    return check_years(tokens)


def open_snapshots(
    paths: Sequence[Union[str, os.PathLike]],
    years: Sequence[int],
    legend: Union[str, Legend, None],
    bands: Optional[Sequence[Optional[int]]] = None,
) -> Snapshots:
    """Open dated snapshots and check them: years increasing, same grid and CRS, a legend with ecosystems."""
    years = check_years(years)
    if len(paths) != len(years):
        raise InputError(
            f"{len(paths)} snapshot raster(s) but {len(years)} year(s) were given.",
            "Give one year per snapshot, in the same order as the rasters.",
        )
    if legend is None or (isinstance(legend, str) and legend in ("", NO_LEGEND)):
        raise InputError(
            "The change model needs a legend that says which classes are mangrove, salt marsh, seagrass and the rest.",
            "Choose the legend preset of the land-cover product (e.g. esa_worldcover) or a legend CSV.",
        )
    legend_obj = legend if isinstance(legend, Legend) else load_legend(legend)
    landcovers: list[LandCover] = []
    try:
        for i, path in enumerate(paths):
            lc = open_landcover(os.fspath(path), None if bands is None else bands[i])
            landcovers.append(lc)
            if i:
                difference = _grid_difference(landcovers[0], lc)
                if difference:
                    raise InputError(
                        f"The snapshots of {years[0]} ('{landcovers[0].path}') and {years[i]} ('{lc.path}') are not on "
                        f"the same grid: {difference}.",
                        "Resample them onto one grid first (QGIS: Warp (Reproject) or Align Rasters, nearest "
                        "neighbour), so that every cell is the same place in each year.",
                    )
    except Exception:
        for lc in landcovers:
            lc.close()
        raise
    return Snapshots(landcovers, years, legend_obj)


def _grid_difference(a: LandCover, b: LandCover) -> str:
    """Words for how two grids differ ('' when they are the same)."""
    ga, gb = a.grid, b.grid
    if ga.same_as(gb):
        return ""
    if ga.crs_wkt != gb.crs_wkt:
        return f"the CRS differs ({_crs_name(ga.crs_wkt)} vs {_crs_name(gb.crs_wkt)})"
    if (ga.width, ga.height) != (gb.width, gb.height):
        return f"the size differs ({ga.width} x {ga.height} vs {gb.width} x {gb.height} cells)"
    if not (math.isclose(ga.res_x, gb.res_x, rel_tol=1e-9) and math.isclose(ga.res_y, gb.res_y, rel_tol=1e-9)):
        return f"the cell size differs ({ga.res_x:g} x {ga.res_y:g} vs {gb.res_x:g} x {gb.res_y:g})"
    ta, tb = ga.transform, gb.transform
    return f"the origin differs (upper-left corner {ta.c:g}, {ta.f:g} vs {tb.c:g}, {tb.f:g})"


def _crs_name(wkt: str) -> str:
    try:
        from rasterio.crs import CRS

        return CRS.from_wkt(wkt).to_string()
    except Exception:  # pragma: no cover - unreadable CRS
        return wkt[:40]


# -- carbon parameters per class ----------------------------------------------------------------


@dataclass
class ClassCarbon:
    """Carbon parameters per class index (row 0 = outside, then the scheme's classes) and per draw.

    Column 0 holds the central values, columns 1.. the Monte Carlo draws. Parameters a table does
    not give are 0 for stocks and rates and NaN for half-lives and disturbance fractions (needed
    only where a disturbance meets carbon, then reported).
    """

    ecosystems: list[str]
    stock: dict[str, np.ndarray]  # pool → (n+1, D) t C/ha
    rate: dict[str, np.ndarray]  # pool → (n+1, D) t C/ha/yr
    half_life: dict[str, np.ndarray]  # biomass, soil → (n+1, D) yr
    disturbance: dict[str, np.ndarray]  # biomass, soil → (n+1, 3, D) fraction at low, med, high

    @property
    def n_draws(self) -> int:
        """Number of columns: 1 (central) + Monte Carlo draws."""
        return self.stock["soil"].shape[1]


_STOCK_PARAMETERS = {
    "biomass": ("aboveground_biomass_stock", "belowground_biomass_stock"),
    "soil": ("soil_stock",),
    "litter": ("litter_stock",),
}
_RATE_PARAMETERS = {"biomass": "biomass_accumulation", "soil": "soil_accumulation", "litter": "litter_accumulation"}


def class_carbon(ecosystems: Sequence[str], parameters: "ParameterTable", draws: int = 0, seed: int = 1) -> ClassCarbon:
    """Parameters of each class (``ecosystems[i]`` is class i + 1) from a ParameterTable, with draws."""
    eco_list = sorted(set(ecosystems))
    names = [p for pool in POOLS for p in _STOCK_PARAMETERS[pool]] + list(_RATE_PARAMETERS.values())
    names += [f"{p}_half_life" for p in EMITTING_POOLS]
    names += [f"{p}_disturbance_{lv}" for p in EMITTING_POOLS for lv in LEVELS]
    keys = [(e, p) for e in eco_list for p in names if parameters.has(e, p)]
    central = {k: float(parameters.value(*k)) for k in keys}
    _check_ranges(central)
    sample = parameters.sample(draws, np.random.default_rng(seed), keys=keys) if draws else {}
    n_cols = 1 + draws

    def column(e: str, p: str, missing: float) -> np.ndarray:
        if (e, p) not in central:
            return np.full(n_cols, missing)
        out = np.empty(n_cols)
        out[0] = central[(e, p)]
        if draws:
            out[1:] = sample.get((e, p), central[(e, p)])
        return out

    def per_class(p: str, missing: float) -> np.ndarray:
        rows = [np.full(n_cols, missing)] + [column(e, p, missing) for e in ecosystems]
        return np.vstack(rows)

    stock = {pool: sum(per_class(p, 0.0) for p in _STOCK_PARAMETERS[pool]) for pool in POOLS}
    rate = {pool: per_class(_RATE_PARAMETERS[pool], 0.0) for pool in POOLS}
    half = {pool: per_class(f"{pool}_half_life", np.nan) for pool in EMITTING_POOLS}
    dist = {
        pool: np.stack([per_class(f"{pool}_disturbance_{lv}", np.nan) for lv in LEVELS], axis=1)
        for pool in EMITTING_POOLS
    }
    return ClassCarbon(list(ecosystems), stock, rate, half, dist)


def _check_ranges(central: Mapping[tuple[str, str], float]) -> None:
    """InputError for values the bookkeeping cannot use (negative stock or rate, bad half-life or fraction)."""
    for (e, p), v in central.items():
        if not math.isfinite(v):
            problem = f"{p} of {e} is not a finite number ({v})"
        elif p.endswith("_half_life") and v <= 0:
            problem = f"the half-life {p} of {e} is {v:g} yr; a half-life must be greater than 0"
        elif "_disturbance_" in p and not 0 <= v <= 1:
            problem = f"the disturbance fraction {p} of {e} is {v:g}; fractions lie between 0 and 1"
        elif (p.endswith("_stock") or p.endswith("_accumulation")) and v < 0:
            problem = f"{p} of {e} is negative ({v:g})"
        else:
            continue
        raise InputError(
            f"The parameter table cannot be used: {problem}.",
            "Correct the value in your parameter table (accumulation rates and stocks are ≥ 0; a loss of carbon "
            "is modelled by a disturbance transition, not by a negative rate).",
        )


# -- the yearly bookkeeping, once per class history ------------------------------------------------


@dataclass
class Bookkeeping:
    """Per-hectare results of each history (central values) and map totals per draw."""

    boundaries: list[int]  # period j = [boundaries[j], boundaries[j+1])
    accumulation: dict[str, np.ndarray]  # pool → (H, P) t C/ha, central
    emissions: dict[str, np.ndarray]  # biomass, soil → (H, P) t C/ha, central
    stock_at: dict[str, np.ndarray]  # pool → (H, P+1) t C/ha at the start of each boundary year, central
    npv: Optional[np.ndarray]  # (H, P) value per ha, central
    total_accumulation: dict[str, np.ndarray]  # pool → (P, D) t C
    total_emissions: dict[str, np.ndarray]  # biomass, soil → (P, D) t C
    total_npv: Optional[np.ndarray]  # (P, D)
    annual_stock: dict[str, np.ndarray]  # pool → (F − y_0 + 1, D) t C at the start of each year

    @property
    def n_periods(self) -> int:
        """Number of periods."""
        return len(self.boundaries) - 1

    def net(self) -> np.ndarray:
        """Net sequestration per history and period (H, P), t C/ha, central: accumulation − emissions."""
        return sum(self.accumulation.values()) - sum(self.emissions.values())


def period_boundaries(years: Sequence[int], analysis_year: int) -> list[int]:
    """Snapshot years, plus the analysis year when it is later than the last snapshot."""
    return list(years) + ([analysis_year] if analysis_year > years[-1] else [])


def carbon_bookkeeping(
    classes: np.ndarray,
    years: Sequence[int],
    analysis_year: int,
    actions: np.ndarray,
    carbon: ClassCarbon,
    area_ha: np.ndarray,
    valuation: Optional[Valuation] = None,
    describe: Optional[Callable[[int, int], str]] = None,
    steps: Optional[Steps] = None,
) -> Bookkeeping:
    """Run the InVEST bookkeeping year by year for every history at once.

    ``classes`` (H, m): class index of each history at each snapshot; ``actions`` (H, m − 1): the
    carbon action (ACCUM … NCC) of each transition; ``area_ha`` (H,): the area of each history.
    ``describe(h, j)`` names the transition of history h at snapshot j in error messages.
    """
    steps = steps or Steps(None)
    classes = np.asarray(classes)
    area = np.asarray(area_ha, dtype=float)
    n_hist = classes.shape[0]
    n_cols = carbon.n_draws
    bounds = period_boundaries(list(years), analysis_year)
    n_periods = len(bounds) - 1
    base = bounds[0]
    weights = valuation.year_weights(base, analysis_year - base) * CO2_PER_C if valuation is not None else None

    first = classes[:, 0]
    stock = {p: carbon.stock[p][first].copy() for p in POOLS}
    rate = {p: carbon.rate[p][first].copy() for p in POOLS}
    remaining = {p: np.zeros((n_hist, n_cols)) for p in EMITTING_POOLS}  # D · 0.5^((t − s)/H) still to emit
    keep = {p: np.ones((n_hist, n_cols)) for p in EMITTING_POOLS}  # 0.5^(1/H): the share kept each year

    acc = {p: np.zeros((n_hist, n_periods)) for p in POOLS}
    emi = {p: np.zeros((n_hist, n_periods)) for p in EMITTING_POOLS}
    stock_at = {p: np.zeros((n_hist, n_periods + 1)) for p in POOLS}
    npv = np.zeros((n_hist, n_periods)) if weights is not None else None
    tot_acc = {p: np.zeros((n_periods, n_cols)) for p in POOLS}
    tot_emi = {p: np.zeros((n_periods, n_cols)) for p in EMITTING_POOLS}
    tot_npv = np.zeros((n_periods, n_cols)) if weights is not None else None
    annual = {p: np.zeros((analysis_year - base + 1, n_cols)) for p in POOLS}
    for p in POOLS:
        annual[p][0] = area @ stock[p]
        stock_at[p][:, 0] = stock[p][:, 0]

    for j in range(n_periods):
        if j > 0:
            _apply_transition(j, classes, actions, carbon, stock, rate, remaining, keep, bounds[j], describe)
        emitted = {p: np.zeros((n_hist, n_cols)) for p in EMITTING_POOLS}
        value = np.zeros((n_hist, n_cols)) if weights is not None else None
        for t in range(bounds[j], bounds[j + 1]):
            net = rate["biomass"] + rate["soil"] + rate["litter"]
            for p in EMITTING_POOLS:
                e = remaining[p] * (1.0 - keep[p])
                remaining[p] *= keep[p]
                emitted[p] += e
                stock[p] += rate[p] - e
                net = net - e
            stock["litter"] += rate["litter"]
            if value is not None:
                value += net * weights[t - base]
            for p in POOLS:
                annual[p][t + 1 - base] = area @ stock[p]
            steps.check()
        length = bounds[j + 1] - bounds[j]
        for p in POOLS:
            gained = rate[p] * length
            acc[p][:, j] = gained[:, 0]
            tot_acc[p][j] = area @ gained
            stock_at[p][:, j + 1] = stock[p][:, 0]
        for p in EMITTING_POOLS:
            emi[p][:, j] = emitted[p][:, 0]
            tot_emi[p][j] = area @ emitted[p]
        if value is not None:
            npv[:, j] = value[:, 0]
            tot_npv[j] = area @ value
        steps.progress((j + 1) / n_periods)
    return Bookkeeping(bounds, acc, emi, stock_at, npv, tot_acc, tot_emi, tot_npv, annual)


def _apply_transition(j, classes, actions, carbon, stock, rate, remaining, keep, year, describe) -> None:
    """Set the carbon state of every history at snapshot j (the change from snapshot j − 1)."""
    source, destination = classes[:, j - 1], classes[:, j]
    action = actions[:, j - 1]
    accumulating = (action == ACCUM)[:, None]
    for p in EMITTING_POOLS:
        rate[p] = np.where(accumulating, carbon.rate[p][destination], 0.0)
        remaining[p] = np.where(accumulating, 0.0, remaining[p])
        for level in (LOW, MED, HIGH):
            rows = np.flatnonzero(action == level)
            if rows.size == 0:
                continue
            fraction = carbon.disturbance[p][source[rows], level - 1]
            held = stock[p][rows]
            _require(np.isnan(fraction) & (held > 0), rows, j, f"{p}_disturbance_{LEVELS[level - 1]}", carbon,
                     source, describe)
            fraction = np.nan_to_num(fraction, nan=0.0)
            hit = fraction > 0
            half_life = carbon.half_life[p][source[rows]]
            _require(np.isnan(half_life) & hit & (held > 0), rows, j, f"{p}_half_life", carbon, source, describe)
            half_life = np.where(np.isnan(half_life), 1.0, half_life)
            remaining[p][rows] = np.where(hit, fraction * held, remaining[p][rows])
            keep[p][rows] = np.where(hit, 0.5 ** (1.0 / half_life), keep[p][rows])
    rate["litter"] = carbon.rate["litter"][destination].copy()


def _require(bad: np.ndarray, rows: np.ndarray, j: int, parameter: str, carbon: ClassCarbon, source, describe) -> None:
    """InputError when a parameter the bookkeeping needs is missing from the table."""
    if not bad.any():
        return
    h = rows[np.flatnonzero(bad.any(axis=1))[0]]
    ecosystem = carbon.ecosystems[int(source[h]) - 1]
    where = describe(h, j) if describe else f"snapshot {j + 1}"
    raise InputError(
        f"The parameter table has no {parameter} for {ecosystem}, but carbon of that ecosystem is disturbed "
        f"({where}).",
        f"Add a {parameter} row for {ecosystem} to your parameter table, merge a preset that has one "
        "(e.g. invest_cbc_defaults), or make that transition NCC in the transition table.",
    )


# -- pass 1 and 2: class histories ---------------------------------------------------------------


class _HistoryEncoder:
    """Each cell's values at the m snapshots → one integer key (its class history), and back.

    A key is a base-b number whose digits are the snapshots' values: the raw values themselves
    when every snapshot is a 1-byte raster and 256^m keys fit a dense tally (no per-cell lookup at
    all), otherwise an index through the legend (0 = nodata, 1..L = the legend's values, L + 1 =
    a value the legend lacks). Nodata and unknown values are resolved once per distinct key after
    pass 1, never per cell.
    """

    def __init__(self, landcovers: Sequence[LandCover], legend_values: Sequence[int]) -> None:
        self.legend = np.array(sorted(set(int(v) for v in legend_values)), dtype=np.int64)
        self.m = len(landcovers)
        self.dtypes = [np.dtype(lc.dtype) for lc in landcovers]
        self.nodata = [lc.nodata for lc in landcovers]
        self.raw = all(dt.itemsize == 1 for dt in self.dtypes) and 256**self.m <= _DENSE_LIMIT
        self.base = 256 if self.raw else int(self.legend.size) + 2
        self.unknown_digit = None if self.raw else self.base - 1
        self.direct = self.base**self.m <= _DIRECT_LIMIT
        self.space = self.base**self.m if self.direct else None
        self.dense = self.direct and self.space <= _DENSE_LIMIT
        self.key_dtype = np.dtype(np.int64)
        if self.direct:  # the narrowest type that holds every key: less memory traffic per cell
            self.key_dtype = np.dtype(np.uint16 if self.space <= 1 << 16 else np.uint32 if self.space <= 1 << 32 else np.int64)
        self._luts: dict[int, np.ndarray] = {}
        self._steps: list[Optional[tuple[np.ndarray, np.ndarray]]] = [None] * self.m  # compact mode

    # -- cells → digits → keys -------------------------------------------------------------------
    def digits(self, i: int, raw: np.ndarray) -> np.ndarray:
        """The digit of every cell of snapshot i."""
        if self.raw:
            return raw.view(np.uint8) if raw.dtype != np.uint8 else raw
        if raw.dtype.itemsize <= 2:
            lut = self._lut(i)
            offset = int(np.iinfo(raw.dtype).min)
            return lut[raw] if offset == 0 else lut[raw.astype(np.int32) - offset]
        pos = np.minimum(np.searchsorted(self.legend, raw), self.legend.size - 1)
        digit = np.where(self.legend[pos] == raw, pos + 1, self.unknown_digit).astype(np.uint16)
        if self.nodata[i] is not None:
            digit[raw == self.nodata[i]] = 0
        return digit

    def _lut(self, i: int) -> np.ndarray:
        if i not in self._luts:
            info = np.iinfo(self.dtypes[i])
            lut = np.full(int(info.max) - int(info.min) + 1, self.unknown_digit, dtype=np.uint16)
            inside = (self.legend >= info.min) & (self.legend <= info.max)
            lut[self.legend[inside] - int(info.min)] = np.flatnonzero(inside) + 1
            if self.nodata[i] is not None and info.min <= self.nodata[i] <= info.max:
                lut[self.nodata[i] - int(info.min)] = 0
            self._luts[i] = lut
        return self._luts[i]

    def encode(self, digits: Sequence[np.ndarray], grow: bool) -> np.ndarray:
        """Keys of every cell (1-D, raster order)."""
        key = digits[0].ravel().astype(self.key_dtype)
        for i, d in enumerate(digits[1:], start=1):
            if self.direct:
                key *= self.base
                key += d.ravel()
            else:
                key = self._compact(i, key.astype(np.int64) * self.base + d.ravel(), grow)
        return key

    def _compact(self, step: int, key: np.ndarray, grow: bool) -> np.ndarray:
        """Compact ids of (previous id, digit) keys at one step; new keys get new ids in pass 1."""
        keys, ids = self._steps[step] or (np.empty(0, np.int64), np.empty(0, np.int64))
        pos = np.minimum(np.searchsorted(keys, key), max(keys.size - 1, 0))
        found = keys[pos] == key if keys.size else np.zeros(key.shape, bool)
        if not found.all():
            if not grow:  # pragma: no cover - pass 2 sees only keys of pass 1
                raise RuntimeError("a class history appeared that pass 1 did not see")
            new = np.unique(key[~found])
            all_keys = np.concatenate([keys, new])
            all_ids = np.concatenate([ids, np.arange(keys.size, keys.size + new.size)])
            order = np.argsort(all_keys, kind="stable")
            keys, ids = all_keys[order], all_ids[order]
            self._steps[step] = (keys, ids)
            pos = np.searchsorted(keys, key)
        return ids[pos]

    # -- keys → digits → values --------------------------------------------------------------------
    def decode(self, keys: np.ndarray) -> np.ndarray:
        """Digits (K, m) of keys."""
        keys = np.asarray(keys, dtype=np.int64)
        out = np.empty((keys.size, self.m), dtype=np.int64)
        current = keys.copy()
        for i in range(self.m - 1, 0, -1):
            if self.direct:
                out[:, i] = current % self.base
                current //= self.base
            else:
                step_keys, step_ids = self._steps[i]
                by_id = np.empty(step_keys.size, np.int64)
                by_id[step_ids] = step_keys
                full = by_id[current]
                out[:, i] = full % self.base
                current = full // self.base
        out[:, 0] = current
        return out

    def values(self, i: int, digits: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(raster value, valid, unknown) of digits of snapshot i; unknown = a value the legend lacks."""
        if self.raw:
            values = digits.astype(np.int64)
            if self.dtypes[i].kind == "i":
                values = np.where(values >= 128, values - 256, values)
            valid = np.ones(values.shape, bool) if self.nodata[i] is None else values != self.nodata[i]
            unknown = valid & ~np.isin(values, self.legend)
            return values, valid & ~unknown, unknown
        valid = (digits >= 1) & (digits <= self.legend.size)
        values = np.where(valid, self.legend[np.clip(digits - 1, 0, self.legend.size - 1)], 0)
        return values, valid, digits == self.unknown_digit


@dataclass
class Histories:
    """The distinct class histories of the map and their areas."""

    keys: np.ndarray  # (H,) sorted history keys
    classes: np.ndarray  # (H, m) class index (of ``scheme``) at each snapshot
    cells: np.ndarray  # (H,) number of cells
    area_ha: np.ndarray  # (H,) true area, ha
    scheme: ClassScheme
    partial_cells: int  # cells with a class in some snapshots but nodata in another (left out)
    encoder: _HistoryEncoder = field(repr=False)

    @property
    def n(self) -> int:
        """Number of distinct histories."""
        return int(self.keys.size)

    def index_lookup(self) -> Callable[[np.ndarray], np.ndarray]:
        """A function: history keys → row in this table (−1 for keys of cells left out)."""
        if self.encoder.dense:
            lut = np.full(self.encoder.space, -1, dtype=np.int32)
            lut[self.keys] = np.arange(self.n, dtype=np.int32)
            return lambda keys: lut[keys]
        keys_sorted = self.keys

        def lookup(keys: np.ndarray) -> np.ndarray:
            pos = np.minimum(np.searchsorted(keys_sorted, keys), keys_sorted.size - 1)
            return np.where(keys_sorted[pos] == keys, pos, -1).astype(np.int32)

        return lookup


def _block_rows(snapshots: Snapshots) -> Optional[int]:
    """The block height shared by every snapshot file (None when they differ)."""
    import rasterio

    heights = set()
    for path in snapshots.paths:
        with rasterio.open(path) as ds:
            heights.add(ds.block_shapes[snapshots.landcovers[0].band - 1][0])
    return heights.pop() if len(heights) == 1 else None


def _strips(snapshots: Snapshots, rows_per_strip: Optional[int]) -> list[tuple[int, int]]:
    """Row strips of about 4 M cells, cut on the files' block rows so no block is decompressed twice."""
    grid = snapshots.grid
    if rows_per_strip is None:
        rows_per_strip = max(1, (1 << 22) // max(grid.width, 1))
        block = _block_rows(snapshots)
        if block and 1 < block <= grid.height:
            rows_per_strip = max(block, rows_per_strip // block * block)
    return plan_strips(grid.height, grid.width, rows_per_strip)


def tally_histories(
    snapshots: Snapshots, rows_per_strip: Optional[int] = None, feedback: "Optional[FeedbackLike | Steps]" = None
) -> Histories:
    """Pass 1: the area of every distinct class history, reading the snapshots strip by strip."""
    steps = as_steps(feedback)
    grid = snapshots.grid
    encoder = _HistoryEncoder(snapshots.landcovers, snapshots.legend.values)
    geometry = snapshots.landcovers[0].geometry
    weighted = not geometry.uniform
    if encoder.dense:
        dense_cells = np.zeros(encoder.space, dtype=np.int64)
        dense_area = np.zeros(encoder.space) if weighted else None
    sparse_keys = np.empty(0, np.int64)
    sparse_cells = np.empty(0, np.int64)
    sparse_area = np.empty(0)
    strips = _strips(snapshots, rows_per_strip)
    for n_done, (r0, r1) in enumerate(strips):
        digits = [encoder.digits(i, lc.read_rows(r0, r1)) for i, lc in enumerate(snapshots.landcovers)]
        keys = encoder.encode(digits, grow=True)
        del digits
        weights = np.repeat(geometry.row_area_m2[r0:r1], grid.width) if weighted else None
        if encoder.dense:
            dense_cells += np.bincount(keys, minlength=encoder.space)
            if weighted:
                dense_area += np.bincount(keys, weights=weights, minlength=encoder.space)
        else:
            uniq, inverse = np.unique(keys, return_inverse=True)
            cells = np.bincount(inverse)
            area = np.bincount(inverse, weights=weights) if weighted else cells.astype(float)
            all_keys, back = np.unique(np.concatenate([sparse_keys, uniq.astype(np.int64)]), return_inverse=True)
            sparse_cells = np.bincount(back, weights=np.concatenate([sparse_cells, cells]),
                                       minlength=all_keys.size).astype(np.int64)
            sparse_area = np.bincount(back, weights=np.concatenate([sparse_area, area]), minlength=all_keys.size)
            sparse_keys = all_keys
        steps.progress((n_done + 1) / len(strips))
    if encoder.dense:
        keys = np.flatnonzero(dense_cells).astype(np.int64)
        cells = dense_cells[keys]
        area_m2 = dense_area[keys] if weighted else cells * geometry.cell_area_m2
    else:
        keys, cells = sparse_keys, sparse_cells
        area_m2 = sparse_area if weighted else cells * geometry.cell_area_m2
    return _histories_from_keys(snapshots, encoder, keys, np.asarray(cells, np.int64), np.asarray(area_m2, float))


def _histories_from_keys(snapshots: Snapshots, encoder: _HistoryEncoder, keys, cells, area_m2) -> Histories:
    """Resolve nodata and legend values of every distinct key; build the classes (legend ∩ values present)."""
    digits = encoder.decode(keys)
    m = encoder.m
    values = np.empty(digits.shape, np.int64)
    valid = np.empty(digits.shape, bool)
    for i in range(m):
        values[:, i], valid[:, i], unknown = encoder.values(i, digits[:, i])
        if unknown.any():
            lc, year = snapshots.landcovers[i], snapshots.years[i]
            found = np.unique(values[unknown, i]) if encoder.raw else _unknown_values(lc, encoder.legend)
            shown = ", ".join(map(str, found[:12].tolist()))
            raise InputError(
                f"The snapshot of {year} ('{lc.path}') holds value(s) {shown} that legend "
                f"'{snapshots.legend.title}' does not define.",
                "Add a row for each to a copy of the legend CSV (ecosystem non_habitat when it is not habitat), "
                "or set those cells to nodata.",
            )
    counts: dict[int, int] = {}
    for i in range(m):
        for v, n in zip(values[valid[:, i], i].tolist(), cells[valid[:, i]].tolist()):
            counts[v] = counts.get(v, 0) + n
    names = " and ".join(f"'{p}'" for p in snapshots.paths)
    scheme = build_scheme(counts, snapshots.legend, GROUP_BY_VALUE, raster_name=f"the snapshots {names}")
    inside = valid.all(axis=1)
    partial = int(cells[valid.any(axis=1) & ~inside].sum())
    if not inside.any():
        raise InputError(
            "No cell has a class in every snapshot: each cell is nodata in at least one year.",
            "Check the nodata value and the extent of each snapshot; the maps must overlap.",
        )
    classes = np.searchsorted(np.array(scheme.codes, dtype=np.int64), values[inside]) + 1  # codes are sorted
    return Histories(keys[inside], classes, cells[inside], area_m2[inside] / 1e4, scheme, partial, encoder)


def _unknown_values(lc: LandCover, legend_values: np.ndarray) -> np.ndarray:
    """The values of a snapshot that a legend lacks (read again: only on the error path)."""
    found: set[int] = set()
    for r0, r1 in plan_strips(lc.grid.height, lc.grid.width):
        raw = lc.read_rows(r0, r1)
        present = np.unique(raw[lc.valid(raw)])
        found.update(present[~np.isin(present, legend_values)].tolist())
    return np.array(sorted(found), dtype=np.int64)


# -- the analysis -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeOptions:
    """Analysis year, Monte Carlo and strip settings of the change model."""

    analysis_year: Optional[int] = None  # None: the last snapshot year (as InVEST)
    draws: int = 0  # Monte Carlo draws of the parameters; 0 = central values only
    seed: int = 1
    interval: float = 0.90
    rows_per_strip: Optional[int] = None

    def __post_init__(self) -> None:
        if self.draws < 0:
            raise InputError(f"The number of Monte Carlo draws cannot be negative ({self.draws}).", "Give 0 or more.")
        if not 0.0 < self.interval < 1.0:
            raise InputError(f"The interval must lie between 0 and 1, not {self.interval}.", "Give e.g. 0.9 for 90 %.")


@dataclass
class ChangeResult:
    """Tables, per-history values and warnings of a change analysis."""

    years: list[int]
    analysis_year: int
    scheme: ClassScheme
    legend: Legend
    transitions: TransitionTable
    histories: Histories
    actions: np.ndarray  # (H, m − 1)
    book: Bookkeeping
    periods: dict[str, np.ndarray]  # one row per period, then a total row
    stocks: dict[str, np.ndarray]  # one row per year
    transition_areas: dict[str, np.ndarray]  # one row per (snapshot pair, source class)
    valuation: Optional[Valuation]
    options: ChangeOptions
    warnings: list[str] = field(default_factory=list)

    @property
    def period_names(self) -> list[str]:
        """'2020-2035', … one per period."""
        b = self.book.boundaries
        return [f"{b[j]}-{b[j + 1]}" for j in range(len(b) - 1)]

    def total(self, column: str) -> float:
        """The total row's value of a period-table column."""
        return float(self.periods[column][-1])

    def raster_bands(self, kind: str) -> tuple[np.ndarray, list[str]]:
        """Per-history band values (H, bands) in t C/ha and the band names of an output raster.

        ``kind``: net_sequestration, accumulation or emissions (one band per period, then the
        total) or gain_loss (the stock change from the baseline to the analysis year).
        """
        book = self.book
        names = self.period_names
        span = f"{book.boundaries[0]}-{book.boundaries[-1]}"
        if kind == "gain_loss":
            change = sum(book.stock_at[p][:, -1] - book.stock_at[p][:, 0] for p in POOLS)
            return change[:, None], [f"stock change {span} (t C/ha; gain > 0, loss < 0)"]
        if kind == "net_sequestration":
            values, label = book.net(), "net sequestration"
        elif kind == "accumulation":
            values, label = sum(book.accumulation.values()), "accumulation"
        elif kind == "emissions":
            values, label = sum(book.emissions.values()), "emissions"
        else:
            raise ValueError(f"unknown raster kind {kind!r}")
        values = np.column_stack([values, values.sum(axis=1)])
        return values, [f"{label} {n} (t C/ha)" for n in names] + [f"{label} {span} total (t C/ha)"]

    def raster_range(self, kind: str) -> tuple[float, float]:
        """Minimum and maximum of the last band of an output raster over the mapped histories."""
        values, _ = self.raster_bands(kind)
        last = values[:, -1]
        return float(last.min()), float(last.max())


def analyse_change(
    snapshots: Snapshots,
    parameters: "ParameterTable",
    transitions: Union[TransitionTable, str, os.PathLike, None] = None,
    valuation: Optional[Valuation] = None,
    options: Optional[ChangeOptions] = None,
    feedback: "Optional[FeedbackLike | Steps]" = None,
) -> ChangeResult:
    """Areas of class histories (pass 1), then the InVEST bookkeeping per history and the map totals."""
    options = options or ChangeOptions()
    steps = as_steps(feedback)
    years = list(snapshots.years)
    analysis_year = years[-1] if options.analysis_year is None else int(options.analysis_year)
    if analysis_year < years[-1]:
        raise InputError(
            f"The analysis year {analysis_year} is before the last snapshot ({years[-1]}).",
            f"Give an analysis year of {years[-1]} or later, or leave it empty.",
        )
    if isinstance(transitions, (str, os.PathLike)):
        transitions = read_transition_table(transitions, snapshots.legend)
    histories = tally_histories(snapshots, options.rows_per_strip, steps.sub(0.0, 0.9))
    scheme = histories.scheme
    known = set(parameters.ecosystems)
    if not any(e in known for e in scheme.ecosystems):
        raise InputError(
            f"No class of the snapshots belongs to an ecosystem the parameter table has values for "
            f"(the snapshots' ecosystems: {', '.join(sorted(set(scheme.ecosystems)))}; the table's: "
            f"{', '.join(parameters.ecosystems)}).",
            "Choose the legend that maps the maps' codes to mangrove, salt_marsh or seagrass, or a parameter table "
            "with rows for the maps' ecosystems.",
        )
    table = transitions if transitions is not None else default_transition_table(scheme)
    warnings: list[str] = []
    actions = _actions(histories, table, years, warnings)
    carbon = class_carbon(scheme.ecosystems, parameters, options.draws, options.seed)

    def describe(h: int, j: int) -> str:
        a, b = histories.classes[h, j - 1], histories.classes[h, j]
        return (f"{_class_label(scheme, a)} → {_class_label(scheme, b)} between {years[j - 1]} and {years[j]}, "
                f"{histories.area_ha[h]:.4g} ha")

    book = _bookkeeping_in_chunks(histories, years, analysis_year, actions, carbon, valuation, describe,
                                  steps.sub(0.9, 1.0))
    if analysis_year == years[-1]:
        changed = int(np.count_nonzero(histories.classes[:, -1] != histories.classes[:, -2]))
        if changed:
            warnings.append(
                f"The analysis ends at the last snapshot ({years[-1]}), so the change between {years[-2]} and "
                f"{years[-1]} has no effect yet (transitions take effect from their snapshot year on). Give a later "
                "analysis year to follow its accumulation and emissions."
            )
    if histories.partial_cells:
        warnings.append(
            f"{histories.partial_cells} cell(s) have a class in some snapshots but nodata in another; they are left out."
        )
    result = ChangeResult(
        years=years,
        analysis_year=analysis_year,
        scheme=scheme,
        legend=snapshots.legend,
        transitions=table,
        histories=histories,
        actions=actions,
        book=book,
        periods={},
        stocks={},
        transition_areas={},
        valuation=valuation,
        options=options,
        warnings=warnings,
    )
    result.periods = _period_table(result, carbon.n_draws > 1)
    result.stocks = _stock_table(result, carbon.n_draws > 1)
    result.transition_areas = _transition_area_table(result)
    steps.progress(1.0)
    return result


_CHUNK_VALUES = 1 << 21  # histories × draws per bookkeeping chunk (a few tens of MB of work arrays)


def _bookkeeping_in_chunks(histories, years, analysis_year, actions, carbon, valuation, describe, steps) -> Bookkeeping:
    """The bookkeeping over groups of histories, so that memory stays bounded with many draws."""
    per_chunk = max(1, _CHUNK_VALUES // carbon.n_draws)
    parts: list[Bookkeeping] = []
    starts = list(range(0, histories.n, per_chunk))
    for i, h0 in enumerate(starts):
        rows = slice(h0, h0 + per_chunk)
        parts.append(
            carbon_bookkeeping(
                histories.classes[rows], years, analysis_year, actions[rows], carbon, histories.area_ha[rows],
                valuation, (lambda h, j, h0=h0: describe(h0 + h, j)) if describe else None,
                steps.sub(i / len(starts), (i + 1) / len(starts)),
            )
        )
    if len(parts) == 1:
        return parts[0]

    def stack(get):
        return {k: np.concatenate([get(b)[k] for b in parts]) for k in get(parts[0])}

    def add(get):
        return {k: sum(get(b)[k] for b in parts) for k in get(parts[0])}

    first = parts[0]
    return Bookkeeping(
        first.boundaries,
        stack(lambda b: b.accumulation),
        stack(lambda b: b.emissions),
        stack(lambda b: b.stock_at),
        None if first.npv is None else np.concatenate([b.npv for b in parts]),
        add(lambda b: b.total_accumulation),
        add(lambda b: b.total_emissions),
        None if first.total_npv is None else sum(b.total_npv for b in parts),
        add(lambda b: b.annual_stock),
    )


def _class_label(scheme: ClassScheme, index: int) -> str:
    return f"{scheme.codes[index - 1]} ({scheme.names[index - 1]})"


def _actions(histories: Histories, table: TransitionTable, years: list[int], warnings: list[str]) -> np.ndarray:
    """The carbon action of every history at every snapshot after the first; checks the table covers them."""
    scheme = histories.scheme
    n = scheme.n_classes
    lookup = np.full((n + 1, n + 1), MISSING, dtype=np.int64)
    for a in range(1, n + 1):
        for b in range(1, n + 1):
            lookup[a, b] = table.type_of(int(scheme.codes[a - 1]), int(scheme.codes[b - 1]))
    m = histories.classes.shape[1]
    actions = np.empty((histories.n, m - 1), dtype=np.int64)
    blanks: dict[tuple[int, int], float] = {}
    for j in range(1, m):
        a, b = histories.classes[:, j - 1], histories.classes[:, j]
        act = lookup[a, b]
        missing = np.flatnonzero(act == MISSING)
        if missing.size:
            h = missing[np.argmax(histories.area_ha[missing])]
            code_a, code_b = scheme.codes[a[h] - 1], scheme.codes[b[h] - 1]
            lacking = [f"no row for class {code_a}"] if code_a not in table.sources else []
            lacking += [f"no column for class {code_b}"] if code_b not in table.destinations else []
            raise InputError(
                f"The transition table '{table.origin}' has {' and '.join(lacking)}, but "
                f"{_class_label(scheme, a[h])} → {_class_label(scheme, b[h])} occurs between {years[j - 1]} and "
                f"{years[j]} ({histories.area_ha[h]:.4g} ha).",
                "Add the missing rows and columns (every class of the snapshots), or leave the parameter empty to use "
                "the default table, which the algorithm writes out for editing.",
            )
        for h in np.flatnonzero(act == BLANK):
            pair = (int(a[h]), int(b[h]))
            blanks[pair] = blanks.get(pair, 0.0) + float(histories.area_ha[h])
        actions[:, j - 1] = np.where(act == BLANK, NCC, act)
    if blanks:
        shown = "; ".join(
            f"{_class_label(scheme, a)} → {_class_label(scheme, b)} ({area:.4g} ha)"
            for (a, b), area in sorted(blanks.items(), key=lambda kv: -kv[1])[:6]
        )
        warnings.append(f"Empty cells of the transition table are read as NCC (no carbon change) for: {shown}.")
    return actions


def _interval_names(interval: float) -> tuple[str, str]:
    lo = (1.0 - interval) / 2 * 100
    return f"p{lo:02g}" if lo >= 1 else f"p{lo:g}", f"p{100 - lo:g}"


def _with_interval(row: dict, name: str, central: float, sample: Optional[np.ndarray], interval: float) -> None:
    row[name] = central
    if sample is None:
        return
    lo_name, hi_name = _interval_names(interval)
    lo = (1.0 - interval) / 2
    row[f"{name}_mean"] = float(np.mean(sample))
    row[f"{name}_{lo_name}"] = float(np.quantile(sample, lo))
    row[f"{name}_{hi_name}"] = float(np.quantile(sample, 1.0 - lo))


def _period_table(result: ChangeResult, with_draws: bool) -> dict[str, np.ndarray]:
    """Per period and in total: areas by action, stocks, accumulation, emissions, net, NPV (t C, t CO₂e)."""
    book = result.book
    hist = result.histories
    bounds = book.boundaries
    interval = result.options.interval
    n_periods = book.n_periods
    rows: list[dict] = []

    def stock_total(j: int) -> float:
        return float(sum(hist.area_ha @ book.stock_at[p][:, j] for p in POOLS))

    def totals(select) -> dict[str, np.ndarray]:
        acc = {p: select(book.total_accumulation[p]) for p in POOLS}
        emi = {p: select(book.total_emissions[p]) for p in EMITTING_POOLS}
        out = {f"accumulation_{p}_tC": acc[p] for p in POOLS}
        out["accumulation_tC"] = sum(acc.values())
        out.update({f"emissions_{p}_tC": emi[p] for p in EMITTING_POOLS})
        out["emissions_tC"] = sum(emi.values())
        out["net_sequestration_tC"] = out["accumulation_tC"] - out["emissions_tC"]
        out["accumulation_tCO2e"] = out["accumulation_tC"] * CO2_PER_C
        out["emissions_tCO2e"] = out["emissions_tC"] * CO2_PER_C
        out["net_sequestration_tCO2e"] = out["net_sequestration_tC"] * CO2_PER_C
        if book.total_npv is not None:
            out["npv_currency"] = select(book.total_npv)
        return out

    uncertain = ("accumulation_tC", "emissions_tC", "net_sequestration_tC", "net_sequestration_tCO2e", "npv_currency")
    for j in range(n_periods + 1):
        is_total = j == n_periods
        row: dict[str, object] = {
            "period": "total" if is_total else f"{bounds[j]}-{bounds[j + 1]}",
            "start_year": bounds[0] if is_total else bounds[j],
            "end_year": bounds[-1] if is_total else bounds[j + 1],
        }
        row["years"] = row["end_year"] - row["start_year"]
        row["driven_by"] = (
            "" if is_total else ("baseline" if j == 0 else f"change {result.years[j - 1]}-{result.years[j]}")
        )
        for name, action in (("accum", ACCUM), ("low_disturb", LOW), ("med_disturb", MED), ("high_disturb", HIGH),
                             ("ncc", NCC)):
            if is_total or j == 0:
                row[f"{name}_ha"] = np.nan
            else:
                row[f"{name}_ha"] = float(hist.area_ha[result.actions[:, j - 1] == action].sum())
        row["stock_start_tC"] = stock_total(0 if is_total else j)
        row["stock_end_tC"] = stock_total(n_periods if is_total else j + 1)
        values = totals((lambda a: a.sum(axis=0)) if is_total else (lambda a, j=j: a[j]))
        for name, per_draw in values.items():
            sample = per_draw[1:] if with_draws and name in uncertain else None
            _with_interval(row, name, float(per_draw[0]), sample, interval)
        rows.append(row)
    return _columns(rows, text=("period", "driven_by"))


def _stock_table(result: ChangeResult, with_draws: bool) -> dict[str, np.ndarray]:
    """Map stocks of each pool at the start of every year from the baseline to the analysis year (t C)."""
    book = result.book
    base = book.boundaries[0]
    rows = []
    for i in range(book.annual_stock["soil"].shape[0]):
        row: dict[str, object] = {"year": base + i}
        for p in POOLS:
            row[f"{p}_stock_tC"] = float(book.annual_stock[p][i, 0])
        total = sum(book.annual_stock[p][i] for p in POOLS)
        _with_interval(row, "total_stock_tC", float(total[0]), total[1:] if with_draws else None, result.options.interval)
        row["total_stock_tCO2e"] = float(total[0]) * CO2_PER_C
        rows.append(row)
    return _columns(rows)


def _transition_area_table(result: ChangeResult) -> dict[str, np.ndarray]:
    """Transition area matrix (ha) between each pair of consecutive snapshots."""
    hist, scheme = result.histories, result.scheme
    n = scheme.n_classes
    rows = []
    for j in range(1, len(result.years)):
        matrix = np.zeros((n + 1, n + 1))
        np.add.at(matrix, (hist.classes[:, j - 1], hist.classes[:, j]), hist.area_ha)
        for a in range(1, n + 1):
            row: dict[str, object] = {
                "from_year": result.years[j - 1],
                "to_year": result.years[j],
                "from_value": scheme.codes[a - 1],
                "from_name": scheme.names[a - 1],
                "from_ecosystem": scheme.ecosystems[a - 1],
            }
            for b in range(1, n + 1):
                row[f"to_{scheme.codes[b - 1]}_ha"] = float(matrix[a, b])
            row["total_ha"] = float(matrix[a, 1:].sum())
            rows.append(row)
    return _columns(rows, text=("from_name", "from_ecosystem"))


def _columns(rows: list[dict], text: Sequence[str] = ()) -> dict[str, np.ndarray]:
    names = list(dict.fromkeys(k for r in rows for k in r))
    return {
        n: np.array([r.get(n, "" if n in text else np.nan) for r in rows], dtype=object if n in text else float)
        for n in names
    }


# -- writing ------------------------------------------------------------------------------------------


RASTER_KINDS: tuple[str, ...] = ("net_sequestration", "accumulation", "emissions", "gain_loss")


def write_change_tables(
    result: ChangeResult,
    periods: Optional[str] = None,
    stocks: Optional[str] = None,
    transition_areas: Optional[str] = None,
    transitions: Optional[str] = None,
    batch: Optional[OutputBatch] = None,
) -> None:
    """Write the CSV tables asked for (each path may be None)."""
    if periods:
        write_csv(periods, result.periods, batch=batch)
    if stocks:
        write_csv(stocks, result.stocks, batch=batch)
    if transition_areas:
        write_csv(transition_areas, result.transition_areas, batch=batch)
    if transitions:
        result.transitions.to_csv(transitions, result.legend, batch=batch)


def write_change_rasters(
    result: ChangeResult,
    snapshots: Snapshots,
    paths: Mapping[str, Optional[str]],
    batch: Optional[OutputBatch] = None,
    feedback: "Optional[FeedbackLike | Steps]" = None,
) -> None:
    """Pass 2: write the rasters asked for (``paths``: kind → path), float32 t C/ha, nodata −9999.

    Each strip of the snapshots is read once and every raster gets its strip by looking the
    cells' histories up; all files are staged and appear together (or not at all).
    """
    wanted = [(k, p) for k, p in paths.items() if p]
    if not wanted:
        return
    steps = as_steps(feedback)
    hist = result.histories
    grid = snapshots.grid
    lookup = hist.index_lookup()
    tables = []
    for kind, _path in wanted:
        values, names = result.raster_bands(kind)
        table = np.full((values.shape[1], hist.n + 1), NODATA, dtype=np.float32)
        table[:, : hist.n] = values.T
        tables.append((table, names))
    tiled = grid.width >= 256 and grid.height >= 256
    block_rows = 256 if tiled else 16
    profile = {
        "driver": "GTiff", "width": grid.width, "height": grid.height, "dtype": "float32", "nodata": NODATA,
        "crs": grid.crs_wkt, "transform": grid.transform, "compress": "deflate", "zlevel": 1,
    }
    profile.update(tiled=True, blockxsize=256, blockysize=256) if tiled else profile.update(blockysize=block_rows)
    own_batch = batch is None
    batch = batch if batch is not None else OutputBatch()
    import rasterio
    from rasterio.windows import Window

    try:
        staged = []
        for (kind, path), (table, names) in zip(wanted, tables):
            tmp = batch.stage(path)
            with rasterio.open(tmp, "w", count=table.shape[0], **profile) as dst:
                for i, name in enumerate(names, start=1):
                    dst.set_band_description(i, name)
            staged.append(tmp)
        # Strips of whole output blocks, each file reopened per strip: closing it hands its written blocks to
        # the disk, so GDAL's block cache never holds more than a strip (it would otherwise fill up to 5 % of RAM).
        unit = block_rows
        input_rows = _block_rows(snapshots)
        if input_rows and input_rows % block_rows == 0:
            unit = input_rows  # whole input blocks too: none is decompressed twice
        rows = result.options.rows_per_strip or max(1, (1 << 22) // max(grid.width, 1))
        rows = max(unit, rows // unit * unit)
        strips = plan_strips(grid.height, grid.width, rows)
        for n_done, (r0, r1) in enumerate(strips):
            digits = [hist.encoder.digits(i, lc.read_rows(r0, r1)) for i, lc in enumerate(snapshots.landcovers)]
            row_of = lookup(hist.encoder.encode(digits, grow=False))
            del digits
            row_of[row_of < 0] = hist.n
            row_of = row_of.reshape(r1 - r0, grid.width)
            window = Window(0, r0, grid.width, r1 - r0)
            for tmp, (table, _names) in zip(staged, tables):
                with rasterio.open(tmp, "r+") as dst:
                    dst.write(table[:, row_of], window=window)
            steps.progress((n_done + 1) / len(strips))
        if own_batch:
            batch.commit()
    except BaseException:
        if own_batch:
            batch.discard()
        raise
