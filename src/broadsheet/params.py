"""Every tunable number of the pipeline, in one frozen object with its unit.

Change one with `dataclasses.replace(Params(), window=40)`; the CLI takes its option
defaults from `Params()`. Widths are in display columns (a CJK character is two) or
relative to the page's body measure (the width of a full body line), as each says.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Literal

from broadsheet.errors import InputError

Encoding = Literal["auto", "utf-8", "utf-8-sig", "utf-16", "gb18030", "gbk", "big5", "latin-1", "cp1252"]
ENCODINGS: tuple[str, ...] = (
    "auto", "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gb18030", "gbk", "gb2312", "big5", "cp950",
    "big5hkscs", "shift_jis", "euc-jp", "euc-kr", "latin-1", "cp1252",
)  # fmt: skip
STYLES: tuple[str, ...] = ("auto", "lines", "paragraphs", "layout")


@dataclass(frozen=True, slots=True)
class Params:
    """The knobs of the pipeline; every one validated on creation."""

    encoding: str = "auto"  # how to decode bytes; "auto" tries BOMs, UTF-8, GB18030, Big5
    style: str = "auto"  # dump style: lines, paragraphs (one a line) or layout (side by side)
    lang: str = "auto"  # ISO 639-1 language, or "auto" to guess from the text
    gutter_spaces: int = 2  # layout: fewest spaces that may separate two columns on a row
    gutter_share: float = 0.8  # layout: share of nearby rows that must be blank at a gutter
    gutter_rows: int = 6  # layout: rows above and below a row that vote on its gutters
    full_line: float = 0.86  # a line is full when at least this share of its column's width
    wide_line: float = 1.25  # a line wider than this times its column's width starts a fragment
    window: int = 80  # fragments either side of a fragment considered as its successor
    screen_top: int = 12  # candidates kept per fragment end by the cheap screen before the trees
    min_weight: float = -2.0  # log-odds under which an edge is never taken (ends of chains are common)
    # fragments either side of a caption (at least) among whose stories its article is sought:
    # more than a page holds, so only a dump of many pages run together is cut into stretches
    caption_window: int = 300
    # fragments either side of a bodyless title within which the chain whose tail it takes
    # must reach: a page holds fewer, so only a dump of many pages run together is cut
    tail_window: int = 300
    max_title_lines: int = 4  # most lines a headline, kicker or deck may take
    model: str = ""  # path of a model JSON; empty for the shipped one

    def __post_init__(self) -> None:
        if self.encoding not in ENCODINGS:
            raise InputError(f"unknown encoding {self.encoding!r}; use one of: {', '.join(ENCODINGS)}")
        if self.style not in STYLES:
            raise InputError(f"unknown dump style {self.style!r}; use one of: {', '.join(STYLES)}")
        if self.lang != "auto" and not (2 <= len(self.lang) <= 3 and self.lang.isalpha()):
            raise InputError(f"language {self.lang!r} is not an ISO 639 code such as zh, en, de, fr or nl")
        for name in ("gutter_share", "full_line"):
            if not 0.0 < getattr(self, name) <= 1.0:
                raise InputError(f"{name} must lie in (0, 1], not {getattr(self, name)!r}")
        for name in ("gutter_spaces", "gutter_rows", "window", "caption_window", "tail_window", "max_title_lines",
                     "screen_top"):
            if getattr(self, name) < 1:
                raise InputError(f"{name} must be a positive whole number, not {getattr(self, name)!r}")
        if self.wide_line < 1.0:
            raise InputError(f"wide_line must be at least 1.0, not {self.wide_line!r}")

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))
