"""Carbon-sequestration service flows from blue-carbon patches to demand units.

Public API::

    from bluecarbon.core.flow import (
        DistanceDecay, FlowOptions, assess_flow, compare_flows,
        point_units, polygon_units, raster_demand, load_resistance,
    )

The model, its equations and choices are in ``docs/service-flow.md``; each module's docstring gives
the part it implements: :mod:`.decay` (f(d)), :mod:`.allocation` (gravity flows, ESDR),
:mod:`.network` (graph indices), :mod:`.demand` (demand units), :mod:`.patchcells` and
:mod:`.distance` (straight-line distances), :mod:`.resistance` and :mod:`.leastcost` (least-cost
distances), :mod:`.engine` (one date), :mod:`.dates` (two dates), :mod:`.outputs` (files).
"""

from .allocation import Allocation, Pairs, esdr, gravity_allocation, share_of_demand_met
from .decay import EXPONENTIAL, LAWS, POWER, DistanceDecay
from .demand import GRID, POINT, POLYGON, DemandUnits, point_units, polygon_units, raster_demand
from .dates import FlowChange, compare_flows
from .engine import DISTANCE_MODES, LEAST_COST, STRAIGHT_LINE, FlowOptions, FlowResult, assess_flow
from .network import network_indices
from .resistance import ResistanceTable, load_resistance, parse_resistance

__all__ = [
    "Allocation", "Pairs", "esdr", "gravity_allocation", "share_of_demand_met",
    "EXPONENTIAL", "LAWS", "POWER", "DistanceDecay",
    "GRID", "POINT", "POLYGON", "DemandUnits", "point_units", "polygon_units", "raster_demand",
    "FlowChange", "compare_flows",
    "DISTANCE_MODES", "LEAST_COST", "STRAIGHT_LINE", "FlowOptions", "FlowResult", "assess_flow",
    "network_indices", "ResistanceTable", "load_resistance", "parse_resistance",
]
