"""The pure rules of recruitment (outreach/recruitment/rules.py): no Flask, no database."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from outreach.recruitment import rules
from outreach.recruitment.rules import MoveContext, VacancyFacts

OPEN = MoveContext()


@pytest.mark.parametrize(("current", "target"), [
    ("received", "screened"), ("screened", "first_interview"), ("first_interview", "second_interview"),
    ("first_interview", "references"), ("second_interview", "references"),
])
def test_the_pipeline_goes_forward_one_step_and_may_skip_the_second_interview(current, target):
    assert rules.move_refusal(current, target, OPEN) is None


@pytest.mark.parametrize(("current", "target"), [
    ("received", "first_interview"), ("received", "offer"), ("screened", "references"), ("first_interview", "offer"),
])
def test_no_stage_is_jumped_over(current, target):
    assert rules.move_refusal(current, target, OPEN) == "not_next"


def test_one_step_back_corrects_a_mistake():
    assert rules.move_refusal("screened", "received", OPEN) is None
    assert rules.move_refusal("references", "first_interview", OPEN) is None
    assert rules.move_refusal("offer", "first_interview", OPEN) == "not_next"


def test_an_offer_needs_a_checked_reference():
    assert rules.move_refusal("references", "offer", OPEN) == "references_needed"
    assert rules.move_refusal("references", "offer", MoveContext(references_done=1)) is None


def test_hiring_goes_through_the_hiring_form():
    assert rules.move_refusal("offer", "hired", OPEN) == "hire_through_form"
    assert rules.move_refusal("offer", "hired", MoveContext(via_hiring=True)) is None


def test_rejection_needs_a_known_reason():
    assert rules.move_refusal("screened", "rejected", OPEN) == "reason_needed"
    assert rules.move_refusal("screened", "rejected", MoveContext(reason="because")) == "reason_needed"
    assert rules.move_refusal("screened", "rejected", MoveContext(reason="withdrew")) is None


def test_a_rejected_candidate_is_reopened_only_to_where_they_were():
    context = MoveContext(rejected_from="first_interview")
    assert rules.move_refusal("rejected", "first_interview", context) is None
    assert rules.move_refusal("rejected", "offer", context) == "reopen_to_where_rejected"


def test_nothing_moves_once_hired_or_on_a_closed_or_draft_vacancy():
    assert rules.move_refusal("hired", "offer", OPEN) == "hired_is_final"
    assert rules.move_refusal("received", "screened", MoveContext(vacancy_closed=True)) == "vacancy_closed"
    assert rules.move_refusal("received", "screened", MoveContext(vacancy_draft=True)) == "vacancy_draft"


def test_the_board_offers_rejection_and_the_allowed_steps_only():
    assert rules.allowed_moves("first_interview", OPEN) == ["second_interview", "references", "screened", "rejected"]
    assert rules.allowed_moves("references", OPEN) == ["first_interview", "second_interview", "rejected"]
    assert rules.allowed_moves("references", MoveContext(references_done=1))[0] == "offer"
    assert rules.allowed_moves("hired", OPEN) == []
    assert rules.allowed_moves("received", MoveContext(vacancy_closed=True)) == []


@given(st.sampled_from(rules.STAGES), st.sampled_from(rules.STAGES),
       st.builds(MoveContext, vacancy_closed=st.booleans(), vacancy_draft=st.booleans(),
                 references_done=st.integers(0, 2), reason=st.sampled_from([None, "other", "x"]),
                 rejected_from=st.sampled_from([None, *rules.ACTIVE_STAGES]), via_hiring=st.booleans()))
def test_every_move_the_board_offers_is_allowed(current, target, context):
    offered = rules.allowed_moves(current, context)
    for stage in offered:
        if stage != "rejected":
            assert rules.move_refusal(current, stage, context) is None
    if target not in offered and target != "rejected":
        assert rules.move_refusal(current, target, context) is not None


FACTS = VacancyFacts(deadline=date(2026, 12, 15), ad_text="Vi søker", candidates=0, hired=0, positions=1)
TODAY = date(2026, 12, 1)


def test_a_draft_opens_with_an_ad_text_and_a_deadline_not_past():
    assert rules.status_refusal("draft", "open", FACTS, TODAY) is None
    assert rules.status_refusal("draft", "open", FACTS.__class__(**{**FACTS.__dict__, "ad_text": " "}), TODAY) \
        == "ad_text_needed"
    assert rules.status_refusal("draft", "open", FACTS.__class__(**{**FACTS.__dict__, "deadline": date(2026, 11, 30)}),
                                TODAY) == "deadline_needed"


def test_a_vacancy_with_candidates_does_not_go_back_to_draft():
    assert rules.status_refusal("open", "draft", FACTS.__class__(**{**FACTS.__dict__, "candidates": 1}), TODAY) \
        == "has_candidates"


def test_filled_needs_a_hire_and_closed_stays_closed():
    assert rules.status_refusal("offer", "filled", FACTS, TODAY) == "nobody_hired"
    assert rules.status_refusal("offer", "filled", FACTS.__class__(**{**FACTS.__dict__, "hired": 1}), TODAY) is None
    assert rules.status_refusal("filled", "open", FACTS, TODAY) == "closed"
    assert rules.status_refusal("cancelled", "draft", FACTS, TODAY) == "closed"
    assert rules.status_refusal("open", "filled", FACTS, TODAY) == "not_next"


def test_the_spread_and_when_the_panel_disagrees():
    two_apart = rules.spread([2, 4, None])
    assert (two_apart.low, two_apart.high, two_apart.mean, two_apart.span) == (2, 4, 3.0, 2)
    assert two_apart.disagrees()
    assert not rules.spread([3, 4]).disagrees()
    assert not rules.spread([1]).disagrees()  # one rating is no disagreement
    assert rules.spread([]).mean is None


def test_recommendations_split_when_some_say_yes_and_some_no():
    assert rules.recommendations_split(["yes", "strong_no"])
    assert not rules.recommendations_split(["yes", "strong_yes", None])


def test_an_ec_position_wants_an_ec_on_the_panel():
    assert rules.panel_lacks_ec(True, ["professional", "administrative"])
    assert not rules.panel_lacks_ec(True, ["professional", "ec"])
    assert not rules.panel_lacks_ec(False, ["professional"])


@pytest.mark.parametrize(("start", "months", "expected"), [
    (date(2026, 8, 31), 2, date(2026, 10, 31)),
    (date(2026, 12, 31), 2, date(2027, 2, 28)),
    (date(2027, 12, 31), 2, date(2028, 2, 29)),
    (date(2026, 9, 30), 5, date(2027, 2, 28)),
])
def test_the_talks_after_two_and_five_months_fall_on_the_same_day_of_the_month_or_its_end(start, months, expected):
    assert rules.onboarding_due(start, months, 0) == expected


def test_an_item_before_the_start_counts_days_back():
    assert rules.onboarding_due(date(2026, 1, 5), 0, -14) == date(2025, 12, 22)


def test_the_age_on_the_list_is_the_difference_in_years():
    assert rules.age_on(1990, date(2026, 12, 1)) == 36
    assert rules.age_on(None, date(2026, 12, 1)) is None
