"""How far better reading order alone would take each extractor style: a guide for where to work.

    python benchmarks/ceiling.py [--suite ../shared/bench/dev] [--cases PATTERN] [--jobs 2]

Each case is reconstructed twice from the same fragments and roles: as shipped, and with the
`continues` edges the gold asks for (b's first line follows a's last line in one gold
article, whitespace aside) given a weight no rival beats, added where the graph lacked them.
Everything after the graph (titles, attachment, articles, JATS) runs unchanged, so the gap
between the two scores is what a perfect continuation model would be worth. Two more runs
give every fragment the role the gold gives its text (`roles`: a title line, byline,
section, caption, credit, body or furniture), with the model's edges and with the gold's
(`both`): what is left between `both` and 1 lies after the graph, in title groups,
attachment, paragraphs and the gold's conventions. Also printed:
the share of body fragments with a gold successor whose chosen successor is that one
(`chain`), and the share of gold successors that are not the next fragment in the dump
(`far`): where that share is high the dump interleaves columns. Only fragments whose text
(spaces and hyphens aside) stands in one place of the gold are placed; OCR errors the gold
corrected and short word groups leave a fragment unplaced. Skips cleanly without the suite.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

import numpy as np
from bench import DEFAULT_SUITE, group_of, load_scorer

from broadsheet import solve
from broadsheet.fragments import lines_to_fragments
from broadsheet.graph import BODY_ROLES, fragments_to_graph
from broadsheet.order import chain_bodies
from broadsheet.page import Cues, EdgeSet, FragmentGraph, Role
from broadsheet.params import Params
from broadsheet.read import read_dump
from broadsheet.roles import fragments_to_cues
from broadsheet.train import squeeze
from broadsheet.weights import load_model
from broadsheet.writers.jats import page_to_jats

CERTAIN = 50.0  # log-odds given to a gold edge: above every model weight


def gold_flow(gold: dict[str, object]) -> str:
    """Each gold article's body as one string, articles parted by \x00. Paragraphs join with
    nothing: a fragment is a run of column lines and may well hold a paragraph's end."""
    articles: list[dict[str, list[dict[str, str]]]] = gold["articles"]  # type: ignore[assignment]
    flows = ["".join(squeeze(b.get("text") or b.get("title") or "") for b in article["body"])
             for article in articles]
    return "\x00" + "\x00".join(flows) + "\x00"


def placed(flow: str, text: str) -> tuple[int, int] | None:
    """Where a fragment's text stands in the flow, if it stands in one place only."""
    at = flow.find(text) if len(text) >= 4 else -1  # shorter ones match anywhere
    if at < 0 or flow.find(text, at + 1) >= 0:
        return None
    return at, at + len(text)


def true_successors(flow: str, texts: dict[int, str]) -> set[tuple[int, int]]:
    """(a, b) where b's text starts where a's ends in one article."""
    spans = {i: span for i, text in texts.items() if (span := placed(flow, squeeze(text))) is not None}
    starting = {start: i for i, (start, _) in spans.items()}
    truth = set()
    for a, (_, end) in spans.items():
        if end in starting:
            truth.add((a, starting[end]))
    return truth


def gold_roles(gold: dict[str, object], texts: list[str]) -> tuple[Role, ...]:
    """The role the gold gives each fragment's text: a title line (headline, kicker or deck:
    title groups tell those apart later), byline, section, caption, credit or body, else
    furniture. Titles are looked up first, as an English deck quotes its body; a text under
    four characters must be the whole field."""
    articles: list[dict[str, object]] = gold["articles"]  # type: ignore[assignment]
    fields: list[tuple[Role, str]] = []
    for article in articles:
        fields += [("headline", squeeze(str(article.get("headline") or "")))]
        fields += [("headline", squeeze(d)) for d in article.get("decks") or []]  # type: ignore[attr-defined]
        fields += [("byline", squeeze(b)) for b in article.get("bylines") or []]  # type: ignore[attr-defined]
        fields += [("section", squeeze(b["title"])) for b in article["body"] if b.get("title")]  # type: ignore[index,union-attr]
        for caption in article.get("captions") or []:  # type: ignore[attr-defined]
            fields += [("caption", squeeze(caption.get("text") or "")),
                       ("credit", squeeze(caption.get("credit") or ""))]
    flow = gold_flow(gold)
    roles: list[Role] = []
    for text in map(squeeze, texts):
        # a word or two ("the", "of": pieces pdfminer cut from a line) matches any title
        role = next((r for r, field in fields if field and (text == field or (len(text) >= 4 and text in field))), None)
        roles.append(role or ("body" if text and text in flow else "furniture"))
    return tuple(roles)


