"""Train: fit the role and continuation models from synthesised pages and user gold.

    python -m broadsheet.train [--pages 400] [--gold DIR] [--out src/broadsheet/data/model.npz]
                               [--roles-only | --layout-only]
    python -m broadsheet.train --breaks src/broadsheet/data/cjk-breaks.npz
    python -m broadsheet.train --openings src/broadsheet/data/cjk-openings.npz

Truth in the bench's gold JSON shape (synth.py writes it; users bring their own) is
matched back onto the fragments the pipeline cuts: each fragment gets the article, role
and position of the gold text it was cut from (whitespace and hyphens aside), so the role
model learns from fragment feature rows and the continuation model from the candidate
pairs the graph proposes, labelled true where two body fragments follow each other in
one gold article; pdftotext -layout pages also fit a continuation model of their own,
which reads where the text stands. Models are boosted trees (weights.py) saved as .npz
with a JSON header, reproducible from the seeds. Without ../shared the synthesiser falls back to its
built-in texts.

`--breaks` learns the CJK line-break table (`fit_breaks`) from the Chinese corpus under
../shared, leaving out the articles printed on the bench's dev pages, so that the bench
scores pages whose text the table never saw. `--openings` learns, from the same articles,
how a sentence's last words and the next one's first tell a paragraph break
(`fit_openings`).
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import math
import random
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from broadsheet import synth
from broadsheet.fragments import lines_to_fragments
from broadsheet.graph import screened_pairs
from broadsheet.lang import cjk
from broadsheet.lang.words import seam_code
from broadsheet.page import Cues, Dump, Fragment
from broadsheet.pairs import fragment_table
from broadsheet.params import Params
from broadsheet.read import read_dump
from broadsheet.roles import fragments_to_cues
from broadsheet.weights import (
    LinearModel,
    Model,
    fit_continues,
    fit_roles,
    fit_screen,
    hand_model,
    load_trees,
    model_header,
    save_trees,
)

Case = tuple[str, dict[str, object], tuple[synth.PrintedLine, ...]]  # dump, gold, the printed lines if known

log = logging.getLogger(__name__)
_SQUEEZE = re.compile(r"[\s\-\u00ad\u2010\u2011\u00ac\u2e17]+")
ROLE_OF_FIELD = {"headline": "headline", "kicker": "headline", "deck": "headline", "byline": "byline",
                 "section": "section", "p": "body", "caption": "caption", "credit": "credit", "jump": "jump"}
FIELD_OF_ROLE = {"body": "p", "lede": "p", "section": "section", "headline": "headline", "kicker": "deck",
                 "deck": "deck", "byline": "byline", "caption": "caption", "credit": "credit", "jump": "jump",
                 "furniture": "furniture"}


@dataclass(frozen=True, slots=True)
class Label:
    """Where a fragment's text stands in the gold: article, field kind and offset."""

    article: int  # -1: in no article (furniture)
    field: str  # headline, deck, byline, caption, credit, section, p, furniture
    offset: int  # position in the article's body flow (body and sections), else -1


@dataclass(frozen=True, slots=True)
class Example:
    """One page made ready for fitting: its pipeline parts and their gold labels."""

    dump: Dump
    fragments: tuple[Fragment, ...]
    cues: Cues
    labels: tuple[Label, ...]


def squeeze(text: str) -> str:
    """Text without whitespace and hyphens, as gold and dump are compared.

    >>> squeeze("exam-\\nple 电 商")
    'example电商'
    """
    return _SQUEEZE.sub("", text)


def label_fragments(fragments: tuple[Fragment, ...], gold: dict[str, object]) -> tuple[Label, ...]:
    """The gold place of each fragment's text (furniture where it is in no article).

    A short text found both in a headline and in a body (a wrapped headline's line, a
    deck quoted from the body) goes where its neighbours' text continues it.
    """
    fields, flows = _gold_fields(gold)
    texts = [squeeze(fragment.text) for fragment in fragments]
    labels = []
    for index, text in enumerate(texts):
        before = texts[index - 1] if index else ""
        after = texts[index + 1] if index + 1 < len(texts) else ""
        labels.append(_label(text, before, after, fields, flows))
    return tuple(labels)


