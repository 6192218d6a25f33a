"""The discharge rule that readiness adds, for the residents discharge form to call.

A termination as *independent* (``Case.TerminationReason.INDEPENDENT``) needs the PM's
latest approved readiness outcome to be "ready", or a written reason for discharging as
independent without it. Other termination reasons are not affected.
"""

from django.utils.translation import gettext as _

from .models import ReadinessAssessment
from .models.readiness import Outcome

INDEPENDENT = "independent"  # residents.Case.TerminationReason.INDEPENDENT

_LOOK_UP = object()


def latest_approved_assessment(resident) -> ReadinessAssessment | None:
    return (
        ReadinessAssessment.objects.approved()
        .filter(resident_id=getattr(resident, "pk", resident))
        .order_by("-assessed_on", "-id")
        .first()
    )


def discharge_problem(assessment: ReadinessAssessment | None, reason: str, note: str) -> str | None:
    """The rule itself, pure: the message to show, or None when the discharge may go on."""
    if reason != INDEPENDENT:
        return None
    if assessment is not None and assessment.outcome == Outcome.READY:
        return None
    if note and note.strip():
        return None
    if assessment is None:
        return _(
            "Terminasi mandiri memerlukan penilaian kesiapan dengan hasil 'siap' yang disetujui kepala, "
            "atau tuliskan alasan pada catatan terminasi."
        )
    return _(
        "Hasil penilaian kesiapan terakhir adalah '%(outcome)s': "
        "tuliskan alasan terminasi mandiri pada catatan."
    ) % {"outcome": assessment.get_outcome_display()}


def readiness_problem_for_discharge(resident, reason: str, note: str, *, assessment=_LOOK_UP) -> str | None:
    """What stops discharging ``resident`` with ``reason`` and ``note``, or None (one query
    unless ``assessment`` is given)."""
    if assessment is _LOOK_UP:
        assessment = latest_approved_assessment(resident) if reason == INDEPENDENT else None
    return discharge_problem(assessment, reason, note)
