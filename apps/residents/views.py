"""Pages of the residents app: list, file, registration, placements, events, history, import, export.

Every page fetches the resident through ``selectors.resident_get`` (404 outside the user's
scope), checks the right in ``permissions`` (403 when the resident is visible but the action
is not the user's), calls one service and turns its DomainError into a form error.
"""

import copy
import secrets
from datetime import date

from django.contrib import messages
from django.contrib.postgres.fields import DateRangeField
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db.models import DateField
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_http_methods

from apps.core.errors import DomainError, ImportRejected
from apps.core.pagination import CappedPaginator
from apps.institutions.models import Institution

from . import exports, permissions, selectors, services
from .filters import ResidentFilter
from .forms import (
    AdmitForm,
    ConsentForm,
    DischargeForm,
    DocumentForm,
    EventCloseForm,
    EventForm,
    FamilyMemberForm,
    ImportUploadForm,
    RegisterForm,
    ResidentForm,
    StageForm,
    TransferForm,
    with_occupancy,
)
from .models import Disability
from .services import imports as importing

PAGE_SIZE = 25
HISTORY_PAGE_SIZE = 50
IMPORT_SESSION_KEY = "residents_import"


def institutions_where(scope, predicate):
    """Active institutions the user may see for which ``predicate(scope, institution)`` holds."""
    visible = list(Institution.objects.visible_to(scope).active().order_by("name", "id"))
    return Institution.objects.filter(pk__in=[i.pk for i in visible if predicate(scope, i)])


def add_domain_error(form, error: DomainError, field_map: dict | None = None) -> None:
    """Put a service's refusal on the form: per-field messages on their fields, the rest on top."""
    field_errors = getattr(error, "errors", None)
    if not isinstance(field_errors, dict) or not field_errors:
        form.add_error(None, error.message)
        return
    on_fields = False
    for name, messages_ in field_errors.items():
        name = (field_map or {}).get(name, name)
        target = name if name in form.fields else None
        on_fields = on_fields or target is not None
        for message in messages_:
            form.add_error(target, message)
    if on_fields:
        form.add_error(None, error.message)


def is_wide_scope(scope) -> bool:
    """Whether the user's residents span more institutions than an index lookup serves well."""
    from apps.residents.models import VISIBILITY_INDEX_LIMIT

    return not scope.is_admin and len(scope.visible_institution_ids) > VISIBILITY_INDEX_LIMIT


def may_register_somewhere(scope) -> bool:
    return scope.is_admin or bool(scope.roles)


def is_head_somewhere(scope) -> bool:
    return bool(scope.head_institution_ids())


# --- List and export -----------------------------------------------------------------------------------


# The search box takes names and NIKs: it is only ever sent in a POST body, never in a URL
# (URLs end up in access logs and browser history). Other filters may come in the query
# string, e.g. the home page's "residents in care at this institution" link.
SEARCH_FIELDS = ("q",)
NOT_FILTERS = ("csrfmiddlewaretoken", "page")


def _filter_data(request):
    if request.method == "POST":
        data = request.POST.copy()
    else:
        data = request.GET.copy()
        for key in SEARCH_FIELDS:
            data.pop(key, None)
    for key in NOT_FILTERS:
        data.pop(key, None)
    return data


def _filtered(request):
    queryset = selectors.resident_list(user=request.scope)
    data = _filter_data(request)
    filterset = ResidentFilter(data or None, queryset=queryset, user=request.scope)
    rows = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
    return filterset, exports.with_listing_columns(rows, user=request.scope)


@require_http_methods(["GET", "POST"])
def resident_list_view(request):
    filterset, rows = _filtered(request)
    params = request.POST if request.method == "POST" else request.GET
    # A supervisor's list is not counted: over hundreds of institutions even a capped count
    # scans much of the table for a rare search (bench_residents: 490 ms), the page 16 ms.
    page = CappedPaginator(rows, PAGE_SIZE, counted=not is_wide_scope(request.scope)).get_page(
        params.get("page")
    )
    context = {
        "filter": filterset,
        "page": page,
        "filter_items": [(k, v) for k, values in _filter_data(request).lists() for v in values if v],
        "rows": exports.decorate(page.object_list),
        "can_export": permissions.can_export(request.scope),
        "can_register_any": may_register_somewhere(request.scope),
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, "residents/partials/_rows.html", context)
    return render(request, "residents/list.html", context)


