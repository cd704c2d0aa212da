"""The HKH rules in plain Python: phases and their gaps, the working group, triangulation,
how a finding is supported, the action plan's summary and the follow-up review dates."""

from datetime import date

import pytest

from outreach.hkh import rules
from outreach.hkh.rules import ProjectFacts

COMPLETE = ProjectFacts(commissioner="Bydel Gamle Oslo", problem="Unge samles ved Oslo S.", target_group="Ungdom",
                        starts_on=date(2026, 1, 5), ends_on=date(2026, 8, 31), kickoff_on=date(2026, 1, 12),
                        leads=1, planned=6, log_entries=4, findings_with_evidence=2, report_versions=1, measures=3)


# --- phases ------------------------------------------------------------------------------------


def test_the_phases_run_in_order_one_step_at_a_time():
    assert rules.next_phase("preparation") == "data_collection"
    assert rules.next_phase("action") == "follow_up"
    assert rules.next_phase("follow_up") is None
    assert rules.previous_phase("data_collection") == "preparation"
    assert rules.previous_phase("preparation") is None


def test_an_empty_preparation_lacks_everything_it_checks():
    assert rules.gaps("preparation", ProjectFacts()) == ["mandate", "period", "kickoff", "lead", "method_plan"]


def test_a_mandate_of_blanks_is_not_a_mandate_and_half_a_period_is_no_period():
    facts = ProjectFacts(commissioner="  ", problem="Noe", target_group="Noen", starts_on=date(2026, 1, 5),
                         kickoff_on=date(2026, 1, 6), leads=1, planned=1)
    assert rules.gaps("preparation", facts) == ["mandate", "period"]


@pytest.mark.parametrize(("phase", "lacking", "gap"), [
    ("preparation", {"planned": 0}, "method_plan"),
    ("preparation", {"leads": 0}, "lead"),
    ("preparation", {"kickoff_on": None}, "kickoff"),
    ("data_collection", {"log_entries": 0}, "field_log"),
    ("analysis", {"findings_with_evidence": 0}, "findings"),
    ("report", {"report_versions": 0}, "report"),
    ("action", {"measures": 0}, "action_plan"),
    ("action", {"measures_without_owner_or_deadline": 1}, "measure_owners"),
])
def test_each_phase_names_what_it_lacks_and_nothing_else(phase, lacking, gap):
    assert rules.gaps(phase, COMPLETE) == []
    assert rules.gaps(phase, ProjectFacts(**{**COMPLETE.__dict__, **lacking})) == [gap]


def test_a_phase_checks_only_its_own_work():
    """The data collection asks for the field log, not for a report: each phase its own."""
    facts = ProjectFacts(log_entries=1)
    assert rules.gaps("data_collection", facts) == []
    assert rules.gaps("follow_up", ProjectFacts()) == []


def test_no_action_plan_is_the_gap_before_measures_without_owners():
    facts = ProjectFacts(measures=0, measures_without_owner_or_deadline=0)
    assert rules.gaps("action", facts) == ["action_plan"]


# --- the working group -------------------------------------------------------------------------


def test_a_group_of_six_with_a_lead_and_an_ec_has_no_warnings():
    assert rules.group_warnings(["lead", "ec", "member", "member", "member", "external"], ec_members=1) == []


def test_a_group_without_an_ec_is_warned_about():
    assert rules.group_warnings(["lead", "member", "member", "member", "member"], ec_members=0) == ["no_ec"]


def test_a_group_without_a_lead_and_too_small():
    assert rules.group_warnings(["ec", "member"], ec_members=1) == ["no_lead", "group_size"]


@pytest.mark.parametrize(("size", "warned"), [(4, True), (5, False), (7, False), (8, True)])
def test_five_to_seven_people(size, warned):
    roles = ["lead", "ec"] + ["member"] * (size - 2)
    assert ("group_size" in rules.group_warnings(roles, ec_members=1)) is warned


def test_an_empty_group_lacks_an_ec_and_a_lead_but_has_no_size_yet():
    assert rules.group_warnings([], ec_members=0) == ["no_ec", "no_lead"]


# --- triangulation -----------------------------------------------------------------------------


