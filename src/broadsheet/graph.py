"""Graph: fragments and their roles in, scored candidate edges between them out.

Nodes are fragments. A `continues` edge a → b says "b's first line follows a's last line
in the same article"; it is proposed for every pair of body-like fragments (body, section,
lede) on one page within `Params.window` fragments of each other, and weighed by the
continuation model as log-odds over the pair's cues (pairs.PAIR_FEATURES), and on CJK pages
moved by BREAK_WEIGHT times what the two characters across the break tell (pairs.break_evidence);
on a page printing two languages a link between fragments in two loses LANGUAGE_BREAK:

    [a: …推动落实安全生产] ──continues 3.1──▶ [b: “十五条措施”。集中观看…]
                          ╲─continues −2.4─▶ [c: 6月，我市安全生产月…]

Edges are kept as arrays (`EdgeSet`) so a page of thousands of fragments stays cheap;
`graph_to_networkx` gives the networkx view with every node's role and confidence and
every edge's weight and features, for notebooks and the GraphML/DOT/JSON writers.
Which edges win is decided in order.py. Limit: no edge crosses a page; jump lines join
pages later.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from types import ModuleType

import networkx as nx
import numpy as np

from broadsheet.lang import rules_for
from broadsheet.page import Cues, Dump, EdgeSet, Fragment, FragmentGraph
from broadsheet.pairs import (
    BASE_PAIR_FEATURES,
    PAIR_FEATURES,
    FragmentTable,
    break_evidence,
    fragment_table,
    pair_features,
    rank_pairs,
    window_offsets,
)
from broadsheet.params import Params
from broadsheet.weights import Model

BODY_ROLES = frozenset({"body", "section", "lede"})
SCREEN_CHUNK = 100_000  # candidate pairs featured at a time on a huge page (25 MB of features; 6% faster than 200k)
EDGE_FLOOR = -6.0  # candidates scoring under this are dropped: no rival worth showing
MEASURE_BREAK = 2.0  # log-odds a CJK link between two blocks of type loses (measure_breaks)
# What a nat of the break table's ratio (cjk.break_evidence) adds to a CJK link's log-odds.
# The trees read only whether the two characters make a dictionary word; the table tells a
# true break from chance far better (2.5 nats against 0.9). Fitted on synthetic pages as
# an offset to the trees, the weight that picks the right successor most often is 0.6 to
# 0.8 (pdfminer 1.0, -raw 0.2; for the -layout trees 0.3), but past 0.5 the dev chains'
# weak links shift and whole stories change title (dev -0.0006 at 0.6, titles as below).
# With titles matched more by their words (attach.SHARED_WORDS 5.5), 0.4 gains most on
# both: dev +0.0017 over none, held-out synthetic +0.0013 (the table learned on the other
# half of the corpus, synthetic pages set from the other); 0.3 and 0.5 gain less on dev.
BREAK_WEIGHT = 0.4
# Log-odds added to a link whose second fragment is the very next one and opens with the
# rest of the word the first broke off (a Latin "ob-" over "jection": `BROKEN_WORD_GOES_ON`).
# The -layout trees read blank rows between the two in their column as a story's end: one
# such link weighed -3.6, under a rival of +0.2 to a line that no hyphen ends. Dev +0.0007
# (3 -layout pages up, none down), synthetic +0.0001 (2 pages up); 3.0 gains two pages.
WORD_GOES_ON = 5.0
# Log-odds a link loses between two fragments clearly in two languages, on a page that
# prints a second language in SECOND_LANGUAGE fragments or more (a Luxembourg paper's German
# and French columns, which pdftotext interleaves line by line; the trees, trained on pages of
# one language, read a French line's end going on into a German one). Dev +0.0011 (two
# bilingual pages +0.19 and +0.03, no other page moves); 8.0 gains the same; an evidence
# floor of 1.0 (latin.LANGUAGE_FLOOR) loses 0.0003 (a Dutch page read as two languages), a
# second language in 3 fragments loses too.
LANGUAGE_BREAK = 4.0
SECOND_LANGUAGE = 5
MEASURE_LINES = 2  # lines a fragment needs to show its measure
MEASURE_JUMP = 1.15  # a measure this much wider than the other side's is another block of type


def fragments_to_graph(
    dump: Dump, fragments: tuple[Fragment, ...], cues: Cues, model: Model, params: Params
) -> FragmentGraph:
    """Score every plausible continuation between body-like fragments."""
    table = fragment_table(dump, fragments, cues.features, cues.roles, cues.measure, words=cues.words)
    pairs, features = screened_pairs(table, fragments, cues, model, params, script=dump.script,
                                     layout=dump.style == "layout")
    weights = model.continuation(dump.style).scores(features)[:, 0] if len(pairs) else np.zeros(0)
    rules = rules_for(dump.script)
    if rules.WIDTH_TELLS_COLUMN and dump.style != "layout" and len(pairs):
        weights = weights - MEASURE_BREAK * measure_breaks(pairs, table.measure, fragments)
    weights = weights + BREAK_WEIGHT * break_evidence(table, pairs, dump.script)
    if rules.BROKEN_WORD_GOES_ON and len(pairs):
        weights = weights + WORD_GOES_ON * word_goes_on(features)
    if len(pairs):
        weights = weights - LANGUAGE_BREAK * language_breaks(pairs, fragments, rules)
    keep = weights > EDGE_FLOOR
    continues = EdgeSet("continues", pairs[keep, 0], pairs[keep, 1], weights[keep], features[keep])
    return FragmentGraph(len(fragments), (continues,))


_JOINS_WORD, _ADJACENT = PAIR_FEATURES.index("joins_word"), PAIR_FEATURES.index("adjacent")


def word_goes_on(features: np.ndarray) -> np.ndarray:
    """1 for each pair whose second fragment is the next one and completes the word its
    first broke off at a hyphen (the `joins_word` and `adjacent` features)."""
    goes_on: np.ndarray = features[:, _JOINS_WORD] * features[:, _ADJACENT]
    return goes_on


def language_breaks(pairs: np.ndarray, fragments: tuple[Fragment, ...], rules: ModuleType) -> np.ndarray:
    """1 for each pair whose two fragments are clearly in two languages (the script's
    `text_language`), on a page where the second commonest language holds
    SECOND_LANGUAGE fragments or more; a page of one language gets none (a stray line read
    as Dutch on a German page links as before)."""
    languages = [rules.text_language(fragment.text) for fragment in fragments]
    counts = Counter(language for language in languages if language)
    if len(counts) < 2 or counts.most_common(2)[1][1] < SECOND_LANGUAGE:
        return np.zeros(len(pairs))
    codes = {language: code for code, language in enumerate(counts, start=1)}
    coded = np.array([codes.get(language, 0) for language in languages])
    a, b = coded[pairs[:, 0]], coded[pairs[:, 1]]
    breaks: np.ndarray = ((a > 0) & (b > 0) & (a != b)).astype(float)
    return breaks


def measure_breaks(pairs: np.ndarray, measures: np.ndarray, fragments: tuple[Fragment, ...]) -> np.ndarray:
    """1 for each pair (a, b) that joins two blocks of type: both show their measure (two
    lines or more) and one is MEASURE_JUMP times the other or more (`measures`: each
    fragment's run_measure, as pairs.FragmentTable holds them).

    Where characters sit on a grid (CJK) a column's full lines are one width to the
    character, so such a link is seldom a column going on; the trees, which read the
    measures among thirty cues, weigh them far below a neighbour's nearness (pdfminer's
    line boxes of two columns of different measures, printed column after column).
    -layout pages are left out: their trees read where the text stands.
    """
    shown = np.array([len(fragment.lines) >= MEASURE_LINES for fragment in fragments])
    a, b = pairs[:, 0], pairs[:, 1]
    wide, narrow = np.maximum(measures[a], measures[b]), np.maximum(np.minimum(measures[a], measures[b]), 1.0)
    breaks: np.ndarray = (shown[a] & shown[b] & (wide >= MEASURE_JUMP * narrow)).astype(float)
    return breaks


def screened_pairs(table: FragmentTable, fragments: tuple[Fragment, ...], cues: Cues, model: Model,
                   params: Params, *, script: str, layout: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Candidate pairs with their features, cut to the best few per end by the model's screen.

    On a -layout page of a script whose column tops show a sentence going on
    (`TOP_SHOWS_RUN_ON`: a Latin top opening in a small letter), a pair from a chain's
    possible last line to such a top higher up the page is kept whatever its rank: the
    screen ranks it low, as stream order puts the column's other stories between the two,
    and order.join_column_tops needs the link scored to take it. Training leaves these out
    (train.pair_rows: `layout` is not passed): trees fitted on them too scored worse
    (dev −0.0012, synthetic -layout −0.004), most such pairs on a page being no link.
    """
    pairs, windows = candidate_pairs(fragments, cues.roles, params.window)
    tops = layout and rules_for(script).TOP_SHOWS_RUN_ON
    if model.screen is not None and len(pairs) > SCREEN_CHUNK:
        return _screened_in_chunks(table, pairs, cues, model, params, windows=windows, script=script,
                                   tops=tops, fragments=fragments)
    features = pair_features(table, pairs, cues.measure, script)
    if model.screen is None or not len(pairs):
        return pairs, features
    ranks = rank_pairs(windows, model.screen.scores(features)[:, 0])
    best = ranks.kept(params.screen_top)
    if tops:
        best |= to_column_tops(pairs, fragments, script)
    features = features[best]
    features[:, len(BASE_PAIR_FEATURES) :] = ranks.columns(best)
    return pairs[best], features


