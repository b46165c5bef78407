"""Cutting pdftotext -layout rows into column segments and stacking them into streams.

Pages are drawn by hand the way pdftotext lays them out: every column starts at one cell
of the character grid, a CJK character takes one cell there (so its display x drifts),
and columns set at different offsets take turns on the rows.
"""

from __future__ import annotations

import itertools
from collections import defaultdict

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from broadsheet.gutters import REACH, _prefix, _window_bounds, cut_rows, split_layout
from broadsheet.lang.cjk import display_width
from broadsheet.page import Line
from broadsheet.params import Params
from broadsheet.read import text_to_lines

PARAMS = Params()

ZH_LEFT = (
    "国务院新闻办公室今天举行发布会",
    "邀请海关总署上海市政府财政部",
    "等部门介绍了“合作区”建设总体",
    "方案相关情况。合作区紧邻浦东机",
    "场和上海东站，规划面积约0.88",
    "平方公里，以G1503快速路为界",
    "分为两个区块。方案明确，到20",
    "25年完成先行启动区封闭验收。",
    "到2028年实现合作区全域封闭运",
    "作，到2030年全面建成合作区。",
    "建成后境外人员搭乘国际航班入区",
    "无需中国签证，仅需持国际旅行证",
)
ZH_RIGHT = (
    "当地时间7月5日下午，国家主席习",
    "近平同塔吉克斯坦总统拉赫蒙在杜",
    "尚别总统府会谈后共同会见记者。",
    "习近平指出，时隔5年对塔吉克斯",
    "坦进行国事访问，我再次感受到了",
    "中塔两国人民历久弥新的兄弟情谊",
    "刚才我同拉赫蒙总统举行了内容丰",
    "富、成果丰硕的会谈。我们共同签",
    "署了联合声明，宣布建立新时代中",
    "塔全面战略合作伙伴关系，一致决",
    "定在更高起点携手构建世代友好、",
    "休戚与共、互利共赢的命运共同体",
)
EN_LEFT = (
    "order  to  have  the  office",
    "conducted in a manner   less",
    "expensive,    and      which",
    "would be more conducive   to",
    "the  interests of the public",
    "it would not now be easy  to",
    "detail.    However  for  the",
    "due  discharge of the duties",
    "of   Remembrancer,      some",
    "person should be  appointed;",
    "and, according to the minute",
    "Mr. Vincent   was  therefore",
)
EN_RIGHT = (
    "Mr. HUME said that he saw no",
    "reason why any addition   to",
    "the  navy  should  be  made.",
    "If ever a mischief  produced",
    "evil, it would be this,   of",
    "combining    the     expense",
    "necessary for the defence of",
    "the  country with that   ne-",
    "cessary  to  protect     its",
    "revenue.  No  two  questions",
    "were  more  distinct. So far",
    "from its being useful to sea",
)


def draw(placements: list[tuple[int, int, str]]) -> str:
    """A layout page from (row, grid cell, text) placements, as pdftotext prints it."""
    rows: dict[int, str] = defaultdict(str)
    for row, cell, text in sorted(placements):
        rows[row] = rows[row].ljust(cell) + text
    return "\n".join(rows[row] for row in range(max(rows) + 1))


def columns(left: tuple[str, ...], right: tuple[str, ...], right_cell: int, top: int = 0) -> list:
    """Two columns at offsets: the left on rows 0, 2, 3, 5, 6 …, the right on 1, 2, 4, 5 …"""
    left_rows = [top + row for row in range(40) if row % 3 != 1][: len(left)]
    right_rows = [top + row for row in range(40) if row % 3 != 0][: len(right)]
    return [(row, 0, text) for row, text in zip(left_rows, left, strict=True)] + [
        (row, right_cell, text) for row, text in zip(right_rows, right, strict=True)
    ]


def layout(text: str, cjk: bool = False) -> tuple[Line, ...]:
    return split_layout(text_to_lines(text, cjk_page=cjk), PARAMS)


def streams(lines: tuple[Line, ...]) -> list[tuple[str, ...]]:
    by_column: dict[int, list[str]] = defaultdict(list)
    for line in lines:
        by_column[line.column].append(line.text)
    return [tuple(texts) for texts in by_column.values()]


def test_two_cjk_columns_at_drifting_offsets_become_two_streams() -> None:
    lines = layout(draw(columns(ZH_LEFT, ZH_RIGHT, right_cell=20)), cjk=True)
    assert streams(lines) == [ZH_LEFT, ZH_RIGHT]
    right_x = {line.x for line in lines if line.text in ZH_RIGHT}
    assert len(right_x) > 1  # the same grid cell, yet the display x drifts with the left line


