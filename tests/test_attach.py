"""Captions go to the story whose words cover most of their letters (attach.py).

`BagIndex.letter_coverages` sums unit by unit over the bags holding each unit, so that a
page's cost grows with how often its words recur, not with captions times fragments; it
must equal the plain definition: per letter, the rarest unit the bag holds covering it.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from broadsheet.attach import BagIndex
from broadsheet.cues import letter_units
from broadsheet.page import Role

LETTERS = "京东秒杀二维码手机扫描消费者参与活动"
pairs = st.text(alphabet=LETTERS, min_size=2, max_size=2)


def _by_definition(units: list[tuple[str, int, int]], bags: list[Counter[str]],
                   weights: dict[str, float]) -> np.ndarray:
    length = max((end for _, _, end in units), default=0)
    total, found = np.zeros(length), np.zeros((len(bags), length))
    for unit, start, end in units:
        weight = weights.get(unit, 1.0)
        total[start:end] = np.maximum(total[start:end], weight)
        for number, bag in enumerate(bags):
            if unit in bag:
                found[number, start:end] = np.maximum(found[number, start:end], weight)
    return found.sum(axis=1) / total.sum() if total.sum() else np.zeros(len(bags))


@settings(max_examples=150, deadline=None)
@given(bags=st.lists(st.lists(pairs, max_size=20).map(Counter), min_size=1, max_size=10),
       text=st.text(alphabet=LETTERS + " ，", max_size=30),
       scale=st.floats(min_value=0.1, max_value=4.0),
       indexed=st.booleans())
def test_letter_coverage_equals_its_definition(bags: list[Counter[str]], text: str, scale: float,
                                               indexed: bool) -> None:
    units = letter_units(text, "cjk")
    weights = {unit: scale * (1 + len(unit) + ord(unit[0]) % 5) for bag in bags for unit in bag}
    index = BagIndex.of(bags, 1000 if indexed else 1)  # with and without the unit index
    assert np.allclose(index.letter_coverages(units, weights), _by_definition(units, bags, weights))


@settings(max_examples=60, deadline=None)
@given(bags=st.lists(st.lists(pairs, max_size=20).map(Counter), min_size=1, max_size=10),
       text=st.text(alphabet=LETTERS + " ，", max_size=30),
       copies=st.integers(min_value=1, max_value=80))
def test_letter_coverage_summed_in_arrays_equals_the_loops_bit_for_bit(bags: list[Counter[str]], text: str,
                                                                       copies: int) -> None:
    # a big page (many bags holding the caption's words) is summed by numpy: the same floats
    import broadsheet.attach as attach_module  # noqa: PLC0415

    units = letter_units(text, "cjk")
    weights = {unit: 1 + len(unit) + ord(unit[0]) % 7 / 3 for bag in bags for unit in bag}
    index = BagIndex.of(bags * copies, 1000)
    original = attach_module.ARRAYS_PAY
    try:
        attach_module.ARRAYS_PAY = 1 << 30
        looped = index.letter_coverages(units, weights)
        attach_module.ARRAYS_PAY = -1
        arrayed = index.letter_coverages(units, weights)
    finally:
        attach_module.ARRAYS_PAY = original
    assert np.array_equal(looped, arrayed)


def test_a_repeated_name_counts_twice_and_a_long_phrase_by_its_letters() -> None:
    units = letter_units("京东体验店，参与京东秒杀", "cjk")
    phrase = Counter(["体验", "验店"])  # one phrase, two overlapping pairs, three letters
    name = Counter(["京东"])  # one name, printed twice: four letters
    coverage = BagIndex.of([phrase, name], 1).letter_coverages(units, {})
    assert coverage[1] > coverage[0]


def _read_with_roles(text: str, roles: tuple[Role, ...]) -> tuple[Any, Any, Any]:
    """The dump, fragments and cues of `text`, the fragments given these roles."""
    from dataclasses import replace  # noqa: PLC0415

    from broadsheet.fragments import lines_to_fragments  # noqa: PLC0415
    from broadsheet.params import Params  # noqa: PLC0415
    from broadsheet.read import read_dump  # noqa: PLC0415
    from broadsheet.roles import fragments_to_cues  # noqa: PLC0415
    from broadsheet.weights import load_model  # noqa: PLC0415

    dump = read_dump(text, Params())
    fragments = lines_to_fragments(dump, Params())
    assert len(fragments) == len(roles)
    return dump, fragments, replace(fragments_to_cues(dump, fragments, load_model()), roles=roles)


def test_a_headline_that_loses_its_chain_stands_alone_with_its_deck() -> None:
    from broadsheet.attach import attach  # noqa: PLC0415
    from broadsheet.titles import TitleGroup, TitleUnit  # noqa: PLC0415

    text = ("HARBOUR BOARD MEETS\n\nberths for the spring\n\nCITY HALL CLOSES\n\n"
            "The harbour board met on Monday to hear the case for new berths on the\n"
            "east quay, and agreed that the work should begin in the spring.\n")
    dump, fragments, cues = _read_with_roles(text, ("headline", "headline", "headline", "body"))
    harbour = TitleGroup(TitleUnit((0,), 0, 0, 1.0), (TitleUnit((1,), 0, 1, 0.5),))
    city = TitleGroup(TitleUnit((2,), 0, 2, 1.0), ())
    stories = attach(dump, fragments, cues, [[3]], groups=[harbour, city], bylines=[])
    [headed] = [story for story in stories if story.body]
    assert (headed.headline, headed.decks) == ((0,), ((1,),))  # the shared words pick the harbour titles
    [alone] = [story for story in stories if not story.body]  # not a second deck of the harbour story
    assert alone.headline == (2,)


def test_a_headline_goes_to_the_story_that_opens_by_restating_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # two reports printed under a pile of their heads, each naming both speakers: the words
    # they share say little, and the dump puts the second head right over the first report;
    # each report opens with its own head's words
    from broadsheet import attach as attaching  # noqa: PLC0415
    from broadsheet.titles import TitleGroup, TitleUnit  # noqa: PLC0415

    text = ("SIR JOHN AGREED\n\nMR HUME SAID\n\n"
            "Sir JOHN agreed that what Mr. Hume said of the navy was just, though Hume\n"
            "said more than the navy would bear.\n\n"
            "Mr. HUME said that Sir John agreed with him on the navy, as John agreed on\n"
            "the navy last year.\n")
    dump, fragments, cues = _read_with_roles(text, ("headline", "headline", "body", "body"))
    groups = [TitleGroup(TitleUnit((0,), 0, 0, 1.0), ()), TitleGroup(TitleUnit((1,), 0, 1, 1.0), ())]

    def headlines() -> dict[tuple[int, ...], tuple[int, ...]]:
        stories = attaching.attach(dump, fragments, cues, [[2], [3]], groups=groups, bylines=[])
        return {story.body: story.headline for story in stories}

    assert headlines() == {(2,): (0,), (3,): (1,)}
    monkeypatch.setattr(attaching, "OPENS_WITH_TITLE", 0.0)
    assert headlines()[(2,)] == (1,)  # by place and words alone, HUME heads JOHN's report


def _column(text: str, measure: int = 14) -> str:
    """`text` set in a column `measure` characters wide."""
    return "".join(text[start:start + measure] + "\n" for start in range(0, len(text), measure))


def test_titles_printed_together_at_the_foot_go_each_to_the_story_they_name() -> None:
    # pdftotext -raw prints a page's titles last: one run of titles, no body below it
    from dataclasses import replace  # noqa: PLC0415

    from broadsheet.attach import attach  # noqa: PLC0415
    from broadsheet.fragments import lines_to_fragments  # noqa: PLC0415
    from broadsheet.params import Params  # noqa: PLC0415
    from broadsheet.read import read_dump  # noqa: PLC0415
    from broadsheet.roles import fragments_to_cues  # noqa: PLC0415
    from broadsheet.titles import title_groups  # noqa: PLC0415
    from broadsheet.weights import load_model  # noqa: PLC0415

    dominica = "国家主席在人民大会堂会见来华进行正式访问的多米尼克总理斯凯里特，双方表示多米尼克愿同中方深化合作。"
    flood = "国务院常务会议今天部署防汛抗旱工作，要求各地压实防汛责任，做好水库安全度汛和山洪灾害防御工作。"
    text = "".join(_column(story) + "\n" for story in (dominica, flood)) + "会见多米尼克总理\n\n常务会议部署防汛抗旱\n"
    dump = read_dump(text, Params())
    fragments = lines_to_fragments(dump, Params())
    assert len(fragments) == 4
    cues = fragments_to_cues(dump, fragments, load_model())
    cues = replace(cues, roles=("body", "body", "headline", "headline"))
    groups = title_groups(fragments, cues)
    assert len(groups) == 1  # one run: its titles are one group until their words say otherwise
    stories = attach(dump, fragments, cues, [[0], [1]], groups=groups, bylines=[])
    headlines = {story.body: story.headline for story in stories}
    assert headlines == {(0,): (2,), (1,): (3,)}
    # a deck closing the run, read as a line of body text, is no body text below the run:
    # the run is still split
    dump = read_dump(text + "\n双方愿深化合作\n", Params())
    fragments = lines_to_fragments(dump, Params())
    cues = replace(fragments_to_cues(dump, fragments, load_model()), roles=("body", "body", "headline", "headline",
                                                                           "body"))
    stories = attach(dump, fragments, cues, [[0], [1], [4]], groups=title_groups(fragments, cues), bylines=[])
    headlines = {story.body: story.headline for story in stories if story.headline}
    assert headlines[(1,)] == (3,)
    assert (2,) in headlines.values()  # before: one group, (2, 3) on one story


def test_a_dash_led_deck_split_from_a_pile_of_titles_never_heads_a_story() -> None:
    # a deck printed after another story's title in the pile points back to its own story:
    # split off alone it is still a deck, which goes to the story its words name
    from dataclasses import replace  # noqa: PLC0415

    from broadsheet.attach import attach  # noqa: PLC0415
    from broadsheet.fragments import lines_to_fragments  # noqa: PLC0415
    from broadsheet.params import Params  # noqa: PLC0415
    from broadsheet.read import read_dump  # noqa: PLC0415
    from broadsheet.roles import fragments_to_cues  # noqa: PLC0415
    from broadsheet.titles import title_groups  # noqa: PLC0415
    from broadsheet.weights import load_model  # noqa: PLC0415

    dominica = "国家主席在人民大会堂会见来华进行正式访问的多米尼克总理斯凯里特，双方表示多米尼克愿同中方深化合作。"
    flood = "国务院常务会议今天部署防汛抗旱工作，要求各地压实防汛责任，做好水库安全度汛和山洪灾害防御工作。"
    titles = "会见多米尼克总理\n\n常务会议部署防汛抗旱\n\n——多米尼克愿同中方深化合作\n"
    dump = read_dump("".join(_column(story) + "\n" for story in (dominica, flood)) + titles, Params())
    fragments = lines_to_fragments(dump, Params())
    assert len(fragments) == 5
    cues = replace(fragments_to_cues(dump, fragments, load_model()), roles=("body", "body", *["headline"] * 3))
    stories = attach(dump, fragments, cues, [[0], [1]], groups=title_groups(fragments, cues), bylines=[])
    assert [(story.body, story.headline, story.decks) for story in stories] == [((0,), (2,), ((4,),)),
                                                                              ((1,), (3,), ())]


def test_a_byline_between_a_storys_text_and_its_title_signs_that_story_not_the_next() -> None:
    # pdftotext -raw prints a story's text, its byline, then its title; the next story's
    # title, byline and text follow. That story is signed already under its title.
    from dataclasses import replace  # noqa: PLC0415

    from broadsheet.attach import attach  # noqa: PLC0415
    from broadsheet.fragments import lines_to_fragments  # noqa: PLC0415
    from broadsheet.params import Params  # noqa: PLC0415
    from broadsheet.read import read_dump  # noqa: PLC0415
    from broadsheet.roles import fragments_to_cues  # noqa: PLC0415
    from broadsheet.titles import title_groups  # noqa: PLC0415
    from broadsheet.weights import load_model  # noqa: PLC0415

    dominica = "国家主席在人民大会堂会见来华进行正式访问的多米尼克总理斯凯里特，双方表示多米尼克愿同中方深化合作。"
    flood = "国务院常务会议今天部署防汛抗旱工作，要求各地压实防汛责任，做好水库安全度汛和山洪灾害防御工作。"
    text = (_column(dominica) + "\n□本报记者 高春林\n\n会见多米尼克总理\n\n常务会议部署防汛抗旱\n\n□本报记者 彭国栋\n\n"
            + _column(flood))
    dump = read_dump(text, Params())
    fragments = lines_to_fragments(dump, Params())
    assert len(fragments) == 6
    roles = ("body", "byline", "headline", "headline", "byline", "body")
    cues = replace(fragments_to_cues(dump, fragments, load_model()), roles=roles)
    stories = attach(dump, fragments, cues, [[0], [5]], groups=title_groups(fragments, cues), bylines=[(1,), (4,)])
    assert [(story.body, story.headline, story.bylines) for story in stories] == [((0,), (2,), ((1,),)),
                                                                                ((5,), (3,), ((4,),))]


def test_a_pile_of_headlines_in_capitals_splits_where_a_line_names_another_story() -> None:
    # pdftotext -raw prints a page's headlines last, and capitals run on into one "title":
    # MR HUME SAID / THE HARBOUR / BERTHS. A line whose words name another story than the
    # line above starts a title; one naming the same story (BERTHS) or none stays with it.
    from broadsheet.attach import attach  # noqa: PLC0415
    from broadsheet.titles import TitleGroup, TitleUnit  # noqa: PLC0415

    hume = ("Mr. HUME said that he saw no reason why any addition should be made to the navy\n"
            "estimates this year, and HUME moved that the vote be reduced by one half.\n\n")
    harbour = ("The harbour board met on Monday to hear the case for new berths on the east\n"
               "quay, and agreed that the harbour works should begin in the spring.\n\n")
    text = hume + harbour + "MR HUME SAID\nTHE HARBOUR\nBERTHS\n"
    dump, fragments, cues = _read_with_roles(text, ("body", "body", "headline", "headline", "headline"))
    pile = TitleGroup(TitleUnit((2, 3, 4), 0, 0, 1.0), ())
    stories = attach(dump, fragments, cues, [[0], [1]], groups=[pile], bylines=[])
    headlines = {story.body: story.headline for story in stories}
    assert headlines == {(0,): (2,), (1,): (3, 4)}


def test_a_deck_in_small_letters_stays_with_the_headline_in_capitals_above_it_in_a_pile(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # a pile at the foot: a headline in capitals over a pull quote whose words stand in the
    # other story; the quote is the headline's deck, not that story's title
    from broadsheet import attach as attaching  # noqa: PLC0415
    from broadsheet.titles import title_groups  # noqa: PLC0415

    text = ("Mr. Hume said that the navy ought to be reduced, and the House agreed with him on the navy\n"
            "estimates for the coming year.\n\n"
            "HARBOUR BOARD MEETS\n\n"
            "The harbour board met on Monday to hear the case for new berths on the east quay, and\n"
            "agreed that the work should begin in the spring.\n\n"
            "MR HUME SAID\n\nwhy berths at the east quay\n")
    dump, fragments, cues = _read_with_roles(text, ("body", "headline", "body", "headline", "headline"))

    def decks() -> dict[tuple[int, ...], tuple[tuple[int, ...], ...]]:
        found = attaching.attach(dump, fragments, cues, [[0], [2]], groups=title_groups(fragments, cues), bylines=[])
        return {story.headline: story.decks for story in found}

    assert decks()[(3,)] == ((4,),)
    monkeypatch.setattr(attaching, "_decks_follow_capitals", lambda units, points, features: points)
    assert decks()[(3,)] == ()  # by its words alone the quote is a title of the harbour story's


def test_two_titles_read_as_one_wrapped_title_split_where_their_lines_name_two_stories() -> None:
    # a CJK pile: the second title is no wider than the first, so the two read as one
    # wrapped title; each line names its own story, and the break makes no word (议|国)
    from broadsheet.attach import attach  # noqa: PLC0415
    from broadsheet.titles import TitleGroup, TitleUnit  # noqa: PLC0415

    dominica = "国家主席在人民大会堂会见来华进行正式访问的多米尼克总理斯凯里特，双方表示多米尼克愿同中方深化合作。"
    flood = "国务院常务会议今天部署防汛抗旱工作，要求各地压实防汛责任，做好水库安全度汛和山洪灾害防御工作。"
    columns = "".join(_column(story) + "\n" for story in (dominica, flood))
    text = columns + "国务院常务会议部署防汛抗旱\n\n国家主席会见多米尼克总理\n"
    dump, fragments, cues = _read_with_roles(text, ("body", "body", "headline", "headline"))
    pile = TitleGroup(TitleUnit((2, 3), 0, 0, 1.0), ())
    stories = attach(dump, fragments, cues, [[0], [1]], groups=[pile], bylines=[])
    assert {story.body: story.headline for story in stories} == {(0,): (3,), (1,): (2,)}
    # lines whose break makes a word (人民大会|堂: 会堂) are one title's, whatever they name
    text = columns + "国务院常务会议在人民大会\n\n堂部署防汛抗旱工作\n"
    dump, fragments, cues = _read_with_roles(text, ("body", "body", "headline", "headline"))
    stories = attach(dump, fragments, cues, [[0], [1]], groups=[TitleGroup(TitleUnit((2, 3), 0, 0, 1.0), ())],
                     bylines=[])
    assert [story.headline for story in stories if story.headline] == [(2, 3)]


def test_a_title_that_repeats_its_reports_opening_in_one_line_still_names_its_story() -> None:
    # a pile printed after the bodies (-raw): the first title's first line repeats the words
    # its report opens with, which reads that line as a quotation from the body; its whole
    # text stands nowhere in the body, so it still names its story and leaves the pile
    from broadsheet.attach import attach  # noqa: PLC0415
    from broadsheet.titles import TitleGroup, TitleUnit  # noqa: PLC0415

    dominica = "国家主席在人民大会堂会见来华进行正式访问的多米尼克总理斯凯里特，双方表示多米尼克愿同中方深化合作。"
    flood = "国务院常务会议今天部署防汛抗旱工作，要求各地压实防汛责任，做好水库安全度汛和山洪灾害防御工作。"
    columns = "".join(_column(story) + "\n" for story in (dominica, flood))

    def headlines(first: str, second: str) -> dict[tuple[int, ...], tuple[int, ...]]:
        text = columns + f"{first}\n\n{second}\n\n常务会议部署防汛抗旱\n"
        dump, fragments, cues = _read_with_roles(text, ("body", "body", "headline", "headline", "headline"))
        pile = TitleGroup(TitleUnit((4,), 0, 1, 1.0), (TitleUnit((2, 3), 0, 0, 0.0),))
        stories = attach(dump, fragments, cues, [[0], [1]], groups=[pile], bylines=[])
        return {story.body: story.headline for story in stories if story.headline}

    assert headlines("国家主席在人民大会堂会见来华", "进行访问的多米尼克总理") == {(0,): (2, 3), (1,): (4,)}
    # a pull quote stands in the body whole, though its short last line alone is no quotation:
    # it names no story
    assert headlines("国家主席在人民大会堂会见来华", "进行正式访问") == {(1,): (4,)}


def _two_stories_one_chain() -> tuple[Any, ...]:
    from broadsheet.titles import TitleGroup, TitleUnit  # noqa: PLC0415

    text = ("LIBRARY ROOF MENDED\n\nHARBOUR BOARD BERTHS\n\n"
            "The harbour board met on Monday to hear the case for new berths on the\n"
            "east quay, and agreed that the work should begin in the spring.\n\n"
            "The city hall library closed its doors on Friday, and the library staff\n"
            "said the hall would stay shut until the roof is mended next year.\n")
    dump, fragments, cues = _read_with_roles(text, ("headline", "headline", "body", "body"))
    library = TitleGroup(TitleUnit((0,), 0, 0, 1.0), ())
    harbour = TitleGroup(TitleUnit((1,), 1, 0, 1.0), ())  # right above the chain's start: it wins the chain
    return dump, fragments, cues, [library, harbour]


def test_a_bodyless_title_takes_the_tail_its_words_name_at_a_weak_link() -> None:
    # the harbour story's body chained on into the library story's: that title is left
    # with no chain, and its words say where its body begins
    from broadsheet.attach import attach  # noqa: PLC0415

    dump, fragments, cues, groups = _two_stories_one_chain()
    stories = attach(dump, fragments, cues, [[2, 3]], groups=groups, bylines=[],
                     links={(2, 3): -0.5})
    assert {story.headline: story.body for story in stories} == {(1,): (2,), (0,): (3,)}


def test_a_bodyless_title_takes_no_tail_of_a_chain_beyond_its_reach() -> None:
    # a dump of many pages run together: only chains within `tail_reach` fragments of the
    # title are read, so the search stays a page's size (Params.tail_window)
    from broadsheet.attach import attach  # noqa: PLC0415

    dump, fragments, cues, groups = _two_stories_one_chain()  # the library title is fragment 0, the chain 2..3
    for reach, taken in ((2, True), (1, False)):
        stories = attach(dump, fragments, cues, [[2, 3]], groups=groups, bylines=[], links={(2, 3): -0.5},
                         tail_reach=reach)
        assert ({story.headline: story.body for story in stories} == {(1,): (2,), (0,): (3,)}) is taken


def test_a_bodyless_title_whose_deck_the_body_never_echoes_is_read_by_its_headline() -> None:
    # the deck sells the story in words its body does not use: with it the group's words
    # fall short of TAIL_ECHO in every tail, the headline's alone name the tail
    from broadsheet.attach import attach  # noqa: PLC0415
    from broadsheet.titles import TitleGroup, TitleUnit  # noqa: PLC0415

    text = ("LIBRARY ROOF MENDED\n\nHARBOUR BOARD BERTHS\n\nSPRING TIDES DREDGERS CRANES SURVEY\n\n"
            "The harbour board met on Monday to hear the case for new berths on the\n"
            "east quay, and agreed that the work should begin in the spring.\n\n"
            "The city hall library closed its doors on Friday, and the library staff\n"
            "said the hall would stay shut until the roof is mended next year.\n")
    dump, fragments, cues = _read_with_roles(text, ("headline", "headline", "subtitle", "body", "body"))
    library = TitleGroup(TitleUnit((0,), 0, 0, 1.0), (TitleUnit((2,), 0, 0, 0.5),))
    harbour = TitleGroup(TitleUnit((1,), 1, 0, 1.0), ())
    stories = attach(dump, fragments, cues, [[3, 4]], groups=[library, harbour], bylines=[],
                     links={(3, 4): -0.5})
    assert {story.headline: story.body for story in stories} == {(1,): (3,), (0,): (4,)}


def test_a_strong_link_is_never_cut_for_a_bodyless_title() -> None:
    from broadsheet.attach import WEAK_LINK, attach  # noqa: PLC0415

    dump, fragments, cues, groups = _two_stories_one_chain()
    for links in ({(2, 3): WEAK_LINK + 1.0}, None):
        stories = attach(dump, fragments, cues, [[2, 3]], groups=groups, bylines=[],
                         links=links)
        assert sorted(story.body for story in stories) == [(), (2, 3)]


def test_on_a_dump_without_blank_lines_a_title_takes_the_tail_its_words_open() -> None:
    # pdftotext -raw: the harbour body runs straight into the library body (one chain), and
    # the library title, printed after both, sits right above the market story's chain.
    # Its words open the merged chain's tail, and the market chain holds none of them.
    from broadsheet.attach import attach  # noqa: PLC0415
    from broadsheet.titles import TitleGroup, TitleUnit  # noqa: PLC0415

    harbour = ("The harbour board met on Monday to hear the case for new berths on the\n"
               "east quay, and agreed the work should begin in the spring.\n")
    library = ("The city hall library closed its doors on Friday, and the library staff\n"
               "said the hall stays shut until the roof is mended.\n")
    market = ("The market traders asked the council on Tuesday for a covered hall, and\n"
              "the council said it would look at the plans by summer.\n")
    roles: tuple[Role, ...] = ("body", "body", "headline", "headline", "body")
    titles = [TitleGroup(TitleUnit((2,), 0, 0, 1.0), ()), TitleGroup(TitleUnit((3,), 1, 0, 1.0), ())]
    headed = {}
    for blank in ("", "\n"):
        text = blank.join((harbour, library, "HARBOUR BOARD BERTHS\n", "LIBRARY ROOF MENDED\n", market))
        dump, fragments, cues = _read_with_roles(text, roles)
        stories = attach(dump, fragments, cues, [[0, 1], [4]], groups=titles, bylines=[], links={(0, 1): -0.5})
        headed[blank] = {story.headline: story.body[0] for story in stories}
    assert headed[""] == {(2,): 0, (3,): 1}
    assert headed["\n"] == {(2,): 0, (3,): 4}  # blank lines part the stories: placement stands


_HARBOUR = ("The harbour board met on Monday to hear the case for new berths on the\n"
            "east quay, and agreed that the work should begin in the spring.\n")
_LIBRARY = ("The city hall library closed its doors on Friday, and the library staff\n"
            "said the hall would stay shut until the roof is mended next year.\n")
_CAPTION = "Harbour board members on the east quay where the berths will be built.\n"


def _captioned(stories: list[Any]) -> dict[tuple[int, ...], int]:
    return {story.body: len(story.captions) for story in stories}


def test_a_caption_goes_to_the_story_its_words_name_on_its_own_page() -> None:
    from broadsheet.attach import attach  # noqa: PLC0415

    roles: tuple[Role, ...] = ("body", "body", "caption")
    dump, fragments, cues = _read_with_roles(f"{_HARBOUR}\n{_LIBRARY}\n{_CAPTION}", roles)
    assert _captioned(attach(dump, fragments, cues, [[0], [1]], groups=[], bylines=[])) == {(0,): 1, (1,): 0}
    # the harbour story is on the page before: the caption is not printed under it
    dump, fragments, cues = _read_with_roles(f"{_HARBOUR}\f{_LIBRARY}\n{_CAPTION}", roles)
    assert [fragment.page for fragment in fragments] == [0, 1, 1]
    assert _captioned(attach(dump, fragments, cues, [[0], [1]], groups=[], bylines=[])) == {(0,): 0, (1,): 1}


def test_a_caption_whose_words_name_no_story_goes_to_the_story_printed_beside_it() -> None:
    from broadsheet.attach import attach  # noqa: PLC0415

    roles: tuple[Role, ...] = ("body", "body", "caption")
    dump, fragments, cues = _read_with_roles(f"{_HARBOUR}\n{_LIBRARY}\nCrowds gathered at dawn to watch.\n", roles)
    assert _captioned(attach(dump, fragments, cues, [[0], [1]], groups=[], bylines=[])) == {(0,): 0, (1,): 1}


def test_a_caption_is_sought_among_the_stories_within_its_reach() -> None:
    # a dump of many pages run together: only the stories in the caption's stretch of
    # `caption_reach` fragments and the stretches either side are compared
    from broadsheet.attach import attach  # noqa: PLC0415

    filler = "".join(f"Notice {n}: the shop on the corner opens at nine.\n\n" for n in range(4))
    roles: tuple[Role, ...] = ("body", *["body"] * 4, "body", "caption")
    dump, fragments, cues = _read_with_roles(f"{_HARBOUR}\n{filler}{_LIBRARY}\n{_CAPTION}", roles)
    chains = [[0], [1], [2], [3], [4], [5]]
    near = attach(dump, fragments, cues, chains, groups=[], bylines=[], caption_reach=7)
    assert _captioned(near)[(0,)] == 1  # one stretch: every story is compared
    far = attach(dump, fragments, cues, chains, groups=[], bylines=[], caption_reach=2)
    assert _captioned(far)[(0,)] == 0  # the caption's stretch is 3, beside it 2 and 4: the harbour's 0 is out of reach


def test_titles_and_chains_are_matched_within_blocks_of_dump_order(monkeypatch: pytest.MonkeyPatch) -> None:
    # a dump of many pages run together is assigned a block at a time (a page is one block):
    # a title matches only chains that start in its own block
    from broadsheet import attach as attaching  # noqa: PLC0415

    harbour, library = Counter({"harbour": 1, "berths": 1}), Counter({"library": 1, "roof": 1})
    words = [harbour, Counter(), library, harbour, library]  # titles 0 and 2, chains [3] and [4]
    index = attaching.BagIndex.of([harbour, library], 1)

    def assigned(pages: list[int] | None = None) -> dict[int, int]:
        return attaching._assign([(0,), (2,)], [[3], [4]], {3: 0, 4: 1}, index, words=words, body=[3, 4],
                                 weights={}, pages=np.array(pages or [0] * 5))

    assert assigned() == {0: 0, 1: 1}
    # a title stands on its story's page: the library title (page 1) takes the chain right
    # under it there; the harbour title (page 0) shares nothing with page 0's chain
    assert assigned([0, 0, 1, 1, 0]) == {0: 1}
    monkeypatch.setattr(attaching, "ASSIGN_BLOCK", 3)  # the titles in block 0, the chains in block 1
    assert assigned() == {}


def test_on_a_layout_page_a_title_goes_to_the_chain_set_right_under_it() -> None:
    # two stories side by side, their titles on one row; the stream order puts the right
    # story's text first, right after both titles, so by the dump order alone both titles
    # pull on it and the left story is left untitled: where they stand says otherwise
    from broadsheet import attach as attaching  # noqa: PLC0415
    from broadsheet.page import Fragment, Line  # noqa: PLC0415

    def fragment(number: int, x: int, rows: range) -> Fragment:
        return Fragment(number, 0, tuple(Line(row, 0, "word " * 4, x, 20, 0, 1 + x // 30, row) for row in rows))

    fragments = (fragment(0, 0, range(1)), fragment(1, 30, range(1)),  # the titles, left and right
                 fragment(2, 30, range(2, 9)), fragment(3, 0, range(2, 9)))  # the right text, the left text
    chains, units = [[3], [2]], [(0,), (1,)]
    index = attaching.BagIndex.of([Counter(), Counter()], 1)

    def assigned(sheet: attaching.Sheet | None) -> dict[int, int]:
        return attaching._assign(units, chains, {3: 0, 2: 1}, index, words=[Counter()] * 4, body=[2, 3],
                                 weights={}, pages=np.zeros(4, dtype=int), sheet=sheet)

    assert assigned(None) == {1: 1}  # the left text (chain 0) gets no title
    assert assigned(attaching.Sheet.of(fragments)) == {0: 0, 1: 1}


def test_a_headless_story_takes_the_title_left_over_nothing_whose_words_it_holds() -> None:
    from broadsheet.attach import join_headless  # noqa: PLC0415
    from broadsheet.cues import rarity  # noqa: PLC0415
    from broadsheet.page import Story  # noqa: PLC0415

    more = ("Readers were told on Friday that the work would take the rest of the year, and\n"
            "that the notices would be posted at the market and read out at the meeting.\n")
    roles: tuple[Role, ...] = ("body", "headline", "body", "headline")
    text = f"{_HARBOUR}{more}\nNEW QUAY BERTHS\n\n{_LIBRARY}{more}\nLIBRARY HALL SHUT\n"  # the titles under their text
    _, fragments, cues = _read_with_roles(text, roles)
    words = list(cues.words)
    weights = rarity(words)
    # the library title is left over nothing: the library body took the harbour title, and
    # the harbour body holds none of the library title's words, nor follows it
    stories = [Story(body=(0,)), Story(body=(2,), headline=(1,)), Story(body=(), headline=(3,))]
    assert join_headless(stories, fragments, words, weights) == stories
    # the harbour body kept its title: the library body holds the words of the one left over
    stories = [Story(body=(0,), headline=(1,)), Story(body=(2,)), Story(body=(), headline=(3,))]
    assert join_headless(stories, fragments, words, weights) == [stories[0], Story(body=(2,), headline=(3,))]
    assert join_headless(stories, fragments, words, weights, reach=0) == stories  # one fragment apart: out of reach
    # a headless body right after a title over a line of its own is that title's text too
    _, fragments, cues = _read_with_roles(f"CITY NEWS\n\nIn brief.\n\n{_HARBOUR}", ("headline", "body", "body"))
    words = list(cues.words)
    stories = [Story(body=(1,), headline=(0,)), Story(body=(2,))]
    assert join_headless(stories, fragments, words, rarity(words)) == [Story(body=(1, 2), headline=(0,))]


def test_a_deck_left_over_nothing_goes_to_the_headless_story_that_holds_its_words_as_a_deck() -> None:
    from broadsheet.attach import join_headless  # noqa: PLC0415
    from broadsheet.cues import rarity  # noqa: PLC0415
    from broadsheet.page import Story  # noqa: PLC0415

    text = f"{_HARBOUR}\n— New quay berths for the harbour\n\n{_LIBRARY}"
    _, fragments, cues = _read_with_roles(text, ("body", "headline", "body"))
    words = list(cues.words)
    stories = [Story(body=(0,)), Story(body=(), decks=((1,),)), Story(body=(2,))]
    # the harbour body holds the deck's words; the library body none
    assert join_headless(stories, fragments, words, rarity(words)) == [Story(body=(0,), decks=((1,),)), stories[2]]


def test_on_a_layout_page_a_credit_takes_the_caption_set_above_it_from_another_column_stream() -> None:
    # a caption over the left column, its lines between the right column's rows (each a
    # fragment of its own), and its credit centred under the photo in a stream of its own:
    # the credit is no caption's next fragment, so the caption was read as story text
    from broadsheet.attach import captions_over_credits  # noqa: PLC0415
    from broadsheet.cues import rarity, vocabulary  # noqa: PLC0415
    from broadsheet.page import Fragment, Line, Story  # noqa: PLC0415

    def fragment(number: int, x: int, rows: list[int], text: str, column: int) -> Fragment:
        return Fragment(number, 0, tuple(Line(row, 0, text, x, len(text), 1, column, row) for row in rows))

    fragments = (fragment(0, 0, list(range(6)), "The harbour board met on Monday to settle the", 1),
                 fragment(1, 0, [8], "Board members on the east quay, where the", 1),
                 fragment(2, 0, [10], "new berths will be built.", 2),
                 fragment(3, 50, list(range(12)), "Work on the quay wall will take two years, and", 3),
                 fragment(4, 12, [12], "Photo: JOHN SMITH", 4))
    roles: list[Role] = ["body", "body", "body", "body", "credit"]
    words = [vocabulary(f, "latin") for f in fragments]
    stories = [Story(body=(0, 1, 2)), Story(body=(3,))]
    solved = captions_over_credits(fragments, roles, stories, words, rarity(words), script="latin", reach=300)
    assert roles == ["body", "caption", "caption", "body", "credit"]
    assert [story.body for story in solved] == [(0,), (3,)]
    assert [caption for story in solved for caption in story.captions] == [((1, 2), (4,))]
    # a credit with nothing ending a sentence in the rows just above it takes no caption
    roles = ["body", "body", "body", "body", "credit"]
    far = (*fragments[:4], fragment(4, 12, [16], "Photo: JOHN SMITH", 4))
    assert captions_over_credits(far, roles, stories, words, rarity(words), script="latin", reach=300) == stories
    assert roles == ["body", "body", "body", "body", "credit"]


def test_a_bare_name_under_a_story_signs_it_and_a_reporters_byline_opens_the_next() -> None:
    # 刘文斌 after a story's last line and before the next headline closes the story above;
    # □本报记者 刘文斌 in the same place opens the story below
    from broadsheet.attach import attach  # noqa: PLC0415
    from broadsheet.titles import TitleGroup, TitleUnit  # noqa: PLC0415

    flood = _column("国务院常务会议今天部署防汛抗旱工作，要求各地压实防汛责任，做好水库安全度汛和山洪灾害防御工作。")
    market = _column("商务部今天发布消费数据显示，节日期间全国重点零售企业销售额同比增长。")
    for byline, home in (("刘文斌", 0), ("□本报记者 刘文斌", 1)):
        text = f"{flood}\n{byline}\n\n节日消费稳步增长\n\n{market}"
        dump, fragments, cues = _read_with_roles(text, ("body", "byline", "headline", "body"))
        stories = attach(dump, fragments, cues, [[0], [3]], groups=[TitleGroup(TitleUnit((2,), 0, 0, 1.0), ())],
                         bylines=[(1,)])
        signed = {story.body: story.bylines for story in stories}
        assert signed[((0,), (3,))[home]] == ((1,),)


def test_a_chain_without_a_title_goes_after_the_titled_chain_whose_sentence_it_finishes() -> None:
    # pdfminer printed the story's second column first: dump order alone would put it first,
    # but the titled column stops mid-sentence and the untitled one ends on a stop
    from broadsheet.attach import attach  # noqa: PLC0415
    from broadsheet.titles import TitleGroup, TitleUnit  # noqa: PLC0415

    second = _column("山洪灾害防御工作。会议要求各地防汛抗旱工作落实到位，确保水库安全度汛。")
    first = _column("国务院常务会议今天部署防汛抗旱工作。会议要求各地压实防汛责任，做好水库安全度汛和")
    text = f"{second}\n\n国务院部署防汛抗旱工作\n\n{first}"
    dump, fragments, cues = _read_with_roles(text, ("body", "headline", "body"))
    [story] = attach(dump, fragments, cues, [[0], [2]], groups=[TitleGroup(TitleUnit((1,), 0, 0, 1.0), ())],
                     bylines=[])
    assert (story.headline, story.body) == ((1,), (2, 0))


def test_a_column_under_the_reporters_byline_that_stops_mid_sentence_goes_first() -> None:
    # pdfminer printed the headline over the story's second column, then the byline and
    # the first column: the first stops mid-sentence, the second ends the story
    from broadsheet.attach import attach  # noqa: PLC0415
    from broadsheet.titles import TitleGroup, TitleUnit  # noqa: PLC0415

    first = _column("国务院常务会议今天部署防汛抗旱工作。会议要求各地压实防汛责任，做好水库安全度汛和")
    second = _column("山洪灾害防御工作。会议要求各地防汛抗旱工作落实到位，确保水库安全度汛。")
    text = f"国务院部署防汛抗旱工作\n\n{second}\n□本报记者 刘文斌\n\n{first}"
    dump, fragments, cues = _read_with_roles(text, ("headline", "body", "byline", "body"))
    [story] = attach(dump, fragments, cues, [[1], [3]], groups=[TitleGroup(TitleUnit((0,), 0, 0, 1.0), ())],
                     bylines=[(2,)])
    assert (story.headline, story.bylines, story.body) == ((0,), ((2,),), (3, 1))


def test_a_title_left_over_a_lede_takes_the_tail_of_another_story_that_holds_its_words() -> None:
    # pdftotext -raw prints a column under the one before it: the library story's text ran
    # on after the harbour story's paragraph, and its title kept only the lede set over it
    from broadsheet.attach import take_tails  # noqa: PLC0415
    from broadsheet.cues import rarity  # noqa: PLC0415
    from broadsheet.lang import latin  # noqa: PLC0415
    from broadsheet.page import Story  # noqa: PLC0415

    library = ("The library staff said the city hall roof had leaked all winter, and that the\n"
               "library books were moved to the hall basement while the roof is mended.\n"
               "Readers may borrow library books at the hall door until the library opens.\n")
    text = (f"HARBOUR BERTHS AGREED\n\n{_HARBOUR}\n{library}\nLIBRARY HALL SHUT\n\n"
            "Closed on Friday.\n")
    roles: tuple[Role, ...] = ("headline", "body", "body", "headline", "body")
    _, fragments, cues = _read_with_roles(text, roles)
    words = list(cues.words)
    weights = rarity(words)
    stories = [Story(body=(1, 2), headline=(0,)), Story(body=(4,), headline=(3,))]
    taken = take_tails(stories, fragments, words, weights, latin.ends_sentence)
    assert taken == [Story(body=(1,), headline=(0,)), Story(body=(4, 2), headline=(3,))]
    # a title quoted from the body (a pull quote read as a headline) takes nothing
    assert take_tails(stories, fragments, words, weights, latin.ends_sentence,
                      quoted=np.array([False, False, False, True, False])) == stories
    # nor one whose words the tail does not hold (the harbour title over the lede)
    astray = [Story(body=(1, 2), headline=(3,)), Story(body=(4,), headline=(0,))]
    assert take_tails(astray, fragments, words, weights, latin.ends_sentence) == astray

    # a byline printed right after the tail (-raw: text, byline, title) signs it: it goes with it
    text = text.replace("\nLIBRARY HALL", "\nBy ANNE SMITH\n\nLIBRARY HALL")
    _, fragments, cues = _read_with_roles(text, ("headline", "body", "body", "byline", "headline", "body"))
    signed = [Story(body=(1, 2), headline=(0,), bylines=((3,),)), Story(body=(5,), headline=(4,))]
    assert take_tails(signed, fragments, list(cues.words), rarity(list(cues.words)), latin.ends_sentence) == [
        Story(body=(1,), headline=(0,)), Story(body=(5, 2), headline=(4,), bylines=((3,),))]


def test_on_a_layout_page_a_titled_story_stopping_mid_sentence_takes_the_titleless_chain_after_it() -> None:
    # a -layout page's gutters cut a story's column in two: the part under the title stops
    # mid-sentence (…山洪灾害), the rest stands title-less after another story
    from broadsheet.attach import Parts, _merge_bags, _merge_orphans  # noqa: PLC0415
    from broadsheet.lang import cjk  # noqa: PLC0415

    flood = "国务院常务会议今天部署防汛抗\n旱工作，要求各地压实防汛责任\n，做好水库安全度汛和山洪灾害\n"
    market = "商务部今天发布消费数据显示，\n节日期间全国重点零售企业销售\n额同比增长，防汛物资供应充足。\n"
    rest = "防御工作，确保水库防汛责任落\n实到位，各地今天加强值守。\n"
    text = f"国务院部署防汛抗旱工作\n\n{flood}\n节日消费稳步增长\n\n{market}\n{rest}"
    _, fragments, cues = _read_with_roles(text, ("headline", "body", "headline", "body", "body"))
    words = list(cues.words)
    joined = {}
    for open_end in (False, True):
        chains = [[1], [3], [4]]
        parts = {0: Parts(headline=(0,)), 1: Parts(headline=(2,))}
        joined[open_end], _, _ = _merge_orphans(fragments, chains, words, [1, 3, 4], parts,
                                                chain_bags=[_merge_bags(words, chain) for chain in chains],
                                                runs_on_to=cjk.runs_on_to, open_end=open_end)
    assert joined[False] == [[1], [3], [4]]  # too little shared to join on words alone
    assert joined[True] == [[1, 4], [3]]


def test_a_pull_quote_read_as_a_headline_is_a_deck_where_headlines_are_in_capitals() -> None:
    # a title in small letters set from the middle of a body's passage is a pull quote: as a
    # headline it would take a chain from the title it belongs under. One that opens the
    # body is the report restating its head; without a headline in capitals, a title alone.
    from broadsheet.attach import _pull_quotes_to_decks  # noqa: PLC0415
    from broadsheet.lang.latin import unhyphenated  # noqa: PLC0415
    from broadsheet.titles import title_groups  # noqa: PLC0415

    def lone_decks(head: str, title: str) -> list[bool]:
        text = (f"{head}\n\nMr. Hume said that the navy ought to be cut, for something more than men was neces-\n"
                f"sary to make the fleet formidable again, and he moved that the vote be halved.\n\n{title}\n\n"
                "The harbour board met on Monday to hear the case for new berths on the quay.\n")
        _, fragments, cues = _read_with_roles(text, ("headline", "body", "headline", "body"))
        groups = _pull_quotes_to_decks(title_groups(fragments, cues), cues, [1, 3], fragments, unhyphenated)
        return [group.headline is None for group in groups]

    assert lone_decks("NAVY ESTIMATES", "something more than men was necessary") == [False, True]
    assert lone_decks("NAVY ESTIMATES", "Mr. Hume said that the navy") == [False, False]
    assert lone_decks("Navy estimates", "something more than men was necessary") == [False, False]


def test_a_title_printed_inside_a_chains_text_is_slow_to_head_that_chain() -> None:
    # an extractor's box cut into a column: the text runs on through the title, which is
    # another story's (its head stands over its own text), so the chain around it costs more
    from broadsheet.attach import INSIDE_COST, Placement, _attach_scores  # noqa: PLC0415

    first, last = np.array([0, 3]), np.array([2, 5])  # chain 0 is fragments 0 and 2, chain 1 is 3 to 5
    chain_of = {0: 0, 2: 0, 3: 1, 5: 1}
    plain, costed = (_attach_scores((1,), Placement(0, 2), first, last, chain_of=chain_of, similarity=np.zeros(2),
                                    inside=inside) for inside in (0.0, INSIDE_COST))
    assert costed[0] == plain[0] - INSIDE_COST
    assert costed[1] == plain[1]
    # a title between two chains' texts is inside neither
    between = _attach_scores((1,), Placement(0, 3), first, last, chain_of=chain_of, similarity=np.zeros(2),
                             inside=INSIDE_COST)
    assert (between == _attach_scores((1,), Placement(0, 3), first, last, chain_of=chain_of,
                                      similarity=np.zeros(2))).all()
