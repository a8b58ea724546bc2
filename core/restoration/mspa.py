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

import math
import shutil
from dataclasses import dataclass
from typing import Callable, Optional, Sequence, Union

import numpy as np
from scipy import ndimage as ndi

from ..classes import ClassScheme, read_class_rows
from ..errors import InputError
from ..feedback import Steps, as_steps
from ..landcover import CellGeometry, LandCover, plan_strips
from ..patches import structure_of
from ..resources import resource_path

BACKGROUND, BRANCH, EDGE, PERFORATION, ISLET, CORE, BRIDGE, LOOP, MISSING = 0, 1, 3, 5, 9, 17, 33, 65, 129

MSPA_CLASSES: tuple[tuple[str, int, str], ...] = (
    ("core", CORE, "#00c800"),
    ("islet", ISLET, "#a03c00"),
    ("perforation", PERFORATION, "#0000ff"),
    ("edge", EDGE, "#000000"),
    ("loop", LOOP, "#ffff00"),
    ("bridge", BRIDGE, "#ff0000"),
    ("branch", BRANCH, "#ff8c00"),
    ("background", BACKGROUND, "#dcdcdc"),
    ("missing", MISSING, "#ffffff"),
)
"""(name, GuidosToolbox byte code, colour) of every MSPA class, in the guide's order."""

FOREGROUND_CLASSES = tuple(c for c in MSPA_CLASSES if c[0] not in ("background", "missing"))
MAX_CELLS = 1 << 26  # 67 M cells (8192²), about 3 GB of working arrays: the most the whole-raster engine takes
WHOLE_AUTO_CELLS = 1 << 23  # 8.4 M cells (about 2900²): 'auto' analyses rasters up to this whole (faster there), larger in strips
STYLE_FILE = ("styles", "mspa.qml")


def edge_width_cells(width_m: float, geometry: CellGeometry) -> int:
    """Edge width in cells from metres: the nearest whole number of mean cell sides, at least 1."""
    if not width_m > 0:
        raise InputError(
            f"The MSPA edge width must be > 0, not {width_m:g} m.", "Give an edge width of at least one cell side."
        )
    side = 0.5 * (geometry.dx_m + geometry.dy_m)
    return max(1, int(math.floor(width_m / side + 0.5)))


def _distance_to(mask: np.ndarray, neighbours: int) -> np.ndarray:
    """Chessboard (8-rule) or city-block (4-rule) distance in cells of every cell to the nearest True cell."""
    if not mask.any():
        return np.full(mask.shape, np.iinfo(np.int32).max, dtype=np.int32)
    metric = "chessboard" if neighbours == 8 else "taxicab"
    return ndi.distance_transform_cdt(~mask, metric=metric).astype(np.int32)


def mspa_array(
    foreground: np.ndarray,
    valid: Optional[np.ndarray] = None,
    edge_width: int = 1,
    neighbours: int = 8,
    boundary_is_background: bool = False,
) -> np.ndarray:
    """MSPA byte codes (uint8) of a boolean foreground; ``valid`` False marks missing cells (code 129)."""
    if edge_width < 1 or int(edge_width) != edge_width:
        raise InputError(f"The MSPA edge width must be a whole number of cells ≥ 1, not {edge_width}.", "Give 1 or more.")
    s = int(edge_width)
    fg_struct = structure_of(neighbours)
    bg_struct = structure_of(4 if neighbours == 8 else 8)
    valid = np.ones(foreground.shape, dtype=bool) if valid is None else valid.astype(bool)
    fg = foreground.astype(bool) & valid
    bg = valid & ~fg
    if boundary_is_background:
        padded = np.pad(bg, 1, constant_values=True)
        dist_bg = _distance_to(padded, neighbours)[1:-1, 1:-1]
    else:
        dist_bg = _distance_to(bg, neighbours)
    core = fg & (dist_bg > s)
    del dist_bg
    opening = fg & (_distance_to(core, neighbours) <= s)

    out = np.zeros(fg.shape, dtype=np.uint8)
    out[~valid] = MISSING
    # islets: foreground components without core
    fg_lab, n_fg = ndi.label(fg, structure=fg_struct)
    has_core = np.zeros(n_fg + 1, dtype=bool)
    has_core[fg_lab[core]] = True
    has_core[0] = True
    islet = ~has_core[fg_lab]
    del fg_lab
    out[islet] = ISLET
    out[core] = CORE
    # edge / perforation: is the ring cell in a hole of the core?
    non_core = np.pad(~core, 1, constant_values=True)
    nc_lab, _ = ndi.label(non_core, structure=bg_struct)
    exterior = nc_lab[0, 0]
    in_hole = (nc_lab[1:-1, 1:-1] != exterior)
    del nc_lab, non_core
    ring = opening & ~core
    out[ring & in_hole] = PERFORATION
    out[ring & ~in_hole] = EDGE
    del in_hole, ring
    # connectors: bridge, loop, branch
    connector = fg & ~opening & ~islet
    if connector.any():
        region, _ = ndi.label(opening, structure=fg_struct)
        _classify_connectors(out, connector, region, fg_struct)
    return out


