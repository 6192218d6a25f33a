"""Calendar arithmetic for due dates: the one rule lives in ``apps.core.dates``."""

from apps.core.dates import add_months

__all__ = ["add_months"]
