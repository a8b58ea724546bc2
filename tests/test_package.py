"""The zip users install is the plugin that works: built, unpacked into a fresh plugin folder and profile, loaded.

The rest of the suite imports the plugin from ``.build/plugins/bluecarbon``; these tests never touch that
folder. They build the zip with ``scripts/package.py`` exactly as ``make package`` does, unpack it into an
empty folder, and use only that copy: every module is imported from it, ``classFactory``/``initGui``/``unload``
run on it in a separate Python process, and one algorithm of each toolbox group runs through ``qgis_process``
with ``QGIS_PLUGINPATH`` pointing at it and a new, empty QGIS profile.
"""

import csv
import json
import os
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path
from typing import Dict, List

import pytest
from rasters import SAMPLE, DEMAND

REPO = Path(__file__).resolve().parent.parent
FRAGSTATS_RASTER = REPO / "tests" / "data" / "landscape_30x30.tif"
FRAGSTATS_CLASSES = REPO / "tests" / "data" / "landscape_30x30_fragstats_class.csv"
# The algorithms the design promises (docs/architecture.md), one toolbox group each at least.
PROMISED = {"patchfragmentation", "fragmentationsurface", "sinkcapacity", "carbonchange", "carbonserviceflow",
            "blueassessment"}


def qgis_process_binary() -> str:
    """qgis_process.bin where Debian's wrapper is broken (QGIS 3.22), else qgis_process."""
    for name in ("qgis_process.bin", "qgis_process"):
        for folder in os.environ.get("PATH", "").split(os.pathsep) + ["/usr/bin"]:
            if (Path(folder) / name).is_file():
                return str(Path(folder) / name)
    raise AssertionError("no qgis_process on PATH")


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Dict[str, Path]:
    """Build the zip with scripts/package.py and unpack it into an empty plugin folder; a fresh profile beside."""
    base = tmp_path_factory.mktemp("installed")
    zip_path = base / "bluecarbon.zip"
    built = subprocess.run([sys.executable, str(REPO / "scripts" / "package.py"), str(zip_path)],
                           capture_output=True, text=True, check=False)
    assert built.returncode == 0, built.stdout + built.stderr
    plugins = base / "plugins"
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(plugins)
    profile = base / "profile"
    profile.mkdir()
    return {"zip": zip_path, "plugins": plugins, "profile": profile, "base": base}


def zipped_names(zip_path: Path) -> List[str]:
    with zipfile.ZipFile(zip_path) as archive:
        return archive.namelist()


def test_zip_holds_the_plugin_and_nothing_else(installed) -> None:
    names = zipped_names(installed["zip"])
    assert all(n.startswith("bluecarbon/") for n in names)
    inside = {n[len("bluecarbon/"):] for n in names}
    for needed in ("__init__.py", "plugin.py", "translation.py", "metadata.txt", "LICENSE", "resources/icon.svg",
                   "i18n/bluecarbon_zh_CN.qm", "resources/report/report.html", "processing/provider.py"):
        assert needed in inside, needed
    # every Python module of the repository's plugin packages (and top level) is shipped
    sources = {str(p.relative_to(REPO)) for folder in ("core", "processing", "ui")
               for p in (REPO / folder).rglob("*.py") if "__pycache__" not in p.parts}
    sources |= {p.name for p in REPO.glob("*.py")}
    assert sources <= inside, sorted(sources - inside)
    for never in ("tests/", "bench/", "docs/", "scripts/", ".ci/", ".venv/", ".build/"):
        assert not [n for n in inside if n.startswith(never)], never
    assert not [n for n in inside if n.endswith((".ts", ".pyc"))]


def test_zip_metadata_has_the_changelog_from_changelog_md(installed) -> None:
    with zipfile.ZipFile(installed["zip"]) as archive:
        text = archive.read("bluecarbon/metadata.txt").decode("utf-8")
    version = next(line.split("=", 1)[1] for line in text.splitlines() if line.startswith("version="))
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    newest = next(line[3:].split()[0] for line in changelog.splitlines() if line.startswith("## "))
    assert version == newest
    lines = text.splitlines()
    start = lines.index("changelog=")
    assert lines[start + 1].strip().startswith(f"{version} - ")
    assert "hasProcessingProvider=yes" in lines


def test_package_refuses_an_incomplete_plugin(tmp_path: Path) -> None:
    """A module imported but missing from the tree (as translation.py was from the 0.1.0 zip) stops the build."""
    copy = tmp_path / "repo"
    ignore = ("tests", "bench", "docs", ".venv", ".build", ".git", "dist", "demo-output")
    shutil.copytree(REPO, copy, symlinks=True, ignore=lambda d, names: [n for n in names if n in ignore])
    (copy / "translation.py").unlink()
    done = subprocess.run([sys.executable, str(copy / "scripts" / "package.py"), str(tmp_path / "x.zip")],
                          capture_output=True, text=True, check=False)
    assert done.returncode != 0
    assert "translation" in done.stderr
    assert not (tmp_path / "x.zip").exists() and not list(tmp_path.glob("x.zip*"))


