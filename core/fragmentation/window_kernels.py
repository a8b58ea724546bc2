"""Moving windows as row segments, and exact window sums and maxima over them.

The window around a focal cell is a ``"circle"`` (cells whose centre lies within ``radius_m`` of
the focal cell's centre, distance ≤ radius · (1 + 1e-9)) or a ``"square"`` (cells within
``radius_m`` both across and along the rows), measured with the cell width ``dx_m`` and height
``dy_m`` in metres. A :class:`Kernel` stores it as one column segment per row offset;
:class:`Kernels` adds the two pair kernels of FRAGSTATS's aggregation index.

:func:`window_sum` never loops over cells: a row-wise cumulative sum is differenced once per
distinct segment width and the differences are added over the row offsets (long runs of equal
width through a cumulative sum down the rows, so a square is fully separable). Boolean and integer
inputs are summed exactly in integers. :func:`window_max` does the same with running maxima.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Iterable, Optional, Sequence

import numpy as np
from scipy.ndimage import maximum_filter1d

from ..errors import InputError

SHAPES = ("circle", "square")
TOLERANCE = 1e-9  # relative tolerance on the radius
RUN_CUMSUM = 4  # runs of more row offsets than this use a cumulative sum over rows


@dataclass(frozen=True)
class Kernel:
    """A window as row segments: for each row offset ``dr``, column offsets ``lo..hi`` (inclusive)."""

    dr: tuple[int, ...]
    lo: tuple[int, ...]
    hi: tuple[int, ...]
    row_radius: int  # halo rows needed above and below
    col_pad: int  # largest |column offset|
    groups: tuple[tuple[int, int, tuple[tuple[int, int], ...]], ...] = field(repr=False)

    @classmethod
    def from_segments(cls, dr: Sequence[int], lo: Sequence[int], hi: Sequence[int], row_radius: int) -> "Kernel":
        """A kernel from its segments (empty segments, hi < lo, are dropped)."""
        keep = [(int(r), int(a), int(b)) for r, a, b in zip(dr, lo, hi) if b >= a]
        pad = max((max(abs(a), abs(b)) for _, a, b in keep), default=0)
        by_width: dict[tuple[int, int], list[int]] = {}
        for r, a, b in keep:
            by_width.setdefault((a, b), []).append(r)
        groups = tuple((a, b, _runs(rows)) for (a, b), rows in by_width.items())
        return cls(
            dr=tuple(k[0] for k in keep),
            lo=tuple(k[1] for k in keep),
            hi=tuple(k[2] for k in keep),
            row_radius=row_radius,
            col_pad=pad,
            groups=groups,
        )

    @property
    def n_cells(self) -> int:
        """Number of cells (or cell pairs) in the kernel."""
        return int(sum(b - a + 1 for a, b in zip(self.lo, self.hi)))


def _runs(rows: list[int]) -> tuple[tuple[int, int], ...]:
    """Consecutive runs ``(first, last)`` of sorted integers."""
    rows = sorted(rows)
    runs, start = [], rows[0]
    for prev, cur in zip(rows, rows[1:]):
        if cur != prev + 1:
            runs.append((start, prev))
            start = cur
    runs.append((start, rows[-1]))
    return tuple(runs)


@dataclass(frozen=True)
class Kernels:
    """The window and AI's two pair kernels (horizontal pairs by left cell, vertical by top cell)."""

    window: Kernel
    pairs_h: Kernel
    pairs_v: Kernel

    @classmethod
    def from_half_widths(cls, half: np.ndarray) -> "Kernels":
        """Kernels of a symmetric window with ``half[i]`` cells each side on row offset ``i - R``."""
        r = (half.size - 1) // 2
        dr = np.arange(-r, r + 1)
        h = half.astype(np.int64)
        both = np.minimum(h[:-1], h[1:])
        return cls(
            window=Kernel.from_segments(dr, -h, h, r),
            pairs_h=Kernel.from_segments(dr, -h, h - 1, r),
            pairs_v=Kernel.from_segments(dr[:-1], -both, both, r),
        )


# -- windows -----------------------------------------------------------------------------------


def _inside(dr: np.ndarray, dc: np.ndarray, radius_m: float, dx_m: float, dy_m: float, shape: str) -> np.ndarray:
    """True where the cell at offset (dr, dc) belongs to the window."""
    reach = radius_m * (1.0 + TOLERANCE)
    if shape == "square":
        return (np.abs(dc) * dx_m <= reach) & (np.abs(dr) * dy_m <= reach)
    return np.hypot(dr * dy_m, dc * dx_m) <= reach


def _half_widths(radius_m: float, dx_m: float, dy_m: float, shape: str, max_rows: Optional[int] = None) -> np.ndarray:
    """Cells each side of the focal column on row offsets -R..R (index i is offset i - R).

    ``max_rows`` clips R (rows farther away than the raster is tall never matter).
    Raises :class:`InputError` when the window holds only the focal cell.
    """
    reach = radius_m * (1.0 + TOLERANCE)
    r = int(math.floor(reach / dy_m)) + 1
    while r > 0 and not _inside(np.array(r), np.array(0), radius_m, dx_m, dy_m, shape):
        r -= 1
    if r == 0 and not _inside(np.array(0), np.array(1), radius_m, dx_m, dy_m, shape):
        raise InputError(
            f"A {shape} of radius {radius_m:g} m holds only the focal cell on cells of {dx_m:.6g} x {dy_m:.6g} m.",
            f"Give a radius of at least one cell ({min(dx_m, dy_m):.6g} m); several cells make meaningful maps.",
        )
    if max_rows is not None:
        r = min(r, max_rows)
    dr = np.arange(-r, r + 1)
    if shape == "square":
        rest = np.full(dr.size, reach)
    else:
        rest = np.sqrt(np.maximum(reach * reach - (dr * dy_m) ** 2, 0.0))
    h = np.floor(rest / dx_m).astype(np.int64) + 1
    for _ in range(3):  # settle floating-point rounding against the exact test
        h = np.where(_inside(dr, h, radius_m, dx_m, dy_m, shape), h + 1, h)
        h = np.where(~_inside(dr, h, radius_m, dx_m, dy_m, shape) & (h > 0), h - 1, h)
    return h


