"""Paragraphs: a story's body lines in reading order in, paragraphs of joined text out.

`join_lines` joins the lines of one paragraph (CJK with nothing between, Latin with a
space or across a line-end hyphen, see lang/); `split_paragraphs` decides where
paragraphs end. A paragraph ends after a short line that ends a sentence, after a Latin
line far short of its measure whatever it ends on (OCR loses and garbles stops; a
justified column leaves only a paragraph's last line short), before an indented line,
and — on pages whose blank lines mark paragraphs (OCR block exports, pdfminer text
boxes, dumps set a paragraph a line) — at the blank lines the script's rules say end one
(`block_ends_paragraph`: CJK after a sentence end; Latin wherever the text does not
plainly run on, since OCR loses full stops). A Latin OCR engine's export of long blocks
keeps every block a paragraph, as METS/ALTO does (`BLOCKS_ARE_PARAGRAPHS`):

    …为重庆稳步推进国际消费中心城市建设带来新动能。   ← short + 。: ends here
    6月中旬，家住江北区南桥寺的市民刘女士在永辉生活…   ← a new paragraph

A paragraph that ends exactly at the column edge, with no blank line after it, shows in
the next line only: its indent (a -layout page keeps it, a line standing right of the
lines around it), or, where the extractor stripped the indent from a CJK paragraph's
first line, set two characters in, that line falling short between two full ones
(`INDENT_LOST`). Where no line shape shows it, on a CJK page the words say it
(`words_open_paragraph`: the corpus's odds of a paragraph break between a sentence's last
characters and the next one's first); a Latin one runs on.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from enum import Enum
from types import ModuleType

from broadsheet.lang import cjk, latin, rules_for
from broadsheet.page import Line
from broadsheet.titles import on_grid


@dataclass(frozen=True, slots=True)
class Joined:
    """Joined text and how many line-end hyphens the join dropped."""

    text: str
    hyphens: int = 0


def join_lines(lines: list[str], script: str, lang: str) -> Joined:
    """Join the lines of one paragraph.

    >>> join_lines(["电商节激活", "重庆消费"], "cjk", "zh").text
    '电商节激活重庆消费'
    >>> join_lines(["一 条 街 ” 上 ， 汇 聚", "着来自湖南"], "cjk", "zh").text  # a stretched line's spaces go
    '一条街”上，汇聚着来自湖南'
    >>> join_lines(["the na-", "vy was ready"], "latin", "en")
    Joined(text='the navy was ready', hyphens=1)
    """
    text, hyphens = "", 0
    for line in lines:
        piece = " ".join(line.split()) if script == "latin" else cjk.unspaced(line.strip())
        if not text:
            text = piece
        elif script == "cjk":
            text = cjk.join(text, piece)
        else:
            text, dropped = latin.join(text, piece, lang)
            hyphens += dropped
    return Joined(text, hyphens)


SHORT_END = 0.75  # a Latin line under this share of its measure ends its paragraph, sentence end or not


class Marking(Enum):
    """How a page shows where its paragraphs end."""

    LINES = "lines"  # by line shapes only: short last lines, sentence ends, indents (pdftotext)
    BOXES = "boxes"  # line shapes, and a blank line after each box of text (pdfminer)
    BLOCKS = "blocks"  # blank lines only, where the text does not run on (a paragraph a line, CJK blocks)
    ENGINE_BLOCKS = "engine blocks"  # every blank line: an OCR engine's blocks, each a paragraph (Latin)


def split_paragraphs(runs: list[list[Line]], measures: list[float], script: str,
                     marking: Marking = Marking.LINES) -> list[list[Line]]:
    """Group the body fragments' lines (`runs`, in reading order) into paragraphs.

    Fragments are already cut at every visible paragraph end, so line shapes break
    paragraphs only between runs, but for a paragraph's first line that its indent shows
    (`_indented_starts`), which may stand inside a run; the words break them anywhere a
    line ends a sentence, with Marking.LINES and BOXES, where the script's `words_open_paragraph` reads a new
    paragraph as likelier than not (CJK; never Latin). With Marking.BLOCKS, at a blank
    line the script's `block_ends_paragraph` accepts; with Marking.ENGINE_BLOCKS, at every
    blank line and nowhere else. With Marking.LINES, after a sentence end on a short line
    (not a run's only line that the script's `indent_stripped` reads as a first line over a full one),
    after a Latin line under SHORT_END of its measure that ends a run of three lines or
    more, when the next run has two or more (a lone line may be a piece pdfminer cut from
    a stretched one) and its first word would have fitted (else a long word went down: no
    choice), or before an indented first line. Marking.BOXES breaks where either does,
    but never before a line the script's `opens_paragraph` refuses (a small letter):
    pdfminer parts a column into boxes at any line, and a box's last line may fall short
    mid-sentence. A typeset page's short line is the setter's, so Marking.LINES keeps its
    break whatever follows. A run of one line ending a sentence ends its paragraph with
    Marking.LINES only (on a page of boxes it may be a piece pdfminer cut from a
    stretched line), and not where its full stop closes a title before a name or an
    initial (`ends_on_name_title`: "Mr." / "F." / "LEWIS said", pieces of a stretched
    line pdftotext printed apart) or the next line opens in a small letter (a piece
    again: "and they." / "own estimation").
    """
    rules = rules_for(script)
    by_words = marking in (Marking.LINES, Marking.BOXES)  # elsewhere blank lines tell, not line ends
    paragraphs: list[list[Line]] = []
    indented = _indented_starts(runs, measures, rules)
    at = 0  # the place of the run's first line among all the runs' lines
    for index, run in enumerate(runs):
        if index and (_breaks(runs[index - 1], measures[index - 1], run, measures[index], script=script,
                              marking=marking)
                      or (by_words and rules.words_open_paragraph(runs[index - 1][-1].text, run[0].text))
                      or at in indented):
            paragraphs.append([])
        if not paragraphs:
            paragraphs.append([])
        paragraphs[-1].append(run[0])
        for position, (before, line) in enumerate(itertools.pairwise(run), start=at + 1):
            if (by_words and rules.words_open_paragraph(before.text, line.text)) or position in indented:
                paragraphs.append([])
            paragraphs[-1].append(line)
        at += len(run)
    return paragraphs


INDENT_SEEN = 2  # grid cells (display columns) right of the lines around it that a paragraph's first line stands


def _indented_starts(runs: list[list[Line]], measures: list[float], rules: ModuleType) -> set[int]:
    """The places, among all the runs' lines, of paragraphs' first lines shown by their
    indent, under a line that ends a sentence: a line standing INDENT_SEEN grid cells
    right of the lines above and below it in its column stream (a -layout page keeps the
    indent), or, where the extractor stripped the indent, a line the script's INDENT_LOST
    display columns short of its measure between two full lines (CJK; None reads none).
    A paragraph ending at the very end of a line shows nothing else.

    >>> line = lambda text, x=0: Line(0, 0, text, x, 2 * len(text), 0, 0, 0)
    >>> runs = [[line("同，但都是人民的选择，都应该得到尊重。"), line("和平共处是国际关系基本准则，更是中"),
    ...          line("美两个大国必须守住的底线。把坚持和平发")]]
    >>> _indented_starts(runs, [38.0], cjk), _indented_starts(runs, [38.0], latin)
    ({1}, set())
    >>> _indented_starts([[line("the navy."), line("He was anxious", 2), line("to know how")]], [20.0], latin)
    {1}

    On a -layout page the indent is read on pdftotext's grid (`Line.cell`, a character a
    cell), where a Han character left of a line on its row moves its display column twice:

    >>> grid = lambda text, x, cell: Line(0, 0, text, x, 2 * len(text), 0, 3, 0, cell)
    >>> rows = lambda cell: [[grid("国家统计局今天发布了数据。", 60, 40), grid("今年一季度国内生产总值同比", 66, cell),
    ...                       grid("增长百分之五点三，经济回升", 70, 40)]]
    >>> _indented_starts(rows(42), [26.0], cjk), _indented_starts(rows(40), [26.0], cjk)
    ({1}, set())
    """
    lines = [line for run in runs for line in run]
    line_measures = [measure for run, measure in zip(runs, measures, strict=True) for _ in run]
    found = set()
    for place in range(1, len(lines) - 1):
        before, line, after = lines[place - 1], lines[place], lines[place + 1]
        if not rules.ends_sentence(before.text):
            continue
        # measured on the -layout grid (titles.on_grid): a CJK line's display column counts
        # the Han characters left of it on its row twice
        left, before_left, after_left = (on_grid(one)[0] for one in (line, before, after))
        if line.column == before.column == after.column and left >= max(before_left, after_left) + INDENT_SEEN:
            found.add(place)
        elif rules.INDENT_LOST is not None:
            full = line_measures[place] - rules.paragraph_end_slack(line_measures[place])
            if before.width >= full and after.width >= full and line.width <= line_measures[place] - rules.INDENT_LOST:
                found.add(place)
    return found


def _breaks(before: list[Line], before_measure: float, after: list[Line], after_measure: float, *, script: str,
            marking: Marking) -> bool:
    rules = rules_for(script)
    last, first = before[-1], after[0]
    if marking is Marking.ENGINE_BLOCKS:
        return first.gap > 0
    if marking is Marking.BOXES and not rules.opens_paragraph(first.text):
        return False
    if marking is not Marking.LINES:
        blank_end = first.gap > 0 and rules.block_ends_paragraph(last.text, first.text)
        if blank_end or marking is Marking.BLOCKS:
            return blank_end
    if not rules.ends_sentence(last.text):
        return (len(before) > 2 and len(after) > 1 and script == "latin"
                and last.width < SHORT_END * before_measure and _room_for_next_word(last, first, before_measure))
    full = before_measure - rules.paragraph_end_slack(before_measure)
    if (len(before) == 1 and first.width >= after_measure - rules.paragraph_end_slack(after_measure)
            and rules.indent_stripped(last.text, last.width, after_measure)):
        return False  # a first line, its indent stripped, whose sentence ended at its end (fragments._indented_opening)
    indented = first.x > min((line.x for line in after[1:]), default=first.x)
    if rules.INDENT_LOST is not None:  # a first line whose indent the extractor stripped (CJK)
        indented = indented or (len(after) > 1 and first.width <= after_measure - rules.INDENT_LOST)
    # a lone line's width says nothing on a page of boxes: pdfminer cuts stretched lines apart;
    # elsewhere it may be a piece of one that pdftotext printed apart
    lone = (len(before) == 1 and marking is Marking.LINES and not rules.ends_on_name_title(last.text)
            and rules.opens_paragraph(first.text))
    return last.width < full or lone or indented


def _room_for_next_word(last: Line, first: Line, measure: float) -> bool:
    """The next line's first word would have fitted at the end of `last`: the line was
    ended by choice, not by a long word that had to go down.

    >>> line = lambda text: Line(0, 0, text, 0, len(text), 0, 0, 0)
    >>> _room_for_next_word(line("not aware of"), line("any law"), 30.0)
    True
    >>> _room_for_next_word(line("the council agreed that the"), line("Unterstützungspflicht"), 30.0)
    False
    """
    word = first.text.split(maxsplit=1)[0] if first.text.strip() else ""
    return last.width + 1 + len(word) <= measure
