"""Progress notes with a confidentiality level enforced in the query."""

import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel

from ._common import HISTORY, LEVEL


class NoteLevel(models.TextChoices):
    INSTITUTION = "institution", _("Semua petugas lembaga")
    TEAM = "team", _("Pekerja sosial kasus dan kepala")
    AUTHOR = "author", _("Hanya penulis")


class ProgressNoteQuerySet(models.QuerySet):
    def visible_to(self, who):
        """Notes whose text ``who`` may read without giving a reason.

        - institution: staff and heads of the case's institution, supervisors of its
          region, administrators;
        - team: the case's assigned worker, heads of the institution, the author;
        - author: the author only.
        Anything else (a head or supervisor reading a restricted note) goes through
        ``services.note_open_restricted``, which logs the reason.
        """
        from apps.institutions.scope import UserScope

        scope = UserScope.of(who)
        if not scope.is_active:
            return self.none()
        mine = models.Q(created_by_id=scope.user.pk)
        institution_ids = scope.visible_institution_ids
        everyone = models.Q(level=NoteLevel.INSTITUTION) & (
            models.Q(case__institution_id__in=institution_ids) if not scope.is_admin else models.Q()
        )
        team = models.Q(level=NoteLevel.TEAM) & (
            models.Q(case__worker__worker_id=scope.user.pk)
            | models.Q(case__institution_id__in=scope.head_institution_ids())
        )
        return self.filter(mine | everyone | team)

    def restricted_for(self, who):
        """Notes ``who`` may know exist but open only with a reason: heads of the case's
        institution, supervisors of its region and administrators, for notes not in
        ``visible_to``."""
        from apps.institutions.scope import UserScope

        scope = UserScope.of(who)
        if not scope.is_active:
            return self.none()
        readable = self.visible_to(scope).values("pk")
        if scope.is_admin:
            wide = models.Q()
        else:
            supervised = scope.visible_institution_ids if scope.is_supervisor else []
            wide = models.Q(case__institution_id__in=[*scope.head_institution_ids(), *supervised])
        return self.filter(wide).exclude(level=NoteLevel.INSTITUTION).exclude(pk__in=readable)


@pghistory.track(model_name="ProgressNoteHistory", obj_field=HISTORY, level=LEVEL)
class ProgressNote(TimeStampedModel):
    case = models.ForeignKey("residents.Case", on_delete=models.PROTECT, related_name="progress_notes")
    written_on = models.DateField(_("tanggal"))
    level = models.CharField(_("kerahasiaan"), max_length=12, choices=NoteLevel.choices)
    text = models.TextField(_("catatan"))

    objects = ProgressNoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("catatan perkembangan")
        verbose_name_plural = _("catatan perkembangan")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__in=["institution", "team", "author"]), name="note_level_valid"
            ),
        ]
        indexes = [models.Index(fields=["case", "written_on"], name="note_case_idx")]


class NoteAccess(models.Model):
    """A head or supervisor opened a restricted note, with the reason: shown to the author."""

    note = models.ForeignKey(ProgressNote, on_delete=models.PROTECT, related_name="accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("waktu"), auto_now_add=True)
    reason = models.TextField(_("alasan"))

    class Meta:
        verbose_name = _("akses catatan terbatas")
        verbose_name_plural = _("akses catatan terbatas")
        constraints = [models.CheckConstraint(condition=~models.Q(reason=""), name="noteaccess_has_reason")]

    def __str__(self) -> str:
        return f"{self.note_id} {self.user_id} {self.at}"
