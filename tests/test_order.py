"""Order's last step: a small titled story under a story is a run-in head of it (order.py).

What its title becomes is the script's rule (lang/): CJK briefs set each item's title on a
line of its own, so it stays a section head; Latin papers run the head into its paragraph.
"""

from __future__ import annotations

import numpy as np
import pytest

from broadsheet.lang import cjk, latin
from broadsheet.order import absorb_slight, byline_units
from broadsheet.page import Cues, EdgeSet, Fragment, Line, Role, Story


def _fragment(number: int, text: str) -> Fragment:
    return Fragment(number, 0, (Line(number, 0, text, 0, 2 * len(text), 0),))


TEXTS = ("国家统计局今天发布数据显示，我国文化产业实现营业收入十六万亿元。",
         "中非贸易指数首次发布",
         "今天，海关总署在中非经贸博览会上首次发布了中国非洲贸易指数。")


@pytest.mark.parametrize(("rules", "expected"), [(cjk, "section"), (latin, "body")])
def test_a_slight_story_joins_the_story_above_with_its_title_as_the_script_sets_it(rules: object,
                                                                                   expected: Role) -> None:
    fragments = tuple(_fragment(number, text) for number, text in enumerate(TEXTS))
    roles: list[Role] = ["body", "headline", "body"]
    stories = [Story(body=(0,)), Story(body=(2,), headline=(1,))]
    kept = absorb_slight(stories, fragments, roles, head_role=rules.RUN_IN_HEAD_ROLE)  # type: ignore[attr-defined]
    assert kept == [Story(body=(0, 1, 2))]
    assert roles[1] == expected


def test_a_story_with_a_byline_is_never_absorbed() -> None:
    fragments = tuple(_fragment(number, text) for number, text in enumerate((*TEXTS, "□本报记者 刘文斌")))
    roles: list[Role] = ["body", "headline", "body", "byline"]
    stories = [Story(body=(0,)), Story(body=(2,), headline=(1,), bylines=((3,),))]
    assert absorb_slight(stories, fragments, roles, head_role="section") == stories
    assert roles[1] == "headline"


@pytest.mark.parametrize(("rules", "signature", "absorbed"),
                         [(cjk, "刘文斌", True), (cjk, "□本报记者 刘文斌", False), (latin, "刘文斌", False)])
def test_a_briefs_column_signed_under_its_last_item_keeps_that_item(rules: object, signature: str,
                                                                     absorbed: bool) -> None:
    # the editor's bare name under a CJK briefs column's last item signs the column; a
    # reporter's byline, or any name after a Latin piece, makes the piece an article
    fragments = tuple(_fragment(number, text) for number, text in enumerate((*TEXTS, signature)))
    roles: list[Role] = ["body", "headline", "body", "byline"]
    stories = [Story(body=(0,)), Story(body=(2,), headline=(1,), bylines=((3,),))]
    kept = absorb_slight(stories, fragments, roles, head_role=rules.RUN_IN_HEAD_ROLE,  # type: ignore[attr-defined]
                         signs_briefs=rules.signs_briefs)  # type: ignore[attr-defined]
    assert kept == ([Story(body=(0, 1, 2), bylines=((3,),))] if absorbed else stories)


BRIEFS = ("国内联播快讯", "中非贸易指数首次发布", "今天，海关总署在中非经贸博览会上首次发布了中国非洲贸易指数。",
          "津兴铁路今天全线贯通", "今天，第四条连通京津两地的铁路线津兴铁路全线贯通。")


@pytest.mark.parametrize(("title_last", "head_role"), [(False, "section"), (True, "section"), (False, "body")])
def test_a_bodyless_title_beside_slight_stories_heads_their_briefs_column(title_last: bool, head_role: Role) -> None:
    # pdftotext -raw prints a column's title under its items: either way the items go to it
    texts = (TEXTS[0], *BRIEFS[1:], BRIEFS[0]) if title_last else (TEXTS[0], *BRIEFS)
    fragments = tuple(_fragment(number, text) for number, text in enumerate(texts))
    title, heads = (5, (1, 3)) if title_last else (1, (2, 4))
    roles: list[Role] = ["headline" if i == title or i in heads else "body" for i in range(6)]
    items = [Story(body=(h + 1,), headline=(h,)) for h in heads]
    stories = [Story(body=(0,)), Story(body=(), headline=(title,)), *items]
    kept = absorb_slight(stories, fragments, roles, head_role=head_role)
    if head_role == "section":
        assert kept == [Story(body=(0,)), Story(body=tuple(range(heads[0], heads[0] + 4)), headline=(title,))]
        assert [roles[h] for h in heads] == ["section", "section"]
    else:  # Latin papers run briefs' heads in: such a title is a lost one, not a column's
        assert Story(body=(), headline=(title,)) in kept


