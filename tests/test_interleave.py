"""Regrouping columns that pdftotext printed a row at a time (interleave.py).

Columns are cut from the bundled seed page's text, a fixed number of characters a line,
so that many lines break mid-word as a typeset column does; they are then printed the way
pdftotext interleaves them: one row of every column after another, a blank line between.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from broadsheet import interleave
from broadsheet.interleave import stretches, unweave, unzip
from broadsheet.lang import cjk, latin
from broadsheet.params import Params
from broadsheet.read import read_dump

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _paragraphs() -> list[str]:
    gold = json.loads((SAMPLES / "columns.gold.json").read_text(encoding="utf-8"))
    return [block["text"] for article in gold["articles"] for block in article["body"]
            if block["type"] == "p" and len(block["text"]) > 200]


def _column(text: str, width: int = 13, rows: int = 16) -> list[str]:
    assert len(text) >= width * rows
    return [text[i : i + width] for i in range(0, width * rows, width)]


def _interleaved(columns: list[list[str]]) -> str:
    rows = [column[row] for row in range(len(columns[0])) for column in columns]
    return "\n\n".join(rows) + "\n"


def test_three_interleaved_columns_come_back_column_by_column() -> None:
    columns = [_column(text) for text in _paragraphs()[:3]]
    dump = read_dump(_interleaved(columns), Params())
    lines = unweave(dump.lines, cjk, "zh")
    assert [line.text for line in lines] == [text for column in columns for text in column]
    # each column now runs without blank lines within it, so it becomes one fragment
    assert [i for i, line in enumerate(lines) if line.gap > 0] == [16, 32]


def test_a_column_whose_last_line_runs_on_into_the_block_below_goes_last() -> None:
    """The first column holds the stretch's last line, and the column's next lines follow
    it with no blank line between (pdftotext printed the rest as one block): it is put after
    the second, so that the block below still follows its line."""
    paragraphs = _paragraphs()
    first, second = _column(paragraphs[2], rows=12), _column(paragraphs[5], rows=12)
    rows = [line for pair in zip(first[:10], second[:10], strict=True) for line in pair] + [first[10]]
    dump = read_dump("\n\n".join(rows) + "\n" + first[11] + "\n", Params())
    assert stretches(dump.lines[:21], cjk, "zh") == [(0, 21, 2)]
    lines = unweave(dump.lines, cjk, "zh")
    assert [line.text for line in lines] == second[:10] + first
    assert [i for i, line in enumerate(lines) if line.gap > 0] == [10]


def test_lines_printed_one_by_one_stay_in_order() -> None:
    """pdfminer's one box per line: the text already runs line by line."""
    column = _column(max(_paragraphs(), key=len), rows=20)
    dump = read_dump("\n\n".join(column) + "\n", Params())
    assert stretches(dump.lines, cjk, "zh") == []
    lines = unweave(dump.lines, cjk, "zh")
    assert [line.text for line in lines] == column
    # most neighbouring lines make a word across their break: one column, a box a line.
    # The blank goes where the line above began the word; elsewhere it stays
    ends = [cjk.line_ends(text) for text in column]
    joined = cjk.ends_joins([end for end, _ in ends[:-1]], [start for _, start in ends[1:]]).tolist()
    assert sum(joined) >= interleave.BOX_LINES_JOIN * len(joined)
    assert [line.gap for line in lines[1:]] == [0 if word else 1 for word in joined]


def test_a_common_word_across_the_break_tells_more_than_a_rare_one() -> None:
    """Chance makes pairs inside rare dictionary words nearly as often as true breaks do
    (cjk.JOIN_RATES): 发|展 (发展) is strong evidence, 中|信 (a name) weak, 度|障 against.
    The break table counts where it says more (度|信, no word, is a little for: 制度 / 信心)."""
    common, rare, none, unknown = cjk.join_evidence(["发", "中", "度", ""], ["展", "信", "障", "意"]).tolist()
    assert common > rare > 0 > none
    assert unknown == 0.0  # a line ending on a stop tells nothing either way
    assert cjk.join_evidence(["度"], ["信"]).tolist()[0] > 0 > none
    rates = np.array(cjk.JOIN_RATES)
    assert np.allclose(rates.sum(axis=0), 1.0, atol=0.01)  # each a share of all pairs, tier by tier


