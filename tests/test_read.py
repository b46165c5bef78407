"""Reading dumps: every encoding, line end, page break and stray byte a dump may bring."""

from __future__ import annotations

import logging
import os
import zlib
from pathlib import Path

import pytest

from broadsheet.errors import InputError
from broadsheet.fragments import lines_to_fragments
from broadsheet.params import Params
from broadsheet.read import decode, drop_controls, normalise_newlines, plausibility, read_dump

SAMPLE = Path(__file__).parent.parent / "samples" / "columns.txt"
ZH = "重庆日报讯 7月5日下午，电商节闭幕式在璧山区举行。市商务委发布消息称，全市网络零售额同比增长17.9%。\n"
# Traditional text written for this test (not the text the detector was tuned on).
BIG5 = ("中央氣象局表示，今年梅雨季節的雨量比往年偏少，水庫蓄水情形不太樂觀。"
        "經濟部呼籲民眾節約用水，工業用戶也應提前做好準備。\n")
DE = "Die Bürger von Kingsford begrüßten am Dienstag die Eröffnung der neuen Brücke über den Fluß.\n"
EN = "The new bridge at Kingsford was opened on Tuesday last in the presence of a large crowd.\n"


def text_of(data: bytes, **params: str) -> str:
    return read_dump(data, Params(**params)).text


# ---------------------------------------------------------------- encodings


@pytest.mark.parametrize("text", [ZH, BIG5, DE, EN], ids=["zh", "big5", "de", "en"])
def test_utf8_with_and_without_bom(text: str) -> None:
    assert text_of(text.encode("utf-8")) == text
    assert text_of(b"\xef\xbb\xbf" + text.encode("utf-8")) == text


def test_a_bom_left_in_decoded_text_is_dropped() -> None:
    """A caller who read the file as plain utf-8 hands over the mark; it would stand before
    the first line's first word (a masthead no longer read as one)."""
    dump = read_dump("\ufeff" + ZH)
    assert dump.text == ZH
    assert not dump.lines[0].text.startswith("\ufeff")


@pytest.mark.parametrize("text", [ZH, DE, EN], ids=["zh", "de", "en"])
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom(text: str, encoding: str) -> None:
    bom = {"utf-16": b"", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}[encoding]
    assert text_of(bom + text.encode(encoding)) == text


def test_a_utf16_bom_then_a_nul_is_not_utf32() -> None:
    """FF FE 00 00 opens UTF-32 LE, and UTF-16 LE whose first character is NUL (found by hypothesis)."""
    assert decode("\x00 重庆 ".encode("utf-16")) == ("\x00 重庆 ", "utf-16")
    assert decode("\x00 重庆 ".encode("utf-32")) == ("\x00 重庆 ", "utf-32")


@pytest.mark.parametrize("text", [ZH * 3, DE, EN, SAMPLE.read_text(encoding="utf-8")], ids=["zh", "de", "en", "sample"])
@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_found_by_its_nul_bytes(text: str, encoding: str) -> None:
    dump = read_dump(text.encode(encoding))
    assert (dump.text, dump.encoding) == (text, encoding)


@pytest.mark.parametrize("encoding", ["gb18030", "gbk"])
def test_gbk_and_gb18030_are_detected(encoding: str) -> None:
    dump = read_dump(SAMPLE.read_text(encoding="utf-8").encode(encoding))
    assert dump.text == SAMPLE.read_text(encoding="utf-8")
    assert dump.encoding == "gb18030"


SHORT_GBK = ["重庆日报", "电商节激活重庆消费新动能", "本报记者 黄光红", "（下转第2版）", "小学校长", "农品10元"]


@pytest.mark.parametrize("text", SHORT_GBK)
def test_a_short_gbk_file_is_not_taken_for_something_else(text: str) -> None:
    assert decode(text.encode("gbk")) == (text, "gb18030")


