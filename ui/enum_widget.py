"""Drop-downs that show option names while the parameter's values stay the option ids.

QGIS shows the options of a static-string enum parameter as they are (``esa_worldcover``, ``value``). The
algorithms keep those ids as values, so ``qgis_process``, scripts and saved models pass them unchanged, and
give the parameter the metadata ``{"widget_wrapper": {"class": ..."NamedEnumWidgetWrapper", "names": {id:
name}}}`` (processing.parameters.named_options): this wrapper lists the names and returns the ids.
"""

from __future__ import annotations

from typing import Any

from qgis.PyQt.QtCore import QCoreApplication, Qt
from qgis.PyQt.QtWidgets import QComboBox, QLabel

try:  # QGIS's Processing plugin (absent when only core is imported)
    from processing.gui.wrappers import DIALOG_BATCH, WidgetWrapper
except ImportError:  # pragma: no cover
    WidgetWrapper = object  # type: ignore[misc,assignment]
    DIALOG_BATCH = 1


def parameter_label(definition: Any, dialog_type: int) -> "QLabel | None":
    """The label QGIS gives a parameter, its optional suffix translated by QGIS's own translation.

    Processing's Python wrappers translate ' [optional]' with ``self.tr``, whose context is the class name:
    QGIS translates it for its own ``WidgetWrapper`` only, so a subclass showed English in a Chinese QGIS.
    """
    if dialog_type == DIALOG_BATCH:
        return None
    text = definition.description()
    if definition.flags() & definition.FlagOptional:
        text += QCoreApplication.translate("WidgetWrapper", " [optional]")
    label = QLabel(text)
    label.setToolTip(definition.name())
    return label


class NamedEnumWidgetWrapper(WidgetWrapper):
    """An enum parameter's options by name (one drop-down, or a checkable drop-down when several are allowed)."""

    def createWidget(self, **kwargs):  # noqa: N802 - Processing API
        """The drop-down of names, each option id as item data."""
        definition = self.parameterDefinition()
        names = (definition.metadata().get("widget_wrapper") or {}).get("names") or {}
        self._ids = list(definition.options())
        if definition.allowMultiple():
            from qgis.gui import QgsCheckableComboBox

            combo = QgsCheckableComboBox()
            for option in self._ids:
                combo.addItem(names.get(option, option), option)
            combo.checkedItemsChanged.connect(lambda _items: self.widgetValueHasChanged.emit(self))
        else:
            combo = QComboBox()
            if definition.flags() & definition.FlagOptional:
                combo.addItem("", None)
            for option in self._ids:
                combo.addItem(names.get(option, option), option)
            combo.currentIndexChanged.connect(lambda _i: self.widgetValueHasChanged.emit(self))
        for index in range(combo.count()):
            if combo.itemData(index) is not None:
                combo.setItemData(index, combo.itemData(index), Qt.ItemDataRole.ToolTipRole)  # the id to type
        combo.setObjectName(f"enum_{definition.name()}")
        return combo

    def createLabel(self):  # noqa: N802 - Processing API
        """The parameter's label (optional suffix in QGIS's language)."""
        return parameter_label(self.parameterDefinition(), self.dialogType)

    def _option(self, value: Any) -> "str | None":
        """An option id from an id, an index (an int or its text) or None."""
        if value is None or value == "":
            return None
        if isinstance(value, str) and value in self._ids:
            return value
        try:
            index = int(value)
        except (TypeError, ValueError):
            return None
        return self._ids[index] if 0 <= index < len(self._ids) else None

    def setValue(self, value):  # noqa: N802 - Processing API
        """Select the option(s) ``value`` names (ids, indexes or a comma-separated text)."""
        if self.parameterDefinition().allowMultiple():
            if isinstance(value, str):
                value = [v.strip() for v in value.split(",") if v.strip()]
            elif not isinstance(value, (list, tuple)):
                value = [] if value is None else [value]
            self.widget.setCheckedItems([])
            chosen = {self._option(v) for v in value} - {None}
            for index in range(self.widget.count()):
                if self.widget.itemData(index) in chosen:
                    self.widget.setItemCheckState(index, Qt.CheckState.Checked)
            return
        option = self._option(value)
        index = self.widget.findData(option) if option is not None else -1
        if index < 0 and option is None:
            index = self.widget.findData(None)
        if index >= 0:
            self.widget.setCurrentIndex(index)

    def value(self):
        """The chosen option id (a list of ids when several are allowed; None when none is chosen)."""
        if self.parameterDefinition().allowMultiple():
            return [self.widget.itemData(i) for i in range(self.widget.count())
                    if self.widget.itemCheckState(i) == Qt.CheckState.Checked]
        return self.widget.currentData()


__all__ = ["NamedEnumWidgetWrapper", "parameter_label"]
