"""Finding a person who may already be registered, in any institution.

A PM often arrives without papers, under a nickname, at a second panti after running
away from the first. Before registering we look across ALL institutions for:

- the same NIK, or
- a similar name (pg_trgm on ``UPPER(full_name)``, served by the GIN index) together
  with a birth date within two years (or both unknown) or a similar mother's name.

The user sees details (registration number, name, institution) only of matches they may
see; matches elsewhere are only counted, so nobody learns who lives in another panti.
"""

from dataclasses import dataclass, field

from django.contrib.postgres.lookups import TrigramSimilar
from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import F, Q, Value
from django.db.models.functions import Upper

from apps.core.dates import add_years

from .models import Resident

NAME_SIMILARITY = 0.5
MOTHER_SIMILARITY = 0.5
BIRTH_WINDOW_YEARS = 2
MAX_MATCHES = 20


@dataclass(frozen=True)
class DuplicateMatch:
    """A possibly-same person the user may see."""

    id: int
    registration_no: str
    full_name: str
    institution_name: str
    same_nik: bool
    similarity: float


@dataclass
class DuplicateMatches:
    visible: list[DuplicateMatch] = field(default_factory=list)
    hidden_count: int = 0  # matches in institutions the user may not see: no details
    nik_taken: bool = False  # the NIK itself is already registered (visible or not)

    @property
    def found(self) -> bool:
        return bool(self.visible) or self.hidden_count > 0

    def __bool__(self) -> bool:
        return self.found


def _similar_name_ids(full_name: str, birth_date, mother_name: str, exclude_pk) -> dict[int, float]:
    name = " ".join(full_name.split()).upper()
    if not name:
        return {}
    if birth_date is not None:
        near_birth = Q(
            birth_date__gte=add_years(birth_date, -BIRTH_WINDOW_YEARS),
            birth_date__lte=add_years(birth_date, BIRTH_WINDOW_YEARS),
        )
    else:
        near_birth = Q(birth_date__isnull=True)
    second = near_birth
    mother = " ".join((mother_name or "").split()).upper()
    queryset = Resident.objects.alias(upper_name=Upper("full_name")).filter(
        # "%" on UPPER(full_name) uses the trigram GIN index; similarity() then sharpens it.
        TrigramSimilar(F("upper_name"), Value(name))
    )
    queryset = queryset.annotate(name_similarity=TrigramSimilarity(Upper("full_name"), Value(name)))
    if mother:
        queryset = queryset.annotate(mother_similarity=TrigramSimilarity(Upper("mother_name"), Value(mother)))
        second |= Q(mother_similarity__gte=MOTHER_SIMILARITY)
    queryset = queryset.filter(second, name_similarity__gte=NAME_SIMILARITY)
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    rows = queryset.order_by("-name_similarity", "id").values_list("pk", "name_similarity")[:MAX_MATCHES]
    return dict(rows)


def find_duplicates(
    *, user, full_name: str, birth_date=None, nik: str | None = None, mother_name: str = "", exclude_pk=None
) -> DuplicateMatches:
    """Residents in any institution who may be the same person (see the module docstring).

    ``user`` None means the command line: every match is shown.
    """
    from .selectors import current_institution_name

    scores: dict[int, float] = {}
    nik_ids: set[int] = set()
    if nik:
        nik_queryset = Resident.objects.filter(nik=nik)
        if exclude_pk is not None:
            nik_queryset = nik_queryset.exclude(pk=exclude_pk)
        nik_ids = set(nik_queryset.values_list("pk", flat=True))
        scores.update(dict.fromkeys(nik_ids, 1.0))
    for pk, score in _similar_name_ids(full_name, birth_date, mother_name, exclude_pk).items():
        scores.setdefault(pk, score)
    result = DuplicateMatches(nik_taken=bool(nik_ids))
    if not scores:
        return result

    if user is None:
        visible_queryset = Resident.objects.filter(pk__in=scores)
    else:
        visible_queryset = Resident.objects.visible_to(user).filter(pk__in=scores)
    visible = visible_queryset.select_related("registered_at").annotate(
        current_institution_name=current_institution_name()
    )
    for resident in visible:
        result.visible.append(
            DuplicateMatch(
                id=resident.pk,
                registration_no=resident.registration_no,
                full_name=resident.full_name,
                institution_name=resident.current_institution_name or resident.registered_at.name,
                same_nik=resident.pk in nik_ids,
                similarity=round(float(scores[resident.pk]), 2),
            )
        )
    result.visible.sort(key=lambda m: (-m.similarity, m.id))
    result.hidden_count = len(scores) - len(result.visible)
    return result
