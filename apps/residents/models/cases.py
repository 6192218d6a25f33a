"""Cases, placements and residential events: a PM's stay in care, day by day."""

import pghistory
import pgtrigger
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeOperators
from django.contrib.postgres.indexes import GistIndex
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.choices import choices_check
from apps.core.models import TimeStampedModel, user_link

from ._history import HISTORY, LEVEL
from .people import Resident


class CaseQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_on__isnull=True)


class CaseReferralSource(models.TextChoices):
    OUTREACH = "razia", _("Penjangkauan/razia")
    FAMILY = "keluarga", _("Keluarga")
    POLICE = "polisi", _("Kepolisian")
    HOSPITAL = "rumah_sakit", _("Rumah sakit")
    INSTITUTION = "lembaga_lain", _("Lembaga lain")
    SELF = "sendiri", _("Datang sendiri")
    OTHER = "lainnya", _("Lainnya")


class CaseStage(models.TextChoices):
    APPROACH = "pendekatan_awal", _("Pendekatan awal")
    ASSESSMENT = "asesmen", _("Asesmen")
    PLANNING = "rencana_intervensi", _("Rencana intervensi")
    INTERVENTION = "intervensi", _("Intervensi")
    RESOCIALISATION = "resosialisasi", _("Resosialisasi")
    TERMINATION = "terminasi", _("Terminasi")
    AFTERCARE = "bimbingan_lanjut", _("Bimbingan lanjut")


class CaseTerminationReason(models.TextChoices):
    RETURNED_TO_FAMILY = "returned_to_family", _("Kembali ke keluarga")
    INDEPENDENT = "independent", _("Mandiri")
    REFERRED = "referred", _("Dirujuk ke lembaga lain")
    DIED = "died", _("Meninggal dunia")
    RAN_AWAY = "ran_away", _("Melarikan diri")
    OTHER = "other", _("Lainnya")