@pytest.mark.parametrize(("tail", "joins"), [(250, True), (450, False)])
def test_briefs_items_set_in_another_column_join_their_column(tail: int, joins: bool) -> None:
    # the column's second part: a title over an item, then a head over another, each slight
    # (the two together are not); an article with a long sub-section stays one of its own
    item = "今天，海关总署在中非经贸博览会上首次发布了中国非洲贸易指数。"
    texts = ["国内联播快讯", BRIEFS[1], item, BRIEFS[3], item,
             "我国上半年重大水利工程已开工", "据水利部消息，" + "项" * 250,
             "津兴铁路全线贯通", "据报道，" + "路" * tail]
    fragments = tuple(_fragment(number, text) for number, text in enumerate(texts))
    roles: list[Role] = ["headline", "section", "body", "section", "body", "headline", "body", "section", "body"]
    column, part = Story(body=(1, 2, 3, 4), headline=(0,)), Story(body=(6, 7, 8), headline=(5,))
    kept = absorb_slight([column, part], fragments, roles, head_role="section")
    assert kept == ([Story(body=(1, 2, 3, 4, 5, 6, 7, 8), headline=(0,))] if joins else [column, part])
    assert roles[5] == ("section" if joins else "headline")
    assert absorb_slight([column, part], fragments, list(roles), head_role="body") == [column, part]  # Latin


@pytest.mark.parametrize(("title", "joins"), [("国内联播快讯", True), ("贸易往来", False)])
def test_an_item_under_a_named_briefs_column_may_run_longer_than_a_slight_story(title: str, joins: bool) -> None:
    # an item of 450 characters is no slight story, but under a title naming a briefs
    # column (快讯) it is the column's next item; under another title it is an article
    texts = (title, "今天，海关总署首次发布了中国非洲贸易指数。", BRIEFS[3], "据报道，" + "路" * 450)
    fragments = tuple(_fragment(number, text) for number, text in enumerate(texts))
    roles: list[Role] = ["headline", "body", "headline", "body"]
    stories = [Story(body=(1,), headline=(0,)), Story(body=(3,), headline=(2,))]
    kept = absorb_slight(stories, fragments, roles, head_role="section", names_column=cjk.names_briefs_column)
    assert kept == ([Story(body=(1, 2, 3), headline=(0,))] if joins else stories)


def test_a_briefs_column_opening_under_a_story_is_never_its_run_in_head() -> None:
    # the column's name over its first short item is slight by size, but it heads a column
    texts = (TEXTS[0], BRIEFS[0], BRIEFS[1], BRIEFS[2])
    fragments = tuple(_fragment(number, text) for number, text in enumerate(texts))
    roles: list[Role] = ["body", "headline", "section", "body"]
    stories = [Story(body=(0,)), Story(body=(2, 3), headline=(1,))]
    kept = absorb_slight(stories, fragments, roles, head_role="section", names_column=cjk.names_briefs_column)
    assert kept == stories
    assert len(absorb_slight(stories, fragments, list(roles), head_role="section")) == 1


def test_a_briefs_columns_name_printed_after_its_items_takes_them_though_it_has_text_of_its_own() -> None:
    # pdftotext -raw prints the column's name under the items of its other columns, over the
    # item set under the name; a bodyless title takes the run before it, and so does a name
    texts = (TEXTS[0], *BRIEFS[1:], BRIEFS[0], "今天，中欧班列开行累计突破九万列。")
    fragments = tuple(_fragment(number, text) for number, text in enumerate(texts))
    roles: list[Role] = ["body", "headline", "body", "headline", "body", "headline", "body"]
    stories = [Story(body=(0,)), Story(body=(2,), headline=(1,)), Story(body=(4,), headline=(3,)),
               Story(body=(6,), headline=(5,))]
    kept = absorb_slight(stories, fragments, roles, head_role="section", names_column=cjk.names_briefs_column)
    assert kept == [Story(body=(0,)), Story(body=(6, 1, 2, 3, 4), headline=(5,))]


