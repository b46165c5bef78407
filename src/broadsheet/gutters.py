"""Gutters: the rows of a `pdftotext -layout` dump in, one `Line` per column segment out.

A layout row holds several columns side by side. A run of spaces is a gutter when the
rows around it are blank there too, and a run inside justified text is not:

    AAAA AAAA  BB   BBBB  CCCC      near: text within NEAR cells of the position
    AAAA AAAA        BBB  CCCC      a gutter position (|) is blank in every row that
    AAAA AA    BBBB BBBB  CCCC      has text near it; a justified run (:) is crossed
    AAAA AAAA| BB : BBBB| CCCC      by the letters of its own column's other lines

Positions are cells of pdftotext's character grid (a CJK character takes one cell there,
though two display columns), where a column starts at the same cell on every row. Cut
segments are stacked into column streams: a segment joins the stream of the segment right
above it when that one is claimed by no other segment, nothing else lies between, and the
x range stays put. Streams are read by row band, then left to right. Limits: a headline
whose double space happens to sit over a gutter is cut there; a column with fewer than
ONE_SIDED_EVIDENCE rows and a spanning line beside it may stay welded to its neighbour.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

import numpy as np

from broadsheet.lang.cjk import display_width
from broadsheet.page import Line
from broadsheet.params import Params

NEAR = 2  # grid cells: text this close to a blank position makes its row a witness there
ONE_SIDED_EVIDENCE = 4  # witnesses needed when only the rows above (or below) are clear
REACH = 20  # rows: the farthest a row may stand and still vote on a gutter
CHUNK_CELLS = 1_000_000  # grid cells per block of rows scored at once (bounds memory)
MAX_GRID = 4096  # grid cells scored per row; a run of spaces further right is never a gutter
INDENT_TOL = 6  # grid cells a line may start right of its stream's left edge (indents)
EDGE_TOL = 3  # grid cells a stream's edges may drift from line to line
WIDEN = 0.3  # share of its width a stream may still grow by (its first lines may be short)
SIBLING_ROWS = 2  # rows apart that two segments under one headline may start and be side by side
BREAK_SLOTS = 4  # empty line slots that end a stream
BAND_ROWS = 3  # rows within which stream tops count as level when ordering

_GAP = re.compile(r"\s{2,}")
_CJK_GAP = re.compile(r"\s{2,}|(?<=[^\x00-\u2000]) (?=[^\x00-\u2000])")  # also one space between CJK
_BLANK_CODES = np.array([c for c in range(0x20, 0x3001) if chr(c).isspace()], dtype=np.uint32)


@dataclass(frozen=True, slots=True)
class Segment:
    """One column's piece of one layout row, in grid cells and in display columns."""

    line: Line  # the row it was cut from
    slot: int  # row on its page, blank rows counted
    start: int  # grid cell of its first character
    end: int  # grid cell after its last character
    text: str
    x: int
    width: int


def split_layout(lines: tuple[Line, ...], params: Params) -> tuple[Line, ...]:
    """Cut every row at its gutters and return the segments stream by stream."""
    cjk_page = _is_cjk_page(lines)
    streams = [
        stream
        for page in _pages(lines)
        for stream in order_streams(segments_to_streams(cut_rows(page, params, cjk_page)))
    ]
    out: list[Line] = []
    for column, stream in enumerate(streams):
        out.extend(_stream_lines(stream, column, len(out)))
    return tuple(out)


def _pages(lines: Sequence[Line]) -> Iterator[list[Line]]:
    page: list[Line] = []
    for line in lines:
        if page and line.page != page[-1].page:
            yield page
            page = []
        page.append(line)
    if page:
        yield page


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
    segments: list[Segment] = []
    slot = -1
    for row, line in enumerate(page):
        slot += line.gap + 1
        segments.extend(_cut(line, slot, field[row], params, cjk_page))
    return segments


def _cut(line: Line, slot: int, gutters: np.ndarray, params: Params, cjk_page: bool) -> Iterator[Segment]:
    begin = 0
    for gap in (_CJK_GAP if cjk_page else _GAP).finditer(line.text):
        if _is_gutter(line.x + gap.start(), line.x + gap.end(), gutters, params, cjk_page):
            yield _segment(line, slot, begin, gap.start(), cjk_page)
            begin = gap.end()
    yield _segment(line, slot, begin, len(line.text), cjk_page)


def _is_gutter(start: int, end: int, gutters: np.ndarray, params: Params, cjk_page: bool) -> bool:
    """A long enough run with a gutter cell in it. On a CJK page one space between two Han
    characters will do: pdftotext squeezes the gutter when Latin digits widen a line."""
    fewest = 1 if cjk_page else params.gutter_spaces
    return end - start >= fewest and bool(gutters[start:end].any())