def test_a_big5_file_comes_out_as_the_right_text() -> None:
    dump = read_dump(BIG5.encode("big5"))
    assert (dump.text, dump.encoding) == (BIG5, "big5")


@pytest.mark.parametrize("text", ["臺灣新聞", "經濟部呼籲民眾節約用水", "颱風警報"])
def test_a_short_big5_file_is_not_taken_for_gbk(text: str) -> None:
    assert decode(text.encode("big5"))[0] == text


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_western_single_byte_text(encoding: str) -> None:
    assert text_of(DE.encode(encoding)) == DE
    french = "« Un café à Paris », dit-il. Père Noël.\n"
    assert text_of(french.encode(encoding)) == french


def test_shift_jis_is_read_through_charset_normalizer() -> None:
    text = "東京都は二十日、新しい橋の開通式を行ったと発表した。多くの市民が集まり、開通を祝った。\n" * 4
    assert text_of(text.encode("shift_jis")) == text


@pytest.mark.parametrize(("text", "encoding"), [(ZH, "gbk"), (BIG5, "big5"), (DE, "latin-1"), (ZH, "utf-16-le")])
def test_encoding_may_be_named(text: str, encoding: str) -> None:
    dump = read_dump(text.encode(encoding), Params(encoding=encoding))
    assert (dump.text, dump.encoding) == (text, encoding)


def test_a_named_encoding_that_does_not_fit_is_a_clear_error() -> None:
    with pytest.raises(InputError, match=r"not valid utf-8 \(byte 0\); try --encoding auto"):
        read_dump(ZH.encode("gbk"), Params(encoding="utf-8"))


def test_a_named_utf8_drops_the_bom() -> None:
    assert text_of(b"\xef\xbb\xbf" + EN.encode(), encoding="utf-8") == EN


def test_an_unknown_encoding_lists_the_known_ones() -> None:
    with pytest.raises(InputError, match="unknown encoding 'klingon'; use one of: auto, utf-8"):
        Params(encoding="klingon")


def test_undecodable_bytes_become_replacement_characters_and_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    data = (EN * 5).encode() + b"\xff" + ("\u00e9t\u00e9 " * 10).encode()
    with caplog.at_level(logging.WARNING, logger="broadsheet"):
        dump = read_dump(data)
    assert dump.encoding == "utf-8"
    assert "\ufffd" in dump.text
    assert "été" in dump.text
    messages = [r.getMessage() for r in caplog.records]
    assert messages == ["1 bytes are not valid utf-8 and became U+FFFD; if the text looks wrong, set --encoding"]


def test_plausibility_prefers_the_right_reading() -> None:
    data = "电商节激活重庆消费".encode("gbk")
    right, wrong = plausibility(data.decode("gbk"), "gb18030"), plausibility(data.decode("big5", "replace"), "big5")
    assert right > wrong


# ---------------------------------------------------------------- line ends, pages, tabs, widths


@pytest.mark.parametrize("end", ["\r\n", "\r", "\n", "\x85", "\u2028"])
def test_line_ends(end: str) -> None:
    dump = read_dump(end.join(["第一行", "第二行", "", "第三行"]))
    assert [line.text for line in dump.lines] == ["第一行", "第二行", "第三行"]
    assert [line.gap for line in dump.lines] == [0, 0, 1]


def test_crlf_bytes_become_lf() -> None:
    assert text_of(b"one\r\ntwo\rthree\n") == "one\ntwo\nthree\n"


def test_form_feeds_split_pages() -> None:
    dump = read_dump("page one\nmore\n\fpage two\n\f\fpage four")
    assert dump.pages == 4
    assert [(line.page, line.text, line.row) for line in dump.lines] == [
        (0, "page one", 0), (0, "more", 1), (1, "page two", 2), (3, "page four", 3)]


def test_tabs_expand_to_columns() -> None:
    dump = read_dump("\tindented\nname\tvalue\n")
    assert [(line.text, line.x) for line in dump.lines] == [("indented", 8), ("name    value", 0)]


