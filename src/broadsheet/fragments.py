"""Fragments: the dump's lines in, runs of lines that surely belong together out.

A fragment is cut wherever the dump shows a break: a blank line, a new page or -layout
column stream, a line much wider than the run it would join, a short line that does not
end a sentence (a headline or heading line: body paragraphs end on punctuation; a line
opening a quotation it does not close runs on, though), and around lines whose shape is a
cue of its own (byline, photo credit, jump, folio, a paper's name, a CJK deck led by a dash):

    电商节激活重庆消费新动能          ← short, no closing punctuation: cut after
    □本报记者 黄光红                 ← a byline: a fragment of its own
    7月5日下午，“2022重庆6·18电商    ┐
    节”暨“寻找西部带货王电商主播…     │ one fragment: a column run
    行。市商务委现场发布消息称，…     ┘

Cutting too often is cheap (the graph joins fragments again); cutting too rarely welds two
articles together, which nothing later can undo. Known limit: a Latin headline that ends
in a full stop and is as wide as the column stays inside its body fragment.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType

from broadsheet.gutters import split_layout
from broadsheet.interleave import unweave, unzip
from broadsheet.lang import is_cue_text, rules_for
from broadsheet.page import Dump, Fragment, Line
from broadsheet.params import Params

_SOFT_ENDS = tuple("-\u00ad\u2010\u2011\u00ac,，、;；:：(（“‘\"'")  # as `[…]$`: a line holds no newline


def lines_to_fragments(dump: Dump, params: Params) -> tuple[Fragment, ...]:
    """Cut the dump's lines into fragments, numbered in dump order."""
    lines = _column_lines(dump, params)
    rules = rules_for(dump.script)
    if dump.style == "paragraphs":
        pieces: list[list[Line]] = [[line] for line in lines]
    else:
        pieces = [piece for run in split_at_breaks(lines) for piece in split_at_shapes(run, rules, params)]
    return tuple(Fragment(number, piece[0].page, tuple(piece)) for number, piece in enumerate(pieces))


def _column_lines(dump: Dump, params: Params) -> tuple[Line, ...]:
    if dump.style == "paragraphs":  # a paragraph a line: no column is printed a line at a time
        return dump.lines
    if dump.style != "layout":
        rules = rules_for(dump.script)
        return unweave(unzip(dump.lines, rules, dump.lang), rules, dump.lang)
    return split_layout(dump.lines, params)


def split_at_breaks(lines: tuple[Line, ...]) -> Iterator[list[Line]]:
    """Runs of lines with no blank line, page break or column change between them."""
    run: list[Line] = []
    for line in lines:
        if run and (line.gap or line.page != run[-1].page or line.column != run[-1].column):
            yield run
            run = []
        run.append(line)
    if run:
        yield run


def split_at_shapes(run: list[Line], rules: ModuleType, params: Params) -> Iterator[list[Line]]:
    """Cut a run into paragraphs, title-like units and cue lines.

    Each line is measured against the lines above it in its unit (the paragraph so far)
    or, opening a unit, against the lines below. A unit ends after a sentence end on a
    line short of the measure (a paragraph's end), after a much shorter line (a title's
    end), and around a line much wider than its neighbours (a headline or caption over
    the column). A unit that ends on no sentence end, hyphen or comma, is at most
    `max_title_lines` long and is not a run's cut-off tail is a title or heading; its
    lines stand alone, to be grouped again by order.py.
    """
    if len(run) == 1:  # a line alone is its own piece, whatever it reads as
        yield run
        return
    # is_cue_line, asked once a line and read up to four times; a dash-led deck and a
    # paper's name (its masthead) stand alone too
    cue = [is_cue_text(line.text, rules) or rules.opens_deck(line.text) or rules.names_newspaper(line.text)
           for line in run]
    width = [line.width for line in run]
    for start, end, titled in _units(run, rules, params, cue=cue, width=width):
        if titled:
            yield from ([line] for line in run[start:end])
        else:
            yield from _cue_pieces(run, start, end, cue)


def _units(run: list[Line], rules: ModuleType, params: Params, *, cue: list[bool],
           width: list[int]) -> Iterator[tuple[int, int, bool]]:
    """(start, end, is_title) for each unit of a run: units are the slices run[start:end].

    `cue` and `width` are each line's is_cue_line and width."""
    running = [runs_on(line.text, rules) for line in run]
    cjk = rules.SCRIPT == "cjk"
    start = 0  # the open unit is run[start:index]
    for index in range(len(run)):
        reference = _reference(width, start, index, running)
        tolerance = _tolerance(rules, reference)
        if index > start and (cue[index] or cue[index - 1]
                              or (width[index] > reference + tolerance and not running[index - 1])):  # wide
            yield start, index, _is_title(run[start:index], _reference(width, start, index - 1, running), False,
                                          rules, params)
            start = index
            reference = _reference(width, start, index, running)
            tolerance = _tolerance(rules, reference)
        last = index == len(run) - 1
        heads = not last and not running[index] and cjk and _heads_paragraph(run, index, width, rules)
        if heads and index > start and rules.ends_sentence(run[index - 1].text):
            # the heading's first line, set right under the paragraph before: a paragraph's
            # last line ends a sentence, so a short line after one that ends none is no body line
            yield start, index, _is_title(run[start:index], reference, False, rules, params)
            start = index
        if last or heads or (not running[index] and _ends_unit(run[index], run[index + 1], reference, tolerance,
                                                               rules, opening=index == start)):
            yield start, index + 1, _is_title(run[start : index + 1], reference, last and len(run) > 1, rules,
                                              params)
            start = index + 1


