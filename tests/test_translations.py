"""The Norwegian Bokmål catalogue is complete, and the interface speaks it by default.

Message ids are English. Every text the code and the templates mark for translation must
have a finished Bokmål translation in outreach/translations/nb/LC_MESSAGES/messages.po.
When a test here fails, run `make translations-extract`, translate what it lists, and
compile (`make setup` does it, as does `pybabel compile -d outreach/translations`).
"""

import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
BABEL_CFG = ROOT / "babel.cfg"
CATALOGUE_NAME = "outreach/translations/nb/LC_MESSAGES/messages.po"
CATALOGUE = ROOT / CATALOGUE_NAME

# The same keywords as `pybabel extract -k _l -k lazy_gettext` (see the Makefile).
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}

# A printf-style placeholder: %(name)s, %(n)d, %s, ... The literal %% is skipped, and so is
# "50 % fast": Norwegian puts a space before the percent sign, so the space flag is left out.
_PERCENT = re.compile(r"%%|%(?:\([^)]*\))?[#0+-]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[diouxXeEfFgGcrsa]")


def placeholders(text: str) -> list[str]:
    return [match for match in _PERCENT.findall(text) if match != "%%"]


def _mapping():
    with BABEL_CFG.open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg, filename=str(BABEL_CFG))
    # Walk only the folders babel.cfg names (never .venv or node_modules), unless a
    # pattern starts with a wildcard.
    roots = {Path(pattern).parts[0] for pattern, _ in method_map}
    if any(set(root) & set("*?[") for root in roots):
        roots = None
    return method_map, options_map, roots


def _only_mapped_folders(roots):
    def keep(dirpath) -> bool:
        relative = Path(dirpath).relative_to(ROOT)
        if roots is not None and relative.parts and relative.parts[0] not in roots:
            return False
        return not any(part.startswith((".", "_")) for part in relative.parts)

    return keep


@pytest.fixture(scope="module")
def extracted() -> dict:
    """{(msgid, context): (plural msgid or None, [where it is used])} from the sources."""
    method_map, options_map, roots = _mapping()
    found: dict = {}
    for filename, lineno, message, _comments, context in extract_from_dir(
        ROOT, method_map, options_map, keywords=KEYWORDS, directory_filter=_only_mapped_folders(roots),
    ):
        if isinstance(message, tuple):
            singular, plural = message[0], message[1] if len(message) > 1 else None
        else:
            singular, plural = message, None
        if not singular:
            continue
        entry = found.setdefault((singular, context), [plural, []])
        entry[0] = entry[0] or plural
        entry[1].append(f"{filename}:{lineno}")
    assert found, "no messages were extracted: is babel.cfg right?"
    return found


@pytest.fixture(scope="module")
def catalogue():
    with CATALOGUE.open("rb") as po:
        return read_po(po, locale="nb")


def _forms(message) -> tuple:
    return message.string if isinstance(message.string, (tuple, list)) else (message.string,)


def _describe(msgid, context, plural, where) -> str:
    text = repr(msgid)
    if plural:
        text += f" / plural {plural!r}"
    if context:
        text += f" (context {context!r})"
    return f"  {text}  [{', '.join(where[:3])}{', ...' if len(where) > 3 else ''}]"


def test_catalogue_has_norwegian_plural_rules(catalogue):
    assert str(catalogue.locale) == "nb"
    assert catalogue.num_plurals == 2, catalogue.plural_forms


def test_every_message_has_a_finished_bokmal_translation(extracted, catalogue):
    """Missing, untranslated (any empty form) or fuzzy: each one is listed by name."""
    problems = {"missing from the catalogue": [], "not translated": [], "marked fuzzy": [],
                "singular in the catalogue, plural in the code (or the other way round)": []}
    for (msgid, context), (plural, where) in sorted(extracted.items(), key=lambda item: item[0][0]):
        line = _describe(msgid, context, plural, where)
        message = catalogue.get(msgid, context)
        if message is None:
            problems["missing from the catalogue"].append(line)
        elif bool(plural) != message.pluralizable:
            problems["singular in the catalogue, plural in the code (or the other way round)"].append(line)
        elif message.fuzzy:
            problems["marked fuzzy"].append(line)
        elif not all(form.strip() for form in _forms(message)) or (
            plural and len(_forms(message)) != catalogue.num_plurals
        ):
            problems["not translated"].append(line)
    report = [f"{kind} ({len(lines)}):\n" + "\n".join(lines) for kind, lines in problems.items() if lines]
    assert not report, (
        f"{CATALOGUE_NAME} is not complete. Run `make translations-extract` and translate:\n\n"
        + "\n\n".join(report)
    )


def test_translations_keep_the_placeholders(catalogue):
    """A translation must use exactly the %(...)s placeholders of its msgid, or formatting breaks.
    A plural form may leave out the count (%(num)d), as "every week" does for one."""
    wrong = []
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, (tuple, list)) else (message.id,)
        expected = set()
        for msgid in ids:
            expected |= set(placeholders(msgid))
        for index, form in enumerate(_forms(message)):
            if not form:
                continue  # reported by the completeness test
            found = set(placeholders(form))
            if len(ids) > 1:
                found |= {p for p in expected if p.startswith("%(num)")}
            if found != expected:
                label = f"msgstr[{index}]" if len(ids) > 1 else "msgstr"
                wrong.append(f"  {ids[0]!r}: {label} {form!r} has {sorted(found)}, expected {sorted(expected)}")
    assert not wrong, "translations whose placeholders differ from the msgid:\n" + "\n".join(wrong)


def test_the_placeholder_pattern():
    assert placeholders("Side %(page)d av %(pages)d, 100 %% ferdig") == ["%(page)d", "%(pages)d"]
    assert placeholders("%(n)s, %s, %5.1f") == ["%(n)s", "%s", "%5.1f"]
    assert placeholders("50 % fast stilling") == []


def test_start_page_is_norwegian_by_default(client, make_user):
    make_user("kari", roles=["ec"])
    client.login("kari")
    response = client.min_side()
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'lang="nb"' in page
    assert "Min side" in page, (
        "the start page is not in Norwegian: is the catalogue compiled? "
        "Run `make setup` or `.venv/bin/pybabel compile -d outreach/translations`."
    )
    assert "My page" not in page


def test_english_is_a_choice(client, make_user):
    from outreach.auth.services import set_locale
    from outreach.extensions import db

    user = make_user("kari", roles=["ec"])
    set_locale(user, "en")
    db.session.commit()
    client.login("kari")
    page = client.min_side().get_data(as_text=True)
    assert 'lang="en"' in page
    assert "My page" in page and "Min side" not in page