def test_a_headless_story_holding_a_briefs_columns_name_among_its_items_takes_it_as_headline() -> None:
    from broadsheet.order import name_headless_columns  # noqa: PLC0415

    # -layout: the column's first items stand in the stream read before the one its name tops
    texts = (TEXTS[1], TEXTS[2], BRIEFS[0], TEXTS[1], TEXTS[2])
    fragments = tuple(_fragment(number, text) for number, text in enumerate(texts))
    roles: list[Role] = ["section", "body", "section", "section", "body"]
    stories = [Story(body=(0, 1, 2, 3, 4))]
    named = name_headless_columns(stories, fragments, roles, cjk.names_briefs_column)
    assert named == [Story(body=(0, 1, 3, 4), headline=(2,))]
    assert roles[2] == "headline"
    # a story with a headline of its own keeps the name where it stands; nor does a head that names no column move
    titled = [Story(body=(1, 2, 3, 4), headline=(0,))]
    assert name_headless_columns(titled, fragments, roles, cjk.names_briefs_column) == titled
    unnamed = [Story(body=(0, 1, 3, 4))]
    assert name_headless_columns(unnamed, fragments, roles, cjk.names_briefs_column) == unnamed


def test_a_briefs_columns_name_over_text_with_no_item_heads_goes_to_the_untitled_items_beside_it() -> None:
    from broadsheet.order import name_headless_columns  # noqa: PLC0415

    texts = (BRIEFS[0], TEXTS[0], *BRIEFS[1:])
    fragments = tuple(_fragment(number, text) for number, text in enumerate(texts))
    roles: list[Role] = ["headline", "body", "section", "body", "section", "body"]
    stories = [Story(body=(1,), headline=(0,)), Story(body=(2, 3, 4, 5))]
    named = name_headless_columns(stories, fragments, roles, cjk.names_briefs_column)
    assert named == [Story(body=(1,)), Story(body=(2, 3, 4, 5), headline=(0,))]
    # one item head is no column's run of items; a title that names no column keeps its text
    one = [stories[0], Story(body=(2, 3))]
    assert name_headless_columns(one, fragments, roles, cjk.names_briefs_column) == one
    other = [Story(body=(0,), headline=(1,)), stories[1]]
    assert name_headless_columns(other, fragments, roles, cjk.names_briefs_column) == other


def test_briefs_items_set_in_another_column_join_a_column_known_by_its_name() -> None:
    # a column holding one head so far is known for a column by its name (快讯) alone; the
    # part is two slight items, too long together to be a slight story
    item = "据报道，" + "路" * 250
    texts = ["国内联播快讯", BRIEFS[1], item, "我国上半年重大水利工程已开工", item, BRIEFS[3], item]
    fragments = tuple(_fragment(number, text) for number, text in enumerate(texts))
    roles: list[Role] = ["headline", "section", "body", "headline", "body", "section", "body"]
    column, part = Story(body=(1, 2), headline=(0,)), Story(body=(4, 5, 6), headline=(3,))
    for names_column, joins in ((cjk.names_briefs_column, True), (None, False)):
        kept = absorb_slight([column, part], fragments, list(roles), head_role="section", names_column=names_column)
        assert kept == ([Story(body=(1, 2, 3, 4, 5, 6), headline=(0,))] if joins else [column, part])


@pytest.mark.parametrize(("byline", "joins"), [("□本报记者 韩立军", True), (None, False)])
def test_an_item_signed_over_its_title_joins_a_named_column(byline: str | None, joins: bool) -> None:
    # the column's reporter is printed under its name, over the first item's title, so the
    # byline lands on that item's story; under a named column the story still joins it
    item = "据报道，" + "路" * 250
    texts = ["国内联播快讯", "今天，中欧班列开行累计突破九万列。", "□本报记者 韩立军", BRIEFS[1], item, BRIEFS[3], item]
    fragments = tuple(_fragment(number, text) for number, text in enumerate(texts))
    roles: list[Role] = ["headline", "body", "byline", "headline", "body", "section", "body"]
    column, part = Story(body=(1,), headline=(0,)), Story(body=(4, 5, 6), headline=(3,), bylines=((2,),))
    names_column = cjk.names_briefs_column if byline else None
    kept = absorb_slight([column, part], fragments, list(roles), head_role="section", names_column=names_column)
    assert kept == ([Story(body=(1, 3, 4, 5, 6), headline=(0,), bylines=((2,),))] if joins else [column, part])
    # a byline standing anywhere else is the item story's own: it stays an article
    elsewhere = Story(body=(4, 5, 6), headline=(3,), bylines=((0,),))
    assert absorb_slight([column, elsewhere], fragments, list(roles), head_role="section",
                         names_column=cjk.names_briefs_column) == [column, elsewhere]


