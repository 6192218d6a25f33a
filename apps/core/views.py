"""The progress page of a background job: polled by htmx until the job ends."""

from django.shortcuts import get_object_or_404, render

from .models import Job


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
