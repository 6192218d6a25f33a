"""gunicorn settings: `gunicorn -c config/gunicorn.conf.py config.wsgi`."""

import gc
import multiprocessing

bind = "127.0.0.1:8000"
workers = min(2 * multiprocessing.cpu_count() + 1, 8)
# Load the app once in the master; workers share its memory copy-on-write.
preload_app = True
# Requests are short; a stuck one is cut off rather than holding a worker.
timeout = 30
accesslog = "-"
# The access log records paths only: no query strings with personal data reach it, since
# searches travel in POST bodies.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'


def when_ready(server):
    # What the preloaded app holds lives as long as the process: keep it out of the garbage
    # collector's full passes (measured by bench_residents as p95 request time).
    gc.collect()
    gc.freeze()