def _gold_fields(gold: dict[str, Any]) -> tuple[list[tuple[int, str, str]], list[str]]:
    fields: list[tuple[int, str, str]] = []
    flows: list[str] = []
    for number, article in enumerate(gold.get("articles", [])):
        fields.append((number, "headline", squeeze(article.get("headline", ""))))
        fields += [(number, "deck", squeeze(deck)) for deck in article.get("decks", [])]
        fields += [(number, "byline", squeeze(byline)) for byline in article.get("bylines", [])]
        for caption in article.get("captions", []):
            fields.append((number, "caption", squeeze(caption.get("text", ""))))
            fields.append((number, "credit", squeeze(caption.get("credit", ""))))
        fields += [(number, "section", squeeze(b["title"])) for b in article.get("body", []) if b["type"] == "sec"]
        flows.append("".join(squeeze(b.get("text") or b.get("title") or "") for b in article.get("body", [])))
    return [f for f in fields if f[2]], flows


def _label(text: str, before: str, after: str, fields: list[tuple[int, str, str]], flows: list[str]) -> Label:
    if not text:
        return Label(-1, "furniture", -1)
    # the tests in order of trust: a whole field, a field or flow holding the text, its first letters
    return (_whole_field(text, fields, flows) or _holding(text, before, after, fields, flows)
            or _probed(text, fields, flows) or Label(-1, "furniture", -1))


def _whole_field(text: str, fields: list[tuple[int, str, str]], flows: list[str]) -> Label | None:
    for number, kind, value in fields:  # a whole short field first: headlines, bylines, credits
        if text == value:
            return Label(number, kind, _flow_offset(text, flows[number]) if kind == "section" else -1)
    return None


def _holding(text: str, before: str, after: str, fields: list[tuple[int, str, str]], flows: list[str]) -> Label | None:
    short = [(number, kind, value) for number, kind, value in fields if text in value]
    body = [(number, flow.find(text)) for number, flow in enumerate(flows) if text in flow]
    if short and body:
        joined = [(number, kind, value) for number, kind, value in short
                  if before + text in value or text + after in value]
        in_body = any(before + text in flows[n] or text + after in flows[n] for n, _ in body)
        if joined or (not in_body and len(text) < 10):
            number, kind, _ = (joined or short)[0]
            return Label(number, kind, -1)
    if body:
        return Label(body[0][0], "p", body[0][1])
    if short:
        return Label(short[0][0], short[0][1], -1)
    return None


def _probed(text: str, fields: list[tuple[int, str, str]], flows: list[str]) -> Label | None:
    probe = text[:12]
    for number, kind, value in fields:
        if len(probe) >= 6 and probe in value:
            return Label(number, kind, -1)
    for number, flow in enumerate(flows):
        if len(probe) >= 6 and (offset := flow.find(probe)) >= 0:
            return Label(number, "p", offset)
    return None


def labels_from_printed(fragments: tuple[Fragment, ...], printed: tuple[object, ...]) -> tuple[Label, ...]:
    """Exact labels for a synthesised page: each fragment takes the truth of the printed
    lines it was cut from (found by dump row, then by shared text)."""
    by_row: dict[int, list[object]] = {}
    for item in printed:
        by_row.setdefault(item.row, []).append(item)  # type: ignore[attr-defined]
    return tuple(_printed_label(fragment, by_row) for fragment in fragments)


