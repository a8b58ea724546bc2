"""The plugin passes the checks of the QGIS plugin repository's upload scan (bandit, flake8 with
flake8-qgis, configured in .flake8) and our Qt 6 / QGIS 4 check (scripts/check_qt6.py)."""

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import List

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHECK_QT6 = ROOT / "scripts" / "check_qt6.py"
sys.path.insert(0, str(ROOT / "scripts"))
from package import plugin_files  # noqa: E402  (the files the zip ships: exactly what the upload scan reads)

SHIPPED = [str(p.relative_to(ROOT)) for p in plugin_files(ROOT) if p.suffix == ".py"]


def _run(args: List[str], cwd: Path = ROOT) -> "subprocess.CompletedProcess[str]":
    return subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True, timeout=600)


def test_plugin_code_is_qt6_ready() -> None:
    """No unscoped Qt or QGIS enum, exec_, QRegExp... anywhere in the plugin's modules."""
    run = _run([str(CHECK_QT6)])
    assert run.returncode == 0 and not run.stdout, run.stdout + run.stderr


def test_qt6_check_flags_unscoped_enums(tmp_path: Path) -> None:
    """The checker reports unscoped enums and other Qt 6 breakers, and accepts the scoped forms."""
    (tmp_path / "snippet.py").write_text(textwrap.dedent("""\
        from qgis.core import QgsProcessing, QgsProcessingParameterNumber, QgsMapSettings
        from qgis.PyQt.QtCore import Qt, QRegExp, QVariant
        from qgis.PyQt.QtGui import QImage
        from qgis.PyQt.QtWidgets import QAction, QDialog, QFileDialog

        a = Qt.AlignLeft
        b = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        c = QImage.Format_ARGB32_Premultiplied
        d = QImage.Format.Format_ARGB32_Premultiplied
        e = QgsProcessing.TypeVectorPolygon
        f = QgsProcessing.SourceType.TypeVectorPolygon
        g = QgsProcessingParameterNumber.Double
        h = QgsMapSettings.Antialiasing
        i = QDialog().exec_()
        j = QDialog().exec() == QDialog.DialogCode.Accepted
        k = QFileDialog.getOpenFileName, QVariant.Double, QAction
        """), encoding="utf-8")
    run = _run([str(CHECK_QT6), str(tmp_path)])
    assert run.returncode == 1, run.stderr
    found = {(int(line.split(":")[1]), line.split(": ", 1)[1]) for line in run.stdout.splitlines()}
    lines = sorted(n for n, _ in found)
    assert lines == [2, 6, 8, 10, 12, 13, 14], run.stdout
    messages = dict(found)
    assert "has no QRegExp" in messages[2]
    assert "write Qt.AlignmentFlag.AlignLeft" in messages[6]
    assert "write QImage.Format.Format_ARGB32_Premultiplied" in messages[8]
    # QGIS 3.40 also offers the newer Qgis.* enum first ("write Qgis.ProcessingSourceType... or ...")
    assert "QgsProcessing.SourceType.TypeVectorPolygon" in messages[10] and "write " in messages[10]
    assert "QgsProcessingParameterNumber.Type.Double" in messages[12] and "write " in messages[12]
    assert "QgsMapSettings.Flag.Antialiasing" in messages[13]
    assert "exec_" in messages[14]


@pytest.mark.parametrize("tool", [
    ["-m", "flake8", *SHIPPED],  # reads .flake8: line length, the ignored codes and why
    ["-m", "bandit", "-q", *SHIPPED],
])
def test_repository_scan_is_clean(tool: List[str]) -> None:
    """flake8 (+ flake8-qgis) and bandit, as plugins.qgis.org runs them on upload, find nothing."""
    run = _run(tool)
    assert run.returncode == 0, run.stdout + run.stderr
