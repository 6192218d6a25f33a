"""Spreadsheet imports of the tracks app (filled in below)."""
