"""No NUL character gets past a form: PostgreSQL refuses NUL in text, so one typed or sent in
any free-text field would end as a server error when the form is saved.

The form classes are found by walking outreach's modules, so a new form whose text field lacks
the filter fails here the day it is added. Each is built in a request with a NUL in every text
field (StringField and its kin: TextAreaField, EmailField, ...; not passwords, which are never
stored as typed, nor hidden fields, which carry the form's own values) and its processed data
must hold none. A few forms' texts are read from the posted data by hand (the measures' notes
of a review, a job description's sections, the answers of an interview): those helpers too.
"""

import importlib
import inspect
import pkgutil
from types import SimpleNamespace

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import Form, HiddenField, PasswordField, StringField
from wtforms.fields.core import UnboundField

import outreach

NUL_TEXT = "Tekst\x00med NUL"

# The forms that got the filter with this test: they must be among those checked (not skipped,
# not left out of the walk).
MUST_BE_CHECKED = {
    "outreach.supervision.forms." + name for name in ("TextForm", "ActionForm", "FurtherForm", "PreparationForm")
} | {
    "outreach.supervision.reflection_forms.ReflectionForm",
    "outreach.hkh.outcome_forms.SectionForm", "outreach.hkh.outcome_forms.MeasureForm",
    "outreach.hkh.outcome_forms.ReviewForm",
    "outreach.shifts.limits_forms.AvailabilityForm", "outreach.shifts.limits_forms.AccommodationForm",
    "outreach.shifts.limits_forms.PatternForm",
    "outreach.shifts.forms.ShiftForm", "outreach.shifts.forms.AssignForm", "outreach.shifts.forms.OverrideForm",
    "outreach.shifts.notes_views.NoteForm",
    "outreach.auth.forms.UserForm", "outreach.auth.forms.NewUserForm",
    "outreach.recruitment.onboarding_forms.HireForm",
    "outreach.jobs.forms.ProposalForm",
    "outreach.recruitment.forms.VacancyForm", "outreach.recruitment.forms.ReferenceForm",
    "outreach.recruitment.guide_forms.GuideForm", "outreach.recruitment.guide_forms.IntroForm",
    "outreach.recruitment.guide_forms.SectionForm", "outreach.recruitment.guide_forms.QuestionForm",
    "outreach.recruitment.interview_forms.InterviewForm", "outreach.recruitment.interview_forms.RatingForm",
}


def _is_text(field_class) -> bool:
    return issubclass(field_class, StringField) and not issubclass(field_class, (PasswordField, HiddenField))


def _text_field_names(form_class) -> list[str]:
    """The class's text fields (inherited ones too), before any instance exists."""
    return sorted(name for name in dir(form_class)
                  if isinstance(attr := getattr(form_class, name, None), UnboundField) and _is_text(attr.field_class))


def _form_classes() -> dict[str, type]:
    """Every WTForms form class defined in an outreach module, by its dotted name."""
    found = {}
    for module_info in pkgutil.walk_packages(outreach.__path__, prefix="outreach."):
        module = importlib.import_module(module_info.name)
        for _name, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, Form) and obj.__module__.startswith("outreach."):
                found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return found


FORMS = _form_classes()
TEXT_FORMS = {name: cls for name, cls in sorted(FORMS.items()) if _text_field_names(cls)}


def _params() -> list:
    return [pytest.param(name, cls, id=name) for name, cls in TEXT_FORMS.items()]


def test_the_walk_finds_the_forms():
    assert len(TEXT_FORMS) > 30, sorted(TEXT_FORMS)
    assert MUST_BE_CHECKED <= set(TEXT_FORMS), sorted(MUST_BE_CHECKED - set(TEXT_FORMS))


@pytest.mark.parametrize(("name", "form_class"), _params())
def test_no_nul_reaches_the_data_of_a_text_field(app, name, form_class):
    with app.test_request_context(method="POST"):
        try:
            empty = form_class(formdata=None, meta={"csrf": False})
        except TypeError as error:  # needs arguments only its view can give
            assert name not in MUST_BE_CHECKED, f"{name} cannot be built here: {error}"
            pytest.skip(f"{name} needs constructor arguments: {error}")
        text_fields = [field for field in empty if _is_text(type(field))]
        assert text_fields, f"{name}: no text field on the instance"
        posted = MultiDict({field.name: NUL_TEXT for field in text_fields})
        form = form_class(formdata=posted, meta={"csrf": False})

        let_through = []
        for field in (form[f.short_name] for f in text_fields):
            assert field.raw_data == [NUL_TEXT], f"{name}.{field.short_name} did not receive the posted text"
            if isinstance(field.data, str) and "\x00" in field.data:
                let_through.append(field.short_name)
        assert not let_through, f"{name}: NUL kept in {', '.join(let_through)}"


def test_no_nul_in_the_texts_read_from_the_posted_data_by_hand(app):
    from outreach.hkh.outcome_forms import review_progress
    from outreach.jobs.forms import section_texts
    from outreach.recruitment.interview_forms import read_answers

    with app.test_request_context(method="POST"):
        measures = [SimpleNamespace(id=7, status="planned")]
        assert review_progress(MultiDict({"status-7": "done", "note-7": NUL_TEXT}), measures) == {
            7: ("done", "Tekstmed NUL")}

        texts, frames = section_texts(MultiDict({"text-a": NUL_TEXT, "frame-a": "1"}),
                                      [{"key": "a", "text": "gammel"}, {"key": "b", "text": "urørt"}])
        assert texts == {"a": "Tekstmed NUL", "b": "urørt"} and frames == {"a"}

        answers, shown, errors = read_answers(MultiDict({"question": "5", "q5-notes": NUL_TEXT}))
        assert not errors
        assert answers[5].notes == "Tekstmed NUL" and shown[5].notes == "Tekstmed NUL"


SEARCH_ARGS = ("q", "person", "kind", "state", "role", "stage", "phase", "show", "from", "to", "team", "page")


def test_no_nul_reaches_the_query_arguments(app):
    with app.test_request_context("/people/", query_string={"q": "Kari\x00", "x\x00": "y"}):
        from flask import request

        assert request.args.to_dict() == {"q": "Kari", "x": "y"}


def test_a_search_with_a_nul_in_it_is_never_a_server_error(app, client, make_user, make_team):
    # On PostgreSQL, a NUL in a search reached the database and answered 500 on eight lists.
    team = make_team("Unge voksne")
    make_user("ada", roles=["admin", "hr", "supervisor", "leader"], teams=[team], full_name="Ada Admin")
    client.login("ada")
    lists = [rule.rule for rule in app.url_map.iter_rules()
             if "GET" in rule.methods and not rule.arguments and not rule.rule.startswith("/static")]
    assert "/people/" in lists and "/audit/" in lists
    failures = [(url, arg, status) for url in lists for arg in SEARCH_ARGS
                if (status := client.get(url, query_string={arg: "\x00x"}).status_code) >= 500]
    assert failures == []
