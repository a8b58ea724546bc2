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
from typing import Optional

import numpy as np

from .classes import ClassScheme, read_class_rows
from .errors import InputError
from .feedback import FeedbackLike, Steps, as_steps
from .fragmentation import FragmentationOptions, analyse_fragmentation
from .fragmentation.core_area import core_mask, edge_rows
from .io import OutputBatch, write_raster_strips
from .landcover import LandCover, plan_strips
from .patches import row_weighted_sum
from .parameters import ParameterTable

CO2_PER_C = 44.0 / 12.0
"""t CO₂ per t C: the ratio of molar masses (44.01 / 12.011 ≈ 3.664; IPCC uses 44/12)."""

STOCK_POOLS: tuple[str, ...] = (
    "aboveground_biomass_stock",
    "belowground_biomass_stock",
    "litter_stock",
    "soil_stock",
)
RATE_PARAMETERS: tuple[str, ...] = ("soil_accumulation", "biomass_accumulation", "litter_accumulation")


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


@dataclass
class SinkResult:
    """Per-ecosystem and per-patch sink figures, with Monte Carlo intervals."""

    ecosystems: list[str]
    table: dict[str, np.ndarray]  # one row per ecosystem, then a "total" row
    patches: dict[str, np.ndarray]  # one row per patch of a sink ecosystem
    patch_ids: np.ndarray
    options: SinkOptions
    labelling: object = field(repr=False, default=None)

    def close(self) -> None:
        """Release the patch-id raster."""
        if self.labelling is not None:
            self.labelling.store.close()


def sink_ecosystems(scheme: ClassScheme, parameters: ParameterTable) -> list[str]:
    """Ecosystems of the map that the parameter table gives an accumulation rate for."""
    present = list(dict.fromkeys(scheme.ecosystems))
    return [e for e in present if any(parameters.has(e, p) for p in RATE_PARAMETERS)]


