"""A missing Python library: the plugin still loads, registers nothing that cannot run, and says what to install.

Each case hides a library in a fresh Python (``sys.modules[name] = None`` makes ``import name`` raise
ImportError, as Python does for a module it must not import) before the plugin is imported, then loads the
plugin as QGIS does: in a QGIS application with an interface (desktop) and through ``qgis_process``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bluecarbon import dependencies
from bluecarbon.dependencies import REQUIREMENTS, MissingLibrary, Requirement

ROOT = Path(__file__).resolve().parent.parent
BUILD_DIR = Path(os.environ.get("BLUECARBON_BUILD") or ROOT / ".build")  # as tests/conftest.py
PLUGINS_DIR = BUILD_DIR / "plugins"
PROFILE_INI = BUILD_DIR / "qgis-profile" / "profiles" / "default" / "QGIS" / "QGIS3.ini"
QGIS_PROCESS = ROOT / "scripts" / "qgis_process"
LIBRARIES = ["rasterio", "scipy", "shapely", "pyproj", "matplotlib"]
INSTALL_WAYS = ("OSGeo4W Shell", "python -m pip install", "-m pip install --user", "QPIP", "requirements.txt")

# Runs in a fresh Python: hide the libraries named on the command line, start QGIS with a stand-in interface,
# load the plugin as QGIS does and print (as JSON, last line) what it registered and said.
LOAD_PLUGIN = r"""
import json, sys
for name in sys.argv[1:]:
    sys.modules[name] = None

from pytest_qgis.qgis_interface import QgisInterface  # before the application, as pytest-qgis does
from qgis.core import QgsApplication
from qgis.gui import QgsMapCanvas, QgsMessageBar
from qgis.PyQt.QtWidgets import QApplication, QMainWindow, QMessageBox, QPushButton

app = QgsApplication([], True)
app.initQgis()
log = []
QgsApplication.messageLog().messageReceived.connect(lambda text, tag, level: log.append([tag, text]))

window = QMainWindow()
iface = QgisInterface(QgsMapCanvas(window), QgsMessageBar(), window)
registry = QgsApplication.processingRegistry()

import bluecarbon

def blue_carbon_menu():
    menus = [a.menu() for a in window.menuBar().actions() if a.text() == "Blue Carbon"]
    return menus[0] if menus else None

def open_boxes():
    return [w.text() for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]

plugin = bluecarbon.classFactory(iface)
plugin.initProcessing()
plugin.initGui()
report = {
    "plugin": type(plugin).__name__,
    "provider": registry.providerById("bluecarbon") is not None,
    "bar": [[item.title(), item.text()] for item in iface.messageBar().items()],
    "menu": [a.text() for a in blue_carbon_menu().actions() if not a.isSeparator()],
    "log": log,
}
buttons = [b for item in iface.messageBar().items() for b in item.findChildren(QPushButton)
           if b.objectName() == "mBlueCarbonMissingLibrariesDetails"]
if buttons:
    buttons[0].click()
    report["details"] = open_boxes()
    for box in QApplication.topLevelWidgets():
        if isinstance(box, QMessageBox):
            box.close()
    blue_carbon_menu().actions()[0].trigger()
    report["menu_details"] = open_boxes()
