"""Reading one cell of an import row: rupiah, dates, years, codes. Each returns the value
or raises ``ValueError`` with the message for the row."""

import re
from datetime import date, datetime

from django.utils.translation import gettext as _


def text(row: dict, column: str) -> str:
    value = row.get(column, "")
    return "" if value is None else str(value).strip()


def required_text(row: dict, column: str) -> str:
    value = text(row, column)
    if not value:
        raise ValueError(_("%(column)s kosong") % {"column": column})
    return value


def rupiah(row: dict, column: str, *, required=True, minimum=0) -> int | None:
    """Whole rupiah: 1250000, "1.250.000", "Rp 1.250.000"; never a fraction."""
    value = row.get(column, "")
    if value in ("", None):
        if required:
            raise ValueError(_("%(column)s kosong") % {"column": column})
        return None
    if isinstance(value, bool):
        raise ValueError(_("%(column)s bukan angka rupiah") % {"column": column})
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(
                _("%(column)s harus rupiah utuh, bukan '%(value)s'") % {"column": column, "value": value}
            )
        value = int(value)
    if isinstance(value, str):
        cleaned = re.sub(r"^(rp\.?)\s*", "", value.strip().lower()).replace(".", "").replace(" ", "")
        if not re.fullmatch(r"-?[0-9]+", cleaned):
            raise ValueError(
                _("%(column)s '%(value)s' bukan angka rupiah utuh") % {"column": column, "value": value}
            )
        value = int(cleaned)
    if not isinstance(value, int) or value < minimum:
        raise ValueError(
            _("%(column)s harus paling sedikit %(minimum)s, bukan '%(value)s'")
            % {"column": column, "minimum": minimum, "value": value}
        )
    return value


def day(row: dict, column: str, *, today: date | None = None) -> date:
    value = row.get(column, "")
    if value in ("", None):
        raise ValueError(_("%(column)s kosong") % {"column": column})
    if isinstance(value, datetime):
        parsed = value.date()
    elif isinstance(value, date):
        parsed = value
    else:
        parsed = None
        for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
            try:
                parsed = datetime.strptime(str(value).strip(), fmt).date()
                break
            except ValueError:
                continue
        if parsed is None:
            raise ValueError(
                _("%(column)s '%(value)s' bukan tanggal (TTTT-BB-HH)") % {"column": column, "value": value}
            )
    if today is not None and parsed > today:
        raise ValueError(_("%(column)s di masa depan") % {"column": column})
    return parsed


def year(row: dict, column: str) -> int:
    value = row.get(column, "")
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not 2000 <= value <= 2100:
        raise ValueError(
            _("%(column)s '%(value)s' bukan tahun anggaran") % {"column": column, "value": value}
        )
    return value


def collect(problems: list[str], func, *args, **kwargs):
    """``func(*args)``, or None with its message appended to ``problems``."""
    try:
        return func(*args, **kwargs)
    except ValueError as exc:
        problems.append(str(exc))
        return None