@pghistory.track(model_name="CaseHistory", obj_field=HISTORY, level=LEVEL)
class Case(TimeStampedModel):
    """A case opens at intake and closes at termination (PP 39/2012 stages)."""

    ReferralSource = CaseReferralSource
    Stage = CaseStage
    TerminationReason = CaseTerminationReason

    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="cases")
    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("lembaga penanggung jawab"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_on = models.DateField(_("tanggal masuk (intake)"))
    referral_source = models.CharField(_("sumber rujukan"), max_length=20, choices=ReferralSource.choices)
    referral_letter_no = models.CharField(_("nomor surat rujukan"), max_length=100, blank=True)
    stage = models.CharField(_("tahap"), max_length=20, choices=Stage.choices, default=Stage.APPROACH)
    closed_on = models.DateField(_("tanggal terminasi"), null=True, blank=True)
    termination_reason = models.CharField(
        _("alasan terminasi"), max_length=20, choices=TerminationReason.choices, blank=True
    )
    termination_notes = models.TextField(_("catatan terminasi"), blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("kasus")
        verbose_name_plural = _("kasus")
        constraints = [
            # A closed case needs a reason, an open one has none.
            models.CheckConstraint(
                condition=(models.Q(closed_on__isnull=True) & models.Q(termination_reason=""))
                | (models.Q(closed_on__isnull=False) & ~models.Q(termination_reason="")),
                name="case_closed_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True) | models.Q(closed_on__gte=models.F("opened_on")),
                name="case_closed_after_opened",
            ),
            # "Other" (Lainnya) says what it was.
            models.CheckConstraint(
                condition=~models.Q(termination_reason=CaseTerminationReason.OTHER)
                | ~models.Q(termination_notes__regex=r"^\s*$"),
                name="case_other_reason_has_notes",
            ),
            # At most one open case per resident.
            models.UniqueConstraint(
                fields=["resident"],
                condition=models.Q(closed_on__isnull=True),
                name="case_one_open_per_resident",
            ),
            # After termination a case may only move on to aftercare (bimbingan lanjut).
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(stage__in=[CaseStage.TERMINATION, CaseStage.AFTERCARE]),
                name="case_closed_in_termination_or_aftercare",
            ),
            choices_check(
                name="case_referral_source_choices", field="referral_source", choices=CaseReferralSource
            ),
            choices_check(name="case_stage_choices", field="stage", choices=CaseStage),
            choices_check(
                name="case_termination_reason_choices",
                field="termination_reason",
                choices=CaseTerminationReason,
                blank=True,
            ),
        ]
        indexes = [models.Index(fields=["resident", "opened_on"], name="case_resident_idx")]

    def __str__(self) -> str:
        return f"{self.resident_id} {self.opened_on}"


# The frame of every residential event: its placement, from the start day to the end day
# inclusive (the end day is the day of the transfer or discharge; a death ends the
# placement on the day it happened). The two triggers below hold it from both sides.
_EVENT_INSIDE_PLACEMENT_SQL = """
IF NEW.placement_id IS NULL THEN
    RAISE EXCEPTION 'a residential event belongs to a placement'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'event_has_placement',
              TABLE = 'residents_residentevent';
END IF;
IF NOT EXISTS (
    SELECT 1 FROM residents_placement p
    WHERE p.id = NEW.placement_id
      AND p.resident_id = NEW.resident_id
      AND NEW.occurred_on >= lower(p.period)
      AND (upper_inf(p.period) OR GREATEST(NEW.occurred_on, NEW.returned_on) <= upper(p.period))
) THEN
    RAISE EXCEPTION 'a residential event lies inside its placement (from its start day to its end day)'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'event_inside_placement',
              TABLE = 'residents_residentevent';
END IF;
RETURN NEW;
"""

_PLACEMENT_HOLDS_EVENTS_SQL = """
IF EXISTS (
    SELECT 1 FROM residents_residentevent e
    WHERE e.placement_id = NEW.id
      AND (
        e.resident_id <> NEW.resident_id
        OR e.occurred_on < lower(NEW.period)
        OR (NOT upper_inf(NEW.period) AND GREATEST(e.occurred_on, e.returned_on) > upper(NEW.period))
      )
) THEN
    RAISE EXCEPTION 'a placement keeps every one of its events inside it (from its start day to its end day)'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'placement_holds_its_events',
              TABLE = 'residents_placement';
END IF;
RETURN NEW;
"""

_PLACEMENT_STARTS_BY_TODAY_SQL = """
IF lower(NEW.period) > (now() AT TIME ZONE 'Asia/Jakarta')::date THEN
    RAISE EXCEPTION 'a placement does not start after today (Asia/Jakarta)'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'placement_starts_by_today',
              TABLE = 'residents_placement';
END IF;
RETURN NEW;
"""


class PlacementQuerySet(models.QuerySet):
    def current(self, on=None):
        """Placements holding a place on day ``on`` (today by default): start <= on < end."""
        from django.utils import timezone

        return self.filter(period__contains=on or timezone.localdate())


class PlacementEndReason(models.TextChoices):
    TRANSFER = "transfer", _("Pindah ke lembaga lain")
    DISCHARGE = "discharge", _("Keluar (terminasi)")


@pghistory.track(model_name="PlacementHistory", obj_field=HISTORY, level=LEVEL)
class Placement(TimeStampedModel):
    """A resident's stay at one institution over ``[start, end)``; end empty = still there."""

    EndReason = PlacementEndReason

    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="placements")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="placements")
    institution = models.ForeignKey(
        "institutions.Institution", verbose_name=_("lembaga"), on_delete=models.PROTECT, related_name="+"
    )
    period = DateRangeField(_("periode"))
    room = models.CharField(_("kamar/wisma"), max_length=100, blank=True)
    end_reason = models.CharField(_("alasan berakhir"), max_length=20, choices=EndReason.choices, blank=True)
    over_capacity_approved_by = user_link(_("disetujui melebihi kapasitas oleh"))
    over_capacity_reason = models.TextField(_("alasan melebihi kapasitas"), blank=True)
    # Set at admission: past this day with no discharge, the resident is on the attention list.
    planned_discharge_on = models.DateField(_("rencana tanggal keluar"), null=True, blank=True)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        triggers = [
            pgtrigger.Trigger(
                name="placement_adds_resident_institution",
                when=pgtrigger.After,
                operation=pgtrigger.Insert | pgtrigger.UpdateOf("institution_id"),
                func=(
                    "UPDATE residents_resident SET institution_ids = "
                    "array_append(institution_ids, NEW.institution_id) "
                    "WHERE id = NEW.resident_id AND NOT (institution_ids @> ARRAY[NEW.institution_id]); "
                    "RETURN NULL;"
                ),
            ),
            # No placement starts after today (in Asia/Jakarta, whatever the server's zone).
            pgtrigger.Trigger(
                name="placement_starts_by_today",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert | pgtrigger.UpdateOf("period"),
                func=_PLACEMENT_STARTS_BY_TODAY_SQL,
            ),
            # Shortening or moving a placement never leaves one of its events outside it.
            pgtrigger.Trigger(
                name="placement_holds_its_events",
                when=pgtrigger.Before,
                operation=pgtrigger.UpdateOf("period", "resident_id"),
                func=_PLACEMENT_HOLDS_EVENTS_SQL,
            ),
        ]
        verbose_name = _("penempatan")
        verbose_name_plural = _("penempatan")
        constraints = [
            # A resident never has two placements at once.
            ExclusionConstraint(
                name="placement_no_overlap",
                expressions=[("resident", RangeOperators.EQUAL), ("period", RangeOperators.OVERLAPS)],
            ),
            models.CheckConstraint(
                condition=models.Q(period__isempty=False), name="placement_period_not_empty"
            ),
            models.CheckConstraint(condition=models.Q(period__lower_inf=False), name="placement_has_start"),
            models.CheckConstraint(
                condition=models.Q(over_capacity_approved_by__isnull=True)
                | ~models.Q(over_capacity_reason=""),
                name="placement_over_capacity_has_reason",
            ),
            # An ended placement says why it ended (transfer or discharge); an open one has no reason.
            models.CheckConstraint(
                condition=models.Q(period__upper_inf=True, end_reason="")
                | (models.Q(period__upper_inf=False) & ~models.Q(end_reason="")),
                name="placement_closed_has_end_reason",
            ),
            choices_check(
                name="placement_end_reason_choices",
                field="end_reason",
                choices=PlacementEndReason,
                blank=True,
            ),
        ]
        indexes = [
            GistIndex(fields=["institution", "period"], name="placement_institution_period"),
            models.Index(fields=["resident", "id"], name="placement_resident_idx"),
            # "Residents ever placed at these institutions" as an index-only scan.
            models.Index(fields=["institution", "resident"], name="placement_institution_res_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.resident_id} @ {self.institution_id} {self.period}"

    @property
    def start(self):
        return self.period.lower

    @property
    def end(self):
        return self.period.upper


class EventKind(models.TextChoices):
    HOME_LEAVE = "home_leave", _("Izin pulang")
    RAN_AWAY = "ran_away", _("Kabur")
    RETURNED = "returned", _("Kembali setelah kabur")
    HOSPITAL = "hospital", _("Rawat inap")
    DEATH = "death", _("Meninggal dunia")
    ROOM_MOVE = "room_move", _("Pindah kamar/wisma")


# Kinds during which the resident is away but keeps the place, ended by ``returned_on``.
ABSENCE_KINDS = (EventKind.HOME_LEAVE, EventKind.HOSPITAL, EventKind.RAN_AWAY)


class ResidentEventQuerySet(models.QuerySet):
    def open_absences(self):
        """Leave, hospital stays and running away not yet ended by a return."""
        return self.filter(kind__in=ResidentEvent.ABSENCE_KINDS, returned_on__isnull=True)

    def overdue_leaves(self, on):
        """Home leave still not returned from after its expected return (before ``on``), of
        residents who still hold their place (a leave of someone discharged is not overdue)."""
        return self.filter(
            kind=ResidentEvent.Kind.HOME_LEAVE,
            returned_on__isnull=True,
            expected_return_on__lt=on,
            placement__period__contains=on,
        )


@pghistory.track(model_name="ResidentEventHistory", obj_field=HISTORY, level=LEVEL)
class ResidentEvent(TimeStampedModel):
    """Something that happened in residential life: leave, running away, hospital, death, room move."""

    Kind = EventKind
    ABSENCE_KINDS = ABSENCE_KINDS

    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="events")
    # Required (blank=False). The column stays nullable for the audit history's old
    # snapshots; on this table the trigger ``event_inside_placement`` refuses a NULL
    # (as ``event_has_placement``).
    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, null=True, related_name="events")
    kind = models.CharField(_("jenis kejadian"), max_length=20, choices=Kind.choices)
    occurred_on = models.DateField(_("tanggal"))
    expected_return_on = models.DateField(_("rencana kembali"), null=True, blank=True)
    returned_on = models.DateField(_("tanggal kembali"), null=True, blank=True)
    room = models.CharField(_("kamar/wisma baru"), max_length=100, blank=True)
    hospital = models.CharField(_("nama rumah sakit"), max_length=150, blank=True)
    notes = models.TextField(_("catatan"), blank=True)

    class Meta:
        triggers = [
            pgtrigger.Trigger(
                name="event_inside_placement",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert
                | pgtrigger.UpdateOf("occurred_on", "returned_on", "placement_id", "resident_id"),
                func=_EVENT_INSIDE_PLACEMENT_SQL,
            ),
        ]
        verbose_name = _("kejadian")
        verbose_name_plural = _("kejadian")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(returned_on__isnull=True)
                | models.Q(returned_on__gte=models.F("occurred_on")),
                name="event_return_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(expected_return_on__isnull=True)
                | models.Q(expected_return_on__gte=models.F("occurred_on")),
                name="event_expected_return_after_start",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=EventKind.HOME_LEAVE) | models.Q(expected_return_on__isnull=False),
                name="event_home_leave_has_expected_return",
            ),
            # One absence at a time: a PM on leave cannot also be recorded in hospital or run
            # away. Per placement: an absence still open when the stay ended (ran away, then
            # terminated) stays as it was and does not block the next admission's records.
            models.UniqueConstraint(
                fields=["placement"],
                condition=models.Q(kind__in=ABSENCE_KINDS, returned_on__isnull=True),
                name="event_one_open_absence_per_placement",
            ),
            choices_check(name="event_kind_choices", field="kind", choices=EventKind),
        ]
        indexes = [
            models.Index(fields=["resident", "occurred_on"], name="event_resident_idx"),
            models.Index(
                fields=["expected_return_on"],
                condition=models.Q(kind="home_leave", returned_on__isnull=True),
                name="event_open_leave_idx",
            ),
        ]

    objects = ResidentEventQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on}"

    @property
    def is_open_absence(self) -> bool:
        return self.kind in self.ABSENCE_KINDS and self.returned_on is None

    @property
    def is_overdue(self) -> bool:
        """A home leave past its expected return date with no return recorded (as of today)."""
        from django.utils import timezone

        return (
            self.kind == self.Kind.HOME_LEAVE
            and self.returned_on is None
            and self.expected_return_on is not None
            and self.expected_return_on < timezone.localdate()
        )
