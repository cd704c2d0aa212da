"""Supervision sessions: planning and registering them, and what is said in them.

A session's facts (when, kind, duration, status, who) are for the people in the room, the
leaders of its participants, HR and the administrator. What is said (the shared summary or
minutes, the supervisor's private notes, themes, actions, items to take further,
preparation notes) is for the people in the room only; `outreach/auth/policy.py` decides,
the views ask it. Every read of content by someone is logged for each other person in the
room, so that they see it on "who has looked at my data". Audit summaries name ids, kinds
and dates, never what was said.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import gettext as _
from sqlalchemy import exists, false, func, or_, select
from sqlalchemy.orm import joinedload, lazyload
from sqlalchemy.orm.attributes import flag_modified

from outreach.audit.services import record, record_reads
from outreach.auth.models import Role, User
from outreach.auth.policy import can
from outreach.core.database import check_version, commit_or_conflict, flush_or_conflict, is_row_id
from outreach.core.forms import FieldError
from outreach.core.identifiers import findings_summary, guard_fields
from outreach.core.timeutil import OSLO, utcnow
from outreach.extensions import db
from outreach.people.models import StaffProfile
from outreach.people.services import led_user_ids
from outreach.supervision import agenda, talks
from outreach.supervision.models import (
    FurtherItem,
    NoteKind,
    PreparationNote,
    Recipient,
    SessionAction,
    SessionKind,
    SessionNote,
    SessionParticipant,
    SessionStatus,
    SupervisionGroup,
    SupervisionSession,
    SupervisionTheme,
    TalkRequest,
)

MIN_DURATION, MAX_DURATION = 15, 480
# Days outside this range are refused: far from today they are typing errors, and at the
# ends of the calendar the conversion from Oslo time to UTC would overflow.
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)
COMING_UP = 5

# For audit summaries (English, like every summary): what kind of session, never its content.
_KIND_WORDS = {
    SessionKind.INDIVIDUAL: "individual supervision",
    SessionKind.GROUP: "group supervision",
    SessionKind.CASE: "case supervision",
    SessionKind.PRACTICE: "practice supervision",
}


def describe(session: SupervisionSession) -> str:
    """"individual supervision 2026-03-12": for audit summaries."""
    return f"{_KIND_WORDS[SessionKind(session.kind)]} {session.starts_at.astimezone(OSLO).date().isoformat()}"


def shared_part(session: SupervisionSession) -> str:
    """What the shared text is called in audit summaries."""
    if session.kind == SessionKind.INDIVIDUAL:
        return "shared summary"
    return "minutes" if session.kind == SessionKind.GROUP else "shared notes"


def starts_at(day: date, start: time) -> datetime:
    """A day and a time in Oslo, as the UTC instant it is stored as."""
    return datetime.combine(day, start, OSLO).astimezone(UTC)


def _today() -> date:
    """Today in Oslo: a session is held on its Oslo date."""
    return utcnow().astimezone(OSLO).date()


def _subject(session: SupervisionSession, actor) -> int | None:
    """Whose data a change to an individual session's content concerns: the supervisee's,
    unless they made it themselves (then it is not "someone else changed my data")."""
    supervisee = session.supervisee
    if supervisee is None or getattr(actor, "id", None) == supervisee.id:
        return None
    return supervisee.id


# --- who sees which session (the facts) -----------------------------------------------------


def _visible_to(user):
    """Sessions whose facts `user` may see ("supervision.view"), as a where clause."""
    if user.has_role(Role.HR, Role.ADMIN):
        return None
    mine = or_(
        SupervisionSession.supervisor_id == user.id,
        SupervisionSession.id.in_(select(SessionParticipant.session_id).where(SessionParticipant.user_id == user.id)),
    )
    if not user.has_role(Role.LEADER):
        return mine
    led = select(SessionParticipant.session_id).where(SessionParticipant.user_id.in_(led_user_ids(user)))
    return or_(mine, SupervisionSession.id.in_(led))


def _with_supervisor(query):
    """Join the supervisor (without their staff profile). The participants are not loaded:
    the lists show only their names (`participant_names`), and a participant row and an
    account object for each of a few hundred people was most of the list's time."""
    return query.options(
        joinedload(SupervisionSession.supervisor).lazyload(User.profile),
        lazyload(SupervisionSession.participants),
    )


