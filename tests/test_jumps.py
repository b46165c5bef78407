"""Jumps: articles continued on another page come back as one article, jump lines kept."""

from __future__ import annotations

import json
import textwrap
from collections import Counter
from importlib import resources

import pytest

import broadsheet
from broadsheet.jumps import Jump, _number, pair_jumps, read_jump, run_on
from broadsheet.page import Article, Fragment, Heading, Line, Paragraph
from broadsheet.writers import page_to_jats, validate_jats
from invariants import lost_and_added

# ---------------------------------------------------------------- dumps made by hand


def texts(lang: str) -> list[tuple[str, list[str]]]:
    """(headline, paragraphs) of the built-in article texts of a language."""
    data = json.loads(resources.files("broadsheet").joinpath(f"data/texts/{lang}.json").read_text("utf-8"))
    return [(a["headline"], [b["text"] for b in a["body"] if b.get("type", "p") == "p" and b.get("text")])
            for a in data["articles"]]


def story(headline: str, paragraphs: list[str], *, before: str = "", after: str = "") -> str:
    """A headline, a blank line, then the paragraphs set in a column (first lines indented).

    After a "from" jump line (`before`) the first paragraph goes on from another page: no indent.
    """
    cjk = any("\u4e00" <= char <= "\u9fff" for char in "".join(paragraphs))
    lines = [headline, ""] if headline else []
    lines += [before] if before else []
    for number, paragraph in enumerate(paragraphs):
        cut = [paragraph[i : i + 22] for i in range(0, len(paragraph), 22)] if cjk else textwrap.wrap(paragraph, 60)
        indent = "" if before and number == 0 else "　　" if cjk else "   "
        lines += [indent + cut[0], *cut[1:]]
    lines += [after] if after else []
    return "\n".join(lines)


def page(*stories: str) -> str:
    return "\n\n\n".join(stories) + "\n"


def split(paragraph: str, at: int) -> tuple[str, str]:
    """A paragraph cut mid-sentence: at `at` in CJK (a line of 22 ends there), after it at a space."""
    if " " not in paragraph:
        return paragraph[:at], paragraph[at:]
    cut = paragraph.index(" ", at)
    return paragraph[:cut], paragraph[cut + 1 :]


def holding(page_: broadsheet.Page, *snippets: str) -> list[Article]:
    """The articles whose text holds every snippet."""
    return [a for a in page_.articles if all(any(s in t for t in _texts(a)) for s in snippets)]


def _texts(article: Article) -> list[str]:
    return [block.title if isinstance(block, Heading) else block.text for block in article.body]


ZH, EN = texts("zh"), texts("en")


def two_pages_zh(to: str = "（下转第2版）", back: str = "（上接第1版）", jumper_first: bool = False
                 ) -> tuple[str, str, str]:
    (head, body), (other, other_body), (third, third_body) = ZH[0], ZH[2], ZH[3]
    first, rest = split(body[1], 44)  # the column is full down to the jump line
    stories = [story(head, [body[0], first], after=to), story(other, other_body[:3])]
    dump = page(*(stories if jumper_first else stories[::-1])) + "\f" + page(
        story(third, third_body[:2]), story("", [rest, *body[2:5]], before=back))
    return dump, first, rest


def two_pages_en(to: str = "Continued on page 2", back: str = "Continued from page 1") -> tuple[str, str, str]:
    (head, body), (other, other_body), (third, third_body) = EN[0], EN[1], EN[2]
    first, rest = split(body[1], 150)
    dump = page(story(head, [body[0], first], after=to), story(other, other_body)) + "\f" + page(
        story(third, third_body), story("BRIDGE OPENED", [rest, *body[2:4]], before=back))
    return dump, first, rest


# ---------------------------------------------------------------- the whole pipeline


@pytest.mark.parametrize("make", [two_pages_zh, two_pages_en], ids=["zh", "en"])
def test_an_article_continued_on_the_next_page_is_one_article(make) -> None:  # type: ignore[no-untyped-def]
    dump, first, rest = make()
    result = broadsheet.reconstruct(dump)
    joined = holding(result, first[:12], rest[-12:])
    assert len(joined) == 1
    assert joined[0].page == 0
    assert lost_and_added(dump, result) == ({}, {})
    assert validate_jats(page_to_jats(result)) == ()


