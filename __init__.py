"""Blue Carbon Landscape: QGIS plugin entry point."""


def classFactory(iface):  # noqa: N802 (name required by QGIS)
    """Return the plugin instance QGIS asks for."""
    from .plugin import BlueCarbonPlugin

    return BlueCarbonPlugin(iface)
