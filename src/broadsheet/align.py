"""Align: which predicted article is which gold one, and how one text maps onto another.

    gold texts ─┐
                ├─ match_articles ─▶ gold index → predicted index
    predicted ──┘
    gold text, predicted text ─ levenshtein | infix_distance | indels ─▶ edits ─ position_map

Articles pair up by the Dice overlap of their body trigrams, one-to-one for the best total
(scipy's assignment), pairs under MATCH_FLOOR dropped. Edit distance uses rapidfuzz when
installed, else Hyyrö's bit-parallel algorithm in plain Python, split Hirschberg-style as
rapidfuzz does, so both pick the same alignment and the bench's figures come out equal.
infix_distance is Myers' search with free ends: how far a text is from its nearest stretch
of another, which order_cer reads. The scorer in evaluate.py is the only caller.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from scipy.optimize import linear_sum_assignment

try:
    from rapidfuzz.distance import Levenshtein
except ImportError:  # a dev extra: without it the bit-parallel fallback below gives the same figures
    Levenshtein = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from broadsheet.evaluate import Scored

MATCH_FLOOR = 0.05  # trigram Dice under which a gold and a predicted article are no pair
SPLIT_CELLS = 4 * 1024 * 1024  # alignments with more DP cells than this are halved first


def match_articles(golds: Sequence[Scored], preds: Sequence[Scored]) -> dict[int, int]:
    """Gold index to predicted index, one-to-one, for the best total trigram overlap."""
    if not golds or not preds:
        return {}
    theirs = [grams(pred.text, 3) for pred in preds]
    similarity = np.array([[dice(grams(gold.text, 3), counts) for counts in theirs] for gold in golds])
    rows, cols = linear_sum_assignment(-similarity)
    return {int(r): int(c) for r, c in zip(rows, cols, strict=True) if similarity[r, c] > MATCH_FLOOR}


def position_map(gold: str, pred: str) -> np.ndarray:
    """For each offset in gold, the offset in pred the alignment carries it to."""
    shift = np.zeros(len(gold) + 2, dtype=np.int64)
    for tag, position in indels(gold, pred):
        shift[position + (tag == "delete")] += 1 if tag == "insert" else -1
    return np.arange(len(gold) + 1) + np.cumsum(shift)[: len(gold) + 1]


def grams(text: str, n: int) -> Counter[str]:
    return Counter(text[i : i + n] for i in range(len(text) - n + 1))


def dice(a: Counter[str], b: Counter[str]) -> float:
    """Dice overlap of two n-gram multisets; 0 when either text had none."""
    return 2 * (a & b).total() / max(a.total() + b.total(), 1) if a and b else 0.0


# ---------------------------------------------------------------- edit distance


def levenshtein(a: str, b: str) -> int:
    """Edit distance of a to b (insertions, deletions and substitutions cost 1).

    >>> levenshtein("kitten", "sitting")
    3
    """
    return int(Levenshtein.distance(a, b)) if Levenshtein is not None else _bit_columns(a, b)[0]


def indels(a: str, b: str) -> list[tuple[str, int]]:
    """The insertions and deletions of rapidfuzz's cheapest alignment of a to b: (tag, offset in a).

    >>> indels("kitten", "sitting")
    [('insert', 6)]
    """
    if Levenshtein is not None:
        return [(op.tag, op.src_pos) for op in Levenshtein.editops(a, b) if op.tag != "replace"]
    budget = levenshtein(a, b) if max(len(a), len(b)) > 62 else max(len(a), len(b))
    return _halving_indels(a, b, 0, budget)


def infix_distance(a: str, b: str) -> int:
    """Edit distance of a to the substring of b nearest to it (Myers' search, free ends).

    >>> infix_distance("needle", "haystack with a neddle in it")
    1
    """
    if not a:
        return 0
    masks, full, top = _bit_setup(a)
    vp, vn, dist, best = full, 0, len(a), len(a)
    for char in b:
        vp, vn, step = _bit_step(masks.get(char, 0), vp, vn, full=full, top=top, carry=0)
        dist += step
        best = min(best, dist)
    return best


def _halving_indels(a: str, b: str, offset: int, budget: int) -> list[tuple[str, int]]:
    """Hirschberg: halve b, cut a where a cheapest path crosses (first such place), recurse."""
    head, tail = _common_ends(a, b)
    a, b, offset = a[head : len(a) - tail], b[head : len(b) - tail], offset + head
    band = min(len(a), 2 * min(budget, max(len(a), len(b))) + 1)
    if band * len(b) < SPLIT_CELLS or len(a) < 65 or len(b) < 10:
        return [(tag, offset + position) for tag, position in _traced_indels(a, b)]
    half = len(b) // 2
    left, right = _last_column(a, b[:half]), _last_column(a[::-1], b[half:][::-1])[::-1]
    totals = [x + y for x, y in zip(left, right, strict=True)]
    cut = totals.index(min(totals))
    return _halving_indels(a[:cut], b[:half], offset, left[cut]) + _halving_indels(
        a[cut:], b[half:], offset + cut, right[cut]
    )


def _traced_indels(a: str, b: str) -> list[tuple[str, int]]:
    """Trace one cheapest path back from the corner, preferring deletion, then insertion."""
    head, tail = _common_ends(a, b)
    a, b = a[head : len(a) - tail], b[head : len(b) - tail]
    _, plus, minus = _bit_columns(a, b, keep=True)
    ops: list[tuple[str, int]] = []
    i, j = len(a), len(b)
    while i and j:
        if plus[j - 1] >> (i - 1) & 1:
            i -= 1
            ops.append(("delete", head + i))
        elif j > 1 and minus[j - 2] >> (i - 1) & 1:
            j -= 1
            ops.append(("insert", head + i))
        else:
            i, j = i - 1, j - 1
    return ops + [("delete", head + k) for k in range(i)] + [("insert", head)] * j


def _common_ends(a: str, b: str) -> tuple[int, int]:
    """Lengths of the common prefix and of the common suffix after it."""
    shorter = min(len(a), len(b))
    head = next((i for i in range(shorter) if a[i] != b[i]), shorter)
    tail = next((i for i in range(shorter - head) if a[-1 - i] != b[-1 - i]), shorter - head)
    return head, tail


def _last_column(a: str, b: str) -> list[int]:
    """Edit distances of each prefix of a to the whole of b."""
    _, plus, minus = _bit_columns(a, b, keep=True)
    vp, vn = (plus[-1], minus[-1]) if b else ((1 << len(a)) - 1, 0)
    scores = [len(b)]
    for i in range(len(a)):
        scores.append(scores[-1] + (vp >> i & 1) - (vn >> i & 1))
    return scores


def _bit_columns(a: str, b: str, *, keep: bool = False) -> tuple[int, list[int], list[int]]:
    """Hyyrö's bit-parallel DP of a against b: the distance and (kept) each column's ±1 bits."""
    if not a:
        return len(b), [], []
    masks, full, top = _bit_setup(a)
    vp, vn, dist = full, 0, len(a)
    plus, minus = [], []
    for char in b:
        vp, vn, step = _bit_step(masks.get(char, 0), vp, vn, full=full, top=top, carry=1)
        dist += step
        if keep:
            plus.append(vp)
            minus.append(vn)
    return dist, plus, minus


def _bit_setup(a: str) -> tuple[dict[str, int], int, int]:
    masks: dict[str, int] = {}
    for index, char in enumerate(a):
        masks[char] = masks.get(char, 0) | (1 << index)
    return masks, (1 << len(a)) - 1, 1 << (len(a) - 1)


def _bit_step(eq: int, vp: int, vn: int, *, full: int, top: int, carry: int) -> tuple[int, int, int]:
    """One column: new vertical +1/-1 bits and the bottom cell's change (`carry` 1: global, 0: free start)."""
    d0 = (((eq & vp) + vp) ^ vp) | eq | vn
    hp, hn = vn | (~(d0 | vp) & full), d0 & vp
    step = (1 if hp & top else 0) - (1 if hn & top else 0)
    hp, hn = ((hp << 1) | carry) & full, (hn << 1) & full
    return hn | (~(d0 | hp) & full), hp & d0, step
