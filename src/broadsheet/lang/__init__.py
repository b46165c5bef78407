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


__all__ = ["any_of", "cjk", "latin", "rules_for"]
