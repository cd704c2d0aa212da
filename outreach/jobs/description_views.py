"""Each person's job description: the page, starting it, the leader's draft, the employee's
proposals and the leader's answers, sign-off, versions and their comparison, the printable
view and a change of role.

Routes carry a None-tolerant rule; the one about the person is asked when their profile is
loaded (`get_or_404`, which logs a refusal and answers 404): "jobs.view" for the person,
their leader and HR; "jobs.lead" for the leader and HR; "jobs.propose" for the person.
"""

from flask import abort, current_app, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from outreach.auth.models import ROLE_LABELS, Role
from outreach.auth.policy import allow, can, get_or_404, require
from outreach.core.forms import ConflictError, FieldError, add_field_error, form_status, page_number
from outreach.core.htmx import redirect_to, render
from outreach.core.timeutil import today_in_oslo
from outreach.extensions import db
from outreach.jobs import compare, services
from outreach.jobs.forms import CommentForm, ProposalForm, RoleChangeForm, SignForm, VersionForm, section_texts
from outreach.jobs.models import INDIVIDUAL_KEY, Proposal
from outreach.jobs.reviews import is_due
from outreach.jobs.views import bp
from outreach.people.models import StaffProfile

PAGE = "jobs/description_detail.html"


def _person(staff_id: int, rule: str = "jobs.view") -> StaffProfile:
    return get_or_404(StaffProfile, staff_id, rule)


def _url(profile: StaffProfile, anchor: str | None = None) -> str:
    return url_for("jobs.description_detail", staff_id=profile.id, _anchor=anchor)


# --- the start page of the feature --------------------------------------------------------------


@bp.get("/")
@allow("signed_in")
def index():
    """My own description first; for leaders and HR, the people whose descriptions they follow."""
    own = current_user.profile
    mine = services.description_summary_of(own) if own is not None else None
    page, descriptions = None, {}
    if can(current_user, "jobs.overview"):
        text = request.args.get("q", "")[:100]
        page = db.paginate(services.staff_overview(current_user, text), page=page_number(),
                           per_page=current_app.config["PAGE_SIZE"], error_out=False)
        descriptions = services.descriptions_for([p.id for p in page.items])
    return render("jobs/index.html", block="results" if page is not None else None, own=own, mine=mine, page=page,
                  descriptions=descriptions,
                  today=today_in_oslo(), is_due=is_due, q=request.args.get("q", ""))


# --- a person's description -------------------------------------------------------------------------


def _context(profile: StaffProfile, **extra) -> dict:
    description = services.description_of(profile)
    lead = can(current_user, "jobs.lead", profile)
    ctx = {"profile": profile, "description": description, "lead": lead,
           "own": profile.user_id == current_user.id, "today": today_in_oslo(),
           "changes": services.role_changes_of(profile), "comment_form": CommentForm(formdata=None),
           "commenting": None}
    if description is not None:
        ctx["current"] = description.current
        ctx["draft"] = description.draft
        ctx["shown"] = description.current or description.draft
        ctx["open_proposals"] = services.open_proposals(description)
        ctx["answered"] = [p for p in services.proposals_of(description) if p.status != "open"][:10]
        ctx["sign_form"] = SignForm(formdata=None)
        ctx["diffs"] = {p.id: compare.word_diff(p.base_text, p.text) for p in ctx["open_proposals"]}
        ctx["titles"] = {s["key"]: s["title"] for s in ctx["shown"].sections}
        services.log_read(description, current_user)
    ctx.update(extra)
    return ctx


@bp.get("/people/<int:staff_id>")
@allow("jobs.view")
def description_detail(staff_id: int):
    return render(PAGE, **_context(_person(staff_id)))


@bp.post("/people/<int:staff_id>/start")
@allow("jobs.lead")
def description_start(staff_id: int):
    profile = _person(staff_id, "jobs.lead")
    if VersionForm().validate_on_submit():
        try:
            services.start(profile, actor=current_user)
        except FieldError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            flash(_("The description is started from the role's template. Write the individual part with "
                    "the employee, then both sign."), "success")
    return redirect_to(_url(profile))


def _description(profile: StaffProfile):
    description = services.description_of(profile)
    if description is None:
        abort(404)
    return description