def window_offsets(radius_m: float, dx_m: float, dy_m: float, shape: str = "circle") -> np.ndarray:
    """Offsets ``(d_row, d_col)`` (cells, int array of shape (n, 2)) of the window around a cell.

    ``radius_m``, ``dx_m`` (cell width) and ``dy_m`` (cell height) are in metres.
    Raises :class:`InputError` when the window would hold only the focal cell.
    """
    shape = check_shape(shape)
    check_radius(radius_m, dx_m, dy_m)
    half = _half_widths(radius_m, dx_m, dy_m, shape)
    r = (half.size - 1) // 2
    rows = [np.column_stack((np.full(2 * h + 1, dr), np.arange(-h, h + 1))) for dr, h in zip(range(-r, r + 1), half)]
    return np.concatenate(rows).astype(np.int64)


def window_kernels(radius_m: float, dx_m: float, dy_m: float, shape: str, height: int, width: int) -> Kernels:
    """The window, clipped to what a ``height`` x ``width`` raster can hold, and AI's pair kernels."""
    half = _half_widths(radius_m, dx_m, dy_m, shape, max_rows=height - 1)
    return Kernels.from_half_widths(np.minimum(half, width - 1))


# -- window sums -------------------------------------------------------------------------------


def window_sum(x: np.ndarray, kernel: Kernel) -> np.ndarray:
    """Sum of ``x`` over ``kernel`` around each cell of rows ``R..h-R-1`` of ``x``.

    ``x`` carries ``R = kernel.row_radius`` halo rows above and below the output
    rows; columns beyond ``x`` count as 0. Boolean and integer inputs are summed
    exactly in integers (int32 when the total cannot overflow), others in float64.
    """
    r, p = kernel.row_radius, kernel.col_pad
    h, w = x.shape
    n = h - 2 * r
    dtype = _sum_dtype(x)
    csum = np.zeros((h, w + 2 * p + 1), dtype=dtype)
    csum[:, p + 1 : p + 1 + w] = x
    np.cumsum(csum, axis=1, out=csum)
    out = np.zeros((n, w), dtype=dtype)
    seg = np.empty((h, w), dtype=dtype)
    for lo, hi, runs in kernel.groups:
        np.subtract(csum[:, p + hi + 1 : p + hi + 1 + w], csum[:, p + lo : p + lo + w], out=seg)
        _add_runs(out, seg, runs, r, n)
    return out


def _sum_dtype(x: np.ndarray) -> np.dtype:
    """float64 for real values; int32 for booleans and integers when their total fits, else int64."""
    if x.dtype.kind == "f":
        return np.dtype(np.float64)
    largest = 1 if x.dtype == bool else int(np.iinfo(x.dtype).max)
    return np.dtype(np.int32 if largest * x.size < 2**31 else np.int64)


def _add_runs(out: np.ndarray, seg: np.ndarray, runs: Iterable[tuple[int, int]], r: int, n: int) -> None:
    """Add the rows of ``seg`` at each row offset of ``runs`` to ``out``."""
    rsum = None
    for a, b in runs:
        if b - a + 1 > RUN_CUMSUM:
            if rsum is None:
                rsum = _row_cumsum(seg)
            out += rsum[r + b + 1 : r + b + 1 + n]
            out -= rsum[r + a : r + a + n]
        else:
            for dr in range(a, b + 1):
                out += seg[r + dr : r + dr + n]


def _row_cumsum(seg: np.ndarray) -> np.ndarray:
    """Cumulative sum down the rows with a leading zero row (row by row: much faster than axis-0 cumsum)."""
    rsum = np.empty((seg.shape[0] + 1, seg.shape[1]), dtype=seg.dtype)
    rsum[0] = 0
    if seg.shape[1] < 64:
        np.cumsum(seg, axis=0, out=rsum[1:])
        return rsum
    for i in range(seg.shape[0]):
        np.add(rsum[i], seg[i], out=rsum[i + 1])
    return rsum


def window_max(x: np.ndarray, kernel: Kernel) -> np.ndarray:
    """Maximum of ``x`` (≥ 0) over a symmetric ``kernel`` around each cell of rows ``R..h-R-1``."""
    r = kernel.row_radius
    h, w = x.shape
    n = h - 2 * r
    out = np.zeros((n, w))
    for lo, hi, runs in kernel.groups:
        seg = maximum_filter1d(x, size=hi - lo + 1, axis=1, mode="constant", cval=0.0)
        for a, b in runs:
            for dr in range(a, b + 1):
                np.maximum(out, seg[r + dr : r + dr + n], out=out)
    return out


def check_shape(shape: str) -> str:
    """The window shape's name (circle or square), or InputError."""
    name = str(shape).strip().lower()
    if name not in SHAPES:
        raise InputError(f"Unknown window shape '{shape}'.", "Use 'circle' or 'square'.")
    return name


def check_radius(radius_m: float, dx_m: float, dy_m: float) -> None:
    """InputError unless the radius is a positive, finite number of metres."""
    if not (isinstance(radius_m, (int, float, np.floating, np.integer)) and math.isfinite(radius_m) and radius_m > 0):
        raise InputError(
            f"The window radius must be a positive number of metres, not {radius_m!r}.",
            f"Give a radius of at least one cell ({min(dx_m, dy_m):.6g} m).",
        )
