"""Lived experience is special-category data: only the person, their leader and their
assigned supervisor read it, every read is logged for the person to see, and only the
person and their leader change it. Checked on the demo section: ek1 (Espen Kristiansen,
team Mindreårige, experience of drugs and child welfare, supervised by veileder)."""

import pytest
from people_helpers import DEMO, audit, field_error, form_data, main, profile_of, text, user_named

from outreach.extensions import db
from outreach.people import services
from outreach.people.models import Area

ALLOWED_TO_READ = {
    "ek1": "the person",
    "tl1": "team leader on the same team",
    "leder": "section leader (on every team)",
    "veileder": "the assigned supervisor",
}
DENIED_TO_READ = {
    "admin": "the administrator",
    "hr": "HR",
    "fag1": "a colleague on the same team",
    "lp1": "a peer on the same team",
    "ek2": "another experience consultant",
    "tl2": "the leader of another team",
}
EXPERIENCE = ["Drug use", "Child welfare"]


def experience_url(username="ek1", edit=False):
    return f"/people/{profile_of(username).id}/experience" + ("/edit" if edit else "")


def test_who_may_read_sees_it_and_every_read_is_logged(client, sign_in, demo, subtests):
    ek1 = user_named("ek1")
    url = experience_url()
    for viewer, who in ALLOWED_TO_READ.items():
        with subtests.test(viewer=viewer, who=who):
            actor = sign_in(viewer, DEMO)

            profile_page = main(client.get(f"/people/{ek1.profile.id}"))
            assert f'href="{url}"' in profile_page
            assert "Lived experience and known environments" in profile_page
            assert audit(kind="read", actor_id=actor.id) == []  # the link reads nothing

            response = client.get(url)
            assert response.status_code == 200
            html = main(response)
            for label in EXPERIENCE:
                assert label in html
            assert "Prison" not in html  # ek3's, not ek1's
            assert "Mindreårige: " in html  # a known environment of the team
            [read] = audit(kind="read", actor_id=actor.id)
            assert read.action == "staff.experience_read" and read.subject_user_id == ek1.id
            assert (read.object_type, read.object_id) == ("staff_profiles", str(ek1.profile.id))

            client.get(url)  # every read is logged, not only the first
            assert len(audit(kind="read", actor_id=actor.id)) == 2


def test_others_get_404_and_a_denied_row(client, sign_in, demo, subtests):
    ek1 = user_named("ek1")
    url = experience_url()
    for viewer, who in DENIED_TO_READ.items():
        with subtests.test(viewer=viewer, who=who):
            actor = sign_in(viewer, DEMO)

            response = client.get(url)

            assert response.status_code == 404
            assert "Drug use" not in text(response)
            [denied] = audit(kind="denied", actor_id=actor.id)
            assert denied.subject_user_id == ek1.id and denied.action == "access.denied"
            assert audit(kind="read", actor_id=actor.id) == []
            # The profile page does not point there either.
            profile_page = main(client.get(f"/people/{ek1.profile.id}"))
            assert "/experience" not in profile_page and "Lived experience" not in profile_page


def test_hr_and_admin_do_not_see_it_in_the_edit_form_either(client, sign_in, demo, subtests):
    for viewer in ("hr", "admin"):
        with subtests.test(viewer=viewer):
            sign_in(viewer, DEMO)

            html = main(client.get(f"/people/{profile_of('ek1').id}/edit"))

            assert "Kristiansen" in html
            assert "Drug use" not in html and 'name="areas"' not in html


def test_nobody_else_edits_it(client, sign_in, demo, subtests):
    url = experience_url(edit=True)
    for viewer in ("veileder", "hr", "admin", "fag1", "tl2"):
        with subtests.test(viewer=viewer):
            actor = sign_in(viewer, DEMO)

            page = client.get(url)
            response = client.form(url, {"areas": ["prison"]})

            assert page.status_code == 404 and response.status_code == 404
            assert "Drug use" not in text(page)
            assert [r.code for r in profile_of("ek1").experience_rows] == ["child_welfare", "drugs"]
            assert len(audit(kind="denied", actor_id=actor.id)) == 2
            assert audit(kind="read", actor_id=actor.id) == []


# --- a small section of one's own -----------------------------------------------------------


@pytest.fixture
def ec(make_user, make_team):
    """Kari, an EC on Mindreårige (led by Tore), supervised by Vera, with experience of
    drugs and child welfare and knowledge of Grønland."""
    team = make_team("Mindreårige", areas=["Grønland", "Oslo S"])
    make_team("Vaterland", areas=["Elvebredden"])
    vera = make_user("vera", roles=["supervisor", "professional"], full_name="Vera Veileder")
    make_user("tore", roles=["leader", "professional"], teams=[team], full_name="Tore Leder")
    kari = make_user("kari", roles=["ec"], teams=[team], full_name="Kari Nordmann",
                     supervisor_id=vera.id)
    gronland = next(area for area in team.areas if area.name == "Grønland")
    services.set_experience(kari.profile, ["drugs", "child_welfare"], [gronland.id])
    return kari


def kari_url(edit=False):
    return experience_url("kari", edit)


def test_an_ec_sees_their_own_from_my_page(client, sign_in, ec):
    sign_in("kari")

    start = main(client.min_side())
    assert f'href="{kari_url()}"' in start

    html = main(client.get(kari_url()))
    for label in EXPERIENCE:
        assert label in html
    assert "Mindreårige: Grønland" in html and "Oslo S" not in html


