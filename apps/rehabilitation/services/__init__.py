"""Every write of case work: keyword-only, atomic, audited, taking the acting user."""

from .followup import followup_visit_record

__all__ = ["followup_visit_record"]
