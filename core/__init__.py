"""Blue Carbon Landscape engine: numpy, scipy, rasterio, shapely and pyproj only, never qgis.

The modules here can be used from any Python script::

    from bluecarbon.core.landcover import open_landcover
    from bluecarbon.core.fragmentation import FragmentationOptions, analyse_fragmentation
"""