def test_the_matrix_counts_planned_and_done_per_cell_with_totals():
    planned = {("interview", "target_group"): 3, ("focus_group", "professionals"): 2, ("survey", "others"): 0}
    done = [("interview", "target_group"), ("interview", "target_group"), ("observation", "target_group"),
            ("focus_group", "professionals")]
    matrix = rules.matrix(planned, done)
    assert matrix.cell("interview", "target_group") == (3, 2)
    assert matrix.cell("observation", "target_group") == (0, 1)  # done without a plan counts too
    assert matrix.cell("survey", "others") == (0, 0)
    assert matrix.method_total("interview") == (3, 2)
    assert matrix.source_total("target_group") == (3, 3)
    assert matrix.source_total("professionals") == (2, 1)
    assert matrix.total == (5, 4)
    assert ("survey", "others") not in matrix.planned  # a zero plans nothing


IT, FG, SV = ("interview", "target_group"), ("focus_group", "professionals"), ("survey", "others")


def test_a_plan_save_changes_only_the_cells_its_writer_changed():
    seen = {IT: 3, FG: 2}
    saved = {IT: 3, FG: 5}  # a colleague made the focus groups 5 in between
    changes = rules.plan_changes({IT: 4, FG: 2, SV: None}, seen=seen, saved=saved)
    assert changes.cells == {IT: 4}  # the colleague's 5 stays; the empty survey was empty
    assert changes.conflicts == {}


def test_a_cell_both_writers_changed_to_different_numbers_is_a_conflict():
    changes = rules.plan_changes({IT: 4, FG: 1}, seen={IT: 3, FG: 2}, saved={IT: 6, FG: 1})
    assert changes.conflicts == {IT: 6}  # 3 → 4 here, 3 → 6 there
    assert changes.cells == {}  # FG: both made it 1, nothing to do


def test_after_a_conflict_the_form_shows_what_is_saved_and_the_writers_own_changes():
    shown = rules.plan_after_conflict({IT: 5, FG: 2, SV: None}, seen={IT: 3, FG: 2}, saved={IT: 6, FG: 4, SV: 1})
    assert shown == {IT: 5, FG: 4, SV: 1}  # hers where she changed it; the colleague's elsewhere


def test_emptying_a_cell_is_a_change_to_zero():
    changes = rules.plan_changes({IT: None, FG: 0}, seen={IT: 3, FG: 2}, saved={IT: 3, FG: 2})
    assert changes.cells == {IT: 0, FG: 0} and changes.conflicts == {}


# --- support of a finding ----------------------------------------------------------------------


def test_a_finding_from_interviews_only_rests_on_one_method():
    support = rules.support([("interview", "target_group"), ("interview", "professionals")])
    assert (support.entries, support.methods, support.sources) == (2, 1, 2)
    assert support.single_method


def test_two_methods_are_triangulated():
    support = rules.support([("interview", "target_group"), ("observation", "target_group")])
    assert (support.entries, support.methods, support.sources) == (2, 2, 1)
    assert not support.single_method


def test_no_evidence_is_no_triangulation_either():
    support = rules.support([])
    assert (support.entries, support.methods, support.sources) == (0, 0, 0)
    assert support.single_method


# --- the action plan ---------------------------------------------------------------------------


def test_the_summary_counts_an_overdue_measure_as_overdue_only():
    today = date(2026, 6, 15)
    measures = [("done", date(2026, 1, 1)), ("under_way", date(2026, 6, 14)), ("under_way", date(2026, 6, 15)),
                ("planned", None), ("planned", date(2026, 5, 1)), ("dropped", date(2026, 1, 1))]
    summary = rules.summary(measures, today)
    assert (summary.done, summary.under_way, summary.planned, summary.overdue, summary.dropped) == (1, 1, 1, 2, 1)
    assert summary.total == 6


def test_done_or_dropped_is_never_overdue_and_no_deadline_never_is():
    today = date(2026, 6, 15)
    assert not rules.is_overdue("done", date(2020, 1, 1), today)
    assert not rules.is_overdue("dropped", date(2020, 1, 1), today)
    assert not rules.is_overdue("planned", None, today)
    assert rules.is_overdue("planned", date(2026, 6, 14), today)


@pytest.mark.parametrize(("made", "six", "twelve"), [
    (date(2026, 3, 15), date(2026, 9, 15), date(2027, 3, 15)),
    (date(2025, 8, 31), date(2026, 2, 28), date(2026, 8, 31)),  # no 31 February: its last day
    (date(2023, 8, 31), date(2024, 2, 29), date(2024, 8, 31)),  # a leap year
    (date(2026, 12, 31), date(2027, 6, 30), date(2027, 12, 31)),
])
def test_the_reviews_fall_due_six_and_twelve_months_after_the_plan(made, six, twelve):
    assert rules.review_dates(made) == {6: six, 12: twelve}