def test_lines_a_box_each_that_seldom_make_a_word_keep_their_blank_lines() -> None:
    rows = [f"第{n}条消息已经发布完毕。" for n in range(12)]
    lines = unweave(read_dump("\n\n".join(rows) + "\n", Params()).lines, cjk, "zh")
    assert [line.gap for line in lines[1:]] == [1] * 11


def test_hyphenated_latin_columns_are_regrouped() -> None:
    left = ["The commit-", "tee met on", "Monday to", "discuss the", "new build-", "ing which", "the town", "wanted."]
    right = ["His argu-", "ment was", "that the", "railway com-", "pany would", "never pay", "for the", "bridge."]
    text = "\n\n".join(row for pair in zip(left, right, strict=True) for row in pair) + "\n"
    dump = read_dump(text, Params())
    assert [line.text for line in unweave(dump.lines, latin, "en")] == left + right


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="国家电商节重庆消费新动能发展完善，。 ab-", min_size=1, max_size=20), min_size=0,
                max_size=40), st.integers(min_value=0, max_value=2))
def test_unweave_only_reorders(rows: list[str], blanks: int) -> None:
    """Whatever the lines, unweave returns the same lines (nothing lost, nothing added)."""
    assume(any(row.strip() for row in rows))
    dump = read_dump(("\n" * (blanks + 1)).join(rows) + "\n", Params())
    lines = unweave(dump.lines, cjk, "zh")
    assert sorted((line.number, line.text) for line in lines) == sorted((line.number, line.text) for line in dump.lines)


def _choices_by_scan(size: int, gains: dict[int, np.ndarray]) -> list[tuple[int, int]]:
    """The segmentation's choices by scanning every allowed start (the plain definition)."""
    best = np.zeros(size + 1)
    choice: list[tuple[int, int]] = [(-1, 1)] * (size + 1)
    for end in range(1, size + 1):
        best[end], choice[end] = best[end - 1], (-1, 1)
        for step in interleave.PERIODS:
            last = end - 2 * step - 1
            if last < 0:
                break
            starts = np.arange(max(0, end - interleave.LONGEST), last + 1)
            totals = (best[starts] + gains[step][end - step] - gains[step][starts]
                      - (gains[1][end - 1] - gains[1][starts]) - interleave.BLOCK_COST)
            pick = int(np.argmax(totals))
            if totals[pick] >= best[end] - 1e-9:
                best[end], choice[end] = float(totals[pick]), (int(starts[pick]), step)
    return choice


