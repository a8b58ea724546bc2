"""From user inputs (paths, legend, class names) to a classified landscape, for the tools and scripts."""

from __future__ import annotations

from typing import Optional, Sequence, Union

from ..classes import GROUP_BY_VALUE, ClassScheme, build_scheme
from ..errors import InputError
from ..landcover import LandCover, open_landcover
from ..legend import BLUE_CARBON_ECOSYSTEMS, NO_LEGEND, Legend, load_legend


def open_classified(
    path: str,
    band: Optional[int] = None,
    legend: Optional[Union[str, Legend]] = None,
    group_by: str = GROUP_BY_VALUE,
) -> tuple[LandCover, ClassScheme]:
    """Open a land-cover raster and build its classes from a legend preset id, CSV path or None."""
    lc = open_landcover(path, band)
    try:
        if legend is None or (isinstance(legend, str) and legend in ("", NO_LEGEND)):
            legend_obj = None
        else:
            legend_obj = legend if isinstance(legend, Legend) else load_legend(legend)
        scheme = build_scheme(lc.value_counts(), legend_obj, group_by, raster_name=f"'{path}'")
    except Exception:
        lc.close()
        raise
    return lc, scheme


def parse_class_list(text: Optional[str]) -> list[str]:
    """Split a user's class list ("mangrove, salt_marsh; 95") into tokens."""
    if not text:
        return []
    return [t.strip() for t in text.replace(";", ",").split(",") if t.strip()]


def resolve_classes(scheme: ClassScheme, tokens: Sequence[str]) -> list[int]:
    """Class indices named by ecosystem keys, class codes or raster values.

    No tokens means the blue-carbon ecosystems present (mangrove, salt marsh,
    seagrass), or every class when the legend names none of them.
    """
    if not tokens:
        blue = [i + 1 for i, e in enumerate(scheme.ecosystems) if e in BLUE_CARBON_ECOSYSTEMS]
        return blue or list(range(1, scheme.n_classes + 1))
    chosen: list[int] = []
    unknown: list[str] = []
    for token in tokens:
        hits = [i + 1 for i, e in enumerate(scheme.ecosystems) if e == token.lower()]
        hits += [i + 1 for i, code in enumerate(scheme.codes) if str(code) == token]
        hits += [i + 1 for i, members in enumerate(scheme.members) if token.lstrip("-").isdigit() and int(token) in members]
        if not hits:
            unknown.append(token)
        chosen.extend(h for h in hits if h not in chosen)
    if unknown:
        known = ", ".join(sorted({str(c) for c in scheme.codes} | set(scheme.ecosystems)))
        raise InputError(
            f"The class(es) {', '.join(unknown)} are not in this landscape.",
            f"Name classes present in the raster: {known}.",
        )
    return sorted(chosen)
