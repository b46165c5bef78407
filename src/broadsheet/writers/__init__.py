"""Writers: a finished `Page` out as JATS XML, reading text or gold-shaped JSON.

    page ─▶ jats.page_to_jats   one JATS 1.1 collection article (validate_jats checks it)
         ─▶ jats.article_to_jats one standalone article each, for --split
         ─▶ text.page_to_text    reading text, article by article, then the furniture
         ─▶ json.page_to_json    the bench's gold JSON shape, plus furniture

Each writer owns its format; none prints or touches files (the CLI writes what they
return). Text that XML cannot carry is dropped the same way by all three.
"""

from __future__ import annotations

from broadsheet.writers.jats import (
    JatsMeta,
    article_to_jats,
    furniture_to_jats,
    page_to_jats,
    strip_unsafe,
    unsafe_characters,
    validate_jats,
)
from broadsheet.writers.json import page_to_json
from broadsheet.writers.text import page_to_text

__all__ = [
    "JatsMeta",
    "article_to_jats",
    "furniture_to_jats",
    "page_to_jats",
    "page_to_json",
    "page_to_text",
    "strip_unsafe",
    "unsafe_characters",
    "validate_jats",
]
