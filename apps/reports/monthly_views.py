"""Pages of the monthly report (laporan bulanan): one institution's month, a region's month."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.errors import DomainError

from . import permissions, services
from .census import Month
from .exports import monthly_xlsx
from .monthly import monthly_report_get, region_monthly


class NotesForm(forms.Form):
    notes = forms.CharField(
        label=gettext_lazy("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


def _month(text: str) -> Month:
    from django.http import Http404

    try:
        return Month.parse(text)
    except ValueError as exc:
        raise Http404 from exc


def monthly_report_view(request, code, month):
    """The census of the month with its notes; the head submits it. Once submitted, who and
    when, and any later change to the figures (a revision) are shown."""
    month = _month(month)
    row = monthly_report_get(user=request.scope, code=code, month=month)
    institution = row.institution
    form = NotesForm(request.POST or None, initial={"notes": row.report.notes if row.report else ""})
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action")
        try:
            if action == "submit":
                services.monthly_report_submit(
                    actor=request.user, institution=institution, month=month, notes=form.cleaned_data["notes"]
                )
                messages.success(request, _("Laporan bulanan terkirim."))
            else:
                services.monthly_report_notes_save(
                    actor=request.user, institution=institution, month=month, notes=form.cleaned_data["notes"]
                )
                messages.success(request, _("Catatan disimpan."))
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect(reverse("reports_monthly", args=[institution.code, month.key]))
    return render(
        request,
        "reports/monthly.html",
        {
            "row": row,
            "form": form,
            "can_submit": permissions.can_submit_monthly_report(request.scope, institution)
            and month.next_first <= timezone.localdate(),
            "can_write": permissions.can_write_monthly_notes(request.scope, institution),
            "previous": month.shift(-1),
            "next": month.shift(1),
        },
    )


def monthly_report_export_view(request, code, month):
    month = _month(month)
    row = monthly_report_get(user=request.scope, code=code, month=month)
    return monthly_xlsx(
        [row],
        title=f"{row.institution.name} {month.key}",
        filename=f"laporan-bulanan-{row.institution.code}-{month.key}.xlsx",
    )


def region_monthly_view(request, month):
    """Every institution's month in the user's region: figures, who submitted and when, revisions."""
    month = _month(month)
    region, rows = region_monthly(
        user=request.scope, region_code=request.GET.get("region") or None, month=month
    )
    if request.GET.get("format") == "xlsx":
        name = region.code if region else "semua"
        return monthly_xlsx(
            rows, title=f"{name} {month.key}", filename=f"laporan-bulanan-{name}-{month.key}.xlsx"
        )
    return render(
        request,
        "reports/monthly_region.html",
        {"region": region, "rows": rows, "month": month, "previous": month.shift(-1), "next": month.shift(1)},
    )
