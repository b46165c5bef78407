"""Sections: body chains and headline-like runs in, section headings found inside articles out.

A short title standing between two pieces of body text of one column, where the text
above ends a paragraph and the text below is about the same things, is a section heading
of that article, not the headline of a new one:

    …为重庆稳步推进国际消费中心城市建设带来新动能。   ← chain A ends a paragraph
    打造消费新场景、新业态和新模式                  ← section, not a headline
    6月中旬，家住江北区南桥寺的市民刘女士…          ← chain B starts, same width, same topic

Such runs are relabelled `section` and the two chains joined through them. A byline
beside the run, a run of many titles, a width change or unrelated vocabulary keep it a
headline, and so does a run holding a title set in capitals (`titles.in_capitals`: a
headline's setting, not a crosshead's; lines in small letters under it are its decks), and
so does a source named over a dateline (`names_a_source`: Le Nord. / Paris, 3 décembre.).
Where the script sets section heads in one parallel shape (`heading_shape`: 精心部署
上下联动, 创新方式 紧扣主题), the title right above an article's first
paragraph that has the shape of two or more of its section heads is its first section
head, not a deck. A heading introduces text: section heads that end a chain are titles
(a kicker or deck printed after its article's text). Limits: a new article of the same
width and topic with no byline reads as a section of the one above.
"""

from __future__ import annotations

from collections import Counter
from types import ModuleType

import numpy as np

from broadsheet.cues import cosine, rarity
from broadsheet.fragments import run_measure
from broadsheet.lang import rules_for
from broadsheet.page import Fragment, Role
from broadsheet.titles import in_capitals, title_runs

SECTION_SCORE = 0.6  # promote a run scoring at least this: same column and width, and some shared words
MAX_SECTION_LINES = 3  # a longer title run is a headline with its decks
MIN_SECTION_TEXT = 60  # characters of body text a section must have below its heading


def promote_sections(fragments: tuple[Fragment, ...], roles: list[Role], chains: list[list[int]],
                     words: list[Counter[str]], script: str, *, features: np.ndarray, measure: float | None,
                     weights: dict[str, float] | None = None) -> list[list[int]]:
    """Relabel in `roles` the title runs inside an article's flow; return the joined chains.

    `features`: the fragments' cue rows (cues.FRAGMENT_FEATURES). `measure`: the page's
    body measure, None where line widths show no column measure (a dump set a paragraph
    a line, where the width test is left out). `weights`: cues.rarity(words), when the
    caller has it (else made at the first run that gets far enough to need it).
    """
    rules = rules_for(script)
    start_of = {chain[0]: n for n, chain in enumerate(chains)}
    end_of = {chain[-1]: n for n, chain in enumerate(chains)}
    for run in title_runs(roles):
        before, after = run[0] - 1, run[-1] + 1
        # a paragraph a line shows no widths: only a lone line between two texts may be a crosshead there
        if before not in end_of or after not in start_of or len(run) > (MAX_SECTION_LINES if measure else 1):
            continue
        upper, lower = end_of[before], start_of[after]
        if fragments[before].page != fragments[after].page:
            continue  # across a form feed only jump lines join stories
        if upper == lower or not rules.ends_sentence(fragments[before].last.text):
            continue
        if any(in_capitals((index,), features) for index in run):
            continue  # a title in capitals is a headline (the lines after it in small letters, its decks)
        if rules.names_a_source(fragments[run[-1]].text, fragments[after].text):
            continue  # the news a paper reprints, headed by its source (Le Nord. / Paris, 3 décembre.)
        if sum(len(fragments[i].text) for i in chains[lower]) < MIN_SECTION_TEXT:
            continue  # a line or two under a title is its deck or a lede, not a section's text
        weights = weights if weights is not None else rarity(words)
        score = _section_score(fragments, before, after, chains[upper], chains[lower], words=words, rarity=weights,
                               measure=measure, rules=rules)
        if score < SECTION_SCORE:
            continue
        for index in run:
            roles[index] = "section"
        chains[upper] = chains[upper] + run + chains[lower]
        chains[lower] = []
        start_of = {chain[0]: n for n, chain in enumerate(chains) if chain}
        end_of = {chain[-1]: n for n, chain in enumerate(chains) if chain}
    chains = [_drop_closing_heads(roles, chain) for chain in chains]
    return [_first_section(fragments, roles, chain, rules) for chain in chains if chain]


def _drop_closing_heads(roles: list[Role], chain: list[int]) -> list[int]:
    """A heading introduces the text below it: section heads that end a chain are titles
    (a deck or kicker printed after its article's text), relabelled headline."""
    end = len(chain)
    while end and roles[chain[end - 1]] == "section":
        end -= 1
        roles[chain[end]] = "headline"
    return chain[:end]


def _first_section(fragments: tuple[Fragment, ...], roles: list[Role], chain: list[int],
                   rules: ModuleType) -> list[int]:
    """Prepend the title right above the chain when it has the shape of the chain's section heads.

    The title must end a run of two or more, so that its run keeps a headline.
    """
    head = chain[0] - 1
    if head < 1 or roles[head] != "headline" or roles[head - 1] != "headline":
        return chain
    shape = rules.heading_shape(fragments[head].text)
    if shape is None or fragments[head].page != fragments[chain[0]].page:
        return chain
    alike = sum(roles[i] == "section" and rules.heading_shape(fragments[i].text) == shape for i in chain)
    if alike < 2:
        return chain
    roles[head] = "section"
    return [head, *chain]


def _measure(fragment: Fragment, page_measure: float, rules: ModuleType) -> float:
    """A fragment's column measure; a fragment too short to show one (its widest line may
    be one that CJK punctuation squeezed more into) takes the page's when that is near."""
    lines = list(fragment.lines)
    own = run_measure(lines)
    if len(lines) < MEASURED_LINES and abs(own - page_measure) <= rules.MEASURE_SLACK:
        return page_measure
    return own


MEASURED_LINES = 5  # run_measure finds the commonest full width in this many lines


def _weighted(bag: Counter[str], rarity: dict[str, float]) -> Counter[str]:
    return Counter({unit: count * rarity.get(unit, 0.0) for unit, count in bag.items()})


def _section_score(fragments: tuple[Fragment, ...], before: int, after: int, upper: list[int], lower: list[int],
                   *, words: list[Counter[str]], rarity: dict[str, float], measure: float | None,
                   rules: ModuleType) -> float:
    """Same column width, same column stream and shared vocabulary on both sides."""
    if measure is None:
        same_width = True
    else:
        width_above = _measure(fragments[before], measure, rules)
        width_below = _measure(fragments[after], measure, rules)
        same_width = abs(width_above - width_below) <= max(0.1 * max(width_above, width_below), rules.MEASURE_SLACK)
    same_column = fragments[before].first.column == fragments[after].first.column
    above, below = Counter[str](), Counter[str]()
    for index in upper[-3:]:
        above.update(words[index])
    for index in lower[:3]:
        below.update(words[index])
    shared = cosine(_weighted(above, rarity), _weighted(below, rarity))
    return 1.0 * same_width + 0.5 * same_column + 4.0 * shared - 1.0