@bp.route("/people/<int:staff_id>/draft", methods=["GET", "POST"])
@allow("jobs.lead")
def draft_edit(staff_id: int):
    """The leader's or HR's edit of the draft: every section, and which are the common frame.
    A signed description gets its next draft when the first change is saved."""
    profile = _person(staff_id, "jobs.lead")
    description = _description(profile)
    draft = description.draft
    shown = draft or description.current

    def page(status=200, **extra):
        return render("jobs/draft_form.html", block="form", status=status, profile=profile, description=description,
                      draft=draft, **{"typed": None, "conflict": False, "error": None, **extra})

    if request.method == "GET":
        form = VersionForm(formdata=None)
        form.version.data = str(draft.version) if draft else ""
        services.log_read(description, current_user, "draft form")
        return page(form=form, sections=shown.sections)
    form = VersionForm()
    texts, frames = section_texts(request.form, shown.sections)
    typed = [{**s, "text": texts[s["key"]], "frame": s["key"] in frames} for s in shown.sections]
    if not form.validate_on_submit():
        return page(422, form=form, sections=typed)
    try:
        if draft is None and not form.version.data:
            if typed == shown.sections:  # nothing changed: no new version for it
                flash(_("Nothing was changed."), "info")
                return redirect_to(_url(profile))
            draft = services.draft_of(description, actor=current_user, reason="Endret av leder")
            form.version.data = str(draft.version)
        elif draft is None:
            raise ConflictError()  # the draft was signed in the meantime
        services.edit_sections(draft, texts=texts, frames=frames, version=form.version.data, actor=current_user)
    except FieldError as error:
        db.session.rollback()
        return page(422, form=form, sections=typed, error=error)
    except ConflictError:
        # Someone saved in between: show what is saved now, and keep what this writer typed.
        db.session.rollback()
        description = services.description_of(profile)
        draft = description.draft
        form = VersionForm(formdata=None)
        form.version.data = str(draft.version) if draft else ""
        return page(409, form=form, sections=(draft or description.current).sections, typed=typed, conflict=True)
    flash(_("The draft is saved. Both of you sign it when it is ready."), "success")
    return redirect_to(_url(profile, "sign"))


def _individual_sections(description) -> list[dict]:
    shown = description.draft or description.current
    return [s for s in shown.sections if not s["frame"]]


@bp.route("/people/<int:staff_id>/propose", methods=["GET", "POST"])
@allow("jobs.propose")
def propose(staff_id: int):
    """The employee proposes a new text for an individual section; the leader answers."""
    profile = _person(staff_id, "jobs.propose")
    description = _description(profile)
    sections = _individual_sections(description)
    form = ProposalForm()
    form.section_key.choices = [(s["key"], s["title"]) for s in sections]
    if request.method == "GET":
        chosen = request.args.get("section", INDIVIDUAL_KEY)
        section = next((s for s in sections if s["key"] == chosen), sections[0] if sections else None)
        if section is not None:
            form.section_key.data, form.text.data = section["key"], section["text"]
            form.seen.data = f"{section['key']}:{services.text_digest(section['text'])}"
    if form.validate_on_submit():
        try:
            services.propose(description, section_key=form.section_key.data, text=form.text.data or "",
                             note=form.note.data or "", seen=form.seen.data or None, actor=current_user)
        except FieldError as error:
            db.session.rollback()
            add_field_error(form, error)
        except ConflictError:
            # The leader saved the draft at that moment: the proposal, as typed, is sent again from here.
            db.session.rollback()
            add_field_error(form, FieldError("text", _(
                "Your leader changed the description at the same moment. Read the section again; your text is "
                "kept below. Send it again if it still fits.")))
            fresh = services.description_of(profile)
            now = (fresh.draft or fresh.current).section(form.section_key.data)
            if now is not None:
                form.seen.data = f"{now['key']}:{services.text_digest(now['text'])}"
                form.text.description = now["text"]  # the section as it reads now, shown above the typed text
            return render("jobs/propose.html", block="form", form=form, profile=profile,
                          description=services.description_of(profile), sections=sections, status=409)
        else:
            flash(_("Your proposal is sent to your leader."), "success")
            return redirect_to(_url(profile, "proposals"))
    return render("jobs/propose.html", block="form", form=form, profile=profile, description=description,
                  sections=sections, status=form_status(form))


def _proposal(proposal_id: int, rule: str) -> Proposal:
    return get_or_404(Proposal, proposal_id, rule)


@bp.post("/proposals/<int:proposal_id>/accept")
@allow("jobs.lead")
def proposal_accept(proposal_id: int):
    proposal = _proposal(proposal_id, "jobs.lead")
    profile = proposal.draft.description.staff
    if VersionForm().validate_on_submit():
        try:
            services.accept(proposal, actor=current_user)
        except (FieldError, ConflictError) as error:
            db.session.rollback()
            flash(getattr(error, "message", _("Someone else changed the draft in the meantime.")), "error")
        else:
            flash(_("The proposal is taken into the draft."), "success")
    return redirect_to(_url(profile, "proposals"))


@bp.post("/proposals/<int:proposal_id>/comment")
@allow("jobs.lead")
def proposal_comment(proposal_id: int):
    proposal = _proposal(proposal_id, "jobs.lead")
    profile = proposal.draft.description.staff
    form = CommentForm()
    if form.validate_on_submit():
        try:
            services.comment(proposal, form.comment.data, actor=current_user)
        except FieldError as error:
            db.session.rollback()
            if proposal.status != "open" or error.message == _("The proposal has already been answered."):
                flash(_("The proposal has already been answered. Your comment was not sent: %(text)s",
                        text=form.comment.data), "error")
                return redirect_to(_url(profile, "proposals"))
            add_field_error(form, error)
        else:
            flash(_("Your comment is sent to the employee."), "success")
            return redirect_to(_url(profile, "proposals"))
    return render(PAGE, status=422, **_context(profile, comment_form=form, commenting=proposal.id))


