"""JATS writer: a `Page` in, JATS 1.1 Archiving XML out, valid against the shipped DTD.

A page is one collection article holding a news sub-article per article and, last, the
page furniture (running heads, folios, ads), kept but clearly not news:

    article[collection] ─ front (journal-meta, article-meta: title, pub-date, fpage)
     ├─ sub-article[news] a1 ─ front-stub (title-group, contrib-group)
     │                       ─ body (p[lede], p…, sec/title+p…, p[jump]) ─ floats-group (fig…)
     └─ sub-article[page-furniture] ─ body (p[furniture]…)

`article_to_jats` writes one article alone (`--split`). Only names in `ELEMENTS` are built,
all of them unchanged from JATS 1.1 to 1.3 (`date-type`, never the deprecated `pub-type`).
Text passes `strip_unsafe`: what XML 1.0 forbids (C0 controls but tab and newlines, lone
surrogates, U+FFFE/U+FFFF) and the C1 controls it discourages are dropped and counted.
Limits: figs hold caption and credit only; a byline name missing from its text is repeated.
"""

from __future__ import annotations

import datetime
import functools
import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources

from lxml import etree

from broadsheet.errors import InputError
from broadsheet.page import Article, Byline, Caption, Furniture, Heading, Page

log = logging.getLogger(__name__)

DTD_RESOURCE = "data/jats-archiving-1.1/JATS-archivearticle1.dtd"
DOCTYPE = (
    '<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD v1.1 20151215//EN"'
    ' "JATS-archivearticle1.dtd">'
)
ELEMENTS = frozenset(
    {
        "article", "sub-article", "front", "front-stub", "journal-meta", "journal-title-group",
        "journal-title", "article-meta", "title-group", "article-title", "subtitle", "contrib-group",
        "contrib", "string-name", "role", "x", "pub-date", "day", "month", "year", "fpage", "body",
        "sec", "title", "p", "floats-group", "fig", "caption", "attrib",
    }
)  # fmt: skip
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
Piece = tuple[str, str]  # (element name, text) of one part of a byline

_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_LANG_TAG = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")
_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)


@dataclass(frozen=True, slots=True)
class JatsMeta:
    """What a dump cannot say about itself: the paper, the day and the page label."""

    journal: str = ""  # the paper's name, as it should be archived
    date: str = ""  # ISO 8601 date of the issue: 2022-07-06, 2022-07 or 2022
    page: str = ""  # the page label as printed: 3, A1
    lang: str = ""  # language tag (zh, en, pt-BR); empty takes the dump's guess

    def __post_init__(self) -> None:
        if self.date and not _date_parts(self.date):
            raise InputError(f"date {self.date!r} is not an ISO date such as 2022-07-06, 2022-07 or 2022")
        if self.lang and not _LANG_TAG.fullmatch(self.lang):
            raise InputError(f"language {self.lang!r} is not a language tag such as zh, en or pt-BR")


# ---------------------------------------------------------------- public


def page_to_jats(page: Page, meta: JatsMeta | None = None) -> bytes:
    """The whole page as one collection article, a news sub-article per article."""
    meta = meta or JatsMeta()
    root = _root("collection", _lang(page, meta))
    _front(root, meta, title=_page_title(meta))
    for number, article in enumerate(page.articles, 1):
        _news(root, article, f"a{number}")
    if page.furniture:
        sub = _add(root, "sub-article", attrs={"article-type": "page-furniture", "id": "furniture"})
        _add(sub, "front-stub")
        _furniture_body(sub, page.furniture)
    _report_unsafe(_page_strings(page))
    return _serialise(root)


def article_to_jats(page: Page, article: Article, meta: JatsMeta | None = None) -> bytes:
    """One article as a standalone news article, for `--split`."""
    meta = meta or JatsMeta()
    root = _root("news", _lang(page, meta))
    _front(root, meta, article=article)
    _body(root, article)
    _floats(root, article.captions, f"a{article.number}")
    _report_unsafe(_article_strings(article))
    return _serialise(root)


def furniture_to_jats(page: Page, meta: JatsMeta | None = None) -> bytes:
    """The page furniture as a standalone article, so that `--split` loses nothing."""
    meta = meta or JatsMeta()
    root = _root("page-furniture", _lang(page, meta))
    _front(root, meta)
    _furniture_body(root, page.furniture)
    _report_unsafe(item.text for item in page.furniture)
    return _serialise(root)


def validate_jats(xml: bytes) -> tuple[str, ...]:
    """The DTD's complaints about a JATS document; empty when it is valid."""
    try:
        root = etree.fromstring(xml, _PARSER)
    except etree.XMLSyntaxError as error:
        return (f"not well-formed XML: {error}",)
    dtd = _dtd()
    if dtd.validate(root):
        return ()
    return tuple(f"line {error.line}: {error.message}" for error in dtd.error_log.filter_from_errors())


def strip_unsafe(text: str) -> str:
    r"""The text without what XML cannot carry: control characters and lone surrogates.

    >>> strip_unsafe("a\x00b\x1b[1mc\ud800 \U0001f600")
    'ab[1mc 😀'
    """
    return _UNSAFE.sub("", _pair_surrogates(text))