@pytest.mark.parametrize(("tail", "heads"), [(250, True), (450, False)])
def test_a_columns_name_printed_after_its_items_heads_them(tail: int, heads: bool) -> None:
    # pdftotext -raw prints a column's name (with no text of its own) under its items, which
    # the graph already chained into one story headed by the first item's title; the name
    # heads them, the first title becoming an item head. An article with a long
    # sub-section is no run of items, and the name stays a title of its own
    texts = [BRIEFS[1], "据报道，" + "项" * 250, BRIEFS[3], "据报道，" + "路" * tail, "我国上半年重大水利工程已开工",
             "据水利部消息，" + "水" * 250, "国内联播快讯"]
    fragments = tuple(_fragment(number, text) for number, text in enumerate(texts))
    roles: list[Role] = ["headline", "body", "section", "body", "section", "body", "headline"]
    items, name = Story(body=(1, 2, 3, 4, 5), headline=(0,)), Story(body=(), headline=(6,))
    kept = absorb_slight([items, name], fragments, roles, head_role="section", names_column=cjk.names_briefs_column)
    assert kept == ([Story(body=(0, 1, 2, 3, 4, 5), headline=(6,))] if heads else [items, name])
    assert roles[0] == ("section" if heads else "headline")


def test_a_one_line_title_as_wide_as_the_text_under_it_is_a_body_line() -> None:
    texts = (TEXTS[0], "今年以来全区已新开夜市五处吸引游客超过三十万人次带动周边餐饮零售", TEXTS[2])
    fragments = tuple(_fragment(number, text) for number, text in enumerate(texts))
    roles: list[Role] = ["body", "headline", "body"]
    stories = [Story(body=(0,)), Story(body=(2,), headline=(1,))]
    assert absorb_slight(stories, fragments, roles, head_role="section") == [Story(body=(0, 1, 2))]
    assert roles[1] == "body"


def test_a_short_story_under_a_headline_set_large_is_an_article_of_its_own() -> None:
    # 习近平会见柬埔寨 / 首相: eight characters a line over a body of 24 — display type, not a
    # run-in head set in the body's; the same head wrapped at the body's measure runs in.
    body = "国家主席习近平今天在钓鱼台国宾馆会见柬埔寨首相洪森，两国领导人就双边关系深入交换意见。"
    lines = [body[start : start + 24] for start in range(0, len(body), 24)]

    def page(head: list[str]) -> tuple[Fragment, ...]:
        above = Fragment(0, 0, (Line(0, 0, TEXTS[0], 0, 2 * len(TEXTS[0]), 0),))
        title = Fragment(1, 0, tuple(Line(1 + n, 0, text, 0, 2 * len(text), 0) for n, text in enumerate(head)))
        text = Fragment(2, 0, tuple(Line(5 + n, 0, text, 0, 2 * len(text), 0) for n, text in enumerate(lines)))
        return (above, title, text)

    stories = [Story(body=(0,)), Story(body=(2,), headline=(1,))]
    large = page(["习近平会见柬埔寨", "首相"])
    assert absorb_slight(stories, large, ["body", "headline", "body"], head_role="section",
                         measure=48.0) == stories
    run_in = page(["国家主席习近平今天在钓鱼台国宾馆会见柬埔寨首相洪森并", "交换意见"])
    assert absorb_slight(stories, run_in, ["body", "headline", "body"], head_role="section",
                         measure=48.0) == [Story(body=(0, 1, 2))]
    assert absorb_slight(stories, large, ["body", "headline", "body"], head_role="section") == [
        Story(body=(0, 1, 2))]  # widths that tell nothing (a paragraph a line): no display type


