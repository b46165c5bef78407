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
than neighbouring lines do, and its lines are regrouped column by column, left column
first. In CJK, where characters sit on a grid, two lines of one width count too (a
weaker sign: columns of one measure share it). Stretches read best line by line
(pdfminer's one box per line) stay as they are. Limit: Latin columns whose lines all end
on punctuation or whole words are not told apart, nor CJK ones of one measure.
"""

from __future__ import annotations

from collections import deque
from dataclasses import replace
from types import ModuleType

import numpy as np

from broadsheet.page import Line

MIN_RUN = 6  # lines in a run of blank-separated single lines worth reading for a period
PERIODS = (2, 3, 4)  # columns printed a row at a time
CHANCE = 0.25  # share of unrelated line pairs whose break happens to make a word
SAME_WIDTH = 0.375  # CJK: what a pair of lines of one width adds (a word across the break: 1)
WIDTH_SLACK = 1  # display columns two lines of one width may differ by (a half-width digit's odd column)
BLOCK_COST = 3.0  # joins a stretch must gain over reading it line by line to be regrouped
LONGEST = 400  # lines in one regrouped stretch (bounds the search on huge runs)


def unweave(lines: tuple[Line, ...], rules: ModuleType, lang: str) -> tuple[Line, ...]:
    """The lines with every interleaved stretch regrouped column by column."""
    out: list[Line] = []
    start = 0
    for index in range(1, len(lines) + 1):
        if index < len(lines) and _spaced(lines[index - 1], lines[index]):
            continue
        run = lines[start:index]
        out += _regrouped(run, stretches(run, rules, lang)) if len(run) >= MIN_RUN else run
        start = index
    return tuple(out)


def _spaced(above: Line, line: Line) -> bool:
    """One blank line between two lines of one page and column stream."""
    return line.gap == 1 and line.page == above.page and line.column == above.column


def stretches(run: tuple[Line, ...], rules: ModuleType, lang: str) -> list[tuple[int, int, int]]:
    """(start, end, period) of the stretches of the run that interleave columns.

    A segmentation by dynamic programming: a stretch read with period k gains, over
    reading it line by line, its pairs k lines apart that join across their break minus
    its neighbouring pairs that do (each less CHANCE, the rate of chance words; on a CJK
    page each pair of one width adds SAME_WIDTH), less BLOCK_COST; lines outside every
    stretch gain nothing.
    """
    size = len(run)
    gains = {step: np.zeros(size + 1) for step in (1, *PERIODS)}
    ends = [rules.line_ends(line.text) for line in run]  # what joins_across reads of each line, read once
    lasts, firsts = [end for end, _ in ends], [start for _, start in ends]
    widths = np.array([line.width for line in run]) if rules.WIDTH_TELLS_COLUMN else None
    for step, sums in gains.items():
        joined = rules.ends_joins(lasts[: max(size - step, 0)], firsts[step:], lang).astype(float) - CHANCE
        if widths is not None:
            joined += SAME_WIDTH * (np.abs(widths[:-step] - widths[step:]) <= WIDTH_SLACK)
        sums[1 : len(joined) + 1] = np.cumsum(joined)
        sums[len(joined) + 1 :] = sums[len(joined)]
    return _traced(_choices(size, gains), size)


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


def _regrouped(run: tuple[Line, ...], found: list[tuple[int, int, int]]) -> tuple[Line, ...]:
    out = list(run)
    for start, end, step in found:
        stretch = run[start:end]
        regrouped = []
        for column in range(step):
            for position, line in enumerate(stretch[column::step]):
                gap = (stretch[0].gap if column == 0 else 1) if position == 0 else 0
                regrouped.append(replace(line, gap=gap))
        out[start:end] = regrouped
    return tuple(out)
