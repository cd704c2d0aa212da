"""What the form fuzz and the upload tests share: every route that takes a POST, who may use
it, the fields of its form, values meant to break it, and a watch on the database that tells
whether a refused submission saved anything. (Imported by name: pytest puts this folder on
the path.)

Nothing here names a route or a form: the routes come from `app.url_map`, the fields from
the WTForms classes a view uses and from the page that holds the form, so a new form is
fuzzed without editing the tests.
"""

import hashlib
import inspect
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from hypothesis import strategies as st
from page_helpers import written_table
from security_helpers import BOOKKEEPING, row_counts
from sqlalchemy import event
from sqlalchemy.engine import Engine
from wtforms import (
    BooleanField,
    DateField,
    DateTimeField,
    DecimalField,
    FieldList,
    FileField,
    FloatField,
    FormField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    TimeField,
)
from wtforms.fields.core import UnboundField

from outreach.extensions import db

# Tables a refused submission may still write to: the audit log (a denial, a read of a
# candidate's details) and the server-side sessions (last seen).
UNWATCHED = BOOKKEEPING


# --- what a refusal looks like ------------------------------------------------------------------


def flashed_errors(client) -> list[str]:
    """The error messages flashed for the next page (taken off, as that page would)."""
    with client.session_transaction() as session:
        flashes = session.pop("_flashes", [])
    return [message for category, message in flashes if category == "error"]


def refused(response, flashed: list[str]) -> bool:
    """Whether the user was told the input was not accepted: a refusal status, the form again
    with a message next to a field (templates/macros/forms.html), or an error flashed on the
    way to the next page."""
    if response.status_code in (400, 403, 404, 405, 409, 413, 422):
        return True
    if flashed:
        return True
    if response.status_code == 200 and response.mimetype == "text/html":
        body = response.get_data(as_text=True)
        return 'class="field-error"' in body or "flash-error" in body
    return False


# --- the database, watched ----------------------------------------------------------------------

class Watch:
    """Row counts of every table, and a checksum of each table a request wrote to (every
    statement is seen, even one rolled back afterwards), compared with before the request.
    After a request that wrote nothing (no INSERT, UPDATE or DELETE on a watched table) both
    are skipped."""

    def __init__(self):
        self.tables = [t for t in db.metadata.sorted_tables if t.name not in UNWATCHED]
        self.written: set[str] = set()
        self.counts = self._counts()
        self.sums = {t.name: self._checksum(t.name) for t in self.tables}
        event.listen(Engine, "before_cursor_execute", self._note)

    def close(self):
        event.remove(Engine, "before_cursor_execute", self._note)

    def _note(self, conn, cursor, statement, parameters, context, executemany):
        if table := written_table(statement):
            self.written.add(table)

    def _counts(self) -> dict[str, int]:
        return row_counts()

    def _checksum(self, name: str) -> str:
        table = db.metadata.tables[name]
        order = list(table.primary_key.columns) or list(table.columns)
        with db.engine.connect() as conn:
            rows = conn.execute(table.select().order_by(*order)).all()
        return hashlib.sha256(repr(rows).encode()).hexdigest()

    def changes(self) -> list[str]:
        """What changed since the last call (and take the new state as the one to compare with)."""
        written, self.written = self.written - UNWATCHED, set()
        if not written:
            return []  # every write goes through a statement: none, nothing changed
        changed = []
        counts = self._counts()
        changed += [f"{name}: {self.counts[name]} -> {n} rows" for name, n in counts.items() if n != self.counts[name]]
        self.counts = counts
        for name in sorted(written & set(self.sums)):
            checksum = self._checksum(name)
            if checksum != self.sums[name]:
                changed.append(f"{name}: content changed")
                self.sums[name] = checksum
        return sorted(set(changed))


# --- the fields of a route's form ---------------------------------------------------------------


@dataclass
class Field:
    kind: str = "text"  # text, number, date, time, datetime, choice, multi, bool, file, version
    choices: list[str] = field(default_factory=list)


def _kind(unbound: UnboundField) -> str:
    cls = unbound.field_class
    if issubclass(cls, FileField):
        return "file"
    if issubclass(cls, BooleanField):
        return "bool"
    if issubclass(cls, (IntegerField, DecimalField, FloatField)):
        return "number"
    # DateField and TimeField are DateTimeFields: asked first.
    if issubclass(cls, DateField):
        return "date"
    if issubclass(cls, TimeField):
        return "time"
    if issubclass(cls, DateTimeField):
        return "datetime"
    if issubclass(cls, SelectMultipleField):
        return "multi"
    if issubclass(cls, SelectField):
        return "choice"
    return "text"


