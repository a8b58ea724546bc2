"""Turn raw raster values into landscape classes through a legend.

A :class:`ClassScheme` assigns every raster value present to a class index
1..n (0 means "outside the landscape": nodata). Classes are either the raster
values themselves (FRAGSTATS's patch types) or the legend's ecosystems, so that
several codes of one ecosystem (e.g. C-CAP estuarine forested and scrub-shrub)
form one patch type. :func:`open_classified` opens a raster and builds its classes
from a legend in one call; every capability starts there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Union

import numpy as np

from .errors import InputError
from .landcover import LandCover, open_landcover
from .legend import NO_LEGEND, UNCLASSIFIED, Legend, load_legend

GROUP_BY_VALUE = "value"
GROUP_BY_ECOSYSTEM = "ecosystem"


@dataclass
class ClassScheme:
    """Class index per raster value; index 0 is nodata."""

    codes: list[Union[int, str]]  # per class: raster value, or ecosystem key when grouped
    names: list[str]
    ecosystems: list[str]
    colors: list[Optional[str]]
    members: list[list[int]]  # raster values forming each class
    cell_counts: list[int]  # cells of each class in the raster

    def __post_init__(self) -> None:
        values = np.array([v for m in self.members for v in m], dtype=np.int64)
        index = np.array([i + 1 for i, m in enumerate(self.members) for _ in m], dtype=np.int64)
        order = np.argsort(values)
        self._values = values[order]
        self._index = index[order]
        self.dtype = np.dtype(np.uint8 if self.n_classes < 255 else np.uint16)

    @property
    def n_classes(self) -> int:
        """Number of classes (patch types)."""
        return len(self.codes)

    def classify(self, raw: np.ndarray, valid: np.ndarray) -> np.ndarray:
        """Class index (``self.dtype``) of every cell; 0 where ``valid`` is False."""
        if raw.dtype.itemsize == 1 and self._values.size:
            lut = np.zeros(256, dtype=self.dtype)
            offset = int(np.iinfo(raw.dtype).min)
            lut[self._values - offset] = self._index
            out = lut[raw.astype(np.int64) - offset] if offset else lut[raw]
        else:
            pos = np.searchsorted(self._values, raw)
            pos = np.minimum(pos, self._values.size - 1)
            hit = self._values[pos] == raw
            out = np.where(hit, self._index[pos], 0).astype(self.dtype)
        if valid is not None:
            out[~valid] = 0
        return out

    def index_of(self, code: Union[int, str]) -> int:
        """Class index (1-based) of a class code."""
        return self.codes.index(code) + 1


def build_scheme(
    value_counts: dict[int, int],
    legend: Optional[Legend],
    group_by: str = GROUP_BY_VALUE,
    raster_name: str = "the raster",
) -> ClassScheme:
    """Build the classes of a raster from the values present and an optional legend.

    Raises :class:`InputError` when the raster holds only nodata, when the legend
    names none of the values present, or when values present are missing from it.
    """
    present = sorted(v for v, n in value_counts.items() if n > 0)
    if not present:
        raise InputError(
            f"{raster_name} holds only nodata cells.",
            "Check its nodata value, the band, or the area of interest: the landscape needs classified cells.",
        )
    if legend is None:
        legend = Legend.from_values(present)
    known = [v for v in present if v in legend]
    if not known:
        shown = ", ".join(map(str, legend.values[:12])) + (" ..." if len(legend.values) > 12 else "")
        raise InputError(
            f"None of the values of legend '{legend.title}' ({shown}) occurs in {raster_name}, "
            f"which holds {_list(present)}.",
            "Choose the legend of the product the raster comes from, or 'raster values (no legend)', "
            "or write a legend CSV for its codes.",
        )
    unknown = [v for v in present if v not in legend]
    if unknown:
        raise InputError(
            f"{raster_name} holds value(s) {_list(unknown)} that legend '{legend.title}' does not define.",
            "Add a row for each to a copy of the legend CSV (ecosystem non_habitat when it is not habitat), "
            "or set those cells to nodata.",
        )
    if group_by == GROUP_BY_VALUE:
        entries = [legend.entry(v) for v in present]
        return ClassScheme(
            codes=[e.value for e in entries],
            names=[e.name for e in entries],
            ecosystems=[e.ecosystem for e in entries],
            colors=[e.color for e in entries],
            members=[[e.value] for e in entries],
            cell_counts=[value_counts[e.value] for e in entries],
        )
    if group_by != GROUP_BY_ECOSYSTEM:
        raise InputError(f"Unknown grouping '{group_by}'.", f"Use '{GROUP_BY_VALUE}' or '{GROUP_BY_ECOSYSTEM}'.")
    groups: dict[str, list[int]] = {}
    for v in present:
        groups.setdefault(legend.entry(v).ecosystem, []).append(v)
    if UNCLASSIFIED in groups and len(groups) == 1:
        raise InputError(
            "Grouping by ecosystem needs a legend, but none was given.",
            "Choose a legend preset or legend CSV, or group by raster value.",
        )
    codes = list(groups)
    return ClassScheme(
        codes=codes,
        names=[c.replace("_", " ") for c in codes],
        ecosystems=codes,
        colors=[legend.entry(groups[c][0]).color for c in codes],
        members=[groups[c] for c in codes],
        cell_counts=[sum(value_counts[v] for v in groups[c]) for c in codes],
    )


def open_classified(
    path: str,
    band: Optional[int] = None,
    legend: Optional[Union[str, Legend]] = None,
    group_by: str = GROUP_BY_VALUE,
) -> tuple[LandCover, ClassScheme]:
    """Open a land-cover raster and build its classes from a legend preset id, CSV path or None.

    Parameters
    ----------
    path : str
        A GDAL raster of integer class codes.
    band : int, optional
        1-based band; None for the only band (InputError when there are several).
    legend : str, Legend or None
        A legend preset id (e.g. ``"esa_worldcover"``), a legend CSV path, a :class:`Legend`, or
        None / ``""`` for no legend (each raster value its own class, ecosystem unclassified).
    group_by : str
        :data:`GROUP_BY_VALUE` (one class per raster value) or :data:`GROUP_BY_ECOSYSTEM` (one per
        ecosystem of the legend).

    Returns
    -------
    tuple of (LandCover, ClassScheme)
        The open raster (close it when done) and its classes.
    """
    lc = open_landcover(path, band)
    try:
        if legend is None or (isinstance(legend, str) and legend in ("", NO_LEGEND)):
            legend_obj = None
        else:
            legend_obj = legend if isinstance(legend, Legend) else load_legend(legend)
        scheme = build_scheme(lc.value_counts(), legend_obj, group_by, raster_name=f"'{path}'")
    except Exception:
        lc.close()
        raise
    return lc, scheme


def _list(values: list[int], limit: int = 12) -> str:
    text = ", ".join(map(str, values[:limit]))
    return text + (f" and {len(values) - limit} more" if len(values) > limit else "")


def read_class_rows(lc: LandCover, scheme: ClassScheme, row0: int, row1: int) -> np.ndarray:
    """Class indices of rows ``row0..row1-1``; rows outside the raster are 0 (outside)."""
    height = lc.grid.height
    out = np.zeros((row1 - row0, lc.grid.width), dtype=scheme.dtype)
    r0, r1 = max(row0, 0), min(row1, height)
    if r1 > r0:
        raw = lc.read_rows(r0, r1)
        out[r0 - row0 : r1 - row0] = scheme.classify(raw, lc.valid(raw))
    return out
