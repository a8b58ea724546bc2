"""Legends: tables that map raster values to ecosystems.

A legend CSV has optional ``# key: value`` comment lines (``title``, ``source``,
``licence``, ``note``), a header ``value,name,ecosystem[,color]`` and one row per
raster value. Presets for common products ship in ``resources/legends/``; a user
passes the path of their own CSV in the same format.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Sequence, Union

from .csvtable import read_commented_csv, read_table_file
from .errors import InputError
from .resources import resource_path

ECOSYSTEMS: tuple[str, ...] = (
    "mangrove",
    "salt_marsh",
    "seagrass",
    "tidal_flat",
    "other_wetland",
    "open_water",
    "non_habitat",
)
"""Ecosystem keys a legend may use; the first three are blue-carbon ecosystems."""

BLUE_CARBON_ECOSYSTEMS: tuple[str, ...] = ("mangrove", "salt_marsh", "seagrass")

NO_LEGEND = "raster_values"
"""Preset id meaning: every raster value is its own class, no ecosystem known."""

UNCLASSIFIED = "unclassified"
"""Ecosystem given to raster values when no legend is used."""


@dataclass(frozen=True)
class LegendEntry:
    """One raster value and what it stands for."""

    value: int
    name: str
    ecosystem: str
    color: Optional[str] = None


@dataclass
class Legend:
    """An ordered value → ecosystem table with its provenance."""

    entries: list[LegendEntry]
    title: str = ""
    source: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    path: Optional[str] = None

    def __post_init__(self) -> None:
        self._by_value = {e.value: e for e in self.entries}

    def __contains__(self, value: int) -> bool:
        return value in self._by_value

    def entry(self, value: int) -> LegendEntry:
        """The entry of ``value`` (KeyError when absent)."""
        return self._by_value[value]

    @property
    def values(self) -> list[int]:
        """Raster values the legend defines, in file order."""
        return [e.value for e in self.entries]

    def values_of(self, ecosystems: "set[str] | tuple[str, ...]") -> list[int]:
        """Raster values whose ecosystem is one of ``ecosystems``."""
        return [e.value for e in self.entries if e.ecosystem in ecosystems]

    @classmethod
    def from_values(cls, values: "list[int]") -> "Legend":
        """A legend in which each raster value is its own, unclassified class."""
        return cls([LegendEntry(v, str(v), UNCLASSIFIED) for v in values], title="Raster values (no legend)")


def preset_ids() -> list[str]:
    """Ids of the legend presets shipped with the plugin (file stems)."""
    folder = resource_path("legends")
    return sorted(p.stem for p in folder.glob("*.csv")) if folder.is_dir() else []


def preset_path(preset_id: str) -> Path:
    """Path of a shipped legend preset."""
    return resource_path("legends", f"{preset_id}.csv")


def load_legend(source: Union[str, os.PathLike]) -> Legend:
    """Load a preset by id (e.g. ``esa_worldcover``) or a legend CSV by path."""
    text_source = os.fspath(source)
    path = Path(text_source)
    if not path.suffix and not path.exists():
        if text_source not in preset_ids():
            raise InputError(
                f"There is no legend preset called '{text_source}'.",
                f"Use one of {', '.join(preset_ids())}, or the path of a legend CSV.",
            )
        path = preset_path(text_source)
    legend = parse_legend(read_table_file(path, "legend"), str(path))
    legend.path = str(path)
    return legend


def parse_legend(text: str, name: str = "legend") -> Legend:
    """Parse legend CSV text; errors name the line (as an editor counts it) and the column at fault."""
    meta, rows = read_commented_csv(text, "legend", name)
    if not rows:
        raise InputError(f"The legend '{name}' has no rows.", "Give a header value,name,ecosystem and one row per class.")
    header = [h.strip().lower() for h in rows[0][1]]
    missing = [c for c in ("value", "name", "ecosystem") if c not in header]
    if missing:
        raise InputError(
            f"The legend '{name}' lacks the column(s) {', '.join(missing)} (header: {','.join(header)}).",
            "Use the header value,name,ecosystem[,color].",
        )
    col = {c: header.index(c) for c in header}
    entries: list[LegendEntry] = []
    seen: dict[int, int] = {}
    for line_no, row in rows[1:]:
        cells = [c.strip() for c in row] + [""] * (len(header) - len(row))
        raw = cells[col["value"]]
        try:
            value = int(raw)
        except ValueError:
            raise InputError(
                f"Line {line_no} of legend '{name}', column 'value': '{raw}' is not an integer.",
                "Write the raster value as a whole number.",
            ) from None
        if value in seen:
            raise InputError(
                f"Line {line_no} of legend '{name}', column 'value': {value} was already defined on line {seen[value]}.",
                "Give each raster value one row.",
            )
        ecosystem = cells[col["ecosystem"]].lower()
        if ecosystem not in ECOSYSTEMS:
            raise InputError(
                f"Line {line_no} of legend '{name}', column 'ecosystem': '{ecosystem}' is not a known ecosystem.",
                f"Use one of {', '.join(ECOSYSTEMS)}.",
            )
        color = cells[col["color"]] if "color" in col and cells[col["color"]] else None
        seen[value] = line_no
        entries.append(LegendEntry(value, cells[col["name"]] or str(value), ecosystem, color))
    return Legend(entries, title=meta.get("title", name), source=meta.get("source", ""), meta=meta)


# -- which preset a raster uses --------------------------------------------------------------------------

AUTO_LEGEND = "auto"
"""Preset id meaning: recognise the legend from the raster (see recognise_legend)."""

FALLBACK_LEGEND = NO_LEGEND
"""The legend used when none is recognised: raster values, no ecosystem assumed (never a guessed product)."""

COLOR_TOLERANCE = 8
"""Largest difference per RGB channel (0-255) for a raster colour to match a preset colour."""


@dataclass(frozen=True)
class LegendRecognition:
    """The preset recognised for a raster (None: none) and the evidence, for the message shown to the user."""

    preset: Optional[str]
    n_values: int
    color_matches: int = 0
    name_matches: int = 0
    candidates: tuple[str, ...] = ()

    @property
    def evidence(self) -> str:
        """'colors', 'names', 'colors+names' or '' (nothing recognised)."""
        parts = [k for k, n in (("colors", self.color_matches), ("names", self.name_matches)) if n]
        return "+".join(parts) if self.preset else ""


def legend_text(rows: "Sequence[object]", meta: Optional[dict] = None) -> str:
    """Rows (objects with ``value``, ``name``, ``ecosystem``, ``color``) as legend CSV text (``# key: value`` lines,
    header value,name,ecosystem,color): the format :func:`parse_legend` reads."""
    buffer = io.StringIO()
    for key, text in (meta or {}).items():
        if text:
            buffer.write(f"# {key}: {' '.join(str(text).split())}\n")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["value", "name", "ecosystem", "color"])
    for row in rows:
        writer.writerow([row.value, row.name or str(row.value), row.ecosystem, row.color or ""])
    return buffer.getvalue()


def write_legend(path: str, rows: "Sequence[object]", meta: Optional[dict] = None) -> None:
    """Write rows as a legend CSV, checked by :func:`parse_legend` first; the file appears only when complete."""
    from .io import atomic_path

    text = legend_text(rows, meta)
    parse_legend(text, os.path.basename(path))
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with atomic_path(os.fspath(path)) as tmp:
        with open(tmp, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)


def _rgb(color: Optional[str]) -> Optional[tuple[int, int, int]]:
    text = (color or "").strip().lstrip("#")
    if len(text) < 6:
        return None
    try:
        return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)
    except ValueError:
        return None


def _same_color(a: Optional[str], b: Optional[str]) -> bool:
    ra, rb = _rgb(a), _rgb(b)
    return ra is not None and rb is not None and all(abs(x - y) <= COLOR_TOLERANCE for x, y in zip(ra, rb))


def _same_name(raster_name: str, legend_name: str) -> bool:
    a, b = raster_name.strip().lower(), legend_name.strip().lower()
    return bool(a) and (a == b or a.endswith(" " + b) or a.startswith(b + " ") and a[len(b) + 1:].isdigit())


def recognise_legend(
    values: "list[int] | set[int]", colors: "dict[int, str] | None" = None, names: "dict[int, str] | None" = None
) -> LegendRecognition:
    """The shipped preset a raster's own colour table or category names identify, or None.

    A preset qualifies when every raster value is one of its codes; it is recognised when, among the raster
    values that carry a colour (or a category name), at least half match the preset's colour (within
    COLOR_TOLERANCE per channel) or its class name. Values alone never pick a preset: products share codes
    (10, 20, ... are classes of ESA WorldCover and ESA CCI alike). Among qualifying presets the one with the
    most matches wins; a tie recognises none.
    """
    values = sorted({int(v) for v in values})
    colors = {int(k): v for k, v in (colors or {}).items() if int(k) in values and _rgb(v)}
    names = {int(k): v for k, v in (names or {}).items() if int(k) in values and v and v.strip()}
    scored: list[tuple[int, int, int, str]] = []
    candidates = []
    for preset in preset_ids():
        legend = load_legend(preset)
        if not values or any(v not in legend for v in values):
            continue
        candidates.append(preset)
        color_hits = sum(_same_color(c, legend.entry(v).color) for v, c in colors.items())
        name_hits = sum(_same_name(n, legend.entry(v).name) for v, n in names.items())
        enough = (colors and 2 * color_hits >= len(colors)) or (names and 2 * name_hits >= len(names))
        if enough:
            scored.append((color_hits + name_hits, color_hits, name_hits, preset))
    scored.sort(reverse=True)
    if not scored or len(scored) > 1 and scored[0][0] == scored[1][0]:
        return LegendRecognition(None, len(values), candidates=tuple(candidates))
    total, color_hits, name_hits, preset = scored[0]
    return LegendRecognition(preset, len(values), color_hits, name_hits, tuple(candidates))


def raster_legend_hints(path: str, band: int) -> "tuple[dict[int, str], dict[int, str]]":
    """(colours '#rrggbb', category names) by raster value from the file's colour table and GDAL category names."""
    import rasterio

    colors: dict[int, str] = {}
    names: dict[int, str] = {}
    with rasterio.open(path) as ds:
        try:
            colors = {int(v): "#{:02x}{:02x}{:02x}".format(*rgba[:3]) for v, rgba in ds.colormap(band).items()}
        except ValueError:
            pass  # no colour table
        try:
            from osgeo import gdal

            dataset = gdal.Open(path)
            categories = dataset.GetRasterBand(band).GetCategoryNames() if dataset is not None else None
            names = {i: n for i, n in enumerate(categories or []) if n}
        except (ImportError, RuntimeError, AttributeError):
            pass
    return colors, names


def recognise_raster_legend(path: str, band: Optional[int] = None) -> LegendRecognition:
    """recognise_legend for a land-cover raster file: its values (nodata excluded), colour table and names."""
    from .landcover import open_landcover

    with open_landcover(path, band) as lc:
        values = list(lc.value_counts())
        band_no = lc.band
    colors, names = raster_legend_hints(path, band_no)
    return recognise_legend(values, colors, names)


def resolve_legend(legend: str, path: str, band: Optional[int] = None) -> "tuple[str, Optional[LegendRecognition]]":
    """The legend to use: ``legend`` itself, or for AUTO_LEGEND the recognised preset (else FALLBACK_LEGEND)."""
    if legend != AUTO_LEGEND:
        return legend, None
    found = recognise_raster_legend(path, band)
    return found.preset or FALLBACK_LEGEND, found
