"""Patch-level metrics (FRAGSTATS definitions) from the per-patch sums of the engine.

Units follow FRAGSTATS's printed output and are part of each column name:
AREA (ha), PERIM (m), PARA (m/ha), GYRATE (m), CORE (ha), CAI (%), ENN (m).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np

from .formulas import min_perimeter
from .shape import CONTIG_TEMPLATE_SUM


@dataclass
class PatchData:
    """Per-patch sums (arrays indexed by patch id - 1); optional parts are None when not computed."""

    cls: np.ndarray
    n_cells: np.ndarray
    area_m2: np.ndarray
    perim_m: np.ndarray
    sides: np.ndarray
    centroid_row: np.ndarray
    centroid_col: np.ndarray
    circle_pi: float = float(np.pi)  # FRAGSTATS's program: 3.1415
    gyration_sum_m: Optional[np.ndarray] = None
    contig_sum: Optional[np.ndarray] = None
    circle_diameter_m: Optional[np.ndarray] = None
    core_cells: Optional[np.ndarray] = None
    core_m2: Optional[np.ndarray] = None
    ncore: Optional[np.ndarray] = None
    core_region_patch: Optional[np.ndarray] = None  # patch id - 1 of each disjunct core area
    core_region_m2: Optional[np.ndarray] = None
    enn_m: Optional[np.ndarray] = None
    prox: Optional[np.ndarray] = None

    @property
    def n_patches(self) -> int:
        """Number of patches."""
        return int(self.cls.size)


def area_ha(d: PatchData) -> np.ndarray:
    """AREA: patch area (ha)."""
    return d.area_m2 / 1e4


def para(d: PatchData) -> np.ndarray:
    """PARA: perimeter (m) over area (ha), as FRAGSTATS prints it."""
    return d.perim_m / (d.area_m2 / 1e4)


def shape_index(d: PatchData) -> np.ndarray:
    """SHAPE: perimeter over the smallest perimeter of as many cells (both in cell sides)."""
    return d.sides / min_perimeter(d.n_cells)


def fractal_dimension(d: PatchData) -> np.ndarray:
    """FRAC = 2 ln(0.25 p) / ln(a), p in m, a in m²; 1 for one-cell patches (FRAGSTATS)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        frac = 2.0 * np.log(0.25 * d.perim_m) / np.log(d.area_m2)
    return np.where(d.n_cells == 1, 1.0, frac)


def gyrate(d: PatchData) -> np.ndarray:
    """GYRATE: mean distance (m) between the cell centres and the patch centre.

    The centre is FRAGSTATS's program's (per axis, the grouped-data median of the cells' rows and
    columns; a one-cell patch gets half a cell) or the mean of the cell centres (help page, pylandstats),
    as the engine gathered ``gyration_sum_m``.
    """
    return d.gyration_sum_m / d.n_cells


def circle(d: PatchData) -> np.ndarray:
    """CIRCLE = 1 - area / area of the circumscribing circle, 0 for one-cell patches (FRAGSTATS).

    The circle's diameter is the longest distance between two corners of the patch's cells; π is
    ``d.circle_pi`` (FRAGSTATS's program uses 3.1415, which moves about 5 % of its printed values by one
    unit in the 4th decimal).
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        value = 1.0 - d.area_m2 / (d.circle_pi * d.circle_diameter_m**2 / 4.0)
    return np.where(d.n_cells == 1, 0.0, value)


def contiguity(d: PatchData) -> np.ndarray:
    """CONTIG = (mean template value / 1 - 1) / (13 - 1), 0 for one-cell patches."""
    return (d.contig_sum / d.n_cells - 1.0) / (CONTIG_TEMPLATE_SUM - 1.0)


def core_area_index(d: PatchData) -> np.ndarray:
    """CAI: core area as a percentage of patch area."""
    return d.core_m2 / d.area_m2 * 100.0


def patch_columns(d: PatchData) -> dict[str, np.ndarray]:
    """The patch metric columns that were computed, with units in their names."""
    cols: dict[str, np.ndarray] = {
        "AREA_ha": area_ha(d),
        "PERIM_m": d.perim_m,
        "PARA_m_per_ha": para(d),
        "SHAPE": shape_index(d),
        "FRAC": fractal_dimension(d),
    }
    if d.gyration_sum_m is not None:
        cols["GYRATE_m"] = gyrate(d)
    if d.circle_diameter_m is not None:
        cols["CIRCLE"] = circle(d)
    if d.contig_sum is not None:
        cols["CONTIG"] = contiguity(d)
    if d.core_m2 is not None:
        cols["CORE_ha"] = d.core_m2 / 1e4
        if d.ncore is not None:
            cols["NCORE"] = d.ncore.astype(np.int64)
        cols["CAI_pct"] = core_area_index(d)
    if d.enn_m is not None:
        cols["ENN_m"] = d.enn_m
    if d.prox is not None:
        cols["PROX"] = d.prox
    return cols
