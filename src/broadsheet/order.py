"""Order: the scored graph in, stories (each article's fragments in reading order) out.

Three steps, each deterministic (ties go to the lower fragment id):

1. `chain_bodies`: a greedy maximum-weight path cover of the `continues` edges — take
   edges best first while each fragment has at most one successor and one predecessor
   and no cycle forms. Each chain is one article's body (or a piece of one).
2. `title_groups`: runs of adjacent headline-like fragments become title groups; in each,
   lines of one wrapped title are merged into units and one unit is the headline, those
   before it kickers, those after it subtitles (decks). Bylines form units of their own.
3. `attach`: title groups and bylines are matched one-to-one to chains (linear assignment
   on a score of dump adjacency — right before the chain's start or right after its end —
   and shared vocabulary); captions (with their credits) and jump lines go to the best
   chain; a chain with no title group joins the chain it most resembles, if any does.

What nothing takes is page furniture. Limits: two articles whose headlines touch with no
byline between them read as one title group with a deck.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

from broadsheet.cues import cosine, vocabulary
from broadsheet.graph import BODY_ROLES
from broadsheet.page import Cues, Decision, Dump, EdgeSet, Fragment, FragmentGraph, Order, Story
from broadsheet.params import Params

ATTACH_FLOOR = 0.5  # a group scoring under this with every chain stays unattached
MERGE_SIMILARITY = 0.35  # a title-less chain at least this alike to a titled one joins it


@dataclass(frozen=True, slots=True)
class TitleGroup:
    """The title units that stand together above (or below) one article."""

    headline: tuple[int, ...]
    kickers: tuple[tuple[int, ...], ...]
    decks: tuple[tuple[int, ...], ...]

    @property
    def fragments(self) -> tuple[int, ...]:
        units = (*self.kickers, self.headline, *self.decks)
        return tuple(sorted(i for unit in units for i in unit))


def graph_to_order(dump: Dump, fragments: tuple[Fragment, ...], cues: Cues, graph: FragmentGraph,
                   params: Params) -> Order:
    """Solve the graph into stories and furniture."""
    continues = graph.of_kind("continues")
    chains, decisions = chain_bodies(continues, cues, params.min_weight)
    groups = title_groups(fragments, cues, dump.script)
    bylines = byline_units(cues)
    stories = attach(dump, fragments, cues, chains, groups, bylines)
    used = {i for story in stories for i in story.fragments}
    furniture = tuple(i for i in range(len(fragments)) if i not in used)
    return Order(tuple(stories), furniture, tuple(decisions))


def chain_bodies(edges: EdgeSet, cues: Cues, min_weight: float) -> tuple[list[list[int]], list[Decision]]:
    """Greedy path cover: every body-like fragment in exactly one chain."""
    count = len(cues.roles)
    successor: dict[int, int] = {}
    predecessor: dict[int, int] = {}
    root = list(range(count))

    def find(node: int) -> int:
        while root[node] != node:
            root[node] = root[root[node]]
            node = root[node]
        return node

    chosen_row: dict[int, int] = {}
    ranking = np.lexsort((edges.target, edges.source, -edges.weight))
    for row in ranking.tolist():
        weight = float(edges.weight[row])
        if weight <= min_weight:
            break
        a, b = int(edges.source[row]), int(edges.target[row])
        if a in successor or b in predecessor or find(a) == find(b):
            continue
        successor[a], predecessor[b] = b, a
        root[find(b)] = find(a)
        chosen_row[a] = row
    chains = [_follow(start, successor) for start in range(count)
              if cues.roles[start] in BODY_ROLES and start not in predecessor]
    return chains, _decisions(edges, cues, chosen_row)


def _follow(start: int, successor: dict[int, int]) -> list[int]:
    chain = [start]
    while chain[-1] in successor:
        chain.append(successor[chain[-1]])
    return chain


def _decisions(edges: EdgeSet, cues: Cues, chosen_row: dict[int, int]) -> list[Decision]:
    """For each fragment, the edge it took and the best one it did not."""
    best: dict[int, list[int]] = {}
    for row in np.argsort(-edges.weight, kind="stable").tolist():
        rows = best.setdefault(int(edges.source[row]), [])
        if len(rows) < 2:
            rows.append(row)
    decisions = []
    for fragment, role in enumerate(cues.roles):
        taken = chosen_row.get(fragment)
        rivals = [row for row in best.get(fragment, []) if row != taken]
        decisions.append(Decision(
            fragment, role,
            edges.edge(taken) if taken is not None else None,
            edges.edge(rivals[0]) if rivals else None,
        ))
    return decisions


def title_groups(fragments: tuple[Fragment, ...], cues: Cues, script: str) -> list[TitleGroup]:
    """Runs of adjacent headline fragments, split into units, the headline chosen."""
    groups: list[TitleGroup] = []
    run: list[int] = []
    for index, role in enumerate([*cues.roles, "body"]):
        if role == "headline" and (not run or run[-1] == index - 1):
            run.append(index)
            continue
        if run:
            groups.append(_group(_units(run, fragments), fragments, cues))
        run = [index] if role == "headline" else []
    return groups


def _units(run: list[int], fragments: tuple[Fragment, ...]) -> list[tuple[int, ...]]:
    """Merge the lines of one wrapped title: a line no wider than the one above continues it."""
    units: list[list[int]] = []
    for index in run:
        fragment = fragments[index]
        if units:
            previous = fragments[units[-1][-1]]
            continues = (fragment.first.gap == 0 and fragment.first.width <= previous.last.width + 2
                         and len(previous.lines) == 1 and not fragment.text.startswith(("——", "—", "【")))
            if continues:
                units[-1].append(index)
                continue
        units.append([index])
    return [tuple(unit) for unit in units]


def _group(units: list[tuple[int, ...]], fragments: tuple[Fragment, ...], cues: Cues) -> TitleGroup:
    scores = [_headline_score(unit, position, units, fragments, cues) for position, unit in enumerate(units)]
    best = max(range(len(units)), key=lambda i: (scores[i], -i))
    return TitleGroup(units[best], tuple(units[:best]), tuple(units[best + 1:]))


def _headline_score(unit: tuple[int, ...], position: int, units: list[tuple[int, ...]],
                    fragments: tuple[Fragment, ...], cues: Cues) -> float:
    """How much a title unit looks like the main headline of its group."""
    text = "".join("".join(fragments[i].text.split()) for i in unit)
    longest = max(sum(len("".join(fragments[i].text.split())) for i in other) for other in units)
    repeated = max(cues.features[i][_feature("repeated")] for i in unit)
    score = 1.0 if position == 0 else 0.0
    score += len(text) / max(longest, 1)
    score -= 2.0 if text.startswith(("——", "—", "--")) else 0.0
    score += 1.0 if text.startswith(("【", "[")) else 0.0
    score -= 1.0 * repeated
    return score


def _feature(name: str) -> int:
    from broadsheet.cues import FRAGMENT_FEATURES

    return FRAGMENT_FEATURES.index(name)


def byline_units(cues: Cues) -> list[tuple[int, ...]]:
    """Adjacent byline fragments (a byline that wrapped) as one unit each."""
    units: list[list[int]] = []
    for index, role in enumerate(cues.roles):
        if role != "byline":
            continue
        if units and units[-1][-1] == index - 1:
            units[-1].append(index)
        else:
            units.append([index])
    return [tuple(unit) for unit in units]


def attach(dump: Dump, fragments: tuple[Fragment, ...], cues: Cues, chains: list[list[int]],
           groups: list[TitleGroup], bylines: list[tuple[int, ...]]) -> list[Story]:
    """Give chains their title groups, bylines, captions and jumps; merge title-less chains."""
    body_positions = [i for i, role in enumerate(cues.roles) if role in BODY_ROLES]
    words = [vocabulary(fragment, dump.script) for fragment in fragments]
    chain_words = [_merge_bags(words, chain) for chain in chains]
    heads = _assign([g.fragments for g in groups], chains, chain_words, words, body_positions)
    byline_of = _assign(bylines, chains, chain_words, words, body_positions)
    chains, heads, byline_of = _merge_orphans(chains, chain_words, heads, byline_of)
    stories = [_story(chain, groups[heads[n]] if n in heads else None,
                      (bylines[byline_of[n]],) if n in byline_of else ()) for n, chain in enumerate(chains)]
    stories += [_story([], group, ()) for index, group in enumerate(groups) if index not in heads.values()]
    return _attach_captions(fragments, cues, stories, words)


def _story(chain: list[int], group: TitleGroup | None, bylines: tuple[tuple[int, ...], ...]) -> Story:
    if group is None:
        return Story(body=tuple(chain), bylines=bylines)
    return Story(tuple(chain), group.headline, group.kickers, group.decks, bylines)


def _merge_bags(words: list, chain: list[int]) -> object:
    from collections import Counter

    total: Counter[str] = Counter()
    for index in chain:
        total.update(words[index])
    return total


def _assign(units: list[tuple[int, ...]], chains: list[list[int]], chain_words: list, words: list,
            body_positions: list[int]) -> dict[int, int]:
    """One-to-one: chain number → unit number, by adjacency and shared vocabulary."""
    if not units or not chains:
        return {}
    score = np.zeros((len(units), len(chains)))
    for u, unit in enumerate(units):
        bag = _merge_bags(words, list(unit))
        for c, chain in enumerate(chains):
            score[u, c] = _attach_score(unit, chain, bag, chain_words[c], body_positions)
    rows, cols = linear_sum_assignment(-score)
    return {int(c): int(u) for u, c in zip(rows, cols, strict=True) if score[u, c] > ATTACH_FLOOR}


def _attach_score(unit: tuple[int, ...], chain: list[int], bag: object, chain_bag: object,
                  body_positions: list[int]) -> float:
    first, last = min(unit), max(unit)
    start, end = chain[0], chain[-1]
    before = _bodies_between(body_positions, last, start) == 0 and start > last
    after = _bodies_between(body_positions, end, first) == 0 and first > end
    distance = min(abs(start - last), abs(first - end))
    score = 3.0 * before + 2.0 * after - 0.3 * math.log1p(distance)
    score += 4.0 * cosine(bag, chain_bag)  # type: ignore[arg-type]
    score += 0.2 * math.log1p(len(chain))
    return score


def _bodies_between(body_positions: list[int], low: int, high: int) -> int:
    import bisect

    if high <= low:
        return 1
    return bisect.bisect_left(body_positions, high) - bisect.bisect_right(body_positions, low)


def _merge_orphans(chains: list[list[int]], chain_words: list, heads: dict[int, int],
                   byline_of: dict[int, int]) -> tuple[list[list[int]], dict[int, int], dict[int, int]]:
    """Chains with neither title nor byline join the titled chain they most resemble."""
    titled = [c for c in range(len(chains)) if c in heads or c in byline_of]
    if not titled:
        return chains, heads, byline_of
    merged: dict[int, list[int]] = {c: list(chains[c]) for c in range(len(chains))}
    for c in range(len(chains)):
        if c in titled:
            continue
        best = max(titled, key=lambda t: (cosine(chain_words[c], chain_words[t]), -t))  # type: ignore[arg-type]
        if cosine(chain_words[c], chain_words[best]) >= MERGE_SIMILARITY:  # type: ignore[arg-type]
            target = merged[best]
            merged[best] = target + chains[c] if chains[c][0] > target[-1] else chains[c] + target
            del merged[c]
    keep = sorted(merged)
    renumber = {old: new for new, old in enumerate(keep)}
    return ([merged[c] for c in keep],
            {renumber[c]: u for c, u in heads.items() if c in renumber},
            {renumber[c]: u for c, u in byline_of.items() if c in renumber})


def _attach_captions(fragments: tuple[Fragment, ...], cues: Cues, stories: list[Story], words: list) -> list[Story]:
    """Each caption (with the credit after it) and jump line goes to the story it most resembles."""
    from dataclasses import replace

    bodies = [s for s in stories]
    bags = [_merge_bags(words, [*s.body, *s.headline]) for s in bodies]
    for index, role in enumerate(cues.roles):
        if role not in ("caption", "jump") or not bodies:
            continue
        best = max(range(len(bodies)), key=lambda s: (cosine(words[index], bags[s]), -s))  # type: ignore[arg-type]
        story = bodies[best]
        if role == "jump":
            bodies[best] = replace(story, jumps=(*story.jumps, index))
            continue
        credit = (index + 1,) if index + 1 < len(cues.roles) and cues.roles[index + 1] == "credit" else ()
        bodies[best] = replace(story, captions=(*story.captions, ((index,), credit)))
    return bodies
