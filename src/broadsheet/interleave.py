"""Interleaved columns: the dump's lines in, each column's lines together again out.

pdftotext sometimes prints two to four narrow columns a row at a time, each line on its
own between blank lines, so that a column's text is every second, third or fourth line:

    看待对方内外政策和战略意图，      ← column A
    不可能至善至美，都需要不断发      ← column B
    作，这还是共同利益。双方应该      ← column C
    确立对话而非对抗、双赢而非零      ← A: "意图，确立对话"
    展完善。对双方存在的具体分        ← B: "不断发|展完善" (a word across the break)

Each stretch of such a run is read with the period (1 to 4) whose line pairs join across
their break (a CJK word split between them, a Latin word hyphenated) clearly more often
than neighbouring lines do (a CJK pair inside a frequent word counts far more than one
inside a rare word, which chance makes almost as often), and its lines are regrouped
column by column, left column first. In CJK, where characters sit on a grid, two lines
of one width count too (a weaker sign: columns of one measure share it). Stretches read
best line by line (pdfminer's one box per line) stay in order, and where most of their
neighbouring lines make a word across the break, the blank line between two that do is
dropped: those lines are one paragraph's. Limit: Latin columns whose lines all end on
punctuation or whole words are not told apart, nor CJK ones of one measure.

Where two to four columns' lines stand on one baseline, pdftotext prints them on one line,
a space between ("zipped" rows: 受中共中央委托，中共 乌云其木格同志因病于 …). In scripts whose
words run on without spaces (`SPACE_PARTS_COLUMNS`: CJK) such a line, at least ZIPPED_WIDTH
page measures wide, is cut at its spaces, and a stretch of such rows is regrouped column by
column (`unzip`); a row with fewer parts gives them to the columns their widths fit and
their words continue. Limit: Latin zipped rows stay whole (a space parts words there too).
"""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import replace
from itertools import combinations
from types import ModuleType

import numpy as np

from broadsheet.lang import is_cue_text
from broadsheet.lang.cjk import display_widths
from broadsheet.page import Line

MIN_RUN = 6  # lines in a run of blank-separated single lines worth reading for a period
PERIODS = (2, 3, 4)  # columns printed a row at a time
SAME_WIDTH = 0.375  # CJK: what a pair of lines of one width adds (a word across the break: 1)
WIDTH_SLACK = 1  # display columns two lines of one width may differ by (a half-width digit's odd column)
BLOCK_COST = 3.0  # joins a stretch must gain over reading it line by line to be regrouped
BOX_LINES_JOIN = 0.5  # share of neighbouring pairs making a word that reads a run as one box-a-line column
LONGEST = 400  # lines in one regrouped stretch (bounds the search on huge runs)
ZIPPED_WIDTH = 1.5  # page measures a line must span to hold side-by-side columns' lines
ZIPPED_ROWS = 2  # zipped rows a stretch needs to be regrouped (one may be a wide title with a space)
MOST_COLUMNS = 4  # parts a zipped row may hold
MEASURE_FLOOR = 8  # display columns a line's space-free run needs to vote for the column measure
MEASURE_VOTES = 8  # runs of one width that make it a column measure
ROWS_BETWEEN = 2  # rows one column prints alone between two zipped rows of one stretch
SKIPPED_OPEN = 1.0  # what a row costs that leaves out a column whose last line runs on
UNFIT = 5.0  # what a part costs that is wider than the column it is given
WIDE_SHARE = 1.3  # display columns a character a zipped row's parts must average (a Han character is 2)


def unweave(lines: tuple[Line, ...], rules: ModuleType, lang: str) -> tuple[Line, ...]:
    """The lines with every interleaved stretch regrouped column by column."""
    out: list[Line] = []
    start = 0
    for index in range(1, len(lines) + 1):
        if index < len(lines) and _spaced(lines[index - 1], lines[index]):
            continue
        run = lines[start:index]
        if len(run) >= MIN_RUN:
            found, joined = _read(run, rules, lang)
            above = start > 0 and _glued(lines[start - 1], run[0])
            below = index < len(lines) and _glued(run[-1], lines[index])
            out += _boxes_rejoined(_regrouped(run, found, above, below), found, joined)
        else:
            out += run
        start = index
    return tuple(out)


