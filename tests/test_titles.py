"""Title lines that the dump or the role model read apart, put together again.

Each case is a small column page (Chinese unless it says) written for the test: body paragraphs of one
measure (16 characters a line) and title lines set among them. The role model's own
choices are given here (`chosen`), so that each test checks one rule of fragments.py,
roles.py, titles.py or sections.py, not the model.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from types import ModuleType

import numpy as np
import pytest

from broadsheet.cues import FRAGMENT_FEATURES, fragment_features
from broadsheet.fragments import lines_to_fragments
from broadsheet.lang import cjk, latin
from broadsheet.lang.cjk import display_width
from broadsheet.page import Cues, Dump, Fragment, Line, Role
from broadsheet.paragraphs import Marking
from broadsheet.params import Params
from broadsheet.read import read_dump
from broadsheet.roles import revise_roles
from broadsheet.sections import promote_sections
from broadsheet.titles import (
    TitleGroup,
    breaks_where_full,
    stacked_title_runs,
    title_groups,
    title_runs,
    title_units,
)

BODY = ("市民们说，老街的夜市又热闹起来了，\n"
        "小吃摊前排起了长队，孩子们在灯下追\n"
        "逐嬉戏，商户们的生意也越来越好。")
MORE = ("据了解，今年以来全区已新开夜市五处，\n"
        "吸引游客超过三十万人次，带动周边餐\n"
        "饮、零售等行业收入明显增长。")


def _fragments(text: str) -> tuple[tuple[Fragment, ...], Dump]:
    dump = read_dump(text, Params())
    return lines_to_fragments(dump, Params()), dump


def _index(fragments: tuple[Fragment, ...], start: str) -> int:
    return next(i for i, fragment in enumerate(fragments) if fragment.text.startswith(start))


def _revised(text: str, chosen_by_start: dict[str, str],
             rules: ModuleType = cjk) -> tuple[tuple[Fragment, ...], tuple[Role, ...]]:
    """The fragments of `text` and their roles once revised, the model having chosen body
    but for the fragments opening with the given starts."""
    fragments, dump = _fragments(text)
    rows, _ = fragment_features(dump, fragments)
    chosen = ["body"] * len(fragments)
    for start, role in chosen_by_start.items():
        chosen[_index(fragments, start)] = role
    return fragments, revise_roles(chosen, rows, [f.text for f in fragments], rules)


def _titled_above_byline(text: str, names_column: Callable[[str], bool] | None = None, byline: str = "□本报",
                         ) -> tuple[tuple[Fragment, ...], list[TitleGroup]]:
    """The page's fragments and title groups, every fragment above the byline (opening
    with `byline`) a title."""
    fragments, dump = _fragments(text)
    rows, measure = fragment_features(dump, fragments)
    roles: tuple[Role, ...] = tuple("headline" if i < _index(fragments, byline) else "body"
                                    for i in range(len(fragments)))
    cues = Cues(rows, roles, (1.0,) * len(roles), measure, rows[:, :0], (Counter(),) * len(roles))
    return fragments, title_groups(fragments, cues, names_column=names_column)


def test_a_paragraph_opening_a_quotation_keeps_its_short_first_line() -> None:
    quoted = ("“今年我们打算把产品卖到\n"
              "更多城市去，让消费者尝到家乡味道。”\n"
              "该企业负责人说，目前订单已经排到了\n"
              "下个月，工人们正加班加点地生产。")
    fragments, _ = _fragments(f"{BODY}\n\n{quoted}\n\n{MORE}\n")
    first = fragments[_index(fragments, "“今年")]
    assert len(first.lines) == 4


def test_a_heading_over_a_paragraph_with_no_blank_line_between_stands_apart() -> None:
    # A briefs item: its heading set short of the measure, then its paragraph, whose first
    # line lost its indent; a digit-narrowed body line with clause marks is never cut off.
    item = ("老街夜市新开五处游客逾三十万\n"
            "记者今天从区商务局获悉，今年以\n"
            "来全区已新开夜市五处，吸引游客超过\n"
            "三十万人次，带动周边餐饮、零售等行\n"
            "业收入明显增长。")
    fragments, _ = _fragments(f"{BODY}\n{item}\n")
    assert fragments[_index(fragments, "老街")].text == "老街夜市新开五处游客逾三十万"
    assert fragments[_index(fragments, "记者")].text.startswith("记者今天从区商务局获悉，今年以\n来全区")
    digits = ("市民们说，老街的夜市又热闹起来了，\n"
              "据统计，2024年1至5月全区接待\n"
              "游客超过30万人次，带动周边餐饮零\n"
              "售等行业收入明显增长，成效显著。")
    fragments, _ = _fragments(f"{digits}\n")
    assert len(fragments) == 1


def test_a_title_in_capitals_closed_by_a_stop_stands_apart_from_the_kicker_above_it() -> None:
    # an old paper's headline ends on a full stop (NAVY ESTIMATES.): the stop ends no
    # sentence, so its lines are a title's, each to be grouped again, not one paragraph
    fragments, _ = _fragments("WARD rose, to request\nNAVY ESTIMATES.\n\nUnder these circumstances, he should find\n"
                              "himself under the necessity of proposing a\nvote of 29,000 seamen, which would be an\n"
                              "increase over that of last year.\n")
    assert [fragment.text for fragment in fragments[:2]] == ["WARD rose, to request", "NAVY ESTIMATES."]
    paragraph, _ = _fragments("The House then rose.\nIt adjourned at two.\n")
    assert len(paragraph) == 1  # two sentences in small letters stay one paragraph


def test_a_heading_set_right_under_a_paragraph_keeps_its_first_line() -> None:
    # the paragraph's last line ends a sentence a character short of the measure, so only
    # the line after it, short and ending none, tells that a two-line heading begins there
    paragraph = ("市民们说，老街的夜市又热闹起来了，\n"
                 "小吃摊前排起了长队，孩子们在灯下追\n"
                 "逐嬉戏，商户们的生意越来越好了。")
    item = ("全区开展夜间经济试\n"
            "点工作\n"
            "记者今天从区商务局获悉，今年以\n"
            "来全区已新开夜市五处，吸引游客超过\n"
            "三十万人次，带动周边餐饮、零售等行\n"
            "业收入明显增长。")
    fragments, _ = _fragments(f"{paragraph}\n{item}\n")
    assert fragments[0].text == paragraph
    assert [fragment.text for fragment in fragments[1:3]] == ["全区开展夜间经济试", "点工作"]


def test_a_short_line_above_a_title_line_is_that_titles_first_line() -> None:
    text = f"{BODY}\n\n夜间经济持续升温，带动\n周边消费回暖\n\n{MORE}\n"
    fragments, roles = _revised(text, {"周边": "section"})
    assert roles[_index(fragments, "夜间")] == "section"


def test_a_title_line_whose_last_word_runs_on_into_the_text_under_it_is_that_texts() -> None:
    # pdfminer boxes a column's first line alone: 入 / 境 is a word the column broke, so the
    # line is the text's start, not a section head; a wrapped title breaks so too, and its
    # next line, a line a title could be, keeps it a title
    rest = "境，展品涵盖农产品、手工艺品等多个门类，\n将于下月在昆明集中亮相。"
    text = f"{BODY}\n\n第七届南博会首批展品今天入\n\n{rest}\n\n{MORE}\n"
    fragments, roles = _revised(text, {"第七届": "section"})
    assert roles[_index(fragments, "第七届")] == "body"
    titled = f"{BODY}\n\n【我们的2024】中华\n\n文化绽放时代光彩\n\n{MORE}\n"
    fragments, roles = _revised(titled, {"【我们的": "headline"})
    assert roles[_index(fragments, "【我们的")] == "headline"


def test_a_line_spanning_columns_over_the_rest_of_its_title_is_that_titles_first_line() -> None:
    # a headline set across two columns wraps a few characters over: 举 / 行会谈, with its
    # byline under it and no blank line (pdftotext -raw); the wide line ends no sentence
    text = f"{BODY}\n习近平同老挝人民革命党中央总书记国家主席举\n行会谈\n赵明远\n{MORE}\n"
    fragments, roles = _revised(text, {"行会谈": "headline", "赵明远": "byline"})
    assert roles[_index(fragments, "习近平")] == "headline"
    wider = text.replace("\n行会谈\n", "\n老挝人民革命党中央总书记国家主席举行会谈并签署联合声明\n")
    fragments, roles = _revised(wider, {"老挝": "headline", "赵明远": "byline"})
    assert roles[_index(fragments, "习近平")] == "body"  # no narrower remainder under it: no wrapped title


def test_a_line_spanning_columns_under_a_title_and_above_a_byline_is_a_deck() -> None:
    text = (f"{BODY}\n\n老街夜市重新开张\n今年以来全区新开夜市五处，吸引游客超过三十万人次\n\n"
            f"□本报记者 王明\n\n{MORE}\n")
    fragments, roles = _revised(text, {"老街": "section", "□本报": "byline"})
    assert roles[_index(fragments, "老街")] == roles[_index(fragments, "今年以来")] == "headline"


def _units_of(groups: list[TitleGroup]) -> list[tuple[int, ...]]:
    """The fragments of every title unit of the groups, group by group, headline first."""
    return [unit.fragments for group in groups for unit in (group.headline, *group.others) if unit]


def test_a_title_line_opening_a_quotation_nothing_closes_is_a_paragraph_start() -> None:
    text = f"{BODY}\n\n“我们在谋划夜市时，就秉持\n\n{MORE}\n"
    fragments, roles = _revised(text, {"“我们": "headline"})
    assert roles[_index(fragments, "“我们")] == "body"


def test_a_dash_led_deck_runs_on_across_a_blank_line() -> None:
    text = f"老街夜市重新开张\n——商户探索“夜间经济”\n\n带动周边消费回暖\n\n□本报记者 王明\n\n{BODY}\n"
    fragments, [group] = _titled_above_byline(text)
    assert group.headline is not None
    assert fragments[group.headline.fragments[0]].text == "老街夜市重新开张"
    [deck] = group.others
    assert "".join(fragments[i].text for i in deck.fragments) == "——商户探索“夜间经济”带动周边消费回暖"


def test_a_heading_that_ends_its_chain_is_a_title() -> None:
    fragments, dump = _fragments(f"{BODY}\n\n{MORE}\n\n夜市里的烟火气\n")
    roles: list[Role] = ["body", "body", "section"]
    rows, _ = fragment_features(dump, fragments)
    chains = promote_sections(fragments, roles, [[0, 1, 2]], [Counter()] * 3, "cjk", features=rows, measure=None)
    assert chains == [[0, 1]]
    assert roles[2] == "headline"


def test_a_sentences_end_beside_a_byline_is_no_title() -> None:
    text = ("The committee met again on Monday to hear the\nharbour board's case for new berths, and will\n\n"
            "proceed.\nBy HENRY CALLOWAY\n\nThe harbour board says the new berths will pay\nfor themselves.\n")
    fragments, roles = _revised(text, {"proceed.": "headline", "By HENRY": "byline"}, latin)
    assert roles[_index(fragments, "proceed.")] == "body"


def test_a_title_in_capitals_between_two_chains_stays_a_headline() -> None:
    from broadsheet.cues import vocabulary  # noqa: PLC0415

    above = ("The harbour board met on Monday to hear the case for new berths\n"
             "on the east quay, and the members agreed to the harbour plan.\n")
    below = ("The harbour board heard the case for the east quay berths again\n"
             "on Tuesday, and the harbour plan was sent to the council.\n")
    for title, promoted in (("HARBOUR NEWS", False), ("Harbour news", True)):
        fragments, dump = _fragments(f"{above}\n{title}\n\n{below}")
        words = [vocabulary(fragment, dump.script) for fragment in fragments]
        roles: list[Role] = ["body", "headline", "body"]
        rows, _ = fragment_features(dump, fragments)
        chains = promote_sections(fragments, roles, [[0], [2]], words, "latin", features=rows, measure=64.0)
        assert (roles[1] == "section") is promoted, title
        assert (chains == [[0, 1, 2]]) is promoted, title
    # a headline in capitals with a deck in small letters under it stays a headline too: the
    # run is the title block of a new article, not a crosshead of the one above
    fragments, dump = _fragments(f"{above}\nHARBOUR NEWS\n\nThe berths are to be built\n\n{below}")
    words = [vocabulary(fragment, dump.script) for fragment in fragments]
    roles = ["body", "headline", "headline", "body"]
    rows, _ = fragment_features(dump, fragments)
    chains = promote_sections(fragments, roles, [[0], [3]], words, "latin", features=rows, measure=64.0)
    assert roles == ["body", "headline", "headline", "body"]
    assert chains == [[0], [3]]


def test_a_source_named_over_a_dateline_heads_the_news_it_gave() -> None:
    # a 19th-century paper heads what it reprints by its source: the model read the short
    # line as text; over a dateline it is a headline, and never a crosshead of the news above
    from broadsheet.cues import vocabulary  # noqa: PLC0415

    above = "Paris, 2 décembre. La diplomatie a donné à l'Europe les preuves de la paix générale.\n"
    for below, headed in (("Paris, 3 décembre. La diplomatie a donné à l'Europe les preuves de la paix.\n", True),
                          ("La diplomatie a donné à l'Europe les preuves de la paix générale.\n", False)):
        text = f"{above}\nLe Nord.\n\n{below}"
        fragments, roles = _revised(text, {}, latin)
        assert roles[1] == ("headline" if headed else "body")
        words = [vocabulary(fragment, "latin") for fragment in fragments]
        _, dump = _fragments(text)
        rows, _ = fragment_features(dump, fragments)
        titled: list[Role] = ["body", "headline", "body"]
        chains = promote_sections(fragments, titled, [[0], [2]], words, "latin", features=rows, measure=None)
        assert (chains == [[0], [2]]) is headed  # the lone line is a crosshead only over text of its own


def test_a_dateline_set_apart_is_no_title() -> None:
    # a notice closes on its place and date, a market report opens on them: set apart
    # like titles, read as such by the model, they are text; a title in capitals stays one
    text = ("EXTRA VERKOOPING.\n\nOp WOENSDAG zal in het gewone BOELHUIS publiek worden verkocht.\n\n"
            "Groningen den 5 November 1813.\n\nLONDON MARKETS.\n\nWheat sold at last week's prices.\n")
    starts = ("EXTRA", "Groningen", "LONDON")
    fragments, roles = _revised(text, dict.fromkeys(starts, "headline"), latin)
    assert [roles[_index(fragments, start)] for start in starts] == ["headline", "body", "headline"]


def test_in_a_dump_set_a_paragraph_a_line_only_a_lone_line_becomes_a_crosshead() -> None:
    # no widths to compare there: a title of two lines between two texts is a headline and its deck
    from broadsheet.cues import vocabulary  # noqa: PLC0415

    above = "The harbour board met on Monday to hear the case for new berths on the east quay.\n"
    below = "The harbour board heard the case for the east quay berths again on Tuesday.\n"
    for titles, promoted in ((["Harbour news"], True), (["Harbour news", "The berths are to be built"], False)):
        fragments, dump = _fragments("\n".join([above, *(f"{title}\n" for title in titles), below]))
        words = [vocabulary(fragment, dump.script) for fragment in fragments]
        roles: list[Role] = ["body", *(["headline"] * len(titles)), "body"]
        rows, _ = fragment_features(dump, fragments)
        last = len(fragments) - 1
        chains = promote_sections(fragments, roles, [[0], [last]], words, "latin", features=rows, measure=None)
        assert (chains == [list(range(last + 1))]) is promoted, titles


def test_a_title_line_ending_on_a_comma_hyphen_or_small_word_is_a_sentence_running_on() -> None:
    text = ("THE NAVY ESTIMATES\n\nThe Gallery was then or-\n\ndered to be cleared for a division, and the House\n"
            "divided on the amendment of the Hon. Member.\n\nNotwithstanding these hopes,\n\n"
            "they went on every year increasing, till our navy was ready.\n\nHe was anxious to know the\n\n"
            "sum intended for the defence of the colonies.\n")
    starts = ("THE NAVY", "The Gallery", "Notwithstanding", "He was")
    fragments, roles = _revised(text, dict.fromkeys(starts, "headline"), latin)
    assert [roles[_index(fragments, start)] for start in starts] == ["headline", "body", "body", "body"]


def test_a_small_word_piece_beside_a_title_line_that_runs_on_into_the_body_is_body() -> None:
    # pdfminer cuts a justified line where its spaces stretch: the pieces stand alone
    text = ("He was anxious to know\n\nhow much of\n\nthe proposed\n\n"
            "vote was intended for the defence of the\ncountry, and how much for the prevention\n"
            "of smuggling on the coasts of the kingdom.\n")
    fragments, roles = _revised(text, dict.fromkeys(("He was", "how much"), "headline"), latin)
    assert roles[_index(fragments, "how much")] == "body"


def test_a_title_line_opening_on_a_particle_or_closing_an_unopened_quotation_is_body() -> None:
    cut = ("市民们说，老街的夜市又热闹起来了，小吃摊前排起了长队\n\n了孩子们在灯下追逐嬉戏\n\n"
           "商户们说《夜市管理办法》和配套\n\n措施》出台后生意越来越好\n\n老街夜市重现烟火气\n\n" + MORE + "\n")
    fragments, roles = _revised(cut, {"了孩子们": "headline", "措施》": "headline", "老街夜市重现": "headline"})
    assert [roles[_index(fragments, start)] for start in ("了孩子们", "措施》", "老街夜市重现")] == [
        "body", "body", "headline"]


def test_a_bare_name_read_as_a_title_is_a_byline() -> None:
    text = f"老街夜市重现烟火气\n\n{BODY}\n\n邓宏伟 曹雪琳\n\n{MORE}\n"
    fragments, roles = _revised(text, {"老街": "headline", "邓宏伟": "headline"})
    assert roles[_index(fragments, "邓宏伟")] == "byline"
    assert roles[_index(fragments, "老街")] == "headline"


@pytest.mark.parametrize(("title", "lead"), [
    # "年年会并发表特别致辞" stands in the body too, which alone would make it a deck
    # quoting the body; but the body runs on across the headline's line break
    ("李强出席世界经济论坛2024\n年年会并发表特别致辞",
     "当地时间1月16日，国务院总理李强在达\n沃斯出席世界经济论坛2024年年会并发\n表特别致辞。"),
    # the lead says 春节期间，我国移动互联网…: the comma at the break still restates the headline
    ("春节期间我国移动互\n联网流量使用量大幅\n提升",
     "工业和信息化部最新数据显示，今年春节期间，\n我国移动互联网流量使用量大幅提升，5G流\n量使用量同比增长超七成。"),
    # the lead restates 中华文化绽放时代光彩 but not the tag 【我们的2024】 opening the first line
    ("【我们的2024】中华\n文化绽放时代光彩",
     "这一年，中华文化绽放时代光彩，文\n化事业和文化产业蓬勃发展，人民群众\n精神文化生活日益丰富。"),
    # the lead quotes only the second line (优秀传统文化绽放时代光彩), but the break falls
    # inside a word (中华|文化): the corpus sees 华|文 broken by columns, not two lines meeting
    ("【我们的2024】中华\n文化绽放时代光彩",
     "这一年，文脉绵延赓续，优秀传统文化绽\n放时代光彩，人民群众精神文化生活日\n益丰富。"),
    # the lead sets a comma and a word (，积极) where the headline broke its line
    ("加大重点抗疫物资市场供给\n引导精准投放保障群众需求",
     "各地各部门加快推进重点抗疫物资市场\n供给，积极引导精准投放保障群众需求，\n确保药品供应顺畅。"),
])
def test_a_headline_the_first_paragraph_restates_across_its_line_break_still_wraps(title: str, lead: str) -> None:
    fragments, [group] = _titled_above_byline(f"{title}\n□本报记者 王明\n{lead}\n\n{BODY}\n")
    assert group.headline is not None
    assert not group.others
    assert "".join(fragments[i].text for i in group.headline.fragments) == title.replace("\n", "")


def test_a_line_read_as_a_section_right_under_a_headline_line_is_the_headlines() -> None:
    text = f"{BODY}\n\n南方多地全力应对灾情 切实保障人民\n群众生命财产安全\n\n{MORE}\n"
    fragments, roles = _revised(text, {"南方": "headline", "群众": "section"})
    assert roles[_index(fragments, "群众")] == "headline"
    fragments, roles = _revised(f"{BODY}\n\n群众生命财产安全\n{MORE}\n", {"群众": "section"})
    assert roles[_index(fragments, "群众")] == "section"  # over body text it heads a section


def test_a_line_read_as_a_section_right_over_a_headline_line_is_the_headlines() -> None:
    # pdftotext prints a headline's first line, read alone, as a crosshead of the story above
    text = f"{BODY}\n\n李强出席世界经济论坛2024\n年年会并发表特别致辞\n□本报记者 沈卫平\n{MORE}\n"
    fragments, roles = _revised(text, {"李强": "section", "年年会": "headline"})
    assert roles[_index(fragments, "李强")] == "headline"
    fragments, roles = _revised(f"{BODY}\n\n李强出席世界经济论坛2024\n\n年年会并发表特别致辞\n{MORE}\n",
                                {"李强": "section", "年年会": "headline"})
    assert roles[_index(fragments, "李强")] == "section"  # a blank line parts it from the title below


def test_a_titles_short_last_line_read_as_a_byline_goes_back_to_the_title() -> None:
    text = f"{BODY}\n\n上海东方枢纽国际商务\n合作区打造制度型开放新\n高地\n□本报记者 彭国栋\n{MORE}\n"
    titled = {"上海": "headline", "合作区": "headline"}
    # the role model took 高地 (a name's length) for the byline's start
    fragments, roles = _revised(text, {**titled, "高地": "byline", "□本报": "byline"})
    assert roles[_index(fragments, "高地")] == "headline"
    assert roles[_index(fragments, "□本报")] == "byline"
    fragments, roles = _revised(text, {**titled, "高地": "byline"})  # no byline below it: a name on its own
    assert roles[_index(fragments, "高地")] == "byline"


def test_a_briefs_columns_name_heads_its_group_over_the_first_items_longer_title() -> None:
    text = f"国内联播快讯\n\n全区新开夜市五处带动消费回暖\n\n□本报记者 王明\n\n{BODY}\n"
    for names_column, headline in ((cjk.names_briefs_column, "国内"), (None, "全区")):
        fragments, groups = _titled_above_byline(text, names_column)
        assert [group.headline.fragments for group in groups if group.headline] == [(_index(fragments, headline),)]


def test_a_line_naming_a_briefs_column_never_wraps_onto_the_title_above_it() -> None:
    text = f"经港珠澳大桥珠海公路口岸驶入广东\n国内联播快讯\n\n□本报记者 王明\n\n{BODY}\n"
    for names_column, units in ((cjk.names_briefs_column, [("国内",), ("经港",)]), (None, [("经港", "国内")])):
        fragments, groups = _titled_above_byline(text, names_column)
        assert _units_of(groups) == [tuple(_index(fragments, start) for start in unit) for unit in units]


def test_a_paper_name_above_the_first_story_is_its_masthead() -> None:
    # The masthead stands among the page's date and folio, above every story; the same
    # shape under a story's text, or a headline that is no paper's name, stays a title.
    page = f"南屏日报\n\n第31版 综合\n\n老街夜市又热闹起来了\n\n{BODY}\n\n江州日报\n\n{MORE}\n"
    fragments, roles = _revised(page, {"南屏日报": "headline", "老街夜市": "headline", "江州日报": "headline"})
    assert roles[_index(fragments, "南屏日报")] == "furniture"
    assert roles[_index(fragments, "老街夜市")] == "headline"
    assert roles[_index(fragments, "江州日报")] == "headline"  # below body text: not the page's head


def test_a_slogan_among_the_page_furniture_is_furniture_and_a_headline_of_its_shape_is_not() -> None:
    # pdftotext -raw prints a public-service slogan among the titles at the page's foot,
    # by the editors' line; a headline set in the same shape stands among titles
    page = (f"老街夜市又热闹起来了\n\n{BODY}\n\n【伟大复兴 壮丽航程】\n\n神州巨变 小康梦圆\n\n{MORE}\n\n"
            "责任编辑 许春梅 美术编辑 罗永康\n文明城市 你我共建\n")
    chosen = {"老街夜市": "headline", "【伟大复兴": "headline", "神州巨变": "headline", "责任编辑": "furniture",
              "文明城市": "headline"}
    fragments, roles = _revised(page, chosen)
    assert roles[_index(fragments, "文明城市")] == "furniture"
    assert roles[_index(fragments, "神州巨变")] == "headline"
    assert not latin.reads_as_slogan("Safety First Always")


def test_a_latin_masthead_is_known_by_its_paper_word_and_capitals() -> None:
    body = ("The committee met on Tuesday and resolved\nthat the Bill was intended to make ample\n"
            "provision for the performance of the duties\nlaid upon the magistrates of the county.")
    page = f"THE MERIDIAN HERALD\n\nFIRE AT THE HERALD OFFICE\n\n{body}\n"
    fragments, roles = _revised(page, {"THE MERIDIAN": "headline", "FIRE AT": "headline"}, latin)
    assert roles[_index(fragments, "THE MERIDIAN")] == "furniture"
    assert roles[_index(fragments, "FIRE AT")] == "headline"
    assert not latin.names_newspaper("Fire at the Herald")


def test_a_speck_beside_a_title_is_no_part_of_it() -> None:
    # OCR dirt over a heading ("•" above SUPPLY.) holds no letter: it is no word split off
    # the title, so it does not stay one beside it, as a short word would.
    body = ("The committee met on Tuesday and resolved\nthat the Bill was intended to make ample\n"
            "provision for the performance of the duties\nlaid upon the magistrates of the county.")
    for speck, kept in (("•", "body"), ("Of", "headline")):
        page = f"{body}\n\n{speck}\n\nSUPPLY.\n\n{body}\n"
        fragments, roles = _revised(page, {speck: "headline", "SUPPLY": "headline"}, latin)
        assert roles[_index(fragments, speck)] == kept
        assert roles[_index(fragments, "SUPPLY")] == "headline"


def test_a_title_line_of_capitals_read_as_a_byline_opens_the_title_under_it() -> None:
    # COIN OF / TIM REALM: the first line, short and in capitals, reads like a name; it
    # stops on "OF", has no By of its own and no byline above it, so it is the title's.
    # The last line of a byline that wrapped (By GEORGE / HARCOURT) stays the byline's.
    body = ("The committee met on Tuesday and resolved\nthat the Bill was intended to make ample\n"
            "provision for the performance of the duties\nlaid upon them.")
    page = f"{body}\nCOIN OF\nTIM REALM\nBy THOMAS HARCOURT\n{body}\n"
    fragments, roles = _revised(page, {"COIN OF": "byline", "TIM REALM": "headline", "By THOMAS": "byline"}, latin)
    assert [roles[_index(fragments, start)] for start in ("COIN OF", "TIM REALM", "By THOMAS")] == [
        "headline", "headline", "byline"]
    # a whole title line read as a name, over its deck, with its own By under the two
    page = f"{body}\nCOIN OF THE REALM\nIn the reign of Queen Anne\nBy THOMAS HARCOURT\n{body}\n"
    fragments, roles = _revised(page, {"COIN OF": "byline", "In the reign": "headline", "By THOMAS": "byline"}, latin)
    assert roles[_index(fragments, "COIN OF")] == "headline"
    page = f"{body}\nBy GEORGE\nHARCOURT\nORDER TO HAVE\n{body}\n"
    fragments, roles = _revised(page, {"By GEORGE": "byline", "HARCOURT": "byline", "ORDER TO": "headline"}, latin)
    assert roles[_index(fragments, "HARCOURT")] == "byline"


def test_a_line_read_as_a_byline_that_holds_a_word_no_names_do_is_a_title() -> None:
    # COIN OF TIM REALM standing over body text, read as a name: OF is in no signature;
    # a signature's particles and "en" are (Pieter de Groot en Dirk van Dijk)
    body = ("The committee met on Tuesday and resolved\nthat the Bill was intended to make ample\n"
            "provision for the performance of the duties\nlaid upon them.")
    for line, expected in (("COIN OF TIM REALM", "headline"), ("Pieter de Groot en Dirk van Dijk", "byline")):
        page = f"{body}\n\n{line}\n\n{body}\n"
        fragments, roles = _revised(page, {line[:6]: "byline"}, latin)
        assert roles[_index(fragments, line[:6])] == expected


def test_a_title_read_as_the_rest_of_a_byline_it_does_not_continue_is_a_title() -> None:
    # -raw prints a story's byline, then its title: By HELEN WYNDHAM / COIN OF TIM REALM.
    # A whole byline is continued by no line of capitals; By GEORGE and / LUCY BELL is.
    body = ("The committee met on Tuesday and resolved\nthat the Bill was intended to make ample\n"
            "provision for the performance of the duties\nlaid upon them.")
    for byline, line, expected in (("By HELEN WYNDHAM", "COIN OF TIM REALM", "headline"),
                                   ("By GEORGE HARCOURT and", "LUCY BELL", "byline")):
        page = f"{body}\n\n{byline}\n{line}\n\n{body}\n"
        fragments, roles = _revised(page, {byline[:6]: "byline", line[:6]: "byline"}, latin)
        assert roles[_index(fragments, line[:6])] == expected


def test_a_line_read_as_a_byline_that_a_text_restates_at_its_opening_is_a_title() -> None:
    # MR HUME SAID holds no function word, but a report on the page opens by restating it
    # (Mr. HUME said that…): a report restates its head, never its byline
    body = ("The committee met on Tuesday and resolved\nthat the Bill was intended to make ample\n"
            "provision for the performance of the duties\nlaid upon them.")
    report = "Mr. HUME said that he saw no reason why\nany addition should be made to the vote."
    page = f"{body}\n\nMR HUME SAID\n\n{body}\n\n{report}\n"
    fragments, roles = _revised(page, {"MR HUME": "byline"}, latin)
    assert roles[_index(fragments, "MR HUME")] == "headline"
    page = f"{body}\n\nJOHN HUME\n\n{body}\n\n{report}\n"  # a name the text does not open with
    fragments, roles = _revised(page, {"JOHN HUME": "byline"}, latin)
    assert roles[_index(fragments, "JOHN HUME")] == "byline"


def test_a_headline_in_display_type_printed_rows_apart_in_a_layout_column_is_one_title() -> None:
    # pdftotext -layout prints a large headline's lines rows apart (IT AT THE HON … GENTLEMAN);
    # in one layout column, at one left edge or centred, they are one title, in capitals or
    # in a script without them. A line in small letters under capitals is a deck, and where
    # no column stream is known (plain pdftotext, pdfminer) a blank line parts them.
    def units(upper: str, lower: str, column: int = 1, x: int = 48) -> list[tuple[int, ...]]:
        lines = (Line(0, 0, upper, 48, display_width(upper), 1, column, 3),
                 Line(1, 0, lower, x, display_width(lower), 1, column, 7))
        fragments = tuple(Fragment(number, 0, (line,)) for number, line in enumerate(lines))
        features = np.zeros((2, len(FRAGMENT_FEATURES)))
        features[:, FRAGMENT_FEATURES.index("upper")] = [float(text.isupper()) for text in (upper, lower)]
        cues = Cues(features, ("headline", "headline"), (1.0, 1.0), 40.0, features[:, :0], (Counter(),) * 2)
        return title_units([0, 1], fragments, cues)

    assert units("IT AT THE HON", "GENTLEMAN") == [(0, 1)]
    assert units("PARKINS COMING TO MY", "MOTHER", x=55) == [(0, 1)]  # centred under it
    assert units("【新思想引领新征程】坚持", "绿色发展 建设美丽中国") == [(0, 1)]
    assert units("IT AT THE HON", "in the reign of Anne") == [(0,), (1,)]
    assert units("IT AT THE HON", "GENTLEMAN", column=0) == [(0,), (1,)]


def test_a_cjk_layout_headlines_lines_align_on_the_grid_not_in_display_columns() -> None:
    # pdftotext -layout puts a Han character on one grid cell, but a display column counts
    # it twice: a headline line with a briefs column's name printed left of it on its row
    # (国内联播快讯 …… 习近平同苏里) stands 6 display columns right of its next line
    # (…… 南总统会谈), both at cell 91. On the grid the two start level and are one title.
    def units(cells: tuple[int, int]) -> list[tuple[int, ...]]:
        upper, lower = "习近平同苏里", "南总统会谈"
        lines = (Line(0, 0, upper, 97, display_width(upper), 1, 12, 4, cells[0]),
                 Line(1, 0, lower, 91, display_width(lower), 3, 12, 8, cells[1]))
        fragments = tuple(Fragment(number, 0, (line,)) for number, line in enumerate(lines))
        features = np.zeros((2, len(FRAGMENT_FEATURES)))
        cues = Cues(features, ("headline", "headline"), (1.0, 1.0), 40.0, features[:, :0], (Counter(),) * 2)
        return title_units([0, 1], fragments, cues)

    assert units((91, 91)) == [(0, 1)]
    assert units((91, 80)) == [(0,), (1,)]  # apart on the grid too: two titles
    assert units((-1, -1)) == [(0,), (1,)]  # no grid known: display columns, neither level nor centred


def test_a_title_group_of_dash_led_decks_has_no_headline() -> None:
    # ——助力安哥拉国家发展振兴 alone above its article: a subtitle whose headline pdftotext
    # printed elsewhere; it is no headline itself, whatever else its group holds.
    deck = "——助力安哥拉国家发展振兴\n□本报记者 黄建国"
    fragments, [group] = _titled_above_byline(f"{deck}\n{BODY}\n")
    assert group.headline is None
    assert len(group.others) == 1
    fragments, [group] = _titled_above_byline(f"习近平同安哥拉总统会谈\n\n{deck}\n{BODY}\n")
    assert group.headline is not None
    assert fragments[group.headline.fragments[0]].text == "习近平同安哥拉总统会谈"


def test_a_line_in_sentence_case_over_text_going_on_in_small_letters_is_that_sentences_start() -> None:
    # pdfminer and pdftotext cut a paragraph's first words off as a line of their own; the
    # text under it goes on in small letters. A headline in capitals over such text stays.
    body = ("The committee met on Tuesday and resolved\nthat the Bill was intended to make ample\n"
            "provision for the performance of the duties\nlaid upon them.")
    rest = ("much of the proposed vote was intended for\nthe new ships and how much for the repair\n"
            "of the old ones laid up in ordinary.")
    for head, kept in (("He was anxious to know how", "body"), ("THE NAVY ESTIMATES", "headline")):
        fragments, roles = _revised(f"{body}\n\n{head}\n\n{rest}\n", {head[:6]: "headline"}, latin)
        assert roles[_index(fragments, head[:6])] == kept


def test_a_line_over_a_box_of_short_lines_going_on_in_small_letters_is_that_sentences_start() -> None:
    # pdfminer prints a column's box, its first line cut off as wider than the short lines
    # under it; the model read the first of those as a title too, and a revision made it
    # body. No blank line parts the box's lines. A title line under another (a wrapped
    # deck) and a line over a blank line stay titles.
    body = "were under a more relaxed discipline than\nin the navy, as the committee had shown."
    rest = "how much of\nthe proposed\nvote was intended for the defence of the\ncountry."
    for head, gap, kept in (("He was anxious to know", "\n", "body"), ("He was anxious to know", "\n\n", "headline"),
                            ("THE NAVY\nHe was anxious to know", "\n", "headline")):
        fragments, roles = _revised(f"{body}\n\n{head}{gap}{rest}\n",
                                    {"He was": "headline", "how much": "headline", "THE NAVY": "headline"}
                                    if "NAVY" in head else {"He was": "headline", "how much": "headline"}, latin)
        assert roles[_index(fragments, "how much")] == "body", head
        assert roles[_index(fragments, "He was")] == kept, (head, gap)


def test_a_cjk_title_line_over_text_going_on_from_it_is_that_sentences_start() -> None:
    # the text under it opens on 的: it goes on from the line above, which is no title
    head = "会议强调要认真学习贯彻习近平总书记"
    rest = ("的重要讲话精神，推动各项工作落地见效，\n确保全年目标任务圆满完成，为全市经济\n社会发展作出新的更大贡献。")
    fragments, roles = _revised(f"{BODY}\n\n{head}\n\n{rest}\n", {"会议强调": "headline"})
    assert roles[_index(fragments, "会议强调")] == "body"
    fragments, roles = _revised(f"{BODY}\n\n{head}\n\n{MORE}\n", {"会议强调": "headline"})
    assert roles[_index(fragments, "会议强调")] == "headline"


def test_a_headline_in_display_type_leads_its_group_over_a_longer_one_line_kicker() -> None:
    # 享受多彩假日美好生活 / 礼赞新时代新征程: lines of ten characters and fewer over a body
    # of eighteen, so set larger than the one-line kicker above it, which holds more words
    text = f"本地游近郊游走热成为假日出游新选择\n\n享受多彩假日美好生活\n礼赞新时代新征程\n□本报记者 高春林\n{BODY}\n"
    fragments, [group] = _titled_above_byline(text)
    assert group.headline is not None
    assert fragments[group.headline.fragments[0]].text == "享受多彩假日美好生活"


def test_titles_in_capitals_stacked_a_line_each_are_told_apart_where_a_word_would_have_fitted() -> None:
    # pdftotext -raw prints the titles of a page drawn last one after another: a line
    # breaks inside one title only where the next word would not fit its measure
    text = ("MR HUME SAID\nI SO BEFORE\nTHE OUSE\nCOIN OF TIM REALM\n\n□本报记者 王明\n\n"
            "Mr. Hume said that he saw no reason why any addition should be made.\n")
    fragments, groups = _titled_above_byline(text)
    assert sorted(_units_of(groups)) == [(_index(fragments, "MR"), _index(fragments, "I SO"), _index(fragments, "THE")),
                     (_index(fragments, "COIN"),)]
    assert breaks_where_full([Line(0, 0, "I SO BEFORE", 0, 11, 0), Line(1, 0, "THE OUSE", 0, 8, 0)])


def test_a_title_in_small_letters_wraps_where_full_but_a_deck_quoted_whole_from_the_body_stands_alone() -> None:
    body = ("The paper produced by the witness was then read\nto the court, and the Jury found it wanting in\n"
            "every particular that the plaintiff had named.\n")
    for title, units in (("The harvest in the\nnorthern counties", [("The harvest", "northern")]),
                         ("The paper produced by the witness\nwent there no laws against Usury",
                          [("The paper",), ("went",)])):
        fragments, groups = _titled_above_byline(f"{title}\nBy JOHN SMITH\n\n{body}", byline="By JOHN")
        assert sorted(_units_of(groups)) == [tuple(_index(fragments, start) for start in unit) for unit in units]


def test_a_cjk_deck_quoted_from_the_body_is_no_first_line_of_the_title_under_it() -> None:
    # pdftotext -raw prints a pull quote (the body's own words) right above the headline,
    # no wider than its first line: the two are a deck and a title, not one wrapped title
    body = ("习近平指出，中国同太平洋岛国有着悠久的交往\n"
            "历史，两国人民友谊历久弥新共同发展前景广阔。\n"
            "中方发展同岛国关系，是南南合作框架内的互帮\n")
    title = "两国人民友谊历久弥新共同发展\n习近平同密克罗尼西亚联邦\n总统会谈\n□本报记者 邓宏伟\n"
    fragments, groups = _titled_above_byline(f"{title}{body}")
    assert sorted(_units_of(groups)) == [(_index(fragments, "两国"),), (_index(fragments, "习近平同"),
                                                                          _index(fragments, "总统"))]


def test_a_title_across_columns_may_leave_one_letter_for_its_second_line() -> None:
    # 举行会 / 谈: the remainder is too short to read as a title alone, yet the wide line
    # over it is the title's, not body text; a wide line holding a sentence's comma, over a
    # letter alone, stays body
    title = "习近平同老挝人民革命党中央总书记、国家主席举行会\n谈\n"
    fragments, roles = _revised(f"{BODY}\n{title}{MORE}\n", {"谈": "headline"})
    assert roles[_index(fragments, "习近平同")] == "headline"
    clause = "今年全市自来水普及率提高到百分之八十七，治\n理\n"
    fragments, roles = _revised(f"{BODY}\n{clause}{MORE}\n", {"理": "headline"})
    assert roles[_index(fragments, "今年全市")] == "body"


def test_two_item_heads_printed_together_inside_a_story_are_two_headings() -> None:
    # pdfminer printed a briefs column's two item heads one after the other, each a box;
    # the second (wrapped over two lines, its item quoting it, as a deck would be quoted)
    # is one heading, the first (narrower than the line after it) another
    from broadsheet import Heading, reconstruct  # noqa: PLC0415
    from broadsheet.articles import _Writer  # noqa: PLC0415

    text = (f"{BODY}\n\n老街夜市新开\n\n全区文旅消费季今起\n启动\n\n{MORE}\n\n"
            "区文旅委今天宣布，全区文旅消费季今起\n启动，持续到十月底。\n")
    page = reconstruct(text)
    heads = [_index(page.fragments, start) for start in ("老街", "全区", "启动")]
    roles = tuple("section" if i in heads else "body" for i in range(len(page.fragments)))
    writer = _Writer(page.dump, page.fragments, replace(page.cues, roles=roles), replace(page.order, roles=roles),
                     page.params, marking=Marking.LINES)
    body = writer.body(tuple(range(len(page.fragments))))
    assert [block for block in body if isinstance(block, Heading)] == [Heading("老街夜市新开"),
                                                                       Heading("全区文旅消费季今起启动")]


def test_a_short_line_set_under_a_layout_headline_line_is_its_wrapped_rest() -> None:
    # pdftotext -layout: a headline's second line, narrower and set to the right under the
    # first, which the gutters read as a stream of its own and the model as furniture
    def line(number: int, text: str, x: int, column: int, row: int) -> Line:
        return Line(number, 0, text, x, display_width(text), 1, column, row)  # a blank row above each

    body = "9月6日下午，国家主席习近平在北京人民大会堂会见冈比亚总统巴罗。"
    for x, expected in ((4, "headline"), (14, "furniture")):  # within the line's span, or beside it
        lines = [(line(0, "习近平会见冈", 0, 0, 2),), (line(1, "比亚总统", x, 1, 4),), (line(2, body, 0, 3, 9),)]
        rows = np.zeros((3, len(FRAGMENT_FEATURES)))
        texts = [fragment[0].text for fragment in lines]
        chosen = ["headline", "furniture", "body"]
        assert revise_roles(chosen, rows, texts, cjk, lines=lines)[1] == expected
        assert revise_roles(chosen, rows, texts, cjk)[1] == "furniture"  # no rows known: no -layout page
        fragments = tuple(Fragment(n, 0, fragment) for n, fragment in enumerate(lines))
        roles: tuple[Role, ...] = ("headline", "headline", "body")
        cues = Cues(rows, roles, (1.0,) * 3, 30.0, rows[:, :0], (Counter(),) * 3)
        [group] = title_groups(fragments, cues)
        assert group.headline is not None
        assert group.headline.fragments == ((0, 1) if x == 4 else (0,))


def test_a_layout_headlines_next_lines_printed_together_rows_under_its_first_go_on_it() -> None:
    # pdftotext -layout prints a large headline's first line rows apart and its next two on
    # rows of their own together: one fragment of two lines, at the same left edge, no wider
    def line(number: int, text: str, row: int, column: int = 6) -> Line:
        return Line(number, 0, text, 1, display_width(text), 0 if row == 69 else 2, column, row)

    for column, expected in ((6, ((0, 1),)), (0, ((0,), (1,)))):  # a -layout column stream, or none known
        fragments = (Fragment(0, 0, (line(0, "神舟十九号航天员", 65, column),)),
                     Fragment(1, 0, (line(1, "乘组圆满完成第一", 68, column), line(2, "次出舱活动", 69, column))))
        rows = np.zeros((2, len(FRAGMENT_FEATURES)))
        cues = Cues(rows, ("headline", "headline"), (1.0, 1.0), 30.0, rows[:, :0], (Counter(), Counter()))
        assert title_units([0, 1], fragments, cues) == list(expected)


def test_layout_titles_stacked_on_the_sheet_are_one_run_though_streams_part_them() -> None:
    # pdftotext -layout's streams part a title block: MR HUME SAID (row 5) and its deck set
    # right under it (row 6) stand in two streams, a byline between them in the dump. On the
    # sheet the deck is stacked under the headline, so the two are one run, top to bottom;
    # a title a row down but beside the headline (sharing little of its width) is another.
    def runs(deck_x: int) -> list[list[int]]:
        texts = (("MR HUME SAID", 5, 40), ("By GEORGE HARCOURT", 9, 38), ("something more than men", 6, deck_x))
        lines = [Line(n, 0, text, x, len(text), 1, 0, row, x) for n, (text, row, x) in enumerate(texts)]
        fragments = tuple(Fragment(n, 0, (line,)) for n, line in enumerate(lines))
        return stacked_title_runs(("headline", "byline", "headline"), fragments)

    assert runs(36) == [[0, 2]]
    assert runs(50) == [[0], [2]]  # 2 of the headline's 12 columns shared: beside it
    assert title_runs(("headline", "byline", "headline")) == [[0], [2]]
