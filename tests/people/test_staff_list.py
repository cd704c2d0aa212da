"""The staff directory: search, filters, paging and the HTMX results fragment."""

import re

from people_helpers import text, user_named

from outreach.auth import services as accounts


def names_listed(html: str) -> list[str]:
    """The names in the results table, in order."""
    return re.findall(r'<td><a href="/people/\d+">([^<]+)</a>', html)


def test_every_signed_in_colleague_sees_the_directory(client, sign_in, make_user, make_team):
    team = make_team("Unge voksne")
    make_user("kari", roles=["ec"], teams=[team], full_name="Kari Nordmann",
              title="Erfaringskonsulent", phone="91234567")
    make_user("ola", roles=["peer"], full_name="Ola Hansen")
    sign_in("ola")

    page = client.get("/people/")

    assert page.status_code == 200
    html = text(page)
    assert names_listed(html) == ["Kari Nordmann", "Ola Hansen"]
    assert "Erfaringskonsulent" in html and "91234567" in html and "Unge voksne" in html


def test_the_directory_needs_a_signed_in_user(client, make_user):
    make_user("kari", full_name="Kari Nordmann")

    page = client.get("/people/")

    assert page.status_code in (302, 303, 401)
    assert "Kari Nordmann" not in text(page)


def test_search_by_name_username_or_title(client, sign_in, make_user):
    make_user("kari", full_name="Kari Nordmann", title="Sosionom")
    make_user("ola", full_name="Ola Hansen", title="Psykolog")
    make_user("per.aas", full_name="Per Aas", title="Teamleder")
    sign_in("kari")

    assert names_listed(text(client.get("/people/?q=NORD"))) == ["Kari Nordmann"]
    assert names_listed(text(client.get("/people/?q=psyk"))) == ["Ola Hansen"]
    assert names_listed(text(client.get("/people/?q=per.aas"))) == ["Per Aas"]
    nothing = text(client.get("/people/?q=zzz"))
    assert names_listed(nothing) == []
    assert "Nothing found." in nothing
    # The search box keeps what was typed.
    assert 'value="psyk"' in text(client.get("/people/?q=psyk"))


def test_search_text_is_not_a_pattern(client, sign_in, make_user):
    make_user("kari", full_name="Kari Nordmann", title="Sosionom")
    make_user("ola", full_name="Ola Hansen", title="50% stilling")
    sign_in("kari")

    assert names_listed(text(client.get("/people/?q=50%25"))) == ["Ola Hansen"]
    assert names_listed(text(client.get("/people/?q=%25"))) == ["Ola Hansen"]
    assert names_listed(text(client.get("/people/?q=_"))) == []


def test_filter_by_team(client, sign_in, make_user, make_team):
    minors, adults = make_team("Mindreårige"), make_team("Vaterland")
    make_user("kari", teams=[minors], full_name="Kari Nordmann")
    make_user("ola", teams=[adults], full_name="Ola Hansen")
    make_user("per", teams=[minors, adults], full_name="Per Aas")
    sign_in("kari")

    html = text(client.get(f"/people/?team={minors.id}"))

    assert names_listed(html) == ["Kari Nordmann", "Per Aas"]
    assert f'<option value="{minors.id}" selected>Mindreårige</option>' in html
    assert names_listed(text(client.get(f"/people/?team={adults.id}"))) == ["Ola Hansen", "Per Aas"]


def test_filter_by_what_people_work_as(client, sign_in, make_user):
    make_user("kari", roles=["ec"], full_name="Kari Nordmann")
    make_user("lina", roles=["peer"], full_name="Lina Lie")
    make_user("ola", roles=["professional"], full_name="Ola Hansen")
    make_user("hilde", roles=["hr"], full_name="Hilde Hr")
    sign_in("ola")

    assert names_listed(text(client.get("/people/?role_type=ec"))) == ["Kari Nordmann"]
    assert names_listed(text(client.get("/people/?role_type=peer"))) == ["Lina Lie"]
    assert names_listed(text(client.get("/people/?role_type=professional"))) == ["Ola Hansen"]
    assert names_listed(text(client.get("/people/?role_type=administrative"))) == ["Hilde Hr"]
    # An unknown value filters nothing away.
    assert len(names_listed(text(client.get("/people/?role_type=boss")))) == 4


