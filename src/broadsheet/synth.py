"""Synthesise newspaper pages with their truth, for training and property tests.

    page = make_page(seed, style="pdftotext", lang="zh")  # .dump, .truth, .lines

In: a seed, a dump style (STYLES) and a language (LANGS), and article texts
(`ArticleTexts`: the built-in seed and public-domain texts, or at training time the
Chinese corpus and the bench's Latin gold texts under ../shared, read, never copied).
Out: a `SynthPage`: the dump as the extractor would print it, the truth in the bench's
gold JSON shape, and every printed line with its article, role, body block and place in
its article's reading order. Stages: dress each article (kicker, subtitles, byline, lede,
captions and credits from its own sentences and built-in name lists), set the page
(synth_layout, synth_lines), print it (synth_styles, synth_blocks), join the truth from
the set lines. One `random.Random(seed)` drives it all: same arguments, same bytes.
Known limits: no OCR character errors (only OCR's spaced punctuation), no tables, no
jumps to other pages, no vertical text; CJK stray spaces appear in the dump, not the truth.
"""

from __future__ import annotations

import datetime
import json
import os
import random
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from broadsheet.lang import latin
from broadsheet.page import Role
from broadsheet.synth_blocks import render
from broadsheet.synth_layout import set_page
from broadsheet.synth_lines import Copy, Sheet, join_lines
from broadsheet.synth_styles import PRINTERS

STYLES: tuple[str, ...] = tuple(PRINTERS)
LANGS = ("zh", "en", "de", "fr", "nl")
SHARED = Path(os.environ.get("BROADSHEET_SHARED", Path(__file__).resolve().parents[3] / "shared"))
BODY_ROLES = ("body", "section", "lede")
CORPUS = "corpus/zh-news-2022-2024.jsonl"


@dataclass(frozen=True, slots=True)
class PrintedLine:
    """One printed line (or part of one) of the dump, and what it truly is."""

    text: str  # the text exactly as in the dump, surrounding spaces stripped
    row: int  # 0-based line number in the dump
    col: int  # character offset of `text` in that row (0 unless several share the row)
    article: int  # index into truth["articles"], -1 for page furniture
    role: Role
    block: int  # index into the article's truth "body" for body, section and lede lines, else -1
    seq: int  # place in its article's true reading order (all roles counted), -1 for furniture
    hyphen: bool = False  # ends in an added hyphen the truth drops (the word goes on the next line)


@dataclass(frozen=True, slots=True)
class SynthPage:
    """A synthetic page: what the extractor printed and what it truly holds."""

    dump: str
    truth: dict[str, Any]  # the bench's gold JSON: page, lang, source, articles
    lines: tuple[PrintedLine, ...]  # in dump order (row, col)


@dataclass(frozen=True, slots=True)
class ArticleTexts:
    """Article texts of one language to set into pages, and where they came from."""

    lang: str
    copies: tuple[Copy, ...]
    origin: str

    @classmethod
    def builtin(cls, lang: str) -> ArticleTexts:
        """The texts that ship with broadsheet (seed articles, public-domain Latin prose)."""
        data = _data(_check(lang))
        copies = tuple(copy for article in data["articles"] for copy in _with_sections_apart(_copy(article)))
        return cls(lang, copies, f"built-in: {data['origin']}")

    @classmethod
    def from_shared(cls, path: Path | str, lang: str) -> ArticleTexts | None:
        """The corpus (zh) or the bench's dev gold texts in `lang` under `path`; None if absent."""
        copies = _shared_copies(str(path), _check(lang))
        return cls(lang, copies, f"shared: {Path(path).name}") if copies else None

    @classmethod
    def default(cls, lang: str) -> ArticleTexts:
        """../shared's texts when that folder is there, else the built-in ones."""
        return cls.from_shared(SHARED, lang) or cls.builtin(lang)


