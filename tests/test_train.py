"""Training: labels come back from the truth, and a model learned from synthesised pages
beats the hand-set weights on synthesised pages it never saw."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

import broadsheet
from broadsheet import synth, train
from broadsheet.cues import FRAGMENT_FEATURES
from broadsheet.evaluate import read_prediction, score_page
from broadsheet.lang import words
from broadsheet.params import Params
from broadsheet.weights import fit_roles, hand_model, load_model, model_header, save_trees
from broadsheet.writers import page_to_jats

LANGS = ("zh", "en")


def _cases(first: int, count: int) -> list[train.Case]:
    cases = []
    for number in range(first, first + count):
        style = synth.STYLES[number % len(synth.STYLES)]
        lang = LANGS[number % len(LANGS)]
        made = synth.make_page(number, style=style, lang=lang, texts=synth.ArticleTexts.builtin(lang))
        cases.append((made.dump, made.truth, made.lines))
    return cases


def _mean_score(cases: list[train.Case], model_path: str) -> float:
    scores = []
    for dump, truth, _ in cases:
        page = broadsheet.reconstruct(dump, Params(model=model_path))
        scores.append(score_page(truth, read_prediction(page_to_jats(page)), dump)["score"])
    return sum(scores) / len(scores)


def test_labels_follow_the_printed_truth() -> None:
    dump, truth, printed = _cases(3, 1)[0]
    example = train.make_example(dump, truth, hand_model(), Params(), printed)
    fields = {label.field for label in example.labels}
    assert {"p", "headline"} <= fields
    assert train.true_successors(example.labels)


@pytest.mark.slow
def test_a_trained_model_beats_the_hand_set_weights(tmp_path: Path) -> None:
    model = train.fit(_cases(0, 48), Params())
    path = tmp_path / "small.npz"
    save_trees(model.roles, model.continues, path, {},  # type: ignore[arg-type]
               screen=model.screen, layout=model.continues_layout)  # type: ignore[arg-type]
    held_back = _cases(10_000, 14)
    hand = _mean_score(held_back, str(Path(broadsheet.__file__).parent / "data" / "hand.json"))
    trained = _mean_score(held_back, str(path))
    assert trained > hand + 0.02, (trained, hand)
    assert load_model(path).screen is not None
    assert load_model(path).continues_layout is not None  # fitted on the -layout pages among the 48


def test_a_rare_class_told_apart_cleanly_keeps_its_leaves_bounded() -> None:
    """Unregularised, the few jump rows set apart by one feature drove leaves past 50,000:
    a role model trained on 2,000 pages then called plain body paragraphs credits."""
    rng = np.random.default_rng(0)
    rows = rng.random((3000, len(FRAGMENT_FEATURES)))
    labels = np.where(rows[:, 1] > 0.9, "headline", "body").astype(object)
    labels[:4], rows[:4, 2] = "jump", 5.0
    model = fit_roles(rows, labels.astype(str))
    assert np.abs(model.value).max() < 10
    assert model.classes[int(np.argmax(model.scores(rows[:1])))] == "jump"


def test_refitting_the_roles_keeps_the_continuation_trees_and_their_record(tmp_path: Path) -> None:
    path = tmp_path / "model.npz"
    shutil.copy(Path(broadsheet.__file__).parent / "data" / "model.npz", path)
    before, header = load_model(path), model_header(path)
    with pytest.MonkeyPatch.context() as patch:  # the built-in texts: no ../shared needed
        patch.setattr(train, "synthetic_cases", lambda pages, seed=0, styles=(): iter(_cases(seed, pages)))
        assert train.main(["--roles-only", "--pages", "6", "--seed", "20", "--out", str(path)]) == 0
    after, refitted = load_model(path), model_header(path)
    assert np.array_equal(after.continues.value, before.continues.value)  # type: ignore[union-attr]
    assert np.array_equal(after.continues_layout.value, before.continues_layout.value)  # type: ignore[union-attr]
    assert not np.array_equal(after.roles.value, before.roles.value)  # type: ignore[union-attr]
    assert refitted["trained_on"]["synthetic_pages"] == 6
    assert refitted["continues_trained_on"] == header.get("continues_trained_on", header.get("trained_on"))


def test_refitting_the_layout_trees_fits_them_on_layout_pages_and_keeps_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "model.npz"
    shutil.copy(Path(broadsheet.__file__).parent / "data" / "model.npz", path)
    before, header = load_model(path), model_header(path)
    asked: list[tuple[str, ...]] = []

    def layout_cases(pages: int, seed: int = 0, styles: tuple[str, ...] = ()) -> object:
        asked.append(styles)
        return iter([(made.dump, made.truth, made.lines) for made in (
            synth.make_page(seed + n, style="pdftotext-layout", lang=LANGS[n % 2],
                            texts=synth.ArticleTexts.builtin(LANGS[n % 2])) for n in range(pages))])

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(train, "synthetic_cases", layout_cases)
        assert train.main(["--layout-only", "--pages", "6", "--seed", "20", "--out", str(path)]) == 0
    after, refitted = load_model(path), model_header(path)
    assert asked == [("pdftotext-layout",)]
    assert np.array_equal(after.roles.value, before.roles.value)  # type: ignore[union-attr]
    assert np.array_equal(after.continues.value, before.continues.value)  # type: ignore[union-attr]
    assert not np.array_equal(after.continues_layout.value, before.continues_layout.value)  # type: ignore[union-attr]
    assert refitted["layout_trained_on"]["synthetic_pages"] == 6
    assert refitted["trained_on"] == header["trained_on"]
    assert refitted["continues_trained_on"] == header["continues_trained_on"]


def test_only_layout_dumps_read_their_pairs_with_the_layout_trees() -> None:
    model = load_model()
    assert model.continues_layout is not None
    assert model.continuation("layout") is model.continues_layout
    assert model.continuation("lines") is model.continues
    assert model.continuation("paragraphs") is model.continues


def _builtin_articles() -> list[list[str]]:
    copies = synth.ArticleTexts.builtin("zh").copies
    return [["".join(text.split()) for kind, text in copy.body if kind == "p"] for copy in copies]


def test_the_break_table_is_learned_the_same_way_twice_and_ranks_true_breaks_first() -> None:
    articles = _builtin_articles()
    first, again = train.fit_breaks(articles, seed=3), train.fit_breaks(articles, seed=3)
    assert all(np.array_equal(first[key], again[key]) for key in first)
    packed = np.cumsum(first["deltas"], dtype=np.int64)
    assert (np.diff(packed) > 0).all()  # sorted, each pair once
    assert first["bins"].min() >= 1  # bin 0, never seen, is never stored
    assert first["bins"].max() <= len(train.BREAK_EDGES) + 1
    # a true break's pair is far likelier than a chance one's: the unseen bin holds most chance pairs
    assert first["chance_shares"][0] > first["true_shares"][0]
    assert first["ratios"][0] < 0 < first["ratios"][-1]


@pytest.mark.parametrize("write", [train.write_breaks, train.write_openings])
def test_learning_a_corpus_table_without_the_corpus_says_so(write: Callable[..., int], tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert write(tmp_path / "table.npz", shared=tmp_path) == 1
    assert "no corpus" in capsys.readouterr().err
    assert not (tmp_path / "table.npz").exists()


def test_the_sentence_seam_table_learns_which_words_open_a_paragraph(tmp_path: Path) -> None:
    # 李强 opens every paragraph, 其中 goes on inside one; 会议。 closes every paragraph
    articles = [["李强主持会议。其中，三项议程已完成。代表们出席会议。", "李强指出，要抓落实。其中两项是新的。"]] * 3
    table = train.fit_openings(articles)
    assert all(np.array_equal(table[key], train.fit_openings(articles)[key]) for key in table)
    np.savez_compressed(tmp_path / "openings.npz", **table)
    with (tmp_path / "openings.npz").open("rb") as stream:  # read back as the shipped table is
        openings = words.opening_table(np.load(stream, allow_pickle=False)).openings
    assert openings[words.seam_code("李强")] > 0 > openings[words.seam_code("其中")]
    # four seams, one a break (the second paragraph's first sentence)
    assert float(table["base"]) == pytest.approx(np.log(3 / 9))


def test_the_corpus_leaves_out_the_articles_printed_on_bench_pages(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    kept, printed = "国家电商节激活重庆消费新动能", "习近平同美国总统在巴厘岛举行会晤"
    corpus.write_text("".join(json.dumps({"body": [{"type": "p", "text": text}]}, ensure_ascii=False) + "\n"
                              for text in (kept, printed)), encoding="utf-8")
    assert train.corpus_articles(corpus, {printed[: train.BENCH_PREFIX]}) == [[kept]]
