"""Referrals (rujukan) between institutions, and requests to go over capacity.

A transfer is a referral: the sending institution proposes it, the PM stays there until
the receiving institution accepts (the move is ``placement_transfer``, so its date and
capacity rules apply) or declines; the sending head may cancel it while it waits.

Taking a PM in beyond capacity needs the head of the receiving institution. Staff who
meet a full institution (an admission, a referral to accept) submit a request with a
reason; the head approves it, which runs the same service (``case_admit`` or the
acceptance) as the head, or refuses it with a reason.

Locks: the resident first (as every write about one PM), then the referral or request
row, then (inside the placement services) the institutions in id order.
"""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.dates import format_dmy, refuse_future
from apps.core.errors import DomainError
from apps.institutions.models import Institution
from apps.institutions.scope import UserScope

from .. import permissions
from ..models import Case, Document, OverCapacityRequest, Placement, Referral, Resident
from ._base import InvalidData, _service, lock_resident, refuse_if_died, require
from .documents import document_add
from .placements import (
    _peak_occupancy_from,
    _receiving,
    _refuse_clash,
    case_admit,
    lock_institutions,
    placement_transfer,
    refuse_planned_before,
)


def _required(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidData({field: [message]})
    return value


def _lock_referral(referral: Referral) -> Referral:
    """The referral row, locked, with its institutions; refused unless it still waits."""
    referral = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("from_institution", "to_institution")
        .get(pk=referral.pk)
    )
    if not referral.is_open:
        raise DomainError(
            _("Rujukan ini sudah %(status)s.") % {"status": referral.get_status_display().lower()},
            code="referral_closed",
        )
    return referral


def _decide(referral_or_request, actor, status: str, *, reason: str = "", **fields) -> None:
    row = referral_or_request
    row.status = status
    row.decided_by = actor
    row.decided_at = timezone.now()
    row.decision_reason = reason
    for name, value in fields.items():
        setattr(row, name, value)
    row.stamp(actor)
    row.save()


def _close_pending_requests(actor, referral: Referral, reason: str) -> None:
    """A referral that is decided leaves no request about it waiting for the head."""
    for request in OverCapacityRequest.objects.select_for_update(of=("self",)).filter(
        referral=referral, status=OverCapacityRequest.Status.PENDING
    ):
        _decide(request, actor, OverCapacityRequest.Status.CANCELLED, reason=reason)


def referrals_end_with_stay(actor, resident_id, reason: str) -> None:
    """The PM left care (termination, death): a referral still waiting is cancelled, and any
    request about it, so the receiver no longer reads the file. The caller holds the
    resident's lock."""
    for referral in Referral.objects.select_for_update(of=("self",)).filter(
        resident_id=resident_id, status=Referral.Status.PROPOSED
    ):
        _decide(referral, actor, Referral.Status.CANCELLED, reason=reason)
        _close_pending_requests(actor, referral, reason)


# --- proposing and answering -----------------------------------------------------------------


@_service
def referral_propose(
    *,
    actor,
    resident: Resident,
    to_institution: Institution,
    on: date,
    reason: str,
    letter_no: str,
    document=None,
) -> Referral:
    """Propose moving a PM from the institution holding them to ``to_institution`` on ``on``.

    Only the sending institution (staff or head) proposes; the PM stays there until the
    receiver accepts. One open referral per PM (also a database rule). ``document``: an
    optional scan of the letter, kept as the PM's "surat rujukan" document.
    """
    resident = lock_resident(resident.pk)
    placement = (
        Placement.objects.select_for_update(of=("self",))
        .filter(resident=resident, period__upper_inf=True)
        .select_related("institution")
        .order_by("-id")
        .first()
    )
    if placement is None:
        raise DomainError(_("PM tidak sedang ditempatkan di panti; tidak ada yang dapat dirujuk."))
    require(permissions.can_transfer(actor, placement), _("Anda tidak berwenang merujuk PM ini."))
    refuse_if_died(resident)
    reason = _required(reason, "reason", _("Tuliskan alasan rujukan."))
    letter_no = _required(letter_no, "letter_no", _("Isi nomor surat rujukan."))
    refuse_future(on, _("Tanggal pindah"))
    if on <= placement.start:
        raise DomainError(
            _("Tanggal pindah harus setelah tanggal masuk (%(date)s).")
            % {"date": format_dmy(placement.start)}
        )
    if to_institution.pk == placement.institution_id:
        raise DomainError(_("Lembaga tujuan sama dengan lembaga sekarang."))
    if not to_institution.is_active:
        raise DomainError(_("Lembaga %(name)s tidak aktif.") % {"name": to_institution.name})
    waiting = Referral.objects.open().filter(resident=resident).select_related("to_institution").first()
    if waiting is not None:
        raise DomainError(
            _("PM ini sudah dirujuk ke %(name)s dan rujukan itu belum dijawab.")
            % {"name": waiting.to_institution.name},
            code="referral_open",
        )
    scan = None
    if document is not None:
        scan = document_add(
            actor=actor,
            resident=resident,
            kind=Document.Kind.REFERRAL,
            file=document,
            description=_("Surat rujukan %(no)s") % {"no": letter_no},
        )
    referral = Referral(
        resident=resident,
        placement=placement,
        from_institution_id=placement.institution_id,
        to_institution=to_institution,
        proposed_on=on,
        reason=reason,
        letter_no=letter_no,
        document=scan,
    )
    referral.stamp(actor)
    referral.save()
    return referral