INSIDE_QGIS = textwrap.dedent(
    """
    # Runs in its own pytest process (pytest-qgis gives a QGIS application and interface), importing the
    # plugin only from the unpacked zip given in BLUECARBON_INSTALLED; prints what it found as JSON.
    import importlib, json, os, sys
    from pathlib import Path

    PLUGINS = Path(os.environ["BLUECARBON_INSTALLED"])
    sys.path.insert(0, str(PLUGINS))


    def test_life(qgis_iface, qgis_processing):
        from qgis.core import QgsApplication, QgsSettings
        from qgis.PyQt.QtWidgets import QMenu
        language = os.environ["BLUECARBON_LANGUAGE"]
        if language != "en":
            QgsSettings().setValue("locale/overrideFlag", True)
            QgsSettings().setValue("locale/userLocale", language)
        import bluecarbon
        report = {"package": str(Path(bluecarbon.__file__).resolve().parent), "modules": {}}
        for path in sorted((PLUGINS / "bluecarbon").rglob("*.py")):
            rel = path.relative_to(PLUGINS).with_suffix("")
            parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
            module = importlib.import_module(".".join(parts))
            report["modules"][".".join(parts)] = str(Path(module.__file__).resolve())
        registry = QgsApplication.processingRegistry()
        before = registry.providerById("bluecarbon")
        report["provider_before"] = before is not None
        plugin = bluecarbon.classFactory(qgis_iface)
        plugin.initGui()
        provider = registry.providerById("bluecarbon")
        report["provider_name"] = provider.name() if provider else None
        report["algorithms"] = sorted(a.name() for a in provider.algorithms()) if provider else []
        report["groups"] = sorted({a.groupId() for a in provider.algorithms()}) if provider else []
        window = qgis_iface.mainWindow()
        menu = window.findChild(QMenu, "mBlueCarbonMenu")
        report["menu_entries"] = [a.text() for a in menu.actions() if a.text()] if menu else None
        menu_action = menu.menuAction() if menu else None
        plugin.unload()
        report["provider_after_unload"] = registry.providerById("bluecarbon") is not None
        report["menu_after_unload"] = menu_action in window.menuBar().actions()
        print("REPORT " + json.dumps(report))
    """
)


def load_in_qgis(installed, language: str) -> dict:
    """Run the plugin's whole life (import, classFactory, initGui, unload) from the unpacked zip, in its own process."""
    folder = installed["base"] / f"life-{language}"
    folder.mkdir(exist_ok=True)
    (folder / "test_life.py").write_text(INSIDE_QGIS, encoding="utf-8")
    (folder / "pytest.ini").write_text("[pytest]\nqgis_gui_enabled = False\naddopts = -p no:cacheprovider\n")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BLUECARBON_INSTALLED=str(installed["plugins"]),
               BLUECARBON_LANGUAGE=language, QGIS_CUSTOM_CONFIG_PATH=str(folder / "profile"))
    env.pop("PYTHONPATH", None)
    done = subprocess.run([sys.executable, "-P", "-m", "pytest", "-q", "-s", "test_life.py"],
                          capture_output=True, text=True, env=env, cwd=folder, timeout=300, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    line = next(x for x in done.stdout.splitlines() if x.startswith("REPORT "))
    return json.loads(line[len("REPORT "):])


def test_every_module_imports_and_the_plugin_loads_from_the_zip(installed) -> None:
    report = load_in_qgis(installed, "en")
    root = (installed["plugins"] / "bluecarbon").resolve()
    assert report["package"] == str(root)
    assert all(Path(p).is_relative_to(root) for p in report["modules"].values())
    assert "bluecarbon.translation" in report["modules"] and "bluecarbon.plugin" in report["modules"]
    assert report["provider_before"] is False
    assert PROMISED <= set(report["algorithms"])
    assert {"fragmentation", "sink", "flow", "assessment"} <= set(report["groups"])
    assert report["provider_name"] == "Blue Carbon"
    assert report["menu_entries"] and len(report["menu_entries"]) >= len(PROMISED) - 1
    assert report["provider_after_unload"] is False and report["menu_after_unload"] is False


def test_the_zipped_translation_is_loaded(installed) -> None:
    """With QGIS in Simplified Chinese the zipped .qm names the provider and the menu in Chinese."""
    report = load_in_qgis(installed, "zh_CN")
    assert report["provider_name"] == "蓝碳"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in "".join(report["menu_entries"]))