def participant_names(session_ids) -> dict[int, list[str]]:
    """{session id: its participants' names}, in the order of SupervisionSession.people, for
    many sessions in one query."""
    names: dict[int, list[str]] = {}
    if not session_ids:
        return names
    for session_id, name in db.session.execute(
        select(SessionParticipant.session_id, User.full_name)
        .join(User, User.id == SessionParticipant.user_id)
        .where(SessionParticipant.session_id.in_(set(session_ids)))
    ):
        names.setdefault(session_id, []).append(name)
    for people in names.values():
        people.sort()
    return names


@dataclass
class SessionFilter:
    kind: str = ""
    status: str = ""
    person: str = ""
    first: date | None = None
    last: date | None = None


def session_list(user, filters: SessionFilter | None = None):
    """The sessions `user` may see the facts of, the latest first (a select for db.paginate;
    `participant_names` gives their participants)."""
    filters = filters or SessionFilter()
    query = _with_supervisor(select(SupervisionSession))
    visible = _visible_to(user)
    if visible is not None:
        query = query.where(visible)
    if filters.kind in {k.value for k in SessionKind}:
        query = query.where(SupervisionSession.kind == filters.kind)
    if filters.status in {s.value for s in SessionStatus}:
        query = query.where(SupervisionSession.status == filters.status)
    if filters.person.strip():
        needle = filters.person.strip().lower()
        named = select(User.id).where(func.lower(User.full_name).contains(needle, autoescape=True))
        query = query.where(or_(
            SupervisionSession.supervisor_id.in_(named),
            SupervisionSession.id.in_(select(SessionParticipant.session_id)
                                      .where(SessionParticipant.user_id.in_(named))),
        ))
    if filters.first:
        query = query.where(SupervisionSession.starts_at >= starts_at(filters.first, time.min))
    if filters.last:
        query = query.where(SupervisionSession.starts_at < starts_at(filters.last + timedelta(days=1), time.min))
    return query.order_by(SupervisionSession.starts_at.desc(), SupervisionSession.id.desc())


def coming_up(user, now: datetime | None = None, limit: int = COMING_UP) -> list[SupervisionSession]:
    """`user`'s own planned sessions from today on, the soonest first."""
    today = (now or utcnow()).astimezone(OSLO).date()
    mine = or_(
        SupervisionSession.supervisor_id == user.id,
        SupervisionSession.id.in_(select(SessionParticipant.session_id).where(SessionParticipant.user_id == user.id)),
    )
    query = _with_supervisor(select(SupervisionSession)).where(
        mine, SupervisionSession.status == SessionStatus.PLANNED.value,
        SupervisionSession.starts_at >= starts_at(today, time.min),
    ).order_by(SupervisionSession.starts_at, SupervisionSession.id).limit(limit)
    return list(db.session.scalars(query))


# --- what the planning form offers -----------------------------------------------------------


def participant_choices(supervisor, keep_ids=()) -> list[tuple[User, bool]]:
    """Who may be in a session: active people with a staff profile other than the supervisor,
    the supervisor's own supervisees first. (user, is_own_supervisee) pairs. `keep_ids` are
    present participants, offered even if they are no longer active."""
    query = (
        select(User, StaffProfile.supervisor_id).join(StaffProfile, StaffProfile.user_id == User.id)
        .where(User.id != supervisor.id, or_(User.active.is_(True), User.id.in_(list(keep_ids) or [-1])))
        .order_by(func.lower(User.full_name), User.id)
    )
    rows = [(user, supervisor_id == supervisor.id) for user, supervisor_id in db.session.execute(query)]
    return [row for row in rows if row[1]] + [row for row in rows if not row[1]]


def manageable_groups(user, keep_id: int | None = None) -> list[SupervisionGroup]:
    """The active groups `user` may plan sessions for ("supervision.manage_group")."""
    query = select(SupervisionGroup).where(or_(SupervisionGroup.active.is_(True), SupervisionGroup.id == keep_id))
    if not user.has_role(Role.ADMIN):
        query = query.where(SupervisionGroup.supervisor_id == user.id)
    groups = db.session.scalars(query.order_by(SupervisionGroup.name)).all()
    return [g for g in groups if can(user, "supervision.manage_group", g)]


