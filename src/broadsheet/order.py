"""Order: the scored graph in, stories (each article's fragments in reading order) out.

Three steps, each deterministic (ties go to the lower fragment id):

1. `chain_bodies`: a greedy maximum-weight path cover of the `continues` edges — take
   edges best first while each fragment has at most one successor and one predecessor
   and no cycle forms. Each chain is one article's body (or a piece of one). A link taken
   for want of a better one is cut where the type's measure changes (`cut_across_measures`:
   an advertisement set across the page under a column's news). On a -layout page a
   chain that stops mid-sentence goes on at a column's top higher up (`join_column_tops`:
   in Latin only a top opening in a small letter, as a stop lost by OCR proves nothing).
2. `title_groups`: runs of adjacent headline-like fragments become title groups; in each,
   lines of one wrapped title are merged into units and one unit is the headline, those
   before it kickers, those after it subtitles (decks). Bylines form units of their own.
3. `attach` (attach.py): title groups and bylines are matched one-to-one to chains (linear assignment
   on a score of dump adjacency — right before the chain's start or right after its end —
   and shared vocabulary); captions (with their credits) and jump lines go to the best
   chain; a chain with no title group joins the chain it most resembles, if any does.
   After the slight stories' absorption (`absorb_slight`) a story still without a headline
   takes a title left over (next to) no text whose words it holds or that it follows
   (`attach.join_headless`), or the head naming a briefs column that its text holds
   (`name_headless_columns`). Last, on a -layout page, a credit that no caption precedes in
   dump order takes the short text ending a sentence in the rows just above it as its
   caption (`attach.captions_over_credits`): the column streams had parted the two.

What nothing takes is page furniture. Limits: two articles whose headlines touch with no
byline between them read as one title group with a deck.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from itertools import pairwise

import numpy as np

from broadsheet.attach import (
    attach,
    captions_over_credits,
    join_headless,
    quoted_fragments,
    take_tails,
    text_size,
)
from broadsheet.cues import has_rows, rarity, vocabulary
from broadsheet.fragments import run_measure
from broadsheet.graph import BODY_ROLES, MEASURE_JUMP, find_root, goes_on_at_top, stream_tops
from broadsheet.lang import rules_for
from broadsheet.page import Cues, Decision, Dump, EdgeSet, Fragment, FragmentGraph, Order, Role, Story, Unit
from broadsheet.params import Params
from broadsheet.sections import promote_sections
from broadsheet.titles import in_capitals, in_display_type, title_groups, title_runs

MIN_ARTICLE_TEXT = 400  # characters: a "story" shorter than this under a bare headline is a run-in head


def graph_to_order(dump: Dump, fragments: tuple[Fragment, ...], cues: Cues, graph: FragmentGraph,
                   params: Params) -> Order:
    """Solve the graph into stories and furniture."""
    continues = graph.of_kind("continues")
    chains, decisions = chain_bodies(continues, cues, params.min_weight)
    links = chosen_links(decisions)
    chains = cut_across_measures(chains, fragments, links)
    rules = rules_for(dump.script)
    if dump.style == "layout":
        chains = join_column_tops(chains, fragments, continues, links, rules.runs_on_to)
    roles = list(cues.roles)
    words = list(cues.words) or [vocabulary(fragment, dump.script) for fragment in fragments]
    weights = rarity(words)  # the page's word weights, made once for sections and attach
    chains = promote_sections(fragments, roles, chains, words, dump.script, features=cues.features,
                              measure=cues.measure if dump.style != "paragraphs" else None, weights=weights)
    solved = replace(cues, roles=tuple(roles))
    groups = title_groups(fragments, solved, wrapped=dump.style != "paragraphs", names_column=rules.names_briefs_column,
                          layout=dump.style == "layout")
    bylines = byline_units(solved, fragments, rules.BYLINE)
    stories = attach(dump, fragments, solved, chains, groups=groups, bylines=bylines, weights=weights,
                     links=links, caption_reach=params.caption_window, tail_reach=params.tail_window)
    measured = cues.measure if dump.style != "paragraphs" else 0.0  # a paragraph a line: widths tell nothing
    stories = absorb_slight(stories, fragments, roles, head_role=rules.RUN_IN_HEAD_ROLE, measure=measured,
                            features=cues.features if has_rows(cues.features, len(fragments)) else None,
                            signs_briefs=rules.signs_briefs, names_column=rules.names_briefs_column)
    stories = join_headless(stories, fragments, words, weights, reach=params.tail_window)
    stories = name_headless_columns(stories, fragments, roles, rules.names_briefs_column)
    stories = take_tails(stories, fragments, words, weights, rules.ends_sentence, quoted=quoted_fragments(cues),
                         reach=params.tail_window)
    if dump.style == "layout":
        stories = captions_over_credits(fragments, roles, stories, words, weights, script=dump.script,
                                        reach=params.caption_window)
    solved = replace(solved, roles=tuple(roles))
    used = {i for story in stories for i in story.fragments}
    furniture = tuple(i for i in range(len(fragments)) if i not in used)
    return Order(tuple(stories), furniture, tuple(decisions), solved.roles)


BRIEFS_ITEMS = 2  # slight stories beside a bodyless title that make it a briefs column


def absorb_slight(stories: list[Story], fragments: tuple[Fragment, ...], roles: list[Role], *,
                  head_role: Role = "body", signs_briefs: Callable[[str], bool] | None = None,
                  names_column: Callable[[str], bool] | None = None, measure: float = 0.0,
                  features: np.ndarray | None = None) -> list[Story]:
    """A story of a headline over a few lines, with no byline, is a run-in head of the story
    before it: its title becomes a `head_role` fragment there (body or section, by script;
    relabelled in `roles`). A one-line title as wide as the text under it is a body line
    the role model misread, and becomes body whatever the script. A story whose bylines all
    follow its text and read as a briefs column's signature (`signs_briefs`, by script) is
    still slight: it is the column's last item, and the story above takes the signature.

    Where briefs' heads are sections (CJK), a title with no text of its own, or one that
    names a briefs column (`names_column`, by script), beside a run of slight stories
    (BRIEFS_ITEMS or more) heads a briefs column (快讯): the run goes to it, whether the
    title stands above the items or under them (pdftotext -raw prints a column's title
    last). Latin papers run briefs' heads in, so there such a title is a lost one, not a
    column's. A story under a column's name is never slight itself, and an item under it
    may run to NAMED_ITEM_TEXT characters and still join it. Nor is a story whose headline
    is set large (`_set_large`; `measure`, the page's body measure, 0 where widths tell
    nothing) or in capitals (`titles.in_capitals` of the cue rows `features`, when given):
    run-in heads are set in the body's type and case."""
    ordered = sorted(stories, key=lambda story: min(story.fragments, default=1 << 30))
    named = [_names_column(story, fragments, names_column) for story in ordered]
    display = [bool(story.headline) and (_set_large(story, fragments, measure) or (
        features is not None and in_capitals(story.headline, features))) for story in ordered]
    slight = [not name and not large and _is_slight(story, fragments, signs_briefs)
              for story, name, large in zip(ordered, named, display, strict=True)]
    briefs = head_role == "section"  # where briefs' heads stand as sections (CJK)
    columns = _briefs_columns(ordered, slight, named, fragments) if briefs else {}
    kept: list[Story] = []
    in_columns = {item for items in columns.values() for item in items}
    roomy = [briefs and names_column is not None and _is_slight(story, fragments, signs_briefs, NAMED_ITEM_TEXT)
             for story in ordered]
    for n, story in enumerate(ordered):
        if n in in_columns:
            continue
        under_name = roomy[n] and kept and _names_column(kept[-1], fragments, names_column)
        if (slight[n] or under_name) and kept and _runs_into(kept[-1], story, fragments):
            kept[-1] = _absorb(kept[-1], story, fragments, roles, head_role)
            continue
        column = story
        for item in columns.get(n, ()):
            column = _absorb(column, ordered[item], fragments, roles, head_role)
        kept.append(column)
    return _join_column_parts(kept, fragments, roles, names_column, measure) if briefs else kept


