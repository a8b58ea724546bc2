"""Class-level metrics (FRAGSTATS definitions), one row per class (patch type).

Adjacency counts use FRAGSTATS's double-count method: ``M[i, k]`` is the number
of cell sides shared by classes i and k (i ≠ k) and ``M[i, i]`` twice the like
adjacencies; row/column 0 is nodata or outside the raster.
"""

from __future__ import annotations

import numpy as np

from .formulas import DISTRIBUTION, distribution, entropy_term, max_like_adjacencies, min_perimeter, pafrac
from .patch import PatchData, patch_columns


def class_columns(d: PatchData, counts: np.ndarray, lengths_m: np.ndarray, count_boundary_edge: bool) -> dict[str, np.ndarray]:
    """Class metric columns (units in the names), rows ordered by class index 1..n."""
    nc = counts.shape[0] - 1
    classes = np.arange(1, nc + 1)
    total_m2 = d.area_m2.sum()
    total_cells = d.n_cells.sum()
    members = [d.cls == c for c in classes]
    class_m2 = np.array([d.area_m2[m].sum() for m in members])
    class_cells = np.array([d.n_cells[m].sum() for m in members], dtype=np.float64)
    n_patches = np.array([m.sum() for m in members])
    prop = class_m2 / total_m2

    cols: dict[str, np.ndarray] = {}
    cols["CA_ha"] = class_m2 / 1e4
    cols["PLAND_pct"] = prop * 100.0
    cols["NP"] = n_patches
    cols["PD_per_100ha"] = n_patches / total_m2 * 1e6
    cols["LPI_pct"] = np.array([d.area_m2[m].max() if m.any() else 0.0 for m in members]) / total_m2 * 100.0
    te = total_edge(counts, lengths_m, count_boundary_edge)
    cols["TE_m"] = te
    cols["ED_m_per_ha"] = te / total_m2 * 1e4
    sides = counts[1:, :].sum(axis=1) - counts.diagonal()[1:]  # all sides of class i against anything else
    min_e = min_perimeter(class_cells)
    cols["LSI"] = sides / min_e
    cols["NLSI"] = nlsi(sides, class_cells, min_e, total_cells, counts)

    metrics = patch_columns(d)
    for name, values in metrics.items():
        base, _, unit = name.partition("_")
        if base in ("NCORE",):
            continue
        for stat in DISTRIBUTION:
            key = f"{base}_{stat}" + (f"_{unit}" if unit and stat != "CV" else "") + ("_pct" if stat == "CV" else "")
            cols.setdefault(key, np.empty(nc))
        for i, m in enumerate(members):
            stats = distribution(np.asarray(values, dtype=np.float64)[m], d.area_m2[m])
            for stat in DISTRIBUTION:
                key = f"{base}_{stat}" + (f"_{unit}" if unit and stat != "CV" else "") + ("_pct" if stat == "CV" else "")
                cols[key][i] = stats[stat]
    cols["PAFRAC"] = np.array([pafrac(d.area_m2[m], d.perim_m[m]) for m in members])

    if d.core_m2 is not None:
        tca = np.array([d.core_m2[m].sum() for m in members])
        cols["TCA_ha"] = tca / 1e4
        cols["CPLAND_pct"] = tca / total_m2 * 100.0
    if d.core_region_m2 is not None:
        region_cls = d.cls[d.core_region_patch]
        ndca = np.array([(region_cls == c).sum() for c in classes])
        cols["NDCA"] = ndca
        cols["DCAD_per_100ha"] = ndca / total_m2 * 1e6
        region_ha = d.core_region_m2 / 1e4
        for stat in DISTRIBUTION:
            key = f"DCORE_{stat}" + ("_pct" if stat == "CV" else "_ha")
            cols[key] = np.array(
                [distribution(region_ha[region_cls == c], d.core_region_m2[region_cls == c])[stat] for c in classes]
            )

    like = counts.diagonal()[1:].astype(np.float64)  # double-count like adjacencies g_ii
    all_adj = counts[1:, :].sum(axis=1).astype(np.float64)  # Σ_k g_ik, boundary and nodata included
    with np.errstate(divide="ignore", invalid="ignore"):
        g_ratio = like / (all_adj - min_e)
        clumpy = np.where((g_ratio < prop) & (prop < 0.5), (g_ratio - prop) / prop, (g_ratio - prop) / (1 - prop))
        cols["CLUMPY"] = clumpy
        cols["PLADJ_pct"] = like / all_adj * 100.0
        cols["IJI_pct"] = class_iji(counts)
        cols["COHESION"] = np.array([cohesion(d.sides[m], d.n_cells[m], total_cells) for m in members])
    sq = np.array([np.sum(d.area_m2[m] ** 2) for m in members])
    cols["DIVISION"] = 1.0 - sq / total_m2**2
    cols["MESH_ha"] = sq / total_m2 / 1e4
    cols["SPLIT"] = total_m2**2 / sq
    with np.errstate(divide="ignore", invalid="ignore"):
        cols["AI_pct"] = (like / 2.0) / max_like_adjacencies(class_cells) * 100.0
    return cols


def total_edge(counts: np.ndarray, lengths_m: np.ndarray, count_boundary_edge: bool) -> np.ndarray:
    """TE per class (m): edges against other classes, plus boundary and nodata edges when asked."""
    lengths = lengths_m[1:, :].copy()
    idx = np.arange(lengths.shape[0])
    lengths[idx, idx + 1] = 0.0  # like adjacencies are not edge
    if not count_boundary_edge:
        lengths[:, 0] = 0.0
    return lengths.sum(axis=1)


def nlsi(sides: np.ndarray, class_cells: np.ndarray, min_e: np.ndarray, total_cells: float, counts: np.ndarray) -> np.ndarray:
    """Normalised LSI = (e - min e) / (max e - min e), all in cell sides.

    max e = 4 a when the class covers at most half the landscape, and otherwise
    Z + 4 (A - a), Z being the landscape boundary in cell sides. This is what
    FRAGSTATS 4 prints; its help page also gives a 3A - 2a branch up to
    (A + B) / 2 cells that its output does not use (pinned in the tests).
    """
    prop = class_cells / total_cells
    boundary_sides = counts[0, 1:].sum()
    max_e = np.where(prop <= 0.5, 4 * class_cells, boundary_sides + 4 * (total_cells - class_cells))
    with np.errstate(divide="ignore", invalid="ignore"):
        return (sides - min_e) / (max_e - min_e)


def class_iji(counts: np.ndarray) -> np.ndarray:
    """IJI per class (%): evenness of its edges with the other classes; NaN with fewer than 3 classes."""
    e = counts[1:, 1:].astype(np.float64).copy()
    np.fill_diagonal(e, 0.0)
    m = e.shape[0]
    if m < 3:
        return np.full(m, np.nan)
    total = e.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(total > 0, e / total, 0.0)
    return -entropy_term(share).sum(axis=1) / np.log(m - 1) * 100.0


def cohesion(sides: np.ndarray, cells: np.ndarray, total_cells: float) -> float:
    """Patch cohesion index (Schumaker 1996), perimeters and areas in cell units."""
    p = sides.astype(np.float64)
    a = cells.astype(np.float64)
    denom = np.sum(p * np.sqrt(a))
    if denom == 0 or total_cells <= 1:
        return float("nan")
    return float((1.0 - p.sum() / denom) / (1.0 - 1.0 / np.sqrt(total_cells)) * 100.0)
