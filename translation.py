"""Which language the plugin speaks: the QGIS user-interface locale, its compiled translation, the report language.

``install_translator`` runs when QGIS creates the plugin (desktop and ``qgis_process``), so the toolbox, the
dialogs and the assessment report all follow it; ``current_language`` tells the report which language that is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from qgis.core import QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QLocale, QTranslator

I18N_FOLDER = Path(__file__).resolve().parent / "i18n"
LOCALE_ALIASES = {"zh": "zh_CN", "zh_hans": "zh_CN", "zh_sg": "zh_CN"}
"""QGIS names Simplified Chinese 'zh-Hans'; our file is bluecarbon_zh_CN."""
NOT_PROVIDED = ("zh_tw", "zh_hk", "zh_mo", "zh_hant")
"""Traditional Chinese has no translation yet: English rather than characters the reader did not choose."""

CONTEXT = "BlueCarbon"
"""The one translation context of the plugin (scripts/i18n.py extracts every string into it)."""

_installed: list[tuple[QTranslator, str]] = []


def tr(text: str) -> str:
    """Translate ``text`` in the BlueCarbon context: the plugin's one translate function (plugin, dialogs,
    algorithms; the report gets it as its ``translate``)."""
    return QCoreApplication.translate(CONTEXT, text)


def ui_locale() -> str:
    """The locale of the QGIS user interface: the override in QGIS's options, else the system's (e.g. zh_CN)."""
    settings = QgsSettings()
    if str(settings.value("locale/overrideFlag", False)).lower() in ("true", "1"):
        chosen = str(settings.value("locale/userLocale", "") or "")
        if chosen:
            return chosen
    return QLocale().name()


def translation_file(locale: str) -> Optional[Path]:
    """The compiled translation (.qm) for a locale name such as 'zh_CN', 'zh-Hans' or 'zh', if there is one."""
    name = locale.replace("-", "_")
    if name.lower() in NOT_PROVIDED:
        return None
    language = name.split("_")[0]
    for candidate in (name, language, LOCALE_ALIASES.get(name.lower()), LOCALE_ALIASES.get(language.lower())):
        if candidate and (I18N_FOLDER / f"bluecarbon_{candidate}.qm").is_file():
            return I18N_FOLDER / f"bluecarbon_{candidate}.qm"
    return None


def install_translator(locale: Optional[str] = None) -> Optional[QTranslator]:
    """Load and install the translation for ``locale`` (default: the QGIS locale); None when English is used."""
    path = translation_file(locale or ui_locale())
    if path is None:
        return None
    translator = QTranslator()
    if not translator.load(str(path)):
        return None
    QCoreApplication.installTranslator(translator)
    _installed.append((translator, path.stem.split("_", 1)[1]))
    return translator


def remove_translator(translator: QTranslator) -> None:
    """Uninstall a translator made by install_translator."""
    QCoreApplication.removeTranslator(translator)
    _installed[:] = [(t, lang) for t, lang in _installed if t is not translator]


def current_language() -> str:
    """The language of the installed translation (e.g. 'zh_CN'), or 'en'."""
    return _installed[-1][1] if _installed else "en"
