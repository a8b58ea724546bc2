"""qgis_process, as users and the demo call it, finds the plugin's provider."""

import json


def test_qgis_process_lists_provider(run_qgis_process) -> None:
    """`qgis_process list` through scripts/qgis_process shows the bluecarbon provider."""
    result = run_qgis_process(["list", "--json"])
    assert result.returncode == 0, result.stderr
    providers = json.loads(result.stdout)["providers"]
    assert "bluecarbon" in providers, sorted(providers)
    assert providers["bluecarbon"]["name"] == "Blue Carbon"


def test_qgis_process_plugin_enabled(run_qgis_process) -> None:
    """`qgis_process plugins` shows bluecarbon loaded as a Processing plugin."""
    result = run_qgis_process(["plugins"])
    assert result.returncode == 0, result.stderr
    assert "* bluecarbon" in result.stdout.splitlines()
