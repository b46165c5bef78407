"""Pairs: fragments and their cues in, one row of numbers per candidate pair (a, b) out.

    fragments + FRAGMENT_FEATURES rows ─fragment_table─▶ FragmentTable (per-fragment arrays)
    FragmentTable + pairs (m, 2) ─pair_features─▶ (m, PAIR_FEATURES) rows, ranked by rank_pairs

`fragment_table` gathers once what every pair needs (measures, ends, columns, title counts,
L2-normalised vocabulary vectors), so `pair_features` is array arithmetic over the pairs.
The BASE_PAIR_FEATURES say how the break between a and b reads (fill, sentence end,
hyphen, a word across it, distance, titles between, shared vocabulary; on a -layout page
also where the two stand: rows apart, up and to the right, blocks level); the RANK_FEATURES
say how the pair stands among its rivals by the cheap screen's score, filled in by
`rank_pairs` once graph.py has screened. Widths are relative to the page's body measure,
as in cues.py. Limits: similarity is a bag-of-words cosine; word order is not seen.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import chain, count, pairwise
from typing import TYPE_CHECKING

import numpy as np

from broadsheet.cues import FRAGMENT_FEATURES, run_measures, vocabulary
from broadsheet.lang import cjk, latin
from broadsheet.page import Dump, Fragment

if TYPE_CHECKING:  # scipy loads lazily (heavy); its type is for the checker only
    from scipy.sparse import csr_matrix

BASE_PAIR_FEATURES: tuple[str, ...] = (
    "bias",
    "same_measure",  # 1 when both fragments have the same full-line width
    "measure_gap",  # |measure a - measure b| / page measure
    "a_full",  # a's last line fills its measure (the break is mid-paragraph)
    "a_sentence_end",  # a ends on a sentence end
    "a_soft_end",  # a ends on a hyphen or comma
    "b_lowercase",  # b starts with a small letter
    "b_indent",  # b's first line is indented (a new paragraph)
    "joins_word",  # the characters across the break make a word
    "forward",  # b comes after a in the dump
    "distance",  # log(1 + fragments between them)
    "adjacent",  # b is the very next fragment
    "titles_between",  # headlines and bylines between them in the dump (capped at 3)
    "similarity",  # how alike their vocabularies are (cosine)
    "b_after_title",  # b directly follows a headline or byline
    "a_wide",  # a is wider than the page measure (a lede or spanning block)
    "same_column",  # -layout: same column stream
    "x_overlap",  # -layout: horizontal overlap of the two fragments
    "rows_down",  # -layout: log(1 + empty rows) from a's last line down to b's first, 0 unless b is lower
    "b_higher",  # -layout: b starts no lower than a ends (back up, to a column's top)
    "b_right",  # -layout: b stands right of a (in a later column)
    "room_above_b",  # -layout: log(1 + empty rows) above b in its column stream (capped: it opens the stream)
    "room_below_a",  # -layout: log(1 + empty rows) below a in its column stream (capped: it closes the stream)
    "columns_right",  # -layout: blank width from a's right edge to b's left, in body measures (0: not right)
    "tops_apart",  # -layout: log(1 + rows) between b's top and the top of a's block (its stream run)
    "feet_apart",  # -layout: log(1 + rows) between a's foot and the foot of b's block
)
# How a pair stands among its rivals, by the cheap screen's score (filled in graph.py):
RANK_FEATURES: tuple[str, ...] = (
    "screen",  # the screen's log-odds for this pair
    "rank_after_a",  # how many of a's candidate successors the screen puts ahead of b (capped at 5)
    "rank_before_b",  # how many of b's candidate predecessors it puts ahead of a (capped at 5)
    "behind_best_a",  # log-odds behind a's best candidate successor
    "behind_best_b",  # log-odds behind b's best candidate predecessor
)
PAIR_FEATURES: tuple[str, ...] = BASE_PAIR_FEATURES + RANK_FEATURES

TITLE_ROLES = frozenset({"headline", "kicker", "deck", "byline"})


@dataclass(frozen=True, slots=True)
class FragmentTable:
    """Per-fragment columns the pair features are computed from, as arrays."""

    measure: np.ndarray  # full-line width, display columns
    last_fill: np.ndarray
    sentence_end: np.ndarray
    soft_end: np.ndarray
    lower_start: np.ndarray
    indent: np.ndarray
    wide: np.ndarray
    column: np.ndarray
    left: np.ndarray
    right: np.ndarray
    page: np.ndarray
    title_prefix: np.ndarray  # titles before each fragment, cumulative
    after_title: np.ndarray
    last_char: np.ndarray  # each fragment's last character as a code point (0: none)
    first_char: np.ndarray  # its first character
    vectors: csr_matrix  # scipy.sparse CSR rows, L2-normalised vocabularies
    top: np.ndarray  # -layout: row of the first line (this and the five below: empty elsewhere)
    bottom: np.ndarray  # -layout: row of the last line
    room_above: np.ndarray  # -layout: empty rows above the fragment in its column stream (ROOM_CAP: none above)
    room_below: np.ndarray  # -layout: empty rows below it in its column stream (ROOM_CAP: none below)
    block_top: np.ndarray  # -layout: top row of the fragment's block (its stream run of narrow gaps)
    block_foot: np.ndarray  # -layout: foot row of that block
    layout: bool  # a -layout dump: the geometry columns mean something
    hyphenated: tuple[str, ...] = ()  # Latin: the word before the hyphen the last line ends on, else ""
    first_lines: tuple[str, ...] = ()  # Latin: each fragment's first line
    lang: str = ""


def fragment_table(dump: Dump, fragments: tuple[Fragment, ...], rows: np.ndarray, roles: tuple[str, ...],
                   measure: float, *, words: tuple[Counter[str], ...] = ()) -> FragmentTable:
    """Collect what pair features need from every fragment once."""
    column = {name: index for index, name in enumerate(FRAGMENT_FEATURES)}
    own = run_measures(rows, measure)
    is_title = np.array([role in TITLE_ROLES for role in roles], dtype=float)
    prefix = np.concatenate([[0.0], np.cumsum(is_title)])
    after_title = np.concatenate([[0.0], is_title[:-1]]) if len(fragments) else is_title
    indent = np.array([_opens_paragraph(f, m, dump.script) for f, m in zip(fragments, own, strict=True)], dtype=float)
    layout = dump.style == "layout"
    if layout:
        top = np.array([f.first.row for f in fragments], dtype=float)
        bottom = np.array([f.last.row for f in fragments], dtype=float)
        above, below, block_top, block_foot = _room_in_streams(fragments, top, bottom)
    else:  # rows are lines of one stream: pair_features reads no geometry, and leaves its columns zero
        top = bottom = above = below = block_top = block_foot = np.zeros(0)
    return FragmentTable(
        measure=own,
        last_fill=np.array([f.last.width / max(m, 1.0) for f, m in zip(fragments, own, strict=True)]),
        sentence_end=rows[:, column["sentence_end"]].copy(),
        soft_end=rows[:, column["soft_end"]].copy(),
        lower_start=rows[:, column["lowercase_start"]].copy(),
        indent=indent,
        wide=(own > 1.3 * measure).astype(float),
        column=np.array([f.first.column for f in fragments]),
        left=np.array([f.left for f in fragments], dtype=float),
        right=np.array([f.right for f in fragments], dtype=float),
        page=np.array([f.page for f in fragments]),
        title_prefix=prefix,
        after_title=after_title,
        last_char=np.array([ord(f.last.text[-1]) if f.last.text else 0 for f in fragments], dtype=np.int64),
        first_char=np.array([ord(f.first.text[0]) if f.first.text else 0 for f in fragments], dtype=np.int64),
        top=top,
        bottom=bottom,
        room_above=above,
        room_below=below,
        block_top=block_top,
        block_foot=block_foot,
        layout=layout,
        vectors=_vectors(words or tuple(vocabulary(f, dump.script) for f in fragments)),
        hyphenated=tuple(latin.line_ends(f.last.text)[0] for f in fragments) if dump.script == "latin" else (),
        first_lines=tuple(f.first.text for f in fragments) if dump.script == "latin" else (),
        lang=dump.lang,
    )


ROOM_CAP = 12.0  # empty rows that count as "nothing above/below in the stream"
BLOCK_GAP = 2  # empty rows a column's block runs on across (a paragraph's space)


def _room_in_streams(fragments: tuple[Fragment, ...], top: np.ndarray, bottom: np.ndarray) -> tuple[
        np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Empty rows between each fragment and its neighbours above and below in its column
    stream (page and -layout column), ROOM_CAP where it has none: a wide space above a
    fragment marks the top of a block (an article's column under its head or a photo),
    one below it the foot of one. Also each fragment's block's top and foot rows: the run
    of its stream with no wider space than BLOCK_GAP. An article's columns start level
    and end level, so a column read to its foot goes on at a top level with its block's."""
    above = np.full(len(fragments), ROOM_CAP)
    below = np.full(len(fragments), ROOM_CAP)
    block_top, block_foot = top.copy(), bottom.copy()
    streams: dict[tuple[int, int], list[int]] = {}
    for index, fragment in enumerate(fragments):
        streams.setdefault((fragment.page, fragment.first.column), []).append(index)
    for members in streams.values():
        members.sort(key=lambda i: top[i])
        for upper, lower in pairwise(members):
            room = float(np.clip(top[lower] - bottom[upper] - 1, 0, ROOM_CAP))
            above[lower] = room
            below[upper] = room
            if room <= BLOCK_GAP:
                block_top[lower] = block_top[upper]
        for upper, lower in reversed(list(pairwise(members))):
            if above[lower] <= BLOCK_GAP:
                block_foot[upper] = block_foot[lower]
    return above, below, block_top, block_foot


