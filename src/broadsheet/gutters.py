"""Gutters: the rows of a `pdftotext -layout` dump in, one `Line` per column segment out.

A run of spaces is a gutter when the rows around it are blank there too; a justified run
inside a column is crossed by the letters of its column's other lines:

    AAAA AAAA  BB   BBBB  CCCC      a row is a witness at a blank cell when it has text
    AAAA AAAA        BBB  CCCC      within NEAR cells, a crossing when it has text there,
    AAAA AA    BBBB BBBB  CCCC      and no say otherwise; a gutter cell (|) has witnesses
    AAAA AAAA| BB : BBBB| CCCC      and next to no crossings, a justified run (:) crossings

Cells are pdftotext's character grid (a CJK character takes one cell, two display columns),
where a column keeps its cell from row to row. Segments are stacked into streams with a
skyline: each joins the stream of the segment right above it unless that one also heads a
segment beside it (a headline over columns), it touches two streams (a caption under
columns), or it leaves the stream's x range; streams are read in Breuel's order. Limits:
pdftotext shifts whole blocks by a few cells and squeezes a CJK gutter to one space when
digits widen a line, so some rows stay welded; a headline run into its neighbour with one
space is not cut; a column broken by a long vertical jump starts a new stream.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from broadsheet.lang.cjk import display_width
from broadsheet.page import Line
from broadsheet.params import Params

NEAR = 2  # grid cells: text this close to a blank position makes its row a witness there
ONE_SIDED_EVIDENCE = 4  # witnesses needed when only the rows above (or below) are clear
REACH = 20  # rows: the farthest a row may stand and still vote on a gutter
CHUNK_CELLS = 1_000_000  # grid cells per block of rows scored at once (bounds memory)
MAX_GRID = 4096  # grid cells scored per row; a run of spaces further right is never a gutter
INDENT_TOL = 6  # grid cells a line may start off its stream's left edge (an indent, either way)
EDGE_TOL = 3  # grid cells a stream's edges may drift from line to line
RECENT = 8  # a stream's last lines that give its x range
WIDEN = 0.3  # share of its width a stream may still grow by (its first lines may be short)
SIBLING_WIDTH = 6  # grid cells two segments under one headline take at least, to be its columns
SIBLING_ROWS = 2  # rows apart that two segments under one headline may start and be side by side
SLOT_SLACK = 0.75  # share of a pitch a step may run over before it shows an empty line slot
BREAK_SLOTS = 6  # empty line slots that end a stream
TOUCH_ROWS = 6  # rows: a segment further above than this is not touched from below (not a caption's column)
SHORT_PIECE = 3  # characters: a piece this short must have text over or under it to stand alone
ORDER_CHUNK = 150  # streams ordered together; precedence is cubic in this

GUTTER, CROSSED = 1, 2  # bits of the field: a gutter may be cut here; nearby rows have text here

_GAP = re.compile(r"\s{2,}")
# on a CJK page also one space between wide characters, with three more each side (not 马晓峰 摄);
# the space is matched before the look back, so the scan skips every other character at once
_CJK_GAP = re.compile(r"\s{2,}| (?<=\S{3}[^\x00-\u2000] )(?=[^\x00-\u2000]\S{3})")
_BLANK_CODES = np.array([c for c in range(0x20, 0x3001) if chr(c).isspace()], dtype=np.uint32)


@dataclass(frozen=True, slots=True)
class Segment:
    """One column's piece of one layout row, in grid cells and in display columns."""

    line: Line  # the row it was cut from
    slot: int  # row on its page, blank rows counted
    start: int  # grid cell of its first character
    end: int  # grid cell after its last character
    text: str
    x: int  # display column of its first character
    width: int  # display width


def split_layout(lines: tuple[Line, ...], params: Params) -> tuple[Line, ...]:
    """Cut every row at its gutters and return the segments stream by stream."""
    cjk_page = _is_cjk_page(lines)
    streams = [
        stream
        for _, page in itertools.groupby(lines, key=lambda line: line.page)
        for stream in order_streams(segments_to_streams(cut_rows(list(page), params, cjk_page)))
    ]
    out: list[Line] = []
    for column, stream in enumerate(streams):
        out.extend(_stream_lines(stream, column, len(out)))
    return tuple(out)


