"""Cues: fragments in, what each fragment (and each pair) looks like out, as numbers.

`fragment_features` gives one row per fragment, its columns named by FRAGMENT_FEATURES;
`pair_features` one row per candidate pair (a, b), columns PAIR_FEATURES. Widths are
relative to the page's body measure (the commonest width of full body lines), so the
same numbers mean the same on a 12-character Chinese column and a 40-character English
one. Everything a model weighs is here and nowhere else; roles.py and graph.py only
combine these columns with weights. Limits: no font, size or position is known beyond
what the characters and spaces show.
"""

from __future__ import annotations

import math
import operator
import re
from collections import Counter
from dataclasses import dataclass
from itertools import compress
from types import ModuleType

import numpy as np

from broadsheet.fragments import run_measure
from broadsheet.lang import any_of, cjk, rules_for
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
BASE_PAIR_FEATURES: tuple[str, ...] = (
    "bias",
    "same_measure",  # 1 when both fragments have the same full-line width
    "measure_gap",  # |measure a - measure b| / page measure
    "a_full",  # a's last line fills its measure (the break is mid-paragraph)
    "a_sentence_end",  # a ends on a sentence end
    "a_soft_end",  # a ends on a hyphen or comma
    "b_lowercase",  # b starts with a small letter
    "b_indent",  # b's first line is indented (a new paragraph)
    "joins_word",  # the characters across the break make a word
    "forward",  # b comes after a in the dump
    "distance",  # log(1 + fragments between them)
    "adjacent",  # b is the very next fragment
    "titles_between",  # headlines and bylines between them in the dump (capped at 3)
    "similarity",  # how alike their vocabularies are (cosine)
    "b_after_title",  # b directly follows a headline or byline
    "a_wide",  # a is wider than the page measure (a lede or spanning block)
    "same_column",  # -layout: same column stream
    "x_overlap",  # -layout: horizontal overlap of the two fragments
)
# How a pair stands among its rivals, by the cheap screen's score (filled in graph.py):
RANK_FEATURES: tuple[str, ...] = (
    "screen",  # the screen's log-odds for this pair
    "rank_after_a",  # how many of a's candidate successors the screen puts ahead of b (capped at 5)
    "rank_before_b",  # how many of b's candidate predecessors it puts ahead of a (capped at 5)
    "behind_best_a",  # log-odds behind a's best candidate successor
    "behind_best_b",  # log-odds behind b's best candidate predecessor
)
PAIR_FEATURES: tuple[str, ...] = BASE_PAIR_FEATURES + RANK_FEATURES
DIRECT_SEARCH_CHARS = 200_000  # up to this page size a plain search per text is cheaper than hashing
MAX_PLACES = 16  # recurrences of a text's first 8 characters checked on a large page
_CLAUSE = re.compile(r"[，、,;；：:]")
_STOP = re.compile(r"[。！？.!?](?=\S)")
_OPENER = re.compile(r"^(?:——|──|--|—|【|〔|\[|“|\"|《)")
_WORD = re.compile(r"[^\W\d_]{4,}")


@dataclass(frozen=True, slots=True)
class PageStats:
    """What the page as a whole looks like, for the relative measures."""

    measure: float
    lines_per_page: dict[int, int]


