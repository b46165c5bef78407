"""Attach: body chains, title groups and bylines in, stories (chains with their parts) out.

    title groups no body follows ─▶ split where a title's words (a headline in capitals:
                                    a line's; a title's lines that part between words:
                                    each's) name another chain
    a lone title in small letters quoting a body mid-passage, where headlines are in
    capitals ─▶ a deck standing alone (a pull quote)
    chains ──────┐
    title groups ┼─ _assign (placement + shared words) ─▶ chain ← headline, kickers, decks
    bylines ─────┘                                         chain ← bylines
    lone decks ─▶ the headline beside them, or the chain they quote
    no blank lines: a title group ─▶ a chain's tail at a weak link, when the tail echoes it far
                    more than its placed chain holds it (bodies run into each other)
    title groups given no chain ─▶ a chain's tail at a weak link, when the tail echoes the title
                                 (or, failing that, its headline alone: decks may promise what the
                                 body never says) and not its head; else stories of their own
    title-less chains ─▶ merged into the titled chain they touch or resemble
    captions (+ credit), jump lines ─▶ the story whose text they echo most
    (after order.absorb_slight) headless stories ─▶ join_headless: the title left over
                                 (next to) nothing whose words they hold, or that they follow
    (then) a title left over a lede ─▶ take_tails: another story's tail, cut where a
                                 paragraph ends, that holds the title's words and not its own
    (last, -layout) a credit no caption precedes ─▶ captions_over_credits: the short text
                                 ending a sentence in the rows just above it is its caption

Titles and bylines go one-to-one to chains by linear assignment on a score of dump
adjacency (right above a chain's start, right after its end, touching it; a byline of bare
names, which may sign a story off, pulls both ends alike), on a -layout
page also of where they stand (right over the chain's first fragment), and weighted
word coverage; under ATTACH_FLOOR a unit stays unattached. `BagIndex` keeps those
coverage queries cheap on huge pages. Called by order.py's `graph_to_order`; limits as
there (touching headlines with no byline between read as one title group).
"""

from __future__ import annotations

import bisect
import itertools
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from types import ModuleType
from typing import TypeVar

import numpy as np
from scipy.optimize import linear_sum_assignment

from broadsheet.cues import FRAGMENT_FEATURES, cosine, coverage, has_rows, letter_units, rarity, vocabulary
from broadsheet.graph import BODY_ROLES
from broadsheet.lang import rules_for
from broadsheet.page import Cues, Dump, Fragment, Role, Story, Unit
from broadsheet.roles import CAPTION_LINES
from broadsheet.titles import TitleGroup, TitleUnit, in_capitals, led_group, opens_with_dash

Item = TypeVar("Item")

ATTACH_FLOOR = 0.5  # a title or byline scoring under this with every chain stays unattached
# What a title's words found in a chain (its weighted share) add to their match, against 3
# for standing right above the chain's start: where columns interleave, a title's neighbour
# in the dump is often another story's. 5.5 against 4: dev +0.0022 (17 pages up, 7 down),
# held-out synthetic +0.0009; with graph.BREAK_WEIGHT 0.4, +0.0039 and +0.0022 over
# neither (headline accuracy +0.018), in every language but French (-0.0005); 5 gains
# less, 6 overshoots.
SHARED_WORDS = 5.5
# What a chain that opens with a headline's words (the script's title_opens: MR HUME SAID
# over "Mr. HUME said that…") adds to their match: the report restating its head is its
# start, wherever the extractor put the head. Dev +0.0016 (8 pages, 7 up: English
# headlines swapped between stories), held-out synthetic +0.0005; 3 to 20 all gain.
OPENS_WITH_TITLE = 5.0
MERGE_SCORE = 1.4  # a title-less chain scoring this with a titled one joins it
# What a -layout titled chain stopping mid-sentence adds for the title-less chain printed
# after it (a column's next part, cut off by a gutter or a box): dev +0.0011 (zh -layout 7
# pages up, 1 down), real pdftotext -layout pages +0.0024 (zh), synthetic ±0.0000 (11 of 17 up).
ORPHAN_RUN_ON = 1.0
DECK_BESIDE = 2.0  # pull of a headline on a deck beside it in its run (halved per unit between)
DECK_FLOOR = 0.5  # a deck scoring under this with every chain stays unattached
QUOTE_CHARS = 8  # characters a title needs to read as a pull quote when it stands inside the body
WEAK_LINK = 0.25  # a chain link weighing under this may be cut to give a chainless title its body
TAIL_ECHO = 0.55  # share of such a title's weighted words the tail must hold ...
ECHO_OVER_HEAD = 0.25  # ... and by how much more than the head left behind holds
TITLE_UNITS = 2  # a title of fewer distinct words (CJK: character pairs) claims only a tail that opens with them
LINE_UNITS = 6  # vocabulary units (CJK character pairs) a title line needs to point to a chain by itself
ECHO_SHARE = 0.4  # share of a displaced title's weighted words one chain must hold for the title to point to it
ECHO_LEAD = 0.2  # ... and by how much more than the next chain
OVER_START = 5.0  # -layout: pull of a chain whose first fragment stands right under the unit
OVER_ROWS = 4  # ... within this many rows under its last line, overlapping its width
MOVE_LEAD = 0.4  # a placed title moves to a tail echoing it this much more than its chain does ...
NO_BLANKS = 0.02  # ... on a dump with blank lines above fewer than this share of its lines
_REPEATED = FRAGMENT_FEATURES.index("repeated")


@dataclass(frozen=True, slots=True)
class Placement:
    """Where body text lies around the fragments of a unit, in dump order."""

    body_before: int  # nearest body-like fragment above the unit, -1 if none
    body_after: int  # nearest body-like fragment below the unit, -1 if none


@dataclass(frozen=True, slots=True)
class Sheet:
    """Where each fragment stands on a -layout page: page, first and last row, left and
    right edge (display columns)."""

    page: np.ndarray
    top: np.ndarray
    foot: np.ndarray
    left: np.ndarray
    right: np.ndarray

    @classmethod
    def of(cls, fragments: tuple[Fragment, ...]) -> Sheet:
        return cls(np.array([f.page for f in fragments]), np.array([f.first.row for f in fragments]),
                   np.array([f.last.row for f in fragments]),
                   np.array([f.left for f in fragments]), np.array([f.right for f in fragments]))

    def under(self, unit: Unit, starts: np.ndarray) -> np.ndarray:
        """True for each start fragment that stands right under the unit: on its page,
        1 to OVER_ROWS rows below its last line, overlapping its width."""
        members = list(unit)
        foot, left, right = self.foot[members].max(), self.left[members].min(), self.right[members].max()
        down = self.top[starts] - foot
        across = np.minimum(self.right[starts], right) - np.maximum(self.left[starts], left)
        return np.asarray((self.page[starts] == self.page[members[0]]) & (down >= 1) & (down <= OVER_ROWS)
                          & (across > 0))


@dataclass(slots=True)
class Parts:
    """What each chain has been given so far (mutable while attaching, frozen into Story after)."""

    headline: Unit = ()
    kickers: list[Unit] = field(default_factory=list)
    decks: list[Unit] = field(default_factory=list)
    bylines: list[Unit] = field(default_factory=list)