def _is_cjk_page(lines: Sequence[Line]) -> bool:
    """Whether read.py measured these lines with CJK widths for “”·— and the like."""
    for line in lines:
        wide, narrow = display_width(line.text, True), display_width(line.text, False)
        if wide != narrow:
            return line.width == wide
    return False


# --- cutting rows --------------------------------------------------------------------


def cut_rows(page: Sequence[Line], params: Params, cjk_page: bool = False) -> list[Segment]:
    """Every row of one page cut at its gutters, rows top to bottom, segments left to right."""
    field = gutter_field(page, params)
    cells = field.shape[1]
    # tested as bytes (`in`); each whole field turned to bytes once and sliced a row at a time
    gutter, crossed = ((field & bit).astype(bool).tobytes() for bit in (GUTTER, CROSSED))
    segments: list[Segment] = []
    for row, (line, slot) in enumerate(zip(page, itertools.accumulate(line.gap + 1 for line in page), strict=True)):
        cut = slice(row * cells, (row + 1) * cells)
        segments.extend(_cut(line, slot - 1, (gutter[cut], crossed[cut]), params, cjk_page))
    return segments


def _cut(line: Line, slot: int, gutters: tuple[bytes, bytes], params: Params, cjk_page: bool) -> Iterator[Segment]:
    """The row's segments, x measured on from the last one (the gap is only spaces)."""
    x, done = line.x, 0
    for begin, end in _pieces(line, *gutters, params, cjk_page):
        text = line.text[begin:end]
        x += display_width(line.text[done:begin], cjk_page)
        width = display_width(text, cjk_page)
        yield Segment(line, slot, line.x + begin, line.x + end, text, x, width)
        x, done = x + width, end


def _pieces(line: Line, gutter: bytes, crossed: bytes, params: Params, cjk_page: bool) -> list[tuple[int, int]]:
    """(begin, end) offsets in the row's text of the runs between its gutters (and crossed cells: a byte 1 each).

    On a CJK page one space between two Han characters may be a gutter: pdftotext squeezes
    the gutter when Latin digits widen a line. A piece of SHORT_PIECE characters or fewer
    that no nearby row has text over is a word overhanging its own column ("way    of"):
    the narrower of its gaps is not cut.
    """
    fewest = 1 if cjk_page else params.gutter_spaces
    cuts = [
        gap.span()
        for gap in (_CJK_GAP if cjk_page else _GAP).finditer(line.text)
        if gap.end() - gap.start() >= fewest and b"\x01" in gutter[line.x + gap.start() : line.x + gap.end()]
    ]
    pieces = _between(cuts, len(line.text))
    kept = set(cuts)
    for index, (begin, end) in enumerate(pieces):
        if end - begin > 2 * SHORT_PIECE or len("".join(line.text[begin:end].split())) > SHORT_PIECE:
            continue  # cheap tests first: most pieces are long
        sides = [cut for cut in cuts[max(index - 1, 0) : index + 1] if cut in kept]
        if sides and b"\x01" not in crossed[line.x + begin : line.x + end]:
            kept.discard(min(sides, key=lambda cut: cut[1] - cut[0]))
    return pieces if len(kept) == len(cuts) else _between(sorted(kept), len(line.text))  # most rows keep every cut