def test_a_short_story_under_a_headline_in_capitals_is_an_article_of_its_own() -> None:
    # NAVY ESTIMATES. over a few lines: a headline, where Supply voted. over them runs in
    from broadsheet.cues import FRAGMENT_FEATURES  # noqa: PLC0415

    texts = ("The committee met on Tuesday and resolved that the Bill should pass.", "NAVY ESTIMATES.",
             "Sir GEORGE CLERKE said that the vote was wanted for the ships in ordinary.")
    fragments = tuple(Fragment(n, 0, (Line(n, 0, text, 0, len(text), 0),)) for n, text in enumerate(texts))
    features = np.zeros((3, len(FRAGMENT_FEATURES)))
    stories = [Story(body=(0,)), Story(body=(2,), headline=(1,))]
    features[1, FRAGMENT_FEATURES.index("upper")] = 1.0
    assert absorb_slight(stories, fragments, ["body", "headline", "body"], features=features) == stories
    features[1, FRAGMENT_FEATURES.index("upper")] = 0.3  # Navy estimates.
    assert absorb_slight(stories, fragments, ["body", "headline", "body"], features=features) == [
        Story(body=(0, 1, 2))]


def _set_to(number: int, widths: tuple[int, ...]) -> Fragment:
    lines = tuple(Line(number * 10 + k, 0, "x" * width, 0, width, 0) for k, width in enumerate(widths))
    return Fragment(number, 0, lines)


def test_a_doubted_link_between_a_column_and_type_across_the_page_is_cut_either_way() -> None:
    from broadsheet.order import DOUBTED_LINK, cut_across_measures  # noqa: PLC0415

    column, notice = _set_to(0, (62, 63, 63, 41)), _set_to(1, (128, 130, 131, 90))
    doubted = {(0, 1): DOUBTED_LINK - 0.3, (1, 0): DOUBTED_LINK - 0.3}
    assert cut_across_measures([[0, 1]], (column, notice), doubted) == [[0], [1]]
    assert cut_across_measures([[1, 0]], (column, notice), doubted) == [[1], [0]]
    # a link the model believes in stands: the same column, wider after a layout change
    assert cut_across_measures([[0, 1]], (column, notice), {(0, 1): 1.2}) == [[0, 1]]
    # a ragged column one word wider is the same measure
    assert cut_across_measures([[0, 1]], (column, _set_to(1, (66, 64, 66))), doubted) == [[0, 1]]


def test_a_signature_under_a_column_shows_no_measure_and_stays() -> None:
    from broadsheet.order import DOUBTED_LINK, cut_across_measures  # noqa: PLC0415

    # Meßkirch, am 30. Januar 1840. / Meßmer.: short lines, none of them full
    column, signature = _set_to(0, (65, 66, 65, 30)), _set_to(1, (32, 8))
    assert cut_across_measures([[0, 1]], (column, signature), {(0, 1): DOUBTED_LINK - 1}) == [[0, 1]]


def _column_piece(number: int, text: str, column: int, rows: range) -> Fragment:
    lines = tuple(Line(number * 10 + k, 0, text, 0, 2 * len(text), 0, column, row) for k, row in enumerate(rows))
    return Fragment(number, 0, lines)


def _continues(*edges: tuple[int, int, float]) -> EdgeSet:
    return EdgeSet("continues", np.array([a for a, _, _ in edges]), np.array([b for _, b, _ in edges]),
                   np.array([w for _, _, w in edges]), np.zeros((len(edges), 1)))


def test_a_layout_chain_that_stops_mid_sentence_goes_on_at_a_column_top() -> None:
    from broadsheet.order import COLUMN_TOP_FLOOR, join_column_tops  # noqa: PLC0415

    foot = _column_piece(0, "各中央巡视组组长要求，要准确把握政治", 0, range(20, 26))
    tops = (_column_piece(1, "切实提高政治站位、把握职能定位，树立", 1, range(3, 9)),
            _column_piece(2, "习近平指出，这是我第四次访问南非。我", 2, range(3, 9)))
    fragments = (foot, *tops)
    doubted = _continues((0, 1, COLUMN_TOP_FLOOR + 0.5), (0, 2, COLUMN_TOP_FLOOR + 0.3))
    links: dict[tuple[int, int], float] = {}
    assert join_column_tops([[0], [1], [2]], fragments, doubted, links, cjk.runs_on_to) == [[0, 1], [2]]
    assert links == {(0, 1): COLUMN_TOP_FLOOR + 0.5}
    # a chain that ends its sentence ends its story; a link under the floor is no evidence
    ended = _column_piece(0, "各中央巡视组组长要求准确把握政治定位。", 0, range(20, 26))
    assert join_column_tops([[0], [1], [2]], (ended, *tops), doubted, {}, cjk.runs_on_to) == [[0], [1], [2]]
    weak = _continues((0, 1, COLUMN_TOP_FLOOR - 0.5))
    assert join_column_tops([[0], [1], [2]], fragments, weak, {}, cjk.runs_on_to) == [[0], [1], [2]]