def attach(dump: Dump, fragments: tuple[Fragment, ...], cues: Cues, chains: list[list[int]], *,
           groups: list[TitleGroup], bylines: list[Unit], weights: dict[str, float] | None = None,
           links: dict[tuple[int, int], float] | None = None, caption_reach: int = 1 << 30,
           tail_reach: int = 1 << 30) -> list[Story]:
    """Give chains their titles, bylines, captions and jumps; merge title-less chains.

    Title groups first, one per chain (linear assignment on placement and shared
    vocabulary); each group's headline heads the chain and its other units become kickers
    or subtitles. Decks standing alone go to the headline beside them in their run or to
    the chain whose text they quote; bylines under a title go with it, the others by
    placement. Chains given nothing join the chain they sit against or resemble.
    `weights`: cues.rarity of the fragments' vocabularies, when the caller has it; `links`:
    the weight of each chain link the graph chose (a link absent is never cut);
    `caption_reach`: Params.caption_window; `tail_reach`: Params.tail_window.
    """
    body = [i for i, role in enumerate(cues.roles) if role in BODY_ROLES]
    words = list(cues.words) or [vocabulary(fragment, dump.script) for fragment in fragments]
    chain_of = {member: number for number, chain in enumerate(chains) for member in chain}
    queries = len(groups) + 2 * len(bylines)
    chain_words = BagIndex.of([_merge_bags(words, chain) for chain in chains], queries)
    weights = weights if weights is not None else rarity(words)
    rules = rules_for(dump.script)
    groups = _split_title_blocks(groups, cues, body, chain_words, words=words, weights=weights, fragments=fragments,
                                 rules=rules, lang=dump.lang)
    groups = _pull_quotes_to_decks(groups, cues, body, fragments, rules.unhyphenated)
    headed = [group for group in groups if group.headline is not None]
    sheet = Sheet.of(fragments) if dump.style == "layout" else None
    pages = np.array([fragment.page for fragment in fragments])
    group_of = _assign([g.fragments for g in headed], chains, chain_of, chain_words, words=words, body=body,
                       weights=weights, pages=pages, sheet=sheet, inside=INSIDE_COST,
                       openings=_title_openings(headed, chains, fragments, rules))
    parts: dict[int, Parts] = {}
    home: dict[TitleUnit, int] = {}
    for chain, number in group_of.items():
        parts[chain] = _parts_of(headed[number], home, chain)
    floating = [unit for group in groups if group.headline is None for unit in group.others]
    # a headline that lost its chain to another title group is no other story's deck: it
    # takes the tail of a chain its words name, or stands as a story of its own, with its decks
    lost = [group for n, group in enumerate(headed) if n not in group_of.values()]
    moving = bool(links) and _without_blank_lines(dump)
    if links and (lost or moving):  # only then are the chains cut, and their sentence ends read
        chains = [list(chain) for chain in chains]
        closed = _sentence_closers(fragments, chains, dump.script)
        tails = _Tails(links, words, weights, closed, chain_words, tail_reach)
        if moving:
            _move_to_tails(headed, group_of, chains, parts, home, tails=tails)
        lost = [group for group in lost if not _take_tail(group, chains, parts, home, tails)]
    if len(chains) > len(chain_words):
        chain_of = {member: number for number, chain in enumerate(chains) for member in chain}
        chain_words = BagIndex.of([_merge_bags(words, chain) for chain in chains], queries)
    heads: dict[int, list[tuple[TitleUnit, int]]] = defaultdict(list)  # each run's placed headlines
    for other, chain in home.items():
        if other.fragments == parts[chain].headline:
            heads[other.run].append((other, chain))
    for unit in floating:
        _place_deck(unit, home, parts, chain_words, words=words, weights=weights, heads=heads.get(unit.run, []))
    loose = _bylines_under_titles(bylines, home, parts, chains)
    pulls = [_byline_pull(unit, fragments, cues.roles, rules) for unit in loose]
    byline_of = _assign(loose, chains, chain_of, chain_words, words=words, body=body, weights=weights, pages=pages,
                        sheet=sheet, pulls=pulls, signed=[n for n, part in parts.items() if part.bylines])
    for c, u in byline_of.items():
        parts.setdefault(c, Parts()).bylines.append(loose[u])
    open_end = dump.style == "layout" and rules.OPEN_END_TAKES_ORPHAN
    chains, parts, chain_bags = _merge_orphans(fragments, chains, words, body, parts, chain_bags=chain_words.bags,
                                               runs_on_to=rules.runs_on_to, open_end=open_end)
    stories = [_story(chain, parts.get(n)) for n, chain in enumerate(chains)]
    placed = {i for story in stories for i in story.fragments}
    stories += [Story(body=(), decks=(unit.fragments,)) if opens_with_dash(unit.fragments, fragments)
                else Story(body=(), headline=unit.fragments) for unit in floating if unit.fragments[0] not in placed]
    stories += [_title_story(group) for group in lost if group.fragments[0] not in placed]
    stories += [Story(body=(), bylines=(unit,)) for unit in bylines if unit[0] not in placed]
    captions: list[CaptionParts] = [((i,), (i + 1,) if i + 1 < len(fragments) and cues.roles[i + 1] == "credit"
                                     else ()) for i, role in enumerate(cues.roles) if role in ("caption", "jump")]
    return _attach_captions(fragments, cues.roles, stories, words, weights, captions=captions, body_bags=chain_bags,
                            script=dump.script, reach=caption_reach)


CaptionParts = tuple[tuple[int, ...], tuple[int, ...]]  # a caption's fragments and its credit's (none or one)
CREDIT_ROWS = 3  # a -layout credit stands a row or two under its caption's last line
CREDIT_SIDE = 12  # display columns between a credit and its caption's text (a credit set flush right)


def captions_over_credits(fragments: tuple[Fragment, ...], roles: list[Role], stories: list[Story],
                          words: list[Counter[str]], weights: dict[str, float], *, script: str,
                          reach: int) -> list[Story]:
    """Captions a -layout page's column streams parted from their credits, relabelled in
    `roles` and attached; the stories without them returned.

    A photo's caption and credit often fall in different column streams there (the caption
    over one column, its credit centred under the photo), so the credit is not the
    caption's next fragment. A credit with no caption right before it takes as its caption
    the short fragment ending a sentence nearest above it, in the rows just above and
    beside: a caption that had no credit, or else text, taken out of the story that held it
    with the lines above that run into it (a caption's lines interleaved with another
    column's rows are fragments of their own). Run once the stories are made, so that a
    fragment taken out of the text cannot change how the rest are joined.
    """
    rules = rules_for(script)
    ending: dict[tuple[int, int], list[int]] = defaultdict(list)  # (page, row) -> the fragments ending there
    for fragment in fragments:
        ending[(fragment.page, fragment.last.row)].append(fragment.id)
    over: list[CaptionParts] = []
    credited: dict[int, int] = {}  # a caption without a credit in dump order -> its credit here
    claimed: set[int] = set()  # fragments a credit took already: two credits never share a caption
    for credit, role in enumerate(roles):
        if role != "credit" or (credit > 0 and roles[credit - 1] in ("caption", "credit")):
            continue  # paired in dump order already, or a credit's wrapped line
        under = fragments[credit]
        above = [index for rows in range(1, CREDIT_ROWS + 1) for index in ending[(under.page, under.first.row - rows)]]
        near = [(place, index) for index in above if roles[index] in ("body", "furniture", "caption")
                and index not in claimed and (place := _set_under(fragments[index], under)) is not None
                and rules.ends_sentence(fragments[index].last.text)  # text running on below is no caption
                and not (roles[index] == "caption" and index + 1 < len(roles) and roles[index + 1] == "credit")]
        if not near:
            continue
        index = min(near)[1]
        if roles[index] == "caption":
            credited[index] = credit
            claimed.add(index)
        else:
            run = _caption_run(fragments, roles, index, rules.ends_sentence, ending)
            run = tuple(i for i in run if i not in claimed)  # `index` itself was never claimed
            over.append((run, (credit,)))
            claimed.update(run)
    if credited:
        stories = [replace(story, captions=tuple((caption, (credited[caption[-1]],) if caption[-1] in credited
                                                  and not credit else credit) for caption, credit in story.captions))
                   for story in stories]
    if not over:
        return stories
    taken = {i for caption, _ in over for i in caption}
    for index in taken:
        roles[index] = "caption"
    kept = [replace(story, body=tuple(i for i in story.body if i not in taken)) for story in stories]
    kept = [story for story in kept if story.fragments]
    return _attach_captions(fragments, roles, kept, words, weights, captions=sorted(over), body_bags=[],
                            script=script, reach=reach)


def _caption_run(fragments: tuple[Fragment, ...], roles: Sequence[Role], last: int,
                 ends_sentence: Callable[[str], bool], ending: dict[tuple[int, int], list[int]]) -> tuple[int, ...]:
    """The caption ending with fragment `last`: it and the fragments that run into it from
    the rows just above, set at its left edge and ending no sentence, up to CAPTION_LINES.
    `ending`: the fragments ending on each (page, row)."""
    run = [last]
    while True:
        top = fragments[run[0]]
        above = [i for rows in (1, 2) for i in ending.get((top.page, top.first.row - rows), ())
                 if roles[i] in ("body", "furniture") and i not in run
                 and abs(fragments[i].left - top.left) <= 1 and not ends_sentence(fragments[i].last.text)]
        lines = sum(len(fragments[i].lines) for i in run)
        if len(above) != 1 or lines + len(fragments[above[0]].lines) > CAPTION_LINES:
            return tuple(run)
        run.insert(0, above[0])


def _set_under(caption: Fragment, credit: Fragment) -> tuple[int, int] | None:
    """(rows down, display columns aside) from a -layout caption's last line to a credit
    set under it; None where the credit is not there."""
    rows = credit.first.row - caption.last.row
    side = max(caption.left - credit.right, credit.left - caption.right, 0)
    if (caption.last.row < 0 or credit.page != caption.page or len(caption.lines) > CAPTION_LINES
            or not 0 < rows <= CREDIT_ROWS or side > CREDIT_SIDE):
        return None
    return rows, side