COLUMN_ITEMS = 2  # section heads that make a story a briefs column others may join


def _join_column_parts(kept: list[Story], fragments: tuple[Fragment, ...], roles: list[Role],
                       names_column: Callable[[str], bool] | None = None, measure: float = 0.0) -> list[Story]:
    """A story made of slight items under section heads (briefs items) is the part of a
    briefs column set in another column of the page: it joins the nearest story before it
    on its page that holds COLUMN_ITEMS heads or more, or whose title names a column. Under
    a column's name an item may carry a byline printed over its title (the column's
    reporter). A column's name with no text of its own printed after such a run of items
    (pdftotext -raw prints a column's title last) heads it. A story whose headline is set
    large (`_set_large`) is an article of its own."""
    joined: list[Story] = []
    column_on: dict[int, int] = {}  # page -> the last joined story there that is a column
    for story in kept:
        page = fragments[min(story.fragments)].page if story.fragments else -1
        heads = [i for i in story.body if roles[i] == "section"]
        home = column_on.get(page)
        named = _names_column(story, fragments, names_column)
        if heads and home is not None and not _set_large(story, fragments, measure) and _made_of_items(
                story, heads, fragments, signed=not named and _names_column(joined[home], fragments, names_column)):
            joined[home] = _absorb(joined[home], story, fragments, roles, "section")
            continue
        if named and not story.body and home == len(joined) - 1 and _items_column(joined[-1], roles, fragments,
                                                                                  names_column):
            joined[home] = _absorb(story, joined[home], fragments, roles, "section")
            continue
        if len(heads) >= COLUMN_ITEMS or named:
            column_on[page] = len(joined)
        joined.append(story)
    return joined


