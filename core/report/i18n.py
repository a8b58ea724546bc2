"""The report's language without Qt: the caller's translate function, active while one report is built.

The report's user-facing texts are written ``_("...")`` with a literal argument (``scripts/i18n.py`` extracts
them into the ``BlueCarbon`` context of the plugin's .ts files). ``_`` looks up the translate function of the
report being built, set by :func:`translation` for the duration of one build. It lives in a
:class:`contextvars.ContextVar`, so each thread (and each asyncio task) sees its own: two reports built at the
same time in two worker threads keep their own language. Outside a build, and by default, ``_`` is the
identity: the report is in English.

The plugin passes ``translate=lambda s: QCoreApplication.translate("BlueCarbon", s)``; this module never
imports Qt.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Callable, Iterator, Optional

Translate = Callable[[str], str]


def identity(text: str) -> str:
    """The English text itself (no translation)."""
    return text


_TRANSLATE: ContextVar[Translate] = ContextVar("bluecarbon_report_translate", default=identity)
_LANGUAGE: ContextVar[str] = ContextVar("bluecarbon_report_language", default="en")


def _(text: str) -> str:
    """``text`` in the language of the report being built; the English text when it has no translation."""
    translated = _TRANSLATE.get()(text)
    return translated if isinstance(translated, str) and translated else text


def language() -> str:
    """The language code of the report being built ('en' outside a build)."""
    return _LANGUAGE.get()


def html_language(code: Optional[str]) -> str:
    """A language code as an HTML ``lang`` value: 'zh_CN' → 'zh-CN'; empty → 'en'."""
    text = str(code or "").strip().replace("_", "-")
    return text or "en"


@contextmanager
def translation(translate: Optional[Translate] = None, language: str = "en") -> Iterator[None]:
    """Build a report with ``translate`` (None: English) and ``language``; both reset afterwards."""
    translate_token = _TRANSLATE.set(translate or identity)
    language_token = _LANGUAGE.set(language or "en")
    try:
        yield
    finally:
        _LANGUAGE.reset(language_token)
        _TRANSLATE.reset(translate_token)


def ecosystem_label(key: object) -> str:
    """'salt_marsh' → 'Salt marsh', translated for the ecosystems of core.legend (and 'total')."""
    labels = {
        "mangrove": _("Mangrove"),
        "salt_marsh": _("Salt marsh"),
        "seagrass": _("Seagrass"),
        "tidal_flat": _("Tidal flat"),
        "other_wetland": _("Other wetland"),
        "open_water": _("Open water"),
        "non_habitat": _("Not habitat"),
        "unclassified": _("Unclassified"),
        "total": _("Total"),
    }
    if str(key) in labels:
        return labels[str(key)]
    text = str(key).replace("_", " ")
    return text[:1].upper() + text[1:]
