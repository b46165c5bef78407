"""Word lists behind the join cues, loaded once and only when a page needs them.

CJK: the two-character pairs that occur inside dictionary words (jieba's dictionary).
Reading the 350,000-line dictionary takes most of a second, so the first run packs the
pairs into one string in the user's cache folder (`$XDG_CACHE_HOME/broadsheet`, else
`~/.cache/broadsheet`; `BROADSHEET_CACHE` overrides), named for the dictionary's path,
size and time and for MIN_FREQUENCY, so a new jieba makes a new file; later runs read
that in a tenth of the time. A cache that cannot be read or written is rebuilt or
skipped quietly: the pairs are the same either way.
Latin: wordfreq's word lists, packed and cached the same way (a dict of one language's
words would take 40-70 MB; the packed list a tenth of it). Both are optional at run time: without them the
cues that use them read as "unknown" and the rest of the pipeline works as before.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import re
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

MIN_FREQUENCY = 3  # jieba counts; rarer entries are mostly names and noise
CACHE_FORMAT = 1  # bump when the packed file's layout or the pairs' rule changes


@lru_cache(maxsize=1)
def cjk_bigrams() -> frozenset[str]:
    """Character pairs found inside common Chinese words (empty without jieba)."""
    dictionary = _jieba_dictionary()
    if dictionary is None:
        return frozenset()
    cache = _cache_file(dictionary)
    packed = _read_packed(cache) if cache else None
    if packed is None:
        pairs = _dictionary_pairs(dictionary)
        if cache:
            packed = "".join(sorted(pairs))
            _write_packed(cache, f"{len(packed) // 2}\n{packed}")
        return pairs
    return frozenset(packed[i : i + 2] for i in range(0, len(packed), 2))


def _jieba_dictionary() -> Path | None:
    """jieba's dict.txt, found without importing jieba (its import alone takes a fifth of a second)."""
    spec = importlib.util.find_spec("jieba")
    folders = list(spec.submodule_search_locations or ()) if spec else []
    return next((Path(f) / "dict.txt" for f in folders if (Path(f) / "dict.txt").is_file()), None)


def _dictionary_pairs(dictionary: Path) -> frozenset[str]:
    """The pairs read from jieba's dictionary itself: the slow way, and the truth."""
    pairs: set[str] = set()
    with dictionary.open(encoding="utf-8") as handle:
        for line in handle:
            word, count, *_ = line.split()
            if len(word) >= 2 and int(count) >= MIN_FREQUENCY:
                pairs.update(word[i : i + 2] for i in range(len(word) - 1))
    return frozenset(pairs)


def _cache_file(dictionary: Path, kind: str = "cjk-bigrams") -> Path | None:
    """Where the packed words of this dictionary live, or None when it cannot be told."""
    try:
        stat = dictionary.stat()
        folder = os.environ.get("BROADSHEET_CACHE") or os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    except (OSError, RuntimeError):  # no dictionary file to stat, or no home folder
        return None
    key = f"{dictionary.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{MIN_FREQUENCY}|{CACHE_FORMAT}"
    name = f"{kind}-{hashlib.sha256(key.encode()).hexdigest()[:16]}.txt"
    base = Path(folder) if os.environ.get("BROADSHEET_CACHE") else Path(folder) / "broadsheet"
    return base / name


def _read_packed(cache: Path) -> str | None:
    """The packed pairs: a count line, then every pair back to back; None if absent or damaged."""
    try:
        head, _, packed = cache.read_text(encoding="utf-8").partition("\n")
    except (OSError, UnicodeDecodeError):
        return None
    return packed if head.isdigit() and int(head) * 2 == len(packed) else None


def _write_packed(cache: Path, content: str) -> None:
    """Write through a temporary file and a rename, so racing workers never see half a file."""
    temporary = ""
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{cache.name}.", suffix=".part", dir=cache.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(content)
        os.replace(temporary, cache)
    except OSError as error:
        log.debug("cannot cache the CJK word pairs at %s: %s", cache, error)
    finally:
        if temporary and os.path.exists(temporary):
            os.unlink(temporary)