def _opens_paragraph(fragment: Fragment, measure: float, script: str) -> bool:
    lines = fragment.lines
    if len(lines) > 1 and lines[0].x > min([line.x for line in lines[1:]]):
        return True
    return script == "cjk" and len(lines) > 1 and lines[0].width <= measure - 3


def _vectors(words: tuple[Counter[str], ...]) -> csr_matrix:
    from scipy.sparse import csr_matrix  # noqa: PLC0415  # lazy, heavy (scipy)

    lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
    starts = np.concatenate([[0], np.cumsum(lengths, dtype=np.int64)])
    counts = np.fromiter(chain.from_iterable(bag.values() for bag in words), dtype=np.int64, count=int(starts[-1]))
    cols, units = _unit_columns(words, int(starts[-1]))
    squares = np.concatenate([[0], np.cumsum(counts * counts)])  # integer sums: exact
    norms = np.sqrt((squares[starts[1:]] - squares[starts[:-1]]).astype(float))
    norms[norms == 0] = 1.0
    data = counts.astype(float) / np.repeat(norms, lengths)
    return csr_matrix((data, cols, starts), shape=(len(words), max(units, 1)))


def _unit_columns(words: tuple[Counter[str], ...], total: int) -> tuple[np.ndarray, int]:
    """Each unit of the bags, in order, numbered by when the page first meets it; and how
    many units there are. One dictionary pass: setdefault keeps each unit's first place
    among all `total` entries, and a running count of the first places renumbers them.

    >>> _unit_columns((Counter("ab"), Counter("bc")), 4)[0].tolist()
    [0, 1, 1, 2]
    """
    place: dict[str, int] = {}
    first = np.fromiter(map(place.setdefault, chain.from_iterable(words), count()), dtype=np.int64, count=total)
    number = np.cumsum(first == np.arange(total)) - 1
    return number[first], len(place)