@settings(max_examples=25, deadline=None)
@given(size=st.integers(min_value=0, max_value=interleave.LONGEST + 150), seed=st.integers(0, 10_000))
def test_the_running_best_start_equals_a_scan_of_every_start(size: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    period = int(rng.integers(1, 5))
    gains = {}
    for step in (1, *interleave.PERIODS):
        joined = (rng.random(max(size - step, 0)) < (0.7 if step == period else 0.2)) - latin.JOIN_CHANCE
        gains[step] = np.concatenate([[0.0], np.cumsum(joined), np.full(min(step, size), joined.sum())])
    assert interleave._choices(size, gains) == _choices_by_scan(size, gains)


def test_columns_of_two_measures_are_regrouped_by_width_alone() -> None:
    """Every line ends on a comma, so no word crosses a break: the columns' two widths tell them apart."""
    places = ("重庆", "四川", "贵州", "云南", "湖南", "湖北", "江西", "安徽", "河南", "陕西")
    fields = ("经贸", "人文", "科技", "能源", "农业", "金融", "教育", "卫生", "旅游", "体育")
    left = [f"{place}的乡村振兴工作，" for place in places]
    right = [f"{field}合作，" for field in fields]
    dump = read_dump(_interleaved([left, right]), Params())
    assert [line.text for line in unweave(dump.lines, cjk, "zh")] == left + right


def test_latin_lines_of_one_width_are_no_sign_of_a_column() -> None:
    """Proportional type: equal character counts are chance, so they regroup nothing (a
    ragged column whose lines happen to run long, short, long, short stays in order)."""
    rows = ["The harbour board", "met on the", "quay at noon to a", "choose a", "site for the docks", "new store",
            "and a crane for it", "and spoke", "of the cost of the", "new roads."]
    dump = read_dump("\n\n".join(rows) + "\n", Params())
    assert stretches(dump.lines, latin, "en") == []


def _zipped(columns: list[list[str]]) -> str:
    """Columns printed as pdftotext prints lines on one baseline: a row a line, a space between."""
    return "\n".join(" ".join(column[row] for column in columns) for row in range(len(columns[0]))) + "\n"


def test_zipped_cjk_columns_come_back_column_by_column() -> None:
    columns = [_column(text, rows=10) for text in _paragraphs()[:3]]
    dump = read_dump(_zipped(columns), Params())
    lines = unzip(dump.lines, cjk, "zh")
    assert [line.text for line in lines] == [text for column in columns for text in column]
    assert [i for i, line in enumerate(lines) if line.gap > 0] == [10, 20]  # a blank line before each column


def test_a_zipped_row_with_fewer_parts_gives_them_to_the_columns_they_continue() -> None:
    left, right = (_column(text, rows=8) for text in _paragraphs()[:2])
    left[5] = left[5][:6] + "。"  # the left column's paragraph ends on row 6; it prints nothing on row 7
    rows = [f"{a} {b}" for a, b in zip(left, right, strict=True)]
    rows[6] = right[6]  # row 7 holds only the right column's line
    dump = read_dump("\n".join(rows) + "\n", Params())
    texts = [line.text for line in unzip(dump.lines, cjk, "zh")]
    assert texts == [*left[:6], left[7], *right]


def test_one_wide_line_with_a_space_and_latin_lines_stay_whole() -> None:
    body = _column(_paragraphs()[0], rows=6)
    text = "\n".join(["享受多彩假日国庆长假 礼赞美好生活新时代新气象", *body]) + "\n"  # a headline across columns
    dump = read_dump(text, Params())
    assert unzip(dump.lines, cjk, "zh") == dump.lines
    latin_rows = "\n".join(["the committee met on Monday to the railway company would never"] * 4) + "\n"
    dump = read_dump(latin_rows, Params())
    assert unzip(dump.lines, latin, "en") == dump.lines
    # a Latin passage on a CJK page (a dump of mixed pages read by the CJK rules): its
    # spaces part words, not columns
    mixed = "\n".join([*_column(_paragraphs()[0], rows=14), "harbourmasters reported shipping tonight",
                       "harbourmasters reported railway strikes"]) + "\n"
    dump = read_dump(mixed, Params())
    assert unzip(dump.lines, cjk, "zh") == dump.lines


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="国家电商节重庆消费新动能发展完善，。 ", min_size=1, max_size=40), min_size=0,
                max_size=40), st.integers(min_value=0, max_value=1))
def test_unzip_only_cuts_and_reorders(rows: list[str], blanks: int) -> None:
    """Whatever the lines, unzip keeps every character: each line out is a line in or a part
    of one (cut at its spaces), and together they hold the input's characters exactly."""
    assume(any(row.strip() for row in rows))
    dump = read_dump(("\n" * (blanks + 1)).join(rows) + "\n", Params())
    lines = unzip(dump.lines, cjk, "zh")
    source = {line.number: line.text for line in dump.lines}
    assert all(line.text in source[line.number].split() or line.text == source[line.number] for line in lines)
    assert sorted("".join(line.text for line in lines).replace(" ", "")) == sorted(
        "".join(line.text for line in dump.lines).replace(" ", ""))
