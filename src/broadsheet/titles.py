"""Titles: headline-like fragments in, title groups out (a headline and the decks around it).

Adjacent headline-like fragments form a run (on a -layout page, so do titles stacked on
the sheet, which its column streams part); the run's lines are merged into units (the
lines of one wrapped title) and the unit that looks most like a headline leads the group;
order.py gives each group to an article, the other units becoming kickers (above their
headline) or subtitles (below it):

    本地游、近郊游走热          kicker    (a unit of one line)
    享受多彩假日               ┐ headline (two lines of one wrapped title:
    礼赞美好生活               ┘           the second no wider than the first)
    ——吸引市民前来游玩打卡      deck      (opens with a dash, and runs on across a
                                          blank line to its end)

A headline does not open with a dash, is not a phrase quoted from the body, seldom holds
a comma, is set in capitals where the script has them and is the longest of its run
otherwise, unless another names a briefs column (国内联播快讯; by script, lang/). A run with
several headlines in capitals (a page whose titles were drawn last) splits into one group
each; a run whose best unit opens with a dash is decks whose headline stands elsewhere.
Font sizes show only where a title wraps: `in_display_type` tells a title that wraps at
well under the page's measure (larger type than the body's), and such a unit is likelier
its group's headline. Limits: without font sizes a one-line headline over a one-line deck
of the same width can only be told apart by these cues.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import pairwise

import numpy as np

from broadsheet.cues import FRAGMENT_FEATURES
from broadsheet.graph import find_root
from broadsheet.lang import cjk, latin
from broadsheet.page import Cues, Fragment, Line, Role, Unit

_DASHES = ("——", "—", "--", "－－", "──")
_BRACKETS = ("【", "[", "〔")
_TAG_CLOSE = "】"  # a column tag's end: 【新思想引领新征程】 opens a CJK title
_CLAUSES = FRAGMENT_FEATURES.index("clauses")
_REPEATED = FRAGMENT_FEATURES.index("repeated")
_UPPER = FRAGMENT_FEATURES.index("upper")
_SENTENCE_END = FRAGMENT_FEATURES.index("sentence_end")


@dataclass(frozen=True, slots=True)
class TitleUnit:
    """One printed title (its wrapped lines), the run it stands in and how headline it looks."""

    fragments: Unit
    run: int  # runs are numbered in dump order
    position: int  # place within its run
    headline_score: float


@dataclass(frozen=True, slots=True)
class TitleGroup:
    """The titles printed together for one article: a headline and the decks around it.

    A group without a headline holds one deck whose article its text must tell.
    """

    headline: TitleUnit | None
    others: tuple[TitleUnit, ...]

    @property
    def fragments(self) -> Unit:
        units = [*self.others, *([self.headline] if self.headline else [])]
        return tuple(sorted(i for unit in units for i in unit.fragments))


def title_groups(fragments: tuple[Fragment, ...], cues: Cues, *, wrapped: bool = True,
                 names_column: Callable[[str], bool] | None = None, layout: bool = False) -> list[TitleGroup]:
    """Group adjacent headline fragments into titles, one headline each.

    `wrapped`: titles may wrap over several lines (not in a dump set a paragraph a line).
    `names_column`: the script's test for a briefs column's name (国内联播快讯), which heads
    its group over the first item's longer title printed next to it. `layout`: a -layout
    page, where titles stacked on the sheet are adjacent too (`stacked_title_runs`).
    """
    groups: list[TitleGroup] = []
    runs = stacked_title_runs(cues.roles, fragments) if layout else title_runs(cues.roles)
    flat: list[str] = []  # the fragments' texts, letters and digits only, made when first asked for
    for number, run in enumerate(runs):
        units: list[Unit] = (title_units(run, fragments, cues, flat=flat, names_column=names_column) if wrapped
                             else [(index,) for index in run])
        scored = [TitleUnit(u, number, p, headline_score(u, p, units, fragments, cues, names_column=names_column))
                  for p, u in enumerate(units)]
        strong = [unit for unit in scored if in_capitals(unit.fragments, cues.features)]
        if len(strong) >= 2:
            groups += [TitleGroup(unit, ()) for unit in strong]
            groups += [TitleGroup(None, (unit,)) for unit in scored if unit not in strong]
            continue
        groups.append(led_group(scored, fragments))
    return groups


def led_group(units: Sequence[TitleUnit], fragments: tuple[Fragment, ...]) -> TitleGroup:
    """A group of these title units, led by its most headline-like one (the first of
    equals); none leads where that one opens with a dash: a subtitle is never a headline,
    so they are decks whose headline stands elsewhere."""
    best = max(units, key=lambda unit: (unit.headline_score, -unit.position))
    if opens_with_dash(best.fragments, fragments):
        return TitleGroup(None, tuple(units))
    return TitleGroup(best, tuple(unit for unit in units if unit is not best))


def title_runs(roles: Sequence[Role], role: Role = "headline") -> list[list[int]]:
    """Fragment ids of each run of adjacent fragments of `role` (headline-like ones by
    default; bylines for a byline that wrapped), in dump order."""
    runs: list[list[int]] = []
    for index, this in enumerate(roles):
        if this != role:
            continue
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    return runs


STACK_ROWS = 2  # -layout: rows down from a title line's foot that a title set under it may start
STACK_SHARE = 0.5  # ... sharing more than this share of the narrower one's width


def stacked_title_runs(roles: Sequence[Role], fragments: tuple[Fragment, ...]) -> list[list[int]]:
    """`title_runs` of a -layout page, where a run also takes the titles stacked on the
    sheet: one starting a row or two under another's last line, the two sharing most of
    the narrower's width on the grid. pdftotext's column streams part a title block (a
    kicker over its headline, a deck set right of it) so that its lines are not adjacent
    in the dump. A run's titles are in the order they stand, top to bottom."""
    runs = title_runs(roles)
    owner = {index: number for number, run in enumerate(runs) for index in run}
    starting: dict[tuple[int, int], list[int]] = defaultdict(list)
    for index in owner:
        starting[(fragments[index].page, fragments[index].first.row)].append(index)
    merged = list(range(len(runs)))  # a union-find forest over run numbers
    root = partial(find_root, merged)
    for index, home in owner.items():
        foot = fragments[index].last
        for below in (i for rows in range(1, STACK_ROWS + 1) for i in starting[(foot.page, foot.row + rows)]):
            if _stacked(foot, fragments[below].first):
                high, low = sorted((root(home), root(owner[below])))
                merged[low] = high
    joined: dict[int, list[int]] = defaultdict(list)
    for number, run in enumerate(runs):
        joined[root(number)] += run
    return [sorted(run, key=lambda i: (fragments[i].first.row, fragments[i].first.x)) for run in joined.values()]


