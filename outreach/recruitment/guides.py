"""The library of interview guides, and their versions.

A guide's text lives in versions. Editing starts a draft, a copy of the newest published
version; the draft is changed section by section and question by question, then published,
which freezes it. An interview points at the version it used, so a later edit never changes
what an earlier interview asked or how its sheet prints. The seeded guides (the handbook's
two EC interviews, a guide for professional positions, the peers' intake conversation) are
inserted by migration 0004 from `seed_texts.GUIDES`.
"""

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import flag_modified

from outreach.audit.services import record
from outreach.core.database import check_version, commit_or_conflict, duplicate_refused
from outreach.core.forms import FieldError, no_nul
from outreach.core.timeutil import utcnow
from outreach.extensions import db
from outreach.recruitment.models import GuideQuestion, GuideSection, GuideVersion, InterviewGuide

NAME_MAX, TITLE_MAX, TEXT_MAX, CHECKLIST_MAX = 200, 300, 5000, 20
POSITION_KINDS = ("", "ec", "peer", "professional")


class PublishedVersion(Exception):
    """A published version is frozen: edit a draft instead."""


def library(include_inactive: bool = False) -> list[InterviewGuide]:
    query = select(InterviewGuide).options(selectinload(InterviewGuide.versions))
    if not include_inactive:
        query = query.where(InterviewGuide.active.is_(True))
    return list(db.session.scalars(query.order_by(InterviewGuide.position_kind, func.lower(InterviewGuide.name))))


def published_versions(position_kind: str | None = None) -> list[GuideVersion]:
    """The newest published version of each active guide, those for `position_kind` first."""
    guides = [g for g in library() if g.published is not None]
    guides.sort(key=lambda g: (g.position_kind != position_kind, g.name.lower()))
    return [g.published for g in guides]


def _clean(value) -> str:
    """A text as stored: NUL characters go (PostgreSQL refuses them in text), ends trimmed."""
    return no_nul(value or "").strip()


def _name(name: str, exclude_id: int | None = None) -> str:
    name = _clean(name)
    if not name:
        raise FieldError("name", _("Give the guide a name."))
    if len(name) > NAME_MAX:
        raise FieldError("name", _("At most %(n)d characters.", n=NAME_MAX))
    if _name_taken(name, exclude_id):
        raise FieldError("name", _("There is already a guide with that name."))
    return name


def _name_taken(name: str, exclude_id: int | None = None) -> bool:
    query = select(InterviewGuide.id).where(func.lower(InterviewGuide.name) == name.lower())
    if exclude_id is not None:
        query = query.where(InterviewGuide.id != exclude_id)
    return db.session.scalar(query) is not None


def create_guide(*, name: str, position_kind: str, actor) -> InterviewGuide:
    """A new guide with an empty draft as its version 1."""
    name = _name(name)
    if position_kind not in POSITION_KINDS:
        raise FieldError("position_kind", _("Choose who the guide is for."))
    guide = InterviewGuide(name=name, position_kind=position_kind)
    with duplicate_refused(FieldError("name", _("There is already a guide with that name.")),
                           lambda: _name_taken(name)):
        db.session.add(guide)
        db.session.flush()
        guide.versions.append(GuideVersion(number=1, created_by_id=actor.id))
        db.session.flush()
        record("recruitment.guide_create", obj=guide, actor=actor, summary=f"guide {guide.id}")
        db.session.commit()
    return guide


def update_guide(guide: InterviewGuide, *, name: str, position_kind: str, active: bool, actor) -> None:
    guide.name = _name(name, exclude_id=guide.id)
    if position_kind not in POSITION_KINDS:
        raise FieldError("position_kind", _("Choose who the guide is for."))
    guide.position_kind = position_kind
    guide.active = bool(active)
    record("recruitment.guide_update", obj=guide, actor=actor, summary=f"guide {guide.id}: name, kind or active")
    commit_or_conflict()


def start_draft(guide: InterviewGuide, *, actor) -> GuideVersion:
    """The guide's draft: the one there is, or a new copy of the newest published version."""
    if guide.draft is not None:
        return guide.draft
    source = guide.published
    draft = GuideVersion(number=max(v.number for v in guide.versions) + 1, created_by_id=actor.id,
                         intro=source.intro if source else "")
    for section in source.sections if source else []:
        draft.sections.append(GuideSection(
            position=section.position, title=section.title, guidance=section.guidance,
            questions=[GuideQuestion(position=q.position, text=q.text, guidance=q.guidance,
                                     lived_experience=q.lived_experience, checklist=list(q.checklist or []))
                       for q in section.questions],
        ))
    guide.versions.append(draft)
    db.session.flush()
    record("recruitment.guide_draft", obj=guide, actor=actor,
           summary=f"guide {guide.id}: draft version {draft.number} started")
    commit_or_conflict()
    return draft


def _editable(version: GuideVersion) -> None:
    """Refuse a published version; else count the edit on the draft's version column, which
    only changes by itself when the draft's own row does: a section or a question edited
    meanwhile then makes a publisher's (or another editor's) token stale too."""
    if not version.is_draft:
        raise PublishedVersion()
    flag_modified(version, "intro")


def _text(value: str, field: str, limit: int, required: bool = False) -> str:
    value = _clean(value)
    if required and not value:
        raise FieldError(field, _("This cannot be empty."))
    if len(value) > limit:
        raise FieldError(field, _("At most %(n)d characters.", n=limit))
    return value


