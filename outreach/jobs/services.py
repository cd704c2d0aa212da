"""Job descriptions: the role templates and each person's description, its drafts,
proposals, sign-off, reviews and role changes. Each operation validates, writes, audits and
commits; who may call which is decided in `outreach/auth/policy.py` ("jobs.*").

The flow: HR or the leader starts a person's description from their role's template (the
common frame) with an individual part. The employee proposes changes to the individual part;
the leader accepts a proposal (its text goes into the draft) or answers it with a comment.
HR and the leader change the frame directly. Both sign; a version signed by both is frozen,
and the next change starts a new draft from it. Any change to a draft after one of them has
signed takes that signature back: they signed a different text.
"""

from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.orm import contains_eager, joinedload, lazyload

from outreach.audit.services import record
from outreach.auth.models import Role, User
from outreach.core.database import check_version, commit_or_conflict, flush_or_conflict
from outreach.core.forms import ConflictError, FieldError
from outreach.core.timeutil import OSLO, today_in_oslo, utcnow
from outreach.extensions import db
from outreach.jobs import reviews
from outreach.jobs.models import INDIVIDUAL_KEY, DescriptionVersion, JobDescription, Proposal, RoleChange, RoleTemplate
from outreach.people.models import StaffProfile
from outreach.people.positions import POSITIONS
from outreach.people.services import led_user_ids

TEXT_MAX = 10000
NOTE_MAX = 2000
INDIVIDUAL_TITLE = "Individuell del"  # a section title: document content, in Norwegian like the templates


class NotAllowed(Exception):
    """The caller may not make this change (the policy should have stopped it first)."""


# --- the templates ----------------------------------------------------------------------------------


def templates() -> list[RoleTemplate]:
    order = list(POSITIONS)
    found = db.session.scalars(select(RoleTemplate)).all()
    return sorted(found, key=lambda t: order.index(t.key) if t.key in order else len(order))


def template_for(key: str) -> RoleTemplate | None:
    return db.session.scalar(select(RoleTemplate).where(RoleTemplate.key == key))


def update_template(template: RoleTemplate, *, summary: str, frame_note: str, texts: dict[str, str], version,
                    actor) -> None:
    """Change a template's texts. Existing descriptions keep theirs; new drafts start from this."""
    check_version(template, version)
    if len(frame_note or "") > 300:
        raise FieldError("frame_note", _("At most %(n)d characters.", n=300))
    for key, text in texts.items():
        if len(text or "") > TEXT_MAX:
            raise FieldError(f"section_{key}", _("At most %(n)d characters.", n=TEXT_MAX))
    changed = [s["key"] for s in template.sections if (texts.get(s["key"], s["text"]) or "").strip() != s["text"]]
    template.sections = [{**s, "text": (texts.get(s["key"], s["text"]) or "").strip()} for s in template.sections]
    template.summary = (summary or "").strip()
    template.frame_note = (frame_note or "").strip()
    template.updated_at, template.updated_by_id = utcnow(), actor.id
    record("jobs.template_update", obj=template, actor=actor,
           summary=f"template {template.key}: " + (", ".join(changed) if changed else "summary or note"))
    commit_or_conflict()


# --- which template a person's description starts from --------------------------------------------


def position_key_for(profile: StaffProfile) -> str:
    """The role template for a person, from their roles and what they work as."""
    roles = profile.user.roles
    if profile.role_type == "ec":
        return "ec"
    if profile.role_type == "peer":
        return "peer"
    if Role.LEADER in roles:
        return "teamleder"
    if Role.SUPERVISOR in roles:
        return "fagkonsulent_ek"
    if Role.HR in roles:
        return "hr"
    if profile.discipline in POSITIONS:
        return profile.discipline
    return "miljoterapeut"  # the section's general professional outreach role


# --- reading ----------------------------------------------------------------------------------------


def description_of(profile: StaffProfile) -> JobDescription | None:
    # `staff` is the profile given, found in the session: not joined and loaded (with the
    # person's roles and teams) once more.
    return db.session.scalar(
        select(JobDescription).options(joinedload(JobDescription.versions), lazyload(JobDescription.staff))
        .where(JobDescription.staff_id == profile.id)
    )


# For lists (the overview): the person is already loaded, and versions without their texts.
_SUMMARY = (lazyload(JobDescription.staff), joinedload(JobDescription.versions).defer(DescriptionVersion.sections))


def description_summary_of(profile: StaffProfile) -> JobDescription | None:
    """The description with its versions' numbers and signatures, not their texts."""
    return db.session.scalar(select(JobDescription).options(*_SUMMARY).where(JobDescription.staff_id == profile.id))