def pair_features(table: FragmentTable, pairs: np.ndarray, page_measure_: float, script: str) -> np.ndarray:
    """One PAIR_FEATURES row for each (a, b) in `pairs`, an (m, 2) integer array."""
    a, b = pairs[:, 0], pairs[:, 1]
    between = np.abs(b - a) - 1
    low, high = np.minimum(a, b), np.maximum(a, b)
    titles = table.title_prefix[high] - table.title_prefix[low + 1]
    measure_a, measure_b = table.measure[a], table.measure[b]
    left_a, left_b, right_a, right_b = table.left[a], table.left[b], table.right[a], table.right[b]
    measure_gap = np.abs(measure_a - measure_b)
    overlap = np.clip(np.minimum(right_a, right_b) - np.maximum(left_a, left_b), 0, None)
    span = np.maximum(np.minimum(right_a - left_a, right_b - left_b), 1.0)
    column_a = table.column[a]
    columns = (  # in BASE_PAIR_FEATURES order
        1.0,
        measure_gap <= 0.06 * np.maximum(measure_a, 1),
        measure_gap / page_measure_,
        table.last_fill[a] >= 0.86,
        table.sentence_end[a],
        table.soft_end[a],
        table.lower_start[b],
        table.indent[b],
        _joins_word(table, a, b, script),
        b > a,
        np.log1p(np.maximum(between, 0)),
        b == a + 1,
        np.minimum(titles, 3),
        _similarity(table, a, b),
        table.after_title[b],
        table.wide[a],
        (column_a == table.column[b]) & (column_a > 0),
        overlap / span,
        *(_geometry(table, a, b, page_measure_) if table.layout else ()),  # else they stay zero
    )
    # Fortran order: each column written below is contiguous (in C order a column of 31 is
    # written a cache line a value: the 64x tile took 6% longer)
    features = np.zeros((len(a), len(PAIR_FEATURES)), order="F")
    for index, column in enumerate(columns):  # a column at a time: no (m, 31) stack to build and turn
        features[:, index] = column
    return features