def _stacked(upper: Line, lower: Line) -> bool:
    """Whether two -layout lines share more than STACK_SHARE of the narrower's width on the grid."""
    (left, wide), (lower_left, lower_wide) = on_grid(upper), on_grid(lower)
    shared = min(left + wide, lower_left + lower_wide) - max(left, lower_left)
    return shared > STACK_SHARE * min(wide, lower_wide)


def in_capitals(unit: Sequence[int], features: np.ndarray) -> bool:
    """True when every fragment of `unit` is set in capitals (the cue rows' `upper`
    column; scripts without capitals never are)."""
    return bool(min(features[i][_UPPER] for i in unit) >= latin.CAPITALS)


DISPLAY_LINE = 2 / 3  # a wrapped title's full lines under this share of the text's measure: display type


def in_display_type(lines: Sequence[Line], measure: float) -> bool:
    """True when a title wraps at well under the measure of the text it stands over (its
    lines but the last narrower than DISPLAY_LINE of `measure`): it holds fewer characters
    a line than a body line of that column, so its type is larger than the body's (half
    as large again) — a display headline, where a crosshead or run-in head is set in the
    body's type. Unknown, so False, for a one-line title or without a measure.

    >>> title = [Line(0, 0, "习近平会见柬埔寨", 0, 16, 0), Line(1, 0, "首相", 0, 4, 0)]
    >>> in_display_type(title, 48.0), in_display_type(title, 20.0), in_display_type(title[:1], 48.0)
    (True, False, False)
    """
    return measure > 0 and len(lines) > 1 and max(line.width for line in lines[:-1]) < DISPLAY_LINE * measure


