"""Set lines of type for the page synthesiser: the records of a set page and line breaking.

In: text and a measure; out: `Slug`s, lines as set (text, indent, slack, added hyphen).
The records here are what synth_layout makes a page of and synth_styles prints: `Copy`
(an article's text and the roles dressed onto it), `Item` (one headline, paragraph,
caption …), `SetLine` (one line placed on the page), `Grid` and `Sheet`.
CJK lines fill a fixed measure in display columns (ideographs and CJK quotes two, digits
one), with kinsoku: no closing mark starts a line, no opening mark ends one. Latin lines
break greedily between words, hyphenating before a consonant that a vowel follows when
the page hyphenates; a justified line records the slack it spreads.
`join_lines` joins an item's lines as the bench's gold does, so the truth is cut from them.
Known limits: hyphenation is a rough rule, not a dictionary; no hanging punctuation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from broadsheet.lang import cjk
from broadsheet.page import Role

NO_START = "，。、；：？！）》」』”’】〕…,.;:?!)%"  # kinsoku: never the first mark of a line
NO_END = "“‘（《「『【〔("  # never the last
_VOWELS = frozenset("aeiouyäöüéèêëàâîïôûAEIOUYÄÖÜÉÈÀ")
_DIGRAPHS = frozenset(("ch", "ck", "sh", "th", "ph", "qu", "gh", "wh", "sc"))


@dataclass(frozen=True, slots=True)
class Copy:
    """One article's text; once dressed, also the roles chosen for one page."""

    headline: str
    body: tuple[tuple[str, str], ...]  # ("p", text) or ("sec", title), in reading order
    decks: tuple[str, ...] = ()  # subtitles under the headline (a source's own decks before dressing)
    kicker: str = ""
    byline: str = ""
    names: tuple[str, ...] = ()
    byline_last: bool = False  # a bare name after the body rather than a byline on top
    lede: bool = False  # the first paragraph is set across the article's columns
    captions: tuple[tuple[str, str], ...] = ()  # (caption, credit or "")
    jump: str = ""  # "Continued on page 4": printed, in no truth field


@dataclass(frozen=True, slots=True)
class Item:
    """One printed unit: a headline, a paragraph, a caption, a furniture line …"""

    article: int  # index into the truth's articles, -1 for furniture
    role: Role
    slot: int  # its index in the truth list it goes to (body, decks, captions), else 0
    order: int  # its place in the article's reading order (sortable, not dense)


@dataclass(frozen=True, slots=True)
class SetLine:
    """One line as the typesetter set it."""

    text: str  # clean text, no indent, no justification spaces
    item: int  # index into Sheet.items
    article: int
    index: int  # line number within the item
    x: int  # display column of the left edge, indent included
    y: float  # top, in body rows from the top of the page
    size: float  # type size relative to body type (a headline is 1.6-3)
    slack: int  # display columns a justified line spreads over its gaps; 0 when ragged or last
    hyphen: bool  # ends in a hyphen the typesetter added (the truth drops it)
    block: int  # text block: one column run, one head line group, one caption …
    kind: str  # "head", "body", "caption" or "furniture", for draw orders

    @property
    def right(self) -> float:
        """Where the line ends on the page, in display columns."""
        return self.x + cells(self.text) * self.size


@dataclass(frozen=True, slots=True)
class Grid:
    """The page's measures, in display columns and body rows."""

    columns: int
    measure: int  # body column width
    gutter: int
    indent: int  # how far a paragraph's first line is indented, as -layout shows it
    cut: int  # display columns that first line gives up (two ideographs on CJK pages)
    cjk: bool
    hyphenate: bool
    justify: bool
    spacing: float  # extra rows between paragraphs
    centred: bool  # headlines and section heads centred over their measure

    @property
    def width(self) -> int:
        return self.columns * self.measure + (self.columns - 1) * self.gutter


@dataclass(frozen=True, slots=True)
class Sheet:
    """A set page: its lines, the items they belong to, the grid and template."""

    lines: tuple[SetLine, ...]
    items: tuple[Item, ...]
    grid: Grid
    template: str


Slug = tuple[str, int, int, bool]  # one set line before placing: text, indent, slack, hyphen