plugin.unload()
report["provider_after_unload"] = registry.providerById("bluecarbon") is not None
report["menu_after_unload"] = blue_carbon_menu() is not None
report["open_after_unload"] = open_boxes()
print(json.dumps(report))
"""


def _load_plugin(tmp_path: Path, hidden: list[str]) -> dict:
    """Run LOAD_PLUGIN in a fresh Python with ``hidden`` libraries and return its report."""
    script = tmp_path / "load_plugin.py"
    script.write_text(LOAD_PLUGIN, encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QGIS_CUSTOM_CONFIG_PATH=str(tmp_path / "profile"),
               PYTHONPATH=str(PLUGINS_DIR))
    # -P: the repository root (the current folder) must not hide QGIS's processing package
    result = subprocess.run([sys.executable, "-P", str(script), *hidden], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=180, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("library", LIBRARIES)
def test_plugin_loads_without_a_library_and_says_how_to_install_it(tmp_path: Path, library: str) -> None:
    report = _load_plugin(tmp_path, [library])

    assert report["plugin"] == "MissingLibrariesPlugin"
    assert not report["provider"], "a provider whose algorithms cannot run was registered"
    assert report["menu"] == ["Missing Python libraries…"]
    [(title, text)] = report["bar"]  # one message
    assert title == "Blue Carbon"
    assert f"libraries {library}," in text
    for others in set(LIBRARIES) - {library}:
        assert others not in text
    [details] = report["details"]
    assert report["menu_details"] == [details]  # the menu entry shows the same message again
    assert f"- {library}: " in details and "Python says: ModuleNotFoundError: " in details
    for way in INSTALL_WAYS:
        assert way in details, way
    assert f"python3-{library}" in details  # the OSGeo4W and Debian packages
    blue_carbon_logs = [text for tag, text in report["log"] if tag == "Blue Carbon"]
    assert blue_carbon_logs == [details]  # logged once although initProcessing and initGui both ran
    assert not report["menu_after_unload"] and not report["open_after_unload"]
    assert not report["provider_after_unload"]


def test_every_missing_library_is_named_in_the_one_message(tmp_path: Path) -> None:
    report = _load_plugin(tmp_path, ["rasterio", "matplotlib"])

    [(_title, text)] = report["bar"]
    assert "libraries rasterio, matplotlib," in text
    assert "pip install --user rasterio matplotlib" in report["details"][0]
    assert not report["provider"]


def test_with_every_library_the_real_plugin_loads(tmp_path: Path) -> None:
    """The same harness with nothing hidden gives the full plugin: the cases above test the libraries, not it."""
    report = _load_plugin(tmp_path, [])

    assert report["plugin"] == "BlueCarbonPlugin"
    assert report["provider"] and report["bar"] == []
    assert "Missing Python libraries…" not in report["menu"] and len(report["menu"]) > 2
    assert not report["provider_after_unload"]


def test_qgis_process_lists_without_the_provider_and_says_why(tmp_path: Path, run_qgis_process) -> None:
    """qgis_process never calls initGui: with rasterio hidden it still lists (exit 0), without our provider."""
    hide = tmp_path / "hide"
    hide.mkdir()
    (hide / "sitecustomize.py").write_text("import sys\nsys.modules['rasterio'] = None\n", encoding="utf-8")
    profile = tmp_path / "profile"
    (profile / "profiles" / "default" / "QGIS").mkdir(parents=True)
    shutil.copy(PROFILE_INI, profile / "profiles" / "default" / "QGIS" / "QGIS3.ini")  # the plugin enabled
    env = dict(os.environ, PYTHONPATH=str(hide), BLUECARBON_QGIS_PROFILE=str(profile))

    result = subprocess.run([str(QGIS_PROCESS), "list"], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=300, check=False)

    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "native:" in result.stdout  # it did list
    assert "bluecarbon:" not in result.stdout and "Blue Carbon" not in result.stdout
    assert "rasterio" in result.stderr and "QPIP" in result.stderr, result.stderr[-2000:]


def test_libraries_shipped_here_are_not_missing() -> None:
    assert dependencies.missing_libraries() == []


def test_a_module_that_does_not_exist_is_reported_with_pythons_error() -> None:
    absent = Requirement("bluecarbon-no-such-lib", "bluecarbon_no_such_lib", "python3-x", "python3-x", "tests")

    [missing] = dependencies.missing_libraries([REQUIREMENTS[0], absent])

    assert missing.requirement is absent
    assert missing.error.startswith("ModuleNotFoundError: ") and "bluecarbon_no_such_lib" in missing.error


def test_a_library_that_fails_while_importing_is_reported(tmp_path: Path) -> None:
    """A library that is there but broken (its shared library does not load) counts as missing."""
    (tmp_path / "bluecarbon_broken_lib.py").write_text("raise OSError('libgdal.so.32: cannot open shared object')\n")
    sys.path.insert(0, str(tmp_path))
    try:
        error = dependencies.import_error("bluecarbon_broken_lib")
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("bluecarbon_broken_lib", None)

    assert error == "OSError: libgdal.so.32: cannot open shared object"


def test_install_help_gives_the_three_ways_with_the_package_names(qgis_app) -> None:
    rasterio = next(r for r in REQUIREMENTS if r.pip == "rasterio")
    text = dependencies.install_help([MissingLibrary(rasterio, "ModuleNotFoundError: No module named 'rasterio'")])

    assert "python -m pip install rasterio" in text  # OSGeo4W Shell
    assert "python3-rasterio" in text  # OSGeo4W installer and Debian package
    assert f'"{dependencies.qgis_python()}" -m pip install --user rasterio' in text
    assert 'subprocess.check_call([r"' in text and '"install", "--user", "rasterio"])' in text
    assert "QPIP" in text and "requirements.txt" in text


def test_qgis_python_is_an_interpreter() -> None:
    python = dependencies.qgis_python()
    assert Path(python).name.startswith("python")
    assert subprocess.run([python, "-c", "import sys"], check=False).returncode == 0


def test_requirements_txt_lists_the_same_libraries_for_qpip() -> None:
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    names = [line.split("#")[0].strip() for line in lines if line.split("#")[0].strip()]
    assert names == [r.pip for r in REQUIREMENTS]


def test_readme_and_metadata_name_every_library() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    about = next(line for line in (ROOT / "metadata.txt").read_text(encoding="utf-8").splitlines()
                 if line.startswith("about="))
    section = readme.split("## Requirements", 1)[1].split("\n## ", 1)[0]
    for requirement in REQUIREMENTS:
        assert requirement.pip in section and requirement.pip in about, requirement.pip
    for way in ("OSGeo4W Shell", "pip install", "QPIP"):
        assert way in section, way


def test_the_message_follows_the_chinese_translation(qgis_app) -> None:
    from bluecarbon import translation

    rasterio = next(r for r in REQUIREMENTS if r.pip == "rasterio")
    translator = translation.install_translator("zh_CN")
    assert translator is not None, "make setup compiles i18n/bluecarbon_zh_CN.qm"
    try:
        text = dependencies.install_help([MissingLibrary(rasterio, "ModuleNotFoundError: No module named 'rasterio'")])
    finally:
        translation.remove_translator(translator)

    assert text.startswith("蓝碳景观需要 Python 库 rasterio，")
    assert "- rasterio：按条带读写栅格。" in text
    assert "python -m pip install rasterio" in text and "QPIP" in text  # commands stay as typed