def to_column_tops(pairs: np.ndarray, fragments: tuple[Fragment, ...], script: str) -> np.ndarray:
    """A mask over `pairs`: (a, b) where b starts its column stream and a goes on there
    (`goes_on_at_top`, with the script's `runs_on_to`)."""
    runs_on_to = rules_for(script).runs_on_to
    tops = stream_tops(fragments)
    mask = np.isin(pairs[:, 1], np.fromiter(tops.values(), dtype=pairs.dtype, count=len(tops)))
    for row in np.flatnonzero(mask).tolist():
        mask[row] = goes_on_at_top(fragments[int(pairs[row, 0])], fragments[int(pairs[row, 1])], runs_on_to)
    return mask


def stream_tops(fragments: tuple[Fragment, ...]) -> dict[int, int]:
    """Each -layout column stream's first fragment (stream number -> fragment id)."""
    tops: dict[int, int] = {}
    for fragment in fragments:
        tops.setdefault(fragment.first.column, fragment.id)
    return tops


def goes_on_at_top(lower: Fragment, top: Fragment, runs_on_to: Callable[[str, str], bool]) -> bool:
    """Whether `lower`'s text goes on at the column top `top`: a top stands higher on the
    same page, and the script's `runs_on_to` reads the two lines as one sentence."""
    return top.page == lower.page and top.first.row < lower.last.row and runs_on_to(lower.last.text, top.first.text)


