"""Explain: a page in, the evidence behind each decision about each fragment out.

For every fragment: its role and how sure the role model was, the successor the solver
chose with its weight, and the best rival it passed over with that rival's weight —
the numbers `broadsheet reflow --explain` prints and the notebooks tabulate:

    12 body      0.97  "国庆假期，祖国各地红…"  → 13 (+4.1)  rival → 27 (+0.8)
"""

from __future__ import annotations

from dataclasses import dataclass

from broadsheet.page import Edge, Page


@dataclass(frozen=True, slots=True)
class Evidence:
    """What was decided about one fragment and why."""

    fragment: int
    role: str
    confidence: float
    article: int  # 1-based article number, 0 for furniture
    text: str
    chosen: Edge | None
    runner_up: Edge | None


def page_evidence(page: Page) -> tuple[Evidence, ...]:
    """One record per fragment, in dump order."""
    article_of = {i: article.number for article in page.articles for i in article.fragments}
    decisions = {decision.fragment: decision for decision in page.order.decisions}
    out = []
    for fragment in page.fragments:
        decision = decisions.get(fragment.id)
        out.append(Evidence(
            fragment.id,
            page.cues.roles[fragment.id],
            page.cues.confidence[fragment.id],
            article_of.get(fragment.id, 0),
            fragment.text,
            decision.chosen if decision else None,
            decision.runner_up if decision else None,
        ))
    return tuple(out)


def evidence_lines(page: Page, width: int = 24) -> list[str]:
    """The evidence as aligned text lines."""
    lines = []
    for item in page_evidence(page):
        text = " ".join(item.text.split())
        snippet = text[:width] + ("…" if len(text) > width else "")
        chosen = f"→ {item.chosen.target} ({item.chosen.weight:+.1f})" if item.chosen else "→ end"
        rival = f"rival → {item.runner_up.target} ({item.runner_up.weight:+.1f})" if item.runner_up else ""
        where = f"a{item.article}" if item.article else "furniture"
        lines.append(f"{item.fragment:4d} {item.role:9s} {item.confidence:4.2f} {where:9s} {snippet!r} "
                     f"{chosen} {rival}")
    return lines
