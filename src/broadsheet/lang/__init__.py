"""Language rules, one module per script: `cjk` and `latin`."""

from __future__ import annotations

from types import ModuleType

from broadsheet.lang import cjk, latin


def rules_for(script: str) -> ModuleType:
    """The rule module of a script ("cjk" or "latin")."""
    return cjk if script == "cjk" else latin


__all__ = ["cjk", "latin", "rules_for"]
