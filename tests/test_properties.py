"""The invariants, over generated dumps: valid JATS, nothing lost or added, the same bytes twice.

Inputs are random mixtures of CJK and Latin words, punctuation, markup characters, RTL
text, emoji, control characters, blank lines, indents and form feeds, and synthesised
pages of every style (alone, or several joined by form feeds). About 250 examples run
in the normal suite; `BROADSHEET_SLOW=1` runs twenty times as many.
"""

from __future__ import annotations

import os
import re

import numpy as np
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import broadsheet
from broadsheet import synth
from broadsheet.graph import candidate_pairs
from broadsheet.page import Fragment, Line, Page
from broadsheet.pairs import rank_pairs
from broadsheet.params import Params
from broadsheet.read import MAX_CONTROL_SHARE, MIN_BINARY_CONTROLS, UTF8_EVIDENCE, read_dump
from broadsheet.writers import page_to_jats, validate_jats
from invariants import lost_and_added

SLOW = os.environ.get("BROADSHEET_SLOW", "") not in ("", "0")


def examples(count: int) -> settings:
    return settings(max_examples=count * (20 if SLOW else 1), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


CJK_WORDS = ("重庆", "电商节", "消费", "新动能", "本报记者", "黄光红", "（下转第2版）", "（上接第1版）", "“码”出",
             "学生", "的", "了", "。", "，", "、", "：", "《孤勇者》", "摄", "ＡＢＣ１２３", "ﾃｽﾄ", "記者", "經濟")
LATIN_WORDS = ("the", "bridge", "Kingsford", "was", "opened", "By", "JOHN SMITH", "Continued on page 2",
               "Continued from page 1", "Photo: Jane Doe", "exam-", "ple", "well-known", "naïve", "Straße", "A.",
               "PAGE 3", "Monday, July 4, 2022", "1,234", "(see", "below)")
HOSTILE = ("<", ">", "&", '"', "'", "&amp;", "<b>", "]]>", "<!--", "-->", "&#0;", "<?xml?>")
RTL = ("مرحبا", "بالعالم", "שלום", "עולם", "\u200f", "\u202e")
EMOJI = ("📰", "🗞️", "👩🏽\u200d💻", "🇨🇳", "\U0001f600", "\u2764\ufe0f")
CONTROLS = ("\x00", "\x01", "\x07", "\x08", "\x0b", "\x1b[1m", "\x7f", "\x85", "\x9f", "\ufffe", "\uffff", "\r")
SEPARATORS = (" ", " ", " ", "\n", "\n", "\n\n", "\n\n\n", "\f", "\n\f", "\t", "\u3000", "\n    ", "\n\u3000\u3000",
              "\r\n", "\u2028")

words = st.one_of(
    st.sampled_from(CJK_WORDS), st.sampled_from(LATIN_WORDS), st.sampled_from(HOSTILE), st.sampled_from(RTL),
    st.sampled_from(EMOJI), st.sampled_from(CONTROLS),
    st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=6),
)
dumps = st.lists(st.tuples(words, st.sampled_from(SEPARATORS)), min_size=1, max_size=120).map(
    lambda pairs: "".join(word + gap for word, gap in pairs))


def reconstruct_checked(source: str | bytes, text: str, params: Params | None = None) -> Page:
    """Reconstruct, and check the three invariants; `text` is the dump as text."""
    page = broadsheet.reconstruct(source, params)
    xml = page_to_jats(page)
    assert validate_jats(xml) == ()
    assert lost_and_added(text, page) == ({}, {})
    assert page_to_jats(broadsheet.reconstruct(source, params)) == xml
    return page


@examples(120)
@given(dumps)
@example("\x00\x00 a")
@example("<b>&amp;</b>\f\f\fمرحبا 📰\n\tindented\n\x1b[0m")
@example("exam-\nple well-\nknown\n\nContinued on page 2\fContinued from page 1\nthe end.")
@example("\ufeff📰")  # a byte order mark opening decoded text is no text: reading drops it
@example("\x00\ufeff")  # but one after a control is the text's (the control goes after the mark's test)
# the pile split cut one title in two, and a deck met a headline at the same place in its run
@example("度气\n度\n—县紫金小学探索\n上信”评价快乐成长\n本者 国庆\n紫金小学。\n信建\n快乐成长加、温度气")
def test_mixed_text_keeps_the_invariants(text: str) -> None:
    if not read_dump_or_none(text):
        return
    reconstruct_checked(text, text)


def read_dump_or_none(text: str) -> bool:
    """False for the inputs that are rightly refused: nothing but whitespace and controls."""
    try:
        read_dump(text)
    except broadsheet.InputError:
        return False
    return True