def theme_choices(keep_ids=()) -> list[SupervisionTheme]:
    return list(db.session.scalars(
        select(SupervisionTheme)
        .where(or_(SupervisionTheme.active.is_(True), SupervisionTheme.id.in_(list(keep_ids) or [-1])))
        .order_by(SupervisionTheme.position, SupervisionTheme.name)
    ))


# --- planning and registering ----------------------------------------------------------------


@dataclass
class SessionInput:
    kind: str
    day: date
    start: time
    duration_minutes: int
    status: str = SessionStatus.PLANNED.value
    participant_ids: list[int] = field(default_factory=list)
    group_id: int | None = None
    theme_ids: list[int] = field(default_factory=list)


def _validate(data: SessionInput, supervisor,
              session: SupervisionSession | None) -> tuple[list[int], SupervisionGroup | None]:
    """The participants the input means (and its group), or a FieldError."""
    if data.kind not in {k.value for k in SessionKind}:
        raise FieldError("kind", _("Choose a kind of supervision."))
    if session is None and data.status not in (SessionStatus.PLANNED.value, SessionStatus.HELD.value):
        raise FieldError("status", _("Choose planned or held."))
    if not (MIN_DURATION <= (data.duration_minutes or 0) <= MAX_DURATION):
        raise FieldError("duration_minutes", _("Between %(low)d and %(high)d minutes.", low=MIN_DURATION,
                                                high=MAX_DURATION))
    if not (FIRST_DAY <= data.day <= LAST_DAY):
        raise FieldError("day", _("Give a date between %(first)d and %(last)d.", first=FIRST_DAY.year,
                                  last=LAST_DAY.year))
    if data.status == SessionStatus.HELD and data.day > _today():
        if session is None:
            raise FieldError("status", _("A session after today cannot be registered as held. Choose planned, or "
                                         "correct the date."))
        raise FieldError("day", _("The session is held: its date cannot be after today."))
    present = session.participant_ids if session is not None else set()
    if session is not None and session.status != SessionStatus.PLANNED:
        # Once held or cancelled, who was there is settled: content belongs to those people.
        return sorted(present), session.group
    if data.kind == SessionKind.GROUP:
        if session is not None and data.group_id == session.group_id:
            # The same group: the people invited stay as they are. Its members are copied only
            # when the group is chosen, so that whoever joined it since does not walk into a
            # session (and its text) that was planned before.
            return sorted(present), session.group
        group = db.session.get(SupervisionGroup, data.group_id) if is_row_id(data.group_id) else None
        keep = session.group_id if session is not None else None
        if group is None or group not in manageable_groups(supervisor, keep_id=keep):
            raise FieldError("group_id", _("Choose a group."))
        members = sorted(group.member_ids - {supervisor.id})
        if not members:
            raise FieldError("group_id", _("The group has no members yet."))
        return members, group
    allowed = {user.id for user, _own in participant_choices(supervisor, keep_ids=present)}
    chosen = sorted(set(data.participant_ids or []))
    if any(user_id not in allowed for user_id in chosen):
        raise FieldError("participant_ids", _("Choose among the people listed."))
    if data.kind == SessionKind.INDIVIDUAL and len(chosen) != 1:
        raise FieldError("participant_ids", _("Individual supervision is with one person: choose exactly one."))
    if not chosen:
        raise FieldError("participant_ids", _("Choose at least one participant."))
    return chosen, None


def _themes(theme_ids, keep_ids=()) -> list[SupervisionTheme]:
    allowed = {t.id: t for t in theme_choices(keep_ids)}
    if any(theme_id not in allowed for theme_id in theme_ids or []):
        raise FieldError("theme_ids", _("Choose among the themes listed."))
    return [allowed[theme_id] for theme_id in sorted(set(theme_ids or []), key=lambda i: allowed[i].position)]