def count_unsafe(text: str) -> int:
    r"""How many characters `strip_unsafe` drops from the text.

    >>> count_unsafe("a\x00b\x0c\ud800")
    3
    """
    return len(_UNSAFE.findall(_pair_surrogates(text)))


def unsafe_characters(page: Page) -> int:
    """How many characters of the page's text the writers must drop."""
    return sum(count_unsafe(text) for text in _page_strings(page))


# ---------------------------------------------------------------- front matter


def _root(article_type: str, lang: str) -> etree._Element:
    return etree.Element("article", {"article-type": article_type, "dtd-version": "1.1", XML_LANG: lang})


def _front(root: etree._Element, meta: JatsMeta, *, title: str = "", article: Article | None = None) -> None:
    """front: journal-meta when the paper is known, then article-meta in DTD order."""
    front = _add(root, "front")
    if meta.journal:
        _add(_add(_add(front, "journal-meta"), "journal-title-group"), "journal-title", meta.journal)
    article_meta = _add(front, "article-meta")
    if article:
        _titles(article_meta, article)
        _contribs(article_meta, article.bylines)
    elif title:
        _add(_add(article_meta, "title-group"), "article-title", title)
    if meta.date:
        _pub_date(article_meta, meta.date)
    if meta.page:
        _add(article_meta, "fpage", meta.page)


def _page_title(meta: JatsMeta) -> str:
    parts = (meta.journal, meta.date, f"page {meta.page}" if meta.page else "")
    return ", ".join(part for part in parts if part) or "page"


def _pub_date(parent: etree._Element, date: str) -> None:
    """pub-date with day, month, year in the order both 1.1 and 1.3 accept."""
    year, month, day = _date_parts(date) or ("", "", "")
    attrs = {"publication-format": "print", "date-type": "pub", "iso-8601-date": date}
    element = _add(parent, "pub-date", attrs=attrs)
    for name, value in (("day", day), ("month", month), ("year", year)):
        if value:
            _add(element, name, value)


def _date_parts(date: str) -> tuple[str, str, str] | None:
    match = _ISO_DATE.fullmatch(date)
    if not match:
        return None
    year, month, day = (part or "" for part in match.groups())
    try:
        datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None
    return year, month, day


def _lang(page: Page, meta: JatsMeta) -> str:
    """xml:lang for the root; "und" when unknown, since the DTD's default would be "en"."""
    lang = meta.lang or page.dump.lang
    return lang if _LANG_TAG.fullmatch(lang) else "und"


# ---------------------------------------------------------------- articles


def _news(root: etree._Element, article: Article, ident: str) -> None:
    sub = _add(root, "sub-article", attrs={"article-type": "news", "id": ident})
    stub = _add(sub, "front-stub")
    _titles(stub, article)
    _contribs(stub, article.bylines)
    _body(sub, article)
    _floats(sub, article.captions, ident)


def _titles(parent: etree._Element, article: Article) -> None:
    """title-group: the headline, then kickers and subtitles as subtitles, kickers first."""
    if not (article.headline or article.kickers or article.subtitles):
        return
    group = _add(parent, "title-group")
    _add(group, "article-title", article.headline)
    for kicker in article.kickers:
        _add(group, "subtitle", kicker, {"content-type": "kicker"})
    for subtitle in article.subtitles:
        _add(group, "subtitle", subtitle)


def _contribs(parent: etree._Element, bylines: Sequence[Byline]) -> None:
    """One contrib per name; the prefix, role and joining words go with the nearest name."""
    if not bylines:
        return
    group = _add(parent, "contrib-group")
    for byline in bylines:
        for pieces in byline_contribs(byline):
            contrib = _add(group, "contrib", attrs={"contrib-type": "author"})
            for name, text in pieces:
                _add(contrib, name, text)


def byline_contribs(byline: Byline) -> tuple[tuple[Piece, ...], ...]:
    """The byline cut into contribs, each a run of (element, text) pieces in printed order.

    >>> byline_contribs(Byline("□本报记者 黄光红 王杰", ("黄光红", "王杰"), "本报记者", "□"))
    ((('x', '□'), ('role', '本报记者'), ('string-name', '黄光红')), (('string-name', '王杰'),))
    """
    pieces = _byline_pieces(byline)
    contribs: list[tuple[Piece, ...]] = []
    start = 0
    for index, (name, _) in enumerate(pieces):
        if name == "string-name" and byline.names:
            contribs.append(pieces[start : index + 1])
            start = index + 1
    if start < len(pieces):
        if contribs:
            contribs[-1] += pieces[start:]
        else:
            contribs.append(pieces[start:])
    return tuple(contribs)


