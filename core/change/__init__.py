"""Carbon change between dated land-cover snapshots: the InVEST Coastal Blue Carbon bookkeeping.

Public API::

    from bluecarbon.core.change import (
        ChangeOptions, analyse_change, open_snapshots, parse_years,
        write_change_rasters, write_change_tables,
    )

The model, its equations and its departures from InVEST 3.20.2 are in ``docs/carbon-change.md``;
each module's docstring gives the part it implements:

- :mod:`.transitions`: the transition table (InVEST's layout and vocabulary: accum,
  low/med/high-impact-disturb, NCC), the default table, the action of each class history;
- :mod:`.snapshots`: dated maps on one grid with one legend (years y_0 < … < y_{m−1});
- :mod:`.carbon`: the pools and each class's parameters (S_{p,y_0}, A_p, H_p, M_p) with Monte Carlo
  draws;
- :mod:`.bookkeeping`: the equations alone: periods, disturbed carbon D = S · M, emissions
  E_{p,t} with half-lives, N = A − E, S_{t+1} = S_t + N_t, discounted value;
- :mod:`.histories`: pass 1, the distinct class histories of the map and their areas (ha), in strips;
- :mod:`.engine`: :func:`analyse_change`, the bookkeeping once per history and the map totals;
- :mod:`.result`: :class:`ChangeOptions` (analysis year, Monte Carlo, strips) and :class:`ChangeResult`;
- :mod:`.tables`: the period, yearly stock and transition area tables (t C, t CO₂e, ha);
- :mod:`.outputs`: the CSV tables and, in pass 2, the rasters looked up by history.
"""

from .bookkeeping import Bookkeeping, carbon_bookkeeping, period_boundaries
from .carbon import EMITTING_POOLS, POOLS, ClassCarbon, class_carbon
from .engine import analyse_change
from .histories import Histories, tally_histories
from .outputs import NODATA, RASTER_KINDS, write_change_rasters, write_change_tables
from .result import ChangeOptions, ChangeResult
from .snapshots import Snapshots, check_years, open_snapshots, parse_years
from .transitions import (
    ACCUM, BLANK, DEFAULT_DISTURBANCE, HIGH, LEVELS, LOW, MED, MISSING, NCC, TRANSITION_TYPES,
    TransitionTable, default_action, default_transition_table, parse_transition_table, read_transition_table,
)

__all__ = [
    "ACCUM", "BLANK", "DEFAULT_DISTURBANCE", "HIGH", "LEVELS", "LOW", "MED", "MISSING", "NCC", "TRANSITION_TYPES",
    "TransitionTable", "default_action", "default_transition_table", "parse_transition_table",
    "read_transition_table",
    "Snapshots", "check_years", "open_snapshots", "parse_years",
    "EMITTING_POOLS", "POOLS", "ClassCarbon", "class_carbon",
    "Bookkeeping", "carbon_bookkeeping", "period_boundaries",
    "Histories", "tally_histories",
    "ChangeOptions", "ChangeResult", "analyse_change",
    "NODATA", "RASTER_KINDS", "write_change_rasters", "write_change_tables",
]