def _ends_unit(line: Line, following: Line, reference: float, tolerance: float, rules: ModuleType, *,
               opening: bool = False) -> bool:
    """Whether a unit ends after `line` (one that runs on never does: its caller asks first);
    `tolerance` is _tolerance of `reference`, which the caller has; `opening`: the line
    opens its unit."""
    if line.width < reference - tolerance or line.width > reference + tolerance:
        return True
    if (rules.ends_sentence(line.text) and line.width < reference - rules.paragraph_end_slack(reference)
            and not (opening and _indented_opening(line, following, reference, rules))):
        return True
    return following.width > max(line.width, reference) + tolerance


def _indented_opening(line: Line, following: Line, reference: float, rules: ModuleType) -> bool:
    """A paragraph's first line whose first sentence ends at the line's end, where the
    extractor stripped the indent (the script's `indent_stripped`; CJK), over a full line.
    It ends its sentence, not its paragraph: 第四，中南要做维护正义的全球伙伴。 over
    独立自主是我们共同坚守的原则。中方支持…; a paragraph's last line falling short by just
    that much at the top of a unit is rarer."""
    return (following.width >= reference - rules.paragraph_end_slack(reference)
            and bool(rules.indent_stripped(line.text, line.width, reference)))


def _heads_paragraph(run: list[Line], index: int, width: list[int], rules: ModuleType) -> bool:
    """A CJK line that ends no sentence, over a paragraph's first line (short, its indent
    lost), both short of the full lines under them, is a heading's last line: a body line
    falls short only where its paragraph ends, on a sentence end, or where half-width
    digits narrow it, and such lines hold clause marks."""
    measure = max(width[index + 2 : index + 4], default=0)
    slack = rules.paragraph_end_slack(measure)
    if width[index] >= measure - slack or width[index + 1] >= measure - slack:
        return False
    text = run[index].text  # headings part their phrases with spaces, not clause marks or brackets
    return not rules.ends_sentence(text) and not any(mark in text for mark in rules.CLAUSE_MARKS + "（(")


def runs_on(text: str, rules: ModuleType) -> bool:
    """A line that opens a quotation it does not close runs on into the next, whatever
    its width: an indented paragraph's first line, not a title."""
    return bool(rules.open_quote(text)) and not rules.ends_sentence(text)


def _reference(width: list[int], start: int, index: int, running: list[bool]) -> float:
    """The width a full line would have at run[index], the open unit being run[start:index]:
    its last two lines, else this line and the two below (also below a first line kept
    short by its indent, which `runs_on` let through: `running`)."""
    if index > start and not (index - start == 1 and running[start]):
        above = width[index - 1]  # the larger of the (one or two) lines above, without a slice
        return float(width[index - 2] if index - 2 >= start and width[index - 2] > above else above)
    return float(max(width[index : index + 3]))


def _tolerance(rules: ModuleType, measure: float) -> float:
    """How far from its column's width a line may fall and still be a full line.

    A CJK paragraph's first line is two characters (four columns) short, and half-width
    digits shave a little more, so only lines three and a half characters short count.
    """
    return 7.0 if rules.SCRIPT == "cjk" else 0.25 * measure


def _is_title(unit: list[Line], measure: float, cut_off: bool, rules: ModuleType, params: Params) -> bool:
    """A few lines that end on no sentence end, hyphen or comma: a headline or heading.

    The tail of a run cut off at a column break ends mid-sentence too, but on a full line.
    """
    line = unit[-1]
    if len(unit) > params.max_title_lines or is_cue_line(line, rules):
        return False
    if ((rules.ends_sentence(line.text) and not rules.stopped_title(line.text)) or line.text.endswith(_SOFT_ENDS)
            or rules.find_credit(line.text)):
        return False  # a caption ending in its photo credit is no title either
    return not cut_off or line.width < measure - _tolerance(rules, measure)


def _cue_pieces(run: list[Line], start: int, end: int, cue: list[bool]) -> Iterator[list[Line]]:
    """run[start:end] cut around its cue lines (`cue`: each line of the run's is_cue_line)."""
    piece = start
    for index in range(start + 1, end):
        if cue[index] or cue[index - 1]:
            yield run[piece:index]
            piece = index
    if end > piece:
        yield run[piece:end]


def run_measure(run: list[Line]) -> float:
    """The width of a full line in this run: the commonest width of its longer lines.

    >>> run_measure([Line(0, 0, "x" * 24, 0, 24, 0)] * 3 + [Line(3, 0, "x" * 10, 0, 10, 0)])
    24.0
    """
    widths = sorted(line.width for line in run)
    upper = widths[len(widths) // 2 :]
    if len(upper) < 3:
        return float(widths[-1])
    return float(max(dict.fromkeys(upper), key=upper.count))  # statistics.mode's pick (the first commonest), faster


def is_cue_line(line: Line, rules: ModuleType) -> bool:
    """Bylines, photo credits, jump lines and folios stand alone."""
    return is_cue_text(line.text, rules)
