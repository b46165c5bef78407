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
    ms        milliseconds per page for split_layout

Skips cleanly (exit 0) when the suite is absent: the benchmark is not part of the project.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from broadsheet.gutters import split_layout
from broadsheet.page import Line
from broadsheet.params import Params
from broadsheet.read import read_dump

HERE = Path(__file__).resolve().parent
DEFAULT_SUITE = HERE.parent.parent / "shared" / "bench" / "dev"
MIN_PIECE = {"zh": 5, "en": 10}  # shortest piece (characters, no whitespace) that counts as placed
_DROP = {"zh": re.compile(r"\s+"), "en": re.compile(r"[\s\-\u00ad\u2010\u2011]+")}
SEPARATOR = "\x00"


@dataclass(frozen=True, slots=True)
class Figures:
    paragraphs: int
    whole: int
    ordered: int
    headlines: int
    head_seg: int
    head_str: int
    seconds: float
    misses: tuple[str, ...]


def check_case(dump_path: Path, gold_path: Path) -> tuple[str, Figures]:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    lang = "zh" if gold["lang"] == "zh" else "en"
    drop = _DROP[lang]
    lines = read_dump(dump_path).lines
    began = time.perf_counter()
    segments = split_layout(lines, Params())
    seconds = time.perf_counter() - began
    _check_nothing_lost(lines, segments)
    streams = _streams(segments, drop)
    joined = SEPARATOR.join(streams)
    segment_text = SEPARATOR.join(drop.sub("", s.text) for s in segments)
    paragraphs = [drop.sub("", p["text"]) for a in gold["articles"] for p in a["body"] if p["type"] == "p"]
    paragraphs = [p for p in paragraphs if p]
    headlines = [drop.sub("", a["headline"]) for a in gold["articles"] if a.get("headline")]
    whole = [p for p in paragraphs if p in joined]
    ordered = [p for p in paragraphs if _in_order(p, joined, MIN_PIECE[lang])]
    misses = tuple(p for p in paragraphs if p not in whole) + tuple("HEAD " + h for h in headlines if h not in joined)
    return lang, Figures(
        len(paragraphs),
        len(whole),
        len(ordered),
        len(headlines),
        sum(h in segment_text for h in headlines),
        sum(h in joined for h in headlines),
        seconds,
        misses,
    )


def _streams(segments: tuple[Line, ...], drop: re.Pattern[str]) -> list[str]:
    texts: dict[int, list[str]] = defaultdict(list)
    for segment in segments:
        texts[segment.column].append(segment.text)
    return [drop.sub("", " ".join(parts)) for parts in texts.values()]


def _check_nothing_lost(lines: tuple[Line, ...], segments: tuple[Line, ...]) -> None:
    def chars(texts: list[str]) -> Counter[str]:
        return Counter("".join("".join(text.split()) for text in texts))

    if chars([line.text for line in lines]) != chars([s.text for s in segments]):
        raise AssertionError("split_layout lost or duplicated characters")


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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suite", type=Path, default=DEFAULT_SUITE)
    parser.add_argument("--cases", default="", help="only cases whose name holds this")
    parser.add_argument("-v", "--verbose", action="store_true", help="per case figures and missed paragraphs")
    args = parser.parse_args(argv)
    cases = sorted(args.suite.glob("*.pdftotext-layout.txt")) if args.suite.is_dir() else []
    cases = [c for c in cases if args.cases in c.name and _gold_of(c).exists()]
    if not cases:
        print(f"layout_check: no layout cases under {args.suite}; nothing to do")
        return 0
    totals: dict[str, list[Figures]] = defaultdict(list)
    for case in cases:
        lang, figures = check_case(case, _gold_of(case))
        totals[lang].append(figures)
        if args.verbose:
            _print_case(case.name, figures)
    print(f"{'lang':5} {'cases':>5} {'paras':>6} {'whole':>6} {'ordered':>8} {'head_seg':>8} {'head_str':>8} {'ms':>6}")
    for lang, rows in sorted(totals.items()):
        _print_total(lang, rows)
    return 0


def _gold_of(case: Path) -> Path:
    return case.with_name(case.name.removesuffix(".txt") + ".gold.json")


def _print_case(name: str, f: Figures) -> None:
    print(
        f"{name}: whole {f.whole}/{f.paragraphs} ordered {f.ordered}/{f.paragraphs} "
        f"head_seg {f.head_seg}/{f.headlines} head_str {f.head_str}/{f.headlines} {1000 * f.seconds:.1f} ms"
    )
    for miss in f.misses:
        print(f"    miss: {miss[:70]}")


def _print_total(lang: str, rows: list[Figures]) -> None:
    paragraphs = sum(r.paragraphs for r in rows)
    headlines = sum(r.headlines for r in rows)
    print(
        f"{lang:5} {len(rows):5d} {paragraphs:6d} {sum(r.whole for r in rows) / paragraphs:6.3f} "
        f"{sum(r.ordered for r in rows) / paragraphs:8.3f} {sum(r.head_seg for r in rows) / headlines:8.3f} "
        f"{sum(r.head_str for r in rows) / headlines:8.3f} {1000 * sum(r.seconds for r in rows) / len(rows):6.1f}"
    )


if __name__ == "__main__":
    sys.exit(main())
