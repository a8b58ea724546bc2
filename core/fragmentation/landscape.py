"""Landscape-level metrics (FRAGSTATS definitions): one value each for the whole map."""

from __future__ import annotations

import numpy as np

from .class_ import cohesion
from .formulas import DISTRIBUTION, distribution, entropy_term, max_like_adjacencies, min_perimeter, pafrac
from .patch import PatchData, patch_columns


def landscape_values(d: PatchData, counts: np.ndarray, lengths_m: np.ndarray, count_boundary_edge: bool) -> dict[str, float]:
    """Landscape metrics (units in the names)."""
    nc = counts.shape[0] - 1
    total_m2 = float(d.area_m2.sum())
    total_cells = float(d.n_cells.sum())
    class_m2 = np.bincount(d.cls - 1, weights=d.area_m2, minlength=nc)
    class_cells = np.bincount(d.cls - 1, weights=d.n_cells, minlength=nc)
    prop = class_m2 / total_m2
    present = prop > 0
    m = int(present.sum())

    out: dict[str, float] = {}
    out["TA_ha"] = total_m2 / 1e4
    out["NP"] = float(d.n_patches)
    out["PD_per_100ha"] = d.n_patches / total_m2 * 1e6
    out["LPI_pct"] = float(d.area_m2.max()) / total_m2 * 100.0
    upper = np.triu(lengths_m[1:, 1:], k=1).sum()
    te = upper + (lengths_m[0, 1:].sum() if count_boundary_edge else 0.0)
    out["TE_m"] = float(te)
    out["ED_m_per_ha"] = float(te / total_m2 * 1e4)
    edge_sides = np.triu(counts[1:, 1:], k=1).sum() + counts[0, 1:].sum()
    out["LSI"] = float(edge_sides / min_perimeter(np.array([total_cells]))[0])

    for name, values in patch_columns(d).items():
        base, _, unit = name.partition("_")
        if base == "NCORE":
            continue
        stats = distribution(np.asarray(values, dtype=np.float64), d.area_m2)
        for stat in DISTRIBUTION:
            key = f"{base}_{stat}" + ("_pct" if stat == "CV" else (f"_{unit}" if unit else ""))
            out[key] = stats[stat]
    out["PAFRAC"] = pafrac(d.area_m2, d.perim_m)

    if d.core_m2 is not None:
        out["TCA_ha"] = float(d.core_m2.sum() / 1e4)
    if d.core_region_m2 is not None:
        out["NDCA"] = float(d.core_region_m2.size)
        out["DCAD_per_100ha"] = d.core_region_m2.size / total_m2 * 1e6
        stats = distribution(d.core_region_m2 / 1e4, d.core_region_m2)
        for stat in DISTRIBUTION:
            out[f"DCORE_{stat}" + ("_pct" if stat == "CV" else "_ha")] = stats[stat]

    g = counts[1:, 1:].astype(np.float64)  # double-count adjacencies among classes
    with np.errstate(divide="ignore", invalid="ignore"):
        row = g.sum(axis=1, keepdims=True)
        share = np.where(row > 0, prop[:, None] * g / row, 0.0)
        out["CONTAG_pct"] = float((1.0 + entropy_term(share).sum() / (2.0 * np.log(m))) * 100.0) if m > 1 else float("nan")
        all_adj = counts[1:, :].sum()
        out["PLADJ_pct"] = float(np.trace(g) / all_adj * 100.0)
        e = np.triu(g, k=1)
        pairs = m * (m - 1) / 2.0
        out["IJI_pct"] = float(-entropy_term(e / e.sum()).sum() / np.log(pairs) * 100.0) if m >= 3 else float("nan")
    out["COHESION"] = cohesion(d.sides, d.n_cells, total_cells)
    sq = float(np.sum(d.area_m2**2))
    out["DIVISION"] = 1.0 - sq / total_m2**2
    out["MESH_ha"] = sq / total_m2 / 1e4
    out["SPLIT"] = total_m2**2 / sq
    out["PR"] = float(m)
    out["PRD_per_100ha"] = m / total_m2 * 1e6
    p = prop[present]
    out["SHDI"] = float(-entropy_term(p).sum())
    out["SIDI"] = float(1.0 - np.sum(p**2))
    out["MSIDI"] = float(-np.log(np.sum(p**2)))
    out["SHEI"] = out["SHDI"] / np.log(m) if m > 1 else float("nan")
    out["SIEI"] = out["SIDI"] / (1.0 - 1.0 / m) if m > 1 else float("nan")
    out["MSIEI"] = out["MSIDI"] / np.log(m) if m > 1 else float("nan")
    like = np.diagonal(g) / 2.0
    with np.errstate(divide="ignore", invalid="ignore"):
        ai = np.where(present, like / max_like_adjacencies(class_cells) * prop, 0.0)
    out["AI_pct"] = float(np.nansum(ai) * 100.0)
    return out
