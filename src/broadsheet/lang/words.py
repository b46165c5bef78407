"""Word lists behind the join cues, loaded once and only when a page needs them.

CJK: the two-character pairs that occur inside dictionary words (jieba's dictionary), kept
as sorted integers, each with its tier: how common the commonest word holding it is
(PAIR_TIERS), since a pair inside a frequent word is far less often made by chance.
Reading the 350,000-line dictionary takes most of a second, so the first run packs the
pairs into one string in the user's cache folder (`$XDG_CACHE_HOME/broadsheet`, else
`~/.cache/broadsheet`; `BROADSHEET_CACHE` overrides), named for the dictionary's path,
size and time and for MIN_FREQUENCY, so a new jieba makes a new file; later runs read
that in a tenth of the time. A cache that cannot be read or written is rebuilt or
skipped quietly: the pairs are the same either way.
CJK line breaks: how much likelier two characters stand across a true column break than
across two unrelated lines' ends, learned from the training corpus (`make train-breaks`)
and shipped as data/cjk-breaks.npz (`cjk_break_table`).
CJK sentence seams: how a sentence's last characters and the next one's first tell a
paragraph break between them, from the same corpus (`make train-openings`), shipped as
data/cjk-openings.npz (`cjk_opening_table`).
Latin: wordfreq's word lists, packed and cached the same way (a dict of one language's
words would take 40-70 MB; the packed list a tenth of it). Both are optional at run time: without them the
cues that use them read as "unknown" and the rest of the pipeline works as before.
"""

from __future__ import annotations

import bisect
import hashlib
import importlib.util
import logging
import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

MIN_FREQUENCY = 3  # jieba counts; rarer entries are mostly names and noise
PAIR_TIERS = (MIN_FREQUENCY, 20, 100, 500)  # jieba counts that part a pair's tiers (0 to 3)
CACHE_FORMAT = 2  # bump when the packed file's layout or the pairs' rule changes


PAIR_CODE = 0x110000  # a pair of characters as one integer: ord(left) * PAIR_CODE + ord(right)


@lru_cache(maxsize=1)
def cjk_pair_table() -> tuple[np.ndarray, np.ndarray]:
    """Character pairs found inside common Chinese words, each as one PAIR_CODE integer,
    sorted, and each pair's tier (int8) beside it; both empty without jieba. 2 MB, where a
    set of the 270,000 pairs as strings took 32."""
    dictionary = _jieba_dictionary()
    if dictionary is None:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int8)
    cache = _cache_file(dictionary)
    packed = _read_packed(cache) if cache else None
    if packed is None:
        packed = "".join(f"{pair}{tier}" for pair, tier in sorted(_dictionary_pairs(dictionary).items()))
        if cache:
            _write_packed(cache, f"{len(packed) // 3}\n{packed}")
    return pair_table(packed)


def cjk_pair_codes() -> np.ndarray:
    """The sorted PAIR_CODE integers of `cjk_pair_table`."""
    return cjk_pair_table()[0]


def pair_table(packed: str) -> tuple[np.ndarray, np.ndarray]:
    """The sorted PAIR_CODE integers of pairs packed back to back, each followed by its tier
    digit, and the tiers beside them."""
    chars = np.frombuffer(packed.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)
    codes = chars[0::3] * PAIR_CODE + chars[1::3]
    order = np.argsort(codes, kind="stable")
    return codes[order], (chars[2::3][order] - ord("0")).astype(np.int8)


BREAKS_FILE = "cjk-breaks.npz"  # in broadsheet/data: the pairs' codes (deltas), bins and each bin's ratio


@dataclass(frozen=True, slots=True)
class BreakTable:
    """Character pairs seen across line breaks in the training corpus, and what each tells."""

    codes: np.ndarray  # sorted PAIR_CODE integers
    ratios: np.ndarray  # each pair's log-likelihood ratio (nats) of a true column break against chance
    unseen: float  # the ratio of a pair of known characters the table lacks
    lefts: np.ndarray  # sorted code points that open some pair of the table
    rights: np.ndarray  # sorted code points that close one


@lru_cache(maxsize=1)
def cjk_break_table() -> BreakTable:
    """The CJK line-break table shipped in data/ (`BreakTable`), read once."""
    with resources.files("broadsheet").joinpath(f"data/{BREAKS_FILE}").open("rb") as stream:
        data = np.load(stream, allow_pickle=False)
        deltas, bins, ratios = data["deltas"], data["bins"], data["ratios"]
    packed = np.cumsum(deltas, dtype=np.int64)  # left << 16 | right: both in the basic plane
    lefts, rights = packed >> 16, packed & 0xFFFF
    return BreakTable(lefts * PAIR_CODE + rights, ratios[bins.astype(np.int64)], float(ratios[0]),
                      np.unique(lefts), np.unique(rights))


OPENINGS_FILE = "cjk-openings.npz"  # in broadsheet/data: sentence seams' keys (deltas) and log-odds


@dataclass(frozen=True, slots=True)
class OpeningTable:
    """What a sentence's last characters and the next one's first tell of a paragraph
    break between them, as log-odds (nats) against the training corpus's base rate."""

    base: float  # log-odds of a paragraph break at a sentence seam, keys unknown
    closings: dict[int, float]  # seam_code of a sentence's last characters: log-odds it adds
    openings: dict[int, float]  # seam_code of the next one's first characters: log-odds it adds

    def odds(self, closing: str, opening: str) -> float:
        """Log-odds of a paragraph break between a sentence ending `closing` and one opening `opening`."""
        return (self.base + self.closings.get(seam_code(closing), 0.0)
                + self.openings.get(seam_code(opening), 0.0))


