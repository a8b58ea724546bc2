"""The methods section of the assessment report: short text, the equations used, references, doc links.

Fragments here are trusted HTML (written by us, their translations from the plugin's .ts files); nothing
user-supplied is interpolated except the docs address, which is escaped. Prose is translated with ``_``;
equations keep their symbols, references stay as published.
"""

from __future__ import annotations

from .document import Heading, Paragraph, Raw, esc
from .i18n import _

DOC_PAGES = {
    "assessment": "assessment.md",
    "metrics": "metrics.md",
    "fragmentation": "algorithms/patchfragmentation.md",
    "sink": "sink-capacity.md",
    "change": "carbon-change.md",
    "flow": "service-flow.md",
    "parameters": "parameters.md",
    "legends": "legends.md",
}

REFERENCES = (
    "McGarigal K., Cushman S.A., Ene E. (2023) FRAGSTATS v4: Spatial Pattern Analysis Program for Categorical "
    "Maps. University of Massachusetts, Amherst.",
    "IPCC (2014) 2013 Supplement to the 2006 IPCC Guidelines for National Greenhouse Gas Inventories: Wetlands. "
    "Hiraishi T. et al. (eds), IPCC, Switzerland. Chapter 4, Coastal Wetlands.",
    "Mcleod E. et al. (2011) A blueprint for blue carbon. Frontiers in Ecology and the Environment 9: 552–560.",
    "Natural Capital Project, InVEST User's Guide: Coastal Blue Carbon. Stanford University.",
    "Houghton R.A. (2003) Revised estimates of the annual net flux of carbon to the atmosphere from changes in "
    "land use and land management 1850–2000. Tellus B 55: 378–390.",
    "Bagstad K.J., Johnson G.W., Voigt B., Villa F. (2013) Spatial dynamics of ecosystem service flows: a "
    "comprehensive approach to quantifying actual services. Ecosystem Services 4: 117–125.",
    "Impacts of landscape fragmentation of coastal zone on carbon sequestration service flow (2024). Acta "
    "Geographica Sinica 79(1): 114–133.",
    "Li J., Jiang H., Bai Y. et al. (2016) Indicators for spatial-temporal comparisons of ecosystem service "
    "status between regions: a case study of the Taihu River Basin, China. Ecological Indicators 60: 1008–1016.",
    "Kansky K.J. (1963) Structure of Transportation Networks. University of Chicago.",
)


def doc_link(docs_url: str, page: str, text: str) -> str:
    """A link to a page of the plugin's documentation."""
    address = f"{docs_url.rstrip('/')}/{DOC_PAGES.get(page, page)}" if docs_url else DOC_PAGES.get(page, page)
    return f'<a href="{esc(address)}">{esc(text)}</a>'


def _eq(text: str) -> str:
    return f'<span class="equation">{text}</span>'