def _made_of_items(story: Story, heads: list[int], fragments: tuple[Fragment, ...], *, signed: bool = False) -> bool:
    """A titled story with no caption, and no byline unless `signed` (it stands under a
    column's name) and printed over its title, made of briefs items (`_items`)."""
    if not story.headline or story.captions:
        return False
    if story.bylines and not (signed and max(max(unit) for unit in story.bylines) + 1 == min(story.headline)):
        return False
    return _items(story, heads, fragments)


def _items_column(story: Story, roles: list[Role], fragments: tuple[Fragment, ...],
                  names_column: Callable[[str], bool] | None) -> bool:
    """A titled story of briefs items (`_items`) under no column's name, signed (if at all)
    after its text: the items a column's name printed after them heads."""
    heads = [i for i in story.body if roles[i] == "section"]
    return (bool(story.headline) and len(heads) >= COLUMN_ITEMS and not _names_column(story, fragments, names_column)
            and all(min(unit) > max(story.body) for unit in story.bylines) and _items(story, heads, fragments))


def _items(story: Story, heads: list[int], fragments: tuple[Fragment, ...]) -> bool:
    """Whether the story's text before each section head and after the last is slight: a
    run of briefs items, not an article with sub-heads."""
    cuts = [story.body.index(head) for head in heads]
    stretches = zip([0, *cuts], [*cuts, len(story.body)], strict=True)
    return all(text_size(story.body[low:high], fragments) < MIN_ARTICLE_TEXT for low, high in stretches)


def _names_column(story: Story, fragments: tuple[Fragment, ...], names_column: Callable[[str], bool] | None) -> bool:
    """Whether the story's headline names a briefs column (国内联播快讯): never an item of another story."""
    return names_column is not None and names_column("".join(fragments[i].text for i in story.headline))


def name_headless_columns(stories: list[Story], fragments: tuple[Fragment, ...], roles: list[Role],
                          names_column: Callable[[str], bool]) -> list[Story]:
    """Briefs columns' names put over their items where the chain or the titles missed them:
    a name standing among a headless story's items heads it (`_name_among_items`), and a
    name over text with no item heads goes to the untitled items beside it
    (`_name_to_items`). `roles` is relabelled."""
    return _name_to_items(_name_among_items(stories, fragments, roles, names_column), fragments, roles,
                          names_column)


def _name_among_items(stories: list[Story], fragments: tuple[Fragment, ...], roles: list[Role],
                      names_column: Callable[[str], bool]) -> list[Story]:
    """A story with no headline whose text holds a head naming a briefs column (国际联播快讯)
    is that column: the name heads it. On a -layout page the column's first items stand
    in the stream read before the name's, so the chain reaches the name among its items."""
    out = list(stories)
    for n, story in enumerate(stories):
        if story.headline or story.decks:
            continue
        name = next((i for i in story.body if roles[i] == "section" and names_column(fragments[i].text)), None)
        if name is not None:
            out[n] = replace(story, headline=(name,), body=tuple(i for i in story.body if i != name))
            roles[name] = "headline"
    return out