def test_filter_by_state(client, sign_in, make_user):
    make_user("kari", full_name="Kari Nordmann")
    gone = make_user("ola", full_name="Ola Hansen")
    accounts.set_active(gone, False, actor=None)
    sign_in("kari")

    assert names_listed(text(client.get("/people/"))) == ["Kari Nordmann"]
    assert names_listed(text(client.get("/people/?state=active"))) == ["Kari Nordmann"]
    inactive = text(client.get("/people/?state=inactive"))
    assert names_listed(inactive) == ["Ola Hansen"]
    assert "(inactive)" in inactive
    assert names_listed(text(client.get("/people/?state=all"))) == ["Kari Nordmann", "Ola Hansen"]


def test_filters_combine(client, sign_in, make_user, make_team):
    team = make_team("Vaterland")
    make_user("kari", roles=["ec"], teams=[team], full_name="Kari Nordmann")
    make_user("kjell", roles=["professional"], teams=[team], full_name="Kjell Berg")
    make_user("karen", roles=["ec"], full_name="Karen Dahl")
    sign_in("kjell")

    html = text(client.get(f"/people/?q=kar&team={team.id}&role_type=ec"))

    assert names_listed(html) == ["Kari Nordmann"]


def test_paging_25_to_a_page(client, sign_in, make_user):
    for n in range(1, 31):
        make_user(f"person{n:02d}", full_name=f"Person {n:02d}")
    sign_in("person01")

    first = text(client.get("/people/"))
    assert names_listed(first) == [f"Person {n:02d}" for n in range(1, 26)]
    assert "Page 1 of 2" in first and "30 in all" in first
    assert 'rel="prev"' not in first
    next_link = re.search(r'<a href="([^"]+)" rel="next">', first).group(1)

    second = text(client.get(next_link.replace("&amp;", "&")))
    assert names_listed(second) == [f"Person {n:02d}" for n in range(26, 31)]
    assert "Page 2 of 2" in second and 'rel="prev"' in second and 'rel="next"' not in second

    # Beyond the last page: an empty page, not an error.
    beyond = client.get("/people/?page=9")
    assert beyond.status_code == 200 and names_listed(text(beyond)) == []


def test_paging_keeps_the_filters(client, sign_in, make_user, make_team):
    team = make_team("Vaterland")
    for n in range(1, 28):
        make_user(f"person{n:02d}", teams=[team], full_name=f"Person {n:02d}")
    make_user("ola", full_name="Ola Hansen")
    sign_in("ola")

    first = text(client.get(f"/people/?q=person&team={team.id}"))
    next_link = re.search(r'<a href="([^"]+)" rel="next">', first).group(1).replace("&amp;", "&")
    assert f"team={team.id}" in next_link and "q=person" in next_link

    assert names_listed(text(client.get(next_link))) == ["Person 26", "Person 27"]


def test_htmx_search_returns_only_the_results(client, sign_in, make_user):
    make_user("kari", full_name="Kari Nordmann")
    make_user("ola", full_name="Ola Hansen")
    sign_in("kari")

    fragment = client.htmx("GET", "/people/?q=ola")

    assert fragment.status_code == 200
    html = text(fragment).strip()
    assert html.startswith('<div id="results">')
    assert "<html" not in html and "<form" not in html and "<h1>" not in html
    assert names_listed(html) == ["Ola Hansen"]
    assert "HX-Request" in fragment.headers["Vary"]

    page = client.get("/people/?q=ola")
    assert "<html" in text(page) and 'role="search"' in text(page)
    assert "HX-Request" in page.headers["Vary"]


def test_boosted_navigation_gets_the_whole_page(client, sign_in, make_user):
    make_user("kari", full_name="Kari Nordmann")
    sign_in("kari")

    page = client.get("/people/", headers={"HX-Request": "true", "HX-Boosted": "true"})

    assert "<html" in text(page)


def test_the_list_links_to_each_profile(client, sign_in, make_user):
    make_user("kari", full_name="Kari Nordmann")
    sign_in("kari")
    profile_id = user_named("kari").profile.id

    html = text(client.get("/people/"))

    assert f'<a href="/people/{profile_id}">Kari Nordmann</a>' in html
    assert "Kari Nordmann" in text(client.get(f"/people/{profile_id}"))


def test_search_ignores_case_in_norwegian_letters(client, sign_in, make_user):
    make_user("oystein", full_name="Øystein Brekke")
    make_user("ase", full_name="Åse Aune", title="Miljøterapeut")
    sign_in("oystein")

    assert names_listed(text(client.get("/people/?q=øystein"))) == ["Øystein Brekke"]
    assert names_listed(text(client.get("/people/?q=ÅSE"))) == ["Åse Aune"]
    assert names_listed(text(client.get("/people/?q=MILJØ"))) == ["Åse Aune"]