def test_a_latin_layout_chain_goes_on_at_a_column_top_that_opens_in_a_small_letter() -> None:
    # OCR loses stops and a justified line often ends on a whole word: a Latin chain with no
    # stop goes on at a column's top only where that top plainly goes on from it
    from broadsheet.order import COLUMN_TOP_FLOOR, join_column_tops  # noqa: PLC0415

    foot = _column_piece(0, "the reduction of the navy was in the", 0, range(20, 26))
    going_on = _column_piece(1, "hands of those who had seen it grow", 1, range(3, 9))
    opening = _column_piece(1, "The Chancellor said the house should", 1, range(3, 9))
    doubted = _continues((0, 1, COLUMN_TOP_FLOOR + 0.5))
    assert join_column_tops([[0], [1]], (foot, going_on), doubted, {}, latin.runs_on_to) == [[0, 1]]
    assert join_column_tops([[0], [1]], (foot, opening), doubted, {}, latin.runs_on_to) == [[0], [1]]


def test_a_latin_layout_pair_to_a_column_top_that_goes_on_is_scored_whatever_its_rank() -> None:
    # the screen ranks a column's foot → the next column's top low (other stories stand
    # between them in stream order); graph.to_column_tops keeps such pairs for the trees
    from broadsheet.graph import to_column_tops  # noqa: PLC0415

    foot = _column_piece(0, "the reduction of the navy was in the", 0, range(20, 26))
    going_on = _column_piece(1, "hands of those who had seen it grow", 1, range(3, 9))
    opening = _column_piece(2, "The Chancellor said the house should", 2, range(3, 9))
    under = _column_piece(3, "and the house agreed to the vote", 1, range(30, 36))  # its stream's second
    pairs = np.array([[0, 1], [0, 2], [0, 3], [1, 0]])
    assert to_column_tops(pairs, (foot, going_on, opening, under), "latin").tolist() == [True, False, False, False]


def test_only_a_column_top_higher_on_the_page_takes_the_join() -> None:
    from broadsheet.order import COLUMN_TOP_FLOOR, join_column_tops  # noqa: PLC0415

    foot = _column_piece(0, "各中央巡视组组长要求，要准确把握政治", 0, range(20, 26))
    under = _column_piece(1, "切实提高政治站位、把握职能定位，树立", 0, range(30, 36))  # the same stream: not its top
    lower = _column_piece(2, "习近平指出，这是我第四次访问南非。我", 1, range(40, 46))  # a top, but lower down
    doubted = _continues((0, 1, COLUMN_TOP_FLOOR + 1), (0, 2, COLUMN_TOP_FLOOR + 1))
    assert join_column_tops([[0], [1], [2]], (foot, under, lower), doubted, {}, cjk.runs_on_to) == [[0], [1], [2]]


@pytest.mark.parametrize(("rules", "texts", "expected"), [
    (cjk, ("□本报记者 陈立新", "□本报记者 杨慧敏", "王丽萍"), [(0,), (1, 2)]),
    (latin, ("By GEORGE", "HARCOURT and LUCY", "By MARGARET ASHCROFT"), [(0, 1), (2,)]),
])
def test_a_byline_whole_with_its_lead_opens_a_byline_of_its_own(rules: object, texts: tuple[str, ...],
                                                                 expected: list[tuple[int, ...]]) -> None:
    # two articles' bylines printed one under the other are two; a wrapped byline's next line has no lead
    fragments = tuple(_fragment(number, text) for number, text in enumerate(texts))
    roles: tuple[Role, ...] = ("byline",) * len(texts)
    cues = Cues(np.zeros((len(texts), 1)), roles, (1.0,) * len(texts), 0.0)
    assert byline_units(cues, fragments, rules.BYLINE) == expected  # type: ignore[attr-defined]
