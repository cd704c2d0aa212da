"""The audit log: append-only in the database, and the administrator's search page."""

import html
import os
import re
from datetime import UTC, datetime, timedelta

import pytest
from babel.numbers import format_decimal
from sqlalchemy import event, insert
from sqlalchemy import text as sql
from sqlalchemy.exc import DBAPIError

from outreach.audit.models import AuditEvent, AuditKind
from outreach.audit.services import record_now
from outreach.extensions import db


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def result_rows(response) -> list[list[str]]:
    """The cells of each row in the results table: when, who, what, object, details, from."""
    body = response.get_data(as_text=True)
    tbody = body.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        [html.unescape(cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", tbody, re.S)
    ]


def details(response) -> list[str]:
    return [row[4] for row in result_rows(response)]


def next_page_link(response) -> str | None:
    match = re.search(r'<a href="([^"]+)" rel="next">', response.get_data(as_text=True))
    return html.unescape(match.group(1)) if match else None


def add_event(summary: str, *, at=None, kind=AuditKind.CHANGE, action="user.update", actor=""):
    """An audit row written at a chosen moment (inserting is all the log allows)."""
    db.session.add(AuditEvent(
        at=at or datetime.now(UTC), kind=kind.value, action=action, actor_label=actor, summary=summary,
    ))
    db.session.commit()


@pytest.fixture
def admin(make_user, browser):
    make_user("ada", roles=["admin"], full_name="Ada Admin")
    return browser("ada")


# --- append-only ---------------------------------------------------------------------------------


def _snapshot():
    db.session.rollback()
    return db.session.execute(
        sql("SELECT id, action, summary, actor_label FROM audit_events ORDER BY id")
    ).all()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_events SET summary = 'nothing happened'",
        "UPDATE audit_events SET actor_id = NULL, actor_label = ''",
        "DELETE FROM audit_events",
        "DELETE FROM audit_events WHERE action = 'user.create'",
    ],
)
def test_database_refuses_to_change_or_delete_audit_rows(app, make_user, statement):
    make_user("kari")
    record_now("auth.login_failed", kind=AuditKind.AUTH, summary="username='kari'")
    before = _snapshot()
    assert len(before) >= 2
    with pytest.raises(DBAPIError, match="append-only"):
        with db.engine.begin() as connection:
            connection.execute(sql(statement))
    assert _snapshot() == before


def test_orm_changes_to_audit_rows_are_refused_too(app, make_user):
    make_user("kari")
    before = _snapshot()
    event = db.session.scalars(db.select(AuditEvent)).first()
    event.summary = "rewritten"
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.commit()
    assert _snapshot() == before
    db.session.delete(db.session.scalars(db.select(AuditEvent)).first())
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.commit()
    assert _snapshot() == before
    # New rows are still welcome.
    record_now("auth.login_failed", kind=AuditKind.AUTH, summary="after the refusals")
    assert len(_snapshot()) == len(before) + 1


# --- the search page ------------------------------------------------------------------------------


@pytest.fixture
def events(app):
    add_event("roles ['ec'] -> ['ec', 'peer']", actor="ada")
    add_event("read by the leader", kind=AuditKind.READ, action="staff.experience_read", actor="tl1")
    add_event("people.view_experience: GET /people/7/experience", kind=AuditKind.DENIED,
              action="access.denied", actor="hr")
    add_event("username='ghost'", kind=AuditKind.AUTH, action="auth.login_failed")


def test_search_page_lists_the_newest_first(admin, events, nb):
    response = admin.get("/audit/")
    assert response.status_code == 200
    found = details(response)
    assert found[:4] == [
        "username='ghost'",
        "people.view_experience: GET /people/7/experience",
        "read by the leader",
        "roles ['ec'] -> ['ec', 'peer']",
    ]
    first = result_rows(response)[0]
    assert first[2] == nb("Failed sign-in")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=GHOST", ["username='ghost'"]),
        ("q=experience", ["people.view_experience: GET /people/7/experience", "read by the leader"]),
        ("actor=HR", ["people.view_experience: GET /people/7/experience"]),
        ("actor=tl1&kind=read", ["read by the leader"]),
        ("actor=tl1&kind=change", []),
        ("kind=denied", ["people.view_experience: GET /people/7/experience"]),
        ("q=peer&actor=ada&kind=change", ["roles ['ec'] -> ['ec', 'peer']"]),
    ],
)
def test_search_filters_by_text_actor_and_kind(admin, events, query, expected):
    response = admin.htmx("GET", f"/audit/?{query}")
    assert response.status_code == 200
    assert details(response) == expected


