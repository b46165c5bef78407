"""The page synthesiser: deterministic, every style prints, and the truth is cut from the dump."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from broadsheet import synth
from broadsheet.synth import ArticleTexts, SynthPage, make_page

LANGS = ("zh", "en", "de")
CASES = [(seed, style, lang) for style in synth.STYLES for lang in LANGS for seed in (1, 2, 3)]
BODY = ("body", "section", "lede")


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def printed(line: synth.PrintedLine) -> str:
    """A printed line's text as the truth holds it: no spaces, no added hyphen."""
    return squeeze(line.text[:-1] if line.hyphen else line.text)


def truth_texts(article: dict[str, object]) -> list[str]:
    fields = [article["headline"], *article["decks"], *article["bylines"]]
    fields += [block.get("text") or block.get("title") for block in article["body"]]
    fields += [part for caption in article["captions"] for part in (caption["text"], caption["credit"])]
    return [str(field) for field in fields]


@pytest.fixture(scope="module")
def pages() -> dict[tuple[int, str, str], SynthPage]:
    return {case: make_page(*case) for case in CASES}


def test_same_seed_same_bytes() -> None:
    for style in synth.STYLES:
        first, second = make_page(7, style, "zh"), make_page(7, style, "zh")
        assert first.dump == second.dump
        assert first.truth == second.truth
        assert first.lines == second.lines


def test_other_seed_other_page() -> None:
    assert make_page(1, "pdftotext", "en").dump != make_page(2, "pdftotext", "en").dump


@pytest.mark.parametrize("style", synth.STYLES)
@pytest.mark.parametrize("lang", synth.LANGS)
def test_every_style_prints(style: str, lang: str) -> None:
    page = make_page(11, style, lang)
    assert page.dump.strip()
    assert page.truth["lang"] == lang
    assert page.truth["articles"]
    assert any(line.article >= 0 for line in page.lines)


def test_truth_is_cut_from_the_dump(pages: dict[tuple[int, str, str], SynthPage]) -> None:
    for case, page in pages.items():
        in_dump = Counter("".join(printed(line) for line in page.lines if line.article >= 0 and line.role != "jump"))
        articles = page.truth["articles"]
        in_truth = Counter("".join(squeeze(text) for article in articles for text in truth_texts(article)))
        assert in_dump == in_truth, case


def test_every_dump_character_is_printed_once(pages: dict[tuple[int, str, str], SynthPage]) -> None:
    for case, page in pages.items():
        assert Counter(squeeze(page.dump)) == Counter("".join(squeeze(line.text) for line in page.lines)), case


def test_rows_and_cols_point_at_the_text(pages: dict[tuple[int, str, str], SynthPage]) -> None:
    for case, page in pages.items():
        rows = page.dump.split("\n")
        for line in page.lines:
            assert line.text, case
            assert line.text == line.text.strip(), case
            assert rows[line.row][line.col : line.col + len(line.text)] == line.text, case
        assert list(page.lines) == sorted(page.lines, key=lambda line: (line.row, line.col))


def test_body_lines_in_seq_order_give_the_body(pages: dict[tuple[int, str, str], SynthPage]) -> None:
    for case, page in pages.items():
        for number, article in enumerate(page.truth["articles"]):
            mine = sorted((line for line in page.lines if line.article == number), key=lambda line: line.seq)
            assert [line.seq for line in mine] == list(range(len(mine))), case
            body = "".join(printed(line) for line in mine if line.role in BODY)
            assert body == squeeze("".join(b.get("text") or b.get("title") for b in article["body"])), case
            blocks = {line.block for line in mine if line.role in BODY}
            assert blocks == set(range(len(article["body"]))), case


def test_roles_and_blocks(pages: dict[tuple[int, str, str], SynthPage]) -> None:
    for page in pages.values():
        for line in page.lines:
            if line.article < 0:
                assert (line.role, line.block, line.seq) == ("furniture", -1, -1)
            elif line.role not in BODY:
                assert line.block == -1
            assert (line.role == "lede") <= (line.block == 0)


