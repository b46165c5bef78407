"""Model data read fast and right: tree scores equal the plain walk's, cached word pairs the dictionary's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from broadsheet.lang import words
from broadsheet.weights import TreeEnsemble, load_model


def walk(ensemble: TreeEnsemble, rows: np.ndarray) -> np.ndarray:
    """The straightforward evaluation: every sample steps down every tree, `depth` times."""
    node = np.broadcast_to(ensemble.roots, (len(rows), len(ensemble.roots))).copy()
    samples = np.arange(len(rows))[:, None]
    for _ in range(ensemble.depth):
        feature = ensemble.feature[node]
        leaf = feature < 0
        goes_left = rows[samples, np.maximum(feature, 0)] <= ensemble.threshold[node]
        node = np.where(leaf, node, np.where(goes_left, ensemble.left[node], ensemble.right[node]))
    totals = np.zeros((len(rows), len(ensemble.baseline)))
    leaves = ensemble.value[node]
    for column in range(len(ensemble.baseline)):
        totals[:, column] = leaves[:, ensemble.column == column].sum(axis=1)
    return totals + ensemble.baseline


def random_ensemble(rng: np.random.Generator, trees: int, classes: int, features: int, depth: int) -> TreeEnsemble:
    """Trees of uneven shape (early leaves, some deeper than `depth`), thresholds with ties."""
    grid = np.round(rng.normal(size=12), 1)  # few distinct thresholds, so tests repeat across trees
    feature, threshold, left, right, value = [], [], [], [], []

    def grow(level: int) -> int:
        index = len(feature)
        for column in (feature, threshold, left, right, value):
            column.append(0)
        if level > depth + 1 or rng.random() < 0.2 * level:
            feature[index], value[index] = -1, float(rng.normal())
            return index
        feature[index], threshold[index] = int(rng.integers(features)), float(rng.choice(grid))
        value[index] = float(rng.normal()) if rng.random() < 0.1 else 0.0  # read when a walk stops early
        left[index] = grow(level + 1)
        right[index] = grow(level + 1)
        return index

    roots = [grow(0) for _ in range(trees)]
    names = tuple(f"f{i}" for i in range(features))
    column = rng.integers(classes, size=trees)
    if classes > 1:
        column[column == classes - 1] = 0  # the last class gets no tree: its scores are its baseline
    return TreeEnsemble(tuple(f"c{i}" for i in range(classes)), names, rng.normal(size=classes),
                        np.array(roots, dtype=np.int32), column.astype(np.int32), np.array(feature, dtype=np.int64),
                        np.array(threshold), np.array(left, dtype=np.int32), np.array(right, dtype=np.int32),
                        np.array(value), depth)


def random_rows(rng: np.random.Generator, ensemble: TreeEnsemble, samples: int) -> np.ndarray:
    """Values drawn around and exactly on the thresholds, with a few NaNs."""
    rows = rng.normal(size=(samples, len(ensemble.features)))
    on_threshold = rng.random(rows.shape) < 0.3
    rows[on_threshold] = rng.choice(ensemble.threshold, size=int(on_threshold.sum()))
    rows[rng.random(rows.shape) < 0.02] = np.nan
    return rows


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), trees=st.integers(1, 60), classes=st.integers(1, 4),
       depth=st.integers(0, 10), samples=st.integers(0, 150))  # past depth 8 a leaf number outgrows a byte
def test_scores_equal_the_walk_on_random_ensembles(seed: int, trees: int, classes: int, depth: int,
                                                   samples: int) -> None:
    rng = np.random.default_rng(seed)
    ensemble = random_ensemble(rng, trees, classes, 5, depth)
    rows = random_rows(rng, ensemble, samples)
    assert np.array_equal(ensemble.scores(rows), walk(ensemble, rows))


@pytest.mark.parametrize("part", ["roles", "continues"])
def test_scores_equal_the_walk_on_the_shipped_model(part: str) -> None:
    ensemble = getattr(load_model(), part)
    if not isinstance(ensemble, TreeEnsemble):
        pytest.skip("the shipped model is linear")
    rng = np.random.default_rng(3)
    rows = random_rows(rng, ensemble, 3000) * rng.choice([0.5, 1.0, 10.0], size=len(ensemble.features))
    assert np.array_equal(ensemble.scores(rows), walk(ensemble, rows))


@pytest.mark.parametrize("samples", [1, 2, 3])
def test_scores_equal_the_walk_on_a_few_rows(samples: int) -> None:
    """One row is summed pairwise by numpy, more rows one tree after another: both as the walk."""
    ensemble = load_model().roles
    if not isinstance(ensemble, TreeEnsemble):
        pytest.skip("the shipped model is linear")
    rows = random_rows(np.random.default_rng(samples), ensemble, samples)
    assert np.array_equal(ensemble.scores(rows), walk(ensemble, rows))


def test_scores_equal_the_walk_across_chunks() -> None:
    rng = np.random.default_rng(5)
    ensemble = random_ensemble(rng, 3000, 3, 4, 4)  # 3000 trees: chunks of ~700 samples
    rows = random_rows(rng, ensemble, 2000)
    assert np.array_equal(ensemble.scores(rows), walk(ensemble, rows))


def test_no_rows_give_no_scores() -> None:
    ensemble = random_ensemble(np.random.default_rng(1), 5, 3, 4, 4)
    assert ensemble.scores(np.zeros((0, 4))).shape == (0, 3)


def dictionary_table() -> tuple[np.ndarray, np.ndarray]:
    """The word pairs read the slow way, from jieba's dictionary: sorted codes and their tiers."""
    dictionary = words._jieba_dictionary()
    assert dictionary is not None
    return words.pair_table("".join(f"{pair}{tier}" for pair, tier in words._dictionary_pairs(dictionary).items()))


