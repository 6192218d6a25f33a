"""The worker's "Kasus saya", the head's caseload, and institution pages: group activity
with attendance, ATENSI report, follow-up list."""

import io
from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from apps.core.exports import safe_row
from apps.core.formatting import MONTHS_ID
from apps.institutions.models import Institution

from .. import selectors, services
from ..followup import closed_cases, scheduled_visits
from ..forms import ActivityForm
from ._common import attempt, institution_get, require_member


def my_cases_view(request):
    data = selectors.my_cases(user=request.user, on=timezone.localdate())
    return render(request, "rehabilitation/my_cases.html", {**data, "today": timezone.localdate()})


def caseload_view(request):
    """The head's view: open cases per worker in bands, and what is overdue per worker."""
    scope = request.scope
    ids = scope.head_institution_ids()
    if scope.is_admin and request.GET.get("institution"):
        institutions = list(Institution.objects.filter(code=request.GET["institution"].upper()))
    else:
        institutions = list(Institution.objects.filter(pk__in=ids).order_by("name", "id"))
    if not institutions:
        raise PermissionDenied
    on = timezone.localdate()
    loads = [
        (institution, selectors.caseload(institution=institution, on=on)) for institution in institutions
    ]
    return render(request, "rehabilitation/caseload.html", {"loads": loads})


def _held_on(request) -> date:
    try:
        value = date.fromisoformat(request.POST.get("held_on") or request.GET.get("held_on") or "")
    except ValueError:
        return timezone.localdate()
    return min(value, timezone.localdate())


def activity_new_view(request, code):
    """A group activity and its attendance on one page: the check list shows the residents
    placed that day and is redrawn by htmx when the date changes."""
    institution = institution_get(request, code)
    require_member(request, institution)
    held_on = _held_on(request)
    residents = list(selectors.placed_residents(institution=institution, on=held_on))
    if request.htmx and request.method == "GET":
        return render(
            request, "rehabilitation/partials/_attendance.html", {"residents": residents, "present": set()}
        )
    form = ActivityForm(request.POST or None, institution_id=institution.pk)
    present = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
    if request.method == "POST" and attempt(
        form,
        lambda d: services.group_activity_record(
            actor=request.user,
            institution=institution,
            title=d["title"],
            series=d["series"],
            held_on=d["held_on"],
            service_type=d["service_type"],
            component=d["component"],
            facilitator=d["facilitator"],
            duration_minutes=d["duration_minutes"],
            listed_ids=[r.pk for r in residents],
            present_ids=present,
        ),
    ):
        messages.success(request, _("Kegiatan dan kehadiran tercatat."))
        return redirect("rehabilitation:activities", code=institution.code)
    context = {"institution": institution, "form": form, "residents": residents, "present": present}
    return render(request, "rehabilitation/activity_form.html", context)


def activities_view(request, code):
    institution = institution_get(request, code)
    from ..models import GroupActivity

    activities = (
        GroupActivity.objects.visible_to(request.scope)
        .filter(institution=institution)
        .select_related("service_type", "component", "facilitator")
        .order_by("-held_on", "-id")[:50]
    )
    rates = selectors.attendance_rates(institution=institution)
    context = {"institution": institution, "activities": activities, "rates": rates}
    return render(request, "rehabilitation/activities.html", context)


def _month(request) -> tuple[int, int]:
    value = request.GET.get("month") or ""
    try:
        year, month = (int(part) for part in value.split("-"))
        date(year, month, 1)
    except ValueError:
        today = timezone.localdate()
        return today.year, today.month
    return year, month


def atensi_view(request, code, fmt=None):
    institution = institution_get(request, code)
    year, month = _month(request)
    rows = selectors.atensi_report(institution=institution, year=year, month=month)
    label = f"{MONTHS_ID[month - 1]} {year}"
    if fmt == "xlsx":
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "ATENSI"
        sheet.append(safe_row([institution.name, label]))
        sheet.append(safe_row([_("Komponen ATENSI"), _("PM terjangkau"), _("Sesi"), _("Jam")]))
        for row in rows:
            sheet.append(safe_row([row["component"].name, row["residents"], row["sessions"], row["hours"]]))
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="ATENSI-{institution.code}-{year}-{month:02d}.xlsx"'
        )
        return response
    if fmt is not None:
        raise Http404
    context = {"institution": institution, "rows": rows, "label": label, "month": f"{year}-{month:02d}"}
    return render(request, "rehabilitation/atensi.html", context)


def followup_list_view(request, code):
    """The closing institution's follow-up list: every scheduled visit, readmissions flagged."""
    institution = institution_get(request, code)
    today = timezone.localdate()
    items = scheduled_visits(closed_cases(institution_ids=[institution.pk]))
    rows = sorted(
        ((item, item.status(today)) for item in items),
        key=lambda row: (row[1] == "done", row[0].due_on, row[0].case.resident.registration_no),
    )
    return render(request, "rehabilitation/followup_list.html", {"institution": institution, "rows": rows})
