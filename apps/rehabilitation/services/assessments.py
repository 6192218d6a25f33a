from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from apps.core.errors import DomainError
from apps.residents.models import Case

from .. import permissions
from ..models import Answer, Assessment, DomainScore, Instrument, Question
from ..models.assessments import SCORE_MAX, SCORE_MIN
from ._base import not_in_future, require, service

YES_NO = {"ya": "ya", "yes": "ya", "tidak": "tidak", "no": "tidak"}


def instrument_applies(instrument: Instrument, resident) -> bool:
    """An instrument without categories and clusters applies to everyone; otherwise to PM
    of one of its PPKS categories or clusters."""
    codes = {c.code for c in instrument.welfare_categories.all()}
    if not codes and not instrument.clusters:
        return True
    category = resident.welfare_category
    return category.code in codes or category.cluster in instrument.clusters


def _score(value, label) -> int:
    try:
        score = int(value)
    except (TypeError, ValueError):
        score = None
    if score is None or not SCORE_MIN <= score <= SCORE_MAX:
        raise DomainError(_("%(label)s: skor harus 1 sampai 4.") % {"label": label})
    return score


def _answer(question: Question, value) -> Answer:
    text = "" if value is None else str(value).strip()
    answer = Answer(question=question)
    if text == "":
        if question.required:
            raise DomainError(_("%(q)s: wajib diisi.") % {"q": question.text})
        return answer
    if question.kind == Question.Kind.SCORE:
        answer.score = _score(text, question.text)
    elif question.kind == Question.Kind.YES_NO:
        if text.lower() not in YES_NO:
            raise DomainError(_("%(q)s: jawab ya atau tidak.") % {"q": question.text})
        answer.value = YES_NO[text.lower()]
    elif question.kind == Question.Kind.CHOICE:
        if text not in question.choice_list:
            raise DomainError(_("%(q)s: pilihan tidak dikenal.") % {"q": question.text})
        answer.value = text
    elif question.kind == Question.Kind.NUMBER:
        try:
            answer.value = str(Decimal(text.replace(",", ".")))
        except InvalidOperation:
            raise DomainError(_("%(q)s: isi dengan angka.") % {"q": question.text}) from None
    else:
        answer.value = text
    return answer


@service
def assessment_record(
    *,
    actor,
    case: Case,
    instrument: Instrument,
    assessed_on: date,
    scores: dict,
    answers: dict | None = None,
    summary: str = "",
) -> Assessment:
    """Record a completed assessment: a score 1-4 for every domain of the instrument
    (the database refuses others), and answers checked against each question's kind.
    Reassessments are new rows: earlier ones are kept for the trend."""
    require(permissions.can_work_on(actor, case), _("Anda tidak berwenang mengases kasus ini."))
    if not instrument.is_active:
        raise DomainError(_("Instrumen ini tidak aktif."))
    if not instrument_applies(instrument, case.resident):
        raise DomainError(_("Instrumen ini tidak berlaku untuk kategori PM ini."))
    not_in_future(assessed_on, _("Tanggal asesmen"))
    if assessed_on < case.opened_on:
        raise DomainError(_("Tanggal asesmen sebelum kasus dibuka."))
    domains = list(instrument.domains.order_by("order", "id"))
    scores = {int(k): v for k, v in scores.items()}
    missing = [d.name for d in domains if scores.get(d.pk) in (None, "")]
    if missing:
        raise DomainError(_("Skor domain belum diisi: %(names)s.") % {"names": ", ".join(missing)})
    assessment = Assessment(
        case=case,
        instrument=instrument,
        assessed_on=assessed_on,
        summary=summary,
        status=Assessment.Status.COMPLETED,
    )
    assessment.stamp(actor)
    assessment.save()
    DomainScore.objects.bulk_create(
        [DomainScore(assessment=assessment, domain=d, score=_score(scores[d.pk], d.name)) for d in domains]
    )
    answers = {int(k): v for k, v in (answers or {}).items()}
    questions = Question.objects.filter(domain__instrument=instrument).order_by(
        "domain__order", "order", "id"
    )
    rows = []
    for question in questions:
        answer = _answer(question, answers.get(question.pk))
        if answer.score is not None or answer.value:
            answer.assessment = assessment
            rows.append(answer)
    Answer.objects.bulk_create(rows)
    return assessment
