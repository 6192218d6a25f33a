"""What every residents service shares: the transaction and audit context, the errors,
the permission guard and the locks on a resident."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from apps.core.errors import DomainError
from apps.core.services import require
from apps.core.services import service as _service

from ..duplicates import DuplicateMatches
from ..models import Resident, ResidentEvent

# The house decorator and refusal, under the names this package has always used.
__all__ = [
    "DuplicateSuspected",
    "InvalidData",
    "_service",
    "full_clean_errors",
    "lock_resident",
    "refuse_if_died",
    "require",
]


class InvalidData(DomainError):
    """Input that breaks a rule of a field. ``errors`` maps field names to messages."""

    def __init__(self, errors: dict[str, list[str]], message=None):
        super().__init__(message or _("Data belum benar; periksa isian yang ditandai."), code="invalid")
        self.errors = errors


class DuplicateSuspected(DomainError):
    """The person may already be registered. ``matches`` is a ``DuplicateMatches``.

    ``blocking`` is true when the NIK itself is taken: that cannot be overridden with
    ``allow_duplicates`` (the NIK is unique).
    """

    def __init__(self, message, *, matches: DuplicateMatches, blocking: bool = False):
        super().__init__(message, code="nik_taken" if blocking else "possible_duplicate")
        self.matches = matches
        self.blocking = blocking


def full_clean_errors(instance, **kwargs) -> dict[str, list[str]]:
    """The field errors of ``instance.full_clean(**kwargs)`` as ``InvalidData`` takes them
    (empty when there are none)."""
    try:
        instance.full_clean(**kwargs)
    except ValidationError as exc:
        return {name: list(messages) for name, messages in exc.message_dict.items()}
    return {}


def lock_resident(pk) -> Resident:
    """The resident row, locked until the transaction ends: every write about one PM
    (admission, transfer, termination, event) takes this lock first."""
    return Resident.objects.select_for_update(of=("self",)).get(pk=pk)


def refuse_if_died(resident: Resident) -> None:
    if ResidentEvent.objects.filter(resident=resident, kind=ResidentEvent.Kind.DEATH).exists():
        raise DomainError(_("PM ini tercatat meninggal dunia."))
