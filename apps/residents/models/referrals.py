"""Referrals (rujukan) between institutions, and requests to go over capacity.

A transfer is a referral: the sending institution proposes, the receiving one accepts
(and the move is made then) or declines; the sending head may cancel. When taking a PM
in (an admission or an accepted referral) would go over capacity and the user is not the
head, a request (permintaan melebihi kapasitas) keeps everything needed to do it later;
the head approves (the same service then runs) or refuses. The states and what each
needs are database checks, so no code path can leave a half-decided row.
"""

import pghistory
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.choices import choices_check
from apps.core.models import TimeStampedModel, user_link

from ._history import HISTORY, LEVEL
from .cases import CaseReferralSource, Placement
from .people import Document, Resident


class ReferralStatus(models.TextChoices):
    PROPOSED = "proposed", _("Menunggu jawaban")
    ACCEPTED = "accepted", _("Diterima")
    DECLINED = "declined", _("Ditolak")
    CANCELLED = "cancelled", _("Dibatalkan")


class ReferralQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=ReferralStatus.PROPOSED)

    def open_to(self, who):
        """Open referrals to an institution ``who`` (a user or ``UserScope``) may see: while a
        referral waits, the receiving end reads the PM's file to decide."""
        from apps.institutions.scope import UserScope

        scope = UserScope.of(who)
        if not scope.is_active:
            return self.none()
        if scope.is_admin:
            return self.open()
        # Its own staff and head only: supervisors of the receiving region do not decide.
        return self.open().filter(to_institution_id__in=sorted(scope.roles))


