"""What text extractors see of a set page: blocks, reading order, runs and rendering.

In: a `Sheet` (synth_lines). Out, for the printers in synth_styles: `Block`s (lines an
extractor keeps together, with their box), an XY-cut `reading_order` (split at gaps no
block bridges, top to bottom then left to right, or columns first), `block_rows` (a
block's lines as printed rows, with the extractors' habits as flags: merging a hyphenated
line with the next, a stretched justified line a word a line or scattered in word groups,
letter-spaced or stray-spaced CJK lines, ideographic spaces opening a CJK paragraph)
and `render`, which lays the rows into the dump
text and tells where each `Run` landed (row and character offset).
Known limits: XY-cut only approximates poppler's and pdfminer's orders; the habits are
applied by chance per line, not from glyph positions.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from broadsheet.lang import cjk
from broadsheet.synth_lines import SetLine, Sheet, join_lines


@dataclass(frozen=True, slots=True)
class Run:
    """Text printed in one place: one set line, part of one, or several of one item joined."""

    text: str  # as printed, stripped
    item: int  # index into Sheet.items
    first: int  # the item's line it starts with
    part: int = 0  # its place among the runs one set line was cut into
    hyphen: bool = False  # ends in an added hyphen
    x: int = -1  # display column; -1: `gap` spaces after the run before it
    gap: int = 1
    lead: str = ""  # printed just before the text: ideographic spaces indenting a paragraph


IDEOGRAPHIC_INDENT = "\u3000\u3000"  # two full-width spaces, as some CJK PDFs indent paragraphs


Rows = list[list[Run]]


@dataclass(frozen=True, slots=True)
class Block:
    """Lines an extractor keeps together, with their bounding box."""

    lines: tuple[SetLine, ...]
    box: tuple[float, float, float, float]  # x0, x1, y0, y1

    @classmethod
    def of(cls, lines: Sequence[SetLine]) -> Block:
        ordered = tuple(sorted(lines, key=lambda line: (line.y, line.x)))
        box = (min(line.x for line in ordered), max(line.right for line in ordered),
               min(line.y for line in ordered), max(line.y + line.size for line in ordered))
        return cls(ordered, box)

    @property
    def kind(self) -> str:
        return self.lines[0].kind

    @property
    def article(self) -> int:
        return self.lines[0].article


def blocks_of(sheet: Sheet) -> list[Block]:
    """The sheet's text blocks, in the order they were set."""
    groups: dict[int, list[SetLine]] = {}
    for line in sheet.lines:
        groups.setdefault(line.block, []).append(line)
    return [Block.of(lines) for _, lines in sorted(groups.items())]


def reading_order(blocks: list[Block], rng: random.Random, shuffle: float, across: bool) -> list[Block]:
    """XY-cut: split at full-width gaps (or full-height ones first when `across`), recursively.

    With `shuffle`, the two top levels' groups go in random order, as pdfminer's do.
    """
    return _cut(blocks, rng, (shuffle, across), 0)


def _cut(blocks: list[Block], rng: random.Random, how: tuple[float, bool], depth: int) -> list[Block]:
    if len(blocks) <= 1:
        return blocks
    shuffle, across = how
    for axis in ((0, 2) if across else (2, 0)):
        groups = _gaps(blocks, axis)
        if len(groups) > 1:
            if depth < 2 and rng.random() < shuffle:
                rng.shuffle(groups)
            return [block for group in groups for block in _cut(group, rng, how, depth + 1)]
    return sorted(blocks, key=lambda block: (block.box[0], block.box[2]))  # no clean cut: column by column


def _gaps(blocks: list[Block], axis: int) -> list[list[Block]]:
    """Blocks grouped where no block bridges the gap along `axis` (0: x, 2: y)."""
    groups: list[list[Block]] = []
    end = float("-inf")
    for block in sorted(blocks, key=lambda block: (block.box[axis], block.box[axis + 1])):
        if groups and block.box[axis] < end - 0.05:
            groups[-1].append(block)
        else:
            groups.append([block])
        end = max(end, block.box[axis + 1]) if len(groups[-1]) > 1 else block.box[axis + 1]
    return groups


def run_of(line: SetLine, text: str | None = None, lead: str = "") -> Run:
    return Run(line.text if text is None else text, line.item, line.index, 0, line.hyphen, lead=lead)


def opens_paragraph(line: SetLine, sheet: Sheet) -> bool:
    """The indented first line of a CJK paragraph."""
    return sheet.grid.cjk and bool(sheet.grid.cut) and line.index == 0 and line.kind == "body" \
        and sheet.items[line.item].role in ("body", "lede")