def _check(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    return lang


def _copy(article: dict[str, Any]) -> Copy:
    body = tuple(("sec", " ".join(b["title"].split())) if b["type"] == "sec" else ("p", " ".join(b["text"].split()))
                 for b in article.get("body", ()) if (b.get("title") or b.get("text", "")).strip())
    decks = tuple(" ".join(d.split()) for d in article.get("decks", ()) if d.strip())
    return Copy(" ".join(article.get("headline", "").split()), body, decks)


def _with_sections_apart(copy: Copy) -> list[Copy]:
    """The article, and each of its sections as an article of its own (more texts from few)."""
    starts = [n for n, (kind, _) in enumerate(copy.body) if kind == "sec"]
    ends = [*starts[1:], len(copy.body)] if starts else []
    parts = [Copy(copy.body[s][1], copy.body[s + 1 : e]) for s, e in zip(starts, ends, strict=True)]
    return [copy, *(part for part in parts if part.body)]


@lru_cache(maxsize=8)
def _shared_copies(path: str, lang: str) -> tuple[Copy, ...]:
    root = Path(path)
    if lang == "zh":
        corpus = root / CORPUS
        if not corpus.is_file():
            return ()
        with corpus.open(encoding="utf-8") as handle:
            return tuple(copy for line in handle if (copy := _copy(json.loads(line))).body)
    seen: dict[str, Copy] = {}
    for gold in sorted((root / "bench" / "dev").glob("*.gold.json")):
        page = json.loads(gold.read_text(encoding="utf-8"))
        for article in page.get("articles", ()) if page.get("lang") != "zh" else ():
            copy = _copy(article)
            text = " ".join(t for kind, t in copy.body if kind == "p")
            if len(text) >= 200 and latin.guess_lang(text) == lang:
                seen.setdefault(text[:200], copy)
    return tuple(seen.values())


@lru_cache(maxsize=1)
def _names() -> dict[str, Any]:
    return _data("names")


def _data(name: str) -> dict[str, Any]:
    text = resources.files("broadsheet").joinpath(f"data/texts/{name}.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def make_page(seed: int, style: str = "pdftotext", lang: str = "zh", texts: ArticleTexts | None = None) -> SynthPage:
    """One synthetic page: its dump in `style`, its truth and its printed lines."""
    if style not in PRINTERS:
        raise ValueError(f"style must be one of {', '.join(STYLES)}, not {style!r}")
    texts = texts or ArticleTexts.default(_check(lang))
    rng, sheet, copies = set_sheet(seed, style, lang, texts)
    rows, note = PRINTERS[style](sheet, rng)
    dump, placed = render(rows, cells=style == "pdftotext-layout" and lang == "zh")
    source = (f"broadsheet synth, seed {seed}, template {sheet.template}, {sheet.grid.columns}-column grid, "
              f"style {style} ({note}); article texts: {texts.origin}")
    truth = truth_of(sheet, copies, {"page": f"synth-{lang}-{style}-{seed}", "lang": lang, "source": source})
    return SynthPage(dump, truth, printed_lines(sheet, placed))


def set_sheet(seed: int, style: str, lang: str, texts: ArticleTexts) -> tuple[random.Random, Sheet, list[Copy]]:
    """The page `make_page` prints, set but not yet printed: its random state (which the
    printer goes on drawing from), the sheet and the dressed articles. The style matters
    here too: OCR's spaced punctuation and ornaments are chosen before setting."""
    if texts.lang != lang or not texts.copies:
        raise ValueError(f"texts must hold {lang} articles; these are {len(texts.copies)} {texts.lang} ones")
    rng = random.Random(seed)
    chosen = rng.sample(range(len(texts.copies)), min(rng.randint(2, 7), len(texts.copies)))
    caps = lang != "zh" and rng.random() < 0.6
    copies = [dress(rng, texts.copies[n], lang, caps) for n in chosen]
    if style == "ocrorder" and lang != "zh" and rng.random() < 0.5:
        copies = [_spaced_punctuation(copy) for copy in copies]
    return rng, set_page(rng, copies, furniture(rng, lang, style), lang == "zh"), copies


def dress(rng: random.Random, copy: Copy, lang: str, caps: bool) -> Copy:
    """Choose this page's roles for an article: kicker, subtitles, byline, lede, captions."""
    cjk_page, table = lang == "zh", _names()[lang]
    sentences = _sentences(copy.body, cjk_page)
    headline = copy.headline or (_phrase(rng, sentences[:1], cjk_page, 2, 16) if rng.random() < 0.6 else "")
    headline = "" if rng.random() < 0.05 else headline.upper() if caps else headline
    kicker = _phrase(rng, sentences, cjk_page, 3, 18) if rng.random() < 0.2 else ""
    decks = copy.decks if copy.decks and rng.random() < 0.7 else tuple(
        _phrase(rng, sentences, cjk_page, 4, 24) for _ in range(rng.choice((0, 0, 0, 0, 1, 1, 2))))
    if cjk_page and decks and rng.random() < 0.3:
        decks = ("——" + decks[0], *decks[1:])
    names = tuple(name(rng, lang) for _ in range(rng.choice((1, 1, 1, 2))))
    byline, names = _byline(rng, lang, names) if rng.random() < 0.8 else ("", ())
    last = bool(byline) and rng.random() < 0.25
    byline = table["and"].join(names) if last else byline
    captions = tuple((rng.choice(sentences), rng.choice(table["credit"]).format(name=name(rng, lang),
                      place=rng.choice(table["places"])) if rng.random() < 0.85 else "")
                     for _ in range(rng.choice((0, 0, 1, 1, 2))) if sentences)
    jump = rng.choice(table["jump"]).format(n=rng.randint(2, 24)) if rng.random() < 0.05 else ""
    return replace(copy, headline=headline, kicker=kicker, decks=tuple(d for d in decks if d), byline=byline,
                   names=names, byline_last=last, lede=rng.random() < 0.25, captions=captions, jump=jump)


def _sentences(body: tuple[tuple[str, str], ...], cjk_page: bool) -> list[str]:
    pattern = r"(?<=[。！？])" if cjk_page else r"(?<=[.!?])\s+"
    lengths = (8, 70) if cjk_page else (30, 180)
    found = [s.strip() for kind, text in body if kind == "p" for s in re.split(pattern, text)]
    return [s for s in found if lengths[0] <= len(s) <= lengths[1]][:40]


def _phrase(rng: random.Random, sentences: list[str], cjk_page: bool, shortest: int, longest: int) -> str:
    """A clause of one of the sentences (in characters on CJK pages, else words)."""
    if not sentences:
        return ""
    sentence = rng.choice(sentences)
    if cjk_page:
        clauses = [c for c in re.split(r"[，、；：。！？,;:]", sentence) if shortest <= len(c) <= longest]
        return rng.choice(clauses) if clauses else sentence[:longest].rstrip("，。、")
    words = sentence.split()[: rng.randint(min(shortest, 6), min(longest // 3, 9))]
    while len(words) > 1 and not latin.could_end_title(" ".join(words)):
        words.pop()  # a title is cut where a phrase ends, never after "the" or "und"
    return " ".join(words).rstrip(",.;:—-")


def name(rng: random.Random, lang: str) -> str:
    """A person's name from the built-in lists (upper case in most Latin bylines)."""
    table = _names()[lang]
    if lang == "zh":
        return f"{rng.choice(table['surnames'])}{rng.choice(table['given'])}"
    full = f"{rng.choice(table['given'])} {rng.choice(table['surnames'])}"
    return full.upper() if rng.random() < 0.6 else full


def _byline(rng: random.Random, lang: str, names: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """A byline as printed, and every name in it."""
    table = _names()[lang]
    pattern = rng.choice(table["byline"])
    other = name(rng, lang) if "{other}" in pattern else ""
    text = pattern.format(prefix="□" if rng.random() < 0.5 else "", role=rng.choice(table.get("byline_roles", [""])),
                          names=table["and"].join(names), other=other)
    return text, (*names, other) if other else names


def _spaced_punctuation(copy: Copy) -> Copy:
    """OCR's habit of setting punctuation off by a space: "erzählt , wie er"."""
    def spaced(text: str) -> str:
        return re.sub(r"(?<=\w)([,.;:!?])(?=\s|$)", r" \1", text)
    return replace(copy, body=tuple((kind, spaced(text)) for kind, text in copy.body))


def furniture(rng: random.Random, lang: str, style: str) -> tuple[tuple[str, ...], ...]:
    """Top (masthead, date, folio), bottom (editor line, advert) and OCR ornament texts."""
    table = _names()[lang]
    day = datetime.date(rng.randint(*table["years"]), rng.randint(1, 12), rng.randint(1, 28))
    words = {"name": name(rng, lang), "other": name(rng, lang), "place": rng.choice(table["places"]),
             "n": rng.randint(1, 40), "number": rng.randint(100, 9999), "section": rng.choice(table["sections"]),
             "phone": f"0{rng.randint(10, 999)}-{rng.randint(1000000, 99999999)}"}
    month = table["months"][day.month - 1] if table["months"] else day.month
    date = table["date"].format(y=day.year, m=day.month, d=day.day, month=month,
                                weekday=table["weekdays"][day.weekday()])
    paper = rng.choice(table["papers"])
    masthead = rng.choice(table["places"]) + paper if lang == "zh" else paper.format(place=rng.choice(table["places"]))
    top = [masthead, date, rng.choice(table["folio"]).format(**words)]
    top = top if rng.random() < 0.8 else rng.sample(top, rng.randint(0, 2))  # none: a page cut below its head
    bottom = [rng.choice(table["editor"]).format(**words), rng.choice(table["adverts"]).format(**words)]
    bottom = bottom[: rng.randint(0, 2)]
    ornaments = ["".join(rng.choice(".,:;-~•'_|()*1lI ") for _ in range(rng.randint(4, 30))).strip() or "•"
                 for _ in range(rng.randint(1, 3))] if lang != "zh" and style in ("ocrorder", "pdftotext") \
        and rng.random() < 0.25 else []
    return tuple(top), tuple(bottom), tuple(ornaments)


def truth_of(sheet: Sheet, copies: list[Copy], header: dict[str, str]) -> dict[str, Any]:
    """The bench's gold JSON for the sheet: each article's fields joined from its set lines."""
    articles: list[dict[str, Any]] = [
        {"id": f"a{n + 1}", "headline": "", "decks": [], "bylines": [], "byline_names": [], "body": [], "captions": []}
        for n in range(len(copies))]
    lines_of: dict[int, list[Any]] = {}
    for line in sheet.lines:
        lines_of.setdefault(line.item, []).append(line)
    for number in sorted(lines_of, key=lambda n: (sheet.items[n].article, sheet.items[n].order)):
        item = sheet.items[number]
        text = join_lines(sorted(lines_of[number], key=lambda line: line.index), sheet.grid.cjk)
        if item.article >= 0:
            _file(articles[item.article], item.role, text, copies[item.article])
    return {**header, "articles": articles}


def _file(article: dict[str, Any], role: Role, text: str, copy: Copy) -> None:
    """Put one item's text where the gold format keeps that role."""
    if role == "headline":
        article["headline"] = text
    elif role in ("kicker", "deck"):
        article["decks"].append(text)
    elif role == "byline":
        article["bylines"].append(text)
        article["byline_names"] = list(copy.names)
    elif role == "section":
        article["body"].append({"type": "sec", "title": text})
    elif role in ("body", "lede"):
        article["body"].append({"type": "p", "text": text})
    elif role == "caption":
        article["captions"].append({"text": text, "credit": ""})
    elif role == "credit":
        article["captions"][-1]["credit"] = text


def printed_lines(sheet: Sheet, placed: list[tuple[int, int, Any]]) -> tuple[PrintedLine, ...]:
    """Each printed run with its article, role, body block and reading position."""
    def key(entry: tuple[int, int, Any]) -> tuple[int, int, int]:
        run = entry[2]
        return sheet.items[run.item].order, run.first, run.part

    seq: dict[int, int] = {}
    for article in {sheet.items[run.item].article for _, _, run in placed} - {-1}:
        mine = sorted((e for e in placed if sheet.items[e[2].item].article == article), key=key)
        seq.update({id(entry[2]): number for number, entry in enumerate(mine)})
    lines = []
    for row, col, run in placed:
        item = sheet.items[run.item]
        block = item.slot if item.role in BODY_ROLES else -1
        lines.append(PrintedLine(run.text, row, col, item.article, item.role, block, seq.get(id(run), -1), run.hyphen))
    return tuple(sorted(lines, key=lambda line: (line.row, line.col)))
