"""The evaluation: perfect scores perfectly, damage scores lower, and it agrees with the bench."""

from __future__ import annotations

import contextlib
import importlib.util
import json
import random
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from broadsheet import align
from broadsheet.errors import InputError
from broadsheet.evaluate import (
    infix_distance,
    jats_to_gold,
    levenshtein,
    nospace,
    read_gold,
    read_prediction,
    score_page,
)
from broadsheet.writers import page_to_jats, page_to_json
from factories import page_from_gold

SAMPLES = sorted((Path(__file__).parent.parent / "samples").glob("*.gold.json"))
SCORER = Path("/work/shared/bench/score.py")


def load(path: Path) -> tuple[dict[str, Any], str]:
    dump = path.with_name(path.name.replace(".gold.json", ".txt")).read_text(encoding="utf-8")
    return json.loads(path.read_text(encoding="utf-8")), dump


def leftovers(gold: dict[str, Any], dump: str) -> tuple[str, ...]:
    """The dump's characters no gold article holds, as one furniture item, so nothing is lost."""
    texts: list[str] = []
    for article in gold["articles"]:
        texts += [article["headline"], *article["decks"], *article["bylines"]]
        texts += [b.get("text") or b.get("title") for b in article["body"]]
        texts += [c["text"] + c.get("credit", "") for c in article["captions"]]
    rest = Counter(nospace(dump)) - Counter(nospace("".join(texts)))
    return ("".join(sorted(rest.elements())),)


def prediction(gold: dict[str, Any], articles: list[dict[str, Any]], furniture: tuple[str, ...] = ()) -> bytes:
    return page_to_jats(page_from_gold({**gold, "articles": articles}, furniture))


def perturbed(gold: dict[str, Any], how: str, rng: random.Random) -> list[dict[str, Any]]:
    """The gold's articles damaged in one way: the kinds of mistake a reconstruction makes."""
    articles = [dict(a) for a in gold["articles"]]
    first, rest = articles[0], articles[1:]
    if how == "shuffle":
        return [{**a, "body": rng.sample(a["body"], len(a["body"]))} for a in rng.sample(articles, len(articles))]
    if how == "merge":
        return [{**first, "body": first["body"] + rest[0]["body"]}, *rest[1:]]
    if how == "split":
        half = len(first["body"]) // 2
        return [{**first, "body": first["body"][:half]}, {"headline": "", "body": first["body"][half:]}, *rest]
    if how == "typos":
        return [{**a, "body": [_typo(b, rng) for b in a["body"]]} for a in articles]
    if how == "one-paragraph":
        return [{**a, "body": [{"type": "p", "text": "".join(_texts(a["body"]))}]} for a in articles]
    return rest  # "drop"