@bp.post("/proposals/<int:proposal_id>/withdraw")
@allow("jobs.propose")
def proposal_withdraw(proposal_id: int):
    proposal = _proposal(proposal_id, "jobs.propose")
    if VersionForm().validate_on_submit():
        try:
            services.withdraw(proposal, actor=current_user)
        except FieldError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            flash(_("The proposal is withdrawn."), "success")
    return redirect_to(_url(proposal.draft.description.staff, "proposals"))


@bp.post("/people/<int:staff_id>/sign")
@allow("jobs.view")
def sign(staff_id: int):
    """Sign the draft as shown: as the employee (the person themselves) or as the leader."""
    profile = _person(staff_id)
    description = _description(profile)
    as_employee = profile.user_id == current_user.id
    if not as_employee:
        require("jobs.lead", profile)
    form = SignForm()
    if form.validate_on_submit():
        try:
            draft = services.sign(description, as_employee=as_employee, version=form.version.data,
                                  actor=current_user)
        except FieldError as error:
            db.session.rollback()
            flash(error.message, "error")
        except ConflictError:
            db.session.rollback()
            flash(_("The draft changed after you opened it. Read it again before you sign."), "error")
        else:
            if draft.is_signed:
                flash(_("Signed by both: version %(n)d is frozen. Next review: %(day)s.", n=draft.number,
                        day=_day(description.next_review_on)), "success")
            else:
                flash(_("Signed. It is frozen once both have signed."), "success")
    return redirect_to(_url(profile, "sign"))


def _day(value) -> str:
    from flask_babel import format_date

    return format_date(value, "d. MMMM y") if value else ""


# --- versions, comparison, print --------------------------------------------------------------------


def _version(description, number: int):
    found = next((v for v in description.versions if v.number == number), None)
    if found is None:
        abort(404)
    return found


@bp.get("/people/<int:staff_id>/versions/<int:number>")
@allow("jobs.view")
def version_detail(staff_id: int, number: int):
    profile = _person(staff_id)
    description = _description(profile)
    version = _version(description, number)
    services.log_read(description, current_user, f"version {number}")
    return render("jobs/version.html", profile=profile, description=description, version=version)


@bp.get("/people/<int:staff_id>/compare")
@allow("jobs.view")
def version_compare(staff_id: int):
    """Any two versions side by side, the differences marked: the older on the left."""
    profile = _person(staff_id)
    description = _description(profile)
    numbers = [v.number for v in description.versions]
    a = request.args.get("a", type=int) or (numbers[-2] if len(numbers) > 1 else numbers[0])
    b = request.args.get("b", type=int) or numbers[-1]
    if a not in numbers or b not in numbers:
        abort(404)
    old, new = sorted((_version(description, a), _version(description, b)), key=lambda v: v.number)
    services.log_read(description, current_user, f"versions {old.number} and {new.number} compared")
    return render("jobs/compare.html", profile=profile, description=description, old=old, new=new,
                  rows=compare.compare(old.sections, new.sections), numbers=numbers)


@bp.get("/people/<int:staff_id>/print")
@allow("jobs.view")
def description_print(staff_id: int):
    """The description as a document: the browser prints it or saves it as PDF."""
    profile = _person(staff_id)
    description = _description(profile)
    number = request.args.get("version", type=int)
    version = _version(description, number) if number else (description.current or description.draft)
    services.log_read(description, current_user, f"version {version.number} printed")
    return render("jobs/print.html", profile=profile, description=description, version=version)


# --- a change of role -------------------------------------------------------------------------------


@bp.route("/people/<int:staff_id>/role", methods=["GET", "POST"])
@allow("jobs.lead")
def role_change(staff_id: int):
    profile = _person(staff_id, "jobs.lead")
    form = RoleChangeForm()
    if request.method == "GET":
        form.changed_on.data = today_in_oslo()
    if form.validate_on_submit():
        try:
            change, for_admin = services.change_role(profile, to_key=form.to_key.data,
                                                     changed_on=form.changed_on.data, note=form.note.data or "",
                                                     actor=current_user)
        except FieldError as error:
            db.session.rollback()
            add_field_error(form, error)
        except ConflictError:
            db.session.rollback()
            add_field_error(form, FieldError("to_key", _("Someone else changed the description in the meantime. "
                                                         "Read it again before recording the change.")))
        else:
            return render("jobs/role_changed.html", profile=profile, change=change,
                          for_admin=", ".join(str(ROLE_LABELS[Role(r)]) for r in sorted(for_admin)),
                          suggest_ec=services.suggests_ec_vacancy(change),
                          team=profile.teams[0] if profile.teams else None)
    description = services.description_of(profile)
    return render("jobs/role_change.html", block="form", form=form, profile=profile,
                  draft=description.draft if description else None, status=form_status(form))