def title_units(run: list[int], fragments: tuple[Fragment, ...], cues: Cues, *,
                flat: list[str] | None = None, names_column: Callable[[str], bool] | None = None,
                in_body: bool = False) -> list[Unit]:
    """Merge the lines of each wrapped title in a run of headline fragments (`flat`: each
    fragment's letters and digits, filled by the first test that needs it). A line
    that names a briefs column (`names_column`) is a title of its own. `in_body`: the run
    is section heads inside an article's text (`wraps`)."""
    units: list[list[int]] = []
    named = [names_column is not None and names_column(fragments[index].text) for index in run]
    for number, index in enumerate(run):
        if units and not named[number] and not (number and named[number - 1]) and wraps(
                units[-1], index, fragments, cues, flat=flat, in_body=in_body):
            units[-1].append(index)
        else:
            units.append([index])
    return [tuple(unit) for unit in units]


def wraps(unit: list[int], index: int, fragments: tuple[Fragment, ...], cues: Cues, *,
          flat: list[str] | None = None, in_body: bool = False) -> bool:
    """True when fragment `index` is the next line of the wrapped title `unit`.

    A blank line, a dash or bracket opening the line, a block of several lines (but a
    -layout headline's next lines, `_leaded_block`), or a line quoted from the body (a
    deck), above the break or below it, part them, unless the break falls inside a word
    (`breaks_inside_word`, by script: 【我们的2024】中华 / 文化绽放时代光彩). A Latin
    line continues a line of its own case (capitals capitals, small letters small letters,
    but never a line quoted whole from the body: a pull-quote deck) where the two break
    where full (`breaks_where_full`); otherwise a wrapped title fills every line but its
    last, so the unit must not have its short line yet and the new line must be no wider
    than the unit. `in_body`: the lines are section heads inside an article's text, which
    has no decks, and where a blank line parts nothing (pdfminer prints a box a line, and
    a column may break inside a head): only the lines' shapes tell one head from the next.
    """
    line = fragments[index].first
    if line.text.startswith((*_DASHES, *_BRACKETS)) or (
            len(fragments[index].lines) > 1 and not _leaded_block(unit, index, fragments, cues, in_body=in_body)):
        return False
    if line.gap and not in_body and not _dashed_deck_runs_on(unit, line, fragments, cues) and not _display_leaded(
            unit, index, fragments, cues):
        return False
    is_latin = any(char.isascii() and char.isalpha() for char in line.text.replace(" ", "")[:3])
    above_in_capitals = is_latin and in_capitals((unit[-1],), cues.features)
    if is_latin and in_capitals((index,), cues.features) != above_in_capitals:
        return False  # a Latin line continues only a line of its own case
    # a line quoted from the body is a deck, and so is the line above one (save a Latin one
    # in capitals: a headline the text restates), unless the body quotes the two as one
    quoted = cues.features[index][_REPEATED] or (not above_in_capitals and cues.features[unit[-1]][_REPEATED])
    above = fragments[unit[-1]].last.text
    deck = quoted and not in_body
    if deck and not _quoted_together(unit[-1], index, fragments, [] if flat is None else flat) and not (
            latin if is_latin else cjk).breaks_inside_word(above, line.text):
        return False
    if is_latin:
        return breaks_where_full([fragments[i].last for i in unit] + [line])
    lines = [fragments[i].last for i in unit]
    widest = max(previous.width for previous in lines)
    return all(previous.width >= widest - 2 for previous in lines) and line.width <= widest + 2


def breaks_where_full(lines: Sequence[Line]) -> bool:
    """Whether lines of words could be one title wrapped at one measure: a line breaks only
    where the next word would not fit, so some measure holds the widest line yet not any
    line with the next line's first word added. Titles stacked one per line fail it (MR
    HUME SAID over I SO BEFORE over COIN OF TIM REALM: "SAID I" would have fitted a
    measure that holds COIN OF TIM REALM).

    >>> title = [Line(0, 0, "I SO BEFORE", 0, 11, 0), Line(1, 0, "THE OUSE", 0, 8, 0)]
    >>> breaks_where_full(title), breaks_where_full([*title, Line(2, 0, "COIN OF TIM REALM", 0, 17, 0)])
    (True, False)
    """
    widest = max(line.width for line in lines)
    return all(above.width + 1 + len(below.text.split(maxsplit=1)[0]) > widest
               for above, below in pairwise(lines))


