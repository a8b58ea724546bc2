"""Carbon sink capacity of one land-cover map: stocks, annual sequestration, edge effect, uncertainty.

For every blue-carbon ecosystem e of the map and every patch of it:

- stock of pool p (t C) = area (ha) × stock density of p for e (t C/ha), for the IPCC pools
  aboveground biomass, belowground biomass, litter (dead organic matter) and soil (to the
  depth the parameter table states);
- annual sequestration (t C/yr) = effective area (ha) × Σ accumulation rates of e (t C/ha/yr:
  soil, biomass and litter accumulation, those the table gives);
- effective area = core area + f × edge area, where the edge band is the part of a patch
  within the edge depth of another class, nodata or the map edge (the FRAGSTATS core-area
  definition) and f the relative sequestration rate in that band (1 = no edge effect). The
  same habitat split into more patches has more edge and so sinks less; the difference to
  f = 1 is reported as the loss attributable to fragmentation;
- t CO₂e = t C × 44/12.

Areas are true areas (geodesic on a geographic CRS). Uncertainty: every parameter is drawn
from its published range (seeded Monte Carlo, vectorised over the draws: totals are linear
in the parameters, so no cell is visited per draw), and each total gets its mean and a
central interval (90 % by default). Every number comes from the parameter table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional, Sequence, Union

import numpy as np

from .classes import ClassScheme, read_class_rows
from .errors import InputError
from .feedback import FeedbackLike, Steps, as_steps
from .fragmentation import FragmentationOptions, analyse_fragmentation
from .fragmentation.core_area import core_mask, edge_rows
from .io import OutputBatch, write_raster_strips
from .landcover import LandCover, plan_strips
from .legend import BLUE_CARBON_ECOSYSTEMS
from .parallel import Parallelism
from .patches import row_weighted_sum
from .parameters import APPLIES_TO_TEXT, CO2_PER_C, STATUSES, Parameter, ParameterTable

STOCK_POOLS: tuple[str, ...] = (
    "aboveground_biomass_stock",
    "belowground_biomass_stock",
    "biomass_stock",
    "litter_stock",
    "soil_stock",
)
RATE_PARAMETERS: tuple[str, ...] = ("soil_accumulation", "biomass_accumulation", "litter_accumulation")
DRAINAGE = "soil_drainage_emission"

INTACT, RESTORED, DRAINED = 0, 1, 2
"""Codes of the cell status (:data:`core.parameters.STATUSES` in this order), also the values of a status raster."""


@dataclass(frozen=True)
class ClassRate:
    """The accumulation (and drainage) rates of one class for one cell status, and the rows they come from."""

    code: Union[int, str]
    ecosystem: str
    status: str
    accumulation_tC_ha_yr: float
    drainage_tC_ha_yr: float
    rows: tuple[Parameter, ...]
    """Rows used: the accumulation rates, then the drainage emission."""
    semantics: str
    """In words: which semantics the rate has, or why there is none."""

    @property
    def net_tC_ha_yr(self) -> float:
        """Accumulation minus drainage emission (t C/ha/yr)."""
        return self.accumulation_tC_ha_yr - self.drainage_tC_ha_yr


def rates_per_class(
    parameters: ParameterTable,
    codes: Sequence[Union[int, str]],
    ecosystems: Sequence[str],
    status: str = "intact",
) -> dict[Union[int, str], ClassRate]:
    """Accumulation rate (t C/ha/yr) of every class code for one cell status, with the rows it comes from.

    For each class (raster value ``codes[i]`` of ecosystem ``ecosystems[i]``) and each of soil, biomass and
    litter accumulation, :meth:`ParameterTable.find` takes the class's own row before its ecosystem's,
    and the row whose ``applies_to`` matches ``status`` before an ``any`` row. Drained cells also lose
    the drainage emission factor. The sink and the flow supply both take their rates from here.
    """
    out: dict[Union[int, str], ClassRate] = {}
    for code, eco in zip(codes, ecosystems):
        number = code if isinstance(code, (int, np.integer)) else None
        rows = [r for r in (parameters.find(p, number, eco, status) for p in RATE_PARAMETERS) if r is not None]
        drainage = parameters.find(DRAINAGE, number, eco, status) if status == "drained" else None
        used = tuple(rows) + ((drainage,) if drainage is not None else ())
        if used:
            semantics = "; ".join(f"{r.parameter} for {APPLIES_TO_TEXT[r.applies_to]}" for r in used)
        else:
            others = [r for p in RATE_PARAMETERS for subject in (number, eco) if subject is not None
                      for r in parameters.rows_of(subject, p)]
            if others and status == "intact":
                semantics = ("no rate for intact stands: the table's rates apply to "
                             + ", ".join(sorted({APPLIES_TO_TEXT[r.applies_to] for r in others}))
                             + " (IPCC Tier 1 assumes no soil carbon change in wetlands remaining wetlands)")
            elif others:
                semantics = (f"no rate for {status} cells: the table's rates apply to "
                             + ", ".join(sorted({APPLIES_TO_TEXT[r.applies_to] for r in others})))
            else:
                semantics = "no accumulation rate in the table"
        out[code] = ClassRate(
            code, eco, status, float(sum(r.value for r in rows)), float(drainage.value) if drainage else 0.0,
            used, semantics,
        )
    return out


def _class_stocks(parameters: ParameterTable, code, eco: str, status: str) -> dict[str, Parameter]:
    number = code if isinstance(code, (int, np.integer)) else None
    found = {pool: parameters.find(pool, number, eco, status) for pool in STOCK_POOLS}
    return {pool: row for pool, row in found.items() if row is not None}


@dataclass(frozen=True)
class SinkOptions:
    """How the sink is computed: patch rule, edge effect and Monte Carlo settings."""

    neighbours: int = 8
    edge_depth_m: Optional[float] = None  # None: no edge effect
    edge_factor: float = 1.0  # sequestration rate in the edge band relative to the interior (0..1)
    draws: int = 1000  # Monte Carlo draws; 0 = none
    seed: int = 1
    interval: float = 0.90
    rows_per_strip: Optional[int] = None

    def __post_init__(self) -> None:
        if not 0.0 <= self.edge_factor <= 1.0:
            raise InputError(
                f"The edge sequestration factor must lie between 0 and 1, not {self.edge_factor}.",
                "Give the rate in the edge band as a fraction of the interior rate (e.g. 0.7), or 1 for no edge effect.",
            )
        if self.edge_depth_m is not None and self.edge_depth_m < 0:
            raise InputError(f"The edge depth cannot be negative ({self.edge_depth_m} m).", "Give a depth in metres ≥ 0.")
        if self.draws < 0:
            raise InputError(f"The number of Monte Carlo draws cannot be negative ({self.draws}).", "Give 0 or more.")
        if not 0.0 < self.interval < 1.0:
            raise InputError(f"The interval must lie between 0 and 1, not {self.interval}.", "Give e.g. 0.9 for 90 %.")

    @property
    def edge_effect(self) -> bool:
        """True when an edge band with a reduced rate is modelled."""
        return self.edge_depth_m is not None and self.edge_factor < 1.0


class CellStatus:
    """The status of every cell (INTACT, RESTORED, DRAINED) of a map, read strip by strip.

    Build it with :func:`status_from_earlier_map` (cells that became blue carbon since an earlier date are
    restored; cells that were blue carbon and are not any more are drained/converted) or
    :func:`status_from_raster` (a restoration raster: 1 = restored or created, 2 = drained or converted,
    0 or nodata = intact). Without one, every cell is intact.
    """

    def __init__(self, read: Callable[[int, int], np.ndarray], grid, description: str) -> None:
        self._read = read
        self.grid = grid
        self.description = description

    def rows(self, row0: int, row1: int) -> np.ndarray:
        """Status codes of rows ``row0..row1-1`` (uint8)."""
        return self._read(row0, row1)


def _check_same_grid(lc: LandCover, other: LandCover, what: str) -> None:
    if not lc.grid.same_as(other.grid):
        raise InputError(
            f"The {what} ('{other.path}') is not on the grid of the land-cover map ('{lc.path}').",
            "Resample it onto the map's grid first (QGIS: Align Rasters, nearest neighbour).",
        )


def status_from_earlier_map(lc: LandCover, earlier: LandCover, legend, earlier_legend=None) -> CellStatus:
    """Status from an earlier date: restored where a cell is blue carbon now and was a valid non-blue class then;
    drained where it was blue carbon then and is not now; intact elsewhere. ``legend`` maps both maps' values
    to ecosystems (``earlier_legend`` the earlier map's, when it differs)."""
    _check_same_grid(lc, earlier, "earlier land-cover map")
    blue_now = np.array(sorted(legend.values_of(BLUE_CARBON_ECOSYSTEMS)), dtype=np.int64)
    blue_then = np.array(sorted((earlier_legend or legend).values_of(BLUE_CARBON_ECOSYSTEMS)), dtype=np.int64)

    def read(row0: int, row1: int) -> np.ndarray:
        now, then = lc.read_rows(row0, row1), earlier.read_rows(row0, row1)
        is_now, was = np.isin(now, blue_now) & lc.valid(now), np.isin(then, blue_then) & earlier.valid(then)
        out = np.zeros(now.shape, np.uint8)
        out[is_now & ~was & earlier.valid(then)] = RESTORED
        out[was & ~is_now & lc.valid(now)] = DRAINED
        return out

    return CellStatus(read, lc.grid, f"from the earlier map '{earlier.path}'")


def status_from_raster(lc: LandCover, status: LandCover) -> CellStatus:
    """Status from a restoration raster: 1 = restored or created, 2 = drained or converted, 0 or nodata = intact."""
    _check_same_grid(lc, status, "restoration raster")

    def read(row0: int, row1: int) -> np.ndarray:
        raw = status.read_rows(row0, row1)
        bad = status.valid(raw) & ~np.isin(raw, (0, 1, 2))
        if bad.any():
            raise InputError(
                f"The restoration raster '{status.path}' holds value(s) "
                f"{', '.join(map(str, np.unique(raw[bad])[:8].tolist()))}; it may hold only 0 (intact), 1 (restored "
                "or created) and 2 (drained or converted).",
                "Reclassify it to 0/1/2 (QGIS: Reclassify by table), or use nodata for intact cells.",
            )
        return np.where(status.valid(raw), raw, 0).astype(np.uint8)

    return CellStatus(read, lc.grid, f"from the restoration raster '{status.path}'")


@dataclass
class SinkResult:
    """Per-ecosystem and per-patch sink figures, with Monte Carlo intervals, and the rates each used."""

    ecosystems: list[str]
    table: dict[str, np.ndarray]  # one row per ecosystem, then a "total" row
    patches: dict[str, np.ndarray]  # one row per patch of a sink ecosystem
    patch_ids: np.ndarray
    options: SinkOptions
    labelling: object = field(repr=False, default=None)
    rates: dict[str, np.ndarray] = field(default_factory=dict)
    """One row per class and status present: area, rate, the rows used (table, source) and their semantics."""

    def close(self) -> None:
        """Release the patch-id raster."""
        if self.labelling is not None:
            self.labelling.store.close()


def sink_ecosystems(scheme: ClassScheme, parameters: ParameterTable) -> list[str]:
    """Ecosystems of the map whose classes the table gives an accumulation rate (of any semantics) or a stock."""
    out = []
    for code, eco in zip(scheme.codes, scheme.ecosystems):
        number = code if isinstance(code, (int, np.integer)) else None
        subjects = [s for s in (number, eco) if s is not None]
        if any(parameters.rows_of(s, p) for s in subjects for p in (*RATE_PARAMETERS, *STOCK_POOLS)):
            out.append(eco)
    return list(dict.fromkeys(out))


def assess_sink(
    lc: LandCover,
    scheme: ClassScheme,
    parameters: ParameterTable,
    options: Optional[SinkOptions] = None,
    feedback: Optional["FeedbackLike | Steps"] = None,
    per_patch: bool = True,
    status: Optional[CellStatus] = None,
    parallelism: Optional[Parallelism] = None,
) -> SinkResult:
    """Stocks (t C) and annual sequestration (t C/yr, t CO₂e/yr) per ecosystem, and per patch when asked.

    Without patches the totals come from one pass over the map (class areas, and core areas for the edge
    effect), as fast as reading it; per-patch figures need the patches labelled first.

    Parameters
    ----------
    lc : LandCover
        The land-cover raster (:func:`core.classes.open_classified` or :func:`core.landcover.open_landcover`).
    scheme : ClassScheme
        Its classes, each with an ecosystem from the legend.
    parameters : ParameterTable
        Stocks (t C/ha) and accumulation rates (t C/ha/yr) per class value or ecosystem, each with the
        cells it applies to, and their uncertainty (:func:`core.parameters.effective_parameters`).
    options : SinkOptions, optional
        Patch rule, edge depth (m) and edge factor, Monte Carlo draws, seed and interval; defaults when None.
    feedback : FeedbackLike or Steps, optional
        Progress and cancellation (a ``QgsProcessingFeedback``, :class:`core.feedback.Feedback` or None).
    per_patch : bool
        Also compute the figures of every patch (labels the patches first).
    status : CellStatus, optional
        Intact / restored / drained per cell (:func:`status_from_earlier_map`, :func:`status_from_raster`);
        None: every cell intact.
    parallelism : Parallelism, optional
        Where the patch labelling's strips run (:mod:`core.parallel`); None: the fragmentation engine's default
        (the machine's cores − 1 on rasters of more than one strip). The figures are the same bit for bit. The
        one-pass totals and the sequestration raster stay in this process: they cost about as much as
        starting a pool (docs/benchmarks.md).

    Returns
    -------
    SinkResult
        The per-ecosystem table with a total row (t C, t C/yr, t CO₂e/yr, intervals, the rates' sources
        and semantics), the per-patch table, the per-class rates table and patch ids; call ``close()``
        to release the patch-id raster.
    """
    options = options or SinkOptions()
    steps = as_steps(feedback)
    ecosystems = sink_ecosystems(scheme, parameters)
    if not ecosystems:
        mapped = sorted(set(scheme.ecosystems))
        raise InputError(
            f"No class of the map belongs to an ecosystem the parameter table gives a sequestration rate or stock for "
            f"(the map's ecosystems: {', '.join(mapped)}; the table's: {', '.join(parameters.ecosystems)}).",
            "Choose the legend that maps the map's codes to mangrove, salt_marsh or seagrass, "
            "or a parameter table with rows for the map's ecosystems or class values.",
        )
    labelling = None
    n = scheme.n_classes
    eco_of_class = np.asarray(scheme.ecosystems, dtype=object)
    class_kept = np.isin(eco_of_class, ecosystems)
    if per_patch:
        frag = analyse_fragmentation(
            lc,
            scheme,
            _patch_options(options, parallelism),
            steps.sub(0.0, 0.7 if status is not None else 0.8),
        )
        d = frag.patch_data
        labelling = frag.labelling
        keep = class_kept[d.cls - 1]
        patch_ids = np.flatnonzero(keep) + 1
        unit_class = d.cls[keep].astype(np.int64)  # class index (1-based) of each kept patch
        codes = frag.patches["class"][keep]
        if status is None:
            area_s = _intact_only(d.area_m2[keep] / 1e4)
            core_s = _intact_only((d.core_m2[keep] if options.edge_effect else d.area_m2[keep]) / 1e4)
        else:
            a_all, c_all = _areas_by_status(lc, scheme, options, status, labelling, d.cls.size, steps.sub(0.7, 0.8))
            area_s, core_s = a_all[patch_ids], c_all[patch_ids]
            if not options.edge_effect:
                core_s = area_s.copy()
    else:
        patch_ids = np.zeros(0, dtype=np.int64)
        if status is None:
            area_m2, core_m2 = class_areas(lc, scheme, options, steps.sub(0.0, 0.8))
            area_s, core_s = _intact_only(area_m2 / 1e4), _intact_only(core_m2 / 1e4)
        else:
            area_s, core_s = _areas_by_status(lc, scheme, options, status, None, n, steps.sub(0.0, 0.8))
            if not options.edge_effect:
                core_s = area_s.copy()
        area_s, core_s = area_s[1:][class_kept], core_s[1:][class_kept]
        unit_class = np.flatnonzero(class_kept) + 1
        codes = None
    eff_s = core_s + options.edge_factor * (area_s - core_s)

    statuses = STATUSES
    rates = {st: rates_per_class(parameters, scheme.codes, scheme.ecosystems, st) for st in statuses}
    stocks = {(i, st): _class_stocks(parameters, scheme.codes[i - 1], scheme.ecosystems[i - 1], st)
              for i in range(1, n + 1) for st in statuses}
    rng = np.random.default_rng(options.seed)
    draws = parameters.sample(options.draws, rng) if options.draws else {}
    eco_of_unit = eco_of_class[unit_class - 1]

    table = _ecosystem_table(ecosystems, eco_of_unit, unit_class, area_s, core_s, eff_s, scheme, rates, stocks, draws,
                             options, per_patch)
    table["soil_depth_m"] = np.array(
        [_soil_depth_of(parameters, scheme, e) for e in ecosystems] + [np.nan])  # soil stock depth
    rate_table = _rates_table(scheme, unit_class, area_s, eff_s, rates, class_kept)
    steps.progress(1.0)
    if not per_patch:
        return SinkResult(ecosystems, table, {}, patch_ids, options, None, rate_table)
    seq = np.zeros(unit_class.size)
    gross = np.zeros(unit_class.size)
    for k, st in enumerate(statuses):
        acc = np.array([rates[st][scheme.codes[c - 1]].accumulation_tC_ha_yr for c in unit_class])
        drn = np.array([rates[st][scheme.codes[c - 1]].drainage_tC_ha_yr for c in unit_class])
        seq += eff_s[:, k] * acc - area_s[:, k] * drn
        gross += area_s[:, k] * acc
    area_ha = area_s.sum(axis=1)
    eff_ha = eff_s.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = np.where(area_ha > 0, gross / np.where(area_ha > 0, area_ha, 1), 0.0)
    patches: dict[str, np.ndarray] = {
        "patch_id": patch_ids,
        "class": codes,
        "ecosystem": eco_of_unit,
        "area_ha": area_ha,
        "edge_area_ha": area_ha - core_s.sum(axis=1),
        "restored_area_ha": area_s[:, RESTORED],
        "drained_area_ha": area_s[:, DRAINED],
        "sequestration_rate_tC_ha_yr": rate,
        "sequestration_tC_yr": seq,
        "sequestration_tCO2e_yr": seq * CO2_PER_C,
        "edge_loss_tC_yr": gross - (seq + sum(area_s[:, k] * np.array(
            [rates[st][scheme.codes[c - 1]].drainage_tC_ha_yr for c in unit_class]) for k, st in enumerate(statuses))),
    }
    for pool in STOCK_POOLS:
        if not any(pool in stocks[(c, st)] for c in set(unit_class.tolist()) for st in statuses):
            continue
        total = np.zeros(unit_class.size)
        for k, st in enumerate(statuses):
            density = np.array([stocks[(c, st)][pool].value if pool in stocks[(c, st)] else 0.0 for c in unit_class])
            total += area_s[:, k] * density
        patches[f"{pool}_tC"] = total
    del eff_ha
    return SinkResult(ecosystems, table, patches, patch_ids, options, labelling, rate_table)


def _patch_options(options: SinkOptions, parallelism: Optional[Parallelism]) -> FragmentationOptions:
    """The fragmentation options of the sink's patches: its rule and edge depth, core areas only when the edge
    effect needs them, and where the strips run."""
    where = {}
    if parallelism is not None:
        where = dict(workers=parallelism.workers, backend=parallelism.backend, scheduler=parallelism.scheduler,
                     scratch_dir=parallelism.scratch_dir)
    return FragmentationOptions(
        neighbours=options.neighbours,
        edge_depth_m=options.edge_depth_m,
        metrics=frozenset({"CORE"}) if options.edge_effect else frozenset(),
        rows_per_strip=options.rows_per_strip,
        **where,
    )


def _intact_only(area: np.ndarray) -> np.ndarray:
    out = np.zeros((area.size, len(STATUSES)))
    out[:, INTACT] = area
    return out


def _soil_depth_of(parameters: ParameterTable, scheme: ClassScheme, ecosystem: str) -> float:
    """Soil depth (m) of an ecosystem's soil stock; NaN when its classes' stocks refer to different depths."""
    depths = {parameters.soil_depth_m(ecosystem, code if isinstance(code, (int, np.integer)) else None)
              for code, e in zip(scheme.codes, scheme.ecosystems) if e == ecosystem}
    return depths.pop() if len(depths) == 1 else float("nan")


def _areas_by_status(lc, scheme, options, status: CellStatus, labelling, n_units: int, steps) -> tuple[np.ndarray, np.ndarray]:
    """Area and core area (ha) per class index (labelling None) or per patch id, and per status: (units + 1, 3)."""
    geom, grid = lc.geometry, lc.grid
    rows = edge_rows(options.edge_depth_m, geom.dx_m, geom.dy_m, geom) if options.edge_effect else None
    halo = max(abs(r) for r, _ in rows) if rows else 0
    size = (n_units + 1) * len(STATUSES)
    area = np.zeros(size)
    core = np.zeros(size)
    strips = plan_strips(grid.height, grid.width, options.rows_per_strip)
    for s, (r0, r1) in enumerate(strips):
        steps.progress(s / len(strips))
        k_ext = read_class_rows(lc, scheme, r0 - halo, r1 + halo)
        k = k_ext[halo: halo + (r1 - r0)]
        unit = labelling.store.rows(r0, r1).astype(np.int64) if labelling is not None else k.astype(np.int64)
        unit = np.where(k > 0, unit, 0)
        index = unit * len(STATUSES) + status.rows(r0, r1).astype(np.int64)
        is_core = core_mask(k_ext, halo, rows) & (k > 0) if rows else (k > 0)
        if geom.uniform:
            area += np.bincount(index.reshape(-1), minlength=size)[:size] * geom.cell_area_m2
            core += np.bincount(index[is_core], minlength=size)[:size] * geom.cell_area_m2
        else:
            weights = np.broadcast_to(geom.row_area_m2[r0:r1, None], k.shape)
            area += np.bincount(index.reshape(-1), weights=weights.reshape(-1), minlength=size)[:size]
            core += np.bincount(index[is_core], weights=weights[is_core], minlength=size)[:size]
    return area.reshape(-1, len(STATUSES)) / 1e4, core.reshape(-1, len(STATUSES)) / 1e4


def _rates_table(scheme, unit_class, area_s, eff_s, rates, class_kept) -> dict[str, np.ndarray]:
    """One row per class and status present: the rate used, its rows (table, source) and semantics."""
    rows = []
    for c in np.flatnonzero(class_kept) + 1:
        sel = unit_class == c
        for k, st in enumerate(STATUSES):
            area = float(area_s[sel, k].sum())
            if area <= 0:
                continue
            r = rates[st][scheme.codes[c - 1]]
            eff = float(eff_s[sel, k].sum())
            rows.append({
                "class": str(scheme.codes[c - 1]), "name": scheme.names[c - 1], "ecosystem": scheme.ecosystems[c - 1],
                "status": st, "area_ha": area, "effective_area_ha": eff,
                "accumulation_tC_ha_yr": r.accumulation_tC_ha_yr, "drainage_emission_tC_ha_yr": r.drainage_tC_ha_yr,
                "sequestration_tC_yr": eff * r.accumulation_tC_ha_yr - area * r.drainage_tC_ha_yr,
                "applies_to": ", ".join(dict.fromkeys(x.applies_to for x in r.rows)),
                "tables": ", ".join(dict.fromkeys(x.table for x in r.rows if x.table)),
                "rate_source": " | ".join(x.describe() for x in r.rows),
                "semantics": r.semantics,
            })
    text = ("class", "name", "ecosystem", "status", "applies_to", "tables", "rate_source", "semantics")
    names = list(rows[0]) if rows else ["class", "status", "area_ha", "sequestration_tC_yr", "semantics"]
    return {k: np.array([r.get(k, "" if k in text else np.nan) for r in rows], dtype=object if k in text else float)
            for k in names}


def sink_semantics(result: SinkResult) -> str:
    """One sentence saying which semantics produced the sequestration total (for the report's headline)."""
    r = result.rates
    if not len(r.get("status", ())):
        return "No area of the map has a sequestration rate."
    parts = []
    for st, words in (("intact", "intact stands"), ("restored", "restored or created wetlands"),
                      ("drained", "drained or converted wetlands")):
        sel = r["status"] == st
        if not sel.any():
            continue
        area = float(r["area_ha"][sel].sum())
        with_rate = sel & ((r["accumulation_tC_ha_yr"] > 0) | (r["drainage_emission_tC_ha_yr"] > 0))
        tables = ", ".join(dict.fromkeys(t for ts in r["tables"][with_rate] for t in ts.split(", ") if t))
        kinds = ", ".join(dict.fromkeys(a for s in r["applies_to"][with_rate] for a in s.split(", ") if a))
        if with_rate.any():
            text = f"{area:,.4g} ha of {words} at rates for {', '.join(APPLIES_TO_TEXT[k] for k in kinds.split(', '))}"
            text += f" ({tables})" if tables else ""
        else:
            text = f"{area:,.4g} ha of {words} with no rate"
        none = float(r["area_ha"][sel & ~with_rate].sum())
        if with_rate.any() and none > 0:
            text += f", {none:,.4g} ha of them with no rate"
        parts.append(text)
    total = float(np.nansum(r["sequestration_tC_yr"]))
    tail = ""
    if any(st == "intact" for st in r["status"]) and not ((r["status"] == "intact") & (r["accumulation_tC_ha_yr"] > 0)).any():
        tail = " (IPCC Tier 1 assumes no soil carbon change in wetlands remaining wetlands)"
    return f"The sequestration of {total:,.4g} t C/yr counts " + "; ".join(parts) + tail + "."


def _ecosystem_table(
    ecosystems: list[str],
    eco: np.ndarray,
    unit_class: np.ndarray,
    area_s: np.ndarray,
    core_s: np.ndarray,
    eff_s: np.ndarray,
    scheme: ClassScheme,
    rates: dict,
    stocks: dict,
    draws: dict,
    options: SinkOptions,
    count_patches: bool = True,
) -> dict[str, np.ndarray]:
    """One row per ecosystem and a total row; every total with its Monte Carlo mean and interval.

    The entries are patches (``count_patches``) or whole classes, split by cell status; their ecosystems are
    ``eco`` and their class indices ``unit_class``.
    """
    lo_q, hi_q = (1 - options.interval) / 2, 1 - (1 - options.interval) / 2
    rows: list[dict[str, object]] = []
    total: dict[str, object] = {"ecosystem": "total"}
    total_draws: dict[str, np.ndarray] = {}
    counted = ("patches", "area_ha", "edge_area_ha", "area_intact_ha", "area_restored_ha", "area_drained_ha")
    text_columns = ("rate_source", "semantics")

    def row_draw(used: Sequence[Parameter]) -> Optional[np.ndarray]:
        parts = [draws[r.key] for r in used if r.key in draws]
        return np.sum(parts, axis=0) if parts else None

    for e in ecosystems:
        sel = eco == e
        area_k = area_s[sel].sum(axis=0)
        row: dict[str, object] = {
            "ecosystem": e,
            "patches": int(sel.sum()) if count_patches else np.nan,
            "area_ha": float(area_k.sum()),
            "edge_area_ha": float((area_s[sel] - core_s[sel]).sum()),
            "area_intact_ha": float(area_k[INTACT]),
            "area_restored_ha": float(area_k[RESTORED]),
            "area_drained_ha": float(area_k[DRAINED]),
        }
        seq_c, seq_d = 0.0, None
        gross_c, gross_d = 0.0, None
        drain_c, drain_d = 0.0, None
        pool_c: dict[str, float] = {}
        pool_d: dict[str, Optional[np.ndarray]] = {}
        sources: list[str] = []
        semantics: list[str] = []
        for c in sorted(set(unit_class[sel].tolist())):
            in_c = sel & (unit_class == c)
            code = scheme.codes[c - 1]
            for k, st in enumerate(STATUSES):
                a = float(area_s[in_c, k].sum())
                if a <= 0:
                    continue
                f = float(eff_s[in_c, k].sum())
                r = rates[st][code]
                acc_rows = [x for x in r.rows if x.parameter != DRAINAGE]
                drn_rows = [x for x in r.rows if x.parameter == DRAINAGE]
                ad, dd = row_draw(acc_rows), row_draw(drn_rows)
                seq_c += f * r.accumulation_tC_ha_yr - a * r.drainage_tC_ha_yr
                gross_c += a * r.accumulation_tC_ha_yr
                drain_c += a * r.drainage_tC_ha_yr
                if ad is not None or dd is not None:
                    acc_sample = ad if ad is not None else r.accumulation_tC_ha_yr
                    drn_sample = dd if dd is not None else r.drainage_tC_ha_yr
                    part = f * acc_sample - a * drn_sample
                    seq_d = part if seq_d is None else seq_d + part
                    gpart = a * acc_sample
                    gross_d = gpart if gross_d is None else gross_d + gpart
                    dpart = a * drn_sample
                    drain_d = dpart if drain_d is None else drain_d + dpart
                sources += [x.describe() for x in r.rows]
                semantics.append(f"{scheme.names[c - 1]} {st} {a:.4g} ha: {r.semantics}")
                for pool, prow in stocks[(c, st)].items():
                    pool_c[pool] = pool_c.get(pool, 0.0) + a * prow.value
                    pdraw = draws.get(prow.key)
                    if pdraw is not None:
                        pool_d[pool] = a * pdraw if pool_d.get(pool) is None else pool_d[pool] + a * pdraw
                    sources.append(prow.describe())
        quantities: dict[str, tuple[float, Optional[np.ndarray]]] = {}
        quantities["sequestration_tC_yr"] = (seq_c, seq_d)
        quantities["sequestration_tCO2e_yr"] = (seq_c * CO2_PER_C, None if seq_d is None else seq_d * CO2_PER_C)
        edge_loss_d = None if gross_d is None else gross_d - (seq_d + (drain_d if drain_d is not None else drain_c))
        quantities["edge_loss_tC_yr"] = (gross_c - (seq_c + drain_c), edge_loss_d)
        if drain_c:
            quantities["drainage_emission_tC_yr"] = (drain_c, drain_d)
        stock_c, stock_d = 0.0, None
        for pool in STOCK_POOLS:
            if pool not in pool_c:
                continue
            sample = pool_d.get(pool)
            quantities[f"{pool}_tC"] = (pool_c[pool], sample)
            stock_c += pool_c[pool]
            if sample is not None:
                stock_d = sample if stock_d is None else stock_d + sample
        quantities["total_stock_tC"] = (stock_c, stock_d)
        quantities["total_stock_tCO2e"] = (stock_c * CO2_PER_C, None if stock_d is None else stock_d * CO2_PER_C)
        for name, (value, sample) in quantities.items():
            _put(row, name, value, sample, lo_q, hi_q)
            total[name] = float(total.get(name, 0.0)) + value
            if sample is not None:
                total_draws[name] = total_draws.get(name, 0.0) + sample
        for key in counted:
            total[key] = total.get(key, 0) + row[key]
        row["rate_source"] = " | ".join(dict.fromkeys(sources))
        row["semantics"] = "; ".join(semantics)
        rows.append(row)
    for name in list(total):
        if name in ("ecosystem", *counted) or name.endswith(("_mean", "_p05", "_p95")):
            continue
        _put(total, name, float(total[name]), total_draws.get(name), lo_q, hi_q)
    total["rate_source"] = ""
    total["semantics"] = ""
    rows.append(total)
    names = list(dict.fromkeys(k for r in rows for k in r))
    text = ("ecosystem", *text_columns)
    return {n: np.array([r.get(n, "" if n in text else np.nan) for r in rows], dtype=object if n in text else float)
            for n in names}


def _put(row: dict, name: str, value: float, sample: Optional[np.ndarray], lo_q: float, hi_q: float) -> None:
    """Store a total with its Monte Carlo mean and interval (NaN without draws)."""
    row[name] = value
    if sample is None:
        row[f"{name}_mean"] = row[f"{name}_p05"] = row[f"{name}_p95"] = np.nan
        return
    sample = np.broadcast_to(np.asarray(sample, dtype=float), np.shape(sample))
    row[f"{name}_mean"] = float(np.mean(sample))
    row[f"{name}_p05"] = float(np.quantile(sample, lo_q))
    row[f"{name}_p95"] = float(np.quantile(sample, hi_q))


def class_areas(
    lc: LandCover, scheme: ClassScheme, options: SinkOptions, steps: Optional[Steps] = None
) -> tuple[np.ndarray, np.ndarray]:
    """True area and core area (m²) of every class index (0 = nodata), in one pass over the map."""
    steps = steps or Steps(None)
    geom, grid = lc.geometry, lc.grid
    rows = edge_rows(options.edge_depth_m, geom.dx_m, geom.dy_m, geom) if options.edge_effect else None
    n = scheme.n_classes + 1
    if rows is None and geom.uniform:  # projected map, no edge band: the cell counts of the scheme suffice
        area = np.concatenate(([0.0], np.asarray(scheme.cell_counts, dtype=np.float64) * geom.cell_area_m2))
        return area, area.copy()
    halo = max(abs(r) for r, _ in rows) if rows else 0
    area = np.zeros(n)
    core = np.zeros(n)
    strips = plan_strips(grid.height, grid.width, options.rows_per_strip)
    for s, (r0, r1) in enumerate(strips):
        steps.progress(s / len(strips))
        k_ext = read_class_rows(lc, scheme, r0 - halo, r1 + halo)
        k = k_ext[halo : halo + (r1 - r0)]
        row_area = geom.row_area_m2[r0:r1]
        core_k = np.where(core_mask(k_ext, halo, rows), k, 0) if rows else None
        if geom.uniform:
            area += np.bincount(k.reshape(-1), minlength=n)[:n] * geom.cell_area_m2
            if rows:
                core += np.bincount(core_k.reshape(-1), minlength=n)[:n] * geom.cell_area_m2
        else:
            area += row_weighted_sum(k, n, row_area)
            if rows:
                core += row_weighted_sum(core_k, n, row_area)
    return area, (core if rows else area.copy())


def write_sequestration_raster(
    path: str,
    lc: LandCover,
    scheme: ClassScheme,
    parameters: ParameterTable,
    options: SinkOptions,
    batch: Optional[OutputBatch] = None,
    status: Optional[CellStatus] = None,
) -> None:
    """Two float32 bands: net sequestration rate (t C/ha/yr) and amount per cell (t C/yr), edge effect applied;
    each cell at the rate of its class and status (:func:`rates_per_class`)."""
    ecosystems = sink_ecosystems(scheme, parameters)
    acc = np.zeros((len(STATUSES), scheme.n_classes + 1), dtype=np.float64)
    drn = np.zeros_like(acc)
    for k, st in enumerate(STATUSES):
        per_class = rates_per_class(parameters, scheme.codes, scheme.ecosystems, st)
        for i, (code, e) in enumerate(zip(scheme.codes, scheme.ecosystems), start=1):
            if e in ecosystems:
                acc[k, i] = per_class[code].accumulation_tC_ha_yr
                drn[k, i] = per_class[code].drainage_tC_ha_yr
    geom = lc.geometry
    rows = edge_rows(options.edge_depth_m, geom.dx_m, geom.dy_m, geom) if options.edge_effect else None
    halo = max(abs(r) for r, _ in rows) if rows else 0
    grid = lc.grid

    def strips():
        for r0, r1 in plan_strips(grid.height, grid.width, options.rows_per_strip):
            k_ext = read_class_rows(lc, scheme, r0 - halo, r1 + halo)
            k = k_ext[halo : halo + (r1 - r0)]
            st = status.rows(r0, r1).astype(np.int64) if status is not None else np.zeros(k.shape, np.int64)
            rate = acc[st, k]
            if rows:
                edge = (k > 0) & ~core_mask(k_ext, halo, rows)
                rate = np.where(edge, rate * options.edge_factor, rate)
            rate = rate - drn[st, k]
            amount = rate * (geom.row_area_m2[r0:r1, None] / 1e4)
            out = np.stack([rate, amount]).astype(np.float32)
            out[:, k == 0] = -9999.0
            yield r0, out

    profile = {
        "width": grid.width, "height": grid.height, "count": 2, "dtype": "float32", "nodata": -9999.0,
        "crs": grid.crs_wkt, "transform": grid.transform,
    }
    write_raster_strips(
        path, profile, strips(), ["net sequestration rate (t C/ha/yr)", "net sequestration per cell (t C/yr)"],
        batch=batch
    )