def run_case(args: tuple[str, str]) -> tuple[str, float, float, int, int, int, float, float]:
    case, suite = args
    scorer = load_scorer(Path(suite))
    assert scorer is not None
    dump_text = (Path(suite) / f"{case}.txt").read_text(encoding="utf-8")
    gold = json.loads((Path(suite) / f"{case}.gold.json").read_text(encoding="utf-8"))
    params = Params()
    dump = read_dump(dump_text, params)
    model = load_model(params.model)
    fragments = lines_to_fragments(dump, params)
    cues = fragments_to_cues(dump, fragments, model)
    graph = fragments_to_graph(dump, fragments, cues, model, params)
    flow = gold_flow(gold)

    def truth_of(cues_now: Cues) -> set[tuple[int, int]]:
        """The gold continuations among the fragments these cues call body-like."""
        return true_successors(flow, {i: fragments[i].text for i, role in enumerate(cues_now.roles)
                                      if role in BODY_ROLES})

    truth = truth_of(cues)
    chains, _ = chain_bodies(graph.of_kind("continues"), cues, params.min_weight)
    taken = {(chain[k], chain[k + 1]) for chain in chains for k in range(len(chain) - 1)}
    sources = {a for a, _ in truth}
    right = len({a for a, b in taken if (a, b) in truth})
    far = len({a for a, b in truth if b != a + 1})

    def scored(cues_now: Cues, graph_now: FragmentGraph) -> float:
        page = solve(dump, fragments, cues_now, graph_now, params)
        return float(scorer.score_page(gold, scorer.pred_articles(page_to_jats(page)), dump_text)["score"])

    def with_gold_edges(truth_now: set[tuple[int, int]], graph_now: FragmentGraph) -> FragmentGraph:
        """The graph with every gold continuation in `truth_now` made certain."""
        edges = graph_now.of_kind("continues")
        pairs = list(zip(edges.source.tolist(), edges.target.tolist(), strict=True))
        weight = np.where([pair in truth_now for pair in pairs], CERTAIN, edges.weight) if pairs else edges.weight
        missing = sorted(truth_now - set(pairs))
        perfect = EdgeSet(
            "continues",
            np.concatenate([edges.source, np.array([a for a, _ in missing], dtype=np.int64)]),
            np.concatenate([edges.target, np.array([b for _, b in missing], dtype=np.int64)]),
            np.concatenate([weight, np.full(len(missing), CERTAIN)]),
            np.vstack([edges.features, np.zeros((len(missing), edges.features.shape[1]))]),
        )
        return replace(graph_now, edges=(perfect,))

    told = replace(cues, roles=gold_roles(gold, [fragment.text for fragment in fragments]))
    told_graph = fragments_to_graph(dump, fragments, told, model, params)
    return (case, scored(cues, graph), scored(cues, with_gold_edges(truth, graph)), len(sources), right, far,
            scored(told, told_graph), scored(told, with_gold_edges(truth_of(told), told_graph)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--suite", type=Path, default=DEFAULT_SUITE)
    parser.add_argument("--cases", default="", help="only cases whose name contains this")
    parser.add_argument("--jobs", type=int, default=2)
    options = parser.parse_args()
    if not options.suite.is_dir() or load_scorer(options.suite) is None:
        print(f"ceiling: no benchmark (or no scorer) at {options.suite}; skipping")
        return 0
    cases = sorted(p.name[: -len(".gold.json")] for p in options.suite.glob("*.gold.json"))
    cases = [c for c in cases if options.cases in c]
    with ProcessPoolExecutor(options.jobs) as pool:
        results = list(pool.map(run_case, [(c, str(options.suite)) for c in cases], chunksize=4))
    groups: dict[str, list[tuple[str, float, float, int, int, int, float, float]]] = defaultdict(list)
    for result in results:
        source, style = group_of(result[0])
        language = source.split("-")[1] if source.startswith("forge") else source.split("-")[0]
        groups[f"{language}:{style}"].append(result)
        groups["ALL"].append(result)
    print(f"{'language:style':26s} {'n':>3s} {'score':>6s} {'edges':>6s} {'gain':>6s} {'chain':>6s} {'far':>5s} "
          f"{'roles':>6s} {'both':>6s}")
    for name in sorted(groups):
        rows = groups[name]
        score = sum(r[1] for r in rows) / len(rows)
        best = sum(r[2] for r in rows) / len(rows)
        total = max(sum(r[3] for r in rows), 1)
        chain = sum(r[4] for r in rows) / total
        far = sum(r[5] for r in rows) / total
        roles = sum(r[6] for r in rows) / len(rows)
        both = sum(r[7] for r in rows) / len(rows)
        print(f"{name:26s} {len(rows):3d} {score:6.3f} {best:6.3f} {best - score:+6.3f} {chain:6.2f} {far:5.2f} "
              f"{roles:6.3f} {both:6.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