def stretched(line: SetLine, sheet: Sheet) -> bool:
    """A justified Latin line whose gaps are 3 columns wider than a space, or more."""
    gaps = line.text.count(" ")
    return not sheet.grid.cjk and gaps > 0 and line.slack / gaps >= 3


def spaced_out(line: SetLine, rng: random.Random, share: float) -> str:
    """A letter-spaced CJK line as extractors see it: spaces between (some) characters."""
    chars = line.text.replace(" ", "")
    return "".join(c + (" " if rng.random() < share else "") for c in chars[:-1]) + chars[-1:]


def stray_spaces(text: str, rng: random.Random) -> str:
    """One to three spaces inside a CJK line, where pdfminer saw wide character gaps."""
    for _ in range(rng.randint(1, 3)):
        at = rng.randint(1, max(len(text) - 1, 1))
        text = text[:at] + " " + text[at:]
    return " ".join(text.split())


def block_rows(block: Block, sheet: Sheet, rng: random.Random, mode: str) -> Rows:
    """A block's lines as rows. `mode` holds flags: m(erge hyphens), w(ords a line),
    s(catter word groups), l(etter-space all), p(artly letter-space), j(unk spaces),
    i(deographic spaces before a CJK paragraph)."""
    rows: Rows = []
    lines, number = block.lines, 0
    while number < len(lines):
        line = lines[number]
        if stretched(line, sheet) and ("w" in mode or "s" in mode):
            rows += _word_rows(line, rng, scatter="s" in mode)
            number += 1
            continue
        last = number
        while "m" in mode and _merges(lines, last, sheet):
            last += 1
        if last > number:
            text = join_lines(lines[number : last + 1], False)
            rows.append([Run(text, line.item, line.index, 0, lines[last].hyphen)])
        else:
            lead = IDEOGRAPHIC_INDENT if "i" in mode and opens_paragraph(line, sheet) else ""
            rows.append([run_of(line, _noisy(line, sheet, rng, mode), lead)])
        number = last + 1
    return rows


def _merges(lines: tuple[SetLine, ...], number: int, sheet: Sheet) -> bool:
    if number + 1 == len(lines) or not lines[number].hyphen:
        return False
    following = lines[number + 1]
    return following.item == lines[number].item and not stretched(following, sheet) \
        and not stretched(lines[number], sheet)


def _noisy(line: SetLine, sheet: Sheet, rng: random.Random, mode: str) -> str:
    if not sheet.grid.cjk:
        return line.text
    if line.slack and ("l" in mode or ("p" in mode and rng.random() < 0.5)):
        return spaced_out(line, rng, 1.0 if "l" in mode else 0.5)
    return stray_spaces(line.text, rng) if "j" in mode and rng.random() < 0.06 else line.text


def _word_rows(line: SetLine, rng: random.Random, scatter: bool) -> Rows:
    words = line.text.split(" ")
    runs = [Run(word, line.item, line.index, n, line.hyphen and n == len(words) - 1) for n, word in enumerate(words)]
    if not scatter:
        return [[run] for run in runs]
    cuts = sorted(rng.sample(range(1, len(runs)), rng.randint(0, len(runs) - 1)))
    groups = [runs[a:b] for a, b in zip([0, *cuts], [*cuts, len(runs)], strict=True)]
    rng.shuffle(groups)
    rows: Rows = []
    for group in groups:
        rows += [[Run(" ".join(r.text for r in group), group[0].item, group[0].first, group[0].part,
                      group[-1].hyphen)]] + ([[]] if rng.random() < 0.3 else [])
    return rows


def render(rows: Rows, cells: bool = False) -> tuple[str, list[tuple[int, int, Run]]]:
    """The dump, and each run with its row and character offset. A run's x is a display
    column, or with `cells` a character cell (pdftotext -layout on a CJK page)."""
    text_rows: list[str] = []
    placed: list[tuple[int, int, Run]] = []
    for runs in rows:
        text = ""
        for run in runs:
            reached = len(text) if cells else cjk.display_width(text)
            pad = (max(run.x - reached, 1 if text else 0) if run.x >= 0
                   else run.gap if text else 0)
            text += " " * pad + run.lead
            placed.append((len(text_rows), len(text), run))
            text += run.text
        text_rows.append(text)
    return "\n".join(text_rows) + "\n", placed


def tidy(rows: Rows) -> Rows:
    """No blank rows at the start or end, none doubled."""
    kept: Rows = []
    for runs in rows:
        if runs or (kept and kept[-1]):
            kept.append(runs)
    return kept[:-1] if kept and not kept[-1] else kept