def _name_to_items(stories: list[Story], fragments: tuple[Fragment, ...], roles: list[Role],
                   names_column: Callable[[str], bool]) -> list[Story]:
    """A name heading text with no item heads, where a story with no title holds
    BRIEFS_ITEMS item heads or more on its page, goes to the nearest such story in dump
    order: the name took another story's text, and the column's items stood untitled."""
    out = list(stories)
    heads = [sum(roles[i] == "section" for i in story.body) for story in out]
    items = [n for n, story in enumerate(out) if not story.headline and not story.decks and heads[n] >= BRIEFS_ITEMS]
    for n, story in enumerate(out):
        if not items or heads[n] or not story.headline or not _names_column(story, fragments, names_column):
            continue
        start = min(story.fragments)
        near = [m for m in items if fragments[min(out[m].fragments)].page == fragments[start].page]
        if not near:
            continue
        m = min(near, key=lambda m: (abs(min(out[m].fragments) - start), m))
        items.remove(m)
        out[m] = replace(out[m], headline=story.headline)
        out[n] = replace(story, headline=())
    return out


NAMED_ITEM_TEXT = 600  # characters an item under a named briefs column (国内联播快讯) may hold: more than a slight one


def _set_large(story: Story, fragments: tuple[Fragment, ...], measure: float) -> bool:
    """Whether the story's headline is in display type over its own text (`in_display_type`
    against its body's full line, `run_measure`; `measure` 0 where widths tell nothing)."""
    if not measure or not story.body:
        return False
    body = run_measure([line for index in story.body for line in fragments[index].lines])
    return in_display_type([line for index in story.headline for line in fragments[index].lines], body)


def _is_slight(story: Story, fragments: tuple[Fragment, ...], signs_briefs: Callable[[str], bool] | None,
               limit: int = MIN_ARTICLE_TEXT) -> bool:
    """A titled story of a few lines, with no caption, and no byline unless a briefs signature after its text."""
    if not story.body or not story.headline or story.captions:
        return False
    signed = signs_briefs is not None and all(
        min(unit) > max(story.body) and signs_briefs(" ".join(fragments[i].text for i in unit))
        for unit in story.bylines)
    return (signed or not story.bylines) and text_size(story.body, fragments) < limit


def _briefs_columns(ordered: list[Story], slight: list[bool], named: list[bool],
                    fragments: tuple[Fragment, ...]) -> dict[int, list[int]]:
    """Bodyless title, or one naming a briefs column → the slight stories of its column:
    the run right after it, else the run right before."""
    columns: dict[int, list[int]] = {}
    taken: set[int] = set()
    for n, story in enumerate(ordered):
        if (story.body and not named[n]) or not story.headline:
            continue
        page = fragments[story.headline[0]].page
        for step in (1, -1):
            run: list[int] = []
            m = n + step
            while (0 <= m < len(ordered) and slight[m] and m not in taken
                   and fragments[ordered[m].body[0]].page == page):
                run.append(m)
                m += step
            if len(run) >= BRIEFS_ITEMS:
                columns[n] = sorted(run)
                taken.update(run)
                break
    return columns


def _absorb(into: Story, story: Story, fragments: tuple[Fragment, ...], roles: list[Role], head_role: Role) -> Story:
    """`into` with a slight story's title (relabelled as a run-in head) and text after its body."""
    head = [*story.headline, *(i for unit in (*story.kickers, *story.decks) for i in unit)]
    role = "body" if _body_wide(head, story.body, fragments) else head_role
    for index in head:
        roles[index] = role
    return replace(into, body=(*into.body, *sorted(head), *story.body),
                   bylines=(*into.bylines, *story.bylines), jumps=(*into.jumps, *story.jumps))


