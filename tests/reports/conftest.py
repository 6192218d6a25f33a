"""The residents' fixtures, for the dashboards that count them (see tests/residents/conftest.py)."""

from tests.residents.conftest import admitted_resident, resident  # noqa: F401
