"""Language rules, one module per script: `cjk` and `latin`."""

from __future__ import annotations

import re
from functools import lru_cache
from types import ModuleType

from broadsheet.lang import cjk, latin


def rules_for(script: str) -> ModuleType:
    """The rule module of a script ("cjk" or "latin")."""
    return cjk if script == "cjk" else latin


@lru_cache(maxsize=16)
def any_of(patterns: tuple[re.Pattern[str], ...]) -> re.Pattern[str]:
    """One pattern that searches for all of `patterns` at once (each keeps its case rule).

    A line is then scanned once, not once per pattern; it matches where any of them does.

    >>> any_of((re.compile("page"), re.compile("edited", re.IGNORECASE))).search("EDITED by") is not None
    True
    """
    return re.compile("|".join(f"(?{'i' if p.flags & re.IGNORECASE else ''}:{p.pattern})" for p in patterns))


@lru_cache(maxsize=16_384)
def is_cue_text(text: str, rules: ModuleType) -> bool:
    """A byline, photo credit, jump line or folio, which stands on a line of its own (kept:
    cutting a run of lines asks it two to four times a line)."""
    if rules.SCRIPT == "cjk" and len(text) <= 30 and (rules.BYLINE.match(text) or rules.CREDIT.fullmatch(text)):
        return True
    if rules.SCRIPT == "latin" and len(text) <= 60 and (rules.BYLINE.match(text) or rules.CREDIT.match(text)):
        return True
    if len(text) <= 40 and rules.find_jump(text):
        return True
    return len(text) <= 60 and rules.may_be_furniture(text) and any_of(rules.FURNITURE).search(text) is not None


__all__ = ["any_of", "cjk", "is_cue_text", "latin", "rules_for"]