def _split_title_blocks(groups: list[TitleGroup], cues: Cues, body: list[int], chain_words: BagIndex, *,
                        words: list[Counter[str]], weights: dict[str, float],
                        fragments: tuple[Fragment, ...], rules: ModuleType, lang: str) -> list[TitleGroup]:
    """Each title group that no body text follows, split where its titles' words point to another chain.

    Extractors often print a page's titles together, at its head or foot, away from their
    stories (pdftotext -raw draws them last): one run then holds several articles'
    titles. A title whose words stand mostly in one chain (ECHO_SHARE, ECHO_LEAD over the
    next) points to it; where a title points elsewhere than the one before, a new group
    starts, and each group's most headline-like title leads it. Titles quoted from the
    body (pull-quote decks) point nowhere: they echo their story by design, in whichever
    chain of it holds the passage. A title that points nowhere may be two titles read as
    one wrapped title: its lines are read apart where their break parts two words and they
    point to two chains (`_split_lines`). A group with body text right below it is left whole;
    a line alone that no body text follows is not that (a deck closing the pile, read as
    text).
    """
    if len(chain_words) < 2:
        return groups
    quoted = quoted_fragments(cues)
    body_text: list[str] = []  # the body's text without whitespace, joined once a page when first asked

    def point_of(unit: TitleUnit) -> int:  # a title quoted from the body points nowhere
        repeated = quoted[list(unit.fragments)]
        if repeated.all() or (repeated.any() and _quoted_whole(unit, fragments, body, body_text)):
            return -1
        return _points_to(unit, chain_words, words, weights)

    split: list[TitleGroup] = []
    for group in groups:
        below = group.fragments[-1] + 1
        if group.headline is None or (_placement(group.fragments, body).body_after == below and (
                len(fragments[below].lines) > 1 or below + 1 in body)):
            split.append(group)
            continue
        if not group.others and len(group.headline.fragments) > 1 and in_capitals(group.headline.fragments,
                                                                                    cues.features):
            split += _split_capitals(group.headline, cues, chain_words, words=words, weights=weights)
            continue
        units, points = [], []
        for unit in sorted([group.headline, *group.others], key=lambda u: u.position):
            point = point_of(unit)  # one pointing nowhere may be two titles read as one
            parts = [unit] if point >= 0 else _split_lines(unit, chain_words, words=words, weights=weights,
                                                             fragments=fragments, rules=rules, lang=lang)
            units += parts
            points += [point] if len(parts) == 1 else [point_of(part) for part in parts]
        points = _decks_follow_capitals(units, points, cues.features)
        pieces = _cut_where_pointing_changes(units, points)
        if len(pieces) == 1:
            split.append(group)
            continue
        split += [led_group(piece, fragments) for piece in pieces]
    return split


def _pull_quotes_to_decks(groups: list[TitleGroup], cues: Cues, body: list[int], fragments: tuple[Fragment, ...],
                          unhyphenated: Callable[[str], str]) -> list[TitleGroup]:
    """`groups` with each pull quote read as a headline made a deck standing alone.

    Where a page's headlines are set in capitals, a title alone in small letters whose text
    stands whole inside a body fragment, past its start, is a passage of that body set large
    (a pull quote, which the bench counts a deck): as a headline it takes a chain from the
    title it belongs under. A title that opens a fragment is the report restating its head
    (De Notaris HARM over "De Notaris HARM …"). CJK titles have no capitals: never there.
    """
    if not any(group.headline and in_capitals(group.headline.fragments, cues.features) for group in groups):
        return groups
    texts = [unhyphenated("".join(fragment.text.split())) for fragment in fragments]
    out: list[TitleGroup] = []
    for group in groups:
        unit = group.headline
        if unit is not None and not group.others and not in_capitals(unit.fragments, cues.features):
            text = "".join(texts[i] for i in unit.fragments)
            inside = [texts[i].find(text) for i in body] if len(text) >= QUOTE_CHARS else []  # titles are no body
            if inside and max(inside) > 0 and 0 not in inside:
                out.append(TitleGroup(None, (unit,)))
                continue
        out.append(group)
    return out


def _quoted_whole(unit: TitleUnit, fragments: tuple[Fragment, ...], body: list[int], body_text: list[str]) -> bool:
    """Whether a title's text, its lines run together, stands in the body text (`body_text`:
    that text without whitespace, filled on the first call).

    A headline often repeats the words its report opens with, so one of its lines may stand
    in the body (十四届全国人大二次会 / 议举行预备会议 over 十四届全国人大二次会议4日上午…);
    a pull quote stands there whole, whichever line the column broke it at.
    """
    if not body_text:
        body_text.append("".join("".join(fragments[i].text.split()) for i in body))
    return "".join("".join(fragments[i].text.split()) for i in unit.fragments) in body_text[0]


def quoted_fragments(cues: Cues) -> np.ndarray:
    """Per fragment, whether its text stands again elsewhere on the page (the cue rows'
    `repeated`: a pull quote, a caption); none where the cues hold no rows."""
    if has_rows(cues.features, len(cues.roles)):
        return np.asarray(cues.features[:, _REPEATED] > 0)
    return np.zeros(len(cues.roles), dtype=bool)


def _decks_follow_capitals(units: list[TitleUnit], points: list[int], features: np.ndarray) -> list[int]:
    """`points` with every title in small letters pointing nowhere where the pile holds a
    headline in capitals: there each story's title is in capitals, and a line in small
    letters is a deck (often a pull quote, whose words stand in whichever chain of its
    story holds the passage, or in none after OCR), so it stays with the title above it."""
    capitals = [in_capitals(unit.fragments, features) for unit in units]
    if not any(capitals):
        return points
    return [point if upper else -1 for point, upper in zip(points, capitals, strict=True)]


def _split_capitals(unit: TitleUnit, cues: Cues, chain_words: BagIndex, *, words: list[Counter[str]],
                    weights: dict[str, float]) -> list[TitleGroup]:
    """A headline in capitals that no body follows, cut where its lines point to other chains.

    A pile of headlines in capitals (pdftotext -raw draws a page's titles last) reads as
    one wrapped title, capitals continuing capitals (MR HUME SAID / I SO BEFORE / THE
    OUSE): each line whose words stand in another chain than the line before it starts
    a title of its own; a line that points nowhere stays with the one above it.
    """
    lines = list(unit.fragments)  # two or more, in capitals: the caller has checked
    pieces = _cut_where_pointing_changes(lines, [
        _points_to(TitleUnit((index,), unit.run, unit.position, 0.0), chain_words, words, weights) for index in lines])
    return [TitleGroup(TitleUnit(tuple(piece), unit.run, unit.position, unit.headline_score), ()) for piece in pieces]


def _split_lines(unit: TitleUnit, chain_words: BagIndex, *, words: list[Counter[str]], weights: dict[str, float],
                 fragments: tuple[Fragment, ...], rules: ModuleType, lang: str) -> list[TitleUnit]:
    """A title's lines, cut where they point to different chains: in a pile of titles two
    articles' titles may read as one wrapped title (习近平同美国总统在巴厘岛举行会晤 /
    习近平和南非总统共同, the second no wider than the first). Lines whose break makes a
    word (当选中 / 共中央: 中共) are one title's, whatever they point to."""
    if len(unit.fragments) < 2:
        return [unit]
    pieces: list[list[int]] = [[unit.fragments[0]]]
    for above, below in itertools.pairwise(unit.fragments):
        end, start = rules.line_ends(fragments[above].text)[0], rules.line_ends(fragments[below].text)[1]
        if rules.join_evidence([end], [start], lang)[0] > 0:
            pieces[-1].append(below)
        else:
            pieces.append([below])
    able = [len(_merge_bags(words, piece)) >= LINE_UNITS for piece in pieces]
    if sum(able) < 2:  # no two lines that could name two chains: no query (a query reads every chain)
        return [unit]
    points = [_points_to(TitleUnit(tuple(piece), unit.run, unit.position, 0.0), chain_words, words, weights)
              if can else -1 for piece, can in zip(pieces, able, strict=True)]
    if len({point for point in points if point >= 0}) < 2:
        return [unit]
    return [TitleUnit(tuple(i for piece in run for i in piece), unit.run, unit.position, unit.headline_score)
            for run in _cut_where_pointing_changes(pieces, points)]


