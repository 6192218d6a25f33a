from apps.institutions.models import Institution
from apps.residents.models import Placement


def home_institution_id(resident) -> int:
    """The institution that follows a PM up: of the latest placement, else the registering
    one (one query)."""
    latest = (
        Placement.objects.filter(resident_id=resident.pk)
        .order_by("-period", "-id")
        .values_list("institution_id", flat=True)
        .first()
    )
    return latest or resident.registered_at_id


def home_institution(resident) -> Institution:
    return Institution.objects.get(pk=home_institution_id(resident))
