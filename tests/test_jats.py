"""The JATS writer: every output valid against the shipped DTD, and read back as written."""

from __future__ import annotations

import logging

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from broadsheet.errors import InputError
from broadsheet.evaluate import norm, nospace, read_prediction, score_page
from broadsheet.page import Article, Heading, Page
from broadsheet.writers.jats import (
    ELEMENTS,
    JatsMeta,
    article_to_jats,
    byline_contribs,
    furniture_to_jats,
    page_to_jats,
    strip_unsafe,
    unsafe_characters,
    validate_jats,
)
from factories import byline, caption, cjk_article, latin_article, make_article, make_page

HOSTILE = "<b>&amp; \"quoted\" 'single' ]]> &#0; <!-- -->"
CONTROLS = "a\x00b\x01c\x08d\x0be\x0cf\x1bg\x7fh\x85i\x9fj\ufffek\uffff"
RTL = "مرحبا بالعالم — שלום עולם"
EMOJI = "📰 🗞️ 👩🏽‍💻 🇨🇳"
SURROGATES = "lone \ud800 high \udfff low, pair \ud83d\ude00 joined"
META = JatsMeta(journal="重庆日报", date="2022-07-06", page="3")


def valid(xml: bytes) -> bytes:
    assert validate_jats(xml) == ()
    return xml


def both_pages() -> Page:
    return make_page((cjk_article(1), latin_article(2)), furniture=("重庆日报", "2022年7月6日 星期三", "3"))


def page_text(page: Page) -> str:
    """Every text the page's articles and furniture hold, for counting characters."""
    parts = [item.text for item in page.furniture]
    for article in page.articles:
        parts += [article.headline, *article.kickers, *article.subtitles, *article.jumps]
        parts += [b.text for b in article.bylines]
        parts += [block.title if isinstance(block, Heading) else block.text for block in article.body]
        parts += [text for c in article.captions for text in (c.text, c.credit)]
    return "\n".join(parts)


# ---------------------------------------------------------------- validity


@pytest.mark.parametrize("meta", [None, META, JatsMeta(date="2022"), JatsMeta(date="2022-07", lang="zh-Hans")])
def test_normal_page_is_valid(meta: JatsMeta | None) -> None:
    valid(page_to_jats(both_pages(), meta))


@pytest.mark.parametrize(
    "article",
    [
        make_article("只有标题"),
        make_article(),
        make_article(body=(Heading("小标题"),)),
        make_article(body=(Heading("一"), "段落", Heading("二"))),
        make_article(jumps=("（下转第三版）",)),
        make_article(captions=(caption("图片说明"),)),
        make_article(kickers=("引题",)),
        make_article(bylines=(byline("本报记者", role="本报记者"),)),
    ],
    ids=["headline-only", "empty", "heading-only", "headings", "jump-only", "caption-only", "kicker-only", "role-only"],
)
def test_sparse_articles_are_valid(article: Article) -> None:
    page = make_page((article,))
    valid(page_to_jats(page, META))
    valid(article_to_jats(page, article, META))


def test_empty_and_furniture_only_pages_are_valid() -> None:
    valid(page_to_jats(make_page()))
    valid(page_to_jats(make_page(furniture=("第3版", "广告"))))
    valid(furniture_to_jats(make_page(furniture=("第3版",))))


def test_split_articles_are_each_valid_alone() -> None:
    page = both_pages()
    for article in page.articles:
        xml = valid(article_to_jats(page, article, META))
        root = etree.fromstring(xml)
        assert root.get("article-type") == "news"
        assert not root.findall(".//sub-article")
    valid(furniture_to_jats(page, META))


def test_only_known_elements_and_no_deprecated_attributes() -> None:
    root = etree.fromstring(page_to_jats(both_pages(), META))
    assert {element.tag for element in root.iter()} <= ELEMENTS
    assert not root.xpath("//@pub-type")  # deprecated since 1.1; date-type says the same


def test_body_paragraphs_precede_sections_and_jump_closes_body() -> None:
    root = etree.fromstring(page_to_jats(both_pages()))
    cjk, latin = root.findall("sub-article")[:2]
    assert [child.tag for child in cjk.find("body")] == ["p", "p", "sec", "sec"]
    assert cjk.find("body/sec[@sec-type='jump']/p").get("content-type") == "jump"
    assert latin.find("body")[-1].get("content-type") == "jump"
    assert cjk.find("body/p").get("content-type") == "lede"
    assert cjk.find("floats-group/fig/attrib").text == "陆纲 摄/视觉重庆"


def test_validate_reports_invalid_and_malformed_documents() -> None:
    p_after_sec = b"<article><front><article-meta/></front><body><sec><title>a</title></sec><p>b</p></body></article>"
    assert validate_jats(p_after_sec)
    assert validate_jats(b"<article><p>")[0].startswith("not well-formed")


# ---------------------------------------------------------------- hostile text