def test_the_cut_paragraph_runs_on_across_the_jump() -> None:
    dump, first, rest = two_pages_zh()
    result = broadsheet.reconstruct(dump)
    assert holding(result, first[-6:] + rest[:6])


def test_a_story_ends_at_its_jump_line() -> None:
    dump, first, rest = two_pages_zh(jumper_first=True)
    result = broadsheet.reconstruct(dump)
    other = ZH[2][1][0]
    assert not holding(result, first[:12], other[:12])
    assert holding(result, first[-6:] + rest[:6])


def test_jump_lines_stay_in_the_article() -> None:
    dump, first, _ = two_pages_en()
    article = holding(broadsheet.reconstruct(dump), first[:12])[0]
    assert "Continued on page 2" in article.jumps
    assert "Continued from page 1" in article.jumps
    assert "BRIDGE OPENED" in article.jumps  # the jump head goes with the jump lines


def test_articles_are_renumbered_in_reading_order() -> None:
    result = broadsheet.reconstruct(two_pages_zh()[0])
    assert [a.number for a in result.articles] == list(range(1, len(result.articles) + 1))


def test_without_jump_lines_nothing_is_joined() -> None:
    dump, first, rest = two_pages_zh(to="", back="")
    result = broadsheet.reconstruct(dump)
    assert not holding(result, first[:12], rest[-12:])


def test_a_jump_to_a_page_with_no_partner_stays_apart() -> None:
    dump, first, rest = two_pages_en(to="Continued on page 9")
    result = broadsheet.reconstruct(dump)
    assert not holding(result, first[:12], rest[-12:])
    assert lost_and_added(dump, result) == ({}, {})


def test_printed_page_numbers_may_start_anywhere() -> None:
    dump, first, rest = two_pages_zh(to="（下转第六版）", back="（上接第五版）")
    assert len(holding(broadsheet.reconstruct(dump), first[:12], rest[-12:])) == 1


def test_two_jumps_to_one_page_pair_by_vocabulary() -> None:
    (bridge, bridge_body), (fire, fire_body), (harvest, harvest_body) = EN[0], EN[1], EN[2]
    bridge_a, bridge_b = split(bridge_body[1], 150)
    fire_a, fire_b = split(fire_body[1], 150)
    dump = page(
        story(bridge, [bridge_body[0], bridge_a], after="Continued on page 2"),
        story(fire, [fire_body[0], fire_a], after="Continued on page 2"),
    ) + "\f" + page(
        story("FIRE", [fire_b, *fire_body[2:]], before="Continued from page 1"),
        story(harvest, harvest_body),
        story("BRIDGE", [bridge_b, *bridge_body[2:4]], before="Continued from page 1"),
    )
    result = broadsheet.reconstruct(dump)
    assert len(holding(result, bridge_a[:12], bridge_b[-12:])) == 1
    assert len(holding(result, fire_a[:12], fire_b[-12:])) == 1
    assert lost_and_added(dump, result) == ({}, {})


def test_a_chain_over_three_pages_is_one_article() -> None:
    (head, body), (other, other_body) = ZH[0], ZH[2]
    dump = "\f".join((
        page(story(head, body[:2], after="（下转第2版）"), story(other, other_body[:2])),
        page(story("", body[2:4], before="（上接第1版）", after="（下转第3版）"), story(*ZH[3][:1], ZH[3][1][:2])),
        page(story("", body[4:6], before="（上接第2版）"), story(other, other_body[2:4])),
    ))
    result = broadsheet.reconstruct(dump)
    joined = holding(result, body[0][:10], body[3][-10:], body[5][-10:])
    assert len(joined) == 1
    assert len(joined[0].jumps) == 4
    assert lost_and_added(dump, result) == ({}, {})


def test_one_page_dumps_are_left_alone() -> None:
    (head, body) = ZH[0]
    dump = page(story(head, body[:3], after="（下转第2版）"))
    result = broadsheet.reconstruct(dump)
    assert any("（下转第2版）" in a.jumps for a in result.articles)


# ---------------------------------------------------------------- the pieces


def fragment(text: str, id_: int = 0, page_: int = 0) -> Fragment:
    return Fragment(id_, page_, (Line(0, page_, text, 0, len(text), 0),))