def _geometry(table: FragmentTable, a: np.ndarray, b: np.ndarray, measure: float) -> tuple[np.ndarray, ...]:
    """The -layout columns of BASE_PAIR_FEATURES (left zero elsewhere, where rows are lines
    of one stream and say nothing about where text stands): a block's column read to its
    foot goes on at the top of the next, up and to the right, not past a wide space below."""
    down = table.top[b] - table.bottom[a] - 1
    return (np.where(down >= 0, np.log1p(np.clip(down, 0, 4 * ROOM_CAP)), 0.0),
            (down < 0).astype(float),
            (table.left[b] >= table.right[a] - 1).astype(float),
            np.log1p(table.room_above[b]),
            np.log1p(table.room_below[a]),
            np.clip(table.left[b] - table.right[a], 0, None) / max(measure, 1.0),
            np.log1p(np.abs(table.top[b] - table.block_top[a])),
            np.log1p(np.abs(table.bottom[a] - table.block_foot[b])))


RANK_ROWS = 4096  # grid rows sorted at a time: the sort's index arrays stay a few MB on any page


def window_offsets(window: int) -> np.ndarray:
    """The offsets of a window grid's cells, in cell order: -window … -1, 1 … window
    (graph.candidate_pairs lays its candidates out so; rank_pairs reads them so)."""
    return np.concatenate([np.arange(-window, 0), np.arange(1, window + 1)])


@dataclass(frozen=True, slots=True)
class Ranks:
    """How each candidate pair stands among its rivals by the screen's score, a small
    number a pair (in pair order), with each end's best score kept once per fragment: a
    page of millions of candidates chooses the few it keeps before any rank row is made."""

    score: np.ndarray  # (m,) the screen's log-odds
    by_source: np.ndarray  # (m,) rank among the source's pairs, 0 best, ties in pair order
    by_target: np.ndarray  # (m,) rank among the target's pairs
    source: np.ndarray  # (m,) the source's row of the window grid (its place among the body fragments)
    target: np.ndarray  # (m,) the target's
    best: np.ndarray  # (n, 2) each body fragment's best score as a source, as a target

    def kept(self, top: int) -> np.ndarray:
        """The pairs among the best `top` of their source's or their target's."""
        return (self.by_source < top) | (self.by_target < top)

    def columns(self, keep: np.ndarray) -> np.ndarray:
        """RANK_FEATURES rows for the pairs `keep` picks (a mask over the pairs)."""
        score = self.score[keep]
        rows = np.zeros((len(score), len(RANK_FEATURES)))
        rows[:, 0] = score
        rows[:, 1] = np.minimum(self.by_source[keep], 5)
        rows[:, 2] = np.minimum(self.by_target[keep], 5)
        rows[:, 3] = self.best[self.source[keep], 0] - score
        rows[:, 4] = self.best[self.target[keep], 1] - score
        return rows