def test_gold_json_round_trips(pages: dict[tuple[int, str, str], SynthPage]) -> None:
    for page in pages.values():
        assert json.loads(json.dumps(page.truth, ensure_ascii=False)) == page.truth
        assert set(page.truth) == {"page", "lang", "source", "articles"}
        for article in page.truth["articles"]:
            assert set(article) == {"id", "headline", "decks", "bylines", "byline_names", "body", "captions"}
            assert all(block["type"] in ("p", "sec") for block in article["body"])
            assert all(set(caption) == {"text", "credit"} for caption in article["captions"])
            assert bool(article["bylines"]) == bool(article["byline_names"])


def test_cjk_columns_keep_their_measure() -> None:
    page = make_page(5, "pdftotext-raw", "zh")
    widths = Counter(len(line.text) for line in page.lines if line.role == "body")
    assert widths.most_common(1)[0][1] >= 5  # full lines of a column hold the same count


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**32), st.sampled_from(synth.STYLES), st.sampled_from(synth.LANGS))
def test_any_page_gives_back_its_truth(seed: int, style: str, lang: str) -> None:
    page = make_page(seed, style, lang)
    in_dump = Counter("".join(printed(line) for line in page.lines if line.article >= 0 and line.role != "jump"))
    articles = page.truth["articles"]
    assert in_dump == Counter("".join(squeeze(text) for article in articles for text in truth_texts(article)))
    rows = page.dump.split("\n")
    assert all(rows[line.row][line.col : line.col + len(line.text)] == line.text for line in page.lines)


def test_pdftotext_merges_hyphenated_lines() -> None:
    merged = sum(line.hyphen for seed in range(10) for line in make_page(seed, "pdftotext", "en").lines)
    kept = sum(line.hyphen for seed in range(10) for line in make_page(seed, "pdftotext-raw", "en").lines)
    assert merged < kept / 3  # only hyphens at a block's end survive pdftotext's merging


def test_latin_hyphens_are_dropped_in_the_truth() -> None:
    hyphened = [line for seed in range(12) for line in make_page(seed, "pdftotext-raw", "en").lines if line.hyphen]
    assert hyphened
    assert all(line.text.endswith("-") for line in hyphened)


def test_runs_without_shared(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(synth, "SHARED", tmp_path / "absent")
    for lang in synth.LANGS:
        assert ArticleTexts.from_shared(tmp_path / "absent", lang) is None
        assert ArticleTexts.default(lang).origin.startswith("built-in")
        for style in synth.STYLES:
            page = make_page(3, style, lang)
            assert "built-in" in page.truth["source"]
            assert page.dump.strip()


def test_builtin_texts() -> None:
    for lang in synth.LANGS:
        texts = ArticleTexts.builtin(lang)
        assert len(texts.copies) >= 4
        assert all(copy.body for copy in texts.copies)


def test_given_texts_are_used() -> None:
    texts = ArticleTexts.builtin("fr")
    page = make_page(4, "columns", "fr", texts)
    assert page.truth["source"].endswith(texts.origin)


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="style"):
        make_page(1, "nonsense")
    with pytest.raises(ValueError, match="lang"):
        make_page(1, "pdftotext", "xx")
    with pytest.raises(ValueError, match="texts"):
        make_page(1, "pdftotext", "en", ArticleTexts.builtin("de"))


def test_cjk_layout_places_runs_on_character_cells() -> None:
    # pdftotext -layout gives every character of a CJK page one grid cell, half-width digits
    # too: a column's runs start at one character offset from row to row, not one display column
    from broadsheet.synth_blocks import Run, render  # noqa: PLC0415

    rows = [[Run("国家电商", 0, 0, x=0), Run("节日", 0, 1, x=7)], [Run("2024年", 0, 2, x=0), Run("消费", 0, 3, x=7)]]
    assert render(rows, cells=True)[0].splitlines() == ["国家电商   节日", "2024年  消费"]
    assert render(rows)[0].splitlines() == ["国家电商 节日", "2024年 消费"]  # display columns: pushed right
    page = make_page(4, style="pdftotext-layout", lang="zh")
    starts = Counter(match.end() for line in page.dump.splitlines() for match in re.finditer(r"\S\s{2,}(?=\S)", line))
    assert starts.most_common(1)[0][1] >= 10  # many rows start a column at one character offset
