"""Writes of the surveys app: responses (online, assisted, imported) and follow-up plans."""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.choices import Sex
from apps.core.dates import EARLIEST, too_early_message
from apps.core.errors import DomainError, ImportRejected, RowError
from apps.core.spreadsheets import require_columns
from apps.institutions.models import Institution

from . import selectors
from .ikm import ELEMENT_CODES, Period
from .models import Channel, Education, FollowUpPlan, Occupation, Service, SurveyResponse
from .permissions import can_enter_responses, can_review_plan, can_write_plan

PROFILE_FIELDS = ("sex", "age", "education", "occupation", "service", "suggestion")
IMPORT_COLUMNS = ["institution_code", "submitted_on", *ELEMENT_CODES, "sex", "age", "education", "occupation"]
MIN_AGE, MAX_AGE = 10, 120


def _check_answers(answers: dict) -> dict[str, int]:
    clean = {}
    for code in ELEMENT_CODES:
        value = answers.get(code)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 4:
            raise DomainError(_("Jawaban %(element)s harus 1 sampai 4.") % {"element": code.upper()})
        clean[code] = value
    return clean


@transaction.atomic
def response_submit(
    *, actor, institution: Institution, answers: dict, profile: dict, channel: str, submitted_on=None
) -> SurveyResponse:
    """Store one questionnaire. Online answers are dated today (Asia/Jakarta) and have no
    operator; assisted answers are entered by staff of the institution, who may date them
    back (the day the respondent answered) but not into the future."""
    today = timezone.localdate()
    if channel == Channel.ONLINE:
        entered_by, submitted_on = None, today
    else:
        if actor is None or not can_enter_responses(actor, institution):
            raise DomainError(_("Hanya petugas lembaga ini yang dapat memasukkan jawaban responden."))
        entered_by = actor
        submitted_on = submitted_on or today
        if submitted_on > today:
            raise DomainError(_("Tanggal pengisian tidak boleh di masa depan."))
        if submitted_on < EARLIEST:
            raise DomainError(too_early_message(_("Tanggal pengisian"), EARLIEST))
    response = SurveyResponse(
        institution=institution,
        submitted_on=submitted_on,
        channel=channel,
        entered_by=entered_by,
        **_check_answers(answers),
        **{k: v for k, v in profile.items() if k in PROFILE_FIELDS and v not in (None,)},
    )
    response.full_clean(exclude=["institution", "entered_by"], validate_constraints=False)
    response.save()
    return response


# --- Import of paper questionnaires ----------------------------------------------------------------------

_SEX = {"l": Sex.MALE, "laki-laki": Sex.MALE, "p": Sex.FEMALE, "perempuan": Sex.FEMALE}


def _choice_lookup(choices) -> dict[str, str]:
    lookup = {}
    for value, label in choices:
        lookup[str(value).lower()] = value
        lookup[str(label).lower()] = value
    return lookup


_EDUCATION = _choice_lookup(Education.choices) | {
    "sd": Education.SD,
    "d1": Education.DIPLOMA,
    "d2": Education.DIPLOMA,
    "d3": Education.DIPLOMA,
    "d4": Education.DIPLOMA,
    "s3": Education.S2,
    "sma/smk": Education.SMA,
    "smk": Education.SMA,
}
_OCCUPATION = _choice_lookup(Occupation.choices)


def _parse_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError


def _parse_row(row: dict, institutions: dict[str, int], today: date) -> tuple[dict, list[str]]:
    problems: list[str] = []
    data: dict = {"channel": Channel.PAPER}
    code = str(row.get("institution_code", "")).strip().upper()
    if not code:
        problems.append(_("institution_code kosong"))
    elif code not in institutions:
        problems.append(_("lembaga %(code)s tidak dikenal") % {"code": code})
    else:
        data["institution_id"] = institutions[code]

    raw_date = row.get("submitted_on", "")
    if raw_date in ("", None):
        problems.append(_("submitted_on kosong"))
    else:
        try:
            submitted_on = _parse_date(raw_date)
        except ValueError:
            problems.append(_("submitted_on '%(value)s' bukan tanggal (TTTT-BB-HH)") % {"value": raw_date})
        else:
            if submitted_on > today:
                problems.append(_("submitted_on di masa depan"))
            elif submitted_on < EARLIEST:
                problems.append(_("submitted_on sebelum tahun 1900"))
            data["submitted_on"] = submitted_on

    for element in ELEMENT_CODES:
        value = row.get(element, "")
        if isinstance(value, str) and value.isdigit():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 4:
            if value == "":
                problems.append(_("%(column)s harus 1-4, kosong") % {"column": element})
            else:
                problems.append(
                    _("%(column)s harus 1-4, bukan '%(value)s'") % {"column": element, "value": value}
                )
        else:
            data[element] = value

    sex = str(row.get("sex", "")).strip().lower()
    if sex:
        if sex in _SEX:
            data["sex"] = _SEX[sex]
        else:
            problems.append(_("sex '%(value)s' harus L atau P") % {"value": sex})
    age = row.get("age", "")
    if age not in ("", None):
        if isinstance(age, str) and age.strip().isdigit():
            age = int(age)
        if isinstance(age, int) and not isinstance(age, bool) and MIN_AGE <= age <= MAX_AGE:
            data["age"] = age
        else:
            problems.append(
                _("age '%(value)s' harus bilangan bulat %(min)s-%(max)s")
                % {"value": age, "min": MIN_AGE, "max": MAX_AGE}
            )
    for column, lookup in (("education", _EDUCATION), ("occupation", _OCCUPATION)):
        text = str(row.get(column, "")).strip().lower()
        if text:
            if text in lookup:
                data[column] = lookup[text]
            else:
                problems.append(_("%(column)s '%(value)s' tidak dikenal") % {"column": column, "value": text})
    service = str(row.get("service", "")).strip().lower()
    if service:
        services = _choice_lookup(Service.choices)
        if service in services:
            data["service"] = services[service]
        else:
            problems.append(
                _("%(column)s '%(value)s' tidak dikenal") % {"column": "service", "value": service}
            )
    return data, problems