def _cut_where_pointing_changes(items: list[Item], points: list[int]) -> list[list[Item]]:
    """`items` in runs: a new run starts where an item points to a chain (points ≥ 0) other
    than the one its run points to; an item pointing nowhere (-1) stays in the run.

    >>> _cut_where_pointing_changes(list("abcd"), [0, -1, 1, 1])
    [['a', 'b'], ['c', 'd']]
    """
    pieces: list[list[Item]] = []
    target = -1
    for item, point in zip(items, points, strict=True):
        if not pieces or (point >= 0 and target >= 0 and point != target):
            pieces.append([])
            target = -1
        target = point if target < 0 else target
        pieces[-1].append(item)
    return pieces


@dataclass(frozen=True, slots=True)
class _Tails:
    """What a search for a title's tail reads: the chain links chosen and their weights, the
    fragments' vocabularies and the page's word weights, the chained fragments that end a
    sentence, the chains' words before any cut, and how far from the title a chain may lie."""

    links: dict[tuple[int, int], float]
    words: list[Counter[str]]
    weights: dict[str, float]
    closed: set[int]
    chain_words: BagIndex
    reach: int


def _take_tail(group: TitleGroup, chains: list[list[int]], parts: dict[int, Parts], home: dict[TitleUnit, int],
               tails: _Tails) -> bool:
    """Give a title group no chain was assigned the tail of a chain, cut at a weak link after
    a sentence's end (`closed`: the chained fragments ending one), when the tail holds the
    title's words and the head left behind clearly does not; True if it took one (appended
    to `chains`, the head kept in its place).

    A story's body often chains on into the next story's (a paragraph's end meets a
    paragraph's start), and that story's title is then left bodyless: its words say where
    its body begins. Of the cuts that qualify, the one whose tail echoes the title most
    over its head wins, a weaker link breaking ties. `tails.chain_words` holds the vocabulary
    of the chains as they were before any was cut: a tail holds no more of a title than its
    whole chain did, so only chains holding TAIL_ECHO of it are read, and only those reaching
    within `tails.reach` fragments of the title (a page's size, not its square, even on a
    dump of many pages run together).
    When the whole group's words find no tail, the headline's alone are tried: a deck such as
    本地游、近郊游走热 sells the story in words its body does not use.
    """
    near = (min(group.fragments), max(group.fragments))
    best = _best_tail(_merge_bags(tails.words, list(group.fragments)), chains, tails, near)
    if best is None and group.headline is not None and group.others:
        best = _best_tail(_merge_bags(tails.words, list(group.headline.fragments)), chains, tails, near)
    if best is None:
        return False
    _give_tail(group, chains, parts, home, best)
    return True


def _give_tail(group: TitleGroup, chains: list[list[int]], parts: dict[int, Parts], home: dict[TitleUnit, int],
               tail: tuple[float, float, int, int]) -> None:
    """Cut the chain `_best_tail` chose where it chose, the tail a new chain headed by the group."""
    _, _, number, cut = tail
    chains.append(chains[number][cut:])
    del chains[number][cut:]
    parts[len(chains) - 1] = _parts_of(group, home, len(chains) - 1)


def _without_blank_lines(dump: Dump) -> bool:
    """A dump with (almost) no blank line: pdftotext -raw and other draw-order prints."""
    return sum(1 for line in dump.lines if line.gap) < NO_BLANKS * len(dump.lines)


def _move_to_tails(headed: list[TitleGroup], group_of: dict[int, int], chains: list[list[int]],
                   parts: dict[int, Parts], home: dict[TitleUnit, int], *, tails: _Tails) -> None:
    """Move each title group placed on a chain that hardly holds its words to the tail of
    another chain whose opening holds them (cut as `_take_tail` cuts, the echo leading
    the group's share of its own chain by MOVE_LEAD); the chain it leaves goes title-less.

    On a dump printed without blank lines one story's body runs straight into the next
    one's, so a title printed after its body (a draw order) sits right above the wrong
    chain, while its words open the tail that the merged chain swallowed.
    """
    for chain, number in sorted(group_of.items()):
        group = headed[number]
        title = _merge_bags(tails.words, list(group.fragments))
        own = float(tails.chain_words.coverages(title, tails.weights)[chain])
        best = _best_tail(title, [c if k != chain else [] for k, c in enumerate(chains)], tails,
                          (min(group.fragments), max(group.fragments)))
        if best is None or best[0] < own + MOVE_LEAD:
            continue
        del parts[chain]
        _give_tail(group, chains, parts, home, best)


def _best_tail(title: Counter[str], chains: list[list[int]], tails: _Tails,
               near: tuple[int, int]) -> tuple[float, float, int, int] | None:
    """(echo lead, -link weight, chain, cut) of the best tail for a title's words; None if none
    qualifies. `near`: the title's first and last fragment."""
    links, words, weights, closed = tails.links, tails.words, tails.weights, tails.closed
    lone = len(title) < TITLE_UNITS
    best: tuple[float, float, int, int] | None = None  # (echo lead, -link weight, chain, cut)
    whole = tails.chain_words.coverages(title, weights)
    # summed in another order: a hair of slack; chains cut off since (numbered on) are all read
    read = [*np.flatnonzero(whole >= TAIL_ECHO - 1e-9).tolist(), *range(len(whole), len(chains))]
    for number in read:
        chain = chains[number]
        if not chain or min(chain) > near[1] + tails.reach or max(chain) < near[0] - tails.reach:
            continue
        tail_shares = _title_shares(title, [words[i] for i in reversed(chain)], weights)[::-1]  # share in chain[k:]
        heads = _title_shares(title, [words[i] for i in chain], weights)  # share in chain[:k + 1]
        for cut in range(1, len(chain)):
            weight = links.get((chain[cut - 1], chain[cut]), WEAK_LINK)
            lead = tail_shares[cut] - heads[cut - 1]
            if (weight < WEAK_LINK and chain[cut - 1] in closed and tail_shares[cut] >= TAIL_ECHO
                    and lead >= ECHO_OVER_HEAD
                    and not (lone and title.keys().isdisjoint(words[chain[cut]]))  # a lone name counts only
                    and (best is None or (lead, -weight) > best[:2])):  # where the tail opens
                best = (lead, -weight, number, cut)
    return best


def _sentence_closers(fragments: tuple[Fragment, ...], chains: list[list[int]], script: str) -> set[int]:
    """The chained fragments (but each chain's last) whose last line ends a sentence: a story ends on one."""
    rules = rules_for(script)
    return {i for chain in chains for i in chain[:-1] if rules.ends_sentence(fragments[i].lines[-1].text)}


def _title_shares(title: Counter[str], bags: list[Counter[str]], weights: dict[str, float]) -> list[float]:
    """For each k, the weighted share of the title's distinct units found in bags[:k + 1]."""
    total = sum(weights.get(unit, 1.0) for unit in title)
    seen: set[str] = set()
    found, shares = 0.0, []
    for bag in bags:
        for unit in title:  # in the title's order: the same sum whatever the hash seed
            if unit in bag and unit not in seen:
                seen.add(unit)
                found += weights.get(unit, 1.0)
        shares.append(found / total if total else 0.0)
    return shares


def _points_to(unit: TitleUnit, chain_words: BagIndex, words: list[Counter[str]], weights: dict[str, float]) -> int:
    """The chain whose words a title's words stand in, clearly more than in any other; -1 if none."""
    shares = chain_words.coverages(_merge_bags(words, list(unit.fragments)), weights)
    second, best = np.partition(shares, len(shares) - 2)[-2:]
    if best < ECHO_SHARE or best - second < ECHO_LEAD:
        return -1
    return int(np.argmax(shares))


def _title_story(group: TitleGroup) -> Story:
    """A title group given no chain, as a story of its own: its headline with its decks."""
    assert group.headline is not None
    headline = group.headline
    return Story(body=(), headline=headline.fragments,
                 kickers=tuple(u.fragments for u in group.others if u.position < headline.position),
                 decks=tuple(u.fragments for u in group.others if u.position > headline.position))


def _parts_of(group: TitleGroup, home: dict[TitleUnit, int], chain: int) -> Parts:
    assert group.headline is not None
    headline = group.headline
    home[headline] = chain
    parts = Parts(headline=headline.fragments)
    for unit in group.others:
        home[unit] = chain
        (parts.kickers if unit.position < headline.position else parts.decks).append(unit.fragments)
    return parts


