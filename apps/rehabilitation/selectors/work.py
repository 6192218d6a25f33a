from django.db.models import Prefetch

from apps.institutions.scope import UserScope

from ..models import Assessment, DomainScore, NoteAccess, PlanVersion, ProgressNote


def assessment_trend(case) -> dict:
    """Completed assessments of ``case`` oldest first, and per domain the scores across
    them with the change since the previous one (the trend on the case)."""
    assessments = list(
        Assessment.objects.filter(case=case, status=Assessment.Status.COMPLETED)
        .select_related("instrument", "created_by")
        .prefetch_related(Prefetch("scores", queryset=DomainScore.objects.select_related("domain")))
        .order_by("assessed_on", "id")
    )
    domains: dict[tuple, dict] = {}
    for index, assessment in enumerate(assessments):
        for score in assessment.scores.all():
            key = (assessment.instrument_id, score.domain.order, score.domain_id)
            row = domains.setdefault(key, {"domain": score.domain, "cells": [None] * len(assessments)})
            row["cells"][index] = score
    rows = []
    for _key, row in sorted(domains.items()):
        values = [c.score for c in row["cells"] if c is not None]
        row["change"] = values[-1] - values[-2] if len(values) >= 2 else None
        rows.append(row)
    return {"assessments": assessments, "rows": rows}


def plan_versions(case):
    return list(
        PlanVersion.objects.filter(case=case)
        .select_related("created_by")
        .prefetch_related(
            "goals__domain",
            "services__component",
            "services__service_type",
            "services__responsible",
            "decisions__created_by",
        )
        .order_by("-number")
    )


def notes_for_case(*, user, case) -> dict:
    """Notes the user reads (their level allows), the restricted ones they may open with
    a reason (text not loaded), and who opened the user's own notes."""
    readable = (
        ProgressNote.objects.visible_to(user)
        .filter(case=case)
        .select_related("created_by")
        .order_by("-written_on", "-id")
    )
    restricted = (
        ProgressNote.objects.restricted_for(user)
        .filter(case=case)
        .select_related("created_by")
        .defer("text")
        .order_by("-written_on", "-id")
    )
    author = UserScope.of(user).user
    accesses = (
        NoteAccess.objects.filter(note__case=case, note__created_by=author)
        .select_related("user", "note")
        .order_by("-at", "-id")
    )
    return {"readable": list(readable), "restricted": list(restricted), "accesses": list(accesses)}