@pytest.mark.parametrize(
    ("text", "script", "way", "section", "number"),
    [
        ("（下转第2版）", "cjk", "to", "", 2),
        ("（转第12版）", "cjk", "to", "", 12),
        ("（上接第一版）", "cjk", "from", "", 1),
        ("（接第二十四版）", "cjk", "from", "", 24),
        ("（下转第２版）", "cjk", "to", "", 2),
        ("【紧接A3版】", "cjk", "from", "A", 3),
        ("Continued on page 4", "latin", "to", "", 4),
        ("CONTINUED FROM PAGE A1", "latin", "from", "A", 1),
        ("See Page 12", "latin", "to", "", 12),
        ("From page 1", "latin", "from", "", 1),
        ("Suite en page 3", "latin", "to", "", 3),
        ("Suite de la page 1", "latin", "from", "", 1),
        ("Fortsetzung von Seite 2", "latin", "from", "", 2),
        ("Vervolg op pagina 5", "latin", "to", "", 5),
    ],
)
def test_jump_lines_are_read(text: str, script: str, way: str, section: str, number: int) -> None:
    assert read_jump(fragment(text), script) == Jump(0, 0, way, section, number)


@pytest.mark.parametrize(("text", "script"), [("重庆日报第2版", "cjk"), ("the seepage 3 was", "latin"),
                                              ("see page one", "latin")])
def test_other_lines_are_no_jumps(text: str, script: str) -> None:
    assert read_jump(fragment(text), script) is None


def test_chinese_numerals() -> None:
    assert [_number(n) for n in ("一", "九", "十", "十一", "二十", "九十九", "十十", "百")] == [
        1, 9, 10, 11, 20, 99, None, None]


def test_pairs_agree_on_the_page_offset() -> None:
    jumps = [Jump(0, 0, "to", "", 2), Jump(1, 1, "from", "", 1), Jump(2, 1, "from", "", 7)]
    owner = {0: 0, 1: 1, 2: 2}
    assert pair_jumps(jumps, owner, [Counter(), Counter(), Counter()]) == {0: 1}


def test_pairs_prefer_shared_vocabulary() -> None:
    jumps = [Jump(0, 0, "to", "", 2), Jump(1, 1, "from", "", 1), Jump(2, 1, "from", "", 1)]
    bags = [Counter({"bridge": 3}), Counter({"fire": 2}), Counter({"bridge": 1})]
    assert pair_jumps(jumps, {0: 0, 1: 1, 2: 2}, bags) == {0: 2}


def test_a_jump_never_pairs_backwards_or_within_its_page() -> None:
    jumps = [Jump(0, 1, "to", "", 1), Jump(1, 0, "from", "", 2), Jump(2, 1, "from", "", 2)]
    assert pair_jumps(jumps, {0: 0, 1: 1, 2: 2}, [Counter()] * 3) == {}


def test_sections_must_match() -> None:
    jumps = [Jump(0, 0, "to", "A", 2), Jump(1, 1, "from", "B", 1)]
    assert pair_jumps(jumps, {0: 0, 1: 1}, [Counter()] * 2) == {}


@pytest.mark.parametrize(
    ("left", "right", "script", "joined"),
    [
        ("拓展", "销售渠道。", "cjk", "拓展销售渠道。"),
        ("headed by the", "band played.", "latin", "headed by the band played."),
        ("well-", "known faces.", "latin", "well-known faces."),
    ],
)
def test_a_paragraph_cut_at_the_jump_runs_on(left: str, right: str, script: str, joined: str) -> None:
    first = Article(1, 0, "Head", body=(Paragraph("Lede."), Paragraph(left)), jumps=("to",), fragments=(0, 1))
    then = Article(2, 1, "", body=(Paragraph(right), Paragraph("More.")), jumps=("from",), fragments=(5,))
    article = run_on(first, then, script)
    assert article.body == (Paragraph("Lede."), Paragraph(joined), Paragraph("More."))
    assert article.jumps == ("to", "from")
    assert article.fragments == (0, 1, 5)


def test_a_finished_sentence_starts_a_new_paragraph() -> None:
    first = Article(1, 0, "Head", body=(Paragraph("It ended."),))
    then = Article(2, 1, "Jump head", body=(Paragraph("Then more."),), bylines=())
    article = run_on(first, then, "latin")
    assert article.body == (Paragraph("It ended."), Paragraph("Then more."))
    assert article.jumps == ("Jump head",)
    assert article.headline == "Head"