@transaction.atomic
def responses_import(*, actor, rows) -> int:
    """Import paper questionnaires from an XLSX (or CSV) file: every row or none.

    Columns: institution_code, submitted_on, u1..u9 (1-4), sex, age, education,
    occupation (profile columns may be empty). Any bad row rejects the file with
    every problem listed by the row number the spreadsheet shows.
    """
    rows = list(rows)
    if not rows:
        raise DomainError(_("Berkas tidak berisi baris jawaban."))
    header = set().union(*(row.keys() for _number, row in rows))
    require_columns(header, IMPORT_COLUMNS[:11])
    codes = {str(row.get("institution_code", "")).strip().upper() for _number, row in rows}
    institutions = dict(Institution.objects.filter(code__in=codes).values_list("code", "id"))
    today = timezone.localdate()
    errors, objects = [], []
    for number, row in rows:
        data, problems = _parse_row(row, institutions, today)
        if problems:
            errors.append(RowError(number, "; ".join(problems)))
        else:
            objects.append(SurveyResponse(entered_by=actor, **data))
    if errors:
        raise ImportRejected(errors)
    SurveyResponse.objects.bulk_create(objects, batch_size=1000)
    return len(objects)


# --- Follow-up plans ---------------------------------------------------------------------------------------


@transaction.atomic
def followup_plan_save(
    *,
    actor,
    institution: Institution,
    period: Period,
    element: str,
    action: str,
    problem: str = "",
    due_on=None,
    responsible: str = "",
) -> FollowUpPlan:
    """Write or change the plan for a weak element of a period. Only staff of the institution
    may, only for an element the period's index shows as weak; a change clears a review."""
    if not can_write_plan(actor, institution):
        raise DomainError(_("Hanya petugas lembaga ini yang dapat menulis rencana tindak lanjut."))
    report = selectors.institution_report(institution=institution, period=period, detail=False)
    if report.result is None:
        raise DomainError(
            _("Belum ada responden pada periode ini, jadi belum ada unsur yang perlu ditindaklanjuti.")
        )
    if element not in report.result.weakest():
        raise DomainError(
            _("Unsur %(element)s bukan unsur terlemah pada periode ini.") % {"element": element.upper()}
        )
    if not action.strip():
        raise DomainError(_("Isi program/kegiatan tindak lanjut."))
    plan = (
        FollowUpPlan.objects.select_for_update()
        .filter(institution=institution, period=period.key, element=element)
        .first()
    ) or FollowUpPlan(institution=institution, period=period.key, element=element)
    plan.problem, plan.action, plan.due_on, plan.responsible = (
        problem.strip(),
        action.strip(),
        due_on,
        responsible,
    )
    plan.reviewed_by, plan.reviewed_at, plan.review_note = None, None, ""
    plan.stamp(actor)
    plan.save()
    return plan


@transaction.atomic
def followup_plan_review(*, actor, plan: FollowUpPlan, note: str = "") -> FollowUpPlan:
    """A supervisor of the institution's region marks the plan reviewed, with a note."""
    plan = FollowUpPlan.objects.select_for_update().select_related("institution").get(pk=plan.pk)
    if not can_review_plan(actor, plan.institution):
        raise DomainError(_("Hanya pengawas wilayah lembaga ini yang dapat meninjau rencana tindak lanjut."))
    plan.reviewed_by = actor
    plan.reviewed_at = timezone.now()
    plan.review_note = note.strip()
    plan.stamp(actor)
    plan.save()
    return plan
