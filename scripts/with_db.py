"""Run a command with a database: ``DATABASE_URL`` if set, else the embedded one.

The embedded server is started once here and its URL passed down, so test
workers and management commands share it; it is stopped afterwards unless it
was already running (another ``make run`` in a second terminal, say).

    python scripts/with_db.py pytest -n 2
"""

import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _terminate(signum, frame):
    # `kill` (SIGTERM) ends the command like Ctrl-C does: the finally below stops the database.
    raise KeyboardInterrupt


def main(argv: list[str]) -> int:
    signal.signal(signal.SIGTERM, _terminate)
    if not argv:
        sys.exit("usage: with_db.py COMMAND [ARGS...]")
    env = dict(os.environ)
    started_here = False
    if not env.get("DATABASE_URL"):
        from config import embedded

        was_running = embedded.is_running()
        env["DATABASE_URL"] = embedded.start()
        started_here = not was_running
    try:
        process = subprocess.Popen(argv, env=env, cwd=ROOT)  # noqa: S603
        while True:
            try:
                return process.wait()
            except KeyboardInterrupt:
                # Ctrl-C reaches the child too (same process group); pass it on for `kill`
                # and wait for the child to finish.
                process.send_signal(signal.SIGINT)
    finally:
        if started_here:
            from config import embedded

            embedded.stop()
            print("Embedded PostgreSQL stopped.", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