@require_http_methods(["GET", "POST"])
def resident_export_view(request, fmt):
    if not permissions.can_export(request.scope):
        raise PermissionDenied
    filterset, rows = _filtered(request)
    count = rows.count()
    services.access_log(
        user=request.user,
        action="export",
        detail={"count": count, "format": fmt, "filters": filterset.used_filter_names()},
    )
    disposition = f'attachment; filename="{exports.filename(fmt)}"'
    if fmt == "csv":
        response = StreamingHttpResponse(exports.csv_stream(rows), content_type=exports.CSV_CONTENT_TYPE)
    else:
        response = HttpResponse(exports.xlsx_bytes(rows), content_type=exports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = disposition
    response["Cache-Control"] = "no-store"
    return response


# --- The resident's file -------------------------------------------------------------------------------


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
        "can": {
            "edit": permissions.can_edit_resident(scope, resident, current_institution_id),
            "admit": current is None and may_register_somewhere(scope),
            "transfer": current is not None and permissions.can_transfer(scope, current),
            "discharge": open_case is not None and permissions.can_discharge(scope, open_case),
            "stage": latest_case is not None and permissions.can_discharge(scope, latest_case),
            "event": current is not None
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


# Columns of the audit rows not worth showing: bookkeeping, the resident itself, storage paths.
HISTORY_HIDDEN_COLUMNS = {
    "id",
    "created_at",
    "updated_at",
    "created_by_id",
    "updated_by_id",
    "resident_id",
    "file",
}
NIK_COLUMNS = {"nik"}


def _format_range(value: str) -> str:
    # A daterange as PostgreSQL writes it, "[2026-01-05,2026-02-01)": shown as "5-1-2026 s.d. 1-2-2026".
    lower, _sep, upper = value.strip("[]()").partition(",")
    return f"{_format_date(lower) or '…'} s.d. {_format_date(upper) or '…'}"


def _format_date(value: str) -> str:
    try:
        return date_format(date.fromisoformat(value), "j M Y")
    except ValueError:
        return value


def _history_value(field, value, names: dict) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if field is not None and field.is_relation:
        return names.get((field.related_model, value), f"#{value}")
    if field is not None and field.choices:
        labels = dict(field.flatchoices)
        if isinstance(value, list):
            return ", ".join(str(labels.get(v, v)) for v in value)
        return str(labels.get(value, value))
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(field, DateField):
        return _format_date(str(value))
    if isinstance(field, DateRangeField):
        return _format_range(str(value))
    return str(value)


# Foreign keys shown by name in the history (one query per model on the page).
_NAMED_MODELS = {
    "institutions.Institution": "name",
    "institutions.WelfareCategory": "code",
    "regions.Region": "name",
}


def history_entries(events, *, show_nik: bool) -> list[dict]:
    """Audit events (pghistory ``Events``) as rows a person can read: who, when, which record,
    and each changed field with its label and its old and new value (NIK masked unless allowed)."""
    from django.apps import apps as django_apps
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    rows = []
    wanted: dict = {}  # related model -> ids to name
    for event in events:
        model = django_apps.get_model(event.pgh_obj_model)
        is_insert = event.pgh_label == "insert"
        if is_insert:
            pairs = {k: (None, v) for k, v in (event.pgh_data or {}).items()}
        else:
            pairs = {k: tuple(v) for k, v in (event.pgh_diff or {}).items()}
        fields = [f for f in model._meta.concrete_fields if f.column in pairs]
        fields = [f for f in fields if f.column not in HISTORY_HIDDEN_COLUMNS]
        if is_insert:
            fields = [f for f in fields if pairs[f.column][1] not in (None, "", [], False)]
        user_id = (event.pgh_context or {}).get("user")
        if user_id:
            wanted.setdefault(user_model, set()).add(user_id)
        for field in fields:
            if field.is_relation and (
                field.related_model is user_model or field.related_model._meta.label in _NAMED_MODELS
            ):
                wanted.setdefault(field.related_model, set()).update(v for v in pairs[field.column] if v)
        rows.append((event, model, is_insert, pairs, fields, user_id))

    names: dict = {}
    for related, ids in wanted.items():
        if related is user_model:
            names.update({(related, u.pk): str(u) for u in related.objects.filter(pk__in=ids)})
        else:
            attribute = _NAMED_MODELS[related._meta.label]
            names.update(
                {
                    (related, pk): name
                    for pk, name in related.objects.filter(pk__in=ids).values_list("pk", attribute)
                }
            )

    entries = []
    for event, model, is_insert, pairs, fields, user_id in rows:
        changes = []
        for field in fields:
            old, new = pairs[field.column]
            if field.column in NIK_COLUMNS and not show_nik:
                old, new = permissions.mask_nik(old), permissions.mask_nik(new)
            changes.append(
                {
                    "label": str(field.verbose_name),
                    "old": _history_value(field, old, names),
                    "new": _history_value(field, new, names),
                }
            )
        entries.append(
            {
                "at": event.pgh_created_at,
                "user": names.get((user_model, user_id)),
                "model_name": str(model._meta.verbose_name).capitalize(),
                "object_id": event.pgh_obj_id,
                "action": _("dibuat") if is_insert else _("diubah"),
                "is_insert": is_insert,
                "changes": changes,
            }
        )
    return entries


def resident_history_view(request, pk):
    from pghistory.models import Events

    resident = selectors.resident_get(user=request.scope, pk=pk)
    if not permissions.can_view_history(request.scope, resident):
        raise PermissionDenied
    # Every audit table with a foreign key to the resident: its cases, placements, events,
    # family, documents and consents, and the resident's own rows (pgh_obj).
    events = Events.objects.references(resident).order_by("-pgh_created_at", "-pgh_id")
    page = Paginator(events, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    show_nik = permissions.can_view_nik(request.scope, permissions.resident_institution_ids(resident))
    entries = history_entries(page.object_list, show_nik=show_nik)
    return render(request, "residents/history.html", {"resident": resident, "page": page, "entries": entries})


# --- Forms ---------------------------------------------------------------------------------------------


class ResidentActionView(View):
    """A form about one resident: GET shows it, POST calls ``perform`` and redirects to the file."""

    form_class = None
    template_name = "residents/form.html"
    title = ""
    submit_label = gettext_lazy("Simpan")
    success_message = gettext_lazy("Tersimpan.")
    field_map = {"origin_village": "origin_village_code", "reason": "reason"}

    def dispatch(self, request, *args, **kwargs):
        self.resident = selectors.resident_get(user=request.scope, pk=kwargs["pk"])
        self.setup_action()
        if not self.allowed():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def setup_action(self):
        """Load what the action is about (the open case, the current placement...)."""

    def allowed(self) -> bool:
        raise NotImplementedError

    def get_form_kwargs(self) -> dict:
        return {}

    def get_context(self, form) -> dict:
        return {
            "form": form,
            "resident": self.resident,
            "title": self.title,
            "submit_label": self.submit_label,
        }

    def render_form(self, form):
        return render(self.request, self.template_name, self.get_context(form))

    def get(self, request, *args, **kwargs):
        return self.render_form(self.form_class(**self.get_form_kwargs()))

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST, request.FILES, **self.get_form_kwargs())
        if form.is_valid():
            try:
                self.perform(form)
            except DomainError as error:
                add_domain_error(form, error, self.field_map)
            else:
                messages.success(request, self.success_message)
                return redirect(self.success_url())
        return self.render_form(form)

    def perform(self, form):
        raise NotImplementedError

    def success_url(self) -> str:
        return reverse("residents:detail", args=[self.resident.pk])


class ResidentEditView(ResidentActionView):
    form_class = ResidentForm
    title = gettext_lazy("Ubah data identitas")
    success_message = gettext_lazy("Data identitas tersimpan.")

    def allowed(self):
        return permissions.can_edit_resident(self.request.scope, self.resident)

    def get_form_kwargs(self):
        # A copy: a bound ModelForm writes its input onto its instance, and the page header
        # must keep showing the stored name when the input is refused.
        return {"instance": copy.copy(self.resident)}

    def perform(self, form):
        resident = services.resident_update(
            actor=self.request.user, resident=self.resident, data=form.resident_data()
        )
        for warning in getattr(resident, "nik_warnings", ()):
            messages.warning(self.request, warning)


class AdmitView(ResidentActionView):
    form_class = AdmitForm
    template_name = "residents/placement_form.html"
    title = gettext_lazy("Penerimaan (masuk panti)")
    submit_label = gettext_lazy("Terima")
    success_message = gettext_lazy("PM diterima dan ditempatkan.")

    def setup_action(self):
        self.institutions = institutions_where(self.request.scope, permissions.can_admit)
        self.placement = selectors.resident_current_placement(self.resident)

    def allowed(self):
        return self.institutions.exists()

    def get_form_kwargs(self):
        scope = self.request.scope
        heads = scope.is_admin or any(scope.is_head_of(i) for i in self.institutions)
        return {"institutions": with_occupancy(self.institutions), "can_approve_over_capacity": heads}

    def get_context(self, form):
        # Already placed: the page says where (the service refuses a second placement).
        return {**super().get_context(form), "current_placement": self.placement}

    def perform(self, form):
        data = form.cleaned_data
        services.case_admit(
            actor=self.request.user,
            resident=self.resident,
            institution=data["institution"],
            on=data["on"],
            referral_source=data["referral_source"],
            referral_letter_no=data["referral_letter_no"],
            room=data["room"],
            over_capacity_reason=data.get("over_capacity_reason", ""),
        )


class TransferView(ResidentActionView):
    form_class = TransferForm
    template_name = "residents/placement_form.html"
    title = gettext_lazy("Pindah lembaga")
    submit_label = gettext_lazy("Pindahkan")
    success_message = gettext_lazy("PM dipindahkan.")

    def setup_action(self):
        self.placement = selectors.resident_current_placement(self.resident)

    def allowed(self):
        return self.placement is not None and permissions.can_transfer(self.request.scope, self.placement)

    def get_form_kwargs(self):
        scope = self.request.scope
        # Any active institution may receive: the receiving head approves going over capacity.
        destinations = Institution.objects.active().exclude(pk=self.placement.institution_id)
        return {
            "institutions": with_occupancy(destinations),
            "can_approve_over_capacity": scope.is_admin or is_head_somewhere(scope),
        }

    def get_context(self, form):
        return {**super().get_context(form), "current_placement": self.placement}

    def perform(self, form):
        data = form.cleaned_data
        services.placement_transfer(
            actor=self.request.user,
            placement=self.placement,
            to_institution=data["to_institution"],
            on=data["on"],
            room=data["room"],
            over_capacity_reason=data.get("over_capacity_reason", ""),
        )


class DischargeView(ResidentActionView):
    form_class = DischargeForm
    title = gettext_lazy("Terminasi (keluar)")
    submit_label = gettext_lazy("Terminasi")
    success_message = gettext_lazy("Kasus ditutup dan PM keluar.")

    def setup_action(self):
        self.case = selectors.resident_open_case(self.resident)

    def allowed(self):
        return self.case is not None and permissions.can_discharge(self.request.scope, self.case)

    def perform(self, form):
        data = form.cleaned_data
        services.case_terminate(
            actor=self.request.user, case=self.case, on=data["on"], reason=data["reason"], notes=data["notes"]
        )


class StageView(DischargeView):
    """The stage of the open case; after termination, of the last case (to bimbingan lanjut)."""

    form_class = StageForm
    title = gettext_lazy("Ubah tahap kasus")
    submit_label = gettext_lazy("Simpan")
    success_message = gettext_lazy("Tahap kasus tersimpan.")

    def setup_action(self):
        self.case = selectors.resident_open_case(self.resident) or (
            self.resident.cases.select_related("institution").order_by("-opened_on", "-id").first()
        )

    def get_form_kwargs(self):
        return {"initial": {"stage": self.case.stage}}

    def perform(self, form):
        services.case_stage_set(actor=self.request.user, case=self.case, stage=form.cleaned_data["stage"])


class EventView(ResidentActionView):
    form_class = EventForm
    title = gettext_lazy("Catat kejadian")
    success_message = gettext_lazy("Kejadian tercatat.")

    def allowed(self):
        return permissions.can_record_event(self.request.scope, self.resident)

    def perform(self, form):
        data = form.cleaned_data
        services.event_record(
            actor=self.request.user,
            resident=self.resident,
            kind=data["kind"],
            on=data["on"],
            expected_return_on=data["expected_return_on"],
            returned_on=data["returned_on"],
            room=data["room"],
            notes=data["notes"],
        )


class EventCloseView(ResidentActionView):
    form_class = EventCloseForm
    title = gettext_lazy("Catat kepulangan")
    success_message = gettext_lazy("Tanggal kembali tercatat.")

    def setup_action(self):
        self.event = get_object_or_404(self.resident.events.all(), pk=self.kwargs["event_id"])

    def allowed(self):
        return permissions.can_record_event(self.request.scope, self.resident)

    def get_form_kwargs(self):
        return {"event": self.event}

    def get_context(self, form):
        context = super().get_context(form)
        context["title"] = f"{self.title}: {self.event.get_kind_display()} {self.event.occurred_on:%d-%m-%Y}"
        return context

    def perform(self, form):
        services.event_close(
            actor=self.request.user, event=self.event, returned_on=form.cleaned_data["returned_on"]
        )


class FamilyMemberView(ResidentActionView):
    form_class = FamilyMemberForm
    title = gettext_lazy("Tambah keluarga/wali")
    success_message = gettext_lazy("Keluarga/wali tersimpan.")

    def allowed(self):
        return permissions.can_edit_resident(self.request.scope, self.resident)

    def perform(self, form):
        services.family_member_add(actor=self.request.user, resident=self.resident, data=form.family_data())


class DocumentUploadView(FamilyMemberView):
    form_class = DocumentForm
    title = gettext_lazy("Unggah dokumen")
    submit_label = gettext_lazy("Unggah")
    success_message = gettext_lazy("Dokumen tersimpan.")

    def perform(self, form):
        data = form.cleaned_data
        services.document_add(
            actor=self.request.user,
            resident=self.resident,
            kind=data["kind"],
            file=data["file"],
            description=data["description"],
        )


class ConsentView(FamilyMemberView):
    form_class = ConsentForm
    title = gettext_lazy("Catat persetujuan pemrosesan data")
    success_message = gettext_lazy("Persetujuan tercatat.")

    def perform(self, form):
        data = form.cleaned_data
        services.consent_record(
            actor=self.request.user,
            resident=self.resident,
            given_on=data["given_on"],
            given_by=data["given_by"],
            scope=data["scope"],
        )


# --- Registration --------------------------------------------------------------------------------------


class RegisterView(View):
    """Registration with the duplicate check: possible matches are shown, and the user may go on."""

    def dispatch(self, request, *args, **kwargs):
        self.institutions = institutions_where(request.scope, permissions.can_register)
        if not self.institutions.exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def render_form(self, form, duplicates=None, blocking=False):
        identity = ["institution", *form._meta.fields, "origin_village_code"]
        return render(
            self.request,
            "residents/register.html",
            {
                "form": form,
                "title": _("Pendaftaran PM"),
                "form_width": "col-xl-9",
                "submit_label": _("Daftarkan"),
                "duplicates": duplicates,
                "duplicates_blocking": blocking,
                "identity_fields": identity,
                "guardian_fields": ["guardian_name", "guardian_relationship", "guardian_phone"],
                "consent_fields": ["consent_given", "consent_given_on", "consent_given_by", "consent_scope"],
            },
        )

    def get(self, request):
        return self.render_form(RegisterForm(institutions=self.institutions))

    def post(self, request):
        form = RegisterForm(request.POST, institutions=self.institutions)
        if not form.is_valid():
            return self.render_form(form)
        try:
            resident = services.resident_register(
                actor=request.user,
                institution=form.cleaned_data["institution"],
                data=form.resident_data(),
                family=form.family_data(),
                consent=form.consent_data(),
                allow_duplicates=form.cleaned_data["allow_duplicates"],
            )
        except services.DuplicateSuspected as suspected:
            form.add_error(None, suspected.message)
            return self.render_form(form, duplicates=suspected.matches, blocking=suspected.blocking)
        except DomainError as error:
            add_domain_error(form, error, ResidentActionView.field_map)
            return self.render_form(form)
        messages.success(request, _("PM terdaftar dengan nomor %(no)s.") % {"no": resident.registration_no})
        for warning in getattr(resident, "nik_warnings", ()):
            messages.warning(request, warning)
        return redirect("residents:detail", resident.pk)


# --- Import --------------------------------------------------------------------------------------------


class ImportView(View):
    """Step 1 uploads an XLSX and shows a dry run; step 2 (``confirm``) imports it all or nothing.

    Between the steps the file waits in storage under a random name kept in the session:
    nothing about it is in a URL.
    """

    def dispatch(self, request, *args, **kwargs):
        self.institutions = institutions_where(request.scope, permissions.can_register)
        if not self.institutions.exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def render_page(self, form, preview=None):
        required = set(importing.REQUIRED_COLUMNS)
        columns = [(c, _("wajib") if c in required else "") for c in importing.IMPORT_COLUMNS]
        return render(
            self.request, "residents/import.html", {"form": form, "preview": preview, "columns": columns}
        )

    def get(self, request):
        self._discard(request)
        return self.render_page(ImportUploadForm(institutions=self.institutions))

    def post(self, request):
        if "confirm" in request.POST:
            return self.confirm(request)
        self._discard(request)
        form = ImportUploadForm(request.POST, request.FILES, institutions=self.institutions)
        if not form.is_valid():
            return self.render_page(form)
        institution = form.cleaned_data["institution"]
        name = default_storage.save(
            f"residents/imports/{secrets.token_hex(16)}.xlsx", form.cleaned_data["file"]
        )
        preview = self._run(form, institution, name, dry_run=True)
        if preview is None:
            default_storage.delete(name)
            return self.render_page(form)
        if not preview["errors"]:
            request.session[IMPORT_SESSION_KEY] = {"name": name, "institution": institution.pk}
        else:
            default_storage.delete(name)
        return self.render_page(form, preview)

    def confirm(self, request):
        pending = request.session.get(IMPORT_SESSION_KEY)
        form = ImportUploadForm(institutions=self.institutions)
        if not pending or not default_storage.exists(pending["name"]):
            messages.error(request, _("Berkas impor tidak ditemukan lagi; unggah ulang."))
            return redirect("residents:import")
        institution = self.institutions.filter(pk=pending["institution"]).first()
        if institution is None:
            raise PermissionDenied
        result = self._run(form, institution, pending["name"], dry_run=False)
        self._discard(request)
        if result is None or result["errors"]:
            return self.render_page(form, result)
        messages.success(request, _("%(n)s PM berhasil diimpor.") % {"n": result["count"]})
        return redirect("residents:list")

    def _run(self, form, institution, name, *, dry_run):
        """Call the importer; a preview dict, or None when the file itself was refused.

        The importer writes the access log of a real import itself.
        """
        try:
            with default_storage.open(name, "rb") as handle:
                result = importing.residents_import(
                    actor=self.request.user,
                    source=handle,
                    filename=name,
                    dry_run=dry_run,
                    institution=institution,
                )
        except ImportRejected as rejected:
            return {"count": None, "errors": rejected.errors, "warnings": [], "dry_run": dry_run}
        except DomainError as error:
            form.add_error(None, error.message)
            return None
        return {
            "count": result.residents_created,
            "rows": result.rows,
            "unchanged": result.unchanged,
            "warnings": result.warnings,
            "errors": [],
            "dry_run": dry_run,
        }

    def _discard(self, request):
        pending = request.session.pop(IMPORT_SESSION_KEY, None)
        if pending and default_storage.exists(pending["name"]):
            default_storage.delete(pending["name"])


# --- Home ------------------------------------------------------------------------------------------


def home_view(request):
    """The page after login: staff see their institution's occupancy and overdue leaves,
    supervisors every institution of their region with capacity and occupancy."""
    dashboard = selectors.home_dashboard(user=request.scope)
    supervised = dashboard.pop("supervised")
    if supervised is not None:
        supervised = Paginator(supervised, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "home.html",
        {**dashboard, "supervised": supervised, "can_register_any": may_register_somewhere(request.scope)},
    )
