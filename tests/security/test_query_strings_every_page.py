"""Every GET page, with each query-string parameter its view reads set to a value meant to break
it: the calendar's ends (the week, the hours around a day leave the calendar), a number of more
digits than int() reads, NUL, a long text, a negative number. Never a server error.

The parameters come from the view's source and its module's helpers one level down
(`request.args.get("start")`, `id_arg("staff")`, ...), so a new parameter is tried without
editing this file. The form fuzz (test_form_fuzz.py) does the same for what forms post."""

import re

from fuzz_helpers import _sources
from security_helpers import BROAD_ROLES
from test_platform import _path_values, _routes

from outreach.extensions import db
from outreach.people.models import Team

READS = re.compile(r'(?:request\.(?:args|values)(?:\.get|\.getlist)?[(\[]|id_arg\(|_date_arg\()\s*"([a-z_]+)"')
EVIL = ("9999-12-31", "0001-01-01", "9" * 5000, "a\x00b", "ø" * 3000, "-1")


def _parameters(view) -> set[str]:
    return {name for source in _sources(view) for name in READS.findall(source)}


def test_no_query_string_gives_a_server_error(demo, app, client, make_user):
    values = _path_values()
    make_user("alle", roles=BROAD_ROLES, teams=db.session.scalars(db.select(Team)).all())
    client.login("alle")
    failures, tried, routes = [], 0, 0
    for rule in _routes(app):
        if "GET" not in rule.methods or rule.endpoint == "auth.logout":
            continue
        names = _parameters(app.view_functions[rule.endpoint])
        if not names:
            continue
        routes += 1
        url = rule.build(values, append_unknown=False)[1]
        for name in sorted(names):
            for value in EVIL:
                response = client.get(url, query_string={name: value})
                tried += 1
                if response.status_code >= 500:
                    failures.append(f"GET {url}?{name}={value[:20]!r} -> {response.status_code}")
    print(f"\nquery strings: {tried} requests to {routes} routes")
    assert failures == [], "\n".join(failures)
    assert routes > 15  # the walk found the parameters, not nothing
