"""Readiness for discharge: staff score a PM against the criteria and propose an outcome;
the head of the institution approves it."""

from django.utils.translation import gettext as _

from apps.core.errors import DomainError

from .. import permissions
from ..figures import percent
from ..models import ReadinessAssessment, ReadinessCriterion, ReadinessScore
from ..models.readiness import MAX_SCORE, Outcome
from ._base import not_in_future, require, service, today

# A required criterion scored below this blocks a "ready" outcome.
REQUIRED_MINIMUM = 2


def weighted_score(criteria, scores: dict) -> object:
    """sum(score x weight) / (4 x sum(weight)) x 100, half up to one decimal."""
    total = sum(scores[c.pk] * c.weight for c in criteria)
    return percent(total, MAX_SCORE * sum(c.weight for c in criteria))


@service
def readiness_assess(
    *, actor, resident, institution, assessed_on, scores: dict, outcome: str, note: str = ""
) -> ReadinessAssessment:
    """Score every active criterion 0-4 and propose an outcome. "Ready" needs each
    required criterion scored at least 2. The outcome stands once the head approves it."""
    require(permissions.can_work_at(actor, institution), _("Anda tidak berwenang di lembaga ini."))
    not_in_future(assessed_on, _("Tanggal penilaian"))
    institution_id = getattr(institution, "pk", institution)
    if institution_id not in (resident.institution_ids or [resident.registered_at_id]):
        raise DomainError(_("PM ini tidak terdaftar atau ditempatkan di lembaga ini."), code="not_here")
    if outcome not in Outcome.values:
        raise DomainError(_("Pilih hasil penilaian."))
    criteria = list(ReadinessCriterion.objects.filter(is_active=True).order_by("sort_order", "id"))
    if not criteria:
        raise DomainError(_("Belum ada kriteria kesiapan; administrator perlu menambahkannya."))
    missing = [c.name for c in criteria if c.pk not in scores]
    if missing:
        raise DomainError(_("Nilai belum diisi: %(names)s") % {"names": ", ".join(missing)})
    if any(not 0 <= scores[c.pk] <= MAX_SCORE for c in criteria):
        raise DomainError(_("Nilai tiap kriteria 0 sampai 4."))
    weak = [c.name for c in criteria if c.required and scores[c.pk] < REQUIRED_MINIMUM]
    if outcome == Outcome.READY and weak:
        raise DomainError(
            _("Belum dapat dinyatakan siap: kriteria wajib bernilai kurang dari 2: %(names)s")
            % {"names": ", ".join(weak)},
            code="required_not_met",
        )
    assessment = ReadinessAssessment(
        resident=resident,
        institution=institution,
        assessed_on=assessed_on,
        score_pct=weighted_score(criteria, scores),
        outcome=outcome,
        note=note.strip(),
    )
    assessment.stamp(actor)
    assessment.save()
    ReadinessScore.objects.bulk_create(
        ReadinessScore(assessment=assessment, criterion=c, score=scores[c.pk]) for c in criteria
    )
    return assessment


@service
def readiness_approve(*, actor, assessment: ReadinessAssessment) -> ReadinessAssessment:
    """The head of the institution approves the proposed outcome."""
    assessment = ReadinessAssessment.objects.select_for_update(of=("self",)).get(pk=assessment.pk)
    require(
        permissions.can_approve_readiness(actor, assessment.institution_id),
        _("Hanya kepala lembaga yang dapat menyetujui hasil penilaian kesiapan."),
    )
    if assessment.is_approved:
        raise DomainError(_("Penilaian ini sudah disetujui."))
    assessment.approved_by = actor
    assessment.approved_on = today()
    assessment.stamp(actor)
    assessment.save()
    return assessment
