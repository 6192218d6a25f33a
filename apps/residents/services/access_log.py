"""The access log: who opened, exported or imported which PM data (UU PDP)."""

from ..models import AccessLog, Resident

# Keys an access log ``detail`` may never carry: they would copy personal data (or a
# search for it) into a log that is kept for years.
_PII_DETAIL_KEYS = frozenset(
    {"q", "search", "query", "nik", "name", "full_name", "nickname", "mother_name", "family_card_no"}
    | {"phone", "address", "birth_date", "text"}
)


def access_log(
    *, user, action: str, resident: Resident | None = None, detail: dict | None = None
) -> AccessLog:
    """Append who opened, exported or imported what. ``detail`` holds counts, filter names
    and ids, never personal data or free-text searches (``ValueError`` if it tries)."""
    if action not in AccessLog.Action.values:
        raise ValueError(f"Unknown access log action: {action}")
    detail = dict(detail or {})
    leaked = _PII_DETAIL_KEYS.intersection(k.lower() for k in detail)
    if leaked:
        raise ValueError(f"Access log detail must not contain personal data: {sorted(leaked)}")
    for value in detail.values():
        values = value if isinstance(value, list | tuple) else [value]
        if not all(v is None or isinstance(v, bool | int | float | str) for v in values):
            raise ValueError("Access log detail values must be plain numbers, strings or lists of them.")
    if user is not None and not user.is_authenticated:
        user = None
    return AccessLog.objects.create(user=user, action=action, resident=resident, detail=detail)
