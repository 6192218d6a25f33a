"""The progress page of a background job: polled by htmx until the job ends."""

from django import forms
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _

from .imports import import_start, spec_of, template_workbook
from .models import Job
from .spreadsheets import MAX_PACKED_BYTES

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def job_get(*, user, pk) -> Job:
    """A job the user started (administrators: any), or 404."""
    queryset = Job.objects.all() if user.is_superuser else Job.objects.filter(created_by_id=user.pk)
    return get_object_or_404(queryset, pk=pk)


def job_view(request, pk):
    job = job_get(user=request.user, pk=pk)
    template = "core/partials/_job.html" if request.htmx else "core/job.html"
    if job.is_finished and request.htmx:
        # The finished job's page shows its result: reload the whole page once.
        response = render(request, template, {"job": job})
        response["HX-Refresh"] = "true"
        return response
    return render(request, template, {"job": job})


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("Berkas XLSX atau CSV"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Hanya berkas .xlsx atau .csv yang diterima."))
        if upload.size > MAX_PACKED_BYTES:
            raise forms.ValidationError(_("Berkas lebih dari %(mb)s MB.") % {"mb": MAX_PACKED_BYTES // 2**20})
        return upload


def import_page(request, *, kind: str, template_url: str, back_url: str, params: dict | None = None):
    """The upload page of an import: GET the form, POST queues the job and shows its progress.

    The caller has checked who may import (and what: ``params`` travel to the job)."""
    spec = spec_of(kind)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = import_start(actor=request.user, kind=kind, upload=form.cleaned_data["file"], params=params)
        return redirect("core:job", pk=job.pk)
    context = {"spec": spec, "form": form, "template_url": template_url, "back_url": back_url}
    return render(request, "core/import.html", context)


def import_template_response(kind: str) -> HttpResponse:
    """The empty import file of ``kind``, with its allowed values."""
    response = HttpResponse(template_workbook(spec_of(kind)), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="template-{kind}.xlsx"'
    return response