def test_a_column_drifting_a_cell_or_two_stays_one_stream() -> None:
    placements = [(row, cell + (row % 3 == 2), text) for row, cell, text in columns(ZH_LEFT, ZH_RIGHT, 19)]
    assert streams(layout(draw(placements), cjk=True)) == [ZH_LEFT, ZH_RIGHT]


def test_justified_runs_stay_inside_and_a_two_space_gutter_cuts() -> None:
    lines = layout(draw([(row, cell, text) for row, cell, text in columns(EN_LEFT, EN_RIGHT, 30)]))
    assert streams(lines) == [EN_LEFT, EN_RIGHT]
    assert all(line.gap == 0 for line in lines if line.text not in (EN_LEFT[0], EN_RIGHT[0]))


def test_the_same_columns_on_shared_rows() -> None:
    placements = [(row, 0, text) for row, text in enumerate(EN_LEFT)]
    placements += [(row, 31, text) for row, text in enumerate(EN_RIGHT)]
    lines = layout(draw(placements))
    assert streams(lines) == [EN_LEFT, EN_RIGHT]
    assert [line.x for line in lines] == [0] * 12 + [31] * 12


def test_a_headline_over_both_columns_heads_streams_of_its_own() -> None:
    headline = "THE NAVY ESTIMATES DEBATED AGAIN IN THE HOUSE"
    placements = [(0, 4, headline), *columns(EN_LEFT, EN_RIGHT, 31, top=2)]
    lines = layout(draw(placements))
    assert streams(lines) == [(headline,), EN_LEFT, EN_RIGHT]
    assert all(line.gap >= 1 for line in lines if line.text in (headline, EN_LEFT[0], EN_RIGHT[0]))


def test_a_caption_row_across_the_gutter_is_not_cut() -> None:
    caption = "The minister leaves the House after the vote on the navy estimates"
    placements = [*columns(EN_LEFT, EN_RIGHT, 31), (20, 0, caption)]
    placements += [(row, 0, text) for row, text in zip((22, 23, 24), EN_RIGHT[:3], strict=True)]
    lines = layout(draw(placements))
    assert caption in [line.text for line in lines]
    assert ("".join(EN_LEFT) + "".join(EN_RIGHT)) in "".join("".join(s) for s in streams(lines))


def test_a_wide_gap_inside_a_headline_row_is_kept_when_nothing_lines_up() -> None:
    lines = layout(draw([(0, 0, "PARKINS  COMING"), *columns(EN_LEFT, EN_RIGHT, 31, top=3)]))
    assert lines[0].text == "PARKINS  COMING"


def test_a_blank_line_in_a_column_is_a_gap_and_a_new_stream_starts_with_one() -> None:
    placements = [(row, 0, text) for row, text in enumerate(EN_LEFT[:5])]
    placements += [(row + 6, 0, text) for row, text in enumerate(EN_LEFT[5:])]
    placements += [(row, 31, text) for row, text in enumerate(EN_RIGHT)]
    lines = layout(draw(placements))
    gaps = {line.text: line.gap for line in lines}
    assert gaps[EN_LEFT[0]] >= 1
    assert gaps[EN_LEFT[5]] == 1
    assert gaps[EN_LEFT[6]] == 0


def test_an_article_reads_its_columns_in_turn_though_the_second_starts_higher() -> None:
    placements = [(0, 0, "HEADLINE"), *[(row + 2, 0, text) for row, text in enumerate(EN_LEFT)]]
    placements += [(row, 31, text) for row, text in enumerate(EN_RIGHT)]
    assert [texts[0] for texts in streams(layout(draw(placements)))][-2:] == [EN_LEFT[0], EN_RIGHT[0]]


def test_a_column_reaching_under_a_page_head_far_above_stays_one_stream() -> None:
    # The column's first line is narrower than its second, which reaches under the page's
    # date line ten rows up: that line is no stream the column bridges (as a caption does).
    head = [(0, 0, "THE MERIDIAN HERALD"), (0, 50, "SUNDAY, JUNE 27")]
    texts = ("quate provision for the per", "formance of the duties of the house", *EN_RIGHT[2:])
    column = [(row + 10, 31, text) for row, text in enumerate(texts)]
    lines = layout(draw([*head, *[(row + 2, 0, text) for row, text in enumerate(EN_LEFT)], *column]))
    assert texts in streams(lines)


