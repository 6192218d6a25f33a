"""Pages of the tracks app, split by concern."""