def open_proposals(description: JobDescription) -> list[Proposal]:
    return list(db.session.scalars(
        select(Proposal).where(Proposal.description_id == description.id, Proposal.status == "open")
        .order_by(Proposal.created_at, Proposal.id)
    ))


def proposals_of(description: JobDescription, limit: int = 30) -> list[Proposal]:
    return list(db.session.scalars(
        select(Proposal).where(Proposal.description_id == description.id)
        .order_by(Proposal.created_at.desc(), Proposal.id.desc()).limit(limit)
    ))


def role_changes_of(profile: StaffProfile) -> list[RoleChange]:
    return list(db.session.scalars(
        select(RoleChange).where(RoleChange.staff_id == profile.id).order_by(RoleChange.changed_on.desc())
    ))


def log_read(description: JobDescription, reader, what: str = "description") -> None:
    """Someone else's reading: the individual part may tell of lived experience."""
    if description.staff.user_id != reader.id:
        from outreach.audit.models import AuditKind
        from outreach.audit.services import commit_after_response

        record("jobs.description_read", kind=AuditKind.READ, obj=description, subject_user_id=description.staff.user_id,
               actor=reader, summary=f"job description {description.id}: {what}")
        commit_after_response()


# --- starting and drafting ------------------------------------------------------------------------


def _frame_sections(template: RoleTemplate) -> list[dict]:
    return [{"key": s["key"], "title": s["title"], "text": s["text"], "frame": True} for s in template.sections]


def start(profile: StaffProfile, *, actor, individual: str = "") -> JobDescription:
    """The person's description, started from their role's template as a draft (version 1)."""
    if description_of(profile) is not None:
        raise FieldError("start", _("This person already has a job description."))
    key = position_key_for(profile)
    template = template_for(key)
    if template is None:
        raise FieldError("start", _("There is no template for this role yet."))
    description = JobDescription(staff_id=profile.id, template_key=key)
    sections = [*_frame_sections(template),
                {"key": INDIVIDUAL_KEY, "title": INDIVIDUAL_TITLE, "text": (individual or "").strip(), "frame": False}]
    description.versions.append(DescriptionVersion(number=1, template_key=key, sections=sections,
                                                   created_by_id=actor.id, reason="Ny stillingsbeskrivelse"))
    db.session.add(description)
    flush_or_conflict()
    record("jobs.description_create", obj=description, subject_user_id=profile.user_id, actor=actor,
           summary=f"job description {description.id} from template {key}")
    commit_or_conflict()
    return description


def draft_of(description: JobDescription, *, actor, reason: str = "") -> DescriptionVersion:
    """The working draft: the one there is, or a new copy of the current signed version."""
    if description.draft is not None:
        return description.draft
    current = description.current
    draft = DescriptionVersion(number=max(v.number for v in description.versions) + 1,
                               template_key=description.template_key,
                               sections=[dict(s) for s in current.sections], created_by_id=actor.id,
                               reason=(reason or "")[:300])
    description.versions.append(draft)
    flush_or_conflict()
    record("jobs.draft_start", obj=description, subject_user_id=description.staff.user_id, actor=actor,
           summary=f"job description {description.id}: draft version {draft.number}")
    commit_or_conflict()
    return draft


def _unsign(draft: DescriptionVersion) -> bool:
    """A change after a signature takes the signature back."""
    signed = draft.employee_signed_at is not None or draft.leader_signed_at is not None
    draft.employee_signed_at = draft.leader_signed_at = None
    draft.leader_signed_by_id = None
    return signed


def _text(value: str, field: str) -> str:
    value = (value or "").strip()
    if len(value) > TEXT_MAX:
        raise FieldError(field, _("At most %(n)d characters.", n=TEXT_MAX))
    return value


def edit_sections(draft: DescriptionVersion, *, texts: dict[str, str], frames: set[str], version, actor) -> list[str]:
    """The leader's or HR's edit of the draft: any section's text, and which sections are the
    common frame. Returns the keys changed. A stale form is a ConflictError."""
    check_version(draft, version)
    if draft.is_signed:
        raise NotAllowed("a signed version is frozen")
    changed = []
    sections = []
    for section in draft.sections:
        text = _text(texts.get(section["key"], section["text"]), f"section_{section['key']}")
        frame = section["key"] in frames
        if text != section["text"] or frame != section["frame"]:
            changed.append(section["key"])
        sections.append({**section, "text": text, "frame": frame})
    if not changed:
        return []
    draft.sections = sections
    unsigned = _unsign(draft)
    description = draft.description
    record("jobs.draft_edit", obj=description, subject_user_id=description.staff.user_id, actor=actor,
           summary=f"job description {description.id} version {draft.number}: {', '.join(changed)} changed"
                   + (", signatures taken back" if unsigned else ""))
    commit_or_conflict()
    return changed


