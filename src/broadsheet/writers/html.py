"""HTML: a page summed up for a notebook cell, and the fragment graph as a small SVG.

`page_to_html` is what `Page._repr_html_` shows: the counts, each article's headline,
kickers, decks, bylines and opening paragraphs, the furniture, the graph, and a folded
table of the fragments (id, line, text start, width, role, confidence, article).
`graph_to_svg` draws the graph as an arc diagram, needing nothing but the standard library:

     ╭────────╮          one dot a fragment, in dump order, filled with its role colour;
     │  ╭──╮  │          an arc above a forward edge, below a backward one;
    ─●──●──●──●──●─      darker and thicker the more the model believed it, black when chosen
        ╰─────╯

Every text from the dump is escaped. Limits: candidates under `ARC_FLOOR` are left out, and
past `MAX_ARCS` all but the strongest.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from html import escape

from broadsheet.page import Article, Cues, Fragment, FragmentGraph, Page
from broadsheet.writers.graph import ROLE_COLOURS

MAX_ARCS = 3000  # strongest edges drawn in one SVG; a notebook slows past a few thousand paths
ARC_FLOOR = -3.0  # log-odds (about 5 %) under which a candidate is left out of the SVG: it would only grey it
SNIPPET = 24  # characters of a fragment shown in the table
OPENING = 120  # characters of an article's opening paragraphs shown
STYLE = (
    "<style>.broadsheet table{border-collapse:collapse;font-size:12px}"
    ".broadsheet td,.broadsheet th{padding:1px 6px;text-align:left;vertical-align:top}"
    ".broadsheet .num{text-align:right;font-variant-numeric:tabular-nums}</style>"
)


def page_to_html(page: Page, paragraphs: int = 1) -> str:
    """The page as one self-contained HTML block: counts, articles, furniture, graph, fragments."""
    dump = page.dump
    summary = (f"<p><b>{len(page.articles)} articles</b> from {len(page.fragments)} fragments, "
               f"{sum(len(e) for e in page.graph.edges)} candidate edges · {escape(dump.style)} dump, "
               f"{escape(dump.script)} ({escape(dump.lang)}), {dump.pages} page{'s' if dump.pages != 1 else ''}</p>")
    articles = "".join(article_to_html(article, paragraphs) for article in page.articles)
    furniture = "; ".join(_clip(item.text, SNIPPET) for item in page.furniture)
    article_of = {i: article.number for article in page.articles for i in article.fragments}
    parts = [STYLE, "<div class='broadsheet'>", summary, f"<ol>{articles}</ol>"]
    parts += [f"<p><i>furniture</i> ({len(page.furniture)}): {furniture}</p>" if page.furniture else ""]
    parts += [f"<details><summary>graph</summary>{graph_to_svg(page.graph, page_roles(page), chosen_pairs(page))}"
              "</details>"]
    parts += [f"<details><summary>{len(page.fragments)} fragments</summary>"
              f"{fragments_to_html(page.fragments, page.cues, article_of, page_roles(page))}</details>", "</div>"]
    return "".join(parts)


def article_to_html(article: Article, paragraphs: int = 1) -> str:
    """One list item: kickers, headline, decks, bylines, then the opening paragraphs clipped."""
    kickers = "".join(f"<small>{escape(text)}</small><br>" for text in article.kickers)
    headline = f"<b>{escape(article.headline)}</b>" if article.headline else "<i>(no headline)</i>"
    decks = "".join(f"<br><i>{escape(text)}</i>" for text in article.subtitles)
    bylines = "".join(f"<br><small>{escape(byline.text)}</small>" for byline in article.bylines)
    opening = "".join(f"<br>{_clip(p.text, OPENING)}" for p in article.paragraphs[:paragraphs])
    counts = (f" <small>({len(article.paragraphs)} paragraphs, {len(article.captions)} captions, "
              f"{len(article.fragments)} fragments)</small>")
    return f"<li value='{article.number}'>{kickers}{headline}{counts}{decks}{bylines}{opening}</li>"


def fragments_to_html(
    fragments: Sequence[Fragment], cues: Cues, article_of: dict[int, int] | None = None, roles: Sequence[str] = ()
) -> str:
    """A table: id, first line, text start, width, lines, role (`roles`, else as cued), confidence, article."""
    roles = roles or cues.roles
    head = "".join(f"<th>{name}</th>" for name in ("id", "line", "text", "width", "lines", "role", "conf", "article"))
    rows = [f"<tr>{head}</tr>"]
    for fragment in fragments:
        role = roles[fragment.id] if fragment.id < len(roles) else ""
        confidence = f"{cues.confidence[fragment.id]:.2f}" if fragment.id < len(cues.confidence) else ""
        article = (article_of or {}).get(fragment.id, 0)
        cells = [
            f"<td class='num'>{fragment.id}</td><td class='num'>{fragment.first.number}</td>",
            f"<td>{_clip(fragment.text, SNIPPET)}</td>",
            f"<td class='num'>{max(line.width for line in fragment.lines)}</td>",
            f"<td class='num'>{len(fragment.lines)}</td>",
            f"<td style='background:{ROLE_COLOURS.get(role, '#ffffff')}'>{escape(role)}</td>",
            f"<td class='num'>{confidence}</td><td class='num'>{article or ''}</td>",
        ]
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table>{''.join(rows)}</table>"


def page_roles(page: Page) -> tuple[str, ...]:
    """Each fragment's role as solved (a headline read inside an article's flow is a section), else as cued."""
    solved: tuple[str, ...] = getattr(page.order, "roles", ())
    return solved if len(solved) == len(page.fragments) else page.cues.roles


def chosen_pairs(page: Page) -> frozenset[tuple[int, int]]:
    """(source, target) of every edge the solver took."""
    return frozenset((d.chosen.source, d.chosen.target) for d in page.order.decisions if d.chosen is not None)


def graph_to_svg(
    graph: FragmentGraph, roles: Sequence[str] = (), chosen: Collection[tuple[int, int]] = frozenset()
) -> str:
    """An arc diagram of the graph: fragments along a line in dump order, edges as arcs."""
    step = max(2.0, min(12.0, 880 / max(graph.nodes, 1)))
    arcs = _strongest(graph, chosen)
    reach = max((abs(t - s) * step / 2 for s, t, _ in arcs), default=step)
    height, middle = min(2 * reach, 600) + 20, min(reach, 300) + 10
    width = graph.nodes * step + 20
    paths = [_arc(edge, edge[:2] in chosen, step, middle) for edge in arcs]
    dots = [f"<circle cx='{10 + i * step:.1f}' cy='{middle:.1f}' r='{max(1.0, step / 3):.1f}' "
            f"fill='{ROLE_COLOURS.get(roles[i] if i < len(roles) else '', '#ffffff')}' stroke='#546e7a' "
            f"stroke-width='0.5'><title>{i} {escape(roles[i] if i < len(roles) else '')}</title></circle>"
            for i in range(graph.nodes)]
    return (f"<svg xmlns='http://www.w3.org/2000/svg' width='{width:.0f}' height='{height:.0f}' "
            f"viewBox='0 0 {width:.0f} {height:.0f}'>{''.join(paths)}{''.join(dots)}</svg>")


def _strongest(graph: FragmentGraph, chosen: Collection[tuple[int, int]]) -> list[tuple[int, int, float]]:
    """The edges worth drawing as (source, target, weight): the chosen and the strongest, weakest first."""
    edges = [(int(s), int(t), float(w)) for e in graph.edges
             for s, t, w in zip(e.source, e.target, e.weight, strict=True) if w > ARC_FLOOR or (s, t) in chosen]
    edges.sort(key=lambda edge: ((edge[0], edge[1]) not in chosen, -edge[2], edge[0], edge[1]))
    return sorted(edges[:MAX_ARCS], key=lambda edge: ((edge[0], edge[1]) in chosen, edge[2], edge[0], edge[1]))


def _arc(edge: tuple[int, int, float], taken: bool, step: float, middle: float) -> str:
    """A half-ellipse from source to target: above when it reads forward, below when backward."""
    source, target, weight = edge
    x1, x2 = 10 + source * step, 10 + target * step
    radius = abs(x2 - x1) / 2
    belief = 1 / (1 + math.exp(-weight))
    colour, thickness = ("#000000", 1.4) if taken else ("#607d8b", 0.3 + 0.7 * belief)
    opacity = 0.9 if taken else 0.08 + 0.4 * belief
    return (f"<path d='M{x1:.1f},{middle:.1f} A{radius:.1f},{min(radius, middle - 4):.1f} 0 0 1 "
            f"{x2:.1f},{middle:.1f}' fill='none' stroke='{colour}' stroke-width='{thickness:.2f}' "
            f"stroke-opacity='{opacity:.2f}'><title>{source} → {target} {weight:+.2f}</title></path>")


def _clip(text: str, limit: int) -> str:
    """The text on one line, cut at `limit` characters with an ellipsis, escaped."""
    flat = " ".join(text.split())
    return escape(flat[:limit] + ("…" if len(flat) > limit else ""))
