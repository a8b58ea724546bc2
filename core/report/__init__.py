"""The assessment report: HTML built from plain Python tables, charts drawn with matplotlib (Agg).

No qgis import: maps are rendered by ``processing/algorithms/report_maps.py`` and arrive here as image
paths. Public API::

    from bluecarbon.core.report import AssessmentData, DateResult, MapImage, headline, write_assessment_report
    from bluecarbon.core.report.tables import read_csv_columns

Texts are English unless the caller passes a translate function (``write_assessment_report(...,
translate=..., language="zh_CN")``, see :mod:`.i18n`); numbers, codes, units and file names never change.
"""

from .assessment import AssessmentData, DateResult, MapImage, build_document, headline, write_assessment_report
from .document import Column, Document, Figure, KeyFigure, Paragraph, Section, Table, render, write_html
from .tables import read_csv_columns

__all__ = [
    "AssessmentData", "DateResult", "MapImage", "build_document", "headline", "write_assessment_report",
    "Column", "Document", "Figure", "KeyFigure", "Paragraph", "Section", "Table", "render", "write_html",
    "read_csv_columns",
]
