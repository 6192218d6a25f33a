"""Importing residents from a spreadsheet: a dry run first, then the import, all or nothing."""

import secrets

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from apps.core.errors import DomainError, ImportRejected

from ..forms import ImportUploadForm
from ..services import imports as importing
from ._base import RegisteringView

IMPORT_SESSION_KEY = "residents_import"


class ImportView(RegisteringView):
    """Step 1 uploads an XLSX and shows a dry run; step 2 (``confirm``) imports it all or nothing.

    Between the steps the file waits in storage under a random name kept in the session:
    nothing about it is in a URL.
    """

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