def dictionary_pairs() -> np.ndarray:
    return dictionary_table()[0]


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache folder for the word pairs, and a fresh load before and after."""
    if words._jieba_dictionary() is None:
        pytest.skip("jieba is not installed")
    monkeypatch.setenv("BROADSHEET_CACHE", str(tmp_path))
    words.cjk_pair_table.cache_clear()
    yield tmp_path
    words.cjk_pair_table.cache_clear()


def test_cached_word_pairs_equal_the_dictionary_pairs(own_cache: Path) -> None:
    codes, tiers = dictionary_table()
    assert np.array_equal(words.cjk_pair_codes(), codes)  # built, and written
    assert len(list(own_cache.glob("cjk-bigrams-*.txt"))) == 1
    words.cjk_pair_table.cache_clear()
    built_codes, built_tiers = words.cjk_pair_table()  # read back, tiers and all
    assert np.array_equal(built_codes, codes)
    assert np.array_equal(built_tiers, tiers)


def test_pairs_in_common_words_stand_in_the_top_tier(own_cache: Path) -> None:
    def tier(pair: str) -> int:
        return int(words.pair_tiers(np.array([ord(pair[0]) * words.PAIR_CODE + ord(pair[1])]))[0])

    assert tier("发展") == tier("经济") == len(words.PAIR_TIERS) - 1
    assert tier("度信") == -1  # in no word
    assert words.pair_tiers(np.array([-1])).tolist() == [-1]  # no pair at all


def test_a_damaged_cache_is_rebuilt(own_cache: Path) -> None:
    words.cjk_pair_codes()
    (cache,) = own_cache.glob("cjk-bigrams-*.txt")
    cache.write_text("12\nab", encoding="utf-8")
    words.cjk_pair_table.cache_clear()
    assert np.array_equal(words.cjk_pair_codes(), dictionary_pairs())


@pytest.mark.parametrize("lang", ["en", "de"])
def test_packed_latin_words_agree_with_wordfreq(lang: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wordfreq = pytest.importorskip("wordfreq")
    monkeypatch.setenv("BROADSHEET_CACHE", str(tmp_path))
    words.latin_words.cache_clear()
    try:
        sample = ["house", "Haus", "Straße", "example", "Anglo", "xqzvw", "nation", "gegen", "Don’t", "1984", "zzz"]
        built = [words.is_latin_word(word, lang) for word in sample]  # built, and written
        assert len(list(tmp_path.glob(f"latin-{lang}-*.txt"))) == 1
        words.latin_words.cache_clear()
        assert [words.is_latin_word(word, lang) for word in sample] == built  # read back
        assert built == [wordfreq.zipf_frequency(word, lang) > 0 for word in sample]
    finally:
        words.latin_words.cache_clear()


@settings(max_examples=60, deadline=None)
@given(
    st.sets(st.text(st.characters(min_codepoint=0x20, max_codepoint=0x24F), min_size=1, max_size=12), min_size=1),
    st.lists(st.text(st.characters(min_codepoint=0x20, max_codepoint=0x24F), min_size=1, max_size=12)),
)
def test_word_list_holds_exactly_its_words(listed: set[str], others: list[str]) -> None:
    # Keys share eight-byte prefixes ("nationalist"/"nationalism"), are shorter or longer than eight.
    encoded = sorted(word.encode() for word in listed)
    packed = words.WordList.of(b"".join(word + b"\n" for word in encoded))
    for word in [*listed, *others, *(word + "s" for word in listed), *(word[:-1] for word in listed)]:
        assert packed.holds(word.encode()) == (word in listed)