def _screened_in_chunks(table: FragmentTable, pairs: np.ndarray, cues: Cues, model: Model, params: Params, *,
                        windows: np.ndarray, script: str, tops: bool,
                        fragments: tuple[Fragment, ...]) -> tuple[np.ndarray, np.ndarray]:
    """`screened_pairs` for a huge page: every pair's features are made a chunk at a time,
    scored by the screen and dropped; only the pairs that pass get theirs again, so memory
    follows the pairs kept, not the candidates (millions on a 200,000-line dump)."""
    assert model.screen is not None
    scores = np.concatenate([
        model.screen.scores(pair_features(table, pairs[start : start + SCREEN_CHUNK], cues.measure, script))[:, 0]
        for start in range(0, len(pairs), SCREEN_CHUNK)
    ])
    ranks = rank_pairs(windows, scores)
    best = ranks.kept(params.screen_top)
    if tops:
        best |= to_column_tops(pairs, fragments, script)
    features = pair_features(table, pairs[best], cues.measure, script)
    features[:, len(BASE_PAIR_FEATURES) :] = ranks.columns(best)
    return pairs[best], features


def candidate_pairs(fragments: tuple[Fragment, ...], roles: tuple[str, ...],
                    window: int) -> tuple[np.ndarray, np.ndarray]:
    """(a, b) for body-like fragments a ≠ b on one page, at most `window` apart in the body
    order, source by source; and the window grid they come from (pairs.rank_pairs): for each
    body fragment and offset -window … -1, 1 … window, whether that cell is a pair."""
    body = np.array([i for i, role in enumerate(roles) if role in BODY_ROLES], dtype=np.int64)
    if len(body) < 2:
        return np.zeros((0, 2), dtype=np.int64), np.zeros((len(body), 2 * window), dtype=bool)
    pages = np.array([fragments[i].page for i in body])
    position = np.arange(len(body))[:, None] + window_offsets(window)[None, :]
    inside = np.clip(position, 0, len(body) - 1)
    windows = (position == inside) & (pages[inside] == pages[:, None])
    return np.column_stack([np.broadcast_to(body[:, None], position.shape)[windows], body[inside][windows]]), windows


def graph_to_networkx(graph: FragmentGraph, cues: Cues | None, fragments: tuple[Fragment, ...]) -> nx.DiGraph:
    """A networkx DiGraph: node attributes role, confidence, text; edge kind, weight, features."""
    view = nx.DiGraph()
    for node in range(graph.nodes):
        attributes: dict[str, object] = {}
        if cues is not None and node < len(cues.roles):
            attributes = {"role": cues.roles[node], "confidence": round(cues.confidence[node], 4)}
        if node < len(fragments):
            attributes["text"] = fragments[node].text
            attributes["page"] = fragments[node].page
            attributes["line"] = fragments[node].first.number
        view.add_node(node, **attributes)
    for edges in graph.edges:
        names = PAIR_FEATURES if edges.kind == "continues" else tuple(f"f{i}" for i in range(edges.features.shape[1]))
        for row in range(len(edges)):
            features = {name: round(float(value), 4) for name, value in zip(names, edges.features[row], strict=True)}
            view.add_edge(
                int(edges.source[row]),
                int(edges.target[row]),
                kind=edges.kind,
                weight=round(float(edges.weight[row]), 4),
                **features,
            )
    return view


def find_root(root: list[int], node: int) -> int:
    """The representative of `node`'s set in a union-find forest (`root[i]`: i's parent),
    halving the path on the way."""
    while root[node] != node:
        root[node] = root[root[node]]
        node = root[node]
    return node
