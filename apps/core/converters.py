"""URL parts that reach a query: only the characters their column can hold.

A code with a NUL byte, a space or 500 characters matches no route and answers 404,
instead of reaching PostgreSQL (which refuses NUL in text with an error, a 500).
"""

from django.urls import register_converter


class InstitutionCodeConverter:
    """An institution code as stored: letters, digits and hyphens, at most 30."""

    regex = "[A-Za-z0-9-]{1,30}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class RegionCodeConverter(InstitutionCodeConverter):
    """A Kemendagri region code: 35, 35.78, 35.78.01, 35.78.01.1001."""

    regex = r"[0-9]{2}(?:\.[0-9]{2}(?:\.[0-9]{2}(?:\.[0-9]{4})?)?)?"


class SlugPartConverter(InstitutionCodeConverter):
    """A short key such as a period (``2026-Q3``) or an element code (``U1``)."""

    regex = "[A-Za-z0-9_-]{1,20}"


class IdConverter:
    """A row id: at most 18 digits, so it always fits PostgreSQL's bigint (a 20-digit id
    would otherwise reach the database and fail there with "out of range")."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


def register() -> None:
    register_converter(InstitutionCodeConverter, "code")
    register_converter(RegionCodeConverter, "region")
    register_converter(SlugPartConverter, "key")
    register_converter(IdConverter, "id")