def methods_blocks(docs_url: str, with_change: bool, with_flow: bool, edge_effect: bool) -> list:
    """Blocks of the methods section for the steps that ran."""
    link = lambda page, text: doc_link(docs_url, page, text)  # noqa: E731
    blocks: list = [
        Paragraph(
            _("The assessment runs the plugin's Processing algorithms one after the other on the same land-cover map "
              "(clipped to the area of interest when one is given) and collects their outputs; every number in this "
              "report is read back from the files listed at its end. Details: {link}.").format(
                link=link("assessment", _("the assessment page"))),
            html=True,
        ),
        Heading(_("Fragmentation")),
        Paragraph(
            _("Patches are groups of connected cells of one class (8-neighbour rule unless stated otherwise). Metrics "
              "follow the FRAGSTATS 4 definitions ({link}), with true cell areas (geodesic on a geographic CRS). For "
              "class <i>i</i> with patches of area <i>a<sub>ij</sub></i> in a landscape of area <i>A</i>:").format(
                link=link("metrics", _("metric reference"))),
            html=True,
        ),
        Paragraph(
            _eq("CA = Σ<sub>j</sub> a<sub>ij</sub> (ha) · PLAND = CA / A × 100 · PD = n<sub>i</sub> / A × 100 "
                + _("(per 100 ha)") + " · LPI = max<sub>j</sub> a<sub>ij</sub> / A × 100")
            + _eq("ED = E<sub>i</sub> / A (m/ha) · MESH = Σ<sub>j</sub> a<sub>ij</sub>² / A (ha) · "
                  "AI = g<sub>ii</sub> / max g<sub>ii</sub> × 100")
            + _eq("COHESION = [1 − Σ p<sub>ij</sub> / Σ p<sub>ij</sub>√a<sub>ij</sub>] · [1 − 1/√Z]<sup>−1</sup> × 100 "
                  "· " + _("CORE<sub>ij</sub> = area farther than the edge depth from another class")),
            html=True,
        ),
        Heading(_("Carbon sink capacity")),
        Paragraph(
            _("For every blue-carbon ecosystem <i>e</i> (the legend says which classes are mangrove, salt marsh or "
              "seagrass) and each of its patches, from the parameter table listed above ({sink_link}, "
              "{parameters_link}):").format(sink_link=link("sink", _("sink capacity")),
                                            parameters_link=link("parameters", _("parameter tables"))),
            html=True,
        ),
        Paragraph(
            _eq(_("stock<sub>p</sub> (t C) = area (ha) × stock density<sub>p,e</sub> (t C/ha), for the pools above- "
                  "and belowground biomass, litter and soil"))
            + _eq(_("sequestration (t C/yr) = effective area × Σ accumulation rates<sub>e</sub> (t C/ha/yr); "
                    "t CO₂e = t C × 44/12"))
            + _eq(_("effective area = core area + f × edge area; loss to the edge effect = (1 − f) × edge area × "
                    "rate")),
            html=True,
        ),
    ]
    if not edge_effect:
        blocks.append(Paragraph(_("No edge effect was modelled (edge factor 1 or edge depth 0): effective area = area."),
                                css_class="note"))
    if with_change:
        blocks += [
            Heading(_("Carbon change between dates")),
            Paragraph(
                _("Bookkeeping of InVEST Coastal Blue Carbon ({link}). A change a → b at the snapshot year s takes "
                  "effect on 1 January of s with the action of the transition table; a disturbance releases a share M "
                  "of the stock S of pool p, decaying with the half-life H of the source class's pool:").format(
                    link=link("change", _("carbon change"))),
                html=True,
            ),
            Paragraph(
                _eq("D<sub>p,s</sub> = S<sub>p,s</sub> · M<sub>p</sub> · E<sub>p,t</sub> = D<sub>p,s</sub> "
                    "(0.5<sup>(t−s)/H<sub>p</sub></sup> − 0.5<sup>(t−s+1)/H<sub>p</sub></sup>)")
                + _eq("S<sub>p,t+1</sub> = S<sub>p,t</sub> + A<sub>p,t</sub> − E<sub>p,t</sub> · "
                      + _("net sequestration = accumulation − emissions"))
                + _eq("NPV = Σ<sub>t=1..T</sub> p<sub>t</sub> (S<sub>t</sub> − S<sub>t−1</sub>) / (1 + d)<sup>t</sup>, "
                      "p<sub>t</sub> = " + _("price") + " · (1 + g)<sup>t</sup>"),
                html=True,
            ),
        ]
    if with_flow:
        blocks += [
            Heading(_("Carbon-sequestration service flow")),
            Paragraph(
                _("Supply S<sub>i</sub> of each patch is its annual sequestration (edge effect included); demand "
                  "D<sub>j</sub> comes from the demand layer; flows follow a gravity model with distance decay "
                  "({link}):").format(link=link("flow", _("service flow"))),
                html=True,
            ),
            Paragraph(
                _eq("F<sub>ij</sub> = S<sub>i</sub> D<sub>j</sub> f(d<sub>ij</sub>) / Σ<sub>k</sub> D<sub>k</sub> "
                    "f(d<sub>ik</sub>) " + _("for d ≤ d<sub>max</sub>") + " · f(d) = exp(−d/λ) " + _("or")
                    + " (d + d<sub>0</sub>)<sup>−β</sup>")
                + _eq("ESDR<sub>j</sub> = (R<sub>j</sub> − D<sub>j</sub>) / ((R<sub>max</sub> + D<sub>max</sub>)/2) · "
                      "Kansky α = (e − v + p)/(2v − 5), β = e/v, γ = e/(3(v − 2))"),
                html=True,
            ),
        ]
    blocks += [
        Heading(_("Uncertainty")),
        Paragraph(
            _("Each parameter with a published range is drawn from its distribution (normal: value ± sd; uniform: "
              "low–high; triangular: low, value, high; lognormal), seeded, clipped to its allowed range; every total "
              "is computed for all draws and reported with its Monte Carlo mean and the central 90 % interval "
              "(5th–95th percentile). Rows marked <i>fixed</i> are not drawn. Areas come from the map and are not "
              "drawn: map errors are not part of the intervals."),
            html=True,
        ),
        Heading(_("References")),
        Raw('<ol class="references">' + "".join(f"<li>{esc(r)}</li>" for r in REFERENCES) + "</ol>"),
    ]
    return blocks