def _transfer_day(referral: Referral, on: date | None) -> date:
    """The proposed day, or a later one the receiver chooses; never after today."""
    on = on or referral.proposed_on
    if on < referral.proposed_on:
        raise DomainError(
            _("Tanggal pindah tidak boleh sebelum tanggal yang diusulkan (%(date)s).")
            % {"date": format_dmy(referral.proposed_on)}
        )
    refuse_future(on, _("Tanggal pindah"))
    return on


def _accept(actor, referral: Referral, *, on: date | None, room: str, over_capacity_reason: str) -> Placement:
    """Make the move of a locked, open referral and record who accepted it."""
    on = _transfer_day(referral, on)
    placement = Placement.objects.get(pk=referral.placement_id)
    if placement.end is not None:
        raise DomainError(
            _("PM sudah tidak ditempatkan di %(name)s (sejak %(date)s); rujukan tidak dapat diterima.")
            % {"name": referral.from_institution.name, "date": format_dmy(placement.end)},
            code="referral_stale",
        )
    new = placement_transfer(
        actor=actor,
        placement=placement,
        to_institution=referral.to_institution,
        on=on,
        room=room,
        over_capacity_reason=over_capacity_reason,
        referral=referral,
    )
    _decide(referral, actor, Referral.Status.ACCEPTED, transferred_on=on, new_placement=new)
    return new


@_service
def referral_accept(
    *, actor, referral: Referral, on: date | None = None, room: str = "", over_capacity_reason: str = ""
) -> Placement:
    """The receiving institution accepts: the PM moves on ``on`` (the proposed day unless a
    later one is chosen, not after today) into ``room``.

    Capacity is decided here, as for an admission: over it only the receiving head
    accepts, with ``over_capacity_reason`` (staff submit an over-capacity request
    instead). Two people accepting at once: the second finds the referral decided.
    """
    lock_resident(referral.resident_id)
    referral = _lock_referral(referral)
    require(permissions.can_decide_referral(actor, referral), _("Anda tidak berwenang menjawab rujukan ini."))
    new = _accept(actor, referral, on=on, room=room, over_capacity_reason=over_capacity_reason)
    _close_pending_requests(actor, referral, _("Rujukan sudah diterima."))
    return new


@_service
def referral_decline(*, actor, referral: Referral, reason: str) -> Referral:
    """The receiving institution declines, with a reason; the PM stays where they are."""
    lock_resident(referral.resident_id)
    referral = _lock_referral(referral)
    require(permissions.can_decide_referral(actor, referral), _("Anda tidak berwenang menjawab rujukan ini."))
    reason = _required(reason, "reason", _("Tuliskan alasan penolakan."))
    _decide(referral, actor, Referral.Status.DECLINED, reason=reason)
    _close_pending_requests(actor, referral, _("Rujukan ditolak."))
    return referral


@_service
def referral_cancel(*, actor, referral: Referral, reason: str) -> Referral:
    """The head of the sending institution withdraws a referral that still waits, with a reason."""
    lock_resident(referral.resident_id)
    referral = _lock_referral(referral)
    require(
        permissions.can_cancel_referral(actor, referral),
        _("Hanya kepala lembaga pengirim yang dapat membatalkan rujukan."),
    )
    reason = _required(reason, "reason", _("Tuliskan alasan pembatalan."))
    _decide(referral, actor, Referral.Status.CANCELLED, reason=reason)
    _close_pending_requests(actor, referral, _("Rujukan dibatalkan."))
    return referral


# --- over-capacity requests ------------------------------------------------------------------