def _between(cuts: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """The runs of a row's text around its cut gaps."""
    bounds = [0, *(offset for cut in cuts for offset in cut), length]
    return list(zip(bounds[::2], bounds[1::2], strict=True))


def gutter_field(page: Sequence[Line], params: Params) -> np.ndarray:
    """(rows, cells) bits: GUTTER where a run of spaces may be cut, CROSSED where nearby
    rows have text; judged block by block of rows."""
    width = min(max((line.x + len(line.text) for line in page), default=0), MAX_GRID)
    field = np.zeros((len(page), width + 1), dtype=np.uint8)
    step = max(1, CHUNK_CELLS // max(width, 1))
    for top in range(0, len(page), step):
        low, high = max(0, top - REACH), min(len(page), top + step + REACH)
        block = _gutter_block(occupancy(page[low:high], width), params)
        field[top : top + step, :width] = block[top - low : top - low + step]
    return field


def occupancy(rows: Sequence[Line], width: int) -> np.ndarray:
    """(rows, cells) bool: which grid cells hold a character."""
    padded = "".join((" " * line.x + line.text)[:width].ljust(width) for line in rows)
    codes = np.frombuffer(padded.encode("utf-32-le"), dtype=np.uint32).reshape(len(rows), width)
    return (codes > 0x20) & ~np.isin(codes, _BLANK_CODES)


def _gutter_block(occupied: np.ndarray, params: Params) -> np.ndarray:
    """Blank cells whose witnesses agree: rows with text near a cell, blank at it.

    A row with text at the cell crosses it; a row with no text near it has no say (the
    column there is simply between lines on that row), so each side's vote is taken from
    the `gutter_rows` nearest rows that have a say, no further than REACH rows away. Both
    sides vote together; next to a change of layout one side clear of crossings suffices.
    """
    cells = np.ascontiguousarray(occupied.T)  # one cell's rows side by side: cheap prefix sums
    near = _near(cells)
    witness, crossing, say = _prefix(near & ~cells), _prefix(cells), _prefix(near)
    here, first, last = _window_bounds(say, cells.shape, params.gutter_rows)
    wit_above, wit_below = witness[here] - witness[first], witness[last] - witness[here + 1]
    cross_above, cross_below = crossing[here] - crossing[first], crossing[last] - crossing[here + 1]
    wit, cross = wit_above + wit_below, cross_above + cross_below
    both = (wit >= params.gutter_share * (wit + cross)) & (wit > cross)
    above = (cross_above == 0) & (wit_above >= ONE_SIDED_EVIDENCE)
    below = (cross_below == 0) & (wit_below >= ONE_SIDED_EVIDENCE)
    bits: np.ndarray = (both | above | below).astype(np.uint8) * GUTTER | (cross > 0).astype(np.uint8) * CROSSED
    return bits.T


def _near(cells: np.ndarray) -> np.ndarray:
    """(cells, rows): a character within NEAR cells on the same row."""
    near = cells.copy()
    for shift in range(1, NEAR + 1):
        near[shift:] |= cells[:-shift]
        near[:-shift] |= cells[shift:]
    return near


def _prefix(counts: np.ndarray) -> np.ndarray:
    """Flat prefix counts along each cell's rows: entry c * (rows + 1) + r sums rows [0, r)."""
    sums = np.zeros((counts.shape[0], counts.shape[1] + 1), dtype=np.int32)
    np.cumsum(counts, axis=1, out=sums[:, 1:])
    return sums.ravel()


def _window_bounds(say: np.ndarray, shape: tuple[int, int], count: int) -> tuple[np.ndarray, ...]:
    """Flat indices, per (cell, row r), of r and of the bounds [first, r) and (r, last)
    that hold the `count` nearest rows with a say above and below, REACH rows at most.

    The prefix counts `say` rise by one at each row with a say, so a bound is read off the
    list of those rows (the k-th row with a say in the cell) by one gather, not searched for.
    """
    cells, rows = shape
    table = say.reshape(cells, rows + 1)
    base = np.arange(cells, dtype=np.int32)[:, None] * (rows + 1)
    row = np.arange(rows, dtype=np.int32)[None, :]
    here = base + row
    marks = np.flatnonzero(np.diff(table, axis=1).ravel())  # cell * rows + row of each row with a say
    row_of = np.append(marks % rows, 0) if rows else np.zeros(1, dtype=np.intp)  # a spare: no gather misses
    before = (np.cumsum(table[:, rows]) - table[:, rows])[:, None]  # rows with a say in the cells before
    back = table[:, :rows] - count  # the say count just under the first bound; none above: the cell's top
    first = np.where(back > 0, row_of[np.where(back > 0, before + back - 1, len(marks))] + 1, 0)
    ahead = table[:, 1:] + count  # the say count of the last bound; fewer in the cell: its bottom
    inside = ahead < table[:, rows:]
    last = np.where(inside, row_of[np.where(inside, before + ahead, len(marks))], rows)
    first = np.clip(base + first, base + np.maximum(row - REACH, 0), here)
    last = np.clip(base + last, here + 1, base + np.minimum(row + 1 + REACH, rows))
    return here, first, last


# --- stacking segments into streams ----------------------------------------------------


def segments_to_streams(segments: Sequence[Segment]) -> list[list[Segment]]:
    """Stack each segment under the one right above it when nothing says otherwise.

    A segment starts a stream of its own when it touches two streams (a caption under two
    columns), when the segment above it also heads a segment beside it (a headline over
    two columns), or when it leaves the stream's x range.
    """
    above = _above(segments)
    spanning = _spanning(segments, above)
    stream_of: list[int] = []
    streams: list[list[Segment]] = []
    for segment, (top, touching) in zip(segments, above, strict=True):
        joins = top >= 0 and top not in spanning and {stream_of[t] for t in touching} == {stream_of[top]}
        if joins and _continues(streams[stream_of[top]], segment):
            stream_of.append(stream_of[top])
        else:
            stream_of.append(len(streams))
            streams.append([])
        streams[stream_of[-1]].append(segment)
    return [piece for stream in streams for piece in _split_at_breaks(stream)]


def _spanning(segments: Sequence[Segment], above: list[tuple[int, frozenset[int]]]) -> set[int]:
    """Segments right above two segments that stand side by side: headlines over columns.

    Side by side means apart in x, level within SIBLING_ROWS (columns set at different
    offsets start a row or two apart) and starting further apart than an indent: a short
    paragraph end and the indented line after it are apart in x too, but in one column.
    """
    heads: dict[int, list[Segment]] = defaultdict(list)
    for index, (top, _) in enumerate(above):
        heads[top].append(segments[index])
    # a segment is never its own sibling (it overlaps itself): a head over one segment spans nothing
    return {top for top, below in heads.items()
            if top >= 0 and len(below) > 1 and any(_siblings(a, b) for a in below for b in below)}


def _siblings(a: Segment, b: Segment) -> bool:
    level, apart = abs(a.slot - b.slot) <= SIBLING_ROWS, abs(a.start - b.start) > INDENT_TOL
    wide = min(a.end - a.start, b.end - b.start) >= SIBLING_WIDTH  # not a paragraph end, not a signature
    return _overlap(a, b) <= 0 and level and apart and wide


def _overlap(a: Segment, b: Segment) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def _continues(stream: list[Segment], segment: Segment) -> bool:
    """Whether the segment goes on below the stream's last segment, within its x range or
    within that segment (a centred headline's second line, a credit under a caption)."""
    tail = stream[-1]
    return tail.slot < segment.slot and (_fits(stream, segment) or _nested(tail, segment))


def _above(segments: Sequence[Segment]) -> list[tuple[int, frozenset[int]]]:
    """For each segment, the latest segment over its cells and every segment it touches there.

    A skyline keeps, per grid cell, the last segment that covered it, so this is linear in
    the page's cells.
    """
    skyline = [-1] * (min(max((s.end for s in segments), default=0), MAX_GRID) + 1)
    result: list[tuple[int, frozenset[int]]] = []
    for index, segment in enumerate(segments):
        start, end = min(segment.start, MAX_GRID), min(segment.end, MAX_GRID)
        cells = skyline[start:end]
        # an indented line above leaves a few cells of older segments showing: no say
        least = min(INDENT_TOL, (end - start) // 2)
        touching = frozenset([t for t in set(cells) if t >= 0 and cells.count(t) > least])  # one pass, no dict
        top = max(touching, default=-1)  # segments come row by row: the latest is the highest
        if len(touching) > 1:  # a line far above (a page head) is no stream this one could bridge
            touching = frozenset([t for t in touching if t == top or segment.slot - segments[t].slot <= TOUCH_ROWS])
        result.append((top, touching))
        skyline[start:end] = [index] * (end - start)
    return result


def _fits(stream: list[Segment], segment: Segment) -> bool:
    """Within the x range of the stream's RECENT lines, give or take an indent (either way:
    a stream may so far hold only an indented first line) and some widening."""
    left = min([s.start for s in stream[-RECENT:]])
    right = max([s.end for s in stream[-RECENT:]])
    slack = max(EDGE_TOL, round(WIDEN * (right - left)))
    return abs(segment.start - left) <= INDENT_TOL and segment.end <= right + slack


def _nested(top: Segment, segment: Segment) -> bool:
    """The segment lies within the one above it: a centred headline's next line, a credit."""
    return top.start - EDGE_TOL <= segment.start and segment.end <= top.end + EDGE_TOL


def _split_at_breaks(stream: list[Segment]) -> Iterator[list[Segment]]:
    pitch = stream_pitch(stream)
    piece = [stream[0]]
    for previous, segment in itertools.pairwise(stream):
        if _empty_slots(segment.slot - previous.slot, pitch) >= BREAK_SLOTS:
            yield piece
            piece = []
        piece.append(segment)
    yield piece


def stream_pitch(stream: Sequence[Segment]) -> float:
    """The usual rows from one line of a stream to the next (interleaving makes it 1-3).

    The mean of the steps up to twice the median: a column set at 1.7 rows steps 1, 2, 2,
    1, 2, 3 … and its blank lines stay out.
    """
    steps = sorted(b.slot - a.slot for a, b in itertools.pairwise(stream))
    if not steps:
        return 1.0
    usual = [step for step in steps if step <= 2 * steps[len(steps) // 2]]
    return sum(usual) / len(usual)


def _empty_slots(step: int, pitch: float) -> int:
    """Line slots left empty by a step: a slot counts once the step passes 1.75 pitches,
    since pdftotext's rounding of rows alone stretches a step to 1.5 pitches."""
    return max(0, math.floor(step / pitch - SLOT_SLACK))


def order_streams(streams: list[list[Segment]]) -> list[list[Segment]]:
    """Streams in reading order (see _precedence), ORDER_CHUNK at a time by top row, so
    that a huge dump stays linear; ties by top row, then x."""
    by_top = sorted(streams, key=lambda s: (s[0].slot, s[0].start))
    ordered: list[list[Segment]] = []
    for first in range(0, len(by_top), ORDER_CHUNK):
        chunk = by_top[first : first + ORDER_CHUNK]
        ordered.extend(chunk[index] for index in _topological(_precedence(chunk)))
    return ordered


def _precedence(streams: list[list[Segment]]) -> np.ndarray:
    """(n, n) bool: stream i must be read before stream j (Breuel's two rules).

    i precedes j when they share x and i ends above j, or when i lies left of j and no
    third stream across both in x (a headline, a rule of text) stands between them.
    """
    top = np.array([s[0].slot for s in streams])
    bottom = np.array([s[-1].slot for s in streams])
    left = np.array([min(g.start for g in s) for s in streams])
    right = np.array([max(g.end for g in s) for s in streams])
    share_x = np.minimum.outer(right, right) - np.maximum.outer(left, left) > 0
    above = bottom[:, None] < top[None, :]
    left_of = right[:, None] <= left[None, :]
    low, high = np.minimum.outer(bottom, bottom), np.maximum.outer(top, top)  # the rows between i and j
    between = (top[:, None, None] > low[None]) & (bottom[:, None, None] < high[None])
    across = share_x[:, :, None] & share_x[:, None, :] & between  # [c, i, j]: c separates i and j
    before: np.ndarray = (share_x & above) | (left_of & ~across.any(axis=0))
    return before


def _topological(before: np.ndarray) -> list[int]:
    """Kahn's order taking the earliest ready stream each time; a cycle (a layout that
    contradicts itself) is broken by taking the earliest stream left."""
    waiting = before.sum(axis=0)
    placed = np.zeros(len(before), dtype=bool)
    order: list[int] = []
    for _ in range(len(before)):
        ready = np.flatnonzero(~placed & (waiting == 0))
        index = int(ready[0]) if len(ready) else int(np.flatnonzero(~placed)[0])
        order.append(index)
        placed[index] = True
        waiting = waiting - before[index]
    return order


def _stream_lines(stream: list[Segment], column: int, first: int) -> Iterator[Line]:
    pitch = stream_pitch(stream)
    for offset, segment in enumerate(stream):
        gap = 1 if offset == 0 else _empty_slots(segment.slot - stream[offset - 1].slot, pitch)
        line = segment.line
        yield Line(first + offset, line.page, segment.text, segment.x, segment.width, gap, column, line.row,
                   segment.start)
