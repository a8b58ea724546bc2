"""Processing provider and algorithms of the Blue Carbon Landscape plugin."""