def _printed_label(fragment: Fragment, by_row: dict[int, list[object]]) -> Label:
    votes: dict[tuple[int, str], int] = {}
    first: dict[tuple[int, str], int] = {}
    for line in fragment.lines:
        text = squeeze(line.text)
        for item in by_row.get(line.row, []):
            printed = squeeze(item.text)  # type: ignore[attr-defined]
            shared = len(printed) if printed and printed in text else (len(text) if text in printed else 0)
            if not shared:
                continue
            key = (item.article, FIELD_OF_ROLE.get(item.role, "furniture"))  # type: ignore[attr-defined]
            votes[key] = votes.get(key, 0) + shared
            first[key] = min(first.get(key, 1 << 30), item.seq)  # type: ignore[attr-defined]
    if not votes:
        return Label(-1, "furniture", -1)
    article, field = max(votes, key=lambda key: (votes[key], -key[0]))
    if article < 0:
        return Label(-1, "furniture", -1)
    return Label(article, field, first[(article, field)] if field in ("p", "section") else -1)


def _flow_offset(text: str, flow: str) -> int:
    return flow.find(text)


def role_targets(labels: Iterable[Label]) -> np.ndarray:
    """The role model's class for each label."""
    return np.array([ROLE_OF_FIELD.get(label.field, "furniture") for label in labels])


def true_successors(labels: tuple[Label, ...]) -> dict[int, int]:
    """a → b where b's text follows a's in one gold article's body flow."""
    by_article: dict[int, list[tuple[int, int]]] = {}
    for index, label in enumerate(labels):
        if label.offset >= 0 and label.field in ("p", "section"):
            by_article.setdefault(label.article, []).append((label.offset, index))
    successor: dict[int, int] = {}
    for items in by_article.values():
        items.sort()
        for (_, a), (_, b) in itertools.pairwise(items):
            successor[a] = b
    return successor


def make_example(dump_text: str, gold: dict[str, object], model: Model, params: Params,
                 printed: tuple[object, ...] = ()) -> Example:
    """Run the pipeline's first stages on a page and label its fragments from the truth."""
    dump = read_dump(dump_text, params)
    fragments = lines_to_fragments(dump, params)
    cues = fragments_to_cues(dump, fragments, model)
    labels = labels_from_printed(fragments, printed) if printed else label_fragments(fragments, gold)
    return Example(dump, fragments, cues, labels)


def role_rows(examples: Iterable[Example]) -> tuple[np.ndarray, np.ndarray]:
    rows, targets = [], []
    for example in examples:
        rows.append(example.cues.features)
        targets.append(role_targets(example.labels))
    return np.vstack(rows), np.concatenate(targets)


def pair_rows(examples: Iterable[Example], params: Params, screen: LinearModel | None = None) -> tuple[
        np.ndarray, np.ndarray]:
    """Candidate pairs as the graph stage makes them (screened when a screen is given), labelled."""
    rows, targets = [], []
    model = Model(hand_model().roles, hand_model().continues, "training", screen)
    for example in examples:
        table = fragment_table(example.dump, example.fragments, example.cues.features, example.cues.roles,
                               example.cues.measure, words=example.cues.words)
        pairs, features = screened_pairs(table, example.fragments, example.cues, model, params,
                                         script=example.dump.script)
        if not len(pairs):
            continue
        rows.append(features)
        successor = true_successors(example.labels)
        targets.append(np.array([successor.get(int(a)) == int(b) for a, b in pairs]))
    return np.vstack(rows), np.concatenate(targets)


def gold_cases(folder: Path) -> Iterator[Case]:
    """(dump text, gold, ()) for every NAME.txt beside a NAME.gold.json in `folder`."""
    for gold_path in sorted(folder.glob("*.gold.json")):
        dump_path = gold_path.with_name(gold_path.name[: -len(".gold.json")] + ".txt")
        if dump_path.is_file():
            yield dump_path.read_text(encoding="utf-8"), json.loads(gold_path.read_text(encoding="utf-8")), ()


