"""Word lists behind the join cues, loaded once and only when a page needs them.

CJK: the two-character pairs that occur inside dictionary words (jieba's dictionary).
Latin: word frequencies from wordfreq. Both are optional at run time: without them the
cues that use them read as "unknown" and the rest of the pipeline works as before.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

MIN_FREQUENCY = 3  # jieba counts; rarer entries are mostly names and noise


@lru_cache(maxsize=1)
def cjk_bigrams() -> frozenset[str]:
    """Character pairs found inside common Chinese words (empty without jieba)."""
    try:
        dictionary = resources.files("jieba").joinpath("dict.txt")
    except ModuleNotFoundError:
        return frozenset()
    pairs: set[str] = set()
    with Path(str(dictionary)).open(encoding="utf-8") as handle:
        for line in handle:
            word, count, *_ = line.split()
            if len(word) >= 2 and int(count) >= MIN_FREQUENCY:
                pairs.update(word[i : i + 2] for i in range(len(word) - 1))
    return frozenset(pairs)


def latin_frequency(word: str, lang: str) -> float:
    """Zipf frequency of `word` in `lang` (0.0 when unknown or without wordfreq)."""
    try:
        from wordfreq import zipf_frequency
    except ModuleNotFoundError:
        return 0.0
    try:
        return float(zipf_frequency(word, lang))
    except LookupError:
        return float(zipf_frequency(word, "en"))