@pghistory.track(model_name="ReferralHistory", obj_field=HISTORY, level=LEVEL)
class Referral(TimeStampedModel):
    """A proposal to move a PM from the institution holding them to another.

    ``created_by``/``created_at``: who proposed and when; ``decided_by``/``decided_at``:
    who accepted, declined or cancelled it. Accepted: ``new_placement`` is the stay at
    the receiving institution, from ``transferred_on``.
    """

    Status = ReferralStatus

    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="referrals")
    placement = models.ForeignKey(
        Placement, verbose_name=_("penempatan asal"), on_delete=models.PROTECT, related_name="+"
    )
    from_institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("lembaga pengirim"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("lembaga tujuan"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_on = models.DateField(_("tanggal pindah yang diusulkan"))
    reason = models.TextField(_("alasan rujukan"))
    letter_no = models.CharField(_("nomor surat rujukan"), max_length=100)
    document = models.ForeignKey(
        Document,
        verbose_name=_("dokumen surat rujukan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    decided_by = user_link(_("diputuskan oleh"))
    decided_at = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)
    decision_reason = models.TextField(_("alasan penolakan/pembatalan"), blank=True)
    transferred_on = models.DateField(_("tanggal pindah"), null=True, blank=True)
    new_placement = models.ForeignKey(
        Placement,
        verbose_name=_("penempatan di lembaga tujuan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("rujukan")
        verbose_name_plural = _("rujukan")
        constraints = [
            choices_check(name="referral_status_choices", field="status", choices=ReferralStatus),
            models.CheckConstraint(
                condition=~models.Q(from_institution=models.F("to_institution")),
                name="referral_not_to_the_sender",
            ),
            models.CheckConstraint(condition=~models.Q(reason=""), name="referral_has_reason"),
            models.CheckConstraint(condition=~models.Q(letter_no=""), name="referral_has_letter_no"),
            # Waiting: nothing decided. Accepted: who, when, the day and the new placement.
            # Declined or cancelled: who and when, no move.
            models.CheckConstraint(
                condition=models.Q(
                    status=ReferralStatus.PROPOSED,
                    decided_by__isnull=True,
                    decided_at__isnull=True,
                    transferred_on__isnull=True,
                    new_placement__isnull=True,
                    decision_reason="",
                )
                | models.Q(
                    status=ReferralStatus.ACCEPTED,
                    decided_by__isnull=False,
                    decided_at__isnull=False,
                    transferred_on__isnull=False,
                    new_placement__isnull=False,
                )
                | models.Q(
                    status__in=[ReferralStatus.DECLINED, ReferralStatus.CANCELLED],
                    decided_by__isnull=False,
                    decided_at__isnull=False,
                    transferred_on__isnull=True,
                    new_placement__isnull=True,
                ),
                name="referral_status_matches_decision",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=[ReferralStatus.DECLINED, ReferralStatus.CANCELLED])
                | ~models.Q(decision_reason=""),
                name="referral_refusal_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(transferred_on__isnull=True)
                | models.Q(transferred_on__gte=models.F("proposed_on")),
                name="referral_transfer_not_before_proposed",
            ),
            # One open referral per PM: two receivers cannot both be asked for the same person.
            models.UniqueConstraint(
                fields=["resident"],
                condition=models.Q(status=ReferralStatus.PROPOSED),
                name="referral_one_open_per_resident",
            ),
        ]
        indexes = [
            models.Index(fields=["resident", "id"], name="referral_resident_idx"),
            models.Index(
                fields=["to_institution", "created_at"],
                condition=models.Q(status=ReferralStatus.PROPOSED),
                name="referral_open_to_idx",
            ),
            models.Index(fields=["from_institution", "created_at"], name="referral_from_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.resident_id}: {self.from_institution_id} → {self.to_institution_id} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status == ReferralStatus.PROPOSED


class OverCapacityRequestKind(models.TextChoices):
    ADMISSION = "admission", _("Penerimaan (masuk panti)")
    REFERRAL = "referral", _("Penerimaan rujukan")


class OverCapacityRequestStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu keputusan kepala")
    APPROVED = "approved", _("Disetujui")
    REFUSED = "refused", _("Ditolak")
    CANCELLED = "cancelled", _("Dibatalkan")


class OverCapacityRequestQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=OverCapacityRequestStatus.PENDING)

    def for_head(self, user):
        """Requests at the institutions ``user`` heads: one join, no scope needed."""
        return self.filter(
            institution__memberships__user_id=getattr(user, "pk", None),
            institution__memberships__role="head",
        )


@pghistory.track(model_name="OverCapacityRequestHistory", obj_field=HISTORY, level=LEVEL)
class OverCapacityRequest(TimeStampedModel):
    """A request to the head of a full institution to take one more PM in.

    Holds what the admission (``case_admit``) or the referral acceptance needs, so the
    head's approval runs the same service with ``over_capacity_approved_by``/``reason``.
    ``created_by``: who asked; ``decided_by``/``decided_at``: who approved or refused.
    """

    Kind = OverCapacityRequestKind
    Status = OverCapacityRequestStatus

    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="capacity_requests")
    institution = models.ForeignKey(
        "institutions.Institution", verbose_name=_("lembaga"), on_delete=models.PROTECT, related_name="+"
    )
    referral = models.ForeignKey(
        Referral, on_delete=models.PROTECT, null=True, blank=True, related_name="capacity_requests"
    )
    on = models.DateField(_("tanggal masuk/pindah"))
    room = models.CharField(_("kamar/wisma"), max_length=100, blank=True)
    referral_source = models.CharField(
        _("sumber rujukan"), max_length=20, choices=CaseReferralSource.choices, blank=True
    )
    referral_letter_no = models.CharField(_("nomor surat rujukan"), max_length=100, blank=True)
    # An admission's planned end of stay, carried to the placement the approval makes.
    planned_discharge_on = models.DateField(_("rencana tanggal keluar"), null=True, blank=True)
    reason = models.TextField(_("alasan permintaan"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = user_link(_("diputuskan oleh"))
    decided_at = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)
    decision_reason = models.TextField(_("alasan penolakan"), blank=True)
    placement = models.ForeignKey(
        Placement,
        verbose_name=_("penempatan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = OverCapacityRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("permintaan melebihi kapasitas")
        verbose_name_plural = _("permintaan melebihi kapasitas")
        constraints = [
            choices_check(
                name="over_capacity_request_kind_choices", field="kind", choices=OverCapacityRequestKind
            ),
            choices_check(
                name="over_capacity_request_status_choices", field="status", choices=OverCapacityRequestStatus
            ),
            choices_check(
                name="over_capacity_request_referral_source_choices",
                field="referral_source",
                choices=CaseReferralSource,
                blank=True,
            ),
            models.CheckConstraint(
                condition=models.Q(kind=OverCapacityRequestKind.ADMISSION, referral__isnull=True)
                | models.Q(kind=OverCapacityRequestKind.REFERRAL, referral__isnull=False),
                name="over_capacity_request_referral_iff_kind",
            ),
            models.CheckConstraint(condition=~models.Q(reason=""), name="over_capacity_request_has_reason"),
            models.CheckConstraint(
                condition=models.Q(
                    status=OverCapacityRequestStatus.PENDING,
                    decided_by__isnull=True,
                    decided_at__isnull=True,
                    placement__isnull=True,
                    decision_reason="",
                )
                | models.Q(
                    status=OverCapacityRequestStatus.APPROVED,
                    decided_by__isnull=False,
                    decided_at__isnull=False,
                    placement__isnull=False,
                )
                | models.Q(
                    status__in=[OverCapacityRequestStatus.REFUSED, OverCapacityRequestStatus.CANCELLED],
                    decided_at__isnull=False,
                    placement__isnull=True,
                ),
                name="over_capacity_request_status_matches_decision",
            ),
            models.CheckConstraint(
                condition=~models.Q(
                    status__in=[OverCapacityRequestStatus.REFUSED, OverCapacityRequestStatus.CANCELLED]
                )
                | ~models.Q(decision_reason=""),
                name="over_capacity_request_refusal_has_reason",
            ),
            models.UniqueConstraint(
                fields=["resident"],
                condition=models.Q(status=OverCapacityRequestStatus.PENDING),
                name="over_capacity_request_one_pending_per_resident",
            ),
        ]
        indexes = [
            models.Index(fields=["resident", "id"], name="ocr_resident_idx"),
            models.Index(
                fields=["institution", "created_at"],
                condition=models.Q(status=OverCapacityRequestStatus.PENDING),
                name="ocr_pending_idx",
            ),
            models.Index(fields=["created_by", "created_at"], name="ocr_requester_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.resident_id} @ {self.institution_id} ({self.status})"