def _static_choices(unbound: UnboundField) -> list[str]:
    choices = unbound.kwargs.get("choices")
    if isinstance(choices, list | tuple):
        return [str(c[0] if isinstance(c, tuple | list) else c) for c in choices]
    if isinstance(choices, dict):
        return [str(key) for key in choices]
    return []


def class_fields(form_class, prefix: str = "") -> dict[str, Field]:
    """The fields a WTForms class declares (its own and its mixins'), by the name they post as."""
    found: dict[str, Field] = {}
    for name in dir(form_class):
        unbound = getattr(form_class, name, None)
        if not isinstance(unbound, UnboundField):
            continue
        posted = f"{prefix}-{name}" if prefix else name
        if issubclass(unbound.field_class, FormField):
            found |= class_fields(unbound.args[0], posted)
        elif issubclass(unbound.field_class, FieldList):
            inner = unbound.args[0] if unbound.args else None
            for i in range(2):
                found[f"{posted}-{i}"] = Field(_kind(inner) if isinstance(inner, UnboundField) else "text")
        else:
            kind = "version" if name == "version" else _kind(unbound)
            found[posted] = Field(kind, _static_choices(unbound))
    return found


def _sources(view) -> list[str]:
    """The view's source and that of the module's own helpers it calls (one level down)."""
    try:
        source = inspect.getsource(view)
    except (OSError, TypeError):
        return []
    sources = [source]
    for name in set(re.findall(r"\b([a-z_]\w*)\(", source)):
        helper = view.__globals__.get(name)
        if inspect.isfunction(helper) and helper.__module__ == view.__module__ and helper is not view:
            sources.append(inspect.getsource(helper))
    return sources


def _form_classes(view, source: str):
    """The WTForms classes a piece of the view's source names, by name."""
    for name in set(re.findall(r"\b([A-Z]\w*Form)\b", source)):
        form_class = view.__globals__.get(name)
        if inspect.isclass(form_class) and hasattr(form_class, "validate_on_submit"):
            yield name, form_class


def takes_no_fields(view) -> bool:
    """The view reads nothing a user types: its forms declare no field (a confirmation, the
    token alone) and it reads nothing of the request's body itself."""
    sources = _sources(view)
    return (not any(class_fields(form_class) for source in sources for _, form_class in _form_classes(view, source))
            and not any(re.search(r"request\.(form|values|files|get_json|json|data)\b", s) for s in sources))


def view_fields(view) -> dict[str, Field]:
    """The fields of every form class the view (or a helper of its module) builds, with the
    prefixes it gives them, and the names it reads from request.form (or .values) itself."""
    found: dict[str, Field] = {}
    for source in _sources(view):
        for name, form_class in _form_classes(view, source):
            prefixes = set(re.findall(rf"{name}\([^)]*prefix=[\"']([\w-]+)[\"']", source)) or {""}
            for prefix in prefixes:
                found |= class_fields(form_class, prefix)
        for name in re.findall(r"request\.(?:form|values)(?:\.get|\.getlist|\[)\(?[\"']([\w-]+)[\"']", source):
            found.setdefault(name, Field())
    return found