def _byline_pieces(byline: Byline) -> tuple[Piece, ...]:
    """Prefix, role and names found in the text; what lies between them becomes `x`."""
    wanted = [("x", byline.prefix), ("role", byline.role), *(("string-name", name) for name in byline.names)]
    spans: list[tuple[int, int, str]] = []
    missing: list[Piece] = []
    for name, text in wanted:
        span = _find_free(byline.text, text, spans) if text.strip() else None
        if span:
            spans.append((*span, name))
        elif text.strip():
            missing.append((name, text.strip()))
    pieces: list[Piece] = []
    cursor = 0
    for begin, end, name in sorted(spans):
        _add_gap(pieces, byline.text[cursor:begin], named=bool(byline.names))
        pieces.append((name, byline.text[begin:end]))
        cursor = end
    _add_gap(pieces, byline.text[cursor:], named=bool(byline.names))
    return (*pieces, *missing)


def _find_free(text: str, wanted: str, taken: Sequence[tuple[int, int, str]]) -> tuple[int, int] | None:
    """First place `wanted` stands in `text` (spaces inside may differ) that no span holds."""
    pattern = re.compile(r"\s*".join(re.escape(ch) for ch in wanted if not ch.isspace()))
    for match in pattern.finditer(text):
        if all(match.end() <= begin or match.start() >= end for begin, end, _ in taken):
            return match.start(), match.end()
    return None


def _add_gap(pieces: list[Piece], gap: str, *, named: bool) -> None:
    """Text between found parts: joining words as `x`, or the person when no name was found."""
    if gap.strip():
        pieces.append(("x" if named else "string-name", gap.strip() if not named else gap))
    elif gap and pieces and pieces[-1][0] == "x":
        pieces[-1] = ("x", pieces[-1][1] + gap)


def _body(parent: etree._Element, article: Article) -> None:
    """body: paragraphs, then a sec per heading (the DTD wants every p before the first sec).

    Jump lines close the body as p[content-type=jump]: they are page text, so they stay
    where the scorer and a reader see them, marked so an archive can leave them out; when
    the body has sections they sit in an untitled sec[sec-type=jump], the one valid place.
    """
    if not (article.body or article.jumps):
        return
    body = _add(parent, "body")
    holder = body
    for block in article.body:
        if isinstance(block, Heading):
            holder = _add(body, "sec")
            _add(holder, "title", block.title)
        else:
            _add(holder, "p", block.text, {"content-type": "lede"} if block.kind == "lede" else None)
    if article.jumps and holder is not body:
        holder = _add(body, "sec", attrs={"sec-type": "jump"})
    for jump in article.jumps:
        _add(holder, "p", jump, {"content-type": "jump"})


def _floats(parent: etree._Element, captions: Sequence[Caption], ident: str) -> None:
    """floats-group: a fig per caption, the credit as its attrib."""
    if not captions:
        return
    group = _add(parent, "floats-group")
    for number, caption in enumerate(captions, 1):
        fig = _add(group, "fig", attrs={"id": f"{ident}-f{number}"})
        _add(_add(fig, "caption"), "p", caption.text)
        if caption.credit:
            _add(fig, "attrib", caption.credit)


def _furniture_body(parent: etree._Element, furniture: Sequence[Furniture]) -> None:
    body = _add(parent, "body")
    for item in furniture:
        _add(body, "p", item.text, {"content-type": "furniture"})


# ---------------------------------------------------------------- text and elements


def _add(parent: etree._Element, name: str, text: str = "", attrs: dict[str, str] | None = None) -> etree._Element:
    """A child from the schema's names only, its text made safe for XML."""
    if name not in ELEMENTS:
        raise ValueError(f"<{name}> is not an element this writer knows; add it to ELEMENTS")
    element = etree.SubElement(parent, name, {key: strip_unsafe(value) for key, value in (attrs or {}).items()})
    if text:
        element.text = strip_unsafe(text)
    return element


def _pair_surrogates(text: str) -> str:
    """Surrogate pairs left by a UTF-16 round trip become the character they encode."""
    if not _SURROGATE.search(text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def _article_strings(article: Article) -> Iterator[str]:
    yield article.headline
    yield from (*article.kickers, *article.subtitles, *article.jumps)
    for byline in article.bylines:
        yield from (byline.text, byline.role, byline.prefix, *byline.names)
    yield from (block.title if isinstance(block, Heading) else block.text for block in article.body)
    for caption in article.captions:
        yield from (caption.text, caption.credit)


def _page_strings(page: Page) -> Iterator[str]:
    for article in page.articles:
        yield from _article_strings(article)
    yield from (item.text for item in page.furniture)


def _report_unsafe(texts: Iterable[str]) -> None:
    dropped = sum(count_unsafe(text) for text in texts)
    if dropped:
        log.warning("dropped %d characters XML cannot carry (control characters, lone surrogates)", dropped)


def _serialise(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, encoding="UTF-8", xml_declaration=True, doctype=DOCTYPE, pretty_print=True))


@functools.cache
def _dtd() -> etree.DTD:
    """The shipped JATS 1.1 Archiving DTD, loaded once; its modules sit beside it."""
    with resources.as_file(resources.files("broadsheet").joinpath(DTD_RESOURCE)) as path:
        return etree.DTD(str(path))