def is_latin_word(word: str, lang: str) -> bool:
    """True when `word` is in wordfreq's list for `lang` (English for a language
    it lacks); False for every word without wordfreq."""
    words = latin_words(lang)
    if words is None:
        return False
    key = _DIGITS.sub("0", word.casefold().replace("’", "'"))  # as wordfreq keys them: casefolded, 0 for digits
    return words.holds(key.encode("utf-8"))  # wordfreq lists digits as 0


_DIGITS = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class WordList:
    """A sorted word list packed into one UTF-8 string (a Python dict of wordfreq's 300,000
    words takes 40-70 MB a language; this takes a tenth of that). UTF-8 bytes sort as their
    code points do, so the bytes keep the words' order, and so do the words' first eight
    bytes read as one big-endian integer: numpy finds the words that share a key's prefix,
    usually one, where bisecting all the words in Python took eighteen steps."""

    packed: bytes  # the words, sorted, each followed by a newline
    starts: np.ndarray  # int64 offset of each word in `packed`, and one past the last
    prefixes: np.ndarray  # uint64: each word's first eight bytes, zero-padded

    @classmethod
    def of(cls, packed: bytes) -> WordList:
        raw = np.frombuffer(packed, dtype=np.uint8)
        ends = np.flatnonzero(raw == ord("\n"))
        starts = np.concatenate([[0], ends + 1]).astype(np.int64)
        return cls(packed, starts, _prefixes(raw, starts[:-1], ends))

    def word(self, index: int) -> bytes:
        starts = self.starts
        return self.packed[starts[index] : starts[index + 1] - 1]

    def holds(self, word: bytes) -> bool:
        prefixes, key = self.prefixes, np.uint64(int.from_bytes(word[:8].ljust(8, b"\0"), "big"))
        low = int(prefixes.searchsorted(key))
        if low == len(prefixes) or prefixes[low] != key:
            return False
        if low + 1 == len(prefixes) or prefixes[low + 1] != key:  # the one word with this prefix
            return self.word(low) == word
        high = int(prefixes.searchsorted(key, "right"))
        while low < high:  # bisect the words that share the prefix ("national-ism", "-ist", ...)
            middle = (low + high) // 2
            if self.word(middle) < word:
                low = middle + 1
            else:
                high = middle
        return low < len(prefixes) and self.word(low) == word


def _prefixes(raw: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Each word's first eight bytes as a big-endian integer, bytes past its end as zero."""
    at = starts[:, None] + np.arange(8)
    window = np.where(at < ends[:, None], raw[np.minimum(at, len(raw) - 1)], 0).astype(np.uint8)
    return np.ascontiguousarray(window).view(">u8").ravel().astype(np.uint64)


@lru_cache(maxsize=8)
def latin_words(lang: str) -> WordList | None:
    """wordfreq's word list for `lang`, packed and cached on disk after the first run."""
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or spec.origin is None:
        return None
    source = Path(spec.origin)
    cache = _cache_file(source, f"latin-{lang}")
    packed = _read_packed_words(cache) if cache else None
    if packed is None:
        words = _wordfreq_words(lang)
        if cache:
            _write_packed(cache, f"{words.count(chr(10))}\n{words}")
        packed = words.encode("utf-8")
    return WordList.of(packed) if packed else None


def _wordfreq_words(lang: str) -> str:
    from wordfreq import available_languages, get_frequency_dict  # noqa: PLC0415  # optional and slow to import

    lang = lang if lang in available_languages() else "en"
    return "".join(f"{word}\n" for word in sorted(get_frequency_dict(lang, "best")) if "\n" not in word)


def _read_packed_words(cache: Path) -> bytes | None:
    try:
        head, _, packed = cache.read_bytes().partition(b"\n")
    except OSError:
        return None
    return packed if head.isdigit() and int(head) == packed.count(b"\n") else None