def test_a_search_of_one_or_two_characters_finds_an_object_id_and_says_so(admin, events, nb):
    db.session.add(AuditEvent(kind="change", action="team.update", actor_label="ada", summary="team renamed",
                              object_type="team", object_id="12"))
    db.session.commit()
    response = admin.htmx("GET", "/audit/?q=12")
    assert details(response) == ["team renamed"]
    short = "“%(q)s” is shorter than %(n)d characters: only objects with that id are shown."
    assert nb(short, q="12", n=3) in text(response)
    # "ee" is inside "peer" and "experience", but two letters search no text.
    assert details(admin.htmx("GET", "/audit/?q=ee")) == []
    longer = admin.htmx("GET", "/audit/?q=eer")
    assert details(longer) == ["roles ['ec'] -> ['ec', 'peer']"] and nb(short, q="eer", n=3) not in text(longer)


def test_text_search_ignores_case_in_norwegian_letters(admin, events):
    add_event("team Østensjø: name changed", actor="ada")
    add_event("area Ålesund-gata archived", actor="ada")

    assert details(admin.htmx("GET", "/audit/?q=østensjø")) == ["team Østensjø: name changed"]
    assert details(admin.htmx("GET", "/audit/?q=ÅLESUND")) == ["area Ålesund-gata archived"]


def test_the_ip_address_column_and_the_from_date_are_told_apart(admin, events, nb):
    body = admin.get("/audit/").get_data(as_text=True)  # Norwegian, the default

    headers = re.findall(r'<th scope="col">([^<]*)</th>', body)
    assert headers == [nb("When"), nb("Who"), nb("What"), nb("Object"), nb("Details"), "IP-adresse"]
    assert re.search(r'<label for="from">Fra<input type="date"', body)


def test_kind_filter_shows_only_that_kind(admin, events, nb):
    response = admin.htmx("GET", "/audit/?kind=auth")
    labels = {row[2] for row in result_rows(response)}
    # The admin's own sign-in and the failed one; nothing of another kind.
    assert labels == {nb("Signed in"), nb("Failed sign-in")}


def test_htmx_search_returns_only_the_results(admin, events):
    response = admin.htmx("GET", "/audit/?q=ghost")
    body = response.get_data(as_text=True)
    assert "<html" not in body and "<form" not in body
    assert body.lstrip().startswith('<div id="results">')
    assert "HX-Request" in response.headers["Vary"]
    whole = admin.get("/audit/?q=ghost")
    assert "<html" in whole.get_data(as_text=True)
    assert 'value="ghost"' in whole.get_data(as_text=True)  # the search stays in its field


def test_date_range_is_whole_days_in_oslo_time(admin):
    # Winter: Oslo is UTC+1.
    add_event("day-9 23:59", at=datetime(2024, 3, 9, 22, 59, tzinfo=UTC))
    add_event("day-10 00:00", at=datetime(2024, 3, 9, 23, 0, tzinfo=UTC))
    add_event("day-10 23:59", at=datetime(2024, 3, 10, 22, 59, tzinfo=UTC))
    add_event("day-11 00:00", at=datetime(2024, 3, 10, 23, 0, tzinfo=UTC))
    # Summer: Oslo is UTC+2.
    add_event("day-0701 00:30", at=datetime(2024, 6, 30, 22, 30, tzinfo=UTC))
    add_event("day-0630 23:30", at=datetime(2024, 6, 30, 21, 30, tzinfo=UTC))

    def search(query):
        return details(admin.htmx("GET", f"/audit/?q=day-&{query}"))

    assert search("from=2024-03-10&to=2024-03-10") == ["day-10 23:59", "day-10 00:00"]
    assert search("to=2024-03-09") == ["day-9 23:59"]
    assert search("from=2024-03-11&to=2024-06-30") == ["day-0630 23:30", "day-11 00:00"]
    assert search("from=2024-07-01") == ["day-0701 00:30"]
    assert len(search("")) == 6
    # Shown in Oslo time too.
    [row] = result_rows(admin.htmx("GET", "/audit/?q=day-10 00:00"))
    assert "10.03.2024" in row[0] and "00:00" in row[0]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("from", "2024-13-45"),
        ("to", "31.12.2024"),
        ("from", "yesterday"),
        ("to", "9999-12-31"),
        ("from", "0001-01-01"),
    ],
)
def test_invalid_date_gives_a_message_not_an_error(admin, events, nb, field, value):
    response = admin.get(f"/audit/?{field}={value}")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    error = re.search(rf'<small id="{field}-error" class="field-error">([^<]*)</small>', body)
    assert error and html.unescape(error.group(1)) == nb("Not a valid date.")
    assert re.search(rf'<input[^>]*id="{field}"[^>]*aria-invalid="true"', body)
    # The bad date is ignored; the rest of the search still answers.
    assert "username='ghost'" in details(response)


def test_valid_dates_give_no_message(admin, events, nb):
    response = admin.get("/audit/?from=2020-01-01&to=2999-12-31")
    assert response.status_code == 200
    assert nb("Not a valid date.") not in text(response)
    assert "username='ghost'" in details(response)