def has_content(session: SupervisionSession) -> bool:
    """Whether anything has been said or chosen for the session: a note or preparation with
    text, an action, an item to take further, a theme. One query (and the loaded themes)."""
    if session.themes:
        return True
    written = or_(
        exists().where(SessionNote.session_id == session.id, SessionNote.body != ""),
        exists().where(SessionAction.session_id == session.id),
        exists().where(FurtherItem.session_id == session.id),
        exists().where(PreparationNote.session_id == session.id, PreparationNote.body != ""),
    )
    return bool(db.session.scalar(select(written)))


def create_session(supervisor, data: SessionInput, *, talk: TalkRequest | None = None,
                   actor=None) -> SupervisionSession:
    """Plan a session, or register one that was held. The supervisor is the one planning.
    `talk` is the request for a talk it answers: marked planned in the same transaction."""
    participant_ids, group = _validate(data, supervisor, None)
    themes = _themes(data.theme_ids)
    session = SupervisionSession(
        kind=data.kind, status=data.status, starts_at=starts_at(data.day, data.start),
        duration_minutes=data.duration_minutes, supervisor_id=supervisor.id,
        group_id=group.id if group is not None else None,
        participants=[SessionParticipant(user_id=user_id) for user_id in participant_ids],
        themes=themes,
    )
    db.session.add(session)
    db.session.flush()
    if session.status == SessionStatus.HELD:
        agenda.take_agenda(session)
    record("supervision.session_create", obj=session, actor=actor,
           summary=f"{describe(session)}, {session.status}, {len(participant_ids)} participant(s), "
                   f"{session.duration_minutes} min")
    if talk is not None:
        talks.mark_planned(talk, session, actor, commit=False)
    commit_or_conflict()
    return session


def update_session(session: SupervisionSession, data: SessionInput, *, version, actor=None) -> SupervisionSession:
    """Change a session's facts and themes. The kind stays; the participants (or the group)
    only while planned and nothing is written for it yet: what is written belongs to the
    people it was written with, and must not reach someone new nor stay with someone gone."""
    check_version(session, version)
    data.kind, data.status = session.kind, session.status
    participant_ids, group = _validate(data, session.supervisor, session)
    group_changed = group is not None and group.id != session.group_id
    if (group_changed or set(participant_ids) != session.participant_ids) and has_content(session):
        if session.kind == SessionKind.GROUP:
            raise FieldError("group_id", _("The group can no longer change: something has been written or themes "
                                           "chosen for this session, and it belongs to the people in it. Cancel the "
                                           "session and plan a new one instead."))
        raise FieldError("participant_ids", _("Who takes part can no longer change: something has been written or "
                                              "themes chosen for this session, and it belongs to the people in it. "
                                              "Cancel the session and plan a new one instead."))
    if session.content_purged_at is not None:
        # What was said is gone after the retention period; themes would bring some of it back.
        if data.theme_ids:
            raise FieldError("theme_ids", _("The content of this session was deleted after the retention period: "
                                            "it can have no themes."))
        themes = []
    else:
        themes = _themes(data.theme_ids, keep_ids=[t.id for t in session.themes])
    with db.session.no_autoflush:
        session.starts_at = starts_at(data.day, data.start)
        session.duration_minutes = data.duration_minutes
        session.group_id = group.id if group is not None else None
        if set(participant_ids) != session.participant_ids:
            keep = {p.user_id: p for p in session.participants}
            session.participants = [keep.get(user_id) or SessionParticipant(user_id=user_id)
                                    for user_id in participant_ids]
        session.themes = themes
        flag_modified(session, "kind")  # the row changes, so the version moves even for themes alone
    flush_or_conflict()
    record("supervision.session_update", obj=session, actor=actor,
           summary=f"{describe(session)}: facts changed, {len(participant_ids)} participant(s), "
                   f"{session.duration_minutes} min")
    commit_or_conflict()
    return session


class WrongStatus(Exception):
    """Only a planned session can be marked held or cancelled."""


class NotYet(Exception):
    """A session dated after today (in Oslo) cannot have been held."""


def is_future(session: SupervisionSession) -> bool:
    return session.starts_at.astimezone(OSLO).date() > _today()


