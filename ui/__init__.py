"""Dialogs of the Blue Carbon Landscape plugin."""