# --- proposals --------------------------------------------------------------------------------------


def text_digest(text: str) -> str:
    """A short fingerprint of a section's text: a form carries the one it was loaded with."""
    import hashlib

    return hashlib.sha256((text or "").encode()).hexdigest()[:16]


def propose(description: JobDescription, *, section_key: str, text: str, note: str, actor,
            seen: str | None = None) -> Proposal:
    """The employee's proposal for an individual section of the draft (started if needed).
    `seen` is "key:digest" of the section as the form showed it: if the leader has changed
    that section since, the proposal would undo their change, so it is a ConflictError."""
    if description.staff.user_id != actor.id:
        raise NotAllowed("only the employee proposes")
    # Checked against the text as it stands, before any new draft is started for it.
    section = (description.draft or description.current).section(section_key)
    if section is None:
        raise FieldError("section_key", _("Choose a section of your description."))
    if seen and seen.partition(":")[0] == section_key and seen.partition(":")[2] != text_digest(section["text"]):
        raise ConflictError()
    if section["frame"]:
        raise FieldError("section_key", _("This section is the common frame: HR and your leader change it. Write "
                                          "what you would like changed as a comment to your leader instead."))
    text = _text(text, "text")
    if text == section["text"]:
        raise FieldError("text", _("The text is the same as now: change it before proposing."))
    if len(note or "") > NOTE_MAX:
        raise FieldError("note", _("At most %(n)d characters.", n=NOTE_MAX))
    draft = draft_of(description, actor=actor, reason="Forslag fra den ansatte")
    for earlier in db.session.scalars(select(Proposal).where(
            Proposal.version_id == draft.id, Proposal.section_key == section_key, Proposal.status == "open")):
        earlier.status, earlier.decided_at = "withdrawn", utcnow()  # the newest proposal replaces it
    proposal = Proposal(description_id=description.id, version_id=draft.id, section_key=section_key,
                        base_text=section["text"], text=text, note=(note or "").strip(), author_id=actor.id)
    db.session.add(proposal)
    unsigned = _unsign(draft)
    flush_or_conflict()
    record("jobs.proposal_create", obj=description, subject_user_id=actor.id, actor=actor,
           summary=f"job description {description.id}: proposal {proposal.id} for {section_key}"
                   + (", signatures taken back" if unsigned else ""))
    commit_or_conflict()
    return proposal


def _open(proposal: Proposal) -> None:
    if proposal.status != "open":
        raise FieldError("comment", _("The proposal has already been answered."))


def _answer(proposal: Proposal, status: str, actor, comment: str = "") -> None:
    """Give the proposal its answer, if nobody else has in the meantime: the status is the
    row's version (models.Proposal), so of two answers at once the second is refused."""
    proposal.status, proposal.comment = status, comment or proposal.comment
    proposal.decided_by_id, proposal.decided_at = actor.id, utcnow()
    try:
        flush_or_conflict()
    except ConflictError as error:
        raise FieldError("comment", _("The proposal has already been answered.")) from error


def accept(proposal: Proposal, *, actor) -> None:
    """Take the proposal's text into the draft, if the section still reads as it did."""
    _open(proposal)
    draft = proposal.draft
    section = draft.section(proposal.section_key)
    if section is None or draft.is_signed:
        raise FieldError("comment", _("The draft the proposal was made for is no longer open."))
    if section["text"] != proposal.base_text:
        raise FieldError("comment", _("The section has changed since the proposal was made. Read it again and "
                                      "comment, or ask for a new proposal."))
    _answer(proposal, "accepted", actor)
    draft.sections = [{**s, "text": proposal.text} if s["key"] == proposal.section_key else s
                      for s in draft.sections]
    _unsign(draft)
    record("jobs.proposal_accept", obj=proposal.draft.description, subject_user_id=proposal.author_id, actor=actor,
           summary=f"job description {proposal.description_id}: proposal {proposal.id} accepted")
    commit_or_conflict()


