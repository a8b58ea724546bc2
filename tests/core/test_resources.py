"""core.resources finds files shipped with the plugin."""

from bluecarbon.core.resources import PLUGIN_ROOT, resource_path


def test_resource_path_points_into_resources() -> None:
    """resource_path('icon.svg') is the plugin icon named in metadata.txt."""
    assert (PLUGIN_ROOT / "metadata.txt").is_file()
    assert resource_path("icon.svg").is_file()
    assert "icon=resources/icon.svg" in (PLUGIN_ROOT / "metadata.txt").read_text().splitlines()
