"""Reads the tracks pages and reports need: scoped, with their joins, no N+1."""
