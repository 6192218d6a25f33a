"""The resident's file: profile, current placement, timeline, family, documents; and a document's download."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import exports, permissions, referral_selectors, selectors, services
from ..models import Disability
from ._base import may_register_somewhere


def resident_detail_view(request, pk):
    scope = request.scope
    resident = selectors.resident_get(user=scope, pk=pk)
    timeline = selectors.resident_timeline(resident)
    placements = [e.obj for e in timeline if e.kind in ("admitted", "transferred")]
    today = timezone.localdate()
    current = next((p for p in placements if p.start <= today and (p.end is None or today < p.end)), None)
    current_institution_id = current.institution_id if current else None
    cases = {e.obj.pk: e.obj for e in timeline if e.kind == "case_opened"}
    open_case = next((c for c in cases.values() if c.closed_on is None), None)
    latest_case = open_case or max(cases.values(), key=lambda c: (c.opened_on, c.pk), default=None)
    events = [e.obj for e in timeline if e.kind == "event"]
    # Absences count only while the PM still holds the place (a discharge ends them).
    open_leaves = [e for e in events if e.is_open_absence] if current else []
    for event in open_leaves:
        event.overdue = event.is_overdue
    referrals = referral_selectors.resident_referrals(resident)
    open_referral = next((r for r in referrals if r.is_open), None)
    services.access_log(user=request.user, action="view", resident=resident)
    can_view_nik = permissions.can_view_nik(scope, permissions.resident_institution_ids(resident))
    context = {
        "resident": resident,
        "age": exports.age_on(resident.birth_date, today),
        "disabilities": [Disability(d).label for d in resident.disabilities if d in Disability.values],
        "nik_display": resident.nik if can_view_nik else permissions.mask_nik(resident.nik),
        "nik_masked": bool(resident.nik) and not can_view_nik,
        "timeline": list(reversed(timeline)),
        "current": current,
        "open_case": open_case,
        "latest_case": latest_case,
        "open_leaves": open_leaves,
        "overdue_leaves": [e for e in open_leaves if e.overdue],
        "family": list(resident.family.order_by("-is_guardian", "name", "id")),
        "documents": list(resident.documents.order_by("-created_at", "-id")),
        "consents": list(resident.consents.order_by("-given_on", "-id")),
        "referrals": referrals,
        "open_referral": open_referral,
        "can": {
            "edit": permissions.can_edit_resident(scope, resident, current_institution_id),
            "admit": current is None and may_register_somewhere(scope),
            # A transfer is a referral, one open at a time.
            "transfer": current is not None
            and open_referral is None
            and permissions.can_transfer(scope, current),
            "discharge": open_case is not None and permissions.can_discharge(scope, open_case),
            # A closed case offers no stage change and no events (aftercare is the rehabilitation page's).
            "stage": open_case is not None and permissions.can_discharge(scope, open_case),
            "event": current is not None
            and open_case is not None
            and permissions.can_record_event(scope, resident, current_institution_id),
            "history": permissions.can_view_history(scope, resident),
        },
    }
    return render(request, "residents/detail.html", context)


def document_download_view(request, pk, document_id):
    resident = selectors.resident_get(user=request.scope, pk=pk)
    document = get_object_or_404(resident.documents.all(), pk=document_id)
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404(_("Berkas tidak ditemukan.")) from exc
    services.access_log(
        user=request.user,
        action="document",
        resident=resident,
        detail={"document_id": document.pk, "kind": document.kind},
    )
    extension = document.file.name.rsplit(".", 1)[-1] if "." in document.file.name else "bin"
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{document.kind}-{resident.pk}-{document.pk}.{extension}",
        content_type=document.content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
