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
distances), :mod:`.engine` (one date), :mod:`.dates` (two dates), :mod:`.outputs` (files);
:mod:`.transport` (capped attribution: entropic partial optimal transport), :mod:`.cellsupply`
(supply from cells), :mod:`.indices` (flow-weighted indices, ESSR, pooled ESDR),
:mod:`.attribution` (two-date Shapley split into area, edge, reach, saturation and demand),
:mod:`.uncertainty` (Monte Carlo intervals), :mod:`.sensitivity` (Morris screening, Sobol' indices through SALib),
:mod:`.routes` (least-cost routes of the links, the flow-through raster).
"""

from .allocation import (
    ACCESSIBLE_SUPPLY, ALLOCATION_METHODS, ASPATIAL, CAPPED, Allocation, Pairs, allocate, aspatial_received, esdr,
    gravity_allocation, share_of_demand_met,
)
from .attribution import CHANNELS, FACTORS, DateInputs, FlowDecomposition, decompose, decompose_flow_change
from .indices import add_pooled_esdr, esdr_pooled, flow_indices, threshold_links
from .sensitivity import (
    Factor, SecondDate, default_factors, flow_sensitivity, morris, morris_sample, run_count,
    sobol, write_sensitivity_table,
)
from .transport import TransportReport, capped_transport, max_deliverable
from .uncertainty import FlowUncertainty, flow_uncertainty
from .decay import EXPONENTIAL, LAWS, POWER, DistanceDecay
from .demand import (
    DEMAND_MEASURES, GRID, POINT, POLYGON, DemandUnits, demand_factor, point_units, polygon_units, raster_demand,
)
from .dates import FlowChange, compare_flows
from .engine import (
    CELLS, DISTANCE_MODES, LEAST_COST, PATCHES, SOURCES, STRAIGHT_LINE, FlowOptions, FlowResult, SourceModel, assess_flow,
)
from .network import network_indices
from .resistance import ResistanceTable, load_resistance, parse_resistance
from .routes import Routes, write_flow_through_raster

__all__ = [
    "ACCESSIBLE_SUPPLY", "ALLOCATION_METHODS", "ASPATIAL", "CAPPED", "allocate", "aspatial_received",
    "CHANNELS", "FACTORS", "DateInputs", "FlowDecomposition", "decompose", "decompose_flow_change",
    "add_pooled_esdr", "esdr_pooled", "flow_indices", "threshold_links", "Factor", "default_factors", "flow_sensitivity",
    "morris", "SecondDate", "morris_sample", "run_count", "sobol", "write_sensitivity_table",
    "TransportReport", "capped_transport", "max_deliverable", "FlowUncertainty", "flow_uncertainty",
    "CELLS", "PATCHES", "SOURCES", "SourceModel",
    "Allocation", "Pairs", "esdr", "gravity_allocation", "share_of_demand_met",
    "EXPONENTIAL", "LAWS", "POWER", "DistanceDecay",
    "DEMAND_MEASURES", "demand_factor", "GRID", "POINT", "POLYGON", "DemandUnits", "point_units", "polygon_units", "raster_demand",
    "FlowChange", "compare_flows",
    "DISTANCE_MODES", "LEAST_COST", "STRAIGHT_LINE", "FlowOptions", "FlowResult", "assess_flow",
    "network_indices", "ResistanceTable", "load_resistance", "parse_resistance",
    "Routes", "write_flow_through_raster",
]