def test_a_leader_reads_known_environments_not_environments_i_know(client, sign_in, ec):
    tore = sign_in("tore")

    page = main(client.get(kari_url()))
    form = main(client.get(kari_url(edit=True)))

    assert "<h2>Known environments</h2>" in page
    assert "<legend>Known environments</legend>" in form
    assert "Environments I know" not in page + form
    tore.locale = "nb"
    db.session.commit()
    assert "<h2>Kjente miljøer</h2>" in main(client.get(kari_url()))
    assert "<legend>Kjente miljøer</legend>" in main(client.get(kari_url(edit=True)))


def test_the_person_sees_who_has_read_it(client, sign_in, ec):
    sign_in("tore")
    client.get(kari_url())
    sign_in("kari")
    client.get(kari_url())  # one's own reads are not listed

    html = main(client.get("/audit/me"))

    rows = [row for row in html.split("<tr>") if "Lived experience read" in row]
    assert len(rows) == 1 and "Tore Leder" in rows[0]


@pytest.mark.parametrize("editor", ["kari", "tore"])
def test_the_person_and_their_leader_edit_it(client, sign_in, ec, editor):
    actor = sign_in(editor)
    elvebredden = db.session.scalar(db.select(Area).where(Area.name == "Elvebredden"))
    page = client.get(kari_url(edit=True))
    assert page.status_code == 200
    form = form_data(text(page), "experience-form")
    assert sorted(form["areas"]) == ["child_welfare", "drugs"]
    assert len(audit(kind="read", actor_id=actor.id)) == 1  # the form shows it: a read

    form.update(areas=["drugs", "prison"], known_areas=[form["known_areas"], str(elvebredden.id)])
    response = client.form(kari_url(edit=True), form)

    assert response.status_code == 303
    assert response.location.endswith(kari_url())
    saved = profile_of("kari")
    assert [row.code for row in saved.experience_rows] == ["drugs", "prison"]
    assert [area.name for area in saved.known_areas] == ["Elvebredden", "Grønland"]
    [change] = audit(action="staff.experience_update", actor_id=actor.id)
    assert change.subject_user_id == ec.id and change.kind == "change"
    html = main(client.get(response.location))
    assert "Saved." in html and "Prison" in html and "Child welfare" not in html
    assert "Vaterland: Elvebredden" in html


def test_the_audit_log_never_names_the_experience(client, sign_in, ec):
    sign_in("kari")
    form = form_data(text(client.get(kari_url(edit=True))), "experience-form")
    assert client.form(kari_url(edit=True), {**form, "areas": ["prison", "mental_health"]}
                       ).status_code == 303

    summaries = " ".join(row.summary for row in audit())

    for word in ("drugs", "prison", "mental_health", "child_welfare", "Drug use", "Prison"):
        assert word not in summaries


def test_an_unknown_area_of_experience_is_refused(client, sign_in, ec):
    sign_in("kari")
    form = form_data(text(client.get(kari_url(edit=True))), "experience-form")

    response = client.form(kari_url(edit=True), {**form, "areas": ["drugs", "astrology"]})

    assert response.status_code == 422
    assert field_error(text(response), "areas")
    assert [row.code for row in profile_of("kari").experience_rows] == ["child_welfare", "drugs"]
    assert audit(action="staff.experience_update", actor_id=ec.id) == []


def test_clearing_everything_is_allowed(client, sign_in, ec):
    sign_in("kari")
    form = form_data(text(client.get(kari_url(edit=True))), "experience-form")

    response = client.form(kari_url(edit=True), {"csrf_token": form["csrf_token"]})

    assert response.status_code == 303
    saved = profile_of("kari")
    assert saved.experience_rows == [] and saved.known_areas == []
    assert main(client.get(kari_url())).count("None recorded.") == 2


def test_a_supervisor_sees_only_those_assigned(client, sign_in, make_user, make_team):
    team = make_team("Vaterland")
    vera = make_user("vera", roles=["supervisor", "professional"], full_name="Vera Veileder")
    mine = make_user("kari", roles=["ec"], teams=[team], supervisor_id=vera.id)
    theirs = make_user("ola", roles=["ec"], teams=[team])
    sign_in("vera")

    assert client.get(f"/people/{mine.profile.id}/experience").status_code == 200
    assert client.get(f"/people/{theirs.profile.id}/experience").status_code == 404


def test_a_supervisor_who_lost_the_role_no_longer_reads(client, sign_in, make_user):
    former = make_user("vera", roles=["professional"], full_name="Vera Veileder")
    kari = make_user("kari", roles=["ec"])
    kari.profile.supervisor_id = former.id  # left over from before the role was removed
    db.session.commit()
    sign_in("vera")

    assert client.get(f"/people/{kari.profile.id}/experience").status_code == 404


def test_an_archived_known_environment_is_kept_when_the_form_is_saved(client, sign_in, ec):
    gronland = db.session.scalar(db.select(Area).where(Area.name == "Grønland"))
    services.set_area_active(gronland, False)
    sign_in("kari")
    page = text(client.get(kari_url(edit=True)))
    form = form_data(page, "experience-form")
    assert form["known_areas"] == str(gronland.id)  # still shown as known, and ticked

    response = client.form(kari_url(edit=True), {**form, "areas": ["drugs"]})

    assert response.status_code == 303
    assert [area.name for area in profile_of("kari").known_areas] == ["Grønland"]


def test_an_archived_area_is_not_offered_to_someone_who_does_not_know_it(client, sign_in, ec):
    oslo_s = db.session.scalar(db.select(Area).where(Area.name == "Oslo S"))
    services.set_area_active(oslo_s, False)
    sign_in("kari")

    html = main(client.get(kari_url(edit=True)))

    assert "Mindreårige: Grønland" in html and "Oslo S" not in html
