"""The MSPA rules on one array (Soille & Vogt 2009; the method and the departures from GuidosToolbox are in
:mod:`core.restoration.mspa`): GuidosToolbox's class codes and colours, the distance to the background, and
the classification of a whole array (:func:`mspa_array`) with its connector rule (bridge, loop, branch, spurs).
Both engines use them: the whole raster (:mod:`.mspa`) and strips with windows (:mod:`.mspa_strips`).
"""

from __future__ import annotations

import math
from typing import Optional

import numpy as np
from scipy import ndimage as ndi

from ..errors import InputError
from ..landcover import CellGeometry
from ..patches import structure_of

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
