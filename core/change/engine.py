"""The change analysis: class histories (pass 1), their carbon actions, the bookkeeping per history, the tables.

:func:`analyse_change` is the entry point; its settings and result are in :mod:`.result`.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Optional, Union

import numpy as np

from ..errors import InputError
from ..feedback import FeedbackLike, Steps, as_steps
from ..valuation import Valuation
from .bookkeeping import Bookkeeping, carbon_bookkeeping
from .carbon import class_carbon
from .histories import tally_histories
from .result import ChangeOptions, ChangeResult
from .snapshots import Snapshots
from .tables import period_table, stock_table, transition_area_table
from .transitions import TransitionTable, class_label, default_transition_table, history_actions, read_transition_table

if TYPE_CHECKING:  # pragma: no cover
    from ..parameters import ParameterTable


def analyse_change(
    snapshots: Snapshots,
    parameters: "ParameterTable",
    transitions: Union[TransitionTable, str, os.PathLike, None] = None,
    valuation: Optional[Valuation] = None,
    options: Optional[ChangeOptions] = None,
    feedback: "Optional[FeedbackLike | Steps]" = None,
) -> ChangeResult:
    """Areas of class histories (pass 1), then the InVEST bookkeeping per history and the map totals.

    Parameters
    ----------
    snapshots : Snapshots
        Dated land-cover maps on one grid with one legend (:func:`open_snapshots`).
    parameters : ParameterTable
        Stocks (t C/ha), accumulation rates (t C/ha/yr), half-lives (yr) and disturbance fractions
        per ecosystem (:func:`core.parameters.load_parameters`).
    transitions : TransitionTable, path or None
        The carbon action of each class change, or a CSV in InVEST's layout; None derives the
        default table from the legend.
    valuation : Valuation, optional
        Prices and discount rate for the net present value; None for no value.
    options : ChangeOptions, optional
        Analysis year, Monte Carlo draws, seed, interval and strip rows; defaults when None.
    feedback : FeedbackLike or Steps, optional
        Progress and cancellation.

    Returns
    -------
    ChangeResult
        Period, yearly stock and transition-area tables (t C, t CO₂e, ha), per-history values
        for the rasters (:func:`write_change_rasters`) and warnings.
    """
    options = options or ChangeOptions()
    steps = as_steps(feedback)
    years = list(snapshots.years)
    analysis_year = years[-1] if options.analysis_year is None else int(options.analysis_year)
    if analysis_year < years[-1]:
        raise InputError(
            f"The analysis year {analysis_year} is before the last snapshot ({years[-1]}).",
            f"Give an analysis year of {years[-1]} or later, or leave it empty.",
        )
    if isinstance(transitions, (str, os.PathLike)):
        transitions = read_transition_table(transitions, snapshots.legend)
    histories = tally_histories(snapshots, options.rows_per_strip, steps.sub(0.0, 0.9))
    scheme = histories.scheme
    known = set(parameters.ecosystems) | set(getattr(parameters, "classes", []))
    if not any(e in known for e in scheme.ecosystems) and not any(c in known for c in scheme.codes):
        raise InputError(
            f"No class of the snapshots belongs to an ecosystem the parameter table has values for "
            f"(the snapshots' ecosystems: {', '.join(sorted(set(scheme.ecosystems)))}; the table's: "
            f"{', '.join(parameters.ecosystems)}).",
            "Choose the legend that maps the maps' codes to mangrove, salt_marsh or seagrass, or a parameter table "
            "with rows for the maps' ecosystems.",
        )
    table = transitions if transitions is not None else default_transition_table(scheme)
    warnings: list[str] = []
    actions = history_actions(histories, table, years, warnings)
    carbon = class_carbon(scheme.ecosystems, parameters, options.draws, options.seed, codes=scheme.codes)

    def describe(h: int, j: int) -> str:
        a, b = histories.classes[h, j - 1], histories.classes[h, j]
        return (f"{class_label(scheme, a)} → {class_label(scheme, b)} between {years[j - 1]} and {years[j]}, "
                f"{histories.area_ha[h]:.4g} ha")

    book = _bookkeeping_in_chunks(histories, years, analysis_year, actions, carbon, valuation, describe,
                                  steps.sub(0.9, 1.0))
    if analysis_year == years[-1]:
        changed = int(np.count_nonzero(histories.classes[:, -1] != histories.classes[:, -2]))
        if changed:
            warnings.append(
                f"The analysis ends at the last snapshot ({years[-1]}), so the change between {years[-2]} and "
                f"{years[-1]} has no effect yet (transitions take effect from their snapshot year on). Give a later "
                "analysis year to follow its accumulation and emissions."
            )
    if histories.partial_cells:
        warnings.append(
            f"{histories.partial_cells} cell(s) have a class in some snapshots but nodata in another; they are left out."
        )
    result = ChangeResult(
        years=years,
        analysis_year=analysis_year,
        scheme=scheme,
        legend=snapshots.legend,
        transitions=table,
        histories=histories,
        actions=actions,
        book=book,
        periods={},
        stocks={},
        transition_areas={},
        valuation=valuation,
        options=options,
        warnings=warnings,
    )
    result.periods = period_table(result, carbon.n_draws > 1)
    result.stocks = stock_table(result, carbon.n_draws > 1)
    result.transition_areas = transition_area_table(result)
    steps.progress(1.0)
    return result


_CHUNK_VALUES = 1 << 21  # histories × draws per bookkeeping chunk (a few tens of MB of work arrays)


def _bookkeeping_in_chunks(histories, years, analysis_year, actions, carbon, valuation, describe, steps) -> Bookkeeping:
    """The bookkeeping over groups of histories, so that memory stays bounded with many draws."""
    per_chunk = max(1, _CHUNK_VALUES // carbon.n_draws)
    parts: list[Bookkeeping] = []
    starts = list(range(0, histories.n, per_chunk))
    for i, h0 in enumerate(starts):
        rows = slice(h0, h0 + per_chunk)
        parts.append(
            carbon_bookkeeping(
                histories.classes[rows], years, analysis_year, actions[rows], carbon, histories.area_ha[rows],
                valuation, (lambda h, j, h0=h0: describe(h0 + h, j)) if describe else None,
                steps.sub(i / len(starts), (i + 1) / len(starts)),
            )
        )
    if len(parts) == 1:
        return parts[0]

    def stack(get):
        return {k: np.concatenate([get(b)[k] for b in parts]) for k in get(parts[0])}

    def add(get):
        return {k: sum(get(b)[k] for b in parts) for k in get(parts[0])}

    first = parts[0]
    return Bookkeeping(
        first.boundaries,
        stack(lambda b: b.accumulation),
        stack(lambda b: b.emissions),
        stack(lambda b: b.stock_at),
        None if first.npv is None else np.concatenate([b.npv for b in parts]),
        add(lambda b: b.total_accumulation),
        add(lambda b: b.total_emissions),
        None if first.total_npv is None else sum(b.total_npv for b in parts),
        add(lambda b: b.annual_stock),
    )
