"""Browser fixtures: the per-test app served from a thread, driven by Debian's Chromium.

Playwright downloads no browser here: it launches /usr/bin/chromium (`make browser`).
One browser per session; every test gets fresh contexts and pages, and its own database
through the `app` fixture in tests/conftest.py.
"""

import logging
import shutil
import threading
from dataclasses import dataclass, field

import pytest
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
TIMEOUT_MS = 5_000


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is missing: run `make browser`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def live_server(app):
    """The test's app on a free local port; its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    access_log = logging.getLogger("werkzeug")
    level = access_log.level
    access_log.setLevel(logging.WARNING)  # keep request lines out of failure reports
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="live-server", daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()
        access_log.setLevel(level)


@dataclass
class Console:
    """What a page reported: console errors and uncaught exceptions."""

    errors: list[str] = field(default_factory=list)

    @property
    def csp_violations(self) -> list[str]:
        markers = ("Content Security Policy", "Refused to", "CSP violation")
        return [e for e in self.errors if any(marker in e for marker in markers)]


@pytest.fixture
def new_page(browser, live_server):
    """new_page(**context_options) -> a page in its own context, with `page.console`.

    Any Content-Security-Policy violation on a page that kept the policy fails the test.
    """
    contexts, watched = [], []

    def open_page(**options):
        options.setdefault("base_url", live_server)
        options.setdefault("locale", "nb-NO")
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        # Runs before the page's own scripts; DevTools-injected, so the CSP allows it.
        context.add_init_script(
            "document.addEventListener('securitypolicyviolation', e => console.error("
            "'CSP violation: ' + e.violatedDirective + ' ' + (e.blockedURI || 'inline')"
            " + ' at ' + e.sourceFile + ':' + e.lineNumber));"
        )
        page = context.new_page()
        console = Console()
        page.on("console", lambda msg: msg.type == "error" and console.errors.append(msg.text))
        page.on("pageerror", lambda exc: console.errors.append(f"uncaught: {exc}"))
        page.console = console
        if not options.get("bypass_csp"):
            watched.append(console)
        return page

    yield open_page
    for context in contexts:
        context.close()
    violations = [v for console in watched for v in console.csp_violations]
    if violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(violations))


@pytest.fixture
def page(new_page):
    return new_page()
