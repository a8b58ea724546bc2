"""A report as plain data (sections of paragraphs, tables, figures, key figures) and its HTML.

The stylesheet (``resources/report/report.css``, screen and print rules) is inlined. Images are PNG files
referenced relative to the page (``report_files/…``) or, for a single-file report (``embed=True``), embedded
as base64 ``data:`` URIs, so the one HTML file is the whole report (to mail or archive). The page opens in any
browser and prints to A4 PDF: sections flow on (no forced page breaks), tables and figures are not split
where avoidable, table headers repeat and rows are never split; wide tables scroll sideways on screen.
"""

from __future__ import annotations

import base64
import html
import os
import re
import string
from dataclasses import dataclass, field
from typing import Optional, Sequence, Union

from ..resources import resource_path
from .formatting import (degenerate, fmt_interval, fmt_metric, fmt_number, fmt_significant, no_uncertainty_text,
                         value_attribute)
from .i18n import _, html_language
from .tables import is_number

TEMPLATE = ("report", "report.html")
LONG_TABLE_ROWS = 20  # a printed table longer than this may break between rows; shorter ones are kept whole
STYLESHEET = ("report", "report.css")


def esc(text: object) -> str:
    """Text escaped for HTML."""
    return html.escape(str(text), quote=True)


@dataclass
class Column:
    """A table column: key in the row records, header label and unit, how values are shown."""

    key: str
    label: str
    unit: str = ""
    decimals: Optional[int] = None
    html: bool = False  # the values are trusted HTML fragments (built by this package)
    significant: Optional[int] = None  # show numbers with this many significant digits, as given (parameters)
    metric: bool = False  # a landscape metric: digits by its family (formatting.fmt_metric)


@dataclass
class Table:
    """Rows (records) shown under columns; ``row_classes`` marks rows (e.g. 'total', 'user-defined')."""

    columns: list[Column]
    rows: list[dict]
    caption: str = ""
    note: str = ""
    id: str = ""
    row_classes: list[str] = field(default_factory=list)
    compact: bool = False


@dataclass
class Figure:
    """An image (path relative to the page) with its caption; ``kind`` is 'chart' or 'map'."""

    src: str
    caption: str
    alt: str = ""
    kind: str = "chart"


@dataclass
class KeyFigure:
    """A headline number with its unit and optional interval, marked ``data-key`` for machines."""

    key: str
    label: str
    value: object
    unit: str = ""
    low: object = None
    high: object = None
    note: str = ""
    alt_value: object = None  # the same quantity in a second unit (e.g. t C beside t CO₂e), shown below it
    alt_unit: str = ""


@dataclass
class Paragraph:
    """A paragraph; ``html`` True when the text is a trusted fragment (methods, links)."""

    text: str
    html: bool = False
    css_class: str = ""


@dataclass
class Raw:
    """A trusted HTML fragment built by this package (lists, links)."""

    html: str


@dataclass
class Heading:
    """A sub-heading (h3) inside a section."""

    text: str
    id: str = ""


@dataclass
class Definitions:
    """A two-column list of terms and values (inputs, settings)."""

    items: list[tuple[str, str]]
    caption: str = ""


Block = Union[Paragraph, Raw, Heading, Table, Figure, KeyFigure, Definitions, list]


@dataclass
class Section:
    """A chapter of the report (printed on from the previous one, its heading kept with what follows)."""

    id: str
    title: str
    blocks: list = field(default_factory=list)


def document_texts() -> dict[str, str]:
    """The page's fixed texts (header, navigation, interval label) in the language of the report being built."""
    return {
        "kicker": _("Blue Carbon Landscape · assessment report"),
        "summary": _("Key figures"),
        "contents": _("Contents"),
        "interval": _("90 % interval"),
    }


@dataclass
class Document:
    """The whole report; ``texts`` (see :func:`document_texts`) and ``language`` are taken when it is made."""

    title: str
    subtitle: str = ""
    meta: list[tuple[str, str]] = field(default_factory=list)
    summary: list[KeyFigure] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    footer: str = ""
    language: str = "en"
    texts: dict = field(default_factory=document_texts)
    summary_note: str = ""  # a sentence under the key figures (their units)


# -- rendering -------------------------------------------------------------------------------------


_NUMERIC_TEXT = re.compile(r"^[\s\d.,+\-−–%±()]*\d[\s\d.,+\-−–%±()]*$")