_NOT_WORD = re.compile(r"[\W_]+")
SEAM = 6  # characters each side of a title's line break that a restating paragraph repeats
SEAM_GAP = 4  # letters that paragraph may set between them (供给 / 引导… restated as 供给，积极引导…)
QUOTE_WINDOW = 120  # fragments either side in dump order where that paragraph is looked for


def _quoted_together(upper: int, lower: int, fragments: tuple[Fragment, ...], flat: list[str]) -> bool:
    """Whether a fragment near them runs on across the two title lines' break (the last
    and first SEAM characters of each): a headline the article's first paragraph restates,
    not a deck quoting a phrase of it. `flat` caches the fragments' letters and digits for
    the page (filled here when empty): the paragraph may set a comma where the title broke
    its line (春节期间 / 我国移动互联网… restated as 今年春节期间，我国移动互联网…) or a word
    or two (市场供给 / 引导精准投放… as 市场供给，积极引导精准投放…: SEAM_GAP), and
    leaves out a column tag the line opens with (【我们的2024】中华 / 文化绽放…: 中华文化绽放…)."""
    if not flat:
        flat += [_NOT_WORD.sub("", fragment.text) for fragment in fragments]
    _, close, title = fragments[upper].text.rpartition(_TAG_CLOSE)
    head = _NOT_WORD.sub("", title)[-SEAM:] if close and title.strip() else flat[upper][-SEAM:]
    tail = flat[lower][:SEAM]
    near = range(max(0, upper - QUOTE_WINDOW), min(len(flat), lower + QUOTE_WINDOW))
    return any(_runs_on(flat[i], head, tail) for i in near if i not in (upper, lower))


def _runs_on(text: str, head: str, tail: str) -> bool:
    """Whether `tail` follows `head` in `text` within SEAM_GAP characters.

    >>> _runs_on("加快推进重点抗疫物资市场供给积极引导精准投放", "物资市场供给", "引导精准投放")
    True
    >>> _runs_on("物资市场供给的问题得到了引导精准投放", "物资市场供给", "引导精准投放")
    False
    """
    at = text.find(head)
    while at >= 0:
        end = at + len(head)
        if text.find(tail, end, end + SEAM_GAP + len(tail)) >= 0:
            return True
        at = text.find(head, at + 1)
    return False


def _leaded_block(unit: list[int], index: int, fragments: tuple[Fragment, ...], cues: Cues, *,
                  in_body: bool) -> bool:
    """Whether a fragment of several lines goes on a title as one block of its wrapped
    lines: on a -layout page, set under it as `_display_leaded` reads, no line wider than
    the title's last (神舟十九号航天员 / 乘组圆满完成第一 次出舱活动: pdftotext -layout prints
    a large headline's first line rows apart, its next two on rows of their own together).
    Elsewhere a block of lines is a title of its own."""
    above = fragments[unit[-1]].last.width
    return (not in_body and _display_leaded(unit, index, fragments, cues)
            and all(line.width <= above for line in fragments[index].lines))


