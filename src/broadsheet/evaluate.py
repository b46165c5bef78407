"""Evaluate: a gold page (bench JSON or JATS) and a predicted JATS page in, the bench's figures out.

    gold.json | gold.xml ─read_gold──────▶ gold articles ─┐
    predicted JATS ─────read_prediction──▶ articles ──────┴─ match ─▶ figures

Articles pair up by the Dice overlap of their body trigrams (one-to-one, best total,
pairs under 0.05 dropped). Then text_cer (edit distance over gold length, capped at 1 an
article), order_cer (the same with free ends), seg_f1 (B-cubed over body shingles of 6
CJK or 12 Latin characters), para_f1 (block boundaries mapped through the alignment, give
or take a character), headline_acc, deck_f1, byline_recall, heading_f1, caption_acc
(>= 0.9 bigram Dice), lost (dump characters missing, line-end hyphens aside) and score,
the mean of 1-text_cer, seg_f1, para_f1 and the fields' mean. Texts compare after NFKC
with whitespace beside CJK characters dropped. Definitions: shared/bench/README.md.
Matching and edit distance live in align.py; levenshtein, infix_distance and match_articles
are importable from here as before.
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypedDict

import numpy as np
from lxml import etree

from broadsheet.align import dice, grams, infix_distance, levenshtein, match_articles, position_map
from broadsheet.errors import InputError

HYPHENS = "-\u00ad\u2010\u2011\u00ac\u2e17"  # line-end hyphens a join may rightly drop
CJK_LANGS = ("zh", "ja", "ko")
SHINGLE = {"cjk": 6, "latin": 12}  # characters per segmentation unit
CAPTION_FLOOR = 0.9  # bigram Dice at which a predicted caption counts as the gold one

_NESTED = frozenset({"sub-article", "article", "response"})
_NOT_BODY = frozenset({"fig", "table-wrap", "caption", "boxed-text-caption"})
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

Block = tuple[str, str]  # ("p" | "h", normalised text)


class PredictedArticle(TypedDict):
    """One article as the scorer reads it from JATS, texts normalised."""

    headline: str
    decks: list[str]
    bylines: list[str]  # each contributor's whole text, whitespace removed
    body: list[Block]
    captions: list[tuple[str, str]]  # (caption, credit)


@dataclass(frozen=True, slots=True)
class Scored:
    """An article ready to compare, gold or predicted, every text normalised."""

    headline: str
    decks: tuple[str, ...]
    people: tuple[str, ...]  # gold: byline names; predicted: contributor texts (no spaces)
    body: tuple[Block, ...]
    captions: tuple[tuple[str, str], ...]
    text: str  # the body run together without spaces: what matching and alignment read


def norm(text: str) -> str:
    """NFKC, whitespace runs made one space, none kept beside a CJK character.

    >>> norm("重庆  日报 ＡＢＣ  news\\n today")
    '重庆日报ABC news today'
    """
    parts: list[str] = []
    for word in unicodedata.normalize("NFKC", text or "").split():
        if parts and not (_wide(parts[-1][-1]) or _wide(word[0])):
            parts.append(" ")
        parts.append(word)
    return "".join(parts)


def nospace(text: str) -> str:
    """`norm`, then every space gone.

    >>> nospace("By  JOHN SMITH")
    'ByJOHNSMITH'
    """
    return "".join(norm(text).split())


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


# ---------------------------------------------------------------- reading


def read_prediction(xml: bytes) -> list[PredictedArticle]:
    """Every sub-article and outermost article of a JATS document, as the scorer reads them."""
    read = [(element, _read_article(element)) for element in _article_elements(etree.fromstring(xml, _PARSER))]
    return [article for element, article in read if not _is_shell(element, article)]


def read_gold(path: str | Path) -> dict[str, Any]:
    """A gold page from bench gold JSON, or from JATS (converted to the same shape)."""
    try:
        data = Path(path).read_bytes()
        if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
            return jats_to_gold(data)
        gold = json.loads(data.decode("utf-8-sig"))
    except OSError as error:
        raise InputError(f"cannot read gold file {path}: {error.strerror}; check the path") from error
    except (etree.XMLSyntaxError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(f"gold file {path} is neither gold JSON nor well-formed JATS: {error}") from error
    if not isinstance(gold, dict) or not isinstance(gold.get("articles"), list):
        raise InputError(f"gold file {path} has no 'articles' list; see shared/bench/README.md for the shape")
    return gold


def jats_to_gold(xml: bytes) -> dict[str, Any]:
    """A JATS page in the gold JSON shape; page furniture and collection shells left out."""
    root = etree.fromstring(xml, _PARSER)
    articles: list[dict[str, Any]] = []
    for element in _article_elements(root):
        read = _read_article(element)
        if not _is_shell(element, read) and element.get("article-type") != "page-furniture":
            articles.append(_gold_record(element, read, f"a{len(articles) + 1}"))
    page = next((_text(e) for e in root.iter() if _name(e) == "fpage"), "")
    return {"page": page, "lang": root.get(_XML_LANG, ""), "source": "JATS", "articles": articles}


def _gold_record(element: etree._Element, read: PredictedArticle, ident: str) -> dict[str, Any]:
    contribs = [e for e in _own(element) if _name(e) == "contrib"]
    names = [_text(e) for c in contribs for e in c.iter() if _name(e) in ("string-name", "name", "collab")]
    return {
        "id": element.get("id") or ident,
        "headline": read["headline"],
        "decks": read["decks"],
        "bylines": [_text(c) for c in contribs],
        "byline_names": names or [_text(c) for c in contribs],
        "body": [{"type": "sec", "title": t} if kind == "h" else {"type": "p", "text": t} for kind, t in read["body"]],
        "captions": [{"text": text, "credit": credit} for text, credit in read["captions"]],
    }


def _article_elements(root: etree._Element) -> list[etree._Element]:
    """Every sub-article, and every article with no article above it, in document order."""
    return [e for e in root.iter() if _name(e) == "sub-article" or _outermost_article(e)]


def _outermost_article(element: etree._Element) -> bool:
    return _name(element) == "article" and all(_name(a) != "article" for a in element.iterancestors())


def _read_article(article: etree._Element) -> PredictedArticle:
    front = list(_own(next((e for e in _own(article) if _name(e) in ("front", "front-stub")), None)))
    titles = [_text(e) for e in front if _name(e) == "article-title"]
    abstract = [("p", _text(p)) for a in _own(article) if _name(a) == "abstract" for p in a.iter() if _name(p) == "p"]
    body = abstract + [block for b in _own(article) if _name(b) == "body" for block in _body_blocks(b)]
    return {
        "headline": next((title for title in titles if title), ""),
        "decks": [_text(e) for e in front if _name(e) == "subtitle"],
        "bylines": [nospace("".join(e.itertext())) for e in front if _name(e) == "contrib"],
        "body": [block for block in body if block[1]],
        "captions": [_figure(fig) for fig in _own(article) if _name(fig) == "fig"],
    }


def _body_blocks(body: etree._Element) -> Iterator[Block]:
    """Section titles and paragraphs in document order, none from figures or captions."""
    for element in _own(body):
        if _inside(element, _NOT_BODY, body):
            continue
        parent = element.getparent()
        if _name(element) == "title" and parent is not None and _name(parent) == "sec":
            yield ("h", _text(element))
        elif _name(element) == "p" and not _inside(element, frozenset({"p"}), body):
            yield ("p", _text(element))


def _figure(fig: etree._Element) -> tuple[str, str]:
    caption = " ".join(_text(e) for e in fig.iter() if _name(e) == "caption")
    return caption, " ".join(_text(e) for e in fig.iter() if _name(e) == "attrib")


def _is_shell(element: etree._Element, read: PredictedArticle) -> bool:
    """A collection's own wrapper: it holds articles and has no body text or figures itself."""
    holds = any(_name(e) in _NESTED for e in element.iterdescendants())
    return holds and not read["body"] and not read["captions"]