def chain_bodies(edges: EdgeSet, cues: Cues, min_weight: float) -> tuple[list[list[int]], list[Decision]]:
    """Greedy path cover: every body-like fragment in exactly one chain."""
    count = len(cues.roles)
    successor: dict[int, int] = {}
    predecessor: dict[int, int] = {}
    root = list(range(count))  # union-find over fragments: no cycles
    find = partial(find_root, root)
    chosen_row: dict[int, int] = {}
    ranking = np.lexsort((edges.target, edges.source, -edges.weight))
    weights, sources, targets = edges.weight.tolist(), edges.source.tolist(), edges.target.tolist()  # no numpy scalars
    for row in ranking.tolist():
        if weights[row] <= min_weight:
            break
        a, b = sources[row], targets[row]
        if a in successor or b in predecessor or find(a) == find(b):
            continue
        successor[a], predecessor[b] = b, a
        root[find(b)] = find(a)
        chosen_row[a] = row
    chains = [_follow(start, successor) for start in range(count)
              if cues.roles[start] in BODY_ROLES and start not in predecessor]
    return chains, _decisions(edges, cues, chosen_row)


FULL_LINES = 3  # lines at a fragment's measure that show it is set to one ...
FULL_SHARE = 0.9  # ... a line at its measure reaching this share of its widest line
DOUBTED_LINK = -0.5  # a chain link weighing under this was taken for want of a better one


def cut_across_measures(chains: list[list[int]], fragments: tuple[Fragment, ...],
                        links: dict[tuple[int, int], float]) -> list[list[int]]:
    """Cut each chain where a doubted link joins two fragments set to clearly different
    measures: a story's column does not go on in type set across the page (an
    advertisement under the news, a notice in full measure), nor the reverse. Both sides
    must show their measure in FULL_LINES full lines; a short verse or a signature line
    shows none.

    >>> from broadsheet.page import Line
    >>> line = lambda n, width: Line(n, 0, "x" * width, 0, width, 0)
    >>> column = Fragment(0, 0, tuple(line(n, 30) for n in range(4)))
    >>> across = Fragment(1, 0, tuple(line(n, 90) for n in range(4, 8)))
    >>> cut_across_measures([[0, 1]], (column, across), {(0, 1): -1.0})
    [[0], [1]]
    >>> cut_across_measures([[0, 1]], (column, across), {(0, 1): 1.0})
    [[0, 1]]
    """
    out: list[list[int]] = []
    for chain in chains:
        out.append([chain[0]])
        for a, b in pairwise(chain):
            if links.get((a, b), 0.0) < DOUBTED_LINK and _measures_differ(fragments[a], fragments[b]):
                out.append([])
            out[-1].append(b)
    return out


def _measures_differ(upper: Fragment, lower: Fragment) -> bool:
    # the widest line, and how many come near it: a ragged column's commonest width
    # (`run_measure`) may be any of several, while its full lines all near one measure
    measures = []
    for fragment in (upper, lower):
        widest = max(line.width for line in fragment.lines)
        if sum(line.width >= FULL_SHARE * widest for line in fragment.lines) < FULL_LINES:
            return False
        measures.append(widest)
    return max(measures) >= MEASURE_JUMP * min(measures)


COLUMN_TOP_FLOOR = -3.5  # a -layout column's top may take a doubted link heavier than this


def join_column_tops(chains: list[list[int]], fragments: tuple[Fragment, ...], continues: EdgeSet,
                     links: dict[tuple[int, int], float], runs_on_to: Callable[[str, str], bool]) -> list[list[int]]:
    """On a -layout page, a chain that stops mid-sentence goes on at the top of a column
    (`runs_on_to(last line, top line)`, the script's: a CJK line stopping on no 。！？; a
    Latin one stopping on no stop under a top that opens in a small letter):
    join it to the chain that starts its column stream higher up the page. The path
    cover's greedy step again (`chain_bodies`), on chain ends and column tops only, down to
    COLUMN_TOP_FLOOR. The cover leaves these links out because stream order puts the
    column's other stories between them. Joined links go into `links` with their weights.
    """
    first_of_stream = stream_tops(fragments)
    successor = {a: b for chain in chains for a, b in pairwise(chain)}
    predecessor = {b: a for a, b in successor.items()}
    chain_of = {member: n for n, chain in enumerate(chains) for member in chain}
    root = list(range(len(chains)))  # union-find over chain numbers: no cycles
    find = partial(find_root, root)
    ranking = np.lexsort((continues.target, continues.source, -continues.weight))
    weights, sources, targets = continues.weight.tolist(), continues.source.tolist(), continues.target.tolist()
    for row in ranking.tolist():
        if weights[row] <= COLUMN_TOP_FLOOR:
            break
        a, b = sources[row], targets[row]
        if a not in chain_of or b not in chain_of or a in successor or b in predecessor:
            continue  # only a chain's end to a chain's start
        upper, lower = fragments[b], fragments[a]
        if first_of_stream[upper.first.column] != b or find(chain_of[a]) == find(chain_of[b]):
            continue  # not its column's top, or a cycle
        if not goes_on_at_top(lower, upper, runs_on_to):
            continue  # a column's top stands higher on the same page; a sentence's end ends the story
        successor[a], predecessor[b] = b, a
        root[find(chain_of[b])] = find(chain_of[a])
        links[(a, b)] = weights[row]
    return [_follow(chain[0], successor) for chain in chains if chain[0] not in predecessor]