def test_full_and_half_width_mix_is_kept_and_measured() -> None:
    text = "ＡＢＣ１２３abc123，重庆ﾃｽﾄ　全角空格"
    dump = read_dump(text)
    assert dump.lines[0].text == text
    assert dump.lines[0].width == 6 * 2 + 6 + 2 + 2 * 2 + 3 + 2 + 4 * 2


def test_a_letter_spaced_cjk_line_is_as_wide_as_its_column() -> None:
    # pdftotext prints a justified line stretched across its column with a space between its
    # characters: neither its spaced nor its squeezed width is the column's
    column = ("在上海西郊国际农产品批发市\n场，去年新开辟的“橘子特色\n"
              "一 条 街 ” 上 ， 汇 聚 着 来 自 湖\n南、广西、江西等多地的柑橘\n")
    dump = read_dump(column)
    assert [line.width for line in dump.lines] == [26, 26, 26, 26]
    assert len(lines_to_fragments(dump, Params())) == 1  # no cut around the stretched line



# A narrow page's -layout print: the two columns' baselines differ, so most rows hold one
# column's line alone, the right one set off from the page's edge; few rows hold a gutter.
LEFT = ("澳大利亚外长黄英", "贤今天发表声明称", "澳大利亚放弃了前", "任政府的立场，不", "再承认西耶路撒冷")
RIGHT = ("自然资源部明确各", "地要规范有序推进", "房地一体宅基地确", "权登记颁证，对违", "反国土空间规划。")


def test_a_narrow_layout_page_is_read_as_layout() -> None:
    rows = [row for left, right in zip(LEFT, RIGHT, strict=True) for row in (left, " " * 20 + right)]
    rows[-2] = LEFT[-1] + "    " + RIGHT[-1]  # the baselines met on one row
    dump = read_dump("\n".join(rows[:-1]) + "\n")
    assert dump.style == "layout"
    fragments = lines_to_fragments(dump, Params())
    assert "\n".join(LEFT) in {fragment.text for fragment in fragments}  # the left column whole, alone
    right = [line for fragment in fragments for line in fragment.text.split("\n") if line in RIGHT]
    assert sorted(right) == sorted(RIGHT)  # each right-hand line a line of its own, none glued to the left


def test_indented_paragraphs_are_not_layout() -> None:
    # an ideographic indent (two full-width spaces, four columns) starts paragraphs, not columns
    dump = read_dump("".join(f"\u3000\u3000{left}\n{right}\n" for left, right in zip(LEFT, RIGHT, strict=True)))
    assert dump.style == "lines"
    # a tab (eight columns) before each paragraph, short lines or a paragraph a line: no column beside
    assert read_dump("".join(f"\t{left}\n{right}\n" for left, right in zip(LEFT, RIGHT, strict=True))).style == "lines"
    assert read_dump("".join(f"\t{left * 8}。\n" for left in LEFT)).style == "paragraphs"


def test_a_page_of_titles_and_paragraphs_a_line_each_is_read_as_paragraphs() -> None:
    # its titles, bylines and credits outnumber its paragraphs, so that the typical line is
    # short; but three lines wider than any column are paragraphs set on one line each
    titles = [f"{left}\n\n□本报记者 黄光红\n\n{right}\n" for left, right in zip(LEFT, RIGHT, strict=True)]
    paragraphs = [f"{left * 4}，{right * 4}。\n" for left, right in zip(LEFT, RIGHT, strict=True)][:3]
    assert read_dump("\n".join(titles + paragraphs)).style == "paragraphs"
    assert read_dump("\n".join(titles + paragraphs[:2])).style == "lines"  # two may be a wide title and a caption
    # pdftotext's side-by-side columns, a space between their lines on one row, are no paragraphs
    zipped = [" ".join(LEFT[index:] + LEFT[:index]) * 2 + "\n" for index in range(3)]
    assert read_dump("\n".join(titles + zipped)).style == "lines"