@lru_cache(maxsize=4096)
def _char_cells(char: str) -> int:
    return cjk.display_width(char, cjk_page=True)


def cells(text: str) -> int:
    """Display columns `text` takes on the page (ideographs and CJK quotes two)."""
    return len(text) if text.isascii() else sum(_char_cells(char) for char in text)


def join_lines(lines: list[SetLine] | tuple[SetLine, ...], cjk_page: bool) -> str:
    """The text of an item's lines, joined as the bench's gold joins them.

    CJK lines join with nothing; Latin lines with a space, or with nothing where the
    typesetter hyphenated a word (the hyphen goes). A hyphen ending the last line stays.
    """
    text = ""
    for number, line in enumerate(lines):
        joint = "" if cjk_page or number == 0 or lines[number - 1].hyphen else " "
        text += joint + (line.text[:-1] if line.hyphen and number + 1 < len(lines) else line.text)
    return text


def set_text(text: str, width: int, grid: Grid, first: int = 0, hyphenate: bool = False) -> list[Slug]:
    """Break `text` into lines of `width` display columns; the first gives up `first`."""
    width = max(width, 4)
    if grid.cjk:
        return _wrap_cjk(text, width, first, grid.indent if first else 0)
    return _wrap_latin(text.split(), width, first, hyphenate, grid.justify)


def _wrap_cjk(text: str, width: int, first: int, indent: int) -> list[Slug]:
    slugs: list[Slug] = []
    line, limit = "", width - first
    for char in text:
        if cells(line) + _char_cells(char) > limit and line.strip():
            line, carry = _kinsoku(line, char)
            if line.strip():
                slugs.append((line.strip(), indent if not slugs else 0, max(limit - cells(line), 0), False))
            line, limit = carry, width
        line += char
    if line.strip():
        slugs.append((line.strip(), indent if not slugs else 0, 0, False))
    return slugs


def _kinsoku(line: str, following: str) -> tuple[str, str]:
    """Keep closing marks off a line's start and opening marks off its end."""
    carry = ""
    while len(line) > 2 and (carry or following)[0] in NO_START:
        line, carry = line[:-1], line[-1] + carry
    while len(line) > 2 and line[-1] in NO_END:
        line, carry = line[:-1], line[-1] + carry
    return line, carry


def _wrap_latin(words: list[str], width: int, first: int, hyphenate: bool, justify: bool) -> list[Slug]:
    slugs: list[Slug] = []
    line: list[str] = []
    limit, index = width - first, 0
    while index < len(words):
        word = words[index]
        room = limit - len(" ".join(line)) - (1 if line else 0)
        if len(word) <= room:
            line.append(word)
            index += 1
            continue
        head = _hyphen_head(word, room - 1) if hyphenate or not line else ""
        if not head and not line:
            head = word[: max(limit - 1, 1)]  # a word wider than the column: cut anywhere
        if head:
            line.append(head + "-")
            words = [*words[:index], word[len(head) :], *words[index + 1 :]]
        text = " ".join(line)
        slugs.append((text, first if not slugs else 0, limit - len(text) if justify else 0, bool(head)))
        line, limit = [], width
    if line:
        slugs.append((" ".join(line), first if not slugs else 0, 0, False))
    return slugs


def _hyphen_head(word: str, room: int) -> str:
    """The longest front of `word` that fits `room` and ends where a hyphen may go."""
    fits = [point for point in hyphen_points(word) if point <= room]
    return word[: fits[-1]] if fits else ""


@lru_cache(maxsize=65536)
def hyphen_points(word: str) -> tuple[int, ...]:
    """Where a word may take a hyphen: before a consonant that a vowel follows.

    >>> hyphen_points("harbour"), hyphen_points("it's")
    ((3,), ())
    """
    points = []
    for point in range(2, len(word) - 2):
        front, back = word[:point], word[point:]
        if not (front[-2:].isalpha() and back[:3].isalpha()) or (front[-1] + back[0]).lower() in _DIGRAPHS:
            continue
        if back[0] not in _VOWELS and back[1] in _VOWELS and _VOWELS & set(front) and re.match(r"^[^\W\d_]+$", front):
            points.append(point)
    return tuple(points)
