"""Comparing two versions of a description, section by section, with the changed words
marked. Pure: no Flask, no database.
"""

import difflib
import re
from dataclasses import dataclass

_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Piece:
    text: str
    change: str  # "same", "removed" or "added"


@dataclass(frozen=True)
class SectionComparison:
    key: str
    title: str
    left: list[Piece]  # the older text, removed words marked
    right: list[Piece]  # the newer text, added words marked
    changed: bool
    frame_left: bool | None
    frame_right: bool | None


def word_diff(old: str, new: str) -> tuple[list[Piece], list[Piece]]:
    """The two texts as pieces: what only the old has is "removed", what only the new has "added"."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    left: list[Piece] = []
    right: list[Piece] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            left.append(Piece("".join(a[i1:i2]), "same"))
            right.append(Piece("".join(b[j1:j2]), "same"))
            continue
        if i2 > i1:
            left.append(Piece("".join(a[i1:i2]), "removed"))
        if j2 > j1:
            right.append(Piece("".join(b[j1:j2]), "added"))
    return left, right


def compare(old_sections: list[dict], new_sections: list[dict]) -> list[SectionComparison]:
    """Every section of either version, in the newer version's order (sections only the older
    has come last), each with its words compared."""
    old = {s["key"]: s for s in old_sections}
    new = {s["key"]: s for s in new_sections}
    keys = [s["key"] for s in new_sections] + [k for k in old if k not in new]
    result = []
    for key in keys:
        before, after = old.get(key), new.get(key)
        left, right = word_diff(before["text"] if before else "", after["text"] if after else "")
        result.append(SectionComparison(
            key=key, title=(after or before)["title"], left=left, right=right,
            changed=(before or {}).get("text") != (after or {}).get("text")
            or (before or {}).get("frame") != (after or {}).get("frame"),
            frame_left=before["frame"] if before else None, frame_right=after["frame"] if after else None,
        ))
    return result