def _boxes_rejoined(run: tuple[Line, ...], found: list[tuple[int, int, int]], joined: list[bool]) -> tuple[Line, ...]:
    """The run with the blank line dropped between two lines of one box-a-line column.

    Outside its interleaved stretches, a run whose neighbouring lines make a word across
    their break (`joined`, pair by pair, as `_read` found them) in at least BOX_LINES_JOIN
    of their pairs (well above chance) is one column printed a box a line (pdfminer): its
    blank lines are the extractor's, not the page's. Where a line's first word was begun
    by the line above (发 / 展), the two are one paragraph's lines and the blank between
    them goes; the other breaks stay for the fragment cuts and the graph to read. Lines
    outside the stretches stand where they stood, so `joined` still holds for their pairs.
    """
    interleaved = {i for start, end, _ in found for i in range(start, end)}
    pairs = [i for i in range(1, len(run)) if i not in interleaved and i - 1 not in interleaved]
    if not pairs or sum(joined[i - 1] for i in pairs) < BOX_LINES_JOIN * len(pairs):
        return run
    rejoined = list(run)
    for i in pairs:
        if joined[i - 1]:
            rejoined[i] = replace(run[i], gap=0)
    return tuple(rejoined)


def _glued(above: Line, line: Line) -> bool:
    """No blank line between two lines of one page and column stream: one block's."""
    return line.gap == 0 and line.page == above.page and line.column == above.column


def _spaced(above: Line, line: Line) -> bool:
    """One blank line between two lines of one page and column stream."""
    return line.gap == 1 and line.page == above.page and line.column == above.column


def stretches(run: tuple[Line, ...], rules: ModuleType, lang: str) -> list[tuple[int, int, int]]:
    """(start, end, period) of the stretches of the run that interleave columns.

    A segmentation by dynamic programming: a stretch read with period k gains, over
    reading it line by line, what its pairs k lines apart tell of being one column's
    minus what its neighbouring pairs tell (`join_evidence` by script: a word across the
    break, weighed in CJK by how common the word is; on a CJK page each pair of one width
    adds SAME_WIDTH), less BLOCK_COST; lines outside every stretch gain nothing.
    """
    return _read(run, rules, lang)[0]


def _read(run: tuple[Line, ...], rules: ModuleType, lang: str) -> tuple[list[tuple[int, int, int]], list[bool]]:
    """`stretches`, and for each pair of neighbouring lines whether they make a word across
    their break (what `_boxes_rejoined` reads, found on the way)."""
    size = len(run)
    gains = {step: np.zeros(size + 1) for step in (1, *PERIODS)}
    ends = [rules.line_ends(line.text) for line in run]  # what joins_across reads of each line, read once
    lasts, firsts = [end for end, _ in ends], [start for _, start in ends]
    widths = np.array([line.width for line in run]) if rules.WIDTH_TELLS_COLUMN else None
    neighbours: list[bool] = []
    for step, sums in gains.items():
        if step == 1:
            neighbours = rules.ends_joins(lasts[:-1], firsts[1:], lang).tolist()
        joined = rules.join_evidence(lasts[: max(size - step, 0)], firsts[step:], lang)
        if widths is not None:
            joined += SAME_WIDTH * (np.abs(widths[:-step] - widths[step:]) <= WIDTH_SLACK)
        sums[1 : len(joined) + 1] = np.cumsum(joined)
        sums[len(joined) + 1 :] = sums[len(joined)]
    return _traced(_choices(size, gains), size), neighbours


