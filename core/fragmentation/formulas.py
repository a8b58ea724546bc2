"""Small FRAGSTATS formulas shared by the patch, class and landscape levels."""

from __future__ import annotations

import numpy as np

DISTRIBUTION = ("MN", "AM", "MD", "RA", "SD", "CV")
"""FRAGSTATS distribution statistics: mean, area-weighted mean, median, range, SD (population), CV (%)."""


def min_perimeter(cells: np.ndarray) -> np.ndarray:
    """Smallest perimeter (in cell sides) of ``cells`` cells (Milne 1991; Bogaert et al. 2000)."""
    a = np.asarray(cells, dtype=np.float64)
    n = np.floor(np.sqrt(a))
    m = a - n * n
    return np.where(m == 0, 4 * n, np.where(a <= n * (n + 1), 4 * n + 2, 4 * n + 4))


def max_like_adjacencies(cells: np.ndarray) -> np.ndarray:
    """Largest number of like adjacencies (single count) ``cells`` cells can have (FRAGSTATS AI)."""
    a = np.asarray(cells, dtype=np.float64)
    n = np.floor(np.sqrt(a))
    m = a - n * n
    return np.where(m == 0, 2 * n * (n - 1), np.where(m <= n, 2 * n * (n - 1) + 2 * m - 1, 2 * n * (n - 1) + 2 * m - 2))


def distribution(values: np.ndarray, area: np.ndarray) -> dict[str, float]:
    """MN, AM (area-weighted), MD, RA, SD (divided by n, as FRAGSTATS) and CV (%) of ``values``.

    NaN values (e.g. ENN of a patch without neighbour) are left out.
    """
    ok = ~np.isnan(values)
    x, w = values[ok], area[ok]
    if x.size == 0:
        return {k: float("nan") for k in DISTRIBUTION}
    mn = float(x.mean())
    sd = float(x.std())
    return {
        "MN": mn,
        "AM": float(np.sum(x * w) / np.sum(w)) if np.sum(w) > 0 else float("nan"),
        "MD": float(np.median(x)),
        "RA": float(x.max() - x.min()),
        "SD": sd,
        "CV": sd / mn * 100.0 if mn != 0 else float("nan"),
    }


def pafrac(area_m2: np.ndarray, perim_m: np.ndarray) -> float:
    """Perimeter-area fractal dimension: 2 / slope of ln(area) on ln(perimeter).

    FRAGSTATS reports N/A (NaN here) for fewer than 10 patches or when the
    regression is undefined.
    """
    if area_m2.size < 10:
        return float("nan")
    lp, la = np.log(perim_m), np.log(area_m2)
    n = lp.size
    denom = n * np.sum(lp * lp) - np.sum(lp) ** 2
    if denom == 0:
        return float("nan")
    slope = (n * np.sum(lp * la) - np.sum(lp) * np.sum(la)) / denom
    return float(2.0 / slope) if slope != 0 else float("nan")


def entropy_term(p: np.ndarray) -> np.ndarray:
    """``p · ln p`` with 0 for p = 0."""
    p = np.asarray(p, dtype=np.float64)
    out = np.zeros_like(p)
    pos = p > 0
    out[pos] = p[pos] * np.log(p[pos])
    return out
