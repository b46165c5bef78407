"""Read: bytes, a path or text in; a `Dump` out (decoded text, its lines, what kind it is).

    bytes ─decode─▶ text ─newlines, controls─▶ pages (form feeds) ─▶ Line*

Decoding honours a BOM, then takes UTF-8 when it is valid and plainly so (ASCII, or 16
non-ASCII characters). Otherwise each candidate (UTF-8 with repairs, GB18030, Big5, CP1252,
UTF-16 when NUL bytes are about, charset-normalizer's guess) decodes a sample, and the most
plausible reading per byte wins: common Han characters and Han in known words, CJK
punctuation, accented letters inside words score; U+FFFD, controls and private-use code
points cost. So a short GBK file reads as GBK, not as Big5 or Korean. PDFs, images and
archives, and files no candidate reads plausibly, are refused as binary. CRLF, CR, NEL
and U+2028/9 become LF; NUL and other control characters are dropped, counted in
`Dump.controls` and logged as one warning (XML cannot carry them). Lines keep their page,
row, indent and display width (a CJK character is two columns); the dump style is guessed.
Limits: an encoding is a guess (`--encoding` overrides it); a text of one or two Han
characters may read either way; UTF-16 without a BOM needs a few ASCII characters.
"""

from __future__ import annotations

import codecs
import functools
import logging
import re
import statistics
import unicodedata
from collections import Counter
from pathlib import Path

import charset_normalizer
import numpy as np

from broadsheet.errors import InputError
from broadsheet.lang import cjk, latin
from broadsheet.lang.words import PAIR_CODE, known_pairs
from broadsheet.page import Dump, DumpStyle, Line, Script
from broadsheet.params import Params

log = logging.getLogger(__name__)

_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_NEWLINES = re.compile("\r\n?|[\x85\u2028\u2029]")
_NEWLINE_CHARS = ("\r", "\x85", "\u2028", "\u2029")  # every _NEWLINES match holds one
_SURROGATE = re.compile("[\ud800-\udfff]")
_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_MAGIC = (
    (b"%PDF-", "a PDF; extract its text first (pdftotext page.pdf page.txt)"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.odt); give the extracted text"),
    (b"\x1f\x8b", "gzip-compressed; decompress it first (gunzip)"),
    (b"\x89PNG", "a PNG image; run OCR on it first"),
    (b"\xff\xd8\xff", "a JPEG image; run OCR on it first"),
    (b"GIF8", "a GIF image; run OCR on it first"),
    (b"II*\x00", "a TIFF image; run OCR on it first"),
    (b"MM\x00*", "a TIFF image; run OCR on it first"),
    (b"\x7fELF", "a program, not a text dump"),
)
_CANDIDATES = ("utf-8", "gb18030", "big5", "cp950", "cp1252")
UTF8_EVIDENCE = 16  # non-ASCII characters that make valid UTF-8 certain, however odd they read
UTF8_BONUS = 0.25  # added to the score of valid UTF-8: chance seldom makes it
UTF16_NULS = 4  # NUL bytes (the other half of ASCII characters in UTF-16) that make UTF-16 a candidate
GUESS_BYTES = 256  # charset-normalizer's guess joins the candidates from this many bytes on
_GUTTER = re.compile(r"\S {3,}\S")
UNSET_CJK, UNSET_LATIN = 120, 200  # display columns wider than any printed column: a paragraph on one line
UNSET_SHARE, UNSET_LINES = 0.1, 3  # share and number of a dump's lines that wide that make it a paragraph a line
LAYOUT_SET_OFF = 8  # display columns of leading space no indent reaches (an ideographic indent is 4)
MAX_CONTROL_SHARE = 0.1  # more control characters than this makes a file binary ...
MIN_BINARY_CONTROLS = 8  # ... once there are this many of them (a stray NUL in a short note is no binary)
MIN_PLAUSIBILITY = 0.5  # a file of GUESS_BYTES or more that no encoding reads better than this is binary
SAMPLE_BYTES = 65_536  # bytes of a file the encoding candidates are scored on