def _numeric_cell(value: object) -> bool:
    """True for a number or a number already formatted as text (a share, an interval)."""
    if isinstance(value, str):
        return bool(_NUMERIC_TEXT.match(value)) or value == no_uncertainty_text()
    return is_number(value) or (value is not None and value != value)  # NaN


def numeric_column(column: Column, rows: Sequence[dict]) -> bool:
    """True when every non-empty cell of the column is a number or formatted as one (right-aligned)."""
    if column.html:
        return False
    cells = [r.get(column.key) for r in rows if r.get(column.key) not in (None, "")]
    return bool(cells) and all(_numeric_cell(v) for v in cells) and any(not isinstance(v, str) or any(
        c.isdigit() for c in v) for v in cells)


def _cell_text(column: Column, value: object) -> str:
    if column.significant:
        return fmt_significant(value, column.significant)
    if column.metric:
        return fmt_metric(column.key, value)
    return fmt_number(value, column.decimals)


def render_table(table: Table) -> str:
    """A table with a caption, a header row (repeated on every printed page), numbers and their headers
    right-aligned; the table scrolls sideways on a narrow screen."""
    classes = "data" + (" compact" if table.compact else "")
    wrap = "table-wrap" + (" long" if len(table.rows) > LONG_TABLE_ROWS else "")
    out = [f'<div class="{wrap}"><table class="{classes}"' + (f' id="{esc(table.id)}"' if table.id else "") + ">"]
    if table.caption:
        out.append(f"<caption>{esc(table.caption)}</caption>")
    out.append("<thead><tr>")
    numeric = {col.key: numeric_column(col, table.rows) for col in table.columns}
    for col in table.columns:
        unit = f'<span class="unit">{esc(col.unit)}</span>' if col.unit else ""
        css = ' class="num"' if numeric[col.key] else ""
        out.append(f'<th scope="col"{css} data-key="{esc(col.key)}">{esc(col.label)}{unit}</th>')
    out.append("</tr></thead><tbody>")
    for i, row in enumerate(table.rows):
        css = table.row_classes[i] if i < len(table.row_classes) else ""
        out.append(f'<tr class="{esc(css)}">' if css else "<tr>")
        for col in table.columns:
            value = row.get(col.key)
            if col.html:
                out.append(f"<td>{value if value is not None else ''}</td>")
            elif is_number(value) or (value is not None and not isinstance(value, str) and value != value):
                out.append(
                    f'<td class="num" data-key="{esc(col.key)}" data-value="{value_attribute(value)}">'
                    f"{esc(_cell_text(col, value))}</td>"
                )
            elif numeric[col.key]:
                out.append(f'<td class="num">{esc("" if value is None else value)}</td>')
            else:
                out.append(f"<td>{esc('' if value is None else value)}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    if table.note:
        out.append(f'<p class="table-note">{esc(table.note)}</p>')
    out.append("</div>")
    return "".join(out)


def render_key_figures(figures: Sequence[KeyFigure], interval_label: Optional[str] = None) -> str:
    """Headline numbers as cards; each card carries ``data-key`` and the full-precision ``data-value``."""
    interval_label = esc(interval_label or _("90 % interval"))
    out = ['<div class="key-figures">']
    for k in figures:
        interval = ""
        if degenerate(k.low, k.high):
            interval = f'<span class="interval">{esc(no_uncertainty_text())}</span>'
        elif is_number(k.low) and is_number(k.high):
            low, high = fmt_interval(k.low, k.high).split(" – ")
            interval = (
                f'<span class="interval">{interval_label} <span data-bound="low" data-value="{value_attribute(k.low)}">'
                f"{esc(low)}</span> – <span data-bound=\"high\" data-value=\"{value_attribute(k.high)}\">"
                f"{esc(high)}</span></span>"
            )
        note = f'<span class="note">{esc(k.note)}</span>' if k.note else ""
        if is_number(k.alt_value):
            note = (f'<span class="alt" data-alt-unit="{esc(k.alt_unit)}" data-value="{value_attribute(k.alt_value)}">'
                    f"= {esc(fmt_number(k.alt_value))} {esc(k.alt_unit)}</span>") + note
        out.append(
            f'<div class="key-figure" data-key="{esc(k.key)}" data-value="{value_attribute(k.value)}">'
            f'<span class="label">{esc(k.label)}</span>'
            f'<span class="value">{esc(fmt_number(k.value))}</span> <span class="unit">{esc(k.unit)}</span>'
            f"{interval}{note}</div>"
        )
    out.append("</div>")
    return "".join(out)


def data_uri(path: "str | os.PathLike") -> str:
    """A PNG file as a ``data:image/png;base64,…`` URI."""
    with open(path, "rb") as f:
        return "data:image/png;base64," + base64.b64encode(f.read()).decode("ascii")


def image_source(src: str, base: Optional[str]) -> str:
    """The ``src`` of an image: the relative path, or its bytes as a data URI when ``base`` (the page's folder)
    is given and the file exists there."""
    if base is None or src.startswith("data:"):
        return src
    path = os.path.join(base, *src.split("/"))
    return data_uri(path) if os.path.isfile(path) else src


def render_figure(figure: Figure, base: Optional[str] = None) -> str:
    """An image with its caption, never split across printed pages (embedded when ``base`` is given)."""
    alt = figure.alt or figure.caption
    return (
        f'<figure class="{esc(figure.kind)}"><img src="{esc(image_source(figure.src, base))}" alt="{esc(alt)}">'
        f"<figcaption>{esc(figure.caption)}</figcaption></figure>"
    )


def render_definitions(block: Definitions) -> str:
    """Term / value pairs as a two-column table."""
    out = ['<div class="table-wrap"><table class="definitions">']
    if block.caption:
        out.append(f"<caption>{esc(block.caption)}</caption>")
    out.append("<tbody>")
    for term, value in block.items:
        out.append(f'<tr><th scope="row">{esc(term)}</th><td>{esc(value)}</td></tr>')
    out.append("</tbody></table></div>")
    return "".join(out)


def render_block(block: Block, base: Optional[str] = None) -> str:
    """HTML of one block (a list of figures is laid out side by side on screen); images are embedded from the
    folder ``base`` when it is given."""
    if isinstance(block, Paragraph):
        css = f' class="{esc(block.css_class)}"' if block.css_class else ""
        return f"<p{css}>{block.text if block.html else esc(block.text)}</p>"
    if isinstance(block, Raw):
        return block.html
    if isinstance(block, Heading):
        ident = f' id="{esc(block.id)}"' if block.id else ""
        return f"<h3{ident}>{esc(block.text)}</h3>"
    if isinstance(block, Table):
        return render_table(block)
    if isinstance(block, Figure):
        return render_figure(block, base)
    if isinstance(block, KeyFigure):
        return render_key_figures([block])
    if isinstance(block, Definitions):
        return render_definitions(block)
    if isinstance(block, list):
        return '<div class="figure-row">' + "".join(render_block(b, base) for b in block) + "</div>"
    raise TypeError(f"Unknown report block {type(block).__name__}")


def render(document: Document, embed_from: Optional[str] = None) -> str:
    """The whole page as HTML text (fixed texts and language as the document was made).

    ``embed_from``: the page's folder; when given, every image found there is embedded as a data URI (a
    single-file report).
    """
    texts = {**document_texts(), **(document.texts or {})}
    template = string.Template(resource_path(*TEMPLATE).read_text(encoding="utf-8"))
    css = resource_path(*STYLESHEET).read_text(encoding="utf-8")
    toc = "".join(f'<li><a href="#{esc(s.id)}">{esc(s.title)}</a></li>' for s in document.sections)
    meta = "".join(f"<div><dt>{esc(k)}</dt><dd>{esc(v)}</dd></div>" for k, v in document.meta)
    sections = []
    for s in document.sections:
        body = "".join(render_block(b, embed_from) for b in s.blocks)
        sections.append(f'<section class="report-section" id="{esc(s.id)}"><h2>{esc(s.title)}</h2>{body}</section>')
    return template.substitute(
        lang=esc(html_language(document.language)),
        kicker=esc(texts["kicker"]),
        summary_label=esc(texts["summary"]),
        contents=esc(texts["contents"]),
        title=esc(document.title),
        subtitle=esc(document.subtitle),
        css=css,
        meta=meta,
        summary=(render_key_figures(document.summary, texts["interval"])
                 + (f'<p class="units-note">{esc(document.summary_note)}</p>' if document.summary_note else "")
                 ) if document.summary else "",
        toc=toc,
        sections="".join(sections),
        footer=document.footer,
    )


def write_html(document: Document, path: "str | os.PathLike", embed: bool = False) -> None:
    """Write the page as UTF-8 (the caller stages the folder; see core.io for atomic single files); with
    ``embed`` the images (relative to the page) are embedded, so the file needs no folder beside it."""
    base = os.path.dirname(os.path.abspath(path)) if embed else None
    with open(path, "w", encoding="utf-8") as f:
        f.write(render(document, base))