def _choices(size: int, gains: dict[int, np.ndarray]) -> list[tuple[int, int]]:
    """For each end, the best segmentation's last choice: (stretch start, period), or (-1, 1)
    for a line read alone.

    A stretch ending at `end` with period k gains best[start] - own[start] + lone[start]
    (what the start brings) plus terms of `end` alone, so the best start for each period is
    the largest of those over the starts it may take (the last LONGEST lines), kept in a
    queue of falling values, the first of equals in front: one step a line, not a scan.
    Every number is a multiple of an eighth, so the sums are exact in any order.
    """
    sums = {step: values.tolist() for step, values in gains.items()}
    best = [0.0] * (size + 1)
    choice: list[tuple[int, int]] = [(-1, 1)] * (size + 1)
    queues: dict[int, deque[tuple[float, int]]] = {step: deque() for step in PERIODS}  # (value, start)
    for end in range(1, size + 1):
        best[end], choice[end] = best[end - 1], (-1, 1)
        for step in PERIODS:
            last = end - 2 * step - 1  # a stretch holds at least two full rows and a line
            if last < 0:
                break
            queue = queues[step]
            value = best[last] - sums[step][last] + sums[1][last]
            while queue and queue[-1][0] < value:
                queue.pop()
            queue.append((value, last))
            while queue[0][1] < end - LONGEST:
                queue.popleft()
            total = queue[0][0] + sums[step][end - step] - sums[1][end - 1] - BLOCK_COST
            if total >= best[end] - 1e-9:  # on a tie the stretch runs on: its columns go on
                best[end], choice[end] = total, (queue[0][1], step)
    return choice


def _traced(choice: list[tuple[int, int]], size: int) -> list[tuple[int, int, int]]:
    """The stretches the choices make, read back from the run's end."""
    found = []
    end = size
    while end > 0:
        start, step = choice[end]
        if start < 0:
            end -= 1
            continue
        found.append((start, end, step))
        end = start
    return found[::-1]


def _regrouped(run: tuple[Line, ...], found: list[tuple[int, int, int]], above: bool, below: bool
               ) -> tuple[Line, ...]:
    """The run with each stretch's lines column by column, left column first; but where the
    run's last line is glued to the block below it (`below`: no blank line between), the
    column holding that line goes last, so that the block still follows it, unless that
    column also holds the run's first line and it is glued to the block above (`above`)."""
    out = list(run)
    for start, end, step in found:
        stretch = run[start:end]
        columns = list(range(step))
        last = (end - start - 1) % step
        if below and end == len(run) and not (last == 0 and start == 0 and above):
            columns.remove(last)
            columns.append(last)
        regrouped = []
        for order, column in enumerate(columns):
            for position, line in enumerate(stretch[column::step]):
                gap = (stretch[0].gap if order == 0 else 1) if position == 0 else 0
                regrouped.append(replace(line, gap=gap))
        out[start:end] = regrouped
    return tuple(out)


def unzip(lines: tuple[Line, ...], rules: ModuleType, lang: str) -> tuple[Line, ...]:
    """The lines with every stretch of zipped rows regrouped column by column: each column's
    parts in row order, a blank line before each column after the first. A stretch is
    ZIPPED_ROWS zipped rows or more, with no blank line and at most ROWS_BETWEEN other rows
    between one and the next. Each page is read with its own column measure."""
    if not rules.SPACE_PARTS_COLUMNS or not any(" " in line.text for line in lines):
        return lines  # most pages: nothing to cut
    out: list[Line] = []
    start = 0
    for index in range(1, len(lines) + 1):
        if index == len(lines) or lines[index].page != lines[start].page:
            out += _unzipped_page(lines[start:index], rules, lang)
            start = index
    return tuple(out)


def _unzipped_page(lines: tuple[Line, ...], rules: ModuleType, lang: str) -> list[Line]:
    runs = {index: line.text.split() for index, line in enumerate(lines) if " " in line.text}
    if not runs:
        return list(lines)
    every = display_widths([run for texts in runs.values() for run in texts], True)  # measured once, read twice
    each = iter(every)
    widths = {index: [next(each) for _ in texts] for index, texts in runs.items()}
    # the column measure: the commonest width of the lines' space-free runs (a whole page may
    # be zipped), shared by MEASURE_VOTES runs at least: a page with no common width has no
    # columns. A line with no space is one run, its width measured already.
    votes = Counter(line.width for line in lines if line.width >= MEASURE_FLOOR and " " not in line.text)
    votes.update(width for width in every if width >= MEASURE_FLOOR)
    if not votes or votes.most_common(1)[0][1] < MEASURE_VOTES:
        return list(lines)
    measure = votes.most_common(1)[0][0]
    parts = [_zipped_parts(line, runs[index], widths[index], measure, rules) if index in runs else None
             for index, line in enumerate(lines)]
    out: list[Line] = []
    index = 0
    while index < len(lines):
        if parts[index] is None:
            out.append(lines[index])
            index += 1
            continue
        last = index
        for row in range(index + 1, len(lines)):
            if lines[row].gap or row - last > ROWS_BETWEEN + 1:
                break
            last = row if parts[row] is not None else last
        if sum(parts[row] is not None for row in range(index, last + 1)) < ZIPPED_ROWS:
            out += lines[index : last + 1]
        else:
            out += _unzipped(lines[index : last + 1], parts[index : last + 1], rules, lang)
        index = last + 1
    return out