def _classify_connectors(out: np.ndarray, connector: np.ndarray, region: np.ndarray, structure: np.ndarray) -> None:
    """Give each connector component the bridge, loop or branch code (see the module docstring).

    ``region`` holds the id (> 0) of the core region (component of the opening) of every opening cell, 0
    elsewhere; only equality of ids matters, so a window of a raster-wide labelling does as well as a local one
    provided it holds whole connector components and the cells around them.
    """
    k_lab, n_k = ndi.label(connector, structure=structure)
    opening = region > 0
    big = np.int64(int(region.max()) + 1)
    hi = ndi.maximum_filter(region, footprint=structure, mode="constant", cval=0)
    lo = ndi.minimum_filter(np.where(opening, region, big).astype(np.int64), footprint=structure, mode="constant", cval=big)
    contact = connector & (hi > 0)
    kc = k_lab[contact].astype(np.int64)
    pairs = np.unique(np.concatenate([kc * big + hi[contact], kc * big + lo[contact]]))
    k_of_pair = pairs // big
    regions_per_k = np.bincount(k_of_pair, minlength=n_k + 1)
    # groups of contact cells, for components touching a single core region
    grp_lab, _ = ndi.label(contact, structure=structure)
    groups = np.unique(kc * (grp_lab.max() + 1) + grp_lab[contact])
    groups_per_k = np.bincount(groups // (grp_lab.max() + 1), minlength=n_k + 1)
    code = np.full(n_k + 1, BRANCH, dtype=np.uint8)
    code[(regions_per_k == 1) & (groups_per_k >= 2)] = LOOP
    code[regions_per_k >= 2] = BRIDGE
    out[connector] = code[k_lab[connector]]
    # spurs of bridges and loops: cells on no path between two contacts become branch
    through = connector & (out != BRANCH)
    if through.any():
        spur = _spurs(through, contact & through, (hi != lo) & contact & through, structure)
        out[spur] = BRANCH


def _spurs(cells: np.ndarray, contact: np.ndarray, multi: np.ndarray, structure: np.ndarray) -> np.ndarray:
    """Cells of bridge and loop components that lie on no path between two contacts (dead-end spurs).

    Graph: the cells (neighbour rule of ``structure``; under the 8-rule with m-adjacency, which has the same
    components but no diagonal shortcut beside an orthogonal path) plus one node Z joined to every contact cell. A cell lies on a
    path between two different contacts exactly when it lies on a simple cycle through Z, i.e. in a biconnected block
    holding Z (found by one depth-first search from Z with low-links). A contact cell alone in its block with Z
    (a cut vertex behind which only a spur hangs) is a spur too, unless it touches two core regions itself
    (``multi``).
    """
    h, w = cells.shape
    flat = np.flatnonzero(cells.ravel())
    n = flat.size
    index = np.full(h * w, -1, dtype=np.int64)
    index[flat] = np.arange(n)
    rows, cols = flat // w, flat % w
    src, dst = [], []
    for dr, dc in zip(*np.nonzero(structure)):
        dr, dc = dr - 1, dc - 1
        if (dr, dc) <= (0, 0):
            continue  # each undirected pair once
        r2, c2 = rows + dr, cols + dc
        ok = (r2 >= 0) & (r2 < h) & (c2 >= 0) & (c2 < w)
        nb = np.full(n, -1, dtype=np.int64)
        nb[ok] = index[r2[ok] * w + c2[ok]]
        has = nb >= 0
        if dr and dc:
            # m-adjacency: a diagonal step only where no orthogonal two-step path joins the same cells, so a
            # spur's base does not close false triangles with the corridor it grows from
            has &= ~(cells.ravel()[np.where(has, (rows + dr) * w + cols, 0)] & has)
            has &= ~(cells.ravel()[np.where(has, rows * w + np.clip(cols + dc, 0, w - 1), 0)] & has)
        src.append(np.flatnonzero(has))
        dst.append(nb[has])
    z = n
    contacts = np.flatnonzero(contact.ravel()[flat])
    a = np.concatenate(src + [np.full(contacts.size, z)])
    b = np.concatenate(dst + [contacts])
    from scipy.sparse import coo_matrix
    g = coo_matrix((np.ones(a.size, dtype=np.int8), (a, b)), shape=(n + 1, n + 1))
    g = (g + g.T).tocsr()
    indptr, indices = g.indptr.tolist(), g.indices.tolist()
    disc = [-1] * (n + 1)
    low = [0] * (n + 1)
    parent = [-1] * (n + 1)
    order: list[int] = []
    disc[z] = low[z] = 0
    t = 1
    stack = [(z, indptr[z])]
    while stack:  # iterative DFS with low-links
        u, pos = stack[-1]
        if pos < indptr[u + 1]:
            stack[-1] = (u, pos + 1)
            v = indices[pos]
            if disc[v] < 0:
                parent[v] = u
                disc[v] = low[v] = t
                t += 1
                order.append(v)
                stack.append((v, indptr[v]))
            elif v != parent[u] and disc[v] < low[u]:
                low[u] = disc[v]
        else:
            stack.pop()
            p = parent[u]
            if p >= 0 and low[u] < low[p]:
                low[p] = low[u]
    on_path = np.zeros(n + 1, dtype=bool)
    on_path[z] = True
    multi_flat = multi.ravel()[flat]
    for v in order:  # parents come first in discovery order
        u = parent[v]
        if u == z:
            on_path[v] = low[v] == 0 or bool(multi_flat[v])
        else:
            on_path[v] = on_path[u] and low[v] < disc[u]
    spur = np.zeros(h * w, dtype=bool)
    spur[flat[~on_path[:n]]] = True
    return spur.reshape(h, w)


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