def test_pages_and_numbers() -> None:
    page = draw(columns(EN_LEFT, EN_RIGHT, 31))
    lines = layout(page + "\n\f" + page)
    assert [line.number for line in lines] == list(range(len(lines)))
    assert [line.page for line in lines] == [0] * 24 + [1] * 24
    assert len({line.column for line in lines}) == 4


def test_x_and_width_are_display_columns() -> None:
    rows = text_to_lines(draw(columns(ZH_LEFT, ZH_RIGHT, 20)), cjk_page=True)
    for segment in cut_rows(rows, PARAMS, cjk_page=True):
        row = " " * segment.line.x + segment.line.text
        cell = segment.start
        assert row[cell : cell + len(segment.text)] == segment.text
        assert segment.x == display_width(row[:cell], True)
        assert segment.width == display_width(segment.text, True)


WORDS = st.text(alphabet="abcXYZ.,-中文“”１", min_size=1, max_size=9)
ROW = st.lists(st.tuples(WORDS, st.integers(1, 7)), min_size=1, max_size=8)


def spell(row: list[tuple[str, int]]) -> str:
    return "".join(word + " " * spaces for word, spaces in row)


def non_space(text: str) -> str:
    return "".join(text.split())


@settings(max_examples=150, deadline=None)
@given(st.lists(ROW, min_size=1, max_size=30), st.booleans())
def test_nothing_lost_nothing_doubled(rows: list[list[tuple[str, int]]], cjk: bool) -> None:
    lines = text_to_lines("\n".join(spell(row) for row in rows), cjk_page=cjk)
    segments = cut_rows(lines, PARAMS, cjk_page=cjk)
    for line, pieces in itertools.groupby(segments, key=lambda segment: segment.line):
        texts = [piece.text for piece in pieces]
        assert "".join(non_space(text) for text in texts) == non_space(line.text)
        assert all(text == text.strip() and text for text in texts)
    out = split_layout(lines, PARAMS)
    assert sorted(line.text for line in out) == sorted(segment.text for segment in segments)
    assert [line.number for line in out] == list(range(len(out)))
    assert all(
        line.gap >= 1
        for line, before in zip(out, (None, *out), strict=False)
        if before is None or before.column != line.column
    )
    assert split_layout(lines, PARAMS) == out


def test_a_word_overhanging_its_column_stays_with_its_line() -> None:
    left = (*EN_LEFT[:6], "from   rising   money   by way  of", *EN_LEFT[7:])
    placements = [(row, 0, text) for row, text in enumerate(left)]
    placements += [(row, 40, text) for row, text in enumerate(EN_RIGHT)]
    assert streams(layout(draw(placements))) == [left, EN_RIGHT]


def test_a_cjk_gutter_squeezed_to_one_space_is_cut() -> None:
    placements = columns(ZH_LEFT, ZH_RIGHT, right_cell=20)
    row, _, text = next(p for p in placements if p[2] == ZH_LEFT[4])
    placements = [p for p in placements if p[0] != row] + [(row, 0, text + "补充"), (row, 19, ZH_RIGHT[3])]
    lines = layout(draw(placements), cjk=True)
    assert ZH_LEFT[4] + "补充" in [line.text for line in lines]
    assert ZH_RIGHT[3] in [line.text for line in lines]


@given(st.lists(st.lists(st.booleans(), min_size=1, max_size=40), min_size=1, max_size=6), st.integers(1, 8))
def test_window_bounds_hold_the_nearest_rows_with_a_say(say_rows: list[list[bool]], count: int) -> None:
    """first: the top of the longest window above r (REACH rows at most) with at most
    `count` rows that have a say; last: the bottom of that window below r."""
    rows = min(map(len, say_rows))
    near = np.array([cell[:rows] for cell in say_rows])
    here, first, last = _window_bounds(_prefix(near), near.shape, count)
    for cell in range(len(near)):
        for r in range(rows):
            top = min(i for i in range(max(0, r - REACH), r + 1) if near[cell, i:r].sum() <= count)
            bottom = max(j for j in range(r + 1, min(r + 1 + REACH, rows) + 1) if near[cell, r + 1 : j].sum() <= count)
            offset = cell * (rows + 1)
            assert (here[cell, r], first[cell, r], last[cell, r]) == (offset + r, offset + top, offset + bottom)