def page_measure(fragments: tuple[Fragment, ...]) -> float:
    """The commonest full-line width among the fragments of three lines or more."""
    votes: Counter[int] = Counter()
    for fragment in fragments:
        if len(fragment.lines) >= 3:
            votes[round(run_measure(list(fragment.lines)))] += len(fragment.lines)
    if votes:
        return float(votes.most_common(1)[0][0])
    widths = sorted(line.width for fragment in fragments for line in fragment.lines)
    return float(widths[len(widths) // 2]) if widths else 1.0


def fragment_features(dump: Dump, fragments: tuple[Fragment, ...]) -> tuple[np.ndarray, float]:
    """One feature row per fragment, and the page measure they are relative to."""
    rules = rules_for(dump.script)
    measure = max(page_measure(fragments), 1.0)
    texts = ["".join(f.text.split()) for f in fragments]
    furniture = _furniture_pattern(rules)
    shape = [_shape(fragment, rules, measure, text, repeated=repeated, furniture=furniture)
             for fragment, text, repeated in zip(fragments, texts, repeated_texts(texts), strict=True)]
    rows = np.array(shape, dtype=float).reshape(len(fragments), -1)
    _add_context(rows, fragments)
    return rows, measure


def _furniture_pattern(rules: ModuleType) -> re.Pattern[str]:
    return any_of(tuple(rules.FURNITURE))


def _shape(fragment: Fragment, rules: ModuleType, measure: float, text: str, *, repeated: bool,
           furniture: re.Pattern[str]) -> list[float]:
    lines = fragment.lines
    flat = " ".join(line.text for line in lines)
    own = run_measure(list(lines))
    letters = list(filter(str.isalpha, flat))
    upper = sum(map(str.isupper, letters)) / max(len(letters), 1)
    chars = max(len(text), 1)
    first_x, rest_x = lines[0].x, min((line.x for line in lines[1:]), default=lines[0].x)
    return [
        1.0,
        math.log1p(len(lines)),
        math.log1p(len(text)),
        max(line.width for line in lines) / measure,
        own / measure,
        lines[-1].width / max(own, 1.0) if len(lines) > 1 else lines[-1].width / measure,
        float(len(lines) == 1),
        float(rules.ends_sentence(lines[-1].text)),
        float(bool(re.search(r"[-\u00ad\u2010,，、;；(（“]$", lines[-1].text))),
        10 * len(_CLAUSE.findall(flat)) / chars,
        10 * len(_STOP.findall(flat)) / chars,
        sum(map(str.isdigit, text)) / chars,
        upper if len(letters) >= 3 else 0.0,
        float(_is_byline(flat, rules)),
        float(_is_names(flat, rules)),
        float(_is_credit(flat, rules)),
        float(_has_credit_tail(flat, rules)),
        float(bool(rules.JUMP.search(flat)) and len(text) <= 40),
        float(len(text) <= 80 and furniture.search(flat) is not None),
        float(bool(_OPENER.match(flat))),
        0.0,  # page_edge: filled by _add_context
        float(min(lines[0].gap, 2)),
        0.0,  # gap_after
        0.0,  # next_credit
        0.0,  # near_byline
        float(repeated),
        float(rules.SCRIPT == "latin" and flat[:1].islower()),
        float(len(lines) > 1 and first_x > rest_x) or float(flat.startswith(("\u3000", "  "))),
        0.0,  # prev_lines
        0.0,  # next_lines
        0.0,  # flanked
        *([0.0] * 2 * len(NEIGHBOUR_COLUMNS)),  # the neighbours' shape, filled by _add_context
    ]


def repeated_texts(texts: list[str]) -> list[bool]:
    """For each text, whether it occurs again on the page: twice over for texts of 8
    characters or more, or anywhere else (inside another) for texts of 12 or more.
    Captions echo passages of their story; page furniture repeats."""
    joined = "\u0000".join(texts)
    if len(joined) <= DIRECT_SEARCH_CHARS:
        return [_occurs_again(text, joined) for text in texts]
    return _occur_again_hashed(texts, joined)


def _occurs_again(text: str, joined: str) -> bool:
    if len(text) < 8:
        return False
    if joined.count(text) > 1:
        return True
    if len(text) < 12:
        return False
    first = joined.find(text)
    return first >= 0 and joined.find(text, first + 1) >= 0


def _occur_again_hashed(texts: list[str], joined: str) -> list[bool]:
    """`_occurs_again` for a large page without a search per text (that grows with the square
    of the page): a text can only occur again where its first 8 characters do, so 8-grams
    are hashed at every position at once and only texts whose 8-gram recurs are checked,
    at the places it recurs."""
    codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64)
    count = len(codes) - 7
    hashes = np.zeros(max(count, 0), dtype=np.uint64)
    for offset in range(8):
        hashes = hashes * np.uint64(1_000_003) + codes[offset : offset + count]  # wraps modulo 2**64
    order = np.argsort(hashes, kind="stable")
    ranked = hashes[order]
    starts = np.cumsum([0] + [len(text) + 1 for text in texts[:-1]])
    result = []
    for text, start in zip(texts, starts.tolist(), strict=True):
        if len(text) < 8:
            result.append(False)
            continue
        low = int(np.searchsorted(ranked, hashes[start], "left"))
        high = int(np.searchsorted(ranked, hashes[start], "right"))
        places = [p for p in order[low:high][:MAX_PLACES].tolist() if p != start and joined.startswith(text, p)]
        short = len(text) < 12
        result.append(any(abs(p - start) >= len(text) for p in places) if short else bool(places))
    return result


def _is_byline(text: str, rules: ModuleType) -> bool:
    text = " ".join(text.split())
    return len(text) <= (30 if rules.SCRIPT == "cjk" else 80) and bool(rules.BYLINE.match(text))


def _is_names(text: str, rules: ModuleType) -> bool:
    text = " ".join(text.split())
    if rules.SCRIPT == "cjk":
        return bool(rules.BARE_NAMES.match(text))
    words = text.replace(" and ", " ").split()
    return 2 <= len(words) <= 8 and all(word.isupper() and word.isalpha() for word in words)


def _is_credit(text: str, rules: ModuleType) -> bool:
    text = " ".join(text.split())
    if rules.SCRIPT == "cjk":
        return len(text) <= 30 and rules.CREDIT.fullmatch(text) is not None
    return len(text) <= 60 and rules.CREDIT.match(text) is not None


def _has_credit_tail(text: str, rules: ModuleType) -> bool:
    if len(text) > 400:
        return False
    match = rules.CREDIT.search(" ".join(text.split()))
    return match is not None and match.start() > 0


def _add_context(rows: np.ndarray, fragments: tuple[Fragment, ...]) -> None:
    """Fill the columns that look at the neighbours: page edges, gaps, credits, bylines."""
    column = {name: index for index, name in enumerate(FRAGMENT_FEATURES)}
    last_line: dict[int, int] = {}
    first_line: dict[int, int] = {}
    for fragment in fragments:
        first_line.setdefault(fragment.page, fragment.first.number)
        last_line[fragment.page] = fragment.last.number
    for index, fragment in enumerate(fragments):
        top = fragment.first.number - first_line[fragment.page]
        bottom = last_line[fragment.page] - fragment.last.number
        rows[index, column["page_edge"]] = float(min(top, bottom) < 3)
        if index + 1 < len(fragments):
            after = fragments[index + 1]
            rows[index, column["gap_after"]] = float(min(after.first.gap, 2))
            rows[index, column["next_credit"]] = rows[index + 1, column["credit"]]
        near = [rows[j, column["byline"]] for j in (index - 1, index + 1) if 0 <= j < len(fragments)]
        rows[index, column["near_byline"]] = max(near, default=0.0)
        before = fragments[index - 1] if index > 0 else None
        after = fragments[index + 1] if index + 1 < len(fragments) else None
        rows[index, column["prev_lines"]] = math.log1p(len(before.lines)) if before else 0.0
        rows[index, column["next_lines"]] = math.log1p(len(after.lines)) if after else 0.0
        rows[index, column["flanked"]] = float(_flanked(before, after))
    own = [column[name] for name in NEIGHBOUR_COLUMNS]
    for side, shift in (("prev", 1), ("next", -1)):
        target = [column[f"{side}_{name}"] for name in NEIGHBOUR_COLUMNS]
        if len(fragments) > 1:
            shifted = np.roll(rows[:, own], shift, axis=0)
            shifted[0 if shift == 1 else -1] = 0.0
            rows[:, target] = shifted


def _flanked(before: Fragment | None, after: Fragment | None) -> bool:
    if before is None or after is None or len(before.lines) < 2 or len(after.lines) < 2:
        return False
    wide_before, wide_after = run_measure(list(before.lines)), run_measure(list(after.lines))
    return abs(wide_before - wide_after) <= 0.1 * max(wide_before, wide_after)


def vocabulary(fragment: Fragment, script: str) -> Counter[str]:
    """The fragment's topical units: character pairs (CJK) or longer words (Latin)."""
    text = "".join(fragment.text.split()) if script == "cjk" else fragment.text.lower()
    if script == "cjk":  # pairs of letters, built by C-level maps rather than a loop per character
        letter = list(map(str.isalpha, text))
        return Counter(compress(map(operator.add, text, text[1:]), map(operator.and_, letter, letter[1:])))
    return Counter(_WORD.findall(text))


def rarity(bags: list[Counter[str]]) -> dict[str, float]:
    """Inverse fragment frequency of each unit on the page: words found everywhere weigh little."""
    spread: Counter[str] = Counter()
    for bag in bags:
        spread.update(bag.keys())
    total = max(len(bags), 1)
    return {unit: math.log((1 + total) / count) for unit, count in spread.items()}


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
    total = sum(weights.get(unit, 1.0) for unit in part)
    found = sum(weights.get(unit, 1.0) for unit in part if unit in whole)
    return found / total if total else 0.0


def cosine(a: Counter[str], b: Counter[str]) -> float:
    """Cosine similarity of two bags of units.

    >>> round(cosine(Counter("aab"), Counter("ab")), 3)
    0.949
    """
    if not a or not b:
        return 0.0
    small, large = (a, b) if len(a) < len(b) else (b, a)
    dot = sum(count * large.get(unit, 0) for unit, count in small.items())
    norm = math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


TITLE_ROLES = frozenset({"headline", "kicker", "deck", "byline"})


@dataclass(frozen=True, slots=True)
class FragmentTable:
    """Per-fragment columns the pair features are computed from, as arrays."""

    measure: np.ndarray  # full-line width, display columns
    last_fill: np.ndarray
    sentence_end: np.ndarray
    soft_end: np.ndarray
    lower_start: np.ndarray
    indent: np.ndarray
    wide: np.ndarray
    column: np.ndarray
    left: np.ndarray
    right: np.ndarray
    page: np.ndarray
    title_prefix: np.ndarray  # titles before each fragment, cumulative
    after_title: np.ndarray
    edges: tuple[str, ...]  # last character + "|" + first character
    vectors: object  # scipy.sparse CSR rows, L2-normalised vocabularies


def fragment_table(dump: Dump, fragments: tuple[Fragment, ...], rows: np.ndarray, roles: tuple[str, ...],
                   measure: float, *, words: tuple[Counter[str], ...] = ()) -> FragmentTable:
    """Collect what pair features need from every fragment once."""
    column = {name: index for index, name in enumerate(FRAGMENT_FEATURES)}
    own = np.array([run_measure(list(f.lines)) for f in fragments], dtype=float)
    is_title = np.array([role in TITLE_ROLES for role in roles], dtype=float)
    prefix = np.concatenate([[0.0], np.cumsum(is_title)])
    after_title = np.concatenate([[0.0], is_title[:-1]]) if len(fragments) else is_title
    indent = np.array([_opens_paragraph(f, m, dump.script) for f, m in zip(fragments, own, strict=True)], dtype=float)
    return FragmentTable(
        measure=own,
        last_fill=np.array([f.last.width / max(m, 1.0) for f, m in zip(fragments, own, strict=True)]),
        sentence_end=rows[:, column["sentence_end"]].copy(),
        soft_end=rows[:, column["soft_end"]].copy(),
        lower_start=rows[:, column["lowercase_start"]].copy(),
        indent=indent,
        wide=(own > 1.3 * measure).astype(float),
        column=np.array([f.first.column for f in fragments]),
        left=np.array([min(line.x for line in f.lines) for f in fragments], dtype=float),
        right=np.array([max(line.x + line.width for line in f.lines) for f in fragments], dtype=float),
        page=np.array([f.page for f in fragments]),
        title_prefix=prefix,
        after_title=after_title,
        edges=tuple(f.last.text[-1:] + "|" + f.first.text[:1] for f in fragments),
        vectors=_vectors(words or tuple(vocabulary(f, dump.script) for f in fragments)),
    )


def _opens_paragraph(fragment: Fragment, measure: float, script: str) -> bool:
    lines = fragment.lines
    if len(lines) > 1 and lines[0].x > min(line.x for line in lines[1:]):
        return True
    return script == "cjk" and len(lines) > 1 and lines[0].width <= measure - 3


def _vectors(words: tuple[Counter[str], ...]) -> object:
    from scipy.sparse import csr_matrix  # noqa: PLC0415  # lazy, heavy (scipy)

    index: dict[str, int] = {}
    data: list[float] = []
    cols: list[int] = []
    starts = [0]
    for bag in words:
        norm = math.sqrt(sum(v * v for v in bag.values())) or 1.0
        for unit, count in bag.items():
            cols.append(index.setdefault(unit, len(index)))
            data.append(count / norm)
        starts.append(len(cols))
    return csr_matrix((data, cols, starts), shape=(len(words), max(len(index), 1)))


def pair_features(table: FragmentTable, pairs: np.ndarray, page_measure_: float, script: str) -> np.ndarray:
    """One PAIR_FEATURES row for each (a, b) in `pairs`, an (m, 2) integer array."""
    a, b = pairs[:, 0], pairs[:, 1]
    between = np.abs(b - a) - 1
    low, high = np.minimum(a, b), np.maximum(a, b)
    titles = table.title_prefix[high] - table.title_prefix[low + 1]
    overlap = np.clip(np.minimum(table.right[a], table.right[b]) - np.maximum(table.left[a], table.left[b]), 0, None)
    span = np.maximum(np.minimum(table.right[a] - table.left[a], table.right[b] - table.left[b]), 1.0)
    columns = {
        "bias": np.ones(len(a)),
        "same_measure": (np.abs(table.measure[a] - table.measure[b]) <= 0.06 * np.maximum(table.measure[a], 1)),
        "measure_gap": np.abs(table.measure[a] - table.measure[b]) / page_measure_,
        "a_full": table.last_fill[a] >= 0.86,
        "a_sentence_end": table.sentence_end[a],
        "a_soft_end": table.soft_end[a],
        "b_lowercase": table.lower_start[b],
        "b_indent": table.indent[b],
        "joins_word": _joins_word(table, a, b, script),
        "forward": b > a,
        "distance": np.log1p(np.maximum(between, 0)),
        "adjacent": b == a + 1,
        "titles_between": np.minimum(titles, 3),
        "similarity": _similarity(table, a, b),
        "b_after_title": table.after_title[b],
        "a_wide": table.wide[a],
        "same_column": (table.column[a] == table.column[b]) & (table.column[a] > 0),
        "x_overlap": overlap / span,
    }
    base = [np.asarray(columns[name], dtype=float) for name in BASE_PAIR_FEATURES]
    return np.column_stack([*base, *(np.zeros(len(a)) for _ in RANK_FEATURES)])


def add_ranks(pairs: np.ndarray, features: np.ndarray, scores: np.ndarray,
              first: int = len(BASE_PAIR_FEATURES)) -> tuple[np.ndarray, np.ndarray]:
    """Fill the RANK_FEATURES columns (from column `first`) in place from the screen's
    `scores` of every pair; return each pair's rank (0 best) among the pairs of its source
    and of its target."""
    features[:, first] = scores
    ranks = []
    by_score = np.argsort(-scores, kind="stable")  # one float sort; each end's is a stable integer (radix) sort
    small = np.uint16 if len(pairs) and pairs.max() < 1 << 16 else np.int64
    for offset, end in ((1, 0), (2, 1)):
        order = by_score[np.argsort(pairs[by_score, end].astype(small), kind="stable")]
        ends = pairs[order, end]
        starts = np.flatnonzero(np.r_[True, ends[1:] != ends[:-1]])
        lengths = np.diff(np.r_[starts, len(order)])
        rank = np.arange(len(order)) - np.repeat(starts, lengths)
        best = np.repeat(scores[order[starts]], lengths)
        features[order, first + offset] = np.minimum(rank, 5)
        features[order, first + offset + 2] = best - scores[order]
        in_place = np.empty(len(order), dtype=np.int64)
        in_place[order] = rank
        ranks.append(in_place)
    return ranks[0], ranks[1]


DENSE_SIMILARITY = 1500  # fragments up to which all pairs' cosines are one sparse product (18 MB at most)


def _similarity(table: FragmentTable, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    vectors = table.vectors
    if len(a) == 0:
        return np.zeros(0)
    if vectors.shape[0] <= DENSE_SIMILARITY:  # type: ignore[attr-defined]
        gram = (vectors @ vectors.T).toarray()  # type: ignore[attr-defined]
        return np.asarray(gram[a, b])
    return np.asarray(vectors[a].multiply(vectors[b]).sum(axis=1)).ravel()  # type: ignore[attr-defined]


def _joins_word(table: FragmentTable, a: np.ndarray, b: np.ndarray, script: str) -> np.ndarray:
    """1 where a's last character and b's first make a word; looked up once per distinct pair."""
    if script != "cjk" or len(a) == 0:
        return np.zeros(len(a))
    lasts = [edge.split("|")[0] for edge in table.edges]
    firsts = [edge.split("|")[1] for edge in table.edges]
    last_id = np.array([ord(char) if char else 0 for char in lasts], dtype=np.int64)
    first_id = np.array([ord(char) if char else 0 for char in firsts], dtype=np.int64)
    keys = last_id[a] * 0x110000 + first_id[b]
    unique, inverse = np.unique(keys, return_inverse=True)
    known = np.array([float(cjk.joins_word(chr(k // 0x110000), chr(k % 0x110000))) for k in unique.tolist()])
    return known[inverse]
