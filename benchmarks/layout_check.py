"""How well `split_layout` cuts pdftotext -layout dumps into column streams.

    python benchmarks/layout_check.py [--suite ../shared/bench/dev] [--cases PATTERN] [-v]

For every `*.pdftotext-layout.txt` case with its gold, the dump is read and cut, each
column stream's segment texts are joined, and the gold is looked for in the streams, all
compared with whitespace removed (and, for Latin, hyphens too: the gold drops line-end
hyphens). Figures per language:

    whole     gold body paragraphs found whole inside one stream
    ordered   paragraphs whose line-sized pieces all lie in streams, in reading order
              (a paragraph that turns a column cannot be whole in one stream)
    head_seg  headlines found whole inside one segment (wrapped headlines cannot be)
    head_str  headlines found whole inside one stream
    bad_cut   cuts per thousand that split what the gold prints as one run of text
    blank_ok  share of in-stream gaps >= 1 that fall where the gold text breaks too
    ms        milliseconds per page for split_layout

Skips cleanly (exit 0) when the suite is absent: the benchmark is not part of the project.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from broadsheet.gutters import cut_rows, split_layout
from broadsheet.page import Dump, Line
from broadsheet.params import Params
from broadsheet.read import read_dump

HERE = Path(__file__).resolve().parent
DEFAULT_SUITE = HERE.parent.parent / "shared" / "bench" / "dev"
MIN_PIECE = {"zh": 5, "en": 10}  # shortest piece (characters, no whitespace) that counts as placed
JOIN = 6  # characters either side of a cut or a gap looked up in the gold
_DROP = {"zh": re.compile(r"\s+"), "en": re.compile(r"[\s\-\u00ad\u2010\u2011]+")}
SEPARATOR = "\x00"
FIGURES = ("whole", "ordered", "head_seg", "head_str", "bad_cut", "blank_ok", "ms")


@dataclass(frozen=True, slots=True)
class Figures:
    paragraphs: int
    whole: int
    ordered: int
    headlines: int
    head_seg: int
    head_str: int
    cuts: int
    bad_cuts: int
    blanks: int
    blanks_ok: int
    seconds: float
    misses: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Gold:
    lang: str
    paragraphs: tuple[str, ...]  # body paragraphs, whitespace (and Latin hyphens) dropped
    headlines: tuple[str, ...]
    text: str  # every gold text, dropped alike, joined by SEPARATOR

    def drop(self, text: str) -> str:
        return _DROP[self.lang].sub("", text)


def read_gold(path: Path) -> Gold:
    gold = json.loads(path.read_text(encoding="utf-8"))
    lang = "zh" if gold["lang"] == "zh" else "en"
    drop = _DROP[lang]
    parts: list[str] = []
    for article in gold["articles"]:
        parts += [article.get("headline", ""), *article.get("decks", []), *article.get("bylines", [])]
        parts += [block.get("text") or block.get("title") or "" for block in article["body"]]
        parts += [text for caption in article.get("captions", []) for text in (caption["text"], caption["credit"])]
    paragraphs = [drop.sub("", p["text"]) for a in gold["articles"] for p in a["body"] if p["type"] == "p"]
    headlines = [drop.sub("", a["headline"]) for a in gold["articles"] if a.get("headline")]
    text = SEPARATOR.join(drop.sub("", part) for part in parts)
    return Gold(lang, tuple(p for p in paragraphs if p), tuple(headlines), text)


def check_case(dump_path: Path, gold_path: Path) -> tuple[str, Figures]:
    gold = read_gold(gold_path)
    dump = read_dump(dump_path)
    began = time.perf_counter()
    segments = split_layout(dump.lines, Params())
    seconds = time.perf_counter() - began
    _check_nothing_lost(dump.lines, segments)
    joined = SEPARATOR.join(_streams(segments, gold))
    segment_text = SEPARATOR.join(gold.drop(s.text) for s in segments)
    whole = [p for p in gold.paragraphs if p in joined]
    cuts, bad_cuts = _cuts(dump, gold)
    blanks, blanks_ok = _blanks(segments, gold)
    return gold.lang, Figures(
        paragraphs=len(gold.paragraphs),
        whole=len(whole),
        ordered=sum(_in_order(p, joined, MIN_PIECE[gold.lang]) for p in gold.paragraphs),
        headlines=len(gold.headlines),
        head_seg=sum(h in segment_text for h in gold.headlines),
        head_str=sum(h in joined for h in gold.headlines),
        cuts=cuts,
        bad_cuts=bad_cuts,
        blanks=blanks,
        blanks_ok=blanks_ok,
        seconds=seconds,
        misses=tuple(p for p in gold.paragraphs if p not in whole)
        + tuple("HEAD " + h for h in gold.headlines if h not in joined),
    )


def _streams(segments: tuple[Line, ...], gold: Gold) -> list[str]:
    texts: dict[int, list[str]] = defaultdict(list)
    for segment in segments:
        texts[segment.column].append(segment.text)
    return [gold.drop(" ".join(parts)) for parts in texts.values()]


def _check_nothing_lost(lines: tuple[Line, ...], segments: tuple[Line, ...]) -> None:
    def chars(texts: list[str]) -> Counter[str]:
        return Counter("".join("".join(text.split()) for text in texts))

    if chars([line.text for line in lines]) != chars([s.text for s in segments]):
        raise AssertionError("split_layout lost or duplicated characters")


def _joins(left: str, right: str, gold: Gold) -> bool:
    """Whether the end of `left` runs on into the start of `right` somewhere in the gold."""
    tail, head = gold.drop(left)[-JOIN:], gold.drop(right)[:JOIN]
    return bool(tail) and bool(head) and tail + head in gold.text


def _cuts(dump: Dump, gold: Gold) -> tuple[int, int]:
    """Cuts made within rows, and those that split a run of gold text."""
    cuts = bad = 0
    for _, page in itertools.groupby(dump.lines, key=lambda line: line.page):
        segments = cut_rows(list(page), Params(), dump.script == "cjk")
        for left, right in itertools.pairwise(segments):
            if left.line is right.line:
                cuts += 1
                bad += _joins(left.text, right.text, gold)
    return cuts, bad


def _blanks(segments: tuple[Line, ...], gold: Gold) -> tuple[int, int]:
    """In-stream gaps of one slot or more, and those where the gold text breaks too."""
    blanks = [(a, b) for a, b in itertools.pairwise(segments) if a.column == b.column and b.gap >= 1]
    return len(blanks), sum(not _joins(a.text, b.text, gold) for a, b in blanks)


def _in_order(paragraph: str, joined: str, min_piece: int) -> bool:
    """Whether the paragraph is a sequence of pieces found one after another in `joined`."""
    cursor, place = 0, 0
    while place < len(paragraph):
        length, found = _longest_from(paragraph, place, joined, cursor)
        if length < min(min_piece, len(paragraph) - place):
            return False
        cursor, place = found + length, place + length
    return True


def _longest_from(paragraph: str, place: int, joined: str, cursor: int) -> tuple[int, int]:
    """The longest prefix of paragraph[place:] occurring in joined[cursor:], and where."""
    low, high, found = 0, len(paragraph) - place, cursor
    while low < high:
        middle = (low + high + 1) // 2
        at = joined.find(paragraph[place : place + middle], cursor)
        if at < 0:
            high = middle - 1
        else:
            low, found = middle, at
    return low, found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--suite", type=Path, default=DEFAULT_SUITE)
    parser.add_argument("--cases", default="", help="only cases whose name holds this")
    parser.add_argument("-v", "--verbose", action="store_true", help="per case figures and missed paragraphs")
    args = parser.parse_args(argv)
    cases = sorted(args.suite.glob("*.pdftotext-layout.txt")) if args.suite.is_dir() else []
    cases = [case for case in cases if args.cases in case.name and _gold_of(case).exists()]
    if not cases:
        print(f"layout_check: no layout cases under {args.suite}; nothing to do")
        return 0
    totals: dict[str, list[Figures]] = defaultdict(list)
    for case in cases:
        lang, figures = check_case(case, _gold_of(case))
        totals[lang].append(figures)
        if args.verbose:
            _print_case(case.name, figures)
    print(f"{'lang':5} {'cases':>5} {'paras':>6} " + " ".join(f"{name:>8}" for name in FIGURES))
    for lang, rows in sorted(totals.items()):
        _print_total(lang, rows)
    return 0


def _gold_of(case: Path) -> Path:
    return case.with_name(case.name.removesuffix(".txt") + ".gold.json")


def _print_case(name: str, f: Figures) -> None:
    print(
        f"{name}: whole {f.whole}/{f.paragraphs} ordered {f.ordered}/{f.paragraphs} "
        f"head_seg {f.head_seg}/{f.headlines} head_str {f.head_str}/{f.headlines} "
        f"bad cuts {f.bad_cuts}/{f.cuts} blanks {f.blanks_ok}/{f.blanks} {1000 * f.seconds:.1f} ms"
    )
    for miss in f.misses:
        print(f"    miss: {miss[:70]}")


def _print_total(lang: str, rows: list[Figures]) -> None:
    def total(name: str) -> int:
        return sum(getattr(row, name) for row in rows)

    values = (
        total("whole") / total("paragraphs"),
        total("ordered") / total("paragraphs"),
        total("head_seg") / total("headlines"),
        total("head_str") / total("headlines"),
        1000 * total("bad_cuts") / max(total("cuts"), 1),
        total("blanks_ok") / max(total("blanks"), 1),
        1000 * sum(row.seconds for row in rows) / len(rows),
    )
    print(f"{lang:5} {len(rows):5d} {total('paragraphs'):6d} " + " ".join(f"{value:8.3f}" for value in values))


if __name__ == "__main__":
    sys.exit(main())
