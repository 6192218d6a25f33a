from datetime import date

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from apps.core.errors import DomainError
from apps.residents.models import Case

from .. import permissions
from ..models import NoteAccess, NoteLevel, ProgressNote
from ._base import not_in_future, require, service


@service
def note_add(*, actor, case: Case, text: str, level: str, written_on: date) -> ProgressNote:
    """A progress note by a member of the case's institution, with its confidentiality level."""
    require(permissions.can_work_on(actor, case), _("Anda tidak berwenang menulis catatan kasus ini."))
    if level not in NoteLevel.values:
        raise DomainError(_("Pilih tingkat kerahasiaan."))
    if not text.strip():
        raise DomainError(_("Catatan tidak boleh kosong."))
    not_in_future(written_on, _("Tanggal catatan"))
    note = ProgressNote(case=case, text=text.strip(), level=level, written_on=written_on)
    note.stamp(actor)
    note.save()
    return note


@service
def note_open_restricted(*, actor, note_id: int, reason: str) -> ProgressNote:
    """A head or supervisor opens a note outside their level, giving a reason; the access
    is logged (``NoteAccess``) and shown to the author. Notes the actor may not even know
    of answer 404."""
    note = get_object_or_404(ProgressNote.objects.restricted_for(actor), pk=note_id)
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Tuliskan alasan membuka catatan terbatas."))
    NoteAccess.objects.create(note=note, user=actor, reason=reason)
    return note
