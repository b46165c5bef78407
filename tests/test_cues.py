"""Cue rows: the `repeated` column (cues.repeated_texts), searched directly or through hashes."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import broadsheet
from broadsheet.cues import _hashed, _searched, repeated_texts

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def test_a_pull_quote_whose_passage_a_fragment_break_cuts_is_repeated() -> None:
    body = ["区块链技术为农产品溯源提供了新的", "可能，消费者扫码即可看到产地信息。"]
    quote = "提供了新的可能，消费者扫码"
    assert repeated_texts([*body, quote]) == [False, False, True]


def test_a_text_standing_once_is_not_repeated() -> None:
    texts = ["今天上午，市政府召开新闻发布会。", "记者从会上获悉，全市新建公园十二座。"]
    assert repeated_texts(texts) == [False, False]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="农产品溯源扫码可能消费者。", min_size=0, max_size=16), min_size=1, max_size=12))
def test_the_hashed_search_finds_what_the_direct_one_does(texts: list[str]) -> None:
    # (on a real page no text's first 8 characters recur more than cues.MAX_PLACES times)
    joined = "".join(texts)
    direct, hashed = _searched(joined), _hashed(joined)
    start = 0
    for text in texts:
        twins = {sum(map(len, texts[:k])) for k, other in enumerate(texts) if other == text}
        for skipped in ({start}, twins):
            if len(text) >= 8:
                assert hashed(text, start, skipped) == direct(text, start, skipped)
        start += len(text)


def test_a_page_held_twice_reads_as_the_page_once() -> None:
    """Twins (fragments of the very same text) are no echo when most of the page has one;
    a headline set twice on one page is."""
    from broadsheet.cues import FRAGMENT_FEATURES  # noqa: PLC0415

    text = (SAMPLES / "columns.txt").read_text(encoding="utf-8")
    once, twice = broadsheet.reconstruct(text), broadsheet.reconstruct(f"{text}\n\n{text}")
    column = FRAGMENT_FEATURES.index("repeated")
    single = once.cues.features[:, column].tolist()
    assert twice.cues.features[:, column].tolist() == single + single
    headline, body = "全市新建公园十二座", "记者从会上获悉，今年以来绿道修了一百公里，市民出行更方便。"
    assert repeated_texts([headline, headline, body]) == [True, True, False]


def test_a_latin_pull_quote_across_a_line_end_hyphen_is_repeated() -> None:
    from broadsheet.cues import FRAGMENT_FEATURES, fragment_features  # noqa: PLC0415
    from broadsheet.fragments import lines_to_fragments  # noqa: PLC0415
    from broadsheet.params import Params  # noqa: PLC0415
    from broadsheet.read import read_dump  # noqa: PLC0415

    text = ("The committee would not agree to postponing the second reading unless\n"
            "some real objection were urged against it. One of the prin-\n"
            "cipal objections had been that the rate of interest would rise.\n\n"
            "One of the principal objections had been\n")
    dump = read_dump(text, Params())
    fragments = lines_to_fragments(dump, Params())
    rows, _ = fragment_features(dump, fragments)
    quote = next(i for i, fragment in enumerate(fragments) if fragment.text.startswith("One of the principal"))
    assert rows[quote, FRAGMENT_FEATURES.index("repeated")] == 1
