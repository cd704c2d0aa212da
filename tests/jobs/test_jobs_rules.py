"""The pure rules: when a description is next reviewed (jobs/reviews.py) and how two versions
compare (jobs/compare.py). No app, no database."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from outreach.core.timeutil import add_months
from outreach.jobs.compare import Piece, compare, word_diff
from outreach.jobs.reviews import is_due, next_review

TODAY = date(2026, 12, 1)


def review(role_type="ec", start=date(2026, 1, 15), last=None, today=TODAY, **settings):
    return next_review(role_type=role_type, start_date=start, last_signed=last, today=today, **settings)


# --- next_review ------------------------------------------------------------------------------------


def test_a_new_ec_is_reviewed_after_two_months_then_six_then_yearly_from_the_last_signing():
    start = date(2026, 1, 15)
    first = review(start=start, last=date(2026, 1, 20))  # signed in the first week
    assert first == date(2026, 3, 15)
    second = review(start=start, last=first)  # signed on the day of the two-month review
    assert second == date(2026, 7, 15)
    third = review(start=start, last=date(2026, 7, 20))  # the six-month review, five days late
    assert third == date(2027, 7, 20)
    assert review(start=start, last=date(2027, 7, 25)) == date(2028, 7, 25)


def test_a_skipped_milestone_leads_to_the_next_one_not_back_to_it():
    start = date(2026, 1, 15)
    # The two-month review never happened; signed after four months: the six-month review is next.
    assert review(start=start, last=date(2026, 5, 15)) == date(2026, 7, 15)
    # Signed only after seven months: both milestones are behind, a year from that signing.
    assert review(start=start, last=date(2026, 8, 15)) == date(2027, 8, 15)


@pytest.mark.parametrize(("start", "two", "six", "yearly"), [
    (date(2026, 8, 31), date(2026, 10, 31), date(2027, 2, 28), date(2028, 2, 28)),
    (date(2027, 8, 31), date(2027, 10, 31), date(2028, 2, 29), date(2029, 2, 28)),  # a leap year
    (date(2026, 12, 31), date(2027, 2, 28), date(2027, 6, 30), date(2028, 6, 30)),
    (date(2027, 12, 31), date(2028, 2, 29), date(2028, 6, 30), date(2029, 6, 30)),
])
def test_month_ends_are_clamped_to_the_last_day_of_the_month(start, two, six, yearly):
    assert review(start=start, last=start) == two
    assert review(start=start, last=two) == six
    assert review(start=start, last=six) == yearly


def test_a_yearly_review_from_29_february_falls_on_28_february():
    assert review(role_type="professional", start=date(2020, 1, 1), last=date(2028, 2, 29)) == date(2029, 2, 28)


def test_with_nothing_signed_the_review_is_due_from_the_start_date_or_at_once():
    assert review(start=date(2026, 11, 1), last=None) == date(2026, 11, 1)
    assert review(role_type="professional", start=date(2019, 8, 1), last=None) == date(2019, 8, 1)
    assert review(start=None, last=None) == TODAY
    assert review(start=date(2027, 1, 4), last=None) == TODAY  # not started yet: now


def test_a_professional_is_reviewed_yearly_from_the_last_signing_whatever_the_start():
    assert review(role_type="professional", start=date(2026, 10, 1), last=date(2026, 10, 10)) == date(2027, 10, 10)
    assert review(role_type="peer", start=date(2026, 10, 1), last=date(2026, 10, 10)) == date(2027, 10, 10)


def test_an_ec_without_a_start_date_is_reviewed_yearly():
    assert review(start=None, last=date(2026, 10, 10)) == date(2027, 10, 10)


def test_the_settings_change_the_milestones_and_the_interval():
    start = date(2026, 1, 15)
    assert review(start=start, last=start, new_ec_months=(3,)) == date(2026, 4, 15)
    assert review(start=start, last=date(2026, 4, 15), new_ec_months=(3,), interval_months=24) == date(2028, 4, 15)
    assert review(start=start, last=start, new_ec_months=(6, 2)) == date(2026, 3, 15)  # in order, whatever given


days = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))


@given(st.sampled_from(["ec", "professional", "peer"]), days, st.integers(min_value=0, max_value=3000))
def test_the_next_review_comes_after_the_last_signing_and_at_most_a_year_later(role_type, start, days_in):
    last = start + timedelta(days=days_in)  # signed on or after the start
    after = review(role_type=role_type, start=start, last=last)
    assert last < after <= add_months(last, 12)
    if role_type == "ec" and last < add_months(start, 6):
        assert after == min(m for m in (add_months(start, 2), add_months(start, 6)) if m > last)
    else:
        assert after == add_months(last, 12)


# --- is_due -----------------------------------------------------------------------------------------


def test_a_review_is_due_within_two_weeks_or_overdue():
    assert is_due(date(2026, 12, 15), TODAY)  # in 14 days
    assert not is_due(date(2026, 12, 16), TODAY)  # in 15 days
    assert is_due(TODAY, TODAY)
    assert is_due(date(2025, 1, 1), TODAY)  # long overdue
    assert not is_due(None, TODAY)
    assert is_due(date(2026, 12, 31), TODAY, soon_days=30)
    assert not is_due(date(2026, 12, 2), TODAY, soon_days=0)


# --- word_diff --------------------------------------------------------------------------------------


def marked(pieces, change):
    return [p.text for p in pieces if p.change == change]


def joined(pieces):
    return "".join(p.text for p in pieces)


def test_removed_words_are_marked_on_the_left_added_on_the_right():
    old = "Går ut på kveldstid i sentrum."
    new = "Går ut på dagtid og kveldstid på Tøyen."
    left, right = word_diff(old, new)
    assert joined(left) == old and joined(right) == new  # nothing lost on either side
    assert "sentrum." in "".join(marked(left, "removed"))
    assert "Tøyen." in "".join(marked(right, "added"))
    assert "dagtid" in "".join(marked(right, "added"))
    assert "kveldstid" not in "".join(marked(left, "removed") + marked(right, "added"))
    assert not marked(left, "added") and not marked(right, "removed")


def test_the_same_text_has_nothing_marked():
    left, right = word_diff("Samme tekst.", "Samme tekst.")
    assert left == right == [Piece("Samme tekst.", "same")]


def test_a_text_written_from_nothing_is_all_added():
    left, right = word_diff("", "Helt ny tekst.")
    assert left == [] and right == [Piece("Helt ny tekst.", "added")]
    left, right = word_diff("Borte nå.", "")
    assert left == [Piece("Borte nå.", "removed")] and right == []


def test_a_word_changed_in_the_middle_marks_only_that_word():
    left, right = word_diff("én temasamling hvert halvår", "to temasamlinger hvert halvår")
    assert marked(left, "removed") == ["én", "temasamling"]
    assert marked(right, "added") == ["to", "temasamlinger"]


words = st.lists(st.sampled_from(["rus", "kveld", "Tøyen", "sentrum", "og", "på", "\n", "  "]), max_size=12)


@given(words, words)
def test_word_diff_keeps_both_texts_whole_and_marks_each_side_only_one_way(old_words, new_words):
    old, new = " ".join(old_words), " ".join(new_words)
    left, right = word_diff(old, new)
    assert joined(left) == old and joined(right) == new
    assert {p.change for p in left} <= {"same", "removed"} and {p.change for p in right} <= {"same", "added"}
    assert "".join(p.text for p in left if p.change == "same") == "".join(p.text for p in right if p.change == "same")


# --- compare ----------------------------------------------------------------------------------------


def s(key, text, frame=True, title=None):
    return {"key": key, "title": title or key.title(), "text": text, "frame": frame}


def test_compare_marks_only_the_changed_sections():
    old = [s("purpose", "Formål."), s("individual", "Kveld i sentrum.", frame=False)]
    new = [s("purpose", "Formål."), s("individual", "Kveld på Tøyen.", frame=False)]
    rows = {row.key: row for row in compare(old, new)}
    assert [row.key for row in compare(old, new)] == ["purpose", "individual"]
    assert not rows["purpose"].changed
    assert rows["individual"].changed
    assert "sentrum." in "".join(marked(rows["individual"].left, "removed"))
    assert "Tøyen." in "".join(marked(rows["individual"].right, "added"))


def test_a_section_only_in_the_newer_version_is_all_added_and_one_only_in_the_older_comes_last():
    old = [s("purpose", "Formål."), s("gone", "Fjernet seksjon.", title="Borte")]
    new = [s("purpose", "Formål."), s("individual", "Ny del.", frame=False, title="Individuell del")]
    rows = compare(old, new)
    assert [row.key for row in rows] == ["purpose", "individual", "gone"]
    added, gone = rows[1], rows[2]
    assert added.changed and added.left == [] and joined(added.right) == "Ny del."
    assert added.frame_left is None and added.frame_right is False
    assert gone.changed and gone.title == "Borte" and gone.right == []
    assert marked(gone.left, "removed") == ["Fjernet seksjon."]
    assert gone.frame_left is True and gone.frame_right is None


def test_a_section_marked_as_frame_instead_of_individual_counts_as_a_change():
    old = [s("individual", "Samme tekst.", frame=False)]
    new = [s("individual", "Samme tekst.", frame=True)]
    (row,) = compare(old, new)
    assert row.changed
    assert (row.frame_left, row.frame_right) == (False, True)
    assert not marked(row.left, "removed") and not marked(row.right, "added")


def test_the_title_comes_from_the_newer_version():
    (row,) = compare([s("purpose", "A", title="Gammel")], [s("purpose", "A", title="Formål med stillingen")])
    assert row.title == "Formål med stillingen" and not row.changed
