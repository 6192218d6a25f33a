from apps.institutions.models import Institution

from ..importing.grants import home_institutions


def home_institution(resident) -> Institution:
    """The institution that follows a PM up: of the latest placement, else the registering one."""
    return Institution.objects.get(pk=home_institutions([resident.pk])[resident.pk])
