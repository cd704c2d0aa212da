"""Security headers on every page: every GET route of the url_map, walked once as a user with
nearly every role on the demo section, and the pages around them (sign-in, 400, 403, 404, 405,
an htmx fragment, a static file). tests/test_platform.py::test_security_headers_on_every_response
checks three addresses; this is the every-page version. In production mode, HSTS and cookies
that travel over HTTPS only."""

import re

from security_helpers import BROAD_ROLES
from test_platform import _path_values, _routes

from config import ProductionConfig
from outreach.extensions import db
from outreach.people.models import Team

PASSWORD = "correct horse battery"  # make_user's
PERMISSIONS = ("camera=()", "microphone=()", "geolocation=()")


def _header_problems(response) -> list[str]:
    """What is missing or too loose in the response's headers, as a browser would apply them."""
    headers = response.headers
    problems = []
    csp = headers.get("Content-Security-Policy", "")
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    if directives.get("default-src") != ["'self'"] or directives.get("script-src") != ["'self'"]:
        problems.append(f"CSP does not limit scripts to the site: {csp!r}")
    if "unsafe-inline" in csp or "unsafe-eval" in csp or "*" in csp.split():
        problems.append(f"CSP allows inline script, eval or anything: {csp!r}")
    if directives.get("frame-ancestors") != ["'none'"] or directives.get("object-src") != ["'none'"]:
        problems.append(f"CSP lets the page be framed or plugins run: {csp!r}")
    if headers.get("X-Frame-Options") != "DENY":
        problems.append("no X-Frame-Options: DENY")
    if headers.get("X-Content-Type-Options") != "nosniff":
        problems.append("no X-Content-Type-Options: nosniff")
    if headers.get("Referrer-Policy") not in ("same-origin", "no-referrer", "strict-origin"):
        problems.append(f"Referrer-Policy sends addresses elsewhere: {headers.get('Referrer-Policy')!r}")
    if not all(p in headers.get("Permissions-Policy", "") for p in PERMISSIONS):
        problems.append(f"Permissions-Policy lets the page ask for camera, microphone or location: "
                        f"{headers.get('Permissions-Policy')!r}")
    if response.mimetype == "text/html" and "no-store" not in headers.get("Cache-Control", ""):
        problems.append("an HTML page the browser may keep in its cache (no Cache-Control: no-store)")
    return problems


def test_every_page_carries_the_security_headers(demo, app, client, make_user, nb):
    values = _path_values()
    make_user("alle", roles=BROAD_ROLES, teams=db.session.scalars(db.select(Team)).all())
    anonymous = app.test_client()
    failures, pages, statuses = [], 0, {}

    def check(what, response):
        for problem in _header_problems(response):
            failures.append(f"{what} -> {response.status_code} {response.mimetype}: {problem}")

    check("sign-in page", anonymous.get("/login"))
    check("a page asking to sign in", anonymous.get("/people/"))
    check("a POST without its CSRF token (400)", anonymous.post("/login", data={"username": "x"}))
    check("health check (JSON)", anonymous.get("/healthz"))
    check("a static file", anonymous.get("/static/app.css"))

    client.login("alle")
    for rule in _routes(app):
        if "GET" not in rule.methods or rule.endpoint == "auth.logout":
            continue
        url = rule.build(values, append_unknown=False)[1]
        response = client.get(url)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        pages += 1
        check(f"GET {url}", response)
        if response.status_code >= 500:
            failures.append(f"GET {url} -> {response.status_code}: a server error")

    check("not found (404)", client.get("/finnes-ikke"))
    fragment = client.htmx("GET", "/people/?q=a")
    assert fragment.status_code == 200 and not re.search(r"<html\b", fragment.get_data(as_text=True))
    check("an htmx fragment", fragment)
    check("GET on a POST-only route (405)", client.get("/logout"))
    ec = app.test_client()
    ec.login("ek1", "demo")
    forbidden = ec.get("/admin/users")
    assert forbidden.status_code == 403 and nb("No access") in forbidden.get_data(as_text=True)
    check("no access (403)", forbidden)

    assert failures == [], "\n".join(failures)
    print(f"\nheaders: {pages} GET routes walked, by status {dict(sorted(statuses.items()))}")
    assert statuses.get(200, 0) > 60  # the walk saw real pages, not only refusals


def test_production_adds_hsts_and_sends_cookies_over_https_only(make_app, make_user):
    production = {key: getattr(ProductionConfig, key) for key in vars(ProductionConfig) if key.isupper()}
    app = make_app(ENV_NAME="production", SECRET_KEY="p" * 40, **production)
    make_user("kari")
    client = app.test_client()
    client.environ_base["wsgi.url_scheme"] = "https"  # behind the TLS proxy

    login = client.get("/login")
    form = {"username": "kari", "password": PASSWORD, "csrf_token": client.csrf_token()}
    # Over HTTPS the token alone is not enough: the form must come from this site's own pages.
    assert client.post("/login", data=form, headers={"Referer": "https://evil.example/"}).status_code == 400
    response = client.post("/login", data=form, headers={"Referer": "https://localhost/login"})
    assert response.status_code == 303
    cookie = response.headers["Set-Cookie"]
    assert re.search(r"^session=", cookie), cookie
    for flag in ("Secure", "HttpOnly", "SameSite=Lax"):
        assert flag in cookie.split("; "), f"the session cookie lacks {flag}: {cookie}"
    for what, page in (("sign-in page", login), ("start page", client.get("/")), ("404", client.get("/nei"))):
        hsts = page.headers.get("Strict-Transport-Security", "")
        max_age = re.search(r"max-age=(\d+)", hsts)
        assert max_age and int(max_age.group(1)) >= 180 * 24 * 3600, f"{what}: {hsts!r}"
        assert _header_problems(page) == [], what
