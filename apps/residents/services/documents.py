"""Scanned documents of a PM, and their consent to the processing of personal data."""

from datetime import date

from django.utils.translation import gettext as _

from apps.core.dates import earliest_for, is_future, too_early_message

from .. import permissions
from ..models import Consent, Document, Resident
from ._base import InvalidData, _service, full_clean_errors, require

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
# The first bytes of each accepted file type (content sniffing, not the extension).
_SIGNATURES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)


def sniff_content_type(head: bytes) -> tuple[str, str] | None:
    """``(content type, extension)`` from a file's first bytes, or None if not PDF/JPEG/PNG."""
    for signature, content_type, extension in _SIGNATURES:
        if head.startswith(signature):
            return content_type, extension
    return None


@_service
def document_add(*, actor, resident: Resident, kind: str, file, description: str = "") -> Document:
    """Keep a scanned document of a PM: PDF, JPEG or PNG (judged by its content, not
    its name), at most 5 MB, stored under a random name through Django's storage."""
    require(permissions.can_edit_resident(actor, resident), _("Anda tidak berwenang mengubah data PM ini."))
    if kind not in Document.Kind.values:
        raise InvalidData({"kind": [_("Jenis dokumen tidak dikenal.")]})
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
    if size == 0:
        raise InvalidData({"file": [_("Berkas kosong.")]})
    if size > MAX_DOCUMENT_BYTES:
        raise InvalidData({"file": [_("Berkas lebih dari 5 MB.")]})
    file.seek(0)
    sniffed = sniff_content_type(file.read(16))
    file.seek(0)
    if sniffed is None:
        raise InvalidData({"file": [_("Hanya berkas PDF, JPEG atau PNG yang diterima.")]})
    content_type, extension = sniffed
    document = Document(
        resident=resident, kind=kind, content_type=content_type, size=size, description=description[:200]
    )
    document.stamp(actor)
    # The name only carries the extension of the real type; document_upload_to makes it random.
    document.file.save(f"dokumen.{extension}", file, save=False)
    document.save()
    return document


def _consent(actor, resident: Resident, *, given_on, given_by, scope) -> Consent:
    consent = Consent(resident=resident, given_on=given_on, given_by=given_by, scope=scope)
    errors = full_clean_errors(consent, exclude=["resident"])
    if errors:
        raise InvalidData(errors)
    if is_future(consent.given_on):
        raise InvalidData({"given_on": [_("Tanggal persetujuan tidak boleh di masa depan.")]})
    earliest = earliest_for(resident.birth_date)
    if consent.given_on < earliest:
        raise InvalidData({"given_on": [too_early_message(_("Tanggal persetujuan"), earliest)]})
    consent.stamp(actor)
    consent.save()
    return consent


@_service
def consent_record(*, actor, resident: Resident, given_on: date, given_by: str, scope: str) -> Consent:
    """Record consent to processing the PM's personal data (UU PDP): when, by whom, for what."""
    require(permissions.can_edit_resident(actor, resident), _("Anda tidak berwenang mengubah data PM ini."))
    return _consent(actor, resident, given_on=given_on, given_by=given_by, scope=scope)
