"""CSRF on every state-changing route: a request without a valid token changes nothing.

The routes come from `app.url_map`, so a new POST route is covered the day it is added. The
user has every role but EC's and peer's, so that the route rules would let each request through:
the refusal is the token's. CSRF is checked before the route rule and before the view, so
nothing of the view runs; the row counts before and after show that nothing was written.
"""

import re

from security_helpers import BROAD_ROLES, row_counts
from test_platform import _routes
from werkzeug.routing import IntegerConverter

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}

# Public endpoints that change no state and so need no token. None today: /login is public but
# signs in (a forged login is refused too), and /logout needs the token like every other form.
EXEMPT: dict[str, str] = {}


def _url(rule) -> str:
    """Any value fits the path: the token is checked before an object is looked up."""
    values = {name: 1 if isinstance(rule._converters[name], IntegerConverter) else "x" for name in rule.arguments}
    return rule.build(values, append_unknown=False)[1]


def test_every_state_changing_route_refuses_a_request_without_a_valid_token(app, client, make_user, make_team, nb):
    team = make_team("Vaterland")
    make_user("alle", roles=BROAD_ROLES, teams=[team])
    make_user("angriper")
    client.login("alle")
    attacker = app.test_client()
    attacker.login("angriper")
    # A real token, valid in the attacker's own session: worthless in the victim's.
    stolen = attacker.csrf_token()
    message = nb("The form had expired or was sent from elsewhere. Reload the page and try again.")
    assert "Last siden på nytt" in message

    # Signing out last: if its token were not checked, the rest of the walk would be anonymous.
    rules = sorted((rule for rule in _routes(app) if rule.methods & STATE_CHANGING and rule.endpoint not in EXEMPT),
                   key=lambda rule: rule.endpoint == "auth.logout")
    before = row_counts()
    failures = []
    requests = 0
    for rule in rules:
        url = _url(rule)
        for method in sorted(rule.methods & STATE_CHANGING):
            attempts = {
                "no token": {},
                "another session's token": {"data": {"csrf_token": stolen}},
                "htmx without X-CSRFToken": {"headers": {"HX-Request": "true"}},
                "htmx with another session's X-CSRFToken": {"headers": {"HX-Request": "true", "X-CSRFToken": stolen}},
            }
            for what, kwargs in attempts.items():
                response = client.open(url, method=method, **kwargs)
                requests += 1
                page = response.get_data(as_text=True)
                where = f"{method} {url} ({rule.endpoint}), {what} -> {response.status_code}"
                if response.status_code != 400 or message not in page:
                    failures.append(where)
                elif "HX-Request" in kwargs.get("headers", {}) and re.search(r"<html\b", page):
                    failures.append(where + ": htmx got a whole page, not the fragment")
    assert failures == [], "\n".join(failures)
    assert row_counts() == before, "a refused request wrote to the database"
    # Still signed in: the forged logout did not sign the user out either.
    assert client.get("/").status_code == 200
    print(f"\nCSRF: {len(rules)} state-changing routes, {requests} refused requests")
    assert len(rules) > 100  # the walk did walk

    # The counterpart: the same user with the page's own token does change things, and the
    # row counts see it.
    assert client.form("/teams/new", {"name": "Nytt team", "description": ""}).status_code in (200, 303)
    assert row_counts()["teams"] == before["teams"] + 1
    # And so does htmx with the session's own token in the header, as app.js sends it.
    response = client.post("/teams/new", data={"name": "Team fra htmx", "description": ""},
                           headers={"HX-Request": "true", "X-CSRFToken": client.csrf_token()})
    assert response.status_code in (200, 204), response.status_code  # 204: HX-Redirect to the team
    assert row_counts()["teams"] == before["teams"] + 2