class _Forms(HTMLParser):
    """The forms of a page: where each posts to, and what a browser would send from it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = None
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("hx-post") or a.get("action") or "", "values": {}, "fields": {}}
            self.forms.append(self._form)
            return
        form, name = self._form, a.get("name")
        if form is None or not name:
            return
        values, fields = form["values"], form["fields"]
        if tag == "input":
            kind = a.get("type", "text")
            info = fields.setdefault(name, Field({"number": "number", "date": "date", "time": "time",
                                                  "checkbox": "multi", "radio": "choice", "file": "file",
                                                  "datetime-local": "datetime"}.get(kind, "text")))
            if kind in ("checkbox", "radio"):
                info.choices.append(a.get("value", "on"))
                if "checked" in a:
                    values.setdefault(name, []).append(a.get("value", "on"))
            elif kind not in ("file", "submit", "button", "reset", "image"):
                values.setdefault(name, []).append(a.get("value") or "")
        elif tag == "select":
            self._select = name
            fields.setdefault(name, Field("multi" if "multiple" in a else "choice"))
        elif tag == "option" and self._select:
            value = a.get("value", "")
            fields[self._select].choices.append(value)
            if "selected" in a:
                values.setdefault(self._select, []).append(value)
        elif tag == "textarea":
            self._textarea = name
            fields.setdefault(name, Field())
            values.setdefault(name, []).append("")
        elif tag == "button" and name not in values:
            fields.setdefault(name, Field("choice")).choices.append(a.get("value", ""))

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form["values"][self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            if self._select and self._form and self._select not in self._form["values"]:
                choices = self._form["fields"][self._select].choices
                if choices and self._form["fields"][self._select].kind == "choice":
                    self._form["values"][self._select] = [choices[0]]  # a browser sends the first option
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def page_forms(html: str, url: str, page: str) -> list[dict]:
    """The forms on `page` that post to `url` (a form without an action posts to its page)."""
    parser = _Forms()
    parser.feed(html)
    path = urlsplit(url).path
    return [form for form in parser.forms if (urlsplit(form["action"]).path or urlsplit(page).path) == path]


# --- values meant to break a form ---------------------------------------------------------------

LONG = ["x" * 10_001, "ø" * 12_000, "😀" * 5_000, "a b " * 5_000]
CONTROL = ["\x00", "a\x00b", "\x00" * 20, "\x01\x02\x07\x08\x1b[31m", "\r\n\t\x0b\x0c", "\ud7ff\ufffe\uffff",
           "\u200b\u200d\ufeff", "\x85\u2028\u2029"]
SCRIPTS = ["\u202eevil\u202c", "مرحبا بالعالم", "שלום", "日本語のテキスト", "中文字符", "한국어",
           "👩\u200d👩\u200d👧\u200d👦🏳️\u200d🌈", "e\u0301\u0301\u0301\u0301",
           "Z\u0334\u0321\u0322a\u0336l\u0337g\u0336o", "ÆØÅ æøå", "ǅ ǈ ǋ"]
NUMBERS = ["0", "-1", "-0", "1.5", "1e309", "NaN", "inf", "-inf", "0x10", " 7 ", "1_000", "٣", "１２", "²",
           str(2**31 - 1), str(2**31), "3000000000", str(2**40), str(-2**31 - 1), "99999999999999999999",
           str(2**63), str(2**64), str(-2**63 - 1), "-99999999999999999999", "9" * 5000]
DATES = ["2026-02-30", "0000-00-00", "0001-01-01", "9999-12-31", "2026-13-01", "1900-01-01", "26-06-08",
         "08.06.2026", "2026-06-08T25:00", "24:00", "25:61", "-1:00", "10:00:00.000000001", "T", "2026-W23"]
INJECTION = ["<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "{{ 7*7 }}", "{% raw %}",
             "' OR 1=1 --", "'; DROP TABLE users; --", "%s%s%n", "../../etc/passwd", "None", "null", "[]",
             "{}", "true", "on", ""]
EVIL = LONG + CONTROL + SCRIPTS + NUMBERS + DATES + INJECTION

evil = st.one_of(
    st.sampled_from(EVIL),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.text(st.characters(codec="utf-8"), max_size=40),
)


def sensible(info: Field, ids: list[int]) -> st.SearchStrategy[str]:
    """A value of the field's own kind, so that one evil value meets otherwise good ones."""
    by_kind = {
        "number": st.integers(min_value=0, max_value=100).map(str),
        "date": st.sampled_from(["2026-06-08", "2026-06-15", "2099-01-01"]),
        "time": st.sampled_from(["10:00", "18:00", "23:30"]),
        "datetime": st.sampled_from(["2026-06-08T10:00", "2026-06-08 10:00"]),
        "bool": st.sampled_from(["y", "1", "on"]),
        "text": st.sampled_from(["Tekst", "Møte på Grønland", "1"]),
        "version": st.sampled_from(["1", "2", ""]),
        "file": st.just(""),
    }
    if info.choices:
        return st.sampled_from([c for c in info.choices] + [str(i) for i in ids[:3]])
    if info.kind in ("choice", "multi"):
        return st.sampled_from([str(i) for i in ids[:5]] or ["1"])
    return by_kind.get(info.kind, by_kind["text"])


@st.composite
def submissions(draw, fields: dict[str, Field], baseline: dict[str, list[str]], ids: list[int]):
    """A form submission: the page's own values with some fields changed to evil or other
    sensible values, some missing, some repeated, and now and then a field the form lacks."""
    data: dict[str, list[str]] = {name: list(values) for name, values in baseline.items()}
    for name, info in fields.items():
        if name.endswith("csrf_token"):
            continue
        how = draw(st.sampled_from(["keep", "evil", "evil", "sensible", "missing", "repeated"]))
        if how == "keep" and name in data:
            continue
        if how == "missing":
            data.pop(name, None)
        elif how == "repeated":
            data[name] = draw(st.lists(st.one_of(evil, sensible(info, ids)), min_size=2, max_size=3))
        else:
            data[name] = [draw(evil if how == "evil" else sensible(info, ids))]
    for name, value in draw(st.dictionaries(st.from_regex(r"[a-z_][a-z0-9_-]{0,15}", fullmatch=True), evil,
                                            max_size=2)).items():
        data.setdefault(name, [value])
    return data
