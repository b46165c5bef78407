"""Read: bytes, a path or text in; a `Dump` out (decoded text, its lines, what kind it is).

    bytes ─decode─▶ text ─newlines, controls─▶ pages (form feeds) ─▶ Line*

Decoding honours a BOM, then tries UTF-8, then asks charset-normalizer (GB18030, Big5,
UTF-16 without BOM …). CRLF and CR become LF; NUL and other control characters are
dropped and counted (they may never reach XML). Each line keeps its indent and display
width, measured in columns (a CJK character is two). The dump style is guessed here:
`layout` when rows hold several columns side by side, `paragraphs` when each line is a
whole paragraph, `lines` otherwise. Limits: an encoding is a guess, and `--encoding`
overrides it; a file that is mostly control bytes is refused as binary.
"""

from __future__ import annotations

import re
import statistics
from pathlib import Path

from broadsheet.errors import InputError
from broadsheet.lang import cjk, latin
from broadsheet.page import Dump, DumpStyle, Line, Script
from broadsheet.params import Params

_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_GUTTER = re.compile(r"\S {3,}\S")
MAX_CONTROL_SHARE = 0.1  # more control characters than this makes a file binary


def read_dump(source: str | bytes | Path, params: Params | None = None) -> Dump:
    """Decode and split a dump. `source` is text, raw bytes or a path to a file."""
    params = params or Params()
    if isinstance(source, Path):
        source = read_bytes(source)
    text, encoding = (source, "utf-8") if isinstance(source, str) else decode(source, params.encoding)
    text, controls = drop_controls(normalise_newlines(text))
    if not text.strip():
        raise InputError("the input holds no text (it is empty or only whitespace)")
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
    if encoding != "auto":
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as error:
            raise InputError(f"the input is not valid {encoding} (byte {error.start}); try --encoding auto") from None
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data.decode(name, errors="replace"), name
    if b"\x00" not in data[:4096]:
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    text, name = _detect(data)
    if _control_share(text) > MAX_CONTROL_SHARE:
        raise InputError("the input looks binary, not like a text dump; give the extractor's text output")
    return text, name


def _detect(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None:
        raise InputError("the input looks binary, not like a text dump; give the extractor's text output")
    name = best.encoding
    return data.decode(name, errors="replace"), name.replace("_", "-")


def _control_share(text: str) -> float:
    sample = text[:100_000]
    return len(_CONTROLS.findall(sample)) / max(len(sample), 1)


def normalise_newlines(text: str) -> str:
    r"""CRLF and lone CR become LF.

    >>> normalise_newlines("a\r\nb\rc")
    'a\nb\nc'
    """
    return text.replace("\r\n", "\n").replace("\r", "\n")


def drop_controls(text: str) -> tuple[str, int]:
    r"""Text without control characters (tab, newline and form feed stay), and how many went.

    >>> drop_controls("a\x00b\x07\tc")
    ('ab\tc', 2)
    """
    cleaned, count = _CONTROLS.subn("", text)
    return cleaned, count


def text_to_lines(text: str, cjk_page: bool = False) -> tuple[Line, ...]:
    """Non-blank lines with their page, indent, display width and the blank lines above."""
    lines: list[Line] = []
    for page, page_text in enumerate(text.split("\f")):
        gap = 0
        for number, raw in enumerate(page_text.split("\n")):
            expanded = raw.expandtabs(8) if "\t" in raw else raw
            stripped = expanded.strip()
            if not stripped:
                gap += 1
                continue
            indent = cjk.display_width(expanded[: len(expanded) - len(expanded.lstrip())])
            width = cjk.display_width(stripped, cjk_page)
            lines.append(Line(len(lines), page, stripped, indent, width, gap))
            gap = 0
    return tuple(lines)


def guess_script(text: str) -> Script:
    """"cjk" when Han letters make up a fifth or more of the letters, else "latin"."""
    sample = text[:200_000]
    han = cjk.han_count(sample)
    letters = han + sum(1 for char in sample if char.isascii() and char.isalpha())
    return "cjk" if letters and han / letters >= 0.2 else "latin"


def guess_lang(text: str, script: Script) -> str:
    if script == "cjk":
        sample = text[:50_000]
        if re.search("[\u3040-\u30ff]", sample):
            return "ja"
        return "ko" if re.search("[\uac00-\ud7af]", sample) else "zh"
    return latin.guess_lang(text[:50_000])


def guess_style(lines: tuple[Line, ...], script: Script) -> DumpStyle:
    """Layout when a fifth of lines hold a wide gutter; paragraphs when lines run long."""
    if not lines:
        return "lines"
    gutters = sum(1 for line in lines if _GUTTER.search(line.text) and line.width > 40)
    if gutters >= max(3, 0.2 * len(lines)):
        return "layout"
    widths = [line.width for line in lines]
    typical = statistics.median(widths)
    long_share = sum(1 for line in lines if line.width > 3 * typical) / len(lines)
    ends = sum(1 for line in lines if cjk.ends_sentence(line.text) or latin.ends_sentence(line.text))
    if typical > (90 if script == "cjk" else 110) or (long_share > 0.3 and ends > 0.5 * len(lines)):
        return "paragraphs"
    return "lines"
