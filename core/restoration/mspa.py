"""Morphological Spatial Pattern Analysis (MSPA) of a binary habitat map (Soille & Vogt 2009).

The foreground F is the chosen blue-carbon classes, the background B the other classes of the
landscape; nodata cells are *missing* (neither). With the edge width s (cells) and the foreground
neighbour rule (8 by default; the background follows the complementary rule, 4), each foreground cell
gets exactly one of seven classes:

- **core**: cells farther than s from the background, i.e. the erosion ε_s(F) by the square of side
  2s + 1 (8-rule, chessboard distance > s) or the diamond of radius s (4-rule, city-block distance);
- **islet**: the connected components of F that hold no core cell;
- **edge** and **perforation**: the rest of the opening γ_s(F) = δ_s(ε_s(F)) (cells within s of a
  core cell), split by where they lie: inside a hole of the core (a component of the non-core that
  does not reach the raster's border, background rule) → perforation, otherwise edge;
- **bridge**, **loop**, **branch**: the connectors, i.e. F minus the opening and the islets, one
  connected component K at a time. The core regions are the components of γ_s(F) (core with its
  edge and perforation). K touching two or more core regions → bridge; touching one core region at
  two or more separate places (its contact cells form ≥ 2 groups) → loop; otherwise → branch. Within
  a bridge or loop, the cells on no path between two contacts (dead-end spurs) → branch.

Byte codes and colours are GuidosToolbox's (MSPA guide; GWB_MSPA's table of the 7-class output):
core 17 green (0,200,0), islet 9 brown (160,60,0), perforation 5 blue (0,0,255), edge 3 black,
loop 65 yellow (255,255,0), bridge 33 red (255,0,0), branch 1 orange (255,140,0), background 0
grey (220,220,220), missing 129 white.

Departures from GuidosToolbox, all documented in docs/restoration.md:

- the raster border and nodata are not background (the project's convention: edges against nodata
  and the border are not counted), unless ``boundary_is_background``;
- branches growing out of a bridge or loop are found as the cells on no path between two contacts
  (outside the biconnected blocks through the contacts), a graph reading of GuidosToolbox's rule;
- no transition codes (35/37/67/69: a connector's passage through edge or perforation keeps the
  edge or perforation code) and no internal/external "+100" layer.

Memory: two engines give the same codes and table. The whole-raster one (:func:`mspa_array`) reads the
raster strip by strip and analyses it at once: about 45 bytes per cell at the peak (bench/bench_mspa.py,
4000 × 4000 cells: 2.5 s, 0.85 GB for the whole process), refused above :data:`MAX_CELLS`. The strip engine
(:mod:`core.restoration.mspa_strips`) computes the local steps strip by strip with a halo of 2s rows and the
connected components by strips joined across their borders, its memory bounded by a strip, the label
stores (memory or disk) and the bounding box of the largest connector component. :func:`mspa_engine`
chooses (``engine`` of :func:`analyse_mspa`).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from typing import Callable, Optional, Sequence, Union

import numpy as np

from ..classes import ClassScheme, read_class_rows
from ..errors import InputError
from ..feedback import Steps, as_steps
from ..landcover import LandCover, plan_strips
from ..patches import structure_of
from ..resources import resource_path
from .mspa_rules import (  # noqa: F401 (the codes and the whole-array rule, re-exported for the callers)
    BACKGROUND, BRANCH, BRIDGE, CORE, EDGE, FOREGROUND_CLASSES, ISLET, LOOP, MISSING, MSPA_CLASSES, PERFORATION,
    edge_width_cells, mspa_array,
)

MAX_CELLS = 1 << 26  # 67 M cells (8192²), about 3 GB of working arrays: the most the whole-raster engine takes
WHOLE_AUTO_CELLS = 1 << 23  # 8.4 M cells (about 2900²): 'auto' analyses rasters up to this whole (faster there), larger in strips
STYLE_FILE = ("styles", "mspa.qml")


@dataclass
class MspaResult:
    """MSPA codes of a land-cover raster and the class-area table."""

    codes: np.ndarray  # (height, width) uint8 GuidosToolbox codes
    edge_width: int  # cells
    neighbours: int
    table: dict[str, list]  # columns of the class-area table

    def area_of(self, mspa_class: str, ecosystem: str = "all") -> float:
        """Area (ha) of an MSPA class in one ecosystem (or 'all')."""
        for name, eco, area in zip(self.table["mspa_class"], self.table["ecosystem"], self.table["area_ha"]):
            if name == mspa_class and eco == ecosystem:
                return float(area)
        return 0.0


def read_foreground(
    lc: LandCover, scheme: ClassScheme, classes: Sequence[int], rows_per_strip: Optional[int] = None,
    steps: Optional[Steps] = None, max_cells: int = MAX_CELLS,
) -> np.ndarray:
    """Class index (0 = nodata) of every cell, read strip by strip; the foreground is ``isin(classes)``."""
    grid = lc.grid
    if grid.n_cells > max_cells:
        raise InputError(
            f"The whole-raster MSPA needs the map at once and this raster has {grid.n_cells:,} cells, more than the "
            f"{max_cells:,} it handles (about 45 bytes per cell).",
            "Clip the raster to the study area, or resample it to larger cells (nearest neighbour).",
        )
    steps = steps or Steps(None)
    k = np.zeros((grid.height, grid.width), dtype=scheme.dtype)
    strips = plan_strips(grid.height, grid.width, rows_per_strip)
    for s, (r0, r1) in enumerate(strips):
        steps.progress(s / len(strips))
        k[r0:r1] = read_class_rows(lc, scheme, r0, r1)
    return k


def check_foreground(k: np.ndarray, classes: Sequence[int], scheme: ClassScheme) -> np.ndarray:
    """The foreground mask; raises when no cell of the chosen classes is present."""
    fg = np.isin(k, np.asarray(list(classes), dtype=k.dtype))
    if not fg.any():
        _no_foreground(scheme, classes)
    return fg


def _no_foreground(scheme: ClassScheme, classes: Sequence[int]) -> None:
    names = ", ".join(scheme.names[c - 1] for c in classes) or "none"
    raise InputError(
        f"The raster holds no cell of the chosen habitat classes ({names}), so there is no foreground.",
        "Choose classes present in the raster (check the legend and the class list).",
    )


def mspa_engine(n_cells: int, engine: str = "auto", whole_max_cells: int = MAX_CELLS) -> str:
    """The engine that analyses a raster of ``n_cells``: 'whole' (the whole raster at once, up to
    ``whole_max_cells``) or 'strips' (:mod:`core.restoration.mspa_strips`, any size); 'auto' takes the whole
    raster up to :data:`WHOLE_AUTO_CELLS` cells, where it is the faster (docs/benchmarks.md), strips above."""
    if engine not in ("auto", "whole", "strips"):
        raise InputError(f"Unknown MSPA engine '{engine}'.", "Use 'auto', 'whole' or 'strips'.")
    if engine == "whole" and n_cells > whole_max_cells:
        raise InputError(
            f"The whole-raster MSPA holds the map at once and this raster has {n_cells:,} cells, more than the "
            f"{whole_max_cells:,} it handles (about 45 bytes per cell).",
            "Use the strip engine (engine 'strips' or 'auto'), or clip the raster to the study area.",
        )
    if engine == "auto":
        return "whole" if n_cells <= min(WHOLE_AUTO_CELLS, whole_max_cells) else "strips"
    return engine


def analyse_mspa(
    lc: LandCover,
    scheme: ClassScheme,
    classes: Sequence[int],
    edge_width: int = 1,
    neighbours: int = 8,
    boundary_is_background: bool = False,
    rows_per_strip: Optional[int] = None,
    feedback: object = None,
    engine: str = "auto",
    whole_max_cells: int = MAX_CELLS,
) -> MspaResult:
    """MSPA of the chosen classes of a land-cover raster, with the area table per MSPA class and ecosystem.

    ``engine`` (see :func:`mspa_engine`) and ``rows_per_strip`` (rows read, or analysed, per strip) change
    neither the codes nor the table.
    """
    steps = as_steps(feedback)
    if edge_width < 1 or int(edge_width) != edge_width:
        raise InputError(f"The MSPA edge width must be a whole number of cells ≥ 1, not {edge_width}.", "Give 1 or more.")
    structure_of(neighbours)
    if mspa_engine(lc.grid.n_cells, engine, whole_max_cells) == "strips":
        return _analyse_in_strips(lc, scheme, classes, int(edge_width), neighbours, boundary_is_background,
                                  rows_per_strip, steps)
    k = read_foreground(lc, scheme, classes, rows_per_strip, steps.sub(0.0, 0.3), whole_max_cells)
    fg = check_foreground(k, classes, scheme)
    steps.progress(0.35)
    codes = mspa_array(fg, k > 0, edge_width, neighbours, boundary_is_background)
    steps.progress(0.9)
    table = area_table(codes, k, scheme, classes, lc.geometry.row_area_m2)
    steps.progress(1.0)
    return MspaResult(codes, int(edge_width), neighbours, table)


def _analyse_in_strips(
    lc: LandCover, scheme: ClassScheme, classes: Sequence[int], edge_width: int, neighbours: int,
    boundary_is_background: bool, rows_per_strip: Optional[int], steps: Steps,
) -> MspaResult:
    """:func:`analyse_mspa` by the strip engine: the land cover is read again for each strip and its halo."""
    from .mspa_strips import mspa_strips

    if sum(scheme.cell_counts[c - 1] for c in classes) == 0:
        _no_foreground(scheme, classes)
    chosen = np.asarray(list(classes), dtype=scheme.dtype)

    def read(row0: int, row1: int) -> tuple[np.ndarray, np.ndarray]:
        k = read_class_rows(lc, scheme, row0, row1)
        return np.isin(k, chosen), k > 0

    grid = lc.grid
    codes = mspa_strips(read, grid.height, grid.width, edge_width, neighbours, boundary_is_background,
                        rows_per_strip, steps.sub(0.0, 0.9))
    table = area_table(codes, lambda r0, r1: read_class_rows(lc, scheme, r0, r1), scheme, classes,
                       lc.geometry.row_area_m2)
    steps.progress(1.0)
    return MspaResult(codes, edge_width, neighbours, table)


def area_table(
    codes: np.ndarray, k: Union[np.ndarray, Callable[[int, int], np.ndarray]], scheme: ClassScheme,
    classes: Sequence[int], row_area_m2: np.ndarray,
) -> dict[str, list]:
    """Cells, true area (ha) and share of the foreground of every MSPA class, per ecosystem and in all.

    ``k`` is the class-index raster, or a function of ``(row0, row1)`` giving its rows (the strip engine);
    the sums run over the same chunks of rows either way, so the table is the same to the last bit.

    Ecosystems are those of the chosen classes (their legend ecosystem, or the class name without a
    legend); background and missing have one row each (ecosystem 'all').
    """
    eco_of_class = {c: (scheme.ecosystems[c - 1] if scheme.ecosystems[c - 1] != "unclassified" else str(scheme.codes[c - 1]))
                    for c in classes}
    ecos = list(dict.fromkeys(eco_of_class.values()))
    eco_index = np.zeros(scheme.n_classes + 1, dtype=np.int64)  # 0 = not foreground
    for c, e in eco_of_class.items():
        eco_index[c] = ecos.index(e) + 1
    n_eco = len(ecos) + 1
    code_slot = np.zeros(256, dtype=np.int64)
    for slot, (_name, code, _color) in enumerate(MSPA_CLASSES):
        code_slot[code] = slot
    n_slot = len(MSPA_CLASSES)
    cells = np.zeros(n_slot * n_eco, dtype=np.int64)
    area = np.zeros(n_slot * n_eco)
    for r0 in range(0, codes.shape[0], max(1, (1 << 22) // max(codes.shape[1], 1))):
        r1 = min(codes.shape[0], r0 + max(1, (1 << 22) // max(codes.shape[1], 1)))
        key = code_slot[codes[r0:r1]] * n_eco + eco_index[k(r0, r1) if callable(k) else k[r0:r1]]
        cells += np.bincount(key.ravel(), minlength=n_slot * n_eco)
        area += np.bincount(key.ravel(), weights=np.broadcast_to(row_area_m2[r0:r1, None], key.shape).ravel(),
                            minlength=n_slot * n_eco)
    cells = cells.reshape(n_slot, n_eco)
    area = area.reshape(n_slot, n_eco) / 1e4
    fg_total = area[: len(FOREGROUND_CLASSES)].sum()
    table: dict[str, list] = {"mspa_class": [], "code": [], "ecosystem": [], "cells": [], "area_ha": [],
                              "percent_of_foreground": []}

    def add(slot: int, eco: str, n: int, a: float) -> None:
        name, code, _ = MSPA_CLASSES[slot]
        table["mspa_class"].append(name)
        table["code"].append(code)
        table["ecosystem"].append(eco)
        table["cells"].append(int(n))
        table["area_ha"].append(float(a))
        table["percent_of_foreground"].append(100.0 * a / fg_total if name not in ("background", "missing") and fg_total else None)

    for slot in range(len(FOREGROUND_CLASSES)):
        for e, eco in enumerate(ecos, start=1):
            add(slot, eco, cells[slot, e], area[slot, e])
        add(slot, "all", cells[slot].sum(), area[slot].sum())
    for slot in range(len(FOREGROUND_CLASSES), n_slot):
        add(slot, "all", cells[slot].sum(), area[slot].sum())
    return table


def write_mspa_style(raster_path: str) -> str:
    """Copy the shipped MSPA palette (``resources/styles/mspa.qml``) beside the raster as ``<raster>.qml``."""
    dest = raster_path.rsplit(".", 1)[0] + ".qml"
    shutil.copyfile(resource_path(*STYLE_FILE), dest)
    return dest