# ---------------------------------------------------------------- control characters


def test_control_characters_are_dropped_counted_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="broadsheet"):
        dump = read_dump(("第一段\x00文字\x07。\x1b[1m粗体\x1b[0m\x7f\x9f\n" + EN).encode("utf-8"))
    assert dump.controls == 6
    assert "\x00" not in dump.text
    assert "\x1b" not in dump.text
    assert dump.lines[0].text == "第一段文字。[1m粗体[0m"
    messages = [record.getMessage() for record in caplog.records]
    assert messages == ["dropped 6 control characters XML cannot carry (U+001B ×2, U+0000 ×1, U+0007 ×1 …)"]
    assert "\n" not in messages[0]


def test_nul_bytes_in_utf8_are_not_taken_for_utf16() -> None:
    dump = read_dump(("a\x00b\x07c " + EN).encode())
    assert dump.encoding == "utf-8"
    assert dump.text.startswith("abc The new bridge")


def test_surrogate_pairs_join_and_lone_surrogates_go() -> None:
    assert drop_controls("x\ud83d\ude00y\ud800z") == ("x😀yz", 1)


def test_newline_doctests_cover_unicode_separators() -> None:
    assert normalise_newlines("a\u2029b\r\n") == "a\nb\n"


# ---------------------------------------------------------------- size


def test_a_single_10_mb_line() -> None:
    flat = " ".join(SAMPLE.read_text(encoding="utf-8").split())
    text = (flat * (10_000_000 // len(flat.encode()) + 1))[:3_400_000]
    dump = read_dump(text.encode("utf-8"))
    assert len(dump.lines) == 1
    assert dump.lines[0].text == text.strip()


def test_a_200_000_line_file() -> None:
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    text = "\n".join(lines[i % len(lines)] for i in range(200_000))
    dump = read_dump(text.encode("utf-8"))
    assert len(dump.lines) == sum(1 for i in range(200_000) if lines[i % len(lines)].strip())
    assert dump.lines[-1].row == 199_999


# ---------------------------------------------------------------- what is no dump


@pytest.mark.parametrize("data", [b"", b"   ", b"\n\r\n\t \f\n", "　\u3000\n".encode(), b"\xef\xbb\xbf \n",
                                  " \n".encode("utf-16")])
def test_empty_or_whitespace_input_is_a_clear_error(data: bytes) -> None:
    with pytest.raises(InputError, match=r"^the input holds no text \(it is empty or only whitespace\)"):
        read_dump(data)


def test_only_control_characters_is_no_text() -> None:
    with pytest.raises(InputError, match="holds no text"):
        read_dump("\x00\x01\x02 \n")


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (os.urandom(4096), "looks binary"),
        (zlib.compress(SAMPLE.read_bytes()), "looks binary"),
        (bytes(range(256)) * 16, "looks binary"),
        (b"\x00" * 1000, "looks binary"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF; extract its text first"),
        (b"\x89PNG\r\n\x1a\n" + os.urandom(64), "a PNG image"),
        (b"PK\x03\x04" + os.urandom(64), "a ZIP archive"),
        (b"\x1f\x8b\x08" + os.urandom(64), "gzip-compressed"),
    ],
    ids=["random", "zlib", "all-bytes", "nuls", "pdf", "png", "zip", "gzip"],
)
def test_binary_input_is_a_clear_error(data: bytes, says: str) -> None:
    with pytest.raises(InputError, match=says) as raised:
        read_dump(data)
    assert "\n" not in str(raised.value)


def test_binary_is_refused_even_with_a_named_encoding() -> None:
    with pytest.raises(InputError, match="a PNG image"):
        read_dump(b"\x89PNG\r\n\x1a\n" + os.urandom(64), Params(encoding="latin-1"))


def test_a_missing_file_or_a_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_dump(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="is a folder"):
        read_dump(tmp_path)
