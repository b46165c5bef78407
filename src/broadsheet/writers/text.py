"""Text writer: a `Page` in, clean reading text out, article by article.

Each article reads as it was printed: headline, kickers and subtitles, bylines, then
paragraphs and section headings separated by blank lines, captions with their credits and
the jump lines. A rule separates articles; the page furniture follows under its own rule,
one item a line, so nothing of the page is lost and nothing of it poses as news:

    headline / kicker / subtitle / byline
    (blank) paragraph (blank) heading (blank) paragraph (blank) [caption — credit]
    ────────
    ════ page furniture ════

Text passes the JATS writer's `strip_unsafe`, so the three writers drop the same
characters. Limits: no wrapping; markers are fixed, not localised.
"""

from __future__ import annotations

from collections.abc import Iterator

from broadsheet.page import Article, Caption, Heading, Page
from broadsheet.writers.jats import strip_unsafe

ARTICLE_RULE = "─" * 40
FURNITURE_RULE = "════ page furniture ════"


def page_to_text(page: Page) -> str:
    """The page as reading text: articles in reading order, then the furniture."""
    blocks = [article_to_text(article) for article in page.articles]
    text = f"\n\n{ARTICLE_RULE}\n\n".join(block for block in blocks if block)
    if page.furniture:
        furniture = "\n".join(strip_unsafe(item.text) for item in page.furniture)
        text = f"{text}\n\n{FURNITURE_RULE}\n\n{furniture}" if text else f"{FURNITURE_RULE}\n\n{furniture}"
    return f"{text}\n" if text else ""


def article_to_text(article: Article) -> str:
    """One article: its title block, then its body blocks, a blank line between blocks."""
    head = "\n".join(line for line in _title_lines(article) if line)
    blocks = [head, *_body_blocks(article)]
    return "\n\n".join(strip_unsafe(block) for block in blocks if block.strip())


def _title_lines(article: Article) -> Iterator[str]:
    yield article.headline
    yield from article.kickers
    yield from article.subtitles
    yield from (byline.text for byline in article.bylines)


def _body_blocks(article: Article) -> Iterator[str]:
    for block in article.body:
        yield block.title if isinstance(block, Heading) else block.text
    yield from (_caption_line(caption) for caption in article.captions)
    yield from article.jumps


def _caption_line(caption: Caption) -> str:
    """A caption in brackets, its credit after a dash.

    >>> _caption_line(Caption("Crowds at the fair.", "Photo: Li Wei"))
    '[Crowds at the fair. — Photo: Li Wei]'
    """
    return f"[{caption.text} — {caption.credit}]" if caption.credit else f"[{caption.text}]"