def test_search_results_are_paged(admin, app):
    start = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    for i in range(60):
        add_event(f"bulk-{i:02d}", at=start + timedelta(minutes=i))
    per_page = 2 * app.config["PAGE_SIZE"]
    first = admin.get("/audit/?q=bulk-")
    assert details(first) == [f"bulk-{i:02d}" for i in range(59, 59 - per_page, -1)]
    link = next_page_link(first)
    assert link and "q=bulk-" in link and "page=2" in link
    second = admin.get(link)
    assert details(second) == [f"bulk-{i:02d}" for i in range(59 - per_page, -1, -1)]
    assert next_page_link(second) is None


def _bulk_events(first: int, count: int) -> None:
    """`count` audit rows "bulk-NNNNN", a minute apart, in one INSERT."""
    start = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    db.session.execute(insert(AuditEvent), [
        {"at": start + timedelta(minutes=i), "kind": "change", "action": "user.update", "actor_label": "",
         "summary": f"bulk-{i:05d}"} for i in range(first, first + count)])
    db.session.commit()


def pager_text(response) -> str:
    return re.sub(r"[ \t\n]+", " ", text(response).split('class="pager">', 1)[1].split("</nav>", 1)[0])


def test_a_count_past_ten_thousand_says_more_than_and_the_pages_still_go_on(admin, app, nb):
    """The log grows by the million: matches are counted up to 10 000, and beyond that the
    page says "more than 10 000" and offers the next page while there are rows after it."""
    per_page = 2 * app.config["PAGE_SIZE"]
    _bulk_events(0, 10_000)
    exact = admin.get("/audit/?q=bulk-")
    assert nb("Page %(page)d of %(pages)d", page=1, pages=10_000 // per_page) in pager_text(exact)
    assert nb("%(n)d in all", n=10_000) in pager_text(exact)

    _bulk_events(10_000, 1)
    first = admin.get("/audit/?q=bulk-")
    ten_thousand = format_decimal(10_000, locale="nb")
    assert nb("More than %(n)s in all", n=ten_thousand) in pager_text(first)
    assert nb("Page %(page)d", page=1) in pager_text(first) and "10001" not in pager_text(first)
    assert details(first)[0] == "bulk-10000"
    second = admin.get(next_page_link(first))
    assert details(second)[0] == f"bulk-{10_000 - per_page:05d}"
    assert next_page_link(second) and 'rel="prev"' in second.get_data(as_text=True)
    # The last page: its one row, and no page after it.
    last = admin.get(f"/audit/?q=bulk-&page={10_000 // per_page + 1}")
    assert details(last) == ["bulk-00000"] and next_page_link(last) is None
    # A narrower search is counted exactly.
    narrow = admin.get("/audit/?q=bulk-0000")
    assert details(narrow) == [f"bulk-0000{i}" for i in range(9, -1, -1)]
    assert nb("%(n)d in all", n=10) in text(narrow) and nb("More than %(n)s in all", n=ten_thousand) not in text(narrow)


@pytest.mark.parametrize("roles", [["leader", "professional"], ["hr"], ["ec"], ["supervisor"]])
def test_only_the_administrator_can_search(make_user, browser, events, nb, roles):
    make_user("someone", roles=roles)
    client = browser("someone")
    response = client.get("/audit/?q=ghost")
    assert response.status_code == 403
    assert nb("You do not have access to this page.") in text(response)
    assert "username='ghost'" not in text(response)
    assert client.htmx("GET", "/audit/?q=ghost").status_code == 403
    # Their own page is open to them.
    assert client.get("/audit/me").status_code == 200


# --- the text search on PostgreSQL's trigram indexes ---------------------------------------------


@pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"),
                    reason="the trigram indexes are PostgreSQL's (migration 0010)")
def test_the_text_search_can_be_answered_from_the_trigram_indexes(admin, events):
    """A rare word must not read the whole log: the search's own statement, as the page runs it,
    can be answered from the pg_trgm indexes (with the table's and the time index's scans ruled
    out, the planner is left with the indexes the statement's expressions match, or none)."""
    ran = []

    def keep(conn, cursor, statement, parameters, context, executemany):
        if "audit_events" in statement and "LIKE" in statement.upper():
            ran.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        assert admin.htmx("GET", "/audit/?q=sjeldent").status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)
    statement, parameters = ran[0]
    with db.engine.connect() as connection:
        connection.exec_driver_sql("SET enable_seqscan = off")
        connection.exec_driver_sql("SET enable_indexscan = off")
        plan = "\n".join(row[0] for row in connection.exec_driver_sql("EXPLAIN " + statement, parameters))
    assert "ix_audit_events_summary_trgm" in plan and "ix_audit_events_action_trgm" in plan, plan