def mark_held(session: SupervisionSession, *, actor=None) -> None:
    """The session took place: the agenda waiting for it was brought to it."""
    if session.status != SessionStatus.PLANNED:
        raise WrongStatus()
    if is_future(session):
        raise NotYet()
    agenda.take_agenda(session)
    session.status = SessionStatus.HELD.value
    record("supervision.session_update", obj=session, actor=actor, summary=f"{describe(session)}: marked held")
    commit_or_conflict()


def cancel_session(session: SupervisionSession, *, actor=None) -> None:
    if session.status != SessionStatus.PLANNED:
        raise WrongStatus()
    session.status = SessionStatus.CANCELLED.value
    record("supervision.session_update", obj=session, actor=actor, summary=f"{describe(session)}: cancelled")
    commit_or_conflict()


def set_attendance(session: SupervisionSession, attended_ids, *, actor=None) -> None:
    """Who came to a held group session."""
    if session.kind != SessionKind.GROUP or session.status != SessionStatus.HELD:
        raise WrongStatus()
    attended = set(attended_ids or [])
    for participant in session.participants:
        participant.attended = participant.user_id in attended
    came = sum(1 for p in session.participants if p.attended)
    record("supervision.session_update", obj=session, actor=actor,
           summary=f"{describe(session)}: attendance {came} of {len(session.participants)}")
    commit_or_conflict()


# --- logging reads ---------------------------------------------------------------------------


def read_subjects(session: SupervisionSession, reader) -> list[int]:
    """Whose content `reader` reads: every participant but the reader. (The supervisor's
    reading concerns each supervisee; a participant's the other participants.)"""
    return sorted(p.user_id for p in session.participants if p.user_id != reader.id)


def log_content_read(session: SupervisionSession, reader, parts: list[str]) -> None:
    """One READ row per other person in the room, naming the parts shown (not their text)."""
    if not parts:
        return
    summary = f"{describe(session)}: {', '.join(parts)}"
    record_reads("supervision.content_read",
                 [(session, subject, summary) for subject in read_subjects(session, reader)], actor=reader)


def log_preparation_reads(notes: list[PreparationNote], reader) -> None:
    record_reads("supervision.preparation_read",
                 [(note, note.author_id, f"{describe(note.session)}: preparation note")
                  for note in notes if note.author_id != reader.id], actor=reader)


def log_further_reads(items: list[FurtherItem], reader) -> None:
    shown = [item for item in items if item.supervisee_id != reader.id]
    record_reads("supervision.further_read",
                 [(item, item.supervisee_id, f"{describe(item.session)}: item {item.id} to take further "
                                             f"({item.recipient})") for item in shown], actor=reader)


# --- the shared summary (minutes, shared notes) and the private notes ------------------------


def note_for(session: SupervisionSession, kind: str) -> SessionNote | None:
    return db.session.scalar(
        select(SessionNote).options(joinedload(SessionNote.updated_by))
        .where(SessionNote.session_id == session.id, SessionNote.kind == kind)
    )


def _record_confirmed(obj, findings, actor, session) -> None:
    if findings:
        record("supervision.identifiers_confirmed", obj=obj, actor=actor,
               summary=f"{describe(session)}: confirmed as not client identifiers: {findings_summary(findings)}")


def save_note(session: SupervisionSession, kind: str, body: str, *, version, confirmed: str | None = None,
              actor) -> SessionNote:
    """Write the shared text or the supervisor's private notes.

    `version` is the version the writer started from ("" for a new note): another save in
    between is a ConflictError. Identifiers the writer has not confirmed raise
    IdentifiersFound and nothing is saved."""
    if kind not in {k.value for k in NoteKind}:
        raise ValueError(kind)
    if session.content_purged_at is not None:
        raise ValueError("content purged")
    note = note_for(session, kind)
    check_version(note, version)
    findings = guard_fields({"body": body}, confirmed)
    with db.session.no_autoflush:
        if note is None:
            note = SessionNote(session_id=session.id, kind=kind)
            db.session.add(note)
        note.body = (body or "").strip()
        note.updated_at = utcnow()
        note.updated_by_id = actor.id
    flush_or_conflict()
    part = "private notes" if kind == NoteKind.PRIVATE else shared_part(session)
    record("supervision.note_update", obj=note, actor=actor, subject_user_id=_subject(session, actor),
           summary=f"{describe(session)}: {part}")
    _record_confirmed(note, findings, actor, session)
    commit_or_conflict()
    return note