@_service
def capacity_request_submit(
    *,
    actor,
    resident: Resident,
    reason: str,
    on: date | None = None,
    institution: Institution | None = None,
    referral: Referral | None = None,
    room: str = "",
    referral_source: str = "",
    referral_letter_no: str = "",
    planned_discharge_on: date | None = None,
) -> OverCapacityRequest:
    """Ask the head of a full institution to take ``resident`` in: an admission at
    ``institution`` on ``on``, or the acceptance of ``referral``.

    Only when the institution really is full from that day (checked under its lock), and
    only by someone who may not approve it themselves (the head approves directly). What
    the later admission or acceptance needs is stored on the request.
    """
    resident = lock_resident(resident.pk)
    refuse_if_died(resident)
    if referral is not None:
        referral = _lock_referral(referral)
        require(
            permissions.can_decide_referral(actor, referral), _("Anda tidak berwenang menjawab rujukan ini.")
        )
        institution = referral.to_institution
        on = _transfer_day(referral, on)
        kind = OverCapacityRequest.Kind.REFERRAL
        referral_source = referral_letter_no = ""
        planned_discharge_on = None  # a transfer carries the plan of the placement it ends
    else:
        require(
            permissions.can_admit(actor, institution), _("Anda tidak berwenang menerima PM di lembaga ini.")
        )
        refuse_future(on, _("Tanggal masuk"))
        refuse_planned_before(planned_discharge_on, on)
        _refuse_clash(resident, on)
        kind = OverCapacityRequest.Kind.ADMISSION
        has_open_case = Case.objects.open().filter(resident=resident).exists()
        if not has_open_case and referral_source not in Case.ReferralSource.values:
            raise InvalidData({"referral_source": [_("Pilih sumber rujukan.")]})
    if UserScope.of(actor).is_head_of(institution):
        raise DomainError(
            _("Anda kepala lembaga ini: setujui langsung dengan menuliskan alasan melebihi kapasitas."),
            code="head_decides",
        )
    reason = _required(reason, "reason", _("Tuliskan alasan permintaan kepada kepala lembaga."))
    if OverCapacityRequest.objects.pending().filter(resident=resident).exists():
        raise DomainError(_("Sudah ada permintaan melebihi kapasitas untuk PM ini yang menunggu keputusan."))
    institution = _receiving(lock_institutions(institution)[institution.pk])
    if _peak_occupancy_from(institution.pk, on) < institution.capacity:
        raise DomainError(
            _("%(name)s masih memiliki tempat; PM dapat diterima tanpa permintaan.")
            % {"name": institution.name},
            code="not_full",
        )
    request = OverCapacityRequest(
        kind=kind,
        resident=resident,
        institution=institution,
        referral=referral,
        on=on,
        room=room,
        referral_source=referral_source,
        referral_letter_no=referral_letter_no,
        planned_discharge_on=planned_discharge_on,
        reason=reason,
    )
    request.stamp(actor)
    request.save()
    return request


def _lock_request(request: OverCapacityRequest) -> OverCapacityRequest:
    request = (
        OverCapacityRequest.objects.select_for_update(of=("self",))
        .select_related("institution", "referral")
        .get(pk=request.pk)
    )
    if request.status != OverCapacityRequest.Status.PENDING:
        raise DomainError(
            _("Permintaan ini sudah %(status)s.") % {"status": request.get_status_display().lower()},
            code="request_closed",
        )
    return request


@_service
def capacity_request_approve(*, actor, request: OverCapacityRequest) -> Placement:
    """The head approves: the admission or the acceptance is made now, as the head, with
    the request's reason as the over-capacity reason. If it can no longer be made (the PM
    was placed elsewhere, the referral was answered...) nothing is written and the
    refusal says why."""
    resident = lock_resident(request.resident_id)
    request = _lock_request(request)
    require(
        permissions.can_decide_capacity_request(actor, request),
        _("Hanya kepala lembaga yang dapat memutuskan permintaan ini."),
    )
    try:
        if request.kind == OverCapacityRequest.Kind.REFERRAL:
            referral = _lock_referral(request.referral)
            placement = _accept(
                actor, referral, on=request.on, room=request.room, over_capacity_reason=request.reason
            )
        else:
            placement = case_admit(
                actor=actor,
                resident=resident,
                institution=request.institution,
                on=request.on,
                referral_source=request.referral_source,
                referral_letter_no=request.referral_letter_no,
                room=request.room,
                planned_discharge_on=request.planned_discharge_on,
                over_capacity_reason=request.reason,
            )
    except DomainError as error:
        raise DomainError(
            _("Permintaan tidak dapat dilaksanakan lagi: %(why)s") % {"why": error.message}, code=error.code
        ) from error
    _decide(request, actor, OverCapacityRequest.Status.APPROVED, placement=placement)
    return placement


@_service
def capacity_request_refuse(*, actor, request: OverCapacityRequest, reason: str) -> OverCapacityRequest:
    """The head refuses, with a reason; a referral behind the request stays open."""
    lock_resident(request.resident_id)
    request = _lock_request(request)
    require(
        permissions.can_decide_capacity_request(actor, request),
        _("Hanya kepala lembaga yang dapat memutuskan permintaan ini."),
    )
    reason = _required(reason, "reason", _("Tuliskan alasan penolakan."))
    _decide(request, actor, OverCapacityRequest.Status.REFUSED, reason=reason)
    return request
