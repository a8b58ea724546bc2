"""Connectivity of a land-cover raster: nodes → distances → indices → corridors, and the output tables.

``assess_connectivity`` runs the chain on the chosen habitat classes; ``write_connectivity`` writes the
node table, the landscape table and the corridor raster all together or not at all (``OutputBatch``).
Equations: :mod:`.connectivity`; nodes and distances: :mod:`.nodes`; corridors: :mod:`.corridors`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Optional, Sequence, Union

import numpy as np

from ..classes import ClassScheme
from ..errors import InputError
from ..feedback import as_steps
from ..flow.resistance import ResistanceTable, load_resistance
from ..io import OutputBatch, write_csv, write_raster_strips, write_record_csv
from ..landcover import LandCover
from .connectivity import P_MIN, ConnectivityIndices, connectivity_indices, decay_constant
from .corridors import MAX_CIRCUIT_CELLS, Corridor, least_cost_corridors, pairwise_current
from .mspa import CORE, MISSING, check_foreground, mspa_array, read_foreground
from .nodes import CORES, LEAST_COST, NODE_KINDS, PATCHES, STRAIGHT_LINE, DISTANCE_MODES, Nodes, array_nodes, \
    edge_distances, patch_nodes, resistance_reader

DEFAULT_PROBABILITY = 0.05
"""Default dispersal probability at the threshold distance (the distance reached by 5 % of dispersers)."""


@dataclass
class ConnectivityOptions:
    """What to compute; distances and the threshold are in metres (cost-metres for least-cost distances)."""

    threshold: float = 1000.0
    probability: float = DEFAULT_PROBABILITY
    nodes: str = PATCHES
    distance: str = STRAIGHT_LINE
    resistance: Union[None, str, ResistanceTable] = None
    edge_width: int = 1  # cells, for MSPA cores as nodes
    neighbours: int = 8
    landscape_area_ha: Optional[float] = None
    p_min: float = P_MIN
    iic_connectors: bool = True  # dIIC and dIICconnector: costly in one large network (see connectivity)
    corridors: bool = False
    corridor_raster: bool = False
    current_map: bool = False  # cumulative current over the linked pairs (circuit theory)
    rows_per_strip: Optional[int] = None

    def check(self) -> None:
        """Raise :class:`InputError` on an impossible combination (before any work)."""
        decay_constant(self.probability, self.threshold)
        if self.nodes not in NODE_KINDS:
            raise InputError(f"Unknown node type '{self.nodes}'.", f"Use one of {', '.join(NODE_KINDS)}.")
        if self.distance not in DISTANCE_MODES:
            raise InputError(f"Unknown distance '{self.distance}'.", f"Use one of {', '.join(DISTANCE_MODES)}.")
        if (self.corridors or self.corridor_raster or self.current_map) and self.distance != LEAST_COST:
            raise InputError(
                "Corridors and current flow use the resistance surface, but straight-line distances were chosen.",
                "Choose least-cost distances (with a resistance table) to map corridors or current flow.",
            )
        if self.landscape_area_ha is not None and not self.landscape_area_ha > 0:
            raise InputError(f"The landscape area must be > 0 ha, not {self.landscape_area_ha:g}.",
                             "Leave it empty to use the raster's valid area.")

    @property
    def cut_distance(self) -> float:
        """Pairs farther than this have p_ij < p_min and are dropped (at least the threshold)."""
        if self.p_min <= 0:
            return math.inf
        return max(self.threshold, -math.log(self.p_min) / decay_constant(self.probability, self.threshold))


@dataclass
class ConnectivityResult:
    """Nodes, their pairs, the indices and the corridors of one run."""

    nodes: Nodes
    pairs: tuple[np.ndarray, np.ndarray, np.ndarray]
    indices: ConnectivityIndices
    options: ConnectivityOptions
    transform: object
    corridors: list[Corridor] = field(default_factory=list)
    corridor_raster: Optional[np.ndarray] = None
    current: Optional[np.ndarray] = None  # cumulative current (A), NaN on impassable cells

    def node_table(self) -> dict[str, list]:
        """One row per node: id, area, centroid, component, dIIC and dPC with their fractions (%)."""
        t = self.transform
        x = t.c + (self.nodes.centroid_col + 0.5) * t.a
        y = t.f + (self.nodes.centroid_row + 0.5) * t.e
        table: dict[str, object] = {
            "node_id": np.arange(1, self.nodes.n + 1), "area_ha": self.nodes.area_ha, "cells": self.nodes.n_cells,
            "x": x, "y": y,
        }
        table.update(self.indices.node)
        return {k: list(v) for k, v in table.items()}

    def landscape_record(self) -> dict[str, object]:
        """The landscape indices with the run's settings."""
        rec: dict[str, object] = {"nodes": self.nodes.kind, "distance": self.options.distance}
        rec.update(self.indices.landscape)
        return rec

    def corridor_coordinates(self, corridor: Corridor) -> list[tuple[float, float]]:
        """Map coordinates of a corridor's cell centres."""
        t = self.transform
        return [(t.c + (c + 0.5) * t.a, t.f + (r + 0.5) * t.e) for r, c in zip(corridor.rows, corridor.cols)]

    def close(self) -> None:
        """Free the node label raster."""
        self.nodes.close()