def seam_code(chars: str) -> int:
    """One or two basic-plane characters as one integer (first << 16 | second, or the one
    character's code point); -1 for anything else, which no table holds.

    >>> seam_code("会议") == ord("会") << 16 | ord("议"), seam_code("会"), seam_code("")
    (True, 20250, -1)
    """
    if not 0 < len(chars) <= 2 or max(map(ord, chars)) > 0xFFFF:
        return -1
    return ord(chars[0]) << 16 | ord(chars[1]) if len(chars) == 2 else ord(chars[0])


@lru_cache(maxsize=1)
def cjk_opening_table() -> OpeningTable:
    """The CJK sentence-seam table shipped in data/ (`OpeningTable`), read once."""
    with resources.files("broadsheet").joinpath(f"data/{OPENINGS_FILE}").open("rb") as stream:
        return opening_table(np.load(stream, allow_pickle=False))


def opening_table(data: Mapping[str, np.ndarray]) -> OpeningTable:
    """An `OpeningTable` from the arrays train.fit_openings makes (as saved in an .npz)."""
    closings, openings = (dict(zip(np.cumsum(data[f"{side}_deltas"], dtype=np.int64).tolist(),
                                   data[f"{side}_odds"].astype(float).tolist(), strict=True))
                          for side in ("closing", "opening"))
    return OpeningTable(float(data["base"]), closings, openings)


def break_ratios(codes: np.ndarray) -> np.ndarray:
    """Per PAIR_CODE integer, `cjk_break_table`'s log-likelihood ratio: the unseen one for a
    pair it lacks of characters it knows, 0 where it never saw a character (traditional
    or Japanese text on a table learned from simplified Chinese: no evidence, not evidence
    against)."""
    table = cjk_break_table()
    at, found = _lookup(table.codes, codes)
    known = _lookup(table.lefts, codes // PAIR_CODE)[1] & _lookup(table.rights, codes % PAIR_CODE)[1]
    ratios: np.ndarray = np.where(found, table.ratios[at], np.where(known, table.unseen, 0.0))
    return ratios


def _lookup(sorted_values: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each of `values` stands in `sorted_values` (clipped to its last place) and
    whether it is there: one binary search for them all. Nothing is found in an empty array."""
    if not len(sorted_values):
        return np.zeros(len(values), dtype=np.int64), np.zeros(len(values), dtype=bool)
    at = np.searchsorted(sorted_values, values).clip(max=len(sorted_values) - 1)
    return at, sorted_values[at] == values


def known_pairs(codes: np.ndarray) -> np.ndarray:
    """Bool per PAIR_CODE integer: the pair occurs inside a common Chinese word (a binary
    search in the sorted codes, not a string made per pair)."""
    return _lookup(cjk_pair_codes(), codes)[1]


def pair_tiers(codes: np.ndarray) -> np.ndarray:
    """Per PAIR_CODE integer, the tier of PAIR_TIERS its commonest word reaches, or -1 for
    a pair inside no common word (and for -1, no pair)."""
    known, tiers = cjk_pair_table()
    if not len(known):
        return np.full(len(codes), -1, dtype=np.int8)
    at, found = _lookup(known, codes)
    return np.where(found, tiers[at], -1).astype(np.int8)


def known_pair(left: str, right: str) -> bool:
    """`known_pairs` for one pair of characters."""
    known, code = cjk_pair_codes(), ord(left) * PAIR_CODE + ord(right)
    at = int(known.searchsorted(code))
    return at < len(known) and int(known[at]) == code


def _jieba_dictionary() -> Path | None:
    """jieba's dict.txt, found without importing jieba (its import alone takes a fifth of a second)."""
    spec = importlib.util.find_spec("jieba")
    folders = list(spec.submodule_search_locations or ()) if spec else []
    return next((Path(f) / "dict.txt" for f in folders if (Path(f) / "dict.txt").is_file()), None)


def _dictionary_pairs(dictionary: Path) -> dict[str, int]:
    """The pairs read from jieba's dictionary itself, with their tiers: the slow way, and the truth."""
    counts: dict[str, int] = {}
    with dictionary.open(encoding="utf-8") as handle:
        for line in handle:
            word, count, *_ = line.split()
            if len(word) >= 2 and int(count) >= MIN_FREQUENCY:
                for i in range(len(word) - 1):
                    counts[word[i : i + 2]] = max(counts.get(word[i : i + 2], 0), int(count))
    return {pair: bisect.bisect_right(PAIR_TIERS, count) - 1 for pair, count in counts.items()}


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
    """The packed pairs: a count line, then every pair and its tier digit back to back; None if
    absent or damaged."""
    try:
        head, _, packed = cache.read_text(encoding="utf-8").partition("\n")
    except (OSError, UnicodeDecodeError):
        return None
    return packed if head.isdigit() and int(head) * 3 == len(packed) else None


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
    starts: np.ndarray  # int32 offset of each word in `packed`, and one past the last
    prefixes: np.ndarray  # uint64: each word's first eight bytes, zero-padded

    @classmethod
    def of(cls, packed: bytes) -> WordList:
        raw = np.frombuffer(packed, dtype=np.uint8)
        ends = np.flatnonzero(raw == ord("\n"))
        starts = np.concatenate([[0], ends + 1]).astype(np.int32)
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
    """Each word's first eight bytes as a big-endian integer, bytes past its end as zero
    (a byte at a time: one array of the words' size at once, not eight)."""
    prefixes = np.zeros(len(starts), dtype=np.uint64)
    last = len(raw) - 1
    for offset in range(8):
        at = starts + offset
        byte = np.where(at < ends, raw[np.minimum(at, last)], 0).astype(np.uint64)
        prefixes = (prefixes << np.uint64(8)) | byte
    return prefixes


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
