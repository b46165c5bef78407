"""Cues: fragments in, what each fragment looks like out, as numbers.

`fragment_features` gives one row per fragment, its columns named by FRAGMENT_FEATURES
(pairs.py gives the rows for candidate pairs). Widths are relative to the page's body
measure (the commonest width of full body lines), so the same numbers mean the same on a
12-character Chinese column and a 40-character English one. Everything a model weighs is
here or in pairs.py; roles.py and graph.py only combine these columns with weights.
Limits: no font, size or position is known beyond what the characters and spaces show.
"""

from __future__ import annotations

import math
import operator
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, repeat
from types import ModuleType

import numpy as np

from broadsheet.fragments import run_measure
from broadsheet.lang import any_of, rules_for
from broadsheet.page import Dump, Fragment

FRAGMENT_FEATURES: tuple[str, ...] = (
    "bias",
    "lines",  # log(1 + lines)
    "chars",  # log(1 + characters)
    "width",  # widest line / page measure
    "measure",  # fragment's own full-line width / page measure
    "fill",  # last line / fragment measure
    "single",  # one line only
    "sentence_end",  # last line ends a sentence
    "soft_end",  # last line ends in a hyphen, comma or opening mark
    "clauses",  # clause marks per ten characters
    "stops",  # sentence ends inside the text per ten characters
    "digits",  # share of digits
    "upper",  # share of capitals among letters
    "byline",  # reads as a byline: 本报记者 X, By X
    "names",  # only a name or two: 苏宗生, WALTER HARCOURT
    "credit",  # reads as a photo credit: X 摄, Photo: X
    "credit_tail",  # ends in a photo credit after other text (a caption with its credit)
    "jump",  # reads as a jump line: 下转第三版, Continued on page 4
    "folio",  # reads as page furniture: dates, page numbers, editors
    "opener",  # opens with a dash, bracket or quote (subtitles, kickers)
    "page_edge",  # among the first or last lines of its page
    "gap_before",  # blank lines above (capped at 2)
    "gap_after",  # blank lines below (capped at 2)
    "next_credit",  # the next fragment is a photo credit
    "near_byline",  # the fragment before or after is a byline
    "repeated",  # its text also stands inside another fragment (captions, pull quotes)
    "lowercase_start",  # Latin: starts with a small letter (a continuation)
    "indent",  # first line indented relative to the fragment's other lines
    "prev_lines",  # log(1 + lines) of the fragment before
    "next_lines",  # log(1 + lines) of the fragment after
    "flanked",  # the fragments before and after are body runs of one measure
    *(f"{side}_{name}" for side in ("prev", "next") for name in (
        "measure", "single", "sentence_end", "clauses", "byline", "upper", "credit", "gap_before")),
)
NEIGHBOUR_COLUMNS = ("measure", "single", "sentence_end", "clauses", "byline", "upper", "credit", "gap_before")
DIRECT_SEARCH_CHARS = 200_000  # up to this page size a plain search per text is cheaper than hashing
MAX_PLACES = 16  # recurrences of a text's first 8 characters checked on a large page
_CLAUSE_MARKS = "，、,;；：:"  # counted for a page's texts at once by char_kinds
_STOP_MARKS = "。！？.!?"  # a sentence stop inside a text is one of these before a character that is no space
_OPENERS = ("——", "──", "--", "—", "【", "〔", "[", "“", '"', "《")
_WORD = re.compile(r"[^\W\d_]{4,}")
_ASCII_WORD = re.compile(r"[a-zA-Z]{4,}")  # _WORD on ASCII text: a plain range, no Unicode category per character
_SOFT_ENDS = tuple("-\u00ad\u2010,，、;；(（“")  # as `[…]$`: a line holds no newline


@dataclass(frozen=True, slots=True)
class PageStats:
    """What the page as a whole looks like, for the relative measures."""

    measure: float
    lines_per_page: dict[int, int]


