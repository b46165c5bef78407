"""The text and JSON writers: readable, complete, deterministic, always encodable."""

from __future__ import annotations

import json

from broadsheet import writers
from broadsheet.page import Heading, Page
from broadsheet.writers.json import page_to_json
from broadsheet.writers.text import ARTICLE_RULE, FURNITURE_RULE, page_to_text
from factories import byline, caption, cjk_article, latin_article, make_article, make_page

GOLD_KEYS = ["id", "headline", "decks", "bylines", "byline_names", "body", "captions", "jumps"]


def page() -> Page:
    return make_page((cjk_article(1), latin_article(2)), furniture=("重庆日报", "3"))


# ---------------------------------------------------------------- text


def test_text_reads_article_by_article_then_furniture() -> None:
    text = page_to_text(page())
    first, second = text.split(f"\n\n{ARTICLE_RULE}\n\n")
    assert first.startswith(
        "电商节激活重庆消费新动能\n重庆商务\n节会期间全市网络零售额达324.9亿元\n□本报记者 黄光红\n\n"
    )
    assert "\n\n打造消费新场景\n\n" in first
    assert "[6月18日零时，消费者聚集在大屏幕前。 — 陆纲 摄/视觉重庆]" in first
    assert first.endswith("（下转第三版）")
    second, furniture = second.split(f"\n\n{FURNITURE_RULE}\n\n")
    assert second.startswith("Council approves new harbour bridge\nVote ends a decade of debate\nBy JOHN SMITH")
    assert furniture == "重庆日报\n3\n"


def test_text_paragraphs_are_separated_by_blank_lines() -> None:
    text = page_to_text(make_page((make_article("H", ("one", "two", Heading("sec"), "three")),)))
    assert text == "H\n\none\n\ntwo\n\nsec\n\nthree\n"


def test_text_of_sparse_pages() -> None:
    assert page_to_text(make_page()) == ""
    assert page_to_text(make_page(furniture=("folio",))) == f"{FURNITURE_RULE}\n\nfolio\n"
    assert page_to_text(make_page((make_article("Only a headline"),))) == "Only a headline\n"
    assert page_to_text(make_page((make_article(captions=(caption("A photo"),)),))) == "[A photo]\n"


def test_text_drops_what_cannot_be_encoded() -> None:
    text = page_to_text(make_page((make_article("a\x00b\ud800c", ("x\x1by",)),)))
    assert text == "abc\n\nxy\n"
    text.encode("utf-8")


# ---------------------------------------------------------------- json


def test_json_has_the_gold_shape() -> None:
    record = json.loads(page_to_json(page(), writers.JatsMeta(page="3")))
    assert list(record) == ["page", "lang", "articles", "furniture"]
    assert record["page"] == "3"
    assert record["lang"] == "zh"
    assert record["furniture"] == ["重庆日报", "3"]
    cjk, latin = record["articles"]
    assert list(cjk) == GOLD_KEYS
    assert cjk["id"] == "a1"
    assert cjk["decks"] == ["重庆商务", "节会期间全市网络零售额达324.9亿元"]
    assert cjk["bylines"] == ["□本报记者 黄光红"]
    assert cjk["byline_names"] == ["黄光红"]
    assert cjk["body"][2] == {"type": "sec", "title": "打造消费新场景"}
    assert cjk["body"][0]["type"] == "p"
    assert cjk["captions"] == [{"text": "6月18日零时，消费者聚集在大屏幕前。", "credit": "陆纲 摄/视觉重庆"}]
    assert cjk["jumps"] == ["（下转第三版）"]
    assert latin["byline_names"] == ["JOHN SMITH", "JANE DOE"]


def test_json_is_deterministic_and_keeps_non_ascii() -> None:
    assert page_to_json(page()) == page_to_json(page())
    assert "电商节" in page_to_json(page())


def test_json_always_encodes() -> None:
    hostile = make_article("a\ud800b", ("<p>&amp;\x07",), bylines=(byline("\udfff张三", "张三"),))
    text = page_to_json(make_page((hostile,)))
    text.encode("utf-8")
    article = json.loads(text)["articles"][0]
    assert article["headline"] == "ab"
    assert article["body"] == [{"type": "p", "text": "<p>&amp;"}]


def test_writers_package_exports() -> None:
    assert set(writers.__all__) >= {"page_to_jats", "article_to_jats", "validate_jats", "page_to_text", "page_to_json"}