@pytest.mark.parametrize("text", [HOSTILE, RTL, EMOJI], ids=["markup", "rtl", "emoji"])
def test_hostile_text_survives_exactly(text: str) -> None:
    article = make_article(
        text,
        (text, Heading(text), text),
        kickers=(text,),
        subtitles=(text,),
        bylines=(byline(f"{text} 张三", "张三", role=text),),
        captions=(caption(text, text),),
        jumps=(text,),
    )
    page = make_page((article,), furniture=(text,))
    (read, furniture) = read_prediction(valid(page_to_jats(page, JatsMeta(journal=text, page=text))))
    assert read["headline"] == norm(text)
    assert [kind for kind, _ in read["body"]] == ["p", "h", "p", "p"]
    assert nospace(read["body"][0][1]) == nospace(text)
    assert read["captions"] == [(read["body"][0][1], read["body"][0][1])]
    assert nospace(furniture["body"][0][1]) == nospace(text)


def test_control_characters_are_stripped_and_counted(caplog: pytest.LogCaptureFixture) -> None:
    page = make_page((make_article(CONTROLS, (CONTROLS,)),), furniture=(CONTROLS,))
    assert unsafe_characters(page) == 3 * 11
    with caplog.at_level(logging.WARNING, logger="broadsheet.writers.jats"):
        xml = valid(page_to_jats(page))
    assert "dropped 33 characters" in caplog.text
    assert read_prediction(xml)[0]["headline"] == "abcdefghijk"


def test_lone_surrogates_go_and_pairs_are_joined() -> None:
    assert strip_unsafe(SURROGATES) == "lone  high  low, pair 😀 joined"
    page = make_page((make_article(SURROGATES, (SURROGATES,), bylines=(byline(SURROGATES),)),))
    xml = valid(page_to_jats(page))
    assert "😀" in xml.decode("utf-8")
    valid(article_to_jats(page, page.articles[0]))


def test_bad_language_falls_back_to_undetermined() -> None:
    root = etree.fromstring(page_to_jats(make_page(lang="not a tag")))
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "und"


@pytest.mark.parametrize("fields", [{"date": "2022-13-01"}, {"date": "July 2022"}, {"lang": "zh CN"}])
def test_meta_rejects_bad_values(fields: dict[str, str]) -> None:
    with pytest.raises(InputError):
        JatsMeta(**fields)


anything = st.text(st.characters(codec=None, categories=None), max_size=40)


@settings(max_examples=60, deadline=None)
@given(headline=anything, paragraph=anything, name=anything, furniture=anything)
def test_any_text_gives_valid_jats(headline: str, paragraph: str, name: str, furniture: str) -> None:
    article = make_article(headline, (paragraph, Heading(name)), bylines=(byline(f"By {name}", name, prefix="By"),))
    page = make_page((article,), furniture=(furniture,))
    valid(page_to_jats(page, META))
    valid(article_to_jats(page, article))


# ---------------------------------------------------------------- read back as the scorer reads


def test_scorer_reads_every_field_back() -> None:
    news, latin, furniture = read_prediction(page_to_jats(both_pages(), META))
    assert news["headline"] == "电商节激活重庆消费新动能"
    assert news["decks"] == ["重庆商务", "节会期间全市网络零售额达324.9亿元"]
    assert news["bylines"] == ["□本报记者黄光红"]
    assert news["body"][2] == ("h", "打造消费新场景")
    assert news["body"][-1] == ("p", "(下转第三版)")  # NFKC makes full-width brackets plain
    assert news["captions"] == [("6月18日零时,消费者聚集在大屏幕前。", "陆纲摄/视觉重庆")]
    assert latin["bylines"] == ["ByJOHNSMITH", "andJANEDOE,StaffWriters"]
    assert furniture["headline"] == ""
    assert len(furniture["body"]) == 3


def test_byline_parts_keep_every_character_once() -> None:
    cases = [
        byline("□本报记者 黄光红 王杰", "黄光红", "王杰", role="本报记者", prefix="□"),
        byline(
            "By JOHN SMITH and JANE DOE, Staff Writers", "JOHN SMITH", "JANE DOE", role="Staff Writers", prefix="By"
        ),
        byline("记者 李 明 摄", "李明", role="记者"),
        byline("苏崇生"),
        byline("新华社北京7月5日电"),
    ]
    for case in cases:
        contribs = byline_contribs(case)
        assert nospace("".join(text for pieces in contribs for _, text in pieces)) == nospace(case.text)
        assert len(contribs) == max(len(case.names), 1)
        assert sum(name == "role" for pieces in contribs for name, _ in pieces) == bool(case.role)


def test_nothing_is_lost() -> None:
    page = both_pages()
    xml = page_to_jats(page, META)
    gold = {"lang": "zh", "articles": []}
    assert score_page(gold, read_prediction(xml), page_text(page))["lost"] == 0.0


def test_output_is_deterministic() -> None:
    assert page_to_jats(both_pages(), META) == page_to_jats(both_pages(), META)
