"""The invariants every reconstruction keeps, as small checks the tests share."""

from __future__ import annotations

import re
from collections import Counter

from broadsheet.page import Page

_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
HYPHENS = "-\u00ad\u2010\u2011\u00ac\u2e17"


def characters(text: str) -> Counter[str]:
    """Non-space characters, control characters aside."""
    return Counter(char for char in _CONTROLS.sub("", text) if not char.isspace())


def lost_and_added(source: str, page: Page) -> tuple[Counter[str], Counter[str]]:
    """(characters of the dump missing from the output, characters the output added).

    Dropped line-end hyphens are the only characters allowed to go, and only as many as
    the page says it dropped (besides controls and a byte order mark opening the dump).
    """
    given = characters(source.removeprefix("\ufeff"))  # a byte order mark opening the dump is no text: reading drops it
    back = characters("".join(page.texts()))
    lost, added = given - back, back - given
    hyphens = sum(lost[h] for h in HYPHENS)
    if hyphens == page.hyphens_removed:
        for h in HYPHENS:
            lost.pop(h, None)
    return lost, added
