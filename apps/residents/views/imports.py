"""Importing residents from a spreadsheet, in the background: a check with a preview, then
the import, all or nothing.

The uploaded file waits in storage under a random name kept in the jobs' params: nothing
about it is in a URL or in the session.
"""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from apps.core.choices import Sex
from apps.core.errors import DomainError
from apps.core.models import Job
from apps.core.views import import_template_response, job_get

from .. import imports as importing
from ..forms import ImportUploadForm
from ..models import Case
from ._base import RegisteringView


class ImportView(RegisteringView):
    """The upload form: POST stores the file and queues its check, then shows its progress."""

    def render_page(self, form):
        context = {"form": form, "columns": importing.COLUMNS}
        return render(self.request, "residents/import.html", context)

    def get(self, request):
        return self.render_page(ImportUploadForm(institutions=self.institutions))

    def post(self, request):
        form = ImportUploadForm(request.POST, request.FILES, institutions=self.institutions)
        if not form.is_valid():
            return self.render_page(form)
        job = importing.import_check_start(
            actor=request.user, upload=form.cleaned_data["file"], institution=form.cleaned_data["institution"]
        )
        return redirect(importing.job_url(job))


class ImportTemplateView(RegisteringView):
    def get(self, request):
        return import_template_response(importing.SPEC.kind)


def _preview(rows: list[dict]) -> list[dict]:
    """The stored preview with dates as dates and codes as the words the list shows."""
    sexes, reasons = dict(Sex.choices), dict(Case.TerminationReason.choices)
    shown = []
    for row in rows:
        row = dict(row)
        for key in ("birth_date", "admitted_on", "discharged_on"):
            row[key] = date.fromisoformat(row[key]) if row[key] else None
        row["sex_display"] = sexes.get(row["sex"], row["sex"])
        row["reason_display"] = reasons.get(row["reason"], "")
        shown.append(row)
    return shown


def import_job_view(request, pk):
    """The progress, then the result, of a residents import check or import."""
    job = job_get(user=request.user, pk=pk)
    if job.kind not in (importing.CHECK_KIND, importing.SPEC.kind):
        raise Http404
    context = {
        "job": job,
        "job_title": _("Impor PM dari XLSX"),
        "is_check": job.kind == importing.CHECK_KIND,
        "confirmable": importing.is_confirmable(job) and job.created_by_id == request.user.pk,
        "preview": _preview(job.result.get("preview", [])),
    }
    return render(request, "residents/import_job.html", context)


class ImportConfirmView(RegisteringView):
    """POST: import the file a successful check of the user's own has read.

    Another user's check is a 404 (administrators included: the import is its uploader's),
    an institution the user may no longer import into a 403."""

    def post(self, request, pk):
        check = get_object_or_404(Job.objects.filter(created_by_id=request.user.pk), pk=pk)
        if not importing.is_confirmable(check):
            raise Http404
        if not self.institutions.filter(pk=check.params["institution"]).exists():
            raise PermissionDenied
        try:
            job = importing.import_confirm(actor=request.user, check=check)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("residents:import")
        return redirect(importing.job_url(job))
