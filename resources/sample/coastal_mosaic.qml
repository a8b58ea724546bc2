<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.0" styleCategories="AllStyleCategories" hasScaleBasedVisibilityFlag="0" minScale="1e+08" maxScale="0">
  <pipe>
    <provider>
      <resampling enabled="false" maxOversampling="2" zoomedInResamplingMethod="nearestNeighbour" zoomedOutResamplingMethod="nearestNeighbour"/>
    </provider>
    <rasterrenderer type="paletted" band="1" opacity="1" alphaBand="-1" nodataColor="">
      <rasterTransparency/>
      <minMaxOrigin>
        <limits>None</limits>
        <extent>WholeRaster</extent>
        <statAccuracy>Estimated</statAccuracy>
        <cumulativeCutLower>0.02</cumulativeCutLower>
        <cumulativeCutUpper>0.98</cumulativeCutUpper>
        <stdDevFactor>2</stdDevFactor>
      </minMaxOrigin>
      <colorPalette>
        <paletteEntry value="10" color="#006400" alpha="255" label="10 Tree cover"/>
        <paletteEntry value="20" color="#ffbb22" alpha="255" label="20 Shrubland"/>
        <paletteEntry value="30" color="#ffff4c" alpha="255" label="30 Grassland"/>
        <paletteEntry value="40" color="#f096ff" alpha="255" label="40 Cropland"/>
        <paletteEntry value="50" color="#fa0000" alpha="255" label="50 Built-up"/>
        <paletteEntry value="60" color="#b4b4b4" alpha="255" label="60 Bare / sparse vegetation"/>
        <paletteEntry value="80" color="#0064c8" alpha="255" label="80 Permanent water bodies"/>
        <paletteEntry value="90" color="#0096a0" alpha="255" label="90 Herbaceous wetland"/>
        <paletteEntry value="95" color="#00cf75" alpha="255" label="95 Mangroves"/>
      </colorPalette>
    </rasterrenderer>
    <brightnesscontrast brightness="0" contrast="0" gamma="1"/>
    <huesaturation saturation="0" grayscaleMode="0" colorizeOn="0" colorizeRed="255" colorizeGreen="128" colorizeBlue="128" colorizeStrength="100"/>
    <rasterresampler maxOversampling="2"/>
    <resamplingStage>resamplingFilter</resamplingStage>
  </pipe>
  <blendMode>0</blendMode>
</qgis>
