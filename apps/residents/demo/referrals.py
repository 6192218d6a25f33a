"""What waits for the demo users today: a referral and an over-capacity request.

- ``petugas2`` of UPT-PSBG-TUBAN has referred one of its older PM to UPT-PSTW-JEMBER; it
  waits in the queue of ``petugas`` and ``kepala`` (Jember);
- ``petugas`` has asked ``kepala`` to admit a Jember PM served in the community although
  Jember is over capacity: it waits on the head's home page and in the navigation badge.

Written through the services as those users. Idempotent: skipped when they already exist.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model

from apps.core.errors import DomainError
from apps.institutions.models import Institution

from .. import services
from ..models import Case, OverCapacityRequest, Placement, Referral, Resident, ResidentEvent
from .constants import OVER_CAPACITY

SENDER = "UPT-PSBG-TUBAN"
REFERRAL_REASON = (
    "PM sudah lanjut usia dan membutuhkan perawatan lansia; keluarga tinggal di Jember dan "
    "sanggup berkunjung rutin."
)
REQUEST_REASON = (
    "Lansia terlantar dari layanan luar panti, tinggal sendiri dan jatuh sakit; keluarga tidak "
    "dapat merawat. Mohon persetujuan menerima melebihi kapasitas sampai ada tempat kosong."
)


def seed(*, stdout, today) -> None:
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["petugas", "petugas2"])}
    institutions = {i.code: i for i in Institution.objects.filter(code__in=[SENDER, OVER_CAPACITY])}
    if len(users) < 2 or len(institutions) < 2:
        return
    sender, jember = institutions[SENDER], institutions[OVER_CAPACITY]
    made = []
    if not Referral.objects.filter(from_institution=sender, to_institution=jember).exists():
        made += _referral(users["petugas2"], sender, jember, today)
    if not OverCapacityRequest.objects.filter(institution=jember).exists():
        made += _request(users["petugas"], jember, today)
    if made:
        stdout.write("Rujukan dan permintaan demo: " + ", ".join(made) + ".")


def _referral(actor, sender, receiver, today) -> list[str]:
    """The oldest PM at the sender today with no open absence, referred two days ago."""
    away = ResidentEvent.objects.open_absences().values("resident_id")
    placement = (
        Placement.objects.current(today)
        .filter(
            institution=sender,
            resident__birth_date__isnull=False,
            period__startswith__lt=today - timedelta(days=2),
        )
        .exclude(resident_id__in=away)
        .select_related("resident")
        .order_by("resident__birth_date", "id")
        .first()
    )
    if placement is None:
        return []
    try:
        services.referral_propose(
            actor=actor,
            resident=placement.resident,
            to_institution=receiver,
            on=today - timedelta(days=2),
            reason=REFERRAL_REASON,
            letter_no=f"460/{today:%m}/UPT-PSBG-TBN/{today:%Y}",
        )
    except DomainError as error:
        return [f"rujukan dilewati ({error.message})"]
    return [f"1 rujukan {sender.code} → {receiver.code}"]


def _request(actor, institution, today) -> list[str]:
    """A PM of the institution served in the community, asked to be admitted today."""
    placed = Placement.objects.values("resident_id")
    resident = (
        Resident.objects.filter(registered_at=institution)
        .exclude(pk__in=placed)
        .exclude(pk__in=ResidentEvent.objects.filter(kind=ResidentEvent.Kind.DEATH).values("resident_id"))
        .order_by("id")
        .first()
    )
    if resident is None:
        return []
    try:
        services.capacity_request_submit(
            actor=actor,
            resident=resident,
            institution=institution,
            on=today,
            reason=REQUEST_REASON,
            referral_source=Case.ReferralSource.FAMILY,
            room="Ruang isolasi",
        )
    except DomainError as error:
        return [f"permintaan dilewati ({error.message})"]
    return [f"1 permintaan melebihi kapasitas di {institution.code}"]