def _checklist(lines) -> list[str]:
    items = [_clean(line) for line in (lines or []) if _clean(line)]
    if len(items) > CHECKLIST_MAX:
        raise FieldError("checklist", _("At most %(n)d checklist items.", n=CHECKLIST_MAX))
    if any(len(item) > TITLE_MAX for item in items):
        raise FieldError("checklist", _("Each item at most %(n)d characters.", n=TITLE_MAX))
    return items


def update_intro(version: GuideVersion, intro: str, *, actor) -> None:
    _editable(version)
    version.intro = _text(intro, "intro", TEXT_MAX)
    record("recruitment.guide_edit", obj=version.guide, actor=actor,
           summary=f"guide {version.guide_id}: draft version {version.number}: guidance for the interviewer")
    commit_or_conflict()


def add_section(version: GuideVersion, *, title: str, guidance: str, actor) -> GuideSection:
    _editable(version)
    section = GuideSection(title=_text(title, "title", TITLE_MAX, True), guidance=_text(guidance, "guidance", TEXT_MAX),
                           position=max((s.position for s in version.sections), default=-1) + 1)
    version.sections.append(section)
    record("recruitment.guide_edit", obj=version.guide, actor=actor,
           summary=f"guide {version.guide_id}: draft version {version.number}: section added")
    commit_or_conflict()
    return section


def update_section(section: GuideSection, *, title: str, guidance: str, actor) -> None:
    _editable(section.guide_version)
    section.title = _text(title, "title", TITLE_MAX, True)
    section.guidance = _text(guidance, "guidance", TEXT_MAX)
    record("recruitment.guide_edit", obj=section.guide_version.guide, actor=actor,
           summary=f"guide {section.guide_version.guide_id}: section {section.id} changed")
    commit_or_conflict()


def delete_section(section: GuideSection, *, actor) -> None:
    version = section.guide_version
    _editable(version)
    version.sections.remove(section)
    record("recruitment.guide_edit", obj=version.guide, actor=actor,
           summary=f"guide {version.guide_id}: draft version {version.number}: section deleted")
    commit_or_conflict()


def _swap(items: list, item, delta: int) -> None:
    index = items.index(item)
    other = index + delta
    if 0 <= other < len(items):
        items[index].position, items[other].position = items[other].position, items[index].position
        if items[index].position == items[other].position:  # equal positions: number them afresh
            for n, each in enumerate(items):
                each.position = n
            items[index].position, items[other].position = other, index


def move_section(section: GuideSection, delta: int, *, actor) -> None:
    version = section.guide_version
    _editable(version)
    _swap(sorted(version.sections, key=lambda s: (s.position, s.id)), section, delta)
    record("recruitment.guide_edit", obj=version.guide, actor=actor,
           summary=f"guide {version.guide_id}: section {section.id} moved")
    commit_or_conflict()


def add_question(section: GuideSection, *, text: str, guidance: str, lived_experience: bool, checklist,
                 actor) -> GuideQuestion:
    _editable(section.guide_version)
    question = GuideQuestion(
        text=_text(text, "text", TEXT_MAX, True), guidance=_text(guidance, "guidance", TEXT_MAX),
        lived_experience=bool(lived_experience), checklist=_checklist(checklist),
        position=max((q.position for q in section.questions), default=-1) + 1,
    )
    section.questions.append(question)
    record("recruitment.guide_edit", obj=section.guide_version.guide, actor=actor,
           summary=f"guide {section.guide_version.guide_id}: question added to section {section.id}")
    commit_or_conflict()
    return question


def update_question(question: GuideQuestion, *, text: str, guidance: str, lived_experience: bool, checklist,
                    actor) -> None:
    version = question.section.guide_version
    _editable(version)
    question.text = _text(text, "text", TEXT_MAX, True)
    question.guidance = _text(guidance, "guidance", TEXT_MAX)
    question.lived_experience = bool(lived_experience)
    question.checklist = _checklist(checklist)
    record("recruitment.guide_edit", obj=version.guide, actor=actor,
           summary=f"guide {version.guide_id}: question {question.id} changed")
    commit_or_conflict()


def delete_question(question: GuideQuestion, *, actor) -> None:
    section = question.section
    _editable(section.guide_version)
    section.questions.remove(question)
    record("recruitment.guide_edit", obj=section.guide_version.guide, actor=actor,
           summary=f"guide {section.guide_version.guide_id}: question deleted from section {section.id}")
    commit_or_conflict()


def move_question(question: GuideQuestion, delta: int, *, actor) -> None:
    section = question.section
    _editable(section.guide_version)
    _swap(sorted(section.questions, key=lambda q: (q.position, q.id)), question, delta)
    record("recruitment.guide_edit", obj=section.guide_version.guide, actor=actor,
           summary=f"guide {section.guide_version.guide_id}: question {question.id} moved")
    commit_or_conflict()


def publish(version: GuideVersion, *, version_token, actor) -> None:
    """Freeze the draft the publisher saw (`version_token`): new interviews use it from now on."""
    _editable(version)
    check_version(version, version_token)
    if not version.questions:
        raise FieldError("publish", _("The draft has no questions yet."))
    version.published_at = utcnow()
    version.published_by_id = actor.id
    record("recruitment.guide_publish", obj=version.guide, actor=actor,
           summary=f"guide {version.guide_id}: version {version.number} published")
    commit_or_conflict()


def discard_draft(version: GuideVersion, *, actor) -> None:
    _editable(version)
    guide = version.guide
    if len(guide.versions) == 1:
        raise FieldError("discard", _("This is the guide's only version: deactivate the guide instead."))
    guide.versions.remove(version)
    record("recruitment.guide_edit", obj=guide, actor=actor,
           summary=f"guide {guide.id}: draft version {version.number} discarded")
    commit_or_conflict()
