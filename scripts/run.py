"""``make run``: database, migrations, demo data, then the development server and a
background worker (procrastinate) beside it. Ctrl-C stops both, then the database."""

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEMO_USERS = [
    ("admin", "administrator (superuser)"),
    ("pengawas", "pengawas Provinsi Jawa Timur"),
    ("petugas", "petugas UPT PSTW Jember"),
    ("petugas2", "petugas UPT PSBG Tuban"),
    ("kepala", "kepala UPT PSTW Jember"),
]


def manage(*args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, check=True)  # noqa: S603


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    manage("migrate", "--no-input", "-v", "0")
    manage("seed_demo")
    host = os.environ.get("RUN_ADDR", "127.0.0.1:8000")
    print(f"\n  Aplikasi: http://{host}/\n  Akun demo (kata sandi semua: demo12345):")
    for username, what in DEMO_USERS:
        print(f"    {username:<10} {what}")
    print("  Pekerjaan latar belakang (impor, ekspor besar): satu worker berjalan.")
    print("  Tekan Ctrl-C untuk berhenti.\n", flush=True)
    # Each in a session of its own, so the stop below reaches the dev server's reloader child
    # too; Ctrl-C (or a kill of this command) comes here and is passed on.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    spawn = {"cwd": ROOT, "start_new_session": True}
    worker = subprocess.Popen([PYTHON, "manage.py", "procrastinate", "worker"], **spawn)  # noqa: S603
    server = subprocess.Popen([PYTHON, "manage.py", "runserver", host], **spawn)  # noqa: S603
    try:
        # Whichever ends first (a crash) ends the other.
        while server.poll() is None and worker.poll() is None:
            try:
                server.wait(timeout=1)
            except subprocess.TimeoutExpired:
                continue
    except KeyboardInterrupt:
        pass
    finally:
        _stop(server, worker)
    return 0


def _stop(*processes) -> None:
    """SIGTERM to each process group (the worker finishes its current job), then SIGKILL."""
    for process in processes:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    print("Server dan worker berhenti.", flush=True)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    # The database (embedded unless DATABASE_URL is set) lives as long as this command.
    from scripts import with_db  # noqa: E402

    if os.environ.get("_RUN_INNER") == "1":
        sys.exit(main())
    os.environ["_RUN_INNER"] = "1"
    sys.exit(with_db.main([PYTHON, str(Path(__file__).resolve())]))
