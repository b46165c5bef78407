"""Fragments: where the dump's lines are cut into runs that surely belong together."""

from __future__ import annotations

from broadsheet.fragments import lines_to_fragments
from broadsheet.params import Params
from broadsheet.read import read_dump


def _texts(text: str) -> list[str]:
    dump = read_dump(text, Params())
    return [fragment.text for fragment in lines_to_fragments(dump, Params())]


def test_a_dash_led_cjk_deck_stands_alone_whatever_it_is_glued_to() -> None:
    deck = "——助力安哥拉国家发展振兴"
    above = "考验的共产主义战士，中国特色\n志一道，不断把老中友好事业推\n"  # pdfminer glued the deck to a column's foot
    below = "\n工程带给福州百姓是实打实的好\n处。城镇居民人均可支配收入从\n"  # ... or the column's top to the deck
    assert deck in _texts(above + deck + "\n")
    assert deck in _texts(deck + below)
    # a dash inside a body line, or one opening a line that ends a sentence, cuts nothing
    assert not any(text == "——这是他说的。" for text in _texts(above + "——这是他说的。\n"))


def test_a_dash_opening_a_latin_line_leaves_the_run_whole() -> None:
    text = ("The Hon. Member said that the estimates for the year\nwere higher than any the house had seen\n"
            "— and he would say so again — since the war.\n")
    assert len(_texts(text)) == 1


def test_a_mastheads_line_stands_alone_though_no_blank_line_parts_it_from_a_title() -> None:
    # a short -layout stream (the masthead over a column's name five rows down) shows no gap
    assert _texts("南屏日报\n国内联播快讯\n") == ["南屏日报", "国内联播快讯"]
    assert _texts("THE MERIDIAN HERALD\nI SO BEFORE THE OUSE\n") == ["THE MERIDIAN HERALD", "I SO BEFORE THE OUSE"]
    # no paper's name: two lines of type, the run's cut-off tail, stay one fragment for the titles to part
    assert _texts("南屏新闻\n国内联播快讯\n") == ["南屏新闻\n国内联播快讯"]


def test_a_first_line_ending_its_sentence_at_its_stripped_indent_stays_with_its_paragraph() -> None:
    # the indent stripped, the first line is two characters short of the full lines under
    # it, and its first sentence ends right at its end: its paragraph goes on below
    opening = "第四，中南要做维护正义的全球伙伴。"
    paragraph = "独立自主是我们共同坚守的原则。中方支持\n南非在国际和地区事务中发挥更大作用，愿\n"
    assert _texts(opening + "\n" + paragraph) == [opening + "\n" + paragraph.rstrip("\n")]
    # the same line closing a paragraph under full lines ends it
    above = "同南非等发展中国家一道落实全球发展倡议\n"
    assert _texts(above + opening + "\n" + paragraph)[0] == above + opening
    # a line with half-width digits tells no indent by its width: a paragraph of its own
    digits = "今年上半年，进出口总额增长8.5%。"
    assert _texts(digits + "\n" + paragraph)[0] == digits
