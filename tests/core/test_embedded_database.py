"""The default for a new user: no DATABASE_URL, the embedded PostgreSQL starts."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import sys
from pathlib import Path
from config import embedded
import psycopg

pgdata = Path(sys.argv[1])
url = embedded.start(pgdata)
with psycopg.connect(url) as conn:
    print("answer", conn.execute("SELECT 40 + 2").fetchone()[0])
    print("extensions", conn.execute(
        "SELECT count(*) FROM pg_available_extensions WHERE name IN ('btree_gist', 'pg_trgm')"
    ).fetchone()[0])
url_again = embedded.start(pgdata)   # a second start reuses the running server
print("same", url == url_again)
print("stopped", embedded.stop(pgdata))

# A crash leaves postmaster.pid behind; its pid may since belong to another process.
import os
(pgdata / "postmaster.pid").write_text(f"{os.getpid()}\n{pgdata}\n0\n5432\n{pgdata}\n\n0 0\nready\n")
with psycopg.connect(embedded.start(pgdata)) as conn:
    print("after crash", conn.execute("SELECT 1").fetchone()[0])
print("stopped again", embedded.stop(pgdata))
"""


@pytest.mark.embedded
def test_embedded_postgres_starts_answers_a_query_survives_a_stale_pid_and_stops(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    pgdata = tmp_path / "pgdata"
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(pgdata)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "answer 42" in result.stdout
    assert "extensions 2" in result.stdout
    assert "same True" in result.stdout
    assert "stopped True" in result.stdout
    assert "after crash 1" in result.stdout
    assert "stopped again True" in result.stdout
