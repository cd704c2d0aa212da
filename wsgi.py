"""WSGI entry point: `gunicorn wsgi:app` or `flask --app wsgi ...`."""

import gc

from outreach import create_app

app = create_app()

# What start-up built (the app, its models, templates and locale data) lives as long as the
# process: keep it out of the garbage collector's full passes, which would otherwise walk all
# of it every so often in the middle of a request (the roster grid's slowest requests were
# those; see benchmarks/README.md).
gc.freeze()