@examples(30)
@given(dumps, st.sampled_from(("lines", "paragraphs", "layout")), st.sampled_from(("auto", "zh", "en", "de")))
@example(text="&#0;\n<\n重庆 the\n。\nbridge ", style="layout", lang="auto")  # two credits under one line: one caption
def test_any_style_or_language_keeps_the_invariants(text: str, style: str, lang: str) -> None:
    if read_dump_or_none(text):
        reconstruct_checked(text, text, Params(style=style, lang=lang))


@examples(30)
@given(dumps, st.sampled_from(("utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32")))
def test_unicode_encodings_with_a_bom_read_back_exactly(text: str, encoding: str) -> None:
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(encoding, b"")
    data = bom + text.encode(encoding, "surrogatepass")
    if read_dump_or_none(text) and not looks_binary(text):
        assert read_dump(data).text == read_dump(text).text
        reconstruct_checked(data, text)


def looks_binary(text: str) -> bool:
    """Bytes with this many control characters are refused as binary (text handed over as str is not)."""
    controls = len(re.findall("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffe\uffff]", text))
    return controls >= MIN_BINARY_CONTROLS and controls > MAX_CONTROL_SHARE * len(text)


@examples(20)
@given(dumps)
def test_utf8_without_bom_reads_back_exactly_when_it_says_enough(text: str) -> None:
    wide = sum(not char.isascii() for char in text)
    if (wide == 0 or wide >= UTF8_EVIDENCE) and "\x00" not in text and read_dump_or_none(text) \
            and not looks_binary(text):
        assert read_dump(text.encode("utf-8")).text == read_dump(text).text


@examples(40)
@given(st.integers(0, 10_000), st.sampled_from(synth.STYLES), st.sampled_from(synth.LANGS))
def test_synthesised_pages_keep_the_invariants(seed: int, style: str, lang: str) -> None:
    made = synth.make_page(seed, style=style, lang=lang, texts=synth.ArticleTexts.builtin(lang))
    reconstruct_checked(made.dump, made.dump)


@examples(15)
@given(st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(synth.STYLES)), min_size=2, max_size=4),
       st.sampled_from(("zh", "en")))
def test_synthesised_pages_joined_by_form_feeds_keep_the_invariants(pages: list[tuple[int, str]], lang: str) -> None:
    texts = synth.ArticleTexts.builtin(lang)
    dump = "\f".join(synth.make_page(seed, style=style, lang=lang, texts=texts).dump for seed, style in pages)
    page = reconstruct_checked(dump, dump)
    assert page.dump.pages == len(pages)


@examples(15)
@given(st.integers(0, 10_000), st.sampled_from(synth.STYLES), st.lists(st.sampled_from(CONTROLS + HOSTILE + EMOJI)))
def test_synthesised_pages_with_noise_keep_the_invariants(seed: int, style: str, noise: list[str]) -> None:
    made = synth.make_page(seed, style=style, lang="zh", texts=synth.ArticleTexts.builtin("zh"))
    step = max(1, len(made.dump) // (len(noise) + 1))
    dump = "".join(made.dump[i * step : (i + 1) * step] + (noise[i] if i < len(noise) else "")
                   for i in range(len(noise) + 1)) + made.dump[(len(noise) + 1) * step :]
    reconstruct_checked(dump, dump)


@given(st.integers(0, 12), st.integers(1, 4), st.data())
def test_ranks_are_each_ends_stable_order(bodies: int, window: int, data: st.DataObject) -> None:
    """rank_pairs' per-row sorts give each pair the rank a plain stable sort of its source's
    (its target's) pairs would: better score first, ties in pair order; and the best score
    of each."""
    pages = tuple(sorted(data.draw(st.lists(st.integers(0, 2), min_size=bodies, max_size=bodies))))
    fragments = tuple(Fragment(n, page, (Line(n, page, "x", 0, 1, 0),)) for n, page in enumerate(pages))
    pairs, windows = candidate_pairs(fragments, ("body",) * bodies, window)
    scores = np.array(data.draw(st.lists(st.sampled_from((0.0, -0.0, 1.5, -1.5, 2.0)), min_size=len(pairs),
                                         max_size=len(pairs))), dtype=float)
    ranks = rank_pairs(windows, scores)
    columns = ranks.columns(np.ones(len(pairs), dtype=bool))
    for end, rank in ((0, ranks.by_source), (1, ranks.by_target)):
        for k, pair in enumerate(pairs):
            rivals = [j for j in range(len(pairs)) if pairs[j, end] == pair[end]]
            better = [j for j in rivals if scores[j] > scores[k] or (scores[j] == scores[k] and j < k)]
            assert rank[k] == len(better)
            assert columns[k, 3 + end] == max(scores[rivals]) - scores[k]
