"""The chart of a flow sensitivity analysis (``core.flow.sensitivity``): one panel per output, a bar per factor.

Morris: μ* (mean |elementary effect|, in the output's unit per whole range of the factor) as bars, σ as a
dark marker beside each (σ ≫ μ* hints at interactions or a non-linear effect). Sobol': the first-order
index S1 and the total index ST side by side with their bootstrap ± half-widths as error bars; both are
shares of the output's variance (0..1). Factors are sorted by their largest bar over the outputs so the
most influential is on top. Drawn with matplotlib's Agg canvas (no pyplot); texts translated with ``_``.
"""

from __future__ import annotations

from typing import Mapping, Optional, Sequence

import numpy as np

from ..io import OutputBatch, atomic_path
from .charts import FULL_WIDTH, LABEL_FONT, LEGEND_FONT, TITLE_FONT, _figure, _finish, _plain, _style
from .i18n import _

MORRIS_COLOUR = "#2c7fb8"
S1_COLOUR = "#2c7fb8"
ST_COLOUR = "#f28e2b"
SIGMA_COLOUR = "#333333"


def output_label(name: str) -> str:
    """A readable, translated name of a sensitivity output (column name of core.flow.sensitivity)."""
    labels = {
        "attributed_tC_yr": _("Attributed flow (t C/yr)"),
        "share_of_demand_met": _("Share of demand met"),
        "change_area_tC_yr": _("Change in attributed flow: area channel (t C/yr)"),
        "change_edge_tC_yr": _("Change in attributed flow: edge channel (t C/yr)"),
        "change_reach_tC_yr": _("Change in attributed flow: reach channel (t C/yr)"),
        "change_saturation_tC_yr": _("Change in attributed flow: saturation channel (t C/yr)"),
        "change_demand_tC_yr": _("Change in attributed flow: demand channel (t C/yr)"),
        "change_tC_yr": _("Change in attributed flow (t C/yr)"),
    }
    return labels.get(name, name)


def factor_label(name: str) -> str:
    """A readable, translated name of a factor ('resistance:mangrove' → 'Resistance: mangrove')."""
    labels = {"decay": _("Decay distance λ (or 1/β)"), "max_distance": _("Maximum distance d_max"),
              "edge_factor": _("Edge factor")}
    if name.startswith("resistance:"):
        return _("Resistance: {ecosystem}").format(ecosystem=name.split(":", 1)[1].replace("_", " "))
    return labels.get(name, name)


def draw_sensitivity(fig, table: Mapping[str, Sequence]) -> bool:
    """Horizontal bars of μ* (Morris) or S1 and ST (Sobol') per factor, one panel per output; False when empty."""
    factors = list(dict.fromkeys(str(f) for f in table.get("factor", [])))
    outputs = list(dict.fromkeys(str(o) for o in table.get("output", [])))
    if not factors or not outputs:
        return False
    sobol = str(table["method"][0]) == "sobol"
    index = {(str(f), str(o)): i for i, (f, o) in enumerate(zip(table["factor"], table["output"]))}

    def column(name: str, output: str) -> np.ndarray:
        values = np.asarray(table[name], dtype=float)
        return np.array([values[index[f, output]] if (f, output) in index else np.nan for f in factors])

    main = "ST" if sobol else "mu_star"
    strength = np.nanmax(np.vstack([column(main, o) / max(np.nanmax(np.abs(column(main, o))), 1e-300)
                                    for o in outputs]), axis=0)
    order = np.argsort(np.nan_to_num(strength, nan=-1.0), kind="stable")  # barh draws from the bottom
    names = [_plain(factor_label(factors[i])) for i in order]
    y = np.arange(len(factors))
    for p, output in enumerate(outputs):
        ax = fig.add_subplot(len(outputs), 1, p + 1)
        _style(ax, grid="x")
        if sobol:
            s1, st = column("S1", output)[order], column("ST", output)[order]
            s1_conf, st_conf = column("S1_conf", output)[order], column("ST_conf", output)[order]
            ax.barh(y + 0.2, s1, height=0.38, color=S1_COLOUR, xerr=np.nan_to_num(s1_conf), ecolor="#555555",
                    capsize=2, label=_("First-order index S1"))
            ax.barh(y - 0.2, st, height=0.38, color=ST_COLOUR, xerr=np.nan_to_num(st_conf), ecolor="#555555",
                    capsize=2, label=_("Total index ST"))
            ax.set_xlim(min(0.0, float(np.nanmin(np.r_[s1, st, 0.0]))) - 0.02, 1.05)
            ax.set_xlabel(_("Share of the output's variance"), fontsize=LABEL_FONT)
        else:
            mu_star, sigma = column("mu_star", output)[order], column("sigma", output)[order]
            ax.barh(y, mu_star, height=0.6, color=MORRIS_COLOUR, label=_("μ* (mean |elementary effect|)"))
            ax.plot(sigma, y, "D", color=SIGMA_COLOUR, markersize=4, label=_("σ (spread of the effects)"))
            ax.set_xlabel(_("Per whole range of the factor, in the output's unit"), fontsize=LABEL_FONT)
        ax.set_yticks(y)
        ax.set_yticklabels(names)
        ax.set_title(_plain(output_label(output)), fontsize=TITLE_FONT, loc="left")
        if p == 0:
            ax.legend(fontsize=LEGEND_FONT, loc="lower right", frameon=False)
    _finish(fig)
    return True


def sensitivity_chart(table: Mapping[str, Sequence], path: str, batch: Optional[OutputBatch] = None) -> Optional[str]:
    """The chart as PNG at ``path`` (written atomically, or staged in ``batch``); None when the table is empty."""
    factors = len(set(table.get("factor", [])))
    outputs = len(set(table.get("output", [])))
    fig = _figure(FULL_WIDTH, 0.6 + outputs * (0.9 + 0.42 * max(factors, 1)))
    if not draw_sensitivity(fig, table):
        return None
    with atomic_path(path, batch) as tmp:
        fig.tight_layout()
        fig.savefig(tmp, format="png", dpi=fig.dpi, facecolor="white")
    return path
