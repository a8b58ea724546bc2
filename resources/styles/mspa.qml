<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<!-- MSPA classes with GuidosToolbox's byte codes and colours (MSPA guide; Soille & Vogt 2009). -->
<qgis version="3.22.0" styleCategories="AllStyleCategories">
  <pipe>
    <rasterrenderer type="paletted" band="1" opacity="1" alphaBand="-1" nodataColor="">
      <rasterTransparency/>
      <colorPalette>
        <paletteEntry value="0" color="#dcdcdc" alpha="255" label="0 Background"/>
        <paletteEntry value="1" color="#ff8c00" alpha="255" label="1 Branch"/>
        <paletteEntry value="3" color="#000000" alpha="255" label="3 Edge"/>
        <paletteEntry value="5" color="#0000ff" alpha="255" label="5 Perforation"/>
        <paletteEntry value="9" color="#a03c00" alpha="255" label="9 Islet"/>
        <paletteEntry value="17" color="#00c800" alpha="255" label="17 Core"/>
        <paletteEntry value="33" color="#ff0000" alpha="255" label="33 Bridge"/>
        <paletteEntry value="65" color="#ffff00" alpha="255" label="65 Loop"/>
        <paletteEntry value="129" color="#ffffff" alpha="255" label="129 Missing"/>
      </colorPalette>
    </rasterrenderer>
    <brightnesscontrast brightness="0" contrast="0" gamma="1"/>
    <huesaturation saturation="0" grayscaleMode="0" colorizeOn="0" colorizeRed="255" colorizeGreen="128" colorizeBlue="128" colorizeStrength="100"/>
    <rasterresampler maxOversampling="2"/>
  </pipe>
  <blendMode>0</blendMode>
</qgis>
