"""Class histories: each cell's classes at the m snapshots, tallied by area in strips.

Efficiency: every cell with the same class history (its classes at the m snapshots) follows the
same per-hectare trajectory. Pass 1 (:func:`tally_histories`) reads the snapshots strip by strip,
encodes each cell's history and sums the true area (ha) of each distinct history (memory bounded
by a strip); the yearly bookkeeping then runs once per history (vectorised over histories and
Monte Carlo draws) and the totals are areas × per-hectare values; pass 2 (only for rasters,
:func:`core.change.outputs.write_change_rasters`) reads the strips again and looks each cell's
values up by its history (:meth:`Histories.index_lookup`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional, Sequence

import numpy as np

from ..classes import GROUP_BY_VALUE, ClassScheme, build_scheme
from ..errors import InputError
from ..feedback import FeedbackLike, Steps, as_steps
from ..landcover import LandCover, plan_strips
from .snapshots import Snapshots, block_rows

_DIRECT_LIMIT = 1 << 62  # history keys are base-n numbers up to this size; beyond, keys are compacted step by step
_DENSE_LIMIT = 1 << 22  # areas are tallied in a dense array when the key space is at most this


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


def _strips(snapshots: Snapshots, rows_per_strip: Optional[int]) -> list[tuple[int, int]]:
    """Row strips of about 4 M cells, cut on the files' block rows so no block is decompressed twice."""
    grid = snapshots.grid
    if rows_per_strip is None:
        rows_per_strip = max(1, (1 << 22) // max(grid.width, 1))
        block = block_rows(snapshots)
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