def _typo(block: dict[str, str], rng: random.Random) -> dict[str, str]:
    if block["type"] != "p":
        return block
    chars = list(block["text"])
    for _ in range(len(chars) // 25):
        chars[rng.randrange(len(chars))] = rng.choice("的一是xyz")
    return {**block, "text": "".join(chars)}


def _texts(body: list[dict[str, str]]) -> list[str]:
    return [b.get("text") or b.get("title") or "" for b in body]


@pytest.fixture(scope="module")
def scorer() -> ModuleType:
    if not SCORER.exists():
        pytest.skip("the bench scorer (/work/shared/bench/score.py) is not here")
    pytest.importorskip("rapidfuzz")
    spec = importlib.util.spec_from_file_location("bench_score", SCORER)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------- our own figures


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_perfect_prediction_scores_one_and_loses_nothing(path: Path) -> None:
    gold, dump = load(path)
    xml = prediction(gold, gold["articles"], leftovers(gold, dump))
    figures = score_page(gold, read_prediction(xml), dump)
    assert figures["score"] == 1.0
    assert figures["lost"] == 0.0
    assert figures["text_cer"] == 0.0
    assert figures["matched"] == len(gold["articles"])


@pytest.mark.parametrize("how", ["shuffle", "merge", "split", "typos", "one-paragraph", "drop"])
def test_damaged_prediction_scores_lower(how: str) -> None:
    gold, dump = load(SAMPLES[0])
    damaged = score_page(gold, read_prediction(prediction(gold, perturbed(gold, how, random.Random(1)))), dump)
    assert damaged["score"] < 1.0


def test_empty_prediction_scores_low_and_loses_everything() -> None:
    gold, dump = load(SAMPLES[0])
    figures = score_page(gold, [], dump)
    assert figures["text_cer"] == 1.0
    assert figures["lost"] == 1.0
    assert figures["matched"] == 0


def test_jats_gold_scores_like_json_gold(tmp_path: Path) -> None:
    gold, dump = load(SAMPLES[0])
    xml = prediction(gold, gold["articles"])
    (tmp_path / "gold.xml").write_bytes(xml)
    from_jats = read_gold(tmp_path / "gold.xml")
    assert [a["headline"] for a in from_jats["articles"]] == [a["headline"] for a in gold["articles"]]
    assert from_jats["articles"][0]["byline_names"] == ["黄光红"]
    assert score_page(from_jats, read_prediction(xml), dump) == score_page(gold, read_prediction(xml), dump)


def test_json_writer_output_reads_as_gold(tmp_path: Path) -> None:
    gold, _ = load(SAMPLES[0])
    page = page_from_gold(gold)
    (tmp_path / "page.json").write_text(page_to_json(page), encoding="utf-8")
    assert score_page(read_gold(tmp_path / "page.json"), read_prediction(page_to_jats(page)))["score"] == 1.0


def test_furniture_and_collection_shell_are_no_gold_articles() -> None:
    gold, _ = load(SAMPLES[0])
    converted = jats_to_gold(prediction(gold, gold["articles"], ("第3版",)))
    assert len(converted["articles"]) == len(gold["articles"])
    assert converted["lang"] == "zh"


@pytest.mark.parametrize("content", [b"", b"{not json", b"<article><p>", b'{"page": "x"}'])
def test_unreadable_gold_is_an_input_error(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "gold").write_bytes(content)
    with pytest.raises(InputError):
        read_gold(tmp_path / "gold")
    with pytest.raises(InputError):
        read_gold(tmp_path / "missing.json")


# ---------------------------------------------------------------- the bit-parallel fallback

words = st.text(alphabet="abc的是 ", max_size=30)


@contextlib.contextmanager
def without_rapidfuzz() -> Iterator[None]:
    saved, align.Levenshtein = align.Levenshtein, None  # type: ignore[assignment]
    try:
        yield
    finally:
        align.Levenshtein = saved


@settings(max_examples=200, deadline=None)
@given(a=words, b=words)
def test_fallback_distances_are_exact(a: str, b: str) -> None:
    with without_rapidfuzz():
        assert levenshtein(a, b) == _dp_distance(a, b)
        best = min(_dp_distance(a, b[i:j]) for i in range(len(b) + 1) for j in range(i, len(b) + 1))
        assert infix_distance(a, b) == best
        moves = align.indels(a, b)
    inserted, deleted = (sum(tag == kind for tag, _ in moves) for kind in ("insert", "delete"))
    assert inserted - deleted == len(b) - len(a)
    assert inserted + deleted <= levenshtein(a, b)


@settings(max_examples=100, deadline=None)
@given(a=words, b=words)
def test_fallback_alignment_is_rapidfuzz_alignment(a: str, b: str) -> None:
    pytest.importorskip("rapidfuzz")
    rapid = sorted(align.indels(a, b))
    with without_rapidfuzz():
        assert sorted(align.indels(a, b)) == rapid


def _dp_distance(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (x != y))
    return row[-1]


# ---------------------------------------------------------------- agreement with the bench


@pytest.mark.parametrize("how", ["none", "shuffle", "merge", "split", "typos", "one-paragraph", "drop"])
@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_agrees_with_bench_scorer(scorer: ModuleType, path: Path, how: str) -> None:
    gold, dump = load(path)
    articles = gold["articles"] if how == "none" else perturbed(gold, how, random.Random(how))
    xml = prediction(gold, articles, ("第3版",))
    assert read_prediction(xml) == scorer.pred_articles(xml)
    bench = scorer.score_page(gold, scorer.pred_articles(xml), dump)
    assert score_page(gold, read_prediction(xml), dump) == pytest.approx(bench, abs=5e-4)
    with without_rapidfuzz():
        assert score_page(gold, read_prediction(xml), dump) == pytest.approx(bench, abs=5e-4)