def comment(proposal: Proposal, text: str, *, actor) -> None:
    """Answer with a comment instead: the proposal is not taken in; the employee may propose again."""
    _open(proposal)
    text = (text or "").strip()
    if not text:
        raise FieldError("comment", _("Write the comment to the employee."))
    if len(text) > NOTE_MAX:
        raise FieldError("comment", _("At most %(n)d characters.", n=NOTE_MAX))
    _answer(proposal, "commented", actor, text)
    record("jobs.proposal_comment", obj=proposal.draft.description, subject_user_id=proposal.author_id, actor=actor,
           summary=f"job description {proposal.description_id}: proposal {proposal.id} commented")
    commit_or_conflict()


def withdraw(proposal: Proposal, *, actor) -> None:
    _open(proposal)
    _answer(proposal, "withdrawn", actor)
    record("jobs.proposal_withdraw", obj=proposal.draft.description, subject_user_id=proposal.author_id,
           actor=actor, summary=f"job description {proposal.description_id}: proposal {proposal.id} withdrawn")
    commit_or_conflict()


# --- sign-off and reviews ---------------------------------------------------------------------------


def review_settings() -> dict:
    config = current_app.config
    return {"new_ec_months": tuple(config["JOB_REVIEW_NEW_EC_MONTHS"]),
            "interval_months": config["JOB_REVIEW_INTERVAL_MONTHS"]}


def next_review_for(description: JobDescription, today: date | None = None) -> date:
    current = description.current
    last = current.signed_on.astimezone(OSLO).date() if current is not None else None
    return reviews.next_review(role_type=description.staff.role_type, start_date=description.staff.start_date,
                               last_signed=last, today=today or today_in_oslo(), **review_settings())


def sign(description: JobDescription, *, as_employee: bool, version, actor) -> DescriptionVersion:
    """Sign the draft as it was shown (`version`). The second signature freezes it."""
    draft = description.draft
    if draft is None:
        raise FieldError("sign", _("There is nothing to sign: the description is signed."))
    check_version(draft, version)
    if open_proposals(description):
        raise FieldError("sign", _("Answer the open proposals before signing."))
    now = utcnow()
    if as_employee:
        if description.staff.user_id != actor.id:
            raise NotAllowed("only the employee signs as the employee")
        draft.employee_signed_at = now
    else:
        if description.staff.user_id == actor.id:
            raise NotAllowed("nobody signs their own description as the leader")
        draft.leader_signed_at, draft.leader_signed_by_id = now, actor.id
    who = "employee" if as_employee else "leader"
    if draft.is_signed:
        description.next_review_on = next_review_for(description)
    record("jobs.sign", obj=description, subject_user_id=description.staff.user_id, actor=actor,
           summary=f"job description {description.id} version {draft.number}: signed by the {who}"
                   + (f", frozen; next review {description.next_review_on.isoformat()}" if draft.is_signed else ""))
    commit_or_conflict()
    return draft


@dataclass
class DueReview:
    description: JobDescription
    due: date
    overdue: bool


def reviews_due(user, *, today: date | None = None, soon_days: int = 14, limit: int = 50) -> list[DueReview]:
    """Descriptions due for review within `soon_days` (or overdue) that `user` follows: their
    own, the people they lead, and for HR everyone's."""
    today = today or today_in_oslo()
    from datetime import timedelta

    query = (select(JobDescription).options(joinedload(JobDescription.staff))
             .where(JobDescription.next_review_on <= today + timedelta(days=soon_days)))
    if not user.has_role(Role.HR):
        query = query.join(StaffProfile, StaffProfile.id == JobDescription.staff_id).where(
            or_(StaffProfile.user_id == user.id, StaffProfile.user_id.in_(led_user_ids(user))))
    found = db.session.scalars(query.order_by(JobDescription.next_review_on, JobDescription.id).limit(limit))
    return [DueReview(d, d.next_review_on, d.next_review_on < today) for d in found]


def waiting_proposals(user, limit: int = 50) -> list[Proposal]:
    """Open proposals for `user` to answer: from the people they lead, for HR from everyone."""
    query = (select(Proposal).where(Proposal.status == "open")
             .options(joinedload(Proposal.author),
                      joinedload(Proposal.draft).joinedload(DescriptionVersion.description)))
    if not user.has_role(Role.HR):
        query = query.where(Proposal.author_id.in_(led_user_ids(user)))
    return list(db.session.scalars(query.order_by(Proposal.created_at, Proposal.id).limit(limit)))


# --- the list for leaders and HR --------------------------------------------------------------------


