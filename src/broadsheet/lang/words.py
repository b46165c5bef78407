"""Word lists behind the join cues, loaded once and only when a page needs them.

CJK: the two-character pairs that occur inside dictionary words (jieba's dictionary).
Reading the 350,000-line dictionary takes most of a second, so the first run packs the
pairs into one string in the user's cache folder (`$XDG_CACHE_HOME/broadsheet`, else
`~/.cache/broadsheet`; `BROADSHEET_CACHE` overrides), named for the dictionary's path,
size and time and for MIN_FREQUENCY, so a new jieba makes a new file; later runs read
that in a tenth of the time. A cache that cannot be read or written is rebuilt or
skipped quietly: the pairs are the same either way.
Latin: word frequencies from wordfreq. Both are optional at run time: without them the
cues that use them read as "unknown" and the rest of the pipeline works as before.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import tempfile
from functools import lru_cache
from pathlib import Path

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
            _write_packed(cache, "".join(sorted(pairs)))
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


def _cache_file(dictionary: Path) -> Path | None:
    """Where the packed pairs of this dictionary live, or None when it cannot be told."""
    try:
        stat = dictionary.stat()
        folder = os.environ.get("BROADSHEET_CACHE") or os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    except (OSError, RuntimeError):  # no dictionary file to stat, or no home folder
        return None
    key = f"{dictionary.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{MIN_FREQUENCY}|{CACHE_FORMAT}"
    name = f"cjk-bigrams-{hashlib.sha256(key.encode()).hexdigest()[:16]}.txt"
    base = Path(folder) if os.environ.get("BROADSHEET_CACHE") else Path(folder) / "broadsheet"
    return base / name


def _read_packed(cache: Path) -> str | None:
    """The packed pairs: a count line, then every pair back to back; None if absent or damaged."""
    try:
        head, _, packed = cache.read_text(encoding="utf-8").partition("\n")
    except (OSError, UnicodeDecodeError):
        return None
    return packed if head.isdigit() and int(head) * 2 == len(packed) else None


def _write_packed(cache: Path, packed: str) -> None:
    """Write through a temporary file and a rename, so racing workers never see half a file."""
    temporary = ""
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{cache.name}.", suffix=".part", dir=cache.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(f"{len(packed) // 2}\n{packed}")
        os.replace(temporary, cache)
    except OSError as error:
        log.debug("cannot cache the CJK word pairs at %s: %s", cache, error)
    finally:
        if temporary and os.path.exists(temporary):
            os.unlink(temporary)


def latin_frequency(word: str, lang: str) -> float:
    """Zipf frequency of `word` in `lang` (0.0 when unknown or without wordfreq)."""
    try:
        from wordfreq import zipf_frequency  # noqa: PLC0415  # optional, and a third of a second to import
    except ModuleNotFoundError:
        return 0.0
    try:
        return float(zipf_frequency(word, lang))
    except LookupError:
        return float(zipf_frequency(word, "en"))
