"""Blue Carbon Landscape: QGIS plugin entry point."""


def classFactory(iface):  # noqa: N802 (name required by QGIS)
    """Return the plugin instance QGIS asks for; a stand-in that only explains, when a library is missing."""
    from .dependencies import MissingLibrariesPlugin, missing_libraries

    missing = missing_libraries()
    if missing:  # before importing .plugin, which needs them all
        return MissingLibrariesPlugin(iface, missing)
    from .plugin import BlueCarbonPlugin

    return BlueCarbonPlugin(iface)