_ASCII_SCORES = tuple(
    1.0 if chr(code).isalnum() or chr(code) in " \t\n\f.,;:!?'\"()-%" else 0.5 if chr(code).isprintable() else -1.0
    for code in range(128)
)  # letters, digits, spaces and common punctuation 1; []{}<>@#… 0.5; controls -1
_ALPHABETS = re.compile("[\u0386-\u03ce\u0400-\u045f\u05d0-\u05ea\u0620-\u064a\u0e01-\u0e4e]")  # Greek … Thai
_MARKS = "，。！？；：、（）《》〈〉「」『』【】…—–“”‘’·％０１２３４５６７８９\u3000"  # common in CJK text
_MARK_SCORES = dict.fromkeys(_MARKS, 1.0) | {"\ufffd": -5.0}
_CATEGORY_SCORES = {"Cs": -5.0, "Co": -3.0, "Cn": -3.0, "Cc": -1.0}  # surrogates, private use, unassigned, controls
_ASCII_TABLE = np.array(_ASCII_SCORES, dtype=float)
_NOT_LEAD_BYTES = bytes(range(0xC0))  # deleting these leaves one byte per non-ASCII UTF-8 character
_ASCII_LETTERS = bytes(range(ord("A"), ord("Z") + 1)) + bytes(range(ord("a"), ord("z") + 1))


def read_dump(source: str | bytes | Path, params: Params | None = None) -> Dump:
    """Decode and split a dump. `source` is text, raw bytes or a path to a file."""
    params = params or Params()
    if isinstance(source, Path):
        source = read_bytes(source)
    # a byte order mark is no text, whether the caller decoded the file or we do
    text, encoding = (source.removeprefix("\ufeff"), "utf-8") if isinstance(source, str) else decode(
        source, params.encoding)
    text, controls = drop_controls(normalise_newlines(text))
    if not text.strip():
        raise InputError("the input holds no text (it is empty or only whitespace); give a dump with text in it")
    script = guess_script(text)
    lines = text_to_lines(text, cjk_page=script == "cjk")
    lang = params.lang if params.lang != "auto" else guess_lang(text, script)
    style = params.style if params.style != "auto" else guess_style(lines, script)
    return Dump(text, lines, text.count("\f") + 1, style, script, lang, encoding, controls)  # type: ignore[arg-type]


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a folder, not a dump; give a text file") from None
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror or error}") from None


def decode(data: bytes, encoding: str = "auto") -> tuple[str, str]:
    """Text and the encoding it was read with; a binary file raises InputError."""
    _refuse_known_binary(data)
    if encoding != "auto":
        return _decode_as(data, encoding), encoding
    name, score = (bom, 1.0) if (bom := _bom(data)) else _best_candidate(data)
    text = data.decode(name, errors="replace")
    controls = len(_CONTROLS.findall(text, 0, SAMPLE_BYTES))
    too_many = controls >= MIN_BINARY_CONTROLS and controls > MAX_CONTROL_SHARE * min(len(text), SAMPLE_BYTES)
    if too_many or (score < MIN_PLAUSIBILITY and len(data) >= GUESS_BYTES):
        raise InputError("the input looks binary, not like a text dump; give the extractor's text output")
    _report_replacements(data, text, name)
    return text, name


def _decode_as(data: bytes, encoding: str) -> str:
    """Decode with the encoding the user named; a UTF-8 BOM is never text."""
    if encoding == "utf-8" and data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise InputError(
            f"the input is not valid {encoding} (byte {error.start}); try --encoding auto or another encoding"
        ) from None


def _refuse_known_binary(data: bytes) -> None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"the input is {what}")


def _bom(data: bytes) -> str | None:
    r"""The encoding a byte-order mark names; FF FE 00 00 is UTF-16 and a NUL unless it reads as UTF-32.

    >>> _bom("\x00 ok".encode("utf-16-le").join([b"\xff\xfe", b""])), _bom("ok".encode("utf-32"))
    ('utf-16', 'utf-32')
    """
    name = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    if name == "utf-32" and data.startswith(b"\xff\xfe") and not _valid(data, "utf-32"):
        return "utf-16"
    return name


def _best_candidate(data: bytes) -> tuple[str, float]:
    """Valid UTF-8 when plainly so, else the candidate whose sample reads most like text; and its score."""
    sample = data[:SAMPLE_BYTES]
    valid_utf8 = _valid(data)
    if valid_utf8 and b"\x00" not in sample:
        wide = len(sample.translate(None, _NOT_LEAD_BYTES))  # each non-ASCII character has one lead byte
        if wide == 0 or wide >= UTF8_EVIDENCE:
            return "utf-8", 1.0
    names = [*_CANDIDATES, *_utf16_candidates(sample)]
    guess = _charset_normalizer_guess(sample) if len(sample) >= GUESS_BYTES else None
    names += [guess] if guess and guess not in names else []
    scored = [
        (plausibility(sample.decode(name, "replace"), name) + (UTF8_BONUS if name == "utf-8" and valid_utf8 else 0.0),
         -order, name)
        for order, name in enumerate(names)
    ]
    score, _, name = max(scored)
    return name, score