def _zipped_parts(line: Line, texts: list[str], widths: list[int], measure: int,
                  rules: ModuleType) -> list[tuple[str, int]] | None:
    """The line's parts (`texts`, its space-free runs, with their `widths`) when it reads as
    side-by-side columns' lines: at least ZIPPED_WIDTH measures wide, two to MOST_COLUMNS
    parts of two characters or more, each but the last no wider than a column (the last may
    stand in a wider one), mostly wide characters (WIDE_SHARE); never a byline, credit or
    folio (a masthead, date and page number drawn on one baseline)."""
    if line.width < ZIPPED_WIDTH * measure or is_cue_text(line.text, rules):
        return None
    if not 2 <= len(texts) <= MOST_COLUMNS or min(map(len, texts)) < 2:
        return None
    if max(widths[:-1]) > measure + rules.MEASURE_SLACK or widths[-1] > 2 * measure:
        return None
    if sum(widths) < WIDE_SHARE * sum(map(len, texts)):
        return None  # mostly narrow letters: a Latin line on a CJK page, whose spaces part words
    return list(zip(texts, widths, strict=True))


def _unzipped(rows: tuple[Line, ...], parts: list[list[tuple[str, int]] | None], rules: ModuleType,
              lang: str) -> list[Line]:
    """A stretch's rows as its columns' lines, column by column. Rows with every column's
    part give one to each; the others give theirs to the columns `_columns_of` picks."""
    count = max(len(row) for row in parts if row is not None)
    full = [row for row in parts if row is not None and len(row) == count]
    measures = [Counter(row[column][1] for row in full).most_common(1)[0][0] for column in range(count)]
    columns: list[list[Line]] = [[] for _ in range(count)]
    lasts: list[str | None] = [None] * count
    for line, row in zip(rows, parts, strict=True):
        pieces = row if row is not None else [(line.text, line.width)]
        chosen = range(count) if len(pieces) == count else _columns_of(pieces, measures, lasts, rules, lang)
        for (text, width), column in zip(pieces, chosen, strict=True):
            columns[column].append(replace(line, text=text, width=width))
            lasts[column] = text
    out: list[Line] = []
    for lines in columns:
        for position, line in enumerate(lines):
            out.append(replace(line, gap=(rows[0].gap if not out else 1) if position == 0 else 0))
    return out


def _columns_of(pieces: list[tuple[str, int]], measures: list[int], lasts: list[str | None], rules: ModuleType,
                lang: str) -> tuple[int, ...]:
    """The columns, left to right, that a row's fewer parts stand in: those their widths
    fit (UNFIT), their first words continue the column's last line, and no column left out
    stops mid-sentence (SKIPPED_OPEN); the first best in order."""
    best: tuple[float, tuple[int, ...]] | None = None
    for chosen in combinations(range(len(measures)), len(pieces)):
        score = 0.0
        for (text, width), column in zip(pieces, chosen, strict=True):
            score -= UNFIT if width > measures[column] + rules.MEASURE_SLACK else 0.0
            above = lasts[column]
            if above is not None:
                score += float(rules.ends_joins([rules.line_ends(above)[0]], [rules.line_ends(text)[1]], lang)[0])
        score -= SKIPPED_OPEN * sum(1 for column in set(range(len(measures))) - set(chosen)
                                    if lasts[column] is not None and not rules.ends_sentence(lasts[column]))
        if best is None or score > best[0]:
            best = (score, chosen)
    assert best is not None
    return best[1]
