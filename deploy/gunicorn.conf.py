"""Gunicorn settings for the outreach intranet: `gunicorn -c deploy/gunicorn.conf.py wsgi:app`.

Every setting can be changed from the environment without editing this file, so that one
file serves the systemd unit, the load test and a second app server alike.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: each request holds one database connection and is short (pages answer in
# tens of milliseconds); 2 x cores + 1 keeps the cores busy while some wait on PostgreSQL.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# The roster planner may search for PLANNER_TIME_LIMIT seconds (10 by default) in a request.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (with jitter so they do not all restart at
# once): keeps memory flat over months without anyone noticing a restart.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# Build the app once in the master: workers share its memory and start at once.
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Only the reverse proxy on this host may set X-Forwarded-*; the app trusts PROXY_FIX_HOPS.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_fork(server, worker):
    """A preloaded app must not share the master's database connections with its workers:
    each worker starts with an empty pool (close=False leaves the master's sockets alone)."""
    import wsgi
    from outreach.extensions import db

    with wsgi.app.app_context():
        db.engine.dispose(close=False)