def synthetic_cases(pages: int, seed: int = 0, styles: tuple[str, ...] = synth.STYLES) -> Iterator[Case]:
    """Pages from the synthesiser, every style (of `styles`) and language in turn."""
    langs = ("zh", "en", "de", "fr", "nl")
    for number in range(pages):
        style = styles[number % len(styles)]
        lang = langs[(number // len(styles)) % len(langs)] if number % 2 else "zh"
        page = synth.make_page(seed + number, style=style, lang=lang)
        yield page.dump, page.truth, page.lines


def _examples(cases: Iterable[Case], params: Params) -> list[Example]:
    """The cases made ready for fitting, their fragments' roles read by the hand model."""
    base = hand_model()
    return [make_example(text, gold, base, params, printed) for text, gold, printed in cases]


def fit(cases: Iterable[Case], params: Params) -> Model:
    """Fit the models on the cases, labelling with the hand model's roles for the pairs;
    the -layout continuation trees on the cases that are -layout dumps."""
    examples = _examples(cases, params)
    roles = fit_roles(*role_rows(examples))
    screen = fit_screen(*pair_rows(examples, params))
    continues = fit_continues(*pair_rows(examples, params, screen))
    layout = [example for example in examples if example.dump.style == "layout"]
    layout_trees = fit_continues(*pair_rows(layout, params, screen)) if layout else None
    return Model(roles, continues, "trained", screen, layout_trees)


def refit_roles(cases: Iterable[Case], params: Params, kept: Model) -> Model:
    """A new role model fitted on the cases beside `kept`'s continuation trees and screen,
    which the order and attachment rules were tuned against (refitting those costs more
    than it gains: see the README)."""
    examples = _examples(cases, params)
    return Model(fit_roles(*role_rows(examples)), kept.continues, "trained", kept.screen, kept.continues_layout)


def refit_layout(cases: Iterable[Case], params: Params, kept: Model) -> Model:
    """New -layout continuation trees fitted on the cases (-layout pages) through `kept`'s
    screen, beside its role and continuation trees. Fitted on every style, one model reads
    -layout pages less well than one of their own (see the README)."""
    examples = _examples(cases, params)
    return Model(kept.roles, kept.continues, "trained", kept.screen, fit_continues(*pair_rows(examples, params,
                                                                                              kept.screen)))


BREAK_EDGES = (-1.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0)  # nats of a seen pair's mutual information parting its bins
BREAK_SAMPLE = 200_000  # true and chance pairs drawn from each half to measure the bins' ratios
BREAK_KEEP = 1.0  # nats a bin's ratio must stand from an unseen pair's for its pairs to be stored
BENCH_PREFIX = 12  # characters of a paragraph's start that tell a dev page's article in the corpus


def fit_breaks(articles: list[list[str]], seed: int = 0) -> dict[str, np.ndarray]:
    """The CJK line-break table from articles (each a list of paragraphs), as
    words.cjk_break_table reads it.

    A column breaks a line between any two characters of a paragraph, so every pair of
    neighbouring Han characters (or a full-width stop, then a Han character) is a true
    break; a chance one is the last character of one line and the first of an unrelated
    one. A pair's pointwise mutual information (how much more often it stands together
    than its characters' counts make likely) puts it in a bin of BREAK_EDGES (bin 0: never
    seen), and each bin's log-likelihood ratio, true breaks against chance, is measured on
    articles the counts did not see: counted on one half and measured on the other, both
    ways round, the two halves' shares averaged. The stored ratios are those; the pairs are
    counted over every article. Pairs whose bin stands within BREAK_KEEP of an unseen pair
    are left out (a smaller file, the same answer within a nat).
    """
    rng = random.Random(seed)
    order = list(range(len(articles)))
    rng.shuffle(order)
    halves = [[articles[i] for i in order[0::2]], [articles[i] for i in order[1::2]]]
    true = np.zeros(len(BREAK_EDGES) + 2)
    chance = np.zeros(len(BREAK_EDGES) + 2)
    for counted, measured in (halves, halves[::-1]):
        counts = BreakCounts.of(counted)
        drawn = [pair for paragraphs in measured for pair in _break_pairs(paragraphs)]
        sample = rng.sample(drawn, min(BREAK_SAMPLE, len(drawn)))
        shuffled = [(rng.choice(drawn)[0], rng.choice(drawn)[1]) for _ in sample]
        true += np.bincount([counts.bin(pair) for pair in sample], minlength=len(true))
        chance += np.bincount([counts.bin(pair) for pair in shuffled], minlength=len(true))
    ratios = np.log((true / true.sum() + 1e-4) / (chance / chance.sum() + 1e-4))
    counts = BreakCounts.of(articles)
    kept = sorted((ord(a) << 16 | ord(b), code) for (a, b) in counts.pairs
                  if ord(a) < 0x10000 and ord(b) < 0x10000  # packed as two 16-bit halves
                  and abs(ratios[code := counts.bin((a, b))] - ratios[0]) >= BREAK_KEEP)
    packed = np.array([key for key, _ in kept], dtype=np.uint32)
    return {"deltas": np.diff(packed, prepend=np.uint32(0)).astype(np.uint32),
            "bins": np.array([code for _, code in kept], dtype=np.uint8),
            "ratios": ratios, "edges": np.array(BREAK_EDGES), "true_shares": true / true.sum(),
            "chance_shares": chance / chance.sum()}


def _break_pairs(paragraphs: list[str]) -> Iterator[tuple[str, str]]:
    """Each pair of neighbouring characters a column may break between that the table
    reads: a Han character or full-width stop (cjk.BREAK_STOPS), then a Han character."""
    for text in paragraphs:
        for left, right in itertools.pairwise(text):
            if (cjk.is_han(left) or left in cjk.BREAK_STOPS) and cjk.is_han(right):
                yield left, right


@dataclass(frozen=True, slots=True)
class BreakCounts:
    """How often each pair the break table reads (`_break_pairs`), and each character as
    a pair's left or right half, stands in some articles."""

    pairs: Counter[tuple[str, str]]
    lefts: Counter[str]
    rights: Counter[str]
    total: int

    @classmethod
    def of(cls, articles: list[list[str]]) -> BreakCounts:
        pairs = Counter(pair for paragraphs in articles for pair in _break_pairs(paragraphs))
        lefts: Counter[str] = Counter()
        rights: Counter[str] = Counter()
        for (left, right), number in pairs.items():
            lefts[left] += number
            rights[right] += number
        return cls(pairs, lefts, rights, sum(pairs.values()))

    def bin(self, pair: tuple[str, str]) -> int:
        """0 for a pair never counted, else 1 + the BREAK_EDGES bin of its mutual information."""
        number = self.pairs.get(pair, 0)
        if not number:
            return 0
        information = math.log(number * self.total / (self.lefts[pair[0]] * self.rights[pair[1]]))
        return 1 + int(np.searchsorted(BREAK_EDGES, information))


def corpus_articles(corpus: Path, leave_out: set[str]) -> list[list[str]]:
    """Each corpus article's paragraphs, spaces removed; articles with a paragraph opening
    as one in `leave_out` (BENCH_PREFIX characters) are left out."""
    articles = []
    with corpus.open(encoding="utf-8") as handle:
        for line in handle:
            paragraphs = ["".join(block["text"].split()) for block in json.loads(line)["body"]
                          if block.get("type") == "p"]
            if not any(text[:BENCH_PREFIX] in leave_out for text in paragraphs if len(text) >= BENCH_PREFIX):
                articles.append(paragraphs)
    return articles


def bench_openings(folder: Path) -> set[str]:
    """The first BENCH_PREFIX characters of every paragraph of the Chinese gold under `folder`."""
    openings = set()
    for gold_path in sorted(folder.glob("*.gold.json")):
        page = json.loads(gold_path.read_text(encoding="utf-8"))
        if page.get("lang") == "zh":
            for article in page.get("articles", ()):
                openings |= {text[:BENCH_PREFIX] for block in article.get("body", ())
                             if len(text := "".join((block.get("text") or "").split())) >= BENCH_PREFIX}
    return openings


def _training_articles(shared: Path, table: str) -> list[list[str]] | None:
    """The corpus articles under `shared` a CJK table learns from, less those printed on
    the bench's dev pages; None, said on stderr, where there is no corpus."""
    corpus = shared / synth.CORPUS
    if not corpus.is_file():
        print(f"broadsheet: no corpus at {corpus}; {table} is learned from it", file=sys.stderr)
        return None
    return corpus_articles(corpus, bench_openings(shared / "bench" / "dev"))


def write_breaks(out: Path, shared: Path = synth.SHARED, seed: int = 0) -> int:
    """Learn the break table from the corpus under `shared` and save it at `out`."""
    articles = _training_articles(shared, "the break table")
    if articles is None:
        return 1
    table = fit_breaks(articles, seed)
    np.savez_compressed(out, deltas=table["deltas"], bins=table["bins"], ratios=table["ratios"], edges=table["edges"],
                        true_shares=table["true_shares"], chance_shares=table["chance_shares"])
    true, chance = table["true_shares"], table["chance_shares"]
    information = float(np.sum(true * np.log((true + 1e-9) / (chance + 1e-9))))
    with (shared / synth.CORPUS).open(encoding="utf-8") as handle:  # closed again: a count for the message only
        left_out = sum(1 for _ in handle) - len(articles)
    print(f"wrote {out}: {len(table['bins'])} pairs from {len(articles)} articles "
          f"(left out as printed on dev pages: {left_out}); true breaks against chance: {information:.2f} nats",
          file=sys.stderr)
    return 0


OPENING_SHRINK = 5.0  # seams at the corpus's base rate added to each key's count: a rare key says little
OPENING_KEEP = 0.1  # nats from nothing a key's log-odds must stand to be stored


def fit_openings(articles: list[list[str]]) -> dict[str, np.ndarray]:
    """The CJK sentence-seam table from articles (each a list of paragraphs), as
    words.cjk_opening_table reads it.

    Every seam between two sentences of an article (`cjk.sentence_seam`) is a paragraph
    break or not. Per key — a sentence's last characters, the next one's first — the
    table stores how far its share of breaks, shrunk toward the base rate by
    OPENING_SHRINK seams at that rate, moves the log-odds from the base rate: read
    together, the two keys' moves and the base make a naive-Bayes log-odds of a break.
    Keys that move it less than OPENING_KEEP are left out; so is any key beyond the basic
    plane (`seam_code`).
    """
    breaks = {"closing": Counter[str](), "opening": Counter[str]()}
    runs_on = {"closing": Counter[str](), "opening": Counter[str]()}
    for paragraphs in articles:
        for is_break, closing, opening in _sentence_seams(paragraphs):
            counts = breaks if is_break else runs_on
            counts["closing"][closing] += 1
            counts["opening"][opening] += 1
    total_breaks, total_runs = sum(breaks["opening"].values()), sum(runs_on["opening"].values())
    share = total_breaks / max(total_breaks + total_runs, 1)
    base = math.log(max(total_breaks, 1) / max(total_runs, 1))
    table: dict[str, np.ndarray] = {"base": np.array(base)}
    for side in ("closing", "opening"):
        kept = sorted((code, odds) for key in breaks[side].keys() | runs_on[side].keys()
                      if (code := seam_code(key)) >= 0
                      and abs(odds := math.log((breaks[side][key] + OPENING_SHRINK * share)
                                               / (runs_on[side][key] + OPENING_SHRINK * (1 - share))) - base)
                      >= OPENING_KEEP)
        codes = np.array([code for code, _ in kept], dtype=np.int64)
        table[f"{side}_deltas"] = np.diff(codes, prepend=0).astype(np.uint32)
        table[f"{side}_odds"] = np.array([odds for _, odds in kept], dtype=np.float16)
    return table


_SENTENCE = re.compile(f"(?<=[{cjk.SEAM_STOPS}])[{re.escape(cjk.CLOSERS)}]*")


def _sentence_seams(paragraphs: list[str]) -> Iterator[tuple[bool, str, str]]:
    """Each seam between two sentences of one article: whether a paragraph breaks there,
    and the keys `cjk.sentence_seam` reads either side of it."""
    previous = ""
    for text in paragraphs:
        sentences = [piece for piece in _split_sentences(text) if piece.strip()]
        for index, sentence in enumerate(sentences):
            before = sentences[index - 1] if index else previous
            seam = cjk.sentence_seam(before, sentence)  # None for the article's first sentence
            if seam is not None:
                yield index == 0, *seam
        previous = sentences[-1] if sentences else previous


def _split_sentences(text: str) -> list[str]:
    """`text` cut after every SEAM_STOPS character and the closing quotes after it."""
    pieces, start = [], 0
    for match in _SENTENCE.finditer(text):
        pieces.append(text[start:match.end()])
        start = match.end()
    return [*pieces, text[start:]] if start < len(text) else pieces


def write_openings(out: Path, shared: Path = synth.SHARED) -> int:
    """Learn the sentence-seam table from the corpus under `shared` and save it at `out`."""
    articles = _training_articles(shared, "the sentence-seam table")
    if articles is None:
        return 1
    table = fit_openings(articles)
    np.savez_compressed(out, base=table["base"], closing_deltas=table["closing_deltas"],
                        closing_odds=table["closing_odds"], opening_deltas=table["opening_deltas"],
                        opening_odds=table["opening_odds"])
    print(f"wrote {out}: {len(table['closing_odds'])} closings and {len(table['opening_odds'])} openings "
          f"from {len(articles)} articles; a paragraph breaks at {1 / (1 + math.exp(-float(table['base']))):.0%} "
          "of sentence seams", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m broadsheet.train", description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=400, help="synthetic pages to train on")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--gold", type=Path, action="append", default=[], help="a folder of user gold cases")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "data" / "model.npz")
    parser.add_argument("--roles-only", action="store_true",
                        help="refit the role trees only, keeping the continuation trees of the model at --out")
    parser.add_argument("--layout-only", action="store_true",
                        help="refit the -layout continuation trees only, on -layout pages, keeping the rest of --out")
    parser.add_argument("--breaks", type=Path, metavar="OUT",
                        help="learn the CJK line-break table from ../shared's corpus into OUT, and nothing else")
    parser.add_argument("--openings", type=Path, metavar="OUT",
                        help="learn the CJK sentence-seam table from ../shared's corpus into OUT, and nothing else")
    options = parser.parse_args(argv)
    if options.breaks:
        return write_breaks(options.breaks, seed=options.seed)
    if options.openings:
        return write_openings(options.openings)
    if options.roles_only and options.layout_only:
        parser.error("--roles-only and --layout-only refit different parts; give one")
    params = Params()
    styles = ("pdftotext-layout",) if options.layout_only else synth.STYLES
    cases: list[Case] = list(synthetic_cases(options.pages, options.seed, styles))
    for folder in options.gold:
        cases += list(gold_cases(folder))
    trained_on = {"synthetic_pages": options.pages, "seed": options.seed,
                  "gold_folders": [folder.name for folder in options.gold]}
    meta: dict[str, object] = {"trained_on": trained_on}
    if options.roles_only or options.layout_only:  # one part refitted, the rest of --out kept with its records
        kept, before = load_trees(options.out), model_header(options.out)
        if options.roles_only:
            model = refit_roles(cases, params, kept)
            meta = {**_records(before), "command": "make train-roles", "trained_on": trained_on}
        else:
            model = refit_layout(cases, params, kept)
            meta = {**_records(before), "command": "make train-layout", "layout_trained_on": trained_on}
    else:
        model = fit(cases, params)
    save_trees(model.roles, model.continues, options.out, meta,  # type: ignore[arg-type]
               screen=model.screen, layout=model.continues_layout)  # type: ignore[arg-type]
    print(f"wrote {options.out} from {len(cases)} pages", file=sys.stderr)
    return 0


def _records(header: dict[str, Any]) -> dict[str, object]:
    """What each part of a model was trained on, from its header, for a refit of one part to keep."""
    parts = ("trained_on", "continues_trained_on", "layout_trained_on")
    records: dict[str, object] = {key: header[key] for key in parts if key in header}
    records.setdefault("continues_trained_on", header.get("trained_on"))
    return records


if __name__ == "__main__":
    sys.exit(main())