# --- agreed actions --------------------------------------------------------------------------


def actions_of(session: SupervisionSession) -> list[SessionAction]:
    return list(db.session.scalars(
        select(SessionAction).options(joinedload(SessionAction.owner)).where(SessionAction.session_id == session.id)
        .order_by(SessionAction.done_at.is_not(None), SessionAction.due_date.is_(None), SessionAction.due_date,
                  SessionAction.id)
    ))


def people_in_room(session: SupervisionSession) -> list[User]:
    return [session.supervisor, *session.people]


def add_action(session: SupervisionSession, *, text: str, owner_id: int, due_date: date | None,
               confirmed: str | None = None, actor) -> SessionAction:
    if session.content_purged_at is not None:
        raise ValueError("content purged")
    text = (text or "").strip()
    if not text:
        raise FieldError("text", _("Write what is to be done."))
    if owner_id not in {u.id for u in people_in_room(session)}:
        raise FieldError("owner_id", _("Choose one of the people in the session."))
    if due_date is not None and not (FIRST_DAY <= due_date <= LAST_DAY):
        raise FieldError("due_date", _("Give a date between %(first)d and %(last)d.", first=FIRST_DAY.year,
                                       last=LAST_DAY.year))
    findings = guard_fields({"text": text}, confirmed)
    action = SessionAction(session_id=session.id, text=text, owner_id=owner_id, due_date=due_date,
                           created_by_id=actor.id)
    db.session.add(action)
    db.session.flush()
    record("supervision.action_create", obj=action, actor=actor, subject_user_id=_subject(session, actor),
           summary=f"{describe(session)}: action {action.id}" + (f", due {due_date.isoformat()}" if due_date else ""))
    _record_confirmed(action, findings, actor, session)
    commit_or_conflict()
    return action


def set_action_done(action: SessionAction, done: bool, *, actor) -> None:
    if action.session.content_purged_at is not None:
        raise ValueError("content purged")
    if done == (action.done_at is not None):
        return
    action.done_at = utcnow() if done else None
    record("supervision.action_update", obj=action, actor=actor, subject_user_id=_subject(action.session, actor),
           summary=f"{describe(action.session)}: action {action.id} {'done' if done else 'not done'}")
    commit_or_conflict()


# --- take this further -----------------------------------------------------------------------


def further_items(session: SupervisionSession) -> list[FurtherItem]:
    return list(db.session.scalars(
        select(FurtherItem).where(FurtherItem.session_id == session.id).order_by(FurtherItem.created_at, FurtherItem.id)
    ))


def _recipient(value: str) -> str:
    if value not in {r.value for r in Recipient}:
        raise FieldError("recipient", _("Choose who it is for."))
    return value


def write_further(session: SupervisionSession, *, recipient: str, body: str, confirmed: str | None = None,
                  actor) -> FurtherItem:
    """Write an item to take further. Nobody outside the session reads it until the
    supervisee agrees."""
    if not session.is_individual or session.supervisee is None or session.content_purged_at is not None:
        raise ValueError("not an individual session with content")
    recipient = _recipient(recipient)
    body = (body or "").strip()
    if not body:
        raise FieldError("body", _("Write what should go further."))
    findings = guard_fields({"body": body}, confirmed)
    item = FurtherItem(session_id=session.id, supervisee_id=session.supervisee.id, recipient=recipient, body=body,
                       written_by_id=actor.id)
    db.session.add(item)
    db.session.flush()
    record("supervision.further_create", obj=item, actor=actor, subject_user_id=_subject(session, actor),
           summary=f"{describe(session)}: item {item.id} to take further ({recipient})")
    _record_confirmed(item, findings, actor, session)
    commit_or_conflict()
    return item