def _utf16_candidates(sample: bytes) -> tuple[str, ...]:
    """UTF-16 either way round when NUL bytes are about, the likelier byte order first."""
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if even + odd < UTF16_NULS:
        return ()
    return ("utf-16-le", "utf-16-be") if odd >= even else ("utf-16-be", "utf-16-le")


def _valid(data: bytes, encoding: str = "utf-8") -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _charset_normalizer_guess(sample: bytes) -> str | None:
    best = charset_normalizer.from_bytes(sample).best()
    return codecs.lookup(best.encoding).name if best is not None else None


def _report_replacements(data: bytes, text: str, name: str) -> None:
    """Log how many bytes the encoding could not read (each became U+FFFD in the text)."""
    if "\ufffd" in text:
        bad = text.count("\ufffd") - data.decode(name, errors="ignore").count("\ufffd")
        if bad:
            log.warning("%d bytes are not valid %s and became U+FFFD; if the text looks wrong, set --encoding",
                        bad, name)


def plausibility(text: str, encoding: str = "") -> float:
    """How much `text`, decoded with `encoding`, reads like a dump: a mean per byte, at most 1.

    Each character scores from 1 (letters, digits, common Han or Han in a known word, CJK
    punctuation, accented letters inside words) down to -5 (U+FFFD, lone surrogates),
    weighted by the bytes it took.

    >>> plausibility("你好，世界", "big5") > plausibility("斕疑ㄛ岍賜", "gb18030")
    True
    >>> plausibility("Müller", "cp1252") > plausibility("M黱ler", "gb18030")
    True
    """
    sample = text[:20_000]
    ascii_bytes = 2 if encoding.startswith("utf-16") else 1
    # ASCII scores by table in bulk: only the other characters need a look at their neighbours
    codes = np.frombuffer(sample.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    ascii_codes = codes[codes < 128]
    total = float(_ASCII_TABLE[ascii_codes].sum()) * ascii_bytes
    weight = float(len(ascii_codes)) * ascii_bytes
    # in_word[i]: characters i - 1 and i make a pair found inside a common word (all pairs at once)
    points = codes.astype(np.int64)
    in_word = known_pairs(points[:-1] * PAIR_CODE + points[1:]) if cjk.han_count(sample) else np.zeros(0, bool)
    in_word = np.concatenate([[False], in_word, [False]]) if len(in_word) else np.zeros(len(codes) + 1, bool)
    for index in np.flatnonzero(codes >= 128).tolist():
        char = sample[index]
        before, after = sample[index - 1] if index else " ", sample[index + 1 : index + 2] or " "
        in_a_word = in_word[index] or in_word[index + 1]  # the pair before it, or the pair after
        score, size = 1.0 if in_a_word else _char_score(char, before, after, encoding), _size(char, encoding)
        total += score * size
        weight += size
    return total / weight if weight else 0.0


def _char_score(char: str, before: str, after: str, encoding: str) -> float:
    """1 for what text is made of, less for the rare, a penalty for what decoding errors make."""
    category = unicodedata.category(char)
    if char in _MARK_SCORES or category in _CATEGORY_SCORES:
        return _MARK_SCORES.get(char, _CATEGORY_SCORES.get(category, 0.0))
    if cjk.is_han(char):
        return -0.5 if _ascii_letter(before) and _ascii_letter(after) else _han_score(char, encoding)
    if category.startswith("L"):
        return _letter_score(char, before, after)
    if "\uff01" <= char <= "\uff5e" or "\u3000" <= char <= "\u303f":
        return 0.3
    if category == "So" and (char > "\uffff" or "\u2600" <= char <= "\u27bf"):
        return 1.0  # emoji and dingbats
    return 0.0 if category[0] in "NMZ" or category == "Cf" else -0.3  # other symbols are seldom printed text


def _letter_score(char: str, before: str, after: str) -> float:
    """Accented Latin letters belong in Latin words (or stand alone: à); other scripts in words of their own."""
    if 0xC0 <= ord(char) < 0x250:
        if _ascii_letter(before) or _ascii_letter(after):
            return 1.0
        alone = not (before.isalpha() or after.isalpha())
        return 0.5 if alone or _latin_letter(before) or _latin_letter(after) else -0.5
    in_a_word = (not before.isascii() and before.isalpha()) or (not after.isascii() and after.isalpha())
    return (0.8 if _ALPHABETS.match(char) else 0.3) if in_a_word else 0.0


def _ascii_letter(char: str) -> bool:
    return char.isascii() and char.isalpha()


def _latin_letter(char: str) -> bool:
    return char.isalpha() and (char.isascii() or 0xC0 <= ord(char) < 0x250)


@functools.lru_cache(maxsize=8192)
def _han_score(char: str, encoding: str) -> float:
    """Common characters 1; in GB text those of GB2312, in Big5 text those of its first level 0.5."""
    if char in (cjk.COMMON_SIMPLIFIED if encoding == "gb18030" else cjk.COMMON_HAN):
        return 1.0
    if encoding in ("gb18030", "big5", "cp950"):
        try:
            lead = char.encode("gb2312" if encoding == "gb18030" else "big5")[0]
        except UnicodeEncodeError:
            return 0.1
        return 0.5 if encoding == "gb18030" or lead <= 0xC6 else 0.2
    return 0.3 if "\u3400" <= char <= "\u9fff" or char > "\uffff" else 0.8  # kana and hangul read by their own codecs


@functools.lru_cache(maxsize=65_536)
def _size(char: str, encoding: str) -> int:
    """Bytes `char` takes in `encoding`; 1 for U+FFFD, which stands for a byte the decoder could not read."""
    if char == "\ufffd":
        return 1
    try:
        return len(char.encode(encoding))
    except (UnicodeEncodeError, LookupError):
        return 1


def normalise_newlines(text: str) -> str:
    r"""CRLF, lone CR, NEL and the Unicode line and paragraph separators become LF.

    >>> normalise_newlines("a\r\nb\rc\u2028d")
    'a\nb\nc\nd'
    """
    return _NEWLINES.sub("\n", text) if any(map(text.__contains__, _NEWLINE_CHARS)) else text  # finds beat a scan


def drop_controls(text: str) -> tuple[str, int]:
    r"""Text without control characters (tab, newline and form feed stay), and how many went.

    Surrogate pairs (left by a UTF-16 round trip) become their character first; lone
    surrogates go with the controls. What went is logged as one warning.

    >>> drop_controls("a\x00b\x07\tc")
    ('ab\tc', 2)
    """
    if _CONTROLS.search(text) is None:  # most dumps: one scan (surrogates are among _CONTROLS), nothing to do
        return text, 0
    if _SURROGATE.search(text):
        text = _PAIR.sub(lambda pair: pair[0].encode("utf-16-le", "surrogatepass").decode("utf-16-le"), text)
    found = Counter(_CONTROLS.findall(text))
    if not found:
        return text, 0
    kinds = ", ".join(f"U+{ord(char):04X} ×{count}" for char, count in found.most_common(3))
    more = " …" if len(found) > 3 else ""
    total = sum(found.values())
    log.warning("dropped %d control characters XML cannot carry (%s%s)", total, kinds, more)
    return _CONTROLS.sub("", text), total


def text_to_lines(text: str, cjk_page: bool = False) -> tuple[Line, ...]:
    """Non-blank lines with their page, indent, display width and the blank lines above."""
    found: list[tuple[int, str, int, int, int, int]] = []  # page, text, indent, width (-1: not yet), gap, row
    row = 0
    for page, page_text in enumerate(text.split("\f")):
        gap = 0
        for number, raw in enumerate(page_text.split("\n"), start=row):
            row = number  # rows count newlines across pages: a form feed shares its line
            expanded = raw.expandtabs(8) if "\t" in raw else raw
            stripped = expanded.strip()
            if not stripped:
                gap += 1
                continue
            lead = len(expanded) - len(expanded.lstrip())
            if expanded.isascii():  # most lines: a column a character, display_width's own first answer
                found.append((page, stripped, lead, len(stripped), gap, number))
            else:  # measured below, all such lines at once
                found.append((page, stripped, cjk.display_width(expanded[:lead]) if lead else 0, -1, gap, number))
            gap = 0
    wide = [index for index, line in enumerate(found) if line[3] < 0]
    widths = dict(zip(wide, cjk.display_widths([found[index][1] for index in wide], cjk_page), strict=True))
    if cjk_page:
        _measure_stretched(found, wide, widths)
    return tuple(Line(number, page, stripped, indent, widths.get(number, width), gap, row=row)
                 for number, (page, stripped, indent, width, gap, row) in enumerate(found))


def _measure_stretched(found: list[tuple[int, str, int, int, int, int]], wide: list[int],
                       widths: dict[int, int]) -> None:
    """Give each letter-spaced CJK line (a justified line the extractor printed with a space
    between its characters) the width of the wider of its neighbours on the page, within
    what its characters take with and without those spaces: its spaces say only that it
    was stretched, to its column's width, not how far."""
    squeezed = {index: cjk.unspaced(found[index][1]) for index in wide}
    stretched = [index for index, text in squeezed.items() if text != found[index][1]]
    if not stretched:
        return
    narrow = dict(zip(stretched, cjk.display_widths([squeezed[i] for i in stretched], True), strict=True))
    for index in stretched:
        beside = [widths.get(other, found[other][3]) for other in (index - 1, index + 1)
                  if 0 <= other < len(found) and other not in narrow and found[other][0] == found[index][0]]
        widths[index] = min(widths[index], max([narrow[index], *beside]))


def guess_script(text: str) -> Script:
    """"cjk" when Han letters make up a fifth or more of the letters, else "latin"."""
    sample = text[:200_000]
    han = cjk.han_count(sample)
    ascii_text = sample.encode("ascii", "ignore")
    letters = han + len(ascii_text) - len(ascii_text.translate(None, _ASCII_LETTERS))
    return "cjk" if letters and han / letters >= 0.2 else "latin"


def guess_lang(text: str, script: Script) -> str:
    if script == "cjk":
        sample = text[:50_000]
        if re.search("[\u3040-\u30ff]", sample):
            return "ja"
        return "ko" if re.search("[\uac00-\ud7af]", sample) else "zh"
    return latin.guess_lang(text[:50_000])


def guess_style(lines: tuple[Line, ...], script: Script) -> DumpStyle:
    """Layout when a fifth of lines hold a gutter (three spaces or more between text), or
    stand beside the line above or below them (a narrow page's -layout print puts one
    column's lines alone on a row, right of where the other column's lines end);
    paragraphs when lines run long, or UNSET_SHARE of them run wider than any column."""
    if not lines:
        return "lines"
    set_off = sum(1 for line in lines if _GUTTER.search(line.text)) + _lines_beside(lines)
    if set_off >= max(3, 0.2 * len(lines)):
        return "layout"
    widths = [line.width for line in lines]
    typical = statistics.median(widths)
    long_share = sum(1 for line in lines if line.width > 3 * typical) / len(lines)
    if typical > (90 if script == "cjk" else 110) or (long_share > 0.3 and _sentence_ends(lines) > 0.5 * len(lines)):
        return "paragraphs"
    if _unset_lines(lines, script) >= max(UNSET_LINES, UNSET_SHARE * len(lines)):
        return "paragraphs"
    return "lines"


def _unset_lines(lines: tuple[Line, ...], script: Script) -> int:
    """Lines wider than any printed column: paragraphs a line each. Titles, bylines and
    captions are short lines, so such a page's paragraphs may be a minority of its lines.
    A CJK line is measured by its widest space-free run, as pdftotext prints side-by-side
    columns' lines on one row with a space between (`interleave.unzip`)."""
    if script != "cjk":
        return sum(1 for line in lines if line.width > UNSET_LATIN)
    return sum(1 for line in lines if line.width > UNSET_CJK
               and max(cjk.display_width(part, cjk_page=True) for part in line.text.split()) > UNSET_CJK)


def _lines_beside(lines: tuple[Line, ...]) -> int:
    r"""Lines set LAYOUT_SET_OFF columns or more from the edge that start right of where the
    line above or below them ends: a column beside, not a paragraph's indent, which the
    lines around it run under.

    >>> _lines_beside(text_to_lines("left column\n" + " " * 20 + "right column\nleft again\n"))
    1
    >>> _lines_beside(text_to_lines("\tAn indented first line\nand the paragraph's next line\n"))
    0

    Ends are counted in pdftotext's grid cells, where a CJK character takes one cell, as a
    space does (its display width is two): a right column set 18 spaces in stands beside a
    left column's line of 14 characters, which is 28 display columns wide.

    >>> _lines_beside(text_to_lines("在俄库尔斯克州，俄军继续打击乌\n" + " " * 18 + "日呼吁合作伙伴提供防空系统\n"))
    1
    """
    beside = 0
    for number, line in enumerate(lines):
        if line.x < LAYOUT_SET_OFF:
            continue
        around = [lines[n] for n in (number - 1, number + 1) if 0 <= n < len(lines) and lines[n].page == line.page]
        # in grid cells: pdftotext sets a CJK character in one cell, as it sets a space
        beside += any(line.x >= other.x + len(other.text) + 2 for other in around)
    return beside


def _sentence_ends(lines: tuple[Line, ...]) -> int:
    """Lines ending where a sentence may end, in either script (counted only when asked)."""
    return sum(1 for line in lines if cjk.ends_sentence(line.text) or latin.ends_sentence(line.text))
