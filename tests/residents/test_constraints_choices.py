"""Choice fields hold one of their choices in the database too, not only in forms.

Imports, COPY loads and the shell write past the forms; a value outside the choices
would show as a raw code on every page and fall out of every count by choice.
"""

from datetime import date

import pytest
from django.apps import apps
from django.db import IntegrityError, models, transaction

from apps.institutions.models import WelfareCategory
from apps.regions.models import Region
from apps.residents.models import AccessLog, Case, Document, FamilyMember, ResidentEvent
from apps.surveys.ikm import ELEMENT_CODES
from apps.surveys.models import SurveyResponse
from tests.factories import InstitutionFactory, MembershipFactory
from tests.residents.conftest import ResidentFactory, admit

pytestmark = pytest.mark.django_db


def a_resident(jember, **values):
    return ResidentFactory(registered_at=jember, **values)


def a_family_member(jember, **values):
    return FamilyMember.objects.create(
        resident=a_resident(jember), name="Siti", **{"relationship": "ibu", **values}
    )


def a_document(jember, **values):
    defaults = {
        "kind": "ktp",
        "file": "residents/documents/x.pdf",
        "content_type": "application/pdf",
        "size": 1,
    }
    return Document.objects.create(resident=a_resident(jember), **{**defaults, **values})


def a_case(jember, **values):
    defaults = {"opened_on": date(2025, 1, 1), "referral_source": "razia"}
    return Case.objects.create(resident=a_resident(jember), institution=jember, **{**defaults, **values})


def a_placement(jember, **values):
    return admit(a_resident(jember), jember, **values)


def an_event(jember, **values):
    resident = a_resident(jember)
    placement = admit(resident, jember, on=date(2025, 1, 1))
    return ResidentEvent.objects.create(
        resident=resident, placement=placement, occurred_on=date(2025, 1, 1), **values
    )


def an_access_log(jember, **values):
    return AccessLog.objects.create(**values)


def a_welfare_category(jember, **values):
    return WelfareCategory.objects.create(code="UJI", name="Uji", **{"cluster": "lansia", **values})


def an_institution(jember, **values):
    return InstitutionFactory(code="UJI-1", **values)


def a_membership(jember, **values):
    return MembershipFactory(institution=jember, **values)


def a_region(jember, **values):
    return Region.objects.create(code="35.09.99", name="Uji", parent_id="35.09", **values)


def a_survey_response(jember, **values):
    answers = dict.fromkeys(ELEMENT_CODES, 3)
    return SurveyResponse.objects.create(
        institution=jember, submitted_on=date(2026, 10, 5), channel="paper", **answers, **values
    )


REFUSED = [
    (a_resident, {"religion": "atheis"}, "resident_religion_choices"),
    (a_resident, {"marital_status": "janda"}, "resident_marital_status_choices"),
    (a_resident, {"education": "s3"}, "resident_education_choices"),
    (a_resident, {"disabilities": ["fisik", "odgj"]}, "resident_disabilities_choices"),
    (a_family_member, {"relationship": "tetangga"}, "family_member_relationship_choices"),
    (a_document, {"kind": "paspor"}, "document_kind_choices"),
    (a_case, {"referral_source": "dinas"}, "case_referral_source_choices"),
    (a_case, {"stage": "selesai"}, "case_stage_choices"),
    (
        a_case,
        {"closed_on": date(2025, 2, 1), "stage": "terminasi", "termination_reason": "married"},
        "case_termination_reason_choices",
    ),
    (a_placement, {"end": date(2025, 2, 1), "end_reason": "expelled"}, "placement_end_reason_choices"),
    (an_event, {"kind": "visit"}, "event_kind_choices"),
    (an_access_log, {"action": "print"}, "accesslog_action_choices"),
    (a_welfare_category, {"cluster": "remaja"}, "welfare_category_cluster_choices"),
    (an_institution, {"kind": "LPK"}, "institution_kind_choices"),
    (an_institution, {"operator": "private"}, "institution_operator_choices"),
    (an_institution, {"clusters": ["lansia", "remaja"]}, "institution_clusters_choices"),
    (
        an_institution,
        {"accreditation_grade": "D", "accreditation_expires_on": date(2030, 1, 1)},
        "institution_accreditation_grade_choices",
    ),
    (a_membership, {"role": "owner"}, "membership_role_choices"),
    (a_region, {"level": 5}, "region_level_choices"),
    (a_survey_response, {"sex": "X"}, "survey_response_sex_choices"),
    (a_survey_response, {"education": "s3"}, "survey_response_education_choices"),
    (a_survey_response, {"occupation": "petani"}, "survey_response_occupation_choices"),
    (a_survey_response, {"service": "bansos"}, "survey_response_service_choices"),
]


@pytest.mark.parametrize(("make", "values", "constraint"), REFUSED, ids=[c for _, _, c in REFUSED])
def test_a_value_outside_the_choices_is_refused(jember, make, values, constraint):
    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        make(jember, **values)
    assert exc.value.__cause__.diag.constraint_name == constraint


KEPT = [
    (a_resident, {"disabilities": []}),
    (a_resident, {"disabilities": ["fisik", "mental"]}),
    (an_institution, {"clusters": []}),
    (an_institution, {"accreditation_grade": ""}),
    (a_case, {"termination_reason": ""}),
    (a_placement, {"end_reason": ""}),
    (a_survey_response, {"sex": "", "education": "", "occupation": "", "service": ""}),
    (a_survey_response, {"sex": "P", "education": "s2", "occupation": "wirausaha", "service": "luar_panti"}),
]


@pytest.mark.parametrize(("make", "values"), KEPT)
def test_a_choice_or_an_allowed_empty_value_is_kept(jember, make, values):
    assert make(jember, **values).pk


def is_history(model) -> bool:
    # The audit history keeps values as they were, also those of a choice since removed.
    return model._meta.app_label == "pghistory" or model.__name__.endswith("History")


def checked_fields(model) -> set[str]:
    """Fields a check constraint of ``model`` tests against a list of values."""
    fields = set()
    for constraint in model._meta.constraints:
        if not isinstance(constraint, models.CheckConstraint):
            continue
        pending = [constraint.condition]
        while pending:
            node = pending.pop()
            if isinstance(node, models.Q):
                pending.extend(node.children)
            elif isinstance(node, tuple):
                lookup, value = node
                name, _, op = lookup.partition("__")
                if op in ("in", "contained_by") and isinstance(value, list | tuple):
                    fields.add(name)
    return fields


def test_every_choice_field_of_the_apps_is_checked_by_the_database():
    unchecked = []
    for model in apps.get_models():
        if not model.__module__.startswith("apps.") or is_history(model):
            continue
        for field in model._meta.concrete_fields:
            base = getattr(field, "base_field", field)
            if base.choices and field.name not in checked_fields(model):
                unchecked.append(f"{model.__name__}.{field.name}")
    assert unchecked == []
