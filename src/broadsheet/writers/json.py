"""JSON writer: a `Page` in, the bench's gold shape out, so a result can seed a gold file.

    {"page": …, "lang": …,
     "articles": [{"id", "headline", "decks", "bylines", "byline_names",
                   "body": [{"type": "p", "text"} | {"type": "sec", "title"}],
                   "captions": [{"text", "credit"}], "jumps"}],
     "furniture": ["running head", "folio", …]}

Decks are kickers then subtitles, as in the gold; ids are the JATS sub-article ids (a1,
a2 …). Jump lines are kept apart in `jumps`, since gold bodies hold none. Keys come in a
fixed order, non-ASCII text is written as is, and text passes the JATS writer's
`strip_unsafe`, so the output always encodes as UTF-8. Limits: `page` is the label given
in `JatsMeta` (empty without one); the lede is simply the first paragraph.
"""

from __future__ import annotations

import json
from typing import Any

from broadsheet.page import Article, Heading, Page, Paragraph
from broadsheet.writers.jats import JatsMeta, strip_unsafe


def page_to_json(page: Page, meta: JatsMeta | None = None) -> str:
    """The page in the gold JSON shape, plus its furniture, language and page label."""
    meta = meta or JatsMeta()
    record = {
        "page": meta.page,
        "lang": meta.lang or page.dump.lang,
        "articles": [article_record(article, f"a{number}") for number, article in enumerate(page.articles, 1)],
        "furniture": [strip_unsafe(item.text) for item in page.furniture],
    }
    return json.dumps(record, ensure_ascii=False, indent=1) + "\n"


def article_record(article: Article, ident: str) -> dict[str, Any]:
    """One article as a gold article record."""
    clean = strip_unsafe
    return {
        "id": ident,
        "headline": clean(article.headline),
        "decks": [clean(deck) for deck in (*article.kickers, *article.subtitles)],
        "bylines": [clean(byline.text) for byline in article.bylines],
        "byline_names": [clean(name) for byline in article.bylines for name in byline.names],
        "body": [_block(block) for block in article.body],
        "captions": [{"text": clean(caption.text), "credit": clean(caption.credit)} for caption in article.captions],
        "jumps": [clean(jump) for jump in article.jumps],
    }


def _block(block: Paragraph | Heading) -> dict[str, str]:
    if isinstance(block, Heading):
        return {"type": "sec", "title": strip_unsafe(block.title)}
    return {"type": "p", "text": strip_unsafe(block.text)}
