"""``make run``: database, migrations, demo data, then the development server."""

import os
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
    print("  Tekan Ctrl-C untuk berhenti.\n", flush=True)
    try:
        return subprocess.call([PYTHON, "manage.py", "runserver", host], cwd=ROOT)  # noqa: S603
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    # The database (embedded unless DATABASE_URL is set) lives as long as this command.
    from scripts import with_db  # noqa: E402

    if os.environ.get("_RUN_INNER") == "1":
        sys.exit(main())
    os.environ["_RUN_INNER"] = "1"
    sys.exit(with_db.main([PYTHON, str(Path(__file__).resolve())]))
