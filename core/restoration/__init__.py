"""Restoration planning: structural pattern (MSPA), graph connectivity and corridors of blue-carbon habitat.

Public API::

    from bluecarbon.core.restoration import (
        analyse_mspa, mspa_array, ConnectivityOptions, assess_connectivity, write_connectivity,
        connectivity_indices, least_cost_corridors, current_flow, pairwise_current, habitat_classes,
    )

The model, its equations and choices are in ``docs/restoration.md``; each module's docstring gives the part it
implements: :mod:`.mspa` (MSPA classes, GuidosToolbox codes, class areas), :mod:`.nodes` (patches or MSPA cores as
nodes; straight-line and least-cost edge-to-edge distances), :mod:`.connectivity` (IIC, PC, EC, dIIC/dPC and their
intra/flux/connector fractions), :mod:`.corridors` (least-cost corridors, normalised corridor raster, current flow),
:mod:`.engine` (the chain on a raster and its outputs), :mod:`.job` (the habitat classes of a run).
"""

from .connectivity import P_MIN, ConnectivityIndices, connectivity_indices, decay_constant, removal_importance
from .corridors import Corridor, CurrentResult, current_flow, least_cost_corridors, pairwise_current
from .engine import ConnectivityOptions, ConnectivityResult, assess_connectivity, write_connectivity
from .job import habitat_classes
from .mspa import MSPA_CLASSES, MspaResult, analyse_mspa, edge_width_cells, mspa_array, write_mspa_style
from .nodes import CORES, DISTANCE_MODES, LEAST_COST, NODE_KINDS, PATCHES, STRAIGHT_LINE, edge_distances

__all__ = [
    "P_MIN", "ConnectivityIndices", "connectivity_indices", "decay_constant", "removal_importance",
    "Corridor", "CurrentResult", "current_flow", "least_cost_corridors", "pairwise_current",
    "ConnectivityOptions", "ConnectivityResult", "assess_connectivity", "write_connectivity",
    "habitat_classes",
    "MSPA_CLASSES", "MspaResult", "analyse_mspa", "edge_width_cells", "mspa_array", "write_mspa_style",
    "CORES", "DISTANCE_MODES", "LEAST_COST", "NODE_KINDS", "PATCHES", "STRAIGHT_LINE", "edge_distances",
]
