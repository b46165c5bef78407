"""Articles: stories (fragment ids in reading order) in, finished articles out.

Each story's parts become text: the headline unit's lines joined, kickers and subtitles
likewise, bylines split into prefix, role words and names (lang/), body fragments cut
into paragraphs (paragraphs.py) with section fragments as headings, a lede marked when
the first body fragment is set wider than the rest, captions with their credits (a
credit printed in the caption's own last line is cut off it). Fragments no story took
become page furniture, kept in dump order. Joining never drops a character except a
line-end hyphen inside a word, and those are counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from broadsheet.cues import has_rows, run_measures
from broadsheet.fragments import run_measure
from broadsheet.lang import rules_for
from broadsheet.page import (
    Article,
    Byline,
    Caption,
    Cues,
    Dump,
    Fragment,
    Furniture,
    Heading,
    Line,
    Order,
    Paragraph,
    Story,
)
from broadsheet.paragraphs import Marking, join_lines, split_paragraphs
from broadsheet.params import Params
from broadsheet.titles import title_units

BLOCK_SHARE = 0.45  # blank lines mark paragraphs when this share of blocks end on a sentence end
ENDS_BLANK_SHARE = 0.5  # blank lines add paragraph breaks when this share of visible paragraph ends have one below
MIN_VISIBLE_ENDS = 8  # visible paragraph ends a page needs for that share to say anything
SHORT_OF_FULL = 0.8  # a line under this share of the page's usual full width is short
ENGINE_BLOCK_LINES = 4.0  # lines an OCR engine's blocks hold on average (pdftotext's spacing breaks: ~2)
_SPACES = re.compile(r"\s+")
_UNEVEN = re.compile(r"\s{2,}|[^\S ]")  # what _SPACES would change: found by a scan that copies nothing


@dataclass(frozen=True, slots=True)
class Text:
    """Joined text with the line-end hyphens it dropped."""

    value: str
    hyphens: int = 0


def order_to_articles(dump: Dump, fragments: tuple[Fragment, ...], cues: Cues, order: Order,
                      params: Params) -> tuple[tuple[Article, ...], tuple[Furniture, ...], int]:
    """Build the articles of every story, the furniture, and the count of dropped hyphens."""
    writer = _Writer(dump, fragments, cues, order, params, marking=paragraph_marking(dump, fragments))
    articles = tuple(writer.article(number, story) for number, story in enumerate(_reading_order(order.stories), 1))
    furniture = tuple(Furniture(fragments[i].page, writer.text([i]).value, (i,)) for i in order.furniture)
    return articles, furniture, writer.hyphens


def _reading_order(stories: tuple[Story, ...]) -> list[Story]:
    """Stories by page, then by where they start in the dump."""
    return sorted(stories, key=lambda s: min(s.fragments, default=0))


def paragraph_marking(dump: Dump, fragments: tuple[Fragment, ...]) -> Marking:
    """How this page shows its paragraph ends (see paragraphs.Marking)."""
    if blank_lines_mark_paragraphs(dump, fragments):
        return Marking.ENGINE_BLOCKS if engine_blocks(dump) else Marking.BLOCKS
    return Marking.BOXES if blank_lines_follow_paragraph_ends(dump) else Marking.LINES


def engine_blocks(dump: Dump) -> bool:
    """True when the page's blocks are an OCR engine's, each a paragraph: the script keeps
    blocks as paragraphs (`BLOCKS_ARE_PARAGRAPHS`: Latin) and they hold ENGINE_BLOCK_LINES
    lines or more on average. pdftotext, reading a scan's text layer, puts blank lines
    every line or two where the baselines wander; those are no blocks."""
    if not rules_for(dump.script).BLOCKS_ARE_PARAGRAPHS or dump.style == "paragraphs":
        return False
    blocks = 1 + sum(1 for line in dump.lines[1:] if line.gap)
    return len(dump.lines) >= ENGINE_BLOCK_LINES * blocks


def blank_lines_follow_paragraph_ends(dump: Dump) -> bool:
    """True when a blank line follows most visible paragraph ends (a sentence end on a
    line short of the page's usual full width, its upper quartile): the extractor printed
    a box a paragraph (pdfminer), so a blank line also marks the paragraph ends that a
    full last line hides. pdftotext's default mode runs a column's paragraphs on without one.
    Only where the script's rules let blank lines add breaks (`BLANK_LINES_ADD_BREAKS`).
    """
    rules = rules_for(dump.script)
    if not rules.BLANK_LINES_ADD_BREAKS or dump.style in ("layout", "paragraphs") or len(dump.lines) < 2:
        return False
    lines = dump.lines
    full = sorted(line.width for line in lines)[(3 * len(lines)) // 4]
    short = SHORT_OF_FULL * full
    ends = [index for index in range(len(lines) - 1)
            if lines[index].width < short and lines[index + 1].page == lines[index].page
            and rules.ends_sentence(lines[index].text)]
    blank = sum(1 for index in ends if lines[index + 1].gap)
    return len(ends) >= MIN_VISIBLE_ENDS and blank >= ENDS_BLANK_SHARE * len(ends)


def blank_lines_mark_paragraphs(dump: Dump, fragments: tuple[Fragment, ...]) -> bool:
    """True when about half the blank lines or more follow a sentence end: the dump
    separates paragraphs by blank lines.

    OCR block exports (whose blocks also break at column feet, mid-sentence) and pdfminer
    text boxes do; pdftotext puts blank lines at column breaks, mostly mid-sentence, -raw
    puts none, and in -layout a blank row is only where some column breaks.
    """
    if dump.style == "paragraphs":
        return True
    if dump.style == "layout":
        return False  # side-by-side columns: a blank row is where some column breaks
    rules = rules_for(dump.script)
    lines = dump.lines
    after_blank = [rules.ends_sentence(lines[i].text) for i in range(len(lines) - 1) if lines[i + 1].gap]
    return len(after_blank) >= 3 and sum(after_blank) / len(after_blank) >= BLOCK_SHARE


class _Writer:
    """Turns fragment ids into text for one page (keeps the hyphen count)."""

    def __init__(self, dump: Dump, fragments: tuple[Fragment, ...], cues: Cues, order: Order, params: Params, *,
                 marking: Marking) -> None:
        self.dump, self.fragments, self.cues, self.params, self.marking = dump, fragments, cues, params, marking
        self.roles = order.roles or cues.roles
        self.readable = has_rows(cues.features, len(fragments))  # hand-made cues may carry roles alone
        self.measures = run_measures(cues.features, cues.measure).tolist() if self.readable else None  # run_measure's
        self.rules = rules_for(dump.script)
        self.hyphens = 0

    def text(self, ids: list[int] | tuple[int, ...]) -> Text:
        lines = [line.text for i in ids for line in self.fragments[i].lines]
        joined = join_lines(lines, self.dump.script, self.dump.lang)
        self.hyphens += joined.hyphens
        return Text(joined.text, joined.hyphens)

    def article(self, number: int, story: Story) -> Article:
        page = self.fragments[min(story.fragments)].page if story.fragments else 0
        return Article(
            number=number,
            page=page,
            headline=self.text(story.headline).value if story.headline else "",
            kickers=tuple(self.text(unit).value for unit in story.kickers),
            subtitles=tuple(self.text(unit).value for unit in story.decks),
            bylines=tuple(self.byline(unit) for unit in story.bylines),
            body=self.body(story.body),
            captions=tuple(self.caption(caption, credit) for caption, credit in story.captions),
            jumps=tuple(self.text([i]).value for i in story.jumps),
            fragments=tuple(sorted(story.fragments)),
        )

    def byline(self, unit: tuple[int, ...]) -> Byline:
        text = self.text(unit).value
        prefix, role, names = self.rules.split_byline(text)
        return Byline(text, names, role, prefix)

    def caption(self, caption: tuple[int, ...], credit: tuple[int, ...]) -> Caption:
        text = self.text(caption).value
        if credit:
            return Caption(text, self.text(credit).value)
        match = self.rules.find_credit(text)
        if match and match.start() > 0:
            return Caption(text[: match.start()].rstrip(), match.group("credit").strip())
        return Caption(text)

    def body(self, ids: tuple[int, ...]) -> tuple[Paragraph | Heading, ...]:
        blocks: list[Paragraph | Heading] = []
        runs: list[list[Line]] = []
        measures: list[float] = []
        heading: list[int] = []
        for index in ids:
            if self.roles[index] == "section":
                blocks += self.paragraphs(runs, measures)
                runs, measures = [], []
                heading.append(index)
                continue
            if heading:
                blocks += self.headings(heading)
                heading = []
            runs.append(list(self.fragments[index].lines))
            measures.append(self.measures[index] if self.measures is not None else run_measure(runs[-1]))
        if heading:
            blocks += self.headings(heading)
        blocks += self.paragraphs(runs, measures)
        return tuple(blocks)

    def headings(self, run: list[int]) -> list[Heading]:
        """A run of section fragments as headings, one per title its lines wrap into (a
        line each on a dump set a paragraph a line, as title_groups reads it; one for the
        run where the cues hold no feature rows to read the lines' shapes by)."""
        if self.dump.style == "paragraphs":
            units: list[tuple[int, ...]] = [(index,) for index in run]
        elif not self.readable:
            units = [tuple(run)]
        else:
            units = title_units(run, self.fragments, self.cues, in_body=True)
        return [Heading(self.text(unit).value) for unit in units]

    def paragraphs(self, runs: list[list[Line]], measures: list[float]) -> list[Paragraph]:
        """The paragraphs of body runs, each run with its run_measure."""
        if not runs:
            return []
        pieces = split_paragraphs(runs, measures, self.dump.script, self.marking)
        out = []
        for piece in pieces:
            joined = join_lines([line.text for line in piece], self.dump.script, self.dump.lang)
            self.hyphens += joined.hyphens
            if joined.text:
                out.append(Paragraph(_single_spaced(joined.text) if self.dump.script == "latin" else joined.text))
        return out


def _single_spaced(text: str) -> str:
    """Every run of whitespace one space (most joined paragraphs have none to change).

    >>> _single_spaced("a  b\tc"), _single_spaced("a b")
    ('a b c', 'a b')
    """
    return _SPACES.sub(" ", text) if _UNEVEN.search(text) else text
