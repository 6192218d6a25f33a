"""Imports of budget lines, grants and business visits: all rows or none, every bad row
named with its row number, re-importing the same file changes nothing."""

from .budget_lines import budget_lines_import  # noqa: F401
from .grants import grants_import  # noqa: F401
from .visits import business_visits_import  # noqa: F401