def _resistance(options: ConnectivityOptions) -> ResistanceTable:
    r = options.resistance
    return r if isinstance(r, ResistanceTable) else load_resistance(r)


def assess_connectivity(
    lc: LandCover, scheme: ClassScheme, classes: Sequence[int], options: ConnectivityOptions, feedback: object = None
) -> ConnectivityResult:
    """Nodes of the chosen classes, their distances, IIC/PC/EC and dIIC/dPC, optional corridors."""
    options.check()
    steps = as_steps(feedback)
    geom = lc.geometry
    if options.current_map and lc.grid.n_cells > MAX_CIRCUIT_CELLS:
        raise InputError(
            f"The current-flow map solves the whole raster at once and this one has {lc.grid.n_cells:,} cells, more "
            f"than the {MAX_CIRCUIT_CELLS:,} allowed.",
            "Clip the raster to the study area or resample it to larger cells, or leave the current map out.",
        )
    reader = None
    if options.distance == LEAST_COST:
        reader = resistance_reader(lc, scheme, _resistance(options))
    if options.nodes == PATCHES:
        nodes = patch_nodes(lc, scheme, classes, options.neighbours, options.rows_per_strip, steps.sub(0.0, 0.2))
    else:
        k = read_foreground(lc, scheme, classes, options.rows_per_strip, steps.sub(0.0, 0.1))
        fg = check_foreground(k, classes, scheme)
        codes = mspa_array(fg, k > 0, options.edge_width, options.neighbours)
        valid_ha = float((geom.row_area_m2[:, None] * (codes != MISSING)).sum()) / 1e4
        del k, fg
        nodes = array_nodes(codes == CORE, geom.row_area_m2, valid_ha, options.neighbours, CORES)
        steps.progress(0.2)
    try:
        pairs = edge_distances(nodes, geom.dx_m, geom.dy_m, options.cut_distance, reader, steps.sub(0.2, 0.6))
        area_l = options.landscape_area_ha if options.landscape_area_ha is not None else nodes.valid_area_ha
        indices = connectivity_indices(nodes.area_ha, *pairs, options.threshold, options.probability, area_l,
                                       options.p_min, steps.sub(0.6, 0.9), options.iic_connectors)
        result = ConnectivityResult(nodes, pairs, indices, options, lc.grid.transform)
        if options.corridors or options.corridor_raster:
            i, j, d = pairs
            linked = [(int(a), int(b)) for a, b, dd in zip(i, j, d) if dd <= options.threshold]
            result.corridors, result.corridor_raster = least_cost_corridors(
                nodes, linked, reader[0], reader[1], geom.dx_m, geom.dy_m, options.threshold,
                options.corridor_raster, steps.sub(0.9, 0.95))
        if options.current_map:
            i, j, d = pairs
            linked = [(int(a), int(b)) for a, b, dd in zip(i, j, d) if dd <= options.threshold]
            h, w = nodes.height, nodes.width
            result.current = pairwise_current(reader[0](0, h, 0, w), nodes.window(0, h, 0, w), linked, geom.dx_m,
                                              geom.dy_m, options.neighbours, steps.sub(0.95, 1.0))
    except BaseException:
        nodes.close()
        raise
    steps.progress(1.0)
    return result


def write_connectivity(
    result: ConnectivityResult, node_csv: str, landscape_csv: str, corridor_tif: str = "",
    profile: Optional[dict] = None, before_commit: Optional[Callable[[], None]] = None, current_tif: str = "",
) -> None:
    """Write the node and landscape tables (and the corridor raster) together, or nothing.

    ``before_commit`` runs once the files are staged (e.g. writing a layer elsewhere); if it raises, nothing is
    published."""
    with OutputBatch() as batch:
        write_csv(node_csv, result.node_table(), batch=batch)
        write_record_csv(landscape_csv, result.landscape_record(), batch=batch)
        if corridor_tif and result.corridor_raster is not None:
            prof = dict(profile or {})
            prof.update(count=1, dtype="float32", nodata=float("nan"))
            ras = result.corridor_raster
            write_raster_strips(corridor_tif, prof, iter([(0, ras)]), ["normalised least-cost corridor (cost-metres)"],
                                batch=batch)
        if current_tif and result.current is not None:
            prof = dict(profile or {})
            prof.update(count=1, dtype="float32", nodata=float("nan"))
            write_raster_strips(current_tif, prof, iter([(0, result.current.astype(np.float32))]),
                                ["cumulative current over the linked node pairs (A)"], batch=batch)
        if before_commit is not None:
            before_commit()


__all__ = ["ConnectivityOptions", "ConnectivityResult", "assess_connectivity", "write_connectivity",
           "PATCHES", "CORES", "STRAIGHT_LINE", "LEAST_COST"]