def update_further(item: FurtherItem, *, recipient: str, body: str, version, confirmed: str | None = None,
                   actor) -> FurtherItem:
    """Change an item. A changed text or recipient needs the supervisee's agreement again:
    they agreed to what it said, to whom."""
    check_version(item, version)
    recipient = _recipient(recipient)
    body = (body or "").strip()
    if not body:
        raise FieldError("body", _("Write what should go further."))
    findings = guard_fields({"body": body}, confirmed)
    if body == item.body and recipient == item.recipient:
        return item
    was_agreed = item.agreed_at is not None
    item.body, item.recipient = body, recipient
    item.agreed_at = None
    item.withdrawn_at = None
    flush_or_conflict()
    record("supervision.further_update", obj=item, actor=actor, subject_user_id=_subject(item.session, actor),
           summary=f"{describe(item.session)}: item {item.id} changed ({recipient})"
                   + (", agreement reset" if was_agreed else ""))
    _record_confirmed(item, findings, actor, item.session)
    commit_or_conflict()
    return item


def agree_further(item: FurtherItem, *, version, actor) -> None:
    """The supervisee agrees to the text they saw (`version`): then the recipient may read it."""
    check_version(item, version)
    if item.is_shared:
        return
    item.agreed_at = utcnow()
    item.withdrawn_at = None
    record("supervision.further_agree", obj=item, actor=actor, subject_user_id=item.supervisee_id,
           summary=f"{describe(item.session)}: item {item.id} agreed ({item.recipient})")
    commit_or_conflict()


def withdraw_further(item: FurtherItem, *, actor) -> None:
    if not item.is_shared:
        return
    item.withdrawn_at = utcnow()
    record("supervision.further_withdraw", obj=item, actor=actor, subject_user_id=item.supervisee_id,
           summary=f"{describe(item.session)}: item {item.id} withdrawn ({item.recipient})")
    commit_or_conflict()


def shared_with(user):
    """Items for the team leader that their supervisees agreed to, for the people `user` leads
    (a select; the view still asks the policy for each)."""
    if not user.has_role(Role.LEADER):
        return select(FurtherItem).where(false())
    # What the policy asks of each item ("supervision.further_read": the supervisee's roles,
    # profile and teams; the session's supervisor) is loaded with the page, not per item.
    supervisee = joinedload(FurtherItem.supervisee)
    return (
        select(FurtherItem)
        .options(joinedload(FurtherItem.session).joinedload(SupervisionSession.supervisor),
                 supervisee.selectinload(User.role_rows),
                 supervisee.joinedload(User.profile).selectinload(StaffProfile.teams))
        .where(FurtherItem.recipient == Recipient.LEADER.value, FurtherItem.agreed_at.is_not(None),
               FurtherItem.withdrawn_at.is_(None), FurtherItem.supervisee_id.in_(led_user_ids(user)))
        .order_by(FurtherItem.agreed_at.desc(), FurtherItem.id.desc())
    )


# --- preparation notes -----------------------------------------------------------------------


def preparation_of(session: SupervisionSession, author) -> PreparationNote | None:
    return db.session.scalar(select(PreparationNote).where(PreparationNote.session_id == session.id,
                                                           PreparationNote.author_id == author.id))


def shared_preparations(session: SupervisionSession) -> list[PreparationNote]:
    """The preparation notes the participants shared with the supervisor."""
    return list(db.session.scalars(
        select(PreparationNote).options(joinedload(PreparationNote.author))
        .where(PreparationNote.session_id == session.id, PreparationNote.shared.is_(True),
               PreparationNote.body != "")
        .order_by(PreparationNote.id)
    ))


def save_preparation(session: SupervisionSession, author, *, body: str, shared: bool, version,
                     confirmed: str | None = None, actor) -> PreparationNote:
    if author.id not in session.participant_ids or session.status != SessionStatus.PLANNED:
        raise ValueError("not a participant of a planned session")
    note = preparation_of(session, author)
    check_version(note, version)
    findings = guard_fields({"body": body}, confirmed)
    with db.session.no_autoflush:
        if note is None:
            note = PreparationNote(session_id=session.id, author_id=author.id)
            db.session.add(note)
        note.body = (body or "").strip()
        note.shared = bool(shared)
        note.updated_at = utcnow()
    flush_or_conflict()
    record("supervision.preparation_update", obj=note, actor=actor,
           summary=f"{describe(session)}: preparation note" + (", shared" if note.shared else ", not shared"))
    _record_confirmed(note, findings, actor, session)
    commit_or_conflict()
    return note