def staff_overview(user, text: str = ""):
    """People whose descriptions `user` follows, the soonest review first and those without a
    description last (a select of StaffProfile for db.paginate; `descriptions_for` adds theirs)."""
    # The list shows name and title: the people's roles and teams are not read (two queries less).
    query = (select(StaffProfile).join(User, User.id == StaffProfile.user_id)
             .outerjoin(JobDescription, JobDescription.staff_id == StaffProfile.id)
             .options(contains_eager(StaffProfile.user).lazyload(User.role_rows), lazyload(StaffProfile.teams))
             .where(User.active.is_(True)))
    if not user.has_role(Role.HR):
        query = query.where(StaffProfile.user_id.in_(led_user_ids(user)))
    if text.strip():
        query = query.where(func.lower(User.full_name).contains(text.strip().lower(), autoescape=True))
    return query.order_by(JobDescription.next_review_on.is_(None), JobDescription.next_review_on,
                          func.lower(User.full_name), StaffProfile.id)


def descriptions_for(staff_ids) -> dict[int, JobDescription]:
    if not staff_ids:
        return {}
    found = db.session.scalars(select(JobDescription).options(*_SUMMARY)
                               .where(JobDescription.staff_id.in_(list(staff_ids)))).unique()
    return {d.staff_id: d for d in found}


# --- a change of role -------------------------------------------------------------------------------

def change_role(profile: StaffProfile, *, to_key: str, changed_on: date | None, note: str,
                actor) -> tuple[RoleChange, set[str]]:
    """Record a change of role as history, give the profile the new role and working roles,
    and start the description's next draft from the new role's template (the individual part
    and its proposals kept). Returns the change and the account roles giving rights (leader,
    HR, supervisor) that the administrator should now give or take: they are not changed here."""
    from outreach.auth.services import set_position_roles
    from outreach.people.services import update_profile

    if to_key not in POSITIONS:
        raise FieldError("to_key", _("Choose the new role."))
    description = description_of(profile)
    from_key = description.template_key if description else position_key_for(profile)
    if to_key == from_key:
        raise FieldError("to_key", _("That is the role the person has now."))
    if changed_on is None:
        raise FieldError("changed_on", _("Give the date of the change."))
    if len(note or "") > NOTE_MAX:
        raise FieldError("note", _("At most %(n)d characters.", n=NOTE_MAX))
    template = template_for(to_key)
    if template is None:
        raise FieldError("to_key", _("There is no template for this role yet."))
    position, old = POSITIONS[to_key], POSITIONS.get(from_key)
    change = RoleChange(staff_id=profile.id, from_key=from_key, to_key=to_key, changed_on=changed_on,
                        note=(note or "").strip(), recorded_by_id=actor.id)
    db.session.add(change)
    update_profile(profile, {"role_type": position.role_type, "discipline": position.discipline,
                             "title": position.title}, actor=actor, commit=False)
    for_admin = set_position_roles(profile.user, remove=old.roles if old else (), add=position.roles, actor=actor)
    if description is not None:
        old = description.draft
        individual = next((s for s in (old or description.current).sections if s["key"] == INDIVIDUAL_KEY), None)
        description.template_key = to_key
        number = max((v.number for v in description.versions), default=0) + 1
        sections = [*_frame_sections(template), individual or {"key": INDIVIDUAL_KEY, "title": INDIVIDUAL_TITLE,
                                                                "text": "", "frame": False}]
        new = DescriptionVersion(number=number, template_key=to_key, sections=sections, created_by_id=actor.id,
                                 reason="Ny rolle")
        description.versions.append(new)
        flush_or_conflict()
        if old is not None:
            # The old role's draft gives way; its proposals move to the new draft, where the
            # individual part is the same. One for a section the new role has not is closed.
            for proposal in db.session.scalars(select(Proposal).where(Proposal.version_id == old.id)):
                proposal.version_id = new.id
                if proposal.status == "open" and not any(
                        s["key"] == proposal.section_key and not s["frame"] for s in sections):
                    proposal.status, proposal.decided_at = "withdrawn", utcnow()
                    proposal.comment = "Lukket ved rolleskifte"
            db.session.flush()
            description.versions.remove(old)
    flush_or_conflict()
    record("jobs.role_change", obj=change, subject_user_id=profile.user_id, actor=actor,
           summary=f"staff {profile.id}: {from_key} -> {to_key} from {changed_on.isoformat()}")
    commit_or_conflict()
    return change, for_admin


def suggests_ec_vacancy(change: RoleChange) -> bool:
    """An EC who moves to another role frees an EC position: announce it as one again (004:1400-1418)."""
    return change.from_key == "ec" and change.to_key != "ec"