def chosen_links(decisions: list[Decision]) -> dict[tuple[int, int], float]:
    """(fragment, its successor) → the weight of the edge that joined them, for every link chosen."""
    links = {}
    for decision in decisions:
        if decision.chosen_row >= 0 and decision.edges is not None:
            edges, row = decision.edges, decision.chosen_row
            links[(decision.fragment, int(edges.target[row]))] = float(edges.weight[row])
    return links


def _follow(start: int, successor: dict[int, int]) -> list[int]:
    chain = [start]
    while chain[-1] in successor:
        chain.append(successor[chain[-1]])
    return chain


def _decisions(edges: EdgeSet, cues: Cues, chosen_row: dict[int, int]) -> list[Decision]:
    """For each fragment, the edge it took and the best one it did not."""
    best, second = _best_two(edges)
    decisions = []
    for fragment, role in enumerate(cues.roles):
        taken = chosen_row.get(fragment, -1)
        top = best.get(fragment, -1)
        decisions.append(Decision(fragment, role, edges, taken, top if top != taken else second.get(fragment, -1)))
    return decisions


def _best_two(edges: EdgeSet) -> tuple[dict[int, int], dict[int, int]]:
    """Each source fragment's best edge row, and its second best where it has one (by
    weight, the first of equals)."""
    by_weight = np.argsort(-edges.weight, kind="stable")
    order = by_weight[np.argsort(edges.source[by_weight], kind="stable")]  # by source, best first
    sources = edges.source[order]
    first = np.flatnonzero(np.r_[True, sources[1:] != sources[:-1]]) if len(order) else order
    twice = first[np.diff(np.r_[first, len(order)]) >= 2]  # sources with two edges or more
    best = dict(zip(sources[first].tolist(), order[first].tolist(), strict=True))
    return best, dict(zip(sources[twice].tolist(), order[twice + 1].tolist(), strict=True))


def byline_units(cues: Cues, fragments: tuple[Fragment, ...], opening: re.Pattern[str]) -> list[Unit]:
    """Adjacent byline fragments (a byline that wrapped) as one unit each, but a fragment
    that is a byline whole, lead and all (`opening`, the script's BYLINE: □本报记者 杨慧敏,
    By GEORGE), opens a unit of its own: two articles' bylines printed one under the other
    (□本报记者 陈立新 / □本报记者 杨慧敏) are two, where a wrapped byline's next line has
    no lead (By GEORGE / HARCOURT and LUCY)."""
    units: list[Unit] = []
    for run in title_runs(cues.roles, "byline"):
        unit = [run[0]]
        for index in run[1:]:
            if opening.match(fragments[index].text.strip()):
                units.append(tuple(unit))
                unit = []
            unit.append(index)
        units.append(tuple(unit))
    return units


def _body_wide(head: list[int], body: tuple[int, ...], fragments: tuple[Fragment, ...]) -> bool:
    """A single line as wide as the first body fragment's full lines (within a CJK
    character): set in the body's type and measure."""
    if len(head) != 1 or len(fragments[head[0]].lines) != 1:
        return False
    measure = run_measure(list(fragments[body[0]].lines))
    return fragments[head[0]].first.width >= measure - 2


def _runs_into(previous: Story, story: Story, fragments: tuple[Fragment, ...]) -> bool:
    """A run-in head continues the story above it on its page, unless that story jumped away."""
    if not previous.body or (previous.jumps and max(previous.jumps) > max(previous.body)):
        return False
    return fragments[previous.body[-1]].page == fragments[min(story.fragments)].page