def assess_sink(
    lc: LandCover,
    scheme: ClassScheme,
    parameters: ParameterTable,
    options: Optional[SinkOptions] = None,
    feedback: Optional["FeedbackLike | Steps"] = None,
    per_patch: bool = True,
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
        Stocks (t C/ha) and accumulation rates (t C/ha/yr) per ecosystem, with their uncertainty
        (:func:`core.parameters.load_parameters`).
    options : SinkOptions, optional
        Patch rule, edge depth (m) and edge factor, Monte Carlo draws, seed and interval; defaults when None.
    feedback : FeedbackLike or Steps, optional
        Progress and cancellation (a ``QgsProcessingFeedback``, :class:`core.feedback.Feedback` or None).
    per_patch : bool
        Also compute the figures of every patch (labels the patches first).

    Returns
    -------
    SinkResult
        The per-ecosystem table with a total row (t C, t C/yr, t CO₂e/yr, intervals), the per-patch
        table and patch ids; call ``close()`` to release the patch-id raster.
    """
    options = options or SinkOptions()
    steps = as_steps(feedback)
    ecosystems = sink_ecosystems(scheme, parameters)
    if not ecosystems:
        mapped = sorted(set(scheme.ecosystems))
        raise InputError(
            f"No class of the map belongs to an ecosystem the parameter table gives a sequestration rate for "
            f"(the map's ecosystems: {', '.join(mapped)}; the table's: {', '.join(parameters.ecosystems)}).",
            "Choose the legend that maps the map's codes to mangrove, salt_marsh or seagrass, "
            "or a parameter table with rows for the map's ecosystems.",
        )
    labelling = None
    if per_patch:
        frag = analyse_fragmentation(
            lc,
            scheme,
            FragmentationOptions(
                neighbours=options.neighbours,
                edge_depth_m=options.edge_depth_m,
                metrics=frozenset({"CORE"}) if options.edge_effect else frozenset(),
                rows_per_strip=options.rows_per_strip,
            ),
            steps.sub(0.0, 0.8),
        )
        d = frag.patch_data
        labelling = frag.labelling
        eco_of_patch = np.asarray(scheme.ecosystems, dtype=object)[d.cls - 1]
        keep = np.isin(eco_of_patch, ecosystems)
        patch_ids = np.flatnonzero(keep) + 1
        area_ha = d.area_m2[keep] / 1e4
        core_ha = d.core_m2[keep] / 1e4 if options.edge_effect else area_ha
        codes = frag.patches["class"][keep]
    else:
        area_m2, core_m2 = class_areas(lc, scheme, options, steps.sub(0.0, 0.8))
        eco_of_class = np.asarray(scheme.ecosystems, dtype=object)
        keep = np.isin(eco_of_class, ecosystems)
        patch_ids = np.zeros(0, dtype=np.int64)
        area_ha = area_m2[1:][keep] / 1e4
        core_ha = core_m2[1:][keep] / 1e4 if options.edge_effect else area_ha
        eco_of_patch, codes = eco_of_class, None
    edge_ha = area_ha - core_ha
    eco = eco_of_patch[keep]
    effective_ha = core_ha + options.edge_factor * edge_ha

    rng = np.random.default_rng(options.seed)
    draws = parameters.sample(options.draws, rng) if options.draws else {}
    central = {(e, p): parameters.value(e, p) for e in ecosystems for p in (*RATE_PARAMETERS, *STOCK_POOLS) if parameters.has(e, p)}

    table = _ecosystem_table(ecosystems, eco, area_ha, edge_ha, effective_ha, central, draws, options, per_patch)
    table["soil_depth_m"] = np.array([parameters.soil_depth_m(e) for e in ecosystems] + [np.nan])  # soil stock depth
    steps.progress(1.0)
    if not per_patch:
        return SinkResult(ecosystems, table, {}, patch_ids, options, None)
    rate = np.array([_sum_rates(central, e) for e in eco])
    patches: dict[str, np.ndarray] = {
        "patch_id": patch_ids,
        "class": codes,
        "ecosystem": eco,
        "area_ha": area_ha,
        "edge_area_ha": edge_ha,
        "sequestration_rate_tC_ha_yr": rate,
        "sequestration_tC_yr": effective_ha * rate,
        "sequestration_tCO2e_yr": effective_ha * rate * CO2_PER_C,
        "edge_loss_tC_yr": (area_ha - effective_ha) * rate,
    }
    for pool in STOCK_POOLS:
        density = np.array([central.get((e, pool), np.nan) for e in eco])
        patches[f"{pool}_tC"] = area_ha * density

    return SinkResult(ecosystems, table, patches, patch_ids, options, labelling)


def _sum_rates(values: dict, ecosystem: str) -> float:
    """Σ of the accumulation rates (t C/ha/yr) the table gives for an ecosystem."""
    return float(sum(values[(ecosystem, p)] for p in RATE_PARAMETERS if (ecosystem, p) in values))


def _ecosystem_table(
    ecosystems: list[str],
    eco: np.ndarray,
    area_ha: np.ndarray,
    edge_ha: np.ndarray,
    effective_ha: np.ndarray,
    central: dict,
    draws: dict,
    options: SinkOptions,
    count_patches: bool = True,
) -> dict[str, np.ndarray]:
    """One row per ecosystem and a total row; every total with its Monte Carlo mean and interval.

    The entries are patches (``count_patches``) or whole classes; their ecosystems are ``eco``.
    """
    lo_q, hi_q = (1 - options.interval) / 2, 1 - (1 - options.interval) / 2
    rows: list[dict[str, object]] = []
    total: dict[str, object] = {"ecosystem": "total"}
    total_draws: dict[str, np.ndarray] = {}
    for e in ecosystems:
        sel = eco == e
        row: dict[str, object] = {
            "ecosystem": e,
            "patches": int(sel.sum()) if count_patches else np.nan,
            "area_ha": float(area_ha[sel].sum()),
            "edge_area_ha": float(edge_ha[sel].sum()),
        }
        quantities: dict[str, tuple[float, Optional[np.ndarray]]] = {}
        rate_c = _sum_rates(central, e)
        rate_d = _sum_draws(draws, e, RATE_PARAMETERS)
        eff = float(effective_ha[sel].sum())
        area = row["area_ha"]
        quantities["sequestration_tC_yr"] = (eff * rate_c, None if rate_d is None else eff * rate_d)
        quantities["sequestration_tCO2e_yr"] = (eff * rate_c * CO2_PER_C, None if rate_d is None else eff * rate_d * CO2_PER_C)
        quantities["edge_loss_tC_yr"] = ((area - eff) * rate_c, None if rate_d is None else (area - eff) * rate_d)
        stock_c, stock_d = 0.0, None
        for pool in STOCK_POOLS:
            if (e, pool) not in central:
                continue
            pd_ = _sum_draws(draws, e, (pool,))
            quantities[f"{pool}_tC"] = (area * central[(e, pool)], None if pd_ is None else area * pd_)
            stock_c += area * central[(e, pool)]
            if pd_ is not None:
                stock_d = area * pd_ if stock_d is None else stock_d + area * pd_
        quantities["total_stock_tC"] = (stock_c, stock_d)
        quantities["total_stock_tCO2e"] = (stock_c * CO2_PER_C, None if stock_d is None else stock_d * CO2_PER_C)
        for name, (value, sample) in quantities.items():
            _put(row, name, value, sample, lo_q, hi_q)
            total[name] = float(total.get(name, 0.0)) + value
            if sample is not None:
                total_draws[name] = total_draws.get(name, 0.0) + sample
        for key in ("patches", "area_ha", "edge_area_ha"):
            total[key] = total.get(key, 0) + row[key]
        rows.append(row)
    for name in list(total):
        if name in ("ecosystem", "patches", "area_ha", "edge_area_ha") or name.endswith(("_mean", "_p05", "_p95")):
            continue
        _put(total, name, float(total[name]), total_draws.get(name), lo_q, hi_q)
    rows.append(total)
    names = list(dict.fromkeys(k for r in rows for k in r))
    return {n: np.array([r.get(n, np.nan) for r in rows], dtype=object if n == "ecosystem" else float) for n in names}


def _sum_draws(draws: dict, ecosystem: str, parameters: tuple[str, ...]) -> Optional[np.ndarray]:
    """Σ of the Monte Carlo draws of some parameters of an ecosystem (None without draws)."""
    parts = [draws[(ecosystem, p)] for p in parameters if (ecosystem, p) in draws]
    return np.sum(parts, axis=0) if parts else None


def _put(row: dict, name: str, value: float, sample: Optional[np.ndarray], lo_q: float, hi_q: float) -> None:
    """Store a total with its Monte Carlo mean and interval (NaN without draws)."""
    row[name] = value
    if sample is None:
        row[f"{name}_mean"] = row[f"{name}_p05"] = row[f"{name}_p95"] = np.nan
        return
    row[f"{name}_mean"] = float(np.mean(sample))
    row[f"{name}_p05"] = float(np.quantile(sample, lo_q))
    row[f"{name}_p95"] = float(np.quantile(sample, hi_q))


def class_areas(
    lc: LandCover, scheme: ClassScheme, options: SinkOptions, steps: Optional[Steps] = None
) -> tuple[np.ndarray, np.ndarray]:
    """True area and core area (m²) of every class index (0 = nodata), in one pass over the map."""
    steps = steps or Steps(None)
    geom, grid = lc.geometry, lc.grid
    rows = edge_rows(options.edge_depth_m, geom.dx_m, geom.dy_m) if options.edge_effect else None
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
) -> None:
    """Two float32 bands: sequestration rate (t C/ha/yr) and amount per cell (t C/yr), edge effect applied."""
    ecosystems = sink_ecosystems(scheme, parameters)
    central = {(e, p): parameters.value(e, p) for e in ecosystems for p in RATE_PARAMETERS if parameters.has(e, p)}
    rate_of_class = np.zeros(scheme.n_classes + 1, dtype=np.float64)
    for i, e in enumerate(scheme.ecosystems, start=1):
        if e in ecosystems:
            rate_of_class[i] = _sum_rates(central, e)
    geom = lc.geometry
    rows = edge_rows(options.edge_depth_m, geom.dx_m, geom.dy_m) if options.edge_effect else None
    halo = max(abs(r) for r, _ in rows) if rows else 0
    grid = lc.grid

    def strips():
        for r0, r1 in plan_strips(grid.height, grid.width, options.rows_per_strip):
            k_ext = read_class_rows(lc, scheme, r0 - halo, r1 + halo)
            k = k_ext[halo : halo + (r1 - r0)]
            rate = rate_of_class[k]
            if rows:
                edge = (k > 0) & ~core_mask(k_ext, halo, rows)
                rate = np.where(edge, rate * options.edge_factor, rate)
            amount = rate * (geom.row_area_m2[r0:r1, None] / 1e4)
            out = np.stack([rate, amount]).astype(np.float32)
            out[:, k == 0] = -9999.0
            yield r0, out

    profile = {
        "width": grid.width, "height": grid.height, "count": 2, "dtype": "float32", "nodata": -9999.0,
        "crs": grid.crs_wkt, "transform": grid.transform,
    }
    write_raster_strips(
        path, profile, strips(), ["sequestration rate (t C/ha/yr)", "sequestration per cell (t C/yr)"], batch=batch
    )