def _segment(line: Line, slot: int, begin: int, end: int, cjk_page: bool) -> Segment:
    text = line.text[begin:end]
    x = line.x + display_width(line.text[:begin], cjk_page)
    return Segment(line, slot, line.x + begin, line.x + end, text, x, display_width(text, cjk_page))


def gutter_field(page: Sequence[Line], params: Params) -> np.ndarray:
    """(rows, cells) bool: where a run of spaces may be cut, judged block by block."""
    width = min(max((line.x + len(line.text) for line in page), default=0), MAX_GRID)
    field = np.zeros((len(page), width + 1), dtype=bool)
    step = max(1, CHUNK_CELLS // max(width, 1))
    halo = REACH
    for top in range(0, len(page), step):
        low, high = max(0, top - halo), min(len(page), top + step + halo)
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
    near = _near(occupied)
    witness, crossing = _prefix(near & ~occupied), _prefix(occupied)
    first, last = _window_bounds(_prefix(near), params.gutter_rows)
    rows = np.arange(occupied.shape[0])[:, None]
    wit_above, wit_below = _take(witness, rows) - _take(witness, first), _take(witness, last) - _take(witness, rows + 1)
    cross_above, cross_below = _take(crossing, rows) - _take(crossing, first), _take(crossing, last) - _take(
        crossing, rows + 1
    )
    wit, cross = wit_above + wit_below, cross_above + cross_below
    both = (wit >= params.gutter_share * (wit + cross)) & (wit > cross)
    above = (cross_above == 0) & (wit_above >= ONE_SIDED_EVIDENCE)
    below = (cross_below == 0) & (wit_below >= ONE_SIDED_EVIDENCE)
    return both | above | below


def _near(occupied: np.ndarray) -> np.ndarray:
    """Cells with a character within NEAR cells on the same row."""
    sums = np.zeros((occupied.shape[0], occupied.shape[1] + 1), dtype=np.int32)
    np.cumsum(occupied, axis=1, out=sums[:, 1:])
    cells = np.arange(occupied.shape[1])
    right = np.minimum(cells + NEAR + 1, occupied.shape[1])
    left = np.maximum(cells - NEAR, 0)
    return (sums[:, right] - sums[:, left]) > 0


def _prefix(counts: np.ndarray) -> np.ndarray:
    """Per cell, the count over the rows above a row: prefix[r] sums rows [0, r)."""
    sums = np.zeros((counts.shape[0] + 1, counts.shape[1]), dtype=np.int64)
    np.cumsum(counts, axis=0, out=sums[1:])
    return sums


def _take(prefix: np.ndarray, rows: np.ndarray) -> np.ndarray:
    return np.take_along_axis(prefix, np.broadcast_to(rows, (prefix.shape[0] - 1, prefix.shape[1])), axis=0)


def _window_bounds(relevant: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    """Per cell of each row r, rows [first, r) and (r, last) that hold its `count` nearest
    relevant rows above and below, REACH rows at most.

    One searchsorted for all cells: each cell's column of the prefix counts is shifted by
    its own offset so that the columns, laid end to end, stay sorted.
    """
    size, width = relevant.shape[0], relevant.shape[1]
    offset = np.arange(width, dtype=np.int64) * size
    flat = (relevant + offset).T.ravel()
    upper = (relevant[:-1] - count + offset).ravel()
    lower = (relevant[1:] + count + offset).ravel()
    first = np.searchsorted(flat, upper, side="left").reshape(size - 1, width) - offset
    last = np.searchsorted(flat, lower, side="right").reshape(size - 1, width) - 1 - offset
    rows = np.arange(size - 1)[:, None]
    return np.clip(first, np.maximum(rows - REACH, 0), rows), np.clip(last, rows + 1, np.minimum(rows + 1 + REACH, size - 1))


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
    for index, segment in enumerate(segments):
        top, touching = above[index]
        stream = streams[stream_of[top]] if top >= 0 else []
        if stream and top not in spanning and {stream_of[t] for t in touching} == {stream_of[top]} and _continues(
            stream, segments[top], segment
        ):
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
    heads: dict[int, list[Segment]] = {}
    for index, (top, _) in enumerate(above):
        if top >= 0:
            heads.setdefault(top, []).append(segments[index])
    return {top for top, below in heads.items() if any(_siblings(a, b) for a in below for b in below)}


def _siblings(a: Segment, b: Segment) -> bool:
    return _overlap(a, b) <= 0 and abs(a.slot - b.slot) <= SIBLING_ROWS and abs(a.start - b.start) > INDENT_TOL


def _overlap(a: Segment, b: Segment) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def _continues(stream: list[Segment], top: Segment, segment: Segment) -> bool:
    """Whether the segment goes on where the stream's last segment stands, within its x range.

    When the segment above was already followed (a centred headline's second line came
    between), the stream's last segment must overlap this one too.
    """
    tail = stream[-1]
    if tail is not top and (tail.slot >= segment.slot or (_overlap(tail, segment) <= 0 and not _fits(stream, segment))):
        return False
    return _fits(stream, segment) or _nested(tail, segment)


def _above(segments: Sequence[Segment]) -> list[tuple[int, frozenset[int]]]:
    """For each segment, the latest segment over its cells and every segment it touches there.

    A skyline keeps, per grid cell, the last segment that covered it, so this is linear in
    the page's cells.
    """
    skyline = [-1] * (min(max((s.end for s in segments), default=0), MAX_GRID) + 1)
    result: list[tuple[int, frozenset[int]]] = []
    for index, segment in enumerate(segments):
        start, end = min(segment.start, MAX_GRID), min(segment.end, MAX_GRID)
        cells = Counter(skyline[start:end])
        cells.pop(-1, None)
        # an indented line above leaves a few cells of older segments showing: no say
        least = min(INDENT_TOL, (end - start) // 2)
        touching = frozenset(t for t, n in cells.items() if n > least)
        top = max(touching, key=lambda t: (segments[t].slot, cells[t]), default=-1)
        result.append((top, touching))
        skyline[start:end] = [index] * (end - start)
    return result


def _fits(stream: list[Segment], segment: Segment) -> bool:
    """The segment keeps within the stream's x range (an indent and some drift allowed)."""
    left = min(s.start for s in stream[-8:])
    right = max(s.end for s in stream[-8:])
    slack = max(EDGE_TOL, round(WIDEN * (right - left)))
    # a stream that so far holds only an indented first line lies right of its column
    return abs(segment.start - left) <= INDENT_TOL and segment.end <= right + slack


def _nested(top: Segment, segment: Segment) -> bool:
    """The segment lies within the one above it: a centred headline's next line, a credit."""
    return top.start - EDGE_TOL <= segment.start and segment.end <= top.end + EDGE_TOL


def _split_at_breaks(stream: list[Segment]) -> Iterator[list[Segment]]:
    pitch = stream_pitch(stream)
    piece = [stream[0]]
    for previous, segment in zip(stream, stream[1:], strict=False):
        if _empty_slots(segment.slot - previous.slot, pitch) >= BREAK_SLOTS:
            yield piece
            piece = []
        piece.append(segment)
    yield piece


def stream_pitch(stream: Sequence[Segment]) -> float:
    """The usual rows from one line of a stream to the next (interleaving makes it 1-3).

    The mean of the steps no longer than one and a half times the shortest, so that the
    alternating 1-2 steps of a column set at 1.5 rows give 1.5 and blank lines stay out.
    """
    steps = [b.slot - a.slot for a, b in zip(stream, stream[1:], strict=False)]
    if not steps:
        return 1.0
    shortest = min(steps)
    usual = [step for step in steps if step <= max(1.5 * shortest, shortest + 1)]
    return sum(usual) / len(usual)


def _empty_slots(step: int, pitch: float) -> int:
    return max(0, round(step / pitch) - 1)


def order_streams(streams: list[list[Segment]]) -> list[list[Segment]]:
    """Streams by band of top rows, left to right within a band, as pdftotext reads."""
    by_top = sorted(streams, key=lambda s: (s[0].slot, s[0].start))
    keyed: list[tuple[int, int, int]] = []
    band, band_top = -1, -(10**9)
    for index, stream in enumerate(by_top):
        if stream[0].slot > band_top + BAND_ROWS:
            band, band_top = band + 1, stream[0].slot
        keyed.append((band, stream[0].start, index))
    return [by_top[index] for _, _, index in sorted(keyed)]


def _stream_lines(stream: list[Segment], column: int, first: int) -> Iterator[Line]:
    pitch = stream_pitch(stream)
    previous: Segment | None = None
    for offset, segment in enumerate(stream):
        gap = 1 if previous is None else _empty_slots(segment.slot - previous.slot, pitch)
        line = segment.line
        yield replace(line, number=first + offset, text=segment.text, x=segment.x, width=segment.width, gap=gap,
                      column=column)
        previous = segment
