"""Reads about referrals and over-capacity requests: a resident's, the home page's queues,
the navigation badge, and the timeline lines. Each a fixed number of queries."""

from datetime import timedelta

from django.db.models import Exists, OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.institutions.scope import UserScope

from .models import OverCapacityRequest, Referral, Resident
from .selectors import TimelineEntry

# How long a decided referral or request stays on the home page of those who sent it.
RECENT_DAYS = 30
SHOWN = 20


def _who(user) -> str:
    if user is None:
        return "—"
    return user.get_full_name() or user.username


def _referrals():
    return Referral.objects.select_related(
        "from_institution", "to_institution", "created_by", "decided_by", "document"
    )


def _requests():
    return OverCapacityRequest.objects.select_related("institution", "created_by", "decided_by")


def referral_get(*, resident, pk) -> Referral:
    """A referral of ``resident`` (already fetched through the scoped ``resident_get``), or 404."""
    return get_object_or_404(_referrals().filter(resident=resident), pk=pk)


def capacity_request_get(*, user, pk) -> OverCapacityRequest:
    """A request the user may read: the head who decides it, the one who asked, staff of its
    institution, or an administrator; 404 for anyone else."""
    scope = UserScope.of(user)
    queryset = _requests().select_related("resident", "referral__from_institution")
    if not scope.is_admin:
        queryset = queryset.filter(Q(institution_id__in=sorted(scope.roles)) | Q(created_by_id=scope.user.pk))
        # ... and only while the PM's file is theirs to read (a declined referral ends it).
        readable = Resident.objects.visible_to(scope).values("pk")
        referred = Referral.objects.open_to(scope).values("resident_id")
        queryset = queryset.filter(Q(resident_id__in=readable) | Q(resident_id__in=referred))
    return get_object_or_404(queryset, pk=pk)


def resident_referrals(resident) -> list[Referral]:
    """A resident's referrals, newest first, each with ``pending_request_id`` (an
    over-capacity request about it waiting for the head, or None): one query."""
    pending = OverCapacityRequest.objects.pending().filter(referral=OuterRef("pk")).values("pk")[:1]
    return list(
        _referrals()
        .filter(resident=resident)
        .annotate(pending_request_id=Subquery(pending))
        .order_by("-created_at", "-id")
    )


def _cut(queryset) -> tuple[list, bool]:
    rows = list(queryset[: SHOWN + 1])
    return rows[:SHOWN], len(rows) > SHOWN


def home_queues(*, user) -> dict:
    """What waits for the user on the home page (none of it for a user without institutions):

    - ``incoming``: open referrals to their institutions, to accept or decline;
    - ``outgoing``: referrals from their institutions, open or decided lately;
    - ``to_decide``: pending over-capacity requests at institutions they head;
    - ``my_requests``: requests they submitted, pending or decided lately.
    Each is one query, cut at ``SHOWN`` rows (``*_more`` says there are more)."""
    scope = UserScope.of(user)
    member_ids = sorted(scope.roles)
    if not member_ids:
        return {}
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    pending = OverCapacityRequest.objects.pending().filter(referral=OuterRef("pk"))
    referrals = _referrals().select_related("resident")
    requests = _requests().select_related("resident", "referral__from_institution")
    queues = {
        "incoming": referrals.open()
        .filter(to_institution_id__in=member_ids)
        .annotate(awaiting_head=Exists(pending))
        .order_by("created_at", "id"),
        "outgoing": referrals.filter(from_institution_id__in=member_ids)
        .filter(Q(status=Referral.Status.PROPOSED) | Q(decided_at__gte=since))
        .order_by("-created_at", "-id"),
        "my_requests": requests.filter(created_by_id=scope.user.pk)
        .filter(Q(status=OverCapacityRequest.Status.PENDING) | Q(decided_at__gte=since))
        .order_by("-created_at", "-id"),
    }
    head_ids = scope.head_institution_ids()
    if head_ids:
        queues["to_decide"] = (
            requests.pending().filter(institution_id__in=head_ids).order_by("created_at", "id")
        )
    result = {}
    for name, queryset in queues.items():
        result[name], result[f"{name}_more"] = _cut(queryset)
    return result


def pending_requests_for_head(scope, heads: bool | None = None) -> int:
    """Pending over-capacity requests at the institutions the user heads (the navigation
    badge). No query for a user known to head nothing: from the scope's roles when they are
    already read, else from ``heads`` (what the login noted); otherwise one count."""
    if scope is None or not scope.is_active:
        return 0
    if "roles" in scope.__dict__:
        heads = bool(scope.head_institution_ids())
    if heads is False:
        return 0
    return OverCapacityRequest.objects.pending().for_head(scope.user).count()


def referral_timeline_entries(resident) -> list[TimelineEntry]:
    """Lines for the resident's timeline: each referral proposed (by whom, to where) and
    answered (accepted, declined or cancelled, by whom and why), each over-capacity request
    submitted and decided. Two queries whatever the number of rows; oldest first."""
    dated: list[tuple] = []

    def add(moment, kind, title, detail, obj):
        dated.append(
            (moment, len(dated), TimelineEntry(timezone.localdate(moment), kind, title, detail, obj))
        )

    for referral in _referrals().filter(resident=resident).order_by("created_at", "id"):
        names = {"from": referral.from_institution.name, "to": referral.to_institution.name}
        add(
            referral.created_at,
            "referral_proposed",
            _("Rujukan ke %(to)s diajukan") % names,
            _("oleh %(who)s (%(from)s): %(reason)s")
            % {**names, "who": _who(referral.created_by), "reason": referral.reason},
            referral,
        )
        if referral.decided_at is None:
            continue
        who = _who(referral.decided_by)
        if referral.status == Referral.Status.ACCEPTED:
            title = _("Rujukan diterima %(to)s") % names
            detail = _("oleh %(who)s; pindah %(on)s") % {
                "who": who,
                "on": referral.transferred_on.strftime("%d-%m-%Y"),
            }
        elif referral.status == Referral.Status.DECLINED:
            title = _("Rujukan ditolak %(to)s") % names
            detail = _("oleh %(who)s: %(reason)s") % {"who": who, "reason": referral.decision_reason}
        else:
            title = _("Rujukan ke %(to)s dibatalkan") % names
            detail = _("oleh %(who)s: %(reason)s") % {"who": who, "reason": referral.decision_reason}
        add(referral.decided_at, f"referral_{referral.status}", title, detail, referral)

    for request in _requests().filter(resident=resident).order_by("created_at", "id"):
        name = {"name": request.institution.name}
        add(
            request.created_at,
            "capacity_request",
            _("Permintaan melebihi kapasitas kepada kepala %(name)s") % name,
            _("oleh %(who)s: %(reason)s") % {"who": _who(request.created_by), "reason": request.reason},
            request,
        )
        if request.decided_at is None:
            continue
        titles = {
            OverCapacityRequest.Status.APPROVED: _("Permintaan melebihi kapasitas disetujui"),
            OverCapacityRequest.Status.REFUSED: _("Permintaan melebihi kapasitas ditolak"),
            OverCapacityRequest.Status.CANCELLED: _("Permintaan melebihi kapasitas dibatalkan"),
        }
        detail = _("oleh %(who)s") % {"who": _who(request.decided_by)}
        if request.decision_reason:
            detail += f": {request.decision_reason}"
        add(request.decided_at, f"capacity_request_{request.status}", titles[request.status], detail, request)

    dated.sort(key=lambda item: (item[0], item[1]))
    return [entry for _moment, _n, entry in dated]
