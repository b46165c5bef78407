"""One-line factories for finished pages: articles and furniture by hand, the rest empty.

The writers and the evaluation read only `Page.articles`, `Page.furniture` and the dump's
language, so every other stage's record is the emptiest valid one.
"""

from __future__ import annotations

import numpy as np

from broadsheet.page import (
    ROLES,
    Article,
    Byline,
    Caption,
    Cues,
    Dump,
    FragmentGraph,
    Furniture,
    Heading,
    Order,
    Page,
    Paragraph,
)
from broadsheet.params import Params

Block = Paragraph | Heading


def make_page(articles: tuple[Article, ...] = (), furniture: tuple[str, ...] = (), lang: str = "zh") -> Page:
    """A page holding these articles and furniture texts, every other stage empty."""
    script = "cjk" if lang in ("zh", "ja", "ko") else "latin"
    dump = Dump("", (), 1, "lines", script, lang)  # type: ignore[arg-type]
    cues = Cues(np.zeros((0, 0)), (), (), 0.0, np.zeros((0, len(ROLES))))
    items = tuple(Furniture(0, text) for text in furniture)
    return Page(dump, (), cues, FragmentGraph(0, ()), Order((), ()), articles, items, Params())


def make_article(
    headline: str = "",
    body: tuple[str | Block, ...] = (),
    number: int = 1,
    **fields: object,
) -> Article:
    """An article; plain strings in `body` are paragraphs, the first of them the lede."""
    blocks = tuple(_block(item, index == 0) for index, item in enumerate(body))
    return Article(number, 0, headline, body=blocks, **fields)  # type: ignore[arg-type]


def _block(item: str | Block, first: bool) -> Block:
    if isinstance(item, str):
        return Paragraph(item, "lede" if first else "p")
    return item


def byline(text: str, *names: str, role: str = "", prefix: str = "") -> Byline:
    return Byline(text, names, role, prefix)


def caption(text: str, credit: str = "") -> Caption:
    return Caption(text, credit)


def cjk_article(number: int = 1) -> Article:
    """A Chinese article with kicker, subtitle, byline, a section, a photo and a jump line."""
    return make_article(
        "电商节激活重庆消费新动能",
        (
            "7月5日下午，电商节闭幕式在璧山区举行。",
            "今年以来，全国消费市场受疫情冲击明显。",
            Heading("打造消费新场景"),
            "6月中旬，市民刘女士在永辉生活广场店购物。",
        ),
        number,
        kickers=("重庆商务",),
        subtitles=("节会期间全市网络零售额达324.9亿元",),
        bylines=(byline("□本报记者 黄光红", "黄光红", role="本报记者", prefix="□"),),
        captions=(caption("6月18日零时，消费者聚集在大屏幕前。", "陆纲 摄/视觉重庆"),),
        jumps=("（下转第三版）",),
    )


def latin_article(number: int = 2) -> Article:
    """An English article with two bylined names sharing one role."""
    return make_article(
        "Council approves new harbour bridge",
        (
            "The city council voted on Tuesday to build a bridge across the harbour.",
            "Work is expected to begin next spring.",
        ),
        number,
        subtitles=("Vote ends a decade of debate",),
        bylines=(
            byline(
                "By JOHN SMITH and JANE DOE, Staff Writers",
                "JOHN SMITH",
                "JANE DOE",
                role="Staff Writers",
                prefix="By",
            ),
        ),
        jumps=("Continued on page 4",),
    )


def article_from_gold(record: dict, number: int) -> Article:  # type: ignore[type-arg]
    """A bench gold article as the pipeline would ideally give it back (decks as subtitles)."""
    body = tuple(Heading(b["title"]) if b["type"] == "sec" else Paragraph(b["text"]) for b in record["body"])
    names = tuple(record.get("byline_names", ()))
    bylines = tuple(Byline(text, tuple(n for n in names if n in text)) for text in record.get("bylines", ()))
    captions = tuple(Caption(c["text"], c.get("credit", "")) for c in record.get("captions", ()))
    subtitles = tuple(record.get("decks", ()))
    return Article(number, 0, record.get("headline", ""), (), subtitles, bylines, body, captions)


def page_from_gold(gold: dict, furniture: tuple[str, ...] = ()) -> Page:  # type: ignore[type-arg]
    """A page holding exactly the gold's articles, in gold order."""
    articles = tuple(article_from_gold(record, number) for number, record in enumerate(gold["articles"], 1))
    return make_page(articles, furniture, gold.get("lang", "zh"))