# ------------------------------------------------------------------------------------- qgis_process
@pytest.fixture(scope="module")
def qgis_process(installed):
    """qgis_process with only the unpacked zip on QGIS_PLUGINPATH and an empty profile; the plugin enabled once."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QGIS_PLUGINPATH=str(installed["plugins"]),
               QGIS_CUSTOM_CONFIG_PATH=str(installed["profile"]))
    env.setdefault("PROJ_DATA", "/usr/share/proj")
    binary = qgis_process_binary()

    def run(*args: str, timeout: float = 600) -> "subprocess.CompletedProcess[str]":
        return subprocess.run([binary, *args], capture_output=True, text=True, env=env, cwd=installed["base"],
                              timeout=timeout, check=False)

    enabled = run("plugins", "enable", "bluecarbon")
    assert enabled.returncode == 0, enabled.stdout + enabled.stderr
    return run


def test_qgis_process_lists_the_zipped_provider(qgis_process, installed) -> None:
    done = qgis_process("list", "--json")
    assert done.returncode == 0, done.stderr
    providers = json.loads(done.stdout[done.stdout.index("{"):])["providers"]
    algorithms = providers["bluecarbon"]["algorithms"]
    assert {f"bluecarbon:{name}" for name in PROMISED} <= set(algorithms)


def read_csv(path: Path) -> List[dict]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_fragmentation_group_from_the_zip_equals_fragstats(qgis_process, tmp_path: Path) -> None:
    """Fragmentation: class CA and NP of the reference landscape equal FRAGSTATS 2.0's own output."""
    classes = tmp_path / "classes.csv"
    done = qgis_process("run", "bluecarbon:patchfragmentation", "--", f"INPUT={FRAGSTATS_RASTER}",
                        "LEGEND_PRESET=raster_values", f"OUTPUT_PATCHES={tmp_path / 'p.gpkg'}",
                        f"OUTPUT_CLASS_TABLE={classes}", f"OUTPUT_LANDSCAPE_TABLE={tmp_path / 'l.csv'}")
    assert done.returncode == 0, done.stdout + done.stderr
    ours = {int(r["class"]): r for r in read_csv(classes)}
    for reference in read_csv(FRAGSTATS_CLASSES):
        row = ours[int(reference["TYPE"])]
        assert float(row["NP"]) == float(reference["NP"])
        assert float(row["CA_ha"]) == pytest.approx(float(reference["CA"]), abs=5e-5)


def test_sink_group_from_the_zip(qgis_process, tmp_path: Path) -> None:
    """Sink: mangrove sequestration = area x 2.26 t C/ha/yr (Mcleod 2011's 226 g C/m2/yr), by hand."""
    table = tmp_path / "sink.csv"
    done = qgis_process("run", "bluecarbon:sinkcapacity", "--", f"INPUT={SAMPLE}", "LEGEND_PRESET=esa_worldcover",
                        "PARAMETERS=mcleod_2011", "DRAWS=0", f"OUTPUT_TABLE={table}")
    assert done.returncode == 0, done.stdout + done.stderr
    mangrove = next(r for r in read_csv(table) if r["ecosystem"] == "mangrove")
    assert float(mangrove["sequestration_tC_yr"]) == pytest.approx(float(mangrove["area_ha"]) * 2.26)


def test_flow_group_from_the_zip(qgis_process, tmp_path: Path) -> None:
    """Flows: what is allocated plus what is not equals the supply."""
    network = tmp_path / "n.csv"
    done = qgis_process("run", "bluecarbon:carbonserviceflow", "--", f"INPUT={SAMPLE}", "LEGEND_PRESET=esa_worldcover",
                        f"DEMAND_UNITS={DEMAND}", "DEMAND_FIELD=emissions_tC_yr",
                        f"OUTPUT_LINKS={tmp_path / 'l.gpkg'}", f"OUTPUT_PATCHES={tmp_path / 'p.csv'}",
                        f"OUTPUT_DEMAND={tmp_path / 'd.csv'}", f"OUTPUT_NETWORK={network}")
    assert done.returncode == 0, done.stdout + done.stderr
    values = {r["indicator"]: r["value"] for r in read_csv(network)}
    assert float(values["delivered_tC_yr"]) + float(values["unallocated_tC_yr"]) == pytest.approx(
        float(values["supply_tC_yr"]), rel=1e-9)
    assert float(values["supply_tC_yr"]) > 0


def test_assessment_group_from_the_zip(qgis_process, tmp_path: Path) -> None:
    """The assessment writes its report from the zipped template, with the sink total of its own table."""
    folder = tmp_path / "assessment"
    done = qgis_process("run", "bluecarbon:blueassessment", "--", f"INPUT={SAMPLE}", "LEGEND_PRESET=esa_worldcover",
                        "DRAWS=0", f"OUTPUT_FOLDER={folder}")
    assert done.returncode == 0, done.stdout + done.stderr
    assert (folder / "report.html").is_file() and (folder / "sink_capacity.csv").is_file()
    text = (folder / "report.html").read_text(encoding="utf-8")
    assert "<html" in text.lower()
    assert ("report_files/" in text) or ("data:image" in text), "the report shows its charts"