def page_measure(fragments: tuple[Fragment, ...], own: list[float] | None = None) -> float:
    """The commonest full-line width among the fragments of three lines or more
    (`own`: each fragment's run_measure, when the caller has them)."""
    own = own if own is not None else [run_measure(list(fragment.lines)) for fragment in fragments]
    votes: Counter[int] = Counter()
    for fragment, width in zip(fragments, own, strict=True):
        if len(fragment.lines) >= 3:
            votes[round(width)] += len(fragment.lines)
    if votes:
        return float(votes.most_common(1)[0][0])
    widths = sorted(line.width for fragment in fragments for line in fragment.lines)
    return float(widths[len(widths) // 2]) if widths else 1.0


def fragment_strings(fragments: tuple[Fragment, ...]) -> tuple[list[str], list[str]]:
    """Each fragment's lines joined by spaces ("flat") and its text without whitespace
    ("squeezed"), which the cue rows and the vocabularies both read."""
    flats = [" ".join([line.text for line in fragment.lines]) for fragment in fragments]
    return flats, ["".join(flat.split()) for flat in flats]  # Fragment.text without its whitespace


def fragment_features(dump: Dump, fragments: tuple[Fragment, ...], *,
                      strings: tuple[list[str], list[str]] | None = None) -> tuple[np.ndarray, float]:
    """One feature row per fragment, and the page measure they are relative to
    (`strings`: fragment_strings, when the caller has them).

    Filled a column at a time for all fragments (a row of Python floats per fragment cost
    more to build and convert than the cues themselves)."""
    rules = rules_for(dump.script)
    own = [run_measure(list(fragment.lines)) for fragment in fragments]  # measured once, read thrice
    measure = max(page_measure(fragments, own), 1.0)
    flats, texts = strings if strings is not None else fragment_strings(fragments)
    rows = np.zeros((len(fragments), len(FRAGMENT_FEATURES)))
    _add_shape(rows, fragments, own, measure)
    _add_text(rows, fragments, texts, flats, rules)
    _add_cue_words(rows, texts, flats, rules)
    _add_context(rows, fragments, own)
    return rows, measure


def has_rows(features: np.ndarray, fragments: int) -> bool:
    """`features` holds a FRAGMENT_FEATURES row for each of `fragments` fragments: False for
    hand-made Cues that carry roles alone."""
    return fragments > 0 and features.shape == (fragments, len(FRAGMENT_FEATURES))


def run_measures(rows: np.ndarray, measure: float) -> np.ndarray:
    """Each fragment's run_measure, read back from its feature row's `measure` column
    (run_measure / page measure) instead of measured again: a run_measure is a whole
    number of columns, so rounding the product gives it back exactly.

    >>> rows = np.zeros((3, len(FRAGMENT_FEATURES)))
    >>> rows[:, _COLUMN["measure"]] = np.array([36.0, 7.0, 1.0]) / 37.0
    >>> run_measures(rows, 37.0).tolist()
    [36.0, 7.0, 1.0]
    """
    return np.rint(rows[:, _COLUMN["measure"]] * measure)


def _furniture_pattern(rules: ModuleType) -> re.Pattern[str]:
    return any_of(tuple(rules.FURNITURE))


_COLUMN = {name: index for index, name in enumerate(FRAGMENT_FEATURES)}


def _add_shape(rows: np.ndarray, fragments: tuple[Fragment, ...], own: list[float], measure: float) -> None:
    """The columns the lines' count, widths, indents and gaps give; `own`: each run_measure."""
    column = _COLUMN
    counts = [len(fragment.lines) for fragment in fragments]
    many = np.array(counts) > 1
    last = np.array([fragment.lines[-1].width for fragment in fragments], dtype=float)
    measures = np.array(own, dtype=float)
    rows[:, column["bias"]] = 1.0
    rows[:, column["lines"]] = list(map(math.log1p, counts))
    rows[:, column["width"]] = np.array([max(line.width for line in f.lines) for f in fragments], dtype=float) / measure
    rows[:, column["measure"]] = measures / measure
    rows[:, column["fill"]] = np.where(many, last / np.maximum(measures, 1.0), last / measure)
    rows[:, column["single"]] = ~many
    rows[:, column["gap_before"]] = [min(fragment.lines[0].gap, 2) for fragment in fragments]


def _add_text(rows: np.ndarray, fragments: tuple[Fragment, ...], texts: list[str], flats: list[str],
              rules: ModuleType) -> None:
    """The columns the characters give: `texts` without spaces, `flats` lines joined by spaces."""
    column = _COLUMN
    chars = np.maximum([len(text) for text in texts], 1)
    kinds = char_kinds(flats)
    letters, capitals, digits, clauses, stops = (kinds[:, k] for k in range(5))
    rows[:, column["chars"]] = list(map(math.log1p, map(len, texts)))
    rows[:, column["sentence_end"]] = [rules.ends_sentence(fragment.lines[-1].text) for fragment in fragments]
    rows[:, column["soft_end"]] = [flat.endswith(_SOFT_ENDS) for flat in flats]  # flat ends as its last line
    rows[:, column["clauses"]] = 10 * clauses / chars
    rows[:, column["stops"]] = 10 * stops / chars
    rows[:, column["digits"]] = digits / chars
    rows[:, column["upper"]] = np.where(letters >= 3, capitals / np.maximum(letters, 1), 0.0)
    rows[:, column["opener"]] = [flat.startswith(_OPENERS) for flat in flats]
    rows[:, column["repeated"]] = repeated_texts(list(map(rules.unhyphenated, texts)))
    rows[:, column["lowercase_start"]] = [rules.SCRIPT == "latin" and flat[:1].islower() for flat in flats]
    rows[:, column["indent"]] = [(len(f.lines) > 1 and f.lines[0].x > min(line.x for line in f.lines[1:]))
                                 or flat.startswith(("\u3000", "  ")) for f, flat in zip(fragments, flats, strict=True)]


def _add_cue_words(rows: np.ndarray, texts: list[str], flats: list[str], rules: ModuleType) -> None:
    """The columns the cue patterns give: byline, names, credit, jump, folio."""
    column = _COLUMN
    furniture = _furniture_pattern(rules)
    spaced = [" ".join(flat.split()) for flat in flats]  # what the cue patterns read
    rows[:, column["byline"]] = [_is_byline(text, rules) for text in spaced]
    rows[:, column["names"]] = [_is_names(text, rules) for text in spaced]
    rows[:, column["credit"]] = [_is_credit(text, rules) for text in spaced]
    rows[:, column["credit_tail"]] = [len(flat) <= 400 and _has_credit_tail(text, rules)
                                      for flat, text in zip(flats, spaced, strict=True)]
    rows[:, column["jump"]] = [len(text) <= 40 and bool(rules.find_jump(flat))  # the length first: it spares
                               for text, flat in zip(texts, flats, strict=True)]  # most searches
    rows[:, column["folio"]] = [len(text) <= 80 and rules.may_be_furniture(flat) and furniture.search(flat) is not None
                                for text, flat in zip(texts, flats, strict=True)]


_ALPHA, _UPPER, _DIGIT, _CLAUSE, _STOP_MARK, _SPACE = 1, 2, 4, 8, 16, 32  # bits of a character's kind


def _kind_of(char: str) -> int:
    return (char.isalpha() * _ALPHA | char.isupper() * _UPPER | char.isdigit() * _DIGIT
            | (char in _CLAUSE_MARKS) * _CLAUSE | (char in _STOP_MARKS) * _STOP_MARK | char.isspace() * _SPACE)


@lru_cache(maxsize=1)
def _bmp_kinds() -> np.ndarray:
    """The kind bits of every character of the basic plane (`_kind_of`), made once (about
    20 ms) so that a page's characters are classed by one lookup."""
    chars = "".join(map(chr, range(0x10000)))
    kinds = [np.fromiter(map(test, chars), dtype=np.uint8, count=len(chars))
             for test in (str.isalpha, str.isupper, str.isdigit, str.isspace)]
    table = kinds[0] * _ALPHA | kinds[1] * _UPPER | kinds[2] * _DIGIT | kinds[3] * _SPACE
    for marks, bit in ((_CLAUSE_MARKS, _CLAUSE), (_STOP_MARKS, _STOP_MARK)):
        table[[ord(mark) for mark in marks]] |= bit
    return table


def char_kinds(texts: list[str]) -> np.ndarray:
    """For each text, counted for all texts at once: its letters, its capital letters and
    its digits (str.isalpha, isalpha and isupper, isdigit), its clause marks (each of
    _CLAUSE_MARKS) and its inner stops (what `[。！？.!?](?=\\S)` finds: a stop mark
    before a character that is no space), as an (n, 5) integer array.

    >>> char_kinds(["Ab 12", "中文，好。", "x. y.z"]).tolist()
    [[2, 1, 2, 0, 0], [3, 0, 0, 1, 0], [3, 0, 0, 0, 1]]
    """
    codes = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    kinds = _bmp_kinds()[np.minimum(codes, 0xFFFF)]
    for at in np.flatnonzero(codes > 0xFFFF).tolist():  # beyond the basic plane: rare, asked one by one
        kinds[at] = _kind_of(chr(int(codes[at])))
    lengths = np.array([len(text) for text in texts], dtype=np.intp)
    ends = np.cumsum(lengths)
    inner_stop = np.zeros(len(kinds), dtype=bool)
    inner_stop[:-1] = ((kinds[:-1] & _STOP_MARK) != 0) & ((kinds[1:] & _SPACE) == 0)
    inner_stop[ends[lengths > 0] - 1] = False  # a text's last character has nothing after it in the text
    wanted = (kinds & _ALPHA, (kinds & (_ALPHA | _UPPER)) == _ALPHA | _UPPER, kinds & _DIGIT, kinds & _CLAUSE,
              inner_stop)
    counts = np.zeros((len(texts), len(wanted)), dtype=np.int64)
    for column, flags in enumerate(wanted):
        running = np.concatenate([[0], np.cumsum(flags != 0)])
        counts[:, column] = running[ends] - running[ends - lengths]
    return counts


def repeated_texts(texts: list[str]) -> list[bool]:
    """For each text, whether it occurs again on the page: twice over for texts of 8
    characters or more, or anywhere else (inside another) for texts of 12 or more.
    Captions and pull quotes echo passages of their story; page furniture repeats. The
    texts are searched joined end to end, as a passage a pull quote echoes may run across
    a fragment break (a column's end, a paragraph's).

    On a dump that holds its page more than once (two editions, a page exported twice, the
    perf benchmark's tiles: most of its text in fragments of the very same text), such a
    twin does not count, or every fragment would be an echo and its body turn to captions
    and headlines. On other pages it does: a headline set again in a news index, a pull
    quote printed twice.

    >>> repeated_texts(["A caption quoting", "Body text: A caption quoting it.", "A caption quoting"])
    [True, False, True]
    >>> repeated_texts(["A headline twice", "A headline twice", "Body text standing once on its page."])
    [True, True, False]
    >>> repeated_texts(["The same body text here.", "The same body text here."])
    [False, False]
    """
    joined = "".join(texts)
    starts = np.cumsum([0] + [len(text) for text in texts[:-1]]).tolist() if texts else []
    places: dict[str, list[int]] = defaultdict(list)  # where each distinct text stands as a fragment
    for text, start in zip(texts, starts, strict=True):
        places[text].append(start)
    twice = _held_twice(places)
    again = _searched(joined) if len(joined) <= DIRECT_SEARCH_CHARS else _hashed(joined)
    answers = {  # one search a distinct text: its twins have one answer
        text: len(text) >= 8 and (
            again(text, own[0], set(own)) if twice else len(own) > 1 or again(text, own[0], {own[0]}))
        for text, own in places.items()}
    return [answers[text] for text in texts]


TWIN_SHARE = 0.5  # share of a page's text in fragments with a twin above which the dump holds the page twice


def _held_twice(places: dict[str, list[int]]) -> bool:
    """Whether most of the page's text (in fragments of 8 characters or more) stands in
    fragments that have a twin of the very same text."""
    twinned = sum(len(text) * len(own) for text, own in places.items() if len(text) >= 8 and len(own) > 1)
    total = sum(len(text) * len(own) for text, own in places.items() if len(text) >= 8)
    return total > 0 and twinned > TWIN_SHARE * total


Search = Callable[[str, int, set[int]], bool]  # (text, its start, starts not to count) -> occurs elsewhere


def _elsewhere(place: int, start: int, length: int, skipped: set[int]) -> bool:
    """Whether an occurrence at `place` counts: not a skipped start (the text's own, its
    twins'), and for a short text (under 12 characters) not overlapping the text itself."""
    return place not in skipped and (length >= 12 or abs(place - start) >= length)


def _searched(joined: str) -> Search:
    """Occurrences found by plain search: cheapest on a page of up to DIRECT_SEARCH_CHARS."""
    def again(text: str, start: int, skipped: set[int]) -> bool:
        place = joined.find(text)
        for _ in range(len(skipped) + MAX_PLACES):  # each skipped start is passed once, a few overlaps beside
            if place < 0:
                return False
            if _elsewhere(place, start, len(text), skipped):
                return True
            place = joined.find(text, place + 1)
        return False
    return again


def _hashed(joined: str) -> Search:
    """Occurrences on a large page without a search per text (that grows with the square
    of the page): a text can only occur again where its first 8 characters do, so 8-grams
    are hashed at every position at once and a text is checked only at the places its
    8-gram recurs."""
    codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64)
    count = max(len(codes) - 7, 0)
    hashes = np.zeros(count, dtype=np.uint64)
    for offset in range(8):
        hashes = hashes * np.uint64(1_000_003) + codes[offset : offset + count]  # wraps modulo 2**64
    order = np.argsort(hashes, kind="stable")
    ranked = hashes[order]

    def again(text: str, start: int, skipped: set[int]) -> bool:
        low = int(np.searchsorted(ranked, hashes[start], "left"))
        high = min(int(np.searchsorted(ranked, hashes[start], "right")), low + len(skipped) + MAX_PLACES)
        return any(_elsewhere(p, start, len(text), skipped) and joined.startswith(text, p)
                   for p in order[low:high].tolist())
    return again


# The cue tests below read `spaced`: the fragment's text on one line, single-spaced.


def _is_byline(spaced: str, rules: ModuleType) -> bool:
    return len(spaced) <= (30 if rules.SCRIPT == "cjk" else 80) and bool(rules.BYLINE.match(spaced))


def _is_names(spaced: str, rules: ModuleType) -> bool:
    if rules.SCRIPT == "cjk":
        return bool(rules.BARE_NAMES.match(spaced))
    words = spaced.replace(" and ", " ").split(maxsplit=8)  # nine pieces already mean too many words
    return 2 <= len(words) <= 8 and all(word.isupper() and word.isalpha() for word in words)


def _is_credit(spaced: str, rules: ModuleType) -> bool:
    if rules.SCRIPT == "cjk":
        return len(spaced) <= 30 and rules.CREDIT.fullmatch(spaced) is not None
    return len(spaced) <= 60 and rules.CREDIT.match(spaced) is not None


def _has_credit_tail(spaced: str, rules: ModuleType) -> bool:
    match = rules.find_credit(spaced)
    return match is not None and match.start() > 0


def _add_context(rows: np.ndarray, fragments: tuple[Fragment, ...], own: list[float]) -> None:
    """Fill the columns that look at the neighbours: page edges, gaps, credits, bylines.

    `own` is each fragment's run_measure. Whole columns are written at once, as a row at
    a time costs a numpy call per cell."""
    column = _COLUMN
    last_line: dict[int, int] = {}
    first_line: dict[int, int] = {}
    for fragment in fragments:
        first_line.setdefault(fragment.page, fragment.first.number)
        last_line[fragment.page] = fragment.last.number
    rows[:, column["page_edge"]] = [
        float(min(f.first.number - first_line[f.page], last_line[f.page] - f.last.number) < 3) for f in fragments]
    if len(fragments) < 2:
        return
    rows[:-1, column["gap_after"]] = rows[1:, column["gap_before"]]
    rows[:-1, column["next_credit"]] = rows[1:, column["credit"]]
    byline, near = rows[:, column["byline"]], np.zeros(len(fragments))
    near[1:] = byline[:-1]
    near[:-1] = np.maximum(near[:-1], byline[1:])
    rows[:, column["near_byline"]] = near
    rows[1:, column["prev_lines"]] = rows[:-1, column["lines"]]
    rows[:-1, column["next_lines"]] = rows[1:, column["lines"]]
    rows[1:-1, column["flanked"]] = [float(_flanked(fragments[i - 1], fragments[i + 1], own[i - 1], own[i + 1]))
                                     for i in range(1, len(fragments) - 1)]
    mine = [column[name] for name in NEIGHBOUR_COLUMNS]
    for side, shift in (("prev", 1), ("next", -1)):
        target = [column[f"{side}_{name}"] for name in NEIGHBOUR_COLUMNS]
        shifted = np.roll(rows[:, mine], shift, axis=0)
        shifted[0 if shift == 1 else -1] = 0.0
        rows[:, target] = shifted


def _flanked(before: Fragment, after: Fragment, wide_before: float, wide_after: float) -> bool:
    if len(before.lines) < 2 or len(after.lines) < 2:
        return False
    return abs(wide_before - wide_after) <= 0.1 * max(wide_before, wide_after)


def vocabulary(fragment: Fragment, script: str) -> Counter[str]:
    """The fragment's topical units: character pairs (CJK) or longer words (Latin)."""
    return text_vocabulary(fragment.text, script)


def text_vocabulary(text: str, script: str) -> Counter[str]:
    """`vocabulary` of a fragment's text (Fragment.text, or its lines joined by any
    whitespace), for callers that have it already."""
    if script == "cjk":
        return squeezed_vocabulary("".join(text.split()))
    text = text.lower()
    return Counter((_ASCII_WORD if text.isascii() else _WORD).findall(text))


def squeezed_vocabulary(squeezed: str) -> Counter[str]:
    """The CJK `vocabulary` of a text without whitespace: its pairs of letters (a pair is
    alphabetic when both are), by C-level maps."""
    return Counter(filter(str.isalpha, map(operator.add, squeezed, squeezed[1:])))


def letter_units(text: str, script: str) -> list[tuple[str, int, int]]:
    """The units `vocabulary` finds in `text`, in order, each with the letters it covers
    (start, end) in the text as vocabulary reads it (CJK squeezed, Latin lower-cased).

    >>> letter_units("京东 秒杀", "cjk"), letter_units("The Harbour Board", "latin")
    ([('京东', 0, 2), ('东秒', 1, 3), ('秒杀', 2, 4)], [('harbour', 4, 11), ('board', 12, 17)])
    """
    if script == "cjk":
        text = "".join(text.split())
        letter = [char.isalpha() for char in text]
        return [(text[i : i + 2], i, i + 2) for i in range(len(text) - 1) if letter[i] and letter[i + 1]]
    return [(match.group(), match.start(), match.end()) for match in _WORD.finditer(text.lower())]


def rarity(bags: list[Counter[str]]) -> dict[str, float]:
    """Inverse fragment frequency of each unit on the page: words found everywhere weigh little."""
    spread = Counter(chain.from_iterable(bags))  # a bag iterates over its units, once each
    total = max(len(bags), 1)
    weight = {count: math.log((1 + total) / count) for count in set(spread.values())}  # few distinct counts
    return {unit: weight[count] for unit, count in spread.items()}


def coverage(part: Counter[str], whole: Counter[str], weights: dict[str, float] | None = None) -> float:
    """Share of the distinct units of a short text (a title, a caption) found in a long one,
    each weighted by its rarity when `weights` are given.

    >>> coverage(Counter(["ab", "bc"]), Counter(["ab", "xy"]))
    0.5
    """
    if not part:
        return 0.0
    if weights is None:
        return sum(1 for unit in part if unit in whole) / len(part)
    total = sum(map(weights.get, part, repeat(1.0)))  # in the part's order, as attach.BagIndex sums too
    found = sum(map(weights.get, filter(whole.__contains__, part), repeat(1.0)))
    return found / total if total else 0.0


def cosine(a: Counter[str], b: Counter[str]) -> float:
    """Cosine similarity of two bags of units.

    >>> round(cosine(Counter("aab"), Counter("ab")), 3)
    0.949
    """
    if not a or not b:
        return 0.0
    small, large = (a, b) if len(a) < len(b) else (b, a)
    # C-level maps over the same terms in the same order as a generator would sum them
    dot = sum(map(operator.mul, small.values(), map(large.get, small, repeat(0))))
    norm = math.sqrt(sum(map(operator.mul, a.values(), a.values())) * sum(map(operator.mul, b.values(), b.values())))
    return dot / norm if norm else 0.0