def _display_leaded(unit: list[int], index: int, fragments: tuple[Fragment, ...], cues: Cues) -> bool:
    """A headline set in large type, whose lines `pdftotext -layout` prints rows apart (IT
    AT THE HON … GENTLEMAN; 【新思想引领新征程】坚持 … 绿色发展 建设美丽中国): the next line,
    in the same layout column (column streams are known: `-layout`), no wider and at the
    same left edge or centred under it (PARKINS COMING TO MY … MOTHER), goes on across the
    blank rows, where both lines are in capitals or in a script without them (a Latin
    line in small letters under one in capitals is a deck); so does a narrower line set
    within its span on the next three rows that the gutters read as another stream
    (习近平会见冈 / 比亚总统). Elsewhere a blank line parts boxes of text."""
    line, above = fragments[index].first, fragments[unit[-1]].last
    same_case = (in_capitals((index,), cues.features) and in_capitals((unit[-1],), cues.features)) or not any(
        char.isascii() and char.isalpha() for char in line.text + above.text)
    if same_case and line.column != above.column and set_under(line, above, within=True):
        return True  # a narrower line under it that the gutters read as another stream
    (left, wide), (above_left, above_wide) = on_grid(line), on_grid(above)
    return (same_case and line.column == above.column > 0 and line.width <= above.width
            and (left == above_left or abs(2 * left + wide - 2 * above_left - above_wide) <= 2))  # or centred


TITLE_ROWS = 3  # rows down from a title line that its wrapped rest may stand (large type's leading)


def set_under(line: Line, above: Line, *, within: bool = False) -> bool:
    """Whether -layout `line` stands under `above` on its page, a few rows down (TITLE_ROWS),
    within its left and right edges and narrower (or, `within`, no wider)."""
    narrower = line.width <= above.width if within else line.width < above.width
    (left, wide), (above_left, above_wide) = on_grid(line), on_grid(above)
    return (line.page == above.page and 0 < line.row - above.row <= TITLE_ROWS and narrower
            and above_left <= left and left + wide <= above_left + above_wide)


def on_grid(line: Line) -> tuple[int, int]:
    """Where a -layout line starts on pdftotext's character grid, a character a cell
    (`Line.cell`), and its display width: a CJK line's display column counts every Han
    character to its left on the row twice, so two lines of one column stand at different
    display columns when what is printed left of them differs (习近平同苏里 / 南总统会谈,
    both at cell 91, at display columns 97 and 91). Its width stays in display columns, two
    a Han character: pdftotext gives each one cell, but a title's large type spans about
    two (花开中国 春 / 满神州 is centred so). Elsewhere its display column and width."""
    return (line.cell if line.cell >= 0 else line.x), line.width


def _dashed_deck_runs_on(unit: list[int], line: Line, fragments: tuple[Fragment, ...], cues: Cues) -> bool:
    """A deck opened by a dash is one subtitle until it ends: a blank line an extractor
    printed inside it (wide title leading) does not part a line no wider that follows."""
    opening = fragments[unit[0]].first
    return (opening.text.lstrip().startswith(_DASHES) and not cues.features[unit[-1]][_SENTENCE_END]
            and line.width <= max(fragments[i].last.width for i in unit) + 2)


def headline_score(unit: Unit, position: int, units: list[Unit], fragments: tuple[Fragment, ...],
                   cues: Cues, *, names_column: Callable[[str], bool] | None = None) -> float:
    """How much a title unit looks like the main headline of its group."""
    text = _squeezed(unit, fragments)
    longest = max(len(_squeezed(other, fragments)) for other in units)
    score = 0.3 if position == 0 else 0.0
    score += len(text) / max(longest, 1)
    score -= 2.0 if text.startswith(_DASHES) else 0.0
    score += 1.0 if text.startswith(_BRACKETS) else 0.0
    score += 1.5 if names_column is not None and names_column(text) else 0.0
    score -= 1.5 * max(cues.features[i][_REPEATED] for i in unit)
    score += 1.5 * min(cues.features[i][_UPPER] for i in unit)
    score -= 1.0 if text[:1].islower() else 0.0
    # a deck is a sentence; a headline seldom holds a comma
    score -= 0.5 if max(cues.features[i][_CLAUSES] for i in unit) else 0.0
    lines = [line for i in unit for line in fragments[i].lines]
    score += 0.5 if in_display_type(lines, cues.measure) else 0.0
    return float(score)


def opens_with_dash(unit: Unit, fragments: tuple[Fragment, ...]) -> bool:
    """True for a title unit led by a dash: a subtitle (deck), never a headline."""
    return _squeezed(unit, fragments).startswith(_DASHES)


def _squeezed(unit: Unit, fragments: tuple[Fragment, ...]) -> str:
    return "".join("".join(fragments[i].text.split()) for i in unit)