def _place_deck(unit: TitleUnit, home: dict[TitleUnit, int], parts: dict[int, Parts],
                chain_words: BagIndex, *, words: list[Counter[str]], weights: dict[str, float],
                heads: list[tuple[TitleUnit, int]]) -> None:
    """A deck standing alone joins the headline beside it in its run (`heads`: the run's
    placed headlines and their chains), or the chain it quotes."""
    bag = _merge_bags(words, list(unit.fragments))
    quoted = 4.0 * chain_words.coverages(bag, weights)
    options: list[tuple[float, int]] = []
    for other, chain in heads:
        apart = max(abs(other.position - unit.position), 1)  # the parts of one title split apart share its place
        options.append((DECK_BESIDE / apart + float(quoted[chain]), chain))
    if len(quoted):
        best = int(np.argmax(quoted))  # the first of equals, as (score, -chain) orders them
        options.append((float(quoted[best]), best))
    if not options:
        return
    score, chain = max(options, key=lambda option: (option[0], -option[1]))
    if score <= DECK_FLOOR:
        return
    home[unit] = chain
    target = parts.setdefault(chain, Parts())
    before = bool(target.headline) and unit.fragments[0] < target.headline[0]
    (target.kickers if before else target.decks).append(unit.fragments)


def _bylines_under_titles(bylines: list[Unit], home: dict[TitleUnit, int], parts: dict[int, Parts],
                          chains: list[list[int]]) -> list[Unit]:
    """A byline printed right under a placed title goes with it when that article's body
    follows (title, byline, body); under a title printed after its body, the byline opens
    the next article and is returned with the rest."""
    after_title = {unit.fragments[-1] + 1: chain for unit, chain in home.items()}
    loose = []
    for unit in bylines:
        chain = after_title.get(unit[0])
        if chain is not None and chains[chain][0] > unit[-1]:
            parts[chain].bylines.append(unit)
        else:
            loose.append(unit)
    return loose


def _story(chain: list[int], parts: Parts | None) -> Story:
    if parts is None:
        return Story(body=tuple(chain))
    return Story(tuple(chain), parts.headline, tuple(parts.kickers), tuple(parts.decks), tuple(parts.bylines))


def _placement(unit: Unit, body: list[int]) -> Placement:
    low = bisect.bisect_left(body, min(unit))
    high = bisect.bisect_right(body, max(unit))
    return Placement(body[low - 1] if low else -1, body[high] if high < len(body) else -1)


# A bare-name byline (cjk.signs_off) closes the story above it as often as it opens the one
# below (after a lede printed across the columns): it pulls both alike, against 3 for the start
# below and 2 for the end above where a byline word opens it. Dev +0.0024 (byline recall
# +0.021), held-out synthetic +0.0011 (zh pdftotext +0.0075); 2.7/2.3 either way gains less,
# and 2/3 (a signature's end first) cuts a lede from its body (forge-zh-003 -raw -0.25).
SIGNATURE_PULL = 2.5
TITLE_PULL = (3.0, 2.0)  # a title or byline opens the story below more often than it closes the one above
# A byline set right under a line of text, a blank line under it, signs that text off: on
# synthetic pages 42 such bylines close the story above, 1 opens the one below (by script:
# BYLINE_UNDER_TEXT_CLOSES).
CLOSING_PULL = (2.0, 3.0)


def _byline_pull(unit: Unit, fragments: tuple[Fragment, ...], roles: Sequence[Role],
                 rules: ModuleType) -> tuple[float, float]:
    """What a loose byline gains for opening the story below and for closing the one above."""
    if rules.signs_off(" ".join(fragments[i].text for i in unit)):
        return SIGNATURE_PULL, SIGNATURE_PULL
    above, below = unit[0] - 1, unit[-1] + 1
    if (rules.BYLINE_UNDER_TEXT_CLOSES and above >= 0 and below < len(fragments) and roles[above] in BODY_ROLES
            and fragments[unit[0]].first.gap == 0 and fragments[below].first.gap > 0):
        return CLOSING_PULL
    return TITLE_PULL


# What a loose byline gives up to join a story a byline under its title already signed:
# nearly every article is signed once (660 of 664 on the typeset dev pages), so a byline
# printed between one story's text and the next story's title (-raw: text, byline, title)
# goes to the story it closes rather than to the one its place after the titles opens.
# Dev +0.0005 (11 pages, 8 up), synthetic +0.0014 (123 pages, 97 up), split +0.0013; 1, 4
# and 10 gain less on both.
SIGNED_COST = 2.0
# What a title printed inside a chain's text (that chain's fragments right before and after
# it: an extractor's box or stream cut into the column) gives up to head that chain: a
# story's head stands over its text, and a title the text runs on through is another
# story's, set into the column beside it. Dev +0.0002, synthetic +0.00003, real pdftotext
# pages +0.0014; 1 gains less, 3 and 5 lose on synthetic; bylines: dev +0.0004 but
# synthetic -0.0002 (a byline in the text is often its own story's, signing a column off).
INSIDE_COST = 2.0
ASSIGN_BLOCK = 2000  # fragments of dump order solved as one assignment: more than a page holds
OTHER_PAGE = -1e6  # a chain on another page than the unit's: never its match


def _assign(units: list[Unit], chains: list[list[int]], chain_of: dict[int, int], chain_words: BagIndex, *,
            words: list[Counter[str]], body: list[int], weights: dict[str, float], pages: np.ndarray,
            sheet: Sheet | None = None, pulls: Sequence[tuple[float, float]] = (),
            openings: Sequence[set[int]] = (), signed: Sequence[int] = (), inside: float = 0.0) -> dict[int, int]:
    """One-to-one: chain number → unit number, by where the unit sits (in the dump, and on
    a -layout page's `sheet`) and what it shares; `pulls`: for each unit, what it gains for
    opening the chain below and for closing the one above (`_byline_pull`; TITLE_PULL
    when not given); `openings`:
    for each unit, the chains that open with its words (`_title_openings`); `signed`: the
    chains a byline under their title went to already, which a loose byline takes only
    for SIGNED_COST more; `inside`: what a unit printed inside a chain's text (that chain's
    fragments right before and after it) costs to give that chain.

    Units and chains are matched within blocks of ASSIGN_BLOCK fragments (by where each
    starts): a page is one block, and a dump of many pages run together costs a block's
    square each, not its own (a 200,000-line dump's one matrix took 855 MB)."""
    if not units or not chains:
        return {}
    first = np.array([chain[0] for chain in chains])
    last = np.array([chain[-1] for chain in chains])
    size = 0.2 * np.log1p([len(chain) for chain in chains])
    chosen: dict[int, int] = {}
    for block_units, block_chains in _blocks([min(unit) for unit in units], first.tolist()):
        columns = np.array(block_chains)
        score = np.zeros((len(block_units), len(block_chains)))
        chain_pages = pages[first[columns]]
        signed_cost = SIGNED_COST * np.isin(columns, list(signed)) if signed else None  # alike for every unit
        for row, u in enumerate(block_units):
            place = _placement(units[u], body)
            similarity = chain_words.coverages(_merge_bags(words, list(units[u])), weights)
            score[row] = (_attach_scores(units[u], place, first, last, chain_of=chain_of, similarity=similarity,
                                         pull=pulls[u] if pulls else TITLE_PULL, inside=inside) + size)[columns]
            if sheet is not None:
                score[row] += OVER_START * sheet.under(units[u], first[columns])
            if openings and openings[u]:
                score[row] += OPENS_WITH_TITLE * np.isin(columns, list(openings[u]))
            if signed_cost is not None:
                score[row] -= signed_cost
            # a title stands on its story's page (no chain crosses one: jump lines join pages later)
            score[row][chain_pages != pages[min(units[u])]] = OTHER_PAGE
        rows, cols = linear_sum_assignment(-score)
        chosen |= {block_chains[c]: block_units[r] for r, c in zip(rows, cols, strict=True)
                   if score[r, c] > ATTACH_FLOOR}
    return dict(sorted(chosen.items(), key=lambda pair: pair[1]))  # in unit order, as one assignment gives them


OPENING_INDEX = 24  # first words of each chain indexed for _title_openings: a title's and some slack


def _title_openings(groups: list[TitleGroup], chains: list[list[int]], fragments: tuple[Fragment, ...],
                    rules: ModuleType) -> list[set[int]]:
    """For each group, the chains whose first fragment opens with its headline (the
    script's `title_opens`), sought among the chains holding one of its `opening_keys`
    in their first words: a page of many titles and chains pays for the few that match,
    not for every pair."""
    holding: dict[str, set[int]] = defaultdict(set)
    openings: list[set[int]] = [set() for _ in groups]
    titles = [" ".join(fragments[i].text for i in group.headline.fragments) if group.headline else ""
              for group in groups]
    keys = [rules.opening_keys(title) for title in titles]
    if not any(keys):
        return openings  # no chain's words are read
    for number, chain in enumerate(chains):
        for word in rules.opening_words(fragments[chain[0]].text, OPENING_INDEX):
            holding[word].add(number)
    for row, (title, title_keys) in enumerate(zip(titles, keys, strict=True)):
        if not title_keys:
            continue
        long = len(rules.opening_words(title)) > OPENING_INDEX // 2  # its keys may lie past the index
        candidates = range(len(chains)) if long else set().union(*(holding.get(key, ()) for key in title_keys))
        openings[row] = {chain for chain in candidates if rules.title_opens(title, fragments[chains[chain][0]].text)}
    return openings