def _own(element: etree._Element | None) -> Iterator[etree._Element]:
    """The element and its descendants, leaving out the articles nested inside it."""
    if element is not None:
        yield element
        for child in element:
            if _name(child) not in _NESTED:
                yield from _own(child)


def _inside(element: etree._Element, names: frozenset[str], stop: etree._Element) -> bool:
    parent = element.getparent()
    while parent is not None and parent is not stop:
        if _name(parent) in names:
            return True
        parent = parent.getparent()
    return False


def _name(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _text(element: etree._Element) -> str:
    return norm("".join(element.itertext()))


# ---------------------------------------------------------------- scoring


def score_page(
    gold: Mapping[str, Any], predicted_articles: Sequence[PredictedArticle], dump_text: str | None = None
) -> dict[str, float]:
    """The bench's figures for one page: predicted articles against the gold, and lost text."""
    golds = [_gold_scored(article) for article in gold["articles"]]
    preds = [_predicted_scored(article) for article in predicted_articles]
    pairs = match_articles(golds, preds)
    text_cer, order_cer = _text_errors(golds, preds, pairs)
    size = SHINGLE["cjk" if gold.get("lang", "zh") in CJK_LANGS else "latin"]
    seg_f1, para_f1 = _segmentation_f1(golds, preds, pairs, size), _boundary_f1(golds, preds, pairs)
    fields = _field_scores(golds, preds, pairs)
    figures: dict[str, float] = {"articles_gold": len(golds), "articles_pred": len(preds), "matched": len(pairs)}
    figures |= {"text_cer": text_cer, "order_cer": order_cer, "seg_f1": seg_f1, "para_f1": para_f1, **fields}
    if dump_text is not None:
        figures["lost"] = lost_share(dump_text, preds)
    # the bench takes para_f1 rounded here; doing the same keeps the fourth decimal equal
    figures["score"] = (1 - text_cer + seg_f1 + round(para_f1, 4) + sum(fields.values()) / len(fields)) / 4
    return {key: round(value, 4) if isinstance(value, float) else value for key, value in figures.items()}


def lost_share(dump_text: str, preds: Sequence[Scored]) -> float:
    """Share of the dump's non-space characters (line-end hyphens aside) missing from the output."""
    have = Counter(char for char in nospace(dump_text) if char not in HYPHENS)
    out: Counter[str] = Counter()
    for pred in preds:
        out.update(nospace(pred.headline) + "".join(map(nospace, pred.decks)) + "".join(pred.people) + pred.text)
        out.update("".join(nospace(text + credit) for text, credit in pred.captions))
    return (have - out).total() / max(have.total(), 1)


def _gold_scored(article: Mapping[str, Any]) -> Scored:
    body = tuple(("h" if b["type"] == "sec" else "p", norm(b.get("title") or b.get("text"))) for b in article["body"])
    names = tuple(nospace(name) for name in article.get("byline_names", []))
    captions = tuple((norm(c["text"]), norm(c.get("credit", ""))) for c in article.get("captions", []))
    decks = tuple(norm(deck) for deck in article.get("decks", []))
    return Scored(norm(article.get("headline", "")), decks, names, body, captions, _run_together(body))


def _predicted_scored(article: PredictedArticle) -> Scored:
    body, captions = tuple(article["body"]), tuple(article["captions"])
    decks, people = tuple(article["decks"]), tuple(article["bylines"])
    return Scored(article["headline"], decks, people, body, captions, _run_together(body))


def _run_together(body: Sequence[Block]) -> str:
    return "".join(nospace(text) for _, text in body)


def _text_errors(golds: Sequence[Scored], preds: Sequence[Scored], pairs: Mapping[int, int]) -> tuple[float, float]:
    """text_cer and order_cer; an unmatched gold is searched for in the whole prediction."""
    whole = "".join(pred.text for pred in preds)
    cer = order = 0
    for index, gold in enumerate(golds):
        mine = preds[pairs[index]].text if index in pairs else None
        cer += min(levenshtein(gold.text, mine or ""), len(gold.text))
        order += min(infix_distance(gold.text, whole if mine is None else mine), len(gold.text))
    total = sum(len(gold.text) for gold in golds) or 1
    return cer / total, order / total


def _segmentation_f1(golds: Sequence[Scored], preds: Sequence[Scored], pairs: Mapping[int, int], size: int) -> float:
    """B-cubed F1 of where each gold shingle lands; a shingle found nowhere stands alone."""
    texts = [pred.text for pred in preds]
    units = [
        (g, _home(piece, pairs.get(g), texts)) for g, gold in enumerate(golds) for piece in _shingles(gold.text, size)
    ]
    together, gold_size, pred_size = Counter(units), Counter(g for g, _ in units), Counter(p for _, p in units)
    precision = recall = 0.0
    for (gold, pred), count in together.items():
        precision += count * count / pred_size[pred] if pred is not None else count
        recall += (count * count if pred is not None else count) / gold_size[gold]
    precision, recall = precision / (len(units) or 1), recall / (len(units) or 1)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _home(piece: str, matched: int | None, texts: Sequence[str]) -> int | None:
    if matched is not None and piece in texts[matched]:
        return matched
    return next((index for index, text in enumerate(texts) if piece in text), None)


def _shingles(text: str, size: int) -> list[str]:
    """Non-overlapping pieces of `size` characters, the remainder dropped; a short text is one.

    >>> _shingles("abcdefg", 3), _shingles("ab", 3)
    (['abc', 'def'], ['ab'])
    """
    return [text[i : i + size] for i in range(0, max(len(text) - size + 1, 1), size)] if text else []


def _boundary_f1(golds: Sequence[Scored], preds: Sequence[Scored], pairs: Mapping[int, int]) -> float:
    """F1 of gold block boundaries found (within a character) in the matched prediction."""
    found = wanted = offered = 0
    for index, gold in enumerate(golds):
        marks = _boundaries(gold.body)
        wanted += len(marks)
        if index in pairs:
            pred = preds[pairs[index]]
            theirs = _boundaries(pred.body)
            where = position_map(gold.text, pred.text)
            offered += len(theirs)
            found += sum(1 for mark in marks if {where[mark] - 1, where[mark], where[mark] + 1} & set(theirs))
    return _f1(found, wanted, offered)


def _boundaries(body: Sequence[Block]) -> list[int]:
    """Offsets in the run-together text where each block but the last ends."""
    return [int(end) for end in np.cumsum([len(nospace(text)) for _, text in body[:-1]])]


def _field_scores(golds: Sequence[Scored], preds: Sequence[Scored], pairs: Mapping[int, int]) -> dict[str, float]:
    """headline, decks, bylines, headings and captions of each gold against its match."""
    nothing = Scored("", (), (), (), (), "")
    n: Counter[str] = Counter()
    for index, gold in enumerate(golds):
        pred = preds[pairs[index]] if index in pairs else nothing
        n += _set_counts("deck", gold.decks, pred.decks) + _set_counts("sec", _headings(gold), _headings(pred))
        n["headline"] += bool(gold.headline) and nospace(gold.headline) == nospace(pred.headline)
        n["headlines"] += bool(gold.headline)
        n["name"] += sum(any(name in person for person in pred.people) for name in gold.people)
        n["names"] += len(gold.people)
        n["caption"] += sum(_caption_found(text, pred.captions) for text, _ in gold.captions)
        n["captions"] += len(gold.captions)
    return {
        "headline_acc": n["headline"] / n["headlines"] if n["headlines"] else 1.0,
        "deck_f1": _f1(n["deck_tp"], n["deck_gold"], n["deck_pred"]),
        "byline_recall": n["name"] / n["names"] if n["names"] else 1.0,
        "heading_f1": _f1(n["sec_tp"], n["sec_gold"], n["sec_pred"]),
        "caption_acc": n["caption"] / n["captions"] if n["captions"] else 1.0,
    }


def _set_counts(field: str, gold: Sequence[str], pred: Sequence[str]) -> Counter[str]:
    """Shared, gold and predicted sizes of two multisets of texts."""
    mine, theirs = Counter(filter(None, map(nospace, gold))), Counter(filter(None, map(nospace, pred)))
    return Counter(
        {f"{field}_tp": (mine & theirs).total(), f"{field}_gold": mine.total(), f"{field}_pred": theirs.total()}
    )


def _headings(article: Scored) -> list[str]:
    return [text for kind, text in article.body if kind == "h"]


def _caption_found(text: str, captions: Sequence[tuple[str, str]]) -> bool:
    wanted = grams(nospace(text), 2)
    return any(dice(wanted, grams(nospace(caption), 2)) >= CAPTION_FLOOR for caption, _ in captions)


def _f1(hits: int, wanted: int, offered: int) -> float:
    return 1.0 if wanted == offered == 0 else 2 * hits / (wanted + offered)