def rank_pairs(windows: np.ndarray, scores: np.ndarray) -> Ranks:
    """Each pair's rank (0 best) among the pairs of its source and of its target by the
    screen's `scores`, one a pair of graph.candidate_pairs' window grid `windows` (n, 2w):
    cell (i, k) is body fragment i's pair at offset -w … -1, 1 … w, listed row by row.

    A source's rivals are its grid row; a target's stand on a diagonal band, set out as a
    row of a target grid (cell (i + d, 2w - 1 - k): its sources ascending, so ties rank in
    pair order there too). Each row is ranked by a small sort that keeps ties in order, not
    one sort of every pair on the page, which grows faster than the page and leaves the
    cache on a huge one.

    >>> windows = np.array([[False, True], [True, False]])  # pairs 0 → 1 and 1 → 0, window 1
    >>> ranks = rank_pairs(windows, np.array([0.5, -1.0]))
    >>> ranks.by_source.tolist(), ranks.columns(ranks.kept(1))[:, 4].tolist()
    ([0, 0], [0.0, 0.0])
    """
    rows, width = windows.shape
    source, cell = np.nonzero(windows)
    target = source + window_offsets(width // 2)[cell]
    ranked = []
    for places in (source * width + cell, target * width + (width - 1 - cell)):
        grid = np.full(rows * width, np.inf)
        grid[places] = -scores  # empty cells sort last
        rank, best = _row_ranks(grid.reshape(rows, width))
        ranked.append((rank.ravel()[places], best))
    small = np.int32 if rows < 2**31 else np.int64
    return Ranks(scores, ranked[0][0], ranked[1][0], source.astype(small), target.astype(small),
                 np.column_stack([ranked[0][1], ranked[1][1]]))


def _row_ranks(grid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each cell's rank within its row of negated scores (empty cells +inf, last; their
    order is moot), and each row's best score, a block of rows at a time. Ties keep their
    column order: a row holding one is sorted again, stably."""
    width = grid.shape[1]
    rank = np.zeros(grid.shape, dtype=np.min_scalar_type(max(width - 1, 1)))
    best = np.full(len(grid), -np.inf)
    places = np.arange(width, dtype=rank.dtype)[None, :]
    for start in range(0, len(grid), RANK_ROWS):
        block = grid[start : start + RANK_ROWS]
        order = np.argsort(block, axis=1)  # quicksort, 3.5 times a stable sort: the same order in a row with no tie
        ordered = np.take_along_axis(block, order, axis=1)
        tied = ((ordered[:, 1:] == ordered[:, :-1]) & (ordered[:, 1:] < np.inf)).any(axis=1)
        if tied.any():
            order[tied] = np.argsort(block[tied], axis=1, kind="stable")
        np.put_along_axis(rank[start : start + RANK_ROWS], order, places, axis=1)
        best[start : start + RANK_ROWS] = -np.take_along_axis(block, order[:, :1], axis=1)[:, 0]
    return rank, best


DENSE_SIMILARITY = 1500  # fragments up to which all pairs' cosines are one sparse product (18 MB at most)


def _similarity(table: FragmentTable, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    vectors = table.vectors
    if len(a) == 0:
        return np.zeros(0)
    if vectors.shape[0] <= DENSE_SIMILARITY:
        gram = (vectors @ vectors.T).toarray()
        return np.asarray(gram[a, b])
    return np.asarray(vectors[a].multiply(vectors[b]).sum(axis=1)).ravel()


def _joins_word(table: FragmentTable, a: np.ndarray, b: np.ndarray, script: str) -> np.ndarray:
    """1 where a's last character and b's first make a word (CJK), or where a ends in a
    hyphenated word that b's first word completes (Latin: "ade-" over "quate")."""
    if len(a) == 0:
        return np.zeros(len(a))
    if script != "cjk":
        joined = np.zeros(len(a))
        if not any(table.hyphenated):
            return joined
        hyphenated = np.array([bool(end) for end in table.hyphenated])
        rows = np.flatnonzero(hyphenated[a])  # few fragments end on a hyphen; each has many candidates
        starts = {int(i): latin.line_ends(table.first_lines[i])[1] for i in np.unique(b[rows]).tolist()}
        known: dict[tuple[str, str], bool] = {}
        for row, end, first in zip(rows.tolist(), a[rows].tolist(), b[rows].tolist(), strict=True):
            key = (table.hyphenated[end], starts[first])
            if key not in known:
                known[key] = latin.ends_join(key[0], key[1], table.lang)
            joined[row] = known[key]
        return joined
    return cjk.join_words(table.last_char[a], table.first_char[b]).astype(float)


def break_evidence(table: FragmentTable, pairs: np.ndarray, script: str) -> np.ndarray:
    """Per pair (a, b), what the characters across the break tell of b going on from a, in
    nats (cjk.break_evidence); 0 on Latin pages, whose hyphen joins the trees read."""
    if script != "cjk" or not len(pairs):
        return np.zeros(len(pairs))
    return cjk.break_evidence(table.last_char[pairs[:, 0]], table.first_char[pairs[:, 1]])