def _blocks(rows: list[int], columns: list[int]) -> list[tuple[list[int], list[int]]]:
    """The numbers of two lists of items, block by block of ASSIGN_BLOCK fragments of dump
    order (`rows`, `columns`: each item's first fragment), for the blocks holding both."""
    blocks: dict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for number, start in enumerate(rows):
        blocks[start // ASSIGN_BLOCK][0].append(number)
    for number, start in enumerate(columns):
        blocks[start // ASSIGN_BLOCK][1].append(number)
    return [(left, right) for left, right in blocks.values() if left and right]


def _attach_scores(unit: Unit, place: Placement, first: np.ndarray, last: np.ndarray, *,
                   chain_of: dict[int, int], similarity: np.ndarray,
                   pull: tuple[float, float] = TITLE_PULL, inside: float = 0.0) -> np.ndarray:
    """How well a title or byline sits with each chain (by its first and last fragment): right
    above its start, right after its end, touching it, near it, sharing its words; less
    `inside` for the chain whose text runs on through it (its fragments on both sides)."""
    before = first == place.body_after
    after = last == place.body_before
    touching = np.zeros(len(first), dtype=bool)
    for neighbour in (place.body_before, place.body_after):
        if neighbour in chain_of:
            touching[chain_of[neighbour]] = True
    distance = np.minimum(np.abs(first - max(unit)), np.abs(min(unit) - last))
    opens, closes = pull
    score = np.asarray(opens * before + closes * after + 1.0 * touching - 0.3 * np.log1p(distance)
                       + SHARED_WORDS * similarity)
    around = chain_of.get(place.body_before, -1)
    if inside and around >= 0 and around == chain_of.get(place.body_after, -2):
        score[around] -= inside
    return score


INDEX_PAYS = 8  # a query visiting a bag costs about as much as indexing this many units
ARRAYS_PAY = 400  # holding bags a query visits above which numpy sums them faster than a loop


@dataclass(frozen=True, slots=True)
class BagIndex:
    """Bags of units (a chain's or a fragment's vocabulary), and for each unit the bags
    holding it, so a short text's coverage by every bag costs what its units occur. The
    index is made only when the expected queries would visit more bags than it holds
    units; a few queries on a page just score bag by bag."""

    bags: list[Counter[str]]
    holding: dict[str, list[int]] | None  # None: score bag by bag
    arrays: dict[str, np.ndarray] = field(default_factory=dict)  # holding's lists as arrays, made when asked

    @classmethod
    def of(cls, bags: list[Counter[str]], queries: int) -> BagIndex:
        if queries * len(bags) * INDEX_PAYS < sum(len(bag) for bag in bags):
            return cls(bags, None)
        holding: dict[str, list[int]] = defaultdict(list)
        for number, bag in enumerate(bags):
            for unit in bag:
                holding[unit].append(number)
        return cls(bags, dict(holding))  # lists: the queries walk them in Python

    def __getitem__(self, chain: int) -> Counter[str]:
        return self.bags[chain]

    def __len__(self) -> int:
        return len(self.bags)

    def coverages(self, part: Counter[str], weights: dict[str, float]) -> np.ndarray:
        """cues.coverage(part, bag, weights) for every bag at once."""
        if self.holding is None:
            return np.array([coverage(part, bag, weights) for bag in self.bags], dtype=float)
        total = sum(weights.get(unit, 1.0) for unit in part)
        if not part or not total:
            return np.zeros(len(self.bags))
        if sum(len(self.holding.get(unit, ())) for unit in part) > ARRAYS_PAY:  # common units on a huge page
            held = [self._array(unit) for unit in part]  # in the part's order: bincount adds one by one, as below
            summed = np.bincount(np.concatenate(held), weights=np.repeat(
                [weights.get(unit, 1.0) for unit in part], [len(h) for h in held]), minlength=len(self.bags))
            return summed.astype(float) / total
        found = [0.0] * len(self.bags)  # plain floats: no numpy call per unit
        for unit in part:  # in the part's order, as coverage() sums, for the same floats
            weight = weights.get(unit, 1.0)
            for bag in self.holding.get(unit, ()):
                found[bag] += weight
        return np.array(found) / total


    def letter_coverages(self, units: list[tuple[str, int, int]], weights: dict[str, float]) -> np.ndarray:
        """For every bag, the share of a short text's letters inside units the bag holds,
        each letter weighted by the rarest unit covering it (`cues.letter_units` gives the
        units with their letters; at most two cover a letter: overlapping CJK pairs).
        Unlike `coverages`, every occurrence counts, by its length: a name the text repeats
        counts twice, a long shared phrase by its letters, not by its overlapping pairs.

        Summed unit by unit over the bags holding it (what `coverages` costs): a letter
        under two units is counted once for each, less the lighter one where a bag holds both.
        """
        length = max((end for _, _, end in units), default=0)
        total = [0.0] * length
        covers: list[list[int]] = [[] for _ in range(length)]
        holders = self._holders([unit for unit, _, _ in units])
        shares: list[float] = []
        for k, (unit, start, end) in enumerate(units):
            weight = weights.get(unit, 1.0)
            for letter in range(start, end):
                total[letter] = max(total[letter], weight)
                covers[letter].append(k)
            shares.append(weight * (end - start))
        overlaps: list[tuple[list[int], float]] = []
        for pair in covers:
            if len(pair) == 2 and len(holders[pair[0]]) and len(holders[pair[1]]):
                a, b = pair
                both = holders[a] if units[a][0] == units[b][0] else _held_by_both(holders[a], holders[b])
                overlaps.append((both, min(weights.get(units[a][0], 1.0), weights.get(units[b][0], 1.0))))
        whole = float(np.array(total).sum())  # numpy's pairwise sum, as before
        if self.holding is not None and sum(map(len, holders)) > ARRAYS_PAY:
            summed = self._summed_in_arrays(units, shares, overlaps)
        else:
            summed = self._summed_in_loops(holders, shares, overlaps)
        return summed / whole if whole else summed

    def _summed_in_loops(self, holders: list[list[int]], shares: list[float],
                         overlaps: list[tuple[list[int], float]]) -> np.ndarray:
        """letter_coverages' sums, bag by bag in a dict: only the bags holding a unit are
        touched, not a list the page's size."""
        found: dict[int, float] = {}  # plain floats, added in the same order as numpy would: no call per unit
        for held, share in zip(holders, shares, strict=True):
            for bag in held:
                found[bag] = found.get(bag, 0.0) + share
        for both, least in overlaps:
            for bag in both:
                found[bag] -= least
        summed = np.zeros(len(self.bags))
        if found:
            summed[np.fromiter(found.keys(), dtype=np.intp, count=len(found))] = np.fromiter(
                found.values(), dtype=float, count=len(found))
        return summed

    def _summed_in_arrays(self, units: list[tuple[str, int, int]], shares: list[float],
                          overlaps: list[tuple[list[int], float]]) -> np.ndarray:
        """The same sums for a text whose units many bags hold, in C: bincount and
        subtract.at add one by one in the order given, as the loops do."""
        held = [self._array(unit) for unit, _, _ in units]
        if not held:
            return np.zeros(len(self.bags))
        summed = np.bincount(np.concatenate(held), weights=np.repeat(shares, [len(h) for h in held]),
                             minlength=len(self.bags)).astype(float)
        if overlaps:
            np.subtract.at(summed, np.concatenate([np.asarray(both, dtype=np.intp) for both, _ in overlaps]),
                           np.repeat([least for _, least in overlaps], [len(both) for both, _ in overlaps]))
        return summed

    def _array(self, unit: str) -> np.ndarray:
        held = self.arrays.get(unit)
        if held is None:
            assert self.holding is not None  # only asked of an index
            held = self.arrays[unit] = np.array(self.holding.get(unit, ()), dtype=np.intp)
        return held

    def _holders(self, units: list[str]) -> list[list[int]]:
        """The bags holding each unit, in bag order. Without an index each bag is met once,
        its units among the wanted ones found by one set operation in C, not a test a pair."""
        if self.holding is not None:
            return [self.holding.get(unit, []) for unit in units]
        wanted = set(units)
        found: dict[str, list[int]] = {unit: [] for unit in wanted}
        for number, bag in enumerate(self.bags):
            for unit in bag.keys() & wanted:
                found[unit].append(number)
        return [found[unit] for unit in units]


def _held_by_both(first: list[int], second: list[int]) -> list[int]:
    """The bag numbers in both lists (each once), met as sets: 20 times faster than np.intersect1d."""
    return list(set(first).intersection(second))


def _merge_bags(words: list[Counter[str]], members: list[int]) -> Counter[str]:
    # Counter.update's own loop, on a plain dict: a Counter's item writes cost three times as much
    total: dict[str, int] = dict(words[members[0]]) if members else {}  # the first bag copied whole, in C
    get = total.get
    for index in members[1:]:
        for unit, count in words[index].items():
            total[unit] = get(unit, 0) + count
    return Counter(total)


def _merge_orphans(fragments: tuple[Fragment, ...], chains: list[list[int]], words: list[Counter[str]], body: list[int],
                   parts: dict[int, Parts], *, chain_bags: list[Counter[str]],
                   runs_on_to: Callable[[str, str], bool], open_end: bool = False
                   ) -> tuple[list[list[int]], dict[int, Parts], list[Counter[str]]]:
    """Chains given nothing (or only a byline) join the titled chain they sit against or resemble.

    The two go in dump order unless their sentences say otherwise (`_goes_after`, with
    `runs_on_to` by script: a pdfminer dump prints a story's columns in any order, but a
    sentence goes on only into its next column). With `open_end` (a -layout page, by
    script: OPEN_END_TAKES_ORPHAN) a titled chain whose last line runs on into the orphan's
    first, the orphan printed after it, gains ORPHAN_RUN_ON. `chain_bags` holds each chain's
    merged vocabulary (read, never changed); the chains after merging come back with theirs."""
    titled = sorted(parts)
    if not titled:
        return chains, parts, chain_bags
    merged: dict[int, list[int]] = {c: list(chains[c]) for c in range(len(chains))}
    bags = {t: Counter(chain_bags[t]) for t in titled}  # copies kept up to date, not merged anew per orphan
    for c in range(len(chains)):
        if c in parts and (parts[c].headline or parts[c].kickers or parts[c].decks):
            continue  # a chain given only a byline may still be a titled story's other part
        bag = chain_bags[c]
        page = fragments[chains[c][0]].page
        bylined = c in parts  # joins only a headed story that has no byline of its own
        start = chains[c][0]
        scored = [(_merge_score(chains[c], merged[t], bag, bags[t], body)
                   + (ORPHAN_RUN_ON if open_end and merged[t][-1] < start
                      and runs_on_to(fragments[merged[t][-1]].last.text, fragments[start].first.text) else 0.0), -t)
                  for t in titled
                  if t != c and t in merged and fragments[merged[t][0]].page == page
                  and abs(merged[t][0] - start) <= ASSIGN_BLOCK  # a page's reach, on a dump of many run together
                  and not (bylined and (parts[t].bylines or not parts[t].headline))]
        if not scored:
            continue  # other pages' stories are joined only by their jump lines
        best_score, negative = max(scored)
        if best_score >= MERGE_SCORE:
            own = parts.pop(c).bylines if c in parts else []
            parts[-negative].bylines.extend(own)
            target = merged[-negative]
            opened = any(unit[-1] + 1 == chains[c][0] for unit in own)  # a byline right above the orphan
            if _goes_after(fragments, chains[c], target, runs_on_to, opened=opened):
                merged[-negative] = target + chains[c]
                bags[-negative].update(bag)  # appended: the same counts in the same key order
            else:
                merged[-negative] = chains[c] + target
                bags[-negative] = _merge_bags(words, merged[-negative])
            del merged[c]
    keep = sorted(merged)
    renumber = {old: new for new, old in enumerate(keep)}
    return ([merged[c] for c in keep], {renumber[c]: p for c, p in parts.items() if c in renumber},
            [bags.get(c, chain_bags[c]) for c in keep])


def _goes_after(fragments: tuple[Fragment, ...], orphan: list[int], titled: list[int],
                runs_on_to: Callable[[str, str], bool], *, opened: bool) -> bool:
    """Whether an orphan chain reads after the titled chain it joins.

    Where the titled chain stops mid-sentence and the orphan does not, after; where the
    orphan stops mid-sentence and the titled chain does not, before, but only if a byline
    stands right above the orphan (`opened`: a reporter's byline opens a story's first
    column); else as the dump prints them. Without the byline the move is not made: the
    titled chain's start is where its headline stands, most often the story's start
    (measured on dev: those moves lost 0.03 over 8 pages).
    """
    after = runs_on_to(fragments[titled[-1]].last.text, fragments[orphan[0]].first.text)
    before = runs_on_to(fragments[orphan[-1]].last.text, fragments[titled[0]].first.text)
    if after and not before:
        return True
    if opened and before and not after:
        return False
    return orphan[0] > titled[-1]


def _merge_score(orphan: list[int], titled: list[int], bag: Counter[str], titled_bag: Counter[str],
                 body: list[int]) -> float:
    """Shared vocabulary, and whether the orphan follows the titled chain with no body between."""
    follows = orphan[0] > titled[-1] and _bodies_between(body, titled[-1], orphan[0]) == 0
    precedes = orphan[-1] < titled[0] and _bodies_between(body, orphan[-1], titled[0]) == 0
    return 4.0 * cosine(bag, titled_bag) + 1.0 * follows + 0.5 * precedes


def _bodies_between(body: list[int], low: int, high: int) -> int:
    return bisect.bisect_left(body, high) - bisect.bisect_right(body, low)


HEADLESS_SLIGHT = 200  # characters of text a titled story may hold and still take a headless story's body
HEADLESS_FLOOR = 0.3  # score a headless body needs with such a title: its share of the title's weighted words ...
FOLLOWS_PULL = 0.3  # ... plus this where it starts right after the titled story (FOLLOWS_WITHIN fragments)
FOLLOWS_WITHIN = 3


def join_headless(stories: list[Story], fragments: tuple[Fragment, ...], words: list[Counter[str]],
                  weights: dict[str, float], *, reach: int = 1 << 30) -> list[Story]:
    """Stories left with no title take the titles left with (next to) no text: a headline
    with its decks, or a deck alone (one led by a dash never heads a story).

    After attachment and the slight stories' absorption some titles still stand over a
    line or two (a lede, a deck read as body) or over nothing, and some bodies stand under
    no title: the title went to the wrong side of a chain break, or sat in a pile of a
    page's titles. A body holding the title's words (HEADLESS_FLOOR of their weight), or
    starting right after it in the dump (FOLLOWS_PULL), is its text; pairs go one to one by
    linear assignment within blocks of ASSIGN_BLOCK fragments (a dump of many pages costs a
    block's square each), the headless body after the title's own text. `reach`: how far
    apart in dump order (fragments) the two may stand (Params.tail_window).
    """
    titled = [n for n, story in enumerate(stories) if (story.headline or story.decks)
              and text_size(story.body, fragments, HEADLESS_SLIGHT) <= HEADLESS_SLIGHT]
    headless = [n for n, story in enumerate(stories) if story.body and not story.headline and not story.decks]
    joined = list(stories)
    taken = set()
    for rows, columns in _blocks([min(stories[n].fragments) for n in titled],
                                 [min(stories[n].fragments) for n in headless]):
        titles, bodies = [titled[r] for r in rows], [headless[c] for c in columns]
        starts = [min(stories[n].fragments) for n in bodies]
        bags = [_merge_bags(words, list(stories[n].body)) for n in bodies]
        scores = np.zeros((len(titles), len(bodies)))
        for row, n in enumerate(titles):
            story = stories[n]
            title = _title_bag(story, words)
            last = max(story.fragments)
            for column, start in enumerate(starts):
                if abs(start - last) <= reach:
                    follows = FOLLOWS_PULL if 0 < start - last <= FOLLOWS_WITHIN else 0.0
                    scores[row, column] = coverage(title, bags[column], weights) + follows
        for row, column in zip(*linear_sum_assignment(-scores), strict=True):
            if scores[row, column] >= HEADLESS_FLOOR:
                story, body = stories[titles[row]], stories[bodies[column]]
                joined[titles[row]] = replace(story, body=(*story.body, *body.body),
                                              bylines=(*story.bylines, *body.bylines),
                                              captions=(*story.captions, *body.captions),
                                              jumps=(*story.jumps, *body.jumps))
                taken.add(bodies[column])
    return [story for n, story in enumerate(joined) if n not in taken]


# A titled story left with a line or two takes the tail of another story whose words are its
# title's: the graph chained a column's text after another story's last paragraph (pdftotext
# -raw prints a column under the one before it, with no blank line), and the title kept
# only the lede set over it. Dev +0.0029 (5 pages, 4 up), synthetic +0.0008 and +0.0011.
TAIL_FLOOR = 0.5  # share of the title's weighted words the tail must hold
TAIL_LEAD = 0.3  # ... by this much more than the share of its own story's title it holds
TAIL_HEAD = 0.3  # share of its own title the story's text before the tail must hold (its text is its own)
TAIL_TEXT = 200  # characters a tail needs: a paragraph, not a line


def take_tails(stories: list[Story], fragments: tuple[Fragment, ...], words: list[Counter[str]],
               weights: dict[str, float], ends_sentence: Callable[[str], bool], *,
               quoted: np.ndarray | None = None, reach: int = 1 << 30) -> list[Story]:
    """Titled stories left with a line or two of text (HEADLESS_SLIGHT) take the tail of
    another titled story, cut where a paragraph ends, whose words are clearly their title's
    and not that story's own (TAIL_FLOOR, TAIL_LEAD), where the text before the cut does
    hold that story's title (TAIL_HEAD: a story whose title went astray keeps its text);
    a byline of that story printed right after the tail signs the tail and goes with it.
    A title quoted from the body (`quoted`, by fragment: `quoted_fragments`; a pull quote
    read as a headline) takes nothing, as its words stand in the passage it quotes.
    `reach`: how far apart in dump order (fragments) the two stories may start
    (Params.tail_window)."""
    starts = [min(story.fragments, default=0) for story in stories]
    slight = [n for n, story in enumerate(stories)
              if story.headline and text_size(story.body, fragments, HEADLESS_SLIGHT) <= HEADLESS_SLIGHT
              and not (quoted is not None and quoted[list(story.headline)].any())]
    out = list(stories)
    titles: dict[int, Counter[str]] = {}  # a story's title bag, made when first asked for: moving text keeps it

    def title_of(n: int) -> Counter[str]:
        if n not in titles:
            titles[n] = _title_bag(stories[n], words)
        return titles[n]

    for n in slight:
        if not title_of(n):
            continue
        best = (0.0, -1, -1)  # (lead, story, cut)
        for m, other in enumerate(out):
            if m != n and len(other.body) > 1 and other.headline and abs(starts[m] - starts[n]) <= reach:
                lead, cut = _title_tail(title_of(n), title_of(m), other.body, fragments=fragments, words=words,
                                        weights=weights, ends_sentence=ends_sentence)
                if lead > best[0]:
                    best = (lead, m, cut)
        if best[1] >= 0:
            _, m, cut = best
            tail = out[m].body[cut:]
            # a byline printed right after the tail signs it off: it goes with it (-raw: text, byline, title)
            signing = tuple(unit for unit in out[m].bylines if unit[0] == max(tail) + 1)
            out[n] = replace(out[n], body=(*out[n].body, *tail), bylines=(*out[n].bylines, *signing))
            out[m] = replace(out[m], body=out[m].body[:cut],
                             bylines=tuple(unit for unit in out[m].bylines if unit not in signing))
    return out


def _title_tail(title: Counter[str], own: Counter[str], body: tuple[int, ...], *, fragments: tuple[Fragment, ...],
                words: list[Counter[str]], weights: dict[str, float], ends_sentence: Callable[[str], bool]
                ) -> tuple[float, int]:
    """(lead, cut) of the tail body[cut:] of a story (titled `own`) that holds `title`
    best: (0.0, -1) where none passes."""
    best = (0.0, -1)
    tail: Counter[str] = Counter()
    size = 0
    for cut in range(len(body) - 1, 0, -1):  # the tail grows a fragment at a time from the story's end
        tail.update(words[body[cut]])
        size += len(fragments[body[cut]].text)
        if size < TAIL_TEXT or not ends_sentence(fragments[body[cut - 1]].last.text):
            continue
        ours = coverage(title, tail, weights)
        lead = ours - coverage(own, tail, weights)
        if ours >= TAIL_FLOOR and lead >= TAIL_LEAD and lead > best[0] and coverage(
                own, _merge_bags(words, list(body[:cut])), weights) >= TAIL_HEAD:
            best = (lead, cut)
    return best


def _title_bag(story: Story, words: list[Counter[str]]) -> Counter[str]:
    """The words of a story's title: its headline, kickers and decks."""
    return _merge_bags(words, [i for unit in (story.headline, *story.kickers, *story.decks) for i in unit])


def text_size(body: Sequence[int], fragments: tuple[Fragment, ...], cap: int | None = None) -> int:
    """Characters of these body fragments' text (asked only of slight stories: joining
    costs); with `cap`, read no further than past it (a size over `cap`, not the size)."""
    size = 0
    for index in body:
        size += len(fragments[index].text)
        if cap is not None and size > cap:
            break
    return size


# What a caption's distance in the dump (in fragments, log1p) takes from a story's
# resemblance (shares of its letters, 0 to 2): a caption is printed by its photo, in its
# story, so between stories its words fit alike the nearer one takes it. Dev +0.0006
# (caption accuracy +0.012), held-out synthetic +0.0004 (+0.008); 0.03: dev +0.0007,
# synthetic +0.0002; 0.05 and more also move jump lines (their story is the one they name).
CAPTION_NEAR = 0.02


def _attach_captions(fragments: tuple[Fragment, ...], roles: Sequence[Role], stories: list[Story],
                     words: list[Counter[str]], weights: dict[str, float], *, captions: list[CaptionParts],
                     body_bags: list[Counter[str]], script: str, reach: int) -> list[Story]:
    """Each caption (its fragments, with the credit after it) and jump line goes to the story
    it most resembles.

    Resemblance is the share of the caption's letters the story's text holds (in shared
    words), rare words weighing more. A caption usually echoes one passage of its
    article, so the best single fragment counts as much as the story as a whole (which
    would favour long stories); a caption (not a jump line) also leans to the story
    standing nearest it in the dump (CAPTION_NEAR). `body_bags` holds the merged
    vocabulary of the first stories' bodies.

    Only stories on the caption's page with a fragment in its stretch of `reach` fragments
    or the stretches either side are compared: a page of a few hundred fragments is one
    stretch, and a dump of many pages run together costs each caption a page's stories,
    not the whole dump's.
    """
    bodies = list(stories)
    if not captions or not bodies:
        return bodies
    stretches: dict[tuple[int, int], list[int]] = defaultdict(list)  # (page, stretch) -> stories there
    for n, story in enumerate(bodies):
        for place in sorted({(fragments[i].page, i // reach) for i in (*story.body, *story.headline)}):
            stretches[place].append(n)
    by_stretch: dict[tuple[int, int], list[CaptionParts]] = defaultdict(list)
    for caption, credit in captions:
        by_stretch[(fragments[caption[0]].page, caption[0] // reach)].append((caption, credit))
    for (page, stretch), queries in by_stretch.items():
        near = sorted({n for s in (stretch - 1, stretch, stretch + 1) for n in stretches.get((page, s), ())})
        if not near:
            continue
        members = [(i, k) for k, n in enumerate(near) for i in (*bodies[n].body, *bodies[n].headline)]
        members.sort()
        member_story = np.array([k for _, k in members], dtype=np.intp)
        positions = np.array([i for i, _ in members], dtype=np.int64)
        passages = BagIndex.of([words[i] for i, _ in members], len(queries))
        wholes = BagIndex.of([_whole_bag(words, bodies[n], body_bags[n] if n < len(body_bags) else None)
                              for n in near], len(queries))
        for caption, credit in queries:
            units = letter_units("\n".join([fragments[i].text for i in caption]), script)
            passage = np.zeros(len(near))
            np.maximum.at(passage, member_story, passages.letter_coverages(units, weights))
            resemblance = passage + wholes.letter_coverages(units, weights)
            jump = roles[caption[0]] == "jump"  # goes to the story it names, wherever that stands
            if not jump:
                apart = np.full(len(near), np.inf)
                np.minimum.at(apart, member_story, np.abs(positions - caption[0]))
                resemblance -= CAPTION_NEAR * np.log1p(apart)
            best = near[int(np.argmax(resemblance))]  # the first of equals
            story = bodies[best]
            if jump:
                bodies[best] = replace(story, jumps=(*story.jumps, *caption))
                continue
            bodies[best] = replace(story, captions=(*story.captions, (caption, credit)))
    return bodies


def _whole_bag(words: list[Counter[str]], story: Story, body_bag: Counter[str] | None) -> Counter[str]:
    """_merge_bags of the story's body and headline, starting from its body's bag when known
    (the same updates in the same order, so the same counts in the same key order)."""
    if body_bag is None:
        return _merge_bags(words, [*story.body, *story.headline])
    if not story.headline:
        return body_bag
    whole = Counter(body_bag)
    for index in story.headline:
        whole.update(words[index])
    return whole
